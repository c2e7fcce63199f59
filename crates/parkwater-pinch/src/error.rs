//! The one error type of the crate.
//!
//! Every failure is an `Err`, never a panic. Input problems carry the path of the
//! offending field (for instance `sources[SR1].flow`) so a caller can point at it;
//! [`PinchError::code`] gives a stable, machine-readable code for each variant.

use thiserror::Error;

/// Why a target could not be computed.
#[derive(Debug, Clone, PartialEq, Error)]
#[non_exhaustive]
pub enum PinchError {
    /// The problem lists no freshwater supply at all.
    #[error("no freshwater supply: give at least one entry in `fresh`")]
    NoFreshSupply,

    /// A number is NaN or infinite.
    #[error("{path} is not a finite number ({value})")]
    NonFinite {
        /// Field path, e.g. `sinks[SK2].conc`.
        path: String,
        /// The offending value.
        value: f64,
    },

    /// A flow, concentration or flow cap is negative.
    #[error("{path} is negative ({value})")]
    Negative {
        /// Field path, e.g. `sources[SR1].flow`.
        path: String,
        /// The offending value.
        value: f64,
    },

    /// A concentration is not below 10^6 mg/L (pure contaminant), the top of the
    /// cascade.
    #[error("{path} = {value} mg/L is not below the cascade top of {max} mg/L (pure contaminant)")]
    ConcentrationTooHigh {
        /// Field path, e.g. `sources[SR4].conc`.
        path: String,
        /// The offending value, mg/L.
        value: f64,
        /// The limit, mg/L.
        max: f64,
    },

    /// Two entries of the same list share an id, so results keyed by id would be
    /// ambiguous.
    #[error("duplicate id `{id}` in `{list}`")]
    DuplicateId {
        /// `sources`, `sinks` or `fresh`.
        list: &'static str,
        /// The repeated id.
        id: String,
    },

    /// Some demand below `conc` cannot be met whatever the fresh flow: there is not
    /// enough water cleaner than `conc` among the sources, the supplies and (for
    /// regeneration targets) the regenerated water.
    #[error("infeasible: the demand for water cleaner than {conc} mg/L exceeds what the sources and supplies cleaner than {conc} mg/L can give, whatever the fresh flow")]
    TooCleanDemand {
        /// Concentration, mg/L, at which the cumulative load stays negative.
        conc: f64,
    },

    /// The freshwater caps (`max_flow`) are too small: `supply` would have to give
    /// `needed` t/h (every purer supply at its cap, the dirtier ones unused) but is
    /// capped at `cap`. When a dirtier supply cannot stand in (it is too impure for
    /// the demand), `supply` is the last purer one that ran out.
    #[error("infeasible: fresh supply `{supply}` would have to give {needed} t/h but is capped at {cap} t/h")]
    FreshCapExceeded {
        /// Id of the supply whose cap binds.
        supply: String,
        /// Flow it would have to give, t/h.
        needed: f64,
        /// Its cap, t/h.
        cap: f64,
    },

    /// `cascade_table` got a number of fresh flows different from the number of
    /// supplies.
    #[error("expected {expected} fresh flows (one per supply), got {got}")]
    FreshFlowCount {
        /// Number of supplies.
        expected: usize,
        /// Number of flows given.
        got: usize,
    },

    /// The regenerator outlet concentration is negative, not finite or not below
    /// the cascade top.
    #[error("regenerator outlet concentration {value} mg/L is not a finite number in [0, 1e6)")]
    InvalidRegenConc {
        /// The offending value, mg/L.
        value: f64,
    },
}

impl PinchError {
    /// A stable code per variant, for logs, reports and tests.
    pub fn code(&self) -> &'static str {
        match self {
            PinchError::NoFreshSupply => "no_fresh_supply",
            PinchError::NonFinite { .. } => "non_finite",
            PinchError::Negative { .. } => "negative",
            PinchError::ConcentrationTooHigh { .. } => "conc_too_high",
            PinchError::DuplicateId { .. } => "duplicate_id",
            PinchError::TooCleanDemand { .. } => "too_clean_demand",
            PinchError::FreshCapExceeded { .. } => "fresh_cap_exceeded",
            PinchError::FreshFlowCount { .. } => "fresh_flow_count",
            PinchError::InvalidRegenConc { .. } => "invalid_regen_conc",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_are_distinct_and_messages_name_the_path() {
        let errors = [
            PinchError::NoFreshSupply,
            PinchError::NonFinite {
                path: "sinks[A].conc".into(),
                value: f64::NAN,
            },
            PinchError::Negative {
                path: "sources[B].flow".into(),
                value: -1.0,
            },
            PinchError::ConcentrationTooHigh {
                path: "sources[B].conc".into(),
                value: 2e6,
                max: 1e6,
            },
            PinchError::DuplicateId {
                list: "fresh",
                id: "FW".into(),
            },
            PinchError::TooCleanDemand { conc: 5.0 },
            PinchError::FreshCapExceeded {
                supply: "FW".into(),
                needed: 70.0,
                cap: 10.0,
            },
            PinchError::FreshFlowCount {
                expected: 1,
                got: 2,
            },
            PinchError::InvalidRegenConc { value: -1.0 },
        ];
        let mut codes: Vec<_> = errors.iter().map(PinchError::code).collect();
        codes.sort_unstable();
        codes.dedup();
        assert_eq!(codes.len(), errors.len());
        assert!(errors[2].to_string().contains("sources[B].flow"));
    }
}
