//! Financial loss protection effectiveness: the playbook's practice of measuring how well an
//! operating model insures business outcomes, by comparing an incident's loss with the loss
//! the availability target was prepared to tolerate.
//!
//! - Projected loss = exposure per hour x the tolerable unavailability of a week, in hours.
//! - Protected loss = projected loss - incident loss (never below zero).
//! - Effectiveness = protected loss / projected loss, in percent (0% when nothing was exposed).
//!
//! A $200K an hour service at 99.0% tolerates 1h 40m 48s a week, a projected loss of $336K; a
//! 30-minute incident that lost $100K protected $236K, 70%. When the incident's loss is not
//! known, it is estimated as the exposure per hour over the incident's duration.

use crate::availability::downtime;
use crate::{AvailabilityLevel, Input, ModelError};

/// What happened in one incident, and what the service could lose.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct LossProtectionInput {
    pub exposure_per_hour: f64,
    pub availability: AvailabilityLevel,
    pub incident_minutes: f64,
    /// The incident's loss; `None` estimates it from the exposure and the duration.
    pub incident_loss: Option<f64>,
}

/// How much of the tolerated loss an incident's handling protected.
#[derive(Clone, Copy, Debug, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub struct LossProtection {
    /// The weekly unavailability the target tolerates, in seconds.
    pub tolerable_seconds: f64,
    pub projected_loss: f64,
    pub incident_loss: f64,
    pub protected_loss: f64,
    /// 0 to 100.
    pub protected_percent: f64,
    /// Whether the incident lasted no longer than the tolerable unavailability of a week.
    pub within_tolerable_unavailability: bool,
}

/// The loss protected by handling an incident as `input` describes.
pub fn loss_protection(input: &LossProtectionInput) -> Result<LossProtection, ModelError> {
    let exposure = Input::Exposure.check(input.exposure_per_hour)?;
    let minutes = Input::IncidentMinutes.check(input.incident_minutes)?;
    let incident_loss = match input.incident_loss {
        Some(loss) => Input::IncidentLoss.check(loss)?,
        None => exposure * minutes / 60.0,
    };
    let tolerable_seconds = downtime(input.availability).per_week;
    let projected_loss = exposure * tolerable_seconds / 3600.0;
    let protected_loss = (projected_loss - incident_loss).max(0.0);
    let protected_percent = if projected_loss > 0.0 {
        100.0 * protected_loss / projected_loss
    } else {
        0.0
    };
    Ok(LossProtection {
        tolerable_seconds,
        projected_loss,
        incident_loss,
        protected_loss,
        protected_percent,
        within_tolerable_unavailability: minutes * 60.0 <= tolerable_seconds,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Problem;
    use crate::text::{format_amount, format_whole_percent};
    use proptest::prelude::*;

    fn example(incident_loss: Option<f64>) -> LossProtection {
        loss_protection(&LossProtectionInput {
            exposure_per_hour: 200_000.0,
            availability: AvailabilityLevel::P99_0,
            incident_minutes: 30.0,
            incident_loss,
        })
        .unwrap()
    }

    #[test]
    fn the_playbooks_example_protects_70_percent() {
        let result = example(Some(100_000.0));
        assert_eq!(format_amount(result.projected_loss), "336,000");
        assert_eq!(format_amount(result.protected_loss), "236,000");
        assert_eq!(format_whole_percent(result.protected_percent), "70%");
        assert!(result.within_tolerable_unavailability);
    }

    #[test]
    fn an_unknown_incident_loss_is_estimated_from_exposure_and_duration() {
        assert_eq!(example(None).incident_loss, 100_000.0);
    }

    #[test]
    fn an_incident_that_lost_more_than_projected_protected_nothing() {
        let result = example(Some(500_000.0));
        assert_eq!(result.protected_loss, 0.0);
        assert_eq!(result.protected_percent, 0.0);
    }

    #[test]
    fn nothing_exposed_means_nothing_protected() {
        let result = loss_protection(&LossProtectionInput {
            exposure_per_hour: 0.0,
            availability: AvailabilityLevel::P95_0,
            incident_minutes: 10.0,
            incident_loss: None,
        })
        .unwrap();
        assert_eq!(
            (result.projected_loss, result.protected_percent),
            (0.0, 0.0)
        );
    }

    #[test]
    fn impossible_inputs_are_refused_with_the_field_named() {
        let input = LossProtectionInput {
            exposure_per_hour: 200_000.0,
            availability: AvailabilityLevel::P99_0,
            incident_minutes: 30.0,
            incident_loss: Some(f64::NAN),
        };
        let error = loss_protection(&input).unwrap_err();
        assert_eq!(
            error.to_string(),
            "Loss in the incident must be a number, such as 100000"
        );
        let error = loss_protection(&LossProtectionInput {
            incident_minutes: -1.0,
            ..input
        })
        .unwrap_err();
        assert_eq!(
            error,
            ModelError::new(Input::IncidentMinutes, Problem::TooSmall)
        );
        let error = loss_protection(&LossProtectionInput {
            exposure_per_hour: f64::INFINITY,
            ..input
        })
        .unwrap_err();
        assert_eq!(error, ModelError::new(Input::Exposure, Problem::NotANumber));
    }

    proptest! {
        #[test]
        fn protection_is_never_above_the_projected_loss(
            exposure in 0.0f64..1e12,
            percent in 0.001f64..99.9999,
            minutes in 0.0f64..10_080.0,
            loss in proptest::option::of(0.0f64..1e12),
        ) {
            let result = loss_protection(&LossProtectionInput {
                exposure_per_hour: exposure,
                availability: AvailabilityLevel::new(percent).unwrap(),
                incident_minutes: minutes,
                incident_loss: loss,
            }).unwrap();
            prop_assert!(result.protected_loss <= result.projected_loss);
            prop_assert!(result.protected_loss >= 0.0);
            prop_assert!((0.0..=100.0).contains(&result.protected_percent));
            prop_assert!(result.projected_loss.is_finite() && result.incident_loss.is_finite());
        }

        #[test]
        fn any_numbers_give_a_result_or_an_error_never_nan(
            exposure in any::<f64>(),
            minutes in any::<f64>(),
            loss in proptest::option::of(any::<f64>()),
        ) {
            let input = LossProtectionInput {
                exposure_per_hour: exposure,
                availability: AvailabilityLevel::P99_9,
                incident_minutes: minutes,
                incident_loss: loss,
            };
            if let Ok(result) = loss_protection(&input) {
                prop_assert!(!result.protected_percent.is_nan() && result.protected_loss.is_finite());
            }
        }
    }
}
