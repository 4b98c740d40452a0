//! The services under the header: which column each header cell names, and each row read into
//! an [`EstateRow`], its mistakes noted cell by cell. Messages name a column by its label, and
//! messages about the header by the name the file must use as well.

use crate::estate::names::NameTable;
use crate::parse::read_number;
use crate::text::{names_match, push_u64};
use crate::{Demand, Input, ModelError};

use super::records::Record;
use super::{
    COLUMNS, CsvError, DemandInput, EstateRow, LABELS, MAX_NAME, Place, REQUIRED, Service, error,
};

/// What a demand cell may hold, for messages.
const DEMAND_WORDS: &str = "low, medium, high, very high, or a number of feature requests a month";

/// For each header cell, the index in [`COLUMNS`] it names (unknown columns are ignored).
pub(super) fn header_columns(header: &Record, errors: &mut Vec<CsvError>) -> Vec<Option<usize>> {
    let mut columns: Vec<Option<usize>> = Vec::with_capacity(header.cells.len());
    for cell in &header.cells {
        let known = COLUMNS
            .iter()
            .position(|name| names_match(&cell.text, name));
        if let Some(index) = known
            && columns.contains(&Some(index))
        {
            let mut message = String::from("the header names ");
            push_column(&mut message, index);
            message.push_str(" twice");
            errors.push(error(cell.place, COLUMNS[index], &message));
        }
        columns.push(known);
    }
    for (index, name) in COLUMNS.iter().enumerate().take(REQUIRED) {
        if !columns.contains(&Some(index)) {
            let mut message = String::new();
            push_column(&mut message, index);
            message.push_str(" is missing: the header must name service, exposure_per_hour and demand, and may name domain and team");
            errors.push(error(
                Place::line_start(header.line, header.row),
                name,
                &message,
            ));
        }
    }
    columns
}

/// "the Financial exposure column (exposure_per_hour)": column `index` of [`COLUMNS`] by its
/// label and by the name a header gives it.
fn push_column(message: &mut String, index: usize) {
    message.push_str("the ");
    message.push_str(LABELS[index]);
    message.push_str(" column (");
    message.push_str(COLUMNS[index]);
    message.push(')');
}

/// The service in `record`, or `None` after noting its mistakes.
pub(super) fn read_row(
    record: &Record,
    columns: &[Option<usize>],
    names: &mut Names,
    errors: &mut Vec<CsvError>,
    currency: &str,
) -> Option<EstateRow> {
    let before = errors.len();
    let mut row = RowCells {
        currency,
        ..RowCells::default()
    };
    for (position, column) in columns.iter().enumerate() {
        if let Some(column) = *column {
            row.read(record, position, column, names, errors);
        }
    }
    extra_cells(record, columns.len(), errors);
    if errors.len() > before {
        return None;
    }
    row.into_row(record)
}

/// What the cells of one row hold, as they are read.
#[derive(Default)]
struct RowCells<'r> {
    /// Each column's cell as typed, by its index in [`COLUMNS`].
    texts: [Option<&'r str>; 5],
    /// The organisation's currency, which exposures may be written in.
    currency: &'r str,
    name: String,
    exposure: Option<f64>,
    demand: Option<DemandInput>,
}

impl<'r> RowCells<'r> {
    /// Reads the cell at `position` of `record`, which the header names column `column` of
    /// [`COLUMNS`]; a missing cell is an empty one at the row's end.
    fn read(
        &mut self,
        record: &'r Record,
        position: usize,
        column: usize,
        names: &mut Names,
        errors: &mut Vec<CsvError>,
    ) {
        let field = COLUMNS[column];
        let (text, place) = match record.cells.get(position) {
            Some(cell) => (cell.text.as_str(), cell.place),
            None => {
                let place = Place {
                    line: record.line,
                    column: record.end_column,
                    row: record.row,
                    cell: position as u32 + 1,
                };
                ("", place)
            }
        };
        self.texts[column] = Some(text);
        let mut refuse = |message: &str| errors.push(error(place, field, message));
        if text.chars().count() > MAX_NAME {
            let mut message = String::from(LABELS[column]);
            message.push_str(" must be at most ");
            push_u64(&mut message, MAX_NAME as u64);
            message.push_str(" characters");
            refuse(&message);
            return;
        }
        match column {
            0 if text.is_empty() => refuse("Service is missing: name the service"),
            0 => match names.row_of(text, record.row) {
                Some(earlier) => {
                    let mut message = String::from("Service \"");
                    message.push_str(text);
                    message.push_str("\" is already in row ");
                    push_u64(&mut message, u64::from(earlier));
                    message.push_str(": each service must appear once");
                    refuse(&message);
                }
                None => self.name = String::from(text),
            },
            1 => match read_exposure(text, self.currency) {
                Ok(value) => self.exposure = Some(value),
                Err(message) => refuse(&message),
            },
            2 => match read_demand(text) {
                Ok(value) => self.demand = Some(value),
                Err(message) => refuse(&message),
            },
            _ => {}
        }
    }

    /// The row's service, once its cells are read without a mistake.
    fn into_row(self, record: &Record) -> Option<EstateRow> {
        let optional = |text: Option<&str>| text.filter(|t| !t.is_empty()).map(String::from);
        Some(EstateRow {
            line: record.line,
            row: record.row,
            service: Service {
                name: self.name,
                exposure_per_hour: self.exposure?,
                demand: self.demand?,
                domain: optional(self.texts[3]),
                team: optional(self.texts[4]),
            },
            exposure_text: String::from(self.texts[1].unwrap_or_default()),
            demand_text: String::from(self.texts[2].unwrap_or_default()),
        })
    }
}

/// Notes the first cell past the header's columns that holds anything: most often an amount
/// written with commas, which split it.
fn extra_cells(record: &Record, header_len: usize, errors: &mut Vec<CsvError>) {
    if let Some(extra) = record.cells.get(header_len..)
        && let Some(cell) = extra.iter().find(|cell| !cell.text.is_empty())
    {
        let mut message = String::from("this row has ");
        push_u64(&mut message, record.cells.len() as u64);
        message.push_str(" cells but the header has ");
        push_u64(&mut message, header_len as u64);
        message.push_str(": put amounts with commas in quotes, as \"200,000\", or write 200000");
        errors.push(error(cell.place, "", &message));
    }
}
/// The service names met so far, with their rows.
#[derive(Default)]
pub(super) struct Names {
    table: Option<NameTable>,
    seen: Vec<(String, u32)>,
}

impl Names {
    /// The row where `name` (ignoring ASCII case) was met before, or `None` after noting it
    /// as met in `row`.
    fn row_of(&mut self, name: &str, row: u32) -> Option<u32> {
        let seen = &self.seen;
        let table = self.table.get_or_insert_with(NameTable::new);
        match table.entry(name, |i| seen[i].0.eq_ignore_ascii_case(name)) {
            Ok(index) => Some(seen[index].1),
            Err(_) => {
                self.seen.push((String::from(name), row));
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

/// An exposure, read as the calculators' exposure field reads it.
fn read_exposure(text: &str, currency: &str) -> Result<f64, String> {
    if text.is_empty() {
        let mut message = String::from(Input::Exposure.label());
        message.push_str(
            " is missing: write the most the service could lose in an hour, such as 200000",
        );
        return Err(message);
    }
    let refused = |error: ModelError| with_found(error.message(), text);
    Input::Exposure.read_amount(text, currency).map_err(refused)
}

fn read_demand(text: &str) -> Result<DemandInput, String> {
    if text.is_empty() {
        let mut message = String::from(Input::Demand.label());
        message.push_str(" is missing: write ");
        message.push_str(DEMAND_WORDS);
        return Err(message);
    }
    if let Some(level) = Demand::ALL
        .into_iter()
        .find(|demand| names_match(text, demand.name()))
    {
        return Ok(DemandInput::Level(level));
    }
    let mut message = String::from(Input::Demand.label());
    message.push_str(" must be ");
    message.push_str(DEMAND_WORDS);
    match read_number(text) {
        Ok(_) => Input::FeatureRequests
            .read_number(text)
            .map(DemandInput::Requests)
            .map_err(|error| with_found(error.message(), text)),
        Err(_) => Err(with_found(message, text)),
    }
}
