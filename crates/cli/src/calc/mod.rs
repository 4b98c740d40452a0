//! `playbook calc MODEL [--input value ...] [--json]`: any of the playbook's models on the
//! command line, for people and scripts. The models themselves live in `playbook-models`; this
//! module reads the inputs, the organisation's bands from `playbook.toml`, and prints results.

mod costs;
mod decisions;
mod estate;
mod input;
mod report;
pub mod settings;

use std::path::PathBuf;

use clap::{Args, Subcommand};

use report::Report;
use settings::SettingsSource;

/// `playbook calc`'s arguments.
#[derive(Debug, Args)]
#[command(subcommand_value_name = "MODEL", subcommand_help_heading = "Models")]
pub struct CalcArgs {
    #[command(subcommand)]
    model: Model,
    /// Print one JSON object for scripts instead of text.
    #[arg(long, global = true)]
    json: bool,
    /// Read the organisation's bands from this playbook.toml (default: ./playbook.toml if present).
    #[arg(long, global = true, value_name = "FILE")]
    config: Option<PathBuf>,
}

/// The models, by name.
#[derive(Debug, Subcommand)]
enum Model {
    /// Tolerable downtime for an availability level, or the level for a weekly downtime.
    Availability(decisions::AvailabilityArgs),
    /// The availability target for a financial exposure.
    AvailabilityTarget(decisions::AvailabilityTargetArgs),
    /// The deployment target for a product feature demand.
    DeploymentTarget(decisions::DeploymentTargetArgs),
    /// The operating model for an availability target and a deployment target.
    Select(decisions::SelectArgs),
    /// The on-call schedules for an availability target.
    Schedule(decisions::ScheduleArgs),
    /// The loss an incident's handling protected against the week's tolerable loss.
    LossProtection(costs::LossProtectionArgs),
    /// The incident type and response for an estimated loss.
    Incident(costs::IncidentArgs),
    /// The yearly out-of-hours on-call cost of three ways of covering services.
    RunCost(costs::RunCostArgs),
    /// The lead time from ready to live under each operating model.
    LeadTime(costs::LeadTimeArgs),
    /// How the two operating models' costs compare.
    RelativeCosts,
    /// Every service of an estate from a CSV file: targets, operating models, schedules, costs.
    Estate(estate::EstateArgs),
}

/// The model's result as it is printed: text, or JSON with `--json`.
pub fn render(args: &CalcArgs) -> anyhow::Result<String> {
    let report = calculate(args)?;
    if args.json {
        Ok(format!(
            "{}\n",
            serde_json::to_string_pretty(report.json())?
        ))
    } else {
        Ok(report.text().to_string())
    }
}

fn calculate(args: &CalcArgs) -> anyhow::Result<Report> {
    let settings = SettingsSource::new(args.config.clone());
    match &args.model {
        Model::Availability(model) => decisions::availability(model),
        Model::AvailabilityTarget(model) => decisions::target(model, &settings),
        Model::DeploymentTarget(model) => decisions::deployment(model, &settings),
        Model::Select(model) => decisions::selector(model, &settings),
        Model::Schedule(model) => decisions::schedule(model, &settings),
        Model::LossProtection(model) => costs::protection(model, &settings),
        Model::Incident(model) => costs::incident(model, &settings),
        Model::RunCost(model) => costs::run_costs(model),
        Model::LeadTime(model) => costs::lead_times(model),
        Model::RelativeCosts => Ok(costs::relative()),
        Model::Estate(model) => estate::estate_report(model, &settings, args.json),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::Parser;

    #[derive(Parser)]
    struct CalcCommand {
        #[command(flatten)]
        calc: CalcArgs,
    }

    /// `playbook calc ARGUMENTS` as printed.
    pub(super) fn calc(arguments: &[&str]) -> anyhow::Result<String> {
        let cli =
            CalcCommand::try_parse_from(std::iter::once("calc").chain(arguments.iter().copied()))?;
        render(&cli.calc)
    }

    fn calc_json(arguments: &[&str]) -> serde_json::Value {
        let mut arguments = arguments.to_vec();
        arguments.push("--json");
        serde_json::from_str(&calc(&arguments).unwrap()).unwrap()
    }

    #[test]
    fn select_as_json_carries_the_grid_and_the_selected_cell() {
        let json = calc_json(&["select", "--exposure", "200K", "--demand", "very high"]);
        assert_eq!(json["model"], "select");
        assert_eq!(json["operating_model"], "you-build-it-you-run-it");
        assert_eq!(json["out_of_hours"], "domain");
        assert_eq!(json["grid"]["cells"].as_array().map(Vec::len), Some(16));
        assert_eq!(json["grid"]["selected"], 7);
    }

    #[test]
    fn every_model_answers() {
        let runs: [&[&str]; 10] = [
            &["availability", "--level", "99.9"],
            &["availability-target", "--exposure", "6000"],
            &["deployment-target", "--demand", "low"],
            &[
                "select",
                "--availability",
                "99.99%",
                "--deployment",
                "monthly",
            ],
            &["schedule", "--exposure", "810000"],
            &[
                "loss-protection",
                "--exposure",
                "200000",
                "--incident-minutes",
                "30",
            ],
            &["incident", "--loss", "300000"],
            &[
                "run-cost",
                "--teams",
                "4",
                "--services",
                "99.9,99.0",
                "--standby-rate",
                "700",
                "--analyst-rate",
                "500",
                "--series",
            ],
            &["lead-time", "--standard-changes", "100"],
            &["relative-costs"],
        ];
        for run in runs {
            let json = calc_json(run);
            assert_eq!(json["model"], run[0], "{run:?}");
        }
    }

    #[test]
    fn the_worked_examples_come_out_as_the_playbook_states_them() {
        let week = |level: &str| {
            calc_json(&["availability", "--level", level])["downtime"]["per_week"]["text"].clone()
        };
        assert_eq!(week("95.0"), "8h 24m 0s");
        assert_eq!(week("99.9"), "0h 10m 5s");
        let target = |exposure: &str| {
            calc_json(&["availability-target", "--exposure", exposure])["availability"]["text"]
                .clone()
        };
        assert_eq!(target("6000"), "95.0%");
        assert_eq!(target("200000"), "99.0%");
        assert_eq!(target("810000"), "99.9%");
        let text = calc(&[
            "loss-protection",
            "--exposure",
            "200000",
            "--availability",
            "99.0",
            "--incident-minutes",
            "30",
            "--incident-loss",
            "100000",
        ])
        .unwrap();
        for expected in ["336,000", "236,000", "70%"] {
            assert!(
                text.contains(expected),
                "{expected:?} missing from:\n{text}"
            );
        }
    }

    #[test]
    fn bad_input_gets_the_models_message() {
        let error = calc(&["availability", "--level", "100"]).unwrap_err();
        assert_eq!(
            error.to_string(),
            "availability must be between 0% and 100%, exclusive"
        );
        let error = calc(&["select", "--exposure", "-5", "--demand", "low"]).unwrap_err();
        assert_eq!(
            error.to_string(),
            "exposure per hour must be a finite amount of zero or more"
        );
        let error = calc(&[
            "run-cost",
            "--teams",
            "2",
            "--standby-rate",
            "1",
            "--analyst-rate",
            "1",
            "--payment",
            "callout-only",
        ])
        .unwrap_err();
        assert!(error.to_string().contains("unfair"));
    }

    #[test]
    fn bands_come_from_the_config_file() {
        let dir = tempfile::tempdir().unwrap();
        let config = dir.path().join("playbook.toml");
        std::fs::write(
            &config,
            "[models]\nexposure_bands = [[1000, 99.0], [5000, 99.9]]\n",
        )
        .unwrap();
        let config = config.to_string_lossy().into_owned();
        let json = calc_json(&[
            "availability-target",
            "--exposure",
            "2000",
            "--config",
            &config,
        ]);
        assert_eq!(json["availability"]["text"], "99.9%");
        std::fs::write(&config, "[models]\nexposure_bands = []\n").unwrap();
        let error = calc(&[
            "availability-target",
            "--exposure",
            "2000",
            "--config",
            &config,
        ])
        .unwrap_err();
        assert!(
            format!("{error:#}").contains("exposure bands must have at least one band"),
            "{error:#}"
        );
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
