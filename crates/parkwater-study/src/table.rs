//! Rows of figures with named columns, written as CSV or Parquet: the one
//! shape sweeps, comparisons and fronts share with Python's DataFrames.

use serde::Serialize;
use std::path::Path;
use std::sync::Arc;

/// One cell: a number, text, or nothing (a figure a row does not have).
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(untagged)]
pub enum Cell {
    /// A figure.
    Num(f64),
    /// Text (status, error).
    Text(String),
    /// No value (an infeasible point has no objective).
    Empty,
}

impl Cell {
    /// The number, if the cell holds one.
    pub fn as_f64(&self) -> Option<f64> {
        match self {
            Cell::Num(x) => Some(*x),
            _ => None,
        }
    }

    /// The text, if the cell holds some.
    pub fn as_str(&self) -> Option<&str> {
        match self {
            Cell::Text(s) => Some(s),
            _ => None,
        }
    }
}

/// Named columns and rows of cells (every row as long as `columns`).
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Table {
    /// Column names, e.g. `intake[SW].price`, `status`, `kpis.freshwater`.
    pub columns: Vec<String>,
    /// The rows.
    pub rows: Vec<Vec<Cell>>,
}

/// Why a table could not be written.
#[derive(Debug, thiserror::Error)]
pub enum WriteError {
    /// The file could not be written.
    #[error("{path}: {source}")]
    Io {
        /// The file.
        path: String,
        /// What the OS said.
        #[source]
        source: std::io::Error,
    },
    /// CSV encoding failed.
    #[error("{path}: {source}")]
    Csv {
        /// The file.
        path: String,
        /// What the encoder said.
        #[source]
        source: csv::Error,
    },
    /// Parquet encoding failed.
    #[error("{path}: {source}")]
    Parquet {
        /// The file.
        path: String,
        /// What the encoder said.
        #[source]
        source: parquet::errors::ParquetError,
    },
}

/// Whether a column holds text (any text cell) or numbers.
fn is_text(table: &Table, col: usize) -> bool {
    table.rows.iter().any(|r| matches!(r[col], Cell::Text(_)))
}

impl Table {
    /// Index of a column.
    pub fn column(&self, name: &str) -> Option<usize> {
        self.columns.iter().position(|c| c == name)
    }

    /// Writes CSV (`.csv`) or Parquet (`.parquet`), by extension.
    pub fn write(&self, path: &Path) -> Result<(), WriteError> {
        match path.extension().and_then(|e| e.to_str()) {
            Some(e) if e.eq_ignore_ascii_case("parquet") => self.write_parquet(path),
            _ => self.write_csv(path),
        }
    }

    /// CSV with a header; numbers in shortest round-trip form, empty cells empty.
    pub fn write_csv_to<W: std::io::Write>(&self, out: W) -> Result<(), csv::Error> {
        let mut w = csv::Writer::from_writer(out);
        w.write_record(&self.columns)?;
        for row in &self.rows {
            w.write_record(row.iter().map(|c| match c {
                Cell::Num(x) => format!("{x}"),
                Cell::Text(s) => s.clone(),
                Cell::Empty => String::new(),
            }))?;
        }
        w.flush()?;
        Ok(())
    }

    /// [`Table::write_csv_to`] a file.
    pub fn write_csv(&self, path: &Path) -> Result<(), WriteError> {
        let file = std::fs::File::create(path).map_err(|source| WriteError::Io {
            path: path.display().to_string(),
            source,
        })?;
        self.write_csv_to(std::io::BufWriter::new(file))
            .map_err(|source| WriteError::Csv {
                path: path.display().to_string(),
                source,
            })
    }

    /// Parquet: one optional DOUBLE column per numeric column, one optional
    /// UTF-8 string column per text column, one row group, uncompressed.
    pub fn write_parquet(&self, path: &Path) -> Result<(), WriteError> {
        let err = |source| WriteError::Parquet {
            path: path.display().to_string(),
            source,
        };
        let file = std::fs::File::create(path).map_err(|source| WriteError::Io {
            path: path.display().to_string(),
            source,
        })?;
        self.write_parquet_to(file).map_err(err)
    }

    fn write_parquet_to(&self, file: std::fs::File) -> Result<(), parquet::errors::ParquetError> {
        use parquet::basic::{LogicalType, Repetition, Type as Physical};
        use parquet::data_type::{ByteArray, ByteArrayType, DoubleType};
        use parquet::file::properties::WriterProperties;
        use parquet::file::writer::SerializedFileWriter;
        use parquet::schema::types::Type;

        let text: Vec<bool> = (0..self.columns.len()).map(|c| is_text(self, c)).collect();
        let fields = self
            .columns
            .iter()
            .zip(&text)
            .map(|(name, &t)| {
                let b = if t {
                    Type::primitive_type_builder(name, Physical::BYTE_ARRAY)
                        .with_logical_type(Some(LogicalType::String))
                } else {
                    Type::primitive_type_builder(name, Physical::DOUBLE)
                };
                b.with_repetition(Repetition::OPTIONAL)
                    .build()
                    .map(Arc::new)
            })
            .collect::<Result<Vec<_>, _>>()?;
        let schema = Arc::new(
            Type::group_type_builder("sweep")
                .with_fields(fields)
                .build()?,
        );
        let props = Arc::new(WriterProperties::builder().build());
        let mut writer = SerializedFileWriter::new(file, schema, props)?;
        let mut group = writer.next_row_group()?;
        let mut c = 0;
        while let Some(mut column) = group.next_column()? {
            let levels: Vec<i16> = self
                .rows
                .iter()
                .map(|r| i16::from(!matches!(r[c], Cell::Empty)))
                .collect();
            if text[c] {
                let values: Vec<ByteArray> = self
                    .rows
                    .iter()
                    .filter_map(|r| match &r[c] {
                        Cell::Text(s) => Some(ByteArray::from(s.as_str())),
                        Cell::Num(x) => Some(ByteArray::from(format!("{x}").as_str())),
                        Cell::Empty => None,
                    })
                    .collect();
                column
                    .typed::<ByteArrayType>()
                    .write_batch(&values, Some(&levels), None)?;
            } else {
                let values: Vec<f64> = self.rows.iter().filter_map(|r| r[c].as_f64()).collect();
                column
                    .typed::<DoubleType>()
                    .write_batch(&values, Some(&levels), None)?;
            }
            column.close()?;
            c += 1;
        }
        group.close()?;
        writer.close()?;
        Ok(())
    }

    /// The rows as JSON objects keyed by column (empty cells as null).
    pub fn records(&self) -> Vec<serde_json::Map<String, serde_json::Value>> {
        self.rows
            .iter()
            .map(|row| {
                self.columns
                    .iter()
                    .zip(row)
                    .map(|(name, cell)| {
                        let v = match cell {
                            Cell::Num(x) => serde_json::json!(x),
                            Cell::Text(s) => serde_json::json!(s),
                            Cell::Empty => serde_json::Value::Null,
                        };
                        (name.clone(), v)
                    })
                    .collect()
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sample() -> Table {
        Table {
            columns: vec![
                "intake[SW].price".into(),
                "status".into(),
                "kpis.freshwater".into(),
            ],
            rows: vec![
                vec![
                    Cell::Num(1.0),
                    Cell::Text("optimal".into()),
                    Cell::Num(70.5),
                ],
                vec![Cell::Num(2.0), Cell::Text("infeasible".into()), Cell::Empty],
            ],
        }
    }

    #[test]
    fn csv_has_header_and_empty_cells() {
        let mut out = Vec::new();
        sample().write_csv_to(&mut out).unwrap();
        let text = String::from_utf8(out).unwrap();
        assert_eq!(
            text,
            "intake[SW].price,status,kpis.freshwater\n1,optimal,70.5\n2,infeasible,\n"
        );
    }

    #[test]
    fn parquet_round_trips() {
        use parquet::file::reader::{FileReader, SerializedFileReader};
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("t.parquet");
        sample().write(&path).unwrap();
        let reader = SerializedFileReader::new(std::fs::File::open(&path).unwrap()).unwrap();
        let meta = reader.metadata();
        assert_eq!(meta.file_metadata().num_rows(), 2);
        let schema = meta.file_metadata().schema_descr();
        let names: Vec<&str> = schema.columns().iter().map(|c| c.name()).collect();
        assert_eq!(names, ["intake[SW].price", "status", "kpis.freshwater"]);
        let rows: Vec<String> = reader
            .get_row_iter(None)
            .unwrap()
            .map(|r| r.unwrap().to_string())
            .collect();
        assert!(
            rows[0].contains("70.5") && rows[0].contains("optimal"),
            "{rows:?}"
        );
        assert!(rows[1].contains("null"), "{rows:?}");
    }
}
