//! Availability and downtime: how much unavailability an availability level tolerates in a
//! week, a 30-day month and a 365-day year, and back from a weekly downtime to the level.
//!
//! The playbook's *availability targets* practice states a target as a level and lets teams
//! reason about it as time: 99.0% tolerates 1h 40m 48s of unavailability a week.

use crate::text::format_duration;
use crate::{AvailabilityLevel, Input, ModelError};

/// Seconds in a week.
pub const SECONDS_A_WEEK: f64 = 7.0 * 24.0 * 3600.0;
/// Seconds in a 30-day month.
pub const SECONDS_A_MONTH: f64 = 30.0 * 24.0 * 3600.0;
/// Seconds in a 365-day year.
pub const SECONDS_A_YEAR: f64 = 365.0 * 24.0 * 3600.0;

/// The unavailability a level tolerates, in seconds (not rounded).
#[derive(Clone, Copy, Debug, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub struct Downtime {
    pub level: AvailabilityLevel,
    pub per_week: f64,
    pub per_month: f64,
    pub per_year: f64,
}

impl Downtime {
    /// The weekly downtime as a reader sees it, to the second: "1h 40m 48s".
    pub fn per_week_text(&self) -> String {
        format_duration(self.per_week)
    }

    /// The 30-day monthly downtime, to the second.
    pub fn per_month_text(&self) -> String {
        format_duration(self.per_month)
    }

    /// The 365-day yearly downtime, to the second.
    pub fn per_year_text(&self) -> String {
        format_duration(self.per_year)
    }
}

/// The unavailability that `level` tolerates in a week, a 30-day month and a 365-day year.
pub fn downtime(level: AvailabilityLevel) -> Downtime {
    let fraction = level.unavailable_fraction();
    Downtime {
        level,
        per_week: fraction * SECONDS_A_WEEK,
        per_month: fraction * SECONDS_A_MONTH,
        per_year: fraction * SECONDS_A_YEAR,
    }
}

/// The level that tolerates `seconds_per_week` of unavailability a week: more than none, less
/// than the whole week.
pub fn level_for_weekly_downtime(seconds_per_week: f64) -> Result<AvailabilityLevel, ModelError> {
    let seconds = Input::WeeklyDowntime.check(seconds_per_week)?;
    AvailabilityLevel::for_input(
        Input::WeeklyDowntime,
        100.0 * (1.0 - seconds / SECONDS_A_WEEK),
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn weekly_text(percent: f64) -> String {
        downtime(AvailabilityLevel::new(percent).unwrap()).per_week_text()
    }

    #[test]
    fn the_playbooks_levels_tolerate_its_weekly_downtimes() {
        assert_eq!(weekly_text(95.0), "8h 24m 0s");
        assert_eq!(weekly_text(99.0), "1h 40m 48s");
        assert_eq!(weekly_text(99.9), "0h 10m 5s");
        assert_eq!(weekly_text(99.99), "0h 1m 0s");
    }

    #[test]
    fn months_have_30_days_and_years_365() {
        let at_99 = downtime(AvailabilityLevel::P99_0);
        assert_eq!(at_99.per_month_text(), "7h 12m 0s");
        assert_eq!(at_99.per_year_text(), "3d 16h");
    }

    #[test]
    fn a_weekly_downtime_gives_back_its_level() {
        let level = level_for_weekly_downtime(6_048.0).unwrap();
        assert_eq!(level.text(), "99.0%");
    }

    #[test]
    fn impossible_weekly_downtimes_are_refused() {
        for bad in [f64::NAN, -1.0, f64::INFINITY] {
            let error = level_for_weekly_downtime(bad).unwrap_err();
            assert_eq!(error.input, Input::WeeklyDowntime);
        }
        assert_eq!(
            level_for_weekly_downtime(SECONDS_A_WEEK + 1.0)
                .unwrap_err()
                .problem,
            crate::Problem::TooLarge
        );
        assert_eq!(
            level_for_weekly_downtime(0.0).unwrap_err().problem,
            crate::Problem::LevelOutOfRange
        );
        assert!(level_for_weekly_downtime(SECONDS_A_WEEK).is_err());
    }

    proptest! {
        #[test]
        fn downtime_falls_as_availability_rises(low in 0.001f64..99.999, step in 0.0001f64..1.0) {
            let high = (low + step).min(99.9999);
            prop_assume!(high > low);
            let low = downtime(AvailabilityLevel::new(low).unwrap());
            let high = downtime(AvailabilityLevel::new(high).unwrap());
            prop_assert!(high.per_week < low.per_week);
            prop_assert!(high.per_month < low.per_month);
            prop_assert!(high.per_year < low.per_year);
        }

        #[test]
        fn level_to_downtime_to_level_round_trips(percent in 0.001f64..99.9999) {
            let level = AvailabilityLevel::new(percent).unwrap();
            let back = level_for_weekly_downtime(downtime(level).per_week).unwrap();
            prop_assert!((back.percent() - percent).abs() < 1e-9);
        }

        #[test]
        fn downtimes_are_finite_and_within_the_period(percent in any::<f64>()) {
            if let Ok(level) = AvailabilityLevel::new(percent) {
                let d = downtime(level);
                prop_assert!(d.per_week.is_finite() && d.per_week > 0.0 && d.per_week <= SECONDS_A_WEEK);
            }
        }
    }
}
