//! The smallest relaxation in the scenario's units: for each slack of the
//! elastic solution, the requirement's current figure, the relaxed one and
//! the amount.

use crate::diagnose::elastic::{Elastic, Probe, Side};
use crate::formulate::RowFamily;
use crate::model::Model;
use crate::report::Relaxation;
use crate::verify::Balances;

/// The relaxation entries of an elastic solution, in key order. `exact` is
/// the figure of a requirement relaxed alone when known
/// (`Probe::exact_figure`: the highest reuse rate reachable, the lowest
/// limit that can be met); else a figure comes from the elastic point.
pub fn relaxations(
    model: &Model,
    probe: &Probe,
    elastic: &Elastic,
    exact: Option<f64>,
) -> Vec<Relaxation> {
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
            // A limit's rise: exact when known, else from the elastic point.
            let rise = |limit: f64, inflow: f64| exact.map_or_else(|| conc(inflow), |l| l - limit);
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
                        let d = rise(limit, b.sink_in[e]);
                        (limit, limit + d, d, "mg/L")
                    }
                    RowFamily::TreatmentInletQuality => {
                        let limit = model.treatments[e].max_inlet_conc[k];
                        let d = rise(limit, b.treatment_in[e]);
                        (limit, limit + d, d, "mg/L")
                    }
                    RowFamily::DischargeQuality => {
                        let limit = model.discharges[e].max_conc[k];
                        let d = rise(limit, b.discharge_in[e]);
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
                        let achieved = match exact {
                            Some(rate) => rate,
                            None if total > 0.0 => repeated / total,
                            None => 0.0,
                        };
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
