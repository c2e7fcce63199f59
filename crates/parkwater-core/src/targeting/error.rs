//! Why a contaminant could not be targeted.

use parkwater_pinch::PinchError;

/// Why a contaminant could not be targeted.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum TargetingError {
    /// The contaminant is not declared in the scenario.
    #[error("no contaminant '{name}' in the scenario (declared: {known})")]
    UnknownContaminant {
        /// The name asked for.
        name: String,
        /// The declared names, comma-separated.
        known: String,
    },
    /// The cascade has no feasible fresh flow, or its data are out of range.
    #[error("{contaminant}: {source}")]
    Pinch {
        /// The contaminant.
        contaminant: String,
        /// What the cascade found.
        #[source]
        source: PinchError,
    },
}

impl TargetingError {
    /// A stable code: `contaminant.unknown`, or the cascade's own code
    /// (`too_clean_demand`, `fresh_cap_exceeded`, `no_fresh_supply`, ...).
    pub fn code(&self) -> &'static str {
        match self {
            TargetingError::UnknownContaminant { .. } => "contaminant.unknown",
            TargetingError::Pinch { source, .. } => source.code(),
        }
    }

    /// The contaminant asked for.
    pub fn contaminant(&self) -> &str {
        match self {
            TargetingError::UnknownContaminant { name, .. } => name,
            TargetingError::Pinch { contaminant, .. } => contaminant,
        }
    }

    /// Whether no flow can meet the demands (as opposed to bad input).
    pub fn is_infeasible(&self) -> bool {
        matches!(
            self,
            TargetingError::Pinch {
                source: PinchError::TooCleanDemand { .. }
                    | PinchError::FreshCapExceeded { .. }
                    | PinchError::NoFreshSupply,
                ..
            }
        )
    }
}
