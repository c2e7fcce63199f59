//! Named water-quality grades (GB 18918, GB 3838, GB/T 19923, ...) that a sink
//! or a discharge may cite instead of listing limits.
//!
//! The table is `data/quality_grades.toml`, compiled in; each grade's sources
//! and caveats are in that file.

use std::collections::BTreeMap;
use std::sync::OnceLock;

const GRADES_TOML: &str = include_str!("../../data/quality_grades.toml");

#[derive(serde::Deserialize)]
struct GradeFile {
    grade: BTreeMap<String, GradeEntry>,
}

#[derive(serde::Deserialize)]
struct GradeEntry {
    #[serde(default)]
    limits: BTreeMap<String, f64>,
}

fn table() -> &'static BTreeMap<String, BTreeMap<String, f64>> {
    static TABLE: OnceLock<BTreeMap<String, BTreeMap<String, f64>>> = OnceLock::new();
    TABLE.get_or_init(|| {
        let file: GradeFile =
            toml::from_str(GRADES_TOML).expect("the bundled quality_grades.toml is valid");
        file.grade
            .into_iter()
            .map(|(name, g)| (name, g.limits))
            .collect()
    })
}

/// Upper limits (mg/L, or the unit in the key's suffix) of a named grade.
pub fn grade_limits(name: &str) -> Option<&'static BTreeMap<String, f64>> {
    table().get(name)
}

/// Every grade name, sorted.
pub fn grade_names() -> impl Iterator<Item = &'static str> {
    table().keys().map(String::as_str)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn class_1a_has_published_cod_limit() {
        let limits = grade_limits("GB18918-2002/1A").unwrap();
        assert_eq!(limits["COD"], 50.0);
        assert_eq!(limits["NH3N"], 5.0);
    }

    #[test]
    fn unknown_grade_is_none() {
        assert!(grade_limits("GB0000/none").is_none());
        assert!(grade_names().count() > 10);
    }
}
