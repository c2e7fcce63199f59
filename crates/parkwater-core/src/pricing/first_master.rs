//! Extra arcs for the first master: for each effluent, the sinks it can
//! enter with the least dilution (a direct-reuse outlet per source), on top
//! of the per-sink best sources `generate` always takes. Off by default
//! ([`super::BatchLimits::first_per_source`] = 0); measured in `mod.rs`.

use super::caps::dilution;
use crate::model::{DemandId, DemandRef, Model, SupplyId, SupplyRef};
use crate::network::ArcRules;
use rayon::prelude::*;

/// Up to `per_source` allowed source -> sink arcs per source, those needing
/// the least dilution (ties by sink order), only where the source can
/// enter the sink undiluted or nearly so (dilution ratio <= `max_ratio`).
pub(crate) fn per_source_arcs(
    model: &Model,
    rules: &ArcRules,
    per_source: usize,
    max_ratio: f64,
) -> Vec<(SupplyId, DemandId)> {
    if per_source == 0 {
        return Vec::new();
    }
    let sinks: Vec<DemandId> = (0..model.sinks.len())
        .map(|k| model.demand_id(DemandRef::Sink(k)))
        .collect();
    (0..model.sources.len())
        .into_par_iter()
        .flat_map_iter(|s| {
            let u = model.supply_id(SupplyRef::Source(s));
            let mut best: Vec<(f64, DemandId)> = sinks
                .iter()
                .filter(|&&v| rules.allows(u, v))
                .map(|&v| (dilution(model, u, v), v))
                .filter(|&(d, _)| d <= max_ratio)
                .collect();
            let n = per_source.min(best.len());
            if n > 0 && n < best.len() {
                best.select_nth_unstable_by(n - 1, |a, b| a.0.total_cmp(&b.0).then(a.1.cmp(&b.1)));
            }
            best.truncate(n);
            best.into_iter().map(move |(_, v)| (u, v))
        })
        .collect()
}

/// The source -> sink arcs of a greedy reuse plan: sinks (those with the
/// fewest good sources first) take, among their `per_sink` least-dilution
/// sources, as much effluent as their demand and their limits allow
/// (`dilution` x flow within the demand: the rest is fresh water), from
/// sources that still have flow left. Ratios above `max_ratio` are not
/// taken. Costs are ignored: a feasible, spread-out reuse pattern, so the
/// first master does not hand every sink the same few clean effluents.
pub(crate) fn greedy_arcs(
    model: &Model,
    rules: &ArcRules,
    per_sink: usize,
    max_ratio: f64,
) -> Vec<(SupplyId, DemandId)> {
    if per_sink == 0 {
        return Vec::new();
    }
    let sources: Vec<SupplyId> = (0..model.sources.len())
        .map(|s| model.supply_id(SupplyRef::Source(s)))
        .collect();
    // Each sink's candidates, least dilution first (ties by source order).
    let lists: Vec<Vec<(f64, SupplyId)>> = (0..model.sinks.len())
        .into_par_iter()
        .map(|k| {
            let v = model.demand_id(DemandRef::Sink(k));
            let mut best: Vec<(f64, SupplyId)> = sources
                .iter()
                .filter(|&&u| rules.allows(u, v))
                .map(|&u| (dilution(model, u, v), u))
                .filter(|&(d, _)| d <= max_ratio)
                .collect();
            let order =
                |a: &(f64, SupplyId), b: &(f64, SupplyId)| a.0.total_cmp(&b.0).then(a.1.cmp(&b.1));
            if best.len() > per_sink {
                best.select_nth_unstable_by(per_sink - 1, order);
                best.truncate(per_sink);
            }
            best.sort_by(order);
            best
        })
        .collect();
    // Sinks with the fewest undiluted options choose first.
    let mut order: Vec<usize> = (0..model.sinks.len()).collect();
    let undiluted = |k: usize| lists[k].iter().filter(|&&(d, _)| d <= 1.0).count();
    order.sort_by_key(|&k| (undiluted(k), k));
    let mut left = vec![0.0; model.num_supplies()];
    for (s, &u) in sources.iter().enumerate() {
        left[u.0 as usize] = model.sources[s].flow;
    }
    let mut arcs = Vec::new();
    for k in order {
        let sink = &model.sinks[k];
        let demand = if sink.min_flow > 0.0 {
            sink.min_flow
        } else {
            sink.max_flow
        };
        if !(demand.is_finite() && demand > 0.0) {
            continue;
        }
        let v = model.demand_id(DemandRef::Sink(k));
        let (mut flow, mut quality) = (demand, demand);
        for &(d, u) in &lists[k] {
            if flow <= 1e-9 || quality <= 1e-9 {
                break;
            }
            let x = left[u.0 as usize].min(flow).min(quality / d.max(1e-12));
            if x > 1e-9 {
                left[u.0 as usize] -= x;
                flow -= x;
                quality -= x * d;
                arcs.push((u, v));
            }
        }
    }
    arcs
}

/// Keeps, of the treatment product -> sink arcs in `arcs`, only each sink's
/// `per_sink` units needing the least dilution (ties by unit order); every
/// other arc stays. `per_sink` = 0 keeps them all. With 8-20 units a park
/// of n sinks has 8n-20n such arcs, most never used; pricing finds the rest.
pub(crate) fn trim_products(
    model: &Model,
    arcs: Vec<(SupplyId, DemandId)>,
    per_sink: usize,
) -> Vec<(SupplyId, DemandId)> {
    if per_sink == 0 {
        return arcs;
    }
    let is_product_to_sink = |&(u, v): &(SupplyId, DemandId)| {
        matches!(
            (model.supply(u), model.demand(v)),
            (SupplyRef::Treatment(_), DemandRef::Sink(_))
        )
    };
    let mut by_sink: Vec<Vec<(f64, SupplyId)>> = vec![Vec::new(); model.sinks.len()];
    for a in arcs.iter().filter(|a| is_product_to_sink(a)) {
        if let DemandRef::Sink(k) = model.demand(a.1) {
            by_sink[k].push((dilution(model, a.0, a.1), a.0));
        }
    }
    let mut kept = std::collections::HashSet::new();
    for (k, units) in by_sink.iter_mut().enumerate() {
        units.sort_by(|a, b| a.0.total_cmp(&b.0).then(a.1.cmp(&b.1)));
        let v = model.demand_id(DemandRef::Sink(k));
        kept.extend(units.iter().take(per_sink).map(|&(_, u)| (u, v)));
    }
    arcs.into_iter()
        .filter(|a| !is_product_to_sink(a) || kept.contains(a))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::synth::{Shape, StructuredPark};

    #[test]
    fn each_source_gets_its_least_dilution_sinks() {
        let model = StructuredPark::new(30, 30, 4, Shape::HeavyReuse)
            .scenario()
            .validate()
            .unwrap();
        let rules = ArcRules::new(&model);
        assert!(per_source_arcs(&model, &rules, 0, 1.0).is_empty());
        let arcs = per_source_arcs(&model, &rules, 3, f64::INFINITY);
        assert_eq!(arcs.len(), 3 * model.sources.len());
        for &(u, v) in &arcs {
            assert!(rules.allows(u, v));
            let worst = dilution(&model, u, v);
            // No other sink of this source needs less dilution than the ones kept, except kept ones.
            let better = (0..model.sinks.len())
                .map(|k| model.demand_id(DemandRef::Sink(k)))
                .filter(|&w| rules.allows(u, w) && dilution(&model, u, w) < worst)
                .count();
            assert!(better < 3, "{better}");
        }
        let tight = per_source_arcs(&model, &rules, 3, 1.0);
        assert!(tight.iter().all(|&(u, v)| dilution(&model, u, v) <= 1.0));
    }

    #[test]
    fn the_greedy_plan_spreads_sinks_over_sources_within_their_flow() {
        let model = StructuredPark::new(40, 40, 4, Shape::HeavyReuse)
            .scenario()
            .validate()
            .unwrap();
        let rules = ArcRules::new(&model);
        assert!(greedy_arcs(&model, &rules, 0, 4.0).is_empty());
        let arcs = greedy_arcs(&model, &rules, 10, 4.0);
        assert!(!arcs.is_empty());
        let mut seen = std::collections::HashSet::new();
        for &(u, v) in &arcs {
            assert!(rules.allows(u, v));
            assert!(seen.insert((u, v)), "each arc once");
            assert!(matches!(
                (model.supply(u), model.demand(v)),
                (SupplyRef::Source(_), DemandRef::Sink(_))
            ));
            assert!(dilution(&model, u, v) <= 4.0);
        }
        // Not every sink takes the same few clean effluents: each source's
        // flow is spent once, so the plan uses more sources than the ten
        // every sink would pick by dilution alone.
        let sources: std::collections::HashSet<_> = arcs.iter().map(|a| a.0).collect();
        let mut by_dilution: std::collections::HashSet<SupplyId> = Default::default();
        for k in 0..model.sinks.len() {
            let v = model.demand_id(DemandRef::Sink(k));
            let mut all: Vec<(f64, SupplyId)> = (0..model.sources.len())
                .map(|s| model.supply_id(SupplyRef::Source(s)))
                .filter(|&u| rules.allows(u, v))
                .map(|u| (dilution(&model, u, v), u))
                .collect();
            all.sort_by(|a, b| a.0.total_cmp(&b.0).then(a.1.cmp(&b.1)));
            by_dilution.extend(all.iter().take(1).map(|a| a.1));
        }
        assert!(
            sources.len() > by_dilution.len(),
            "{} vs {}",
            sources.len(),
            by_dilution.len()
        );
        // A tighter ratio keeps only arcs within it.
        let tight = greedy_arcs(&model, &rules, 10, 1.0);
        assert!(tight.iter().all(|&(u, v)| dilution(&model, u, v) <= 1.0));
    }

    #[test]
    fn trimming_keeps_each_sinks_best_units_and_every_other_arc() {
        let model = StructuredPark::new(30, 30, 4, Shape::SparseReuse)
            .scenario()
            .validate()
            .unwrap();
        let all: Vec<(SupplyId, DemandId)> = crate::Network::build(&model)
            .from
            .iter()
            .zip(&crate::Network::build(&model).to)
            .map(|(&u, &v)| (u, v))
            .collect();
        assert_eq!(trim_products(&model, all.clone(), 0), all);
        let trimmed = trim_products(&model, all.clone(), 2);
        let product = |&(u, v): &(SupplyId, DemandId)| {
            matches!(
                (model.supply(u), model.demand(v)),
                (SupplyRef::Treatment(_), DemandRef::Sink(_))
            )
        };
        assert_eq!(
            trimmed.iter().filter(|a| !product(a)).count(),
            all.iter().filter(|a| !product(a)).count()
        );
        assert_eq!(
            trimmed.iter().filter(|a| product(a)).count(),
            2 * model.sinks.len()
        );
    }
}
