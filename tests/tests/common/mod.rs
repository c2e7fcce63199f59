//! Park pieces shared by the random-park tests (`properties`, `fuzz`):
//! contaminants are `C0, C1, ...`, sources `S0, ...`, sinks `D0, ...`.

use parkwater_core::scenario::schema::{Sink, Source};
use std::collections::BTreeMap;

/// Concentrations of `C0, C1, ...` in order.
pub fn conc(values: &[f64]) -> BTreeMap<String, f64> {
    values
        .iter()
        .enumerate()
        .map(|(k, &v)| (format!("C{k}"), v))
        .collect()
}

/// Sources `S0, ...` and sinks `D0, ...` from (flow, concentrations) pairs:
/// a source's concentrations, a sink's limits.
pub fn streams(sources: &[(f64, Vec<f64>)], sinks: &[(f64, Vec<f64>)]) -> (Vec<Source>, Vec<Sink>) {
    let sources = sources
        .iter()
        .enumerate()
        .map(|(i, (f, c))| Source {
            id: format!("S{i}"),
            flow: *f,
            conc: conc(c),
            ..Default::default()
        })
        .collect();
    let sinks = sinks
        .iter()
        .enumerate()
        .map(|(i, (f, c))| Sink {
            id: format!("D{i}"),
            flow: Some(*f),
            max_conc: conc(c),
            ..Default::default()
        })
        .collect();
    (sources, sinks)
}
