//! The fields of a calculator and how what a reader typed becomes a number, a level, a choice or
//! a list of bands, with a message naming the field when it cannot.

use crate::parse::{parse_amount, parse_number};
use crate::text::{format_amount, format_percent, names_match};
use crate::{AvailabilityLevel, Band, Demand, ModelError, Settings};

use super::{Calculator, Inputs};

/// What kind of value a field holds.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FieldKind {
    /// Money, in the organisation's currency: "200000", "200,000", "$200k".
    Amount,
    /// An availability level in percent, between 0 and 100 exclusive.
    Level,
    /// A share in percent, 0 to 100.
    Percent,
    /// A count or duration, zero or more.
    Number,
    /// A whole number of at least one.
    Count,
    /// One of a list of choices.
    Choice(&'static [Choice]),
    /// Bands written as `limit = level` pairs separated by commas.
    Bands,
    /// A short text, such as the currency symbol.
    Text,
}

/// One option of a choice field.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Choice {
    pub value: &'static str,
    pub label: &'static str,
}

/// A field of a calculator's form.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Field {
    pub key: &'static str,
    pub label: &'static str,
    pub kind: FieldKind,
    /// What the reader should type: unit and range.
    pub hint: &'static str,
    /// The value before any setting or input; empty means optional.
    pub default: &'static str,
    /// Organisation settings sit apart from the inputs about one service.
    pub setting: bool,
}

impl Field {
    /// The field's starting value: the organisation's setting where it has one.
    pub fn initial(&self, settings: &Settings) -> String {
        match self.key {
            "bands" => bands_text(
                settings.exposure_bands.bands(),
                |level: &AvailabilityLevel| format_percent(level.percent()),
            ),
            "demand_bands" => bands_text(settings.demand_bands.bands(), |demand: &Demand| {
                demand.name().to_string()
            }),
            "high" => plain_number(settings.incident_thresholds.high()),
            "medium" => plain_number(settings.incident_thresholds.medium()),
            _ => self.default.to_string(),
        }
    }
}

fn bands_text<L>(bands: &[Band<L>], level: impl Fn(&L) -> String) -> String {
    let mut text = String::new();
    for band in bands {
        if !text.is_empty() {
            text.push_str(", ");
        }
        text.push_str(&plain_number(band.up_to));
        text.push_str(" = ");
        text.push_str(level(&band.level).trim_end_matches('%'));
    }
    text
}

/// A whole number without separators, as a reader would type it.
fn plain_number(value: f64) -> String {
    format_amount(value).replace(',', "")
}

/// The values of one calculation: what was typed, else the field's initial value.
pub struct Values<'a> {
    calculator: &'a Calculator,
    inputs: &'a Inputs,
    settings: &'a Settings,
}

impl<'a> Values<'a> {
    pub fn new(calculator: &'a Calculator, inputs: &'a Inputs, settings: &'a Settings) -> Self {
        Self {
            calculator,
            inputs,
            settings,
        }
    }

    fn field(&self, key: &'static str) -> &'a Field {
        self.calculator
            .fields
            .iter()
            .find(|f| f.key == key)
            .unwrap_or(&UNKNOWN_FIELD)
    }

    /// The raw text of field `key`.
    pub fn text(&self, key: &'static str) -> String {
        match self.inputs.get(key) {
            Some(value) => value.trim().to_string(),
            None => self.field(key).initial(self.settings),
        }
    }

    /// An amount of money.
    pub fn amount(&self, key: &'static str, out: &mut super::Outcome) -> Option<f64> {
        let text = self.text(key);
        match parse_amount(&text) {
            Some(value) if value >= 0.0 => Some(value),
            _ => {
                out.error(
                    key,
                    expected(self.field(key), "an amount of zero or more, such as 200000"),
                );
                None
            }
        }
    }

    /// An optional amount: empty is `None` without an error.
    pub fn optional_amount(
        &self,
        key: &'static str,
        out: &mut super::Outcome,
    ) -> Option<Option<f64>> {
        if self.text(key).is_empty() {
            return Some(None);
        }
        self.amount(key, out).map(Some)
    }

    /// A number of zero or more.
    pub fn number(&self, key: &'static str, out: &mut super::Outcome) -> Option<f64> {
        let text = self.text(key);
        match parse_number(&text) {
            Some(value) if value >= 0.0 => Some(value),
            _ => {
                out.error(key, expected(self.field(key), "a number of zero or more"));
                None
            }
        }
    }

    /// A whole number of zero or more.
    pub fn count(&self, key: &'static str, out: &mut super::Outcome) -> Option<u32> {
        let text = self.text(key);
        match parse_number(&text) {
            Some(value) if value >= 0.0 && value.fract() == 0.0 && value <= 1e9 => {
                Some(value as u32)
            }
            _ => {
                out.error(
                    key,
                    expected(self.field(key), "a whole number of zero or more"),
                );
                None
            }
        }
    }

    /// An availability level.
    pub fn level(&self, key: &'static str, out: &mut super::Outcome) -> Option<AvailabilityLevel> {
        let text = self.text(key);
        let parsed = parse_number(text.trim_end_matches('%'));
        match parsed.map(AvailabilityLevel::new) {
            Some(Ok(level)) => Some(level),
            _ => {
                out.error(
                    key,
                    expected(
                        self.field(key),
                        "a percentage between 0 and 100, such as 99.9",
                    ),
                );
                None
            }
        }
    }

    /// A percentage from 0 to 100.
    pub fn percent(&self, key: &'static str, out: &mut super::Outcome) -> Option<f64> {
        let text = self.text(key);
        match parse_number(text.trim_end_matches('%')) {
            Some(value) if (0.0..=100.0).contains(&value) => Some(value),
            _ => {
                out.error(key, expected(self.field(key), "a percentage from 0 to 100"));
                None
            }
        }
    }

    /// The value of a choice field.
    pub fn choice(&self, key: &'static str, out: &mut super::Outcome) -> Option<&'static str> {
        let text = self.text(key);
        let field = self.field(key);
        let FieldKind::Choice(choices) = field.kind else {
            return None;
        };
        match choices
            .iter()
            .find(|c| names_match(&text, c.value) || names_match(&text, c.label))
        {
            Some(choice) => Some(choice.value),
            None => {
                let mut message = String::from(field.label);
                message.push_str(" must be one of: ");
                for (i, choice) in choices.iter().enumerate() {
                    if i > 0 {
                        message.push_str(", ");
                    }
                    message.push_str(choice.label);
                }
                out.error(key, message);
                None
            }
        }
    }

    /// Bands of `limit = level` pairs, each level read by `level`.
    pub fn bands<L>(
        &self,
        key: &'static str,
        out: &mut super::Outcome,
        level: impl Fn(&str) -> Option<L>,
    ) -> Option<Vec<Band<L>>> {
        let text = self.text(key);
        let mut bands = Vec::new();
        for part in text
            .split([',', ';', '\n'])
            .map(str::trim)
            .filter(|p| !p.is_empty())
        {
            let parsed = part
                .split_once('=')
                .and_then(|(limit, lvl)| Some((parse_amount(limit.trim())?, level(lvl.trim())?)));
            match parsed {
                Some((up_to, level)) => bands.push(Band { up_to, level }),
                None => {
                    out.error(
                        key,
                        expected(
                            self.field(key),
                            "bands written as limit = level, separated by commas, such as 7000 = 95.0, 250000 = 99.0",
                        ),
                    );
                    return None;
                }
            }
        }
        Some(bands)
    }

    /// A model's refusal, shown at the field it names.
    pub fn refuse(&self, key: &'static str, error: ModelError, out: &mut super::Outcome) {
        out.error(key, capitalised(&error.message()));
    }

    /// The currency symbol to put before amounts, without control characters: results never
    /// hold a tab or a line break (the browser's encoding relies on it), nor the estate table's
    /// separators.
    pub fn currency(&self) -> String {
        self.text("currency")
            .chars()
            .filter(|c| !c.is_control())
            .collect()
    }
}

static UNKNOWN_FIELD: Field = Field {
    key: "",
    label: "this field",
    kind: FieldKind::Text,
    hint: "",
    default: "",
    setting: false,
};

fn expected(field: &Field, what: &str) -> String {
    let mut message = capitalised(field.label);
    message.push_str(" must be ");
    message.push_str(what);
    message
}

/// The text with its first letter in capitals (ASCII only, which every label and message is).
pub fn capitalised(text: &str) -> String {
    let mut text = text.to_string();
    if let Some(first) = text.get_mut(..1) {
        first.make_ascii_uppercase();
    }
    text
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_currency_cannot_break_the_results_encoding() {
        // Found by the `model_inputs` fuzz target: a tab typed in the currency reached the
        // estate table's rows, and the encoding to the browser splits on tabs.
        for calculator in super::super::CALCULATORS.iter() {
            let inputs = super::super::Inputs::from_lines("currency=a\tb\u{1f}c\u{1e}\r");
            let outcome = super::super::calculate(calculator, &inputs, &Settings::default());
            for (key, value) in &outcome.values {
                assert!(
                    !value.contains(['\t', '\n', '\r']),
                    "{}: {key}",
                    calculator.name
                );
            }
            if calculator.name == "run-cost" {
                assert!(outcome.values.iter().any(|(_, v)| v.contains("abc")));
            }
        }
    }
}
