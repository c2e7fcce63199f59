//! Scenario -> [`Model`]: resolve ids, convert units, check every number, and
//! report *every* problem at once, each with a stable code and a path.
//!
//! Codes: `id.empty`, `id.duplicate`, `ref.unknown_enterprise`,
//! `ref.unknown_discharge`, `reject_to.missing`, `reject_to.unused`,
//! `contaminant.duplicate`, `contaminant.undeclared`, `conc.missing`,
//! `number.not_finite`, `number.negative`, `number.not_positive`,
//! `number.out_of_range`, `unit.unknown`, `kind.unknown`, `sink.flow_spec`,
//! `sink.flow_range`, `grade.unknown`, `forbid.no_match`, `objective.unknown`,
//! `objective.duplicate`, `location.required`, `entities.too_many`,
//! `operation.outlet_not_above_inlet`, `operation.flow_too_small`,
//! `operation.flow_undetermined` (see [`operations`]), `number.too_large`
//! (above [`MAX_NUMBER`]), `id.too_long` (above [`MAX_ID_BYTES`]),
//! `network.too_large` (above [`MAX_CANDIDATE_ARCS`]).
//!
//! Limits keep a hostile or mistaken file from exhausting memory or time:
//! a scenario over the entity or network limits is refused after the counts
//! alone, before anything else is checked.

mod checker;
mod constraints;
mod design;
mod grades;
pub(crate) mod operations;
mod problem;
mod ranges;
mod streams;

pub use grades::{grade_limits, grade_names};
pub use problem::{Problem, ValidationError};

use crate::model::{
    AcceptSet, Discharge, Enterprise, FlowUnit, ForbidRule, Intake, IntakeKind, Model, Objective,
    Policy, Sink, Source, SupplyKind, Treatment,
};
use crate::network::{NameIndex, Pattern};
use crate::scenario::{self as file, Scenario};
use checker::{entity_path, Checker, Contaminants, Range};
use std::collections::HashMap;

/// Most entities of one kind a scenario may hold (memory stays bounded).
pub const MAX_ENTITIES: usize = 200_000;

/// Most contaminants a scenario may declare.
pub const MAX_CONTAMINANTS: usize = 64;

/// Largest figure a scenario may hold (flows, concentrations, loads, prices,
/// coordinates): far above any real park (a 1e9 t/h flow is ten Yangtzes),
/// far below where the LP's numerics and HiGHS's infinity (1e20) begin.
pub const MAX_NUMBER: f64 = 1e9;

/// Longest id (node, enterprise, contaminant, operation, forbid pattern), in bytes.
pub const MAX_ID_BYTES: usize = 256;

/// Most candidate arcs (supplies x demands) a scenario may imply: 5 000 x 5 000.
pub const MAX_CANDIDATE_ARCS: usize = 25_000_000;

/// Default operating hours per year.
pub const DEFAULT_HOURS_PER_YEAR: f64 = 8000.0;

/// Default relative slack on earlier objectives of a lexicographic list.
pub const DEFAULT_OBJECTIVE_TOLERANCE: f64 = 1e-9;

impl Scenario {
    /// Checks the scenario and builds the model, or lists every problem.
    pub fn validate(&self) -> Result<Model, ValidationError> {
        validate(self)
    }
}

/// Checks a scenario and builds the model, or lists every problem.
pub fn validate(s: &Scenario) -> Result<Model, ValidationError> {
    let mut c = Checker::default();
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
    let flow = |v: f64| unit.to_internal(v);
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

    check_counts(&mut c, s);
    // A plugin's rules exist only once its host has applied them (and cleared
    // this list); validating without the host would silently drop them.
    for (i, name) in s.plugins.iter().enumerate() {
        c.push(
            format!("plugins[{i}]"),
            "plugin.not_loaded",
            format!("plugin '{name}' is named but not loaded: run with --plugin-dir (or PARKWATER_PLUGIN_PATH) so its rules apply"),
        );
    }
    check_id_lengths(&mut c, s);
    if c.problems
        .iter()
        .any(|p| p.code == "entities.too_many" || p.code == "network.too_large")
    {
        // Too big to check further in bounded time and memory.
        return Err(finish(c.problems));
    }
    let contaminants = contaminant_index(&mut c, &s.contaminants);
    let enterprises = enterprise_index(&mut c, &s.enterprises);
    let nodes = node_index(&mut c, s);

    let enterprise_list: Vec<Enterprise> = s
        .enterprises
        .iter()
        .enumerate()
        .map(|(n, e)| {
            let p = entity_path("enterprise", &e.id, n);
            Enterprise {
                id: e.id.clone(),
                industry: e.industry.clone(),
                location: c.location(&format!("{p}.location"), e.location),
                recirculation: c
                    .optional(
                        &format!("{p}.recirculation"),
                        e.recirculation,
                        Range::NonNegative,
                    )
                    .map_or(0.0, flow),
            }
        })
        .collect();
    let owner = |c: &mut Checker, path: &str, id: &Option<String>| {
        id.as_ref().and_then(|id| {
            c.reference(
                &format!("{path}.enterprise"),
                id,
                &enterprises,
                "ref.unknown_enterprise",
                "enterprise",
            )
        })
    };

    let intakes: Vec<Intake> = s
        .intakes
        .iter()
        .enumerate()
        .map(|(n, i)| {
            let p = entity_path("intake", &i.id, n);
            let kind = IntakeKind::parse(&i.kind).unwrap_or_else(|| {
                let all: Vec<&str> = IntakeKind::ALL.iter().map(|k| k.name()).collect();
                c.push(
                    format!("{p}.kind"),
                    "kind.unknown",
                    format!("'{}' is not one of {}", i.kind, all.join(", ")),
                );
                IntakeKind::Surface
            });
            Intake {
                id: i.id.clone(),
                kind,
                conc: c.per_contaminant(&format!("{p}.conc"), &i.conc, &contaminants, true, 0.0),
                price: c
                    .optional(&format!("{p}.price"), i.price, Range::NonNegative)
                    .unwrap_or(0.0),
                max_flow: c
                    .optional(&format!("{p}.max_flow"), i.max_flow, Range::NonNegative)
                    .map(flow),
                location: c.location(&format!("{p}.location"), i.location),
            }
        })
        .collect();

    let mut sources: Vec<Source> = s
        .sources
        .iter()
        .enumerate()
        .map(|(n, x)| {
            let p = entity_path("source", &x.id, n);
            Source {
                id: x.id.clone(),
                enterprise: owner(&mut c, &p, &x.enterprise),
                flow: c
                    .number(&format!("{p}.flow"), x.flow, Range::NonNegative)
                    .map_or(0.0, flow),
                conc: c.per_contaminant(&format!("{p}.conc"), &x.conc, &contaminants, true, 0.0),
            }
        })
        .collect();

    let mut sinks: Vec<Sink> = s
        .sinks
        .iter()
        .enumerate()
        .map(|(n, x)| {
            let p = entity_path("sink", &x.id, n);
            let (min_flow, max_flow) = sink_flows(&mut c, &p, x);
            let max_conc = limits(
                &mut c,
                &p,
                &x.max_conc,
                x.grade.as_deref(),
                &contaminants,
                "max_conc",
            );
            Sink {
                id: x.id.clone(),
                enterprise: owner(&mut c, &p, &x.enterprise),
                min_flow: flow(min_flow),
                max_flow: flow(max_flow),
                max_conc,
                accepts: accepts(&mut c, &p, x.accepts.as_deref(), s),
            }
        })
        .collect();

    let (op_sinks, op_sources) =
        operations::convert(&mut c, s, &contaminants, &enterprises, &nodes, unit);
    sinks.extend(op_sinks);
    sources.extend(op_sources);
    let streams = streams::rules(&mut c, s, &contaminants, unit, &sinks);

    let discharge_ids: HashMap<&str, usize> = s
        .discharges
        .iter()
        .enumerate()
        .map(|(i, d)| (d.id.as_str(), i))
        .collect();
    let treatments: Vec<Treatment> = s
        .treatments
        .iter()
        .enumerate()
        .map(|(n, t)| {
            let p = entity_path("treatment", &t.id, n);
            let recovery = c.optional(&format!("{p}.recovery"), t.recovery, Range::Fraction).unwrap_or(1.0);
            let reject_to = match (&t.reject_to, recovery < 1.0) {
                (Some(id), true) => {
                    if !discharge_ids.contains_key(id.as_str()) && nodes.contains_key(id.as_str()) {
                        c.push(format!("{p}.reject_to"), "ref.unknown_discharge", format!("'{id}' is not a discharge"));
                        None
                    } else {
                        c.reference(&format!("{p}.reject_to"), id, &discharge_ids, "ref.unknown_discharge", "discharge")
                    }
                }
                (None, true) => {
                    c.push(
                        format!("{p}.reject_to"),
                        "reject_to.missing",
                        format!("recovery {recovery} < 1 leaves a reject stream; name the discharge that takes it"),
                    );
                    None
                }
                (Some(_), false) => {
                    c.push(
                        format!("{p}.reject_to"),
                        "reject_to.unused",
                        "recovery is 1, so there is no reject stream for `reject_to` to take",
                    );
                    None
                }
                (None, false) => None,
            };
            Treatment {
                id: t.id.clone(),
                enterprise: owner(&mut c, &p, &t.enterprise),
                kind: t.kind.clone().unwrap_or_default(),
                outlet_conc: c.per_contaminant(&format!("{p}.outlet_conc"), &t.outlet_conc, &contaminants, true, 0.0),
                recovery,
                max_flow: c.optional(&format!("{p}.max_flow"), t.max_flow, Range::NonNegative).map(flow),
                opex: c.optional(&format!("{p}.opex"), t.opex, Range::NonNegative).unwrap_or(0.0),
                max_inlet_conc: c.per_contaminant(
                    &format!("{p}.max_inlet_conc"),
                    &t.max_inlet_conc,
                    &contaminants,
                    false,
                    f64::INFINITY,
                ),
                reject_to,
                location: c.location(&format!("{p}.location"), t.location),
            }
        })
        .collect();

    let discharges: Vec<Discharge> = s
        .discharges
        .iter()
        .enumerate()
        .map(|(n, d)| {
            let p = entity_path("discharge", &d.id, n);
            Discharge {
                id: d.id.clone(),
                kind: d.kind.clone().unwrap_or_default(),
                max_conc: limits(
                    &mut c,
                    &p,
                    &d.max_conc,
                    d.grade.as_deref(),
                    &contaminants,
                    "max_conc",
                ),
                max_load: c.per_contaminant(
                    &format!("{p}.max_load"),
                    &d.max_load,
                    &contaminants,
                    false,
                    f64::INFINITY,
                ),
                fee: c
                    .optional(&format!("{p}.fee"), d.fee, Range::NonNegative)
                    .unwrap_or(0.0),
                location: c.location(&format!("{p}.location"), d.location),
            }
        })
        .collect();

    let forbid = forbid_rules(&mut c, s);
    let (supplies, demands) = node_ids(s);
    let (supplies, demands): (Vec<&str>, Vec<&str>) = (
        supplies.iter().map(String::as_str).collect(),
        demands.iter().map(String::as_str).collect(),
    );
    let constraints = constraints::constraints(&mut c, s, &contaminants, unit, &supplies, &demands);
    let policy = policy(&mut c, s.policy.as_ref(), unit);
    let (objectives, objective_tolerance) = objectives(&mut c, s.objective.as_ref());

    let mut model = Model {
        name: s.park.name.clone(),
        flow_unit: unit,
        hours_per_year,
        pipe_cost,
        contaminants: s.contaminants.clone(),
        enterprises: enterprise_list,
        intakes,
        sources,
        sinks,
        treatments,
        discharges,
        forbid,
        constraints,
        policy,
        objectives,
        objective_tolerance,
        streams,
        design: None,
    };
    model.design = design::design(&mut c, s, &model, unit);
    if pipe_cost > 0.0 {
        check_locations(&mut c, &model);
    }
    if c.problems.is_empty() {
        // Figures the solver cannot resolve side by side (validate/ranges.rs).
        ranges::check(&mut c, &model);
    }
    if c.problems.is_empty() {
        Ok(model)
    } else {
        Err(finish(c.problems))
    }
}

fn finish(mut problems: Vec<problem::Problem>) -> ValidationError {
    problems.sort();
    problems.dedup();
    ValidationError {
        origin: None,
        problems,
    }
}

/// Ids longer than [`MAX_ID_BYTES`] (they end up in every path and label).
fn check_id_lengths(c: &mut Checker, s: &Scenario) {
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

fn check_counts(c: &mut Checker, s: &Scenario) {
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

fn sink_flows(c: &mut Checker, p: &str, x: &file::Sink) -> (f64, f64) {
    let mut num =
        |field: &str, v: Option<f64>| c.optional(&format!("{p}.{field}"), v, Range::NonNegative);
    match (x.flow, x.min_flow, x.max_flow) {
        (Some(f), None, None) => {
            let f = num("flow", Some(f)).unwrap_or(0.0);
            (f, f)
        }
        (None, Some(_), _) | (None, _, Some(_)) => {
            let lo = num("min_flow", x.min_flow).unwrap_or(0.0);
            let hi = num("max_flow", x.max_flow).unwrap_or(f64::INFINITY);
            if x.max_flow.is_none() {
                c.push(
                    format!("{p}.max_flow"),
                    "sink.flow_spec",
                    "a demand range needs `max_flow`",
                );
            } else if lo > hi {
                c.push(
                    format!("{p}.min_flow"),
                    "sink.flow_range",
                    format!("min_flow {lo} is above max_flow {hi}"),
                );
            }
            (lo, hi)
        }
        (None, None, None) => {
            c.push(
                format!("{p}.flow"),
                "sink.flow_spec",
                "give `flow`, or `min_flow` and `max_flow`",
            );
            (0.0, 0.0)
        }
        (Some(_), _, _) => {
            c.push(
                format!("{p}.flow"),
                "sink.flow_spec",
                "give either `flow` or `min_flow`/`max_flow`, not both",
            );
            (0.0, 0.0)
        }
    }
}

/// A grade's limits for the declared contaminants, overridden by explicit entries.
fn limits(
    c: &mut Checker,
    p: &str,
    explicit: &file::PerContaminant,
    grade: Option<&str>,
    contaminants: &Contaminants,
    field: &str,
) -> Vec<f64> {
    let mut dense = c.per_contaminant(
        &format!("{p}.{field}"),
        explicit,
        contaminants,
        false,
        f64::INFINITY,
    );
    if let Some(name) = grade {
        match grade_limits(name) {
            Some(table) => {
                for (contaminant, &limit) in table {
                    if let Some(&k) = contaminants.index.get(contaminant.as_str()) {
                        if !explicit.contains_key(contaminant) {
                            dense[k] = limit;
                        }
                    }
                }
            }
            None => c.push(
                format!("{p}.grade"),
                "grade.unknown",
                format!(
                    "no grade '{name}'; known grades: {}",
                    grade_names().collect::<Vec<_>>().join(", ")
                ),
            ),
        }
    }
    dense
}

fn accepts(c: &mut Checker, p: &str, list: Option<&[String]>, s: &Scenario) -> AcceptSet {
    let Some(list) = list else {
        return AcceptSet::ALL;
    };
    let mut set = AcceptSet::NONE;
    for (i, name) in list.iter().enumerate() {
        match SupplyKind::parse(name) {
            Some(kind) if streams::is_class(s, name) => {
                set = set.with(kind).with(SupplyKind::Source).with(SupplyKind::Treatment)
            }
            Some(kind) => set = set.with(kind),
            // A stream class lets classed sources and products in (`streams`).
            None if streams::is_class(s, name) => {
                set = set.with(SupplyKind::Source).with(SupplyKind::Treatment)
            }
            None => c.push(
                format!("{p}.accepts[{i}]"),
                "kind.unknown",
                format!("'{name}' is not a supply kind (an intake kind, `source` or `treatment`) nor a stream class"),
            ),
        }
    }
    set
}

fn forbid_rules(c: &mut Checker, s: &Scenario) -> Vec<ForbidRule> {
    let (supplies, demands) = node_ids(s);
    let (supplies, demands): (Vec<&str>, Vec<&str>) = (
        supplies.iter().map(String::as_str).collect(),
        demands.iter().map(String::as_str).collect(),
    );
    // Compiled once: linear in rules + ids (network::rules), not rules x ids.
    let (supplies, demands) = (NameIndex::new(&supplies), NameIndex::new(&demands));
    s.forbid
        .iter()
        .enumerate()
        .map(|(n, f)| {
            for (field, pattern, ids, what) in [
                ("from", &f.from, &supplies, "supply"),
                ("to", &f.to, &demands, "demand"),
            ] {
                if !Pattern::new(pattern).matches_any(ids) {
                    c.push(
                        format!("forbid[{n}].{field}"),
                        "forbid.no_match",
                        format!("'{pattern}' matches no {what} id"),
                    );
                }
            }
            ForbidRule {
                from: f.from.clone(),
                to: f.to.clone(),
                reason: f.reason.clone(),
            }
        })
        .collect()
}

fn policy(c: &mut Checker, p: Option<&file::Policy>, unit: FlowUnit) -> Policy {
    let Some(p) = p else { return Policy::default() };
    Policy {
        min_reuse_rate: c.optional("policy.min_reuse_rate", p.min_reuse_rate, Range::Rate),
        max_intake: c
            .optional("policy.max_intake", p.max_intake, Range::NonNegative)
            .map(|v| unit.to_internal(v)),
        max_discharge: c
            .optional("policy.max_discharge", p.max_discharge, Range::NonNegative)
            .map(|v| unit.to_internal(v)),
    }
}

/// Defaults to `["freshwater", "cost"]`: least water first, then cheapest.
fn objectives(c: &mut Checker, spec: Option<&file::ObjectiveSpec>) -> (Vec<Objective>, f64) {
    let Some(spec) = spec else {
        return (
            vec![Objective::Freshwater, Objective::Cost],
            DEFAULT_OBJECTIVE_TOLERANCE,
        );
    };
    let mut list = Vec::new();
    for (i, name) in spec.minimize.names().into_iter().enumerate() {
        match Objective::parse(name) {
            Some(o) if list.contains(&o) => c.push(
                format!("objective.minimize[{i}]"),
                "objective.duplicate",
                format!("'{name}' is listed twice"),
            ),
            Some(o) => list.push(o),
            None => c.push(
                format!("objective.minimize[{i}]"),
                "objective.unknown",
                format!("'{name}' is not one of freshwater, cost, discharge"),
            ),
        }
    }
    if list.is_empty() && c.problems.iter().all(|p| !p.path.starts_with("objective")) {
        c.push(
            "objective.minimize",
            "objective.unknown",
            "name at least one objective",
        );
    }
    let tolerance = c
        .optional("objective.tolerance", spec.tolerance, Range::NonNegative)
        .unwrap_or(DEFAULT_OBJECTIVE_TOLERANCE);
    (list, tolerance)
}

/// With a piping cost, every arc needs a length, so every node a location.
fn check_locations(c: &mut Checker, m: &Model) {
    let mut need = |kind: &str, id: &str, has: bool| {
        if !has {
            c.push(
                format!("{kind}[{id}].location"),
                "location.required",
                "park.pipe_cost is set, so this node needs a location (its own or its enterprise's)",
            );
        }
    };
    for (i, x) in m.intakes.iter().enumerate() {
        need(
            "intake",
            &x.id,
            m.supply_location(m.supply_id(crate::model::SupplyRef::Intake(i)))
                .is_some(),
        );
    }
    for (i, x) in m.sources.iter().enumerate() {
        need(
            "source",
            &x.id,
            m.supply_location(m.supply_id(crate::model::SupplyRef::Source(i)))
                .is_some(),
        );
    }
    for (i, x) in m.sinks.iter().enumerate() {
        need(
            "sink",
            &x.id,
            m.demand_location(m.demand_id(crate::model::DemandRef::Sink(i)))
                .is_some(),
        );
    }
    for (i, x) in m.treatments.iter().enumerate() {
        need(
            "treatment",
            &x.id,
            m.supply_location(m.supply_id(crate::model::SupplyRef::Treatment(i)))
                .is_some(),
        );
    }
    for x in &m.discharges {
        need("discharge", &x.id, x.location.is_some());
    }
}

/// Every supply id and every demand id, operations' generated nodes included.
fn node_ids(s: &Scenario) -> (Vec<String>, Vec<String>) {
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
