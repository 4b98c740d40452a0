//! `playbook calc` as people and scripts run it: the binary, its output and its exit status.

use std::process::{Command, Output};

fn playbook(arguments: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_playbook"))
        .arg("calc")
        .args(arguments)
        .current_dir(env!("CARGO_TARGET_TMPDIR"))
        .output()
        .expect("the playbook binary runs")
}

#[test]
fn the_selector_prints_the_target_the_model_and_the_schedule() {
    let output = playbook(&["selector", "--exposure", "200000", "--demand", "very-high"]);
    assert!(output.status.success());
    let text = String::from_utf8(output.stdout).unwrap();
    for expected in [
        "99.0%",
        "1h 40m 48s",
        "daily or more",
        "You Build It You Run It",
        "a domain schedule",
    ] {
        assert!(
            text.contains(expected),
            "{expected:?} missing from:\n{text}"
        );
    }
}

#[test]
fn the_selector_prints_json_for_scripts() {
    let output = playbook(&[
        "selector",
        "--exposure",
        "200000",
        "--demand",
        "very-high",
        "--json",
    ]);
    assert!(output.status.success());
    let json: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    assert_eq!(json["calculator"], "selector");
    assert_eq!(json["result"]["cell"]["model"], "you-build-it-you-run-it");
}

#[test]
fn bad_input_prints_the_fields_message_and_fails() {
    for (arguments, expected) in [
        (
            &["availability", "--level", "100"][..],
            "error: --level: Availability level must be a percentage above 0 and below 100, such as 99.9",
        ),
        (
            &["selector", "--exposure", "nan"],
            "error: --exposure: Financial exposure must be a number, such as 200000",
        ),
        (
            &["selector", "--exposure", "-5"],
            "error: --exposure: Financial exposure must be at least 0",
        ),
        (
            &["selector", "--exposure", "2,5"],
            "error: --exposure: Financial exposure: `2,5` could be read two ways: write 2.5, or 25 without the comma",
        ),
        (
            &["selector", "--exposure", "€5"],
            "error: --exposure: Financial exposure is in $, not €: write the amount in $",
        ),
    ] {
        let output = playbook(arguments);
        assert_eq!(output.status.code(), Some(1), "{arguments:?}");
        assert!(output.stdout.is_empty());
        let message = String::from_utf8(output.stderr).unwrap();
        assert_eq!(message.trim(), expected);
    }
}

#[test]
fn an_unknown_calculator_or_flag_is_a_usage_error() {
    assert_eq!(playbook(&["nonsense"]).status.code(), Some(2));
    assert_eq!(
        playbook(&["selector", "--teams", "4"]).status.code(),
        Some(2)
    );
}
