//! HiGHS's irreducible infeasible subsystem of an infeasible LP, bounded
//! in time (the diagnosis starts from it when it is quick to get).

use super::live::Live;

/// Largest LP (arcs) whose infeasibility is explained with HiGHS's own IIS.
/// Beyond it HiGHS's IIS is slow (measured on synthetic parks under a
/// policy cap: 2 s at 2 000 arcs, 11 s at 4 200, over 15 min at 24 000)
/// and sometimes empty, while `diagnose`'s elastic + deletion filter takes
/// 0.3 s, 1.4 s and 27 s; so larger parks leave `conflict` empty and the
/// diagnosis finds it.
pub(crate) const HIGHS_IIS_MAX_ARCS: usize = 1_000;

/// Most seconds HiGHS's IIS may take before the diagnosis goes on without it.
pub(crate) const IIS_SECONDS: f64 = 10.0;

/// HiGHS's IIS rows of the model in `live`, or `None` when it fails or
/// takes longer than `seconds`.
///
/// The fuzz test found a 3-contaminant park of a few dozen arcs with
/// concentrations spanning 1e-12..1e9 mg/L on which `Highs_getIis` looped in
/// its factorization for over 15 minutes. So the IIS runs with HiGHS's own
/// time limit and on a helper thread the caller stops waiting for after the
/// budget (plus a second); a runaway thread is left to finish on its own
/// (it owns its HiGHS instance), and the diagnosis falls back to the
/// elastic filter, which is bounded by its LP count.
pub(crate) fn iis_within(live: Live, seconds: f64) -> Option<Vec<usize>> {
    let mut highs = live.into_highs();
    let started = highs.info().run_time;
    let started = if started.is_finite() { started } else { 0.0 };
    if let Err(e) = highs.set_option_f64("time_limit", started + seconds) {
        tracing::warn!("cannot limit HiGHS's IIS: {e}");
    }
    let (send, receive) = std::sync::mpsc::channel();
    let spawned = std::thread::Builder::new()
        .name("highs-iis".into())
        .spawn(move || {
            let _ = send.send(highs.iis().map(|iis| iis.rows));
        });
    if let Err(e) = spawned {
        tracing::warn!("cannot start HiGHS's IIS: {e}");
        return None;
    }
    match receive.recv_timeout(std::time::Duration::from_secs_f64(seconds + 1.0)) {
        Ok(Ok(rows)) => Some(rows),
        Ok(Err(e)) => {
            tracing::warn!("no irreducible infeasible subsystem: {e}");
            None
        }
        Err(_) => {
            tracing::warn!("HiGHS's IIS took over {seconds} s; the diagnosis goes on without it");
            None
        }
    }
}
