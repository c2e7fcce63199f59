//! Checks of the network-design tables (`[design]`, `[[pipe]]`,
//! `[[corridor]]`, `[[junction]]`, candidate units, dedicated enterprises,
//! node locations) and their resolution into [`Design`].
//!
//! Codes: `design.required` (a design field without a `[design]` table),
//! `candidate.max_flow_required`, `candidate.capex_required`,
//! `candidate.not_candidate` (`capex`/`build` on a unit that is not a
//! candidate), `pipe.no_match`, `pipe.conflict` (existing and build = false),
//! `junction.unknown`, `junction.unreachable`, `corridor.self_loop`,
//! `location.required` (an arc that needs a pipe has no length), plus the
//! shared `number.*` and `id.*` codes.

use super::checker::{entity_path, Checker, Range};
use crate::design::{candidates, Geometry};
use crate::model::{
    CandidateUnit, Corridor, DemandId, DemandRef, Design, FlowUnit, Junction, Model, PipeRule,
    SupplyId, SupplyRef,
};
use crate::scenario::Scenario;
use std::collections::{BTreeSet, HashMap};
use wildmatch::WildMatch;

/// Default yearly rate of the capital recovery factor.
pub(crate) const DEFAULT_DISCOUNT_RATE: f64 = 0.08;
/// Default capital lifetime, years.
pub(crate) const DEFAULT_LIFETIME_YEARS: f64 = 20.0;
/// Default relative gap of a design.
pub(crate) const DEFAULT_MIP_GAP: f64 = 1e-4;

/// Checks the design tables; `Some` when the scenario has a `[design]`.
pub(super) fn design(
    c: &mut Checker,
    s: &Scenario,
    model: &Model,
    unit: FlowUnit,
) -> Option<Design> {
    let Some(spec) = &s.design else {
        without_design(c, s);
        return None;
    };
    let num = |c: &mut Checker, field: &str, v: Option<f64>, range: Range| {
        c.optional(&format!("design.{field}"), v, range)
    };
    let pipe_capex_fixed = num(
        c,
        "pipe_capex_fixed",
        spec.pipe_capex_fixed,
        Range::NonNegative,
    );
    let pipe_capex_per_km = num(
        c,
        "pipe_capex_per_km",
        spec.pipe_capex_per_km,
        Range::NonNegative,
    );
    let discount_rate = num(c, "discount_rate", spec.discount_rate, Range::Rate);
    let lifetime_years = num(c, "lifetime_years", spec.lifetime_years, Range::Positive);
    let route_factor = num(c, "route_factor", spec.route_factor, Range::Positive);
    if route_factor.is_some_and(|f| f < 1.0) {
        c.push(
            "design.route_factor",
            "number.out_of_range",
            "a route is never shorter than the straight line: route_factor must be >= 1",
        );
    }
    let max_pipe_km = num(c, "max_pipe_km", spec.max_pipe_km, Range::Positive);
    let min_pipe_flow = num(c, "min_pipe_flow", spec.min_pipe_flow, Range::NonNegative);
    let max_capex = num(c, "max_capex", spec.max_capex, Range::NonNegative);
    let mip_gap = num(c, "mip_gap", spec.mip_gap, Range::Rate);

    let junctions = junctions(c, s);
    let corridors = corridors(c, s, &junctions);
    for j in crate::design::geometry::unreachable_junctions(junctions.len(), &corridors) {
        c.push(
            entity_path("junction", &junctions[j].id, j),
            "junction.unreachable",
            "no corridor connects this junction to the rest of the corridor network",
        );
    }
    if !s.junctions.is_empty() && s.corridors.is_empty() {
        c.push(
            "corridor",
            "junction.unreachable",
            "junctions are declared but no [[corridor]] joins them",
        );
    }
    let pipes = pipe_rules(c, s, model, unit);
    let dedicated = s
        .enterprises
        .iter()
        .map(|e| e.dedicated == Some(true))
        .collect();
    let intake_units = s
        .intakes
        .iter()
        .enumerate()
        .map(|(n, x)| {
            unit_data(
                c,
                &entity_path("intake", &x.id, n),
                x.candidate,
                x.capex,
                x.build,
                x.max_flow,
            )
        })
        .collect();
    let treatment_units = s
        .treatments
        .iter()
        .enumerate()
        .map(|(n, x)| {
            unit_data(
                c,
                &entity_path("treatment", &x.id, n),
                x.candidate,
                x.capex,
                x.build,
                x.max_flow,
            )
        })
        .collect();
    let design = Design {
        pipe_capex_fixed: pipe_capex_fixed.unwrap_or(0.0),
        pipe_capex_per_km: pipe_capex_per_km.unwrap_or(0.0),
        discount_rate: discount_rate.unwrap_or(DEFAULT_DISCOUNT_RATE),
        lifetime_years: lifetime_years.unwrap_or(DEFAULT_LIFETIME_YEARS),
        route_factor: route_factor.unwrap_or(1.0).max(1.0),
        max_pipe_km,
        min_pipe_flow: min_pipe_flow.map_or(0.0, |f| unit.to_internal(f)),
        max_pipes_out: spec.max_pipes_out,
        max_pipes_in: spec.max_pipes_in,
        max_capex,
        mip_gap: mip_gap.unwrap_or(DEFAULT_MIP_GAP),
        price_min_pipes: spec
            .price_min_pipes
            .map_or(crate::design::solve::PRICE_MIN_PIPES, |k| k as usize),
        pipes,
        junctions,
        corridors,
        dedicated,
        intake_units,
        treatment_units,
    };
    missing_lengths(c, model, &design);
    Some(design)
}

/// Design fields are meaningless without `[design]`: say so rather than ignore them.
fn without_design(c: &mut Checker, s: &Scenario) {
    let mut need = |path: String, what: &str| {
        c.push(
            path,
            "design.required",
            format!("{what} is a network-design field: add a [design] table or remove it"),
        );
    };
    if !s.pipes.is_empty() {
        need("pipe".into(), "[[pipe]]");
    }
    if !s.corridors.is_empty() {
        need("corridor".into(), "[[corridor]]");
    }
    if !s.junctions.is_empty() {
        need("junction".into(), "[[junction]]");
    }
    for (n, e) in s.enterprises.iter().enumerate() {
        if e.dedicated.is_some() {
            need(
                format!("{}.dedicated", entity_path("enterprise", &e.id, n)),
                "dedicated",
            );
        }
    }
    for (n, x) in s.intakes.iter().enumerate() {
        if x.candidate.is_some() || x.capex.is_some() || x.build.is_some() {
            need(
                format!("{}.candidate", entity_path("intake", &x.id, n)),
                "a candidate unit",
            );
        }
    }
    for (n, x) in s.treatments.iter().enumerate() {
        if x.candidate.is_some() || x.capex.is_some() || x.build.is_some() {
            need(
                format!("{}.candidate", entity_path("treatment", &x.id, n)),
                "a candidate unit",
            );
        }
    }
}

fn unit_data(
    c: &mut Checker,
    path: &str,
    candidate: Option<bool>,
    capex: Option<f64>,
    build: Option<bool>,
    max_flow: Option<f64>,
) -> Option<CandidateUnit> {
    let capex_value = c.optional(&format!("{path}.capex"), capex, Range::NonNegative);
    if candidate != Some(true) {
        if capex.is_some() || build.is_some() {
            c.push(
                format!("{path}.candidate"),
                "candidate.not_candidate",
                "capex and build apply to candidate units only: set candidate = true",
            );
        }
        return None;
    }
    if max_flow.is_none() {
        c.push(
            format!("{path}.max_flow"),
            "candidate.max_flow_required",
            "a candidate unit needs max_flow (its capacity if built)",
        );
    }
    if capex.is_none() {
        c.push(
            format!("{path}.capex"),
            "candidate.capex_required",
            "a candidate unit needs capex (CNY to build it)",
        );
    }
    Some(CandidateUnit {
        capex: capex_value.unwrap_or(0.0),
        build,
    })
}

fn junctions(c: &mut Checker, s: &Scenario) -> Vec<Junction> {
    let mut seen = HashMap::new();
    s.junctions
        .iter()
        .enumerate()
        .map(|(n, j)| {
            let p = entity_path("junction", &j.id, n);
            if j.id.is_empty() {
                c.push(format!("{p}.id"), "id.empty", "a junction needs an id");
            } else if seen.insert(j.id.as_str(), n).is_some() {
                c.push(
                    format!("{p}.id"),
                    "id.duplicate",
                    format!("junction '{}' is declared twice", j.id),
                );
            }
            Junction {
                id: j.id.clone(),
                location: c
                    .location(&format!("{p}.location"), Some(j.location))
                    .unwrap_or([0.0, 0.0]),
            }
        })
        .collect()
}

fn corridors(c: &mut Checker, s: &Scenario, junctions: &[Junction]) -> Vec<Corridor> {
    let index: HashMap<&str, usize> = junctions
        .iter()
        .enumerate()
        .map(|(n, j)| (j.id.as_str(), n))
        .collect();
    s.corridors
        .iter()
        .enumerate()
        .filter_map(|(n, k)| {
            let p = format!("corridor[{n}]");
            let end = |c: &mut Checker, field: &str, id: &str| {
                let found = index.get(id).copied();
                if found.is_none() {
                    c.push(
                        format!("{p}.{field}"),
                        "junction.unknown",
                        format!("'{id}' is not a declared [[junction]]"),
                    );
                }
                found
            };
            let from = end(c, "from", &k.from);
            let to = end(c, "to", &k.to);
            let length = c.optional(&format!("{p}.length_km"), k.length_km, Range::Positive);
            let (from, to) = (from?, to?);
            if from == to {
                c.push(
                    p.clone(),
                    "corridor.self_loop",
                    "a corridor joins two different junctions",
                );
                return None;
            }
            let straight =
                crate::design::geometry::distance(junctions[from].location, junctions[to].location);
            Some(Corridor {
                from,
                to,
                length_km: length.unwrap_or(straight),
            })
        })
        .collect()
}

fn pipe_rules(c: &mut Checker, s: &Scenario, model: &Model, unit: FlowUnit) -> Vec<PipeRule> {
    let supplies: Vec<&str> = (0..model.num_supplies() as u32)
        .map(|u| model.supply_name(SupplyId(u)))
        .collect();
    let demands: Vec<&str> = (0..model.num_demands() as u32)
        .map(|v| model.demand_name(DemandId(v)))
        .collect();
    s.pipes
        .iter()
        .enumerate()
        .map(|(n, p)| {
            let path = format!("pipe[{n}]");
            for (field, pattern, ids, what) in [
                ("from", &p.from, &supplies, "supply"),
                ("to", &p.to, &demands, "demand"),
            ] {
                let m = WildMatch::new(pattern);
                if !ids.iter().any(|id| m.matches(id)) {
                    c.push(
                        format!("{path}.{field}"),
                        "pipe.no_match",
                        format!("'{pattern}' matches no {what} id"),
                    );
                }
            }
            if p.existing == Some(true) && p.build == Some(false) {
                c.push(
                    format!("{path}.build"),
                    "pipe.conflict",
                    "an existing pipe cannot be forbidden (existing = true and build = false)",
                );
            }
            PipeRule {
                from: p.from.clone(),
                to: p.to.clone(),
                existing: p.existing,
                build: p.build,
                length_km: c.optional(
                    &format!("{path}.length_km"),
                    p.length_km,
                    Range::NonNegative,
                ),
                max_flow: c
                    .optional(&format!("{path}.max_flow"), p.max_flow, Range::NonNegative)
                    .map(|f| unit.to_internal(f)),
            }
        })
        .collect()
}

/// `location.required` for every node at an end of an arc that needs a
/// pipe and has no length (once per node).
fn missing_lengths(c: &mut Checker, model: &Model, design: &Design) {
    let geometry = Geometry::new(model, design);
    let arcs = candidates(model, design, &geometry);
    let mut nodes = BTreeSet::new();
    for &(u, v) in &arcs.dropped.no_length {
        if geometry.supply_location(u).is_none() {
            nodes.insert(match model.supply(u) {
                SupplyRef::Intake(i) => format!("intake[{}]", model.intakes[i].id),
                SupplyRef::Source(i) => format!("source[{}]", model.sources[i].id),
                SupplyRef::Treatment(i) => format!("treatment[{}]", model.treatments[i].id),
            });
        }
        if geometry.demand_location(v).is_none() {
            nodes.insert(match model.demand(v) {
                DemandRef::Sink(i) => format!("sink[{}]", model.sinks[i].id),
                DemandRef::Treatment(i) => format!("treatment[{}]", model.treatments[i].id),
                DemandRef::Discharge(i) => format!("discharge[{}]", model.discharges[i].id),
            });
        }
    }
    for node in nodes {
        c.push(
            format!("{node}.location"),
            "location.required",
            "an arc from or to this node needs a pipe, and its length is unknown: give the node (or its enterprise) a location, or the arc a [[pipe]] length_km",
        );
    }
}
