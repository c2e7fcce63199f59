//! The report from hand-made results: optional sections appear when the
//! result carries them (design, plugins, KPIs of a newer engine, a water
//! balance), an infeasible park shows its diagnosis, the comparison has a
//! column per scenario with deltas, and the page is self-contained.

use parkwater_report::park::{Enterprise, Node, NodeKind, Park, Policy};
use parkwater_report::{render, render_compare, render_kpi_block, RenderOptions, ReportInput};
use serde_json::{json, Value};

fn node(id: &str, kind: NodeKind, ent: Option<&str>, conc: f64, at: Option<[f64; 2]>) -> Node {
    Node {
        id: id.into(),
        kind,
        subkind: if kind == NodeKind::Intake {
            "surface".into()
        } else {
            String::new()
        },
        enterprise: ent.map(str::to_string),
        location: at,
        conc: [("COD".to_string(), conc)].into(),
        max_conc: if kind == NodeKind::Discharge {
            [("COD".to_string(), 60.0)].into()
        } else {
            Default::default()
        },
        max_load: Default::default(),
        flow: None,
        max_flow: (kind == NodeKind::Treatment).then_some(50.0),
        recovery: (kind == NodeKind::Treatment).then_some(0.8),
        price: 1.0,
    }
}

fn park() -> Park {
    Park {
        name: "Hand-made park".into(),
        flow_unit: "t/h".into(),
        t_per_h: 1.0,
        hours_per_year: 8000.0,
        contaminants: vec!["COD".into()],
        enterprises: vec![
            Enterprise {
                id: "E1".into(),
                industry: "refining".into(),
                location: Some([0.0, 0.0]),
                recirculation: 100.0,
            },
            Enterprise {
                id: "E2".into(),
                industry: "textiles".into(),
                location: Some([3.0, 4.0]),
                recirculation: 0.0,
            },
        ],
        nodes: vec![
            node("FW", NodeKind::Intake, None, 10.0, Some([0.0, 5.0])),
            node("S1", NodeKind::Source, Some("E1"), 80.0, None),
            node("D2", NodeKind::Sink, Some("E2"), 0.0, None),
            node("RO", NodeKind::Treatment, None, 5.0, Some([1.5, 2.0])),
            node("OUT", NodeKind::Discharge, None, 0.0, Some([2.0, -1.0])),
        ],
        policy: Policy {
            min_reuse_rate: Some(0.9),
            ..Default::default()
        },
    }
}

fn result() -> Value {
    json!({
        "park": "Hand-made park", "scenario_hash": "sha256:abc", "status": "optimal",
        "objective": {"freshwater": 20.0},
        "kpis": {"freshwater": 20.0, "discharge": 18.0, "reused": 32.0, "regenerated": 32.0,
                 "reuse_rate": 0.9, "cost_per_year": 160000.0, "recirculation": 100.0, "treated": 40.0,
                 "reclaimed_use_rate": 0.8, "freshwater_by_intake": {"FW": 20.0},
                 "freshwater_by_enterprise": {"E2": 20.0}, "discharge_by_outfall": {"OUT": 18.0},
                 "discharged_load_kg_h": {"COD": 0.9}, "discharged_load_t_yr": {"COD": 7.2},
                 "cost": {"intake": 160000.0, "treatment": 0.0, "discharge": 0.0, "piping": 0.0, "total": 160000.0},
                 "condensate_recovery_rate": 0.42},
        "flows": [{"from": "FW", "to": "D2", "flow": 20.0}, {"from": "S1", "to": "RO", "flow": 40.0},
                  {"from": "S1", "to": "OUT", "flow": 10.0}, {"from": "RO", "to": "D2", "flow": 32.0},
                  {"from": "S1", "to": "D2", "flow": 0.001}],
        "rejects": [{"from": "RO", "to": "OUT", "flow": 8.0}],
        "verification": {"max_violation": 1e-16, "checks": 12, "violations": []},
        "duals": {"treatment_capacity": {"RO": -3.5}, "sink_flow": {"D2": 1.0}, "intake_cap": {"FW": 0.0}},
        "units": {"flow": "t/h", "concentration": "mg/L", "load": "kg/h", "cost": "CNY/yr"},
        "solver": {"engine": "parkwater 0.1.0", "solver": "HiGHS 1.x", "method": "full", "stats": {}}
    })
}

fn options() -> RenderOptions {
    RenderOptions::default().with_date("2026-01-01 00:00 UTC")
}

#[test]
fn optimal_report_has_every_section_and_exact_values() {
    let input = ReportInput::from_json(result(), park())
        .unwrap()
        .with_scenario_file("park.toml");
    let html = render(&input, &options()).unwrap();
    for needle in [
        r#"data-kpi="reuse_rate" data-value="0.9" data-verdict="pass""#,
        r#"data-kpi="reclaimed_use_rate" data-value="0.8" data-verdict="pass""#,
        r#"data-kpi="freshwater" data-value="20""#,
        // A KPI this crate does not know is shown as it is.
        r#"data-kpi="condensate_recovery_rate" data-value="0.42""#,
        r#"id="sankey-chart" data-links-expected="5""#,
        r#"<g class="marker enterprise" data-node="E1""#,
        r#"<g class="marker treatment" data-node="RO""#,
        "One more t/h of capacity at RO lowers the freshwater by 3.50 t/h.",
        "park.toml",
        "2026-01-01 00:00 UTC",
    ] {
        assert!(html.contains(needle), "missing {needle}");
    }
    // The 0.001 t/h flow is under 0.01 % of the largest (40): in the tables only.
    assert!(html.contains(r#"data-hidden="1""#));
    assert!(html.contains(r#"<tr data-from="S1" data-to="D2" data-value="0.001">"#));
    // Without recirculation: 32 / (32 + 20), derived, below the 90 % target.
    let without = 32.0 / 52.0;
    assert!(html.contains(&format!(
        r#"data-kpi="derived.reuse_rate_without_recirculation" data-value="{without}" data-verdict="fail""#
    )));
    // OUT gets 10 t/h at 80 mg/L and the reject: 40 x 80 / 1000 - 0.8 x 40 x 5 / 1000 = 3.04 kg/h.
    assert!(
        html.contains("<td>3.84</td>"),
        "OUT's COD load: 0.8 + 3.04 kg/h"
    );
    assert!(!html.contains("id=\"design\""));
    assert!(!html.contains("Fallback"), "the first solve was kept");
}

#[test]
fn solves_not_kept_are_told_in_the_header() {
    let mut r = result();
    r["solver"]["fallbacks"] = json!([
        {"method": "pricing", "because": "verification_failed", "max_violation": 2.5e-5, "then": "full"},
        {"method": "full", "because": "numerical_trouble", "then": "interior_point"}
    ]);
    let html = render(&ReportInput::from_json(r, park()).unwrap(), &options()).unwrap();
    for needle in [
        "Arc pricing gave no trusted answer: its optimum failed the independent check \
         (largest violation 2.5e-5); the full LP was solved instead.",
        "The full LP gave no trusted answer: the solver ran into numerical trouble; \
         the full LP was solved again by interior point.",
    ] {
        assert!(html.contains(needle), "missing {needle}");
    }
    assert_eq!(html.matches(r#"<div class="fallback">"#).count(), 2);
}

#[test]
fn design_section_appears_with_its_pipes_and_units() {
    let mut r = result();
    r["design"] = json!({
        "pipes": [{"from": "S1", "to": "D2", "length_km": 6.5, "flow": 30.0, "existing": false,
                   "capex": 8.1e6, "annual_capex": 8.25e5},
                  {"from": "S1", "to": "RO", "length_km": 2.5, "flow": 40.0, "existing": true,
                   "capex": 0.0, "annual_capex": 0.0}],
        "units": [{"id": "RO", "built": true, "capex": 3.0e7, "annual_capex": 3.06e6}],
        "capex": 3.81e7, "annual_capex": 3.885e6, "objective_bound": 9.98e7, "gap": 1e-5
    });
    r["kpis"]["pipes_built"] = json!(1);
    let html = render(&ReportInput::from_json(r, park()).unwrap(), &options()).unwrap();
    assert!(html.contains("id=\"design\""));
    assert!(html.contains("1 new pipes, 6.50 km"));
    assert!(html.contains(r#"<tr class="new" data-pipe="S1→D2">"#));
    assert!(html.contains(r#"<tr class="existing" data-pipe="S1→RO">"#));
    assert!(html.contains(r#"<g class="map-pipe" data-from="S1" data-to="D2">"#));
    assert!(html.contains(r#"<g class="map-pipe existing" data-from="S1" data-to="RO">"#));
    assert!(html.contains("6.50 km · 8.10 M CNY"));
    assert!(html.contains(r#"data-kpi="pipes_built" data-value="1""#));
    let card = &html[html.find(r#"data-kpi="pipes_built""#).unwrap()..];
    assert!(
        card.contains(r#"<span class="v">1</span>"#),
        "a count, not 1.00"
    );
}

#[test]
fn plugins_and_water_balance_are_shown_when_present() {
    let mut r = result();
    r["plugins"] = json!({"water-quota": {"version": "0.1.0",
        "kpis": {"E2.quota_use": {"value": 1.2, "unit": "m3/t", "description": "water per tonne"}},
        "checks": [{"id": "quota.E2", "passed": false, "entity": "E2", "value": 1.2, "limit": 1.0,
                    "message": "E2 uses 1.2 m3/t, over its quota of 1.0"}]}});
    r["kpis"]["water_balance"] =
        json!({"intake": 20.0, "discharge": 18.0, "consumption": 2.0, "closure": 0.0});
    let html = render(&ReportInput::from_json(r, park()).unwrap(), &options()).unwrap();
    assert!(html.contains(r#"data-check="quota.E2" data-verdict="fail""#));
    assert!(html.contains("E2 uses 1.2 m3/t, over its quota of 1.0"));
    assert!(html.contains(r#"<div class="balance pass" data-section="water-balance">"#));
    assert!(html.contains("consumption"));
}

#[test]
fn infeasible_report_shows_the_diagnosis_and_no_flows() {
    let r = json!({
        "park": "P", "scenario_hash": "sha256:0", "status": "infeasible", "objective": {},
        "kpis": {"freshwater": 0.0}, "flows": [], "rejects": [],
        "verification": {"max_violation": 0.0, "checks": 0, "violations": []},
        "diagnosis": {"summary": "these requirements cannot all hold: intake FW caps at 100 t/h; sink D2 needs 126 t/h",
            "conflicting": [{"family": "intake_cap", "entity": "FW", "label": "intake FW caps at 100 t/h"},
                            {"family": "sink_flow", "entity": "D2", "label": "sink D2 needs 126 t/h"}],
            "method": "iis", "minimal": true,
            "relaxation": [{"label": "intake FW caps at 100 t/h", "family": "intake_cap", "entity": "FW",
                            "amount": 26.0, "current": 100.0, "relaxed": 126.0, "unit": "t/h"}],
            "explanations": ["intake FW caps at 100 t/h, but the demands need 126 t/h from it (26 t/h more)",
                             "smallest relaxation: raise intake FW's cap from 100 to 126 t/h"]},
        "solver": {"engine": "parkwater 0.1.0", "solver": "HiGHS", "method": "full", "stats": {}}
    });
    let html = render(&ReportInput::from_json(r, park()).unwrap(), &options()).unwrap();
    assert!(html.contains(
        "these requirements cannot all hold: intake FW caps at 100 t/h; sink D2 needs 126 t/h"
    ));
    assert!(html.contains("(26 t/h more)"));
    assert!(html.contains("<td>+26.00</td>"));
    // As in the CLI, the restated relaxation gives way to its table.
    assert!(!html.contains("smallest relaxation: raise"));
    assert!(!html.contains("class=\"card "));
    assert!(!html.contains("<script>"), "no chart, no script");
    assert!(html.contains("iis, irreducible"));
    assert!(html.contains("no flow to verify"));
}

#[test]
fn the_page_is_self_contained() {
    let html = render(
        &ReportInput::from_json(result(), park()).unwrap(),
        &options(),
    )
    .unwrap();
    assert!(
        html.contains(r#"<meta http-equiv="Content-Security-Policy" content="default-src 'none';"#)
    );
    for bad in [" src=", " href=", "<link", "@import", "url(http"] {
        assert!(!html.contains(bad), "{bad} would load something");
    }
    // The Sankey data cannot end its script element.
    let data = &html[html.find("id=\"sankey-data\">").unwrap()..];
    let data = &data[..data.find("</script>").unwrap()];
    assert!(!data[1..].contains('<'));
    assert!(html.contains("d3-sankey 0.12.3"));
}

#[test]
fn ids_are_escaped() {
    let mut p = park();
    p.enterprises[0].id = "E1<script>".into();
    p.nodes[1].enterprise = Some("E1<script>".into());
    let mut r = result();
    r["kpis"]["freshwater_by_enterprise"] = json!({"<b>x</b>": 20.0});
    let html = render(&ReportInput::from_json(r, p).unwrap(), &options()).unwrap();
    assert!(!html.contains("E1<script>"));
    assert!(!html.contains("<b>x</b>"));
    assert!(html.contains("E1&lt;script&gt;"));
}

#[test]
fn not_a_result_is_refused() {
    assert!(ReportInput::from_json(json!({"flows": []}), park()).is_err());
}

#[test]
fn compare_has_a_column_per_scenario_and_deltas_against_the_base() {
    let base = result();
    let mut variant = result();
    variant["kpis"]["freshwater"] = json!(15.0);
    variant["kpis"]["reuse_rate"] = json!(0.93);
    variant["kpis"]["cost_per_year"] = json!(2.16e6);
    let mut broken = result();
    broken["status"] = json!("infeasible");
    broken["diagnosis"] = json!({"summary": "no flow meets every requirement"});
    let html = render_compare(
        &[
            ("base".into(), base),
            ("RO retrofit".into(), variant),
            ("drought".into(), broken),
        ],
        &options(),
    )
    .unwrap();
    for needle in [
        r#"data-scenario="base""#,
        r#"data-scenario="RO retrofit""#,
        r#"data-scenario="drought""#,
        r#"<tr data-row="kpis.freshwater">"#,
        "<span class=\"delta down\" data-delta>−5.00</span>",
        "<span class=\"delta up\" data-delta>+3.0 pt</span>",
        "<span class=\"delta up\" data-delta>+2.00 M</span>",
        r#"data-status="infeasible""#,
        "no flow meets every requirement",
        r#"<tr data-row="kpis.condensate_recovery_rate">"#,
    ] {
        assert!(html.contains(needle), "missing {needle}");
    }
    assert!(render_compare(&[], &options()).is_err());
}

#[test]
fn notebook_block_has_the_same_kpi_cards() {
    let input = ReportInput::from_json(result(), park()).unwrap();
    let block = render_kpi_block(&input).unwrap();
    let page = render(&input, &options()).unwrap();
    let cards = |html: &str| -> Vec<String> {
        html.match_indices("data-kpi=\"")
            .map(|(i, _)| html[i..i + 60].to_string())
            .filter(|s| s.contains("data-verdict"))
            .collect()
    };
    assert!(!cards(&block).is_empty());
    assert_eq!(cards(&block), cards(&page));
    assert!(!block.contains("<script"));
}

#[test]
fn vendored_libraries_are_the_recorded_ones() {
    use sha2::{Digest, Sha256};
    let readme = include_str!("../assets/README.md");
    for (file, bytes) in [
        ("d3.min.js", &include_bytes!("../assets/d3.min.js")[..]),
        (
            "d3-sankey.min.js",
            &include_bytes!("../assets/d3-sankey.min.js")[..],
        ),
    ] {
        let hash: String = Sha256::digest(bytes)
            .iter()
            .map(|b| format!("{b:02x}"))
            .collect();
        assert!(
            readme.contains(&hash),
            "{file}: sha256 {hash} not in assets/README.md"
        );
    }
}
