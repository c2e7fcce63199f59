//! Synthetic design parks for benchmarks: a `crate::synth` park of about
//! 1.5 sources and 1.5 sinks per enterprise and two contaminants, its
//! enterprises spread over an 8 x 6 km park, with a `[design]`: pipes up to
//! 9 km, a minimum pipe flow and pipe-count limits, the sewer into the WWTP
//! existing, one dedicated enterprise and the RO as a candidate unit.

use crate::scenario::schema::{DesignSpec, PipeSpec};
use crate::scenario::Scenario;
use crate::synth::SyntheticPark;

/// The design park of `enterprises` enterprises (streams = 1.5 x that).
pub fn design_park(enterprises: usize, seed: u64) -> Scenario {
    let streams = (enterprises * 3).div_ceil(2).max(2);
    let mut park = SyntheticPark::size(streams, streams, 2).with_seed(seed);
    park.enterprises = enterprises.max(1);
    let mut s = park.scenario();
    s.park.name = format!("design park, {enterprises} enterprises, seed {seed}");
    s.park.pipe_cost = None;
    // Onto 8 x 6 km.
    let (mx, my) = s
        .enterprises
        .iter()
        .filter_map(|e| e.location)
        .fold((1e-9_f64, 1e-9_f64), |(a, b), [x, y]| (a.max(x), b.max(y)));
    for e in &mut s.enterprises {
        if let Some([x, y]) = e.location {
            e.location = Some([x * 8.0 / mx, y * 6.0 / my]);
        }
    }
    for x in &mut s.intakes {
        if let Some([_, y]) = x.location {
            x.location = Some([0.0, (y * 6.0 / my).min(6.0)]);
        }
    }
    for t in &mut s.treatments {
        if let Some([x, y]) = t.location {
            t.location = Some([(x * 8.0 / mx).min(8.0), (y * 6.0 / my).min(6.0)]);
        }
        if t.id == "RO" {
            t.candidate = Some(true);
            t.capex = Some(3.0e7);
        }
    }
    if let Some(e) = s.enterprises.first_mut() {
        e.dedicated = Some(true);
    }
    s.design = Some(DesignSpec {
        pipe_capex_fixed: Some(3.0e5),
        pipe_capex_per_km: Some(1.2e6),
        discount_rate: Some(0.08),
        lifetime_years: Some(20.0),
        route_factor: Some(1.3),
        max_pipe_km: Some(9.0),
        min_pipe_flow: Some(5.0),
        max_pipes_out: Some(3),
        max_pipes_in: Some(4),
        max_capex: None,
        mip_gap: Some(1e-4),
        price_min_pipes: None,
    });
    s.pipes.push(PipeSpec {
        from: "*".into(),
        to: "WWTP".into(),
        existing: Some(true),
        ..Default::default()
    });
    s
}

#[cfg(test)]
mod tests {
    #[test]
    fn a_design_park_is_valid_and_spans_the_park() {
        let s = super::design_park(12, 7);
        let m = s.validate().expect("valid");
        let d = m.design.as_ref().unwrap();
        assert_eq!(d.max_pipe_km, Some(9.0));
        assert!(m.enterprises.iter().all(|e| {
            let [x, y] = e.location.unwrap();
            (0.0..=8.0 + 1e-9).contains(&x) && (0.0..=6.0 + 1e-9).contains(&y)
        }));
        assert!(d.treatment_units.iter().any(|u| u.is_some()));
    }
}
