//! `playbook calc` from the registry: every calculator answers, the help shows the model's own
//! defaults, mistakes are named by their flag, and the same text reads the same way on the
//! command line, in a page's field and in the estate's CSV.

use clap::{CommandFactory, Parser};
use playbook_models::calculator::{CALCULATORS, Inputs, calculate, find};
use playbook_models::estate::csv::parse_csv;
use playbook_models::{Settings, text::format_amount};

use super::*;

#[derive(Parser)]
struct CalcCommand {
    #[command(flatten)]
    calc: CalcArgs,
}

/// `playbook calc ARGUMENTS` as printed.
fn calc(arguments: &[&str]) -> anyhow::Result<String> {
    let cli =
        CalcCommand::try_parse_from(std::iter::once("calc").chain(arguments.iter().copied()))?;
    render(&cli.calc)
}

fn calc_json(arguments: &[&str]) -> serde_json::Value {
    let mut arguments = arguments.to_vec();
    arguments.push("--json");
    serde_json::from_str(&calc(&arguments).unwrap()).unwrap()
}

fn help_of(calculator: &str) -> String {
    let mut command = CalcCommand::command();
    command
        .find_subcommand_mut(calculator)
        .expect("a subcommand per calculator")
        .render_long_help()
        .to_string()
}

#[test]
fn every_calculator_is_a_subcommand_that_answers_on_its_defaults() {
    for calculator in CALCULATORS.iter() {
        let text = calc(&[calculator.name]).unwrap();
        let first = calculator.outputs[0].label;
        assert!(text.contains(first), "{}: {text}", calculator.name);
        let json = calc_json(&[calculator.name]);
        assert_eq!(json["calculator"], calculator.name);
        assert!(!json["result"].is_null(), "{}: {json}", calculator.name);
    }
}

#[test]
fn the_selector_gives_the_worked_example() {
    let text = calc(&["selector", "--exposure", "200K", "--demand", "very high"]).unwrap();
    for expected in [
        "99.0%",
        "1h 40m 48s",
        "Daily or more",
        "You Build It You Run It",
    ] {
        assert!(
            text.to_lowercase().contains(&expected.to_lowercase()),
            "{expected}: {text}"
        );
    }
    let json = calc_json(&["selector", "--exposure", "200000", "--demand", "very-high"]);
    assert_eq!(json["result"]["cell"]["model"], "you-build-it-you-run-it");
    assert_eq!(json["inputs"]["exposure"], "200000");
}

#[test]
fn help_shows_the_defaults_the_model_uses() {
    let settings = Settings::default();
    let help = help_of("incident-response");
    let high = format_amount(settings.incident_thresholds.high()).replace(',', "");
    let medium = format_amount(settings.incident_thresholds.medium()).replace(',', "");
    assert!(help.contains(&format!("[default: {high}]")), "{help}");
    assert!(help.contains(&format!("[default: {medium}]")), "{help}");
    let help = help_of("run-cost");
    assert!(help.contains("--standby-rate"), "{help}");
    assert!(
        help.contains("standby-and-callout, standby-only, callout-only"),
        "{help}"
    );
    let help = help_of("lead-time");
    assert!(help.contains("days between meetings, 1 to 365"), "{help}");
}

#[test]
fn mistakes_are_named_by_their_flag_with_the_fields_message() {
    let error = calc(&["run-cost", "--standby-rate", "2000000000000"]).unwrap_err();
    assert_eq!(
        error.to_string(),
        "--standby-rate: Standby pay must be at most 1,000,000,000,000"
    );
    for teams in ["-5", "0"] {
        let error = calc(&["run-cost", "--teams", teams]).unwrap_err();
        assert_eq!(
            error.to_string(),
            "--teams: Product teams must be at least 1"
        );
    }
    let error = calc(&["run-cost", "--payment", "callout-only"]).unwrap_err();
    assert!(
        error.to_string().starts_with("--payment: Payment model"),
        "{error}"
    );
    let error = calc(&["availability", "--level", "100"]).unwrap_err();
    assert!(
        error.to_string().starts_with("--level: Availability level"),
        "{error}"
    );
}

/// What each reader makes of `text` as an exposure: a number, or the message without the
/// reader's own framing (the flag, the CSV's "(found ...)").
fn exposure_everywhere(text: &str) -> [Result<String, String>; 3] {
    let page = calculate(
        find("availability-target").unwrap(),
        &Inputs::from_pairs([("exposure", text)]),
        &Settings::default(),
    );
    let page = match page.errors.first() {
        Some((_, message)) => Err(message.clone()),
        None => Ok(page.value("level").unwrap().to_string()),
    };
    let csv = format!("service,exposure_per_hour,demand\nA,\"{text}\",high\n");
    let csv = match parse_csv(&csv, "$") {
        Ok(rows) => Ok(rows[0].service.exposure_per_hour.to_string()),
        Err(errors) => Err(errors[0]
            .message
            .split(" (found")
            .next()
            .unwrap()
            .to_string()),
    };
    let command = calc(&["availability-target", "--exposure", text])
        .map(|out| out.lines().next().unwrap().to_string())
        .map_err(|error| error.to_string().replacen("--exposure: ", "", 1));
    [page, csv, command]
}

#[test]
fn the_same_text_reads_the_same_on_the_command_line_in_a_page_and_in_the_csv() {
    for text in ["2,5", "1.000,50", "€5", "1e3", "abc", "2000000000000"] {
        let [page, csv, command] = exposure_everywhere(text);
        let page = page.expect_err(text);
        assert_eq!(csv, Err(page.clone()), "{text}");
        assert_eq!(command, Err(page), "{text}");
    }
    for (text, exposure) in [
        ("-0", 0.0),
        (" 200 000 ", 200_000.0),
        ("200k", 200_000.0),
        ("$5", 5.0),
    ] {
        let [page, csv, command] = exposure_everywhere(text);
        assert!(
            page.is_ok() && command.is_ok(),
            "{text}: {page:?} {command:?}"
        );
        assert_eq!(csv, Ok(exposure.to_string()), "{text}");
    }
    let [page, csv, command] = exposure_everywhere("");
    assert!(page.is_err() && csv.is_err() && command.is_err());
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
    let arguments = [
        "availability-target",
        "--exposure",
        "2000",
        "--config",
        &config,
    ];
    assert_eq!(calc_json(&arguments)["result"]["level"], 99.9);
    std::fs::write(&config, "[models]\ncurrency = \"£\"\n").unwrap();
    let in_pounds = [
        "availability-target",
        "--exposure",
        "£2000",
        "--config",
        &config,
    ];
    assert_eq!(calc_json(&in_pounds)["result"]["level"], 95.0);
    let error = calc(&[
        "availability-target",
        "--exposure",
        "$2000",
        "--config",
        &config,
    ]);
    assert_eq!(
        error.unwrap_err().to_string(),
        "--exposure: Financial exposure is in £, not $: write the amount in £"
    );
    std::fs::write(&config, "[models]\nexposure_bands = []\n").unwrap();
    let error = calc(&arguments).unwrap_err();
    assert!(
        format!("{error:#}").contains("Exposure bands must have at least one band"),
        "{error:#}"
    );
}

#[test]
fn an_estate_file_gives_its_table_its_csv_and_its_mistakes_by_line() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("estate.csv");
    std::fs::write(
        &file,
        "service,exposure_per_hour,demand\nCheckout,810000,high\nSearch,=1+1,low\n",
    )
    .unwrap();
    let path = file.to_string_lossy().into_owned();
    let error = calc(&["estate", &path]).unwrap_err().to_string();
    assert!(error.starts_with(&format!("{path}:3:")), "{error}");
    std::fs::write(
        &file,
        "service,exposure_per_hour,demand\nCheckout,810000,high\n=Search,6000,low\n",
    )
    .unwrap();
    let text = calc(&["estate", &path]).unwrap();
    assert!(
        text.contains("Checkout") && text.contains("99.9%"),
        "{text}"
    );
    let csv = calc(&["estate", "--services", &path, "--csv"]).unwrap();
    assert!(csv.contains("\n'=Search,"), "{csv}");
    assert!(calc(&["selector", "--csv"]).is_err());
}
