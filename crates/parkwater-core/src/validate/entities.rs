//! Enterprises, intakes, sources and discharges: scenario entries to model
//! entities, flows converted to t/h.

use super::checker::{entity_path, Checker, Range};
use super::ids::Ids;
use super::quality::limits;
use crate::model::{Discharge, Enterprise, FlowUnit, Intake, IntakeKind, Source};
use crate::scenario::Scenario;

pub(super) fn enterprises(c: &mut Checker, s: &Scenario, unit: FlowUnit) -> Vec<Enterprise> {
    s.enterprises
        .iter()
        .enumerate()
        .map(|(n, e)| {
            let p = entity_path("enterprise", &e.id, n);
            Enterprise {
                id: e.id.clone(),
                industry: e.industry.clone(),
                location: c.location(&format!("{p}.location"), e.location),
                recirculation: c
                    .optional(
                        &format!("{p}.recirculation"),
                        e.recirculation,
                        Range::NonNegative,
                    )
                    .map_or(0.0, |v| unit.to_internal(v)),
            }
        })
        .collect()
}

pub(super) fn intakes(c: &mut Checker, s: &Scenario, ids: &Ids, unit: FlowUnit) -> Vec<Intake> {
    s.intakes
        .iter()
        .enumerate()
        .map(|(n, i)| {
            let p = entity_path("intake", &i.id, n);
            let kind = IntakeKind::parse(&i.kind).unwrap_or_else(|| {
                let all: Vec<&str> = IntakeKind::ALL.iter().map(|k| k.name()).collect();
                c.push(
                    format!("{p}.kind"),
                    "kind.unknown",
                    format!("'{}' is not one of {}", i.kind, all.join(", ")),
                );
                IntakeKind::Surface
            });
            Intake {
                id: i.id.clone(),
                kind,
                conc: c.per_contaminant(
                    &format!("{p}.conc"),
                    &i.conc,
                    &ids.contaminants,
                    true,
                    0.0,
                ),
                price: c
                    .optional(&format!("{p}.price"), i.price, Range::NonNegative)
                    .unwrap_or(0.0),
                max_flow: c
                    .optional(&format!("{p}.max_flow"), i.max_flow, Range::NonNegative)
                    .map(|v| unit.to_internal(v)),
                location: c.location(&format!("{p}.location"), i.location),
            }
        })
        .collect()
}

pub(super) fn sources(c: &mut Checker, s: &Scenario, ids: &Ids, unit: FlowUnit) -> Vec<Source> {
    s.sources
        .iter()
        .enumerate()
        .map(|(n, x)| {
            let p = entity_path("source", &x.id, n);
            Source {
                id: x.id.clone(),
                enterprise: ids.owner(c, &p, &x.enterprise),
                flow: c
                    .number(&format!("{p}.flow"), x.flow, Range::NonNegative)
                    .map_or(0.0, |v| unit.to_internal(v)),
                conc: c.per_contaminant(
                    &format!("{p}.conc"),
                    &x.conc,
                    &ids.contaminants,
                    true,
                    0.0,
                ),
                location: c.location(&format!("{p}.location"), x.location),
            }
        })
        .collect()
}

pub(super) fn discharges(c: &mut Checker, s: &Scenario, ids: &Ids) -> Vec<Discharge> {
    s.discharges
        .iter()
        .enumerate()
        .map(|(n, d)| {
            let p = entity_path("discharge", &d.id, n);
            Discharge {
                id: d.id.clone(),
                kind: d.kind.clone().unwrap_or_default(),
                max_conc: limits(
                    c,
                    &p,
                    &d.max_conc,
                    d.grade.as_deref(),
                    &ids.contaminants,
                    "max_conc",
                ),
                max_load: c.per_contaminant(
                    &format!("{p}.max_load"),
                    &d.max_load,
                    &ids.contaminants,
                    false,
                    f64::INFINITY,
                ),
                fee: c
                    .optional(&format!("{p}.fee"), d.fee, Range::NonNegative)
                    .unwrap_or(0.0),
                location: c.location(&format!("{p}.location"), d.location),
            }
        })
        .collect()
}
