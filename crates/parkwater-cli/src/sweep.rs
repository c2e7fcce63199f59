//! `parkwater sweep SCENARIO --vary PATH=VALUES ...`: every point solved in
//! parallel, a progress bar on stderr (only when it is a terminal), one row
//! per point to CSV or Parquet; Ctrl-C writes the rows finished so far.

use crate::args::SweepArgs;
use crate::output::emit;
use anyhow::Result;
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use parkwater_study::sweep::{self, Axis, Control, Design};
use std::io::IsTerminal;
use std::sync::atomic::Ordering;
use std::sync::Arc;

pub(crate) fn run(a: &SweepArgs) -> Result<u8> {
    let mut axes = Vec::new();
    for spec in &a.vary {
        match Axis::parse(spec) {
            Ok(axis) => axes.push(axis),
            Err(e) => {
                eprintln!("error: --vary {e}");
                return Ok(crate::exit::INVALID);
            }
        }
    }
    let design = match a.sample.as_str() {
        "lhs" => Design::lhs(axes, a.points, a.seed),
        _ => Design::grid(axes),
    };
    let loaded = match crate::compare::load(&a.scenario, &a.study, false) {
        Ok(l) => l,
        Err(code) => return Ok(code),
    };
    let total = design.points().len();
    if total == 0 {
        eprintln!("error: the sweep has no point (--points must be at least 1)");
        return Ok(crate::exit::INVALID);
    }

    let control = Control::default();
    let bar = ProgressBar::with_draw_target(
        Some(total as u64),
        if a.quiet || !std::io::stderr().is_terminal() {
            ProgressDrawTarget::hidden()
        } else {
            ProgressDrawTarget::stderr()
        },
    );
    bar.set_style(
        ProgressStyle::with_template("{bar:40} {pos}/{len} points  {elapsed} elapsed, ~{eta} left")
            .unwrap_or_else(|_| ProgressStyle::default_bar()),
    );
    let tick = bar.clone();
    let control = Control {
        on_point: Some(Arc::new(move || tick.inc(1))),
        ..control
    };
    let cancel = control.cancel.clone();
    // A second handler cannot be set in one process; a failure only means
    // Ctrl-C ends the process at once.
    let _ = ctrlc::set_handler(move || cancel.store(true, Ordering::Relaxed));

    let options = a.study.solve_options();
    let result = crate::compare::with_pool(a.study.jobs, || {
        sweep::run(&loaded.scenario, &design, &options, &control)
    })?;
    bar.finish_and_clear();

    let table = result.table();
    match &a.out {
        Some(path) => table.write(path)?,
        None => {
            let mut out = Vec::new();
            table.write_csv_to(&mut out)?;
            emit(&String::from_utf8(out)?);
        }
    }
    let failed = result
        .points
        .iter()
        .filter(|p| p.status != "optimal")
        .count();
    if result.cancelled {
        eprintln!(
            "interrupted: {} of {} points finished and written",
            result.points.len(),
            result.total
        );
        return Ok(crate::exit::INTERRUPTED);
    }
    if failed > 0 {
        eprintln!("{failed} of {total} points are not optimal (see their status and error)");
    }
    Ok(0)
}
