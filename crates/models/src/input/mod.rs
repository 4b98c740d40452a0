//! Every value the models read, named by a typed key, [`Input`]: the label a reader sees, the
//! key the page's forms and `playbook calc`'s flags use, what kind of value it is and the bounds
//! it must keep. The bounds are stated once, in [`table`], and checked by the models, the page's
//! fields, the estate's CSV reader and the command line alike, through the readers here.

use crate::calculator::FieldKind;
use crate::parse;
use crate::{ModelError, Problem};

/// Declares [`Input`], [`Input::ALL`] and the inputs' specs from one table (in [`table`]), so
/// that no input can lack a spec or take another's.
macro_rules! inputs {
    ($($name:ident => $spec:expr),* $(,)?) => {
        /// An input of a model, by its typed key.
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
        pub enum Input {
            $($name),*
        }

        impl Input {
            /// Every input, in the table's order.
            pub const ALL: &'static [Input] = &[$(Input::$name),*];
        }

        /// Every input's spec, in the order of [`Input`].
        pub(super) const SPECS: &[Spec] = &[$($spec),*];
    };
}

mod choices;
mod table;

pub use table::Input;

/// What an input is: its key, label, kind and bounds.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Spec {
    /// The key in forms and, with dashes, the command line's flag.
    pub key: &'static str,
    /// The label a reader sees, at the field and at the start of its messages.
    pub label: &'static str,
    pub kind: FieldKind,
    /// What to type: the unit, and anything the bounds do not say.
    pub hint: &'static str,
    /// A value to show in messages: "such as 200000".
    pub example: &'static str,
    pub bounds: Bounds,
    /// Organisation settings sit apart from the inputs about one service.
    pub setting: bool,
}

/// The smallest and largest value an input takes, with the words that state them.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Bounds {
    pub min: f64,
    pub max: f64,
    pub min_text: &'static str,
    pub max_text: &'static str,
}

/// The largest amount of money a model accepts: one trillion currency units.
pub const MAX_AMOUNT: f64 = 1e12;

impl Bounds {
    /// Money: zero to a trillion.
    pub const AMOUNT: Self = Self::up_to(MAX_AMOUNT, "1,000,000,000,000");
    /// A share in percent.
    pub const PERCENT: Self = Self::between((0.0, "0"), (100.0, "100"));
    /// No number at all: choices, bands and texts.
    pub const NONE: Self = Self::between((0.0, ""), (0.0, ""));

    pub const fn up_to(max: f64, max_text: &'static str) -> Self {
        Self::between((0.0, "0"), (max, max_text))
    }

    pub const fn between(
        (min, min_text): (f64, &'static str),
        (max, max_text): (f64, &'static str),
    ) -> Self {
        Self {
            min,
            max,
            min_text,
            max_text,
        }
    }

    /// The range as a hint states it, when it says more than "zero or more": "1 to 365".
    pub fn hint(&self) -> Option<String> {
        let unbounded = self.min == 0.0 && self.max >= MAX_AMOUNT;
        if self.max_text.is_empty() || unbounded {
            return None;
        }
        let mut text = String::from(self.min_text);
        text.push_str(" to ");
        text.push_str(self.max_text);
        Some(text)
    }
}

impl Input {
    /// The input's key, label, kind and bounds.
    pub const fn spec(self) -> &'static Spec {
        &table::SPECS[self as usize]
    }

    pub const fn key(self) -> &'static str {
        self.spec().key
    }

    pub const fn label(self) -> &'static str {
        self.spec().label
    }

    fn error(self, problem: Problem) -> ModelError {
        ModelError::new(self, problem)
    }

    /// `value` if it is finite and within the input's bounds.
    pub fn check(self, value: f64) -> Result<f64, ModelError> {
        let bounds = self.spec().bounds;
        if !value.is_finite() {
            Err(self.error(Problem::NotANumber))
        } else if value < bounds.min {
            Err(self.error(Problem::TooSmall))
        } else if value > bounds.max {
            Err(self.error(Problem::TooLarge))
        } else {
            Ok(value + 0.0)
        }
    }

    /// A whole number within the input's bounds.
    pub fn check_count(self, value: f64) -> Result<u32, ModelError> {
        let value = self.check(value)?;
        if value.fract() != 0.0 {
            return Err(self.error(Problem::NotWhole));
        }
        Ok(value as u32)
    }

    /// A number as people type it ("1,500", "2.5k"), within the input's bounds.
    pub fn read_number(self, text: &str) -> Result<f64, ModelError> {
        let value = parse::read_number(text).map_err(|problem| self.error(problem))?;
        self.check(value)
    }

    /// A percentage, with or without its `%`, within the input's bounds.
    pub fn read_percent(self, text: &str) -> Result<f64, ModelError> {
        self.read_number(text.trim().trim_end_matches('%'))
    }

    /// A whole number as people type it, within the input's bounds.
    pub fn read_count(self, text: &str) -> Result<u32, ModelError> {
        let value = parse::read_number(text).map_err(|problem| self.error(problem))?;
        self.check_count(value)
    }

    /// An amount of money, in `currency` or with no symbol, within the input's bounds.
    pub fn read_amount(self, text: &str, currency: &str) -> Result<f64, ModelError> {
        let value = parse::read_amount(text, currency).map_err(|problem| self.error(problem))?;
        self.check(value)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_are_unique_among_inputs_of_one_kind_of_value() {
        let keys: Vec<&str> = Input::ALL.iter().map(|input| input.key()).collect();
        for (i, key) in keys.iter().enumerate() {
            let same = keys.iter().filter(|other| *other == key).count();
            // The availability calculator's level and the other calculators' target share "level".
            assert!(same == 1 || *key == "level", "{key} at {i}");
        }
    }

    #[test]
    fn the_same_string_reads_the_same_way_for_every_kind_of_number() {
        assert_eq!(Input::Teams.read_count(" 10 "), Ok(10));
        assert_eq!(Input::Exposure.read_amount("$200k", "$"), Ok(200_000.0));
        assert_eq!(Input::Exposure.read_amount("-0", "$"), Ok(0.0));
        assert_eq!(
            Input::Teams.read_count("-5").unwrap_err().to_string(),
            "Product teams must be at least 1"
        );
        assert_eq!(
            Input::Teams.read_count("0").unwrap_err().to_string(),
            "Product teams must be at least 1"
        );
        assert_eq!(
            Input::Teams.read_count("2.5").unwrap_err().problem,
            Problem::NotWhole
        );
        assert_eq!(
            Input::StandbyRate
                .read_amount("2e13", "$")
                .unwrap_err()
                .problem,
            Problem::NotANumber
        );
        assert_eq!(Input::StandardChanges.read_percent("80%"), Ok(80.0));
    }

    #[test]
    fn hints_state_only_the_bounds_worth_stating() {
        assert_eq!(Input::Exposure.spec().bounds.hint(), None);
        assert_eq!(
            Input::CabInterval.spec().bounds.hint().as_deref(),
            Some("1 to 365")
        );
    }
}
