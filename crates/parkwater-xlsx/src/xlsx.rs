//! The file formats: xlsx read with calamine (cached formula values, merged
//! cells), xlsx written with rust_xlsxwriter, CSV folders read with csv.

use crate::grid::{Cell, Grid};
use crate::layout::SheetKind;
use crate::write::{Out, OutSheet};
use calamine::{Data, Reader, Xlsx};
use rust_xlsxwriter::{
    Color, DataValidation, Format, FormatBorder, Formula, Workbook, Worksheet, XlsxError,
};
use std::path::Path;

/// A drop-down list: first row, first column, last row, last column, vocabulary.
type Validation = (u32, u16, u32, u16, usize);

/// Rows below the data that still get the drop-down lists.
const VALIDATED_ROWS: u32 = 1000;

/// Reads every sheet of an xlsx workbook. Formulas are read by their cached
/// value; one without a value becomes [`Cell::Formula`]. A merged region
/// gives its value to every cell it covers (a merged enterprise cell over
/// several sink rows belongs to each of them).
pub fn read_xlsx(path: &Path) -> Result<Vec<Grid>, String> {
    let mut book: Xlsx<_> =
        calamine::open_workbook(path).map_err(|e: calamine::XlsxError| e.to_string())?;
    let names = book.sheet_names();
    let mut grids = Vec::new();
    for name in names {
        let range = book
            .worksheet_range(&name)
            .map_err(|e| format!("sheet '{name}': {e}"))?;
        let formulas = book
            .worksheet_formula(&name)
            .map_err(|e| format!("sheet '{name}': {e}"))?;
        let mut grid = Grid {
            name: name.clone(),
            label: format!("sheet '{name}'"),
            ..Grid::default()
        };
        if let Some((r0, c0)) = range.start() {
            for (r, row) in range.rows().enumerate() {
                for (c, data) in row.iter().enumerate() {
                    let cell = match data {
                        Data::Empty => continue,
                        // A formula saved without its value reads as "".
                        Data::String(s) if s.is_empty() => continue,
                        Data::Int(i) => Cell::Number(*i as f64),
                        Data::Float(x) => Cell::Number(*x),
                        Data::String(s) => Cell::Text(s.clone()),
                        Data::Bool(b) => Cell::Bool(*b),
                        Data::DateTime(d) => Cell::Number(d.as_f64()),
                        Data::DateTimeIso(s) | Data::DurationIso(s) => Cell::Text(s.clone()),
                        Data::Error(e) => Cell::Error(format!("{e}")),
                    };
                    grid.set(r0 as usize + r, c0 as usize + c, cell);
                }
            }
        }
        // Formulas whose cell has no cached value.
        if let Some((r0, c0)) = formulas.start() {
            for (r, row) in formulas.rows().enumerate() {
                for (c, f) in row.iter().enumerate() {
                    let (r, c) = (r0 as usize + r, c0 as usize + c);
                    if !f.is_empty() && matches!(grid.get(r, c), Cell::Empty) {
                        grid.set(r, c, Cell::Formula(f.clone()));
                    }
                }
            }
        }
        if let Some(Ok(regions)) = book.worksheet_merge_cells(&name) {
            for region in regions {
                let (top, left) = (region.start.0 as usize, region.start.1 as usize);
                let value = grid.get(top, left).clone();
                for r in top..=region.end.0 as usize {
                    for c in left..=region.end.1 as usize {
                        if (r, c) != (top, left) && matches!(grid.get(r, c), Cell::Empty) {
                            grid.set(r, c, value.clone());
                            grid.merged_copies.insert((r, c));
                        }
                    }
                }
            }
        }
        grids.push(grid);
    }
    Ok(grids)
}

/// Reads every `*.csv` file of a folder as a sheet named by the file's stem.
pub fn read_csv_dir(dir: &Path) -> Result<Vec<Grid>, String> {
    let mut paths: Vec<_> = std::fs::read_dir(dir)
        .map_err(|e| e.to_string())?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|e| e.eq_ignore_ascii_case("csv")))
        .collect();
    paths.sort();
    let mut grids = Vec::new();
    for path in paths {
        let stem = path
            .file_stem()
            .and_then(|s| s.to_str())
            .unwrap_or_default()
            .to_string();
        let file = path
            .file_name()
            .and_then(|s| s.to_str())
            .unwrap_or_default()
            .to_string();
        let mut reader = csv::ReaderBuilder::new()
            .has_headers(false)
            .flexible(true)
            .from_path(&path)
            .map_err(|e| format!("{file}: {e}"))?;
        let mut grid = Grid {
            name: stem,
            label: format!("file '{file}'"),
            ..Grid::default()
        };
        for (r, record) in reader.records().enumerate() {
            let record = record.map_err(|e| format!("{file}: {e}"))?;
            grid.rows.push(
                record
                    .iter()
                    .map(|t| {
                        // A BOM (Excel's "CSV UTF-8") is not part of the first header.
                        let t = if r == 0 {
                            t.trim_start_matches('\u{feff}')
                        } else {
                            t
                        };
                        if t.is_empty() {
                            Cell::Empty
                        } else {
                            Cell::Text(t.to_string())
                        }
                    })
                    .collect(),
            );
        }
        grids.push(grid);
    }
    Ok(grids)
}

/// Formats shared by the written workbooks.
#[derive(Debug)]
pub struct Formats {
    /// Header cells: bold, shaded, bordered, wrapped.
    pub header: Format,
    /// Numbers: up to 6 significant decimals shown (the value keeps them all).
    pub number: Format,
    /// Explanations: wrapped.
    pub wrap: Format,
}

impl Default for Formats {
    fn default() -> Self {
        Formats {
            header: Format::new()
                .set_bold()
                .set_background_color(Color::RGB(0xDDEBF7))
                .set_border_bottom(FormatBorder::Thin)
                .set_text_wrap(),
            number: Format::new().set_num_format("General"),
            wrap: Format::new().set_text_wrap(),
        }
    }
}

/// Writes one cell.
pub fn put(
    ws: &mut Worksheet,
    row: u32,
    col: u16,
    cell: &Out,
    f: &Formats,
) -> Result<(), XlsxError> {
    match cell {
        Out::Empty => {}
        Out::Number(x) => {
            ws.write_number_with_format(row, col, *x, &f.number)?;
        }
        Out::Text(t) => {
            ws.write_string(row, col, t)?;
        }
        Out::Bool(b) => {
            ws.write_boolean(row, col, *b)?;
        }
    }
    Ok(())
}

/// Width of a column: its header or longest cell, within bounds.
pub fn width(header: &str, cells: impl Iterator<Item = usize>) -> f64 {
    let longest = cells.max().unwrap_or(0).max(header.chars().count());
    (longest as f64 + 2.0).clamp(8.0, 60.0)
}

fn out_len(c: &Out) -> usize {
    match c {
        Out::Empty => 0,
        Out::Number(x) => crate::grid::format_number(*x).len().min(14),
        Out::Text(t) => t.chars().count(),
        Out::Bool(_) => 5,
    }
}

/// Writes the scenario sheets as an xlsx workbook: a README sheet first
/// (what every column means, with its unit), the data sheets with frozen
/// headers, widths and drop-down lists, and a `lists` sheet holding the
/// lists' values.
pub fn write_xlsx(sheets: &[OutSheet], path: &Path, title: &str) -> Result<(), XlsxError> {
    let f = Formats::default();
    let mut wb = Workbook::new();
    // The lists sheet: one column per vocabulary, referenced by the validations.
    let mut vocabularies: Vec<Vec<String>> = Vec::new();
    let mut vocab_index = |v: &Vec<String>| -> usize {
        match vocabularies.iter().position(|x| x == v) {
            Some(i) => i,
            None => {
                vocabularies.push(v.clone());
                vocabularies.len() - 1
            }
        }
    };
    let mut plans: Vec<Vec<Validation>> = Vec::new();
    for s in sheets {
        let mut plan = Vec::new();
        match s.kind {
            SheetKind::Record => {
                for (i, v) in s.row_vocabulary.iter().enumerate() {
                    if let Some(v) = v {
                        let r = i as u32 + 1;
                        plan.push((r, 1, r, 1, vocab_index(v)));
                    }
                }
            }
            _ => {
                for (c, col) in s.columns.iter().enumerate() {
                    if let Some(v) = &col.vocabulary {
                        plan.push((
                            1,
                            c as u16,
                            (s.rows.len() as u32).max(VALIDATED_ROWS),
                            c as u16,
                            vocab_index(v),
                        ));
                    }
                }
            }
        }
        plans.push(plan);
    }

    let readme = wb.add_worksheet();
    readme.set_name("README")?;
    readme.write_string_with_format(0, 0, title, &Format::new().set_bold().set_font_size(14))?;
    readme.write_string(1, 0, "One sheet per table of the scenario; one row per record (park, policy, objective, design: one row per field). Headers carry the unit; concentrations have one column per contaminant (conc.COD). Blank cells are left out; rows that are entirely blank are skipped; numbers typed as text are read as numbers; formulas are read by their calculated value. Sheets whose name starts with _ or # and columns whose header starts with # are notes and are ignored.")?;
    let headers = ["sheet", "column", "explanation"];
    for (c, h) in headers.iter().enumerate() {
        readme.write_string_with_format(3, c as u16, *h, &f.header)?;
    }
    let mut r = 4u32;
    for s in sheets {
        match s.kind {
            SheetKind::Record => {
                for row in &s.rows {
                    if let (Out::Text(name), Out::Text(unit), Out::Text(about)) =
                        (&row[0], &row[2], &row[3])
                    {
                        readme.write_string(r, 0, &s.name)?;
                        let shown = if unit.is_empty() {
                            name.clone()
                        } else {
                            format!("{name} ({unit})")
                        };
                        readme.write_string(r, 1, &shown)?;
                        readme.write_string_with_format(r, 2, about, &f.wrap)?;
                        r += 1;
                    }
                }
                if s.rows.is_empty() {
                    readme.write_string(r, 0, &s.name)?;
                    readme.write_string_with_format(
                        r,
                        2,
                        s.columns.get(3).map_or("", |c| c.about.as_str()),
                        &f.wrap,
                    )?;
                    r += 1;
                }
            }
            _ => {
                for col in &s.columns {
                    readme.write_string(r, 0, &s.name)?;
                    readme.write_string(r, 1, &col.header)?;
                    readme.write_string_with_format(r, 2, &col.about, &f.wrap)?;
                    r += 1;
                }
            }
        }
    }
    readme.set_column_width(0, 18)?;
    readme.set_column_width(1, 28)?;
    readme.set_column_width(2, 90)?;
    readme.set_freeze_panes(4, 0)?;

    for (s, plan) in sheets.iter().zip(&plans) {
        let ws = wb.add_worksheet();
        ws.set_name(&s.name)?;
        for (c, col) in s.columns.iter().enumerate() {
            ws.write_string_with_format(0, c as u16, &col.header, &f.header)?;
            let w = width(
                &col.header,
                s.rows.iter().map(|row| row.get(c).map_or(0, out_len)),
            );
            let w = if s.kind == SheetKind::Record && c == 3 {
                80.0
            } else {
                w
            };
            ws.set_column_width(c as u16, w)?;
        }
        for (i, row) in s.rows.iter().enumerate() {
            for (c, cell) in row.iter().enumerate() {
                put(ws, i as u32 + 1, c as u16, cell, &f)?;
            }
        }
        ws.set_freeze_panes(1, if s.kind == SheetKind::Rows { 1 } else { 0 })?;
        for &(r0, c0, r1, c1, v) in plan {
            let n = vocabularies[v].len();
            let col = crate::grid::column_name(v);
            let dv = DataValidation::new()
                .allow_list_formula(Formula::new(format!("=lists!${col}$2:${col}${}", n + 1)))
                .set_error_title("Not in the list")?
                .set_error_message("Pick a value from the list (sheet 'lists').")?;
            ws.add_data_validation(r0, c0, r1, c1, &dv)?;
        }
    }

    let lists = wb.add_worksheet();
    lists.set_name("lists")?;
    for (c, v) in vocabularies.iter().enumerate() {
        lists.write_string_with_format(0, c as u16, "values", &f.header)?;
        for (i, word) in v.iter().enumerate() {
            lists.write_string(i as u32 + 1, c as u16, word)?;
        }
        lists.set_column_width(c as u16, width("", v.iter().map(|w| w.chars().count())))?;
    }
    lists.set_hidden(true);
    wb.save(path)
}
