//! Concentration levels and the cascade arithmetic shared by every target.
//!
//! Internally loads are kept in "t/h x mg/L" (1e-3 kg/h): with integer data they stay
//! integers, so textbook targets come out exact. They are converted to kg/h only
//! when rows are reported.

use crate::problem::{TargetProblem, TOP_CONC};

/// Relative tolerance on loads and flows (times the problem's load or flow scale).
const REL_TOL: f64 = 1e-9;

/// The sorted concentration levels of one problem and its net flow per level
/// without freshwater.
#[derive(Debug, Clone)]
pub(crate) struct Model {
    /// Sorted distinct levels, mg/L; the first is 0, the last is [`TOP_CONC`].
    pub conc: Vec<f64>,
    /// Sources minus sinks at each level, t/h.
    pub base_net: Vec<f64>,
    /// Sum of |flow| of the streams at each level, t/h (to tell real levels from
    /// empty ones when looking for pinches).
    pub gross: Vec<f64>,
    /// Loads within this are zero, t/h x mg/L.
    pub eps_load: f64,
    /// Flows within this are zero, t/h.
    pub eps_flow: f64,
}

/// `-0.0` becomes `0.0`, so that sorting and searching by `total_cmp` agree with `==`.
pub(crate) fn norm(c: f64) -> f64 {
    c + 0.0
}

impl Model {
    /// Levels from every source, sink and supply concentration, plus 0, the top and
    /// `extra` (for instance a regenerator outlet). The problem must be valid.
    pub fn new(problem: &TargetProblem, extra: &[f64]) -> Model {
        let mut conc: Vec<f64> = Vec::with_capacity(
            problem.sources.len() + problem.sinks.len() + problem.fresh.len() + extra.len() + 2,
        );
        conc.push(0.0);
        conc.push(TOP_CONC);
        conc.extend(problem.sources.iter().map(|s| norm(s.conc)));
        conc.extend(problem.sinks.iter().map(|s| norm(s.conc)));
        conc.extend(problem.fresh.iter().map(|f| norm(f.conc)));
        conc.extend(extra.iter().map(|&c| norm(c)));
        conc.sort_unstable_by(f64::total_cmp);
        conc.dedup();

        let mut model = Model {
            base_net: vec![0.0; conc.len()],
            gross: vec![0.0; conc.len()],
            conc,
            eps_load: 0.0,
            eps_flow: 0.0,
        };
        for s in &problem.sources {
            let i = model.level(s.conc);
            model.base_net[i] += s.flow;
            model.gross[i] += s.flow;
        }
        for s in &problem.sinks {
            let i = model.level(s.conc);
            model.base_net[i] -= s.flow;
            model.gross[i] += s.flow;
        }
        let flow_scale = 1.0 + problem.total_sources() + problem.total_sinks();
        let max_conc = model.conc[model.conc.len().saturating_sub(2)].max(1.0);
        model.eps_flow = REL_TOL * flow_scale;
        model.eps_load = REL_TOL * flow_scale * max_conc;
        model
    }

    /// Index of level `c`, which must be one of the levels.
    pub fn level(&self, c: f64) -> usize {
        let c = norm(c);
        match self.conc.binary_search_by(|x| x.total_cmp(&c)) {
            Ok(i) => i,
            // Unreachable for a level given to `new`; the nearest lower level keeps
            // the arithmetic conservative rather than panicking.
            Err(i) => i.saturating_sub(1),
        }
    }

    /// Number of levels.
    pub fn len(&self) -> usize {
        self.conc.len()
    }
}

/// Cumulative flow below each level's upper interval and cumulative load at each
/// level, from the net flow per level.
///
/// `cum_flow[i]` flows down the interval `[conc[i], conc[i+1]]`;
/// `load[i]` is the cumulative load at `conc[i]` (`load[0] = 0`), t/h x mg/L.
pub(crate) fn cascade(conc: &[f64], net: &[f64]) -> (Vec<f64>, Vec<f64>) {
    let n = conc.len();
    let mut cum_flow = vec![0.0; n];
    let mut load = vec![0.0; n];
    let mut f = 0.0;
    for i in 0..n {
        f += net[i];
        cum_flow[i] = f;
        if i + 1 < n {
            load[i + 1] = load[i] + f * (conc[i + 1] - conc[i]);
        }
    }
    (cum_flow, load)
}

/// Whether a cascade is feasible: every cumulative load and the final flow (the
/// wastewater) non-negative within the tolerances.
pub(crate) fn feasible(model: &Model, net: &[f64]) -> bool {
    let (cum_flow, load) = cascade(&model.conc, net);
    load.iter().all(|&l| l >= -model.eps_load)
        && cum_flow.last().is_none_or(|&f| f >= -model.eps_flow)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::problem::{FreshSupply, Stream};

    #[test]
    fn levels_are_sorted_distinct_and_bounded() {
        let p = TargetProblem::new(
            vec![Stream::new("a", 1.0, 50.0), Stream::new("b", 2.0, 50.0)],
            vec![Stream::new("c", 3.0, -0.0)],
            vec![FreshSupply::new("f", 0.0)],
        );
        let m = Model::new(&p, &[10.0]);
        assert_eq!(m.conc, vec![0.0, 10.0, 50.0, TOP_CONC]);
        assert_eq!(m.base_net, vec![-3.0, 0.0, 3.0, 0.0]);
        assert_eq!(m.gross, vec![3.0, 0.0, 3.0, 0.0]);
        assert_eq!(m.level(-0.0), 0);
    }

    #[test]
    fn cascade_accumulates_flow_then_load() {
        let (f, l) = cascade(&[0.0, 10.0, 30.0], &[2.0, -3.0, 1.0]);
        assert_eq!(f, vec![2.0, -1.0, 0.0]);
        assert_eq!(l, vec![0.0, 20.0, 0.0]);
    }
}
