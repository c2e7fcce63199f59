//! Reading a scenario from disk or from text, with errors that name the file,
//! the line and the column.

use super::case::Case;
use super::fields;
use super::Scenario;
use crate::validate::ValidationError;
use std::io::Read;
use std::path::{Path, PathBuf};

/// Largest scenario file read, in bytes: a park of 10 000 streams is about 2 MB
/// of TOML; anything far larger is a mistake or an attack.
pub(crate) const MAX_FILE_BYTES: u64 = 64 * 1024 * 1024;

/// Largest TOML scenario, in bytes. The TOML parser holds about 20 bytes per
/// byte of input while it reads (a 60 MB file of garbage took 1.3 GB before
/// failing at its first line; 31 MB of valid TOML took 2.2 GB), so TOML gets
/// a quarter of `MAX_FILE_BYTES`: still eight times the largest park the
/// network limit lets through (5 000 x 5 000 streams, about 2 MB). JSON is
/// parsed as it streams and keeps the full limit.
pub(crate) const MAX_TOML_BYTES: u64 = 16 * 1024 * 1024;

/// The two accepted encodings of a scenario.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// TOML, the format people write.
    Toml,
    /// JSON with the same field names, the format programs write.
    Json,
}

impl Format {
    /// The format implied by a file name: `.json` is JSON, anything else TOML.
    pub(crate) fn from_path(path: &Path) -> Format {
        match path.extension().and_then(|e| e.to_str()) {
            Some(ext) if ext.eq_ignore_ascii_case("json") => Format::Json,
            _ => Format::Toml,
        }
    }

    /// Largest scenario read in this format, bytes (`MAX_TOML_BYTES` or `MAX_FILE_BYTES`).
    pub(crate) fn max_bytes(self) -> u64 {
        match self {
            Format::Toml => MAX_TOML_BYTES,
            Format::Json => MAX_FILE_BYTES,
        }
    }
}

/// Why a scenario could not be read.
#[derive(Debug, thiserror::Error)]
pub enum ParseError {
    /// The file could not be opened or read.
    #[error("{path}: cannot read: {source}")]
    Io {
        /// The file.
        path: PathBuf,
        /// What the OS said.
        #[source]
        source: std::io::Error,
    },
    /// The file is larger than its format's limit (`MAX_TOML_BYTES` or
    /// `MAX_FILE_BYTES`; for a pipe or device,
    /// `size` is what was read before stopping: the limit + 1).
    #[error("{path}: file is {size} bytes, more than the {limit}-byte limit for a scenario")]
    TooLarge {
        /// The file.
        path: PathBuf,
        /// Its size.
        size: u64,
        /// The limit.
        limit: u64,
    },
    /// Bad syntax, an unknown field, a wrong type or a missing field.
    #[error("{path}:{line}:{column}: {message}")]
    Syntax {
        /// The file (or `<input>` for text).
        path: PathBuf,
        /// 1-based line.
        line: usize,
        /// 1-based column.
        column: usize,
        /// What the parser said.
        message: String,
        /// The entity and field at that line when they can be told
        /// (`source[S1].flow`), else empty.
        entity: String,
    },
    /// The file is TOML or JSON but does not fit the schema: every wrong
    /// type (`type.mismatch`), missing required field (`field.missing`),
    /// unknown field (`file.syntax`) and value out of range
    /// (`number.out_of_range`) in it, each with the entity and field
    /// (`sink[D1].flow`) and the file position in its message.
    #[error("{0}")]
    Fields(ValidationError),
}

impl ParseError {
    /// Stable code for machine-readable output.
    pub fn code(&self) -> &'static str {
        match self {
            ParseError::Io { .. } => "file.unreadable",
            ParseError::TooLarge { .. } => "file.too_large",
            ParseError::Syntax { .. } => "file.syntax",
            ParseError::Fields(e) => e.problems.first().map_or("file.syntax", |p| p.code),
        }
    }

    /// Every problem, as validation reports them (one for an unreadable,
    /// oversized or malformed file, with an empty path).
    pub fn problems(&self) -> Vec<crate::validate::Problem> {
        match self {
            ParseError::Fields(e) => e.problems.clone(),
            other => vec![crate::validate::Problem {
                path: match other {
                    ParseError::Syntax { entity, .. } => entity.clone(),
                    _ => String::new(),
                },
                code: other.code(),
                message: other.to_string(),
            }],
        }
    }
}

impl Scenario {
    /// Reads a scenario file; the format follows the extension (`.json` or TOML).
    pub fn from_path(path: impl AsRef<Path>) -> Result<Scenario, ParseError> {
        let path = path.as_ref();
        let io = |source| ParseError::Io {
            path: path.to_path_buf(),
            source,
        };
        let format = Format::from_path(path);
        let limit = format.max_bytes();
        let too_large = |size| ParseError::TooLarge {
            path: path.to_path_buf(),
            size,
            limit,
        };
        let file = std::fs::File::open(path).map_err(io)?;
        let size = file.metadata().map_err(io)?.len();
        if size > limit {
            return Err(too_large(size));
        }
        // The size from metadata is 0 for pipes and devices (/dev/zero): read
        // at most one byte past the limit whatever it said.
        let mut bytes = Vec::with_capacity(size as usize + 1);
        file.take(limit + 1).read_to_end(&mut bytes).map_err(io)?;
        if bytes.len() as u64 > limit {
            return Err(too_large(bytes.len() as u64));
        }
        let text = String::from_utf8(bytes).map_err(|e| {
            let valid = e.utf8_error().valid_up_to();
            let bytes = e.as_bytes();
            // Position of the first bad byte, counted in the valid text before it.
            let before = std::str::from_utf8(&bytes[..valid]).unwrap_or("");
            let (line, column) = line_column(before, before.len());
            ParseError::Syntax {
                path: path.to_path_buf(),
                line,
                column,
                message: "the file is not UTF-8 text".to_string(),
                entity: String::new(),
            }
        })?;
        Scenario::from_str_as(&text, format, path)
    }

    /// Parses scenario text; `origin` names it in errors. JSON in the neutral
    /// format of published cases (`freshwater`, `sources`, `sinks`) is
    /// recognised and converted (see `Case`).
    #[cfg_attr(feature = "dev", visibility::make(pub))]
    pub(crate) fn from_str_as(
        text: &str,
        format: Format,
        origin: &Path,
    ) -> Result<Scenario, ParseError> {
        if text.len() as u64 > format.max_bytes() {
            return Err(ParseError::TooLarge {
                path: origin.to_path_buf(),
                size: text.len() as u64,
                limit: format.max_bytes(),
            });
        }
        if let Some(resolved) = super::variant::resolve_text(text, format, origin)? {
            return Ok(resolved);
        }
        match format {
            Format::Toml => toml::from_str(text).map_err(|e| {
                if let Some(problems) = fields::toml_problems(text, origin) {
                    return ParseError::Fields(ValidationError {
                        origin: Some(origin.to_path_buf()),
                        problems,
                    });
                }
                let (line, column) = e
                    .span()
                    .map(|span| line_column(text, span.start))
                    .unwrap_or((1, 1));
                let entity = fields::toml_entity_at(text, line).unwrap_or_default();
                let message = e.message().trim().to_string();
                ParseError::Syntax {
                    path: origin.to_path_buf(),
                    line,
                    column,
                    message: if entity.is_empty() {
                        message
                    } else {
                        format!("{message} (in {entity})")
                    },
                    entity,
                }
            }),
            Format::Json if Case::looks_like_case(text) => Case::from_json(text)
                .map(|case| case.to_scenario())
                .map_err(|e| ParseError::Syntax {
                    path: origin.to_path_buf(),
                    line: e.line(),
                    column: e.column(),
                    message: format!("literature case file: {e}"),
                    entity: String::new(),
                }),
            Format::Json => serde_json::from_str(text).map_err(|e| {
                if let Some(problems) = fields::json_problems(text, origin) {
                    return ParseError::Fields(ValidationError {
                        origin: Some(origin.to_path_buf()),
                        problems,
                    });
                }
                ParseError::Syntax {
                    path: origin.to_path_buf(),
                    line: e.line(),
                    column: e.column(),
                    message: e.to_string(),
                    entity: String::new(),
                }
            }),
        }
    }

    /// The scenario as TOML text. TOML has no null: a null inside a plugin
    /// table (serde_json holds a NaN read from TOML as null) is left out
    /// rather than failing, so this never panics (found by the fuzz test).
    pub fn to_toml(&self) -> String {
        match toml::to_string(self) {
            Ok(text) => text,
            Err(_) => {
                let mut value = serde_json::to_value(self).unwrap_or(serde_json::Value::Null);
                drop_nulls(&mut value);
                toml::to_string(&value).unwrap_or_default()
            }
        }
    }

    /// The scenario as pretty JSON text.
    pub fn to_json(&self) -> String {
        serde_json::to_string_pretty(self).expect("a scenario always serializes to JSON")
    }
}

/// Removes nulls from maps and arrays (TOML cannot write them).
fn drop_nulls(value: &mut serde_json::Value) {
    match value {
        serde_json::Value::Object(map) => {
            map.retain(|_, v| !v.is_null());
            map.values_mut().for_each(drop_nulls);
        }
        serde_json::Value::Array(list) => {
            list.retain(|v| !v.is_null());
            list.iter_mut().for_each(drop_nulls);
        }
        _ => {}
    }
}

/// 1-based line and column (in characters) of a byte offset.
pub(super) fn line_column(text: &str, offset: usize) -> (usize, usize) {
    let mut offset = offset.min(text.len());
    while !text.is_char_boundary(offset) {
        offset -= 1;
    }
    let before = &text[..offset];
    let line = before.matches('\n').count() + 1;
    let column = before.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
    (line, column)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(text: &str) -> Result<Scenario, ParseError> {
        Scenario::from_str_as(text, Format::Toml, Path::new("t.toml"))
    }

    #[test]
    fn minimal_scenario_parses() {
        let s = parse(
            "contaminants = [\"COD\"]\n[[source]]\nid = \"S\"\nflow = 5\nconc = { COD = 1 }\n",
        )
        .unwrap();
        assert_eq!(s.sources[0].flow, 5.0);
    }

    #[test]
    fn unknown_field_names_entity_field_line_and_column() {
        let err =
            parse("contaminants = []\n[[source]]\nid = \"S\"\nflow = 5\nconc = {}\nflwo = 3\n")
                .unwrap_err();
        let problems = err.problems();
        assert_eq!(problems.len(), 1, "{err}");
        assert_eq!(problems[0].path, "source[S].flwo");
        assert_eq!(problems[0].code, "file.syntax");
        assert!(problems[0].message.contains("t.toml:6:1"), "{err}");
    }

    #[test]
    fn not_toml_at_all_is_one_syntax_error() {
        let err = parse("contaminants = = 3\n").unwrap_err();
        assert!(matches!(err, ParseError::Syntax { line: 1, .. }), "{err}");
        assert_eq!(err.problems().len(), 1);
    }

    #[test]
    fn json_error_names_line() {
        let err = Scenario::from_str_as(
            "{\n \"contaminants\": [1]\n}",
            Format::Json,
            Path::new("x.json"),
        )
        .unwrap_err();
        // Valid JSON of the wrong shape: the entity, the field and the line.
        let problems = err.problems();
        assert_eq!(problems[0].path, "contaminants[0]", "{err}");
        assert_eq!(problems[0].code, "type.mismatch");
        assert!(problems[0].message.contains("x.json:2:"), "{err}");
        let err = Scenario::from_str_as(
            "{\n \"contaminants\": [\n",
            Format::Json,
            Path::new("x.json"),
        )
        .unwrap_err();
        assert!(matches!(err, ParseError::Syntax { .. }), "{err}");
    }

    #[test]
    fn missing_file_is_io_error() {
        let err = Scenario::from_path("/nonexistent/x.toml").unwrap_err();
        assert_eq!(err.code(), "file.unreadable");
        assert!(err.to_string().contains("/nonexistent/x.toml"));
    }

    #[test]
    fn toml_round_trip() {
        let s =
            parse("contaminants = [\"COD\"]\n[objective]\nminimize = [\"cost\", \"freshwater\"]\n")
                .unwrap();
        let again = parse(&s.to_toml()).unwrap();
        assert_eq!(s, again);
    }
}
