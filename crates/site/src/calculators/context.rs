//! What a calculator's template reads: its fields (inputs and organisation settings), its
//! result's values, reasons and warnings, the selector's grid and the relative costs, as
//! computed by the native models.

use std::collections::BTreeMap;

use playbook_models::calculator::{self, Calculator, FieldKind, Inputs};
use playbook_models::{GridCell, selector};
use serde::Serialize;

use super::{CalculatorSite, estate};

impl CalculatorSite {
    pub(super) fn context<'a>(
        &self,
        calculator: &'a Calculator,
        inputs: &Inputs,
        outcome: &'a calculator::Outcome,
        index: usize,
        root: &str,
        module: &str,
    ) -> CalculatorContext<'a> {
        let id = format!("calculator-{}", index + 1);
        let inputs_fields = fields(calculator, inputs, &id, false);
        let settings_fields = fields(calculator, inputs, &id, true);
        let out: BTreeMap<&str, &str> = outcome
            .values
            .iter()
            .map(|(k, v)| (*k, v.as_str()))
            .collect();
        let list = |key: &str| -> Vec<&'a str> {
            outcome
                .value(key)
                .map(|v| v.split('|').filter(|s| !s.is_empty()).collect())
                .unwrap_or_default()
        };
        CalculatorContext {
            id,
            name: calculator.name,
            title: calculator.title,
            module: self.modules.get(module).map(|(wasm, js)| ModuleContext {
                wasm: format!("{root}{wasm}"),
                js: format!("{root}{js}"),
            }),
            inputs: inputs_fields,
            settings: settings_fields,
            reasons: list("reasons"),
            warnings: list("warnings"),
            out,
            grid: (calculator.name == "selector").then(grid_rows),
            selected_cell: outcome.value("cell").and_then(|c| c.parse().ok()),
            costs: cost_rows(outcome),
            estate: None,
            script: None,
        }
    }
}

/// The calculator's fields that are organisation settings (`setting`), or its inputs, with
/// their values in `inputs`; `id` is the calculator's, which their ids start with.
fn fields<'a>(
    calculator: &'a Calculator,
    inputs: &Inputs,
    id: &str,
    setting: bool,
) -> Vec<FieldContext<'a>> {
    calculator
        .fields
        .iter()
        .filter(|f| f.setting == setting)
        .map(|f| FieldContext {
            id: format!("{id}-{}", f.key.replace('_', "-")),
            key: f.key,
            label: f.label,
            hint: f.hint_text(),
            value: inputs.get(f.key).unwrap_or_default().to_string(),
            choices: match f.kind {
                FieldKind::Choice(choices) => choices.iter().map(|c| (c.value, c.label)).collect(),
                _ => Vec::new(),
            },
            numeric: matches!(
                f.kind,
                FieldKind::Amount
                    | FieldKind::Level
                    | FieldKind::Percent
                    | FieldKind::Number
                    | FieldKind::Count
            ),
        })
        .collect()
}

/// The relative costs, when the outcome has them.
fn cost_rows(outcome: &calculator::Outcome) -> Vec<CostRow<'_>> {
    [
        ("Setup", "setup", "setup_ybr", "setup_ops"),
        (
            "Transition",
            "transition",
            "transition_ybr",
            "transition_ops",
        ),
        ("Run", "run", "run_ybr", "run_ops"),
        ("Incident", "incident", "incident_ybr", "incident_ops"),
        (
            "Opportunity",
            "opportunity",
            "opportunity_ybr",
            "opportunity_ops",
        ),
    ]
    .into_iter()
    .filter_map(|(kind, comparison, ybr, ops)| {
        Some(CostRow {
            kind,
            comparison: outcome.value(comparison)?,
            you_build_it_you_run_it: outcome.value(ybr)?,
            ops_run_it: outcome.value(ops)?,
        })
    })
    .collect()
}

#[derive(Serialize)]
pub(super) struct CalculatorContext<'a> {
    id: String,
    name: &'a str,
    title: &'a str,
    module: Option<ModuleContext>,
    inputs: Vec<FieldContext<'a>>,
    settings: Vec<FieldContext<'a>>,
    out: BTreeMap<&'a str, &'a str>,
    reasons: Vec<&'a str>,
    warnings: Vec<&'a str>,
    grid: Option<Vec<GridRow>>,
    selected_cell: Option<usize>,
    costs: Vec<CostRow<'a>>,
    /// The estate calculator's rows, schedules and download.
    pub(super) estate: Option<estate::EstateContext>,
    /// A script that lays this calculator out in the browser, loaded by `calculators.js`.
    pub(super) script: Option<String>,
}

/// A row of the relative costs figure.
#[derive(Serialize)]
struct CostRow<'a> {
    kind: &'static str,
    you_build_it_you_run_it: &'a str,
    ops_run_it: &'a str,
    comparison: &'a str,
}

#[derive(Serialize)]
struct ModuleContext {
    wasm: String,
    js: String,
}

#[derive(Serialize)]
struct FieldContext<'a> {
    id: String,
    key: &'a str,
    label: &'a str,
    hint: String,
    value: String,
    choices: Vec<(&'a str, &'a str)>,
    numeric: bool,
}

/// A row of the selector's grid, highest availability first, as readers see it drawn.
#[derive(Serialize)]
struct GridRow {
    level: String,
    cells: Vec<GridCellContext>,
}

#[derive(Serialize)]
struct GridCellContext {
    index: usize,
    model: &'static str,
    kind: &'static str,
    effort: u8,
}

fn grid_rows() -> Vec<GridRow> {
    let cells = selector::grid();
    let mut rows: Vec<GridRow> = cells
        .chunks(4)
        .enumerate()
        .map(|(row, chunk)| GridRow {
            level: chunk[0].availability.level().text(),
            cells: chunk
                .iter()
                .enumerate()
                .map(|(column, cell): (usize, &GridCell)| GridCellContext {
                    index: row * 4 + column,
                    model: cell.model.label(),
                    kind: cell.kind.label(),
                    effort: cell.effort,
                })
                .collect(),
        })
        .collect();
    rows.reverse();
    rows
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_grid_puts_the_highest_availability_first() {
        let rows = grid_rows();
        assert_eq!(rows[0].level, "99.99%");
        assert_eq!(rows[3].level, "95.0%");
        assert_eq!(rows[3].cells[0].index, 0);
    }
}
