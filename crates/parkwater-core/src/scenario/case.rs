//! Published literature cases in the neutral JSON of `shared/cases/`
//! (`freshwater`, `sources`, `sinks`, `treatment`, `discharge`, `forbidden`),
//! converted to a [`Scenario`] with the documented field mapping:
//! freshwater -> intake (`cost` -> `price`), treatment `cost` -> `opex`,
//! discharge `cost` -> `fee`, `plant` -> `enterprise`, forbidden -> forbid.

use super::schema::{self as s, PerContaminant, Scenario};
use serde::Deserialize;
use std::collections::BTreeMap;

/// A literature case file.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Case {
    /// Short name.
    pub name: String,
    /// fixed_flowrate, fixed_load, ...
    #[serde(default)]
    pub kind: Option<String>,
    /// Contaminant ids.
    pub contaminants: Vec<String>,
    /// Fresh water sources.
    pub freshwater: Vec<CaseFresh>,
    /// Effluents.
    pub sources: Vec<CaseStream>,
    /// Demands.
    pub sinks: Vec<CaseSink>,
    /// Regeneration units.
    #[serde(default)]
    pub treatment: Vec<CaseTreatment>,
    /// Outfalls.
    #[serde(default)]
    pub discharge: Vec<CaseDischarge>,
    /// Forbidden arcs.
    #[serde(default)]
    pub forbidden: Vec<CaseForbid>,
    /// `min_freshwater`, `min_cost`, `min_wastewater`.
    #[serde(default)]
    pub objective: Option<String>,
    /// Fixed-load operations (informational: `sources`/`sinks` hold the limiting flows).
    #[serde(default)]
    pub operations: Vec<serde_json::Value>,
    /// Where it was published.
    #[serde(default)]
    pub citation: Option<String>,
    /// Published targets.
    #[serde(default)]
    pub expected: BTreeMap<String, f64>,
}

/// A freshwater source of a case.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CaseFresh {
    id: String,
    conc: PerContaminant,
    #[serde(default)]
    cost: Option<f64>,
    #[serde(default)]
    max_flow: Option<f64>,
}

/// A source of a case.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CaseStream {
    id: String,
    #[serde(default)]
    plant: Option<String>,
    flow: f64,
    conc: PerContaminant,
}

/// A sink of a case.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CaseSink {
    id: String,
    #[serde(default)]
    plant: Option<String>,
    flow: f64,
    #[serde(default)]
    max_conc: Option<PerContaminant>,
}

/// A regeneration unit of a case.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CaseTreatment {
    id: String,
    #[serde(alias = "conc", alias = "cout")]
    outlet_conc: PerContaminant,
    #[serde(default)]
    recovery: Option<f64>,
    #[serde(default, alias = "capacity")]
    max_flow: Option<f64>,
    #[serde(default)]
    cost: Option<f64>,
    #[serde(default)]
    max_inlet_conc: Option<PerContaminant>,
    #[serde(default)]
    reject_to: Option<String>,
}

/// An outfall of a case.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CaseDischarge {
    id: String,
    #[serde(default)]
    max_conc: Option<PerContaminant>,
    #[serde(default)]
    cost: Option<f64>,
}

/// A forbidden arc: `{"from": .., "to": ..}` or `[from, to]`.
#[derive(Debug, Clone, Deserialize)]
#[serde(untagged)]
pub enum CaseForbid {
    /// Object form.
    Named {
        /// Supply id.
        from: String,
        /// Demand id.
        to: String,
    },
    /// Pair form.
    Pair(String, String),
}

impl Case {
    /// Parses a case file's text.
    pub fn from_json(text: &str) -> Result<Case, serde_json::Error> {
        serde_json::from_str(text)
    }

    /// Whether JSON text looks like a case file rather than a scenario.
    pub fn looks_like_case(text: &str) -> bool {
        serde_json::from_str::<serde_json::Value>(text)
            .map(|v| v.get("freshwater").is_some() && v.get("sources").is_some())
            .unwrap_or(false)
    }

    /// The equivalent scenario. Plants become enterprises; a case with no
    /// discharge gets one unlimited outfall `WW` so effluent can leave.
    pub fn to_scenario(&self) -> Scenario {
        let mut plants: Vec<String> = self
            .sources
            .iter()
            .filter_map(|x| x.plant.clone())
            .chain(self.sinks.iter().filter_map(|x| x.plant.clone()))
            .collect();
        plants.sort();
        plants.dedup();
        let objective = match self.objective.as_deref() {
            Some("min_cost") => "cost",
            Some("min_wastewater") | Some("min_discharge") => "discharge",
            _ => "freshwater",
        };
        let mut discharges: Vec<s::Discharge> = self
            .discharge
            .iter()
            .map(|d| s::Discharge {
                id: d.id.clone(),
                max_conc: d.max_conc.clone().unwrap_or_default(),
                fee: d.cost,
                ..Default::default()
            })
            .collect();
        if discharges.is_empty() {
            discharges.push(s::Discharge {
                id: "WW".into(),
                ..Default::default()
            });
        }
        Scenario {
            contaminants: self.contaminants.clone(),
            park: s::Park {
                name: self.name.clone(),
                description: self.citation.clone(),
                ..Default::default()
            },
            enterprises: plants
                .into_iter()
                .map(|id| s::Enterprise {
                    id,
                    ..Default::default()
                })
                .collect(),
            intakes: self
                .freshwater
                .iter()
                .map(|f| s::Intake {
                    id: f.id.clone(),
                    kind: "surface".into(),
                    conc: f.conc.clone(),
                    price: f.cost,
                    max_flow: f.max_flow,
                    location: None,
                })
                .collect(),
            sources: self
                .sources
                .iter()
                .map(|x| s::Source {
                    id: x.id.clone(),
                    enterprise: x.plant.clone(),
                    flow: x.flow,
                    conc: x.conc.clone(),
                })
                .collect(),
            sinks: self
                .sinks
                .iter()
                .map(|x| s::Sink {
                    id: x.id.clone(),
                    enterprise: x.plant.clone(),
                    flow: Some(x.flow),
                    max_conc: x.max_conc.clone().unwrap_or_default(),
                    ..Default::default()
                })
                .collect(),
            // Case files already carry the limiting flows as sources and sinks.
            operations: Vec::new(),
            constraints: Vec::new(),
            plugins: Vec::new(),
            plugin: Default::default(),
            treatments: self
                .treatment
                .iter()
                .map(|t| s::Treatment {
                    id: t.id.clone(),
                    outlet_conc: t.outlet_conc.clone(),
                    recovery: t.recovery,
                    max_flow: t.max_flow,
                    opex: t.cost,
                    max_inlet_conc: t.max_inlet_conc.clone().unwrap_or_default(),
                    reject_to: t.reject_to.clone(),
                    ..Default::default()
                })
                .collect(),
            discharges,
            forbid: self
                .forbidden
                .iter()
                .map(|f| {
                    let (from, to) = match f {
                        CaseForbid::Named { from, to } => (from.clone(), to.clone()),
                        CaseForbid::Pair(from, to) => (from.clone(), to.clone()),
                    };
                    s::Forbid {
                        from,
                        to,
                        reason: None,
                    }
                })
                .collect(),
            policy: None,
            objective: Some(s::ObjectiveSpec {
                minimize: s::OneOrMany::One(objective.into()),
                tolerance: None,
            }),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn neutral_case_converts() {
        let text = r#"{"name": "t", "kind": "fixed_flowrate", "contaminants": ["C"],
            "freshwater": [{"id": "FW", "conc": {"C": 0.0}, "cost": 1.0, "max_flow": null}],
            "sources": [{"id": "SR1", "plant": "P1", "flow": 10, "conc": {"C": 50}}],
            "sinks": [{"id": "SK1", "plant": null, "flow": 10, "max_conc": {"C": 20}}],
            "treatment": [], "discharge": [{"id": "WW", "max_conc": null, "cost": 0.0}],
            "forbidden": [["SR1", "SK1"]], "objective": "min_freshwater",
            "expected": {"freshwater": 10.0}}"#;
        assert!(Case::looks_like_case(text));
        let s = Case::from_json(text).unwrap().to_scenario();
        assert_eq!(s.intakes[0].price, Some(1.0));
        assert_eq!(s.enterprises[0].id, "P1");
        assert_eq!(s.forbid[0].to, "SK1");
        s.validate().unwrap();
    }
}
