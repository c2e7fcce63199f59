//! The park report opened in a real browser: headless Chromium (Debian's
//! `chromium`, installed by scripts/setup.sh) loads each report from disk
//! with every request sent to a dead-end proxy on loopback, dumps the DOM
//! after the scripts ran and logs the console. Checked: no console message,
//! no request leaving the file, KPI values equal to the JSON's, one Sankey
//! link per flow above the drawing threshold, one map marker per located
//! place. Screenshots go to target/report-screens/ for a person to look at.

use parkwater_tests::{parkwater, root};
use serde_json::Value;
use std::io::Read;
use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

const DEMO: &str = "scenarios/lianyungang-demo.toml";

fn chromium() -> PathBuf {
    let path = std::env::var_os("PATH").unwrap_or_default();
    for dir in std::env::split_paths(&path) {
        for name in ["chromium", "chromium-browser"] {
            let p = dir.join(name);
            if p.is_file() {
                return p;
            }
        }
    }
    panic!("headless Chromium is missing: run scripts/setup.sh (installs Debian's `chromium`)");
}

/// What the browser did with a page.
struct Opened {
    dom: String,
    console: Vec<String>,
    requests: Vec<String>,
}

/// The browser's own services (update checks, sign-in), which Chromium
/// contacts at start-up whatever the page: not requests of the page.
fn browser_service(request: &str) -> bool {
    let host = request
        .split_whitespace()
        .nth(1)
        .unwrap_or("")
        .trim_start_matches("http://")
        .split(['/', ':'])
        .next()
        .unwrap_or("");
    ["google.com", "googleapis.com", "gstatic.com"]
        .iter()
        .any(|d| host == *d || host.ends_with(&format!(".{d}")))
}

/// Opens `page` in headless Chromium. Every request goes to a proxy on
/// loopback that records its first line and answers nothing, so nothing
/// leaves the machine and every attempt is seen.
fn open(page: &Path, screenshot: Option<&Path>) -> Opened {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    listener.set_nonblocking(true).unwrap();
    let port = listener.local_addr().unwrap().port();
    let seen = Arc::new(Mutex::new(Vec::<String>::new()));
    let stop = Arc::new(AtomicBool::new(false));
    let proxy = {
        let (seen, stop) = (seen.clone(), stop.clone());
        std::thread::spawn(move || {
            while !stop.load(Ordering::Relaxed) {
                match listener.accept() {
                    Ok((mut s, _)) => {
                        let _ = s.set_read_timeout(Some(Duration::from_millis(500)));
                        let mut buf = [0u8; 512];
                        let n = s.read(&mut buf).unwrap_or(0);
                        let text = String::from_utf8_lossy(&buf[..n]);
                        let line = text.lines().next().unwrap_or("").to_string();
                        seen.lock().unwrap().push(line);
                    }
                    Err(_) => std::thread::sleep(Duration::from_millis(20)),
                }
            }
        })
    };
    let profile = tempfile::tempdir().unwrap();
    let url = format!("file://{}", page.canonicalize().unwrap().display());
    let mut cmd = Command::new(chromium());
    cmd.args([
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--hide-scrollbars",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--no-pings",
        "--disable-domain-reliability",
        "--disable-breakpad",
        "--enable-logging=stderr",
        "--v=0",
        "--virtual-time-budget=4000",
        "--proxy-bypass-list=<-loopback>",
    ])
    .arg(format!("--proxy-server=http://127.0.0.1:{port}"))
    .arg(format!("--user-data-dir={}", profile.path().display()));
    match screenshot {
        Some(png) => {
            cmd.arg("--window-size=1280,5200")
                .arg(format!("--screenshot={}", png.display()));
        }
        None => {
            cmd.arg("--dump-dom");
        }
    }
    let out = cmd.arg(&url).output().expect("run chromium");
    stop.store(true, Ordering::Relaxed);
    proxy.join().unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    let console = stderr
        .lines()
        .filter(|l| l.contains(":CONSOLE"))
        .map(str::to_string)
        .collect();
    let requests = seen
        .lock()
        .unwrap()
        .iter()
        .filter(|r| !browser_service(r))
        .cloned()
        .collect();
    assert!(out.status.success(), "chromium failed: {stderr}");
    Opened {
        dom: String::from_utf8_lossy(&out.stdout).into_owned(),
        console,
        requests,
    }
}

/// Values of `attr="..."` in tags that also carry `data-value="..."` right after it.
fn attr_pairs(dom: &str, attr: &str) -> Vec<(String, String)> {
    let key = format!("{attr}=\"");
    dom.match_indices(&key)
        .filter_map(|(i, _)| {
            let rest = &dom[i + key.len()..];
            let name = &rest[..rest.find('"')?];
            let rest = rest[name.len() + 1..].strip_prefix(" data-value=\"")?;
            Some((name.to_string(), rest[..rest.find('"')?].to_string()))
        })
        .collect()
}

fn screens() -> PathBuf {
    let dir = root().join("target/report-screens");
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

fn clean(opened: &Opened, what: &str) {
    assert!(
        opened.console.is_empty(),
        "{what}: console messages {:?}",
        opened.console
    );
    assert!(
        opened.requests.is_empty(),
        "{what}: requests left the file {:?}",
        opened.requests
    );
}

fn screenshot(page: &Path, name: &str) {
    let png = screens().join(name);
    let _ = std::fs::remove_file(&png);
    let shot = open(page, Some(&png));
    clean(&shot, name);
    let bytes = std::fs::read(&png).expect("screenshot written");
    assert!(
        bytes.starts_with(b"\x89PNG") && bytes.len() > 50_000,
        "{name}: a blank screenshot?"
    );
}

#[test]
fn the_harness_catches_console_messages_and_outside_requests() {
    let dir = tempfile::tempdir().unwrap();
    let page = dir.path().join("leaky.html");
    std::fs::write(
        &page,
        "<html><body><img src=\"http://example.invalid/x.png\"><script>console.error('boom')</script></body></html>",
    )
    .unwrap();
    let opened = open(&page, None);
    assert!(
        opened.console.iter().any(|l| l.contains("boom")),
        "{:?}",
        opened.console
    );
    assert!(
        opened
            .requests
            .iter()
            .any(|r| r.contains("example.invalid")),
        "{:?}",
        opened.requests
    );
}

fn demo_json(dir: &Path) -> (Value, PathBuf) {
    let run = parkwater(&["solve", DEMO, "--format", "json"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let path = dir.join("demo.json");
    std::fs::write(&path, &run.stdout).unwrap();
    (run.json(), path)
}

/// Enterprises with a location, and intakes, units and outfalls with one
/// (their own or their enterprise's): the map's markers.
fn located_places(scenario: &str) -> usize {
    let model = parkwater_core::Scenario::from_path(root().join(scenario))
        .unwrap()
        .validate()
        .unwrap();
    let at = |own: Option<[f64; 2]>, e: Option<usize>| {
        own.or_else(|| e.and_then(|e| model.enterprises[e].location))
            .is_some()
    };
    model
        .enterprises
        .iter()
        .filter(|e| e.location.is_some())
        .count()
        + model
            .intakes
            .iter()
            .filter(|x| x.location.is_some())
            .count()
        + model
            .treatments
            .iter()
            .filter(|t| at(t.location, t.enterprise))
            .count()
        + model
            .discharges
            .iter()
            .filter(|d| d.location.is_some())
            .count()
}

/// Flows and rejects at or above 0.01 % of the largest (the report's default threshold).
fn drawable(result: &Value) -> usize {
    let all: Vec<f64> = ["flows", "rejects"]
        .iter()
        .flat_map(|k| result[*k].as_array().unwrap().iter())
        .map(|f| f["flow"].as_f64().unwrap())
        .collect();
    let largest = all.iter().copied().fold(0.0, f64::max);
    all.iter().filter(|&&f| f >= 1e-4 * largest).count()
}

fn check_kpis(dom: &str, result: &Value) -> usize {
    let pairs = attr_pairs(dom, "data-kpi");
    let mut checked = 0;
    for (key, value) in &pairs {
        if key.starts_with("derived.") {
            continue;
        }
        if value.is_empty() {
            // A KPI without one figure (null, or a table such as new_water).
            assert!(!result["kpis"][key].is_number(), "kpis.{key} shown empty");
            continue;
        }
        let json = result["kpis"][key]
            .as_f64()
            .unwrap_or_else(|| panic!("kpis.{key} is not a number in the JSON"));
        let shown: f64 = value.parse().unwrap();
        assert_eq!(shown, json, "kpis.{key}");
        checked += 1;
    }
    checked
}

#[test]
fn demo_report_in_the_browser() {
    let dir = tempfile::tempdir().unwrap();
    let (result, _) = demo_json(dir.path());
    let page = dir.path().join("demo.html");
    let run = parkwater(&["report", DEMO, "--out", page.to_str().unwrap()]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let opened = open(&page, None);
    clean(&opened, "demo");
    let dom = &opened.dom;
    // KPI figures equal the JSON's, every one of them.
    let checked = check_kpis(dom, &result);
    assert!(checked >= 6, "only {checked} KPIs checked");
    for (name, value) in attr_pairs(dom, "data-objective") {
        let json = result["objective"][&name].as_f64().unwrap();
        assert_eq!(value.parse::<f64>().unwrap(), json, "objective.{name}");
    }
    for (id, value) in attr_pairs(dom, "data-enterprise") {
        let json = result["kpis"]["freshwater_by_enterprise"][&id]
            .as_f64()
            .unwrap();
        assert_eq!(value.parse::<f64>().unwrap(), json, "freshwater of {id}");
    }
    // One Sankey link per flow above the threshold, drawn by d3-sankey.
    let links = dom.matches("<path class=\"link\"").count();
    assert_eq!(links, drawable(&result), "Sankey links");
    assert!(dom.contains(&format!("data-links-drawn=\"{links}\"")));
    // The map: one marker per located place.
    let markers = dom.matches("<g class=\"marker ").count();
    assert_eq!(markers, located_places(DEMO), "map markers");
    // Every flow in the table.
    let rows = dom.matches("<tr data-from=").count();
    assert_eq!(
        rows,
        result["flows"].as_array().unwrap().len() + result["rejects"].as_array().unwrap().len()
    );
    screenshot(&page, "demo.png");
    print_a4(&page, "demo.pdf");
}

/// Prints the page to PDF as Chromium's print dialog would, into
/// target/report-screens/, and checks every page is A4 (595 x 842 pt).
fn print_a4(page: &Path, name: &str) {
    let pdf = screens().join(name);
    let _ = std::fs::remove_file(&pdf);
    let profile = tempfile::tempdir().unwrap();
    let out = Command::new(chromium())
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--no-pdf-header-footer",
        ])
        .args([
            "--virtual-time-budget=4000",
            "--disable-background-networking",
        ])
        .arg(format!("--user-data-dir={}", profile.path().display()))
        .arg(format!("--print-to-pdf={}", pdf.display()))
        .arg(format!("file://{}", page.canonicalize().unwrap().display()))
        .output()
        .expect("run chromium");
    assert!(out.status.success());
    let bytes = std::fs::read(&pdf).expect("PDF written");
    let text = String::from_utf8_lossy(&bytes);
    let boxes: Vec<&str> = text
        .match_indices("/MediaBox [")
        .map(|(i, _)| {
            let rest = &text[i + 11..];
            &rest[..rest.find(']').unwrap()]
        })
        .collect();
    assert!(boxes.len() >= 2, "{name}: {} pages", boxes.len());
    for b in boxes {
        let v: Vec<f64> = b.split_whitespace().map(|x| x.parse().unwrap()).collect();
        assert!(
            (v[2] - 595.0).abs() < 1.5 && (v[3] - 842.0).abs() < 1.5,
            "{name}: page {b} is not A4"
        );
    }
}

#[test]
fn infeasible_report_shows_the_diagnosis_in_the_cli_words() {
    let dir = tempfile::tempdir().unwrap();
    let scenario = "tests/data/infeasible/intake-cap.toml";
    let json = parkwater(&["solve", scenario, "--format", "json"]);
    assert_eq!(json.code, 2);
    let result = json.json();
    let page = dir.path().join("infeasible.html");
    let run = parkwater(&["report", scenario, "--out", page.to_str().unwrap()]);
    assert_eq!(run.code, 2, "{}", run.stderr);
    let opened = open(&page, None);
    clean(&opened, "infeasible");
    let d = &result["diagnosis"];
    let summary = d["summary"].as_str().unwrap();
    let escaped = summary
        .replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;");
    assert!(opened.dom.contains(&escaped), "summary missing: {summary}");
    let table = &opened.dom[opened.dom.find("data-table=\"conflicting\"").unwrap()..];
    let table = &table[..table.find("</table>").unwrap()];
    assert_eq!(
        table.matches("<tr>").count() - 1,
        d["conflicting"].as_array().unwrap().len()
    );
    assert!(
        !opened.dom.contains("class=\"card "),
        "no KPI cards without flows"
    );
    screenshot(&page, "infeasible.png");
}

#[test]
fn design_report_draws_the_pipes_on_the_map() {
    let dir = tempfile::tempdir().unwrap();
    let (mut result, _) = demo_json(dir.path());
    // A hand-made design section (MODEL.md's contract) over the demo's
    // optimum: pipes for its three largest flows between enterprises.
    let model = parkwater_core::Scenario::from_path(root().join(DEMO))
        .unwrap()
        .validate()
        .unwrap();
    let owner = |id: &str| {
        model
            .sources
            .iter()
            .find(|s| s.id == id)
            .and_then(|s| s.enterprise)
            .or_else(|| {
                model
                    .sinks
                    .iter()
                    .find(|s| s.id == id)
                    .and_then(|s| s.enterprise)
            })
    };
    let mut pipes: Vec<Value> = Vec::new();
    for f in result["flows"].as_array().unwrap() {
        let (from, to) = (f["from"].as_str().unwrap(), f["to"].as_str().unwrap());
        if let (Some(a), Some(b)) = (owner(from), owner(to)) {
            if a != b && pipes.len() < 3 {
                let (p, q) = (
                    model.enterprises[a].location.unwrap(),
                    model.enterprises[b].location.unwrap(),
                );
                let km = 1.3 * ((p[0] - q[0]).powi(2) + (p[1] - q[1]).powi(2)).sqrt();
                let capex = 300_000.0 + 1_200_000.0 * km;
                pipes.push(serde_json::json!({"from": from, "to": to, "length_km": km,
                    "flow": f["flow"], "existing": false, "capex": capex, "annual_capex": capex * 0.1019}));
            }
        }
    }
    assert_eq!(pipes.len(), 3);
    let capex: f64 = pipes.iter().map(|p| p["capex"].as_f64().unwrap()).sum();
    result["design"] = serde_json::json!({"pipes": pipes,
        "units": [{"id": "RO-NEW", "built": true, "capex": 3.0e7, "annual_capex": 3.06e6}],
        "capex": capex + 3.0e7, "annual_capex": (capex + 3.0e7) * 0.1019, "objective_bound": 1.0e8, "gap": 1e-5});
    result["kpis"]["pipes_built"] = serde_json::json!(3);
    result["kpis"]["capex"] = serde_json::json!(capex + 3.0e7);
    result["kpis"]["a_kpi_from_a_newer_engine"] = serde_json::json!(0.5);
    let saved = dir.path().join("design.json");
    std::fs::write(&saved, result.to_string()).unwrap();
    let page = dir.path().join("design.html");
    let run = parkwater(&[
        "report",
        DEMO,
        "--result",
        saved.to_str().unwrap(),
        "--out",
        page.to_str().unwrap(),
    ]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let opened = open(&page, None);
    clean(&opened, "design");
    let dom = &opened.dom;
    assert_eq!(
        dom.matches("<g class=\"map-pipe\"").count(),
        3,
        "pipes on the map"
    );
    assert_eq!(
        dom.matches("<tr class=\"new\" data-pipe=").count(),
        3,
        "pipe rows"
    );
    assert!(dom.contains("RO-NEW"));
    check_kpis(dom, &result);
    assert!(dom.contains("data-kpi=\"a_kpi_from_a_newer_engine\" data-value=\"0.5\""));
    screenshot(&page, "design.png");
}
