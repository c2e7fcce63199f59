//! The report's tables: freshwater per enterprise, the enterprises' water
//! accounts, discharge compliance per outfall and contaminant (against the
//! outfall's limits and GB 18918-2002 Class 1A), treatment utilisation, the
//! binding constraints with their shadow prices, plugin checks, flows.

use crate::accounts::{enterprise_flows, Accounts, Arc};
use crate::format::{money, num, pct, raw};
use crate::kpis::show;
use crate::park::{NodeKind, Park};
use serde::Serialize;
use serde_json::Value;

/// The grade the plan asks every WWTP outfall to meet.
pub const CLASS_1A: &str = "GB18918-2002/1A";

/// A row of freshwater per enterprise, with a bar.
#[derive(Debug, Clone, Serialize)]
pub struct Share {
    /// Enterprise id.
    pub id: String,
    /// Value shown.
    pub value: String,
    /// Exact value.
    pub raw: String,
    /// Share of the total, shown.
    pub share: String,
    /// Bar width, % of the largest.
    pub bar: f64,
}

/// Freshwater per enterprise, largest first (from `kpis.freshwater_by_enterprise`).
pub fn freshwater_by_enterprise(result: &Value) -> Vec<Share> {
    let Some(obj) = result["kpis"]["freshwater_by_enterprise"].as_object() else {
        return Vec::new();
    };
    let mut rows: Vec<(&String, f64)> = obj
        .iter()
        .filter_map(|(k, v)| Some((k, v.as_f64()?)))
        .collect();
    rows.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(b.0)));
    let total: f64 = rows.iter().map(|r| r.1).sum();
    let max = rows.first().map_or(0.0, |r| r.1);
    rows.into_iter()
        .map(|(id, x)| Share {
            id: id.clone(),
            value: num(x),
            raw: raw(x),
            share: if total > 0.0 {
                pct(x / total)
            } else {
                String::new()
            },
            bar: if max > 0.0 { 100.0 * x / max } else { 0.0 },
        })
        .collect()
}

/// One enterprise's row.
#[derive(Debug, Clone, Serialize)]
pub struct EnterpriseRow {
    /// Id.
    pub id: String,
    /// Industry.
    pub industry: String,
    /// Figures shown: intake, reuse in, reuse out, discharge, cost.
    pub cells: [String; 5],
}

/// The enterprises' water accounts.
pub fn enterprises(park: &Park, arcs: &[Arc]) -> Vec<EnterpriseRow> {
    enterprise_flows(park, arcs)
        .into_iter()
        .map(|(id, e)| EnterpriseRow {
            industry: park
                .enterprises
                .iter()
                .find(|x| x.id == id)
                .map(|x| x.industry.clone())
                .unwrap_or_default(),
            id,
            cells: [
                num(e.intake),
                num(e.reuse_in),
                num(e.reuse_out),
                num(e.discharge),
                money(e.cost),
            ],
        })
        .collect()
}

/// One contaminant at one outfall.
#[derive(Debug, Clone, Serialize)]
pub struct ComplianceRow {
    /// Contaminant.
    pub contaminant: String,
    /// Flow-weighted concentration, mg/L.
    pub conc: String,
    /// The outfall's limit, mg/L ("—" when none).
    pub max_conc: String,
    /// `pass`, `fail` or `info` (no limit).
    pub conc_verdict: &'static str,
    /// The Class 1A limit, mg/L ("—" when the grade has none).
    pub class1a: String,
    /// `pass`, `fail` or `info`.
    pub class1a_verdict: &'static str,
    /// Load, kg/h.
    pub load: String,
    /// Load cap, kg/h.
    pub max_load: String,
    /// `pass`, `fail` or `info`.
    pub load_verdict: &'static str,
}

/// One outfall.
#[derive(Debug, Clone, Serialize)]
pub struct Outfall {
    /// Id.
    pub id: String,
    /// Kind (sewer, river, sea...).
    pub kind: String,
    /// Inflow shown (engine's `discharge_by_outfall` when present).
    pub flow: String,
    /// Exact inflow.
    pub raw: String,
    /// Per contaminant.
    pub rows: Vec<ComplianceRow>,
}

fn verdict(value: f64, limit: Option<f64>) -> &'static str {
    match limit {
        None => "info",
        Some(l) if value <= l * (1.0 + 1e-6) + 1e-9 => "pass",
        Some(_) => "fail",
    }
}

/// Discharge compliance per outfall and contaminant.
pub fn outfalls(result: &Value, park: &Park, acc: &Accounts) -> Vec<Outfall> {
    let class1a = parkwater_core::validate::grade_limits(CLASS_1A);
    let by = &result["kpis"]["discharge_by_outfall"];
    park.nodes
        .iter()
        .filter(|n| n.kind == NodeKind::Discharge)
        .map(|n| {
            let flow = by
                .get(&n.id)
                .and_then(Value::as_f64)
                .unwrap_or_else(|| acc.inflow(&n.id));
            let t_h = acc.inflow(&n.id) * park.t_per_h;
            let mass = acc.mass_in.get(&n.id);
            let rows = park
                .contaminants
                .iter()
                .enumerate()
                .map(|(k, c)| {
                    let load = mass.map_or(0.0, |m| m[k]);
                    let conc = if t_h > 0.0 { 1e3 * load / t_h } else { 0.0 };
                    let lim = n.max_conc.get(c).copied();
                    let cap = n.max_load.get(c).copied();
                    let a = class1a.and_then(|g| g.get(c)).copied();
                    ComplianceRow {
                        contaminant: c.clone(),
                        conc: if t_h > 0.0 { num(conc) } else { "—".into() },
                        max_conc: lim.map_or("—".into(), num),
                        conc_verdict: if t_h > 0.0 {
                            verdict(conc, lim)
                        } else {
                            "info"
                        },
                        class1a: a.map_or("—".into(), num),
                        class1a_verdict: if t_h > 0.0 { verdict(conc, a) } else { "info" },
                        load: num(load),
                        max_load: cap.map_or("—".into(), num),
                        load_verdict: verdict(load, cap),
                    }
                })
                .collect();
            Outfall {
                id: n.id.clone(),
                kind: n.subkind.clone(),
                flow: num(flow),
                raw: raw(flow),
                rows,
            }
        })
        .collect()
}

/// One treatment unit.
#[derive(Debug, Clone, Serialize)]
pub struct TreatmentRow {
    /// Id.
    pub id: String,
    /// Kind.
    pub kind: String,
    /// Inflow, product, reject, capacity shown.
    pub cells: [String; 4],
    /// Utilisation shown ("—" without a capacity).
    pub utilisation: String,
    /// Bar width, %.
    pub bar: f64,
}

/// Treatment units: inflow against capacity.
pub fn treatments(park: &Park, acc: &Accounts, arcs: &[Arc]) -> Vec<TreatmentRow> {
    park.nodes
        .iter()
        .filter(|n| n.kind == NodeKind::Treatment)
        .map(|n| {
            let inflow = acc.inflow(&n.id);
            let reject: f64 = arcs
                .iter()
                .filter(|a| a.reject && a.from == n.id)
                .map(|a| a.flow)
                .sum();
            let product = acc.outflow(&n.id) - reject;
            let util = n.max_flow.filter(|&c| c > 0.0).map(|c| inflow / c);
            TreatmentRow {
                id: n.id.clone(),
                kind: n.subkind.clone(),
                cells: [
                    num(inflow),
                    num(product),
                    num(reject),
                    n.max_flow.map_or("—".into(), num),
                ],
                utilisation: util.map_or("—".into(), pct),
                bar: util.map_or(0.0, |u| (100.0 * u).min(100.0)),
            }
        })
        .collect()
}

/// A binding constraint with its shadow price.
#[derive(Debug, Clone, Serialize)]
pub struct Binding {
    /// Family (as in `duals`).
    pub family: String,
    /// Entity id.
    pub entity: String,
    /// Contaminant, if any.
    pub contaminant: String,
    /// The dual, shown.
    pub dual: String,
    /// A sentence a manager can act on.
    pub sentence: String,
}

/// Rows with a non-zero dual, largest first (at most `limit`), and how many there are.
pub fn binding(result: &Value, park: &Park, acc: &Accounts, limit: usize) -> (Vec<Binding>, usize) {
    let Some(duals) = result["duals"].as_object() else {
        return (Vec::new(), 0);
    };
    let objectives: Vec<&String> = result["objective"]
        .as_object()
        .map(|o| o.keys().collect())
        .unwrap_or_default();
    let (what, unit) = match objectives.as_slice() {
        [one] if one.as_str() == "cost" => ("the annual cost".to_string(), "CNY/yr".to_string()),
        [one] => (format!("the {one}"), park.flow_unit.clone()),
        _ => (
            "the last objective".to_string(),
            "objective units".to_string(),
        ),
    };
    let mut rows: Vec<(f64, Binding)> = Vec::new();
    for (family, entries) in duals {
        let Some(entries) = entries.as_object() else {
            continue;
        };
        for (entity, v) in entries {
            let mut push = |c: &str, y: f64| {
                if y.abs() > 1e-9 {
                    let sentence = sentence(family, entity, c, y, &what, &unit, park, acc);
                    rows.push((
                        y.abs(),
                        Binding {
                            family: family.clone(),
                            entity: entity.clone(),
                            contaminant: c.to_string(),
                            dual: num(y),
                            sentence,
                        },
                    ));
                }
            };
            match v {
                Value::Number(n) => push("", n.as_f64().unwrap_or(0.0)),
                Value::Object(per) => {
                    for (c, y) in per {
                        push(c, y.as_f64().unwrap_or(0.0));
                    }
                }
                _ => {}
            }
        }
    }
    rows.sort_by(|a, b| b.0.total_cmp(&a.0));
    let total = rows.len();
    (rows.into_iter().take(limit).map(|r| r.1).collect(), total)
}

#[allow(clippy::too_many_arguments)]
fn sentence(
    family: &str,
    entity: &str,
    c: &str,
    y: f64,
    what: &str,
    unit: &str,
    park: &Park,
    acc: &Accounts,
) -> String {
    let u = &park.flow_unit;
    let change = |x: f64| {
        if x < 0.0 {
            format!("lowers {what} by {} {unit}", num(-x))
        } else {
            format!("raises {what} by {} {unit}", num(x))
        }
    };
    match family {
        "treatment_capacity" => format!("One more {u} of capacity at {entity} {}.", change(y)),
        "intake_cap" => format!("One more {u} of permit at intake {entity} {}.", change(y)),
        "sink_flow" => format!("One more {u} of demand at {entity} {}.", change(y)),
        "source_balance" => format!("One more {u} of effluent from {entity} {}.", change(y)),
        "sink_quality" | "discharge_quality" | "treatment_inlet_quality" => {
            // Row: sum f (C - Cmax) <= 0; raising Cmax by 1 mg/L adds the inflow to its right-hand side.
            let inflow = acc.inflow(entity);
            format!(
                "Raising the {c} limit at {entity} by 1 mg/L {} (at its present inflow of {} {u}).",
                change(y * inflow),
                num(inflow)
            )
        }
        "discharge_load" => format!("One more kg/h of {c} allowed at {entity} {}.", change(y)),
        "policy" => match entity {
            "min_reuse_rate" => format!(
                "The reuse-rate target is binding (dual {} per unit of its row).",
                num(y)
            ),
            "max_intake" => format!("One more {u} of park intake cap {}.", change(y)),
            "max_discharge" => format!("One more {u} of park discharge cap {}.", change(y)),
            _ => format!("Policy {entity}: dual {}.", num(y)),
        },
        _ => format!(
            "{family} at {entity}{}: {} per unit of its right-hand side.",
            if c.is_empty() {
                String::new()
            } else {
                format!(" ({c})")
            },
            change(y)
        ),
    }
}

/// A plugin's KPIs and checks.
#[derive(Debug, Clone, Serialize)]
pub struct PluginView {
    /// Plugin name.
    pub name: String,
    /// Version.
    pub version: String,
    /// (name, value shown, unit, description).
    pub kpis: Vec<[String; 4]>,
    /// Checks.
    pub checks: Vec<PluginCheck>,
}

/// One plugin check.
#[derive(Debug, Clone, Serialize)]
pub struct PluginCheck {
    /// Id.
    pub id: String,
    /// Entity.
    pub entity: String,
    /// Value and limit shown.
    pub value: String,
    /// Limit shown.
    pub limit: String,
    /// `pass` or `fail`.
    pub verdict: &'static str,
    /// Message.
    pub message: String,
}

/// The result's `plugins` section.
pub fn plugins(result: &Value) -> Vec<PluginView> {
    let Some(obj) = result["plugins"].as_object() else {
        return Vec::new();
    };
    obj.iter()
        .map(|(name, p)| PluginView {
            name: name.clone(),
            version: p["version"].as_str().unwrap_or("").into(),
            kpis: p["kpis"]
                .as_object()
                .map(|k| {
                    k.iter()
                        .map(|(id, v)| {
                            [
                                id.clone(),
                                show(&v["value"]),
                                v["unit"].as_str().unwrap_or("").into(),
                                v["description"].as_str().unwrap_or("").into(),
                            ]
                        })
                        .collect()
                })
                .unwrap_or_default(),
            checks: p["checks"]
                .as_array()
                .map(|c| {
                    c.iter()
                        .map(|x| PluginCheck {
                            id: x["id"].as_str().unwrap_or("").into(),
                            entity: x["entity"].as_str().unwrap_or("").into(),
                            value: show(&x["value"]),
                            limit: show(&x["limit"]),
                            verdict: if x["passed"].as_bool() == Some(true) {
                                "pass"
                            } else {
                                "fail"
                            },
                            message: x["message"].as_str().unwrap_or("").into(),
                        })
                        .collect()
                })
                .unwrap_or_default(),
        })
        .collect()
}

/// A flow row.
#[derive(Debug, Clone, Serialize)]
pub struct FlowRow {
    /// From.
    pub from: String,
    /// To.
    pub to: String,
    /// Flow shown.
    pub flow: String,
    /// Exact flow.
    pub raw: String,
    /// `reject` for treatment rejects.
    pub kind: &'static str,
}

/// Every flow, largest first.
pub fn flows(arcs: &[Arc]) -> Vec<FlowRow> {
    let mut v: Vec<&Arc> = arcs.iter().collect();
    v.sort_by(|a, b| {
        b.flow
            .total_cmp(&a.flow)
            .then_with(|| (&a.from, &a.to).cmp(&(&b.from, &b.to)))
    });
    v.into_iter()
        .map(|a| FlowRow {
            from: a.from.clone(),
            to: a.to.clone(),
            flow: num(a.flow),
            raw: raw(a.flow),
            kind: if a.reject { "reject" } else { "arc" },
        })
        .collect()
}
