//! The sentence for a sink in the conflict: what it needs, why the supplies
//! it may take cannot give it, and which kept-away supply would fix it.

use super::fix_probe;
use super::supplies::{cleanest_allowed, cleanest_allowed_all, concs_of, limit_list};
use super::{names, num};
use crate::diagnose::elastic::Probe;
use crate::model::{DemandRef, Model, SupplyId};
use crate::network::ArcRules;
use crate::solve::SolveError;

/// What a sink in the conflict needs, why its supplies cannot give it, and
/// which supply the rules keep away that would fix it (checked by re-solving
/// with that one arc allowed).
pub(super) fn sentence(
    model: &Model,
    probe: &mut Probe,
    rules: &ArcRules,
    e: usize,
    limits: &[usize],
    caps_involved: bool,
    budget: usize,
) -> Result<String, SolveError> {
    let sink = &model.sinks[e];
    let unit = model.flow_unit;
    let u = unit.name();
    let need = if sink.min_flow == sink.max_flow {
        format!("{} {u}", num(unit.from_internal(sink.min_flow)))
    } else {
        format!(
            "{} to {} {u}",
            num(unit.from_internal(sink.min_flow)),
            num(unit.from_internal(sink.max_flow))
        )
    };
    let v = model.demand_id(DemandRef::Sink(e));
    let allowed: Vec<SupplyId> = (0..model.num_supplies() as u32)
        .map(SupplyId)
        .filter(|&x| rules.allows(x, v))
        .collect();
    let mut parts = Vec::new();
    let mut joint = Vec::new();
    let mut too_clean = false;
    for &k in limits {
        let c = &model.contaminants[k];
        let limit = sink.max_conc[k];
        let (lo, list) = cleanest_allowed(model, rules, v, k);
        if lo <= limit {
            joint.push(k);
        } else if lo.is_finite() {
            too_clean = true;
            parts.push(format!(
                "sink {} needs {c} <= {} mg/L, but the only supplies it may take are at >= {} mg/L ({list})",
                sink.id,
                num(limit),
                num(lo)
            ));
        } else {
            too_clean = true;
            parts.push(format!(
                "sink {} needs {c} <= {} mg/L, but no supply may feed it",
                sink.id,
                num(limit)
            ));
        }
    }
    if joint.len() >= 2 && !caps_involved && parts.is_empty() {
        let (_, list) = cleanest_allowed_all(model, rules, v);
        parts.push(format!(
            "sink {} needs {need} with {} at once, and no mix of the supplies it may take ({list}) meets all of them",
            sink.id,
            limit_list(model, sink, &joint)
        ));
    } else if !joint.is_empty() {
        // Clean enough supplies exist, but not in the quantity needed.
        let clean: Vec<&str> = allowed
            .iter()
            .filter(|&&x| {
                joint
                    .iter()
                    .all(|&k| model.supply_conc(x)[k] <= sink.max_conc[k])
            })
            .map(|&x| model.supply_name(x))
            .collect();
        let dirty: Vec<String> = allowed
            .iter()
            .filter(|&&x| {
                joint
                    .iter()
                    .any(|&k| model.supply_conc(x)[k] > sink.max_conc[k])
            })
            .map(|&x| format!("{} ({})", model.supply_name(x), concs_of(model, x, &joint)))
            .collect();
        let mut t = format!(
            "sink {} needs {need} with {}",
            sink.id,
            limit_list(model, sink, &joint)
        );
        if !clean.is_empty() {
            let verb = if clean.len() == 1 { "meets" } else { "meet" };
            t.push_str(&format!(
                ": of the supplies it may take only {} {verb} it",
                names(&clean)
            ));
            if !dirty.is_empty() {
                t.push_str(&format!(", {} only as part of a blend", names(&dirty)));
            }
        } else if !dirty.is_empty() {
            t.push_str(&format!(
                ": its supplies {} meet it only as a blend",
                names(&dirty)
            ));
        }
        parts.push(t);
    } else if parts.is_empty() && allowed.is_empty() {
        parts.push(format!(
            "sink {} needs {need}, but no supply may feed it",
            sink.id
        ));
    } else if parts.is_empty() {
        parts.push(format!("sink {} needs {need}", sink.id));
    }
    let mut s = parts.join("; ");

    let fixing = fix_probe::probe_fixes(model, probe, rules, e, limits, budget)?;
    if let Some(found) = &fixing.fixing {
        s.push_str(&format!("; allowing {found} would fix it"));
    } else if let Some(helping) = &fixing.helping {
        s.push_str(&format!(
            "; allowing {helping} would help but not suffice alone"
        ));
    }
    if too_clean && fixing.fixing.is_none() {
        let treat = if model.treatments.is_empty() {
            "a treatment unit"
        } else {
            "another treatment unit"
        };
        s.push_str(&format!(
            "; {treat} (or a cleaner intake) with {} could supply it",
            limits
                .iter()
                .map(|&k| format!(
                    "{} <= {} mg/L",
                    model.contaminants[k],
                    num(sink.max_conc[k])
                ))
                .collect::<Vec<_>>()
                .join(" and ")
        ));
    }
    Ok(s)
}
