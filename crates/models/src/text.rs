//! The words and numbers a reader sees: durations as "1h 40m 48s", levels as "99.9%", amounts
//! as "336,000", and forgiving name matching ("very-high", "Very High").
//!
//! The site, the command line and the browser all show exactly this text. It is built digit by
//! digit rather than with `format!`, to keep the WebAssembly build small.

const SECONDS_A_MINUTE: u64 = 60;
const SECONDS_AN_HOUR: u64 = 60 * SECONDS_A_MINUTE;
const SECONDS_A_DAY: u64 = 24 * SECONDS_AN_HOUR;

/// A duration as a reader takes it in: under a day to the nearest second ("8h 24m 0s",
/// "0h 10m 5s"), from a day in days and hours to the nearest hour ("1d 12h", "10d 20h"), where
/// minutes and seconds would be noise.
/// Negative or NaN durations (which no model returns) read as "0h 0m 0s".
pub fn format_duration(seconds: f64) -> String {
    let total = round_to_u64(seconds);
    let mut text = String::with_capacity(16);
    if total >= SECONDS_A_DAY {
        let hours = (total + SECONDS_AN_HOUR / 2) / SECONDS_AN_HOUR;
        push_u64(&mut text, hours / 24);
        text.push_str("d ");
        push_u64(&mut text, hours % 24);
        text.push('h');
        return text;
    }
    push_u64(&mut text, total % SECONDS_A_DAY / SECONDS_AN_HOUR);
    text.push_str("h ");
    push_u64(&mut text, total % SECONDS_AN_HOUR / SECONDS_A_MINUTE);
    text.push_str("m ");
    push_u64(&mut text, total % SECONDS_A_MINUTE);
    text.push('s');
    text
}

/// A percentage with at least one and at most four decimals: "95.0%", "99.9%", "99.99%".
pub fn format_percent(percent: f64) -> String {
    let ten_thousandths = round_to_u64(percent * 10_000.0);
    let mut text = String::with_capacity(10);
    push_u64(&mut text, ten_thousandths / 10_000);
    text.push('.');
    let mut fraction = ten_thousandths % 10_000;
    let mut digits = 4;
    while digits > 1 && fraction.is_multiple_of(10) {
        fraction /= 10;
        digits -= 1;
    }
    let mut buffer = [b'0'; 4];
    for slot in buffer[..digits].iter_mut().rev() {
        *slot = b'0' + (fraction % 10) as u8;
        fraction /= 10;
    }
    buffer[..digits]
        .iter()
        .for_each(|&digit| text.push(char::from(digit)));
    text.push('%');
    text
}

/// A percentage rounded to a whole number: "70%".
pub fn format_whole_percent(percent: f64) -> String {
    let mut text = String::with_capacity(5);
    push_u64(&mut text, round_to_u64(percent));
    text.push('%');
    text
}

/// An amount rounded to a whole unit, with thousands separators: "336,000".
pub fn format_amount(amount: f64) -> String {
    let mut digits = String::with_capacity(20);
    push_u64(&mut digits, round_to_u64(amount));
    let mut text = String::with_capacity(digits.len() + digits.len() / 3);
    for (index, digit) in digits.chars().enumerate() {
        if index > 0 && (digits.len() - index).is_multiple_of(3) {
            text.push(',');
        }
        text.push(digit);
    }
    text
}

/// Whether `input` names `name`, ignoring case, spaces, hyphens and underscores:
/// "very-high", "Very High" and "very_high" all name "very-high".
pub fn names_match(input: &str, name: &str) -> bool {
    significant_chars(input).eq(significant_chars(name))
}

fn significant_chars(text: &str) -> impl Iterator<Item = char> + '_ {
    text.chars()
        .filter(|c| !matches!(c, ' ' | '-' | '_'))
        .map(|c| c.to_ascii_lowercase())
}

/// Rounds half up; NaN and negatives give 0 and huge values saturate (an `as` cast never panics).
pub fn round_to_u64(value: f64) -> u64 {
    (value + 0.5).floor() as u64
}

/// Appends the decimal digits of `value`.
pub fn push_u64(text: &mut String, mut value: u64) {
    let mut buffer = [0u8; 20];
    let mut start = buffer.len();
    loop {
        start -= 1;
        buffer[start] = b'0' + (value % 10) as u8;
        value /= 10;
        if value == 0 {
            break;
        }
    }
    buffer[start..]
        .iter()
        .for_each(|&digit| text.push(char::from(digit)));
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn durations_show_hours_minutes_and_seconds() {
        assert_eq!(format_duration(30_240.0), "8h 24m 0s");
        assert_eq!(format_duration(6_048.0), "1h 40m 48s");
        assert_eq!(format_duration(604.8), "0h 10m 5s");
        assert_eq!(format_duration(60.48), "0h 1m 0s");
        assert_eq!(format_duration(0.0), "0h 0m 0s");
    }

    #[test]
    fn durations_of_a_day_or_more_show_days() {
        assert_eq!(format_duration(129_600.0), "1d 12h");
        assert_eq!(format_duration(1_576_800.0), "18d 6h");
        assert_eq!(format_duration(86_399.6), "1d 0h");
        assert_eq!(format_duration(86_399.4), "23h 59m 59s");
        assert_eq!(format_duration(936_000.0), "10d 20h");
    }

    #[test]
    fn impossible_durations_read_as_zero() {
        assert_eq!(format_duration(f64::NAN), "0h 0m 0s");
        assert_eq!(format_duration(-5.0), "0h 0m 0s");
    }

    #[test]
    fn percentages_keep_the_decimals_that_matter() {
        assert_eq!(format_percent(95.0), "95.0%");
        assert_eq!(format_percent(99.0), "99.0%");
        assert_eq!(format_percent(99.9), "99.9%");
        assert_eq!(format_percent(99.99), "99.99%");
        assert_eq!(format_percent(99.995), "99.995%");
        assert_eq!(format_percent(99.000_000_01), "99.0%");
        assert_eq!(format_percent(0.05), "0.05%");
        assert_eq!(format_whole_percent(70.238), "70%");
    }

    #[test]
    fn amounts_have_thousands_separators() {
        assert_eq!(format_amount(336_000.0), "336,000");
        assert_eq!(format_amount(7_000.0), "7,000");
        assert_eq!(format_amount(999.6), "1,000");
        assert_eq!(format_amount(12.0), "12");
        assert_eq!(format_amount(1_000_000_000_000.0), "1,000,000,000,000");
    }

    #[test]
    fn names_match_whatever_their_case_and_separators() {
        assert!(names_match("very-high", "very-high"));
        assert!(names_match("Very High", "very-high"));
        assert!(names_match("VERY_HIGH", "very-high"));
        assert!(!names_match("high", "very-high"));
    }
}
