//! The network-design tables of a scenario file: `[design]`, `[[pipe]]`,
//! `[[corridor]]` and `[[junction]]` (MODEL.md, "Network design (MILP)").
//! Plain mirrors of the file; `parkwater-core`'s validation checks them.

use serde::{Deserialize, Serialize};

/// `[design]`: turns the LP into a MILP that also decides what to build.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DesignSpec {
    /// CNY per built pipe, whatever its length (default 0).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub pipe_capex_fixed: Option<f64>,
    /// CNY per km of built pipe (default 0).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub pipe_capex_per_km: Option<f64>,
    /// Yearly rate of the capital recovery factor (default 0.08).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub discount_rate: Option<f64>,
    /// Years over which capital is recovered (default 20).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub lifetime_years: Option<f64>,
    /// Straight line x this when no corridor or explicit length applies (default 1.0).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub route_factor: Option<f64>,
    /// Longer arcs are not candidates, km.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max_pipe_km: Option<f64>,
    /// Least flow of a built pipe, in the flow unit (default 0).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub min_pipe_flow: Option<f64>,
    /// Most built pipes leaving one source.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max_pipes_out: Option<u32>,
    /// Most built pipes entering one sink or treatment inlet.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max_pipes_in: Option<u32>,
    /// Budget for everything built, CNY.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max_capex: Option<f64>,
    /// Relative gap at which the design counts as optimal (default 1e-4).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub mip_gap: Option<f64>,
    /// Parks with at least this many candidate pipes are solved by
    /// price-and-branch (arc pricing on the LP relaxation, then branch and
    /// cut on the generated pipes); smaller ones by the plain MILP
    /// (default `design::solve::PRICE_MIN_PIPES`). `--pricing on|off`
    /// overrides it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub price_min_pipes: Option<u32>,
}

/// `[[pipe]]`: an existing pipe, a forced or forbidden one, or an explicit
/// length or capacity, for every arc whose ends match the patterns.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PipeSpec {
    /// Supply id pattern (`*` wildcard).
    pub from: String,
    /// Demand id pattern.
    pub to: String,
    /// Already built: no binary, no capital.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub existing: Option<bool>,
    /// `true` forces the pipe to be built, `false` forbids it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub build: Option<bool>,
    /// Route length, km (overrides corridors and straight lines).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub length_km: Option<f64>,
    /// Capacity, in the flow unit.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max_flow: Option<f64>,
}

/// `[[corridor]]`: a pipe rack or road between two junctions.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CorridorSpec {
    /// Junction id.
    pub from: String,
    /// Junction id.
    pub to: String,
    /// km; default the straight distance between the junctions.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub length_km: Option<f64>,
}

/// `[[junction]]`: a named point of the corridor network.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct JunctionSpec {
    /// Unique id.
    pub id: String,
    /// `[x, y]` in km.
    pub location: [f64; 2],
}
