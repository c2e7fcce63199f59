//! The problem collector and the small checks every entity shares: numbers,
//! per-contaminant maps, references.

use super::problem::Problem;
use std::collections::{BTreeMap, HashMap};

/// Collects problems; never stops at the first one.
#[derive(Debug, Default)]
pub(super) struct Checker {
    pub(crate) problems: Vec<Problem>,
}

/// What a number may be.
#[derive(Debug, Clone, Copy)]
pub(super) enum Range {
    /// >= 0
    NonNegative,
    /// > 0
    Positive,
    /// in (0, 1]
    Fraction,
    /// in [0, 1)
    Rate,
    /// any finite number (a right-hand side, a coefficient)
    Any,
}

impl Checker {
    pub(crate) fn push(
        &mut self,
        path: impl Into<String>,
        code: &'static str,
        message: impl Into<String>,
    ) {
        self.problems.push(Problem {
            path: path.into(),
            code,
            message: message.into(),
        });
    }

    /// Checks a number is finite and in range; returns it when it is.
    pub(crate) fn number(&mut self, path: &str, value: f64, range: Range) -> Option<f64> {
        if !value.is_finite() {
            self.push(
                path,
                "number.not_finite",
                format!("{value} is not a finite number"),
            );
            return None;
        }
        let ok = match range {
            Range::NonNegative => value >= 0.0,
            Range::Positive => value > 0.0,
            Range::Fraction => value > 0.0 && value <= 1.0,
            Range::Rate => (0.0..1.0).contains(&value),
            Range::Any => true,
        };
        if ok && value.abs() > super::MAX_NUMBER {
            self.push(
                path,
                "number.too_large",
                format!(
                    "{value} is above {:e}, the largest figure a scenario may hold",
                    super::MAX_NUMBER
                ),
            );
            return None;
        }
        if ok {
            return Some(value);
        }
        let (code, what) = match range {
            Range::NonNegative => ("number.negative", "must be >= 0"),
            Range::Positive => ("number.not_positive", "must be > 0"),
            Range::Any => ("number.not_finite", "must be finite"),
            Range::Fraction => ("number.out_of_range", "must be in (0, 1]"),
            Range::Rate => ("number.out_of_range", "must be in [0, 1)"),
        };
        self.push(path, code, format!("{value} {what}"));
        None
    }

    /// An optional number.
    pub(crate) fn optional(&mut self, path: &str, value: Option<f64>, range: Range) -> Option<f64> {
        value.and_then(|v| self.number(path, v, range))
    }

    /// A location pair.
    pub(crate) fn location(&mut self, path: &str, loc: Option<[f64; 2]>) -> Option<[f64; 2]> {
        let [x, y] = loc?;
        let mut ok = true;
        for (axis, v) in [("0", x), ("1", y)] {
            if !v.is_finite() {
                ok = false;
                self.push(
                    format!("{path}.{axis}"),
                    "number.not_finite",
                    format!("{v} is not a finite number"),
                );
            } else if v.abs() > super::MAX_NUMBER {
                ok = false;
                self.push(
                    format!("{path}.{axis}"),
                    "number.too_large",
                    format!("{v} km is beyond {:e} km", super::MAX_NUMBER),
                );
            }
        }
        ok.then_some([x, y])
    }

    /// A per-contaminant map made dense. Keys must be declared contaminants and
    /// values non-negative; with `required`, every contaminant must be present.
    /// Absent entries become `absent`.
    pub(crate) fn per_contaminant(
        &mut self,
        path: &str,
        map: &BTreeMap<String, f64>,
        contaminants: &Contaminants,
        required: bool,
        absent: f64,
    ) -> Vec<f64> {
        let mut dense = vec![absent; contaminants.count];
        let mut seen = vec![false; contaminants.count];
        for (name, &value) in map {
            let p = format!("{path}.{name}");
            match contaminants.index.get(name.as_str()) {
                Some(&k) => {
                    seen[k] = true;
                    if let Some(v) = self.number(&p, value, Range::NonNegative) {
                        dense[k] = v;
                    }
                }
                None => self.push(
                    p,
                    "contaminant.undeclared",
                    format!("'{name}' is not in `contaminants`"),
                ),
            }
        }
        if required {
            let mut names: Vec<(&str, usize)> =
                contaminants.index.iter().map(|(n, &k)| (*n, k)).collect();
            names.sort_by_key(|&(_, k)| k);
            for (name, k) in names {
                if !seen[k] {
                    self.push(
                        format!("{path}.{name}"),
                        "conc.missing",
                        format!("no concentration given for contaminant '{name}'"),
                    );
                }
            }
        }
        dense
    }

    /// Resolves an id reference; records `code` when it names nothing.
    pub(crate) fn reference(
        &mut self,
        path: &str,
        id: &str,
        index: &HashMap<&str, usize>,
        code: &'static str,
        what: &str,
    ) -> Option<usize> {
        let found = index.get(id).copied();
        if found.is_none() {
            self.push(path, code, format!("no {what} has id '{id}'"));
        }
        found
    }
}

/// Declared contaminants: name -> index of its first declaration.
#[derive(Debug, Default)]
pub(super) struct Contaminants<'a> {
    pub(crate) index: HashMap<&'a str, usize>,
    /// Length of the declared list (dense arrays have this length).
    pub(crate) count: usize,
}

// `kind[id]`, or `kind[#n]` when the id is empty: the scenario's path notation.
pub(super) use crate::scenario::path::entity_path;
