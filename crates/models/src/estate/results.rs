//! The results file: one row per service, its inputs first so that the file reads back in as
//! an estate, then its decisions.

use super::{DemandInput, Estate, ServiceResult, csv};

/// The columns of the results file, in order.
pub const RESULT_COLUMNS: [&str; 13] = [
    "service",
    "domain",
    "team",
    "exposure_per_hour",
    "demand",
    "demand_level",
    "availability_target",
    "tolerable_unavailability_a_week",
    "deployment_target",
    "operating_model",
    "out_of_hours",
    "schedule",
    "light",
];

/// The cells of one service's row of the results file, in [`RESULT_COLUMNS`] order: its inputs
/// (exposure as a plain number, demand as a level name or the number typed), then its results.
pub fn result_cells(row: &csv::EstateRow, result: &ServiceResult, estate: &Estate) -> [String; 13] {
    let service = &row.service;
    let demand = match service.demand {
        DemandInput::Level(level) => level.name(),
        DemandInput::Requests(_) => row.demand_text.as_str(),
    };
    let schedule = result
        .schedule
        .map_or("", |at| estate.schedules[at].name.as_str());
    [
        String::from(service.name.as_str()),
        String::from(service.domain.as_deref().unwrap_or_default()),
        String::from(service.team.as_deref().unwrap_or_default()),
        crate::text::format_amount(service.exposure_per_hour).replace(',', ""),
        String::from(demand),
        String::from(result.demand.name()),
        result.availability.text(),
        crate::text::format_duration(result.tolerable_seconds_a_week),
        String::from(result.deployment.label()),
        String::from(result.model.label()),
        String::from(result.cover.name()),
        String::from(schedule),
        String::from(result.light.name()),
    ]
}

/// The results as CSV, one row per service with its inputs first, so the file reads back in as
/// an estate. Lines end with `\n`; a cell with a comma, quote, semicolon, tab or line break, or
/// with spaces at either end, is quoted, its quotes doubled.
pub fn results_csv(rows: &[csv::EstateRow], estate: &Estate) -> String {
    let mut out = RESULT_COLUMNS.join(",");
    out.push('\n');
    for (row, result) in rows.iter().zip(&estate.services) {
        for (i, cell) in result_cells(row, result, estate).iter().enumerate() {
            if i > 0 {
                out.push(',');
            }
            push_csv_cell(&mut out, cell);
        }
        out.push('\n');
    }
    out
}

/// The first characters that make a spreadsheet read a cell as a formula.
pub(crate) const FORMULA_STARTS: [char; 6] = ['=', '+', '-', '@', '\t', '\r'];

/// Appends `cell`, in quotes when it needs them. A cell a spreadsheet would run as a formula
/// (`=HYPERLINK(…)` in a service's name, from an estate file a stranger wrote) starts with an
/// apostrophe, as OWASP advises against CSV injection; a number stays a number. The estate
/// reader drops the apostrophe again, so the file reads back the same.
pub(crate) fn push_csv_cell(out: &mut String, cell: &str) {
    let neutralised;
    let cell = if cell.starts_with(FORMULA_STARTS) && !is_number(cell) {
        neutralised = format!("'{cell}");
        neutralised.as_str()
    } else {
        cell
    };
    let needs_quotes = cell.contains([',', '"', '\n', '\r', ';', '\t'])
        || cell.starts_with(' ')
        || cell.ends_with(' ');
    if needs_quotes {
        out.push('"');
        out.push_str(&cell.replace('"', "\"\""));
        out.push('"');
    } else {
        out.push_str(cell);
    }
}

/// Whether `cell` is a plain number (`-5`, `+1.5`), which a spreadsheet takes as a number.
fn is_number(cell: &str) -> bool {
    let digits = cell.strip_prefix(['-', '+']).unwrap_or(cell);
    !digits.is_empty()
        && digits.chars().all(|c| c.is_ascii_digit() || c == '.')
        && digits.chars().any(|c| c.is_ascii_digit())
        && digits.matches('.').count() <= 1
}
