//! The scenario schema, discovered from the scenario type itself.
//!
//! Every scenario table denies unknown fields, and serde's error for an
//! unknown field lists every field the table has. Deserializing a probe
//! object with one bogus field therefore yields the table's field list, in
//! declaration order, for whatever the schema holds today: a field added to
//! `parkwater_core::scenario` gets a column without any change here.

use parkwater_core::Scenario;
use serde_json::{json, Value};
use std::sync::OnceLock;

const PROBE: &str = "__parkwater_probe__";

/// How a table of the scenario is laid out.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Shape {
    /// A list of records (`[[sink]]`): one row per record.
    Rows,
    /// One record (`[park]`): one row per field.
    Record,
    /// Anything else (a list of names, free-form data).
    Other,
}

/// A table of the schema: its key path, shape and fields.
#[derive(Debug, Clone)]
pub struct Table {
    /// `sink`, or `constraint.term` for a list nested in a table's records.
    pub key: String,
    /// Rows or record.
    pub shape: Shape,
    /// Field names in declaration order.
    pub fields: Vec<String>,
}

/// The schema: top-level fields and every table.
#[derive(Debug, Clone)]
pub struct Schema {
    /// Top-level field names in declaration order.
    pub root: Vec<String>,
    /// Tables (records and lists of records), nested ones after their parent.
    pub tables: Vec<Table>,
}

impl Schema {
    /// The table with this key.
    pub fn table(&self, key: &str) -> Option<&Table> {
        self.tables.iter().find(|t| t.key == key)
    }
}

/// The schema of `parkwater_core::Scenario`, discovered once.
pub fn schema() -> &'static Schema {
    static SCHEMA: OnceLock<Schema> = OnceLock::new();
    SCHEMA.get_or_init(discover)
}

/// Field names listed by an "unknown field" error when `value` is read as a
/// scenario, or `None` when the probe did not reach a record.
fn probe(value: Value) -> Option<Vec<String>> {
    let err = serde_json::from_value::<Scenario>(value).err()?.to_string();
    let rest = err.split_once(&format!("unknown field `{PROBE}`"))?.1;
    if rest.contains("there are no fields") {
        return Some(Vec::new());
    }
    // ", expected one of `a`, `b`" or ", expected `a`"; names are between backticks.
    let names = rest
        .split('`')
        .skip(1)
        .step_by(2)
        .map(str::to_string)
        .collect();
    Some(names)
}

fn discover() -> Schema {
    let root = probe(json!({ PROBE: 0 })).unwrap_or_default();
    let mut tables = Vec::new();
    for key in &root {
        if key == "contaminants" {
            continue;
        }
        let rows = probe(json!({"contaminants": [], key.as_str(): [{ PROBE: 0 }]}));
        let (shape, fields) = match rows {
            Some(fields) => (Shape::Rows, fields),
            None => match probe(json!({"contaminants": [], key.as_str(): { PROBE: 0 }})) {
                Some(fields) => (Shape::Record, fields),
                None => continue,
            },
        };
        let mut nested = Vec::new();
        if shape == Shape::Rows {
            for field in &fields {
                let value =
                    json!({"contaminants": [], key.as_str(): [{ field.as_str(): [{ PROBE: 0 }] }]});
                if let Some(inner) = probe(value) {
                    nested.push(Table {
                        key: format!("{key}.{field}"),
                        shape: Shape::Rows,
                        fields: inner,
                    });
                }
            }
        }
        tables.push(Table {
            key: key.clone(),
            shape,
            fields,
        });
        tables.extend(nested);
    }
    Schema { root, tables }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn discovers_tables_and_fields() {
        let s = schema();
        assert!(s.root.iter().any(|k| k == "contaminants"));
        let sink = s.table("sink").expect("sink table");
        assert_eq!(sink.shape, Shape::Rows);
        assert!(sink.fields.iter().any(|f| f == "max_conc"));
        assert_eq!(s.table("park").unwrap().shape, Shape::Record);
        let term = s.table("constraint.term").expect("nested terms");
        assert!(term.fields.iter().any(|f| f == "coef"));
        // Free-form data is not a table.
        assert!(s.table("plugin").is_none());
    }
}
