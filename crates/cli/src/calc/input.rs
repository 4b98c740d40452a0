//! Reading the numbers people type on the command line with the models' own reader, the one the
//! page's fields and the estate CSV use, so that the same text gives the same number or the same
//! message everywhere: amounts with separators or a K/M suffix ("200,000", "200K"), percentages
//! with or without "%"; and durations such as "1h 40m 48s".
//!
//! These only read text; whether a number makes sense is the model's decision, so "-5" reaches
//! the model and comes back with its message ("nan" and "inf" are not numbers here, as on the
//! page).

use anyhow::{Context, bail};
use playbook_models::parse::{read_amount, read_number};

/// An amount: "200000", "200,000", "200_000", "200K", "1.5M", "$200,000".
pub fn amount(text: &str) -> anyhow::Result<f64> {
    read_amount(text).map_err(|problem| {
        anyhow::anyhow!(
            "{} (write e.g. 200000, 200,000 or 200K)",
            problem.message(text)
        )
    })
}

/// A percentage: "99.9" or "99.9%".
pub fn percent(text: &str) -> anyhow::Result<f64> {
    let number = text.trim().trim_end_matches('%');
    read_number(number)
        .map_err(|problem| anyhow::anyhow!("{} (write e.g. 99.9 or 99.9%)", problem.message(text)))
}

/// A duration in seconds: "1h 40m 48s", "100.8m", "2d", or a bare number of seconds.
pub fn duration_seconds(text: &str) -> anyhow::Result<f64> {
    let text = text.trim();
    if let Ok(seconds) = text.parse::<f64>() {
        return Ok(seconds);
    }
    let invalid = || format!("'{text}' is not a duration (write e.g. 1h 40m 48s, 100.8m or 6048)");
    let mut total = 0.0;
    let mut number = String::new();
    let mut parts = 0;
    for c in text.chars() {
        match c {
            '0'..='9' | '.' => number.push(c),
            ' ' => {}
            'd' | 'h' | 'm' | 's' => {
                let value: f64 = number.parse().with_context(invalid)?;
                let unit = match c {
                    'd' => 86_400.0,
                    'h' => 3_600.0,
                    'm' => 60.0,
                    _ => 1.0,
                };
                total += value * unit;
                number.clear();
                parts += 1;
            }
            _ => bail!(invalid()),
        }
    }
    if parts == 0 || !number.is_empty() {
        bail!(invalid());
    }
    Ok(total)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn amounts_accept_separators_and_suffixes() {
        assert_eq!(amount("200000").unwrap(), 200_000.0);
        assert_eq!(amount("200,000").unwrap(), 200_000.0);
        assert_eq!(amount("200K").unwrap(), 200_000.0);
        assert_eq!(amount("1.5M").unwrap(), 1_500_000.0);
        assert_eq!(amount("-5").unwrap(), -5.0);
        assert_eq!(amount("$200,000").unwrap(), 200_000.0);
        assert!(amount("nan").is_err());
        assert!(amount("lots").is_err());
        // What could be read two ways is refused, as on the page and in the estate CSV.
        let message = amount("2,5").unwrap_err().to_string();
        assert!(
            message.contains("write 2.5, or 25 without the comma"),
            "{message}"
        );
        assert!(amount("1.000,50").is_err());
    }

    #[test]
    fn percentages_may_end_with_a_percent_sign() {
        assert_eq!(percent("99.9%").unwrap(), 99.9);
        assert_eq!(percent("95").unwrap(), 95.0);
        assert!(percent("high").is_err());
    }

    #[test]
    fn durations_read_days_hours_minutes_and_seconds() {
        assert_eq!(duration_seconds("1h 40m 48s").unwrap(), 6_048.0);
        assert_eq!(duration_seconds("1h40m48s").unwrap(), 6_048.0);
        assert_eq!(duration_seconds("100.8m").unwrap(), 6_048.0);
        assert_eq!(duration_seconds("6048").unwrap(), 6_048.0);
        assert_eq!(duration_seconds("1d").unwrap(), 86_400.0);
        assert!(duration_seconds("1 fortnight").is_err());
        assert!(duration_seconds("10").is_ok());
        assert!(duration_seconds("10h 5").is_err());
    }
}
