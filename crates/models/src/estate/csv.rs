//! Reading an estate from CSV: a header row naming the columns `service`, `exposure_per_hour`,
//! `demand` and, optionally, `domain` and `team`, in any order, then one row per service.
//!
//! One small reader serves the command line and the page (through WebAssembly), so both accept
//! and refuse exactly the same text. It follows RFC 4180 where it matters: cells in double
//! quotes may hold commas, doubled quotes and line breaks. It also forgives what spreadsheets
//! produce: a tab- or semicolon-separated header picks that separator (cells pasted from a
//! spreadsheet arrive separated by tabs), column names ignore case, spaces and hyphens,
//! unknown columns are ignored (so a results file can be read back), rows with every cell empty
//! are skipped, and Windows line ends are fine. Control characters inside a cell become spaces.
//!
//! Every mistake is reported, all at once, with its 1-based line and column (the character
//! where the cell starts): a missing column, a missing or over-long cell, an exposure that is
//! not an amount of zero or more, a demand that is neither a level nor a number, a duplicate
//! service, a row with more cells than the header, an unclosed quote.

use crate::number::{amount, quantity};
use crate::text::{names_match, push_u64};
use crate::{Demand, ModelError};

use super::names::NameTable;
use super::{DemandInput, Service};
use crate::calculator::fields::{parse_amount, parse_number};

/// The columns an estate file may have, in the order results list them.
pub const COLUMNS: [&str; 5] = ["service", "exposure_per_hour", "demand", "domain", "team"];
/// Columns every estate file must have.
const REQUIRED: usize = 3;
/// The most services one estate may hold.
pub const MAX_SERVICES: usize = 10_000;
/// The longest name of a service, domain or team, in characters.
pub const MAX_NAME: usize = 200;
/// What a demand cell may hold, for messages.
const DEMAND_WORDS: &str = "low, medium, high, very high, or a number of feature requests a month";

/// A mistake in an estate file, at the cell where it is.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CsvError {
    /// 1-based line.
    pub line: u32,
    /// 1-based character column where the cell starts (or where it is missing).
    pub column: u32,
    /// The column's name from [`COLUMNS`], or "" for a mistake about the whole file or row.
    pub field: &'static str,
    /// What is wrong and what to write instead.
    pub message: String,
}

/// A service read from an estate file, with the line it came from and its cells as typed.
#[derive(Clone, Debug, PartialEq)]
pub struct EstateRow {
    pub line: u32,
    pub service: Service,
    /// The exposure cell as typed, such as "$200,000".
    pub exposure_text: String,
    /// The demand cell as typed, such as "very high" or "4".
    pub demand_text: String,
}

impl AsRef<Service> for EstateRow {
    fn as_ref(&self) -> &Service {
        &self.service
    }
}

/// One cell: its text (trimmed) and where it starts.
struct Cell {
    text: String,
    line: u32,
    column: u32,
}

/// One row of cells, and the column just after its last character.
struct Record {
    cells: Vec<Cell>,
    line: u32,
    end_column: u32,
}

impl Record {
    fn is_blank(&self) -> bool {
        self.cells.iter().all(|cell| cell.text.is_empty())
    }
}

/// The services of an estate file, or every mistake in it.
pub fn parse_csv(text: &str) -> Result<Vec<EstateRow>, Vec<CsvError>> {
    let mut errors = Vec::new();
    let records = records(text, separator(text), &mut errors);
    let mut records = records.into_iter().filter(|record| !record.is_blank());
    let Some(header) = records.next() else {
        errors.push(error(
            1,
            1,
            "",
            "there are no services: write a header row (service, exposure_per_hour, demand) and a row for each service",
        ));
        return Err(errors);
    };
    let columns = header_columns(&header, &mut errors);
    let mut rows: Vec<EstateRow> = Vec::new();
    let mut names = Names::default();
    let mut empty = true;
    for record in records {
        empty = false;
        if rows.len() >= MAX_SERVICES {
            let mut message = String::from("an estate may have at most ");
            message.push_str(&crate::text::format_amount(MAX_SERVICES as f64));
            message.push_str(" services");
            errors.push(error(record.line, 1, "", &message));
            break;
        }
        if let Some(row) = read_row(&record, &columns, &mut names, &mut errors) {
            rows.push(row);
        }
    }
    if empty && errors.is_empty() {
        errors.push(error(
            header.line,
            1,
            "",
            "the header has no rows under it: add a row for each service",
        ));
    }
    if errors.is_empty() {
        Ok(rows)
    } else {
        Err(errors)
    }
}

fn error(line: u32, column: u32, field: &'static str, message: &str) -> CsvError {
    CsvError {
        line,
        column,
        field,
        message: String::from(message),
    }
}

/// The separator the header line uses: commas unless it has none and has tabs or semicolons.
fn separator(text: &str) -> char {
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

/// Splits `text` into rows of cells, noting where each starts. Carriage returns are ignored;
/// a quoted cell runs to its closing quote (a doubled quote is a quote), and anything after
/// the closing quote joins the cell.
fn records(text: &str, separator: char, errors: &mut Vec<CsvError>) -> Vec<Record> {
    let mut records = Vec::new();
    let mut cells = Vec::new();
    let mut cell = String::new();
    let (mut line, mut column) = (1u32, 0u32);
    let (mut cell_line, mut cell_column, mut record_line) = (1u32, 1u32, 1u32);
    let mut in_quotes = false;
    let mut after_quote = false;
    for c in text.chars() {
        if c == '\r' {
            continue;
        }
        column += 1;
        let line_break = c == '\n' || c == '\u{1e}';
        if c == '"' && (in_quotes || after_quote || cell.trim().is_empty()) {
            // Opening, closing, or (right after a closing quote) a doubled quote.
            if after_quote {
                cell.push('"');
            } else if !in_quotes {
                cell.clear();
            }
            after_quote = in_quotes;
            in_quotes = !in_quotes;
            continue;
        }
        after_quote = false;
        if in_quotes || (c != separator && !line_break) {
            cell.push(if c.is_control() { ' ' } else { c });
            if line_break {
                (line, column) = (line + 1, 0);
            }
            continue;
        }
        cells.push(Cell {
            text: String::from(cell.trim()),
            line: cell_line,
            column: cell_column,
        });
        cell.clear();
        if line_break {
            records.push(Record {
                cells: std::mem::take(&mut cells),
                line: record_line,
                end_column: column,
            });
            (line, column, record_line) = (line + 1, 0, line + 1);
        }
        (cell_line, cell_column) = (line, column + 1);
    }
    if in_quotes {
        // The rest of the file is in that cell: its row would only repeat the mistake.
        errors.push(error(
            cell_line,
            cell_column,
            "",
            "a quoted cell has no closing quote",
        ));
        return records;
    }
    cells.push(Cell {
        text: String::from(cell.trim()),
        line: cell_line,
        column: cell_column,
    });
    records.push(Record {
        cells,
        line: record_line,
        end_column: column + 1,
    });
    records
}

/// For each header cell, the index in [`COLUMNS`] it names (unknown columns are ignored).
fn header_columns(header: &Record, errors: &mut Vec<CsvError>) -> Vec<Option<usize>> {
    let mut columns: Vec<Option<usize>> = Vec::with_capacity(header.cells.len());
    for cell in &header.cells {
        let known = COLUMNS
            .iter()
            .position(|name| names_match(&cell.text, name));
        if let Some(index) = known
            && columns.contains(&Some(index))
        {
            let mut message = String::from("the header names the ");
            message.push_str(COLUMNS[index]);
            message.push_str(" column twice");
            errors.push(error(cell.line, cell.column, COLUMNS[index], &message));
        }
        columns.push(known);
    }
    for (index, name) in COLUMNS.iter().enumerate().take(REQUIRED) {
        if !columns.contains(&Some(index)) {
            let mut message = String::from("the header has no ");
            message.push_str(name);
            message.push_str(" column: the columns are service, exposure_per_hour and demand, with domain and team optional");
            errors.push(error(header.line, 1, name, &message));
        }
    }
    columns
}

/// The service in `record`, or `None` after noting its mistakes.
fn read_row(
    record: &Record,
    columns: &[Option<usize>],
    names: &mut Names,
    errors: &mut Vec<CsvError>,
) -> Option<EstateRow> {
    let before = errors.len();
    let mut texts: [Option<&str>; 5] = [None; 5];
    let mut name = String::new();
    let mut exposure = None;
    let mut demand = None;
    for (position, column) in columns.iter().enumerate() {
        let Some(column) = *column else { continue };
        let field = COLUMNS[column];
        let cell = record.cells.get(position);
        let (text, line, at) = match cell {
            Some(cell) => (cell.text.as_str(), cell.line, cell.column),
            None => ("", record.line, record.end_column),
        };
        texts[column] = Some(text);
        let mut refuse = |message: &str| errors.push(error(line, at, field, message));
        if text.chars().count() > MAX_NAME {
            let mut message = String::from(field);
            message.push_str(" must be at most 200 characters");
            refuse(&message);
            continue;
        }
        match column {
            0 if text.is_empty() => refuse("service is missing: name the service"),
            0 => match names.line_of(text, line) {
                Some(earlier) => {
                    let mut message = String::from("service \"");
                    message.push_str(text);
                    message.push_str("\" is already on line ");
                    push_u64(&mut message, u64::from(earlier));
                    message.push_str(": each service must appear once");
                    refuse(&message);
                }
                None => name = String::from(text),
            },
            1 => match read_exposure(text) {
                Ok(value) => exposure = Some(value),
                Err(message) => refuse(&message),
            },
            2 => match read_demand(text) {
                Ok(value) => demand = Some(value),
                Err(message) => refuse(&message),
            },
            _ => {}
        }
    }
    if let Some(extra) = record.cells.get(columns.len()..)
        && let Some(cell) = extra.iter().find(|cell| !cell.text.is_empty())
    {
        let mut message = String::from("this row has ");
        push_u64(&mut message, record.cells.len() as u64);
        message.push_str(" cells but the header has ");
        push_u64(&mut message, columns.len() as u64);
        message.push_str(": put amounts with commas in quotes, as \"200,000\", or write 200000");
        errors.push(error(cell.line, cell.column, "", &message));
    }
    if errors.len() > before {
        return None;
    }
    let optional = |text: Option<&str>| text.filter(|t| !t.is_empty()).map(String::from);
    Some(EstateRow {
        line: record.line,
        service: Service {
            name,
            exposure_per_hour: exposure?,
            demand: demand?,
            domain: optional(texts[3]),
            team: optional(texts[4]),
        },
        exposure_text: String::from(texts[1].unwrap_or_default()),
        demand_text: String::from(texts[2].unwrap_or_default()),
    })
}

/// The service names met so far, with their lines.
#[derive(Default)]
struct Names {
    table: Option<NameTable>,
    seen: Vec<(String, u32)>,
}

impl Names {
    /// The line where `name` (ignoring ASCII case) was met before, or `None` after noting it
    /// as met on `line`.
    fn line_of(&mut self, name: &str, line: u32) -> Option<u32> {
        let seen = &self.seen;
        let table = self.table.get_or_insert_with(NameTable::new);
        match table.entry(name, |i| seen[i].0.eq_ignore_ascii_case(name)) {
            Ok(index) => Some(seen[index].1),
            Err(_) => {
                self.seen.push((String::from(name), line));
                None
            }
        }
    }
}

fn with_found(mut message: String, text: &str) -> String {
    message.push_str(" (found \"");
    message.push_str(text);
    message.push_str("\")");
    message
}

fn read_exposure(text: &str) -> Result<f64, String> {
    if text.is_empty() {
        return Err(String::from(
            "exposure_per_hour is missing: write the most the service could lose in an hour, such as 200000",
        ));
    }
    let refused = |error: ModelError| with_found(error.message(), text);
    match parse_amount(text) {
        Some(value) => amount("exposure_per_hour", value).map_err(refused),
        None => Err(with_found(
            String::from("exposure_per_hour must be an amount of zero or more, such as 200000"),
            text,
        )),
    }
}

fn read_demand(text: &str) -> Result<DemandInput, String> {
    if text.is_empty() {
        let mut message = String::from("demand is missing: write ");
        message.push_str(DEMAND_WORDS);
        return Err(message);
    }
    if let Some(level) = Demand::ALL
        .into_iter()
        .find(|demand| names_match(text, demand.name()))
    {
        return Ok(DemandInput::Level(level));
    }
    let mut message = String::from("demand must be ");
    message.push_str(DEMAND_WORDS);
    match parse_number(text) {
        Some(value) => quantity("demand", value, 1e9, "1,000,000,000")
            .map(DemandInput::Requests)
            .map_err(|error| with_found(error.message(), text)),
        None => Err(with_found(message, text)),
    }
}
