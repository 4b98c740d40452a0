//! Typed errors for every model: each names the [`Input`] a reader got wrong by its typed key,
//! and says what it must be, naming the input by the label the reader sees.
//!
//! Messages are assembled with `push_str`, so producing one costs no formatting machinery in
//! the WebAssembly build.

use std::fmt;

use crate::Input;
use crate::calculator::FieldKind;

/// Why a model refused one of its inputs.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ModelError {
    /// The input the error is about: the field the page marks, the flag the command names.
    pub input: Input,
    pub problem: Problem,
}

/// What is wrong with an input.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Problem {
    /// Not a number at all (or nothing written, or NaN, or infinite).
    NotANumber,
    /// Separators that could mean two numbers (`2,5`, `1.000,50`): never guessed. `instead` is
    /// how to write what was probably meant.
    Ambiguous { written: String, instead: String },
    /// An amount written with a currency symbol other than the organisation's.
    OtherCurrency { symbol: String, currency: String },
    /// A count with a fraction.
    NotWhole,
    /// Below the input's smallest value, as its bounds state it.
    TooSmall,
    /// Above the input's largest value, as its bounds state it.
    TooLarge,
    /// An availability level of 0% or less, 100% or more.
    LevelOutOfRange,
    /// A level with more decimals than a level is shown with (it would read as its rounding,
    /// 99.9999999 as 100.0%).
    TooPrecise,
    /// Bands not written as `limit = level` pairs.
    BandsUnreadable,
    /// A band list with no bands.
    NoBands,
    /// Band upper limits that are not strictly increasing.
    BandsNotIncreasing,
    /// A band whose level is lower than the level of a band below it.
    BandsLowerLevel,
    /// A value that must be above another input's (the high incident threshold).
    NotAbove(Input),
    /// A value that must be at most another input's (domains, at most the teams).
    MoreThan(Input),
    /// Callout-only pay: refused, as it leaves people on standby unpaid.
    CalloutOnly,
    /// A name that is not one of the input's choices.
    UnknownName,
}

impl ModelError {
    pub fn new(input: Input, problem: Problem) -> Self {
        Self { input, problem }
    }

    /// The message for the reader, built without formatting machinery (it runs in WebAssembly).
    pub fn message(&self) -> String {
        let spec = self.input.spec();
        let mut text = String::from(spec.label);
        let (min, max) = (spec.bounds.min_text, spec.bounds.max_text);
        let example = spec.example;
        match &self.problem {
            Problem::NotANumber => push(&mut text, &[" must be a number, such as ", example]),
            Problem::Ambiguous { written, instead } => ambiguous(&mut text, written, instead),
            Problem::OtherCurrency { symbol, currency } => push(
                &mut text,
                &[
                    " is in ",
                    currency,
                    ", not ",
                    symbol,
                    ": write the amount in ",
                    currency,
                ],
            ),
            Problem::NotWhole => push(&mut text, &[" must be a whole number, such as ", example]),
            Problem::TooSmall => push(&mut text, &[" must be at least ", min]),
            Problem::TooLarge => push(&mut text, &[" must be at most ", max]),
            Problem::LevelOutOfRange if spec.kind == FieldKind::Bands => push(
                &mut text,
                &[" must have levels above 0% and below 100%, such as 99.9"],
            ),
            Problem::LevelOutOfRange => push(
                &mut text,
                &[
                    " must be a percentage above 0 and below 100, such as ",
                    example,
                ],
            ),
            Problem::TooPrecise => push(
                &mut text,
                &[" must have at most four decimals, such as 99.9999"],
            ),
            Problem::BandsUnreadable => push(
                &mut text,
                &[
                    " must be written as limit = level, separated by commas, such as ",
                    example,
                ],
            ),
            Problem::NoBands => push(&mut text, &[" must have at least one band"]),
            Problem::BandsNotIncreasing => push(
                &mut text,
                &[" must list their upper limits in strictly increasing order"],
            ),
            Problem::BandsLowerLevel => push(
                &mut text,
                &[" must never lower the level as the upper limit increases"],
            ),
            Problem::NotAbove(other) => {
                push(&mut text, &[" must be above the ", &in_sentence(*other)])
            }
            Problem::MoreThan(other) => push(
                &mut text,
                &[" must be at most the number of ", &in_sentence(*other)],
            ),
            Problem::CalloutOnly => push(&mut text, &[CALLOUT_ONLY]),
            Problem::UnknownName => push(&mut text, &[" must be one of: ", example]),
        }
        text
    }
}

const CALLOUT_ONLY: &str = ": callout only is refused as unfair, because people on call must be paid for standby too (choose standby only, or standby and callout)";

fn push(text: &mut String, pieces: &[&str]) {
    pieces.iter().for_each(|piece| text.push_str(piece));
}

/// An input's label inside a sentence: "medium loss threshold", "product teams".
fn in_sentence(input: Input) -> String {
    let mut label = String::from(input.spec().label);
    // ASCII only (every label is), so the module carries no Unicode case tables.
    if label.as_bytes().get(1).is_some_and(u8::is_ascii_lowercase) {
        label[..1].make_ascii_lowercase();
    }
    label
}

fn ambiguous(text: &mut String, written: &str, instead: &str) {
    push(
        text,
        &[": `", written, "` could be read two ways: write ", instead],
    );
    if written.contains('.') {
        text.push_str(", with a dot only before decimals");
    } else {
        push(
            text,
            &[", or ", &written.replace(',', ""), " without the comma"],
        );
    }
}

impl fmt::Display for ModelError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message())
    }
}

impl std::error::Error for ModelError {}

#[cfg(test)]
mod tests {
    use super::*;

    fn message(input: Input, problem: Problem) -> String {
        ModelError::new(input, problem).to_string()
    }

    #[test]
    fn messages_name_the_field_by_its_label_and_state_its_bounds() {
        assert_eq!(
            message(Input::StandbyRate, Problem::TooLarge),
            "Standby pay must be at most 1,000,000,000,000"
        );
        assert_eq!(
            message(Input::Teams, Problem::TooSmall),
            "Product teams must be at least 1"
        );
        assert_eq!(
            message(Input::Exposure, Problem::NotANumber),
            "Financial exposure must be a number, such as 200000"
        );
        assert_eq!(
            message(
                Input::HighThreshold,
                Problem::NotAbove(Input::MediumThreshold)
            ),
            "High loss threshold must be above the medium loss threshold"
        );
        assert_eq!(
            message(Input::Domains, Problem::MoreThan(Input::Teams)),
            "Domains must be at most the number of product teams"
        );
    }

    #[test]
    fn ambiguous_numbers_say_what_to_write() {
        let problem = |written: &str, instead: &str| Problem::Ambiguous {
            written: written.into(),
            instead: instead.into(),
        };
        assert_eq!(
            message(Input::Exposure, problem("2,5", "2.5")),
            "Financial exposure: `2,5` could be read two ways: write 2.5, or 25 without the comma"
        );
        assert_eq!(
            message(Input::Exposure, problem("1.000,50", "1000.50")),
            "Financial exposure: `1.000,50` could be read two ways: write 1000.50, with a dot only before decimals"
        );
    }

    #[test]
    fn callout_only_pay_explains_the_refusal() {
        assert!(message(Input::Payment, Problem::CalloutOnly).contains("unfair"));
    }
}
