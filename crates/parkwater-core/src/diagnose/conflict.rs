//! A minimal set of conflicting rows (an irreducible infeasible subsystem).
//!
//! First HiGHS's own IIS: its rows are checked to be infeasible together
//! and then put through a deletion filter, so what is reported is proven
//! irreducible (every member is needed) whatever HiGHS's flag says. When
//! HiGHS gives no IIS, or one that does not check out, the classical
//! fallback (Chinneck's elastic filter, then the deletion filter) finds one:
//! solve the elastic LP, make every row it had to relax hard, repeat until
//! the elastic LP itself is infeasible; the hard rows with the physics rows
//! then contain an IIS, which the deletion filter extracts.

use super::elastic::{relaxable, Probe};
use crate::formulate::RowKey;
use crate::solve::SolveError;
use std::collections::HashMap;

/// Most LP solves the filters may spend; beyond it the set found so far is
/// reported, marked not minimal (by the deletion filter: a set proven
/// infeasible; by the elastic filter, none is proven yet: an empty set).
/// The checks are warm re-solves of one HiGHS
/// instance (tens of milliseconds on a 15 000-arc park), so a conflict of
/// several hundred rows fits.
pub(crate) const MAX_FILTER_SOLVES: usize = 2_000;

/// Most seconds the filters may spend (or the solve's time limit, when
/// smaller); beyond it the set found so far is reported, not minimal (as
/// for MAX_FILTER_SOLVES).
pub(crate) const MAX_FILTER_SECONDS: f64 = 60.0;

/// Arcs above which the filters are skipped (each test solves the whole LP);
/// HiGHS's IIS is then reported as it is.
pub(crate) const MAX_FILTER_ARCS: usize = 200_000;

/// How the conflicting set was found, in the order the ways are tried.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Method {
    /// HiGHS's IIS (confirmed by the deletion filter when small enough).
    Iis,
    /// The rows of a dual ray (a Farkas certificate) of the LP with every
    /// row, reduced by the deletion filter (no usable IIS from HiGHS).
    DualRay,
    /// Elastic filter + deletion filter (no usable IIS nor dual ray).
    ElasticFilter,
}

impl Method {
    /// The name used in JSON.
    pub fn name(self) -> &'static str {
        match self {
            Method::Iis => "iis",
            Method::DualRay => "dual_ray",
            Method::ElasticFilter => "elastic_filter",
        }
    }
}

/// The conflicting rows found, sorted by key.
#[derive(Debug, Clone)]
pub struct ConflictSet {
    /// Row indices into the probe's LP.
    pub rows: Vec<usize>,
    /// How they were found.
    pub method: Method,
    /// Whether the set is proven irreducible.
    pub minimal: bool,
}

/// Finds a minimal conflicting set, starting from HiGHS's IIS `iis` (row
/// keys; may be empty), else from a dual ray, else by the elastic filter;
/// `first` skips the ways before it (tests of the fallbacks).
/// For probes of at most MAX_FILTER_ARCS arcs: larger parks take
/// [`unfiltered`] (`diagnose::run` decides, before any probe is built).
/// Every solve stops at the filters' deadline ([`Probe::bounded`]).
pub fn find(probe: &mut Probe, iis: &[RowKey], first: Method) -> Result<ConflictSet, SolveError> {
    probe.bounded(|probe| filter(probe, iis, first))
}

fn filter(probe: &mut Probe, iis: &[RowKey], first: Method) -> Result<ConflictSet, SolveError> {
    let m = probe.num_rows();
    if first == Method::Iis {
        let rows = rows_of(probe, iis);
        if !rows.is_empty() {
            let set = members(m, &rows);
            if probe.feasible(&|r| set[r])? == Some(false) {
                let (rows, minimal) = deletion_filter(probe, rows)?;
                return Ok(finish(probe, rows, Method::Iis, minimal));
            }
            tracing::warn!("HiGHS's IIS is not infeasible on its own; using the elastic filter");
        }
    }
    let started = probe.solves;
    let ray = match first {
        Method::ElasticFilter => None,
        Method::Iis | Method::DualRay => probe.ray_rows()?,
    };
    if let Some(rows) = ray {
        let set = members(m, &rows);
        let ray_rows = rows.len();
        if probe.feasible(&|r| set[r])? == Some(false) {
            let (rows, minimal) = deletion_filter(probe, physics_first(probe, &set))?;
            tracing::debug!(
                ray_rows,
                solves = probe.solves - started,
                minimal,
                "dual ray + deletion filter done"
            );
            return Ok(finish(probe, rows, Method::DualRay, minimal));
        }
        tracing::warn!(
            ray_rows,
            "the dual ray's rows were not proven infeasible on their own; using the elastic filter"
        );
    }
    // Elastic filter: rows the elastic LP had to relax become hard, until it cannot be solved.
    let keys = probe.lp.rows.keys.clone();
    let mut hard: Vec<bool> = keys.iter().map(|k| !relaxable(k.family)).collect();
    loop {
        if probe.exhausted() {
            // No set found so far is proven to conflict (the rows hard so
            // far still had a relaxation): claim none. Before, the park's
            // physics rows alone (water balances of its units) were
            // reported as requirements that "cannot all hold".
            return Ok(finish(probe, Vec::new(), Method::ElasticFilter, false));
        }
        let soft = hard.iter().map(|h| !h).collect::<Vec<_>>();
        match probe.elastic(&|r| soft[r])? {
            // A solve stopped at the deadline did not find the hard rows
            // infeasible either: the check above claims none.
            None if probe.exhausted() => continue,
            None => break,
            Some(e) if e.slacks.is_empty() => {
                // Feasible after all (the original verdict was numerical): nothing conflicts.
                return Ok(finish(probe, Vec::new(), Method::ElasticFilter, false));
            }
            Some(e) => {
                for (r, _, _) in e.slacks {
                    hard[r] = true;
                }
            }
        }
    }
    tracing::debug!(solves = probe.solves, "elastic filter done");
    let (rows, minimal) = deletion_filter(probe, physics_first(probe, &hard))?;
    tracing::debug!(solves = probe.solves, minimal, "deletion filter done");
    Ok(finish(probe, rows, Method::ElasticFilter, minimal))
}

/// The conflict of a park too large for the filters (each test would solve
/// its whole LP): HiGHS's IIS as it is, not proven minimal, else none.
pub(super) fn unfiltered(probe: &Probe, iis: &[RowKey]) -> ConflictSet {
    let rows = rows_of(probe, iis);
    let method = if rows.is_empty() {
        Method::ElasticFilter
    } else {
        Method::Iis
    };
    finish(probe, rows, method, false)
}

/// The probe's rows of `keys`, sorted, once each.
fn rows_of(probe: &Probe, keys: &[RowKey]) -> Vec<usize> {
    let index: HashMap<RowKey, usize> = probe
        .lp
        .rows
        .keys
        .iter()
        .enumerate()
        .map(|(r, &k)| (k, r))
        .collect();
    let mut rows: Vec<usize> = keys.iter().filter_map(|k| index.get(k).copied()).collect();
    rows.sort_unstable();
    rows.dedup();
    rows
}

/// The rows of `set`, physics rows first, so that the deletion filter drops
/// those not needed before any requirement.
fn physics_first(probe: &Probe, set: &[bool]) -> Vec<usize> {
    let keys = &probe.lp.rows.keys;
    let (mut rows, requirements): (Vec<usize>, Vec<usize>) = (0..set.len())
        .filter(|&r| set[r])
        .partition(|&r| !relaxable(keys[r].family));
    rows.extend(requirements);
    rows
}

/// Drops every row whose removal leaves the rest infeasible; what remains
/// is irreducible. Returns the rows and whether the filter ran to the end.
fn deletion_filter(probe: &mut Probe, rows: Vec<usize>) -> Result<(Vec<usize>, bool), SolveError> {
    let m = probe.num_rows();
    let mut keep = members(m, &rows);
    for &r in &rows {
        if probe.exhausted() {
            return Ok(((0..m).filter(|&i| keep[i]).collect(), false));
        }
        keep[r] = false;
        match probe.feasible(&|i| keep[i])? {
            Some(false) => {} // still infeasible without r: r is not needed
            Some(true) => keep[r] = true,
            None => {
                keep[r] = true;
                return Ok(((0..m).filter(|&i| keep[i]).collect(), false));
            }
        }
    }
    Ok(((0..m).filter(|&i| keep[i]).collect(), true))
}

fn members(m: usize, rows: &[usize]) -> Vec<bool> {
    let mut set = vec![false; m];
    for &r in rows {
        set[r] = true;
    }
    set
}

fn finish(probe: &Probe, mut rows: Vec<usize>, method: Method, minimal: bool) -> ConflictSet {
    let keys = &probe.lp.rows.keys;
    rows.sort_by_key(|&r| keys[r]);
    ConflictSet {
        rows,
        method,
        minimal,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{Network, Scenario, SolveOptions};

    /// Every infeasible park of the end-to-end tests: the conflict found
    /// from the dual ray is infeasible, and without any one of its rows
    /// feasible, as re-checked by a fresh probe (IISs are not unique: it
    /// may differ from the one HiGHS or the elastic filter finds).
    #[test]
    fn dual_ray_conflicts_are_irreducible() {
        let dir =
            std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/data/infeasible");
        let mut paths: Vec<_> = std::fs::read_dir(&dir)
            .unwrap()
            .map(|e| e.unwrap().path())
            .filter(|p| p.extension().is_some_and(|e| e == "toml"))
            .collect();
        paths.sort();
        assert!(paths.len() >= 5, "{}", dir.display());
        for path in paths {
            let model = Scenario::from_path(&path).unwrap().validate().unwrap();
            let network = Network::build(&model);
            let options = SolveOptions::default();
            let mut probe = Probe::new(&model, network.clone(), &options);
            let found = find(&mut probe, &[], Method::DualRay).unwrap();
            let name = path.display();
            assert_eq!(found.method, Method::DualRay, "{name}");
            assert!(found.minimal && !found.rows.is_empty(), "{name}");
            let mut check = Probe::new(&model, network, &options);
            let set = members(check.num_rows(), &found.rows);
            assert_eq!(check.feasible(&|r| set[r]).unwrap(), Some(false), "{name}");
            for &r in &found.rows {
                let without = |i: usize| set[i] && i != r;
                assert_eq!(check.feasible(&without).unwrap(), Some(true), "{name}: {r}");
            }
        }
    }

    /// An elastic filter stopped before its hard rows stopped having a
    /// relaxation has proven no conflict, and claims none: not the park's
    /// physics rows (its units' water balances), which always can hold.
    /// Whether it stops between solves or during one.
    #[test]
    fn an_elastic_filter_out_of_time_claims_no_conflict() {
        use crate::synth::{Shape, StructuredPark};
        let stopped = |size: usize, time_left: std::time::Duration| {
            let mut park = StructuredPark::new(size, size, 3, Shape::SparseReuse);
            park.clean_intake_share = Some(0.3);
            let model = park.scenario().validate().unwrap();
            let mut probe = Probe::new(&model, Network::build(&model), &SolveOptions::default());
            let physics = probe.lp.rows.keys.iter().filter(|k| !relaxable(k.family));
            assert!(physics.count() > 0, "no rows that are never relaxed");
            probe.deadline = std::time::Instant::now() + time_left;
            find(&mut probe, &[], Method::ElasticFilter).unwrap()
        };
        // Out of time before the first elastic solve; and during it (an
        // elastic LP of 20 000 arcs takes longer than 50 ms).
        for found in [
            stopped(40, std::time::Duration::ZERO),
            stopped(150, std::time::Duration::from_millis(50)),
        ] {
            assert_eq!(found.method, Method::ElasticFilter);
            assert!(found.rows.is_empty(), "{:?}", found.rows);
            assert!(!found.minimal);
        }
    }
}
