//! `playbook calc estate FILE.csv [--json | --csv]`: the estate model on a CSV file of services
//! (columns `service`, `exposure_per_hour`, `demand`, and optionally `domain` and `team`, with a
//! header row, in any order). Prints a table for people, the results file with `--csv`, or one
//! JSON object with `--json`. Every mistake in the file is reported with its line and column, all
//! at once, and then nothing else is printed.
//!
//! The file is read by the models' own CSV reader, the one the page's estate calculator uses,
//! and the results file is the one the page offers for download, so both give the same figures.

use std::path::{Path, PathBuf};

use anyhow::{Context, bail};
use clap::Args;
use playbook_models::estate::csv::{EstateRow, parse_csv};
use playbook_models::estate::{
    Cover, DemandInput, Estate, EstateInput, Light, OnCallPay, Schedule, ServiceResult, estate,
    result_cells, results_csv,
};
use playbook_models::text::format_amount;
use playbook_models::{OperatingModel, PaymentModel, ScheduleCost};
use serde_json::{Value, json};

use super::costs::schedule_cost_json;
use super::input;
use super::report::{Report, duration_json, level_json};
use super::settings::SettingsSource;

/// Inputs of `calc estate`.
#[derive(Debug, Args)]
#[command(allow_negative_numbers = true)]
pub struct EstateArgs {
    /// The estate: a CSV file with a header row naming service, exposure_per_hour and demand
    /// (low, medium, high, very high, or feature requests a month), and optionally domain and team.
    #[arg(value_name = "FILE.csv")]
    file: PathBuf,
    /// Print the results as CSV, one row per service, for scripts and spreadsheets.
    #[arg(long)]
    csv: bool,
    /// Pay for a person on standby for a week.
    #[arg(long, value_parser = input::amount, default_value = "500")]
    standby_rate: f64,
    /// Pay for an hour called out.
    #[arg(long, value_parser = input::amount, default_value = "50")]
    callout_rate: f64,
    /// Expected out-of-hours callout hours a week for each covered service.
    #[arg(long, default_value_t = 2.0)]
    callout_hours: f64,
    /// standby-only or standby-and-callout (callout-only is refused as unfair).
    #[arg(long, default_value = "standby-and-callout")]
    payment: String,
    /// Ops Run It's analyst on standby for a week, possibly an outsourced rate.
    #[arg(long, value_parser = input::amount, default_value = "400")]
    analyst_rate: f64,
}

pub fn estate_report(
    args: &EstateArgs,
    settings: &SettingsSource,
    json: bool,
) -> anyhow::Result<Report> {
    if json && args.csv {
        bail!("choose --json or --csv, not both");
    }
    let text = std::fs::read_to_string(&args.file)
        .with_context(|| format!("cannot read {}", args.file.display()))?;
    let rows = read(&args.file, &text)?;
    let settings = settings.load()?;
    let pay = OnCallPay {
        standby_rate_per_week: args.standby_rate,
        callout_rate_per_hour: args.callout_rate,
        callout_hours_per_service_week: args.callout_hours,
        payment: args.payment.parse::<PaymentModel>()?,
        ops_analyst_rate_per_week: args.analyst_rate,
    };
    let result = estate(&EstateInput {
        services: &rows,
        exposure_bands: &settings.exposure_bands,
        demand_bands: &settings.demand_bands,
        pay,
    })?;
    if args.csv {
        let mut report = Report::new("estate", json!({}));
        report.push_text(&results_csv(&rows, &result));
        return Ok(report);
    }
    let mut report = Report::new("estate", estate_json(&args.file, &rows, &result, &pay));
    report.push_text(&table(&rows, &result));
    summary(&mut report, &rows, &result);
    Ok(report)
}

/// The services in `text`, or every mistake in it as `FILE:line:column: message` lines.
fn read(file: &Path, text: &str) -> anyhow::Result<Vec<EstateRow>> {
    parse_csv(text).map_err(|errors| {
        let mut message = format!(
            "{} has {} mistake{}, so nothing was calculated:",
            file.display(),
            errors.len(),
            if errors.len() == 1 { "" } else { "s" }
        );
        for error in &errors {
            message.push_str(&format!(
                "\n{}:{}:{}: {}",
                file.display(),
                error.line,
                error.column,
                error.message
            ));
        }
        anyhow::anyhow!(message)
    })
}

/// The results file's cells as an aligned table, without the columns repeated from the input.
fn table(rows: &[EstateRow], estate: &Estate) -> String {
    const SHOWN: [(usize, &str); 9] = [
        (0, "Service"),
        (4, "Demand"),
        (12, "Light"),
        (6, "Availability"),
        (7, "A week"),
        (8, "Deployment"),
        (9, "Operating model"),
        (10, "Out of hours"),
        (11, "Schedule"),
    ];
    let cells: Vec<[String; 13]> = rows
        .iter()
        .zip(&estate.services)
        .map(|(row, result)| result_cells(row, result, estate))
        .collect();
    let widths: Vec<usize> = SHOWN
        .iter()
        .map(|&(column, title)| {
            cells
                .iter()
                .map(|c| c[column].chars().count())
                .chain([title.len()])
                .max()
                .unwrap_or_default()
        })
        .collect();
    let mut text = String::new();
    let mut line = |values: Vec<&str>| {
        let mut out = String::new();
        for (value, width) in values.iter().zip(&widths) {
            out.push_str(value);
            out.extend(std::iter::repeat_n(' ', width - value.chars().count() + 2));
        }
        text.push_str(out.trim_end());
        text.push('\n');
    };
    line(SHOWN.iter().map(|(_, title)| *title).collect());
    for row in &cells {
        line(
            SHOWN
                .iter()
                .map(|&(column, _)| row[column].as_str())
                .collect(),
        );
    }
    text
}

fn summary(report: &mut Report, rows: &[EstateRow], estate: &Estate) {
    let counts = estate.counts;
    report
        .block("")
        .line(
            "Services",
            format!(
                "{}: {} You Build It You Run It, {} Ops Run It",
                estate.services.len(),
                counts.you_build_it_you_run_it,
                counts.ops_run_it
            ),
        )
        .line(
            "Lights",
            format!(
                "{} green, {} amber, {} red",
                counts.light(Light::Green),
                counts.light(Light::Amber),
                counts.light(Light::Red)
            ),
        )
        .line(
            "Out of hours",
            format!(
                "{} on a team's own schedule, {} on a domain schedule, {} with none, {} with the Ops Run It analyst",
                counts.cover(Cover::Team),
                counts.cover(Cover::Domain),
                counts.cover(Cover::None),
                counts.cover(Cover::Analyst)
            ),
        )
        .line("Teams", estate.teams.len().to_string())
        .line("Schedules selected, a year", yearly(&estate.costs.selected))
        .line("Every team on its own", yearly(&estate.costs.every_team))
        .line("Ops Run It for everything", yearly(&estate.costs.ops_run_it));
    let schedules: Vec<String> = estate
        .schedules
        .iter()
        .map(|schedule| {
            format!(
                "{} ({}): {}",
                schedule.name,
                schedule.kind.label(),
                covered_names(schedule, rows).join(", ")
            )
        })
        .collect();
    report.list("Schedules needed", schedules.iter().map(String::as_str));
}

fn yearly(cost: &ScheduleCost) -> String {
    format!(
        "{} ({} schedule{}: {} standby, {} callouts)",
        format_amount(cost.total_per_year),
        cost.schedules,
        if cost.schedules == 1 { "" } else { "s" },
        format_amount(cost.standby_per_year),
        format_amount(cost.callout_per_year)
    )
}

fn estate_json(file: &Path, rows: &[EstateRow], estate: &Estate, pay: &OnCallPay) -> Value {
    let services: Vec<Value> = rows
        .iter()
        .zip(&estate.services)
        .map(|(row, result)| service_json(row, result, estate))
        .collect();
    json!({
        "file": file.display().to_string(),
        "services": services,
        "counts": counts_json(estate),
        "schedules": schedules_json(rows, estate),
        "costs": {
            "selected": schedule_cost_json(&estate.costs.selected),
            "every_team": schedule_cost_json(&estate.costs.every_team),
            "ops_run_it": schedule_cost_json(&estate.costs.ops_run_it),
        },
        "pay": pay_json(pay),
    })
}

/// One service: its inputs from the file, with its line, then its decisions.
fn service_json(row: &EstateRow, result: &ServiceResult, estate: &Estate) -> Value {
    let service = &row.service;
    let demand = match service.demand {
        DemandInput::Level(level) => json!({ "level": level.name() }),
        DemandInput::Requests(requests) => {
            json!({ "requests_per_month": requests, "level": result.demand.name() })
        }
    };
    json!({
        "line": row.line,
        "service": service.name,
        "domain": service.domain,
        "team": service.team,
        "exposure_per_hour": service.exposure_per_hour,
        "demand": demand,
        "availability": level_json(result.availability),
        "tolerable_unavailability_per_week": duration_json(result.tolerable_seconds_a_week),
        "deployment_target": result.deployment.name(),
        "operating_model": result.model.name(),
        "out_of_hours": result.cover.name(),
        "schedule": result.schedule.map(|at| estate.schedules[at].name.as_str()),
        "light": result.light.name(),
    })
}

/// How many services and teams, and how many services have each operating model, cover and
/// light, by name.
fn counts_json(estate: &Estate) -> Value {
    let counts = estate.counts;
    let by = |items: &[(&str, u32)]| -> Value {
        items
            .iter()
            .map(|(name, count)| ((*name).to_string(), json!(count)))
            .collect::<serde_json::Map<_, _>>()
            .into()
    };
    json!({
        "services": estate.services.len(),
        "teams": estate.teams.len(),
        "operating_models": by(&[
            (OperatingModel::YouBuildItYouRunIt.name(), counts.you_build_it_you_run_it),
            (OperatingModel::OpsRunIt.name(), counts.ops_run_it),
        ]),
        "out_of_hours": by(&Cover::ALL.map(|c| (c.name(), counts.cover(c)))),
        "lights": by(&Light::ALL.map(|l| (l.name(), counts.light(l)))),
    })
}

/// The schedules needed, each with the names of the services it covers.
fn schedules_json(rows: &[EstateRow], estate: &Estate) -> Value {
    estate
        .schedules
        .iter()
        .map(|s| {
            json!({
                "kind": s.kind.name(),
                "name": s.name,
                "services": covered_names(s, rows),
            })
        })
        .collect()
}

/// The names of the services `schedule` covers, in order.
fn covered_names<'r>(schedule: &Schedule, rows: &'r [EstateRow]) -> Vec<&'r str> {
    schedule
        .services
        .iter()
        .map(|&i| rows[i].service.name.as_str())
        .collect()
}

fn pay_json(pay: &OnCallPay) -> Value {
    json!({
        "standby_rate_per_week": pay.standby_rate_per_week,
        "callout_rate_per_hour": pay.callout_rate_per_hour,
        "callout_hours_per_service_week": pay.callout_hours_per_service_week,
        "payment": pay.payment.name(),
        "ops_analyst_rate_per_week": pay.ops_analyst_rate_per_week,
    })
}

#[cfg(test)]
mod tests {
    use super::super::tests::calc;
    use playbook_models::Settings;
    use playbook_models::calculator::{Inputs, calculate, download_csv, find};

    /// The scale page's worked estate.
    const RETAILER: &str = include_str!("../../../models/src/estate/retailer.csv");

    /// A CSV file in a folder of its own, removed when dropped.
    struct File {
        _dir: tempfile::TempDir,
        path: std::path::PathBuf,
    }

    impl File {
        fn new(name: &str, text: &str) -> Self {
            let dir = tempfile::tempdir().unwrap();
            let path = dir.path().join(name);
            std::fs::write(&path, text).unwrap();
            Self { _dir: dir, path }
        }

        fn arg(&self) -> String {
            self.path.to_string_lossy().into_owned()
        }
    }

    #[test]
    fn the_worked_estate_prints_its_lights_schedules_and_costs() {
        let file = File::new("retailer.csv", RETAILER);
        let text = calc(&["estate", &file.arg()]).unwrap();
        for expected in [
            "Search              4          amber",
            "Order Management    low        red",
            "9 green, 2 amber, 1 red",
            "171,600 (5 schedules",
            "374,400 (12 schedules",
            "83,200 (1 schedule:",
            "Home Ranges (domain schedule): Bedroom, Living Room, Kitchen",
        ] {
            assert!(
                text.contains(expected),
                "{expected:?} missing from:\n{text}"
            );
        }
    }

    #[test]
    fn the_command_gives_the_pages_figures() {
        let file = File::new("same.csv", RETAILER);
        let printed = calc(&["estate", &file.arg(), "--csv"]).unwrap();
        let outcome = calculate(
            find("estate").unwrap(),
            &Inputs::from_pairs([("services", RETAILER)]),
            &Settings::default(),
        );
        assert!(outcome.is_ok(), "{:?}", outcome.errors);
        assert_eq!(download_csv(&outcome).unwrap(), printed);
        assert_eq!(outcome.value("cost_selected"), Some("$171,600"));
        let json: serde_json::Value =
            serde_json::from_str(&calc(&["estate", &file.arg(), "--json"]).unwrap()).unwrap();
        assert_eq!(json["model"], "estate");
        assert_eq!(json["costs"]["selected"]["total_per_year"], 171_600.0);
        assert_eq!(json["counts"]["lights"]["amber"], 2);
        assert_eq!(json["services"][9]["demand"]["requests_per_month"], 4.0);
        assert_eq!(
            json["services"][9]["operating_model"],
            "you-build-it-you-run-it"
        );
        assert_eq!(json["schedules"][2]["services"][0], "Bedroom");
    }

    #[test]
    fn every_planted_mistake_is_reported_with_its_line_and_nothing_else_is_printed() {
        let file = File::new(
            "planted.csv",
            "team,service,exposure_per_hour,demand\n\
             Payments,Checkout,810000,high\n\
             ,,5000,low\n\
             ,Bedroom,-5,very high\n\
             ,Kitchen,lots,medium\n\
             ,Search,5000,enormous\n\
             ,CHECKOUT,5000,high\n\
             ,Gift Lists,5000,\n",
        );
        let error = calc(&["estate", &file.arg()]).unwrap_err().to_string();
        let path = file.arg();
        assert!(
            error.starts_with(&format!(
                "{path} has 6 mistakes, so nothing was calculated:"
            )),
            "{error}"
        );
        for at in [
            "3:2: service is missing",
            "4:10: exposure_per_hour",
            "5:10: exposure_per_hour",
            "6:14: demand must be",
            "7:2: service \"CHECKOUT\" is already on line 2",
            "8:18: demand is missing",
        ] {
            assert!(
                error.contains(&format!("\n{path}:{at}")),
                "{at} missing from:\n{error}"
            );
        }
        assert!(calc(&["estate", &path, "--json", "--csv"]).is_err());
    }

    #[test]
    fn bands_and_pay_come_from_the_config_and_the_options() {
        let file = File::new(
            "bands.csv",
            "service,exposure_per_hour,demand\nLedger,2000,low\n",
        );
        let config = File::new(
            "playbook.toml",
            "[models]\nexposure_bands = [[1000, 95.0], [5000, 99.9]]\n",
        );
        let text = calc(&["estate", &file.arg(), "--csv", "--config", &config.arg()]).unwrap();
        assert!(text.contains(",99.9%,"), "{text}");
        let error = calc(&["estate", &file.arg(), "--payment", "callout-only"]).unwrap_err();
        assert!(error.to_string().contains("unfair"), "{error}");
    }
}
