//! The estate calculator: a table of services in, per-service decisions, the estate's summary
//! and counts, schedules, yearly costs, a chart and a results file out, as text the page lays
//! out.
//!
//! The services arrive as CSV in the `services` field (the page separates its lines with the
//! record separator, U+001E, since inputs travel as lines). Outputs that repeat (`row`,
//! `schedule`) hold several cells joined by the unit separator, U+001F; every cell is free of
//! tabs, line breaks and both separators, as the CSV reader turns control characters in cells
//! into spaces. A `row` is the service's line in the services, the cells of its line in the
//! results file (`columns` names them), then [`ROW_EXTRA_CELLS`]: the page's download joins
//! the results file's cells as [`results_csv`](crate::estate::results_csv) does. A mistake in the
//! services is reported as `services` with where it is in the text and in the table, whether
//! the table is empty, its field and its message joined by U+001F, one for each mistake: see
//! [`cell_error`]. The page shows an empty table as such rather than as a mistake.

use crate::ScheduleCost;
use crate::estate::csv::{CsvError, EstateRow, parse_csv};
use crate::estate::{
    Cover, DemandInput, Estate, EstateError, EstateInput, Light, OnCallPay, RESULT_COLUMNS,
    Schedule, ServiceResult, estate, result_cells,
};
use crate::text::push_u64;

use super::Outcome;
use super::chart::push_coordinate;
use super::costs::payment_model;
use super::decisions::{demand_bands, exposure_bands, push_money};
use super::fields::Values;
use crate::Input;

/// Joins the cells of one output.
pub const UNIT: char = '\u{1f}';
/// Separates the lines of the services and of the results file.
pub const RECORD: char = '\u{1e}';

/// The cells of a `row` output after the results file's ([`RESULT_COLUMNS`]), in order: the
/// light's word, the exposure as money, the demand and the out-of-hours cover for people.
///
/// [`RESULT_COLUMNS`]: crate::estate::RESULT_COLUMNS
pub const ROW_EXTRA_CELLS: [&str; 4] =
    ["light_label", "exposure_money", "demand_text", "cover_text"];

/// A services mistake as [`read_cell_error`] reads it back from the outcome.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct CellError<'t> {
    /// Where it is in the text: 1-based line and character column.
    pub line: u32,
    pub column: u32,
    /// Where it is in the table: 1-based row under the header (0 for the header) and cell.
    pub row: u32,
    pub cell: u32,
    /// The table has no service (see [`CsvError::empty`]).
    pub empty: bool,
    /// The column's name, or "" for the whole file or row.
    pub field: &'t str,
    pub message: &'t str,
}

/// A services mistake as the outcome carries it: line, column, row, cell, 1 when the table is
/// empty (else 0), field and message.
pub fn cell_error(error: &CsvError) -> String {
    let mut text = String::new();
    let empty = u32::from(error.empty);
    for number in [error.line, error.column, error.row, error.cell, empty] {
        push_u64(&mut text, u64::from(number));
        text.push(UNIT);
    }
    text.push_str(error.field);
    text.push(UNIT);
    text.push_str(&error.message);
    text
}

/// A services mistake from [`cell_error`]'s text.
pub fn read_cell_error(text: &str) -> Option<CellError<'_>> {
    let mut parts = text.splitn(7, UNIT);
    let mut number = || parts.next()?.parse::<u32>().ok();
    let (line, column, row, cell) = (number()?, number()?, number()?, number()?);
    let empty = number()? == 1;
    Some(CellError {
        line,
        column,
        row,
        cell,
        empty,
        field: parts.next()?,
        message: parts.next()?,
    })
}

fn count(value: u32) -> String {
    let mut text = String::new();
    push_u64(&mut text, u64::from(value));
    text
}

fn counted(value: u32, one: &str, many: &str) -> String {
    let mut text = count(value);
    text.push(' ');
    text.push_str(if value == 1 { one } else { many });
    text
}

/// "12 services in 7 teams: 9 You Build It You Run It and 3 Ops Run It."
fn summary(services: usize, estate: &Estate) -> String {
    let mut text = counted(services as u32, "service", "services");
    text.push_str(" in ");
    text.push_str(&counted(estate.teams.len() as u32, "team", "teams"));
    text.push_str(": ");
    text.push_str(&count(estate.counts.you_build_it_you_run_it));
    text.push_str(" You Build It You Run It and ");
    text.push_str(&count(estate.counts.ops_run_it));
    text.push_str(" Ops Run It.");
    text
}

fn pay(values: &Values<'_>, out: &mut Outcome) -> Option<OnCallPay> {
    let standby = values.amount(Input::StandbyRate, out);
    let callout = values.amount(Input::CalloutRate, out);
    let hours = values.number(Input::CalloutHours, out);
    let payment = values.choice(Input::Payment, out);
    let analyst = values.amount(Input::AnalystRate, out);
    Some(OnCallPay {
        standby_rate_per_week: standby?,
        callout_rate_per_hour: callout?,
        callout_hours_per_service_week: hours?,
        payment: payment_model(payment?),
        ops_analyst_rate_per_week: analyst?,
    })
}

pub fn estate_calculator(values: &Values<'_>, out: &mut Outcome) {
    let parsed = parse_csv(&values.text(Input::EstateServices), values.currency());
    let exposure = exposure_bands(values, out);
    let demand = demand_bands(values, out);
    let pay = pay(values, out);
    let rows = match parsed {
        Ok(rows) => rows,
        Err(errors) => {
            for error in &errors {
                out.error("services", cell_error(error));
            }
            return;
        }
    };
    let (Some(exposure), Some(demand), Some(pay)) = (exposure, demand, pay) else {
        return;
    };
    let input = EstateInput {
        services: &rows,
        exposure_bands: &exposure,
        demand_bands: &demand,
        pay,
    };
    match estate(&input) {
        Ok(estate) => {
            out.record(&estate);
            show(values, &rows, &estate, out);
        }
        Err(EstateError::Pay(error)) => {
            values.refuse(error, out);
        }
        Err(error) => {
            let (line, row) = match error {
                EstateError::Service { index, .. } => {
                    rows.get(index).map_or((1, 0), |r| (r.line, r.row))
                }
                _ => (1, 0),
            };
            let error = CsvError {
                line,
                column: 1,
                row,
                cell: 1,
                field: "",
                message: error.message(),
                empty: matches!(error, EstateError::NoServices),
            };
            out.error("services", cell_error(&error));
        }
    }
}

fn show(values: &Values<'_>, rows: &[EstateRow], estate: &Estate, out: &mut Outcome) {
    let currency = values.currency();
    out.set("columns", RESULT_COLUMNS.join("\u{1f}"));
    for (row, result) in rows.iter().zip(&estate.services) {
        out.set("row", row_cells(row, result, estate, currency));
    }
    show_counts(rows.len(), estate, out);
    for schedule in &estate.schedules {
        out.set("schedule", schedule_cells(schedule, rows));
    }
    costs(&estate.costs, estate, currency, out);
}

/// A service's `row`: its line, its cells of the results file, then [`ROW_EXTRA_CELLS`].
fn row_cells(row: &EstateRow, result: &ServiceResult, estate: &Estate, currency: &str) -> String {
    let service = &row.service;
    let mut text = String::new();
    push_u64(&mut text, u64::from(row.line));
    for cell in result_cells(row, result, estate) {
        text.push(UNIT);
        text.push_str(&cell);
    }
    text.push(UNIT);
    text.push_str(result.light.label());
    text.push(UNIT);
    push_money(&mut text, currency, service.exposure_per_hour);
    text.push(UNIT);
    text.push_str(result.demand.label());
    if let DemandInput::Requests(_) = service.demand {
        text.push_str(" (");
        text.push_str(&row.demand_text);
        text.push_str(" a month)");
    }
    text.push(UNIT);
    text.push_str(match result.cover {
        Cover::None => "none: waits for working hours",
        Cover::Domain => "domain schedule: ",
        Cover::Team => "team schedule: ",
        Cover::Analyst => "Ops Run It analyst",
    });
    if let (Some(at), Cover::Domain | Cover::Team) = (result.schedule, result.cover) {
        text.push_str(&estate.schedules[at].name);
    }
    text
}

/// The estate's summary of `services` services, its counts of lights, and of each cover with
/// its bar's width in percent of the most common cover's.
fn show_counts(services: usize, estate: &Estate, out: &mut Outcome) {
    let counts = estate.counts;
    out.set("summary", summary(services, estate));
    for (key, light) in [
        ("count_green", Light::Green),
        ("count_amber", Light::Amber),
        ("count_red", Light::Red),
    ] {
        out.set(key, count(counts.light(light)));
    }
    let most = Cover::ALL
        .iter()
        .map(|&c| counts.cover(c))
        .max()
        .unwrap_or(1)
        .max(1);
    for (cover, key, bar) in [
        (Cover::Team, "count_team", "bar_team"),
        (Cover::Domain, "count_domain", "bar_domain"),
        (Cover::None, "count_none", "bar_none"),
        (Cover::Analyst, "count_analyst", "bar_analyst"),
    ] {
        out.set(key, count(counts.cover(cover)));
        let mut width = String::new();
        push_coordinate(
            &mut width,
            100.0 * f64::from(counts.cover(cover)) / f64::from(most),
        );
        out.set(bar, width);
    }
}

/// A `schedule`: its kind, then its name and the services it covers in words.
fn schedule_cells(schedule: &Schedule, rows: &[EstateRow]) -> String {
    let mut text = String::from(schedule.kind.name());
    text.push(UNIT);
    text.push_str(&schedule.name);
    text.push_str(match schedule.kind {
        Cover::Team => " team schedule: ",
        Cover::Domain => " domain schedule: ",
        _ => " analyst: ",
    });
    for (i, &index) in schedule.services.iter().enumerate() {
        if i > 0 {
            text.push_str(", ");
        }
        text.push_str(&rows[index].service.name);
    }
    text
}

fn costs(costs: &crate::estate::EstateCosts, estate: &Estate, currency: &str, out: &mut Outcome) {
    let money = |cost: &ScheduleCost| {
        let mut text = String::new();
        push_money(&mut text, currency, cost.total_per_year);
        text
    };
    let kinds = |kind: Cover| estate.schedules_of(kind).count() as u32;
    out.set("cost_selected", money(&costs.selected));
    let mut detail = counted(costs.selected.schedules, "schedule", "schedules");
    let mut first = true;
    for (kind, word) in [
        (Cover::Team, " team"),
        (Cover::Domain, " domain"),
        (Cover::Analyst, " analyst"),
    ] {
        if kinds(kind) > 0 {
            detail.push_str(if first { ": " } else { ", " });
            first = false;
            detail.push_str(&count(kinds(kind)));
            detail.push_str(word);
        }
    }
    out.set("cost_selected_detail", detail);
    out.set("cost_every", money(&costs.every_team));
    let mut detail = counted(costs.every_team.schedules, "schedule", "schedules");
    detail.push_str(", one for each team");
    out.set("cost_every_detail", detail);
    out.set("cost_ops", money(&costs.ops_run_it));
    let mut detail = String::from("1 analyst for all ");
    detail.push_str(&counted(
        estate.services.len() as u32,
        "service",
        "services",
    ));
    out.set("cost_ops_detail", detail);
}

/// The results file as the page's download builds it from an outcome's `columns` and `row`
/// cells (lines end with `\n`): the same text as [`results_csv`](crate::estate::results_csv).
pub fn download_csv(outcome: &Outcome) -> Option<String> {
    let columns = outcome.value("columns")?;
    let mut text = columns.replace(UNIT, ",");
    text.push('\n');
    let count = RESULT_COLUMNS.len();
    for (_, row) in outcome.values.iter().filter(|(key, _)| *key == "row") {
        for (i, cell) in row.split(UNIT).skip(1).take(count).enumerate() {
            if i > 0 {
                text.push(',');
            }
            crate::estate::push_csv_cell(&mut text, cell);
        }
        text.push('\n');
    }
    Some(text)
}
