//! The estate calculator's page: its table's columns with their labels, and its result as the
//! template lays it out (rows, schedules, the light rules, a download of the results file) from
//! the outcome the models give. The browser's `estate.js` lays out the same outcome the same
//! way after every edit.

use std::collections::BTreeMap;

use playbook_models::calculator::{Outcome, ROW_EXTRA_CELLS, UNIT, download_csv};
use playbook_models::estate::csv::{COLUMNS, LABELS};
use playbook_models::estate::{LIGHT_RULES, RESULT_COLUMNS};
use serde::Serialize;

/// What `calculators/estate.html` reads besides the fields and `out`.
#[derive(Debug, Serialize)]
pub struct EstateContext {
    /// The table's columns, in order: `id` (as a header names it) and `label` (as a reader
    /// sees it, in the table's head and in the models' messages). `estate.js` reads them there.
    columns: Vec<BTreeMap<&'static str, &'static str>>,
    /// One map a service: `line`, the results file's columns and the extra cells by name.
    rows: Vec<BTreeMap<&'static str, String>>,
    /// The schedules needed: `kind` (team, domain, analyst) and `text`.
    schedules: Vec<BTreeMap<&'static str, String>>,
    /// The traffic light rules: red, amber, green.
    rules: [&'static str; 3],
    /// The results file as a `data:` address, for the download link without JavaScript.
    download: String,
}

/// The estate's layout from a successful outcome (empty lists when it has none).
pub fn context(outcome: &Outcome) -> EstateContext {
    let names: Vec<&'static str> = std::iter::once("line")
        .chain(RESULT_COLUMNS)
        .chain(ROW_EXTRA_CELLS)
        .collect();
    let cells = |key: &str, names: &[&'static str]| -> Vec<BTreeMap<&'static str, String>> {
        outcome
            .values
            .iter()
            .filter(|(k, _)| *k == key)
            .map(|(_, value)| {
                names
                    .iter()
                    .copied()
                    .zip(value.split(UNIT).map(str::to_string))
                    .collect()
            })
            .collect()
    };
    EstateContext {
        columns: COLUMNS
            .into_iter()
            .zip(LABELS)
            .map(|(id, label)| BTreeMap::from([("id", id), ("label", label)]))
            .collect(),
        rows: cells("row", &names),
        schedules: cells("schedule", &["kind", "text"]),
        rules: LIGHT_RULES,
        download: download_csv(outcome)
            .map(|csv| format!("data:text/csv;charset=utf-8,{}", percent_encode(&csv)))
            .unwrap_or_default(),
    }
}

/// Percent-encodes everything but unreserved characters, for a `data:` address.
fn percent_encode(text: &str) -> String {
    let mut out = String::with_capacity(text.len() * 2);
    for byte in text.bytes() {
        if byte.is_ascii_alphanumeric() || matches!(byte, b'-' | b'_' | b'.' | b'~') {
            out.push(char::from(byte));
        } else {
            out.push_str(&format!("%{byte:02X}"));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use playbook_models::Settings;
    use playbook_models::calculator::{Inputs, calculate, find};

    #[test]
    fn rows_and_schedules_are_named_for_the_template() {
        let estate = find("estate").unwrap();
        let outcome = calculate(estate, &Inputs::default(), &Settings::default());
        assert!(outcome.is_ok(), "{:?}", outcome.errors);
        let context = context(&outcome);
        assert_eq!(context.rows.len(), 4);
        assert_eq!(context.columns[1]["id"], "exposure_per_hour");
        assert_eq!(context.columns[1]["label"], "Financial exposure");
        let checkout = &context.rows[2];
        assert_eq!(checkout["service"], "Checkout");
        assert_eq!(checkout["line"], "4");
        assert_eq!(checkout["availability_target"], "99.9%");
        assert_eq!(checkout["light"], "green");
        assert_eq!(checkout["light_label"], "Green");
        assert_eq!(checkout["exposure_money"], "$810,000");
        assert_eq!(checkout["cover_text"], "team schedule: Checkout");
        assert_eq!(context.rows[3]["operating_model"], "Ops Run It");
        assert_eq!(context.schedules[0]["kind"], "team");
        assert!(
            context
                .download
                .starts_with("data:text/csv;charset=utf-8,service%2Cdomain")
        );
    }

    #[test]
    fn percent_encoding_keeps_only_unreserved_characters() {
        assert_eq!(percent_encode("a,b c\n\"£"), "a%2Cb%20c%0A%22%C2%A3");
    }
}
