//! The water accounts the tables need, recomputed from the result's flows
//! and the park's fixed data: what each enterprise takes, reuses and
//! discharges, what reaches each outfall (flow, mass, concentration) and how
//! full each treatment unit runs. Nothing here re-solves anything; every
//! figure follows from `flows`, `rejects` and the scenario.

use crate::park::{NodeKind, Park};
use serde_json::Value;
use std::collections::BTreeMap;

/// One arc of the result.
#[derive(Debug, Clone, PartialEq)]
pub struct Arc {
    /// Supply id.
    pub from: String,
    /// Demand id.
    pub to: String,
    /// Flow, flow unit.
    pub flow: f64,
    /// A treatment reject (variable concentration).
    pub reject: bool,
}

/// The result's `flows` then `rejects`.
pub fn arcs(result: &Value) -> Vec<Arc> {
    let read = |key: &str, reject: bool| -> Vec<Arc> {
        result[key]
            .as_array()
            .map(|list| {
                list.iter()
                    .filter_map(|f| {
                        Some(Arc {
                            from: f["from"].as_str()?.to_string(),
                            to: f["to"].as_str()?.to_string(),
                            flow: f["flow"].as_f64()?,
                            reject,
                        })
                    })
                    .collect()
            })
            .unwrap_or_default()
    };
    let mut all = read("flows", false);
    all.extend(read("rejects", true));
    all
}

/// Per-node totals and masses.
#[derive(Debug, Default)]
pub struct Accounts {
    /// Inflow per node id, flow unit.
    pub inflow: BTreeMap<String, f64>,
    /// Outflow per node id (rejects included), flow unit.
    pub outflow: BTreeMap<String, f64>,
    /// Mass into each node, kg/h per contaminant (index of `Park::contaminants`).
    pub mass_in: BTreeMap<String, Vec<f64>>,
    /// Product of each treatment that went to sinks, flow unit.
    pub product_to_sinks: BTreeMap<String, f64>,
}

impl Accounts {
    /// Accounts of `arcs` on `park`; a reject carries the unit's inlet mass
    /// less what its product carries at the fixed outlet concentration.
    pub fn new(park: &Park, arcs: &[Arc]) -> Accounts {
        let idx = park.index();
        let nc = park.contaminants.len();
        let mut a = Accounts::default();
        let conc = |id: &str| -> Vec<f64> {
            idx.get(id)
                .map(|n| {
                    park.contaminants
                        .iter()
                        .map(|c| n.conc.get(c).copied().unwrap_or(0.0))
                        .collect()
                })
                .unwrap_or_else(|| vec![0.0; nc])
        };
        // Arcs into treatments first: a reject's mass needs its unit's inlet.
        for arc in arcs.iter().filter(|x| !x.reject) {
            *a.inflow.entry(arc.to.clone()).or_default() += arc.flow;
            *a.outflow.entry(arc.from.clone()).or_default() += arc.flow;
            let c = conc(&arc.from);
            let m = a.mass_in.entry(arc.to.clone()).or_insert(vec![0.0; nc]);
            for k in 0..nc {
                m[k] += arc.flow * park.t_per_h * c[k] * 1e-3;
            }
            let is_treatment =
                idx.get(arc.from.as_str()).map(|n| n.kind) == Some(NodeKind::Treatment);
            let to_sink = idx.get(arc.to.as_str()).map(|n| n.kind) == Some(NodeKind::Sink);
            if is_treatment && to_sink {
                *a.product_to_sinks.entry(arc.from.clone()).or_default() += arc.flow;
            }
        }
        for arc in arcs.iter().filter(|x| x.reject) {
            *a.inflow.entry(arc.to.clone()).or_default() += arc.flow;
            *a.outflow.entry(arc.from.clone()).or_default() += arc.flow;
            let inlet = a.mass_in.get(&arc.from).cloned().unwrap_or(vec![0.0; nc]);
            let inflow = a.inflow.get(&arc.from).copied().unwrap_or(0.0);
            let (recovery, out) = match idx.get(arc.from.as_str()) {
                Some(n) => (n.recovery.unwrap_or(1.0), conc(&n.id)),
                None => (1.0, vec![0.0; nc]),
            };
            let m = a.mass_in.entry(arc.to.clone()).or_insert(vec![0.0; nc]);
            for k in 0..nc {
                let product = recovery * inflow * park.t_per_h * out[k] * 1e-3;
                m[k] += (inlet[k] - product).max(0.0);
            }
        }
        a
    }

    /// Inflow of a node (0 when none).
    pub fn inflow(&self, id: &str) -> f64 {
        self.inflow.get(id).copied().unwrap_or(0.0)
    }

    /// Outflow of a node (0 when none).
    pub fn outflow(&self, id: &str) -> f64 {
        self.outflow.get(id).copied().unwrap_or(0.0)
    }
}

/// What one enterprise takes, reuses and discharges.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct EnterpriseFlows {
    /// Intake water into its sinks and units.
    pub intake: f64,
    /// Reused or regenerated water into its sinks.
    pub reuse_in: f64,
    /// Its effluents sent to sinks or treatment units.
    pub reuse_out: f64,
    /// Its effluents sent straight to outfalls.
    pub discharge: f64,
    /// Intake price plus outfall fees of its own flows, CNY/yr.
    pub cost: f64,
}

/// Per-enterprise flows (`(park)` for nodes without an enterprise).
pub fn enterprise_flows(park: &Park, arcs: &[Arc]) -> BTreeMap<String, EnterpriseFlows> {
    let idx = park.index();
    let mut out: BTreeMap<String, EnterpriseFlows> = park
        .enterprises
        .iter()
        .map(|e| (e.id.clone(), EnterpriseFlows::default()))
        .collect();
    let hours = park.hours_per_year;
    for arc in arcs.iter().filter(|a| !a.reject) {
        let (Some(u), Some(v)) = (idx.get(arc.from.as_str()), idx.get(arc.to.as_str())) else {
            continue;
        };
        let owner_v = v.enterprise.clone().unwrap_or_else(|| "(park)".into());
        let owner_u = u.enterprise.clone().unwrap_or_else(|| "(park)".into());
        match (u.kind, v.kind) {
            (NodeKind::Intake, NodeKind::Sink | NodeKind::Treatment) => {
                let e = out.entry(owner_v).or_default();
                e.intake += arc.flow;
                e.cost += arc.flow * u.price * hours;
            }
            (NodeKind::Source | NodeKind::Treatment, NodeKind::Sink) => {
                out.entry(owner_v).or_default().reuse_in += arc.flow;
                if u.kind == NodeKind::Source {
                    out.entry(owner_u).or_default().reuse_out += arc.flow;
                }
            }
            (NodeKind::Source, NodeKind::Treatment) => {
                out.entry(owner_u).or_default().reuse_out += arc.flow;
            }
            (NodeKind::Source, NodeKind::Discharge) => {
                let e = out.entry(owner_u).or_default();
                e.discharge += arc.flow;
                e.cost += arc.flow * v.price * hours;
            }
            _ => {}
        }
    }
    out.retain(|k, e| k != "(park)" || *e != EnterpriseFlows::default());
    out
}

/// Share of the effluents that ends in a sink, directly or as a treatment
/// unit's product (split by the unit's product-to-sink share); `None` when
/// the park has no effluent.
pub fn wastewater_reuse_rate(park: &Park, arcs: &[Arc], acc: &Accounts) -> Option<f64> {
    let idx = park.index();
    let kind = |id: &str| idx.get(id).map(|n| n.kind);
    let mut effluent = 0.0;
    let mut reused = 0.0;
    for arc in arcs.iter().filter(|a| !a.reject) {
        if kind(&arc.from) != Some(NodeKind::Source) {
            continue;
        }
        effluent += arc.flow;
        match kind(&arc.to) {
            Some(NodeKind::Sink) => reused += arc.flow,
            Some(NodeKind::Treatment) => {
                let inflow = acc.inflow(&arc.to);
                if inflow > 0.0 {
                    let to_sinks = acc.product_to_sinks.get(&arc.to).copied().unwrap_or(0.0);
                    reused += arc.flow * to_sinks / inflow;
                }
            }
            _ => {}
        }
    }
    (effluent > 0.0).then(|| reused / effluent)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::park::Node;

    fn node(id: &str, kind: NodeKind, ent: Option<&str>, conc: f64) -> Node {
        Node {
            id: id.into(),
            kind,
            subkind: String::new(),
            enterprise: ent.map(str::to_string),
            location: None,
            conc: [("COD".to_string(), conc)].into(),
            max_conc: Default::default(),
            max_load: Default::default(),
            flow: None,
            max_flow: None,
            recovery: (kind == NodeKind::Treatment).then_some(0.75),
            price: 2.0,
        }
    }

    fn arc(from: &str, to: &str, flow: f64, reject: bool) -> Arc {
        Arc {
            from: from.into(),
            to: to.into(),
            flow,
            reject,
        }
    }

    /// S1 (100 mg/L) sends 40 t/h to RO (recovery 0.75, outlet 10): 30 t/h
    /// product to D1, 10 t/h reject to WW carrying 4 - 0.3 = 3.7 kg/h COD;
    /// S1 sends 10 t/h straight to WW (1 kg/h) and FW 20 t/h to D1.
    #[test]
    fn reject_mass_and_enterprise_flows_by_hand() {
        let park = Park {
            contaminants: vec!["COD".into()],
            t_per_h: 1.0,
            hours_per_year: 8000.0,
            enterprises: vec![crate::park::Enterprise {
                id: "E1".into(),
                ..Default::default()
            }],
            nodes: vec![
                node("FW", NodeKind::Intake, None, 0.0),
                node("S1", NodeKind::Source, Some("E1"), 100.0),
                node("D1", NodeKind::Sink, Some("E1"), 0.0),
                node("RO", NodeKind::Treatment, None, 10.0),
                node("WW", NodeKind::Discharge, None, 0.0),
            ],
            ..Default::default()
        };
        let arcs = vec![
            arc("FW", "D1", 20.0, false),
            arc("S1", "RO", 40.0, false),
            arc("S1", "WW", 10.0, false),
            arc("RO", "D1", 30.0, false),
            arc("RO", "WW", 10.0, true),
        ];
        let acc = Accounts::new(&park, &arcs);
        assert!((acc.mass_in["WW"][0] - (1.0 + 3.7)).abs() < 1e-12);
        assert_eq!(acc.inflow("WW"), 20.0);
        let e = &enterprise_flows(&park, &arcs)["E1"];
        assert_eq!(
            (e.intake, e.reuse_in, e.reuse_out, e.discharge),
            (20.0, 30.0, 40.0, 10.0)
        );
        assert_eq!(e.cost, (20.0 * 2.0 + 10.0 * 2.0) * 8000.0);
        // 40 t/h treated, its 30 t/h product to a sink, its reject out:
        // 30 of the 50 t/h of effluent end in a sink.
        let rate = wastewater_reuse_rate(&park, &arcs, &acc).unwrap();
        assert!((rate - 0.6).abs() < 1e-12);
    }
}
