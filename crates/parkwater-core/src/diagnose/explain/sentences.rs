//! One sentence per conflicting requirement (row family), with the
//! relaxation's figures where the same requirement was relaxed.

use super::supplies::{cleanest_allowed, concs};
use super::{names, num, pct, sink, streams};
use crate::diagnose::elastic::Probe;
use crate::formulate::{RowFamily, RowKey};
use crate::model::{DemandRef, Model, SupplyRef};
use crate::network::ArcRules;
use crate::report::Relaxation;
use crate::solve::SolveError;

/// Sentences for the conflicting rows (in key order), with the relaxation's
/// figures where the same requirement was relaxed. May probe the LP to check
/// which disallowed supply would fix a quality conflict.
pub fn explanations(
    model: &Model,
    probe: &mut Probe,
    conflict: &[RowKey],
    relaxation: &[Relaxation],
    budget: usize,
) -> Result<Vec<String>, SolveError> {
    let rules = ArcRules::new(model);
    let unit = model.flow_unit;
    let u = unit.name();
    let flow = |x: f64| num(unit.from_internal(x));
    let relaxed = |key: &RowKey| {
        let family = key.family.name();
        let entity = key.entity_name(model);
        let c = key.contaminant_name(model);
        relaxation
            .iter()
            .find(|x| x.family == family && x.entity == entity && x.contaminant.as_deref() == c)
    };
    let mut out = Vec::new();
    let mut done_sinks = Vec::new();
    for key in conflict {
        let e = key.entity as usize;
        let k = key.contaminant as usize;
        let sentence = match key.family {
            RowFamily::SinkFlow | RowFamily::SinkQuality => {
                if done_sinks.contains(&e) {
                    continue;
                }
                done_sinks.push(e);
                let limits: Vec<usize> = conflict
                    .iter()
                    .filter(|c| c.family == RowFamily::SinkQuality && c.entity as usize == e)
                    .map(|c| c.contaminant as usize)
                    .collect();
                let caps_involved = conflict.iter().any(|c| {
                    !matches!(
                        c.family,
                        RowFamily::SinkFlow | RowFamily::SinkQuality | RowFamily::SourceBalance
                    )
                });
                sink::sentence(model, probe, &rules, e, &limits, caps_involved, budget)?
            }
            RowFamily::SourceBalance => {
                let s = &model.sources[e];
                let uid = model.supply_id(SupplyRef::Source(e));
                let outlets: Vec<&str> = (0..model.num_demands() as u32)
                    .map(crate::model::DemandId)
                    .filter(|&v| rules.allows(uid, v))
                    .map(|v| model.demand_name(v))
                    .collect();
                let quality = concs(model, &s.conc);
                if outlets.is_empty() {
                    format!(
                        "source {} releases {} {u} ({quality}) that must go somewhere, but no discharge, sink or treatment may take it",
                        s.id,
                        flow(s.flow)
                    )
                } else {
                    format!(
                        "source {} releases {} {u} ({quality}) that must go somewhere: it may go only to {}",
                        s.id,
                        flow(s.flow),
                        names(&outlets)
                    )
                }
            }
            RowFamily::IntakeCap => {
                let x = &model.intakes[e];
                let cap = flow(x.max_flow.unwrap_or(0.0));
                match relaxed(key) {
                    Some(r) => format!(
                        "intake {} caps at {cap} {u}, but the demands need {} {u} from it beyond what the effluents and other supplies can cover ({} {u} more)",
                        x.id,
                        num(r.relaxed),
                        num(r.amount)
                    ),
                    None => format!("intake {} caps at {cap} {u}", x.id),
                }
            }
            RowFamily::TreatmentBalance => {
                let t = &model.treatments[e];
                format!(
                    "treatment {} returns {} of its inflow as product",
                    t.id,
                    pct(t.recovery)
                )
            }
            RowFamily::TreatmentCapacity => {
                let t = &model.treatments[e];
                let cap = flow(t.max_flow.unwrap_or(0.0));
                match relaxed(key) {
                    Some(r) => format!(
                        "treatment {} takes at most {cap} {u}, but {} {u} would have to pass through it",
                        t.id,
                        num(r.relaxed)
                    ),
                    None => format!("treatment {} takes at most {cap} {u}", t.id),
                }
            }
            RowFamily::TreatmentInletQuality => {
                let t = &model.treatments[e];
                let v = model.demand_id(DemandRef::Treatment(e));
                let (lo, allowed) = cleanest_allowed(model, &rules, v, k);
                let limit = t.max_inlet_conc[k];
                let c = &model.contaminants[k];
                if lo > limit {
                    format!(
                        "treatment {} accepts {c} <= {} mg/L at its inlet, but every supply that may feed it is at >= {} mg/L ({})",
                        t.id,
                        num(limit),
                        num(lo),
                        allowed
                    )
                } else {
                    format!(
                        "treatment {} accepts {c} <= {} mg/L at its inlet",
                        t.id,
                        num(limit)
                    )
                }
            }
            RowFamily::RejectMass => {
                let t = &model.treatments[e];
                format!(
                    "treatment {} cannot add {}: its feed must average at least {} mg/L (recovery x outlet)",
                    t.id,
                    model.contaminants[k],
                    num(t.recovery * t.outlet_conc[k])
                )
            }
            RowFamily::DischargeQuality => {
                let d = &model.discharges[e];
                let c = &model.contaminants[k];
                match relaxed(key) {
                    Some(r) => format!(
                        "discharge {} allows {c} <= {} mg/L, but what must go there would average {} mg/L",
                        d.id,
                        num(r.current),
                        num(r.relaxed)
                    ),
                    None => format!("discharge {} allows {c} <= {} mg/L", d.id, num(d.max_conc[k])),
                }
            }
            RowFamily::DischargeLoad => {
                let d = &model.discharges[e];
                let c = &model.contaminants[k];
                match relaxed(key) {
                    Some(r) => format!(
                        "discharge {} takes at most {} kg/h of {c}, but {} kg/h must go there",
                        d.id,
                        num(r.current),
                        num(r.relaxed)
                    ),
                    None => format!(
                        "discharge {} takes at most {} kg/h of {c}",
                        d.id,
                        num(d.max_load[k])
                    ),
                }
            }
            RowFamily::MinReuseRate => {
                let target = model.policy.min_reuse_rate.unwrap_or(0.0);
                match relaxed(key) {
                    Some(r) => format!(
                        "the park must reach a reuse rate of {}, but at most {} is reachable with the other requirements",
                        pct(target),
                        pct(r.relaxed)
                    ),
                    None => format!("the park must reach a reuse rate of {}", pct(target)),
                }
            }
            RowFamily::MaxIntake => {
                let cap = flow(model.policy.max_intake.unwrap_or(0.0));
                match relaxed(key) {
                    Some(r) => format!(
                        "the park may take at most {cap} {u} of fresh water in all, but needs {} {u}",
                        num(r.relaxed)
                    ),
                    None => format!("the park may take at most {cap} {u} of fresh water in all"),
                }
            }
            RowFamily::MaxDischarge => {
                let cap = flow(model.policy.max_discharge.unwrap_or(0.0));
                match relaxed(key) {
                    Some(r) => format!(
                        "the park may discharge at most {cap} {u} in all, but {} {u} has nowhere else to go",
                        num(r.relaxed)
                    ),
                    None => format!("the park may discharge at most {cap} {u} in all"),
                }
            }
            RowFamily::Custom => {
                let c = &model.constraints[e];
                let bounds = match (c.lower.is_finite(), c.upper.is_finite()) {
                    (true, true) if c.lower == c.upper => format!("= {}", flow(c.lower)),
                    (true, true) => format!("between {} and {}", flow(c.lower), flow(c.upper)),
                    (true, false) => format!(">= {}", flow(c.lower)),
                    _ => format!("<= {}", flow(c.upper)),
                };
                match relaxed(key) {
                    Some(r) => format!(
                        "the constraint \"{}\" requires {bounds} {u}, but {} {u} is the nearest reachable",
                        c.label,
                        num(r.relaxed)
                    ),
                    None => format!("the constraint \"{}\" requires {bounds} {u}", c.label),
                }
            }
            RowFamily::TreatmentPassThrough => {
                streams::pass_through(model, &rules, e, k, relaxed(key))
            }
            RowFamily::SinkReuseShare => streams::reuse_share(model, e, relaxed(key)),
            RowFamily::ObjectiveBound => continue,
        };
        out.push(sentence);
    }
    Ok(out)
}
