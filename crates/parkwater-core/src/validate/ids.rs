//! Id namespaces: contaminants, enterprises and nodes (one namespace for every
//! node kind), each checked for empty and duplicate ids.

use super::checker::{Checker, Contaminants};
use super::operations;
use crate::scenario::{self as file, Scenario};
use std::collections::HashMap;

/// The indexes every later check resolves references against.
pub(super) struct Ids<'a> {
    pub(crate) contaminants: Contaminants<'a>,
    pub(crate) enterprises: HashMap<&'a str, usize>,
    /// Node id -> the kind that declared it first.
    pub(crate) nodes: HashMap<&'a str, &'static str>,
}

impl<'a> Ids<'a> {
    /// Builds the three indexes, pushing `id.empty`, `id.duplicate` and
    /// `contaminant.duplicate` problems.
    pub(crate) fn new(c: &mut Checker, s: &'a Scenario) -> Self {
        Ids {
            contaminants: contaminant_index(c, &s.contaminants),
            enterprises: enterprise_index(c, &s.enterprises),
            nodes: node_index(c, s),
        }
    }

    /// Resolves an optional owning enterprise at `{path}.enterprise`.
    pub(crate) fn owner(&self, c: &mut Checker, path: &str, id: &Option<String>) -> Option<usize> {
        id.as_ref().and_then(|id| {
            c.reference(
                &format!("{path}.enterprise"),
                id,
                &self.enterprises,
                "ref.unknown_enterprise",
                "enterprise",
            )
        })
    }
}

fn contaminant_index<'a>(c: &mut Checker, names: &'a [String]) -> Contaminants<'a> {
    let mut index = HashMap::new();
    for (k, name) in names.iter().enumerate() {
        if name.trim().is_empty() {
            c.push(
                format!("contaminants[{k}]"),
                "id.empty",
                "a contaminant needs a name",
            );
        } else if index.contains_key(name.as_str()) {
            c.push(
                format!("contaminants[{k}]"),
                "contaminant.duplicate",
                format!("'{name}' is declared twice"),
            );
        } else {
            index.insert(name.as_str(), k);
        }
    }
    Contaminants {
        index,
        count: names.len(),
    }
}

fn enterprise_index<'a>(c: &mut Checker, list: &'a [file::Enterprise]) -> HashMap<&'a str, usize> {
    let mut index = HashMap::new();
    for (n, e) in list.iter().enumerate() {
        if e.id.trim().is_empty() {
            c.push(
                format!("enterprise[#{n}].id"),
                "id.empty",
                "an enterprise needs an id",
            );
        } else if index.insert(e.id.as_str(), n).is_some() {
            c.push(
                format!("enterprise[{}].id", e.id),
                "id.duplicate",
                format!("enterprise id '{}' is used twice", e.id),
            );
        }
    }
    index
}

/// Node ids share one namespace so a flow, a forbid rule or a dual names one node.
fn node_index<'a>(c: &mut Checker, s: &'a Scenario) -> HashMap<&'a str, &'static str> {
    let mut index: HashMap<&str, &'static str> = HashMap::new();
    let ids = s
        .intakes
        .iter()
        .map(|x| ("intake", &x.id))
        .chain(s.sources.iter().map(|x| ("source", &x.id)))
        .chain(s.sinks.iter().map(|x| ("sink", &x.id)))
        .chain(s.treatments.iter().map(|x| ("treatment", &x.id)))
        .chain(s.discharges.iter().map(|x| ("discharge", &x.id)));
    let mut counters: HashMap<&str, usize> = HashMap::new();
    for (kind, id) in ids {
        let n = counters.entry(kind).or_default();
        if id.trim().is_empty() {
            c.push(
                format!("{kind}[#{n}].id"),
                "id.empty",
                format!("a {kind} needs an id"),
            );
        } else if let Some(first) = index.insert(id.as_str(), kind) {
            c.push(
                format!("{kind}[{id}].id"),
                "id.duplicate",
                format!(
                    "id '{id}' is already used by a {first}; node ids are unique across all kinds"
                ),
            );
        }
        *n += 1;
    }
    index
}

/// Every supply id and every demand id, operations' generated nodes included.
pub(super) fn node_ids(s: &Scenario) -> (Vec<String>, Vec<String>) {
    let (op_sources, op_sinks) = operations::node_ids(s);
    let supplies = s
        .intakes
        .iter()
        .map(|x| x.id.clone())
        .chain(s.sources.iter().map(|x| x.id.clone()))
        .chain(op_sources)
        .chain(s.treatments.iter().map(|x| x.id.clone()))
        .collect();
    let demands = s
        .sinks
        .iter()
        .map(|x| x.id.clone())
        .chain(op_sinks)
        .chain(s.treatments.iter().map(|x| x.id.clone()))
        .chain(s.discharges.iter().map(|x| x.id.clone()))
        .collect();
    (supplies, demands)
}
