//! Treatments: recovery and its reject stream (`reject_to`), outlet and inlet
//! concentrations, capacity and operating cost.

use super::checker::{entity_path, Checker, Range};
use super::ids::Ids;
use crate::model::{FlowUnit, Treatment};
use crate::scenario::{self as file, Scenario};
use std::collections::HashMap;

pub(super) fn treatments(
    c: &mut Checker,
    s: &Scenario,
    ids: &Ids,
    unit: FlowUnit,
) -> Vec<Treatment> {
    let discharge_ids: HashMap<&str, usize> = s
        .discharges
        .iter()
        .enumerate()
        .map(|(i, d)| (d.id.as_str(), i))
        .collect();
    s.treatments
        .iter()
        .enumerate()
        .map(|(n, t)| {
            let p = entity_path("treatment", &t.id, n);
            let recovery = c
                .optional(&format!("{p}.recovery"), t.recovery, Range::Fraction)
                .unwrap_or(1.0);
            let reject_to = reject_to(c, &p, t, recovery, &discharge_ids, ids);
            Treatment {
                id: t.id.clone(),
                enterprise: ids.owner(c, &p, &t.enterprise),
                kind: t.kind.clone().unwrap_or_default(),
                outlet_conc: c.per_contaminant(
                    &format!("{p}.outlet_conc"),
                    &t.outlet_conc,
                    &ids.contaminants,
                    true,
                    0.0,
                ),
                recovery,
                max_flow: c
                    .optional(&format!("{p}.max_flow"), t.max_flow, Range::NonNegative)
                    .map(|v| unit.to_internal(v)),
                opex: c
                    .optional(&format!("{p}.opex"), t.opex, Range::NonNegative)
                    .unwrap_or(0.0),
                max_inlet_conc: c.per_contaminant(
                    &format!("{p}.max_inlet_conc"),
                    &t.max_inlet_conc,
                    &ids.contaminants,
                    false,
                    f64::INFINITY,
                ),
                reject_to,
                location: c.location(&format!("{p}.location"), t.location),
            }
        })
        .collect()
}

/// The discharge taking the reject stream: required when recovery < 1, refused
/// when recovery is 1.
fn reject_to(
    c: &mut Checker,
    p: &str,
    t: &file::Treatment,
    recovery: f64,
    discharge_ids: &HashMap<&str, usize>,
    ids: &Ids,
) -> Option<usize> {
    match (&t.reject_to, recovery < 1.0) {
        (Some(id), true) => {
            if !discharge_ids.contains_key(id.as_str()) && ids.nodes.contains_key(id.as_str()) {
                c.push(
                    format!("{p}.reject_to"),
                    "ref.unknown_discharge",
                    format!("'{id}' is not a discharge"),
                );
                None
            } else {
                c.reference(
                    &format!("{p}.reject_to"),
                    id,
                    discharge_ids,
                    "ref.unknown_discharge",
                    "discharge",
                )
            }
        }
        (None, true) => {
            c.push(
                format!("{p}.reject_to"),
                "reject_to.missing",
                format!(
                    "recovery {recovery} < 1 leaves a reject stream; name the discharge that takes it"
                ),
            );
            None
        }
        (Some(_), false) => {
            c.push(
                format!("{p}.reject_to"),
                "reject_to.unused",
                "recovery is 1, so there is no reject stream for `reject_to` to take",
            );
            None
        }
        (None, false) => None,
    }
}
