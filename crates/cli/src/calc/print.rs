//! What a calculation prints: the calculator's labelled results for people, one JSON object
//! with the model's own result for scripts, and a calculator's table of results as CSV.

use std::fmt::Write;

use playbook_models::calculator::{Calculator, FieldKind, Inputs, Outcome, UNIT, download_csv};
use serde_json::{Map, Value, json};

/// The results as aligned `label  value` lines, lists as indented items, and a table of rows
/// (the estate's services) after them.
pub fn text(calculator: &Calculator, outcome: &Outcome) -> String {
    let mut text = String::new();
    let width = 2 + calculator
        .outputs
        .iter()
        .map(|output| output.label.chars().count())
        .max()
        .unwrap_or(0);
    for output in calculator.outputs {
        let Some(value) = outcome.value(output.key).filter(|value| !value.is_empty()) else {
            continue;
        };
        if value.contains('|') {
            let _ = writeln!(text, "{}:", output.label);
            for item in value.split('|') {
                let _ = writeln!(text, "  - {item}");
            }
        } else {
            let _ = writeln!(text, "{:<width$}{value}", output.label);
        }
    }
    if let Some(table) = table(outcome) {
        text.push('\n');
        text.push_str(&table);
    }
    text
}

/// The outcome's rows (`columns`, then a `row` each) as aligned columns.
fn table(outcome: &Outcome) -> Option<String> {
    let header: Vec<&str> = outcome.value("columns")?.split(UNIT).collect();
    let rows: Vec<Vec<&str>> = outcome
        .values
        .iter()
        .filter(|(key, _)| *key == "row")
        .map(|(_, row)| row.split(UNIT).skip(1).take(header.len()).collect())
        .collect();
    let widths: Vec<usize> = (0..header.len())
        .map(|column| {
            rows.iter()
                .filter_map(|row| row.get(column))
                .chain(std::iter::once(&header[column]))
                .map(|cell| cell.chars().count())
                .max()
                .unwrap_or(0)
        })
        .collect();
    let mut text = String::new();
    for row in std::iter::once(&header).chain(&rows) {
        let cells: Vec<String> = row
            .iter()
            .zip(&widths)
            .map(|(cell, width)| format!("{cell:<width$}"))
            .collect();
        text.push_str(cells.join("  ").trim_end());
        text.push('\n');
    }
    Some(text)
}

/// One JSON object: the calculator, every input the model read (but a table's rows), and the
/// model's result.
pub fn json(calculator: &Calculator, inputs: &Inputs, outcome: &Outcome) -> Value {
    let mut given = Map::new();
    for field in calculator.fields {
        if field.kind == FieldKind::Table {
            continue;
        }
        if let Some(value) = inputs.get(field.key) {
            given.insert(field.key.to_string(), Value::String(value.to_string()));
        }
    }
    json!({
        "calculator": calculator.name,
        "inputs": given,
        "result": outcome.result.clone().unwrap_or(Value::Null),
    })
}

/// The table of results as CSV, when the calculator has one.
pub fn csv(calculator: &Calculator, outcome: &Outcome) -> anyhow::Result<String> {
    download_csv(outcome).ok_or_else(|| {
        anyhow::anyhow!(
            "{} has no table of results to print as CSV; --csv is for `calc estate`",
            calculator.name
        )
    })
}
