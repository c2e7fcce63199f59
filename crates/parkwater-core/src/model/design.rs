//! The checked network-design data of a model (MODEL.md, "Network design
//! (MILP)"): money in CNY, lengths in km, flows in t/h.

use serde::Serialize;

/// What the `[design]` table and its companions say, checked and resolved.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Design {
    /// CNY per built pipe.
    pub(crate) pipe_capex_fixed: f64,
    /// CNY per km of built pipe.
    pub(crate) pipe_capex_per_km: f64,
    /// Yearly rate of the capital recovery factor.
    pub(crate) discount_rate: f64,
    /// Years over which capital is recovered.
    pub(crate) lifetime_years: f64,
    /// Straight line x this, when no corridor or explicit length applies.
    pub(crate) route_factor: f64,
    /// Longer arcs are not candidates, km.
    pub(crate) max_pipe_km: Option<f64>,
    /// Least flow of a built pipe, t/h.
    pub(crate) min_pipe_flow: f64,
    /// Most built pipes leaving one source.
    pub(crate) max_pipes_out: Option<u32>,
    /// Most built pipes entering one sink or treatment inlet.
    pub(crate) max_pipes_in: Option<u32>,
    /// Budget for everything built, CNY.
    pub(crate) max_capex: Option<f64>,
    /// Relative gap at which a design counts as optimal.
    pub(crate) mip_gap: f64,
    /// Candidate pipes from which price-and-branch replaces the plain MILP.
    pub(crate) price_min_pipes: usize,
    /// `[[pipe]]` rules, in file order (a later rule overrides an earlier one).
    pub(crate) pipes: Vec<PipeRule>,
    /// Named points of the corridor network.
    pub(crate) junctions: Vec<Junction>,
    /// Corridor segments between junctions.
    pub(crate) corridors: Vec<Corridor>,
    /// Per enterprise: one enterprise, one pipe.
    pub(crate) dedicated: Vec<bool>,
    /// Per intake: its candidate data when it may be built.
    pub(crate) intake_units: Vec<Option<CandidateUnit>>,
    /// Per treatment: its candidate data when it may be built.
    pub(crate) treatment_units: Vec<Option<CandidateUnit>>,
}

/// One `[[pipe]]` rule.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub(crate) struct PipeRule {
    /// Supply id pattern.
    pub(crate) from: String,
    /// Demand id pattern.
    pub(crate) to: String,
    /// Already built.
    pub(crate) existing: Option<bool>,
    /// Forced (`true`) or forbidden (`false`).
    pub(crate) build: Option<bool>,
    /// Explicit route length, km.
    pub(crate) length_km: Option<f64>,
    /// Capacity, t/h.
    pub(crate) max_flow: Option<f64>,
}

/// A named point of the corridor network.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub(crate) struct Junction {
    /// Unique id.
    pub(crate) id: String,
    /// km.
    pub(crate) location: [f64; 2],
}

/// A corridor segment, junction indices.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub(crate) struct Corridor {
    /// Junction index.
    pub(crate) from: usize,
    /// Junction index.
    pub(crate) to: usize,
    /// km.
    pub(crate) length_km: f64,
}

/// A unit (treatment or intake) that may be built.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub(crate) struct CandidateUnit {
    /// Capital, CNY.
    pub(crate) capex: f64,
    /// Forced (`true`) or forbidden (`false`).
    pub(crate) build: Option<bool>,
}

impl Design {
    /// The capital recovery factor r / (1 - (1 + r)^-n) (1/n when r = 0):
    /// the share of capital paid each year.
    pub(crate) fn capital_recovery_factor(&self) -> f64 {
        let (r, n) = (self.discount_rate, self.lifetime_years);
        if r == 0.0 {
            1.0 / n
        } else {
            r / (1.0 - (1.0 + r).powf(-n))
        }
    }

    /// Capital of a pipe of `km`, CNY.
    pub(crate) fn pipe_capex(&self, km: f64) -> f64 {
        self.pipe_capex_fixed + self.pipe_capex_per_km * km
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn capital_recovery_factor_matches_the_annuity_formula() {
        let mut d = super::tests_support::design();
        d.discount_rate = 0.08;
        d.lifetime_years = 20.0;
        // Textbook value: 8 %, 20 years -> 0.101852.
        assert!((d.capital_recovery_factor() - 0.101_852_2).abs() < 1e-6);
        d.discount_rate = 0.0;
        assert!((d.capital_recovery_factor() - 0.05).abs() < 1e-15);
    }
}

#[cfg(test)]
pub(crate) mod tests_support {
    /// A design with every option at its default.
    pub(crate) fn design() -> super::Design {
        super::Design {
            pipe_capex_fixed: 0.0,
            pipe_capex_per_km: 0.0,
            discount_rate: 0.08,
            lifetime_years: 20.0,
            route_factor: 1.0,
            max_pipe_km: None,
            min_pipe_flow: 0.0,
            max_pipes_out: None,
            max_pipes_in: None,
            max_capex: None,
            mip_gap: 1e-4,
            price_min_pipes: 10_000,
            pipes: Vec::new(),
            junctions: Vec::new(),
            corridors: Vec::new(),
            dedicated: Vec::new(),
            intake_units: Vec::new(),
            treatment_units: Vec::new(),
        }
    }
}
