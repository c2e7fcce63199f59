//! What the report needs to know about the park beyond the result: each
//! node's kind, owner, location and water quality, the limits and the
//! plan's targets. Built from a validated [`Model`], or read from JSON (a
//! report of a park solved elsewhere, a hand-made test).

use parkwater_core::Model;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// The park as the report draws it.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Park {
    /// Display name.
    #[serde(default)]
    pub name: String,
    /// The flow unit of the result's figures (`t/h`, `t/d`, ...).
    #[serde(default = "default_unit")]
    pub flow_unit: String,
    /// How many t/h one unit of `flow_unit` is (1/24 for t/d): loads in kg/h
    /// are flow x 1e-3 x concentration in t/h.
    #[serde(default = "one")]
    pub t_per_h: f64,
    /// Operating hours per year.
    #[serde(default = "default_hours")]
    pub hours_per_year: f64,
    /// Contaminant ids (concentrations in mg/L).
    #[serde(default)]
    pub contaminants: Vec<String>,
    /// Enterprises.
    #[serde(default)]
    pub enterprises: Vec<Enterprise>,
    /// Every node: intakes, sources, sinks, treatments, discharges.
    #[serde(default)]
    pub nodes: Vec<Node>,
    /// Park-level requirements (`[policy]`).
    #[serde(default)]
    pub policy: Policy,
}

fn default_unit() -> String {
    "t/h".into()
}
fn one() -> f64 {
    1.0
}
fn default_hours() -> f64 {
    8000.0
}

/// An enterprise.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Enterprise {
    /// Id.
    pub id: String,
    /// Industry (free text).
    #[serde(default)]
    pub industry: String,
    /// `[x, y]` in km.
    #[serde(default)]
    pub location: Option<[f64; 2]>,
    /// Declared internal recirculation, flow unit.
    #[serde(default)]
    pub recirculation: f64,
}

/// What a node is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum NodeKind {
    /// A freshwater supply.
    Intake,
    /// An effluent.
    Source,
    /// A demand.
    Sink,
    /// A regeneration unit.
    Treatment,
    /// An outfall.
    Discharge,
}

impl NodeKind {
    /// The word used in the report.
    pub fn name(self) -> &'static str {
        match self {
            NodeKind::Intake => "intake",
            NodeKind::Source => "source",
            NodeKind::Sink => "sink",
            NodeKind::Treatment => "treatment",
            NodeKind::Discharge => "discharge",
        }
    }
}

/// One node of the park.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Node {
    /// Id (the result's `from`/`to`).
    pub id: String,
    /// What it is.
    pub kind: NodeKind,
    /// Sub-kind: intake kind (`surface`, `reclaimed`...), treatment or outfall kind.
    #[serde(default)]
    pub subkind: String,
    /// Owning enterprise id.
    #[serde(default)]
    pub enterprise: Option<String>,
    /// Its own location `[x, y]` km (a node without one sits at its enterprise's).
    #[serde(default)]
    pub location: Option<[f64; 2]>,
    /// mg/L of the water it supplies (intake, source, treatment product).
    #[serde(default)]
    pub conc: BTreeMap<String, f64>,
    /// mg/L upper limits (sink inlet, treatment inlet, outfall); absent = none.
    #[serde(default)]
    pub max_conc: BTreeMap<String, f64>,
    /// kg/h load caps of an outfall.
    #[serde(default)]
    pub max_load: BTreeMap<String, f64>,
    /// Flow: effluent flow, sink demand (minimum), in the flow unit.
    #[serde(default)]
    pub flow: Option<f64>,
    /// Capacity or permit: intake max flow, treatment capacity, sink max flow.
    #[serde(default)]
    pub max_flow: Option<f64>,
    /// Treatment recovery (product / inflow).
    #[serde(default)]
    pub recovery: Option<f64>,
    /// Price (intake, CNY/t), opex (treatment, CNY/t) or fee (outfall, CNY/t).
    #[serde(default)]
    pub price: f64,
}

/// Park-level requirements.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Policy {
    /// Minimum reuse rate (fraction).
    #[serde(default)]
    pub min_reuse_rate: Option<f64>,
    /// Maximum total intake, flow unit.
    #[serde(default)]
    pub max_intake: Option<f64>,
    /// Maximum total discharge, flow unit.
    #[serde(default)]
    pub max_discharge: Option<f64>,
}

fn dense(names: &[String], values: &[f64]) -> BTreeMap<String, f64> {
    names
        .iter()
        .zip(values)
        .filter(|(_, v)| v.is_finite())
        .map(|(n, &v)| (n.clone(), v))
        .collect()
}

impl Park {
    /// The park of a validated model, figures in its flow unit.
    pub fn from_model(m: &Model) -> Park {
        let unit = m.flow_unit;
        let out = |x: f64| unit.from_internal(x);
        let owner = |e: Option<usize>| e.map(|e| m.enterprises[e].id.clone());
        let c = &m.contaminants;
        let mut nodes = Vec::new();
        for x in &m.intakes {
            nodes.push(Node {
                id: x.id.clone(),
                kind: NodeKind::Intake,
                subkind: x.kind.name().into(),
                enterprise: None,
                location: x.location,
                conc: dense(c, &x.conc),
                max_conc: BTreeMap::new(),
                max_load: BTreeMap::new(),
                flow: None,
                max_flow: x.max_flow.map(out),
                recovery: None,
                price: x.price,
            });
        }
        for s in &m.sources {
            nodes.push(Node {
                id: s.id.clone(),
                kind: NodeKind::Source,
                subkind: String::new(),
                enterprise: owner(s.enterprise),
                location: s.location,
                conc: dense(c, &s.conc),
                max_conc: BTreeMap::new(),
                max_load: BTreeMap::new(),
                flow: Some(out(s.flow)),
                max_flow: None,
                recovery: None,
                price: 0.0,
            });
        }
        for s in &m.sinks {
            nodes.push(Node {
                id: s.id.clone(),
                kind: NodeKind::Sink,
                subkind: String::new(),
                enterprise: owner(s.enterprise),
                location: s.location,
                conc: BTreeMap::new(),
                max_conc: dense(c, &s.max_conc),
                max_load: BTreeMap::new(),
                flow: Some(out(s.min_flow)),
                max_flow: Some(out(s.max_flow)),
                recovery: None,
                price: 0.0,
            });
        }
        for t in &m.treatments {
            nodes.push(Node {
                id: t.id.clone(),
                kind: NodeKind::Treatment,
                subkind: t.kind.clone(),
                enterprise: owner(t.enterprise),
                location: t.location,
                conc: dense(c, &t.outlet_conc),
                max_conc: dense(c, &t.max_inlet_conc),
                max_load: BTreeMap::new(),
                flow: None,
                max_flow: t.max_flow.map(out),
                recovery: Some(t.recovery),
                price: t.opex,
            });
        }
        for d in &m.discharges {
            nodes.push(Node {
                id: d.id.clone(),
                kind: NodeKind::Discharge,
                subkind: d.kind.clone(),
                enterprise: None,
                location: d.location,
                conc: BTreeMap::new(),
                max_conc: dense(c, &d.max_conc),
                max_load: dense(c, &d.max_load),
                flow: None,
                max_flow: None,
                recovery: None,
                price: d.fee,
            });
        }
        Park {
            name: m.name.clone(),
            flow_unit: unit.name().into(),
            t_per_h: unit.to_internal(1.0),
            hours_per_year: m.hours_per_year,
            contaminants: m.contaminants.clone(),
            enterprises: m
                .enterprises
                .iter()
                .map(|e| Enterprise {
                    id: e.id.clone(),
                    industry: e.industry.clone(),
                    location: e.location,
                    recirculation: out(e.recirculation),
                })
                .collect(),
            nodes,
            policy: Policy {
                min_reuse_rate: m.policy.min_reuse_rate,
                max_intake: m.policy.max_intake.map(out),
                max_discharge: m.policy.max_discharge.map(out),
            },
        }
    }

    /// Index of nodes by id.
    pub(crate) fn index(&self) -> BTreeMap<&str, &Node> {
        self.nodes.iter().map(|n| (n.id.as_str(), n)).collect()
    }

    /// A node's location: its own, else its enterprise's.
    pub(crate) fn location_of(&self, node: &Node) -> Option<[f64; 2]> {
        node.location.or_else(|| {
            let e = node.enterprise.as_deref()?;
            self.enterprises.iter().find(|x| x.id == e)?.location
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use parkwater_core::Scenario;

    #[test]
    fn model_figures_are_in_the_flow_unit_and_limits_absent_when_infinite() {
        let text = r#"
contaminants = ["COD", "TDS"]
[park]
flow_unit = "t/d"
[[enterprise]]
id = "E1"
location = [1.0, 2.0]
[[intake]]
id = "FW"
kind = "reclaimed"
conc = { COD = 5, TDS = 100 }
max_flow = 240
[[source]]
id = "S1"
enterprise = "E1"
flow = 48
conc = { COD = 50, TDS = 300 }
[[sink]]
id = "D1"
enterprise = "E1"
flow = 96
max_conc = { COD = 20 }
location = [3.0, 4.0]
[[discharge]]
id = "WW"
max_load = { COD = 3 }
"#;
        let model = Scenario::from_toml(text).unwrap().validate().unwrap();
        let park = Park::from_model(&model);
        assert_eq!(park.flow_unit, "t/d");
        assert!((park.t_per_h - 1.0 / 24.0).abs() < 1e-15);
        let idx = park.index();
        assert_eq!(idx["FW"].max_flow, Some(240.0));
        assert_eq!(idx["FW"].subkind, "reclaimed");
        assert_eq!(idx["S1"].flow, Some(48.0));
        assert_eq!(idx["D1"].max_conc.len(), 1, "TDS is unlimited at D1");
        assert_eq!(idx["WW"].max_load["COD"], 3.0);
        assert_eq!(park.location_of(idx["S1"]), Some([1.0, 2.0]));
        // A stream's own location before its enterprise's.
        assert_eq!(park.location_of(idx["D1"]), Some([3.0, 4.0]));
        assert_eq!(park.location_of(idx["FW"]), None);
        // Round trip through JSON: what a park solved elsewhere hands over.
        let back: Park = serde_json::from_str(&serde_json::to_string(&park).unwrap()).unwrap();
        assert_eq!(back, park);
    }
}
