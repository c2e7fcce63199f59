//! Size limits checked before anything else: entity counts, the candidate
//! network, id lengths. A scenario over them is refused after the counts alone.

use super::checker::Checker;
use super::{MAX_CANDIDATE_ARCS, MAX_CONTAMINANTS, MAX_ENTITIES, MAX_ID_BYTES};
use crate::scenario::Scenario;
use std::collections::HashMap;

/// Whether the problems so far make the scenario too big to check further in
/// bounded time and memory.
pub(super) fn too_large(c: &Checker) -> bool {
    c.problems
        .iter()
        .any(|p| p.code == "entities.too_many" || p.code == "network.too_large")
}

/// Entities of each kind, contaminants and candidate arcs against their limits.
pub(super) fn check_counts(c: &mut Checker, s: &Scenario) {
    let counts = [
        ("enterprise", s.enterprises.len()),
        ("intake", s.intakes.len()),
        ("source", s.sources.len()),
        ("sink", s.sinks.len()),
        ("operation", s.operations.len()),
        ("treatment", s.treatments.len()),
        ("discharge", s.discharges.len()),
        ("forbid", s.forbid.len()),
    ];
    for (kind, n) in counts {
        if n > MAX_ENTITIES {
            c.push(
                kind,
                "entities.too_many",
                format!("{n} entries, more than the limit of {MAX_ENTITIES}"),
            );
        }
    }
    // Operations become a sink and a source each; treatments are both ends.
    let supplies = s.intakes.len() + s.sources.len() + s.operations.len() + s.treatments.len();
    let demands = s.sinks.len() + s.operations.len() + s.treatments.len() + s.discharges.len();
    let arcs = supplies.saturating_mul(demands);
    if arcs > MAX_CANDIDATE_ARCS {
        c.push(
            "",
            "network.too_large",
            format!(
                "{supplies} supplies x {demands} demands = {arcs} candidate arcs, more than the limit of {MAX_CANDIDATE_ARCS}"
            ),
        );
    }
    if s.contaminants.len() > MAX_CONTAMINANTS {
        c.push(
            "contaminants",
            "entities.too_many",
            format!(
                "{} contaminants, more than the limit of {MAX_CONTAMINANTS}",
                s.contaminants.len()
            ),
        );
    }
}

/// Ids longer than [`MAX_ID_BYTES`] (they end up in every path and label).
pub(super) fn check_id_lengths(c: &mut Checker, s: &Scenario) {
    let too_long = |id: &str| id.len() > MAX_ID_BYTES;
    let report = |c: &mut Checker, path: String, id: &str| {
        c.push(
            path,
            "id.too_long",
            format!(
                "an id of {} bytes; ids are at most {MAX_ID_BYTES} bytes",
                id.len()
            ),
        );
    };
    for (k, name) in s.contaminants.iter().enumerate() {
        if too_long(name) {
            report(c, format!("contaminants[{k}]"), name);
        }
    }
    let ids = s
        .enterprises
        .iter()
        .map(|x| ("enterprise", &x.id))
        .chain(s.intakes.iter().map(|x| ("intake", &x.id)))
        .chain(s.sources.iter().map(|x| ("source", &x.id)))
        .chain(s.sinks.iter().map(|x| ("sink", &x.id)))
        .chain(s.operations.iter().map(|x| ("operation", &x.id)))
        .chain(s.treatments.iter().map(|x| ("treatment", &x.id)))
        .chain(s.discharges.iter().map(|x| ("discharge", &x.id)));
    let mut counters: HashMap<&str, usize> = HashMap::new();
    for (kind, id) in ids {
        let n = counters.entry(kind).or_default();
        if too_long(id) {
            report(c, format!("{kind}[#{n}].id"), id);
        }
        *n += 1;
    }
    for (n, f) in s.forbid.iter().enumerate() {
        for (field, pattern) in [("from", &f.from), ("to", &f.to)] {
            if too_long(pattern) {
                report(c, format!("forbid[{n}].{field}"), pattern);
            }
        }
    }
}
