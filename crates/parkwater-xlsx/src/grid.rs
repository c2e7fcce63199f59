//! A sheet as a grid of cells, whatever it was read from (an xlsx sheet,
//! a CSV file): the reader works on this and never on calamine or csv types.

use std::fmt;

/// One cell's content, as the reader needs it.
#[derive(Debug, Clone, PartialEq)]
pub enum Cell {
    /// Blank.
    Empty,
    /// A number (or a formula's cached number).
    Number(f64),
    /// Text (or a formula's cached text; every CSV cell).
    Text(String),
    /// TRUE / FALSE.
    Bool(bool),
    /// A formula with no cached value (the file was written by a program
    /// that does not calculate): the reader cannot know its value.
    Formula(String),
    /// An error value such as `#DIV/0!`.
    Error(String),
}

impl Cell {
    /// Blank, or text made of spaces only.
    pub fn is_blank(&self) -> bool {
        match self {
            Cell::Empty => true,
            Cell::Text(t) => t.trim().is_empty(),
            _ => false,
        }
    }

    /// The cell as the user sees it, for messages (text is quoted).
    pub fn shown(&self) -> String {
        match self {
            Cell::Empty => "a blank cell".to_string(),
            Cell::Number(x) => format_number(*x),
            Cell::Text(t) => format!("{t:?}"),
            Cell::Bool(b) => if *b { "TRUE" } else { "FALSE" }.to_string(),
            Cell::Formula(f) => format!("the formula ={f} without a value"),
            Cell::Error(e) => format!("the error value {e}"),
        }
    }

    /// Text content for header and key cells (numbers written plainly).
    pub fn text(&self) -> String {
        match self {
            Cell::Number(x) => format_number(*x),
            Cell::Text(t) => t.trim().to_string(),
            Cell::Bool(b) => b.to_string(),
            _ => String::new(),
        }
    }
}

/// A number as text: integers without a decimal point, others in the
/// shortest form that reads back to the same f64.
pub fn format_number(x: f64) -> String {
    if x.fract() == 0.0 && x.abs() < 1e15 {
        format!("{}", x as i64)
    } else {
        format!("{x}")
    }
}

/// A sheet: cells by absolute (row, column), both 0-based.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Grid {
    /// The sheet name (or the CSV file's stem).
    pub name: String,
    /// How messages name the sheet: `sheet 'sinks'` or `file 'sinks.csv'`.
    pub label: String,
    /// Rows of cells; rows may differ in length.
    pub rows: Vec<Vec<Cell>>,
    /// Cells that hold a copy of a merged region's value (not typed there):
    /// a row made only of such copies is blank.
    pub merged_copies: std::collections::HashSet<(usize, usize)>,
}

impl Grid {
    /// The cell at (row, col), `Empty` outside the data.
    pub fn get(&self, row: usize, col: usize) -> &Cell {
        const EMPTY: Cell = Cell::Empty;
        self.rows
            .get(row)
            .and_then(|r| r.get(col))
            .unwrap_or(&EMPTY)
    }

    /// Sets a cell, growing the grid.
    pub fn set(&mut self, row: usize, col: usize, cell: Cell) {
        if self.rows.len() <= row {
            self.rows.resize(row + 1, Vec::new());
        }
        let r = &mut self.rows[row];
        if r.len() <= col {
            r.resize(col + 1, Cell::Empty);
        }
        r[col] = cell;
    }

    /// Whether every cell of a row is blank.
    pub fn row_is_blank(&self, row: usize) -> bool {
        self.rows.get(row).is_none_or(|r| {
            r.iter()
                .enumerate()
                .all(|(c, cell)| cell.is_blank() || self.merged_copies.contains(&(row, c)))
        })
    }
}

/// A cell address in A1 notation (`D7`), from 0-based row and column.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct CellRef {
    /// 0-based row.
    pub row: usize,
    /// 0-based column.
    pub col: usize,
}

impl CellRef {
    /// The cell at 0-based (row, col).
    pub fn new(row: usize, col: usize) -> CellRef {
        CellRef { row, col }
    }
}

/// Column letters of a 0-based column: 0 -> A, 25 -> Z, 26 -> AA.
pub fn column_name(mut col: usize) -> String {
    let mut name = Vec::new();
    loop {
        name.push(b'A' + (col % 26) as u8);
        if col < 26 {
            break;
        }
        col = col / 26 - 1;
    }
    name.reverse();
    String::from_utf8(name).expect("ASCII letters")
}

impl fmt::Display for CellRef {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}{}", column_name(self.col), self.row + 1)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a1_notation() {
        assert_eq!(CellRef::new(6, 3).to_string(), "D7");
        assert_eq!(column_name(0), "A");
        assert_eq!(column_name(25), "Z");
        assert_eq!(column_name(26), "AA");
        assert_eq!(column_name(27), "AB");
        assert_eq!(column_name(701), "ZZ");
        assert_eq!(column_name(702), "AAA");
    }

    #[test]
    fn numbers_print_plainly() {
        assert_eq!(format_number(101.0), "101");
        assert_eq!(format_number(0.1), "0.1");
        assert_eq!(format_number(-3.0), "-3");
    }

    #[test]
    fn blank_rows() {
        let mut g = Grid::default();
        g.set(2, 1, Cell::Text("  ".into()));
        assert!(g.row_is_blank(2));
        assert!(g.row_is_blank(7));
        g.set(2, 3, Cell::Number(0.0));
        assert!(!g.row_is_blank(2));
    }
}
