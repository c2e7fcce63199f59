//! The solved network as a petgraph graph, and as Graphviz DOT.
//!
//! Nodes are scenario ids (a treatment is one node: inlet and product);
//! edges carry the reported flows, treatment rejects included.

use super::Report;
use petgraph::dot::{Config, Dot};
use petgraph::graph::{DiGraph, NodeIndex};
use std::collections::HashMap;

impl Report {
    /// A directed graph of every positive flow and reject.
    pub(crate) fn flow_graph(&self) -> DiGraph<String, f64> {
        let mut g = DiGraph::new();
        let mut index: HashMap<&str, NodeIndex> = HashMap::new();
        for f in self.flows.iter().chain(&self.rejects) {
            let a = *index
                .entry(&f.from)
                .or_insert_with(|| g.add_node(f.from.clone()));
            let b = *index
                .entry(&f.to)
                .or_insert_with(|| g.add_node(f.to.clone()));
            g.add_edge(a, b, f.flow);
        }
        g
    }

    /// The solved network in Graphviz DOT, edges labelled with flows.
    pub fn to_dot(&self) -> String {
        let g = self
            .flow_graph()
            .map(|_, n| n.clone(), |_, &f| format!("{f:.3}"));
        format!("{}", Dot::with_config(&g, &[Config::GraphContentOnly]))
            .lines()
            .fold(
                String::from("digraph parkwater {\n    rankdir=LR;\n"),
                |mut s, l| {
                    s.push_str(l);
                    s.push('\n');
                    s
                },
            )
            + "}\n"
    }
}
