//! Verifying a plan that did not come from this solve: a consultant's
//! hand-drawn network, another tool's optimum, last year's operating flows.
//!
//! A plan is the JSON `parkwater solve --format json` writes (at least its
//! `flows`; every other key is ignored). Its arcs are resolved against the
//! scenario's nodes, its rejects recomputed from the flows into treatment
//! units, and the flows go through the very checks that verify the engine's
//! own answers ([`super::verify`]), every violation listed.

use super::{check_all, design, Balances, Verification};
use crate::model::{DemandId, DemandRef, Model, SupplyId, SupplyRef};
use crate::network::Network;
use crate::validate::{Problem, ValidationError};
use serde::{Deserialize, Serialize};
use std::collections::HashMap;
use std::path::Path;

/// A plan to check: flows on arcs, in the scenario's flow unit.
#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
pub struct Plan {
    /// Flow on each arc; arcs left out carry nothing.
    pub flows: Vec<PlanFlow>,
    /// Treatment rejects as the plan states them; they are recomputed from
    /// the flows, and a stated one that differs is noted.
    #[serde(default)]
    pub rejects: Vec<PlanFlow>,
    /// Network design (pipes, units, capital), checked by `design::check`.
    #[serde(default)]
    pub design: Option<serde_json::Value>,
}

/// One arc of a plan.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PlanFlow {
    /// Supply id (intake, source, treatment product).
    pub from: String,
    /// Demand id (sink, treatment inlet, discharge).
    pub to: String,
    /// In the scenario's flow unit.
    pub flow: f64,
}

/// What checking a plan found.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PlanVerification {
    /// Every check, every violation (worst first).
    pub verification: Verification,
    /// Total fresh intake of the plan, in the scenario's flow unit.
    pub freshwater: f64,
    /// Total discharge, rejects included, in the scenario's flow unit.
    pub discharge: f64,
    /// The scenario's flow unit.
    pub flow_unit: &'static str,
    /// Remarks that are not violations (a stated reject that differs from
    /// the recomputed one, a section not checked).
    pub notes: Vec<String>,
}

impl PlanVerification {
    /// Whether every check holds within `super::TOLERANCE`.
    pub fn passed(&self) -> bool {
        self.verification.passed()
    }

    /// The document `parkwater verify --format json` prints and Python's
    /// `parkwater.verify` returns: `status` (`verified` or `violated`),
    /// `checks`, `violated`, `max_violation`, `violations` (worst first:
    /// `check`, `amount`, and `value`, `limit`, `unit` where the check
    /// compares a figure with a limit), `freshwater`, `discharge`,
    /// `flow_unit`, `notes`.
    pub fn to_json(&self) -> serde_json::Value {
        let v = &self.verification;
        serde_json::json!({
            "status": if self.passed() { "verified" } else { "violated" },
            "checks": v.checks,
            "violated": v.violated,
            "max_violation": v.max_violation,
            "violations": v.violations,
            "freshwater": self.freshwater,
            "discharge": self.discharge,
            "flow_unit": self.flow_unit,
            "notes": self.notes,
        })
    }
}

impl Plan {
    /// A solve's flows as a plan (its rejects are recomputed, its design
    /// section left out): what `parkwater verify` would read back from the
    /// report's JSON flows.
    #[cfg(feature = "dev")] // for the tests, benches and examples only
    #[visibility::make(pub)]
    pub(crate) fn of_report_flows(report: &crate::report::Report) -> Plan {
        Plan {
            flows: report
                .flows
                .iter()
                .map(|f| PlanFlow {
                    from: f.from.clone(),
                    to: f.to.clone(),
                    flow: f.flow,
                })
                .collect(),
            ..Default::default()
        }
    }

    /// Reads a plan from JSON text; `origin` names it in errors.
    pub fn from_json(text: &str, origin: &Path) -> Result<Plan, ValidationError> {
        let fail = |path: String, code: &'static str, message: String| {
            ValidationError {
                origin: None,
                problems: vec![Problem {
                    path,
                    code,
                    message,
                }],
            }
            .with_origin(origin)
        };
        let value: serde_json::Value = serde_json::from_str(text).map_err(|e| {
            fail(
                String::new(),
                "file.syntax",
                format!("{e} ({}:{}:{})", origin.display(), e.line(), e.column()),
            )
        })?;
        let Some(object) = value.as_object() else {
            return Err(fail(
                String::new(),
                "type.mismatch",
                "a plan is a JSON object with a \"flows\" list".to_string(),
            ));
        };
        if !object.contains_key("flows") {
            return Err(fail(
                "flows".to_string(),
                "field.missing",
                "required field is missing: a plan lists its flows as [{\"from\", \"to\", \"flow\"}]"
                    .to_string(),
            ));
        }
        let mut problems = Vec::new();
        let mut list = |key: &str| -> Vec<PlanFlow> {
            let Some(items) = object.get(key) else {
                return Vec::new();
            };
            let Some(items) = items.as_array() else {
                problems.push(Problem {
                    path: key.to_string(),
                    code: "type.mismatch",
                    message: "expected a list of {\"from\", \"to\", \"flow\"}".to_string(),
                });
                return Vec::new();
            };
            items
                .iter()
                .enumerate()
                .filter_map(|(i, item)| match PlanFlow::deserialize(item) {
                    Ok(f) => Some(f),
                    Err(e) => {
                        problems.push(Problem {
                            path: format!("{key}[{i}]"),
                            code: crate::scenario::serde_code(&e.to_string()),
                            message: crate::scenario::serde_message(&e.to_string()),
                        });
                        None
                    }
                })
                .collect()
        };
        let flows = list("flows");
        let rejects = list("rejects");
        if !problems.is_empty() {
            problems.sort();
            return Err(ValidationError {
                origin: Some(origin.to_path_buf()),
                problems,
            });
        }
        Ok(Plan {
            flows,
            rejects,
            design: object.get("design").cloned(),
        })
    }
}

/// The role a node id plays.
#[derive(Clone, Copy)]
struct Roles {
    supply: Option<SupplyId>,
    demand: Option<DemandId>,
    kind: &'static str,
}

/// Checks a plan against every requirement of `model`; `Err` lists every
/// arc that is not one of the park (an unknown node, water flowing out of a
/// sink, an intake straight to a discharge, an arc listed twice).
pub fn verify_plan(model: &Model, plan: &Plan) -> Result<PlanVerification, ValidationError> {
    let mut roles: HashMap<&str, Roles> = HashMap::new();
    for u in (0..model.num_supplies() as u32).map(SupplyId) {
        let kind = match model.supply(u) {
            SupplyRef::Intake(_) => "an intake",
            SupplyRef::Source(_) => "a source",
            SupplyRef::Treatment(_) => "a treatment unit",
        };
        roles.insert(
            model.supply_name(u),
            Roles {
                supply: Some(u),
                demand: None,
                kind,
            },
        );
    }
    for d in (0..model.num_demands() as u32).map(DemandId) {
        let kind = match model.demand(d) {
            DemandRef::Sink(_) => "a sink",
            DemandRef::Treatment(_) => "a treatment unit",
            DemandRef::Discharge(_) => "a discharge",
        };
        roles
            .entry(model.demand_name(d))
            .and_modify(|r| r.demand = Some(d))
            .or_insert(Roles {
                supply: None,
                demand: Some(d),
                kind,
            });
    }
    let mut problems = Vec::new();
    let mut arcs = Vec::new();
    let mut flows = Vec::new();
    let mut seen: HashMap<(SupplyId, DemandId), usize> = HashMap::new();
    for (i, f) in plan.flows.iter().enumerate() {
        let p = format!("flows[{i}]");
        let mut problem = |path: String, code, message: String| {
            problems.push(Problem {
                path,
                code,
                message,
            })
        };
        let from = match roles.get(f.from.as_str()) {
            None => {
                problem(
                    format!("{p}.from"),
                    "plan.unknown_node",
                    format!("'{}' is not a node of the scenario", f.from),
                );
                None
            }
            Some(r) if r.supply.is_none() => {
                problem(
                    format!("{p}.from"),
                    "plan.no_such_arc",
                    format!("'{}' is {}: no water flows out of it", f.from, r.kind),
                );
                None
            }
            Some(r) => r.supply,
        };
        let to = match roles.get(f.to.as_str()) {
            None => {
                problem(
                    format!("{p}.to"),
                    "plan.unknown_node",
                    format!("'{}' is not a node of the scenario", f.to),
                );
                None
            }
            Some(r) if r.demand.is_none() => {
                problem(
                    format!("{p}.to"),
                    "plan.no_such_arc",
                    format!("'{}' is {}: no water flows into it", f.to, r.kind),
                );
                None
            }
            Some(r) => r.demand,
        };
        if !f.flow.is_finite() {
            problem(
                format!("{p}.flow"),
                "number.not_finite",
                format!("{} is not a flow", f.flow),
            );
        }
        let (Some(u), Some(d)) = (from, to) else {
            continue;
        };
        match (model.supply(u), model.demand(d)) {
            (SupplyRef::Intake(_), DemandRef::Discharge(_)) => problem(
                p.clone(),
                "plan.no_such_arc",
                format!(
                    "there is no arc {} -> {}: fresh water is never discharged unused",
                    f.from, f.to
                ),
            ),
            (SupplyRef::Treatment(a), DemandRef::Treatment(b)) if a == b => problem(
                p.clone(),
                "plan.no_such_arc",
                format!(
                    "there is no arc {} -> {}: a unit cannot feed itself",
                    f.from, f.to
                ),
            ),
            _ => {}
        }
        if let Some(first) = seen.insert((u, d), i) {
            problem(
                p.clone(),
                "plan.duplicate_arc",
                format!(
                    "arc {} -> {} is listed twice (also flows[{first}])",
                    f.from, f.to
                ),
            );
        }
        arcs.push((u, d));
        flows.push(model.flow_unit.to_internal(f.flow));
    }
    if !problems.is_empty() {
        problems.sort();
        return Err(ValidationError {
            origin: None,
            problems,
        });
    }
    let network = Network::from_arcs(arcs);
    let mut verification = check_all(model, &network, &flows);
    let mut notes = Vec::new();
    design::check(
        model,
        &network,
        &flows,
        plan.design.as_ref(),
        &mut verification,
        &mut notes,
    )
    .map_err(|problems| ValidationError {
        origin: None,
        problems,
    })?;
    verification.finish(usize::MAX);
    let b = Balances::new(model, &network, &flows);
    let unit = model.flow_unit;
    for r in &plan.rejects {
        let Some(t) = model.treatments.iter().position(|t| t.id == r.from) else {
            notes.push(format!(
                "rejects: '{}' is not a treatment unit; rejects are recomputed from the flows",
                r.from
            ));
            continue;
        };
        let computed = unit.from_internal(b.reject[t]);
        if (computed - r.flow).abs() > 1e-6 * computed.abs().max(1.0) {
            notes.push(format!(
                "rejects: the plan states {} {} from {}, the flows into it give {} {}",
                r.flow,
                unit.name(),
                r.from,
                computed,
                unit.name()
            ));
        }
    }
    Ok(PlanVerification {
        verification,
        freshwater: unit.from_internal(b.freshwater()),
        discharge: unit.from_internal(b.discharge()),
        flow_unit: unit.name(),
        notes,
    })
}
