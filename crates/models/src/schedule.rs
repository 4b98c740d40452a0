//! Out-of-hours on-call schedules: the playbook's practice of selecting out-of-hours schedules
//! on financial exposure, so run cost follows what a service could lose.
//!
//! In working hours a product team is always on call for its own services. Out of hours it
//! depends on the availability target: at 95.0% there is no schedule (callouts wait for the next
//! working day), at 99.0% a domain schedule shared by sibling teams, at 99.9% or more the team's
//! own schedule.

use crate::{AvailabilityLevel, AvailabilityTier};

/// Who is on call at a given time.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
#[cfg_attr(feature = "serde", serde(rename_all = "kebab-case"))]
pub enum Rota {
    /// Nobody: callouts wait for the next working day.
    Nobody,
    /// One person from the sibling teams of a domain, on a shared schedule.
    Domain,
    /// One person from the team that builds the service, on its own schedule.
    Team,
}

impl Rota {
    /// The kebab-case name scripts use.
    pub fn name(self) -> &'static str {
        match self {
            Self::Nobody => "none",
            Self::Domain => "domain",
            Self::Team => "team",
        }
    }

    /// The schedule in plain words.
    pub fn label(self) -> &'static str {
        match self {
            Self::Nobody => "no schedule: callouts wait for the next working day",
            Self::Domain => "a domain schedule shared by sibling teams",
            Self::Team => "the team's own schedule",
        }
    }
}

/// A service's on-call schedules.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub struct OnCallSchedule {
    /// Always the team.
    pub working_hours: Rota,
    pub out_of_hours: Rota,
}

/// The on-call schedules for a service with the `availability` target.
pub fn on_call_schedule(availability: AvailabilityLevel) -> OnCallSchedule {
    OnCallSchedule {
        working_hours: Rota::Team,
        out_of_hours: out_of_hours_rota(availability.tier()),
    }
}

/// The out-of-hours schedule a tier needs.
pub fn out_of_hours_rota(tier: AvailabilityTier) -> Rota {
    match tier {
        AvailabilityTier::Percent95_0 => Rota::Nobody,
        AvailabilityTier::Percent99_0 => Rota::Domain,
        AvailabilityTier::Percent99_9 | AvailabilityTier::Percent99_99 => Rota::Team,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn each_playbook_level_has_its_out_of_hours_schedule() {
        let out_of_hours = |level| on_call_schedule(level).out_of_hours;
        assert_eq!(out_of_hours(AvailabilityLevel::P95_0), Rota::Nobody);
        assert_eq!(out_of_hours(AvailabilityLevel::P99_0), Rota::Domain);
        assert_eq!(out_of_hours(AvailabilityLevel::P99_9), Rota::Team);
        assert_eq!(out_of_hours(AvailabilityLevel::P99_99), Rota::Team);
    }

    #[test]
    fn the_team_is_always_on_call_in_working_hours() {
        for tier in AvailabilityTier::ALL {
            assert_eq!(on_call_schedule(tier.level()).working_hours, Rota::Team);
        }
    }

    #[test]
    fn no_schedule_says_callouts_wait() {
        assert!(Rota::Nobody.label().contains("next working day"));
    }

    proptest! {
        #[test]
        fn a_higher_target_never_has_a_thinner_schedule(low in 0.001f64..99.9999, extra in 0.0f64..1.0) {
            let low_level = AvailabilityLevel::new(low).unwrap();
            let high_level = AvailabilityLevel::new((low + extra).min(99.9999)).unwrap();
            prop_assert!(on_call_schedule(high_level).out_of_hours >= on_call_schedule(low_level).out_of_hours);
        }
    }
}
