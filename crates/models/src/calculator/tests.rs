//! The calculators reproduce the playbook's worked examples, and refuse bad input at the field.

use super::*;
use crate::calculator::FieldKind;

fn run(name: &str, pairs: &[(&str, &str)]) -> Outcome {
    calculate(
        find(name).expect("a known calculator"),
        &Inputs::from_pairs(pairs.iter().copied()),
        &Settings::default(),
    )
}

#[test]
fn selector_reproduces_the_worked_example() {
    let out = run(
        "selector",
        &[("exposure", "200000"), ("demand", "very-high")],
    );
    assert!(out.is_ok(), "{:?}", out.errors);
    assert_eq!(out.value("level"), Some("99.0%"));
    assert_eq!(out.value("week"), Some("1h 40m 48s"));
    assert_eq!(out.value("deployment"), Some("daily or more"));
    assert_eq!(out.value("model"), Some("You Build It You Run It"));
    assert_eq!(
        out.value("schedule"),
        Some("a domain schedule shared by sibling teams")
    );
    assert_eq!(out.value("cell"), Some("7"));
}

#[test]
fn availability_targets_of_the_retailer() {
    for (exposure, level) in [("6000", "95.0%"), ("$200,000", "99.0%"), ("810k", "99.9%")] {
        let out = run("availability-target", &[("exposure", exposure)]);
        assert_eq!(out.value("level"), Some(level), "{exposure}");
    }
}

#[test]
fn loss_protection_of_the_bedroom_incident() {
    let out = run(
        "loss-protection",
        &[
            ("exposure", "200000"),
            ("level", "99.0"),
            ("incident_minutes", "30"),
            ("incident_loss", "100000"),
        ],
    );
    assert_eq!(out.value("projected"), Some("$336,000"));
    assert_eq!(out.value("protected"), Some("$236,000"));
    assert_eq!(out.value("percent"), Some("70%"));
}

#[test]
fn defaults_come_from_settings() {
    let out = run("incident-response", &[("loss", "100000")]);
    assert_eq!(out.value("type"), Some("Major incident"));
    let field = find("selector")
        .unwrap()
        .fields
        .iter()
        .find(|f| f.key == "bands")
        .unwrap();
    assert_eq!(
        field.initial(&Settings::default()),
        "7000 = 95.0, 250000 = 99.0, 800000 = 99.9"
    );
}

#[test]
fn bad_values_are_refused_at_their_field() {
    for bad in ["NaN", "inf", "-5", "1e308", "", "abc"] {
        let out = run("availability", &[("level", bad)]);
        assert_eq!(out.errors.len(), 1, "{bad}");
        assert_eq!(out.errors[0].0, "level");
        assert!(out.values.is_empty());
    }
    let out = run("availability", &[("level", "100")]);
    assert!(
        out.errors[0].1.contains("above 0 and below 100"),
        "{:?}",
        out.errors
    );
    let out = run("run-cost", &[("payment", "callout-only")]);
    assert_eq!(out.errors[0].0, "payment");
    assert!(out.errors[0].1.contains("unfair"));
    let out = run("selector", &[("bands", "250000 = 99.0, 7000 = 95.0")]);
    assert_eq!(out.errors[0].0, "bands");
    let out = run("deployment-target", &[("requests", "3")]);
    assert_eq!(out.value("target"), Some("weekly"));
}

#[test]
fn every_mistake_is_shown_at_its_own_field_and_no_other() {
    for calculator in CALCULATORS.iter() {
        for field in calculator.fields {
            let bad: &[&str] = match field.kind {
                FieldKind::Amount => &["abc", "2,5", "-1", "2000000000000", "€5"],
                FieldKind::Number | FieldKind::Count | FieldKind::Percent => {
                    &["abc", "2,5", "-1", "2000000000000"]
                }
                FieldKind::Level => &["abc", "100", "0", "99.9999999"],
                FieldKind::Choice(_) => &["neither"],
                FieldKind::Bands => &["abc", "5 = 99.0, 1 = 95.0"],
                FieldKind::Text | FieldKind::Table => continue,
            };
            for text in bad {
                let out = run(calculator.name, &[(field.key, *text)]);
                let keys: Vec<&str> = out.errors.iter().map(|(key, _)| *key).collect();
                assert_eq!(
                    keys,
                    [field.key],
                    "{}: {} = {text}",
                    calculator.name,
                    field.key
                );
                assert!(
                    out.errors[0].1.starts_with(field.label),
                    "{}: {}",
                    calculator.name,
                    out.errors[0].1
                );
            }
        }
    }
}

#[test]
fn numbers_that_could_be_read_two_ways_are_refused_as_the_command_line_and_csv_refuse_them() {
    for text in ["2,5", "1.000,50", "1.000.000", "1 5"] {
        let out = run("availability", &[("level", text)]);
        assert_eq!(out.errors.len(), 1, "{text}: {:?}", out.values);
        assert_eq!(out.errors[0].0, "level");
        assert!(crate::parse::read_number(text).is_err(), "{text}");
        let csv = format!("service,exposure_per_hour,demand\nA,\"{text}\",high\n");
        assert!(crate::estate::csv::parse_csv(&csv, "$").is_err(), "{text}");
    }
    let out = run("availability", &[("level", " 99.9 ")]);
    assert!(out.is_ok(), "{:?}", out.errors);
}

#[test]
fn every_calculator_works_on_its_defaults() {
    for calculator in CALCULATORS.iter() {
        let out = calculate(calculator, &Inputs::default(), &Settings::default());
        assert!(out.is_ok(), "{}: {:?}", calculator.name, out.errors);
        assert!(
            !out.values.is_empty() || calculator.fields.is_empty(),
            "{}",
            calculator.name
        );
        for (key, value) in &out.values {
            assert!(!value.contains(['\t', '\n']), "{}: {key}", calculator.name);
            for bad in ["NaN", "inf", "undefined"] {
                assert!(!value.contains(bad), "{}: {key} = {value}", calculator.name);
            }
        }
    }
}

#[test]
fn encoding_for_the_browser() {
    let text = calculate_encoded("availability", "level=99.9\n");
    assert!(text.contains("week\t0h 10m 5s\n"), "{text}");
    let text = calculate_encoded("availability", "level=abc\n");
    assert!(text.starts_with("!level\t"), "{text}");
    assert!(calculate_encoded("nope", "").starts_with("!\t"));
}

#[cfg(feature = "estate")]
#[test]
fn the_estate_sums_itself_up_in_one_sentence_with_plurals() {
    let one = run(
        "estate",
        &[(
            "services",
            "service,exposure_per_hour,demand\nCheckout,810000,high\n",
        )],
    );
    assert!(one.is_ok(), "{:?}", one.errors);
    assert_eq!(
        one.value("summary"),
        Some("1 service in 1 team: 1 You Build It You Run It and 0 Ops Run It.")
    );
    let two = run(
        "estate",
        &[(
            "services",
            "service,exposure_per_hour,demand,team\nCheckout,810000,high,Web\nLedger,500,low,Web\n",
        )],
    );
    assert_eq!(
        two.value("summary"),
        Some("2 services in 1 team: 1 You Build It You Run It and 1 Ops Run It.")
    );
}

#[cfg(feature = "estate")]
#[test]
fn a_services_mistake_carries_its_place_in_the_text_and_in_the_table() {
    let csv = "service\texposure_per_hour\tdemand\nA\t1\tlow\n\nLong name\t-5\tlow\n";
    let out = run("estate", &[("services", csv)]);
    let (key, message) = &out.errors[0];
    assert_eq!(*key, "services");
    assert_eq!(
        read_cell_error(message),
        Some(CellError {
            line: 4,
            column: 11,
            row: 3,
            cell: 2,
            empty: false,
            field: "exposure_per_hour",
            message: "Financial exposure must be at least 0 (found \"-5\")",
        })
    );
    assert_eq!(read_cell_error("1\u{1f}2\u{1f}x"), None);
}

#[cfg(feature = "estate")]
#[test]
fn an_empty_table_is_refused_as_empty_for_the_page_to_say_so() {
    for csv in [
        "service,exposure_per_hour,demand\n",
        "service,exposure_per_hour,demand\n,,\n",
    ] {
        let out = run("estate", &[("services", csv)]);
        assert!(!out.is_ok(), "{csv}");
        assert_eq!(out.errors.len(), 1, "{csv}");
        let error = read_cell_error(&out.errors[0].1).unwrap();
        assert_eq!((error.empty, error.row, error.field), (true, 0, ""));
        assert_eq!(
            error.message,
            "there are no services under the header: add a row for each service"
        );
    }
}

mod properties {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        #[test]
        fn any_text_in_any_field_gives_values_or_messages(
            index in 0usize..11,
            field in 0usize..12,
            value in "\\PC{0,20}",
        ) {
            let calculator = &CALCULATORS[index];
            let inputs = match calculator.fields.get(field) {
                Some(f) => Inputs::from_pairs([(f.key, value.as_str())]),
                None => Inputs::default(),
            };
            let out = calculate(calculator, &inputs, &Settings::default());
            prop_assert!(out.is_ok() != out.values.is_empty() || calculator.fields.is_empty());
            for (_, text) in out.values.iter().chain(out.errors.iter()) {
                prop_assert!(!text.contains("NaN") && !text.contains("inf"));
            }
        }
    }
}
