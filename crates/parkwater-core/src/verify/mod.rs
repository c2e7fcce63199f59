//! Independent verification: re-checks a flow assignment against the
//! *model* (not the LP rows), so a formulation or solver bug cannot hide.
//!
//! Each check reports a relative violation: flow balances relative to the
//! flow, quality relative to limit x flow, caps relative to the cap.

mod balances;
mod constraints;
mod design;
mod plan;
mod streams;

pub(crate) use balances::Balances;
pub use plan::{verify_plan, Plan, PlanFlow, PlanVerification};

use crate::model::{DemandId, DemandRef, Model, SupplyId, SupplyKind, SupplyRef};
use crate::network::Network;
use serde::Serialize;
use std::collections::HashMap;
use wildmatch::WildMatch;

/// Largest relative violation accepted in an optimal solution.
pub(crate) const TOLERANCE: f64 = 1e-7;

/// The result of verification.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Verification {
    /// Largest relative violation over all checks (0 when all hold exactly).
    pub max_violation: f64,
    /// Number of checks made.
    pub checks: usize,
    /// Checks violated by more than `TOLERANCE`, worst first (at most 20
    /// in a solve's report; all of them from [`verify_plan`]).
    pub violations: Vec<Violation>,
    /// How many checks were violated (may exceed `violations.len()`).
    #[serde(default)]
    pub violated: usize,
}

/// One failed check.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Violation {
    /// What was checked, in park terms.
    pub check: String,
    /// Relative violation.
    pub amount: f64,
    /// The figure found (in `unit`), where the check compares one with a limit.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub value: Option<f64>,
    /// The limit it breaks (in `unit`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub limit: Option<f64>,
    /// Unit of `value` and `limit`: the scenario's flow unit, `mg/L`, `kg/h`,
    /// `fraction`, or a constraint's unit.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub unit: Option<String>,
}

/// The figures of a check that compares one value with a limit, for the
/// message: `value` and `limit` in `unit`.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Figures {
    pub(crate) value: f64,
    pub(crate) limit: f64,
    pub(crate) unit: String,
}

impl Verification {
    /// Whether every check holds within `TOLERANCE`.
    pub fn passed(&self) -> bool {
        self.max_violation <= TOLERANCE
    }

    /// A check without figures (a rule, not a comparison of one value
    /// with a limit).
    pub(crate) fn check(&mut self, amount: f64, what: impl FnOnce() -> String) {
        self.check_figures(amount, || (what(), None));
    }

    /// A check that also records the value found and the limit it breaks.
    fn check_figures(&mut self, amount: f64, what: impl FnOnce() -> (String, Option<Figures>)) {
        self.checks += 1;
        let amount = if amount.is_nan() {
            f64::INFINITY
        } else {
            amount.max(0.0)
        };
        self.max_violation = self.max_violation.max(amount);
        if amount > TOLERANCE {
            self.violated += 1;
            let (check, figures) = what();
            let (value, limit, unit) = match figures {
                Some(f) => (Some(f.value), Some(f.limit), Some(f.unit)),
                None => (None, None, None),
            };
            self.violations.push(Violation {
                check,
                amount,
                value,
                limit,
                unit,
            });
        }
    }

    /// Sorts the violations worst first and keeps at most `keep`.
    pub(crate) fn finish(&mut self, keep: usize) {
        self.violations.sort_by(|a, b| {
            b.amount
                .total_cmp(&a.amount)
                .then_with(|| a.check.cmp(&b.check))
        });
        self.violations.truncate(keep);
    }
}

/// Most violations a solve's report lists (the count is in `violated`).
pub(crate) const REPORTED_VIOLATIONS: usize = 20;

/// Relative excess of `value` over `limit`.
fn excess(value: f64, limit: f64) -> f64 {
    (value - limit) / limit.abs().max(1.0)
}

/// Verifies flows (t/h per arc of `network`) against every requirement of
/// the model, `[[constraint]]` rows (the user's and plugins') included.
#[cfg_attr(feature = "dev", visibility::make(pub))]
pub(crate) fn verify(model: &Model, network: &Network, flows: &[f64]) -> Verification {
    let mut v = check_all(model, network, flows);
    v.finish(REPORTED_VIOLATIONS);
    v
}

/// Every check, unsorted and untruncated. `network` may hold any arcs from
/// a supply to a demand (a plan's arcs need not be allowed ones).
fn check_all(model: &Model, network: &Network, flows: &[f64]) -> Verification {
    let mut v = Verification::default();
    let nc = model.num_contaminants();
    let unit = model.flow_unit;
    let flow_figures = |value: f64, limit: f64| {
        Some(Figures {
            value: unit.from_internal(value),
            limit: unit.from_internal(limit),
            unit: unit.name().to_string(),
        })
    };
    let mgl = |value: f64, limit: f64| {
        Some(Figures {
            value,
            limit,
            unit: "mg/L".to_string(),
        })
    };
    let forbid = ForbidCheck::new(model);
    for (a, &f) in flows.iter().enumerate() {
        let (from, to) = network.arc(a);
        let name = || format!("{} -> {}", model.supply_name(from), model.demand_name(to));
        v.check_figures(-f, || {
            (
                format!("flow {} is not negative", name()),
                flow_figures(f, 0.0),
            )
        });
        if f > 0.0 {
            let refused = arc_refusal(model, &forbid, from, to);
            v.check_figures(
                if refused.is_none() {
                    0.0
                } else {
                    f64::INFINITY
                },
                || {
                    (
                        format!("no flow on arc {}: {}", name(), refused.unwrap_or_default()),
                        flow_figures(f, 0.0),
                    )
                },
            );
        }
    }
    let b = Balances::new(model, network, flows);
    let quality =
        |mass: f64, flow: f64, limit: f64| (mass - limit * flow) / (limit.max(1.0) * flow.max(1.0));
    // Concentration of a mix, mg/L (0 when nothing flows).
    let conc = |mass: f64, flow: f64| if flow > 0.0 { mass / flow } else { 0.0 };

    for (i, s) in model.sinks.iter().enumerate() {
        let inflow = b.sink_in[i];
        let short = excess(s.min_flow, inflow);
        v.check_figures(short.max(excess(inflow, s.max_flow)), || {
            let (what, limit) = if short > 0.0 {
                ("at least", s.min_flow)
            } else {
                ("at most", s.max_flow)
            };
            (
                format!("sink {} receives {what} its demand", s.id),
                flow_figures(inflow, limit),
            )
        });
        for k in 0..nc {
            if s.max_conc[k].is_finite() {
                let mass = b.sink_mass[i * nc + k];
                v.check_figures(quality(mass, inflow, s.max_conc[k]), || {
                    (
                        format!(
                            "sink {} {} <= {} mg/L",
                            s.id, model.contaminants[k], s.max_conc[k]
                        ),
                        mgl(conc(mass, inflow), s.max_conc[k]),
                    )
                });
            }
        }
    }
    for (i, s) in model.sources.iter().enumerate() {
        v.check_figures((b.source_out[i] - s.flow).abs() / s.flow.max(1.0), || {
            (
                format!("all effluent of source {} is routed", s.id),
                flow_figures(b.source_out[i], s.flow),
            )
        });
    }
    for (i, x) in model.intakes.iter().enumerate() {
        if let Some(cap) = x.max_flow {
            v.check_figures(excess(b.intake_out[i], cap), || {
                (
                    format!("intake {} within its permit", x.id),
                    flow_figures(b.intake_out[i], cap),
                )
            });
        }
    }
    for (t, unit) in model.treatments.iter().enumerate() {
        let inflow = b.treatment_in[t];
        // Relative to the product, not the inflow: of a unit that keeps a
        // millionth of its feed, a product 10 % off is a small fraction of
        // the inflow (found by the fuzz run's injected wrong answers).
        let product = unit.recovery * inflow;
        v.check_figures(
            (b.treatment_out[t] - product).abs() / product.max(b.treatment_out[t]).max(1.0),
            || {
                (
                    format!("treatment {} product = recovery x inflow", unit.id),
                    flow_figures(b.treatment_out[t], unit.recovery * inflow),
                )
            },
        );
        if let Some(cap) = unit.max_flow {
            v.check_figures(excess(inflow, cap), || {
                (
                    format!("treatment {} within capacity", unit.id),
                    flow_figures(inflow, cap),
                )
            });
        }
        for k in 0..nc {
            let mass = b.treatment_mass[t * nc + k];
            if unit.max_inlet_conc[k].is_finite() {
                v.check_figures(quality(mass, inflow, unit.max_inlet_conc[k]), || {
                    (
                        format!(
                            "treatment {} inlet {} <= {} mg/L",
                            unit.id, model.contaminants[k], unit.max_inlet_conc[k]
                        ),
                        mgl(conc(mass, inflow), unit.max_inlet_conc[k]),
                    )
                });
            }
            let product = unit.recovery * inflow * unit.outlet_conc[k];
            // A contaminant the unit does not remove is checked in `streams.rs`.
            if model.streams.removes(t, k) {
                v.check_figures(
                    (product - mass) / (unit.outlet_conc[k].max(1.0) * inflow.max(1.0)),
                    || {
                        (
                            format!(
                                "treatment {} does not add {}",
                                unit.id, model.contaminants[k]
                            ),
                            Some(Figures {
                                value: 1e-3 * product,
                                limit: 1e-3 * mass,
                                unit: "kg/h".to_string(),
                            }),
                        )
                    },
                );
            }
        }
    }
    for (d, out) in model.discharges.iter().enumerate() {
        let inflow = b.discharge_in[d];
        for k in 0..nc {
            let mass = b.discharge_mass[d * nc + k];
            if out.max_conc[k].is_finite() {
                v.check_figures(quality(mass, inflow, out.max_conc[k]), || {
                    (
                        format!(
                            "discharge {} {} <= {} mg/L",
                            out.id, model.contaminants[k], out.max_conc[k]
                        ),
                        mgl(conc(mass, inflow), out.max_conc[k]),
                    )
                });
            }
            if out.max_load[k].is_finite() {
                v.check_figures(excess(1e-3 * mass, out.max_load[k]), || {
                    (
                        format!(
                            "discharge {} {} load <= {} kg/h",
                            out.id, model.contaminants[k], out.max_load[k]
                        ),
                        Some(Figures {
                            value: 1e-3 * mass,
                            limit: out.max_load[k],
                            unit: "kg/h".to_string(),
                        }),
                    )
                });
            }
        }
    }
    let p = &model.policy;
    let fresh = b.freshwater();
    if let Some(rate) = p.min_reuse_rate {
        let repeated = b.reused + model.recirculation();
        let total = repeated + fresh;
        // A park that uses no water at all meets any rate (0/0): the LP row
        // (1 - rate) repeated >= rate fresh holds there too.
        let achieved = if total > 0.0 { repeated / total } else { rate };
        let shortfall = if total > 0.0 {
            rate - achieved - 1e-12
        } else {
            0.0
        };
        v.check_figures(shortfall, || {
            (
                format!("park reuse rate >= {rate}"),
                Some(Figures {
                    value: achieved,
                    limit: rate,
                    unit: "fraction".to_string(),
                }),
            )
        });
    }
    if let Some(cap) = p.max_intake {
        v.check_figures(excess(fresh, cap), || {
            (
                format!("park intake <= {} {}", unit.from_internal(cap), unit.name()),
                flow_figures(fresh, cap),
            )
        });
    }
    if let Some(cap) = p.max_discharge {
        v.check_figures(excess(b.discharge(), cap), || {
            (
                format!(
                    "park discharge <= {} {}",
                    unit.from_internal(cap),
                    unit.name()
                ),
                flow_figures(b.discharge(), cap),
            )
        });
    }
    streams::check(model, network, flows, &b, &mut v);
    constraints::check(model, network, flows, &mut v);
    v
}

/// The model's forbid rules, read directly (not through the network
/// builder): exact (from, to) id pairs in a hash map, other rules compiled
/// once and tested with wildmatch per flowing arc.
struct ForbidCheck<'m> {
    exact: HashMap<(&'m str, &'m str), usize>,
    patterns: Vec<(WildMatch, WildMatch, usize)>,
}

impl<'m> ForbidCheck<'m> {
    fn new(model: &'m Model) -> Self {
        let wild = |s: &str| s.contains(['*', '?']);
        let (mut exact, mut patterns) = (HashMap::new(), Vec::new());
        for (i, r) in model.forbid.iter().enumerate() {
            if wild(&r.from) || wild(&r.to) {
                patterns.push((WildMatch::new(&r.from), WildMatch::new(&r.to), i));
            } else {
                exact.entry((r.from.as_str(), r.to.as_str())).or_insert(i);
            }
        }
        ForbidCheck { exact, patterns }
    }

    /// The first rule (by index) that forbids `from -> to`.
    fn rule(&self, from: &str, to: &str) -> Option<usize> {
        let exact = self.exact.get(&(from, to)).copied();
        let pattern = self
            .patterns
            .iter()
            .find(|(f, t, _)| f.matches(from) && t.matches(to))
            .map(|p| p.2);
        match (exact, pattern) {
            (Some(a), Some(b)) => Some(a.min(b)),
            (a, b) => a.or(b),
        }
    }
}

/// Why an arc may not carry water, decided from the model's rules directly
/// (not from the network builder); `None` when it may.
fn arc_refusal(model: &Model, forbid: &ForbidCheck, u: SupplyId, v: DemandId) -> Option<String> {
    let (from, to) = (model.supply_name(u), model.demand_name(v));
    match (model.supply(u), model.demand(v)) {
        (SupplyRef::Intake(_), DemandRef::Discharge(_)) => {
            return Some("fresh water may not be discharged unused".to_string())
        }
        (SupplyRef::Treatment(a), DemandRef::Treatment(b)) if a == b => {
            return Some("a unit cannot feed itself".to_string())
        }
        (supply, DemandRef::Sink(k)) => {
            let kind = match supply {
                SupplyRef::Intake(i) => SupplyKind::Intake(model.intakes[i].kind),
                SupplyRef::Source(_) => SupplyKind::Source,
                SupplyRef::Treatment(_) => SupplyKind::Treatment,
            };
            if !model.sinks[k].accepts.contains(kind) {
                let what = match kind {
                    SupplyKind::Intake(k) => format!("{} water", k.name()),
                    SupplyKind::Source => "effluent (source)".to_string(),
                    SupplyKind::Treatment => "treated water".to_string(),
                };
                return Some(format!("sink {to} does not accept {what}"));
            }
        }
        _ => {}
    }
    forbid.rule(from, to).map(|i| {
        let r = &model.forbid[i];
        let why = r
            .reason
            .as_deref()
            .map(|w| format!(": {w}"))
            .unwrap_or_default();
        format!("forbidden by [[forbid]] {} -> {}{why}", r.from, r.to)
    })
}
