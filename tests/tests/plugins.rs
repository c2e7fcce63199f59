//! Plugins end to end: the three industry plugins on the demo park (each
//! rule holds in the verified solution, and each matters: without it the
//! optimum breaks it), the bad plugins (each failure mode gives its own
//! error and exit code, and the engine keeps working), ABI compatibility.
//!
//! The plugin libraries are dev-dependencies of this crate, so cargo builds
//! them (as cdylibs, in `target/<profile>/deps`) before these tests run; they
//! are copied into one directory, as a user's plugin directory would be.

use parkwater_core::plugins::{
    apply, AbiVersion, ApplyError, PluginErrorKind, PluginHost, ABI_VERSION, PLUGIN_PATH_VAR,
};
use parkwater_core::{Scenario, SolveOptions, Status};
use parkwater_tests::{binary, root, Run};
use serde_json::Value;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::OnceLock;

const DEMO: &str = "scenarios/lianyungang-demo-plugins.toml";
const POLLEY: &str = "scenarios/polley-polley-2000.toml";
const GOOD: [&str; 3] = ["cooling-tower", "water-quota", "electroplating"];
const BAD: [&str; 5] = [
    "pw-test-bad-abi",
    "pw-test-bad-json",
    "pw-test-error",
    "pw-test-missing-symbol",
    "pw-test-panic",
];
/// Sleeps in its rules hook (not in BAD: every bad plugin's hooks are run there).
const HANG: &str = "pw-test-hang";

/// A plugin directory holding the nine libraries cargo built for this run.
fn plugin_dir() -> &'static Path {
    static DIR: OnceLock<PathBuf> = OnceLock::new();
    DIR.get_or_init(|| {
        let deps = std::env::current_exe()
            .unwrap()
            .parent()
            .unwrap()
            .to_path_buf();
        let dir = deps.parent().unwrap().join("test-plugins");
        std::fs::create_dir_all(&dir).unwrap();
        for name in GOOD.iter().chain(&BAD).chain(&[HANG]) {
            let file = PluginHost::file_name(name);
            let built = [deps.join(&file), deps.parent().unwrap().join(&file)]
                .into_iter()
                .find(|p| p.is_file())
                .unwrap_or_else(|| panic!("{file} was not built (it is a dev-dependency)"));
            // Temporary name, then rename: a reader never sees half a library.
            let tmp = dir.join(format!("{file}.{}.tmp", std::process::id()));
            std::fs::copy(&built, &tmp).unwrap();
            std::fs::rename(&tmp, dir.join(&file)).unwrap();
        }
        dir
    })
}

/// Runs the CLI from the workspace root, with `PARKWATER_PLUGIN_PATH` unset
/// unless given.
fn run(args: &[&str], plugin_path: Option<&Path>) -> Run {
    let mut cmd = Command::new(binary());
    cmd.args(args)
        .current_dir(root())
        .env_remove(PLUGIN_PATH_VAR);
    if let Some(p) = plugin_path {
        cmd.env(PLUGIN_PATH_VAR, p);
    }
    let out = cmd.output().expect("run parkwater");
    Run {
        code: out.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
    }
}

fn solve_json(path: &str) -> Value {
    let dir = plugin_dir().to_str().unwrap();
    let r = run(
        &["solve", path, "--plugin-dir", dir, "--format", "json"],
        None,
    );
    assert_eq!(r.code, 0, "{}\n{}", r.stdout, r.stderr);
    r.json()
}

/// The demo with one edit to its text, written to a temporary file.
fn demo_variant(edit: impl Fn(String) -> String) -> (tempfile::TempDir, String) {
    let text = std::fs::read_to_string(root().join(DEMO)).unwrap();
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("variant.toml");
    std::fs::write(&path, edit(text)).unwrap();
    (dir, path.to_str().unwrap().to_string())
}

fn flows(r: &Value) -> Vec<(String, String, f64)> {
    r["flows"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            (
                f["from"].as_str().unwrap().to_string(),
                f["to"].as_str().unwrap().to_string(),
                f["flow"].as_f64().unwrap(),
            )
        })
        .collect()
}

fn into(r: &Value, demand: &str) -> f64 {
    flows(r).iter().filter(|f| f.1 == demand).map(|f| f.2).sum()
}

fn out_of(r: &Value, supply: &str) -> f64 {
    flows(r).iter().filter(|f| f.0 == supply).map(|f| f.2).sum()
}

/// Withdrawal of PWR: flows from the demo's intakes to PWR's demands.
fn pwr_withdrawal(r: &Value) -> f64 {
    let intakes = ["SW", "TAP", "RCW", "DSW"];
    flows(r)
        .iter()
        .filter(|f| intakes.contains(&f.0.as_str()) && f.1.starts_with("PWR-"))
        .map(|f| f.2)
        .sum()
}

/// Where each metal stream of the demo may go.
const DEDICATED: [(&str, &str); 2] = [("EPL-CR", "EPL-CRT"), ("EPL-NI", "EPL-NIT")];

fn strays(r: &Value) -> Vec<(String, String, f64)> {
    flows(r)
        .into_iter()
        .filter(|(u, v, _)| {
            DEDICATED
                .iter()
                .any(|(s, t)| (u == s && v != t) || (v == t && u != s))
        })
        .collect()
}

#[test]
fn the_demo_with_plugins_keeps_every_rule() {
    let r = solve_json(DEMO);
    assert_eq!(r["status"], "optimal");
    assert!(r["verification"]["max_violation"].as_f64().unwrap() <= 1e-7);
    let plugins = r["plugins"].as_object().expect("a top-level `plugins` key");
    assert_eq!(plugins.len(), 3);
    for (name, p) in plugins {
        for c in p["checks"].as_array().unwrap() {
            assert_eq!(c["passed"], true, "{name}: {c}");
        }
    }

    // cooling-tower: the balance of A7 worked out here, independently.
    let q = 162_500.0;
    let evaporation = 8.0 / 600.0 * q;
    let makeup = evaporation * 6.0 / 5.0;
    let blowdown = evaporation / 5.0 - 0.001 * q;
    assert!(
        (into(&r, "PWR-CT") - makeup).abs() < 1e-6,
        "make-up {}",
        into(&r, "PWR-CT")
    );
    assert!((out_of(&r, "PWR-CT-BD") - blowdown).abs() < 1e-6);
    assert!((makeup - 2600.0).abs() < 1e-9);
    // The plain demo's recirculation (which writes PWR's 162 500 t/h by hand).
    assert!((r["kpis"]["recirculation"].as_f64().unwrap() - 443_750.0).abs() < 1e-6);
    // Make-up mix within TDS 3000 / 6 cycles, from the scenario's concentrations.
    let s = Scenario::from_path(root().join(DEMO)).unwrap();
    let tds = |id: &str| -> f64 {
        s.intakes
            .iter()
            .find(|x| x.id == id)
            .map(|x| x.conc["TDS"])
            .or_else(|| s.sources.iter().find(|x| x.id == id).map(|x| x.conc["TDS"]))
            .or_else(|| {
                s.treatments
                    .iter()
                    .find(|x| x.id == id)
                    .map(|x| x.outlet_conc["TDS"])
            })
            .unwrap_or_else(|| panic!("{id}"))
    };
    let mass: f64 = flows(&r)
        .iter()
        .filter(|f| f.1 == "PWR-CT")
        .map(|f| f.2 * tds(&f.0))
        .sum();
    assert!(
        mass / makeup <= 500.0 + 1e-6,
        "make-up TDS {}",
        mass / makeup
    );

    // water-quota: 2.35 m3/MWh (B1, 600 MW class, recirculating) x 990 MWh/h.
    let quota = 2.35 * 990.0;
    assert!(
        pwr_withdrawal(&r) <= quota * (1.0 + 1e-9),
        "{}",
        pwr_withdrawal(&r)
    );
    let label = "water-quota: PWR withdrawal <= 2.35 m3/MWh x 990 MWh/h = 2326.500 t/h";
    assert!(
        r["duals"]["constraint"][label].as_f64().unwrap() < 0.0,
        "the quota binds"
    );

    // electroplating: chromium and nickel rinses only to their units, which take nothing else.
    assert_eq!(strays(&r), vec![]);
    assert!((into(&r, "EPL-CRT") - 12.0).abs() < 1e-9 && (into(&r, "EPL-NIT") - 8.0).abs() < 1e-9);
}

#[test]
fn each_plugin_changes_the_optimum() {
    // Without the quota the optimum withdraws more than it allows ...
    let (_d, path) = demo_variant(|t| t.replacen("enforce = true", "enforce = false", 1));
    let r = solve_json(&path);
    assert!(
        pwr_withdrawal(&r) > 2.35 * 990.0 + 1.0,
        "{}",
        pwr_withdrawal(&r)
    );
    let check = &r["plugins"]["water-quota"]["checks"][0];
    assert_eq!(
        (check["id"].as_str(), check["passed"].as_bool()),
        (Some("quota.PWR"), Some(false))
    );

    // ... and without the segregation the metal rinses skip their units.
    let (_d, path) = demo_variant(|t| {
        let t = t.replacen(
            r#"plugins = ["cooling-tower", "water-quota", "electroplating"]"#,
            r#"plugins = ["cooling-tower", "water-quota"]"#,
            1,
        );
        t[..t.find("[plugin.electroplating]").unwrap()].to_string()
    });
    let r = solve_json(&path);
    assert!(!strays(&r).is_empty(), "the rule mattered");
    assert!(r["plugins"].get("electroplating").is_none());

    // The tower's sink and source exist only through the plugin.
    let s = Scenario::from_path(root().join(DEMO)).unwrap();
    assert!(
        s.sinks.iter().all(|x| x.id != "PWR-CT") && s.sources.iter().all(|x| x.id != "PWR-CT-BD")
    );
    let host = PluginHost::new([plugin_dir().to_path_buf()]);
    let a = apply(Some(&host), &s).unwrap();
    let sink = a.scenario.sinks.iter().find(|x| x.id == "PWR-CT").unwrap();
    assert!((sink.flow.unwrap() - 2600.0).abs() < 1e-9);
    assert_eq!(sink.max_conc["TDS"], 500.0);
    assert_eq!(sink.max_conc["COD"], 60.0);
    let bd = a
        .scenario
        .sources
        .iter()
        .find(|x| x.id == "PWR-CT-BD")
        .unwrap();
    assert!((bd.flow - 2600.0 / 9.6).abs() < 1e-9);
    assert_eq!(
        (bd.conc["TDS"], bd.conc["COD"], bd.conc["Cr6"]),
        (3000.0, 45.0, 0.0)
    );
    // The circulation is the make-up sink's (declared recirculation, and the
    // indirect cooling circulation rate); evaporation and drift its consumption.
    let ct = a.scenario.sinks.iter().find(|x| x.id == "PWR-CT").unwrap();
    assert_eq!(ct.circulation, Some(162_500.0));
    assert!((ct.consumed.unwrap() - (2600.0 - 2600.0 / 9.6)).abs() < 1e-9);
    assert_eq!(bd.class.as_deref(), Some("blowdown"));
    assert!(
        a.scenario.plugins.is_empty(),
        "an applied scenario names no pending plugin"
    );
    // Rules and constraints became ordinary scenario tables.
    assert!(a
        .scenario
        .forbid
        .iter()
        .any(|f| f.from == "PWR-CT-BD" && f.to == "PWR-CT"));
    assert!(a
        .scenario
        .forbid
        .iter()
        .any(|f| f.from == "EPL-CR" && f.to == "OUT"));
    assert!(a
        .scenario
        .forbid
        .iter()
        .any(|f| f.from == "SW" && f.to == "EPL-CRT"));
    assert_eq!(a.scenario.constraints.len(), 1);
}

#[test]
fn the_table_shows_plugin_kpis_and_checks() {
    let dir = plugin_dir().to_str().unwrap();
    let r = run(&["solve", DEMO, "--plugin-dir", dir], None);
    assert_eq!(r.code, 0, "{}", r.stderr);
    for text in [
        "plugin cooling-tower",
        "PWR-CT.makeup",
        "ok     quota.PWR",
        "segregation.EPL-CR",
    ] {
        assert!(r.stdout.contains(text), "{text} missing in\n{}", r.stdout);
    }
    // PARKWATER_PLUGIN_PATH works as --plugin-dir does.
    let r = run(&["check", DEMO], Some(plugin_dir()));
    assert_eq!(r.code, 0, "{}", r.stderr);
}

/// A Polley scenario that names one plugin (with an optional config table).
fn polley_with(plugin: &str, config: &str) -> (tempfile::TempDir, String) {
    let text = std::fs::read_to_string(root().join(POLLEY)).unwrap();
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("with-plugin.toml");
    std::fs::write(&path, format!("plugins = [\"{plugin}\"]\n{text}\n{config}")).unwrap();
    (dir, path.to_str().unwrap().to_string())
}

#[test]
fn each_bad_plugin_gives_its_own_error_and_exit_code() {
    let dir = plugin_dir().to_str().unwrap();
    let cases = [
        (
            "pw-test-bad-abi",
            "",
            "load",
            "plugin.abi_mismatch",
            "ABI 99.0",
        ),
        (
            "pw-test-missing-symbol",
            "",
            "report",
            "plugin.missing_symbol",
            "parkwater_plugin_report",
        ),
        (
            "pw-test-error",
            "",
            "transform",
            "plugin.hook_error",
            "refused on purpose in transform",
        ),
        (
            "pw-test-error",
            "[plugin.pw-test-error]\nhook = \"rules\"",
            "rules",
            "plugin.hook_error",
            "in rules",
        ),
        (
            "pw-test-error",
            "[plugin.pw-test-error]\nhook = \"report\"",
            "report",
            "plugin.hook_error",
            "in report",
        ),
        (
            "pw-test-panic",
            "",
            "transform",
            "plugin.panic",
            "panicked on purpose in transform",
        ),
        (
            "pw-test-panic",
            "[plugin.pw-test-panic]\nhook = \"constraints\"",
            "constraints",
            "plugin.panic",
            "in constraints",
        ),
        (
            "pw-test-panic",
            "[plugin.pw-test-panic]\nhook = \"report\"",
            "report",
            "plugin.panic",
            "in report",
        ),
        (
            "pw-test-bad-json",
            "",
            "constraints",
            "plugin.malformed_json",
            "EOF",
        ),
    ];
    for (plugin, config, hook, code, text) in cases {
        let (_d, path) = polley_with(plugin, config);
        let r = run(
            &["solve", &path, "--plugin-dir", dir, "--format", "json"],
            None,
        );
        assert_eq!(r.code, 4, "{plugin} {hook}: {}\n{}", r.stdout, r.stderr);
        let j = r.json();
        assert_eq!(j["status"], "plugin_error");
        assert_eq!(
            (j["plugin"].as_str(), j["hook"].as_str()),
            (Some(plugin), Some(hook)),
            "{j}"
        );
        assert_eq!(j["code"], code, "{j}");
        assert!(j["message"].as_str().unwrap().contains(text), "{j}");
        assert!(
            r.stderr.contains(&format!("plugin '{plugin}' ({hook})")),
            "{}",
            r.stderr
        );
    }
    // Not there: invalid input (exit 1), naming the directories searched.
    let (_d, path) = polley_with("no-such-plugin", "");
    let r = run(
        &["solve", &path, "--plugin-dir", dir, "--format", "json"],
        None,
    );
    assert_eq!(r.code, 1);
    assert_eq!(r.json()["problems"][0]["code"], "plugin.not_found");
    assert!(
        r.stderr.contains("libno_such_plugin") && r.stderr.contains("test-plugins"),
        "{}",
        r.stderr
    );
    // No plugin directory at all.
    let r = run(&["check", &path, "--format", "json"], None);
    assert_eq!(r.code, 1);
    assert_eq!(r.json()["problems"][0]["code"], "plugin.not_loaded");
    // A scenario names plugins, never paths.
    let (_d, path) = polley_with("../test-plugins/libcooling_tower", "");
    let r = run(
        &["check", &path, "--plugin-dir", dir, "--format", "json"],
        None,
    );
    assert_eq!(r.code, 1);
    assert_eq!(r.json()["problems"][0]["code"], "plugin.not_found");
}

#[test]
fn the_engine_keeps_working_after_every_bad_plugin() {
    let host = PluginHost::new([plugin_dir().to_path_buf()]);
    let polley = Scenario::from_path(root().join(POLLEY)).unwrap();
    for name in BAD {
        for hook in ["transform", "rules", "constraints", "report"] {
            let mut s = polley.clone();
            s.plugins = vec![name.to_string()];
            s.plugin
                .insert(name.to_string(), serde_json::json!({ "hook": hook }));
            let result = apply(Some(&host), &s).map_err(|e| match e {
                ApplyError::Plugin(e) => e,
                ApplyError::Invalid(e) => panic!("{e}"),
            });
            let err = match result {
                Err(e) => e,
                // Failing only in the report hook: solve, then report.
                Ok(a) => {
                    let model = a.scenario.validate().unwrap();
                    let report = parkwater_core::solve(&model, &SolveOptions::default()).unwrap();
                    a.report(&report).unwrap_err()
                }
            };
            assert_eq!(err.plugin, name);
            assert!(!err.to_string().is_empty());
        }
    }
    // Same process, every bad library still loaded: the good plugins work.
    let s = Scenario::from_path(root().join(DEMO)).unwrap();
    let a = apply(Some(&host), &s).unwrap();
    let report =
        parkwater_core::solve(&a.scenario.validate().unwrap(), &SolveOptions::default()).unwrap();
    assert_eq!(report.status, Status::Optimal);
    let extras = a.report(&report).unwrap();
    assert!(extras.values().all(|p| p.checks.iter().all(|c| c.passed)));
}

#[test]
fn a_plugin_built_at_abi_x0_loads_in_a_host_at_x1() {
    assert_eq!(ABI_VERSION, AbiVersion::new(1, 0));
    let dir = plugin_dir().to_path_buf();
    let newer = PluginHost::new([dir.clone()]).with_abi(AbiVersion::new(1, 1));
    for name in GOOD {
        let p = newer.load_library(name).unwrap();
        assert_eq!(p.abi, AbiVersion::new(1, 0));
    }
    let s = Scenario::from_path(root().join(DEMO)).unwrap();
    let a = apply(Some(&newer), &s).unwrap();
    assert_eq!(a.plugins.len(), 3);
    // A host of another major refuses them, before running any of their code.
    let other = PluginHost::new([dir]).with_abi(AbiVersion::new(2, 0));
    let e = other.load("cooling-tower").unwrap_err();
    assert_eq!(
        e.kind,
        PluginErrorKind::AbiMismatch {
            found: AbiVersion::new(1, 0),
            expected: AbiVersion::new(2, 0)
        }
    );
}

#[test]
fn plugins_list_shows_what_the_directories_hold() {
    let dir = plugin_dir().to_str().unwrap();
    let r = run(&["plugins", "list", "--plugin-dir", dir, "--json"], None);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let j = r.json();
    assert_eq!(j["abi"], "1.0");
    let entries = j["plugins"].as_array().unwrap();
    let find = |name: &str| {
        entries
            .iter()
            .find(|e| e["name"] == name)
            .unwrap_or_else(|| panic!("{name}: {j}"))
    };
    for name in GOOD {
        assert_eq!(find(name)["status"], "ok");
        assert_eq!(find(name)["abi"], "1.0");
    }
    assert_eq!(
        find("cooling-tower")["hooks"],
        serde_json::json!(["transform", "rules", "report"])
    );
    assert_eq!(find("pw-test-bad-abi")["code"], "plugin.abi_mismatch");
    assert_eq!(
        find("pw-test-missing-symbol")["code"],
        "plugin.missing_symbol"
    );
    // The table form, from PARKWATER_PLUGIN_PATH.
    let r = run(&["plugins", "list"], Some(plugin_dir()));
    assert_eq!(r.code, 0);
    assert!(
        r.stdout.contains("water-quota") && r.stdout.contains("unusable"),
        "{}",
        r.stdout
    );
}

#[test]
fn a_hook_that_never_answers_times_out() {
    let dir = plugin_dir().to_str().unwrap();
    let (_d, path) = polley_with(HANG, "");
    let clock = std::time::Instant::now();
    let r = run(
        &[
            "solve",
            &path,
            "--plugin-dir",
            dir,
            "--plugin-timeout",
            "0.5",
            "--format",
            "json",
        ],
        None,
    );
    assert_eq!(r.code, 4, "{}\n{}", r.stdout, r.stderr);
    let j = r.json();
    assert_eq!(
        (j["plugin"].as_str(), j["hook"].as_str()),
        (Some(HANG), Some("rules"))
    );
    assert_eq!(j["code"], "plugin.timeout", "{j}");
    // Well before the hour the hook sleeps: the CLI exits without waiting for it.
    assert!(clock.elapsed() < std::time::Duration::from_secs(60));
    // A hook that answers in time is not cut short.
    let (_d, path) = polley_with(HANG, "[plugin.pw-test-hang]\nseconds = 0.1");
    let r = run(
        &[
            "solve",
            &path,
            "--plugin-dir",
            dir,
            "--plugin-timeout",
            "30",
            "--format",
            "json",
        ],
        None,
    );
    assert_eq!(r.code, 0, "{}\n{}", r.stdout, r.stderr);
    // A bad limit is bad input.
    let r = run(
        &["check", &path, "--plugin-dir", dir, "--plugin-timeout", "0"],
        None,
    );
    assert_eq!(r.code, 1, "{}", r.stderr);
    assert!(
        r.stderr.contains("positive number of seconds"),
        "{}",
        r.stderr
    );
}
