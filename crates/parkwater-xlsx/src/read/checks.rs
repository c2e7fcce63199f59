//! Checks across records before the serde pass: entity names (as validation
//! will name them), duplicate ids, vocabularies (kinds, grades...).

use super::{field_path, RawTable, Reader};
use crate::cells::split_list;
use crate::fields::{self, Kind};
use crate::grid::CellRef;
use crate::layout::{self, SheetKind};
use std::collections::{HashMap, HashSet};

impl Reader<'_> {
    /// Names each record as validation does: `sink[E3.D1]`, or by its row.
    pub(super) fn name_entities(&self, tables: &mut [RawTable]) {
        for t in tables.iter_mut() {
            let ident = layout::identity_field(&t.sheet.fields);
            let key = t.sheet.key.clone();
            for rec in &mut t.records {
                rec.entity = match t.sheet.kind {
                    SheetKind::Rows => {
                        let id = ident.and_then(|f| {
                            rec.cells.iter().find(|c| c.field == f && c.sub.is_none())
                        });
                        match id {
                            Some(c) => format!(
                                "{}[{}]",
                                key.rsplit('.').next().unwrap_or(&key),
                                c.cell.text()
                            ),
                            None => format!(
                                "{}[row {}]",
                                key.rsplit('.').next().unwrap_or(&key),
                                rec.at.row + 1
                            ),
                        }
                    }
                    _ => key.clone(),
                };
            }
        }
    }

    pub(super) fn check_ids(&mut self, tables: &[RawTable]) {
        for t in tables.iter().filter(|t| t.sheet.kind == SheetKind::Rows) {
            let Some(ident) = layout::identity_field(&t.sheet.fields) else {
                continue;
            };
            if t.sheet.parent.is_some() {
                continue;
            }
            let mut seen: HashMap<String, CellRef> = HashMap::new();
            for rec in &t.records {
                let Some(c) = rec
                    .cells
                    .iter()
                    .find(|c| c.field == ident && c.sub.is_none())
                else {
                    continue;
                };
                let id = c.cell.text();
                if let Some(first) = seen.get(&id) {
                    self.problem(
                        t.grid,
                        Some(c.at),
                        &format!("{}.{ident}", rec.entity),
                        "sheet.duplicate_id",
                        format!("duplicate {ident} '{id}' (first in cell {first})"),
                    );
                } else {
                    seen.insert(id, c.at);
                }
            }
        }
    }

    /// Each cell of a field with a vocabulary names one of its words. The
    /// vocabulary of a field is built once (a set), not once per cell.
    pub(super) fn check_vocabularies(&mut self, tables: &[RawTable]) {
        let mut vocabularies: HashMap<&str, Option<Vocabulary>> = HashMap::new();
        for t in tables {
            vocabularies.clear();
            for rec in &t.records {
                for c in &rec.cells {
                    let Some(words) = vocabularies
                        .entry(c.field.as_str())
                        .or_insert_with(|| Vocabulary::of(&t.sheet.key, &c.field))
                    else {
                        continue;
                    };
                    let text = c.cell.text();
                    let items: Vec<String> = if words.is_list || text.starts_with('[') {
                        split_list(&text)
                    } else {
                        vec![text]
                    };
                    for item in items {
                        if !item.is_empty() && !words.set.contains(&item) {
                            let message = format!("'{item}' is not one of {}", words.shown);
                            self.problem(
                                t.grid,
                                Some(c.at),
                                &field_path(&rec.entity, &c.field, None),
                                "sheet.unknown_kind",
                                message,
                            );
                        }
                    }
                }
            }
        }
    }
}

/// The words a field takes, as a set, and as shown in a problem.
struct Vocabulary {
    set: HashSet<String>,
    shown: String,
    /// The field holds a list of words.
    is_list: bool,
}

impl Vocabulary {
    fn of(table: &str, field: &str) -> Option<Self> {
        let words = fields::vocabulary(table, field)?;
        let kind = fields::field(table, field).map(|f| f.kind);
        let shown = if words.len() > 12 {
            format!(
                "{} ... ({} names; see the lists sheet of `parkwater template`)",
                words[..6].join(", "),
                words.len()
            )
        } else {
            words.join(", ")
        };
        Some(Vocabulary {
            set: words.into_iter().collect(),
            shown,
            is_list: matches!(kind, Some(Kind::List | Kind::Names)),
        })
    }
}
