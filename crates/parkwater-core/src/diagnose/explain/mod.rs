//! The conflict and its fix in park terms: figures in the scenario's units,
//! the supplies a sink may take, what would fix it.

use super::elastic::{Elastic, Probe, Side};
use crate::formulate::{RowFamily, RowKey};
use crate::model::{DemandRef, Model, SupplyId, SupplyKind, SupplyRef};
use crate::network::ArcRules;
use crate::report::Relaxation;
use crate::solve::SolveError;
use crate::verify::Balances;

#[path = "explain_streams.rs"]
mod streams;

/// Most candidate fixes (arcs) tried per quality conflict.
const MAX_FIX_PROBES: usize = 6;

/// Most supplies named in one sentence.
const MAX_NAMED: usize = 6;

/// The relaxation entries of an elastic solution, in key order.
pub fn relaxations(model: &Model, probe: &Probe, elastic: &Elastic) -> Vec<Relaxation> {
    let rows = &probe.lp.rows;
    let b = Balances::new(model, &probe.network, &elastic.flows);
    let unit = model.flow_unit;
    let flow = |x: f64| unit.from_internal(x);
    let mut slacks = elastic.slacks.clone();
    slacks.sort_by_key(|&(r, side, _)| (rows.keys[r], side));
    slacks
        .iter()
        .map(|&(r, side, s)| {
            let key = rows.keys[r];
            let e = key.entity as usize;
            let k = key.contaminant as usize;
            // Mass excess over inflow: how far the limit would have to rise.
            let conc = |inflow: f64| if inflow > 0.0 { s / inflow } else { s };
            let (current, relaxed, amount, unit_name): (f64, f64, f64, &'static str) =
                match key.family {
                    RowFamily::SinkFlow => {
                        let sink = &model.sinks[e];
                        match side {
                            Side::Lower => (
                                flow(sink.min_flow),
                                flow(sink.min_flow - s),
                                flow(s),
                                unit.name(),
                            ),
                            Side::Upper => (
                                flow(sink.max_flow),
                                flow(sink.max_flow + s),
                                flow(s),
                                unit.name(),
                            ),
                        }
                    }
                    RowFamily::SinkQuality => {
                        let limit = model.sinks[e].max_conc[k];
                        let d = conc(b.sink_in[e]);
                        (limit, limit + d, d, "mg/L")
                    }
                    RowFamily::TreatmentInletQuality => {
                        let limit = model.treatments[e].max_inlet_conc[k];
                        let d = conc(b.treatment_in[e]);
                        (limit, limit + d, d, "mg/L")
                    }
                    RowFamily::DischargeQuality => {
                        let limit = model.discharges[e].max_conc[k];
                        let d = conc(b.discharge_in[e]);
                        (limit, limit + d, d, "mg/L")
                    }
                    RowFamily::DischargeLoad => {
                        let cap = model.discharges[e].max_load[k];
                        (cap, cap + s, s, "kg/h")
                    }
                    RowFamily::SourceBalance => {
                        let f = model.sources[e].flow;
                        let sign = if side == Side::Lower { -1.0 } else { 1.0 };
                        (flow(f), flow(f + sign * s), flow(s), unit.name())
                    }
                    RowFamily::IntakeCap => {
                        let cap = model.intakes[e].max_flow.unwrap_or(0.0);
                        (flow(cap), flow(cap + s), flow(s), unit.name())
                    }
                    RowFamily::TreatmentCapacity => {
                        let cap = model.treatments[e].max_flow.unwrap_or(0.0);
                        (flow(cap), flow(cap + s), flow(s), unit.name())
                    }
                    RowFamily::MaxIntake => {
                        let cap = model.policy.max_intake.unwrap_or(0.0);
                        (flow(cap), flow(cap + s), flow(s), unit.name())
                    }
                    RowFamily::MaxDischarge => {
                        let cap = model.policy.max_discharge.unwrap_or(0.0);
                        (flow(cap), flow(cap + s), flow(s), unit.name())
                    }
                    RowFamily::MinReuseRate => {
                        let target = model.policy.min_reuse_rate.unwrap_or(0.0);
                        let repeated = b.reused + model.recirculation();
                        let total = repeated + b.freshwater();
                        let achieved = if total > 0.0 { repeated / total } else { 0.0 };
                        let achieved = achieved.min(target);
                        (target, achieved, target - achieved, "fraction")
                    }
                    RowFamily::Custom => {
                        let c = &model.constraints[e];
                        match side {
                            Side::Lower => (flow(c.lower), flow(c.lower - s), flow(s), unit.name()),
                            Side::Upper => (flow(c.upper), flow(c.upper + s), flow(s), unit.name()),
                        }
                    }
                    RowFamily::TreatmentPassThrough => {
                        let limit = model.treatments[e].outlet_conc[k];
                        let d = conc(b.treatment_in[e]);
                        (limit, limit + d, d, "mg/L")
                    }
                    RowFamily::SinkReuseShare => {
                        let share = model.streams.reuse_share(e).unwrap_or(1.0);
                        let d = conc(b.sink_in[e]);
                        (share, (share + d).min(1.0), d, "fraction")
                    }
                    RowFamily::TreatmentBalance
                    | RowFamily::RejectMass
                    | RowFamily::ObjectiveBound => (0.0, s, s, ""),
                };
            Relaxation {
                label: key.label(model),
                family: key.family.name(),
                entity: key.entity_name(model).to_string(),
                contaminant: key.contaminant_name(model).map(str::to_string),
                amount,
                current,
                relaxed,
                unit: unit_name,
            }
        })
        .collect()
}

/// One action per relaxation entry: "raise the permit of intake FW from 100 to 140 t/h".
pub fn fixes(relaxation: &[Relaxation]) -> Vec<String> {
    relaxation
        .iter()
        .map(|x| {
            let (id, c, u) = (&x.entity, x.contaminant.as_deref().unwrap_or(""), x.unit);
            let (from, to) = (num(x.current), num(x.relaxed));
            match x.family {
                "sink_flow" if x.relaxed < x.current => {
                    format!("cut the demand of sink {id} from {from} to {to} {u}")
                }
                "sink_flow" => format!("let sink {id} take up to {to} {u} (now {from})"),
                "sink_quality" => format!("raise the {c} limit of sink {id} from {from} to {to} mg/L"),
                "treatment_inlet_quality" => {
                    format!("raise the {c} inlet limit of treatment {id} from {from} to {to} mg/L")
                }
                "discharge_quality" => {
                    format!("raise the {c} limit of discharge {id} from {from} to {to} mg/L")
                }
                "discharge_load" => {
                    format!("raise the {c} load cap of discharge {id} from {from} to {to} kg/h")
                }
                "source_balance" => format!(
                    "find an outlet for {} {u} of the effluent of source {id} (a discharge or a sink that may take it)",
                    num(x.amount)
                ),
                "intake_cap" => format!("raise the permit of intake {id} from {from} to {to} {u}"),
                "treatment_capacity" => {
                    format!("enlarge treatment {id} from {from} to {to} {u}")
                }
                "constraint" => format!("relax the constraint \"{id}\" from {from} to {to} {u}"),
                "treatment_pass_through" => format!(
                    "keep the {c} of what treatment {id} takes at or below its outlet {from} mg/L (it does not remove {c}): {to} mg/L would be needed"
                ),
                "sink_reuse_share" => format!(
                    "let sink {id} take up to {} reused water (now {})",
                    pct(x.relaxed),
                    pct(x.current)
                ),
                _ => match x.entity.as_str() {
                    "min_reuse_rate" => format!(
                        "lower the park's reuse-rate target from {} to {}",
                        pct(x.current),
                        pct(x.relaxed)
                    ),
                    "max_intake" => {
                        format!("raise the park's cap on total intake from {from} to {to} {u}")
                    }
                    "max_discharge" => {
                        format!("raise the park's cap on total discharge from {from} to {to} {u}")
                    }
                    _ => format!("relax {} by {} {u}", x.label, num(x.amount)),
                },
            }
        })
        .collect()
}

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
                sink_sentence(model, probe, &rules, e, &limits, caps_involved, budget)?
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

/// What a sink in the conflict needs, why its supplies cannot give it, and
/// which supply the rules keep away that would fix it (checked by re-solving
/// with that one arc allowed).
fn sink_sentence(
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

    // Supplies the rules keep away from this sink that meet every limit in the conflict.
    let candidates: Vec<SupplyId> = (0..model.num_supplies() as u32)
        .map(SupplyId)
        .filter(|&x| {
            !rules.allows(x, v)
                && limits
                    .iter()
                    .all(|&k| model.supply_conc(x)[k] <= sink.max_conc[k])
        })
        .collect();
    let mut fixing = Vec::new();
    let mut helping = Vec::new();
    for &x in candidates.iter().take(MAX_FIX_PROBES) {
        let quality: Vec<String> = limits
            .iter()
            .map(|&k| {
                format!(
                    "{} {} mg/L",
                    model.contaminants[k],
                    num(model.supply_conc(x)[k])
                )
            })
            .collect();
        let what = format!(
            "{} {} ({}{}{})",
            supply_kind(model, x),
            model.supply_name(x),
            quality.join(", "),
            if quality.is_empty() { "" } else { ", " },
            why_not(model, rules, x, e)
        );
        let verdict = if probe.solves < budget {
            probe.feasible_with_arc(x, v)?
        } else {
            None
        };
        match verdict {
            Some(true) => fixing.push(what),
            _ => helping.push(what),
        }
    }
    if !fixing.is_empty() {
        s.push_str(&format!("; allowing {} would fix it", fixing.join(" or ")));
    } else if !helping.is_empty() {
        s.push_str(&format!(
            "; allowing {} would help but not suffice alone",
            helping.join(" or ")
        ));
    }
    if too_clean && fixing.is_empty() {
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

/// "COD <= 10 mg/L and TDS <= 100 mg/L".
fn limit_list(model: &Model, sink: &crate::model::Sink, ks: &[usize]) -> String {
    ks.iter()
        .map(|&k| {
            format!(
                "{} <= {} mg/L",
                model.contaminants[k],
                num(sink.max_conc[k])
            )
        })
        .collect::<Vec<_>>()
        .join(" and ")
}

/// "COD 100 mg/L, TDS 50 mg/L" for some contaminants of a supply.
fn concs_of(model: &Model, x: SupplyId, ks: &[usize]) -> String {
    ks.iter()
        .map(|&k| {
            format!(
                "{} {} mg/L",
                model.contaminants[k],
                num(model.supply_conc(x)[k])
            )
        })
        .collect::<Vec<_>>()
        .join(", ")
}

/// The lowest concentration of contaminant k among supplies allowed into v,
/// and a list "FW 35, S1 50" of them (cleanest first).
fn cleanest_allowed(
    model: &Model,
    rules: &ArcRules,
    v: crate::model::DemandId,
    k: usize,
) -> (f64, String) {
    let mut allowed: Vec<(f64, &str)> = (0..model.num_supplies() as u32)
        .map(SupplyId)
        .filter(|&x| rules.allows(x, v))
        .map(|x| (model.supply_conc(x)[k], model.supply_name(x)))
        .collect();
    allowed.sort_by(|a, b| a.0.total_cmp(&b.0).then(a.1.cmp(b.1)));
    let lo = allowed.first().map_or(f64::INFINITY, |a| a.0);
    let list: Vec<String> = allowed
        .iter()
        .map(|(c, id)| format!("{id} at {}", num(*c)))
        .collect();
    (lo, names(&list))
}

/// The supplies allowed into v with all their concentrations.
fn cleanest_allowed_all(
    model: &Model,
    rules: &ArcRules,
    v: crate::model::DemandId,
) -> (usize, String) {
    let allowed: Vec<String> = (0..model.num_supplies() as u32)
        .map(SupplyId)
        .filter(|&x| rules.allows(x, v))
        .map(|x| {
            format!(
                "{} with {}",
                model.supply_name(x),
                concs(model, model.supply_conc(x))
            )
        })
        .collect();
    (allowed.len(), names(&allowed))
}

/// Why supply x may not feed sink e: its `accepts` list or a forbid rule.
fn why_not(model: &Model, rules: &ArcRules, x: SupplyId, e: usize) -> String {
    let v = model.demand_id(DemandRef::Sink(e));
    if let Some(i) = rules.forbidding_rule(x, v) {
        let f = &model.forbid[i];
        return format!("forbidden by the rule {} -> {}", f.from, f.to);
    }
    let kind = match model.supply(x) {
        SupplyRef::Intake(i) => SupplyKind::Intake(model.intakes[i].kind),
        SupplyRef::Source(_) => SupplyKind::Source,
        SupplyRef::Treatment(_) => SupplyKind::Treatment,
    };
    if !model.sinks[e].accepts.contains(kind) {
        let name = match kind {
            SupplyKind::Intake(k) => k.name(),
            SupplyKind::Source => "source",
            SupplyKind::Treatment => "treatment",
        };
        return format!("'{name}' is not in the sink's accepts");
    }
    "not allowed".to_string()
}

fn supply_kind(model: &Model, x: SupplyId) -> &'static str {
    match model.supply(x) {
        SupplyRef::Intake(_) => "intake",
        SupplyRef::Source(_) => "source",
        SupplyRef::Treatment(_) => "treatment",
    }
}

/// "COD 50 mg/L, TDS 500 mg/L".
fn concs(model: &Model, conc: &[f64]) -> String {
    model
        .contaminants
        .iter()
        .zip(conc)
        .map(|(c, v)| format!("{c} {} mg/L", num(*v)))
        .collect::<Vec<_>>()
        .join(", ")
}

/// "A, B, C" or "A, B, ... (9 in all)".
fn names<S: AsRef<str>>(list: &[S]) -> String {
    let shown: Vec<&str> = list.iter().take(MAX_NAMED).map(AsRef::as_ref).collect();
    if list.len() > MAX_NAMED {
        format!("{}, ... ({} in all)", shown.join(", "), list.len())
    } else {
        shown.join(", ")
    }
}

/// A figure with about four significant digits and no trailing zeros.
pub fn num(x: f64) -> String {
    if !x.is_finite() {
        return format!("{x}");
    }
    if x == 0.0 {
        return "0".to_string();
    }
    if x.abs() < 1e-4 || x.abs() >= 1e9 {
        return format!("{x:.3e}");
    }
    let digits = (3 - x.abs().log10().floor() as i32).clamp(0, 9) as usize;
    let s = format!("{x:.digits$}");
    let s = if s.contains('.') {
        s.trim_end_matches('0').trim_end_matches('.').to_string()
    } else {
        s
    };
    if s == "-0" {
        "0".to_string()
    } else {
        s
    }
}

/// A fraction as a percentage: 0.92 -> "92 %".
fn pct(x: f64) -> String {
    format!("{} %", num(100.0 * x))
}

#[cfg(test)]
mod tests {
    use super::num;

    #[test]
    fn figures_read_well() {
        assert_eq!(num(140.0), "140");
        assert_eq!(num(35.0), "35");
        assert_eq!(num(0.92), "0.92");
        assert_eq!(num(1234.5678), "1235");
        assert_eq!(num(12.3456), "12.35");
        assert_eq!(num(-0.0), "0");
        assert_eq!(num(1e-12), "1.000e-12");
    }
}
