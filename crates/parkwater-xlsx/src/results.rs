//! The results workbook of a solve: KPIs, flows (with the enterprises at
//! both ends and the stream's concentrations), per enterprise, per outfall
//! compliance, duals, design (when the report has one), verification and
//! plugin figures. Built from the report's JSON form, so a section added to
//! the report (the `design` section, plugin KPIs) reaches the workbook too.
//! Numbers are written as numbers, units sit in the headers, header rows are
//! frozen and columns sized.

use crate::write::Out;
use crate::xlsx::{put, width, Formats};
use parkwater_core::model::{DemandId, SupplyId};
use parkwater_core::model::{DemandRef, SupplyRef};
use parkwater_core::Model;
use rust_xlsxwriter::{Workbook, XlsxError};
use serde_json::{Map, Value};
use std::collections::HashMap;
use std::path::Path;

/// A sheet of the results workbook.
#[derive(Debug, Clone)]
pub struct ResultSheet {
    /// Sheet name.
    pub name: String,
    /// Header cells, units included.
    pub headers: Vec<String>,
    /// Rows.
    pub rows: Vec<Vec<Out>>,
}

fn num(v: Option<&Value>) -> Out {
    match v {
        Some(Value::Number(n)) => n.as_f64().map_or(Out::Empty, Out::Number),
        Some(Value::String(s)) => Out::Text(s.clone()),
        Some(Value::Bool(b)) => Out::Bool(*b),
        Some(Value::Null) | None => Out::Empty,
        Some(other) => Out::Text(other.to_string()),
    }
}

/// The unit of a KPI or objective, by its JSON path.
fn kpi_unit(path: &str, flow: &str) -> String {
    let last = path.rsplit('.').next().unwrap_or(path);
    let has = |s: &str| path.split('.').any(|p| p == s);
    let unit = if path.starts_with("objective.") {
        match last {
            "cost" => "CNY/yr",
            _ => flow,
        }
    } else if has("cost") || last == "cost_per_year" || last == "annual_capex" {
        "CNY/yr"
    } else if last == "capex" {
        "CNY"
    } else if has("discharged_load_kg_h") {
        "kg/h"
    } else if has("discharged_load_t_yr") {
        "t/yr"
    } else if last.ends_with("_rate") || last.ends_with("share") || has("reclaimed_use_rate") {
        "fraction"
    } else if last.starts_with("pipes") || last == "checks" {
        "count"
    } else if has("freshwater_by_intake")
        || has("freshwater_by_enterprise")
        || has("discharge_by_outfall")
        || [
            "freshwater",
            "discharge",
            "reused",
            "regenerated",
            "recirculation",
            "treated",
        ]
        .contains(&last)
    {
        flow
    } else {
        ""
    };
    unit.to_string()
}

/// Every number under `value`, with its dotted path.
fn flatten(prefix: &str, value: &Value, out: &mut Vec<(String, Value)>) {
    match value {
        Value::Object(m) => {
            for (k, v) in m {
                flatten(&format!("{prefix}.{k}"), v, out);
            }
        }
        Value::Array(_) => {}
        other => out.push((prefix.to_string(), other.clone())),
    }
}

fn kpis_sheet(report: &Value, flow: &str) -> ResultSheet {
    let mut rows = Vec::new();
    for key in ["park", "status", "scenario_hash"] {
        if let Some(v) = report.get(key) {
            rows.push(vec![
                Out::Text(key.into()),
                Out::Text(key.replace('_', " ")),
                num(Some(v)),
                Out::Empty,
            ]);
        }
    }
    let mut entries = Vec::new();
    for section in ["objective", "kpis"] {
        if let Some(v) = report.get(section) {
            flatten(section, v, &mut entries);
        }
    }
    if let Some(d) = report.get("design") {
        for key in ["capex", "annual_capex", "objective_bound", "gap"] {
            if let Some(v) = d.get(key) {
                entries.push((format!("design.{key}"), v.clone()));
            }
        }
    }
    for (path, v) in entries {
        let label = path
            .split_once('.')
            .map_or(path.as_str(), |(_, rest)| rest)
            .replace('_', " ");
        let label = if path.starts_with("objective.") {
            format!("objective: {label}")
        } else {
            label
        };
        rows.push(vec![
            Out::Text(path.clone()),
            Out::Text(label),
            num(Some(&v)),
            Out::Text(kpi_unit(&path, flow)),
        ]);
    }
    ResultSheet {
        name: "KPIs".into(),
        headers: vec!["key".into(), "KPI".into(), "value".into(), "unit".into()],
        rows,
    }
}

/// What the results need to know of each node.
struct Node {
    kind: &'static str,
    enterprise: Option<String>,
    /// Fixed concentrations (supplies), mg/L.
    conc: Option<Vec<f64>>,
}

struct Nodes {
    supplies: HashMap<String, Node>,
    demands: HashMap<String, Node>,
}

impl Nodes {
    fn new(m: &Model) -> Nodes {
        let ent = |e: Option<usize>| e.map(|i| m.enterprises[i].id.clone());
        let mut supplies = HashMap::new();
        for s in 0..m.num_supplies() {
            let id = SupplyId(s as u32);
            let (kind, enterprise) = match m.supply(id) {
                SupplyRef::Intake(_) => ("intake", None),
                SupplyRef::Source(i) => ("source", ent(m.sources[i].enterprise)),
                SupplyRef::Treatment(i) => ("treatment", ent(m.treatments[i].enterprise)),
            };
            supplies.insert(
                m.supply_name(id).to_string(),
                Node {
                    kind,
                    enterprise,
                    conc: Some(m.supply_conc(id).to_vec()),
                },
            );
        }
        let mut demands = HashMap::new();
        for d in 0..m.num_demands() {
            let id = DemandId(d as u32);
            let (kind, enterprise) = match m.demand(id) {
                DemandRef::Sink(i) => ("sink", ent(m.sinks[i].enterprise)),
                DemandRef::Treatment(i) => ("treatment", ent(m.treatments[i].enterprise)),
                DemandRef::Discharge(_) => ("discharge", None),
            };
            demands.insert(
                m.demand_name(id).to_string(),
                Node {
                    kind,
                    enterprise,
                    conc: None,
                },
            );
        }
        Nodes { supplies, demands }
    }
}

struct Stream {
    from: String,
    to: String,
    flow: f64,
    reject: bool,
}

fn streams(report: &Value) -> Vec<Stream> {
    let list = |key: &str, reject: bool| -> Vec<Stream> {
        report
            .get(key)
            .and_then(Value::as_array)
            .map(|a| {
                a.iter()
                    .filter_map(|f| {
                        Some(Stream {
                            from: f.get("from")?.as_str()?.to_string(),
                            to: f.get("to")?.as_str()?.to_string(),
                            flow: f.get("flow")?.as_f64()?,
                            reject,
                        })
                    })
                    .collect()
            })
            .unwrap_or_default()
    };
    let mut all = list("flows", false);
    all.extend(list("rejects", true));
    all
}

/// Concentration of each treatment's reject, mg/L: the mass it takes in
/// less the mass its product carries, over the reject flow.
fn reject_conc(m: &Model, nodes: &Nodes, flows: &[Stream]) -> HashMap<String, Vec<f64>> {
    let nc = m.num_contaminants();
    let mut mass_in: HashMap<&str, Vec<f64>> = HashMap::new();
    let mut product: HashMap<&str, f64> = HashMap::new();
    for s in flows.iter().filter(|s| !s.reject) {
        if let Some(c) = nodes.supplies.get(&s.from).and_then(|n| n.conc.as_ref()) {
            if nodes
                .demands
                .get(&s.to)
                .is_some_and(|n| n.kind == "treatment")
            {
                let e = mass_in.entry(&s.to).or_insert_with(|| vec![0.0; nc]);
                for k in 0..nc {
                    e[k] += s.flow * c[k];
                }
            }
        }
        if nodes
            .supplies
            .get(&s.from)
            .is_some_and(|n| n.kind == "treatment")
        {
            *product.entry(&s.from).or_default() += s.flow;
        }
    }
    flows
        .iter()
        .filter(|s| s.reject && s.flow > 0.0)
        .map(|s| {
            let cout = nodes
                .supplies
                .get(&s.from)
                .and_then(|n| n.conc.clone())
                .unwrap_or_else(|| vec![0.0; nc]);
            let inflow = mass_in
                .get(s.from.as_str())
                .cloned()
                .unwrap_or_else(|| vec![0.0; nc]);
            let p = product.get(s.from.as_str()).copied().unwrap_or(0.0);
            let conc = (0..nc)
                .map(|k| ((inflow[k] - p * cout[k]) / s.flow).max(0.0))
                .collect();
            (s.from.clone(), conc)
        })
        .collect()
}

fn stream_conc<'a>(
    s: &Stream,
    nodes: &'a Nodes,
    rejects: &'a HashMap<String, Vec<f64>>,
) -> Option<&'a Vec<f64>> {
    if s.reject {
        rejects.get(&s.from)
    } else {
        nodes.supplies.get(&s.from).and_then(|n| n.conc.as_ref())
    }
}

fn flows_sheet(m: &Model, report: &Value, flow: &str) -> ResultSheet {
    let nodes = Nodes::new(m);
    let all = streams(report);
    let rejects = reject_conc(m, &nodes, &all);
    let mut headers: Vec<String> = [
        "from",
        "from kind",
        "from enterprise",
        "to",
        "to kind",
        "to enterprise",
        "stream",
    ]
    .iter()
    .map(|s| s.to_string())
    .collect();
    headers.push(format!("flow ({flow})"));
    headers.extend(m.contaminants.iter().map(|c| format!("conc.{c} (mg/L)")));
    let rows = all
        .iter()
        .map(|s| {
            let from = nodes.supplies.get(&s.from);
            let to = nodes.demands.get(&s.to);
            let mut row = vec![
                Out::Text(s.from.clone()),
                Out::Text(from.map_or("", |n| n.kind).into()),
                Out::Text(from.and_then(|n| n.enterprise.clone()).unwrap_or_default()),
                Out::Text(s.to.clone()),
                Out::Text(to.map_or("", |n| n.kind).into()),
                Out::Text(to.and_then(|n| n.enterprise.clone()).unwrap_or_default()),
                Out::Text(if s.reject { "reject" } else { "arc" }.into()),
                Out::Number(s.flow),
            ];
            let conc = stream_conc(s, &nodes, &rejects);
            row.extend(
                (0..m.num_contaminants()).map(|k| conc.map_or(Out::Empty, |c| Out::Number(c[k]))),
            );
            row
        })
        .collect();
    ResultSheet {
        name: "flows".into(),
        headers,
        rows,
    }
}

fn enterprises_sheet(m: &Model, report: &Value, flow: &str) -> ResultSheet {
    let nodes = Nodes::new(m);
    let all = streams(report);
    let index: HashMap<&str, usize> = m
        .enterprises
        .iter()
        .enumerate()
        .map(|(i, e)| (e.id.as_str(), i))
        .collect();
    // freshwater, demand met, reused in, effluent, to other enterprises, to treatment, discharged
    let mut t = vec![[0.0f64; 7]; m.enterprises.len()];
    for s in all.iter().filter(|s| !s.reject) {
        let (Some(from), Some(to)) = (nodes.supplies.get(&s.from), nodes.demands.get(&s.to)) else {
            continue;
        };
        if let Some(&e) = to.enterprise.as_deref().and_then(|e| index.get(e)) {
            if to.kind == "sink" {
                t[e][1] += s.flow;
                match from.kind {
                    "intake" => t[e][0] += s.flow,
                    _ => t[e][2] += s.flow,
                }
            }
        }
        if let Some(&e) = from.enterprise.as_deref().and_then(|e| index.get(e)) {
            if from.kind == "source" {
                t[e][3] += s.flow;
                match to.kind {
                    "discharge" => t[e][6] += s.flow,
                    "treatment" => t[e][5] += s.flow,
                    _ if to.enterprise != from.enterprise => t[e][4] += s.flow,
                    _ => {}
                }
            }
        }
    }
    let headers = [
        "enterprise".to_string(),
        "industry".to_string(),
        format!("freshwater ({flow})"),
        format!("water used ({flow})"),
        format!("reused water received ({flow})"),
        format!("effluent ({flow})"),
        format!("effluent to other enterprises ({flow})"),
        format!("effluent to treatment ({flow})"),
        format!("effluent discharged ({flow})"),
    ]
    .to_vec();
    let rows = m
        .enterprises
        .iter()
        .zip(&t)
        .map(|(e, t)| {
            let mut row = vec![Out::Text(e.id.clone()), Out::Text(e.industry.clone())];
            row.extend(t.iter().map(|x| Out::Number(*x)));
            row
        })
        .collect();
    ResultSheet {
        name: "enterprises".into(),
        headers,
        rows,
    }
}

fn outfalls_sheet(m: &Model, report: &Value, flow: &str) -> ResultSheet {
    let nodes = Nodes::new(m);
    let all = streams(report);
    let rejects = reject_conc(m, &nodes, &all);
    let nc = m.num_contaminants();
    let to_t_h = |x: f64| m.flow_unit.to_internal(x);
    let mut headers = vec![
        "outfall".to_string(),
        "kind".to_string(),
        format!("inflow ({flow})"),
    ];
    for c in &m.contaminants {
        headers.extend([
            format!("conc.{c} (mg/L)"),
            format!("limit.{c} (mg/L)"),
            format!("load.{c} (kg/h)"),
            format!("load cap.{c} (kg/h)"),
        ]);
    }
    headers.push("compliant".into());
    let rows = m
        .discharges
        .iter()
        .map(|d| {
            let mut inflow = 0.0;
            let mut mass = vec![0.0; nc]; // flow unit x mg/L
            for s in all.iter().filter(|s| s.to == d.id) {
                inflow += s.flow;
                if let Some(c) = stream_conc(s, &nodes, &rejects) {
                    for k in 0..nc {
                        mass[k] += s.flow * c[k];
                    }
                }
            }
            let mut row = vec![
                Out::Text(d.id.clone()),
                Out::Text(d.kind.clone()),
                Out::Number(inflow),
            ];
            let mut ok = true;
            let limit = |x: f64| {
                if x.is_finite() {
                    Out::Number(x)
                } else {
                    Out::Empty
                }
            };
            for k in 0..nc {
                let conc = if inflow > 0.0 { mass[k] / inflow } else { 0.0 };
                // kg/h = t/h x mg/L / 1000
                let load = to_t_h(mass[k]) / 1000.0;
                let tol = 1e-6;
                ok &= conc <= d.max_conc[k] * (1.0 + tol) + tol;
                ok &= load <= d.max_load[k] * (1.0 + tol) + tol;
                row.extend([
                    Out::Number(conc),
                    limit(d.max_conc[k]),
                    Out::Number(load),
                    limit(d.max_load[k]),
                ]);
            }
            row.push(Out::Bool(ok));
            row
        })
        .collect();
    ResultSheet {
        name: "outfalls".into(),
        headers,
        rows,
    }
}

fn duals_sheet(report: &Value) -> Option<ResultSheet> {
    let duals = report.get("duals")?.as_object()?;
    let mut rows = Vec::new();
    for (family, entries) in duals {
        let Some(entries) = entries.as_object() else {
            continue;
        };
        for (entity, v) in entries {
            match v {
                Value::Object(per) => {
                    for (c, y) in per {
                        rows.push(vec![
                            Out::Text(family.clone()),
                            Out::Text(entity.clone()),
                            Out::Text(c.clone()),
                            num(Some(y)),
                        ]);
                    }
                }
                y => rows.push(vec![
                    Out::Text(family.clone()),
                    Out::Text(entity.clone()),
                    Out::Empty,
                    num(Some(y)),
                ]),
            }
        }
    }
    Some(ResultSheet {
        name: "duals".into(),
        headers: [
            "family",
            "entity",
            "contaminant",
            "dual (objective per unit of right-hand side)",
        ]
        .iter()
        .map(|s| s.to_string())
        .collect(),
        rows,
    })
}

/// A list of records as a sheet: one column per key, in first-seen order.
fn records_sheet(name: &str, items: &[Value], units: &dyn Fn(&str) -> String) -> ResultSheet {
    let mut keys: Vec<String> = Vec::new();
    for item in items {
        if let Some(m) = item.as_object() {
            for k in m.keys() {
                if !keys.contains(k) {
                    keys.push(k.clone());
                }
            }
        }
    }
    let headers = keys
        .iter()
        .map(|k| {
            let u = units(k);
            if u.is_empty() {
                k.clone()
            } else {
                format!("{k} ({u})")
            }
        })
        .collect();
    let rows = items
        .iter()
        .map(|item| keys.iter().map(|k| num(item.get(k))).collect())
        .collect();
    ResultSheet {
        name: name.into(),
        headers,
        rows,
    }
}

fn key_values(name: &str, obj: &Map<String, Value>, units: &dyn Fn(&str) -> String) -> ResultSheet {
    let mut entries = Vec::new();
    for (k, v) in obj {
        flatten(k, v, &mut entries);
    }
    ResultSheet {
        name: name.into(),
        headers: vec!["field".into(), "value".into(), "unit".into()],
        rows: entries
            .into_iter()
            .map(|(k, v)| {
                let u = units(&k);
                vec![Out::Text(k), num(Some(&v)), Out::Text(u)]
            })
            .collect(),
    }
}

fn design_sheets(report: &Value, flow: &str) -> Vec<ResultSheet> {
    let Some(design) = report.get("design").and_then(Value::as_object) else {
        return Vec::new();
    };
    let flow = flow.to_string();
    let units = move |k: &str| -> String {
        match k {
            "length_km" => "km".into(),
            "flow" | "max_flow" => flow.clone(),
            "capex" => "CNY".into(),
            "annual_capex" => "CNY/yr".into(),
            _ => String::new(),
        }
    };
    let mut out = Vec::new();
    let scalars: Map<String, Value> = design
        .iter()
        .filter(|(_, v)| !v.is_array())
        .map(|(k, v)| (k.clone(), v.clone()))
        .collect();
    out.push(key_values("design", &scalars, &units));
    for (k, v) in design {
        if let Value::Array(items) = v {
            let name = if k == "units" {
                "units built".to_string()
            } else {
                k.clone()
            };
            out.push(records_sheet(&name, items, &units));
        }
    }
    out
}

fn verification_sheets(report: &Value) -> Vec<ResultSheet> {
    let Some(v) = report.get("verification").and_then(Value::as_object) else {
        return Vec::new();
    };
    let none = |_: &str| String::new();
    let scalars: Map<String, Value> = v
        .iter()
        .filter(|(_, x)| !x.is_array())
        .map(|(k, x)| (k.clone(), x.clone()))
        .collect();
    let mut sheet = key_values("verification", &scalars, &none);
    for (k, x) in v {
        if let Value::Array(items) = x {
            let table = records_sheet(k, items, &none);
            sheet.rows.push(vec![]);
            sheet
                .rows
                .push(vec![Out::Text(format!("{k}: {}", items.len()))]);
            if !items.is_empty() {
                sheet
                    .rows
                    .push(table.headers.iter().map(|h| Out::Text(h.clone())).collect());
                sheet.rows.extend(table.rows);
            }
        }
    }
    vec![sheet]
}

fn plugin_sheets(report: &Value) -> Vec<ResultSheet> {
    let Some(p) = report.get("plugins").and_then(Value::as_object) else {
        return Vec::new();
    };
    let mut rows = Vec::new();
    let mut entries = Vec::new();
    for (name, v) in p {
        flatten(name, v, &mut entries);
    }
    for (k, v) in entries {
        rows.push(vec![Out::Text(k), num(Some(&v))]);
    }
    vec![ResultSheet {
        name: "plugins".into(),
        headers: vec!["figure".into(), "value".into()],
        rows,
    }]
}

/// Every sheet of the results workbook, in order.
pub fn result_sheets(model: &Model, report: &Value) -> Vec<ResultSheet> {
    let flow = report
        .pointer("/units/flow")
        .and_then(Value::as_str)
        .unwrap_or(model.flow_unit.name())
        .to_string();
    let mut sheets = vec![kpis_sheet(report, &flow)];
    let has_flows = report
        .get("flows")
        .and_then(Value::as_array)
        .is_some_and(|a| !a.is_empty());
    if has_flows {
        sheets.push(flows_sheet(model, report, &flow));
        sheets.push(enterprises_sheet(model, report, &flow));
        sheets.push(outfalls_sheet(model, report, &flow));
    }
    sheets.extend(duals_sheet(report));
    sheets.extend(design_sheets(report, &flow));
    sheets.extend(verification_sheets(report));
    if let Some(d) = report.get("diagnosis").and_then(Value::as_object) {
        sheets.push(key_values("diagnosis", d, &|_| String::new()));
    }
    sheets.extend(plugin_sheets(report));
    sheets
}

/// Writes the results workbook of a solve to `path`. `report` is the
/// report's JSON form (as `--format json` prints it, plugins included).
pub fn write_results(model: &Model, report: &Value, path: &Path) -> Result<(), XlsxError> {
    let f = Formats::default();
    let mut wb = Workbook::new();
    for s in result_sheets(model, report) {
        let ws = wb.add_worksheet();
        ws.set_name(&s.name)?;
        for (c, h) in s.headers.iter().enumerate() {
            ws.write_string_with_format(0, c as u16, h, &f.header)?;
            let w = width(
                h,
                s.rows.iter().map(|r| match r.get(c) {
                    Some(Out::Text(t)) => t.chars().count().min(40),
                    Some(Out::Number(_)) => 12,
                    _ => 0,
                }),
            );
            ws.set_column_width(c as u16, w.min(40.0))?;
        }
        for (i, row) in s.rows.iter().enumerate() {
            for (c, cell) in row.iter().enumerate() {
                put(ws, i as u32 + 1, c as u16, cell, &f)?;
            }
        }
        ws.set_freeze_panes(1, 0)?;
    }
    wb.save(path)
}
