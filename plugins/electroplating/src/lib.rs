//! # electroplating: a parkwater plugin
//!
//! Streams carrying listed heavy-metal contaminants (e.g. hexavalent
//! chromium, nickel, copper) are segregated: each goes only to a dedicated
//! treatment unit, through its own pipe (an arc of the network), never to a
//! sink, to a shared treatment unit or to an outfall before treatment —
//! dilution is not treatment. What leaves the dedicated unit's product is
//! treated water and follows the ordinary rules.
//!
//! Configuration, `[plugin.electroplating]`:
//!
//! - `metals`: the contaminant ids that are heavy metals (declared contaminants);
//! - `threshold`: mg/L above which a stream carries a metal (default 0);
//! - `[[plugin.electroplating.unit]]`: `id` (a `[[treatment]]`) and the
//!   `metals` it is built to treat.
//!
//! A metal stream is a source, or the product of a treatment unit that is
//! not dedicated, whose concentration of a listed metal exceeds the
//! threshold. Rules: each metal stream is *dedicated* to the units whose
//! metals cover every metal it carries (an error names a stream no unit
//! covers), and each dedicated unit takes nothing but its own metal streams.
//! Report: per stream and per unit, a check that the solution kept to it,
//! and the metal load each unit treats (kg/h).
//!
//! No figure of this plugin comes from the reference data file (it has no
//! electroplating section); the rule is a segregation rule, not a limit.
#![deny(unsafe_code)]
#![deny(missing_docs)]

use parkwater_plugin::serde::Deserialize;
use parkwater_plugin::serde_json::Value;
use parkwater_plugin::{
    export_plugin, Check, Context, Dedicate, Error, Forbid, Hook, Kpi, Manifest, NodeKind, Plugin,
    ReportExtras, Rules, Scenario,
};
use std::collections::{BTreeMap, BTreeSet};

/// `[plugin.electroplating]`.
#[derive(Debug, Deserialize)]
#[serde(crate = "parkwater_plugin::serde", deny_unknown_fields)]
struct Config {
    metals: Vec<String>,
    #[serde(default)]
    threshold: f64,
    #[serde(rename = "unit")]
    units: Vec<UnitConfig>,
}

/// `[[plugin.electroplating.unit]]`.
#[derive(Debug, Deserialize)]
#[serde(crate = "parkwater_plugin::serde", deny_unknown_fields)]
struct UnitConfig {
    id: String,
    metals: Vec<String>,
}

/// Metal streams and where each may go.
#[derive(Debug)]
struct Plan {
    /// Stream -> the metals it carries.
    streams: BTreeMap<String, BTreeSet<String>>,
    /// Stream -> dedicated units that may take it.
    allowed: BTreeMap<String, Vec<String>>,
    /// Dedicated unit -> metals it treats.
    units: BTreeMap<String, BTreeSet<String>>,
    metals: Vec<String>,
}

fn plan(ctx: &Context) -> Result<Plan, Error> {
    let config: Config = ctx.config_as()?;
    let s = &ctx.scenario;
    let declared = s.contaminants();
    if config.metals.is_empty() {
        return Err(Error::new("`metals` lists no contaminant"));
    }
    if let Some(m) = config.metals.iter().find(|m| !declared.contains(m)) {
        return Err(Error::new(format!(
            "metals: '{m}' is not a declared contaminant"
        )));
    }
    if !(config.threshold.is_finite() && config.threshold >= 0.0) {
        return Err(Error::new(format!(
            "threshold {} must be >= 0 mg/L",
            config.threshold
        )));
    }
    let mut units = BTreeMap::new();
    for u in &config.units {
        if s.find("treatment", &u.id).is_none() {
            return Err(Error::new(format!(
                "unit '{}' is not a [[treatment]] of the scenario",
                u.id
            )));
        }
        if let Some(m) = u.metals.iter().find(|m| !config.metals.contains(m)) {
            return Err(Error::new(format!(
                "unit '{}': '{m}' is not in `metals`",
                u.id
            )));
        }
        units.insert(
            u.id.clone(),
            u.metals.iter().cloned().collect::<BTreeSet<_>>(),
        );
    }
    let mut streams = BTreeMap::new();
    let mut allowed = BTreeMap::new();
    for (id, kind) in s.nodes() {
        let candidate =
            kind == NodeKind::Source || (kind == NodeKind::Treatment && !units.contains_key(&id));
        let Some(conc) = candidate.then(|| s.supply_conc(&id)).flatten() else {
            continue;
        };
        let carried: BTreeSet<String> = config
            .metals
            .iter()
            .filter(|m| conc.get(*m).and_then(Value::as_f64).unwrap_or(0.0) > config.threshold)
            .cloned()
            .collect();
        if carried.is_empty() {
            continue;
        }
        let to: Vec<String> = units
            .iter()
            .filter(|(_, treats)| carried.is_subset(treats))
            .map(|(u, _)| u.clone())
            .collect();
        if to.is_empty() {
            return Err(Error::new(format!(
                "stream '{id}' carries {} but no [[plugin.electroplating.unit]] treats all of them",
                carried.iter().cloned().collect::<Vec<_>>().join(", ")
            )));
        }
        streams.insert(id.clone(), carried);
        allowed.insert(id, to);
    }
    Ok(Plan {
        streams,
        allowed,
        units,
        metals: config.metals,
    })
}

fn supplies(s: &Scenario) -> Vec<String> {
    s.nodes()
        .into_iter()
        .filter(|(_, k)| matches!(k, NodeKind::Intake | NodeKind::Source | NodeKind::Treatment))
        .map(|(id, _)| id)
        .collect()
}

/// The plugin.
#[derive(Debug, Default)]
pub struct Electroplating;

impl Plugin for Electroplating {
    fn manifest(&self) -> Manifest {
        Manifest {
            name: "electroplating".into(),
            version: env!("CARGO_PKG_VERSION").into(),
            industries: vec!["electroplating".into(), "metal finishing".into()],
            hooks: vec![Hook::Rules, Hook::Report],
            description: "Heavy-metal streams (Cr6+, Ni, Cu, ...) go only to their dedicated treatment \
                          unit, which takes nothing else: never to a sink or a shared outfall untreated."
                .into(),
        }
    }

    fn rules(&self, ctx: &Context) -> Result<Rules, Error> {
        let p = plan(ctx)?;
        let mut rules = Rules::default();
        for (stream, to) in &p.allowed {
            let carried: Vec<&str> = p.streams[stream].iter().map(String::as_str).collect();
            rules.dedicate.push(Dedicate {
                from: stream.clone(),
                to: to.clone(),
                reason: Some(format!(
                    "carries {}; segregated until treated",
                    carried.join(", ")
                )),
            });
        }
        for unit in p.units.keys() {
            for supply in supplies(&ctx.scenario) {
                let own = p.allowed.get(&supply).is_some_and(|to| to.contains(unit));
                if !own && &supply != unit {
                    rules.forbid.push(Forbid {
                        from: supply,
                        to: unit.clone(),
                        reason: Some(format!("{unit} is dedicated to its heavy-metal streams")),
                    });
                }
            }
        }
        Ok(rules)
    }

    fn report(&self, ctx: &Context, report: &Value) -> Result<ReportExtras, Error> {
        let p = plan(ctx)?;
        let s = &ctx.scenario;
        let flows: Vec<(&str, &str, f64)> = report["flows"]
            .as_array()
            .map(Vec::as_slice)
            .unwrap_or(&[])
            .iter()
            .filter_map(|f| Some((f["from"].as_str()?, f["to"].as_str()?, f["flow"].as_f64()?)))
            .collect();
        let per_hour = 1.0 / s.hours_per_flow_unit();
        let mut extras = ReportExtras::default();
        for (stream, to) in &p.allowed {
            let stray: Vec<String> = flows
                .iter()
                .filter(|(u, v, f)| u == stream && *f > 0.0 && !to.iter().any(|t| t == v))
                .map(|(_, v, f)| format!("{f:.3} to {v}"))
                .collect();
            extras.checks.push(Check {
                id: format!("segregation.{stream}"),
                passed: stray.is_empty(),
                entity: Some(stream.clone()),
                value: None,
                limit: None,
                unit: None,
                message: if stray.is_empty() {
                    format!("all of it goes to {}", to.join(" or "))
                } else {
                    format!("leaves its dedicated unit(s): {}", stray.join(", "))
                },
            });
        }
        for unit in p.units.keys() {
            let foreign: Vec<String> = flows
                .iter()
                .filter(|(u, v, f)| {
                    v == unit && *f > 0.0 && !p.allowed.get(*u).is_some_and(|t| t.contains(unit))
                })
                .map(|(u, _, f)| format!("{f:.3} from {u}"))
                .collect();
            extras.checks.push(Check {
                id: format!("dedicated.{unit}"),
                passed: foreign.is_empty(),
                entity: Some(unit.clone()),
                value: None,
                limit: None,
                unit: None,
                message: if foreign.is_empty() {
                    "takes only its own heavy-metal streams".into()
                } else {
                    format!("takes other water: {}", foreign.join(", "))
                },
            });
            for metal in &p.metals {
                // t/h x mg/L = g/h; / 1000 = kg/h.
                let load: f64 = flows
                    .iter()
                    .filter(|(_, v, _)| v == unit)
                    .map(|(u, _, f)| {
                        let c = s
                            .supply_conc(u)
                            .and_then(|c| c.get(metal))
                            .and_then(Value::as_f64);
                        f * c.unwrap_or(0.0) / 1000.0 * per_hour
                    })
                    .sum();
                if p.units[unit].contains(metal) {
                    extras.kpis.insert(
                        format!("{unit}.{metal}_treated"),
                        Kpi {
                            value: Some(load),
                            unit: "kg/h".into(),
                            description: format!("{metal} load into the dedicated unit"),
                        },
                    );
                }
            }
        }
        Ok(extras)
    }
}

export_plugin!(Electroplating);

#[cfg(test)]
mod tests {
    use super::*;
    use parkwater_plugin::serde_json::json;
    use parkwater_plugin::HostInfo;

    fn ctx(config: Value) -> Context {
        Context {
            host: HostInfo {
                engine: "test".into(),
                abi: "1.0".into(),
            },
            scenario: Scenario(json!({
                "contaminants": ["COD", "Cr6", "Ni"],
                "intake": [{"id": "FW", "kind": "tap", "conc": {"COD": 0, "Cr6": 0, "Ni": 0}}],
                "source": [
                    {"id": "CR", "flow": 1, "conc": {"COD": 5, "Cr6": 40, "Ni": 0}},
                    {"id": "NI", "flow": 1, "conc": {"COD": 5, "Cr6": 0, "Ni": 30}},
                    {"id": "MIX", "flow": 1, "conc": {"COD": 5, "Cr6": 1, "Ni": 1}},
                    {"id": "CLEAN", "flow": 1, "conc": {"COD": 50, "Cr6": 0, "Ni": 0}}
                ],
                "treatment": [
                    {"id": "TCR", "outlet_conc": {"COD": 5, "Cr6": 0.1, "Ni": 0}},
                    {"id": "TNI", "outlet_conc": {"COD": 5, "Cr6": 0, "Ni": 0.1}}
                ],
                "discharge": [{"id": "OUT"}]
            })),
            config,
            plugin: "electroplating".into(),
        }
    }

    #[test]
    fn streams_are_dedicated_and_units_kept_clean() {
        let c = ctx(json!({"metals": ["Cr6", "Ni"], "unit": [
            {"id": "TCR", "metals": ["Cr6", "Ni"]}, {"id": "TNI", "metals": ["Ni"]}]}));
        let rules = Electroplating.rules(&c).unwrap();
        let to = |s: &str| {
            rules
                .dedicate
                .iter()
                .find(|d| d.from == s)
                .map(|d| d.to.clone())
        };
        assert_eq!(to("CR"), Some(vec!["TCR".to_string()]));
        assert_eq!(to("NI"), Some(vec!["TCR".to_string(), "TNI".to_string()]));
        assert_eq!(to("MIX"), Some(vec!["TCR".to_string()]));
        assert_eq!(to("CLEAN"), None);
        let into = |u: &str| -> Vec<String> {
            rules
                .forbid
                .iter()
                .filter(|f| f.to == u)
                .map(|f| f.from.clone())
                .collect()
        };
        assert_eq!(into("TNI"), ["FW", "CR", "MIX", "CLEAN", "TCR"]);
        assert_eq!(into("TCR"), ["FW", "CLEAN", "TNI"]);
    }

    #[test]
    fn an_uncovered_stream_is_an_error() {
        let c = ctx(json!({"metals": ["Cr6", "Ni"], "unit": [{"id": "TNI", "metals": ["Ni"]}]}));
        let e = Electroplating.rules(&c).unwrap_err();
        assert!(e.message.contains("stream 'CR' carries Cr6"), "{e}");
    }

    #[test]
    fn the_report_catches_stray_flows() {
        let c = ctx(json!({"metals": ["Cr6"], "unit": [{"id": "TCR", "metals": ["Cr6"]}]}));
        let report = json!({"flows": [
            {"from": "CR", "to": "TCR", "flow": 0.5}, {"from": "CR", "to": "OUT", "flow": 0.5},
            {"from": "FW", "to": "TCR", "flow": 2.0}]});
        let extras = Electroplating.report(&c, &report).unwrap();
        let check = |id: &str| extras.checks.iter().find(|c| c.id == id).unwrap().passed;
        assert!(!check("segregation.CR"));
        assert!(!check("dedicated.TCR"));
        assert!(
            check("segregation.MIX") || extras.checks.iter().all(|c| c.id != "segregation.MIX")
        );
        assert!((extras.kpis["TCR.Cr6_treated"].value.unwrap() - 0.02).abs() < 1e-12);
    }
}
