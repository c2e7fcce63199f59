//! The field names of each table of the scenario file, read off the serde
//! schema itself (not a hand-kept copy), for tools that edit scenarios by
//! field: the Python package's attribute access, workbook columns.

use super::{
    Discharge, Enterprise, Intake, ObjectiveSpec, Operation, Park, Policy, Sink, Source, Treatment,
};
use serde_aux::serde_introspection::serde_introspect;

/// `(table, fields)` for every table of the file whose entries are objects:
/// the node tables keyed by id, `enterprise`, `operation`, `park`, `policy`
/// and `objective`, each with the names the file uses.
pub fn table_fields() -> Vec<(&'static str, &'static [&'static str])> {
    vec![
        ("park", serde_introspect::<Park>()),
        ("enterprise", serde_introspect::<Enterprise>()),
        ("intake", serde_introspect::<Intake>()),
        ("source", serde_introspect::<Source>()),
        ("sink", serde_introspect::<Sink>()),
        ("operation", serde_introspect::<Operation>()),
        ("treatment", serde_introspect::<Treatment>()),
        ("discharge", serde_introspect::<Discharge>()),
        ("policy", serde_introspect::<Policy>()),
        ("objective", serde_introspect::<ObjectiveSpec>()),
    ]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fields_are_the_names_the_file_uses() {
        let tables = table_fields();
        let sink = tables.iter().find(|(t, _)| *t == "sink").unwrap().1;
        for field in ["id", "flow", "min_flow", "max_flow", "max_conc", "accepts"] {
            assert!(sink.contains(&field), "sink lacks {field}: {sink:?}");
        }
        let policy = tables.iter().find(|(t, _)| *t == "policy").unwrap().1;
        assert!(policy.contains(&"min_reuse_rate"));
    }

    #[test]
    fn every_listed_field_is_accepted_by_the_parser() {
        // A field the introspection invents would be refused by
        // deny_unknown_fields; one it misses would not be listed. Parsing a
        // table with a listed field and a wrong value must fail on the value,
        // never with "unknown field".
        for (table, fields) in table_fields() {
            for field in fields {
                let header = match table {
                    "park" | "policy" | "objective" => format!("[{table}]"),
                    _ => format!("[[{table}]]"),
                };
                let text = format!("{header}\n{field} = {{ zz = \"?\" }}\n");
                let e = toml::from_str::<super::super::Scenario>(&text)
                    .expect_err("a map is no valid value of any field");
                assert!(
                    !e.to_string().contains("unknown field"),
                    "{table}.{field}: {e}"
                );
            }
        }
        // And an invented field is refused, so the check above can fail.
        let e =
            toml::from_str::<super::super::Scenario>("[[sink]]\nnot_a_field = 1\n").unwrap_err();
        assert!(e.to_string().contains("unknown field"), "{e}");
    }
}
