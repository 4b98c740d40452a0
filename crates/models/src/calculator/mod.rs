//! The calculators readers use in the playbook's pages: each model's fields (with labels, units
//! and defaults), the parsing of what a reader typed, and the result as text ready to show.
//!
//! The site renders a calculator's initial result with [`calculate`] at build time, and the
//! browser calls the same function through WebAssembly on every input, so both show exactly the
//! same words and numbers. Organisation settings (bands, thresholds, currency) are fields too,
//! with defaults from [`Settings`], so the page carries everything the calculation needs.

mod chart;
mod costs;
mod decisions;
#[cfg(feature = "estate")]
mod estate;
pub(crate) mod fields;
mod registry;
mod shared_fields;

#[cfg(feature = "estate")]
pub use estate::{CellError, RECORD, ROW_EXTRA_CELLS, UNIT, download_csv, read_cell_error};
pub use fields::{Choice, Field, FieldKind};
pub use registry::{CALCULATORS, Calculator, Output, find};

use crate::Settings;

/// What a reader typed, by field key.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Inputs {
    pairs: Vec<(String, String)>,
}

impl Inputs {
    /// Inputs from `key=value` pairs.
    pub fn from_pairs<K: Into<String>, V: Into<String>>(
        pairs: impl IntoIterator<Item = (K, V)>,
    ) -> Self {
        Self {
            pairs: pairs
                .into_iter()
                .map(|(k, v)| (k.into(), v.into()))
                .collect(),
        }
    }

    /// Inputs from lines of `key=value`, the form the browser sends.
    pub fn from_lines(text: &str) -> Self {
        Self::from_pairs(
            text.lines()
                .filter_map(|line| line.split_once('='))
                .map(|(k, v)| (k.trim(), v)),
        )
    }

    /// The value typed for `key`, if any (the last one wins).
    pub fn get(&self, key: &str) -> Option<&str> {
        self.pairs
            .iter()
            .rev()
            .find(|(k, _)| k == key)
            .map(|(_, v)| v.as_str())
    }

    /// The keys given, in order.
    pub fn keys(&self) -> impl Iterator<Item = &str> {
        self.pairs.iter().map(|(k, _)| k.as_str())
    }
}

/// A calculator's result: texts by output key, and messages by field key for what could not be
/// used. When any field has an error, the values are empty.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Outcome {
    pub values: Vec<(&'static str, String)>,
    pub errors: Vec<(&'static str, String)>,
    /// The model's own result, as JSON, for `playbook calc --json`: only from
    /// [`calculate_with_result`], so that the pages' calculations serialise nothing.
    #[cfg(feature = "serde")]
    pub result: Option<serde_json::Value>,
    #[cfg(feature = "serde")]
    keep_result: bool,
}

impl Outcome {
    /// Keeps the model's result for scripts (with the `serde` feature; nothing without it).
    #[cfg(feature = "serde")]
    pub(crate) fn record(&mut self, result: &impl serde::Serialize) {
        if self.keep_result {
            self.result = serde_json::to_value(result).ok();
        }
    }

    #[cfg(not(feature = "serde"))]
    pub(crate) fn record<T>(&mut self, _: &T) {}

    pub(crate) fn set(&mut self, key: &'static str, value: impl Into<String>) {
        self.values.push((key, value.into()));
    }

    pub(crate) fn error(&mut self, field: &'static str, message: impl Into<String>) {
        self.errors.push((field, message.into()));
    }

    /// The text of output `key`.
    pub fn value(&self, key: &str) -> Option<&str> {
        self.values
            .iter()
            .find(|(k, _)| *k == key)
            .map(|(_, v)| v.as_str())
    }

    pub fn is_ok(&self) -> bool {
        self.errors.is_empty()
    }

    /// Lines for the browser: `key<TAB>text` for values, `!field<TAB>message` for errors.
    /// Texts never hold tabs or line breaks (lists are joined with `|`).
    pub fn encode(&self) -> String {
        let mut out = String::new();
        for (key, value) in &self.values {
            out.push_str(key);
            out.push('\t');
            out.push_str(value);
            out.push('\n');
        }
        for (key, message) in &self.errors {
            out.push('!');
            out.push_str(key);
            out.push('\t');
            out.push_str(message);
            out.push('\n');
        }
        out
    }
}

/// Runs `calculator` on `inputs`; fields not given take their defaults from `settings`.
pub fn calculate(calculator: &Calculator, inputs: &Inputs, settings: &Settings) -> Outcome {
    run(calculator, inputs, settings, Outcome::default())
}

/// Like [`calculate`], keeping the model's own result in [`Outcome::result`], for scripts.
#[cfg(feature = "serde")]
pub fn calculate_with_result(
    calculator: &Calculator,
    inputs: &Inputs,
    settings: &Settings,
) -> Outcome {
    let outcome = Outcome {
        keep_result: true,
        ..Outcome::default()
    };
    run(calculator, inputs, settings, outcome)
}

fn run(
    calculator: &Calculator,
    inputs: &Inputs,
    settings: &Settings,
    mut outcome: Outcome,
) -> Outcome {
    let values = fields::Values::new(calculator, inputs, settings);
    (calculator.run)(&values, &mut outcome);
    if !outcome.is_ok() {
        outcome.values.clear();
        #[cfg(feature = "serde")]
        {
            outcome.result = None;
        }
    }
    outcome
}

/// Runs the calculator named `name` on lines of `key=value`, for the browser. Settings come
/// from the fields themselves, so the playbook's defaults stand behind any field not given.
pub fn calculate_encoded(name: &str, input_lines: &str) -> String {
    match find(name) {
        Some(calculator) => calculate(
            calculator,
            &Inputs::from_lines(input_lines),
            &Settings::default(),
        )
        .encode(),
        None => "!\tthis calculator is not known\n".to_string(),
    }
}

#[cfg(test)]
mod tests;
