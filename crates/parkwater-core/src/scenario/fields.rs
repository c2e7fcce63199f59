//! Errors that name the entity and the field: when a scenario parses as
//! TOML or JSON but does not fit the schema (a wrong type, a missing
//! required field, an unknown field, a value out of range), every such
//! problem in the file is found and reported with a path such as
//! `sink[D1].flow`, a stable code and the file position:
//!
//! `sink[D1].flow: expected a number, found the string "five" (park.toml:14:8) [type.mismatch]`
//!
//! How: the text is read into a generic tree with the position of every
//! key and value (TOML through `toml::de::DeTable`'s spans, JSON through a
//! small scanner of the already-parsed text), and the typed scenario is
//! deserialized from that tree with `serde_path_to_error`. Each error is
//! recorded, then repaired in the tree (the unknown key removed, the wrong
//! value or the missing field replaced by a placeholder of the expected
//! type, placeholders never reported) and the tree deserialized again,
//! until it fits or [`MAX_PROBLEMS`] are found. Only files that failed to
//! parse take this path: a valid file is read once, as before.

use super::Scenario;
use crate::validate::Problem;
use serde_json::{Map, Value};
use std::collections::{HashMap, HashSet};
use std::path::Path;

/// Most schema problems reported for one file.
pub(crate) const MAX_PROBLEMS: usize = 100;

/// Text re-read while looking for more problems, bytes (see [`problems`]).
const WORK_BYTES: usize = 256 << 20;

/// Keys of the document itself that are not tables.
const TOP_LEVEL: [&str; 2] = ["contaminants", "plugins"];

/// One step of a path through the generic tree.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
enum Seg {
    Key(String),
    Index(usize),
}

/// Byte offsets of the keys and values of a document, by path.
#[derive(Debug, Default)]
struct Spans {
    values: HashMap<Vec<Seg>, usize>,
    keys: HashMap<Vec<Seg>, usize>,
}

/// The schema problems of a TOML text that is valid TOML but not a valid
/// scenario; `None` when the text is not TOML at all or none is found.
pub(super) fn toml_problems(text: &str, origin: &Path) -> Option<Vec<Problem>> {
    let table = toml::de::DeTable::parse(text).ok()?;
    let mut spans = Spans::default();
    let mut path = Vec::new();
    let value = from_toml_table(table.get_ref(), &mut path, &mut spans);
    spans.values.insert(Vec::new(), table.span().start);
    problems(value, &spans, text, origin)
}

/// The schema problems of a JSON text that is valid JSON but not a valid
/// scenario; `None` when the text is not JSON or none is found.
pub(super) fn json_problems(text: &str, origin: &Path) -> Option<Vec<Problem>> {
    let value: Value = serde_json::from_str(text).ok()?;
    let mut spans = Spans::default();
    let mut scanner = JsonScanner {
        bytes: text.as_bytes(),
        at: 0,
    };
    scanner.value(&mut Vec::new(), &mut spans);
    problems(value, &spans, text, origin)
}

fn from_toml_table(table: &toml::de::DeTable<'_>, path: &mut Vec<Seg>, spans: &mut Spans) -> Value {
    let mut map = Map::new();
    for (key, value) in table.iter() {
        path.push(Seg::Key(key.get_ref().to_string()));
        spans.keys.insert(path.clone(), key.span().start);
        spans.values.insert(path.clone(), value.span().start);
        let v = from_toml_value(value.get_ref(), path, spans);
        path.pop();
        map.insert(key.get_ref().to_string(), v);
    }
    Value::Object(map)
}

fn from_toml_value(value: &toml::de::DeValue<'_>, path: &mut Vec<Seg>, spans: &mut Spans) -> Value {
    use toml::de::DeValue;
    match value {
        DeValue::String(s) => Value::String(s.to_string()),
        DeValue::Integer(i) => {
            let digits = i.as_str().replace('_', "");
            match i64::from_str_radix(&digits, i.radix()) {
                Ok(n) => Value::from(n),
                // Out of i64: still a number, as far as the schema goes.
                Err(_) => Value::from(0),
            }
        }
        DeValue::Float(f) => {
            let x: f64 = f.as_str().replace('_', "").parse().unwrap_or(0.0);
            // NaN and inf are numbers of the schema; validation judges them.
            Value::from(if x.is_finite() { x } else { 0.0 })
        }
        DeValue::Boolean(b) => Value::Bool(*b),
        DeValue::Datetime(d) => Value::String(d.to_string()),
        DeValue::Array(items) => Value::Array(
            items
                .iter()
                .enumerate()
                .map(|(n, item)| {
                    path.push(Seg::Index(n));
                    spans.values.insert(path.clone(), item.span().start);
                    let v = from_toml_value(item.get_ref(), path, spans);
                    path.pop();
                    v
                })
                .collect(),
        ),
        DeValue::Table(t) => from_toml_table(t, path, spans),
    }
}

/// Positions of the keys and values of JSON text already known to parse.
struct JsonScanner<'a> {
    bytes: &'a [u8],
    at: usize,
}

impl JsonScanner<'_> {
    fn ws(&mut self) {
        while self.at < self.bytes.len() && self.bytes[self.at].is_ascii_whitespace() {
            self.at += 1;
        }
    }

    fn string(&mut self) -> String {
        let start = self.at;
        self.at += 1;
        while self.at < self.bytes.len() {
            match self.bytes[self.at] {
                b'\\' => self.at += 2,
                b'"' => {
                    self.at += 1;
                    break;
                }
                _ => self.at += 1,
            }
        }
        let raw = &self.bytes[start..self.at.min(self.bytes.len())];
        serde_json::from_slice(raw).unwrap_or_default()
    }

    fn value(&mut self, path: &mut Vec<Seg>, spans: &mut Spans) {
        self.ws();
        spans.values.insert(path.clone(), self.at);
        match self.bytes.get(self.at) {
            Some(b'{') => {
                self.at += 1;
                loop {
                    self.ws();
                    match self.bytes.get(self.at) {
                        Some(b'"') => {
                            let key_at = self.at;
                            let key = self.string();
                            self.ws();
                            self.at += 1; // ':'
                            path.push(Seg::Key(key));
                            spans.keys.insert(path.clone(), key_at);
                            self.value(path, spans);
                            path.pop();
                        }
                        Some(b',') => self.at += 1,
                        Some(b'}') => {
                            self.at += 1;
                            return;
                        }
                        _ => return,
                    }
                }
            }
            Some(b'[') => {
                self.at += 1;
                let mut n = 0;
                loop {
                    self.ws();
                    match self.bytes.get(self.at) {
                        Some(b',') => self.at += 1,
                        Some(b']') => {
                            self.at += 1;
                            return;
                        }
                        Some(_) => {
                            path.push(Seg::Index(n));
                            self.value(path, spans);
                            path.pop();
                            n += 1;
                        }
                        None => return,
                    }
                }
            }
            Some(b'"') => {
                self.string();
            }
            Some(_) => {
                while self.at < self.bytes.len()
                    && !matches!(self.bytes[self.at], b',' | b'}' | b']')
                    && !self.bytes[self.at].is_ascii_whitespace()
                {
                    self.at += 1;
                }
            }
            None => {}
        }
    }
}

/// What one serde error says, in the schema's terms.
#[derive(Debug)]
enum Kind {
    /// `unknown field `x``: the key is not part of the table.
    Unknown(String),
    /// `missing field `x``: a required key is absent.
    Missing(String),
    /// A value of the wrong type (or out of range), with what was expected.
    Wrong { expected: String },
}

fn classify(message: &str) -> Kind {
    if let Some(rest) = message.strip_prefix("unknown field `") {
        return Kind::Unknown(rest.split('`').next().unwrap_or("").to_string());
    }
    if let Some(rest) = message.strip_prefix("missing field `") {
        return Kind::Missing(rest.split('`').next().unwrap_or("").to_string());
    }
    let expected = message
        .rsplit_once(", expected ")
        .map(|(_, e)| e.to_string())
        .unwrap_or_else(|| {
            if message.contains("untagged enum OneOrMany") {
                "a string or a list of strings".to_string()
            } else {
                String::new()
            }
        });
    Kind::Wrong { expected }
}

/// The stable code of a serde message.
pub(crate) fn serde_code(message: &str) -> &'static str {
    if message.starts_with("invalid value") && is_number_text(message) {
        return "number.out_of_range";
    }
    match classify(message) {
        // Kept from before this mapping existed (tests and users rely on it).
        Kind::Unknown(_) => "file.syntax",
        Kind::Missing(_) => "field.missing",
        Kind::Wrong { .. } => "type.mismatch",
    }
}

fn is_number_text(message: &str) -> bool {
    message.contains("integer `") || message.contains("floating point `")
}

/// A serde message in a reader's words (no position, no path).
pub(crate) fn serde_message(message: &str) -> String {
    match classify(message) {
        Kind::Unknown(field) => {
            let allowed = message
                .split_once("expected one of ")
                .map(|(_, list)| list.replace('`', ""))
                .or_else(|| {
                    message
                        .split_once("expected ")
                        .map(|(_, e)| e.replace('`', ""))
                });
            match allowed {
                Some(list) => format!("unknown field `{field}`; expected one of {list}"),
                None => format!("unknown field `{field}`; this table has no fields"),
            }
        }
        Kind::Missing(_) => "required field is missing".to_string(),
        Kind::Wrong { expected } => {
            let found = found(message);
            match found {
                Some(found) => format!("expected {}, found {found}", expected_words(&expected)),
                None if expected.is_empty() => message.to_string(),
                None => format!("expected {}", expected_words(&expected)),
            }
        }
    }
}

/// `invalid type: string "five", expected f64` -> `the string "five"`.
fn found(message: &str) -> Option<String> {
    let rest = message
        .strip_prefix("invalid type: ")
        .or_else(|| message.strip_prefix("invalid value: "))
        .or_else(|| message.strip_prefix("invalid length "))?;
    let (what, _) = rest.rsplit_once(", expected ")?;
    let words = if let Some(s) = what.strip_prefix("string ") {
        format!("the string {s}")
    } else if let Some(n) = what
        .strip_prefix("integer ")
        .or_else(|| what.strip_prefix("floating point "))
    {
        format!("the number {}", n.trim_matches('`'))
    } else if let Some(b) = what.strip_prefix("boolean ") {
        format!("the boolean {}", b.trim_matches('`'))
    } else if what == "sequence" {
        "a list".to_string()
    } else if what == "map" {
        "a table".to_string()
    } else if what == "unit value" || what == "null" {
        "null".to_string()
    } else if what.chars().all(|c| c.is_ascii_digit()) {
        format!("a list of {what}")
    } else {
        what.to_string()
    };
    Some(words)
}

/// `f64` -> `a number`, `struct Sink` -> `a table`, ...
fn expected_words(expected: &str) -> String {
    let e = expected.trim();
    if matches!(
        e,
        "f64" | "f32" | "i64" | "i32" | "u64" | "u32" | "usize" | "i128" | "u128" | "u8" | "u16"
    ) {
        return "a number".to_string();
    }
    if e == "a borrowed string" || e == "a string" {
        return "a string".to_string();
    }
    if e == "a boolean" {
        return "true or false".to_string();
    }
    if e == "a sequence" {
        return "a list".to_string();
    }
    if e == "a map" || e.starts_with("struct ") {
        return "a table".to_string();
    }
    if let Some(n) = e.strip_prefix("an array of length ") {
        return format!("a list of {n} numbers");
    }
    e.to_string()
}

/// A placeholder of the expected type, for a value that is repaired.
fn placeholder(expected: &str) -> Value {
    let words = expected_words(expected);
    match words.as_str() {
        "a number" => Value::from(0),
        "a string" | "a string or a list of strings" => Value::String(String::new()),
        "true or false" => Value::Bool(false),
        "a list" => Value::Array(Vec::new()),
        "a table" => Value::Object(Map::new()),
        w if w.starts_with("a list of ") => {
            let n: usize = w
                .trim_start_matches("a list of ")
                .split(' ')
                .next()
                .and_then(|n| n.parse().ok())
                .unwrap_or(0);
            Value::Array(vec![Value::from(0); n.min(16)])
        }
        _ => Value::Null,
    }
}

fn segments(path: &serde_path_to_error::Path) -> Vec<Seg> {
    use serde_path_to_error::Segment;
    path.iter()
        .filter_map(|s| match s {
            Segment::Seq { index } => Some(Seg::Index(*index)),
            Segment::Map { key } => Some(Seg::Key(key.clone())),
            Segment::Enum { .. } | Segment::Unknown => None,
        })
        .collect()
}

fn get_mut<'v>(value: &'v mut Value, path: &[Seg]) -> Option<&'v mut Value> {
    path.iter().try_fold(value, |v, seg| match seg {
        Seg::Key(k) => v.as_object_mut()?.get_mut(k),
        Seg::Index(i) => v.as_array_mut()?.get_mut(*i),
    })
}

fn get<'v>(value: &'v Value, path: &[Seg]) -> Option<&'v Value> {
    path.iter().try_fold(value, |v, seg| match seg {
        Seg::Key(k) => v.as_object()?.get(k),
        Seg::Index(i) => v.as_array()?.get(*i),
    })
}

/// `sink[D1].max_conc.COD`: an element of a list is named by its `id` when
/// it has one (as validation names it), else by its index.
fn display(original: &Value, path: &[Seg]) -> String {
    let mut out = String::new();
    for (n, seg) in path.iter().enumerate() {
        match seg {
            Seg::Key(k) => {
                if !out.is_empty() {
                    out.push('.');
                }
                out.push_str(k);
            }
            Seg::Index(i) => {
                let id = get(original, &path[..=n])
                    .and_then(|e| e.get("id"))
                    .and_then(Value::as_str)
                    .filter(|id| !id.is_empty());
                match id {
                    Some(id) => out.push_str(&format!("[{id}]")),
                    None => out.push_str(&format!("[{i}]")),
                }
            }
        }
    }
    out
}

fn position(text: &str, offset: Option<usize>, origin: &Path) -> String {
    match offset {
        Some(at) => {
            let (line, column) = super::load::line_column(text, at);
            format!(" ({}:{line}:{column})", origin.display())
        }
        None => format!(" ({})", origin.display()),
    }
}

/// Finds every schema problem by deserializing, recording and repairing.
fn problems(mut value: Value, spans: &Spans, text: &str, origin: &Path) -> Option<Vec<Problem>> {
    let original = value.clone();
    let mut found = Vec::new();
    // Paths holding placeholders this loop put there: errors at them are
    // consequences of a repair, never reported.
    let mut synthetic: HashSet<Vec<Seg>> = HashSet::new();
    let mut reported: HashSet<(Vec<Seg>, &'static str)> = HashSet::new();
    // Each round deserializes the whole document: bound the work to about
    // 256 MB of text read (a hostile 64 MiB file gets four rounds).
    let rounds = (WORK_BYTES / text.len().max(1)).clamp(4, 4 * MAX_PROBLEMS);
    for _ in 0..rounds {
        let err = match serde_path_to_error::deserialize::<_, Scenario>(&value) {
            Ok(_) => break,
            Err(e) => e,
        };
        let mut path = segments(err.path());
        let message = err.inner().to_string();
        let kind = classify(&message);
        // serde names the table for unknown and missing fields; the problem
        // is at the field.
        match &kind {
            Kind::Unknown(f) | Kind::Missing(f) => {
                if path.last() != Some(&Seg::Key(f.clone())) {
                    path.push(Seg::Key(f.clone()));
                }
            }
            Kind::Wrong { .. } => {}
        }
        let is_synthetic = synthetic.iter().any(|s| path.starts_with(s));
        let code = serde_code(&message);
        if !is_synthetic && reported.insert((path.clone(), code)) {
            let at = match &kind {
                Kind::Unknown(_) => spans.keys.get(&path),
                Kind::Missing(_) => spans.values.get(&path[..path.len() - 1]),
                Kind::Wrong { .. } => spans.values.get(&path),
            };
            // A top-level key written after a [table] header lands in it.
            let hint = match &kind {
                Kind::Unknown(f) if path.len() == 2 && TOP_LEVEL.contains(&f.as_str()) => {
                    "; a top-level key must come before the first [table] header"
                }
                _ => "",
            };
            found.push(Problem {
                path: display(&original, &path),
                code,
                message: format!(
                    "{}{hint}{}",
                    serde_message(&message),
                    position(text, at.copied(), origin)
                ),
            });
            if found.len() >= MAX_PROBLEMS {
                break;
            }
        }
        if !repair(&mut value, &path, &kind, &mut synthetic) {
            break;
        }
    }
    (!found.is_empty()).then(|| {
        found.sort();
        found
    })
}

/// Changes the tree so the same error does not come back; false when it
/// cannot (the loop then stops with what it found).
fn repair(value: &mut Value, path: &[Seg], kind: &Kind, synthetic: &mut HashSet<Vec<Seg>>) -> bool {
    let Some((last, parent)) = path.split_last() else {
        // The document itself has the wrong type.
        return false;
    };
    match kind {
        Kind::Unknown(_) => {
            let Some(Value::Object(map)) = get_mut(value, parent) else {
                return false;
            };
            let Seg::Key(k) = last else { return false };
            map.remove(k).is_some()
        }
        Kind::Missing(_) => {
            let Some(Value::Object(map)) = get_mut(value, parent) else {
                return false;
            };
            let Seg::Key(k) = last else { return false };
            // The type is unknown until serde says it: a number first; a
            // mismatch at a synthetic path then gets the expected type.
            if !synthetic.insert(path.to_vec()) {
                return false;
            }
            map.insert(k.clone(), Value::from(0)).is_none()
        }
        Kind::Wrong { expected } => {
            let Some(slot) = get_mut(value, path) else {
                return false;
            };
            let new = placeholder(expected);
            if new.is_null() || *slot == new {
                // No better value known: drop the field (a missing-field
                // error, if it is required, is then a synthetic one).
                synthetic.insert(path.to_vec());
                let Some(Value::Object(map)) = get_mut(value, parent) else {
                    return false;
                };
                let Seg::Key(k) = last else { return false };
                return map.remove(k).is_some();
            }
            *slot = new;
            true
        }
    }
}

/// The entity and field a TOML syntax error on 1-based `line` sits in,
/// told from the text alone (the document does not parse): the last table
/// header above it (`[[source]]` with its `id`, or its index among the
/// tables of that name; `[park]`) and the key the line starts with.
pub(super) fn toml_entity_at(text: &str, line: usize) -> Option<String> {
    let lines: Vec<&str> = text.lines().collect();
    let at = line.checked_sub(1).filter(|&l| l < lines.len())?;
    let key_of = |l: &str| -> Option<String> {
        let (key, _) = l.split_once('=')?;
        let key = key.trim();
        (!key.is_empty()
            && key
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || matches!(c, '_' | '-' | '.')))
        .then(|| key.to_string())
    };
    let header = (0..=at)
        .rev()
        .find(|&i| lines[i].trim_start().starts_with('['));
    let field = key_of(lines[at]);
    let Some(h) = header else {
        return field;
    };
    let title = lines[h].trim();
    let entity = if let Some(name) = title.strip_prefix("[[").and_then(|t| t.split("]]").next()) {
        let name = name.trim();
        let index = lines[..h]
            .iter()
            .filter(|l| {
                l.trim()
                    .strip_prefix("[[")
                    .and_then(|t| t.split("]]").next())
                    .map(str::trim)
                    == Some(name)
            })
            .count();
        let end = (h + 1..lines.len())
            .find(|&i| lines[i].trim_start().starts_with('['))
            .unwrap_or(lines.len());
        let id = lines[h + 1..end].iter().find_map(|l| {
            let (k, v) = l.split_once('=')?;
            (k.trim() == "id").then(|| v.trim().trim_matches('"').to_string())
        });
        match id.filter(|id| !id.is_empty() && id.len() <= 256) {
            Some(id) => format!("{name}[{id}]"),
            None => format!("{name}[{index}]"),
        }
    } else {
        title
            .trim_start_matches('[')
            .split(']')
            .next()?
            .trim()
            .to_string()
    };
    if h == at {
        return Some(entity);
    }
    Some(match field {
        Some(f) => format!("{entity}.{f}"),
        None => entity,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn toml(text: &str) -> Vec<(String, &'static str, String)> {
        toml_problems(text, Path::new("p.toml"))
            .unwrap_or_default()
            .into_iter()
            .map(|p| (p.path, p.code, p.message))
            .collect()
    }

    #[test]
    fn serde_messages_in_a_readers_words() {
        let m = "invalid type: string \"five\", expected f64";
        assert_eq!(serde_code(m), "type.mismatch");
        assert_eq!(
            serde_message(m),
            "expected a number, found the string \"five\""
        );
        assert_eq!(serde_code("missing field `kind`"), "field.missing");
        assert_eq!(
            serde_message("invalid length 3, expected an array of length 2"),
            "expected a list of 2 numbers, found a list of 3"
        );
        assert_eq!(
            serde_code("invalid value: integer `-1`, expected u32"),
            "number.out_of_range"
        );
    }

    #[test]
    fn placeholders_are_never_reported() {
        // `kind` is missing and must be a string: the number put there to
        // continue is not a second problem.
        let got = toml(
            "contaminants = [\"C\"]\n[[intake]]\nid = \"FW\"\nconc = { C = 0 }\n[[intake]]\nid = \"FX\"\nconc = { C = 0 }\n",
        );
        let paths: Vec<&str> = got.iter().map(|g| g.0.as_str()).collect();
        assert_eq!(paths, ["intake[FW].kind", "intake[FX].kind"], "{got:?}");
    }

    #[test]
    fn a_location_of_three_numbers_is_a_mismatch_at_its_line() {
        let got = toml("contaminants = []\n[[enterprise]]\nid = \"E\"\nlocation = [1, 2, 3]\n");
        assert_eq!(got.len(), 1, "{got:?}");
        assert_eq!(got[0].0, "enterprise[E].location");
        assert_eq!(got[0].1, "type.mismatch");
        assert!(got[0].2.ends_with("(p.toml:4:12)"), "{got:?}");
    }

    #[test]
    fn a_syntax_error_is_placed_in_its_entity() {
        let text = "contaminants = []\n[[source]]\nid = \"A\"\n[[source]]\nid = \"S1\"\nflow = = 50\n[park]\nname = = 1\n";
        assert_eq!(toml_entity_at(text, 6).as_deref(), Some("source[S1].flow"));
        assert_eq!(toml_entity_at(text, 8).as_deref(), Some("park.name"));
        assert_eq!(toml_entity_at(text, 1).as_deref(), Some("contaminants"));
        assert_eq!(toml_entity_at(text, 99), None);
    }

    #[test]
    fn json_positions_follow_the_path() {
        let text = "{\"contaminants\": [],\n \"source\": [{\"id\": \"S\", \"flow\": \"x\", \"conc\": {}}]}";
        let got: Vec<_> = json_problems(text, Path::new("p.json")).unwrap();
        assert_eq!(got[0].path, "source[S].flow");
        assert!(got[0].message.ends_with("(p.json:2:33)"), "{got:?}");
    }
}
