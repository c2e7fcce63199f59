//! `parkwater pareto SCENARIO --x freshwater --y cost --points N`.

use crate::args::{ParetoArgs, StudyFormat};
use crate::output::{emit, write_atomic};
use anyhow::{Context, Result};
use comfy_table::{presets::UTF8_FULL_CONDENSED, Cell, CellAlignment, Table};
use parkwater_study::pareto::{pareto, Front, Measure};

pub(crate) fn run(a: &ParetoArgs) -> Result<u8> {
    let Some(x) = Measure::parse(&a.x) else {
        eprintln!("error: --x '{}' is not one of freshwater, discharge", a.x);
        return Ok(crate::exit::INVALID);
    };
    let loaded = match crate::compare::load(&a.scenario, &a.study, a.format == StudyFormat::Json) {
        Ok(l) => l,
        Err(code) => return Ok(code),
    };
    let options = a.study.solve_options();
    let front = match crate::compare::with_pool(a.study.jobs, || {
        pareto(&loaded.scenario, x, a.y, a.points, &options)
    })? {
        Ok(f) => f,
        Err(e) => {
            eprintln!("error: {e}");
            return Ok(2);
        }
    };
    let text = match a.format {
        StudyFormat::Json => format!("{}\n", serde_json::to_string_pretty(&front)?),
        StudyFormat::Csv => {
            let mut out = Vec::new();
            front.table().write_csv_to(&mut out)?;
            String::from_utf8(out)?
        }
        StudyFormat::Table => table(&front),
    };
    emit(&text);
    if let Some(dir) = &a.out {
        std::fs::create_dir_all(dir).with_context(|| format!("cannot create {}", dir.display()))?;
        front.table().write(&dir.join("front.csv"))?;
        write_atomic(
            &dir.join("front.json"),
            &serde_json::to_string_pretty(&front)?,
        )?;
        let svg = front.svg().map_err(anyhow::Error::msg)?;
        write_atomic(&dir.join("front.svg"), &svg)?;
    }
    let all_optimal = front.points.iter().all(|p| p.status == "optimal");
    Ok(if all_optimal { 0 } else { 3 })
}

fn table(f: &Front) -> String {
    let x = match f.x {
        Measure::Freshwater => "freshwater",
        Measure::Discharge => "discharge",
    };
    let mut t = Table::new();
    t.load_preset(UTF8_FULL_CONDENSED).set_header([
        format!("{x} ({})", f.x_unit),
        format!("{} ({})", f.y, f.y_unit),
        "status".into(),
        format!("marginal ({} per {} saved)", f.y_unit, f.x_unit),
        "average since previous".into(),
    ]);
    for p in &f.points {
        let num = |v: Option<f64>, d: usize| v.map_or_else(String::new, |v| format!("{v:.d$}"));
        t.add_row([
            Cell::new(format!("{:.2}", p.x)).set_alignment(CellAlignment::Right),
            Cell::new(format!("{:.0}", p.y)).set_alignment(CellAlignment::Right),
            Cell::new(&p.status),
            Cell::new(num(p.marginal, 1)).set_alignment(CellAlignment::Right),
            Cell::new(num(p.secant, 1)).set_alignment(CellAlignment::Right),
        ]);
    }
    let mut s = format!(
        "{} vs {x}: {} verified points (epsilon-constraint)\n{t}\n",
        f.y,
        f.points.iter().filter(|p| p.status == "optimal").count()
    );
    for p in f.points.iter().filter(|p| !p.note.is_empty()) {
        s.push_str(&format!("cap {:?}: {}\n", p.cap, p.note));
    }
    s
}
