//! Experiment knobs read from the environment (temporary).

pub(crate) fn f(name: &str, default: f64) -> f64 {
    std::env::var(name)
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(default)
}

pub(crate) fn s(name: &str, default: &str) -> String {
    std::env::var(name).unwrap_or_else(|_| default.to_string())
}

pub(crate) fn apply_highs(h: &mut parkwater_highs::Highs, var: &str) {
    let Ok(spec) = std::env::var(var) else { return };
    for kv in spec.split(',').filter(|s| !s.is_empty()) {
        let (k, v) = kv.split_once('=').expect("name=value");
        let r = if let Ok(i) = v.parse::<i32>() {
            h.set_option_i32(k, i)
        } else if let Ok(x) = v.parse::<f64>() {
            h.set_option_f64(k, x)
        } else if v == "true" || v == "false" {
            h.set_option_bool(k, v == "true")
        } else {
            h.set_option_str(k, v)
        };
        r.unwrap_or_else(|e| panic!("{k}={v}: {e}"));
    }
}
