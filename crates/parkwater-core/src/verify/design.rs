//! Extension point for network design (MODEL.md, "Network design"): a plan's
//! `design` section (pipes built, units built, capital) is handed to
//! [`check`] with the plan's flows.
//!
//! The design checks themselves (flow only on arcs with a pipe,
//! `min_pipe_flow`, pipe counts, dedicated sources, capital sums and
//! `max_capex`) belong to the network-design work; until they land here a
//! plan's `design` section is not checked, and the result says so in its
//! notes rather than passing it silently.

use super::Verification;
use crate::model::Model;
use crate::network::Network;

/// Checks a plan's `design` section (the JSON `design` object of
/// `solve --format json`) against the model; `flows` are t/h per arc of
/// `network`. Adds its checks to `v`, and remarks to `notes`.
pub fn check(
    _model: &Model,
    _network: &Network,
    _flows: &[f64],
    design: &serde_json::Value,
    _v: &mut Verification,
    notes: &mut Vec<String>,
) {
    if !design.is_null() {
        notes.push(
            "design: the plan's `design` section (pipes, units, capital) is not checked by this \
             build; only its flows are"
                .to_string(),
        );
    }
}
