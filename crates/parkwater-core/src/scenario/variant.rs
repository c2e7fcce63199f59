//! Variant files: a scenario written as changes to another one.
//!
//! ```toml
//! extends = "../lianyungang-demo.toml"   # relative to this file's folder; chains allowed
//! remove = ["source[E3.S2]", "intake[SW].max_flow"]
//!
//! [variant]                               # optional: what the variant is
//! name = "RO retrofit"
//! description = "A second RO train"
//! capex = 4.5e7                           # CNY: the investment the measure needs (for payback)
//!
//! [set]                                   # "path" = value, the paths validation prints
//! "treatment[RO].max_flow" = 6000
//! "policy.min_reuse_rate" = 0.92
//!
//! [[intake]]                              # ordinary tables add entities
//! id = "NEW"
//! # ...
//! [policy]                                # and merge into the base's tables
//! max_intake = 9000
//! ```
//!
//! Resolution order: the base (itself resolved when it is a variant), then
//! `remove`, then the added entities and merged tables, then `[set]` (so a
//! setting may name an added entity). A list of entities gains the variant's;
//! an entity whose id the base already has is an error (remove it first, or
//! set its fields). A table merges key by key; any other value replaces the
//! base's. Every problem is reported at once, naming the variant file, the
//! path and why: `variant.unknown_entity`, `variant.wrong_type`,
//! `variant.duplicate`, `variant.cycle`, `variant.base` (the base cannot be
//! read), `variant.syntax`, `variant.invalid` (the result is not a scenario).

use super::load::{Format, ParseError};
use super::path::{apply_sets_value, entity_path, PathError, ScenarioPath};
use super::Scenario;
use serde_json::{Map, Value};
use std::path::{Path, PathBuf};

/// Longest chain of `extends`.
pub(crate) const MAX_CHAIN: usize = 32;

/// What a variant says about itself (`[variant]`); not inherited along a chain.
#[derive(Debug, Clone, Default, PartialEq, serde::Serialize, serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub struct VariantInfo {
    /// Display name (default: the file's stem).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// Free text.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// Investment the measure needs, CNY (used for the payback in `compare`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub capex: Option<f64>,
}

/// A scenario file read with its variant chain resolved.
#[derive(Debug, Clone)]
pub struct Resolved {
    /// The resolved scenario.
    pub scenario: Scenario,
    /// The file's `[variant]` table (empty for a plain scenario).
    pub info: VariantInfo,
    /// The files read, the variant first and the root scenario last.
    pub chain: Vec<PathBuf>,
}

/// One problem with a variant.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[error("{}: {path}: {message} [{code}]", file.display())]
pub(crate) struct VariantProblem {
    /// The variant file that has the problem.
    pub(crate) file: PathBuf,
    /// The path in the variant (`intake[SW].price`), or the key.
    pub(crate) path: String,
    /// Stable code.
    pub(crate) code: &'static str,
    /// Why.
    pub(crate) message: String,
}

/// Reads a scenario file, resolving `extends` chains. A plain scenario
/// resolves to itself.
pub fn load(path: &Path) -> Result<Resolved, ParseError> {
    let mut stack = Vec::new();
    load_chain(path, &mut stack)
}

/// The hook scenario loading calls on every text: `None` when the text is
/// not a variant (no top-level `extends`), else the resolved scenario, its
/// `extends` relative to `origin`'s folder.
pub(crate) fn resolve_text(
    text: &str,
    format: Format,
    origin: &Path,
) -> Result<Option<Scenario>, ParseError> {
    if !text.contains("extends") {
        return Ok(None);
    }
    let Some(root) = parse_value(text, format, origin)? else {
        return Ok(None);
    };
    if root.get("extends").is_none() {
        return Ok(None);
    }
    let mut stack = vec![canonical(origin)];
    resolve_value(root, text, origin, &mut stack).map(|r| Some(r.scenario))
}

fn load_chain(path: &Path, stack: &mut Vec<PathBuf>) -> Result<Resolved, ParseError> {
    let text = read_text(path)?;
    let format = Format::from_path(path);
    let root = if text.contains("extends") {
        parse_value(&text, format, path)?
    } else {
        None
    };
    match root {
        Some(root) if root.get("extends").is_some() => {
            stack.push(canonical(path));
            let out = resolve_value(root, &text, path, stack);
            stack.pop();
            out
        }
        _ => Ok(Resolved {
            scenario: Scenario::from_str_as(&text, format, path)?,
            info: VariantInfo::default(),
            chain: vec![path.to_path_buf()],
        }),
    }
}

fn resolve_value(
    root: Value,
    text: &str,
    file: &Path,
    stack: &mut Vec<PathBuf>,
) -> Result<Resolved, ParseError> {
    let Value::Object(mut root) = root else {
        return Err(fail(
            file,
            text,
            vec![problem(file, "", "variant.syntax", "a variant is a table")],
        ));
    };
    let mut problems = Vec::new();
    let extends = match root.remove("extends") {
        Some(Value::String(s)) => PathBuf::from(s),
        other => {
            let got = other.as_ref().map_or("nothing", super::path::type_name);
            return Err(fail(
                file,
                text,
                vec![problem(
                    file,
                    "extends",
                    "variant.wrong_type",
                    format!("expects a file name (a string), got {got}"),
                )],
            ));
        }
    };
    let base_path = file.parent().unwrap_or(Path::new("")).join(&extends);
    let key = canonical(&base_path);
    if stack.contains(&key) {
        let mut cycle: Vec<String> = stack.iter().map(|p| p.display().to_string()).collect();
        cycle.push(key.display().to_string());
        return Err(fail(
            file,
            text,
            vec![problem(
                file,
                "extends",
                "variant.cycle",
                format!("a cycle of extends: {}", cycle.join(" -> ")),
            )],
        ));
    }
    if stack.len() >= MAX_CHAIN {
        return Err(fail(
            file,
            text,
            vec![problem(
                file,
                "extends",
                "variant.cycle",
                format!("a chain of more than {MAX_CHAIN} extends"),
            )],
        ));
    }
    let base = load_chain(&base_path, stack).map_err(|e| {
        fail(
            file,
            text,
            vec![problem(
                file,
                "extends",
                "variant.base",
                format!("cannot read the base '{}': {e}", extends.display()),
            )],
        )
    })?;

    let info = match root.remove("variant") {
        None => VariantInfo::default(),
        Some(v) => serde_json::from_value(v).unwrap_or_else(|e| {
            problems.push(problem(file, "variant", "variant.invalid", e.to_string()));
            VariantInfo::default()
        }),
    };
    let removes = take_list(&mut root, "remove", file, &mut problems);
    let sets: Vec<(ScenarioPath, Value)> = match root.remove("set") {
        None => Vec::new(),
        Some(Value::Object(map)) => map
            .into_iter()
            .filter_map(|(k, v)| match ScenarioPath::parse(&k) {
                Ok(p) => Some((p, v)),
                Err(e) => {
                    problems.push(from_path_error(file, e));
                    None
                }
            })
            .collect(),
        Some(other) => {
            problems.push(problem(
                file,
                "set",
                "variant.wrong_type",
                format!(
                    "expects a table of \"path\" = value, got {}",
                    super::path::type_name(&other)
                ),
            ));
            Vec::new()
        }
    };

    let mut value = serde_json::to_value(&base.scenario).expect("a scenario serializes");
    for text_path in &removes {
        match ScenarioPath::parse(text_path) {
            Ok(p) => {
                if let Err(e) = p.remove(&mut value) {
                    problems.push(from_path_error(file, e));
                }
            }
            Err(e) => problems.push(from_path_error(file, e)),
        }
    }
    for (key, added) in root {
        merge_top(&mut value, &key, added, file, &mut problems);
    }
    // Apply the sets one by one so that each bad one is reported; the
    // result is then read back whole.
    let mut good = Vec::new();
    for (p, v) in sets {
        let mut probe = value.clone();
        match p.set(&mut probe, v.clone()) {
            Ok(()) => good.push((p, v)),
            Err(e) => problems.push(from_path_error(file, e)),
        }
    }
    if !problems.is_empty() {
        return Err(fail(file, text, problems));
    }
    let scenario: Scenario = apply_sets_value(value, &good).map_err(|errors| {
        fail(
            file,
            text,
            errors
                .into_iter()
                .map(|e| from_path_error(file, e))
                .collect(),
        )
    })?;
    let mut chain = vec![file.to_path_buf()];
    chain.extend(base.chain);
    Ok(Resolved {
        scenario,
        info,
        chain,
    })
}

/// Adds a variant's top-level entry to the base.
fn merge_top(
    base: &mut Value,
    key: &str,
    added: Value,
    file: &Path,
    problems: &mut Vec<VariantProblem>,
) {
    let map = base.as_object_mut().expect("a scenario is a table");
    match (map.get_mut(key), added) {
        (Some(Value::Array(list)), Value::Array(new)) if new.iter().all(Value::is_object) => {
            for (n, entity) in new.into_iter().enumerate() {
                let id = entity
                    .get("id")
                    .and_then(Value::as_str)
                    .unwrap_or("")
                    .to_string();
                let exists = !id.is_empty()
                    && list
                        .iter()
                        .any(|e| e.get("id").and_then(Value::as_str) == Some(&id));
                if exists {
                    problems.push(problem(
                        file,
                        &entity_path(key, &id, n),
                        "variant.duplicate",
                        "the base already has this entity: remove it first (remove = [...]) or change its fields in [set]",
                    ));
                } else {
                    list.push(entity);
                }
            }
        }
        (Some(old @ Value::Object(_)), new @ Value::Object(_)) => deep_merge(old, new),
        (_, new) => {
            map.insert(key.to_string(), new);
        }
    }
}

fn deep_merge(old: &mut Value, new: Value) {
    match (old, new) {
        (Value::Object(a), Value::Object(b)) => {
            for (k, v) in b {
                match a.get_mut(&k) {
                    Some(slot @ Value::Object(_)) if v.is_object() => deep_merge(slot, v),
                    _ => {
                        a.insert(k, v);
                    }
                }
            }
        }
        (slot, new) => *slot = new,
    }
}

fn take_list(
    root: &mut Map<String, Value>,
    key: &str,
    file: &Path,
    problems: &mut Vec<VariantProblem>,
) -> Vec<String> {
    match root.remove(key) {
        None => Vec::new(),
        Some(Value::Array(items)) if items.iter().all(Value::is_string) => items
            .into_iter()
            .filter_map(|v| v.as_str().map(str::to_string))
            .collect(),
        Some(other) => {
            problems.push(problem(
                file,
                key,
                "variant.wrong_type",
                format!(
                    "expects a list of paths (strings), got {}",
                    super::path::type_name(&other)
                ),
            ));
            Vec::new()
        }
    }
}

fn problem(
    file: &Path,
    path: &str,
    code: &'static str,
    message: impl Into<String>,
) -> VariantProblem {
    VariantProblem {
        file: file.to_path_buf(),
        path: path.to_string(),
        code,
        message: message.into(),
    }
}

fn from_path_error(file: &Path, e: PathError) -> VariantProblem {
    let code = match e.code {
        "path.unknown_entity" | "path.not_found" => "variant.unknown_entity",
        "path.wrong_type" => "variant.wrong_type",
        "path.syntax" => "variant.syntax",
        _ => "variant.invalid",
    };
    problem(file, &e.path, code, e.message)
}

/// Every problem as one error naming the file, at the line of the first
/// problem's path when the text has it.
fn fail(file: &Path, text: &str, problems: Vec<VariantProblem>) -> ParseError {
    let (line, column) = problems
        .first()
        .and_then(|p| locate(text, &p.path))
        .unwrap_or((1, 1));
    let message = if problems.len() == 1 {
        let p = &problems[0];
        format!("variant: {}: {} [{}]", p.path, p.message, p.code)
    } else {
        let mut m = format!("variant: {} problems", problems.len());
        for p in &problems {
            m.push_str(&format!("\n  {}: {} [{}]", p.path, p.message, p.code));
        }
        m
    };
    let entity = match problems.as_slice() {
        [only] => only.path.clone(),
        _ => String::new(),
    };
    ParseError::Syntax {
        path: file.to_path_buf(),
        line,
        column,
        message,
        entity,
    }
}

/// 1-based line and column where `needle` (a path, or a key) first appears.
fn locate(text: &str, needle: &str) -> Option<(usize, usize)> {
    if needle.is_empty() {
        return None;
    }
    let key = needle.split(['[', '.']).next().unwrap_or(needle);
    let offset = text.find(needle).or_else(|| text.find(key))?;
    let before = &text[..offset];
    let line = before.matches('\n').count() + 1;
    let column = before.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
    Some((line, column))
}

/// The text as a generic value; `None` for a JSON literature case file.
fn parse_value(text: &str, format: Format, origin: &Path) -> Result<Option<Value>, ParseError> {
    let syntax = |line, column, message: String| ParseError::Syntax {
        path: origin.to_path_buf(),
        line,
        column,
        message,
        entity: String::new(),
    };
    match format {
        Format::Toml => {
            // A syntax error is left to the ordinary parser, which reports
            // it with its position.
            let Ok(table) = toml::from_str::<toml::Table>(text) else {
                return Ok(None);
            };
            serde_json::to_value(table)
                .map(Some)
                .map_err(|e| syntax(1, 1, e.to_string()))
        }
        Format::Json => Ok(serde_json::from_str::<Value>(text).ok()),
    }
}

fn read_text(path: &Path) -> Result<String, ParseError> {
    use std::io::Read;
    let io = |source| ParseError::Io {
        path: path.to_path_buf(),
        source,
    };
    let limit = Format::from_path(path).max_bytes();
    let file = std::fs::File::open(path).map_err(io)?;
    let mut bytes = Vec::new();
    file.take(limit + 1).read_to_end(&mut bytes).map_err(io)?;
    if bytes.len() as u64 > limit {
        return Err(ParseError::TooLarge {
            path: path.to_path_buf(),
            size: bytes.len() as u64,
            limit,
        });
    }
    String::from_utf8(bytes).map_err(|_| ParseError::Syntax {
        path: path.to_path_buf(),
        line: 1,
        column: 1,
        message: "the file is not UTF-8 text".to_string(),
        entity: String::new(),
    })
}

fn canonical(path: &Path) -> PathBuf {
    std::fs::canonicalize(path).unwrap_or_else(|_| path.to_path_buf())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn write(dir: &Path, name: &str, text: &str) -> PathBuf {
        let path = dir.join(name);
        std::fs::write(&path, text).unwrap();
        path
    }

    const BASE: &str = r#"
contaminants = ["COD"]
[[intake]]
id = "FW"
kind = "tap"
conc = { COD = 0 }
price = 3.0
[[source]]
id = "S1"
flow = 50
conc = { COD = 50 }
[[sink]]
id = "D1"
flow = 80
max_conc = { COD = 20 }
[[discharge]]
id = "WW"
"#;

    fn tmp() -> PathBuf {
        let dir = std::env::temp_dir().join(format!(
            "pw-variant-{}-{}",
            std::process::id(),
            rand::random::<u32>()
        ));
        std::fs::create_dir_all(dir.join("v")).unwrap();
        dir
    }

    #[test]
    fn chain_remove_add_set() {
        let dir = tmp();
        write(&dir, "base.toml", BASE);
        write(
            &dir,
            "v/a.toml",
            "extends = \"../base.toml\"\n[set]\n\"intake[FW].price\" = 4.0\n\"intake[FW].max_flow\" = 60\n",
        );
        let b = write(
            &dir,
            "v/b.toml",
            "extends = \"a.toml\"\nremove = [\"source[S1]\"]\n[variant]\nname = \"B\"\ncapex = 1e6\n\
             [[source]]\nid = \"S2\"\nflow = 10\nconc = { COD = 5 }\n[policy]\nmin_reuse_rate = 0.1\n\
             [set]\n\"source[S2].flow\" = 12\n",
        );
        let r = load(&b).unwrap();
        assert_eq!(r.chain.len(), 3);
        assert_eq!(r.info.capex, Some(1e6));
        let s = &r.scenario;
        assert_eq!(s.intakes[0].price, Some(4.0));
        assert_eq!(s.intakes[0].max_flow, Some(60.0));
        assert_eq!(s.sources.len(), 1);
        assert_eq!(s.sources[0].id, "S2");
        assert_eq!(s.sources[0].flow, 12.0);
        assert_eq!(s.policy.as_ref().unwrap().min_reuse_rate, Some(0.1));
        // The ordinary loader resolves it too.
        assert_eq!(&Scenario::from_path(&b).unwrap(), s);
    }

    #[test]
    fn errors_name_file_path_and_why_all_at_once() {
        let dir = tmp();
        write(&dir, "base.toml", BASE);
        let v = write(
            &dir,
            "v/bad.toml",
            "extends = \"../base.toml\"\nremove = [\"source[NOPE]\"]\n[set]\n\"intake[XX].price\" = 1\n\"intake[FW].price\" = \"dear\"\n",
        );
        let err = load(&v).unwrap_err().to_string();
        assert!(err.contains("bad.toml"), "{err}");
        assert!(err.contains("3 problems"), "{err}");
        assert!(
            err.contains("source[NOPE]") && err.contains("variant.unknown_entity"),
            "{err}"
        );
        assert!(err.contains("intake[XX].price"), "{err}");
        assert!(
            err.contains("intake[FW].price") && err.contains("variant.wrong_type"),
            "{err}"
        );

        let v = write(
            &dir,
            "v/typo.toml",
            "extends = \"../base.toml\"\n[set]\n\"intake[FW].pricee\" = 1\n",
        );
        let err = load(&v).unwrap_err();
        let text = err.to_string();
        assert!(
            text.contains("intake[FW].pricee") && text.contains("unknown field"),
            "{text}"
        );
        assert!(matches!(err, ParseError::Syntax { line: 3, .. }), "{text}");

        let v = write(&dir, "v/dup.toml", "extends = \"../base.toml\"\n[[intake]]\nid = \"FW\"\nkind = \"tap\"\nconc = { COD = 0 }\n");
        let err = load(&v).unwrap_err().to_string();
        assert!(
            err.contains("intake[FW]") && err.contains("variant.duplicate"),
            "{err}"
        );
    }

    #[test]
    fn cycles_are_refused() {
        let dir = tmp();
        write(&dir, "v/x.toml", "extends = \"y.toml\"\n");
        let y = write(&dir, "v/y.toml", "extends = \"x.toml\"\n");
        let err = load(&y).unwrap_err().to_string();
        assert!(err.contains("variant.cycle"), "{err}");
        let selfish = write(&dir, "v/z.toml", "extends = \"z.toml\"\n");
        let err = load(&selfish).unwrap_err().to_string();
        assert!(err.contains("variant.cycle"), "{err}");
        let missing = write(&dir, "v/m.toml", "extends = \"nowhere.toml\"\n");
        let err = load(&missing).unwrap_err().to_string();
        assert!(
            err.contains("variant.base") && err.contains("nowhere.toml"),
            "{err}"
        );
    }
}
