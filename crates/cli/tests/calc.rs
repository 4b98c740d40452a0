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
fn select_prints_the_target_the_model_and_the_schedule() {
    let output = playbook(&["select", "--exposure", "200000", "--demand", "very-high"]);
    assert!(output.status.success());
    let text = String::from_utf8(output.stdout).unwrap();
    for expected in [
        "99.0%",
        "1h 40m 48s a week",
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
fn select_prints_json_for_scripts() {
    let output = playbook(&[
        "select",
        "--exposure",
        "200000",
        "--demand",
        "very-high",
        "--json",
    ]);
    assert!(output.status.success());
    let json: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    assert_eq!(json["availability"]["text"], "99.0%");
    assert_eq!(json["deployment_target"], "daily-or-more");
    assert_eq!(json["operating_model"], "you-build-it-you-run-it");
    assert_eq!(json["out_of_hours"], "domain");
}

#[test]
fn bad_input_prints_the_models_message_and_fails() {
    let output = playbook(&["availability", "--level", "100"]);
    assert_eq!(output.status.code(), Some(1));
    assert!(output.stdout.is_empty());
    let message = String::from_utf8(output.stderr).unwrap();
    assert_eq!(
        message.trim(),
        "error: availability must be between 0% and 100%, exclusive"
    );

    let output = playbook(&["select", "--exposure", "nan", "--demand", "high"]);
    assert_eq!(output.status.code(), Some(2));
    let message = String::from_utf8(output.stderr).unwrap();
    assert!(message.contains("`nan` is not a number"), "{message}");

    let output = playbook(&["select", "--exposure", "-5", "--demand", "high"]);
    assert_eq!(output.status.code(), Some(1));
    let message = String::from_utf8(output.stderr).unwrap();
    assert!(
        message.contains("exposure per hour must be a finite amount of zero or more"),
        "{message}"
    );
}

#[test]
fn numbers_that_could_be_read_two_ways_are_refused_not_guessed() {
    for (text, advice) in [
        ("2,5", "write 2.5, or 25 without the comma"),
        ("1.000,50", "write 1000.50, with a dot only before decimals"),
    ] {
        let output = playbook(&["select", "--exposure", text, "--demand", "high"]);
        assert_eq!(output.status.code(), Some(2), "{text}");
        let message = String::from_utf8(output.stderr).unwrap();
        assert!(message.contains(advice), "{message}");
    }
}
