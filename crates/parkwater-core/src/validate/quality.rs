//! Concentration limits: a named quality grade's table, overridden entry by
//! entry by explicit limits.

use super::checker::{Checker, Contaminants};
use super::grades::{grade_limits, grade_names};
use crate::scenario as file;

/// A grade's limits for the declared contaminants, overridden by explicit entries.
pub(super) fn limits(
    c: &mut Checker,
    p: &str,
    explicit: &file::PerContaminant,
    grade: Option<&str>,
    contaminants: &Contaminants,
    field: &str,
) -> Vec<f64> {
    let mut dense = c.per_contaminant(
        &format!("{p}.{field}"),
        explicit,
        contaminants,
        false,
        f64::INFINITY,
    );
    if let Some(name) = grade {
        match grade_limits(name) {
            Some(table) => {
                for (contaminant, &limit) in table {
                    if let Some(&k) = contaminants.index.get(contaminant.as_str()) {
                        if !explicit.contains_key(contaminant) {
                            dense[k] = limit;
                        }
                    }
                }
            }
            None => c.push(
                format!("{p}.grade"),
                "grade.unknown",
                format!(
                    "no grade '{name}'; known grades: {}",
                    grade_names().collect::<Vec<_>>().join(", ")
                ),
            ),
        }
    }
    dense
}
