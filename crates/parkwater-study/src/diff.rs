//! What differs between two scenarios, by path (`parkwater diff A B`).
//!
//! Both are compared in their serde form, so every field counts, including
//! ones added to the schema later. Entities are matched by id (constraints
//! by label), not by position: reordering a file is no difference. A list
//! of plain values (contaminants, `accepts`) is compared whole; a list of
//! tables without ids (`forbid`) by position.

use parkwater_core::scenario::path::entity_path;
use parkwater_core::Scenario;
use serde::Serialize;
use serde_json::Value;

/// One difference.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Change {
    /// Where: `intake[SW].price`, `source[E3.S2]` (a whole entity).
    pub path: String,
    /// The value in A (absent: added in B).
    pub old: Option<Value>,
    /// The value in B (absent: removed in B).
    pub new: Option<Value>,
}

impl std::fmt::Display for Change {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match (&self.old, &self.new) {
            (None, Some(v)) => write!(f, "+ {} = {}", self.path, v),
            (Some(v), None) => write!(f, "- {} (was {})", self.path, v),
            (Some(a), Some(b)) => write!(f, "~ {}: {} -> {}", self.path, a, b),
            (None, None) => write!(f, "  {}", self.path),
        }
    }
}

/// The differences from `a` to `b`, in the order of `a`'s fields then `b`'s.
pub fn diff(a: &Scenario, b: &Scenario) -> Vec<Change> {
    let a = serde_json::to_value(a).unwrap_or(Value::Null);
    let b = serde_json::to_value(b).unwrap_or(Value::Null);
    let mut out = Vec::new();
    walk("", &a, &b, &mut out);
    out
}

fn join(prefix: &str, key: &str) -> String {
    if prefix.is_empty() {
        key.to_string()
    } else {
        format!("{prefix}.{key}")
    }
}

fn name_of(v: &Value) -> Option<&str> {
    v.get("id")
        .or_else(|| v.get("label"))
        .and_then(Value::as_str)
        .filter(|s| !s.is_empty())
}

fn walk(path: &str, a: &Value, b: &Value, out: &mut Vec<Change>) {
    if a == b {
        return;
    }
    match (a, b) {
        (Value::Object(x), Value::Object(y)) => {
            for (k, va) in x {
                let p = join(path, k);
                match y.get(k) {
                    Some(vb) => walk(&p, va, vb, out),
                    None if !va.is_null() => out.push(Change {
                        path: p,
                        old: Some(va.clone()),
                        new: None,
                    }),
                    None => {}
                }
            }
            for (k, vb) in y {
                if !x.contains_key(k) && !vb.is_null() {
                    out.push(Change {
                        path: join(path, k),
                        old: None,
                        new: Some(vb.clone()),
                    });
                }
            }
        }
        (Value::Array(x), Value::Array(y))
            if x.iter().chain(y).all(Value::is_object) && !(x.is_empty() && y.is_empty()) =>
        {
            let keyed = x.iter().chain(y).all(|v| name_of(v).is_some());
            let kind = path;
            if keyed {
                for (n, va) in x.iter().enumerate() {
                    let id = name_of(va).unwrap_or_default();
                    let p = entity_path(kind, id, n);
                    match y.iter().find(|vb| name_of(vb) == Some(id)) {
                        Some(vb) => walk(&p, va, vb, out),
                        None => out.push(Change {
                            path: p,
                            old: Some(va.clone()),
                            new: None,
                        }),
                    }
                }
                for (n, vb) in y.iter().enumerate() {
                    let id = name_of(vb).unwrap_or_default();
                    if !x.iter().any(|va| name_of(va) == Some(id)) {
                        out.push(Change {
                            path: entity_path(kind, id, n),
                            old: None,
                            new: Some(vb.clone()),
                        });
                    }
                }
            } else {
                for n in 0..x.len().max(y.len()) {
                    let p = entity_path(kind, "", n);
                    match (x.get(n), y.get(n)) {
                        (Some(va), Some(vb)) => walk(&p, va, vb, out),
                        (va, vb) => out.push(Change {
                            path: p,
                            old: va.cloned(),
                            new: vb.cloned(),
                        }),
                    }
                }
            }
        }
        _ => out.push(Change {
            path: path.to_string(),
            old: (!a.is_null()).then(|| a.clone()),
            new: (!b.is_null()).then(|| b.clone()),
        }),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn by_path_and_by_id() {
        let a = Scenario::from_toml(
            "contaminants = [\"COD\"]\n[[intake]]\nid = \"A\"\nkind = \"tap\"\nconc = { COD = 0 }\nprice = 1\n\
             [[intake]]\nid = \"B\"\nkind = \"tap\"\nconc = { COD = 0 }\n",
        )
        .unwrap();
        let b = Scenario::from_toml(
            "contaminants = [\"COD\"]\n[[intake]]\nid = \"B\"\nkind = \"tap\"\nconc = { COD = 0 }\nmax_flow = 5\n\
             [[intake]]\nid = \"C\"\nkind = \"tap\"\nconc = { COD = 0 }\n[policy]\nmin_reuse_rate = 0.9\n",
        )
        .unwrap();
        let changes: Vec<String> = diff(&a, &b).iter().map(ToString::to_string).collect();
        assert!(
            changes.iter().any(|c| c.starts_with("- intake[A]")),
            "{changes:?}"
        );
        assert!(
            changes.contains(&"+ intake[B].max_flow = 5.0".to_string()),
            "{changes:?}"
        );
        assert!(
            changes.iter().any(|c| c.starts_with("+ intake[C]")),
            "{changes:?}"
        );
        assert!(
            changes.contains(&"+ policy = {\"min_reuse_rate\":0.9}".to_string()),
            "{changes:?}"
        );
        assert!(diff(&a, &a).is_empty());
    }
}
