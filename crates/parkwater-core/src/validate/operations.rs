//! `[[operation]]` -> its limiting-water sink and source (Wang & Smith 1994,
//! "Wastewater minimisation", Chem. Eng. Sci. 49(7):981).
//!
//! A fixed-load operation picks up `load` kg/h of each contaminant. At its limiting
//! flow `F` (t/h) with the inlet at its maximum concentration, the outlet is at
//! `max_inlet_conc + load * 1000 / F` mg/L, which is at most `max_outlet_conc`; `F`
//! is the given `limiting_flow`, or the least flow keeping every outlet within its
//! limit, `max over k of load_k * 1000 / (max_outlet_conc_k - max_inlet_conc_k)`.
//! The operation becomes a sink `<id>.in` (flow `F`, `max_conc = max_inlet_conc`)
//! and a source `<id>.out` (flow `F` at the outlet concentrations), both of its
//! enterprise; from there on it is a fixed-flowrate stream pair for targeting and
//! the LP alike. For one contaminant the least freshwater of the fixed-load
//! problem equals that of this form (Wang & Smith 1994); with several it is the
//! conservative design basis (inlet at its limit, outlet at the resulting
//! concentration).
//!
//! Codes: `operation.outlet_not_above_inlet`, `operation.flow_too_small`,
//! `operation.flow_undetermined`, plus the shared `id.*`, `ref.*`, `number.*`,
//! `conc.missing` and `contaminant.undeclared`.

use super::checker::{entity_path, Checker, Contaminants, Range};
use crate::model::{AcceptSet, FlowUnit, Sink, Source};
use crate::scenario::Scenario;
use std::collections::{HashMap, HashSet};

/// mg/L per (kg/h over t/h).
const MG_L_PER_KG_T: f64 = 1000.0;

/// Relative slack on a given limiting flow below the computed one (rounding in
/// the file's figures).
const FLOW_SLACK: f64 = 1e-9;

/// Id of the sink an operation becomes.
pub(crate) fn inlet_id(operation: &str) -> String {
    format!("{operation}.in")
}

/// Id of the source an operation becomes.
pub(crate) fn outlet_id(operation: &str) -> String {
    format!("{operation}.out")
}

/// The node ids the operations of a scenario become: (sources, sinks).
pub(super) fn node_ids(s: &Scenario) -> (Vec<String>, Vec<String>) {
    s.operations
        .iter()
        .map(|op| (outlet_id(&op.id), inlet_id(&op.id)))
        .unzip()
}

/// Checks every operation and returns the sinks and sources it becomes (flows in
/// t/h), to be appended after the scenario's own.
pub(super) fn convert(
    c: &mut Checker,
    s: &Scenario,
    contaminants: &Contaminants,
    enterprises: &HashMap<&str, usize>,
    nodes: &HashMap<&str, &'static str>,
    unit: FlowUnit,
) -> (Vec<Sink>, Vec<Source>) {
    let mut names: Vec<(&str, usize)> = contaminants.index.iter().map(|(n, &k)| (*n, k)).collect();
    names.sort_by_key(|&(_, k)| k);
    let mut seen = HashSet::new();
    let mut sinks = Vec::with_capacity(s.operations.len());
    let mut sources = Vec::with_capacity(s.operations.len());
    for (n, op) in s.operations.iter().enumerate() {
        let p = entity_path("operation", &op.id, n);
        if op.id.trim().is_empty() {
            c.push(
                format!("operation[#{n}].id"),
                "id.empty",
                "an operation needs an id",
            );
        } else if !seen.insert(op.id.as_str()) {
            c.push(
                format!("{p}.id"),
                "id.duplicate",
                format!("operation id '{}' is used twice", op.id),
            );
        } else {
            for (node, role) in [(inlet_id(&op.id), "inlet"), (outlet_id(&op.id), "outlet")] {
                if let Some(kind) = nodes.get(node.as_str()) {
                    c.push(
                        format!("{p}.id"),
                        "id.duplicate",
                        format!("node id '{node}' (the {role} of this operation) is already used by a {kind}"),
                    );
                }
            }
        }
        let enterprise = op.enterprise.as_ref().and_then(|id| {
            c.reference(
                &format!("{p}.enterprise"),
                id,
                enterprises,
                "ref.unknown_enterprise",
                "enterprise",
            )
        });
        let load = c.per_contaminant(&format!("{p}.load"), &op.load, contaminants, false, 0.0);
        let cin = c.per_contaminant(
            &format!("{p}.max_inlet_conc"),
            &op.max_inlet_conc,
            contaminants,
            true,
            0.0,
        );
        let cout = c.per_contaminant(
            &format!("{p}.max_outlet_conc"),
            &op.max_outlet_conc,
            contaminants,
            false,
            f64::INFINITY,
        );

        // The least flow each contaminant allows, t/h, with its name.
        let mut least: Option<(f64, &str)> = None;
        let mut bad_outlet = false;
        for &(name, k) in &names {
            if !cout[k].is_finite() {
                continue;
            }
            if cout[k] < cin[k] || (cout[k] == cin[k] && load[k] > 0.0) {
                bad_outlet = true;
                c.push(
                    format!("{p}.max_outlet_conc.{name}"),
                    "operation.outlet_not_above_inlet",
                    format!(
                        "max outlet {} mg/L is not above max inlet {} mg/L, so a load of {} kg/h cannot be picked up",
                        cout[k], cin[k], load[k]
                    ),
                );
            } else if load[k] > 0.0 {
                let f = load[k] * MG_L_PER_KG_T / (cout[k] - cin[k]);
                if least.is_none_or(|(g, _)| f > g) {
                    least = Some((f, name));
                }
            }
        }

        let flow = match op.limiting_flow {
            Some(v) => {
                let given = c
                    .number(&format!("{p}.limiting_flow"), v, Range::Positive)
                    .map(|v| unit.to_internal(v));
                if let (Some(f), Some((need, name))) = (given, least) {
                    if f < need * (1.0 - FLOW_SLACK) {
                        c.push(
                            format!("{p}.limiting_flow"),
                            "operation.flow_too_small",
                            format!(
                                "{v} {} is below the {} {} that {name} needs (load / (max outlet - max inlet))",
                                unit.name(),
                                unit.from_internal(need),
                                unit.name()
                            ),
                        );
                    }
                }
                given.unwrap_or(0.0)
            }
            None => match least {
                Some((f, _)) => f,
                // the outlet problem already says why
                None if bad_outlet => 0.0,
                None => {
                    c.push(
                        format!("{p}.limiting_flow"),
                        "operation.flow_undetermined",
                        "give `limiting_flow`, or `max_outlet_conc` for a contaminant with a positive load",
                    );
                    0.0
                }
            },
        };

        // A limiting flow computed from a tiny outlet - inlet gap can be absurd.
        let flow = if flow > super::MAX_NUMBER {
            c.push(
                format!("{p}.limiting_flow"),
                "number.too_large",
                format!(
                    "the limiting flow load / (max outlet - max inlet) is {flow:e} t/h, above {:e}",
                    super::MAX_NUMBER
                ),
            );
            0.0
        } else {
            flow
        };
        let outlet: Vec<f64> = (0..cin.len())
            .map(|k| {
                let rise = if flow > 0.0 {
                    load[k] * MG_L_PER_KG_T / flow
                } else {
                    0.0
                };
                // never above the limit that set the flow (rounding)
                (cin[k] + rise).min(cout[k].max(cin[k]))
            })
            .collect();
        for &(name, k) in &names {
            if outlet[k] > super::MAX_NUMBER {
                c.push(
                    format!("{p}.load.{name}"),
                    "number.too_large",
                    format!(
                        "this load over the limiting flow makes an outlet of {:e} mg/L, above {:e}",
                        outlet[k],
                        super::MAX_NUMBER
                    ),
                );
            }
        }
        sinks.push(Sink {
            id: inlet_id(&op.id),
            enterprise,
            min_flow: flow,
            max_flow: flow,
            max_conc: cin,
            accepts: AcceptSet::ALL,
            location: None,
        });
        sources.push(Source {
            id: outlet_id(&op.id),
            enterprise,
            flow,
            conc: outlet,
            location: None,
        });
    }
    (sinks, sources)
}

#[cfg(test)]
mod tests {
    use crate::Scenario;

    const BASE: &str = r#"contaminants = ["C", "D"]
[park]
flow_unit = "t/h"
[[enterprise]]
id = "E1"
[[intake]]
id = "FW"
kind = "tap"
conc = { C = 0, D = 0 }
[[operation]]
id = "OP1"
enterprise = "E1"
load = { C = 2.0, D = 1.0 }
max_inlet_conc = { C = 0, D = 10 }
max_outlet_conc = { C = 100, D = 20 }
[[discharge]]
id = "WW"
"#;

    fn codes(text: &str) -> Vec<(String, &'static str)> {
        match Scenario::from_toml(text).unwrap().validate() {
            Ok(_) => vec![],
            Err(e) => e
                .problems
                .iter()
                .map(|p| (p.path.clone(), p.code))
                .collect(),
        }
    }

    #[test]
    fn operation_becomes_sink_and_source_at_its_limiting_flow() {
        let m = Scenario::from_toml(BASE).unwrap().validate().unwrap();
        // C needs 2 * 1000 / 100 = 20 t/h, D needs 1 * 1000 / 10 = 100 t/h.
        let sink = m.sinks.iter().find(|s| s.id == "OP1.in").unwrap();
        let source = m.sources.iter().find(|s| s.id == "OP1.out").unwrap();
        assert_eq!((sink.min_flow, sink.max_flow), (100.0, 100.0));
        assert_eq!(sink.max_conc, vec![0.0, 10.0]);
        assert_eq!(source.flow, 100.0);
        assert_eq!(source.conc, vec![20.0, 20.0]);
        assert_eq!(sink.enterprise, Some(0));
        assert_eq!(source.enterprise, Some(0));
    }

    #[test]
    fn given_limiting_flow_is_in_the_flow_unit_and_checked() {
        let text = BASE.replace("[[discharge]]", "limiting_flow = 4800\n[[discharge]]");
        let text = text.replace("\"t/h\"", "\"t/d\"");
        let m = Scenario::from_toml(&text).unwrap().validate().unwrap();
        let source = m.sources.iter().find(|s| s.id == "OP1.out").unwrap();
        assert_eq!(source.flow, 200.0);
        assert_eq!(source.conc, vec![10.0, 15.0]);

        let small = BASE.replace("[[discharge]]", "limiting_flow = 50\n[[discharge]]");
        assert_eq!(
            codes(&small),
            vec![(
                "operation[OP1].limiting_flow".to_string(),
                "operation.flow_too_small"
            )]
        );
    }

    #[test]
    fn every_operation_problem_is_reported_with_its_path() {
        let bad = BASE
            .replace(
                "load = { C = 2.0, D = 1.0 }",
                "load = { C = -2.0, X = 1.0 }",
            )
            .replace(
                "max_inlet_conc = { C = 0, D = 10 }",
                "max_inlet_conc = { C = 50 }",
            )
            .replace(
                "max_outlet_conc = { C = 100, D = 20 }",
                "max_outlet_conc = { C = 20 }",
            )
            .replace("enterprise = \"E1\"\nload", "enterprise = \"E9\"\nload");
        let got = codes(&bad);
        let want = [
            ("operation[OP1].enterprise", "ref.unknown_enterprise"),
            ("operation[OP1].load.C", "number.negative"),
            ("operation[OP1].load.X", "contaminant.undeclared"),
            ("operation[OP1].max_inlet_conc.D", "conc.missing"),
            (
                "operation[OP1].max_outlet_conc.C",
                "operation.outlet_not_above_inlet",
            ),
        ];
        for (path, code) in want {
            assert!(
                got.iter().any(|(p, c)| p == path && *c == code),
                "expected {code} at {path}, got {got:?}"
            );
        }
    }

    #[test]
    fn flow_needs_an_outlet_limit_or_a_given_flow() {
        let text = BASE.replace("max_outlet_conc = { C = 100, D = 20 }", "");
        assert_eq!(
            codes(&text),
            vec![(
                "operation[OP1].limiting_flow".to_string(),
                "operation.flow_undetermined"
            )]
        );
        let given = BASE.replace(
            "max_outlet_conc = { C = 100, D = 20 }",
            "limiting_flow = 40",
        );
        let m = Scenario::from_toml(&given).unwrap().validate().unwrap();
        let source = m.sources.iter().find(|s| s.id == "OP1.out").unwrap();
        assert_eq!(source.conc, vec![50.0, 35.0]);
    }

    #[test]
    fn ids_must_be_unique_and_not_clash_with_nodes() {
        let twice = format!(
            "{BASE}[[operation]]\nid = \"OP1\"\nmax_inlet_conc = {{ C = 0, D = 0 }}\nlimiting_flow = 1\n"
        );
        assert!(codes(&twice).contains(&("operation[OP1].id".to_string(), "id.duplicate")));
        let clash =
            format!("{BASE}[[source]]\nid = \"OP1.out\"\nflow = 1\nconc = {{ C = 0, D = 0 }}\n");
        assert!(codes(&clash).contains(&("operation[OP1].id".to_string(), "id.duplicate")));
        let empty = BASE.replace("id = \"OP1\"", "id = \"\"");
        assert!(codes(&empty).contains(&("operation[#0].id".to_string(), "id.empty")));
    }

    #[test]
    fn forbid_rules_may_name_operation_nodes() {
        let text = format!("{BASE}[[forbid]]\nfrom = \"OP1.out\"\nto = \"OP1.in\"\n");
        assert_eq!(codes(&text), vec![]);
    }

    #[test]
    fn zero_rise_without_load_is_fine() {
        let text = BASE
            .replace(
                "max_outlet_conc = { C = 100, D = 20 }",
                "max_outlet_conc = { C = 100, D = 10 }",
            )
            .replace("load = { C = 2.0, D = 1.0 }", "load = { C = 2.0 }");
        let m = Scenario::from_toml(&text).unwrap().validate().unwrap();
        let source = m.sources.iter().find(|s| s.id == "OP1.out").unwrap();
        assert_eq!(
            (source.flow, source.conc.clone()),
            (20.0, vec![100.0, 10.0])
        );
    }
}
