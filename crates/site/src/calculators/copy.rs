//! A calculator as plain markdown, for its page's markdown copy: what it is, its inputs as a
//! table (with what each means, as the form's hint says), and the results the native model gave when the site was built, labelled as the
//! command line labels them, with a table of rows (the estate's services) after them.

use playbook_models::calculator::{Calculator, FieldKind, Inputs, Outcome, UNIT};

/// The calculator with its `inputs` and the `outcome` the model gave for them.
pub(super) fn markdown(calculator: &Calculator, inputs: &Inputs, outcome: &Outcome) -> String {
    let mut out = format!(
        "**Calculator: {}**\n\nComputed when the site was built, from the inputs below; the page's form recomputes it as they change.\n\n| Input | Value | About |\n| --- | --- | --- |\n",
        cell(calculator.title)
    );
    for field in calculator
        .fields
        .iter()
        .filter(|f| f.kind != FieldKind::Table)
    {
        let value = inputs.get(field.key).unwrap_or_default();
        let shown = match field.kind {
            FieldKind::Choice(choices) => choices
                .iter()
                .find(|c| c.value == value)
                .map_or(value, |c| c.label),
            _ => value,
        };
        let shown = if shown.is_empty() { "(none)" } else { shown };
        out.push_str(&format!(
            "| {} | {} | {} |\n",
            cell(field.label),
            cell(shown),
            cell(&field.hint_text())
        ));
    }
    out.push_str("\nResults:\n\n");
    for output in calculator.outputs {
        let Some(value) = outcome.value(output.key).filter(|v| !v.is_empty()) else {
            continue;
        };
        if value.contains('|') {
            out.push_str(&format!("- {}:\n", output.label));
            for item in value.split('|').filter(|item| !item.is_empty()) {
                out.push_str(&format!("  - {item}\n"));
            }
        } else {
            out.push_str(&format!("- {}: {value}\n", output.label));
        }
    }
    if let Some(table) = rows(outcome) {
        out.push('\n');
        out.push_str(&table);
    }
    out
}

/// The outcome's rows (`columns`, then a `row` each) as a markdown table.
fn rows(outcome: &Outcome) -> Option<String> {
    let header: Vec<&str> = outcome.value("columns")?.split(UNIT).collect();
    let line = |cells: &mut dyn Iterator<Item = &str>| {
        let cells: Vec<String> = cells.map(cell).collect();
        format!("| {} |\n", cells.join(" | "))
    };
    let mut out = line(&mut header.iter().copied());
    out.push_str(&line(&mut header.iter().map(|_| "---")));
    for (_, row) in outcome.values.iter().filter(|(key, _)| *key == "row") {
        out.push_str(&line(&mut row.split(UNIT).skip(1).take(header.len())));
    }
    Some(out)
}

/// Text for a table cell: its pipes escaped, its lines joined.
fn cell(text: &str) -> String {
    text.replace('|', "\\|").replace('\n', " ")
}
