//! Independent verification: re-checks a flow assignment against the
//! *model* (not the LP rows), so a formulation or solver bug cannot hide.
//!
//! Each check reports a relative violation: flow balances relative to the
//! flow, quality relative to limit x flow, caps relative to the cap.

mod balances;

pub use balances::Balances;

use crate::model::{DemandId, DemandRef, Model, SupplyId, SupplyKind, SupplyRef};
use crate::network::Network;
use serde::Serialize;
use std::collections::HashSet;
use wildmatch::WildMatch;

/// Largest relative violation accepted in an optimal solution.
pub const TOLERANCE: f64 = 1e-7;

/// The result of verification.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Verification {
    /// Largest relative violation over all checks (0 when all hold exactly).
    pub max_violation: f64,
    /// Number of checks made.
    pub checks: usize,
    /// Checks violated by more than [`TOLERANCE`], worst first (at most 20).
    pub violations: Vec<Violation>,
}

/// One failed check.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Violation {
    /// What was checked, in park terms.
    pub check: String,
    /// Relative violation.
    pub amount: f64,
}

impl Verification {
    /// Whether every check holds within [`TOLERANCE`].
    pub fn passed(&self) -> bool {
        self.max_violation <= TOLERANCE
    }

    fn check(&mut self, amount: f64, what: impl FnOnce() -> String) {
        self.checks += 1;
        let amount = if amount.is_nan() {
            f64::INFINITY
        } else {
            amount.max(0.0)
        };
        self.max_violation = self.max_violation.max(amount);
        if amount > TOLERANCE {
            self.violations.push(Violation {
                check: what(),
                amount,
            });
        }
    }
}

/// Relative excess of `value` over `limit`.
fn excess(value: f64, limit: f64) -> f64 {
    (value - limit) / limit.abs().max(1.0)
}

/// Verifies flows (t/h per arc of `network`) against every requirement of the model.
pub fn verify(model: &Model, network: &Network, flows: &[f64]) -> Verification {
    let mut v = Verification::default();
    let nc = model.num_contaminants();
    let forbid = ForbidCheck::new(model);
    for (a, &f) in flows.iter().enumerate() {
        let (from, to) = network.arc(a);
        let name = || format!("{} -> {}", model.supply_name(from), model.demand_name(to));
        v.check(-f, || format!("flow {} is not negative", name()));
        if f > 0.0 {
            v.check(
                if arc_allowed(model, &forbid, from, to) {
                    0.0
                } else {
                    f64::INFINITY
                },
                || format!("arc {} is allowed", name()),
            );
        }
    }
    let b = Balances::new(model, network, flows);
    let quality =
        |mass: f64, flow: f64, limit: f64| (mass - limit * flow) / (limit.max(1.0) * flow.max(1.0));

    for (i, s) in model.sinks.iter().enumerate() {
        let inflow = b.sink_in[i];
        v.check(
            excess(s.min_flow, inflow).max(excess(inflow, s.max_flow)),
            || format!("sink {} receives its demand", s.id),
        );
        for k in 0..nc {
            if s.max_conc[k].is_finite() {
                v.check(
                    quality(b.sink_mass[i * nc + k], inflow, s.max_conc[k]),
                    || {
                        format!(
                            "sink {} {} <= {} mg/L",
                            s.id, model.contaminants[k], s.max_conc[k]
                        )
                    },
                );
            }
        }
    }
    for (i, s) in model.sources.iter().enumerate() {
        v.check((b.source_out[i] - s.flow).abs() / s.flow.max(1.0), || {
            format!("all effluent of source {} is routed", s.id)
        });
    }
    for (i, x) in model.intakes.iter().enumerate() {
        if let Some(cap) = x.max_flow {
            v.check(excess(b.intake_out[i], cap), || {
                format!("intake {} within its permit", x.id)
            });
        }
    }
    for (t, unit) in model.treatments.iter().enumerate() {
        let inflow = b.treatment_in[t];
        v.check(
            (b.treatment_out[t] - unit.recovery * inflow).abs() / inflow.max(1.0),
            || format!("treatment {} product = recovery x inflow", unit.id),
        );
        if let Some(cap) = unit.max_flow {
            v.check(excess(inflow, cap), || {
                format!("treatment {} within capacity", unit.id)
            });
        }
        for k in 0..nc {
            let mass = b.treatment_mass[t * nc + k];
            if unit.max_inlet_conc[k].is_finite() {
                v.check(quality(mass, inflow, unit.max_inlet_conc[k]), || {
                    format!(
                        "treatment {} inlet {} <= {} mg/L",
                        unit.id, model.contaminants[k], unit.max_inlet_conc[k]
                    )
                });
            }
            let product = unit.recovery * inflow * unit.outlet_conc[k];
            v.check(
                (product - mass) / (unit.outlet_conc[k].max(1.0) * inflow.max(1.0)),
                || {
                    format!(
                        "treatment {} does not add {}",
                        unit.id, model.contaminants[k]
                    )
                },
            );
        }
    }
    for (d, out) in model.discharges.iter().enumerate() {
        let inflow = b.discharge_in[d];
        for k in 0..nc {
            let mass = b.discharge_mass[d * nc + k];
            if out.max_conc[k].is_finite() {
                v.check(quality(mass, inflow, out.max_conc[k]), || {
                    format!(
                        "discharge {} {} <= {} mg/L",
                        out.id, model.contaminants[k], out.max_conc[k]
                    )
                });
            }
            if out.max_load[k].is_finite() {
                v.check(excess(1e-3 * mass, out.max_load[k]), || {
                    format!(
                        "discharge {} {} load <= {} kg/h",
                        out.id, model.contaminants[k], out.max_load[k]
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
        let shortfall = if total > 0.0 {
            rate - repeated / total - 1e-12
        } else {
            0.0
        };
        v.check(shortfall, || format!("park reuse rate >= {rate}"));
    }
    if let Some(cap) = p.max_intake {
        v.check(excess(fresh, cap), || format!("park intake <= {cap} t/h"));
    }
    if let Some(cap) = p.max_discharge {
        v.check(excess(b.discharge(), cap), || {
            format!("park discharge <= {cap} t/h")
        });
    }
    v.violations.sort_by(|a, b| {
        b.amount
            .total_cmp(&a.amount)
            .then_with(|| a.check.cmp(&b.check))
    });
    v.violations.truncate(20);
    v
}

/// The model's forbid rules, read directly (not through the network
/// builder): exact (from, to) id pairs in a hash set, other rules compiled
/// once and tested with wildmatch per flowing arc.
struct ForbidCheck<'m> {
    exact: HashSet<(&'m str, &'m str)>,
    patterns: Vec<(WildMatch, WildMatch)>,
}

impl<'m> ForbidCheck<'m> {
    fn new(model: &'m Model) -> Self {
        let wild = |s: &str| s.contains(['*', '?']);
        let (mut exact, mut patterns) = (HashSet::new(), Vec::new());
        for r in &model.forbid {
            if wild(&r.from) || wild(&r.to) {
                patterns.push((WildMatch::new(&r.from), WildMatch::new(&r.to)));
            } else {
                exact.insert((r.from.as_str(), r.to.as_str()));
            }
        }
        ForbidCheck { exact, patterns }
    }

    fn forbids(&self, from: &str, to: &str) -> bool {
        self.exact.contains(&(from, to))
            || self
                .patterns
                .iter()
                .any(|(f, t)| f.matches(from) && t.matches(to))
    }
}

/// Whether an arc may exist, decided from the model's rules directly (not
/// from the network builder), for the arcs that carry water.
fn arc_allowed(model: &Model, forbid: &ForbidCheck, u: SupplyId, v: DemandId) -> bool {
    let physical = match (model.supply(u), model.demand(v)) {
        (SupplyRef::Intake(_), DemandRef::Discharge(_)) => false,
        (SupplyRef::Treatment(a), DemandRef::Treatment(b)) => a != b,
        (supply, DemandRef::Sink(k)) => model.sinks[k].accepts.contains(match supply {
            SupplyRef::Intake(i) => SupplyKind::Intake(model.intakes[i].kind),
            SupplyRef::Source(_) => SupplyKind::Source,
            SupplyRef::Treatment(_) => SupplyKind::Treatment,
        }),
        _ => true,
    };
    physical && !forbid.forbids(model.supply_name(u), model.demand_name(v))
}
