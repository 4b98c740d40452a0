//! Numbers as people type them, in a calculator field or a cell of the estate's CSV: "1,500",
//! "2.5k", "$200,000". Hand-written rather than with `str::parse`, whose tables would double the
//! WebAssembly module.

/// Why a text is not read as a number.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum NumberProblem {
    /// Not a number at all.
    NotANumber,
    /// Separators that could mean two numbers (`2,5`, `1.000,50`): never guessed. `instead` is
    /// how to write what was probably meant.
    Ambiguous { instead: String },
}

impl NumberProblem {
    /// What to tell the person who typed `text`.
    pub fn message(&self, text: &str) -> String {
        let text = text.trim();
        match self {
            Self::NotANumber => format!("`{text}` is not a number"),
            Self::Ambiguous { instead } if text.contains('.') => format!(
                "`{text}` could be read two ways: write {instead}, with a dot only before decimals"
            ),
            Self::Ambiguous { instead } => format!(
                "`{text}` could be read two ways: write {instead}, or {} without the comma",
                text.replace(',', "")
            ),
        }
    }
}

/// A number as people type it: "1,500", "1 500", "2.5"; "k" and "m" multiply by a thousand and
/// a million. Rejects NaN, infinity and anything else.
pub fn parse_number(text: &str) -> Option<f64> {
    read_number(text).ok()
}

/// A number as people type it, or why it is not one: thousands may be grouped with commas,
/// spaces or underscores (in threes), a dot starts the decimals, and a comma or dot that could
/// be the other (`2,5`, `1.000,50`, `1.000.000`) is refused with what to write instead.
pub fn read_number(text: &str) -> Result<f64, NumberProblem> {
    let trimmed = text.trim();
    let lower = trimmed.to_ascii_lowercase();
    let (written, scale) = if let Some(d) = lower.strip_suffix('k') {
        (d, 1e3)
    } else if let Some(d) = lower.strip_suffix('m') {
        (d, 1e6)
    } else {
        (lower.as_str(), 1.0)
    };
    let digits = without_grouping(written)?;
    let value = parse_decimal(&digits).ok_or(NumberProblem::NotANumber)? * scale;
    if value.is_finite() {
        Ok(value)
    } else {
        Err(NumberProblem::NotANumber)
    }
}

/// `text` without its thousands separators, when they group the whole part in threes.
fn without_grouping(text: &str) -> Result<String, NumberProblem> {
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
        return Err(NumberProblem::Ambiguous {
            instead: format!("{sign}{instead}"),
        });
    }
    if dots > 1 {
        let instead = unsigned.replace('.', "");
        return Err(NumberProblem::Ambiguous {
            instead: format!("{sign}{instead}"),
        });
    }
    let (whole, fraction) = unsigned.split_at(last_dot.unwrap_or(unsigned.len()));
    if fraction.contains([',', ' ', '_']) {
        return Err(NumberProblem::NotANumber);
    }
    let groups: Vec<&str> = whole.split([',', ' ', '_']).collect();
    let grouped = groups.len() == 1
        || (!groups[0].is_empty()
            && groups[0].len() <= 3
            && groups[1..].iter().all(|g| g.len() == 3));
    if !grouped {
        if whole.contains(',') && groups.len() == 2 && fraction.is_empty() {
            let instead = format!("{sign}{}.{}", groups[0], groups[1]);
            return Err(NumberProblem::Ambiguous { instead });
        }
        return Err(NumberProblem::NotANumber);
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

/// An amount of money: a number with an optional currency symbol in front.
pub fn parse_amount(text: &str) -> Option<f64> {
    read_amount(text).ok()
}

/// An amount of money, or why it is not one.
pub fn read_amount(text: &str) -> Result<f64, NumberProblem> {
    read_number(text.trim().trim_start_matches(['$', '£', '€', '¥']))
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

    #[test]
    fn separators_that_could_mean_two_numbers_are_refused_with_what_to_write() {
        assert_eq!(parse_number(" 200 000 "), Some(200_000.0));
        assert_eq!(parse_number("12,345,678.9"), Some(12_345_678.9));
        assert_eq!(parse_number("-1,500"), Some(-1500.0));
        assert_eq!(parse_number("200k"), Some(200_000.0));
        assert_eq!(parse_number("1_000"), Some(1000.0));
        let problem = |text: &str| read_number(text).unwrap_err().message(text);
        assert_eq!(
            problem("2,5"),
            "`2,5` could be read two ways: write 2.5, or 25 without the comma"
        );
        assert_eq!(
            problem("1.000,50"),
            "`1.000,50` could be read two ways: write 1000.50, with a dot only before decimals"
        );
        assert_eq!(
            problem("1.000.000"),
            "`1.000.000` could be read two ways: write 1000000, with a dot only before decimals"
        );
        for bad in ["1,5000", "1 5", "1e3", "", "1.5,0"] {
            assert!(read_number(bad).is_err(), "{bad}");
        }
        assert_eq!(
            read_amount("$2,5"),
            Err(NumberProblem::Ambiguous {
                instead: "2.5".into()
            })
        );
    }
}
