//! Sinks (water demands): the flow or flow range, concentration limits (grade
//! and explicit), and the supply kinds or stream classes a sink accepts.

use super::checker::{entity_path, Checker, Range};
use super::ids::Ids;
use super::quality::limits;
use super::streams;
use crate::model::{AcceptSet, FlowUnit, Sink, SupplyKind};
use crate::scenario::{self as file, Scenario};

pub(super) fn sinks(c: &mut Checker, s: &Scenario, ids: &Ids, unit: FlowUnit) -> Vec<Sink> {
    s.sinks
        .iter()
        .enumerate()
        .map(|(n, x)| {
            let p = entity_path("sink", &x.id, n);
            let (min_flow, max_flow) = sink_flows(c, &p, x);
            let max_conc = limits(
                c,
                &p,
                &x.max_conc,
                x.grade.as_deref(),
                &ids.contaminants,
                "max_conc",
            );
            Sink {
                id: x.id.clone(),
                enterprise: ids.owner(c, &p, &x.enterprise),
                min_flow: unit.to_internal(min_flow),
                max_flow: unit.to_internal(max_flow),
                max_conc,
                accepts: accepts(c, &p, x.accepts.as_deref(), s),
                location: c.location(&format!("{p}.location"), x.location),
            }
        })
        .collect()
}

/// `flow`, or `min_flow` and `max_flow`: (min, max) in the scenario's unit.
fn sink_flows(c: &mut Checker, p: &str, x: &file::Sink) -> (f64, f64) {
    let mut num =
        |field: &str, v: Option<f64>| c.optional(&format!("{p}.{field}"), v, Range::NonNegative);
    match (x.flow, x.min_flow, x.max_flow) {
        (Some(f), None, None) => {
            let f = num("flow", Some(f)).unwrap_or(0.0);
            (f, f)
        }
        (None, Some(_), _) | (None, _, Some(_)) => {
            let lo = num("min_flow", x.min_flow).unwrap_or(0.0);
            let hi = num("max_flow", x.max_flow).unwrap_or(f64::INFINITY);
            if x.max_flow.is_none() {
                c.push(
                    format!("{p}.max_flow"),
                    "sink.flow_spec",
                    "a demand range needs `max_flow`",
                );
            } else if lo > hi {
                c.push(
                    format!("{p}.min_flow"),
                    "sink.flow_range",
                    format!("min_flow {lo} is above max_flow {hi}"),
                );
            }
            (lo, hi)
        }
        (None, None, None) => {
            c.push(
                format!("{p}.flow"),
                "sink.flow_spec",
                "give `flow`, or `min_flow` and `max_flow`",
            );
            (0.0, 0.0)
        }
        (Some(_), _, _) => {
            c.push(
                format!("{p}.flow"),
                "sink.flow_spec",
                "give either `flow` or `min_flow`/`max_flow`, not both",
            );
            (0.0, 0.0)
        }
    }
}

fn accepts(c: &mut Checker, p: &str, list: Option<&[String]>, s: &Scenario) -> AcceptSet {
    let Some(list) = list else {
        return AcceptSet::ALL;
    };
    let mut set = AcceptSet::NONE;
    for (i, name) in list.iter().enumerate() {
        match SupplyKind::parse(name) {
            Some(kind) if streams::is_class(s, name) => {
                set = set.with(kind).with(SupplyKind::Source).with(SupplyKind::Treatment)
            }
            Some(kind) => set = set.with(kind),
            // A stream class lets classed sources and products in (`streams`).
            None if streams::is_class(s, name) => {
                set = set.with(SupplyKind::Source).with(SupplyKind::Treatment)
            }
            None => c.push(
                format!("{p}.accepts[{i}]"),
                "kind.unknown",
                format!("'{name}' is not a supply kind (an intake kind, `source` or `treatment`) nor a stream class"),
            ),
        }
    }
    set
}
