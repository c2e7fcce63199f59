//! `parkwater explain SCENARIO`, and the explain section of `solve`'s table.

use crate::args::{ExplainArgs, StudyFormat};
use crate::output::emit;
use anyhow::Result;
use parkwater_core::{Model, Report, Scenario, SolveOptions};
use parkwater_study::explain::{explain, explain_report, Explanation};

/// Parks above this many candidate arcs get no explain section in `solve`
/// (each sentence costs a re-solve); `parkwater explain` has no limit.
const SECTION_MAX_ARCS: usize = 20_000;

/// Sentences in `solve`'s table.
const SECTION_SENTENCES: usize = 5;

pub(crate) fn run(a: &ExplainArgs) -> Result<u8> {
    let loaded = match crate::compare::load(&a.scenario, &a.study, a.format == StudyFormat::Json) {
        Ok(l) => l,
        Err(code) => return Ok(code),
    };
    let options = a.study.solve_options();
    let objective = a.study.objective.as_ref().and_then(|l| l.first().copied());
    let explained = crate::compare::with_pool(a.study.jobs, || {
        explain(&loaded.scenario, objective, &options, a.top)
    })?;
    match explained {
        Ok(e) => {
            let text = match a.format {
                StudyFormat::Json => format!("{}\n", serde_json::to_string_pretty(&e)?),
                _ => format!("{}: {}\n{}", loaded.name, headline(&e), sentences(&e)),
            };
            emit(&text);
            Ok(0)
        }
        Err(e) => {
            eprintln!("error: {e}");
            Ok(2)
        }
    }
}

fn headline(e: &Explanation) -> String {
    format!(
        "minimum {} = {} {}; what the binding requirements are worth at the margin:",
        e.objective,
        parkwater_study_fmt(e.value),
        e.unit
    )
}

fn parkwater_study_fmt(x: f64) -> String {
    if x.abs() >= 1000.0 {
        format!("{x:.0}")
    } else {
        format!("{x:.3}")
    }
}

/// The numbered sentences, each with its check.
pub(crate) fn sentences(e: &Explanation) -> String {
    let mut s = String::new();
    if e.sentences.is_empty() {
        s.push_str(
            "  no requirement binds at the margin: relaxing any one alone changes nothing\n",
        );
    }
    for (i, x) in e.sentences.iter().enumerate() {
        s.push_str(&format!("  {}. {}\n", i + 1, x.text));
        if let Some(c) = &x.check {
            s.push_str(&format!("     {}\n", c.text));
        }
    }
    if e.omitted > 0 {
        s.push_str(&format!(
            "  ({} smaller ones omitted; parkwater explain --top N)\n",
            e.omitted
        ));
    }
    s
}

/// The explain section of `solve`'s table: the five largest sentences for
/// the solve's objective (for a lexicographic list, its first objective,
/// re-solved alone), or why there is none.
pub(crate) fn solve_section(
    scenario: &Scenario,
    model: &Model,
    report: &Report,
    options: &SolveOptions,
) -> String {
    let arcs = model.num_supplies() * model.num_demands();
    if arcs > SECTION_MAX_ARCS {
        return format!(
            "explain: skipped ({arcs} candidate arcs; each sentence is checked by a re-solve): run parkwater explain\n"
        );
    }
    let explained = if model.objectives.len() == 1 {
        explain_report(scenario, model, report, options, SECTION_SENTENCES)
    } else {
        let mut scenario = scenario.clone();
        scenario.objective = None;
        explain(
            &scenario,
            model.objectives.first().copied(),
            options,
            SECTION_SENTENCES,
        )
    };
    match explained {
        Ok(e) => format!("explain ({}):\n{}", e.objective, sentences(&e)),
        Err(e) => format!("explain: {e}\n"),
    }
}
