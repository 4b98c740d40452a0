//! Typed errors for every model: each names the field a reader got wrong and says what it must be.
//!
//! Messages are assembled from `&'static str` pieces, so producing one costs no formatting
//! machinery in the WebAssembly build.

use std::fmt;

/// Why a model refused its input. The `Display` text is written for the person who typed it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ModelError {
    /// NaN, infinite or negative money.
    InvalidAmount { field: &'static str },
    /// NaN, infinite or negative where a count, duration or rate is needed.
    InvalidNumber { field: &'static str },
    /// A number above the largest the model accepts; `limit` is that largest, in words.
    TooLarge {
        field: &'static str,
        limit: &'static str,
    },
    /// A number below the smallest the model accepts; `limit` is that smallest, in words.
    TooSmall {
        field: &'static str,
        limit: &'static str,
    },
    /// An availability level of 0% or less, 100% or more, or not a number.
    AvailabilityOutOfRange { field: &'static str },
    /// A share outside 0% to 100%.
    ShareOutOfRange { field: &'static str },
    /// A band list with no bands.
    NoBands { field: &'static str },
    /// Band upper limits that are not strictly increasing.
    BandsNotIncreasing { field: &'static str },
    /// A band whose level is lower than the level of a band below it.
    BandsLowerLevel { field: &'static str },
    /// Incident thresholds whose high threshold is not above the medium one.
    ThresholdsOutOfOrder,
    /// Fewer than one domain, or more domains than teams.
    DomainsOutOfRange,
    /// Callout-only pay: refused, as it leaves people on standby unpaid.
    CalloutOnlyPayment,
    /// A name that is not one of the model's names; `expected` lists them.
    UnknownName {
        field: &'static str,
        expected: &'static str,
    },
}

impl ModelError {
    /// The message as pieces of static text, joined by [`ModelError::message`].
    fn pieces(&self) -> [&'static str; 3] {
        let (field, rule) = match *self {
            Self::InvalidAmount { field } => (field, " must be a finite amount of zero or more"),
            Self::InvalidNumber { field } => (field, " must be a finite number of zero or more"),
            Self::TooLarge { field, limit } => return [field, " must be at most ", limit],
            Self::TooSmall { field, limit } => return [field, " must be at least ", limit],
            Self::AvailabilityOutOfRange { field } => {
                (field, " must be between 0% and 100%, exclusive")
            }
            Self::ShareOutOfRange { field } => (field, " must be between 0% and 100%"),
            Self::NoBands { field } => (field, " must have at least one band"),
            Self::BandsNotIncreasing { field } => (
                field,
                " must list their upper limits in strictly increasing order",
            ),
            Self::BandsLowerLevel { field } => (
                field,
                " must never lower the level as the upper limit increases",
            ),
            Self::ThresholdsOutOfOrder => (
                "the high incident loss threshold",
                " must be above the medium one",
            ),
            Self::DomainsOutOfRange => (
                "domains",
                " must be at least 1 and at most the number of teams",
            ),
            Self::CalloutOnlyPayment => (
                "callout-only pay",
                " is refused as unfair: people on call must be paid for standby too (standby only, or standby and callout)",
            ),
            Self::UnknownName { field, expected } => {
                return [field, " must be one of: ", expected];
            }
        };
        [field, rule, ""]
    }

    /// The name of the field the error is about, as the message names it.
    pub fn field(&self) -> &'static str {
        self.pieces()[0]
    }

    /// The message for the reader, built without formatting machinery (it runs in WebAssembly).
    pub fn message(&self) -> String {
        self.pieces().concat()
    }
}

impl fmt::Display for ModelError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.pieces()
            .iter()
            .try_for_each(|piece| f.write_str(piece))
    }
}

impl std::error::Error for ModelError {}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn messages_name_the_field_and_the_rule() {
        let message = ModelError::AvailabilityOutOfRange {
            field: "availability",
        }
        .to_string();
        assert_eq!(
            message,
            "availability must be between 0% and 100%, exclusive"
        );
        let message = ModelError::InvalidAmount {
            field: "exposure per hour",
        }
        .to_string();
        assert_eq!(
            message,
            "exposure per hour must be a finite amount of zero or more"
        );
        let message = ModelError::TooLarge {
            field: "teams",
            limit: "10,000",
        }
        .to_string();
        assert_eq!(message, "teams must be at most 10,000");
    }

    #[test]
    fn callout_only_pay_explains_the_refusal() {
        assert!(
            ModelError::CalloutOnlyPayment
                .to_string()
                .contains("unfair")
        );
    }
}
