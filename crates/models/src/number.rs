//! Checks on the numbers people type: finite, not negative, not absurd.
//!
//! Every model validates its inputs with these before computing, so no result holds NaN or
//! infinity and no computation can overflow.

use crate::ModelError;

/// The largest amount of money a model accepts: one trillion currency units.
pub const MAX_AMOUNT: f64 = 1e12;
const MAX_AMOUNT_TEXT: &str = "1,000,000,000,000";

/// An amount of money: finite, zero or more, at most [`MAX_AMOUNT`].
pub(crate) fn amount(field: &'static str, value: f64) -> Result<f64, ModelError> {
    if !value.is_finite() || value < 0.0 {
        return Err(ModelError::InvalidAmount { field });
    }
    if value > MAX_AMOUNT {
        return Err(ModelError::TooLarge {
            field,
            limit: MAX_AMOUNT_TEXT,
        });
    }
    Ok(value)
}

/// A count, duration or rate: finite, zero or more, at most `max` (written `max_text`).
pub(crate) fn quantity(
    field: &'static str,
    value: f64,
    max: f64,
    max_text: &'static str,
) -> Result<f64, ModelError> {
    if !value.is_finite() || value < 0.0 {
        return Err(ModelError::InvalidNumber { field });
    }
    if value > max {
        return Err(ModelError::TooLarge {
            field,
            limit: max_text,
        });
    }
    Ok(value)
}

/// Like [`quantity`], and also at least `min` (written `min_text`).
pub(crate) fn quantity_from(
    field: &'static str,
    value: f64,
    (min, min_text): (f64, &'static str),
    (max, max_text): (f64, &'static str),
) -> Result<f64, ModelError> {
    let value = quantity(field, value, max, max_text)?;
    if value < min {
        return Err(ModelError::TooSmall {
            field,
            limit: min_text,
        });
    }
    Ok(value)
}

/// A share in percent: finite, 0 to 100 inclusive.
pub(crate) fn share(field: &'static str, percent: f64) -> Result<f64, ModelError> {
    if percent.is_finite() && (0.0..=100.0).contains(&percent) {
        Ok(percent)
    } else {
        Err(ModelError::ShareOutOfRange { field })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn amounts_refuse_nan_infinity_negative_and_absurd_values() {
        for bad in [f64::NAN, f64::INFINITY, f64::NEG_INFINITY, -1.0] {
            assert_eq!(
                amount("loss", bad),
                Err(ModelError::InvalidAmount { field: "loss" })
            );
        }
        assert!(matches!(
            amount("loss", 1e13),
            Err(ModelError::TooLarge { .. })
        ));
        assert_eq!(amount("loss", 0.0), Ok(0.0));
    }

    #[test]
    fn quantities_keep_to_their_range() {
        assert_eq!(quantity("hours", 2.0, 10.0, "10"), Ok(2.0));
        assert!(matches!(
            quantity("hours", 11.0, 10.0, "10"),
            Err(ModelError::TooLarge { .. })
        ));
        assert!(matches!(
            quantity_from("days", 0.5, (1.0, "1"), (365.0, "365")),
            Err(ModelError::TooSmall { .. })
        ));
    }

    #[test]
    fn shares_are_percentages() {
        assert_eq!(share("share", 100.0), Ok(100.0));
        assert!(share("share", 100.5).is_err());
        assert!(share("share", f64::NAN).is_err());
    }
}
