//! Assembles the page: every section's view, then the template. Figures are
//! formatted here (one formatter, `format`); the template only lays out.

use crate::accounts::{arcs, Accounts};
use crate::format::{money, num, raw};
use crate::{kpis, map, sankey, sections, tables, RenderError, RenderOptions, ReportInput};
use minijinja::{context, Environment};
use serde::Serialize;
use serde_json::Value;

pub(crate) const STYLE: &str = include_str!("../templates/style.css");
const REPORT_HTML: &str = include_str!("../templates/report.html");
const CARDS_HTML: &str = include_str!("../templates/cards.html");
const KPI_HTML: &str = include_str!("../templates/kpis.html");
pub(crate) const COMPARE_HTML: &str = include_str!("../templates/compare.html");
const D3: &str = include_str!("../assets/d3.min.js");
const D3_SANKEY: &str = include_str!("../assets/d3-sankey.min.js");
const REPORT_JS: &str = include_str!("../assets/report.js");

/// The page forbids every request: scripts and styles are inline, images
/// are data: URIs. A report that tried to load anything would show a
/// console error (and the browser test fails on it).
pub(crate) const CSP: &str =
    "default-src 'none'; script-src 'unsafe-inline'; style-src 'unsafe-inline'; img-src data:; font-src data:";

/// Escapes text for HTML element content and quoted attributes. Unlike
/// minijinja's default it leaves `/` alone: "t/h" stays readable in the file.
fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for ch in text.chars() {
        match ch {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

pub(crate) fn env() -> Result<Environment<'static>, RenderError> {
    let mut env = Environment::new();
    env.set_formatter(|out, _state, value| {
        let text = if value.is_none() || value.is_undefined() {
            String::new()
        } else {
            value.to_string()
        };
        let text = if value.is_safe() { text } else { escape(&text) };
        out.write_str(&text)
            .map_err(|_| minijinja::Error::new(minijinja::ErrorKind::WriteFailure, "write failed"))
    });
    env.add_template("cards.html", CARDS_HTML)?;
    env.add_template("report.html", REPORT_HTML)?;
    env.add_template("kpis.html", KPI_HTML)?;
    env.add_template("compare.html", COMPARE_HTML)?;
    Ok(env)
}

/// Any serializable value as a template value.
pub(crate) fn v<T: Serialize>(x: T) -> minijinja::Value {
    minijinja::Value::from(minijinja::value::Serde(x))
}

/// JSON safe inside a `<script>` element: `<`, `>` and `&` escaped.
pub(crate) fn script_json<T: Serialize>(v: &T) -> Result<String, RenderError> {
    Ok(serde_json::to_string(v)?
        .replace('<', "\\u003c")
        .replace('>', "\\u003e")
        .replace('&', "\\u0026"))
}

/// One entry of `solver.fallbacks` in words (core's sentence).
fn fallback_sentence(f: &serde_json::Value) -> String {
    let field = |name: &str| f[name].as_str().unwrap_or("");
    parkwater_core::report::fallback_sentence(
        field("method"),
        field("because"),
        f["max_violation"].as_f64(),
        field("then"),
    )
}

/// A script's text, made safe to inline (a `</script` inside would end the element).
fn inline_js(js: &str) -> String {
    js.replace("</script", "<\\/script")
}

#[derive(Serialize)]
struct Header {
    park: String,
    file: String,
    hash: String,
    status: String,
    status_verdict: &'static str,
    objectives: Vec<[String; 3]>,
    engine: String,
    solver: String,
    method: String,
    /// Solves not kept, one sentence each (`solver.fallbacks`).
    fallbacks: Vec<String>,
    checks: String,
    max_violation: String,
    verified: &'static str,
    violations: Vec<String>,
    date: String,
    unit: String,
}

fn header(input: &ReportInput, options: &RenderOptions) -> Header {
    let r = &input.result;
    let s = |v: &Value| v.as_str().unwrap_or("").to_string();
    let status = s(&r["status"]);
    let unit = &input.park.flow_unit;
    let v = &r["verification"];
    let max_violation = v["max_violation"].as_f64();
    let violations: Vec<String> = v["violations"]
        .as_array()
        .map(|l| {
            l.iter()
                .map(|x| {
                    format!(
                        "{} (by {:.1e})",
                        s(&x["check"]),
                        x["amount"].as_f64().unwrap_or(f64::NAN)
                    )
                })
                .collect()
        })
        .unwrap_or_default();
    let park = match s(&r["park"]) {
        p if !p.is_empty() => p,
        _ if !input.park.name.is_empty() => input.park.name.clone(),
        _ => "Park".into(),
    };
    Header {
        park,
        file: input.scenario_file.clone(),
        hash: s(&r["scenario_hash"]),
        status_verdict: match status.as_str() {
            "optimal" => "pass",
            "time_limit" => "info",
            _ => "fail",
        },
        status,
        objectives: r["objective"]
            .as_object()
            .map(|o| {
                o.iter()
                    .filter_map(|(k, v)| {
                        let x = v.as_f64()?;
                        let (shown, u) = if k == "cost" {
                            (money(x), "CNY/yr".to_string())
                        } else {
                            (num(x), unit.clone())
                        };
                        Some([k.clone(), format!("{shown} {u}"), raw(x)])
                    })
                    .collect()
            })
            .unwrap_or_default(),
        engine: s(&r["solver"]["engine"]),
        solver: s(&r["solver"]["solver"]),
        method: s(&r["solver"]["method"]),
        fallbacks: r["solver"]["fallbacks"]
            .as_array()
            .map(|list| list.iter().map(fallback_sentence).collect())
            .unwrap_or_default(),
        checks: v["checks"]
            .as_u64()
            .map(|c| c.to_string())
            .unwrap_or_default(),
        max_violation: max_violation
            .map(|x| format!("{x:.1e}"))
            .unwrap_or_default(),
        // An infeasible park has no flow: its verification checks nothing useful.
        verified: if r.get("diagnosis").is_some_and(Value::is_object) {
            "info"
        } else if violations.is_empty() && max_violation.is_some() {
            "pass"
        } else {
            "fail"
        },
        violations: if r.get("diagnosis").is_some_and(Value::is_object) {
            Vec::new()
        } else {
            violations
        },
        date: options.date.clone().unwrap_or_else(crate::date::now),
        unit: unit.clone(),
    }
}

pub(crate) fn render(input: &ReportInput, options: &RenderOptions) -> Result<String, RenderError> {
    let r = &input.result;
    let park = &input.park;
    let arcs = arcs(r);
    let acc = Accounts::new(park, &arcs);
    let infeasible = r.get("diagnosis").is_some_and(Value::is_object);
    let sankey = sankey::build(park, &arcs, options.sankey_threshold);
    let (binding, binding_total) = tables::binding(r, park, &acc, options.max_binding);
    let flows = tables::flows(&arcs);
    let env = env()?;
    let html = env.get_template("report.html")?.render(context! {
        csp => v(CSP),
        style => v(STYLE),
        h => v(header(input, options)),
        infeasible => v(infeasible),
        cards => v(if infeasible { Vec::new() } else { kpis::cards(r, park, &arcs, &acc) }),
        balance => v(if infeasible { None } else { kpis::balance(r, park) }),
        other_kpis => v(if infeasible { Vec::new() } else { kpis::others(r) }),
        diagnosis => v(sections::diagnosis(r)),
        design => v(sections::design(r)),
        sankey_links => v(sankey.links.len()),
        sankey_hidden => v(sankey.hidden.0),
        sankey_hidden_flow => v(num(sankey.hidden.1)),
        sankey_loops => v(sankey.loops),
        sankey_threshold => v(raw(sankey.threshold)),
        sankey_threshold_shown => v(num(sankey.threshold)),
        sankey_share => v(format!("{} %", 100.0 * options.sankey_threshold)),
        grades => v(&sankey.grades),
        sankey_json => v(script_json(&sankey)?),
        map_svg => v(map::svg(park, &arcs, r)),
        fresh_by_enterprise => v(tables::freshwater_by_enterprise(r)),
        enterprises => v(tables::enterprises(park, &arcs)),
        outfalls => v(tables::outfalls(r, park, &acc)),
        treatments => v(tables::treatments(park, &acc, &arcs)),
        binding => v(binding),
        binding_total => v(binding_total),
        plugins => v(tables::plugins(r)),
        flows_open => v(flows.len() <= 200),
        flows => v(flows),
        loads => v(load_rows(r)),
        d3 => v(inline_js(D3)),
        d3_sankey => v(inline_js(D3_SANKEY)),
        report_js => v(inline_js(REPORT_JS)),
    })?;
    Ok(html)
}

/// Discharged loads per contaminant from the KPIs: (contaminant, kg/h, t/yr).
fn load_rows(r: &Value) -> Vec<[String; 4]> {
    let kg = r["kpis"]["discharged_load_kg_h"].as_object();
    let t = &r["kpis"]["discharged_load_t_yr"];
    kg.map(|o| {
        o.iter()
            .filter_map(|(c, v)| {
                let x = v.as_f64()?;
                Some([
                    c.clone(),
                    num(x),
                    t[c].as_f64().map(num).unwrap_or_default(),
                    raw(x),
                ])
            })
            .collect()
    })
    .unwrap_or_default()
}

pub(crate) fn kpi_block(input: &ReportInput) -> Result<String, RenderError> {
    let r = &input.result;
    let arcs = arcs(r);
    let acc = Accounts::new(&input.park, &arcs);
    let env = env()?;
    Ok(env.get_template("kpis.html")?.render(context! {
        style => v(STYLE),
        h => v(header(input, &RenderOptions::default().with_date(""))),
        cards => v(kpis::cards(r, &input.park, &arcs, &acc)),
        balance => v(kpis::balance(r, &input.park)),
        diagnosis => v(sections::diagnosis(r)),
    })?)
}
