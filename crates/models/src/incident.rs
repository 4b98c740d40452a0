//! In-incident loss and response: the playbook's practice of letting an incident's estimated
//! financial loss decide how urgently it is restored.
//!
//! The organisation sets two thresholds. An estimated loss at or above the high one is a major
//! incident, restored immediately (out of hours too); at or above the medium one, a minor
//! incident restored by the next working day; below it, a minor incident restored when possible,
//! with a backlog ticket. The default thresholds are the upper limits of the playbook's 99.0% and
//! 95.0% exposure bands: 250,000 and 7,000.

use crate::{Input, ModelError, Problem};

/// The organisation's incident loss thresholds; `high` is above `medium`.
#[derive(Clone, Copy, Debug, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub struct IncidentThresholds {
    high: f64,
    medium: f64,
}

impl IncidentThresholds {
    /// Validated thresholds: amounts, with `high` above `medium`.
    pub fn new(high: f64, medium: f64) -> Result<Self, ModelError> {
        let high = Input::HighThreshold.check(high)?;
        let medium = Input::MediumThreshold.check(medium)?;
        if high <= medium {
            return Err(ModelError::new(
                Input::HighThreshold,
                Problem::NotAbove(Input::MediumThreshold),
            ));
        }
        Ok(Self { high, medium })
    }

    /// Estimated losses at or above this are major incidents.
    pub fn high(self) -> f64 {
        self.high
    }

    /// Estimated losses at or above this (and under `high`) are restored by the next working day.
    pub fn medium(self) -> f64 {
        self.medium
    }
}

impl Default for IncidentThresholds {
    /// 50,000 and 5,000: an incident that loses 50,000 or more is major and restored at once;
    /// one under 5,000 waits for the backlog. Organisations set their own in `playbook.toml`.
    fn default() -> Self {
        Self {
            high: 50_000.0,
            medium: 5_000.0,
        }
    }
}

/// Where an estimated loss falls against the thresholds.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
#[cfg_attr(feature = "serde", serde(rename_all = "kebab-case"))]
pub enum LossBand {
    Low,
    Medium,
    High,
}

impl LossBand {
    /// The kebab-case name scripts use.
    pub fn name(self) -> &'static str {
        match self {
            Self::Low => "low",
            Self::Medium => "medium",
            Self::High => "high",
        }
    }
}

/// How an incident is classified.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
#[cfg_attr(feature = "serde", serde(rename_all = "kebab-case"))]
pub enum IncidentType {
    Major,
    Minor,
}

impl IncidentType {
    /// The kebab-case name scripts use.
    pub fn name(self) -> &'static str {
        match self {
            Self::Major => "major",
            Self::Minor => "minor",
        }
    }
}

/// How quickly an incident is restored.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
#[cfg_attr(feature = "serde", serde(rename_all = "kebab-case"))]
pub enum ResponseMethod {
    RestoreImmediately,
    RestoreNextWorkingDay,
    RestoreWhenPossible,
}

impl ResponseMethod {
    /// The kebab-case name scripts use.
    pub fn name(self) -> &'static str {
        match self {
            Self::RestoreImmediately => "restore-immediately",
            Self::RestoreNextWorkingDay => "restore-next-working-day",
            Self::RestoreWhenPossible => "restore-when-possible",
        }
    }

    /// The response in plain words.
    pub fn label(self) -> &'static str {
        match self {
            Self::RestoreImmediately => "restore immediately",
            Self::RestoreNextWorkingDay => "restore by the next working day",
            Self::RestoreWhenPossible => "restore when possible and add a backlog ticket",
        }
    }
}

/// The classification and response for an incident.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub struct IncidentResponse {
    pub band: LossBand,
    pub incident_type: IncidentType,
    pub method: ResponseMethod,
}

/// The response to an incident with an `estimated_loss`.
pub fn incident_response(
    thresholds: IncidentThresholds,
    estimated_loss: f64,
) -> Result<IncidentResponse, ModelError> {
    let loss = Input::EstimatedLoss.check(estimated_loss)?;
    let response = if loss >= thresholds.high {
        IncidentResponse {
            band: LossBand::High,
            incident_type: IncidentType::Major,
            method: ResponseMethod::RestoreImmediately,
        }
    } else if loss >= thresholds.medium {
        IncidentResponse {
            band: LossBand::Medium,
            incident_type: IncidentType::Minor,
            method: ResponseMethod::RestoreNextWorkingDay,
        }
    } else {
        IncidentResponse {
            band: LossBand::Low,
            incident_type: IncidentType::Minor,
            method: ResponseMethod::RestoreWhenPossible,
        }
    };
    Ok(response)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn respond(loss: f64) -> IncidentResponse {
        incident_response(IncidentThresholds::default(), loss).unwrap()
    }

    #[test]
    fn a_high_loss_is_a_major_incident_restored_immediately() {
        // The playbook's bedroom incident: $100K lost in 30 minutes is a major incident.
        let response = respond(100_000.0);
        assert_eq!(
            (response.incident_type, response.method),
            (IncidentType::Major, ResponseMethod::RestoreImmediately)
        );
        assert_eq!(respond(50_000.0).band, LossBand::High);
    }

    #[test]
    fn a_medium_loss_is_a_minor_incident_restored_by_the_next_working_day() {
        let response = respond(20_000.0);
        assert_eq!(
            (response.incident_type, response.method),
            (IncidentType::Minor, ResponseMethod::RestoreNextWorkingDay)
        );
    }

    #[test]
    fn a_low_loss_is_restored_when_possible_with_a_backlog_ticket() {
        let response = respond(500.0);
        assert_eq!(
            (response.incident_type, response.method),
            (IncidentType::Minor, ResponseMethod::RestoreWhenPossible)
        );
        assert!(response.method.label().contains("backlog ticket"));
    }

    #[test]
    fn thresholds_must_be_amounts_in_order() {
        assert_eq!(
            IncidentThresholds::new(7_000.0, 250_000.0),
            Err(ModelError::new(
                Input::HighThreshold,
                Problem::NotAbove(Input::MediumThreshold)
            ))
        );
        assert_eq!(
            IncidentThresholds::new(7_000.0, 7_000.0),
            Err(ModelError::new(
                Input::HighThreshold,
                Problem::NotAbove(Input::MediumThreshold)
            ))
        );
        assert_eq!(
            IncidentThresholds::new(f64::NAN, 1.0),
            Err(ModelError::new(Input::HighThreshold, Problem::NotANumber))
        );
        let thresholds = IncidentThresholds::new(1_000.0, 100.0).unwrap();
        assert_eq!((thresholds.high(), thresholds.medium()), (1_000.0, 100.0));
    }

    #[test]
    fn an_impossible_loss_is_refused() {
        let error = incident_response(IncidentThresholds::default(), -5.0).unwrap_err();
        assert_eq!(
            error.to_string(),
            "Estimated incident loss must be at least 0"
        );
    }

    proptest! {
        #[test]
        fn a_larger_loss_never_gets_a_slower_response(low in 0.0f64..1e7, extra in 0.0f64..1e7) {
            prop_assert!(respond(low + extra).band >= respond(low).band);
        }
    }
}
