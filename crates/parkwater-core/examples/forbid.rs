//! Forbid rules at scale: validation and network construction of a park with
//! millions of candidate arcs and thousands of `[[forbid]]` rules.
//!
//! `cargo run --release -q -p parkwater-core --example forbid -- [SIZE] [RULES]`
//! (default 1500x1500x5 and 10 000 rules: half exact source -> sink pairs,
//! a quarter `prefix*` -> sink, a quarter general wildcards (`?`, `*` inside)
//! -> sink). Prints the seconds of each phase and the arcs left.

use parkwater_core::network::ArcRules;
use parkwater_core::scenario::schema::Forbid;
use parkwater_core::synth::{Family, SyntheticPark};
use parkwater_core::Network;
use std::time::Instant;

#[path = "common/cpu.rs"]
mod cpu;
use cpu::cpu_seconds;

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let size = args.first().map_or("1500x1500x5", String::as_str);
    let rules: usize = args.get(1).map_or(10_000, |n| n.parse().expect("RULES"));
    let park = SyntheticPark::parse_size(size)
        .expect("SIZE")
        .with_family(Family::HeavyReuse);
    let mut s = park.scenario();
    let (ns, nk) = (s.sources.len(), s.sinks.len());
    for n in 0..rules {
        // A deterministic spread over sources and sinks.
        let (i, k) = ((n * 7919) % ns, (n * 104_729 + n / ns) % nk);
        let (source, sink) = (s.sources[i].id.clone(), s.sinks[k].id.clone());
        let from = match n % 4 {
            0 | 1 => source,
            // SR0123 -> SR012*: ten sources.
            2 => format!("{}*", &source[..source.len() - 1]),
            // SR0123 -> SR?123 and *0123 style patterns.
            _ if n % 8 == 3 => format!("SR?{}", &source[3..]),
            _ => format!("*{}", &source[source.len() - 3..]),
        };
        s.forbid.push(Forbid {
            from,
            to: sink,
            reason: Some("refuses this effluent".into()),
        });
    }
    let timed = |f: &mut dyn FnMut()| {
        let (clock, cpu0) = (Instant::now(), cpu_seconds());
        f();
        (clock.elapsed().as_secs_f64(), cpu_seconds() - cpu0)
    };
    let mut model = None;
    let validate = timed(&mut || model = Some(s.validate().expect("a valid park")));
    let model = model.expect("validated");
    let mut compiled = None;
    let compile = timed(&mut || compiled = Some(ArcRules::new(&model)));
    let mut network = Network::default();
    let build = timed(&mut || network = Network::build(&model));
    let candidates = model.num_supplies() * model.num_demands();
    let open = Network::build(&model.without_forbid_rules());
    drop(compiled);
    println!(
        "{size}: {candidates} supply x demand pairs, {} rules; seconds wall / CPU: \
         validate {:.3} / {:.2}, compile rules {:.3} / {:.2}, network {:.3} / {:.2} \
         (rules compiled again inside); {} arcs ({} forbidden)",
        model.forbid_rules().len(),
        validate.0,
        validate.1,
        compile.0,
        compile.1,
        build.0,
        build.1,
        network.len(),
        open.len() - network.len()
    );
}
