//! A scenario as the plugin sees it: the file schema (`docs/model.md`) as
//! JSON, with helpers for what industry rules need. Working on JSON keeps a
//! plugin independent of the engine's Rust types: a field the engine adds
//! later passes through a transform untouched.

use serde::Serialize;
use serde_json::{Map, Value};

/// The tables that hold node entries, with the kind of node each makes.
const NODE_TABLES: [(&str, NodeKind); 5] = [
    ("intake", NodeKind::Intake),
    ("source", NodeKind::Source),
    ("sink", NodeKind::Sink),
    ("treatment", NodeKind::Treatment),
    ("discharge", NodeKind::Discharge),
];

/// What a node id names.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NodeKind {
    /// A freshwater supply.
    Intake,
    /// An effluent.
    Source,
    /// A demand.
    Sink,
    /// A regeneration unit (both a demand and a supply).
    Treatment,
    /// An outfall.
    Discharge,
}

/// A scenario in the file schema, as JSON.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(transparent)]
pub struct Scenario(pub Value);

impl Scenario {
    /// The declared contaminant ids.
    pub fn contaminants(&self) -> Vec<String> {
        self.0["contaminants"]
            .as_array()
            .map(|a| {
                a.iter()
                    .filter_map(|c| c.as_str().map(String::from))
                    .collect()
            })
            .unwrap_or_default()
    }

    /// `park.flow_unit` (default `t/h`).
    pub fn flow_unit(&self) -> &str {
        self.0["park"]["flow_unit"].as_str().unwrap_or("t/h")
    }

    /// Hours per unit of time of the flow unit: 1 for t/h and m3/h, 24 for t/d and m3/d.
    pub fn hours_per_flow_unit(&self) -> f64 {
        if self.flow_unit().ends_with("/d") {
            24.0
        } else {
            1.0
        }
    }

    /// The entries of an array table (`"source"`, `"sink"`, `"enterprise"`, ...).
    pub fn entries(&self, table: &str) -> &[Value] {
        self.0[table].as_array().map(Vec::as_slice).unwrap_or(&[])
    }

    /// The entries of an array table, mutable; the table is created when absent.
    ///
    /// # Panics
    /// When the scenario is not a JSON object (the host always sends one).
    pub fn entries_mut(&mut self, table: &str) -> &mut Vec<Value> {
        let object = self.0.as_object_mut().expect("a scenario is a JSON object");
        let entry = object
            .entry(table.to_string())
            .or_insert_with(|| Value::Array(Vec::new()));
        if !entry.is_array() {
            *entry = Value::Array(Vec::new());
        }
        entry.as_array_mut().expect("made an array above")
    }

    /// The entry with this id in a table.
    pub fn find(&self, table: &str, id: &str) -> Option<&Map<String, Value>> {
        self.entries(table)
            .iter()
            .filter_map(Value::as_object)
            .find(|e| e["id"].as_str() == Some(id))
    }

    /// The entry with this id in a table, mutable.
    pub fn find_mut(&mut self, table: &str, id: &str) -> Option<&mut Map<String, Value>> {
        self.entries_mut(table)
            .iter_mut()
            .filter_map(Value::as_object_mut)
            .find(|e| e["id"].as_str() == Some(id))
    }

    /// Every node id with its kind, in file order (operations' generated
    /// `<id>.in` sink and `<id>.out` source included).
    pub fn nodes(&self) -> Vec<(String, NodeKind)> {
        let mut nodes = Vec::new();
        for (table, kind) in NODE_TABLES {
            for e in self.entries(table) {
                if let Some(id) = e["id"].as_str() {
                    nodes.push((id.to_string(), kind));
                }
            }
        }
        for e in self.entries("operation") {
            if let Some(id) = e["id"].as_str() {
                nodes.push((format!("{id}.in"), NodeKind::Sink));
                nodes.push((format!("{id}.out"), NodeKind::Source));
            }
        }
        nodes
    }

    /// Whether any node already uses this id (node ids share one namespace).
    pub fn has_node(&self, id: &str) -> bool {
        self.nodes().iter().any(|(n, _)| n == id)
    }

    /// The enterprise owning a node, when it has one.
    pub fn owner(&self, node: &str) -> Option<&str> {
        NODE_TABLES
            .iter()
            .find_map(|(table, _)| self.find(table, node))
            .and_then(|e| e.get("enterprise"))
            .and_then(Value::as_str)
    }

    /// Concentration of every contaminant a supply delivers, mg/L: an
    /// intake's or a source's `conc`, a treatment unit's `outlet_conc`.
    pub fn supply_conc(&self, id: &str) -> Option<&Map<String, Value>> {
        if let Some(e) = self.find("intake", id).or_else(|| self.find("source", id)) {
            return e.get("conc").and_then(Value::as_object);
        }
        self.find("treatment", id)
            .and_then(|e| e.get("outlet_conc"))
            .and_then(Value::as_object)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn helpers_read_the_file_schema() {
        let mut s = Scenario(json!({
            "contaminants": ["TDS"],
            "park": {"flow_unit": "t/d"},
            "source": [{"id": "S", "enterprise": "E", "flow": 1.0, "conc": {"TDS": 5.0}}],
            "operation": [{"id": "OP", "max_inlet_conc": {"TDS": 0.0}}]
        }));
        assert_eq!(s.contaminants(), ["TDS"]);
        assert_eq!(s.hours_per_flow_unit(), 24.0);
        assert_eq!(s.owner("S"), Some("E"));
        assert!(s.has_node("OP.in") && s.has_node("OP.out") && !s.has_node("X"));
        assert_eq!(s.supply_conc("S").unwrap()["TDS"], 5.0);
        s.entries_mut("sink").push(json!({"id": "K"}));
        assert!(s.find("sink", "K").is_some());
    }
}
