//! What covering the estate out of hours costs in a year, three ways: the schedules it needs,
//! every team on its own schedule, and one Ops Run It analyst, from the run cost model with the
//! organisation's pay.

use crate::run_cost::schedule_cost;
use crate::{AvailabilityLevel, RunCostInput, ScheduleCost, ServiceCounts, run_cost};

use super::{Cover, EstateCosts, EstateError, EstateInput, Schedule, ServiceResult};

/// The yearly cost of the schedules the estate needs, and of the two ways it is compared with.
pub(super) fn costs<S>(
    input: &EstateInput<'_, S>,
    results: &[ServiceResult],
    schedules: &[Schedule],
    teams: usize,
    domains: usize,
) -> Result<EstateCosts, EstateError> {
    let levels: Vec<AvailabilityLevel> = results.iter().map(|r| r.availability).collect();
    let teams = u32::try_from(teams).unwrap_or(u32::MAX);
    let pay = input.pay;
    let run_cost_input = RunCostInput {
        services: ServiceCounts::from_levels(&levels),
        teams,
        domains: u32::try_from(domains)
            .unwrap_or(u32::MAX)
            .clamp(1, teams.max(1)),
        standby_rate_per_week: pay.standby_rate_per_week,
        callout_rate_per_hour: pay.callout_rate_per_hour,
        callout_hours_per_service_week: pay.callout_hours_per_service_week,
        payment: pay.payment,
        ops_analyst_rate_per_week: pay.ops_analyst_rate_per_week,
    };
    let whole = run_cost(&run_cost_input).map_err(EstateError::Pay)?;
    let count = |kind: Cover| schedules.iter().filter(|s| s.kind == kind).count() as u32;
    let covered = |kind: Cover| results.iter().filter(|r| r.cover == kind).count() as u64;
    let product = schedule_cost(
        &run_cost_input,
        count(Cover::Team) + count(Cover::Domain),
        pay.standby_rate_per_week,
        covered(Cover::Team) + covered(Cover::Domain),
    );
    let analyst = schedule_cost(
        &run_cost_input,
        count(Cover::Analyst),
        pay.ops_analyst_rate_per_week,
        covered(Cover::Analyst),
    );
    Ok(EstateCosts {
        selected: ScheduleCost {
            schedules: product.schedules + analyst.schedules,
            standby_per_year: product.standby_per_year + analyst.standby_per_year,
            callout_per_year: product.callout_per_year + analyst.callout_per_year,
            total_per_year: product.total_per_year + analyst.total_per_year,
        },
        every_team: whole.every_team,
        ops_run_it: whole.ops_analyst,
    })
}
