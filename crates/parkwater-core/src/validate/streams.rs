//! Validation of stream classes, per-supply limits, `removes`, blend limits,
//! consumption and cooling circulation (see `model::streams`).
//!
//! Codes: `class.unknown` (a `class`, `accepts` or `refuses` entry that is
//! neither a supply kind nor a known class), `class.duplicate` (a scenario
//! class declared twice or already built in), `contaminant.undeclared` and
//! `contaminant.duplicate` (in `removes`), `sink.consumed_spec` (both
//! `consumed` and `consumed_fraction`), `number.*` for the figures.

use super::checker::{entity_path, Checker, Contaminants, Range};
use crate::model::{
    AcceptSet, ClassFilter, ClassId, Consumption, DemandRules, FlowUnit, Sink, StreamRules,
    SupplyKind, BUILTIN_CLASSES,
};
use crate::scenario::Scenario;
use std::collections::HashMap;

/// The class vocabulary of a scenario: built-in classes, then its own.
pub(super) fn class_names(s: &Scenario) -> Vec<String> {
    let mut names: Vec<String> = BUILTIN_CLASSES.iter().map(|c| c.to_string()).collect();
    for c in &s.classes {
        if !names.contains(c) {
            names.push(c.clone());
        }
    }
    names
}

/// Whether `name` is a stream class of the scenario.
pub(super) fn is_class(s: &Scenario, name: &str) -> bool {
    BUILTIN_CLASSES.contains(&name) || s.classes.iter().any(|c| c == name)
}

/// Builds the stream rules; `sinks` are the model's sinks (the scenario's
/// first, then those of operations, which have no rules).
pub(super) fn rules(
    c: &mut Checker,
    s: &Scenario,
    contaminants: &Contaminants,
    unit: FlowUnit,
    sinks: &[Sink],
) -> StreamRules {
    let classes = class_names(s);
    for (i, name) in s.classes.iter().enumerate() {
        let first = s.classes.iter().position(|x| x == name) != Some(i);
        if BUILTIN_CLASSES.contains(&name.as_str()) || first {
            c.push(
                format!("classes[{i}]"),
                "class.duplicate",
                format!("class '{name}' is already declared (built in or earlier in the list)"),
            );
        }
        if name.trim().is_empty() || SupplyKind::parse(name).is_some() && name != "reclaimed" {
            c.push(
                format!("classes[{i}]"),
                "class.unknown",
                format!("'{name}' cannot be a class name (empty, or a supply kind)"),
            );
        }
    }
    let index: HashMap<&str, ClassId> = classes
        .iter()
        .enumerate()
        .map(|(i, n)| (n.as_str(), i as ClassId))
        .collect();
    let class_of = |c: &mut Checker, path: String, name: &Option<String>| {
        let name = name.as_ref()?;
        let found = index.get(name.as_str()).copied();
        if found.is_none() {
            c.push(path, "class.unknown", unknown_class(name, &classes));
        }
        found
    };
    let mut used = !s.classes.is_empty();

    let mut source_class = Vec::with_capacity(s.sources.len());
    for (n, x) in s.sources.iter().enumerate() {
        let p = entity_path("source", &x.id, n);
        used |= x.class.is_some();
        source_class.push(class_of(c, format!("{p}.class"), &x.class));
    }
    let mut product_class = Vec::with_capacity(s.treatments.len());
    for (n, t) in s.treatments.iter().enumerate() {
        let p = entity_path("treatment", &t.id, n);
        used |= t.class.is_some();
        product_class.push(class_of(c, format!("{p}.class"), &t.class));
    }

    let nc = contaminants.count;
    let mut demands =
        vec![DemandRules::default(); sinks.len() + s.treatments.len() + s.discharges.len()];
    let mut consumed = vec![Consumption::None; sinks.len()];
    let mut circulation = vec![0.0; sinks.len()];
    for (n, x) in s.sinks.iter().enumerate() {
        let p = entity_path("sink", &x.id, n);
        let d = &mut demands[n];
        // The kinds of a sink's `accepts` stay in `Sink::accepts`; classes go here.
        if let Some(list) = &x.accepts {
            d.accept_classes = class_filter(list, &index);
        }
        refuses(c, &p, &x.refuses, &index, &classes, d);
        d.max_supply_conc = supply_limits(c, &p, &x.max_supply_conc, contaminants, nc);
        if let Some(share) = c.optional(
            &format!("{p}.max_reuse_share"),
            x.max_reuse_share,
            Range::NonNegative,
        ) {
            if share > 1.0 {
                c.push(
                    format!("{p}.max_reuse_share"),
                    "number.out_of_range",
                    format!("{share} must be in [0, 1]"),
                );
            } else {
                d.max_reuse_share = Some(share);
            }
        }
        let flow = |v: f64| unit.to_internal(v);
        let demand = sinks[n].min_flow;
        consumed[n] = match (x.consumed, x.consumed_fraction) {
            (Some(_), Some(_)) => {
                c.push(
                    format!("{p}.consumed"),
                    "sink.consumed_spec",
                    "give `consumed` (a flow) or `consumed_fraction`, not both",
                );
                Consumption::None
            }
            (Some(v), None) => match c.number(&format!("{p}.consumed"), v, Range::NonNegative) {
                Some(v) if flow(v) > demand * (1.0 + 1e-12) => {
                    c.push(
                        format!("{p}.consumed"),
                        "number.out_of_range",
                        format!(
                            "{v} is more than the sink's (least) demand {}",
                            unit.from_internal(demand)
                        ),
                    );
                    Consumption::None
                }
                Some(v) => Consumption::Flow(flow(v)),
                None => Consumption::None,
            },
            (None, Some(v)) => {
                match c.number(&format!("{p}.consumed_fraction"), v, Range::NonNegative) {
                    Some(v) if v > 1.0 => {
                        c.push(
                            format!("{p}.consumed_fraction"),
                            "number.out_of_range",
                            format!("{v} must be in [0, 1]"),
                        );
                        Consumption::None
                    }
                    Some(v) => Consumption::Fraction(v),
                    None => Consumption::None,
                }
            }
            (None, None) => Consumption::None,
        };
        circulation[n] = c
            .optional(
                &format!("{p}.circulation"),
                x.circulation,
                Range::NonNegative,
            )
            .map_or(0.0, flow);
        used |= x
            .accepts
            .as_ref()
            .is_some_and(|l| l.iter().any(|n| index.contains_key(n.as_str())))
            || !x.refuses.is_empty()
            || !x.max_supply_conc.is_empty()
            || x.max_reuse_share.is_some()
            || x.consumed.is_some()
            || x.consumed_fraction.is_some()
            || x.circulation.is_some();
    }

    let mut removes = Vec::with_capacity(s.treatments.len());
    for (n, t) in s.treatments.iter().enumerate() {
        let p = entity_path("treatment", &t.id, n);
        let d = &mut demands[sinks.len() + n];
        if let Some(list) = &t.accepts {
            let mut kinds = AcceptSet::NONE;
            for (i, name) in list.iter().enumerate() {
                let class = index.contains_key(name.as_str());
                match SupplyKind::parse(name) {
                    Some(kind) if class => {
                        kinds = kinds
                            .with(kind)
                            .with(SupplyKind::Source)
                            .with(SupplyKind::Treatment)
                    }
                    Some(kind) => kinds = kinds.with(kind),
                    None if class => {
                        kinds = kinds.with(SupplyKind::Source).with(SupplyKind::Treatment)
                    }
                    None => c.push(
                        format!("{p}.accepts[{i}]"),
                        "class.unknown",
                        unknown_class(name, &classes),
                    ),
                }
            }
            d.accept_kinds = kinds;
            d.accept_classes = class_filter(list, &index);
        }
        refuses(c, &p, &t.refuses, &index, &classes, d);
        d.max_supply_conc = supply_limits(c, &p, &t.max_supply_conc, contaminants, nc);
        let mut mask = Vec::new();
        if let Some(list) = &t.removes {
            mask = vec![false; nc];
            for (i, name) in list.iter().enumerate() {
                match contaminants.index.get(name.as_str()) {
                    Some(&k) if mask[k] => c.push(
                        format!("{p}.removes[{i}]"),
                        "contaminant.duplicate",
                        format!("'{name}' is listed twice"),
                    ),
                    Some(&k) => mask[k] = true,
                    None => c.push(
                        format!("{p}.removes[{i}]"),
                        "contaminant.undeclared",
                        format!("'{name}' is not in `contaminants`"),
                    ),
                }
            }
        }
        removes.push(mask);
        used |= t.removes.is_some()
            || t.accepts.is_some()
            || !t.refuses.is_empty()
            || !t.max_supply_conc.is_empty();
    }

    for (n, x) in s.discharges.iter().enumerate() {
        let p = entity_path("discharge", &x.id, n);
        let d = &mut demands[sinks.len() + s.treatments.len() + n];
        refuses(c, &p, &x.refuses, &index, &classes, d);
        d.max_supply_conc = supply_limits(c, &p, &x.max_supply_conc, contaminants, nc);
        used |= !x.refuses.is_empty() || !x.max_supply_conc.is_empty();
    }

    if !used {
        return StreamRules::default();
    }
    StreamRules {
        classes,
        source_class,
        product_class,
        demands,
        removes,
        consumed,
        circulation,
        used,
    }
}

/// The classed supplies an `accepts` list lets in, when it names a class.
fn class_filter(list: &[String], index: &HashMap<&str, ClassId>) -> Option<ClassFilter> {
    let classes: Vec<ClassId> = list
        .iter()
        .filter_map(|n| index.get(n.as_str()).copied())
        .collect();
    (!classes.is_empty()).then(|| ClassFilter {
        all_sources: list.iter().any(|n| n == "source"),
        all_products: list.iter().any(|n| n == "treatment"),
        classes,
    })
}

fn refuses(
    c: &mut Checker,
    p: &str,
    list: &[String],
    index: &HashMap<&str, ClassId>,
    classes: &[String],
    d: &mut DemandRules,
) {
    for (i, name) in list.iter().enumerate() {
        let kind = SupplyKind::parse(name);
        let class = index.get(name.as_str()).copied();
        if let Some(kind) = kind {
            d.refuse_kinds = d.refuse_kinds.with(kind);
        }
        if let Some(class) = class {
            d.refuse_classes.push(class);
        }
        if kind.is_none() && class.is_none() {
            c.push(
                format!("{p}.refuses[{i}]"),
                "class.unknown",
                unknown_class(name, classes),
            );
        }
    }
}

fn supply_limits(
    c: &mut Checker,
    p: &str,
    map: &crate::scenario::PerContaminant,
    contaminants: &Contaminants,
    nc: usize,
) -> Vec<f64> {
    if map.is_empty() {
        return Vec::new();
    }
    let dense = c.per_contaminant(
        &format!("{p}.max_supply_conc"),
        map,
        contaminants,
        false,
        f64::INFINITY,
    );
    debug_assert_eq!(dense.len(), nc);
    dense
}

fn unknown_class(name: &str, classes: &[String]) -> String {
    format!(
        "'{name}' is neither a supply kind (an intake kind, `source`, `treatment`) nor a stream class ({}; a scenario adds its own with `classes = [...]`)",
        classes.join(", ")
    )
}
