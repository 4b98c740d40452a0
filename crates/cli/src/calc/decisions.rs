//! `playbook calc` for the decision models: availability and downtime, availability target,
//! deployment target, the operating model selector and the out-of-hours schedule.

use anyhow::bail;
use clap::Args;
use playbook_models::text::format_amount;
use playbook_models::{
    AvailabilityLevel, AvailabilityTarget, Demand, DeploymentTarget, GridCell, Settings,
    TargetBasis, availability_target, demand_for_requests, deployment_target, downtime, grid,
    level_for_weekly_downtime, on_call_schedule, select,
};
use serde_json::{Value, json};

use super::input;
use super::report::{Report, duration_json, level_json};
use super::settings::SettingsSource;

/// Inputs of `calc availability`.
#[derive(Debug, Args)]
#[command(allow_negative_numbers = true)]
pub struct AvailabilityArgs {
    /// The availability level, e.g. 99.9 or 99.9%.
    #[arg(long, value_parser = input::percent, required_unless_present = "downtime", conflicts_with = "downtime")]
    level: Option<f64>,
    /// The tolerable downtime a week, e.g. "1h 40m 48s", 100.8m or 6048 (seconds), to get its level.
    #[arg(long, value_parser = input::duration_seconds)]
    downtime: Option<f64>,
}

pub fn availability(args: &AvailabilityArgs) -> anyhow::Result<Report> {
    let level = match (args.level, args.downtime) {
        (Some(percent), _) => AvailabilityLevel::new(percent)?,
        (None, Some(seconds)) => level_for_weekly_downtime(seconds)?,
        (None, None) => bail!("give --level or --downtime"),
    };
    let tolerated = downtime(level);
    let mut report = Report::new(
        "availability",
        json!({
            "availability": level_json(level),
            "downtime": {
                "per_week": duration_json(tolerated.per_week),
                "per_month": duration_json(tolerated.per_month),
                "per_year": duration_json(tolerated.per_year),
            },
        }),
    );
    report
        .line("Availability", level.text())
        .line("Downtime a week", tolerated.per_week_text())
        .line("Downtime a 30-day month", tolerated.per_month_text())
        .line("Downtime a 365-day year", tolerated.per_year_text());
    Ok(report)
}

/// How a service's availability is given: a level, or the exposure that leads to one.
#[derive(Debug, Args)]
pub struct AvailabilityInput {
    /// The availability target, e.g. 99.0 or 99.0%.
    #[arg(long, value_parser = input::percent, conflicts_with_all = ["exposure", "extreme_reliability"])]
    availability: Option<f64>,
    /// The most the service could lose in an hour of unavailability, e.g. 200000 or 200K.
    #[arg(long, value_parser = input::amount)]
    exposure: Option<f64>,
    /// The service genuinely needs extreme reliability: 99.99%.
    #[arg(long)]
    extreme_reliability: bool,
}

impl AvailabilityInput {
    /// The target, and how it was reached when it came from the exposure.
    fn resolve(
        &self,
        settings: &SettingsSource,
    ) -> anyhow::Result<(AvailabilityLevel, Option<Exposure>)> {
        if let Some(percent) = self.availability {
            return Ok((AvailabilityLevel::new(percent)?, None));
        }
        let Some(exposure) = self.exposure.or(self.extreme_reliability.then_some(0.0)) else {
            bail!("give --availability, --exposure or --extreme-reliability");
        };
        let settings = settings.load()?;
        let target =
            availability_target(&settings.exposure_bands, exposure, self.extreme_reliability)?;
        Ok((
            target.level,
            Some(Exposure {
                per_hour: exposure,
                target,
                settings,
            }),
        ))
    }
}

/// An availability target reached from a financial exposure.
struct Exposure {
    per_hour: f64,
    target: AvailabilityTarget,
    settings: Settings,
}

impl Exposure {
    /// Why the exposure led to the target, in words.
    fn explanation(&self) -> String {
        let bands = self.settings.exposure_bands.bands();
        let exposure = format_amount(self.per_hour);
        match self.target.basis {
            TargetBasis::Band(index) => {
                format!(
                    "{exposure} an hour is within the band up to {}",
                    format_amount(bands[index].up_to)
                )
            }
            TargetBasis::AboveTopBand => format!(
                "{exposure} an hour is above the top band ({}), so it takes the top band's level",
                format_amount(bands[bands.len() - 1].up_to)
            ),
            TargetBasis::ExtremeReliability => {
                "the service genuinely needs extreme reliability".to_string()
            }
        }
    }

    fn json(&self) -> Value {
        let (band, up_to) = match self.target.basis {
            TargetBasis::Band(index) => (
                json!(index),
                json!(self.settings.exposure_bands.bands()[index].up_to),
            ),
            TargetBasis::AboveTopBand | TargetBasis::ExtremeReliability => {
                (Value::Null, Value::Null)
            }
        };
        json!({
            "per_hour": self.per_hour,
            "basis": match self.target.basis {
                TargetBasis::Band(_) => "band",
                TargetBasis::AboveTopBand => "above-top-band",
                TargetBasis::ExtremeReliability => "extreme-reliability",
            },
            "band_index": band,
            "band_up_to": up_to,
        })
    }
}

/// Inputs of `calc availability-target`.
#[derive(Debug, Args)]
#[command(allow_negative_numbers = true)]
pub struct AvailabilityTargetArgs {
    /// The most the service could lose in an hour of unavailability, e.g. 200000 or 200K.
    #[arg(long, value_parser = input::amount)]
    exposure: f64,
    /// The service genuinely needs extreme reliability: 99.99% whatever the exposure.
    #[arg(long)]
    extreme_reliability: bool,
}

pub fn target(args: &AvailabilityTargetArgs, settings: &SettingsSource) -> anyhow::Result<Report> {
    let settings = settings.load()?;
    let target = availability_target(
        &settings.exposure_bands,
        args.exposure,
        args.extreme_reliability,
    )?;
    let exposure = Exposure {
        per_hour: args.exposure,
        target,
        settings,
    };
    let weekly = downtime(target.level).per_week;
    let mut report = Report::new(
        "availability-target",
        json!({
            "availability": level_json(target.level),
            "downtime_per_week": duration_json(weekly),
            "exposure": exposure.json(),
        }),
    );
    report
        .line("Availability target", target.level.text())
        .line("Downtime a week", downtime(target.level).per_week_text())
        .line("Because", exposure.explanation());
    Ok(report)
}

/// How a service's feature demand is given: in words, or as feature requests a month.
#[derive(Debug, Args)]
pub struct DemandArgs {
    /// Product feature demand: low, medium, high or very-high.
    #[arg(long, conflicts_with = "requests")]
    demand: Option<String>,
    /// Feature requests a month, mapped to a demand level by the demand bands.
    #[arg(long)]
    requests: Option<f64>,
}

impl DemandArgs {
    /// The demand, when one was given.
    fn resolve(&self, settings: &SettingsSource) -> anyhow::Result<Option<Demand>> {
        Ok(match (&self.demand, self.requests) {
            (Some(demand), _) => Some(demand.parse()?),
            (None, Some(requests)) => Some(demand_for_requests(
                &settings.load()?.demand_bands,
                requests,
            )?),
            (None, None) => None,
        })
    }
}

/// How a service's deployment target is given: from its demand, or the target itself.
#[derive(Debug, Args)]
pub struct DeploymentInput {
    #[command(flatten)]
    demand: DemandArgs,
    /// The deployment target itself: monthly, fortnightly, weekly or daily-or-more.
    #[arg(long, conflicts_with_all = ["demand", "requests"])]
    deployment: Option<String>,
}

impl DeploymentInput {
    /// The target, and the demand it came from when it came from one.
    fn resolve(
        &self,
        settings: &SettingsSource,
    ) -> anyhow::Result<(DeploymentTarget, Option<Demand>)> {
        match (self.demand.resolve(settings)?, &self.deployment) {
            (Some(demand), _) => Ok((deployment_target(demand), Some(demand))),
            (None, Some(target)) => Ok((target.parse()?, None)),
            (None, None) => bail!("give --demand, --requests or --deployment"),
        }
    }
}

/// Inputs of `calc deployment-target`.
#[derive(Debug, Args)]
#[command(allow_negative_numbers = true)]
pub struct DeploymentTargetArgs {
    #[command(flatten)]
    demand: DemandArgs,
}

pub fn deployment(
    args: &DeploymentTargetArgs,
    settings: &SettingsSource,
) -> anyhow::Result<Report> {
    let Some(demand) = args.demand.resolve(settings)? else {
        bail!("give --demand or --requests");
    };
    let target = deployment_target(demand);
    let mut report = Report::new(
        "deployment-target",
        json!({
            "demand": demand.name(),
            "requests_per_month": args.demand.requests,
            "deployment_target": target.name(),
        }),
    );
    report
        .line("Feature demand", demand.label())
        .line("Deployment target", target.label());
    Ok(report)
}

/// Inputs of `calc select`.
#[derive(Debug, Args)]
#[command(allow_negative_numbers = true)]
pub struct SelectArgs {
    #[command(flatten)]
    availability: AvailabilityInput,
    #[command(flatten)]
    deployment: DeploymentInput,
}

pub fn selector(args: &SelectArgs, settings: &SettingsSource) -> anyhow::Result<Report> {
    let (level, exposure) = args.availability.resolve(settings)?;
    let (target, demand) = args.deployment.resolve(settings)?;
    let selection = select(level, target);
    let schedule = on_call_schedule(level);
    let weekly = downtime(level).per_week;
    let cell = selection.cell;
    let mut report = Report::new(
        "select",
        json!({
            "availability": level_json(level),
            "downtime_per_week": duration_json(weekly),
            "exposure": exposure.as_ref().map(Exposure::json),
            "demand": demand.map(Demand::name),
            "deployment_target": target.name(),
            "operating_model": cell.model.name(),
            "service_kind": cell.kind.name(),
            "effort": cell.effort,
            "max_effort": playbook_models::selector::MAX_EFFORT,
            "out_of_hours": schedule.out_of_hours.name(),
            "working_hours": schedule.working_hours.name(),
            "reasons": selection.reasons,
            "warnings": selection.warnings.iter().map(|w| json!({ "name": w.name(), "message": w.message() })).collect::<Vec<_>>(),
            "grid": { "cells": grid().iter().map(cell_json).collect::<Vec<_>>(), "selected": selection.cell_index },
        }),
    );
    let availability = match &exposure {
        Some(exposure) => format!("{} ({})", level.text(), exposure.explanation()),
        None => level.text(),
    };
    let deployment = match demand {
        Some(demand) => format!("{} ({} demand)", target.label(), demand.label()),
        None => target.label().to_string(),
    };
    report
        .line("Availability target", availability)
        .line(
            "Tolerable unavailability",
            format!("{} a week", downtime(level).per_week_text()),
        )
        .line("Deployment target", deployment)
        .line("Operating model", cell.model.label())
        .line("Kind of service", cell.kind.label())
        .line(
            "Implementation effort",
            format!(
                "{} of {}",
                cell.effort,
                playbook_models::selector::MAX_EFFORT
            ),
        )
        .line("On call in working hours", schedule.working_hours.label())
        .line("On call out of hours", schedule.out_of_hours.label())
        .list("Why", selection.reasons.iter().copied())
        .list(
            "Warnings",
            selection.warnings.iter().map(|warning| warning.message()),
        );
    Ok(report)
}

fn cell_json(cell: &GridCell) -> Value {
    json!({
        "availability": level_json(cell.availability.level()),
        "deployment_target": cell.deployment.name(),
        "operating_model": cell.model.name(),
        "service_kind": cell.kind.name(),
        "effort": cell.effort,
    })
}

/// Inputs of `calc schedule`.
#[derive(Debug, Args)]
#[command(allow_negative_numbers = true)]
pub struct ScheduleArgs {
    #[command(flatten)]
    availability: AvailabilityInput,
}

pub fn schedule(args: &ScheduleArgs, settings: &SettingsSource) -> anyhow::Result<Report> {
    let (level, _) = args.availability.resolve(settings)?;
    let schedule = on_call_schedule(level);
    let mut report = Report::new(
        "schedule",
        json!({
            "availability": level_json(level),
            "working_hours": schedule.working_hours.name(),
            "out_of_hours": schedule.out_of_hours.name(),
        }),
    );
    report
        .line("Availability target", level.text())
        .line("On call in working hours", schedule.working_hours.label())
        .line("On call out of hours", schedule.out_of_hours.label());
    Ok(report)
}
