//! Park-wide settings (`[park]`) and the plugins a scenario names.

use super::checker::{Checker, Range};
use super::DEFAULT_HOURS_PER_YEAR;
use crate::model::FlowUnit;
use crate::scenario::Scenario;

/// The checked `[park]` header.
pub(super) struct Park {
    pub(crate) unit: FlowUnit,
    pub(crate) hours_per_year: f64,
    pub(crate) pipe_cost: f64,
}

/// Checks the flow unit, operating hours and piping cost, with their defaults.
pub(super) fn settings(c: &mut Checker, s: &Scenario) -> Park {
    let unit = match &s.park.flow_unit {
        None => FlowUnit::TonnePerHour,
        Some(text) => FlowUnit::parse(text).unwrap_or_else(|| {
            c.push(
                "park.flow_unit",
                "unit.unknown",
                format!("'{text}' is not one of {}", FlowUnit::NAMES.join(", ")),
            );
            FlowUnit::TonnePerHour
        }),
    };
    let hours_per_year = c
        .optional(
            "park.hours_per_year",
            s.park.hours_per_year,
            Range::Positive,
        )
        .unwrap_or(DEFAULT_HOURS_PER_YEAR);
    if hours_per_year > 8784.0 {
        c.push(
            "park.hours_per_year",
            "number.out_of_range",
            format!("{hours_per_year} h is more than a year"),
        );
    }
    let pipe_cost = c
        .optional("park.pipe_cost", s.park.pipe_cost, Range::NonNegative)
        .unwrap_or(0.0);
    Park {
        unit,
        hours_per_year,
        pipe_cost,
    }
}

/// A plugin's rules exist only once its host has applied them (and cleared
/// this list); validating without the host would silently drop them.
pub(super) fn check_plugins(c: &mut Checker, s: &Scenario) {
    for (i, name) in s.plugins.iter().enumerate() {
        c.push(
            format!("plugins[{i}]"),
            "plugin.not_loaded",
            format!("plugin '{name}' is named but not loaded: run with --plugin-dir (or PARKWATER_PLUGIN_PATH) so its rules apply"),
        );
    }
}
