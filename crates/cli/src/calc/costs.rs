//! `playbook calc` for the cost models: loss protection, incident response, on-call run cost,
//! change lead time and relative costs.

use clap::Args;
use playbook_models::lead_time::WORKING_MINUTES_A_YEAR;
use playbook_models::text::{format_amount, format_duration, format_whole_percent};
use playbook_models::{
    AvailabilityLevel, IncidentThresholds, LeadTimeInput, LossProtectionInput, ModelLeadTime,
    PaymentModel, RELATIVE_COSTS, RunCost, RunCostInput, RunCostPoint, ScheduleCost, ServiceCounts,
    availability_target, incident_response, lead_time, loss_protection, run_cost, run_cost_series,
};
use serde_json::{Value, json};

use super::input;
use super::report::{Report, duration_json, level_json};
use super::settings::SettingsSource;

/// Inputs of `calc loss-protection`.
#[derive(Debug, Args)]
#[command(allow_negative_numbers = true)]
pub struct LossProtectionArgs {
    /// The most the service could lose in an hour of unavailability, e.g. 200000 or 200K.
    #[arg(long, value_parser = input::amount)]
    exposure: f64,
    /// The availability target (default: the exposure bands' level for the exposure).
    #[arg(long, value_parser = input::percent)]
    availability: Option<f64>,
    /// How long the incident lasted, in minutes.
    #[arg(long)]
    incident_minutes: f64,
    /// What the incident lost (default: the exposure over the incident's duration).
    #[arg(long, value_parser = input::amount)]
    incident_loss: Option<f64>,
}

pub fn protection(args: &LossProtectionArgs, settings: &SettingsSource) -> anyhow::Result<Report> {
    let availability = match args.availability {
        Some(percent) => AvailabilityLevel::new(percent)?,
        None => availability_target(&settings.load()?.exposure_bands, args.exposure, false)?.level,
    };
    let result = loss_protection(&LossProtectionInput {
        exposure_per_hour: args.exposure,
        availability,
        incident_minutes: args.incident_minutes,
        incident_loss: args.incident_loss,
    })?;
    let mut report = Report::new(
        "loss-protection",
        json!({
            "availability": level_json(availability),
            "tolerable_unavailability_per_week": duration_json(result.tolerable_seconds),
            "projected_loss": result.projected_loss,
            "incident_loss": result.incident_loss,
            "protected_loss": result.protected_loss,
            "protected_percent": result.protected_percent,
            "within_tolerable_unavailability": result.within_tolerable_unavailability,
        }),
    );
    let within = if result.within_tolerable_unavailability {
        "yes"
    } else {
        "no"
    };
    report
        .line("Availability target", availability.text())
        .line(
            "Tolerable downtime a week",
            format_duration(result.tolerable_seconds),
        )
        .line("Projected loss", format_amount(result.projected_loss))
        .line("Incident loss", format_amount(result.incident_loss))
        .line("Loss protected", format_amount(result.protected_loss))
        .line("Protection", format_whole_percent(result.protected_percent))
        .line("Within the week's budget", within);
    Ok(report)
}

/// Inputs of `calc incident`.
#[derive(Debug, Args)]
#[command(allow_negative_numbers = true)]
pub struct IncidentArgs {
    /// The incident's estimated financial loss, e.g. 100000 or 100K.
    #[arg(long, value_parser = input::amount)]
    loss: f64,
    /// The high threshold: losses at or above it are major (default: from playbook.toml, else 250,000).
    #[arg(long, value_parser = input::amount, requires = "medium")]
    high: Option<f64>,
    /// The medium threshold: losses at or above it are restored by the next working day (default:
    /// from playbook.toml, else 7,000).
    #[arg(long, value_parser = input::amount, requires = "high")]
    medium: Option<f64>,
}

pub fn incident(args: &IncidentArgs, settings: &SettingsSource) -> anyhow::Result<Report> {
    let thresholds = match (args.high, args.medium) {
        (Some(high), Some(medium)) => IncidentThresholds::new(high, medium)?,
        _ => settings.load()?.incident_thresholds,
    };
    let response = incident_response(thresholds, args.loss)?;
    let mut report = Report::new(
        "incident",
        json!({
            "loss": args.loss,
            "thresholds": { "high": thresholds.high(), "medium": thresholds.medium() },
            "loss_band": response.band.name(),
            "incident_type": response.incident_type.name(),
            "response": response.method.name(),
        }),
    );
    report
        .line("Estimated loss", format_amount(args.loss))
        .line("Loss band", response.band.name())
        .line("Incident type", response.incident_type.name())
        .line("Response", response.method.label());
    Ok(report)
}

/// Inputs of `calc run-cost`.
#[derive(Debug, Args)]
#[command(allow_negative_numbers = true)]
pub struct RunCostArgs {
    /// Product teams.
    #[arg(long)]
    teams: u32,
    /// Domains the teams are grouped in.
    #[arg(long, default_value_t = 1)]
    domains: u32,
    /// The services' availability targets, e.g. 99.9,99.0,95.0.
    #[arg(long, value_delimiter = ',', value_parser = input::percent)]
    services: Vec<f64>,
    /// Services at 95.0% (added to --services).
    #[arg(long, default_value_t = 0)]
    at_95: u32,
    /// Services at 99.0%.
    #[arg(long, default_value_t = 0)]
    at_99: u32,
    /// Services at 99.9%.
    #[arg(long = "at-99-9", default_value_t = 0)]
    at_99_9: u32,
    /// Services at 99.99%.
    #[arg(long = "at-99-99", default_value_t = 0)]
    at_99_99: u32,
    /// Pay for a person on standby for a week.
    #[arg(long, value_parser = input::amount)]
    standby_rate: f64,
    /// Pay for an hour called out.
    #[arg(long, value_parser = input::amount, default_value = "0")]
    callout_rate: f64,
    /// Expected out-of-hours callout hours a week for each service on a schedule.
    #[arg(long, default_value_t = 0.0)]
    callout_hours: f64,
    /// standby-only or standby-and-callout (callout-only is refused as unfair).
    #[arg(long, default_value = "standby-only")]
    payment: String,
    /// Ops Run It's analyst on standby for a week, possibly an outsourced rate.
    #[arg(long, value_parser = input::amount)]
    analyst_rate: f64,
    /// Also give the yearly costs for 1 to 50 teams, for a chart.
    #[arg(long)]
    series: bool,
}

pub fn run_costs(args: &RunCostArgs) -> anyhow::Result<Report> {
    let input = run_cost_input(args)?;
    let result = run_cost(&input)?;
    let series = args.series.then(|| run_cost_series(&input)).transpose()?;
    let mut fields = run_cost_json(&input, &result);
    if let Some(series) = &series {
        fields["series"] = series_json(series);
    }
    let mut report = Report::new("run-cost", fields);
    report
        .line("Every team on call", yearly(&result.every_team))
        .line(
            "Schedules by target",
            format!(
                "{} ({} team, {} domain)",
                yearly(&result.by_target),
                result.team_schedules,
                result.domain_schedules
            ),
        )
        .line("Ops Run It analyst", yearly(&result.ops_analyst))
        .list("Assumptions", result.assumptions.iter().copied());
    if let Some(series) = &series {
        report.block(&series_table(series));
    }
    Ok(report)
}

/// The model's input: the services listed by availability plus those counted at each level.
fn run_cost_input(args: &RunCostArgs) -> anyhow::Result<RunCostInput> {
    let levels = args
        .services
        .iter()
        .map(|&percent| AvailabilityLevel::for_field("a service's availability", percent))
        .collect::<Result<Vec<_>, _>>()?;
    let listed = ServiceCounts::from_levels(&levels);
    Ok(RunCostInput {
        services: ServiceCounts {
            at_95_0: listed.at_95_0.saturating_add(args.at_95),
            at_99_0: listed.at_99_0.saturating_add(args.at_99),
            at_99_9: listed.at_99_9.saturating_add(args.at_99_9),
            at_99_99: listed.at_99_99.saturating_add(args.at_99_99),
        },
        teams: args.teams,
        domains: args.domains,
        standby_rate_per_week: args.standby_rate,
        callout_rate_per_hour: args.callout_rate,
        callout_hours_per_service_week: args.callout_hours,
        payment: args.payment.parse::<PaymentModel>()?,
        ops_analyst_rate_per_week: args.analyst_rate,
    })
}

fn run_cost_json(input: &RunCostInput, result: &RunCost) -> Value {
    json!({
        "services": {
            "at_95_0": input.services.at_95_0,
            "at_99_0": input.services.at_99_0,
            "at_99_9": input.services.at_99_9,
            "at_99_99": input.services.at_99_99,
        },
        "teams": input.teams,
        "domains": input.domains,
        "payment": input.payment.name(),
        "every_team": schedule_cost_json(&result.every_team),
        "by_target": schedule_cost_json(&result.by_target),
        "by_target_team_schedules": result.team_schedules,
        "by_target_domain_schedules": result.domain_schedules,
        "ops_analyst": schedule_cost_json(&result.ops_analyst),
        "assumptions": result.assumptions,
    })
}

/// The yearly costs for each number of teams, for a chart.
fn series_json(series: &[RunCostPoint]) -> Value {
    series
        .iter()
        .map(|point| {
            json!({
                "teams": point.teams,
                "every_team": point.every_team,
                "by_target": point.by_target,
                "ops_analyst": point.ops_analyst,
            })
        })
        .collect()
}

/// The yearly costs for each number of teams, as a table for people.
fn series_table(series: &[RunCostPoint]) -> String {
    let mut table = format!(
        "{:>5}  {:>14}  {:>14}  {:>14}\n",
        "teams", "every team", "by target", "ops analyst"
    );
    for point in series {
        table.push_str(&format!(
            "{:>5}  {:>14}  {:>14}  {:>14}\n",
            point.teams,
            format_amount(point.every_team),
            format_amount(point.by_target),
            format_amount(point.ops_analyst)
        ));
    }
    table
}

fn yearly(cost: &ScheduleCost) -> String {
    let schedules = if cost.schedules == 1 {
        "schedule"
    } else {
        "schedules"
    };
    format!(
        "{} a year, {} {schedules}",
        format_amount(cost.total_per_year),
        cost.schedules
    )
}

pub(super) fn schedule_cost_json(cost: &ScheduleCost) -> Value {
    json!({
        "schedules": cost.schedules,
        "standby_per_year": cost.standby_per_year,
        "callout_per_year": cost.callout_per_year,
        "total_per_year": cost.total_per_year,
    })
}

/// Inputs of `calc lead-time`; each defaults to the model's example process.
#[derive(Debug, Args)]
#[command(allow_negative_numbers = true)]
pub struct LeadTimeArgs {
    /// The change advisory board meets every this many days (default 7).
    #[arg(long)]
    cab_every: Option<f64>,
    /// The deployment window opens every this many days (default 14).
    #[arg(long)]
    window_every: Option<f64>,
    /// Hours to hand a change over to operations (default 24).
    #[arg(long)]
    handoff_hours: Option<f64>,
    /// Percentage of changes that are pre-approved standard changes (default 80).
    #[arg(long, value_parser = input::percent)]
    standard_changes: Option<f64>,
    /// The deployment pipeline's duration in minutes (default 30).
    #[arg(long)]
    pipeline_minutes: Option<f64>,
}

pub fn lead_times(args: &LeadTimeArgs) -> anyhow::Result<Report> {
    let defaults = LeadTimeInput::default();
    let input = LeadTimeInput {
        cab_interval_days: args.cab_every.unwrap_or(defaults.cab_interval_days),
        deployment_window_interval_days: args
            .window_every
            .unwrap_or(defaults.deployment_window_interval_days),
        handoff_hours: args.handoff_hours.unwrap_or(defaults.handoff_hours),
        standard_change_percent: args
            .standard_changes
            .unwrap_or(defaults.standard_change_percent),
        pipeline_minutes: args.pipeline_minutes.unwrap_or(defaults.pipeline_minutes),
    };
    let result = lead_time(&input)?;
    let mut report = Report::new(
        "lead-time",
        json!({
            "input": {
                "cab_interval_days": input.cab_interval_days,
                "deployment_window_interval_days": input.deployment_window_interval_days,
                "handoff_hours": input.handoff_hours,
                "standard_change_percent": input.standard_change_percent,
                "pipeline_minutes": input.pipeline_minutes,
                "working_minutes_a_year": WORKING_MINUTES_A_YEAR,
            },
            "ops_run_it": lead_time_json(&result.ops_run_it),
            "you_build_it_you_run_it": lead_time_json(&result.you_build_it_you_run_it),
        }),
    );
    for (name, model) in [
        ("Ops Run It", &result.ops_run_it),
        ("You Build It You Run It", &result.you_build_it_you_run_it),
    ] {
        report.line(
            name,
            format!(
                "expected {}, worst case {}, up to {} deployments a year",
                format_duration(model.expected_seconds),
                format_duration(model.worst_case_seconds),
                format_amount(model.deployments_a_year.floor())
            ),
        );
    }
    Ok(report)
}

fn lead_time_json(model: &ModelLeadTime) -> Value {
    json!({
        "expected": duration_json(model.expected_seconds),
        "worst_case": duration_json(model.worst_case_seconds),
        "deployments_a_year": model.deployments_a_year,
    })
}

pub fn relative() -> Report {
    let costs: Vec<Value> = RELATIVE_COSTS
        .iter()
        .map(|cost| {
            json!({
                "cost": cost.kind.name(),
                "you_build_it_you_run_it": cost.you_build_it_you_run_it,
                "ops_run_it": cost.ops_run_it,
                "comparison": cost.comparison().label(),
                "explanation": cost.explanation,
            })
        })
        .collect();
    let mut report = Report::new("relative-costs", json!({ "scale": [1, 5], "costs": costs }));
    for cost in RELATIVE_COSTS {
        report.line(
            &format!("{} cost", capitalised(cost.kind.name())),
            format!(
                "{} under You Build It You Run It ({} against {} of 5)",
                cost.comparison().label(),
                cost.you_build_it_you_run_it,
                cost.ops_run_it
            ),
        );
    }
    report
}

fn capitalised(word: &str) -> String {
    let mut chars = word.chars();
    chars.next().map_or_else(String::new, |first| {
        first.to_uppercase().chain(chars).collect()
    })
}
