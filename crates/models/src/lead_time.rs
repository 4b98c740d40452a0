//! Change lead time, from "ready" to "live": the playbook's practice of launching features daily,
//! comparing Ops Run It's change advisory board (CAB) and deployment window with You Build It You
//! Run It's pre-approved standard changes and on-demand deployments.
//!
//! A meeting or window that happens every N days makes a change that becomes ready at a random
//! moment wait N/2 on average and N at worst.
//! - Ops Run It: the delivery team hands the change over (handoff time), every change waits for
//!   a CAB meeting, then for the deployment window, then the deployment runs (pipeline duration).
//!   Expected = handoff + CAB/2 + window/2 + pipeline; worst = handoff + CAB + window + pipeline.
//! - You Build It You Run It: a standard change is pre-approved and deployed by the team through
//!   its pipeline at once; the other changes wait for a CAB meeting first. With s the share of
//!   standard changes: expected = (1 - s) x CAB/2 + pipeline; worst = CAB + pipeline when any
//!   change needs the CAB, else the pipeline alone.
//!
//! Deployments a year: Ops Run It deploys once per window, 365 / window days. You Build It You
//! Run It deploys on demand in working hours (52 weeks of 5 days of 8 hours), one pipeline run
//! after another: 124,800 / pipeline minutes (a 30-minute pipeline allows 4,160).

use crate::{Input, ModelError};

const SECONDS_A_DAY: f64 = 86_400.0;
pub const DAYS_A_YEAR: f64 = 365.0;
/// Working minutes in a year: 52 weeks x 5 days x 8 hours x 60 minutes.
pub const WORKING_MINUTES_A_YEAR: f64 = 52.0 * 5.0 * 8.0 * 60.0;

/// How changes reach production.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct LeadTimeInput {
    /// The CAB meets every this many days (1 to 365).
    pub cab_interval_days: f64,
    /// The deployment window opens every this many days (1 to 365).
    pub deployment_window_interval_days: f64,
    /// Time to hand a change over from the delivery team to operations, in hours.
    pub handoff_hours: f64,
    /// The share of changes that are pre-approved standard changes, in percent.
    pub standard_change_percent: f64,
    /// The deployment pipeline's duration, in minutes (1 to 1,440).
    pub pipeline_minutes: f64,
}

impl Default for LeadTimeInput {
    /// A weekly CAB, a fortnightly deployment window, a day's handoff, 80% standard changes and
    /// a 30-minute pipeline.
    fn default() -> Self {
        Self {
            cab_interval_days: 7.0,
            deployment_window_interval_days: 14.0,
            handoff_hours: 24.0,
            standard_change_percent: 80.0,
            pipeline_minutes: 30.0,
        }
    }
}

/// One operating model's lead time, in seconds, and the deployments a year it allows.
#[derive(Clone, Copy, Debug, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub struct ModelLeadTime {
    pub expected_seconds: f64,
    pub worst_case_seconds: f64,
    pub deployments_a_year: f64,
}

/// Lead times under both operating models.
#[derive(Clone, Copy, Debug, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub struct LeadTime {
    pub ops_run_it: ModelLeadTime,
    pub you_build_it_you_run_it: ModelLeadTime,
}

/// The lead time from "ready" to "live" under each operating model.
pub fn lead_time(input: &LeadTimeInput) -> Result<LeadTime, ModelError> {
    let cab = Input::CabInterval.check(input.cab_interval_days)? * SECONDS_A_DAY;
    let window =
        Input::WindowInterval.check(input.deployment_window_interval_days)? * SECONDS_A_DAY;
    let handoff = Input::Handoff.check(input.handoff_hours)? * 3600.0;
    let standard = Input::StandardChanges.check(input.standard_change_percent)? / 100.0;
    let pipeline_minutes = Input::Pipeline.check(input.pipeline_minutes)?;
    let pipeline = pipeline_minutes * 60.0;
    let needing_cab = 1.0 - standard;
    Ok(LeadTime {
        ops_run_it: ModelLeadTime {
            expected_seconds: handoff + cab / 2.0 + window / 2.0 + pipeline,
            worst_case_seconds: handoff + cab + window + pipeline,
            deployments_a_year: DAYS_A_YEAR / input.deployment_window_interval_days,
        },
        you_build_it_you_run_it: ModelLeadTime {
            expected_seconds: needing_cab * cab / 2.0 + pipeline,
            worst_case_seconds: if needing_cab > 0.0 {
                cab + pipeline
            } else {
                pipeline
            },
            deployments_a_year: WORKING_MINUTES_A_YEAR / pipeline_minutes,
        },
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Problem;
    use crate::text::format_duration;
    use proptest::prelude::*;

    #[test]
    fn ops_run_it_waits_for_the_handoff_the_cab_and_the_window() {
        let result = lead_time(&LeadTimeInput::default()).unwrap().ops_run_it;
        assert_eq!(format_duration(result.expected_seconds), "11d 13h");
        assert_eq!(format_duration(result.worst_case_seconds), "22d 1h");
        assert_eq!(result.deployments_a_year, 365.0 / 14.0);
    }

    #[test]
    fn you_build_it_you_run_it_waits_for_the_cab_only_for_non_standard_changes() {
        let result = lead_time(&LeadTimeInput::default())
            .unwrap()
            .you_build_it_you_run_it;
        // 20% of changes wait half a week on average: 0.2 x 3.5 days = 16h 48m, plus the pipeline.
        assert_eq!(format_duration(result.expected_seconds), "17h 18m 0s");
        assert_eq!(format_duration(result.worst_case_seconds), "7d 1h");
        assert_eq!(result.deployments_a_year, 4_160.0);
    }

    #[test]
    fn when_every_change_is_standard_the_pipeline_is_the_lead_time() {
        let input = LeadTimeInput {
            standard_change_percent: 100.0,
            ..LeadTimeInput::default()
        };
        let result = lead_time(&input).unwrap().you_build_it_you_run_it;
        assert_eq!(result.expected_seconds, 1_800.0);
        assert_eq!(result.worst_case_seconds, 1_800.0);
    }

    #[test]
    fn a_monthly_window_allows_about_12_deployments_a_year() {
        let input = LeadTimeInput {
            deployment_window_interval_days: 30.0,
            ..LeadTimeInput::default()
        };
        assert!((lead_time(&input).unwrap().ops_run_it.deployments_a_year - 12.17).abs() < 0.01);
    }

    #[test]
    fn impossible_processes_are_refused() {
        let bad = LeadTimeInput {
            cab_interval_days: 0.0,
            ..LeadTimeInput::default()
        };
        assert_eq!(
            lead_time(&bad).unwrap_err().to_string(),
            "Change advisory board interval must be at least 1"
        );
        let bad = LeadTimeInput {
            standard_change_percent: 120.0,
            ..LeadTimeInput::default()
        };
        assert_eq!(
            lead_time(&bad).unwrap_err().to_string(),
            "Standard changes must be at most 100"
        );
        let bad = LeadTimeInput {
            pipeline_minutes: f64::NAN,
            ..LeadTimeInput::default()
        };
        assert_eq!(
            lead_time(&bad),
            Err(ModelError::new(Input::Pipeline, Problem::NotANumber))
        );
    }

    proptest! {
        #[test]
        fn you_build_it_you_run_it_is_never_slower(
            cab in 1.0f64..365.0, window in 1.0f64..365.0, handoff in 0.0f64..720.0,
            standard in 0.0f64..=100.0, pipeline in 1.0f64..1440.0,
        ) {
            let input = LeadTimeInput {
                cab_interval_days: cab,
                deployment_window_interval_days: window,
                handoff_hours: handoff,
                standard_change_percent: standard,
                pipeline_minutes: pipeline,
            };
            let result = lead_time(&input).unwrap();
            let (ops, ybr) = (result.ops_run_it, result.you_build_it_you_run_it);
            prop_assert!(ybr.expected_seconds <= ops.expected_seconds);
            prop_assert!(ybr.worst_case_seconds <= ops.worst_case_seconds);
            prop_assert!(ybr.expected_seconds <= ybr.worst_case_seconds);
            prop_assert!(ops.expected_seconds <= ops.worst_case_seconds);
        }
    }
}
