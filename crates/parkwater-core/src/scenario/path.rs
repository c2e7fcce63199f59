//! Paths into a scenario, in the notation validation errors print:
//! `intake[SW].price`, `sink[E3.D1].max_conc.COD`, `treatment[RO].max_flow`,
//! `policy.min_reuse_rate`, `park.hours_per_year`.
//!
//! A path works on the scenario's serde form (a [`serde_json::Value`]), not on
//! its Rust fields: a field added to the schema is reachable by path with no
//! change here. `kind[ID]` selects the element of the `kind` list (the name a
//! file uses: `intake`, `sink`, `constraint`, ...) whose `id` (or, for
//! constraints, `label`) is `ID`; `kind[#n]` selects the n-th (0-based), the
//! form validation prints for an entity without an id. Every other segment is
//! a table key. Ids may contain dots (`E3.D1`): brackets are read first.
//!
//! Setting a path creates the tables it passes through when they are absent
//! (`policy.min_reuse_rate` on a scenario without `[policy]`, `intake[FW].max_flow`
//! on an intake without a permit); whether the result is a valid scenario is
//! then decided by deserializing it (`apply_sets`), so a misspelt field or a
//! wrong type is named by its path.

use serde::de::DeserializeOwned;
#[cfg(test)]
use serde::Serialize;
use serde_json::Value;
use std::fmt;

/// The path of an entity, as validation prints it: `sink[E3.D1]`, or
/// `sink[#4]` for one without an id.
pub fn entity_path(kind: &str, id: &str, n: usize) -> String {
    if id.is_empty() {
        format!("{kind}[#{n}]")
    } else {
        format!("{kind}[{id}]")
    }
}

/// One step of a path.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Segment {
    /// A table key.
    Key(String),
    /// The element of list `kind` with this id (or `#n`: this index).
    Select { kind: String, id: String },
}

/// A parsed path such as `sink[E3.D1].max_conc.COD`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ScenarioPath {
    text: String,
    segments: Vec<Segment>,
}

/// Why a path could not be read or applied.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{path}: {message} [{code}]")]
pub struct PathError {
    /// The path as written.
    pub path: String,
    /// Stable code: `path.syntax`, `path.unknown_entity`, `path.not_found`,
    /// `path.wrong_type`, `path.invalid` (the scenario it makes is not one).
    pub code: &'static str,
    /// What is wrong, for a person.
    pub message: String,
}

impl PathError {
    fn new(path: &str, code: &'static str, message: impl Into<String>) -> PathError {
        PathError {
            path: path.to_string(),
            code,
            message: message.into(),
        }
    }
}

impl fmt::Display for ScenarioPath {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.text)
    }
}

impl std::str::FromStr for ScenarioPath {
    type Err = PathError;
    fn from_str(text: &str) -> Result<ScenarioPath, PathError> {
        ScenarioPath::parse(text)
    }
}

impl ScenarioPath {
    /// Parses `kind[id].key.key...`.
    pub fn parse(text: &str) -> Result<ScenarioPath, PathError> {
        let bad = |why: &str| PathError::new(text, "path.syntax", why);
        let mut segments = Vec::new();
        let mut rest = text.trim();
        if rest.is_empty() {
            return Err(bad("the path is empty"));
        }
        loop {
            let end = rest.find(['.', '[']).unwrap_or(rest.len());
            let key = &rest[..end];
            if key.is_empty() {
                return Err(bad(
                    "a segment is empty (two dots, or a leading dot or bracket)",
                ));
            }
            rest = &rest[end..];
            if let Some(after) = rest.strip_prefix('[') {
                let close = after
                    .find(']')
                    .ok_or_else(|| bad("a '[' has no matching ']'"))?;
                let id = &after[..close];
                if id.is_empty() {
                    return Err(bad("an empty id between brackets"));
                }
                segments.push(Segment::Select {
                    kind: key.to_string(),
                    id: id.to_string(),
                });
                rest = &after[close + 1..];
            } else {
                segments.push(Segment::Key(key.to_string()));
            }
            if rest.is_empty() {
                break;
            }
            rest = rest
                .strip_prefix('.')
                .ok_or_else(|| bad("expected '.' after ']'"))?;
            if rest.is_empty() {
                return Err(bad("the path ends with a dot"));
            }
        }
        Ok(ScenarioPath {
            text: text.trim().to_string(),
            segments,
        })
    }

    /// The path as written.
    pub(crate) fn as_str(&self) -> &str {
        &self.text
    }

    /// The entity the path starts with (`intake`, `SW`), if it selects one.
    #[cfg(test)]
    pub(crate) fn entity(&self) -> Option<(&str, &str)> {
        match self.segments.first() {
            Some(Segment::Select { kind, id }) => Some((kind, id)),
            _ => None,
        }
    }

    /// The value at the path, or `None` when an optional field is absent.
    /// An entity that does not exist is an error.
    pub fn get<'a>(&self, root: &'a Value) -> Result<Option<&'a Value>, PathError> {
        let mut here = root;
        for segment in &self.segments {
            let next = match segment {
                Segment::Key(key) => match here {
                    Value::Object(map) => map.get(key),
                    Value::Null => None,
                    other => return Err(self.not_a_table(key, other)),
                },
                Segment::Select { kind, id } => Some(self.select(here, kind, id)?),
            };
            match next {
                Some(v) => here = v,
                None => return Ok(None),
            }
        }
        Ok(Some(here))
    }

    /// Sets the value at the path, creating absent tables on the way. The
    /// old value, when there is one, fixes the type: a number stays a number.
    pub(crate) fn set(&self, root: &mut Value, value: Value) -> Result<(), PathError> {
        let (last, parents) = self.segments.split_last().expect("a path has a segment");
        let here = self.walk_mut(root, parents, true)?;
        match last {
            Segment::Key(key) => {
                let map = self.as_table(here, key)?;
                if let Some(old) = map.get(key) {
                    check_type(&self.text, old, &value)?;
                }
                map.insert(key.clone(), value);
                Ok(())
            }
            Segment::Select { kind, id } => {
                let slot = self.select_mut(here, kind, id)?;
                check_type(&self.text, slot, &value)?;
                *slot = value;
                Ok(())
            }
        }
    }

    /// Removes the value at the path: an entity from its list, or a field.
    #[cfg_attr(feature = "dev", visibility::make(pub))]
    pub(crate) fn remove(&self, root: &mut Value) -> Result<Value, PathError> {
        let (last, parents) = self.segments.split_last().expect("a path has a segment");
        let here = self.walk_mut(root, parents, false)?;
        match last {
            Segment::Key(key) => self.as_table(here, key)?.remove(key).ok_or_else(|| {
                PathError::new(
                    &self.text,
                    "path.not_found",
                    "nothing to remove: the field is not set",
                )
            }),
            Segment::Select { kind, id } => {
                let index = self.position(here, kind, id)?;
                let list = here
                    .get_mut(kind.as_str())
                    .and_then(Value::as_array_mut)
                    .expect("position found a list");
                Ok(list.remove(index))
            }
        }
    }

    fn walk_mut<'a>(
        &self,
        root: &'a mut Value,
        segments: &[Segment],
        create: bool,
    ) -> Result<&'a mut Value, PathError> {
        let mut here = root;
        for segment in segments {
            here = match segment {
                Segment::Key(key) => {
                    let map = self.as_table(here, key)?;
                    if !map.contains_key(key) || map[key].is_null() {
                        if !create {
                            return Err(PathError::new(
                                &self.text,
                                "path.not_found",
                                format!("'{key}' is not set"),
                            ));
                        }
                        map.insert(key.clone(), Value::Object(Default::default()));
                    }
                    map.get_mut(key).expect("just inserted")
                }
                Segment::Select { kind, id } => self.select_mut(here, kind, id)?,
            };
        }
        Ok(here)
    }

    fn as_table<'a>(
        &self,
        here: &'a mut Value,
        key: &str,
    ) -> Result<&'a mut serde_json::Map<String, Value>, PathError> {
        if here.is_null() {
            *here = Value::Object(Default::default());
        }
        match here {
            Value::Object(map) => Ok(map),
            other => Err(self.not_a_table(key, other)),
        }
    }

    fn not_a_table(&self, key: &str, value: &Value) -> PathError {
        PathError::new(
            &self.text,
            "path.wrong_type",
            format!(
                "cannot look up '{key}' in {}: only tables have fields",
                type_name(value)
            ),
        )
    }

    fn position(&self, here: &Value, kind: &str, id: &str) -> Result<usize, PathError> {
        let unknown = |known: &[String]| {
            let list = if known.is_empty() {
                format!("the scenario has no {kind}")
            } else {
                let shown: Vec<&str> = known.iter().take(12).map(String::as_str).collect();
                let more = known.len().saturating_sub(shown.len());
                let tail = if more > 0 {
                    format!(" and {more} more")
                } else {
                    String::new()
                };
                format!("known: {}{tail}", shown.join(", "))
            };
            PathError::new(
                &self.text,
                "path.unknown_entity",
                format!("no {kind} '{id}' ({list})"),
            )
        };
        let list = match here.get(kind) {
            Some(Value::Array(list)) => list,
            None | Some(Value::Null) => return Err(unknown(&[])),
            Some(other) => {
                return Err(PathError::new(
                    &self.text,
                    "path.wrong_type",
                    format!("'{kind}' is {}, not a list of entities", type_name(other)),
                ))
            }
        };
        if let Some(n) = id.strip_prefix('#').and_then(|n| n.parse::<usize>().ok()) {
            if n < list.len() {
                return Ok(n);
            }
        }
        let name_of = |e: &Value| {
            e.get("id")
                .or_else(|| e.get("label"))
                .and_then(Value::as_str)
                .map(str::to_string)
        };
        list.iter()
            .position(|e| name_of(e).as_deref() == Some(id))
            .ok_or_else(|| unknown(&list.iter().filter_map(name_of).collect::<Vec<_>>()))
    }

    fn select<'a>(&self, here: &'a Value, kind: &str, id: &str) -> Result<&'a Value, PathError> {
        let n = self.position(here, kind, id)?;
        Ok(&here[kind][n])
    }

    fn select_mut<'a>(
        &self,
        here: &'a mut Value,
        kind: &str,
        id: &str,
    ) -> Result<&'a mut Value, PathError> {
        let n = self.position(here, kind, id)?;
        Ok(&mut here[kind][n])
    }
}

/// `a number`, `a string`, ... for messages.
pub(crate) fn type_name(value: &Value) -> &'static str {
    match value {
        Value::Null => "nothing",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "a list",
        Value::Object(_) => "a table",
    }
}

fn check_type(path: &str, old: &Value, new: &Value) -> Result<(), PathError> {
    let same = std::mem::discriminant(old) == std::mem::discriminant(new) || old.is_null();
    if same {
        Ok(())
    } else {
        Err(PathError::new(
            path,
            "path.wrong_type",
            format!(
                "expects {} (as in the scenario), got {}",
                type_name(old),
                type_name(new)
            ),
        ))
    }
}

/// Applies `path = value` settings to any serializable value (a scenario)
/// and reads the result back. Every problem is reported: paths that cannot
/// be applied, and a result that is not valid, attributed to the first
/// setting that makes it invalid (a misspelt field, a string for a number).
#[cfg(test)]
pub(crate) fn apply_sets<T: Serialize + DeserializeOwned>(
    base: &T,
    sets: &[(ScenarioPath, Value)],
) -> Result<T, Vec<PathError>> {
    let root = serde_json::to_value(base).map_err(|e| {
        vec![PathError::new(
            "",
            "path.invalid",
            format!("cannot serialize: {e}"),
        )]
    })?;
    apply_sets_value(root, sets)
}

/// `apply_sets` on a value already in serde form (saves re-serializing a
/// large scenario once per point of a sweep).
pub fn apply_sets_value<T: DeserializeOwned>(
    mut root: Value,
    sets: &[(ScenarioPath, Value)],
) -> Result<T, Vec<PathError>> {
    let original = root.clone();
    let errors: Vec<PathError> = sets
        .iter()
        .filter_map(|(path, value)| path.set(&mut root, value.clone()).err())
        .collect();
    if !errors.is_empty() {
        return Err(errors);
    }
    match serde_json::from_value::<T>(root) {
        Ok(t) => Ok(t),
        Err(e) => Err(vec![attribute::<T>(original, sets, e)]),
    }
}

/// Finds the first setting after which the value no longer deserializes.
fn attribute<T: DeserializeOwned>(
    mut root: Value,
    sets: &[(ScenarioPath, Value)],
    whole: serde_json::Error,
) -> PathError {
    if serde_json::from_value::<T>(root.clone()).is_err() {
        return PathError::new(
            "",
            "path.invalid",
            format!("the base is not valid: {whole}"),
        );
    }
    for (path, value) in sets {
        let _ = path.set(&mut root, value.clone());
        if let Err(e) = serde_json::from_value::<T>(root.clone()) {
            return PathError::new(path.as_str(), "path.invalid", e.to_string());
        }
    }
    PathError::new("", "path.invalid", whole.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde::Deserialize;
    use serde_json::json;

    fn p(text: &str) -> ScenarioPath {
        ScenarioPath::parse(text).unwrap()
    }

    #[test]
    fn parses_ids_with_dots() {
        let path = p("sink[E3.D1].max_conc.COD");
        assert_eq!(path.entity(), Some(("sink", "E3.D1")));
        assert_eq!(path.segments.len(), 3);
        for bad in ["", "a..b", ".a", "a[", "a[]", "a[x]b", "a."] {
            let err = ScenarioPath::parse(bad).unwrap_err();
            assert_eq!(err.code, "path.syntax", "{bad}");
        }
    }

    #[test]
    fn get_set_remove() {
        let mut v = json!({"intake": [{"id": "SW", "price": 1.0}, {"id": "FW", "price": 2.0}],
                           "constraint": [{"label": "cap", "rhs": 3.0}]});
        assert_eq!(p("intake[FW].price").get(&v).unwrap(), Some(&json!(2.0)));
        assert_eq!(p("intake[FW].max_flow").get(&v).unwrap(), None);
        assert_eq!(p("intake[#0].price").get(&v).unwrap(), Some(&json!(1.0)));
        assert_eq!(p("constraint[cap].rhs").get(&v).unwrap(), Some(&json!(3.0)));
        p("intake[FW].max_flow").set(&mut v, json!(500)).unwrap();
        p("policy.min_reuse_rate").set(&mut v, json!(0.9)).unwrap();
        assert_eq!(v["intake"][1]["max_flow"], json!(500));
        assert_eq!(v["policy"]["min_reuse_rate"], json!(0.9));
        p("intake[SW]").remove(&mut v).unwrap();
        assert_eq!(v["intake"].as_array().unwrap().len(), 1);
        let err = p("intake[XX].price").set(&mut v, json!(1)).unwrap_err();
        assert_eq!(err.code, "path.unknown_entity");
        assert!(err.message.contains("known: FW"), "{}", err.message);
        let err = p("intake[FW].price")
            .set(&mut v, json!("dear"))
            .unwrap_err();
        assert_eq!(err.code, "path.wrong_type");
        let err = p("intake[FW].price.x").set(&mut v, json!(1)).unwrap_err();
        assert_eq!(err.code, "path.wrong_type");
        let err = p("policy.max_intake").remove(&mut v).unwrap_err();
        assert_eq!(err.code, "path.not_found");
    }

    /// A schema the path code has never heard of: any serde type works,
    /// so fields added to the scenario later need no change here.
    #[derive(Debug, Serialize, Deserialize, PartialEq)]
    #[serde(deny_unknown_fields)]
    struct Plant {
        #[serde(default)]
        pump: Vec<Pump>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        weather: Option<Weather>,
    }
    #[derive(Debug, Serialize, Deserialize, PartialEq)]
    #[serde(deny_unknown_fields)]
    struct Pump {
        id: String,
        head_m: f64,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        spare: Option<bool>,
    }
    #[derive(Debug, Serialize, Deserialize, PartialEq)]
    #[serde(deny_unknown_fields)]
    struct Weather {
        rain_mm: f64,
    }

    #[test]
    fn works_on_any_schema_and_names_the_bad_setting() {
        let plant = Plant {
            pump: vec![Pump {
                id: "P1".into(),
                head_m: 30.0,
                spare: None,
            }],
            weather: None,
        };
        let sets = vec![
            (p("pump[P1].head_m"), json!(35)),
            (p("pump[P1].spare"), json!(true)),
            (p("weather.rain_mm"), json!(800.0)),
        ];
        let out: Plant = apply_sets(&plant, &sets).unwrap();
        assert_eq!(out.pump[0].head_m, 35.0);
        assert_eq!(out.pump[0].spare, Some(true));
        assert_eq!(out.weather, Some(Weather { rain_mm: 800.0 }));

        let sets = vec![
            (p("pump[P1].head_m"), json!(35)),
            (p("pump[P1].haed"), json!(1)),
        ];
        let err = apply_sets(&plant, &sets).unwrap_err();
        assert_eq!(err.len(), 1);
        assert_eq!(err[0].path, "pump[P1].haed");
        assert!(
            err[0].message.contains("unknown field"),
            "{}",
            err[0].message
        );

        let sets = vec![(p("pump[P1].spare"), json!("yes"))];
        let err = apply_sets(&plant, &sets).unwrap_err();
        assert_eq!(err[0].path, "pump[P1].spare");
    }

    #[test]
    fn entity_path_matches_validation() {
        assert_eq!(entity_path("sink", "E3.D1", 2), "sink[E3.D1]");
        assert_eq!(entity_path("sink", "", 2), "sink[#2]");
    }
}
