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
//! Every mistake is reported, all at once, where it is in the text (its 1-based line and
//! column, the character where the cell starts) and in the table the reader sees (its row under
//! the header, blank rows counted, and its cell in the row, the spreadsheet's column), with the
//! column's label in the message: a missing column, a missing or over-long cell, an exposure
//! that is not an amount of zero or more, a demand that is neither a level nor a number, a
//! duplicate service, a row with more cells than the header, an unclosed quote.
//!
//! The file's types and the whole reading are here: `records` splits the text into cells, and
//! `row` reads a service from each row under the header.

mod records;
mod row;

use super::{DemandInput, Service};
use crate::Input;
use records::{records, separator};
use row::{Names, header_columns, read_row};

/// The columns an estate file may have, in the order results list them.
pub const COLUMNS: [&str; 5] = ["service", "exposure_per_hour", "demand", "domain", "team"];
/// Each column's label, as the page's table heads it and messages name it.
pub const LABELS: [&str; 5] = [
    "Service",
    Input::Exposure.label(),
    Input::Demand.label(),
    "Domain",
    "Team",
];
/// Columns every estate file must have.
const REQUIRED: usize = 3;
/// The most services one estate may hold.
pub const MAX_SERVICES: usize = 10_000;
/// The longest name of a service, domain or team, in characters.
pub const MAX_NAME: usize = 200;

/// A mistake in an estate file, at the cell where it is.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CsvError {
    /// 1-based line of the text.
    pub line: u32,
    /// 1-based character column where the cell starts (or where it is missing).
    pub column: u32,
    /// 1-based row under the header, blank rows counted, as the page's table and a spreadsheet
    /// number them (a cell with line breaks makes one row of several lines); 0 for the header,
    /// or for a file without one.
    pub row: u32,
    /// 1-based cell in the row: the spreadsheet's column; 1 for a mistake about a whole row.
    pub cell: u32,
    /// The column's name from [`COLUMNS`], or "" for a mistake about the whole file or row.
    pub field: &'static str,
    /// What is wrong and what to write instead.
    pub message: String,
    /// The file holds no service: no header, or no row under it. A page may show its empty
    /// table as such rather than as a mistake.
    pub empty: bool,
}

/// Where a cell is: in the text, and in the table the reader sees (see [`CsvError`]).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) struct Place {
    pub(super) line: u32,
    pub(super) column: u32,
    pub(super) row: u32,
    pub(super) cell: u32,
}

impl Place {
    /// The start of line `line`, which is row `row`.
    pub(super) fn line_start(line: u32, row: u32) -> Self {
        Self {
            line,
            column: 1,
            row,
            cell: 1,
        }
    }
}

/// A service read from an estate file, with the line and row it came from (see [`CsvError`])
/// and its cells as typed.
#[derive(Clone, Debug, PartialEq)]
pub struct EstateRow {
    pub line: u32,
    pub row: u32,
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

/// The services of an estate file, or every mistake in it; exposures may be written in
/// `currency`, the organisation's.
pub fn parse_csv(text: &str, currency: &str) -> Result<Vec<EstateRow>, Vec<CsvError>> {
    // Spreadsheets' "CSV UTF-8" starts with a byte-order mark, which would hide the header.
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let mut errors = Vec::new();
    let records = records(text, separator(text), &mut errors);
    let mut records = records.into_iter().filter(|record| !record.is_blank());
    let Some(header) = records.next() else {
        errors.push(no_services(
            Place::line_start(1, 0),
            "there are no services: write a header row (service, exposure_per_hour, demand) and a row for each service under it",
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
            errors.push(error(
                Place::line_start(record.line, record.row),
                "",
                &message,
            ));
            break;
        }
        if let Some(row) = read_row(&record, &columns, &mut names, &mut errors, currency) {
            rows.push(row);
        }
    }
    if empty && errors.is_empty() {
        errors.push(no_services(
            Place::line_start(header.line, 0),
            "there are no services under the header: add a row for each service",
        ));
    }
    if errors.is_empty() {
        Ok(rows)
    } else {
        Err(errors)
    }
}

fn error(place: Place, field: &'static str, message: &str) -> CsvError {
    CsvError {
        line: place.line,
        column: place.column,
        row: place.row,
        cell: place.cell,
        field,
        message: String::from(message),
        empty: false,
    }
}

fn no_services(place: Place, message: &str) -> CsvError {
    CsvError {
        empty: true,
        ..error(place, "", message)
    }
}
