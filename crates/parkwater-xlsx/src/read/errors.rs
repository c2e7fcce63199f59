//! The serde pass: serde reads the JSON as a `Scenario`; an error is traced
//! back to its cell through the JSON path, and the read goes on without that
//! cell, so that every problem is reported at once. A field this crate does
//! not document yet has its kind learnt from serde's "expected".

use super::{field_path, Loc, RawTable, Reader, State, MAX_PROBLEMS};
use crate::cells::{expected_kind, friendly};
use crate::error::Problem;
use crate::fields;
use parkwater_core::Scenario;
use std::collections::HashMap;

impl Reader<'_> {
    pub(super) fn deserialize(mut self, tables: &[RawTable]) -> Result<Scenario, Vec<Problem>> {
        let mut state = State::default();
        let mut serde_problems: Vec<Problem> = Vec::new();
        for _ in 0..10_000 {
            let (value, build_problems, index) = self.build(tables, &state);
            let outcome = serde_path_to_error::deserialize::<_, Scenario>(&value);
            let err = match outcome {
                Ok(scenario) => {
                    self.problems.extend(build_problems);
                    self.problems.extend(serde_problems);
                    return if self.problems.is_empty() {
                        Ok(scenario)
                    } else {
                        Err(self.finish())
                    };
                }
                Err(e) => e,
            };
            let segments = path_segments(err.path());
            let message = err.inner().to_string();
            let loc = lookup(&index, &segments);
            let Some((loc, exact)) = loc else {
                serde_problems.push(Problem {
                    place: "workbook".into(),
                    cell: None,
                    path: segments.join(""),
                    code: "sheet.structure",
                    message,
                });
                self.problems.extend(build_problems);
                break;
            };
            if let Some(field) = message
                .strip_prefix("missing field `")
                .and_then(|m| m.split('`').next())
            {
                let key = (loc.table.clone(), field.to_string());
                if state.required.insert(key) {
                    continue;
                }
            } else if message.starts_with("invalid type") || message.starts_with("invalid value") {
                if let Some(field) = &loc.field {
                    let documented = fields::field(&loc.table, field).is_some();
                    let key = (loc.table.clone(), field.clone());
                    if !documented && !state.learned.contains_key(&key) {
                        if let Some(kind) = expected_kind(&message) {
                            state.learned.insert(key, kind);
                            continue;
                        }
                    }
                    if loc.placeholder {
                        if let Some(kind) = expected_kind(&message) {
                            if state.learned.insert(key, kind) != Some(kind) {
                                continue;
                            }
                        }
                    }
                }
            }
            let path = if exact {
                display_path(loc, &segments)
            } else {
                loc.entity.clone()
            };
            serde_problems.push(Problem {
                place: self.place(loc.grid),
                cell: Some(loc.at),
                path,
                code: if message.starts_with("invalid type") {
                    "sheet.type"
                } else {
                    "sheet.invalid"
                },
                message: friendly(&message),
            });
            if loc.placeholder
                || !state.suppressed.insert((loc.grid, loc.at))
                || serde_problems.len() > MAX_PROBLEMS
            {
                self.problems.extend(build_problems);
                break;
            }
        }
        self.problems.extend(serde_problems);
        Err(self.finish())
    }
}

/// The path shown for a serde error: the entity, then what follows the record.
fn display_path(loc: &Loc, segments: &[String]) -> String {
    match &loc.field {
        Some(field) => {
            // Everything after the field's own segment (a list item, a sub-key).
            let joined = segments.join("");
            let tail = joined
                .rfind(&format!(".{field}"))
                .map(|i| joined[i + field.len() + 1..].to_string())
                .unwrap_or_default();
            format!("{}{tail}", field_path(&loc.entity, field, None))
        }
        None => loc.entity.clone(),
    }
}

/// serde_path_to_error's path as segments: `sink`, `[3]`, `.flow`.
fn path_segments(path: &serde_path_to_error::Path) -> Vec<String> {
    use serde_path_to_error::Segment;
    let mut out = Vec::new();
    for seg in path.iter() {
        match seg {
            Segment::Seq { index } => out.push(format!("[{index}]")),
            Segment::Map { key } | Segment::Enum { variant: key } => out.push(if out.is_empty() {
                key.clone()
            } else {
                format!(".{key}")
            }),
            Segment::Unknown => break,
        }
    }
    out
}

/// The longest prefix of the path that came from a cell; whether it was the whole path.
fn lookup<'a>(index: &'a HashMap<String, Loc>, segments: &[String]) -> Option<(&'a Loc, bool)> {
    (0..=segments.len()).rev().find_map(|n| {
        let key = segments[..n].join("");
        index.get(&key).map(|loc| (loc, n == segments.len()))
    })
}
