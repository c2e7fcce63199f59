//! The entity tables of a scenario file (`[park]`, `[[intake]]`, `[[source]]`,
//! `[[sink]]`, `[[treatment]]`, `[[discharge]]`, `[[constraint]]`, `[policy]`,
//! `[objective]`...). They mirror the file one to one and hold no meaning of
//! their own: ids are plain strings, units are unconverted, nothing is
//! checked. Every table denies unknown fields, so a typo is an error rather
//! than a silent default.

use crate::Term;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// Concentrations (mg/L) or loads (kg/h) keyed by contaminant id.
pub type PerContaminant = BTreeMap<String, f64>;

/// `[park]`: name, units and park-wide prices.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Park {
    /// Display name.
    #[serde(default)]
    pub name: String,
    /// Free text.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// `t/h` (default), `m3/h`, `t/d` or `m3/d`; every flow in the file uses it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub flow_unit: Option<String>,
    /// Operating hours per year for annual figures (default 8000).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub hours_per_year: Option<f64>,
    /// Piping cost, CNY per tonne per km of straight-line distance (default 0).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub pipe_cost: Option<f64>,
}

/// `[[enterprise]]`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Enterprise {
    /// Unique id.
    pub id: String,
    /// Free text; plugins key on it.
    #[serde(default)]
    pub industry: String,
    /// `[x, y]` in km.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub location: Option<[f64; 2]>,
    /// Internal recirculating water (cooling loops), in the flow unit; counted as
    /// repeated use in the reuse rate.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub recirculation: Option<f64>,
    /// Network design: each source sends its whole flow along one arc
    /// ("one enterprise, one pipe").
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub dedicated: Option<bool>,
}

/// `[[intake]]`: a freshwater supply.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Intake {
    /// Unique id.
    pub id: String,
    /// surface | ground | tap | reclaimed | seawater | rainwater.
    pub kind: String,
    /// Concentration of every contaminant, mg/L.
    pub conc: PerContaminant,
    /// CNY/t (default 0).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub price: Option<f64>,
    /// Permit cap, in the flow unit.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max_flow: Option<f64>,
    /// `[x, y]` in km.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub location: Option<[f64; 2]>,
    /// Network design: a unit that may be built (capital `capex`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub candidate: Option<bool>,
    /// Network design: capital of a candidate unit, CNY.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub capex: Option<f64>,
    /// Network design: `true` forces a candidate to be built, `false` forbids it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub build: Option<bool>,
}

/// `[[source]]`: an effluent, all of which must go somewhere.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Source {
    /// Unique id.
    pub id: String,
    /// Owning enterprise.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub enterprise: Option<String>,
    /// In the flow unit.
    pub flow: f64,
    /// Concentration of every contaminant, mg/L.
    pub conc: PerContaminant,
    /// Stream class (`oily`, `high_salt`, `brine`, `blowdown`, `condensate`,
    /// ...), which demands may accept or refuse.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub class: Option<String>,
    /// `[x, y]` in km (default: its enterprise's): pipe lengths for
    /// `park.pipe_cost` and network design, and the report's map.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub location: Option<[f64; 2]>,
}

/// `[[sink]]`: a demand with quality limits.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Sink {
    /// Unique id.
    pub id: String,
    /// Owning enterprise.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub enterprise: Option<String>,
    /// Fixed demand, in the flow unit. Give either this or `min_flow`/`max_flow`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub flow: Option<f64>,
    /// Lower end of a demand range.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub min_flow: Option<f64>,
    /// Upper end of a demand range.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max_flow: Option<f64>,
    /// Maximum inlet concentration, mg/L; a contaminant left out is unconstrained.
    #[serde(default, skip_serializing_if = "PerContaminant::is_empty")]
    pub max_conc: PerContaminant,
    /// A named quality grade; explicit `max_conc` entries override it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub grade: Option<String>,
    /// Supply kinds accepted: intake kinds, `source`, `treatment`, and stream
    /// classes (a classed source or product is accepted when its class is
    /// listed). All when absent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub accepts: Option<Vec<String>>,
    /// Supply kinds or stream classes this demand never takes.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub refuses: Vec<String>,
    /// Limits every single supply must meet on its own, mg/L: a supply above
    /// one may not feed this sink even in a blend (the arc is removed).
    #[serde(default, skip_serializing_if = "PerContaminant::is_empty")]
    pub max_supply_conc: PerContaminant,
    /// Reused and regenerated water (from sources and treatment units) at
    /// most this share of the inflow, in [0, 1].
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max_reuse_share: Option<f64>,
    /// Water the use consumes (evaporation, drift, product water), in the
    /// flow unit; or give `consumed_fraction` of the inflow.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub consumed: Option<f64>,
    /// Consumption as a fraction of the inflow, in [0, 1].
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub consumed_fraction: Option<f64>,
    /// For a cooling-tower make-up: the circulating flow of the loop it
    /// feeds, in the flow unit (declared recirculation, counted like an
    /// enterprise's `recirculation`, and the indirect cooling circulation rate).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub circulation: Option<f64>,
    /// `[x, y]` in km (default: its enterprise's): pipe lengths for
    /// `park.pipe_cost` and network design, and the report's map.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub location: Option<[f64; 2]>,
}

/// `[[operation]]`: a fixed-contaminant-load operation (washing, scrubbing,
/// extraction, ...) of an enterprise, given by its limiting data.
///
/// The water picks up `load` between the inlet and the outlet. Validation turns
/// it into its limiting-water equivalent (Wang & Smith 1994): a sink `<id>.in` at
/// the limiting flow with `max_conc = max_inlet_conc`, and a source `<id>.out` at
/// the same flow with `conc = max_inlet_conc + load * 1000 / flow` (kg/h over
/// the flow in t/h gives mg/L). The limiting flow is `limiting_flow` when given,
/// else the largest `load * 1000 / (max_outlet_conc - max_inlet_conc)` over the
/// contaminants (t/h).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Operation {
    /// Unique id; `<id>.in` and `<id>.out` become node ids.
    pub id: String,
    /// Owning enterprise.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub enterprise: Option<String>,
    /// Mass load picked up, kg/h per contaminant; a contaminant left out is 0.
    #[serde(default, skip_serializing_if = "PerContaminant::is_empty")]
    pub load: PerContaminant,
    /// Maximum inlet concentration, mg/L, for every contaminant.
    pub max_inlet_conc: PerContaminant,
    /// Maximum outlet concentration, mg/L; a contaminant left out does not limit
    /// the flow.
    #[serde(default, skip_serializing_if = "PerContaminant::is_empty")]
    pub max_outlet_conc: PerContaminant,
    /// Water flow through the operation, in the flow unit; when absent, the
    /// limiting flow computed from the loads and the concentration limits.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub limiting_flow: Option<f64>,
}

/// `[[treatment]]`: a regeneration unit with fixed outlet concentrations.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Treatment {
    /// Unique id.
    pub id: String,
    /// Owning enterprise, if any.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub enterprise: Option<String>,
    /// Free text: WWTP, RO, MBR, ...
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub kind: Option<String>,
    /// Product concentration of every contaminant, mg/L.
    pub outlet_conc: PerContaminant,
    /// Product flow / inflow, in (0, 1] (default 1).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub recovery: Option<f64>,
    /// Inflow capacity, in the flow unit.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max_flow: Option<f64>,
    /// CNY per tonne of inflow (default 0).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub opex: Option<f64>,
    /// Maximum inlet concentration, mg/L.
    #[serde(default, skip_serializing_if = "PerContaminant::is_empty")]
    pub max_inlet_conc: PerContaminant,
    /// The discharge that receives the reject; required when recovery < 1.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reject_to: Option<String>,
    /// `[x, y]` in km.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub location: Option<[f64; 2]>,
    /// Contaminants the unit removes; for every other one the outlet
    /// concentration is a ceiling the inlet must meet (mass passes through).
    /// All when absent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub removes: Option<Vec<String>>,
    /// Stream class of the product (`secondary_effluent`, `reclaimed`, `permeate`, ...).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub class: Option<String>,
    /// Supply kinds and stream classes the inlet accepts (as a sink's `accepts`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub accepts: Option<Vec<String>>,
    /// Supply kinds or stream classes the inlet never takes.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub refuses: Vec<String>,
    /// Limits every single supply must meet on its own to enter, mg/L.
    #[serde(default, skip_serializing_if = "PerContaminant::is_empty")]
    pub max_supply_conc: PerContaminant,
    /// Network design: a unit that may be built (capital `capex`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub candidate: Option<bool>,
    /// Network design: capital of a candidate unit, CNY.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub capex: Option<f64>,
    /// Network design: `true` forces a candidate to be built, `false` forbids it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub build: Option<bool>,
}

/// `[[discharge]]`: an outfall.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Discharge {
    /// Unique id.
    pub id: String,
    /// sewer | river | sea | wetland | zld.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub kind: Option<String>,
    /// Maximum concentration of the mix, mg/L.
    #[serde(default, skip_serializing_if = "PerContaminant::is_empty")]
    pub max_conc: PerContaminant,
    /// A named quality grade; explicit `max_conc` entries override it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub grade: Option<String>,
    /// Load caps, kg/h.
    #[serde(default, skip_serializing_if = "PerContaminant::is_empty")]
    pub max_load: PerContaminant,
    /// CNY/t (default 0).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub fee: Option<f64>,
    /// `[x, y]` in km.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub location: Option<[f64; 2]>,
    /// Limits every single stream must meet on its own to go here, mg/L (no
    /// dilution of a strong stream by others at the outfall).
    #[serde(default, skip_serializing_if = "PerContaminant::is_empty")]
    pub max_supply_conc: PerContaminant,
    /// Supply kinds or stream classes this outfall never takes.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub refuses: Vec<String>,
}

/// `[[constraint]]`: sum over terms of coef x (flow, or mass of a
/// contaminant) on the arcs each term selects, compared with `rhs`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Constraint {
    /// Names the row in duals and diagnoses.
    pub label: String,
    /// `<=`, `>=` or `=`.
    pub sense: String,
    /// Right-hand side: flow unit, or kg/h when the terms weigh mass.
    pub rhs: f64,
    /// The terms; an arc selected by several terms gets the sum of their coefficients.
    #[serde(rename = "term")]
    pub terms: Vec<Term>,
}

/// `[policy]`: park-level requirements.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Policy {
    /// repeated use / (repeated use + fresh intake), in [0, 1).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub min_reuse_rate: Option<f64>,
    /// Total freshwater cap, in the flow unit.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max_intake: Option<f64>,
    /// Total discharge cap (rejects included), in the flow unit.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max_discharge: Option<f64>,
}

/// `[objective]`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ObjectiveSpec {
    /// One objective or a lexicographic list.
    pub minimize: OneOrMany,
    /// Relative slack kept on earlier objectives of a list (default 1e-9).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tolerance: Option<f64>,
}

/// A single string or a list of strings.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(untagged)]
pub enum OneOrMany {
    /// `minimize = "cost"`
    One(String),
    /// `minimize = ["freshwater", "cost"]`
    Many(Vec<String>),
}

impl Default for OneOrMany {
    fn default() -> Self {
        OneOrMany::Many(Vec::new())
    }
}

impl OneOrMany {
    /// The names in order.
    pub fn names(&self) -> Vec<&str> {
        match self {
            OneOrMany::One(s) => vec![s.as_str()],
            OneOrMany::Many(v) => v.iter().map(String::as_str).collect(),
        }
    }
}
