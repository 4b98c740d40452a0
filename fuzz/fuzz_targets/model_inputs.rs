//! Every calculator's input parsing, as the browser sends it (`key=value` lines) and as the
//! `[models]` table of playbook.toml gives the organisation's settings.
//!
//! Asserts: no panic; a result has values or errors, never both;
//! result texts hold no tab or line break (the encoding to the browser relies on it) and no
//! NaN or infinity the reader did not type.

#![no_main]

use libfuzzer_sys::fuzz_target;
use playbook_models::Settings;
use playbook_models::calculator::{self, CALCULATORS, Inputs};

fuzz_target!(|data: &[u8]| {
    let Some((&choice, rest)) = data.split_first() else {
        return;
    };
    let text = String::from_utf8_lossy(rest);
    let lower = text.to_lowercase();
    let typed_odd = lower.contains("nan") || lower.contains("inf");
    let settings = match choice >> 7 {
        0 => Settings::default(),
        _ => match toml::from_str::<toml::Table>(&text) {
            Ok(table) => match playbook_book::models_settings::from_table(&table) {
                Ok(read) => read.settings,
                Err(_) => return,
            },
            Err(_) => Settings::default(),
        },
    };
    let calculator = &CALCULATORS[usize::from(choice & 0x7f) % CALCULATORS.len()];
    let outcome = calculator::calculate(calculator, &Inputs::from_lines(&text), &settings);
    assert!(outcome.values.is_empty() || outcome.errors.is_empty());
    for (key, value) in &outcome.values {
        assert!(
            !value.contains('\t') && !value.contains('\n'),
            "{key}: {value:?}"
        );
        if !typed_odd {
            // Rust writes a NaN as `NaN` and an infinity as `inf`: neither may reach a reader.
            let odd = value
                .split(|c: char| !c.is_ascii_alphanumeric())
                .any(|word| word == "NaN" || word == "inf");
            assert!(!odd, "{key}: {value:?}");
        }
    }
    for (key, message) in &outcome.errors {
        assert!(!message.is_empty(), "{key}");
        assert!(!message.contains('\n'), "{key}: {message:?}");
    }
    let encoded = calculator::calculate_encoded(calculator.name, &text);
    assert!(encoded.is_empty() || encoded.ends_with('\n'));
});
