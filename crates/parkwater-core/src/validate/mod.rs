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
//! `operation.flow_undetermined` (see `operations`), `number.too_large`
//! (above `MAX_NUMBER`), `id.too_long` (above `MAX_ID_BYTES`),
//! `network.too_large` (above `MAX_CANDIDATE_ARCS`).
//!
//! Limits keep a hostile or mistaken file from exhausting memory or time:
//! a scenario over the entity or network limits is refused after the counts
//! alone, before anything else is checked.

mod checker;
mod constraints;
mod design;
mod entities;
mod forbid;
mod grades;
mod ids;
mod limits;
mod locations;
pub(crate) mod operations;
mod park;
mod policy;
mod problem;
mod quality;
mod ranges;
mod sinks;
mod streams;
mod treatments;

pub use grades::{grade_limits, grade_names};
pub use problem::{Problem, ValidationError};

use crate::model::Model;
use crate::scenario::Scenario;
use checker::Checker;
use ids::Ids;

/// Most entities of one kind a scenario may hold (memory stays bounded).
#[cfg_attr(feature = "dev", visibility::make(pub))]
pub(crate) const MAX_ENTITIES: usize = 200_000;

/// Most contaminants a scenario may declare.
pub(crate) const MAX_CONTAMINANTS: usize = 64;

/// Largest figure a scenario may hold (flows, concentrations, loads, prices,
/// coordinates): far above any real park (a 1e9 t/h flow is ten Yangtzes),
/// far below where the LP's numerics and HiGHS's infinity (1e20) begin.
pub(crate) const MAX_NUMBER: f64 = 1e9;

/// Longest id (node, enterprise, contaminant, operation, forbid pattern), in bytes.
pub(crate) const MAX_ID_BYTES: usize = 256;

/// Most candidate arcs (supplies x demands) a scenario may imply: 5 000 x 5 000.
pub(crate) const MAX_CANDIDATE_ARCS: usize = 25_000_000;

/// Default operating hours per year.
pub(crate) const DEFAULT_HOURS_PER_YEAR: f64 = 8000.0;

/// Default relative slack on earlier objectives of a lexicographic list.
pub(crate) const DEFAULT_OBJECTIVE_TOLERANCE: f64 = 1e-9;

impl Scenario {
    /// Checks the scenario and builds the model, or lists every problem.
    pub fn validate(&self) -> Result<Model, ValidationError> {
        validate(self)
    }
}

/// Checks a scenario and builds the model, or lists every problem.
///
/// In order: park settings, size limits (refused early when over them), id
/// namespaces, entities, operations, stream rules, forbid rules, constraints,
/// policy, objectives, design; then locations (with a piping cost) and, on a
/// clean model, the numeric ranges the solver can resolve side by side.
pub(crate) fn validate(s: &Scenario) -> Result<Model, ValidationError> {
    let mut c = Checker::default();
    let park = park::settings(&mut c, s);
    let unit = park.unit;
    limits::check_counts(&mut c, s);
    park::check_plugins(&mut c, s);
    limits::check_id_lengths(&mut c, s);
    if limits::too_large(&c) {
        // Too big to check further in bounded time and memory.
        return Err(finish(c.problems));
    }
    let ids = Ids::new(&mut c, s);

    let enterprises = entities::enterprises(&mut c, s, unit);
    let intakes = entities::intakes(&mut c, s, &ids, unit);
    let mut sources = entities::sources(&mut c, s, &ids, unit);
    let mut sinks = sinks::sinks(&mut c, s, &ids, unit);
    let (op_sinks, op_sources) = operations::convert(
        &mut c,
        s,
        &ids.contaminants,
        &ids.enterprises,
        &ids.nodes,
        unit,
    );
    sinks.extend(op_sinks);
    sources.extend(op_sources);
    let streams = streams::rules(&mut c, s, &ids.contaminants, unit, &sinks);
    let treatments = treatments::treatments(&mut c, s, &ids, unit);
    let discharges = entities::discharges(&mut c, s, &ids);

    let (supplies, demands) = ids::node_ids(s);
    let (supplies, demands): (Vec<&str>, Vec<&str>) = (
        supplies.iter().map(String::as_str).collect(),
        demands.iter().map(String::as_str).collect(),
    );
    let forbid = forbid::rules(&mut c, s, &supplies, &demands);
    let constraints =
        constraints::constraints(&mut c, s, &ids.contaminants, unit, &supplies, &demands);
    let policy = policy::policy(&mut c, s.policy.as_ref(), unit);
    let (objectives, objective_tolerance) = policy::objectives(&mut c, s.objective.as_ref());

    let mut model = Model {
        name: s.park.name.clone(),
        flow_unit: unit,
        hours_per_year: park.hours_per_year,
        pipe_cost: park.pipe_cost,
        contaminants: s.contaminants.clone(),
        enterprises,
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
    if park.pipe_cost > 0.0 {
        locations::check_locations(&mut c, &model);
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

/// Sorted, deduplicated problems as one error.
fn finish(mut problems: Vec<Problem>) -> ValidationError {
    problems.sort();
    problems.dedup();
    ValidationError {
        origin: None,
        problems,
    }
}
