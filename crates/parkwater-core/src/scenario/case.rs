//! Published literature cases in the neutral JSON of `shared/cases/`
//! (`freshwater`, `sources`, `sinks`, `treatment`, `discharge`, `forbidden`),
//! converted to a [`Scenario`] with the documented field mapping:
//! freshwater -> intake (`cost` -> `price`), treatment `cost` -> `opex`,
//! discharge `cost` -> `fee`, `plant` -> `enterprise`, forbidden -> forbid.

use super::{self as s, PerContaminant, Scenario};
use serde::Deserialize;
use std::collections::BTreeMap;

/// A literature case file. Entities accept the scenario file's own fields
/// besides the case names (`plant`, `cost`, ...), and refuse unknown ones:
/// an entity field is data. Unknown top-level keys are metadata (notes,
/// units, a DOI): kept in `other` and named in a warning, never an error.
#[derive(Debug, Clone, Deserialize)]
pub(crate) struct Case {
    /// Short name.
    pub name: String,
    /// fixed_flowrate, fixed_load, ...
    #[allow(dead_code)] // read with the case file, used by no code
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
    #[allow(dead_code)] // read with the case file, used by no code
    #[serde(default)]
    pub operations: Vec<serde_json::Value>,
    /// Where it was published.
    #[serde(default)]
    pub citation: Option<String>,
    /// Published targets: numbers, lists (several pinches) or null (none,
    /// as in a threshold problem).
    #[allow(dead_code)] // read with the case file, used by no code
    #[serde(default)]
    pub expected: BTreeMap<String, serde_json::Value>,
    /// Any other top-level key.
    #[serde(flatten)]
    pub other: BTreeMap<String, serde_json::Value>,
}

/// A freshwater source of a case.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct CaseFresh {
    id: String,
    #[serde(default)]
    kind: Option<String>,
    conc: PerContaminant,
    #[serde(default, alias = "price")]
    cost: Option<f64>,
    #[serde(default)]
    max_flow: Option<f64>,
    #[serde(default)]
    location: Option<[f64; 2]>,
}

/// A source of a case.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct CaseStream {
    id: String,
    #[serde(default, alias = "enterprise")]
    plant: Option<String>,
    flow: f64,
    conc: PerContaminant,
}

/// A sink of a case.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct CaseSink {
    id: String,
    #[serde(default, alias = "enterprise")]
    plant: Option<String>,
    #[serde(default)]
    flow: Option<f64>,
    #[serde(default)]
    min_flow: Option<f64>,
    #[serde(default)]
    max_flow: Option<f64>,
    #[serde(default)]
    max_conc: Option<PerContaminant>,
}

/// A regeneration unit of a case.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct CaseTreatment {
    id: String,
    #[serde(default, alias = "enterprise")]
    plant: Option<String>,
    #[serde(default)]
    kind: Option<String>,
    #[serde(default)]
    location: Option<[f64; 2]>,
    #[serde(alias = "conc", alias = "cout")]
    outlet_conc: PerContaminant,
    #[serde(default)]
    recovery: Option<f64>,
    #[serde(default, alias = "capacity")]
    max_flow: Option<f64>,
    #[serde(default, alias = "opex")]
    cost: Option<f64>,
    #[serde(default, alias = "cin_max")]
    max_inlet_conc: Option<PerContaminant>,
    #[serde(default)]
    reject_to: Option<String>,
}

/// An outfall of a case.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct CaseDischarge {
    id: String,
    #[serde(default)]
    kind: Option<String>,
    #[serde(default)]
    max_conc: Option<PerContaminant>,
    #[serde(default)]
    max_load: Option<PerContaminant>,
    #[serde(default)]
    grade: Option<String>,
    #[serde(default, alias = "fee")]
    cost: Option<f64>,
    #[serde(default)]
    location: Option<[f64; 2]>,
}

/// A forbidden arc: `{"from": .., "to": ..}` or `[from, to]`.
#[derive(Debug, Clone, Deserialize)]
#[serde(untagged)]
pub(crate) enum CaseForbid {
    /// Object form.
    Named {
        /// Supply id.
        from: String,
        /// Demand id.
        to: String,
        /// Why.
        #[serde(default)]
        reason: Option<String>,
    },
    /// Pair form.
    Pair(String, String),
}

impl Case {
    /// Parses a case file's text.
    pub(crate) fn from_json(text: &str) -> Result<Case, serde_json::Error> {
        let case: Case = serde_json::from_str(text)?;
        if !case.other.is_empty() {
            let keys: Vec<&str> = case.other.keys().map(String::as_str).collect();
            tracing::warn!(
                "case '{}': top-level keys {} are not model data and are ignored",
                case.name,
                keys.join(", ")
            );
        }
        Ok(case)
    }

    /// Whether JSON text looks like a case file rather than a scenario.
    pub(crate) fn looks_like_case(text: &str) -> bool {
        serde_json::from_str::<serde_json::Value>(text)
            .map(|v| v.get("freshwater").is_some() && v.get("sources").is_some())
            .unwrap_or(false)
    }

    /// The equivalent scenario. Plants become enterprises; a case with no
    /// discharge gets one unlimited outfall `WW` so effluent can leave.
    pub(crate) fn to_scenario(&self) -> Scenario {
        let mut plants: Vec<String> = self
            .sources
            .iter()
            .filter_map(|x| x.plant.clone())
            .chain(self.sinks.iter().filter_map(|x| x.plant.clone()))
            .chain(self.treatment.iter().filter_map(|x| x.plant.clone()))
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
                kind: d.kind.clone(),
                max_conc: d.max_conc.clone().unwrap_or_default(),
                grade: d.grade.clone(),
                max_load: d.max_load.clone().unwrap_or_default(),
                fee: d.cost,
                location: d.location,
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
                    kind: f.kind.clone().unwrap_or_else(|| "surface".into()),
                    conc: f.conc.clone(),
                    price: f.cost,
                    max_flow: f.max_flow,
                    location: f.location,
                    ..Default::default()
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
                    ..Default::default()
                })
                .collect(),
            sinks: self
                .sinks
                .iter()
                .map(|x| s::Sink {
                    id: x.id.clone(),
                    enterprise: x.plant.clone(),
                    flow: x.flow,
                    min_flow: x.min_flow,
                    max_flow: x.max_flow,
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
                    enterprise: t.plant.clone(),
                    kind: t.kind.clone(),
                    location: t.location,
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
                    let (from, to, reason) = match f {
                        CaseForbid::Named { from, to, reason } => {
                            (from.clone(), to.clone(), reason.clone())
                        }
                        CaseForbid::Pair(from, to) => (from.clone(), to.clone(), None),
                    };
                    s::Forbid { from, to, reason }
                })
                .collect(),
            policy: None,
            objective: Some(s::ObjectiveSpec {
                minimize: s::OneOrMany::One(objective.into()),
                tolerance: None,
            }),
            ..Default::default()
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

    #[test]
    fn published_targets_and_metadata_of_any_shape_are_read() {
        // Several pinches, none (threshold), notes at the top level, the
        // scenario's own field names on entities.
        let text = r#"{"name": "t", "contaminants": ["C"], "doi": "10.x/y", "notes": ["n"],
            "freshwater": [{"id": "FW", "conc": {"C": 0}, "price": 2}],
            "sources": [{"id": "SR1", "enterprise": "P1", "flow": 10, "conc": {"C": 50}}],
            "sinks": [{"id": "SK1", "flow": 10, "max_conc": {"C": 20}}],
            "treatment": [{"id": "RG", "plant": "P1", "outlet_conc": {"C": 5}, "opex": 0.1, "cin_max": {"C": 200}}],
            "discharge": [{"id": "WW", "fee": 1, "max_load": {"C": 5}}],
            "forbidden": [{"from": "SR1", "to": "SK1", "reason": "odour"}],
            "expected": {"freshwater": 4.0, "pinch_conc": [20, 50], "wastewater": null}}"#;
        let case = Case::from_json(text).unwrap();
        assert_eq!(case.expected["pinch_conc"], serde_json::json!([20, 50]));
        assert_eq!(case.other.len(), 2);
        let s = case.to_scenario();
        assert_eq!(s.intakes[0].price, Some(2.0));
        assert_eq!(s.sources[0].enterprise.as_deref(), Some("P1"));
        assert_eq!(s.treatments[0].opex, Some(0.1));
        assert_eq!(s.treatments[0].enterprise.as_deref(), Some("P1"));
        assert_eq!(s.discharges[0].fee, Some(1.0));
        assert_eq!(s.forbid[0].reason.as_deref(), Some("odour"));
        s.validate().unwrap();
        // A field an entity does not know is data, so it is an error.
        let bad = text.replace("\"opex\"", "\"opexx\"");
        assert!(Case::from_json(&bad).is_err());
    }
}
