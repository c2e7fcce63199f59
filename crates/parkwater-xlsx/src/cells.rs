//! One cell read as a field of a given kind: numbers stored as text are
//! numbers, ids typed as numbers are text, lists are `a, b` or JSON; and
//! serde's wording turned into a spreadsheet user's.

use crate::fields::Kind;
use crate::grid::{format_number, Cell};
use serde_json::{Map, Value};

/// A value that deserializes for a field of this kind.
pub(crate) fn placeholder(kind: Option<Kind>) -> Value {
    match kind {
        Some(Kind::Text) => Value::String(String::new()),
        Some(Kind::Bool) => Value::Bool(false),
        Some(Kind::List | Kind::Table | Kind::Names) => Value::Array(Vec::new()),
        Some(Kind::PerContaminant | Kind::Json) => Value::Object(Map::new()),
        Some(Kind::Pair) => serde_json::json!([0.0, 0.0]),
        Some(Kind::Number) | None => Value::from(0),
    }
}

/// The kind serde's "expected ..." asks for.
pub(crate) fn expected_kind(message: &str) -> Option<Kind> {
    let expected = message.rsplit("expected ").next()?;
    let e = expected.to_lowercase();
    if e.contains("string") || e.contains("char") {
        Some(Kind::Text)
    } else if e.contains("bool") {
        Some(Kind::Bool)
    } else if [
        "f64", "f32", "u8", "u16", "u32", "u64", "usize", "i32", "i64", "number", "integer",
    ]
    .iter()
    .any(|w| e.contains(w))
    {
        Some(Kind::Number)
    } else if e.contains("sequence") || e.contains("array") || e.contains("tuple") {
        Some(Kind::List)
    } else if e.contains("map") || e.contains("struct") {
        Some(Kind::Json)
    } else {
        None
    }
}

/// serde's wording in a spreadsheet user's words.
pub(crate) fn friendly(message: &str) -> String {
    let Some(rest) = message.strip_prefix("invalid type: ") else {
        return message.to_string();
    };
    let Some((found, expected)) = rest.split_once(", expected ") else {
        return message.to_string();
    };
    let expected = match expected_kind(message) {
        Some(Kind::Number)
            if ["u8", "u16", "u32", "u64", "usize", "integer"]
                .iter()
                .any(|w| expected.contains(w)) =>
        {
            "a whole number".to_string()
        }
        Some(Kind::Number) => "a number".to_string(),
        Some(Kind::Text) => "text".to_string(),
        Some(Kind::Bool) => "TRUE or FALSE".to_string(),
        Some(Kind::List) => "a list (a, b, c)".to_string(),
        _ => expected.to_string(),
    };
    let found = found
        .strip_prefix("floating point ")
        .or_else(|| found.strip_prefix("integer "))
        .or_else(|| found.strip_prefix("string "))
        .unwrap_or(found)
        .replace('`', "");
    format!("expected {expected}, found {found}")
}

/// Items of a list cell: `a, b` or JSON `["a", "b"]`.
pub(crate) fn split_list(text: &str) -> Vec<String> {
    let t = text.trim();
    if t.starts_with('[') {
        if let Ok(Value::Array(items)) = serde_json::from_str::<Value>(t) {
            return items
                .into_iter()
                .map(|v| match v {
                    Value::String(s) => s,
                    other => other.to_string(),
                })
                .collect();
        }
    }
    t.split([',', ';'])
        .map(|s| s.trim().to_string())
        .filter(|s| !s.is_empty())
        .collect()
}

/// A JSON number; whole numbers as integers (a count field wants one).
fn number(x: f64) -> Value {
    if x.fract() == 0.0 && x.abs() < 9.0e15 {
        Value::from(x as i64)
    } else {
        serde_json::Number::from_f64(x).map_or(Value::Null, Value::Number)
    }
}

pub(crate) type CellError = (&'static str, String);

/// A cell read as a field of this kind (`None`: not known yet, guess).
pub(crate) fn coerce(cell: &Cell, kind: Option<Kind>) -> Result<Value, CellError> {
    let wrong = |what: &str| {
        (
            "sheet.type",
            format!("expected {what}, found {}", cell.shown()),
        )
    };
    match cell {
        Cell::Formula(f) => {
            return Err((
                "sheet.formula_without_value",
                format!("the formula ={f} has no cached value (the file was saved without calculating); open and save it in Excel, or type the value"),
            ))
        }
        Cell::Error(e) => return Err(("sheet.type", format!("the cell holds the error value {e}"))),
        _ => {}
    }
    match kind {
        Some(Kind::Number) => match cell {
            Cell::Number(x) => Ok(number(*x)),
            Cell::Text(t) => match t.trim().parse::<f64>() {
                Ok(x) if x.is_finite() => Ok(number(x)),
                _ => Err(wrong("a number")),
            },
            _ => Err(wrong("a number")),
        },
        Some(Kind::Text) => match cell {
            Cell::Text(t) => Ok(Value::String(t.trim().to_string())),
            Cell::Number(x) => Ok(Value::String(format_number(*x))),
            Cell::Bool(b) => Ok(Value::String(b.to_string())),
            _ => Err(wrong("text")),
        },
        Some(Kind::Bool) => match cell {
            Cell::Bool(b) => Ok(Value::Bool(*b)),
            Cell::Number(x) if *x == 0.0 || *x == 1.0 => Ok(Value::Bool(*x == 1.0)),
            Cell::Text(t) => match t.trim().to_lowercase().as_str() {
                "true" | "yes" | "y" | "1" => Ok(Value::Bool(true)),
                "false" | "no" | "n" | "0" => Ok(Value::Bool(false)),
                _ => Err(wrong("TRUE or FALSE")),
            },
            _ => Err(wrong("TRUE or FALSE")),
        },
        Some(Kind::List | Kind::Names) => {
            let items = match cell {
                Cell::Text(t) => split_list(t),
                Cell::Number(x) => vec![format_number(*x)],
                _ => return Err(wrong("a list (a, b, c)")),
            };
            Ok(Value::Array(items.into_iter().map(Value::String).collect()))
        }
        Some(Kind::PerContaminant | Kind::Pair | Kind::Table) => Err(wrong("one value per column")),
        Some(Kind::Json) | None => Ok(match cell {
            Cell::Number(x) => number(*x),
            Cell::Bool(b) => Value::Bool(*b),
            Cell::Text(t) => {
                let t = t.trim();
                if t.starts_with('[') || t.starts_with('{') {
                    serde_json::from_str(t).unwrap_or_else(|_| Value::String(t.to_string()))
                } else if let Ok(x) = t.parse::<f64>() {
                    if x.is_finite() {
                        number(x)
                    } else {
                        Value::String(t.to_string())
                    }
                } else {
                    Value::String(t.to_string())
                }
            }
            _ => Value::Null,
        }),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_stored_as_text_are_numbers() {
        assert_eq!(
            coerce(&Cell::Text(" 12.5 ".into()), Some(Kind::Number)).unwrap(),
            serde_json::json!(12.5)
        );
        assert_eq!(
            coerce(&Cell::Number(101.0), Some(Kind::Text)).unwrap(),
            serde_json::json!("101")
        );
        let err = coerce(&Cell::Text("five".into()), Some(Kind::Number)).unwrap_err();
        assert_eq!(err.1, "expected a number, found \"five\"");
    }

    #[test]
    fn lists_split_on_commas_or_read_as_json() {
        assert_eq!(split_list("tap, treatment"), vec!["tap", "treatment"]);
        assert_eq!(split_list("[\"a,b\"]"), vec!["a,b"]);
        assert_eq!(
            coerce(&Cell::Text("cost".into()), Some(Kind::Names)).unwrap(),
            serde_json::json!(["cost"])
        );
    }

    #[test]
    fn serde_wording_is_translated() {
        assert_eq!(
            friendly("invalid type: string \"x\", expected f64"),
            "expected a number, found \"x\""
        );
        assert_eq!(
            friendly("invalid type: floating point `3.5`, expected u32"),
            "expected a whole number, found 3.5"
        );
        assert_eq!(
            expected_kind("invalid type: integer `1`, expected a string"),
            Some(Kind::Text)
        );
    }
}
