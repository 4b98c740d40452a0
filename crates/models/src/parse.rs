//! Numbers as people type them, in a calculator field or a cell of the estate's CSV: "1,500",
//! "2.5k", "$200,000". Hand-written rather than with `str::parse`, whose tables would double the
//! WebAssembly module.

/// A number as people type it: "1,500", "1 500", "2.5"; "k" and "m" multiply by a thousand and
/// a million. Rejects NaN, infinity and anything else.
pub fn parse_number(text: &str) -> Option<f64> {
    let cleaned: String = text
        .chars()
        .filter(|c| !matches!(c, ',' | ' ' | '_'))
        .collect();
    let lower = cleaned.to_ascii_lowercase();
    let (digits, scale) = if let Some(d) = lower.strip_suffix('k') {
        (d, 1e3)
    } else if let Some(d) = lower.strip_suffix('m') {
        (d, 1e6)
    } else {
        (lower.as_str(), 1.0)
    };
    let value = parse_decimal(digits)? * scale;
    value.is_finite().then_some(value)
}

/// A plain decimal, "-12.5" or ".5", without exponents. Written by hand rather than with
/// `str::parse`, whose tables would double the WebAssembly module; exact for every number of up
/// to 15 significant digits, as a division of two exactly represented numbers.
fn parse_decimal(text: &str) -> Option<f64> {
    let (negative, digits) = match text.strip_prefix('-') {
        Some(rest) => (true, rest),
        None => (false, text),
    };
    let mut mantissa: u64 = 0;
    let mut fraction_digits: i32 = 0;
    let mut seen_point = false;
    let mut seen_digit = false;
    for byte in digits.bytes() {
        match byte {
            b'0'..=b'9' => {
                seen_digit = true;
                if mantissa < 100_000_000_000_000_000 {
                    mantissa = mantissa * 10 + u64::from(byte - b'0');
                    if seen_point {
                        fraction_digits += 1;
                    }
                } else if !seen_point {
                    // Past 18 digits, further whole digits only scale the number.
                    fraction_digits -= 1;
                }
            }
            b'.' if !seen_point => seen_point = true,
            _ => return None,
        }
    }
    if !seen_digit {
        return None;
    }
    let magnitude = mantissa as f64 / 10f64.powi(fraction_digits);
    Some(if negative { -magnitude } else { magnitude })
}

/// An amount of money: a number with an optional currency symbol in front.
pub fn parse_amount(text: &str) -> Option<f64> {
    let trimmed = text.trim().trim_start_matches(['$', '£', '€', '¥']);
    parse_number(trimmed)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_as_people_type_them() {
        assert_eq!(parse_number("1,500"), Some(1500.0));
        assert_eq!(parse_number("2.5k"), Some(2500.0));
        assert_eq!(parse_number("1M"), Some(1e6));
        assert_eq!(parse_amount("$200,000"), Some(200_000.0));
        assert_eq!(parse_amount("£7k"), Some(7000.0));
        assert_eq!(parse_number("99.9"), Some(99.9));
        assert_eq!(parse_number("99.99"), Some(99.99));
        assert_eq!(parse_number(".5"), Some(0.5));
        assert_eq!(parse_number("-5"), Some(-5.0));
        assert_eq!(parse_number("0.000001"), Some(0.000001));
        for bad in [
            "", "NaN", "inf", "infinity", "1e308", "abc", "1e400", "--1", ".", "1.2.3", "-",
        ] {
            assert_eq!(parse_number(bad), None, "{bad}");
        }
    }
}
