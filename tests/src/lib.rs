//! Helpers for the end-to-end tests: find and run the `parkwater` binary,
//! locate bundled scenarios, read published answers from scenario comments.

#![forbid(unsafe_code)]

use std::path::{Path, PathBuf};
use std::process::Command;

/// The workspace root.
pub fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("tests/ sits in the workspace")
        .to_path_buf()
}

/// The `parkwater` binary built by `cargo test --workspace` in the same profile.
pub fn binary() -> PathBuf {
    let exe = std::env::current_exe().expect("test executable path");
    // target/<profile>/deps/<test>  ->  target/<profile>/parkwater
    let path = exe
        .parent()
        .and_then(Path::parent)
        .expect("target dir")
        .join("parkwater");
    assert!(
        path.exists(),
        "{} is missing: build it first: `cargo build --release -p parkwater-cli` (scripts/test.sh does)",
        path.display()
    );
    path
}

/// The scenario files (`.toml`, `.json`) of a folder under `tests/data`, sorted.
pub fn data_files(folder: &str) -> Vec<PathBuf> {
    let dir = root().join("tests/data").join(folder);
    let mut paths: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .map(|e| e.expect("a directory entry").path())
        .filter(|p| p.extension().is_some_and(|e| e == "toml" || e == "json"))
        .collect();
    paths.sort();
    paths
}

/// Output of one CLI run.
#[derive(Debug)]
pub struct Run {
    /// Exit code.
    pub code: i32,
    /// Standard output.
    pub stdout: String,
    /// Standard error.
    pub stderr: String,
}

impl Run {
    /// Standard output parsed as JSON.
    pub fn json(&self) -> serde_json::Value {
        serde_json::from_str(&self.stdout).unwrap_or_else(|e| {
            panic!(
                "stdout is not JSON ({e}):\n{}\nstderr:\n{}",
                self.stdout, self.stderr
            )
        })
    }
}

/// Runs the CLI with arguments, from the workspace root.
pub fn parkwater(args: &[&str]) -> Run {
    let out = Command::new(binary())
        .args(args)
        .current_dir(root())
        .output()
        .expect("run parkwater");
    Run {
        code: out.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
    }
}

/// Published answers from a `# expected: freshwater = 70.0, wastewater = 50.0, ...` line.
pub fn expected(path: &Path) -> Option<Vec<(String, f64)>> {
    let text = std::fs::read_to_string(path).ok()?;
    let line = text
        .lines()
        .find_map(|l| l.trim().strip_prefix("# expected:"))?;
    Some(
        line.split(',')
            .filter_map(|kv| {
                let (k, v) = kv.split_once('=')?;
                Some((k.trim().to_string(), v.trim().parse().ok()?))
            })
            .collect(),
    )
}

/// Relative difference.
pub fn rel(a: f64, b: f64) -> f64 {
    (a - b).abs() / b.abs().max(1.0)
}

/// The design tests' park: enterprises A (0, 0), B (1, 0), C (0, 1) and
/// D (1, 1) km, fresh water at 4 CNY/t, outfall 1 CNY/t, 8000 h/yr, least
/// cost; sources (id, enterprise, t/h, COD) and sinks (id, enterprise, t/h,
/// max COD), plus extra TOML.
pub fn design_park(
    sources: &[(&str, &str, f64, f64)],
    sinks: &[(&str, &str, f64, f64)],
    extra: &str,
) -> String {
    let mut t = String::from(
        "contaminants = [\"COD\"]\n[park]\nname = \"t\"\nhours_per_year = 8000\n\
         [[intake]]\nid = \"FW\"\nkind = \"tap\"\nconc = { COD = 0 }\nprice = 4.0\n\
         [[discharge]]\nid = \"WW\"\nfee = 1.0\n[objective]\nminimize = \"cost\"\n",
    );
    for (id, x, y) in [
        ("A", 0.0, 0.0),
        ("B", 1.0, 0.0),
        ("C", 0.0, 1.0),
        ("D", 1.0, 1.0),
    ] {
        t += &format!("[[enterprise]]\nid = \"{id}\"\nlocation = [{x}, {y}]\n");
    }
    for (id, e, f, c) in sources {
        t += &format!(
            "[[source]]\nid = \"{id}\"\nenterprise = \"{e}\"\nflow = {f}\nconc = {{ COD = {c} }}\n"
        );
    }
    for (id, e, f, c) in sinks {
        t += &format!("[[sink]]\nid = \"{id}\"\nenterprise = \"{e}\"\nflow = {f}\nmax_conc = {{ COD = {c} }}\n");
    }
    t + extra
}
