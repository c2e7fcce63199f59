//! Pipe lengths: an explicit `[[pipe]] length_km`, else the shortest path
//! along `[[corridor]]` segments (a node joins the corridor network at its
//! nearest junction, plus the straight distance to it), else the straight
//! line between the two ends times `route_factor`.

use crate::model::{Corridor, DemandId, Design, Model, SupplyId};
use petgraph::graph::{NodeIndex, UnGraph};

/// Locations of every node and the junction-to-junction distances.
#[derive(Debug, Clone)]
pub(crate) struct Geometry {
    supply_loc: Vec<Option<[f64; 2]>>,
    demand_loc: Vec<Option<[f64; 2]>>,
    route_factor: f64,
    /// Row-major junction x junction shortest corridor distance, km
    /// (`INFINITY` between unconnected junctions); empty without corridors.
    junction_km: Vec<f64>,
    junctions: Vec<[f64; 2]>,
}

/// Straight distance, km.
pub(crate) fn distance(a: [f64; 2], b: [f64; 2]) -> f64 {
    ((a[0] - b[0]).powi(2) + (a[1] - b[1]).powi(2)).sqrt()
}

impl Geometry {
    /// Locations and corridor distances of a model's design.
    pub(crate) fn new(model: &Model, design: &Design) -> Geometry {
        let supply_loc = (0..model.num_supplies() as u32)
            .map(|u| model.supply_location(SupplyId(u)))
            .collect();
        let demand_loc = (0..model.num_demands() as u32)
            .map(|v| model.demand_location(DemandId(v)))
            .collect();
        let junctions: Vec<[f64; 2]> = design.junctions.iter().map(|j| j.location).collect();
        let junction_km = if design.corridors.is_empty() {
            Vec::new()
        } else {
            shortest_paths(junctions.len(), &design.corridors)
        };
        Geometry {
            supply_loc,
            demand_loc,
            route_factor: design.route_factor,
            junction_km,
            junctions,
        }
    }

    /// Location of a supply, km.
    pub(crate) fn supply_location(&self, u: SupplyId) -> Option<[f64; 2]> {
        self.supply_loc[u.0 as usize]
    }

    /// Location of a demand, km.
    pub(crate) fn demand_location(&self, v: DemandId) -> Option<[f64; 2]> {
        self.demand_loc[v.0 as usize]
    }

    /// Route length of a pipe u -> v, km; `None` when an end has no location.
    pub(crate) fn length(&self, u: SupplyId, v: DemandId) -> Option<f64> {
        let a = self.supply_location(u)?;
        let b = self.demand_location(v)?;
        if self.junction_km.is_empty() {
            return Some(distance(a, b) * self.route_factor);
        }
        let (ja, da) = self.nearest_junction(a);
        let (jb, db) = self.nearest_junction(b);
        Some(da + self.junction_km[ja * self.junctions.len() + jb] + db)
    }

    /// The junction nearest to a point (the first on ties) and its distance.
    fn nearest_junction(&self, p: [f64; 2]) -> (usize, f64) {
        self.junctions
            .iter()
            .enumerate()
            .map(|(j, &q)| (j, distance(p, q)))
            .fold(
                (0, f64::INFINITY),
                |best, x| if x.1 < best.1 { x } else { best },
            )
    }
}

/// All-pairs shortest corridor distances (Dijkstra from every junction).
fn shortest_paths(n: usize, corridors: &[Corridor]) -> Vec<f64> {
    let graph = corridor_graph(n, corridors);
    let mut km = vec![f64::INFINITY; n * n];
    for j in 0..n {
        let reached = petgraph::algo::dijkstra(&graph, NodeIndex::new(j), None, |e| *e.weight());
        for (node, d) in reached {
            km[j * n + node.index()] = d;
        }
    }
    km
}

fn corridor_graph(n: usize, corridors: &[Corridor]) -> UnGraph<(), f64> {
    let mut graph = UnGraph::<(), f64>::with_capacity(n, corridors.len());
    for _ in 0..n {
        graph.add_node(());
    }
    for c in corridors {
        graph.add_edge(NodeIndex::new(c.from), NodeIndex::new(c.to), c.length_km);
    }
    graph
}

/// Junctions outside the largest connected part of the corridor network
/// (no route reaches them from the rest), in index order.
pub(crate) fn unreachable_junctions(n: usize, corridors: &[Corridor]) -> Vec<usize> {
    if n == 0 {
        return Vec::new();
    }
    let graph = corridor_graph(n, corridors);
    let mut sets = petgraph::unionfind::UnionFind::<usize>::new(n);
    for e in graph.edge_indices() {
        let (a, b) = graph.edge_endpoints(e).expect("edge of this graph");
        sets.union(a.index(), b.index());
    }
    let labels = sets.into_labeling();
    let mut size = vec![0usize; n];
    for &l in &labels {
        size[l] += 1;
    }
    let main = (0..n)
        .max_by_key(|&l| (size[l], std::cmp::Reverse(l)))
        .unwrap_or(0);
    (0..n).filter(|&j| labels[j] != main).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn corridors_give_the_shortest_path_and_isolated_junctions_are_found() {
        // A square 0-1-2-3 with a diagonal shortcut 0-2 of 1.0 km.
        let c = |from, to, length_km| Corridor {
            from,
            to,
            length_km,
        };
        let corridors = [c(0, 1, 2.0), c(1, 2, 2.0), c(2, 3, 2.0), c(0, 2, 1.0)];
        let km = shortest_paths(5, &corridors);
        assert_eq!(km[2], 1.0, "0-2 by the shortcut");
        assert_eq!(km[5 + 3], 4.0, "1-2-3 (4 km) beats 1-0-2-3 (5 km)");
        assert_eq!(km[5], 2.0, "1-0");
        assert!(km[4 * 5].is_infinite());
        assert_eq!(unreachable_junctions(5, &corridors), vec![4]);
    }
}
