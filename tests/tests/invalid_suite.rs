//! The invalid-scenario suite: every file in tests/data/invalid/ states its
//! expected error on its first line, `# expect: <code> at <path>` (for JSON,
//! in `<file>.expect` beside it), and `parkwater check --format json` must
//! report that code at that path and exit 1. For file-level errors
//! (`file.syntax` where the text is not TOML or JSON at all) the path is
//! `line N`, and the message must name the file at that line; every other
//! problem names its entity and field, and its message the file position.

use parkwater_tests::{data_files, parkwater, root};
use std::collections::BTreeSet;
use std::path::PathBuf;

fn files() -> Vec<(PathBuf, String, String)> {
    data_files("invalid")
        .into_iter()
        .map(|p| {
            let text = if p.extension().is_some_and(|e| e == "json") {
                std::fs::read_to_string(format!("{}.expect", p.display())).unwrap()
            } else {
                std::fs::read_to_string(&p).unwrap()
            };
            let line = text.lines().next().unwrap_or("");
            let spec = line
                .strip_prefix("# expect: ")
                .unwrap_or_else(|| panic!("{}: first line is not '# expect: ...'", p.display()));
            let (code, path) = spec
                .split_once(" at ")
                .unwrap_or_else(|| panic!("{}: '{spec}' is not '<code> at <path>'", p.display()));
            (p, code.trim().to_string(), path.trim().to_string())
        })
        .collect()
}

#[test]
fn at_least_thirty_files_and_every_code_listed() {
    let files = files();
    assert!(files.len() >= 30, "{} files", files.len());
    let codes: BTreeSet<&str> = files.iter().map(|(_, c, _)| c.as_str()).collect();
    // Every code a scenario file can trigger is covered (file.unreadable,
    // file.too_large and network.too_large are tested in tests/hostile.rs:
    // they need a missing file, a 64 MiB file or a very large park).
    let docs = std::fs::read_to_string(root().join("docs/model.md")).unwrap();
    for code in [
        "file.syntax",
        "type.mismatch",
        "field.missing",
        "id.empty",
        "id.duplicate",
        "id.too_long",
        "ref.unknown_enterprise",
        "ref.unknown_discharge",
        "reject_to.missing",
        "reject_to.unused",
        "contaminant.duplicate",
        "contaminant.undeclared",
        "conc.missing",
        "number.not_finite",
        "number.negative",
        "number.not_positive",
        "number.out_of_range",
        "number.too_large",
        "unit.unknown",
        "kind.unknown",
        "sink.flow_spec",
        "sink.flow_range",
        "grade.unknown",
        "forbid.no_match",
        "objective.unknown",
        "objective.duplicate",
        "location.required",
        "entities.too_many",
        "operation.outlet_not_above_inlet",
        "operation.flow_too_small",
        "operation.flow_undetermined",
    ] {
        assert!(codes.contains(code), "no file for {code}");
        assert!(
            docs.contains(&format!("`{code}`")),
            "{code} is not in docs/model.md"
        );
    }
}

#[test]
fn each_file_fails_with_its_code_at_its_path() {
    let mut failures = Vec::new();
    for (path, code, at) in files() {
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        let run = parkwater(&["check", path.to_str().unwrap(), "--format", "json"]);
        if run.code != 1 {
            failures.push(format!("{name}: exit code {} (want 1)", run.code));
            continue;
        }
        let r = run.json();
        assert_eq!(r["status"], "invalid", "{name}");
        let problems = r["problems"].as_array().unwrap();
        let found = problems.iter().any(|p| {
            p["code"] == code.as_str()
                && match at.strip_prefix("line ") {
                    Some(line) => p["message"]
                        .as_str()
                        .unwrap()
                        .contains(&format!("{name}:{line}:")),
                    None => {
                        let parse_level = code.starts_with("file.")
                            || code.starts_with("type.")
                            || code.starts_with("field.");
                        p["path"] == at.as_str()
                            && (!parse_level
                                || p["message"].as_str().unwrap().contains(&format!("{name}:")))
                    }
                }
        });
        if !found {
            failures.push(format!("{name}: want {code} at {at}, got {problems:?}"));
        }
        // The human form names the file and the code too.
        let table = parkwater(&["check", path.to_str().unwrap()]);
        assert_eq!(table.code, 1, "{name}");
        assert!(table.stderr.contains(&name), "{name}: {}", table.stderr);
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn solve_refuses_the_same_files() {
    for (path, _, _) in files() {
        let run = parkwater(&["solve", path.to_str().unwrap(), "--format", "json"]);
        assert_eq!(run.code, 1, "{}: {}", path.display(), run.stderr);
    }
}
