//! The fields of a calculator and how what a reader typed becomes a number, a level, a choice or
//! a list of bands, with a message naming the field when it cannot.

use crate::parse::{read_amount, read_number};
use crate::text::{format_amount, format_percent, names_match};
use crate::{AvailabilityLevel, Band, Demand, Input, ModelError, Problem, Settings};

use super::{Calculator, Inputs, Outcome};

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
    /// Rows as CSV with a header, such as an estate's services; the command line reads it from
    /// a file.
    Table,
}

/// One option of a choice field.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Choice {
    pub value: &'static str,
    pub label: &'static str,
}

/// A field of a calculator's form: an [`Input`], with the calculator's example value. Its key,
/// label, kind, hint and setting are the input's, copied at compile time for readers of the
/// registry.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Field {
    pub input: Input,
    pub key: &'static str,
    pub label: &'static str,
    pub kind: FieldKind,
    /// What the reader should type: the unit (see [`Field::hint_text`] for the bounds too).
    pub hint: &'static str,
    /// The value before any setting or input; empty means optional.
    pub default: &'static str,
    /// Organisation settings sit apart from the inputs about one service.
    pub setting: bool,
}

impl Field {
    /// The field of `input`, starting at `default`.
    pub const fn new(input: Input, default: &'static str) -> Self {
        let spec = input.spec();
        Self {
            input,
            key: spec.key,
            label: spec.label,
            kind: spec.kind,
            hint: spec.hint,
            default,
            setting: spec.setting,
        }
    }

    /// The hint with the input's bounds where they say more than "zero or more":
    /// "days between meetings, 1 to 365".
    pub fn hint_text(&self) -> String {
        let mut text = String::from(self.hint);
        if let Some(bounds) = self.input.spec().bounds.hint() {
            text.push_str(", ");
            text.push_str(&bounds);
        }
        text
    }

    /// The field's starting value: the organisation's setting where it has one.
    pub fn initial(&self, settings: &Settings) -> String {
        match self.input {
            Input::ExposureBands => bands_text(
                settings.exposure_bands.bands(),
                |level: &AvailabilityLevel| format_percent(level.percent()),
            ),
            Input::DemandBands => bands_text(settings.demand_bands.bands(), |demand: &Demand| {
                demand.name().to_string()
            }),
            Input::HighThreshold => plain_number(settings.incident_thresholds.high()),
            Input::MediumThreshold => plain_number(settings.incident_thresholds.medium()),
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

/// The values of one calculation: what was typed, else the field's initial value. Each reader
/// returns `None` once it has put the field's message in the outcome.
pub struct Values<'a> {
    calculator: &'a Calculator,
    inputs: &'a Inputs,
    settings: &'a Settings,
    currency: String,
}

impl<'a> Values<'a> {
    pub fn new(calculator: &'a Calculator, inputs: &'a Inputs, settings: &'a Settings) -> Self {
        let mut values = Self {
            calculator,
            inputs,
            settings,
            currency: String::new(),
        };
        values.currency = values
            .text(Input::Currency)
            .chars()
            .filter(|c| !c.is_control())
            .collect();
        values
    }

    fn field(&self, input: Input) -> Option<&'a Field> {
        self.calculator.fields.iter().find(|f| f.input == input)
    }

    /// The raw text of `input`'s field.
    pub fn text(&self, input: Input) -> String {
        match self.inputs.get(input.key()) {
            Some(value) => value.trim().to_string(),
            None => match self.field(input) {
                Some(field) => field.initial(self.settings),
                // A calculator without a currency field shows amounts in the playbook's.
                None if input == Input::Currency => super::shared_fields::CURRENCY.default.into(),
                None => String::new(),
            },
        }
    }

    /// The value of a model's reader, or `None` with its message in the outcome.
    fn read<T>(&self, read: Result<T, ModelError>, out: &mut Outcome) -> Option<T> {
        read.map_err(|error| self.refuse(error, out)).ok()
    }

    /// An amount of money, in the organisation's currency.
    pub fn amount(&self, input: Input, out: &mut Outcome) -> Option<f64> {
        self.read(input.read_amount(&self.text(input), &self.currency), out)
    }

    /// An optional amount: empty is `None` without an error.
    pub fn optional_amount(&self, input: Input, out: &mut Outcome) -> Option<Option<f64>> {
        if self.text(input).is_empty() {
            return Some(None);
        }
        self.amount(input, out).map(Some)
    }

    /// A number within the input's bounds.
    pub fn number(&self, input: Input, out: &mut Outcome) -> Option<f64> {
        self.read(input.read_number(&self.text(input)), out)
    }

    /// A whole number within the input's bounds.
    pub fn count(&self, input: Input, out: &mut Outcome) -> Option<u32> {
        self.read(input.read_count(&self.text(input)), out)
    }

    /// A percentage within the input's bounds.
    pub fn percent(&self, input: Input, out: &mut Outcome) -> Option<f64> {
        self.read(input.read_percent(&self.text(input)), out)
    }

    /// An availability level.
    pub fn level(&self, input: Input, out: &mut Outcome) -> Option<AvailabilityLevel> {
        let level = read_level(input, &self.text(input));
        self.read(level, out)
    }

    /// The value of a choice field.
    pub fn choice(&self, input: Input, out: &mut Outcome) -> Option<&'static str> {
        let text = self.text(input);
        let FieldKind::Choice(choices) = input.spec().kind else {
            return None;
        };
        let choice = choices
            .iter()
            .find(|c| names_match(&text, c.value) || names_match(&text, c.label))
            .map(|choice| choice.value)
            .ok_or(ModelError::new(input, Problem::UnknownName));
        self.read(choice, out)
    }

    /// Bands of `limit = level` pairs, each level read by `level`.
    pub fn bands<L>(
        &self,
        input: Input,
        out: &mut Outcome,
        level: impl Fn(&str) -> Option<L>,
    ) -> Option<Vec<Band<L>>> {
        let text = self.text(input);
        let mut bands = Vec::new();
        for part in text
            .split([',', ';', '\n'])
            .map(str::trim)
            .filter(|p| !p.is_empty())
        {
            let band = part.split_once('=').and_then(|(limit, lvl)| {
                let up_to = read_amount(limit, &self.currency).ok()?;
                Some(Band {
                    up_to,
                    level: level(lvl.trim())?,
                })
            });
            let band = band.ok_or(ModelError::new(input, Problem::BandsUnreadable));
            bands.push(self.read(band, out)?);
        }
        Some(bands)
    }

    /// A model's refusal, shown at the field of the input it names (or above the form, when
    /// the calculator has no such field).
    pub fn refuse(&self, error: ModelError, out: &mut Outcome) {
        let key = self.field(error.input).map_or("", |field| field.key);
        out.error(key, error.message());
    }

    /// The currency symbol to put before amounts, without control characters: results never
    /// hold a tab or a line break (the browser's encoding relies on it), nor the estate table's
    /// separators.
    pub fn currency(&self) -> &str {
        &self.currency
    }
}

/// An availability level as typed, "99.9" or "99.9%", with at most the four decimals a level
/// is shown with: more would be shown rounded, 99.9999999 as 100.0% beside no downtime at all.
pub fn read_level(input: Input, text: &str) -> Result<AvailabilityLevel, ModelError> {
    let written = text.trim().trim_end_matches('%');
    let percent = read_number(written).map_err(|problem| ModelError::new(input, problem))?;
    let decimals = written
        .split_once('.')
        .map_or(0, |(_, fraction)| fraction.trim_end_matches('0').len());
    if decimals > 4 {
        return Err(ModelError::new(input, Problem::TooPrecise));
    }
    AvailabilityLevel::for_input(input, percent)
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
