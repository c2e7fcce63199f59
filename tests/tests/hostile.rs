//! Hostile input at the command line: oversized files are refused before
//! they are read, garbage fails fast in bounded memory, devices and
//! directories are refused, parks too large to solve are refused after
//! their counts alone. Memory is bounded with `ulimit -v` around the run.

use parkwater_tests::{binary, root};
use std::io::Write;
use std::process::Command;
use std::time::{Duration, Instant};

/// Runs the CLI under a virtual-memory limit (KiB); returns (exit code, stdout, stderr, time).
fn limited(args: &[&str], kib: u64) -> (i32, String, String, Duration) {
    let mut command = format!("ulimit -v {kib}; exec \"{}\"", binary().display());
    for a in args {
        command.push_str(&format!(" '{a}'"));
    }
    let clock = Instant::now();
    let out = Command::new("sh")
        .arg("-c")
        .arg(&command)
        .current_dir(root())
        .output()
        .unwrap();
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
        clock.elapsed(),
    )
}

fn code_of(stdout: &str) -> String {
    let v: serde_json::Value =
        serde_json::from_str(stdout).unwrap_or_else(|e| panic!("{e}: {stdout}"));
    v["problems"][0]["code"].as_str().unwrap().to_string()
}

#[test]
fn a_100_mb_file_is_refused_unread() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("huge.toml");
    // Sparse: 100 MB long, nothing written, so the test is cheap.
    std::fs::File::create(&path)
        .unwrap()
        .set_len(100 * 1024 * 1024)
        .unwrap();
    let (code, out, err, time) = limited(
        &["check", path.to_str().unwrap(), "--format", "json"],
        300_000,
    );
    assert_eq!(code, 1, "{err}");
    assert_eq!(code_of(&out), "file.too_large");
    assert!(err.contains("104857600 bytes"), "{err}");
    assert!(time < Duration::from_secs(5), "{time:?}");
}

#[test]
fn an_endless_device_is_refused() {
    // /dev/zero says it has 0 bytes; reading it unbounded would never end.
    let (code, out, err, time) = limited(&["check", "/dev/zero", "--format", "json"], 1_000_000);
    assert_eq!(code, 1, "{err}");
    assert_eq!(code_of(&out), "file.too_large");
    assert!(time < Duration::from_secs(20), "{time:?}");
}

#[test]
fn sixty_mb_of_garbage_fails_fast_in_bounded_memory() {
    let dir = tempfile::tempdir().unwrap();
    // Binary garbage (as JSON, whose limit is 64 MiB, so it is read):
    // refused as not UTF-8 at once.
    let binary_path = dir.path().join("binary.json");
    let mut x: u64 = 0x9e3779b97f4a7c15;
    let bytes: Vec<u8> = (0..60_000_000)
        .map(|_| {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            (x >> 24) as u8
        })
        .collect();
    std::fs::write(&binary_path, &bytes).unwrap();
    let (code, out, err, time) = limited(
        &["check", binary_path.to_str().unwrap(), "--format", "json"],
        1_000_000,
    );
    assert_eq!(code, 1, "{err}");
    assert_eq!(code_of(&out), "file.syntax");
    assert!(time < Duration::from_secs(10), "{time:?}");
    // Text garbage as TOML: over the TOML limit (the TOML parser would hold
    // 20 bytes per byte), refused unread.
    let text: Vec<u8> = bytes
        .iter()
        .map(|b| b"ab=[]{}\" \n0123"[(*b % 14) as usize])
        .collect();
    let text_path = dir.path().join("text.toml");
    std::fs::write(&text_path, &text).unwrap();
    let (code, out, err, time) = limited(
        &["check", text_path.to_str().unwrap(), "--format", "json"],
        1_000_000,
    );
    assert_eq!(code, 1, "{err}");
    assert_eq!(code_of(&out), "file.too_large");
    assert!(time < Duration::from_secs(10), "{time:?}");
    // The same garbage as JSON (limit 64 MiB): read, and fails at its first byte.
    let json_path = dir.path().join("text.json");
    std::fs::write(&json_path, &text).unwrap();
    let (code, out, err, time) = limited(
        &["check", json_path.to_str().unwrap(), "--format", "json"],
        1_000_000,
    );
    assert_eq!(code, 1, "{err}");
    assert_eq!(code_of(&out), "file.syntax");
    assert!(time < Duration::from_secs(10), "{time:?}");
    // 15 MiB of TOML garbage (just under the limit) fails in bounded memory.
    let small = dir.path().join("small.toml");
    std::fs::write(&small, &text[..15 * 1024 * 1024]).unwrap();
    let (code, out, err, time) = limited(
        &["check", small.to_str().unwrap(), "--format", "json"],
        1_000_000,
    );
    assert_eq!(code, 1, "{err}");
    assert_eq!(code_of(&out), "file.syntax");
    assert!(time < Duration::from_secs(10), "{time:?}");
}

#[test]
fn missing_files_and_directories_are_unreadable() {
    for path in ["/definitely/not/here.toml", "tests/data"] {
        let (code, out, err, _) = limited(&["check", path, "--format", "json"], 1_000_000);
        assert_eq!(code, 1, "{path}: {err}");
        assert_eq!(code_of(&out), "file.unreadable", "{path}");
    }
}

#[test]
fn a_park_too_large_to_solve_is_refused_after_its_counts() {
    // 5 001 x 5 001 streams: 25 million candidate arcs, one over the limit.
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("big.toml");
    let mut f = std::io::BufWriter::new(std::fs::File::create(&path).unwrap());
    writeln!(f, "contaminants = [\"C\"]").unwrap();
    for i in 0..5001 {
        writeln!(f, "[[source]]\nid = \"S{i}\"\nflow = 1\nconc = {{ C = 1 }}").unwrap();
    }
    for i in 0..5000 {
        writeln!(f, "[[sink]]\nid = \"D{i}\"\nflow = 1").unwrap();
    }
    writeln!(f, "[[discharge]]\nid = \"WW\"").unwrap();
    drop(f);
    let (code, out, err, time) = limited(
        &["solve", path.to_str().unwrap(), "--format", "json"],
        2_000_000,
    );
    assert_eq!(code, 1, "{err}");
    assert_eq!(code_of(&out), "network.too_large");
    assert!(time < Duration::from_secs(10), "{time:?}");
}

#[test]
fn many_forbid_rules_times_many_arcs_are_checked_not_refused() {
    // 1 000 x 1 000 streams and 2 100 pattern rules: refused as
    // `network.too_large` while rules were matched arc by arc; compiled per
    // node they are checked in well under a second.
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("forbid.toml");
    let mut f = std::io::BufWriter::new(std::fs::File::create(&path).unwrap());
    writeln!(f, "contaminants = [\"C\"]").unwrap();
    for i in 0..1000 {
        writeln!(f, "[[source]]\nid = \"S{i}\"\nflow = 1\nconc = {{ C = 1 }}").unwrap();
        writeln!(f, "[[sink]]\nid = \"D{i}\"\nflow = 1").unwrap();
    }
    for i in 0..2100 {
        writeln!(f, "[[forbid]]\nfrom = \"S{}*\"\nto = \"D*\"", i % 1000).unwrap();
    }
    drop(f);
    let (code, out, err, time) = limited(
        &["check", path.to_str().unwrap(), "--format", "json"],
        2_000_000,
    );
    assert_eq!(code, 0, "{out}{err}");
    assert!(time < Duration::from_secs(10), "{time:?}");
}

#[test]
fn output_into_a_closed_pipe_is_not_a_panic() {
    // `parkwater solve ... | head -1` used to panic in println!, and so did
    // `target` and `bench` until they wrote through the same helper.
    for command in [
        "solve scenarios/lianyungang-demo.toml --format json",
        "target scenarios/polley-polley-2000.toml --format json",
        "target scenarios/lianyungang-demo.toml",
        "bench --size 20x20x2 --json",
    ] {
        let out = Command::new("sh")
            .arg("-c")
            .arg(format!("\"{}\" {command} | true", binary().display()))
            .current_dir(root())
            .output()
            .unwrap();
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(!stderr.contains("panicked"), "{command}: {stderr}");
    }
}
