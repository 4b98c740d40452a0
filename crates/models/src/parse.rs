//! Numbers as people type them, in a calculator field or a cell of the estate's CSV: "1,500",
//! "2.5k", "$200,000". Hand-written rather than with `str::parse`, whose tables would double the
//! WebAssembly module.

use crate::Problem;

/// A number as people type it, or why it is not one: thousands may be grouped with commas,
/// spaces or underscores (in threes), a dot starts the decimals, and a comma or dot that could
/// be the other (`2,5`, `1.000,50`, `1.000.000`) is refused with what to write instead.
pub fn read_number(text: &str) -> Result<f64, Problem> {
    let trimmed = text.trim();
    let lower = trimmed.to_ascii_lowercase();
    let (written, scale) = if let Some(d) = lower.strip_suffix('k') {
        (d, 1e3)
    } else if let Some(d) = lower.strip_suffix('m') {
        (d, 1e6)
    } else {
        (lower.as_str(), 1.0)
    };
    let digits = without_grouping(written).map_err(|instead| match instead {
        Some(instead) => Problem::Ambiguous {
            written: trimmed.to_string(),
            instead,
        },
        None => Problem::NotANumber,
    })?;
    let value = parse_decimal(&digits).ok_or(Problem::NotANumber)? * scale;
    if value.is_finite() {
        Ok(value)
    } else {
        Err(Problem::NotANumber)
    }
}

/// `text` without its thousands separators, when they group the whole part in threes; else
/// what to write instead where the separators could mean two numbers, or `None`.
fn without_grouping(text: &str) -> Result<String, Option<String>> {
    let (sign, unsigned) = match text.strip_prefix('-') {
        Some(rest) => ("-", rest),
        None => ("", text),
    };
    let dots = unsigned.matches('.').count();
    let last_comma = unsigned.rfind(',');
    let last_dot = unsigned.rfind('.');
    // `1.000,50`: a dot for thousands and a comma for decimals, as much of Europe writes.
    if let (Some(comma), Some(dot)) = (last_comma, last_dot)
        && comma > dot
    {
        let instead = unsigned.replace('.', "").replace(',', ".");
        return Err(Some(format!("{sign}{instead}")));
    }
    if dots > 1 {
        let instead = unsigned.replace('.', "");
        return Err(Some(format!("{sign}{instead}")));
    }
    let (whole, fraction) = unsigned.split_at(last_dot.unwrap_or(unsigned.len()));
    if fraction.contains([',', ' ', '_']) {
        return Err(None);
    }
    let groups: Vec<&str> = whole.split([',', ' ', '_']).collect();
    let grouped = groups.len() == 1
        || (!groups[0].is_empty()
            && groups[0].len() <= 3
            && groups[1..].iter().all(|g| g.len() == 3));
    if !grouped {
        if whole.contains(',') && groups.len() == 2 && fraction.is_empty() {
            let instead = format!("{sign}{}.{}", groups[0], groups[1]);
            return Err(Some(instead));
        }
        return Err(None);
    }
    Ok(format!("{sign}{}{fraction}", groups.concat()))
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

/// Currency symbols refused when they are not the organisation's: an amount in another
/// currency is never taken as one in its own.
const SYMBOLS: [char; 14] = [
    '$', '£', '€', '¥', '₹', '₩', '₽', '¢', '₺', '₴', '₦', '₱', '฿', '₪',
];

/// An amount of money, or why it is not one: a number with the organisation's `currency`
/// symbol before or after it, or none.
pub fn read_amount(text: &str, currency: &str) -> Result<f64, Problem> {
    let trimmed = text.trim();
    let currency = currency.trim();
    let number = if currency.is_empty() {
        trimmed
    } else {
        let start = trimmed.strip_prefix(currency).unwrap_or(trimmed);
        start.strip_suffix(currency).unwrap_or(start)
    };
    let symbol = number
        .chars()
        .next()
        .filter(|c| SYMBOLS.contains(c))
        .or_else(|| number.chars().last().filter(|c| SYMBOLS.contains(c)));
    match symbol {
        Some(symbol) => Err(Problem::OtherCurrency {
            symbol: symbol.to_string(),
            currency: currency.to_string(),
        }),
        None => read_number(number),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn number(text: &str) -> Option<f64> {
        read_number(text).ok()
    }

    #[test]
    fn numbers_as_people_type_them() {
        assert_eq!(number("1,500"), Some(1500.0));
        assert_eq!(number("2.5k"), Some(2500.0));
        assert_eq!(number("1M"), Some(1e6));
        assert_eq!(read_amount("$200,000", "$"), Ok(200_000.0));
        assert_eq!(read_amount("£7k", "£"), Ok(7000.0));
        assert_eq!(read_amount("7 000 CHF", "CHF"), Ok(7000.0));
        assert_eq!(number("99.9"), Some(99.9));
        assert_eq!(number("99.99"), Some(99.99));
        assert_eq!(number(".5"), Some(0.5));
        assert_eq!(number("-5"), Some(-5.0));
        assert_eq!(number("0.000001"), Some(0.000001));
        for bad in [
            "", "NaN", "inf", "infinity", "1e308", "abc", "1e400", "--1", ".", "1.2.3", "-",
        ] {
            assert_eq!(number(bad), None, "{bad}");
        }
    }

    #[test]
    fn separators_that_could_mean_two_numbers_are_refused_with_what_to_write() {
        assert_eq!(number(" 200 000 "), Some(200_000.0));
        assert_eq!(number("12,345,678.9"), Some(12_345_678.9));
        assert_eq!(number("-1,500"), Some(-1500.0));
        assert_eq!(number("200k"), Some(200_000.0));
        assert_eq!(number("1_000"), Some(1000.0));
        let instead = |text: &str| match read_number(text) {
            Err(Problem::Ambiguous { instead, .. }) => instead,
            other => panic!("{text}: {other:?}"),
        };
        assert_eq!(instead("2,5"), "2.5");
        assert_eq!(instead("1.000,50"), "1000.50");
        assert_eq!(instead("1.000.000"), "1000000");
        for bad in ["1,5000", "1 5", "1e3", "", "1.5,0"] {
            assert!(read_number(bad).is_err(), "{bad}");
        }
        assert_eq!(
            read_amount("$2,5", "$"),
            Err(Problem::Ambiguous {
                written: "2,5".into(),
                instead: "2.5".into()
            })
        );
    }

    #[test]
    fn amounts_in_another_currency_are_refused() {
        for text in ["€5", "5€", "$5"] {
            let currency = if text == "$5" { "£" } else { "$" };
            assert!(
                matches!(
                    read_amount(text, currency),
                    Err(Problem::OtherCurrency { .. })
                ),
                "{text}"
            );
        }
        assert_eq!(read_amount("€5", "€"), Ok(5.0));
    }
}
