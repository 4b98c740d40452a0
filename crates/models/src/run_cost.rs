//! On-call run cost: the playbook's run cost pitfall (every product team on call out of hours
//! makes run cost grow with the number of teams) and its remedy, selecting out-of-hours
//! schedules on financial exposure, against Ops Run It's single on-call analyst.
//!
//! Three yearly out-of-hours costs for the same services:
//! - every team on its own schedule: standby R x n for n teams, linear in teams (the pitfall);
//! - schedules chosen by availability target: a team's own schedule when it runs a 99.9% or
//!   higher service, a domain schedule shared by sibling teams for 99.0%, none for 95.0%;
//! - Ops Run It: one application support analyst on call for every service, R x 1, at the
//!   analyst's rate, which may be an outsourced one.
//!
//! Assumptions, also in [`RUN_COST_ASSUMPTIONS`]:
//! - a year is 52 weeks, and one person is on standby per schedule per week;
//! - callout hours come from services, not schedules: each service on an out-of-hours schedule
//!   brings the expected callout hours a week, paid at the callout rate (to the analyst too);
//!   95.0% services on no schedule bring no out-of-hours callouts;
//! - with counts only, services are taken as spread over teams so that the highest targets reach
//!   as many teams as possible, and domain schedules as one per domain with a 99.0% team: an
//!   upper estimate;
//! - the series for 1 to 50 teams keeps the organisation's shape: services and domains per team
//!   as given, rounded to whole services and domains (at least one domain).
//!
//! Pay is standby only, or standby and callout. Callout-only pay is refused as unfair: it asks
//! people to give up their evenings and weekends for nothing unless something breaks.

use std::str::FromStr;

use crate::text::names_match;
use crate::{AvailabilityLevel, AvailabilityTier, Input, ModelError, Problem};

/// Weeks in a year of on-call.
pub const WEEKS_A_YEAR: f64 = 52.0;
/// The out-of-hours hours of a week: 168 less a 40-hour working week.
pub const OUT_OF_HOURS_A_WEEK: f64 = 128.0;
/// The largest number of teams in the series.
pub const SERIES_MAX_TEAMS: u32 = 50;

/// The assumptions behind every run cost, in plain words.
pub const RUN_COST_ASSUMPTIONS: &[&str] = &[
    "A year is 52 weeks, with one person on standby per out-of-hours schedule each week.",
    "Each service on an out-of-hours schedule brings the expected callout hours a week, paid at the callout rate; 95.0% services have no out-of-hours schedule and no callouts.",
    "A team runs its own schedule when it has a 99.9% or higher service; teams with 99.0% services share one schedule per domain.",
    "Services are spread over teams so that the highest targets reach as many teams as possible: an upper estimate.",
];

/// How people on call out of hours are paid.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
#[cfg_attr(feature = "serde", serde(rename_all = "kebab-case"))]
pub enum PaymentModel {
    /// A standby rate for each week on call.
    StandbyOnly,
    /// A standby rate, plus a callout rate for each hour called out.
    StandbyAndCallout,
    /// A callout rate only: refused as unfair.
    CalloutOnly,
}

impl PaymentModel {
    /// Every payment model, including the refused one.
    pub const ALL: [Self; 3] = [
        Self::StandbyOnly,
        Self::StandbyAndCallout,
        Self::CalloutOnly,
    ];

    /// The kebab-case name scripts use.
    pub const fn name(self) -> &'static str {
        match self {
            Self::StandbyOnly => "standby-only",
            Self::StandbyAndCallout => "standby-and-callout",
            Self::CalloutOnly => "callout-only",
        }
    }
}

impl FromStr for PaymentModel {
    type Err = ModelError;

    /// Parses "standby-only" (or "standby"), "standby-and-callout", "callout-only" (or "callout").
    fn from_str(text: &str) -> Result<Self, Self::Err> {
        if names_match(text, "standby") {
            return Ok(Self::StandbyOnly);
        }
        if names_match(text, "callout") {
            return Ok(Self::CalloutOnly);
        }
        Self::ALL
            .into_iter()
            .find(|payment| names_match(text, payment.name()))
            .ok_or(ModelError::new(Input::Payment, Problem::UnknownName))
    }
}

/// How many services have each availability target.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub struct ServiceCounts {
    pub at_95_0: u32,
    pub at_99_0: u32,
    pub at_99_9: u32,
    pub at_99_99: u32,
}

impl ServiceCounts {
    /// Counts services by the tier of their availability targets.
    pub fn from_levels(levels: &[AvailabilityLevel]) -> Self {
        let mut counts = Self::default();
        for level in levels {
            let count = match level.tier() {
                AvailabilityTier::Percent95_0 => &mut counts.at_95_0,
                AvailabilityTier::Percent99_0 => &mut counts.at_99_0,
                AvailabilityTier::Percent99_9 => &mut counts.at_99_9,
                AvailabilityTier::Percent99_99 => &mut counts.at_99_99,
            };
            *count = count.saturating_add(1);
        }
        counts
    }

    /// All services.
    pub fn total(self) -> u64 {
        u64::from(self.at_95_0) + self.with_out_of_hours_schedule()
    }

    /// Services at 99.0% or more, which someone covers out of hours.
    pub fn with_out_of_hours_schedule(self) -> u64 {
        u64::from(self.at_99_0) + self.needing_own_schedule()
    }

    /// Services at 99.9% or more, whose team needs its own schedule.
    pub fn needing_own_schedule(self) -> u64 {
        u64::from(self.at_99_9) + u64::from(self.at_99_99)
    }

    fn validate(self) -> Result<Self, ModelError> {
        let counts = [
            (Input::Services95, self.at_95_0),
            (Input::Services99, self.at_99_0),
            (Input::Services999, self.at_99_9),
            (Input::Services9999, self.at_99_99),
        ];
        for (input, count) in counts {
            input.check(f64::from(count))?;
        }
        Ok(self)
    }

    /// These counts for an organisation of `teams` teams shaped like one of `from_teams`.
    fn scaled(self, teams: u32, from_teams: u32) -> Self {
        let scale = |count| scale_count(count, teams, from_teams);
        Self {
            at_95_0: scale(self.at_95_0),
            at_99_0: scale(self.at_99_0),
            at_99_9: scale(self.at_99_9),
            at_99_99: scale(self.at_99_99),
        }
    }
}

/// `count x teams / from_teams`, rounded half up; `from_teams` is at least 1.
fn scale_count(count: u32, teams: u32, from_teams: u32) -> u32 {
    let from = u64::from(from_teams.max(1));
    let scaled = (u64::from(count) * u64::from(teams) * 2 + from) / (2 * from);
    u32::try_from(scaled).unwrap_or(u32::MAX)
}

/// An organisation's services, teams and on-call pay.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct RunCostInput {
    pub services: ServiceCounts,
    pub teams: u32,
    pub domains: u32,
    /// Paid to each person on standby, per week.
    pub standby_rate_per_week: f64,
    /// Paid per hour called out, when the payment model includes callouts.
    pub callout_rate_per_hour: f64,
    /// Expected out-of-hours callout hours a week for each service on a schedule.
    pub callout_hours_per_service_week: f64,
    pub payment: PaymentModel,
    /// Ops Run It's application support analyst on standby, per week (possibly outsourced).
    pub ops_analyst_rate_per_week: f64,
}

/// The yearly cost of one way of covering the services out of hours.
#[derive(Clone, Copy, Debug, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub struct ScheduleCost {
    /// Out-of-hours schedules, each with one person on standby.
    pub schedules: u32,
    pub standby_per_year: f64,
    pub callout_per_year: f64,
    pub total_per_year: f64,
}

/// The yearly out-of-hours cost of the three ways of covering the services.
#[derive(Clone, Copy, Debug, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub struct RunCost {
    /// Every team on its own schedule: the run cost pitfall.
    pub every_team: ScheduleCost,
    /// Schedules chosen by availability target.
    pub by_target: ScheduleCost,
    /// Of `by_target`'s schedules, those of a single team.
    pub team_schedules: u32,
    /// Of `by_target`'s schedules, those shared by a domain.
    pub domain_schedules: u32,
    /// Ops Run It's single analyst.
    pub ops_analyst: ScheduleCost,
    pub assumptions: &'static [&'static str],
}

/// The three yearly totals for one organisation size, for a chart.
#[derive(Clone, Copy, Debug, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub struct RunCostPoint {
    pub teams: u32,
    pub every_team: f64,
    pub by_target: f64,
    pub ops_analyst: f64,
}

/// The yearly out-of-hours run cost of `input`'s organisation.
pub fn run_cost(input: &RunCostInput) -> Result<RunCost, ModelError> {
    validate(input)?;
    Ok(cost(input))
}

/// The yearly totals for 1 to [`SERIES_MAX_TEAMS`] teams, shaped like `input`'s organisation.
pub fn run_cost_series(input: &RunCostInput) -> Result<Vec<RunCostPoint>, ModelError> {
    validate(input)?;
    let points = (1..=SERIES_MAX_TEAMS)
        .map(|teams| {
            let domains = scale_count(input.domains, teams, input.teams).clamp(1, teams);
            let services = input.services.scaled(teams, input.teams);
            let result = cost(&RunCostInput {
                services,
                teams,
                domains,
                ..*input
            });
            RunCostPoint {
                teams,
                every_team: result.every_team.total_per_year,
                by_target: result.by_target.total_per_year,
                ops_analyst: result.ops_analyst.total_per_year,
            }
        })
        .collect();
    Ok(points)
}

fn validate(input: &RunCostInput) -> Result<(), ModelError> {
    if input.payment == PaymentModel::CalloutOnly {
        return Err(ModelError::new(Input::Payment, Problem::CalloutOnly));
    }
    Input::Teams.check(f64::from(input.teams))?;
    Input::Domains.check(f64::from(input.domains))?;
    if input.domains > input.teams {
        return Err(ModelError::new(
            Input::Domains,
            Problem::MoreThan(Input::Teams),
        ));
    }
    input.services.validate()?;
    Input::StandbyRate.check(input.standby_rate_per_week)?;
    Input::CalloutRate.check(input.callout_rate_per_hour)?;
    Input::AnalystRate.check(input.ops_analyst_rate_per_week)?;
    Input::CalloutHours.check(input.callout_hours_per_service_week)?;
    Ok(())
}

fn cost(input: &RunCostInput) -> RunCost {
    let services = input.services;
    let team_schedules = clamp_to_teams(services.needing_own_schedule(), input.teams);
    let teams_left = input.teams - team_schedules;
    let domain_teams = clamp_to_teams(u64::from(services.at_99_0), teams_left);
    let domain_schedules = domain_teams.min(input.domains);
    let covering = |schedules: u32, rate: f64, services_covered: u64| {
        schedule_cost(input, schedules, rate, services_covered)
    };
    RunCost {
        every_team: covering(input.teams, input.standby_rate_per_week, services.total()),
        by_target: covering(
            team_schedules + domain_schedules,
            input.standby_rate_per_week,
            services.with_out_of_hours_schedule(),
        ),
        team_schedules,
        domain_schedules,
        ops_analyst: covering(1, input.ops_analyst_rate_per_week, services.total()),
        assumptions: RUN_COST_ASSUMPTIONS,
    }
}

fn clamp_to_teams(count: u64, teams: u32) -> u32 {
    u32::try_from(count).map_or(teams, |count| count.min(teams))
}

/// The yearly cost of `schedules` people on standby at `standby_rate` a week, plus the callouts
/// of `services_covered` services when `input`'s payment model pays them.
pub(crate) fn schedule_cost(
    input: &RunCostInput,
    schedules: u32,
    standby_rate: f64,
    services_covered: u64,
) -> ScheduleCost {
    let standby_per_year = f64::from(schedules) * standby_rate * WEEKS_A_YEAR;
    let callout_per_year = match input.payment {
        PaymentModel::StandbyAndCallout => {
            services_covered as f64
                * input.callout_hours_per_service_week
                * input.callout_rate_per_hour
                * WEEKS_A_YEAR
        }
        PaymentModel::StandbyOnly | PaymentModel::CalloutOnly => 0.0,
    };
    ScheduleCost {
        schedules,
        standby_per_year,
        callout_per_year,
        total_per_year: standby_per_year + callout_per_year,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn input(teams: u32, services: ServiceCounts) -> RunCostInput {
        RunCostInput {
            services,
            teams,
            domains: 1,
            standby_rate_per_week: 700.0,
            callout_rate_per_hour: 50.0,
            callout_hours_per_service_week: 1.0,
            payment: PaymentModel::StandbyOnly,
            ops_analyst_rate_per_week: 500.0,
        }
    }

    fn mixed() -> ServiceCounts {
        ServiceCounts {
            at_95_0: 4,
            at_99_0: 4,
            at_99_9: 2,
            at_99_99: 0,
        }
    }

    #[test]
    fn every_team_on_call_costs_r_times_n_and_the_analyst_r_times_1() {
        for teams in [1, 4, 10] {
            let result = run_cost(&input(teams, mixed())).unwrap();
            assert_eq!(result.every_team.schedules, teams);
            assert_eq!(
                result.every_team.total_per_year,
                700.0 * f64::from(teams) * 52.0
            );
            assert_eq!(result.ops_analyst.schedules, 1);
            assert_eq!(result.ops_analyst.total_per_year, 500.0 * 52.0);
        }
    }

    #[test]
    fn schedules_by_target_cover_only_what_the_targets_need() {
        let result = run_cost(&RunCostInput {
            domains: 3,
            ..input(10, mixed())
        })
        .unwrap();
        assert_eq!((result.team_schedules, result.domain_schedules), (2, 3));
        assert_eq!(result.by_target.schedules, 5);
        assert_eq!(result.by_target.total_per_year, 5.0 * 700.0 * 52.0);
    }

    #[test]
    fn a_team_with_its_own_schedule_also_covers_its_99_0_services() {
        let services = ServiceCounts {
            at_99_0: 1,
            at_99_9: 1,
            ..ServiceCounts::default()
        };
        let result = run_cost(&input(1, services)).unwrap();
        assert_eq!((result.team_schedules, result.domain_schedules), (1, 0));
    }

    #[test]
    fn only_95_0_services_need_no_out_of_hours_schedule() {
        let services = ServiceCounts {
            at_95_0: 6,
            ..ServiceCounts::default()
        };
        let result = run_cost(&input(3, services)).unwrap();
        assert_eq!(result.by_target.schedules, 0);
        assert_eq!(result.by_target.total_per_year, 0.0);
    }

    #[test]
    fn callouts_are_paid_per_covered_service_when_the_model_includes_them() {
        let paid = RunCostInput {
            payment: PaymentModel::StandbyAndCallout,
            ..input(10, mixed())
        };
        let result = run_cost(&paid).unwrap();
        assert_eq!(result.every_team.callout_per_year, 10.0 * 1.0 * 50.0 * 52.0);
        assert_eq!(result.by_target.callout_per_year, 6.0 * 1.0 * 50.0 * 52.0);
        assert_eq!(
            result.ops_analyst.callout_per_year,
            10.0 * 1.0 * 50.0 * 52.0
        );
        assert_eq!(
            run_cost(&input(10, mixed()))
                .unwrap()
                .every_team
                .callout_per_year,
            0.0
        );
    }

    #[test]
    fn callout_only_pay_is_refused_as_unfair() {
        let unfair = RunCostInput {
            payment: PaymentModel::CalloutOnly,
            ..input(4, mixed())
        };
        let refused = Err(ModelError::new(Input::Payment, Problem::CalloutOnly));
        assert_eq!(run_cost(&unfair), refused);
        assert_eq!(
            run_cost_series(&unfair).map(|_| ()),
            refused.map(|_: RunCost| ())
        );
    }

    #[test]
    fn impossible_organisations_are_refused() {
        let refused = |input, problem| Err(ModelError::new(input, problem));
        assert_eq!(
            run_cost(&input(0, mixed())),
            refused(Input::Teams, Problem::TooSmall)
        );
        assert_eq!(
            run_cost(&input(10_001, mixed())),
            refused(Input::Teams, Problem::TooLarge)
        );
        assert_eq!(
            run_cost(&RunCostInput {
                domains: 0,
                ..input(4, mixed())
            }),
            refused(Input::Domains, Problem::TooSmall)
        );
        assert_eq!(
            run_cost(&RunCostInput {
                domains: 5,
                ..input(4, mixed())
            }),
            refused(Input::Domains, Problem::MoreThan(Input::Teams))
        );
        let error = run_cost(&RunCostInput {
            standby_rate_per_week: f64::NAN,
            ..input(4, mixed())
        })
        .unwrap_err();
        assert_eq!(
            error.to_string(),
            "Standby pay must be a number, such as 500"
        );
        let error = run_cost(&RunCostInput {
            callout_hours_per_service_week: 200.0,
            ..input(4, mixed())
        })
        .unwrap_err();
        assert_eq!(
            error,
            ModelError::new(Input::CalloutHours, Problem::TooLarge)
        );
        let too_many = ServiceCounts {
            at_99_0: 2_000_000,
            ..ServiceCounts::default()
        };
        assert!(run_cost(&input(4, too_many)).is_err());
    }

    #[test]
    fn service_counts_come_from_levels() {
        let levels =
            [99.9, 99.0, 95.0, 99.0, 99.99, 97.0].map(|p| AvailabilityLevel::new(p).unwrap());
        let counts = ServiceCounts::from_levels(&levels);
        assert_eq!(
            counts,
            ServiceCounts {
                at_95_0: 2,
                at_99_0: 2,
                at_99_9: 1,
                at_99_99: 1
            }
        );
        assert_eq!(counts.total(), 6);
    }

    #[test]
    fn payment_models_parse_from_their_names() {
        assert_eq!("standby".parse(), Ok(PaymentModel::StandbyOnly));
        assert_eq!(
            "standby and callout".parse(),
            Ok(PaymentModel::StandbyAndCallout)
        );
        assert_eq!("callout-only".parse(), Ok(PaymentModel::CalloutOnly));
        assert!("piecework".parse::<PaymentModel>().is_err());
    }

    #[test]
    fn the_series_shows_the_pitfall_growing_with_teams_and_the_analyst_flat() {
        let series = run_cost_series(&RunCostInput {
            domains: 2,
            ..input(10, mixed())
        })
        .unwrap();
        assert_eq!(series.len(), 50);
        assert_eq!(series[0].teams, 1);
        assert_eq!(series[49].teams, 50);
        for (index, point) in series.iter().enumerate() {
            assert_eq!(point.every_team, 700.0 * (index + 1) as f64 * 52.0);
            assert_eq!(point.ops_analyst, 500.0 * 52.0);
            assert!(point.by_target <= point.every_team);
        }
        let at_ten = run_cost(&RunCostInput {
            domains: 2,
            ..input(10, mixed())
        })
        .unwrap();
        assert_eq!(series[9].by_target, at_ten.by_target.total_per_year);
    }

    proptest! {
        #[test]
        fn schedules_by_target_never_cost_more_than_every_team_on_call(
            teams in 1u32..200,
            domains in 1u32..200,
            at_95_0 in 0u32..500, at_99_0 in 0u32..500, at_99_9 in 0u32..500, at_99_99 in 0u32..50,
            standby in 0.0f64..1e5, callout in 0.0f64..1e4, hours in 0.0f64..128.0,
            with_callouts in any::<bool>(),
        ) {
            let input = RunCostInput {
                services: ServiceCounts { at_95_0, at_99_0, at_99_9, at_99_99 },
                teams,
                domains: domains.min(teams),
                standby_rate_per_week: standby,
                callout_rate_per_hour: callout,
                callout_hours_per_service_week: hours,
                payment: if with_callouts { PaymentModel::StandbyAndCallout } else { PaymentModel::StandbyOnly },
                ops_analyst_rate_per_week: standby,
            };
            let result = run_cost(&input).unwrap();
            prop_assert!(result.by_target.total_per_year <= result.every_team.total_per_year);
            prop_assert!(result.by_target.schedules <= teams);
            for point in run_cost_series(&input).unwrap() {
                prop_assert!(point.every_team.is_finite() && point.by_target.is_finite() && point.ops_analyst.is_finite());
            }
        }
    }
}
