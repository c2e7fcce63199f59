//! The KPI cards: what the park achieves against the city plan's targets,
//! each with its value exactly as in the result (`data-value`), its target,
//! pass/fail and the target's source; KPIs this crate does not know yet are
//! listed generically so a newer engine's figures are never dropped.

use crate::accounts::{wastewater_reuse_rate, Accounts, Arc};
use crate::format::{money, num, pct, raw};
use crate::park::{NodeKind, Park};
use serde::Serialize;
use serde_json::Value;

/// The plan's industrial water reuse target (POLICY.md, plan section 2).
pub const PLAN_REUSE_RATE: f64 = 0.92;
/// The plan's reclaimed-water utilisation target.
pub const PLAN_RECLAIMED_RATE: f64 = 0.25;
const PLAN: &str = "Lianyungang plan for wastewater resource utilisation, §2 (by 2025)";

/// One KPI card.
#[derive(Debug, Clone, Serialize)]
pub struct Card {
    /// The JSON key under `kpis` (or a `derived.*` name for figures computed here).
    pub key: String,
    /// What it is.
    pub label: String,
    /// The exact value (`format::raw`), for readers and tests.
    pub raw: String,
    /// The value as shown.
    pub value: String,
    /// Unit shown after the value.
    pub unit: String,
    /// The target as shown ("≥ 92.0 %"), empty when none.
    pub target: String,
    /// `pass`, `fail` or `info`.
    pub verdict: &'static str,
    /// How it is computed / what it counts.
    pub note: String,
    /// Where the target comes from.
    pub source: String,
}

fn f(kpis: &Value, key: &str) -> Option<f64> {
    kpis.get(key)?.as_f64()
}

fn card(key: &str, label: &str, x: f64, shown: String, unit: &str) -> Card {
    Card {
        key: key.into(),
        label: label.into(),
        raw: raw(x),
        value: shown,
        unit: unit.into(),
        target: String::new(),
        verdict: "info",
        note: String::new(),
        source: String::new(),
    }
}

impl Card {
    fn at_least(mut self, x: f64, target: f64, shown: String, source: &str) -> Card {
        self.target = format!("≥ {shown}");
        self.verdict = if x >= target - 1e-9 { "pass" } else { "fail" };
        self.source = source.into();
        self
    }
    fn at_most(mut self, x: f64, cap: f64, shown: String, source: &str) -> Card {
        self.target = format!("≤ {shown}");
        self.verdict = if x <= cap * (1.0 + 1e-9) + 1e-9 {
            "pass"
        } else {
            "fail"
        };
        self.source = source.into();
        self
    }
    fn note(mut self, note: impl Into<String>) -> Card {
        self.note = note.into();
        self
    }
}

/// The headline cards, in the order the issue lists them.
pub fn cards(result: &Value, park: &Park, arcs: &[Arc], acc: &Accounts) -> Vec<Card> {
    let k = &result["kpis"];
    let u = park.flow_unit.as_str();
    let mut out = Vec::new();
    let (target, target_source) = match park.policy.min_reuse_rate {
        Some(t) => (t, "scenario [policy] min_reuse_rate".to_string()),
        None => (PLAN_REUSE_RATE, PLAN.to_string()),
    };
    let fresh = f(k, "freshwater").unwrap_or(0.0);
    let reused = f(k, "reused").unwrap_or(0.0);
    if let Some(r) = f(k, "reuse_rate") {
        out.push(
            card(
                "reuse_rate",
                "Industrial water reuse rate, declared recirculation included",
                r,
                pct(r),
                "",
            )
            .at_least(r, target, pct(target), &target_source)
            .note(format!(
                "(reused {} + recirculation {}) / (same + intake {}), {u}",
                num(reused),
                num(f(k, "recirculation").unwrap_or(0.0)),
                num(fresh)
            )),
        );
    }
    // Issue 13 names this KPI; until the engine reports it, computed here.
    let known = [
        "reuse_rate_without_recirculation",
        "reuse_rate_excluding_recirculation",
    ];
    let without = known.iter().find_map(|key| f(k, key).map(|x| (*key, x)));
    let (key, r, note) = match without {
        Some((key, x)) => (
            key.to_string(),
            Some(x),
            "as reported by the engine".to_string(),
        ),
        None => (
            "derived.reuse_rate_without_recirculation".to_string(),
            (reused + fresh > 0.0).then(|| reused / (reused + fresh)),
            format!(
                "reused {} / (reused + intake {}), {u}; computed from the result",
                num(reused),
                num(fresh)
            ),
        ),
    };
    if let Some(r) = r {
        out.push(
            card(
                &key,
                "Reuse rate without declared recirculation",
                r,
                pct(r),
                "",
            )
            .at_least(r, target, pct(target), &target_source)
            .note(note),
        );
    }
    let ww = match f(k, "wastewater_reuse_rate") {
        Some(x) => Some((
            "wastewater_reuse_rate".to_string(),
            x,
            "as reported by the engine".to_string(),
        )),
        None => wastewater_reuse_rate(park, arcs, acc).map(|x| {
            (
                "derived.wastewater_reuse_rate".to_string(),
                x,
                "effluent reaching a demand, directly or as a unit's product / all effluent"
                    .to_string(),
            )
        }),
    };
    if let Some((key, x, note)) = ww {
        out.push(card(&key, "Wastewater reuse rate", x, pct(x), "").note(note));
    }
    if let Some(x) = f(k, "reclaimed_use_rate") {
        out.push(
            card(
                "reclaimed_use_rate",
                "Reclaimed water use rate",
                x,
                pct(x),
                "",
            )
            .at_least(x, PLAN_RECLAIMED_RATE, pct(PLAN_RECLAIMED_RATE), PLAN)
            .note(format!(
                "regenerated {} / treated {}, {u}",
                num(f(k, "regenerated").unwrap_or(0.0)),
                num(f(k, "treated").unwrap_or(0.0))
            )),
        );
    }
    if let Some(share) = nonconventional_share(result, park) {
        out.push(
            card(
                "derived.nonconventional_intake_share",
                "Reclaimed, desalinated and rain water in the intake",
                share,
                pct(share),
                "",
            )
            .note("intakes of kind reclaimed, seawater or rainwater / all intake"),
        );
    }
    let mut c = card("freshwater", "Freshwater intake", fresh, num(fresh), u);
    if let Some(cap) = park.policy.max_intake {
        c = c.at_most(
            fresh,
            cap,
            format!("{} {u}", num(cap)),
            "scenario [policy] max_intake",
        );
    }
    out.push(c);
    if let Some(d) = f(k, "discharge") {
        let mut c = card("discharge", "Discharge", d, num(d), u)
            .note("all outfalls, treatment rejects included");
        if let Some(cap) = park.policy.max_discharge {
            c = c.at_most(
                d,
                cap,
                format!("{} {u}", num(cap)),
                "scenario [policy] max_discharge",
            );
        }
        out.push(c);
    }
    if let Some(x) = f(k, "cost_per_year") {
        out.push(card("cost_per_year", "Annual cost", x, money(x), "CNY/yr").note(
            "intake prices, treatment opex, outfall fees, piping (and annualised capital with a design)",
        ));
    }
    for (key, label) in [
        ("pipes_built", "Pipes built"),
        ("capex", "Capital"),
        ("annual_capex", "Annualised capital"),
    ] {
        if let Some(x) = f(k, key) {
            let (shown, unit) = match key {
                "pipes_built" => (format!("{x:.0}"), ""),
                "capex" => (money(x), "CNY"),
                _ => (money(x), "CNY/yr"),
            };
            out.push(card(key, label, x, shown, unit));
        }
    }
    out
}

/// Share of intake from non-conventional kinds (reclaimed, seawater, rainwater).
fn nonconventional_share(result: &Value, park: &Park) -> Option<f64> {
    let by = result["kpis"]["freshwater_by_intake"].as_object()?;
    let idx = park.index();
    let total: f64 = by.values().filter_map(Value::as_f64).sum();
    if total <= 0.0 {
        return None;
    }
    let nc: f64 = by
        .iter()
        .filter(|(id, _)| {
            idx.get(id.as_str()).is_some_and(|n| {
                n.kind == NodeKind::Intake
                    && matches!(n.subkind.as_str(), "reclaimed" | "seawater" | "rainwater")
            })
        })
        .filter_map(|(_, v)| v.as_f64())
        .sum();
    Some(nc / total)
}

/// The water balance: intake = discharge + consumption + losses.
#[derive(Debug, Clone, Serialize)]
pub struct Balance {
    /// Rows: label, value shown, raw.
    pub rows: Vec<(String, String, String)>,
    /// How well it closes, shown.
    pub closure: String,
    /// `pass` when the engine's balance closes within 0.1 %, `info` when
    /// consumption is not declared (the gap is then unexplained).
    pub verdict: &'static str,
    /// A sentence.
    pub note: String,
}

/// The balance from the engine's `water_balance` object when present, else
/// intake and discharge with the difference named as undeclared.
pub fn balance(result: &Value, park: &Park) -> Option<Balance> {
    let k = &result["kpis"];
    let u = &park.flow_unit;
    let wb = k
        .get("water_balance")
        .or_else(|| result.get("water_balance"));
    if let Some(obj) = wb.and_then(Value::as_object) {
        let rows = obj
            .iter()
            .filter_map(|(key, v)| {
                Some((
                    key.replace('_', " "),
                    format!("{} {u}", num(v.as_f64()?)),
                    raw(v.as_f64()?),
                ))
            })
            .collect();
        let closure = ["closure", "imbalance", "residual"]
            .iter()
            .find_map(|key| obj.get(*key)?.as_f64());
        return Some(Balance {
            rows,
            closure: closure.map(num).unwrap_or_default(),
            verdict: match closure {
                Some(c) if c.abs() <= 1e-3 * f(k, "freshwater").unwrap_or(1.0).max(1.0) => "pass",
                Some(_) => "fail",
                None => "info",
            },
            note: "as reported by the engine".into(),
        });
    }
    let fresh = f(k, "freshwater")?;
    let dis = f(k, "discharge")?;
    let gap = fresh - dis;
    Some(Balance {
        rows: vec![
            ("intake".into(), format!("{} {u}", num(fresh)), raw(fresh)),
            ("discharge".into(), format!("{} {u}", num(dis)), raw(dis)),
            ("consumption and losses (not declared)".into(), format!("{} {u}", num(gap)), raw(gap)),
        ],
        closure: if fresh > 0.0 { format!("{} of intake unexplained", pct(gap / fresh)) } else { String::new() },
        verdict: "info",
        note: "the scenario declares no consumption: evaporation, drift, product water and losses appear only as the difference".into(),
    })
}

/// A KPI the report does not know by name, shown as it is.
#[derive(Debug, Clone, Serialize)]
pub struct OtherKpi {
    /// JSON key.
    pub key: String,
    /// Shown value (numbers formatted, objects as `k: v` pairs).
    pub value: String,
    /// Exact value for numbers.
    pub raw: String,
}

const KNOWN: &[&str] = &[
    "freshwater",
    "discharge",
    "reused",
    "regenerated",
    "reuse_rate",
    "cost_per_year",
    "recirculation",
    "treated",
    "reclaimed_use_rate",
    "freshwater_by_intake",
    "freshwater_by_enterprise",
    "discharge_by_outfall",
    "discharged_load_kg_h",
    "discharged_load_t_yr",
    "cost",
    "pipes_built",
    "capex",
    "annual_capex",
    "water_balance",
    "wastewater_reuse_rate",
];

/// Every KPI key the cards and tables do not show, plus the plain figures
/// behind the cards (reused, regenerated, recirculation, treated).
pub fn others(result: &Value) -> Vec<OtherKpi> {
    let Some(obj) = result["kpis"].as_object() else {
        return Vec::new();
    };
    let plain = ["reused", "regenerated", "recirculation", "treated"];
    obj.iter()
        .filter(|(key, _)| plain.contains(&key.as_str()) || !KNOWN.contains(&key.as_str()))
        .map(|(key, v)| OtherKpi {
            key: key.clone(),
            value: show(v),
            raw: v.as_f64().map(raw).unwrap_or_default(),
        })
        .collect()
}

/// Any JSON value in a table cell.
pub fn show(v: &Value) -> String {
    match v {
        Value::Number(n) => n.as_f64().map(num).unwrap_or_default(),
        Value::Null => "—".into(),
        Value::Bool(b) => if *b { "yes" } else { "no" }.into(),
        Value::String(s) => s.clone(),
        Value::Array(a) => a.iter().map(show).collect::<Vec<_>>().join(", "),
        Value::Object(o) => o
            .iter()
            .map(|(k, v)| format!("{k}: {}", show(v)))
            .collect::<Vec<_>>()
            .join("; "),
    }
}
