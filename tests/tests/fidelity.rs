//! Issue 13: answers an engineer would sign. Hand-solved parks, each of
//! which fails when its feature is removed (the same park without the field
//! gives the other, hand-computed answer), plus pricing, verification,
//! validation and the demo park's optimum.

use parkwater_core::formulate::RowIndex;
use parkwater_core::model::Objective;
use parkwater_core::pricing::{ArcPrices, ObjectiveWeights, Pricer};
use parkwater_core::solve::{solve_lp, Pricing, Status};
use parkwater_core::{Model, Network, Report, Scenario, SolveOptions};
use parkwater_tests::{rel, root};

fn model(text: &str) -> Model {
    Scenario::from_toml(text)
        .unwrap()
        .validate()
        .unwrap_or_else(|e| panic!("{e}"))
}

fn solve(text: &str) -> Report {
    let r = parkwater_core::solve(&model(text), &SolveOptions::default()).unwrap();
    assert_eq!(r.status, Status::Optimal, "{:?}", r.verification);
    assert!(r.verification.passed(), "{:?}", r.verification);
    r
}

fn flow(r: &Report, from: &str, to: &str) -> f64 {
    r.flows
        .iter()
        .filter(|f| f.from == from && f.to == to)
        .map(|f| f.flow)
        .sum()
}

fn close(a: f64, b: f64) -> bool {
    rel(a, b) <= 1e-7
}

/// 100 t/h at COD <= 50 from fresh water (COD 0) and a 50 t/h effluent at
/// COD 100: the LP blends 50 + 50 (fresh 50). A supply limit of COD 80 bars
/// the effluent even in a blend: fresh 100.
const BLEND: &str = r#"
contaminants = ["COD"]
[[intake]]
id = "FW"
kind = "surface"
conc = { COD = 0 }
[[source]]
id = "S1"
flow = 50
conc = { COD = 100 }
CLASS
[[sink]]
id = "D"
flow = 100
max_conc = { COD = 50 }
RULE
[[discharge]]
id = "WW"
"#;

fn blend(class: &str, rule: &str) -> String {
    BLEND.replace("CLASS", class).replace("RULE", rule)
}

#[test]
fn a_supply_limit_removes_a_blend_the_lp_otherwise_picks() {
    let without = solve(&blend("", ""));
    assert!(close(without.kpis.freshwater, 50.0));
    assert!(close(flow(&without, "S1", "D"), 50.0));

    let with = solve(&blend("", "max_supply_conc = { COD = 80 }"));
    assert!(
        close(with.kpis.freshwater, 100.0),
        "{}",
        with.kpis.freshwater
    );
    assert_eq!(flow(&with, "S1", "D"), 0.0);
    assert!(close(flow(&with, "S1", "WW"), 50.0));

    // A limit the supply meets removes nothing.
    let loose = solve(&blend("", "max_supply_conc = { COD = 100 }"));
    assert!(close(loose.kpis.freshwater, 50.0));
}

#[test]
fn check_lists_the_arcs_a_supply_limit_removes() {
    let m = model(&blend("", "max_supply_conc = { COD = 80 }"));
    let removed = parkwater_core::network::quality::removed_arcs(&m);
    assert_eq!(removed.len(), 1, "{removed:?}");
    assert_eq!(removed[0].rule, "sink[D].max_supply_conc.COD");
    assert_eq!(removed[0].count, 1);
    assert_eq!(removed[0].examples, vec!["S1 -> D".to_string()]);
    assert!(parkwater_core::network::quality::removed_arcs(&model(&blend("", ""))).is_empty());
}

#[test]
fn a_refused_class_keeps_the_stream_out() {
    let classed = blend(r#"class = "oily""#, "");
    assert!(close(solve(&classed).kpis.freshwater, 50.0));
    let refused = solve(&blend(r#"class = "oily""#, r#"refuses = ["oily"]"#));
    assert!(close(refused.kpis.freshwater, 100.0));
    assert_eq!(flow(&refused, "S1", "D"), 0.0);
    // Refusing another class changes nothing.
    let other = solve(&blend(r#"class = "oily""#, r#"refuses = ["brine"]"#));
    assert!(close(other.kpis.freshwater, 50.0));
}

#[test]
fn accepts_with_classes_lets_only_those_classes_in() {
    // The sink takes surface water and condensate: the process effluent is out.
    let text = blend(
        r#"class = "process""#,
        r#"accepts = ["surface", "condensate"]"#,
    );
    let r = solve(&text);
    assert!(close(r.kpis.freshwater, 100.0));
    let text = blend(
        r#"class = "condensate""#,
        r#"accepts = ["surface", "condensate"]"#,
    );
    let r = solve(&text);
    assert!(close(r.kpis.freshwater, 50.0));
    assert!(close(flow(&r, "S1", "D"), 50.0));
}

/// A biological unit (removes COD only) fed a 100 t/h effluent at TDS 800
/// and a 10 t/h salty one at TDS 20 000, outlet TDS 1000. It may take the
/// salty stream only while the blend stays at TDS <= 1000:
/// 100 x 800 + x 20 000 <= 1000 (100 + x), x <= 20/19 t/h; the rest goes to
/// the ZLD unit (raw effluent may not go to the outfall, and intake water
/// may not dilute the feed of the biological unit: it accepts sources only). Without
/// `removes` the unit "removes" the salt and takes all 10 t/h.
const SALT: &str = r#"
contaminants = ["COD", "TDS"]
[[intake]]
id = "FW"
kind = "surface"
conc = { COD = 0, TDS = 300 }
price = 5
[[source]]
id = "S1"
flow = 100
conc = { COD = 500, TDS = 800 }
[[source]]
id = "SALTY"
flow = 10
conc = { COD = 500, TDS = 20000 }
class = "high_salt"
[[sink]]
id = "D"
flow = 110
max_conc = { COD = 30, TDS = 1000 }
accepts = ["surface", "treatment"]
[[treatment]]
id = "BIO"
outlet_conc = { COD = 20, TDS = 1000 }
opex = 1
accepts = ["source"]
REMOVES
[[discharge]]
id = "OUT"
max_conc = { COD = 50 }
[[discharge]]
id = "ZLD"
kind = "zld"
fee = 100
[[forbid]]
from = "S*"
to = "OUT"
[objective]
minimize = "cost"
"#;

#[test]
fn a_unit_that_cannot_remove_salt_sends_the_salty_stream_to_zld() {
    let without = solve(&SALT.replace("REMOVES", ""));
    assert!(close(flow(&without, "SALTY", "BIO"), 10.0));
    assert_eq!(flow(&without, "SALTY", "ZLD"), 0.0);

    let with = solve(&SALT.replace("REMOVES", r#"removes = ["COD"]"#));
    let x = 20.0 / 19.0;
    assert!(close(flow(&with, "SALTY", "BIO"), x), "{:?}", with.flows);
    assert!(close(flow(&with, "SALTY", "ZLD"), 10.0 - x));
    assert!(close(with.kpis.freshwater, 10.0 - x));
    // 5 (10 - x) + 1 (100 + x) + 100 (10 - x) CNY/h, 8000 h.
    let cost = (5.0 * (10.0 - x) + (100.0 + x) + 100.0 * (10.0 - x)) * 8000.0;
    assert!(
        close(with.objective["cost"], cost),
        "{}",
        with.objective["cost"]
    );
    // The salt is not lost: TDS into BIO equals what its product carries.
    let into_bio = 100.0 * 800.0 + x * 20000.0;
    assert!(close(into_bio, 1000.0 * (100.0 + x)));
}

#[test]
fn a_pass_through_contaminant_leaves_in_the_reject_at_the_inlet_concentration() {
    // A filter (recovery 0.8) that removes COD only, fed 50 t/h at TDS 500:
    // its reject (10 t/h) carries 20 % of the salt, 5 kg/h, to the outfall.
    let text = r#"
contaminants = ["COD", "TDS"]
[[source]]
id = "S1"
flow = 50
conc = { COD = 100, TDS = 500 }
[[sink]]
id = "D"
flow = 40
max_conc = { COD = 10, TDS = 600 }
[[treatment]]
id = "F"
outlet_conc = { COD = 10, TDS = 600 }
recovery = 0.8
reject_to = "OUT"
removes = ["COD"]
[[discharge]]
id = "OUT"
"#;
    let r = solve(text);
    assert!(close(flow(&r, "S1", "F"), 50.0), "{:?}", r.flows);
    assert!(close(r.kpis.discharged_load_kg_h["TDS"], 5.0));
    // COD: 5 kg/h in, 0.4 kg/h in the product, 4.6 kg/h in the reject.
    assert!(close(r.kpis.discharged_load_kg_h["COD"], 4.6));
}

#[test]
fn a_reuse_share_cap_binds() {
    let base = r#"
contaminants = ["COD"]
[[intake]]
id = "FW"
kind = "surface"
conc = { COD = 0 }
[[source]]
id = "S1"
flow = 100
conc = { COD = 50 }
[[sink]]
id = "D"
flow = 100
max_conc = { COD = 100 }
RULE
[[discharge]]
id = "WW"
"#;
    let without = solve(&base.replace("RULE", ""));
    assert_eq!(without.kpis.freshwater, 0.0);
    let with = solve(&base.replace("RULE", "max_reuse_share = 0.3"));
    assert!(close(with.kpis.freshwater, 70.0));
    assert!(close(flow(&with, "S1", "D"), 30.0));
}

#[test]
fn consumption_closes_the_water_balance() {
    let base = r#"
contaminants = ["COD"]
[[intake]]
id = "FW"
kind = "surface"
conc = { COD = 0 }
price = 2
[[intake]]
id = "RW"
kind = "reclaimed"
conc = { COD = 10 }
price = 1
max_flow = 25
[[sink]]
id = "CT"
flow = 100
max_conc = { COD = 60 }
RULE
[[source]]
id = "BD"
flow = 20
conc = { COD = 200 }
[[discharge]]
id = "WW"
[[forbid]]
from = "BD"
to = "CT"
"#;
    let open = solve(&base.replace("RULE", ""));
    let b = &open.kpis.water_balance;
    assert!(!b.declared);
    assert!(close(b.unaccounted, 80.0));
    assert!(close(b.closure, 0.2));

    let r = solve(&base.replace("RULE", "consumed_fraction = 0.8\ncirculation = 6250"));
    let b = &r.kpis.water_balance;
    assert!(b.declared);
    assert!(close(b.intake, 100.0) && close(b.discharge, 20.0) && close(b.consumed, 80.0));
    assert!(b.unaccounted.abs() < 1e-9 && close(b.closure, 1.0));
    let k = &r.kpis;
    assert!(close(
        k.indirect_cooling_circulation_rate.unwrap(),
        6250.0 / 6350.0
    ));
    assert!(close(k.reuse_rate, 6250.0 / 6350.0));
    assert_eq!(k.reuse_rate_excluding_recirculation, 0.0);
    assert!(close(k.new_water.conventional, 75.0));
    assert!(close(k.new_water.non_conventional, 25.0));
    assert_eq!(k.wastewater_reuse_rate, Some(0.0));
    // The same as a flow: 80 t/h.
    let r = solve(&base.replace("RULE", "consumed = 80"));
    assert!(close(r.kpis.water_balance.closure, 1.0));
}

#[test]
fn condensate_recovery_counts_condensate_put_back_to_use() {
    let text = r#"
contaminants = ["TDS"]
[[intake]]
id = "FW"
kind = "tap"
conc = { TDS = 50 }
[[source]]
id = "C1"
flow = 30
conc = { TDS = 20 }
class = "condensate"
[[source]]
id = "C2"
flow = 10
conc = { TDS = 900 }
class = "condensate"
[[sink]]
id = "B"
flow = 50
max_conc = { TDS = 100 }
[[discharge]]
id = "WW"
"#;
    let r = solve(text);
    // C2 (TDS 900) can enter only blended: 30 x 20 + x 900 + (20 - x) 50 <= 5000,
    // x <= 4 t/h (least fresh 16).
    assert!(close(r.kpis.freshwater, 16.0));
    assert!(close(r.kpis.condensate_recovery_rate.unwrap(), 34.0 / 40.0));
}

/// Every new row priced densely equals its column-by-column definition, and
/// arc pricing reaches the full LP's optimum on a park with all of them.
#[test]
fn pricing_with_stream_rules_equals_the_full_lp() {
    let text = r#"
contaminants = ["COD", "TDS"]
[[intake]]
id = "FW"
kind = "surface"
conc = { COD = 5, TDS = 400 }
price = 2
[[source]]
id = "S1"
flow = 60
conc = { COD = 200, TDS = 900 }
class = "process"
[[source]]
id = "S2"
flow = 15
conc = { COD = 300, TDS = 9000 }
class = "high_salt"
[[source]]
id = "S3"
flow = 30
conc = { COD = 40, TDS = 1500 }
class = "blowdown"
[[sink]]
id = "D1"
flow = 80
max_conc = { COD = 60, TDS = 1000 }
max_supply_conc = { TDS = 3000 }
max_reuse_share = 0.6
refuses = ["high_salt"]
[[sink]]
id = "D2"
flow = 40
max_conc = { COD = 10, TDS = 500 }
accepts = ["surface", "permeate"]
[[treatment]]
id = "BIO"
outlet_conc = { COD = 30, TDS = 1200 }
recovery = 0.95
reject_to = "OUT"
removes = ["COD"]
opex = 1
class = "secondary_effluent"
refuses = ["blowdown"]
[[treatment]]
id = "RO"
outlet_conc = { COD = 2, TDS = 50 }
recovery = 0.7
reject_to = "OUT"
opex = 3
class = "permeate"
accepts = ["secondary_effluent", "blowdown"]
[[discharge]]
id = "OUT"
max_conc = { COD = 100 }
fee = 1
[[discharge]]
id = "ZLD"
fee = 80
[objective]
minimize = "cost"
"#;
    let mut m = model(text);
    let full =
        parkwater_core::solve(&m, &SolveOptions::default().with_pricing(Pricing::Off)).unwrap();
    let priced =
        parkwater_core::solve(&m, &SolveOptions::default().with_pricing(Pricing::On)).unwrap();
    assert_eq!(full.status, Status::Optimal);
    assert_eq!(priced.status, Status::Optimal);
    assert!(full.verification.passed() && priced.verification.passed());
    assert!(rel(priced.objective["cost"], full.objective["cost"]) <= 1e-7);
    // The features bind or shape the answer.
    assert_eq!(flow(&full, "S2", "D1"), 0.0);
    assert_eq!(flow(&full, "S3", "BIO"), 0.0);
    assert_eq!(flow(&full, "S1", "D2"), 0.0);
    assert_eq!(flow(&full, "BIO", "D2"), 0.0);

    m.objectives = vec![Objective::Cost];
    let network = Network::build(&m);
    let outcome = solve_lp(&m, &network, &SolveOptions::default()).unwrap();
    let rows = RowIndex::new(&m);
    for family in ["treatment_pass_through", "sink_reuse_share"] {
        assert!(
            rows.keys.iter().any(|k| k.family.name() == family),
            "{family}"
        );
    }
    let y: Vec<f64> = outcome
        .row_duals
        .iter()
        .enumerate()
        .map(|(i, d)| d + 0.01 * (i % 7) as f64 - 0.03)
        .collect();
    let reference = Pricer::new(&m, &rows, &outcome.row_keys, &y).all(&network);
    let fast = ArcPrices::new(
        &m,
        &rows,
        &y[..rows.len() as usize],
        &ObjectiveWeights::single(Objective::Cost),
    );
    for a in 0..network.len() {
        let (u, v) = network.arc(a);
        let (r, f) = (reference[a], fast.reduced_cost(u, v));
        assert!(
            (r - f).abs() <= 1e-9 * r.abs().max(1.0),
            "arc {a}: {r} vs {f}"
        );
    }
}

#[test]
fn verification_catches_each_broken_rule() {
    // Flows forced onto barred arcs are caught by the independent checks.
    let m = model(&blend(
        r#"class = "oily""#,
        "refuses = [\"oily\"]\nmax_supply_conc = { COD = 80 }\nmax_reuse_share = 0.2",
    ));
    let all = Network::from_arcs(
        (0..m.num_supplies() as u32)
            .flat_map(|u| (0..m.num_demands() as u32).map(move |v| (u, v)))
            .map(|(u, v)| {
                (
                    parkwater_core::model::SupplyId(u),
                    parkwater_core::model::DemandId(v),
                )
            }),
    );
    let flows: Vec<f64> = (0..all.len())
        .map(|a| {
            let (u, v) = all.arc(a);
            match (m.supply_name(u), m.demand_name(v)) {
                ("S1", "D") => 50.0,
                ("FW", "D") => 50.0,
                _ => 0.0,
            }
        })
        .collect();
    let v = parkwater_core::verify::verify(&m, &all, &flows);
    let text: Vec<&str> = v.violations.iter().map(|x| x.check.as_str()).collect();
    for phrase in ["refused class", "on its own", "reused share"] {
        assert!(
            text.iter().any(|t| t.contains(phrase)),
            "{phrase}: {text:?}"
        );
    }

    let m = model(&SALT.replace("REMOVES", r#"removes = ["COD"]"#));
    let all = Network::build(&m);
    let flows: Vec<f64> = (0..all.len())
        .map(|a| {
            let (u, v) = all.arc(a);
            match (m.supply_name(u), m.demand_name(v)) {
                ("S1" | "SALTY", "BIO") => [100.0, 10.0][(m.supply_name(u) == "SALTY") as usize],
                ("BIO", "D") => 110.0,
                _ => 0.0,
            }
        })
        .collect();
    let v = parkwater_core::verify::verify(&m, &all, &flows);
    assert!(
        v.violations
            .iter()
            .any(|x| x.check.contains("does not remove TDS")),
        "{:?}",
        v.violations
    );
}

#[test]
fn invalid_stream_fields_name_entity_and_field() {
    let text = r#"
contaminants = ["COD"]
classes = ["spent_caustic"]
[[source]]
id = "S1"
flow = 5
conc = { COD = 1 }
class = "olly"
[[sink]]
id = "D"
flow = 10
refuses = ["oily", "salty"]
max_reuse_share = 1.5
consumed = 4
consumed_fraction = 0.4
accepts = ["surface", "spent_caustic", "nope"]
[[treatment]]
id = "T"
outlet_conc = { COD = 1 }
removes = ["BOD5"]
accepts = ["bad"]
[[discharge]]
id = "WW"
"#;
    let err = Scenario::from_toml(text).unwrap().validate().unwrap_err();
    let found: Vec<(String, String)> = err
        .problems
        .iter()
        .map(|p| (p.path.clone(), p.code.to_string()))
        .collect();
    for (path, code) in [
        ("source[S1].class", "class.unknown"),
        ("sink[D].refuses[1]", "class.unknown"),
        ("sink[D].max_reuse_share", "number.out_of_range"),
        ("sink[D].consumed", "sink.consumed_spec"),
        ("sink[D].accepts[2]", "kind.unknown"),
        ("treatment[T].removes[0]", "contaminant.undeclared"),
        ("treatment[T].accepts[0]", "class.unknown"),
    ] {
        assert!(
            found.iter().any(|(p, c)| p == path && c == code),
            "{path} {code}: {found:?}"
        );
    }
    // A class the scenario declares is known.
    assert!(!found.iter().any(|(p, _)| p == "sink[D].accepts[1]"));
}

#[test]
fn parks_without_the_new_fields_keep_their_hash_and_numbers() {
    for name in ["polley-polley-2000.toml", "wang-smith-1994-ex1.toml"] {
        let m = Scenario::from_path(root().join("scenarios").join(name))
            .unwrap()
            .validate()
            .unwrap();
        assert!(m.stream_rules().is_empty());
        let json = serde_json::to_string(&m).unwrap();
        assert!(!json.contains("streams"), "{name}");
    }
}

/// The demo park's optimum: no oily, high-salt or brine stream (FGD
/// wastewater and regeneration waste included) feeds a cooling tower or a
/// boiler/steam feed; salt never vanishes in a unit, and the streams that
/// carry it leave only through the outfall and the ZLD unit; the water
/// balance closes within 0.1 %.
#[test]
fn the_demo_optimum_is_one_an_engineer_would_sign() {
    let m = Scenario::from_path(root().join("scenarios/lianyungang-demo.toml"))
        .unwrap()
        .validate()
        .unwrap();
    let r = parkwater_core::solve(&m, &SolveOptions::default()).unwrap();
    assert_eq!(r.status, Status::Optimal);
    assert!(r.verification.passed());
    let class_of = |id: &str| {
        m.sources
            .iter()
            .position(|s| s.id == id)
            .and_then(|i| m.stream_rules().source_class[i])
            .map(|c| m.class_name(c).to_string())
    };
    let barred = ["oily", "high_salt", "brine"];
    for id in [
        "PWR-FGD-WW",
        "UTL-REGEN",
        "UTL-BRINE",
        "REF-OILY",
        "ETH-SPENT",
        "PH1-SALT",
    ] {
        assert!(barred.contains(&class_of(id).unwrap().as_str()), "{id}");
    }
    let boiler = [
        "PWR-BFW",
        "ETH-DSG",
        "UTL-DEMIN",
        "PXP-PROC",
        "MTO-PROC",
        "CFB-PROC",
    ];
    let discharges: Vec<&str> = m.discharges.iter().map(|d| d.id.as_str()).collect();
    for f in &r.flows {
        let Some(class) = class_of(&f.from) else {
            continue;
        };
        if barred.contains(&class.as_str()) {
            assert!(
                !f.to.ends_with("-CT") && !boiler.contains(&f.to.as_str()),
                "{f:?}"
            );
            // Salty streams leave only through the outfall and the ZLD unit.
            if class != "oily" {
                assert!(discharges.contains(&f.to.as_str()), "{f:?}");
            }
        }
    }
    // No unit makes salt vanish: TDS into the WWTP is at most what its product carries.
    let tds = m.contaminants.iter().position(|c| c == "TDS").unwrap();
    let wwtp = m.treatments.iter().position(|t| t.id == "WWTP").unwrap();
    assert!(!m.stream_rules().removes(wwtp, tds));
    let (mut mass, mut inflow) = (0.0, 0.0);
    for f in r.flows.iter().filter(|f| f.to == "WWTP") {
        let u = m.sources.iter().find(|s| s.id == f.from).unwrap();
        mass += f.flow * u.conc[tds];
        inflow += f.flow;
    }
    assert!(mass <= inflow * m.treatments[wwtp].outlet_conc[tds] * (1.0 + 1e-9));
    // No strong stream is diluted into the outfall (its `max_supply_conc`):
    // spent caustic, FGD wastewater and the mother liquor go to ZLD.
    for id in ["ETH-SPENT", "PWR-FGD-WW", "PH1-SALT"] {
        assert!(
            r.flows
                .iter()
                .filter(|f| f.from == id)
                .all(|f| f.to == "ZLD"),
            "{id}"
        );
    }
    // No intake water dilutes the WWTP.
    assert!(!r
        .flows
        .iter()
        .any(|f| f.to == "WWTP" && m.intakes.iter().any(|x| x.id == f.from)));
    let b = &r.kpis.water_balance;
    assert!(b.declared);
    assert!(b.unaccounted.abs() <= 1e-3 * b.intake, "{b:?}");
    assert!(b.closure >= 0.999);
    // Both reuse rates, and the target says which one it is checked with.
    let t = r.kpis.reuse_target.as_ref().unwrap();
    assert!(t.met && t.rate == r.kpis.reuse_rate);
    assert!(r.kpi_definitions["reuse_target"].starts_with("declared"));
    assert!(r.kpis.reuse_rate_excluding_recirculation < r.kpis.reuse_rate);
}
