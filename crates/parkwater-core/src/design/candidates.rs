//! Which arcs need a pipe (MODEL.md): every allowed arc except those from an
//! intake (the mains exist), into a discharge (sewers exist), between two
//! nodes of one enterprise, or covered by an existing `[[pipe]]`. Arcs longer
//! than `max_pipe_km` and pipes a `[[pipe]] build = false` forbids are
//! dropped; an arc that needs a pipe and has no length is reported. A pipe
//! that the data let carry less than `min_pipe_flow` (its tightest flow
//! bound, `bounds::arc_bounds`: both ends' capacities and the quality
//! share a dirty supply can fill) can never be built, and is dropped too.

use super::geometry::Geometry;
use crate::model::{DemandId, DemandRef, Design, Model, SupplyId, SupplyRef};
use crate::network::Network;
use serde::Serialize;
use wildmatch::WildMatch;

/// What an arc of the design network is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub(crate) enum ArcClass {
    /// Needs no pipe: from an intake, into a discharge, or within one enterprise.
    Free,
    /// Covered by an existing pipe.
    Existing,
    /// Needs a pipe to be built.
    Piped,
}

/// The arcs of a design and what they are.
#[derive(Debug, Clone)]
pub(crate) struct Candidates {
    /// Arcs kept (allowed by the LP's rules and not dropped by design rules).
    pub(crate) network: Network,
    /// Class of each kept arc.
    pub(crate) class: Vec<ArcClass>,
    /// Route length of each kept arc, km (0 where no length is known or needed).
    pub(crate) length_km: Vec<f64>,
    /// Capacity of each kept arc from `[[pipe]] max_flow`, t/h (`INFINITY` when none).
    pub(crate) max_flow: Vec<f64>,
    /// Whether a `[[pipe]] build = true` forces the pipe.
    pub(crate) forced: Vec<bool>,
    /// Why arcs were dropped.
    pub(crate) dropped: Dropped,
}

/// Counts of arcs that are not candidates, per rule.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub(crate) struct Dropped {
    /// Longer than `max_pipe_km`.
    pub(crate) too_long: usize,
    /// Forbidden by a `[[pipe]] build = false`.
    pub(crate) forbidden: usize,
    /// Pipes the data let carry less than `min_pipe_flow` (or nothing).
    pub(crate) below_min_flow: usize,
    /// Needing a pipe with no length (an end without location): invalid input.
    pub(crate) no_length: Vec<(SupplyId, DemandId)>,
}

/// `[[pipe]]` rules compiled to per-node masks.
struct PipeMasks {
    supplies: Vec<Vec<bool>>,
    demands: Vec<Vec<bool>>,
}

impl PipeMasks {
    fn new(model: &Model, design: &Design) -> PipeMasks {
        let (supplies, demands) = design
            .pipes
            .iter()
            .map(|p| {
                let from = WildMatch::new(&p.from);
                let to = WildMatch::new(&p.to);
                (
                    (0..model.num_supplies() as u32)
                        .map(|u| from.matches(model.supply_name(SupplyId(u))))
                        .collect(),
                    (0..model.num_demands() as u32)
                        .map(|v| to.matches(model.demand_name(DemandId(v))))
                        .collect(),
                )
            })
            .unzip();
        PipeMasks { supplies, demands }
    }

    /// Indices of the rules matching u -> v, in file order.
    fn matching(&self, u: SupplyId, v: DemandId) -> impl Iterator<Item = usize> + '_ {
        (0..self.supplies.len())
            .filter(move |&r| self.supplies[r][u.0 as usize] && self.demands[r][v.0 as usize])
    }
}

/// Owner of a supply: its enterprise, or a place of its own (`None`).
fn supply_owner(model: &Model, u: SupplyId) -> Option<usize> {
    match model.supply(u) {
        SupplyRef::Intake(_) => None,
        SupplyRef::Source(i) => model.sources[i].enterprise,
        SupplyRef::Treatment(t) => model.treatments[t].enterprise,
    }
}

fn demand_owner(model: &Model, v: DemandId) -> Option<usize> {
    match model.demand(v) {
        DemandRef::Sink(i) => model.sinks[i].enterprise,
        DemandRef::Treatment(t) => model.treatments[t].enterprise,
        DemandRef::Discharge(_) => None,
    }
}

/// Classifies every allowed arc of a model with a design.
pub(crate) fn candidates(model: &Model, design: &Design, geometry: &Geometry) -> Candidates {
    let all = Network::build(model);
    let masks = PipeMasks::new(model, design);
    let mut c = Candidates {
        network: Network::default(),
        class: Vec::new(),
        length_km: Vec::new(),
        max_flow: Vec::new(),
        forced: Vec::new(),
        dropped: Dropped::default(),
    };
    for a in 0..all.len() {
        let (u, v) = all.arc(a);
        let (mut existing, mut build, mut length, mut cap) = (false, None, None, f64::INFINITY);
        for r in masks.matching(u, v) {
            let rule = &design.pipes[r];
            existing = rule.existing.unwrap_or(existing);
            build = rule.build.or(build);
            length = rule.length_km.or(length);
            if let Some(m) = rule.max_flow {
                cap = m;
            }
        }
        if build == Some(false) {
            c.dropped.forbidden += 1;
            continue;
        }
        let free = matches!(model.supply(u), SupplyRef::Intake(_))
            || matches!(model.demand(v), DemandRef::Discharge(_))
            || matches!((supply_owner(model, u), demand_owner(model, v)), (Some(a), Some(b)) if a == b);
        let class = if free {
            ArcClass::Free
        } else if existing {
            ArcClass::Existing
        } else {
            ArcClass::Piped
        };
        let km = match (class, length) {
            (_, Some(km)) => km,
            (ArcClass::Piped, None) => match geometry.length(u, v) {
                Some(km) => km,
                None => {
                    c.dropped.no_length.push((u, v));
                    continue;
                }
            },
            _ => geometry.length(u, v).unwrap_or(0.0),
        };
        if class == ArcClass::Piped && design.max_pipe_km.is_some_and(|max| km > max) {
            c.dropped.too_long += 1;
            continue;
        }
        c.network.from.push(u);
        c.network.to.push(v);
        c.class.push(class);
        c.length_km.push(km);
        c.max_flow.push(cap);
        c.forced
            .push(build == Some(true) && class == ArcClass::Piped);
    }
    drop_unbuildable(model, design, c)
}

/// Drops the pipes (not forced) whose tightest flow bound is below
/// `min_pipe_flow`, or zero: no design can build them.
fn drop_unbuildable(model: &Model, design: &Design, mut c: Candidates) -> Candidates {
    let bound = super::bounds::arc_bounds(model, &c.network, &c.max_flow);
    let keep: Vec<bool> = (0..c.network.len())
        .map(|a| {
            c.class[a] != ArcClass::Piped
                || c.forced[a]
                || (bound[a] > 0.0 && bound[a] >= design.min_pipe_flow)
        })
        .collect();
    let kept = keep.iter().filter(|&&k| k).count();
    if kept == keep.len() {
        return c;
    }
    c.dropped.below_min_flow = keep.len() - kept;
    fn filter<T: Copy>(v: &[T], keep: &[bool]) -> Vec<T> {
        v.iter()
            .zip(keep)
            .filter(|(_, &k)| k)
            .map(|(&x, _)| x)
            .collect()
    }
    c.network = Network::from_arcs(
        (0..keep.len())
            .filter(|&a| keep[a])
            .map(|a| c.network.arc(a)),
    );
    c.class = filter(&c.class, &keep);
    c.length_km = filter(&c.length_km, &keep);
    c.max_flow = filter(&c.max_flow, &keep);
    c.forced = filter(&c.forced, &keep);
    c
}

impl Candidates {
    /// Number of arcs that need a pipe built.
    pub(crate) fn num_piped(&self) -> usize {
        self.class.iter().filter(|&&k| k == ArcClass::Piped).count()
    }
}
