//! The input: sources, sinks and freshwater supplies of one contaminant.
//!
//! Units: flows in t/h (1 t = 1 m3), concentrations in mg/L (= ppm).

use std::collections::HashSet;

use serde::{Deserialize, Serialize};

use crate::error::PinchError;

/// Top of the cascade, mg/L: 10^6 mg/L is pure contaminant, so no stream can be
/// dirtier (the convention of Manan, Tan & Foo 2004). Every concentration must be
/// below it.
pub const TOP_CONC: f64 = 1e6;

/// A water source (an effluent that can be reused) or a water sink (a demand).
///
/// For a source `conc` is its concentration; for a sink it is the maximum inlet
/// concentration the demand accepts.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Stream {
    /// Identifier, unique within its list.
    pub id: String,
    /// Flow, t/h.
    pub flow: f64,
    /// Concentration (source) or maximum inlet concentration (sink), mg/L.
    pub conc: f64,
}

impl Stream {
    /// A stream of `flow` t/h at `conc` mg/L.
    pub fn new(id: impl Into<String>, flow: f64, conc: f64) -> Self {
        Stream {
            id: id.into(),
            flow,
            conc,
        }
    }
}

/// A freshwater intake: its concentration may be non-zero, and its flow may be
/// capped (a permit).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct FreshSupply {
    /// Identifier, unique among the supplies.
    pub id: String,
    /// Concentration, mg/L.
    pub conc: f64,
    /// Maximum flow, t/h; `None` for unlimited.
    pub max_flow: Option<f64>,
}

impl FreshSupply {
    /// An unlimited supply at `conc` mg/L.
    pub fn new(id: impl Into<String>, conc: f64) -> Self {
        FreshSupply {
            id: id.into(),
            conc,
            max_flow: None,
        }
    }

    /// The same supply capped at `max_flow` t/h.
    pub fn with_max_flow(mut self, max_flow: f64) -> Self {
        self.max_flow = Some(max_flow);
        self
    }
}

/// A single-contaminant fixed-flowrate targeting problem.
///
/// Every source's flow must go somewhere (a sink or the wastewater), every sink's
/// flow must be met exactly with a mix no dirtier than its limit, and freshwater
/// goes to sinks only (never straight to the drain). Total sources and total sinks
/// may differ (water gain or loss).
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct TargetProblem {
    /// Effluents available for reuse.
    pub sources: Vec<Stream>,
    /// Demands, with their maximum inlet concentrations.
    pub sinks: Vec<Stream>,
    /// Freshwater supplies (at least one).
    pub fresh: Vec<FreshSupply>,
}

impl TargetProblem {
    /// A problem from its three lists.
    pub fn new(sources: Vec<Stream>, sinks: Vec<Stream>, fresh: Vec<FreshSupply>) -> Self {
        TargetProblem {
            sources,
            sinks,
            fresh,
        }
    }

    /// Every input problem, in a fixed order (missing supply; then supplies,
    /// sources and sinks in list order, each with its fields in order; then
    /// duplicate ids). Empty when the problem is valid.
    pub fn problems(&self) -> Vec<PinchError> {
        let mut out = Vec::new();
        if self.fresh.is_empty() {
            out.push(PinchError::NoFreshSupply);
        }
        for f in &self.fresh {
            check_conc(&mut out, &format!("fresh[{}].conc", f.id), f.conc);
            if let Some(cap) = f.max_flow {
                check_flow(&mut out, &format!("fresh[{}].max_flow", f.id), cap);
            }
        }
        for (list, streams) in [("sources", &self.sources), ("sinks", &self.sinks)] {
            for s in streams {
                check_flow(&mut out, &format!("{list}[{}].flow", s.id), s.flow);
                check_conc(&mut out, &format!("{list}[{}].conc", s.id), s.conc);
            }
        }
        let ids = [
            (
                "fresh",
                self.fresh.iter().map(|f| &f.id).collect::<Vec<_>>(),
            ),
            ("sources", self.sources.iter().map(|s| &s.id).collect()),
            ("sinks", self.sinks.iter().map(|s| &s.id).collect()),
        ];
        for (list, ids) in ids {
            let mut seen = HashSet::new();
            let mut reported = HashSet::new();
            for id in ids {
                if !seen.insert(id) && reported.insert(id) {
                    out.push(PinchError::DuplicateId {
                        list,
                        id: id.clone(),
                    });
                }
            }
        }
        out
    }

    /// `Ok` when the problem is valid, else the first of [`TargetProblem::problems`].
    pub fn validate(&self) -> Result<(), PinchError> {
        match self.problems().into_iter().next() {
            None => Ok(()),
            Some(e) => Err(e),
        }
    }

    /// Total source flow, t/h.
    pub fn total_sources(&self) -> f64 {
        self.sources.iter().map(|s| s.flow).sum()
    }

    /// Total sink flow, t/h.
    pub fn total_sinks(&self) -> f64 {
        self.sinks.iter().map(|s| s.flow).sum()
    }
}

fn check_flow(out: &mut Vec<PinchError>, path: &str, value: f64) {
    if !value.is_finite() {
        out.push(PinchError::NonFinite {
            path: path.to_string(),
            value,
        });
    } else if value < 0.0 {
        out.push(PinchError::Negative {
            path: path.to_string(),
            value,
        });
    }
}

fn check_conc(out: &mut Vec<PinchError>, path: &str, value: f64) {
    check_flow(out, path, value);
    if value.is_finite() && value >= TOP_CONC {
        out.push(PinchError::ConcentrationTooHigh {
            path: path.to_string(),
            value,
            max: TOP_CONC,
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ok_problem() -> TargetProblem {
        TargetProblem::new(
            vec![Stream::new("SR1", 10.0, 50.0)],
            vec![Stream::new("SK1", 10.0, 20.0)],
            vec![FreshSupply::new("FW", 0.0)],
        )
    }

    #[test]
    fn valid_problem_has_no_problems() {
        assert_eq!(ok_problem().validate(), Ok(()));
    }

    #[test]
    fn each_input_error_is_reported_with_its_path() {
        let mut p = ok_problem();
        p.fresh.clear();
        assert_eq!(p.validate(), Err(PinchError::NoFreshSupply));

        let mut p = ok_problem();
        p.sources[0].flow = -1.0;
        assert_eq!(p.validate().unwrap_err().code(), "negative");
        assert!(p
            .validate()
            .unwrap_err()
            .to_string()
            .contains("sources[SR1].flow"));

        let mut p = ok_problem();
        p.sinks[0].conc = f64::NAN;
        assert_eq!(p.validate().unwrap_err().code(), "non_finite");

        let mut p = ok_problem();
        p.sinks[0].flow = f64::INFINITY;
        assert_eq!(p.validate().unwrap_err().code(), "non_finite");

        let mut p = ok_problem();
        p.fresh[0].max_flow = Some(-5.0);
        assert_eq!(p.validate().unwrap_err().code(), "negative");

        let mut p = ok_problem();
        p.fresh[0].conc = -0.5;
        assert_eq!(p.validate().unwrap_err().code(), "negative");

        let mut p = ok_problem();
        p.sources[0].conc = 1e6;
        assert_eq!(p.validate().unwrap_err().code(), "conc_too_high");

        let mut p = ok_problem();
        p.sinks.push(Stream::new("SK1", 1.0, 1.0));
        p.sinks.push(Stream::new("SK1", 1.0, 1.0));
        assert_eq!(
            p.validate(),
            Err(PinchError::DuplicateId {
                list: "sinks",
                id: "SK1".into()
            })
        );
        // reported once, however often repeated
        assert_eq!(p.problems().len(), 1);
    }

    #[test]
    fn all_problems_are_listed_at_once() {
        let p = TargetProblem::new(
            vec![Stream::new("A", -1.0, f64::NAN)],
            vec![Stream::new("B", 1.0, 2e6)],
            vec![],
        );
        let codes: Vec<_> = p.problems().iter().map(PinchError::code).collect();
        assert_eq!(
            codes,
            ["no_fresh_supply", "negative", "non_finite", "conc_too_high"]
        );
    }
}
