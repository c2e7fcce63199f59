//! `[[constraint]]` tables: user linear constraints over arc selectors,
//! checked and converted (flows to t/h; mass terms stay in kg/h).

use super::checker::{Checker, Contaminants, Range};
use crate::model::{Constraint, ConstraintTerm, FlowUnit};
use crate::scenario::{self as file, Scenario};
use wildmatch::WildMatch;

const FROM_KINDS: [&str; 3] = ["intake", "source", "treatment"];
const TO_KINDS: [&str; 3] = ["sink", "treatment", "discharge"];

/// Checks every `[[constraint]]` and converts it.
pub(super) fn constraints(
    c: &mut Checker,
    s: &Scenario,
    contaminants: &Contaminants,
    unit: FlowUnit,
    supplies: &[&str],
    demands: &[&str],
) -> Vec<Constraint> {
    let enterprises: Vec<&str> = s.enterprises.iter().map(|e| e.id.as_str()).collect();
    s.constraints
        .iter()
        .enumerate()
        .map(|(n, k)| {
            let p = format!("constraint[{n}]");
            if k.label.trim().is_empty() {
                c.push(
                    format!("{p}.label"),
                    "id.empty",
                    "a constraint needs a label (it names the row)",
                );
            }
            let rhs = c
                .number(&format!("{p}.rhs"), k.rhs, Range::Any)
                .unwrap_or(0.0);
            if k.terms.is_empty() {
                c.push(
                    format!("{p}.term"),
                    "constraint.empty",
                    "a constraint needs at least one term",
                );
            }
            let terms: Vec<ConstraintTerm> = k
                .terms
                .iter()
                .enumerate()
                .map(|(i, t)| {
                    term(
                        c,
                        &format!("{p}.term[{i}]"),
                        t,
                        contaminants,
                        supplies,
                        demands,
                        &enterprises,
                    )
                })
                .collect();
            let mass = terms.iter().filter(|t| t.contaminant.is_some()).count();
            if mass > 0 && mass < terms.len() {
                c.push(
                    format!("{p}.term"),
                    "constraint.mixed_units",
                    "terms weigh flow and mass together; a row has one unit",
                );
            }
            let rhs = if mass > 0 { rhs } else { unit.to_internal(rhs) };
            let (lower, upper) = match k.sense.trim() {
                "<=" => (f64::NEG_INFINITY, rhs),
                ">=" => (rhs, f64::INFINITY),
                "=" | "==" => (rhs, rhs),
                other => {
                    c.push(
                        format!("{p}.sense"),
                        "constraint.sense",
                        format!("'{other}' is not one of <=, >=, ="),
                    );
                    (f64::NEG_INFINITY, f64::INFINITY)
                }
            };
            Constraint {
                label: k.label.clone(),
                lower,
                upper,
                terms,
            }
        })
        .collect()
}

fn term(
    c: &mut Checker,
    p: &str,
    t: &file::ConstraintTerm,
    contaminants: &Contaminants,
    supplies: &[&str],
    demands: &[&str],
    enterprises: &[&str],
) -> ConstraintTerm {
    let coef = c
        .number(&format!("{p}.coef"), t.coef, Range::Any)
        .unwrap_or(0.0);
    let mut pattern = |field: &str, value: &Option<String>, ids: &[&str], what: &str| -> String {
        let pat = value.clone().unwrap_or_else(|| "*".to_string());
        let m = WildMatch::new(&pat);
        if !ids.iter().any(|id| m.matches(id)) {
            c.push(
                format!("{p}.{field}"),
                "constraint.no_match",
                format!("'{pat}' matches no {what}"),
            );
        }
        pat
    };
    let from = pattern("from", &t.from, supplies, "supply id");
    let to = pattern("to", &t.to, demands, "demand id");
    let from_enterprise = t.from_enterprise.as_ref().map(|e| {
        pattern(
            "from_enterprise",
            &Some(e.clone()),
            enterprises,
            "enterprise id",
        )
    });
    let to_enterprise = t.to_enterprise.as_ref().map(|e| {
        pattern(
            "to_enterprise",
            &Some(e.clone()),
            enterprises,
            "enterprise id",
        )
    });
    let mut kind = |field: &str, value: &Option<String>, allowed: &[&str]| {
        if let Some(k) = value {
            if !allowed.contains(&k.as_str()) {
                c.push(
                    format!("{p}.{field}"),
                    "kind.unknown",
                    format!("'{k}' is not one of {}", allowed.join(", ")),
                );
            }
        }
        value.clone()
    };
    let from_kind = kind("from_kind", &t.from_kind, &FROM_KINDS);
    let to_kind = kind("to_kind", &t.to_kind, &TO_KINDS);
    let contaminant = t.contaminant.as_ref().and_then(|name| {
        let k = contaminants.index.get(name.as_str()).copied();
        if k.is_none() {
            c.push(
                format!("{p}.contaminant"),
                "contaminant.undeclared",
                format!("'{name}' is not in `contaminants`"),
            );
        }
        k
    });
    ConstraintTerm {
        from,
        to,
        from_kind,
        to_kind,
        from_enterprise,
        to_enterprise,
        coef,
        contaminant,
    }
}
