//! The text of an estate file as rows of cells, each cell noting the line and column where it
//! starts, its row under the header and its place in the row: the separator is the header's,
//! quoted cells follow RFC 4180.

use super::{CsvError, Place, error};

/// One cell: its text (trimmed) and where it is.
pub(super) struct Cell {
    pub(super) text: String,
    pub(super) place: Place,
}

/// One row of cells, the line it starts on, its row (see [`Reader::row`]) and the column just
/// after its last character.
pub(super) struct Record {
    pub(super) cells: Vec<Cell>,
    pub(super) line: u32,
    pub(super) row: u32,
    pub(super) end_column: u32,
}

impl Record {
    pub(super) fn is_blank(&self) -> bool {
        self.cells.iter().all(|cell| cell.text.is_empty())
    }
}

/// The separator the header line uses: commas unless it has none and has tabs or semicolons.
pub(super) fn separator(text: &str) -> char {
    let mut found = [false; 3];
    let mut seen_text = false;
    for c in text.chars() {
        match c {
            '\n' | '\u{1e}' if seen_text => break,
            ',' => found[0] = true,
            '\t' => found[1] = true,
            ';' => found[2] = true,
            c if !c.is_whitespace() => seen_text = true,
            _ => {}
        }
    }
    match found {
        [false, true, _] => '\t',
        [false, false, true] => ';',
        _ => ',',
    }
}

/// A cell as written before the results file guarded it against spreadsheets: the apostrophe
/// put before a formula's first character is dropped.
fn without_formula_guard(cell: &str) -> &str {
    match cell.strip_prefix('\'') {
        Some(rest) if rest.starts_with(crate::estate::results::FORMULA_STARTS) => rest,
        _ => cell,
    }
}

/// Splits `text` into rows of cells, noting where each starts. Carriage returns are ignored;
/// a quoted cell runs to its closing quote (a doubled quote is a quote), and anything after
/// the closing quote joins the cell.
pub(super) fn records(text: &str, separator: char, errors: &mut Vec<CsvError>) -> Vec<Record> {
    let mut reader = Reader::new(separator);
    for c in text.chars() {
        if c != '\r' {
            reader.read(c);
        }
    }
    reader.finish(errors)
}

/// The rows read so far and the cell being read.
struct Reader {
    separator: char,
    records: Vec<Record>,
    cells: Vec<Cell>,
    cell: String,
    /// The line of the last character read, and its column.
    line: u32,
    column: u32,
    /// Where the cell being read starts, and the line its row starts on.
    cell_line: u32,
    cell_column: u32,
    record_line: u32,
    /// The rows ended under the header, once the header (the first row that is not blank) has
    /// ended.
    under_header: Option<u32>,
    in_quotes: bool,
    /// Right after a closing quote, where another quote is a doubled one.
    after_quote: bool,
}

impl Reader {
    fn new(separator: char) -> Self {
        Self {
            separator,
            records: Vec::new(),
            cells: Vec::new(),
            cell: String::new(),
            line: 1,
            column: 0,
            cell_line: 1,
            cell_column: 1,
            record_line: 1,
            under_header: None,
            in_quotes: false,
            after_quote: false,
        }
    }

    fn read(&mut self, c: char) {
        self.column += 1;
        let line_break = c == '\n' || c == '\u{1e}';
        if c == '"' && (self.in_quotes || self.after_quote || self.cell.trim().is_empty()) {
            self.quote();
            return;
        }
        self.after_quote = false;
        if self.in_quotes || (c != self.separator && !line_break) {
            self.cell.push(if c.is_control() { ' ' } else { c });
            if line_break {
                (self.line, self.column) = (self.line + 1, 0);
            }
            return;
        }
        self.end_cell();
        if line_break {
            self.end_record(self.column);
            (self.line, self.column, self.record_line) = (self.line + 1, 0, self.line + 1);
        }
        (self.cell_line, self.cell_column) = (self.line, self.column + 1);
    }

    /// An opening or closing quote, or (right after a closing quote) a doubled one.
    fn quote(&mut self) {
        if self.after_quote {
            self.cell.push('"');
        } else if !self.in_quotes {
            self.cell.clear();
        }
        self.after_quote = self.in_quotes;
        self.in_quotes = !self.in_quotes;
    }

    /// The row being read: 1-based under the header, blank rows counted as a table or a
    /// spreadsheet shows them; 0 for the header and any blank rows before it.
    fn row(&self) -> u32 {
        self.under_header.map_or(0, |rows| rows + 1)
    }

    /// Where the cell being read is.
    fn place(&self) -> Place {
        Place {
            line: self.cell_line,
            column: self.cell_column,
            row: self.row(),
            cell: self.cells.len() as u32 + 1,
        }
    }

    fn end_cell(&mut self) {
        let text = self.cell.trim();
        let cell = Cell {
            text: String::from(without_formula_guard(text)),
            place: self.place(),
        };
        self.cells.push(cell);
        self.cell.clear();
    }

    fn end_record(&mut self, end_column: u32) {
        let record = Record {
            cells: std::mem::take(&mut self.cells),
            line: self.record_line,
            row: self.row(),
            end_column,
        };
        self.under_header = match self.under_header {
            Some(rows) => Some(rows + 1),
            None if record.is_blank() => None,
            None => Some(0),
        };
        self.records.push(record);
    }

    /// The rows, the last one ended by the end of the text.
    fn finish(mut self, errors: &mut Vec<CsvError>) -> Vec<Record> {
        if self.in_quotes {
            // The rest of the file is in that cell: its row would only repeat the mistake.
            errors.push(error(
                self.place(),
                "",
                "a quoted cell has no closing quote",
            ));
            return self.records;
        }
        self.end_cell();
        self.end_record(self.column + 1);
        self.records
    }
}
