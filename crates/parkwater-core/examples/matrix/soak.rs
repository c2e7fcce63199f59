//! `matrix soak SEED N [sizes=LO-HI]`: N random structured parks, each
//! solved priced and as the full LP, and the two answers compared.
//!
//! The matrix measures a few fixed parks; the soak looks for the parks
//! where pricing and the full LP disagree. Each park draws its size
//! (60-180 enterprises' worth of sources and sinks unless `sizes=LO-HI`,
//! 2-6 contaminants), its family, its generator seed, some of the
//! structured generator's knobs and `[policy]` caps, and one of seven
//! objective lists. A park agrees
//! when both runs end in the same status and, when optimal, every
//! objective matches within 1e-6 relative, the priced answer's
//! certificate is at least -1e-7 and both verify within 1e-6. The priced
//! run goes through the whole pipeline, so its fallbacks count: the
//! `method` column says when the full LP answered for it.
//!
//! Exits 1 when any park disagrees; every line is a `matrix one` command
//! that reproduces its park.

use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;
use serde_json::Value;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

/// The objective lists drawn from: every order that mattered so far.
const OBJECTIVES: [&str; 7] = [
    "freshwater,discharge,cost",
    "discharge,freshwater,cost",
    "cost,freshwater,discharge",
    "freshwater,cost,discharge",
    "discharge,cost,freshwater",
    "freshwater,cost",
    "discharge,cost",
];

const FAMILIES: [&str; 4] = ["sparse", "heavy", "treatment", "forbid"];

/// Sources (and sinks) per park unless `sizes=LO-HI` says otherwise: small
/// enough that the full LP answers in seconds.
const SIZES: (i32, i32) = (60, 180);

/// A child that runs longer than this is a failure of its own.
const CHILD_LIMIT: Duration = Duration::from_secs(900);

/// The range a knob is drawn from: whole numbers (inclusive) or a share.
enum Draw {
    Count(i32, i32),
    Share(f64, f64),
}

/// One drawn park: the arguments of `matrix one` after its mode.
struct Park {
    size: String,
    family: &'static str,
    seed: u64,
    extra: Vec<String>,
}

impl Park {
    fn draw(rng: &mut ChaCha8Rng, sizes: (i32, i32)) -> Park {
        let s = rng.random_range(sizes.0..=sizes.1);
        let k = rng.random_range(2..=6);
        let family = FAMILIES[rng.random_range(0..FAMILIES.len())];
        let seed = rng.random_range(1..=1_000_000);
        // Each knob set with its chance, in this order (a seed's parks
        // depend on it).
        let draws = [
            ("treatments", 0.5, Draw::Count(1, 20)),
            ("cheap_intake_share", 0.4, Draw::Share(0.0, 0.6)),
            ("clean_intake_share", 0.3, Draw::Share(0.3, 1.0)),
            ("treatment_share", 0.4, Draw::Share(0.05, 0.95)),
            ("enterprises", 0.3, Draw::Count(5, s)),
            ("min_reuse_rate", 0.2, Draw::Share(0.1, 0.9)),
            ("max_intake_share", 0.2, Draw::Share(0.2, 1.0)),
            ("max_discharge_share", 0.2, Draw::Share(0.1, 1.0)),
        ];
        let mut knobs = Vec::new();
        for (name, chance, draw) in draws {
            if rng.random_bool(chance) {
                knobs.push(match draw {
                    Draw::Count(lo, hi) => format!("{name}={}", rng.random_range(lo..=hi)),
                    Draw::Share(lo, hi) => format!("{name}={:.3}", rng.random_range(lo..hi)),
                });
            }
        }
        let objective = OBJECTIVES[rng.random_range(0..OBJECTIVES.len())];
        let mut extra = vec![format!("objective={objective}")];
        if !knobs.is_empty() {
            extra.push(format!("park={}", knobs.join(",")));
        }
        Park {
            size: format!("{s}x{s}x{k}"),
            family,
            seed,
            extra,
        }
    }

    /// `matrix one` in `mode` on this park: its JSON line, or why not.
    fn run(&self, mode: &str) -> Result<(Value, f64), String> {
        let exe = std::env::current_exe().map_err(|e| e.to_string())?;
        let seed = self.seed.to_string();
        let mut child = Command::new(exe)
            .args(["one", &self.size, self.family, &seed, mode])
            .args(&self.extra)
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .map_err(|e| e.to_string())?;
        let clock = Instant::now();
        while child.try_wait().map_err(|e| e.to_string())?.is_none() {
            if clock.elapsed() > CHILD_LIMIT {
                let _ = child.kill();
                let _ = child.wait();
                return Err(format!("no answer in {} s", CHILD_LIMIT.as_secs()));
            }
            std::thread::sleep(Duration::from_millis(50));
        }
        let seconds = clock.elapsed().as_secs_f64();
        let output = child.wait_with_output().map_err(|e| e.to_string())?;
        let text = String::from_utf8_lossy(&output.stdout);
        match text
            .trim()
            .lines()
            .last()
            .map(serde_json::from_str::<Value>)
        {
            Some(Ok(line)) if output.status.success() => Ok((line, seconds)),
            _ => {
                let err = String::from_utf8_lossy(&output.stderr);
                let tail: String = err.chars().rev().take(400).collect();
                Err(format!(
                    "crashed: {}",
                    tail.chars().rev().collect::<String>()
                ))
            }
        }
    }

    fn command(&self) -> String {
        format!(
            "{} {} {} {}",
            self.size,
            self.family,
            self.seed,
            self.extra.join(" ")
        )
    }
}

/// What differs between the priced and the full answer (empty: they agree).
fn disagreements(priced: &Value, full: &Value) -> Vec<String> {
    let mut bad = Vec::new();
    let status = |v: &Value| v["status"].as_str().unwrap_or("-").to_string();
    if status(priced) != status(full) {
        bad.push(format!("status {} vs {}", status(priced), status(full)));
        return bad;
    }
    if status(priced) != "optimal" {
        return bad;
    }
    if let Some(objectives) = full["objectives"].as_object() {
        for (name, z) in objectives {
            let z = z.as_f64().unwrap_or(f64::NAN);
            let zp = priced["objectives"][name].as_f64();
            match zp {
                Some(zp) if (zp - z).abs() <= 1e-6 * z.abs().max(1.0) => {}
                _ => bad.push(format!("{name} {zp:?} vs {z}")),
            }
        }
    }
    // The full LP's fallback answers carry no certificate (NaN -> null).
    if let Some(c) = priced["certificate"].as_f64() {
        if c < -1e-7 {
            bad.push(format!("certificate {c:.2e}"));
        }
    }
    for (which, v) in [("priced", priced), ("full", full)] {
        let violation = v["violation"].as_f64().unwrap_or(f64::INFINITY);
        if violation > 1e-6 {
            bad.push(format!("{which} violation {violation:.2e}"));
        }
    }
    bad
}

pub fn soak(args: &[String]) {
    let seed: u64 = args
        .first()
        .and_then(|s| s.parse().ok())
        .expect("usage: matrix soak SEED N [sizes=LO-HI]");
    let n: usize = args
        .get(1)
        .and_then(|s| s.parse().ok())
        .expect("usage: matrix soak SEED N [sizes=LO-HI]");
    let sizes = match args.get(2) {
        None => SIZES,
        Some(arg) => arg
            .strip_prefix("sizes=")
            .and_then(|r| r.split_once('-'))
            .and_then(|(lo, hi)| Some((lo.parse().ok()?, hi.parse().ok()?)))
            .filter(|(lo, hi)| 5 <= *lo && lo <= hi)
            .expect("usage: matrix soak SEED N [sizes=LO-HI]"),
    };
    let mut rng = ChaCha8Rng::seed_from_u64(seed);
    let mut failed = 0;
    let mut statuses = std::collections::BTreeMap::<String, usize>::new();
    for i in 1..=n {
        let park = Park::draw(&mut rng, sizes);
        let (priced, full) = (park.run("priced"), park.run("full"));
        let (verdict, detail) = match (&priced, &full) {
            (Ok((p, ps)), Ok((f, fs))) => {
                let bad = disagreements(p, f);
                *statuses
                    .entry(p["status"].as_str().unwrap_or("-").to_string())
                    .or_default() += 1;
                let method = p["method"].as_str().unwrap_or("-");
                let times = format!("priced {ps:.1} s ({method}), full {fs:.1} s");
                if bad.is_empty() {
                    ("ok ", format!("{} | {times}", p["status"]))
                } else {
                    ("BAD", format!("{} | {times}", bad.join("; ")))
                }
            }
            (p, f) => (
                "BAD",
                format!(
                    "priced: {} | full: {}",
                    p.as_ref().err().map_or("ran", String::as_str),
                    f.as_ref().err().map_or("ran", String::as_str)
                ),
            ),
        };
        if verdict == "BAD" {
            failed += 1;
        }
        println!("{verdict} {i:>3} {} | {detail}", park.command());
    }
    println!("{} of {n} agree; statuses {statuses:?}", n - failed);
    if failed > 0 {
        std::process::exit(1);
    }
}
