//! Bounds on what the settings parsers are given. A YAML or TOML parser follows nested
//! brackets as deep as they go: `[` repeated a hundred thousand times in a page's front matter
//! once took minutes, and deeper would overflow the stack. Front matter, `.gitbook.yaml`,
//! `book.toml` and `playbook.toml` are looked at first, in one pass, and refused past
//! [`MAX_DEPTH`] brackets: settings never need more than a few.

/// The deepest `[` and `{` nest in settings.
pub const MAX_DEPTH: usize = 64;

/// The byte offset of the first bracket nested deeper than [`MAX_DEPTH`] in `text`, if any.
/// Quoted strings (opened where a value starts) and `#` comments are skipped; a string ends at
/// its line's end at the latest, so that a stray quote cannot hide brackets.
pub fn too_deep(text: &str) -> Option<usize> {
    let mut depth = 0usize;
    let mut quote: Option<u8> = None;
    let mut comment = false;
    let mut escaped = false;
    let mut previous = b'\n';
    for (offset, &byte) in text.as_bytes().iter().enumerate() {
        if byte == b'\n' {
            (quote, comment, escaped) = (None, false, false);
        } else if comment {
        } else if let Some(open) = quote {
            if escaped {
                escaped = false;
            } else if byte == b'\\' && open == b'"' {
                escaped = true;
            } else if byte == open {
                quote = None;
            }
        } else {
            match byte {
                b'"' | b'\'' if starts_value(previous) => quote = Some(byte),
                b'#' if previous.is_ascii_whitespace() => comment = true,
                b'[' | b'{' => {
                    depth += 1;
                    if depth > MAX_DEPTH {
                        return Some(offset);
                    }
                }
                b']' | b'}' => depth = depth.saturating_sub(1),
                _ => {}
            }
        }
        if !byte.is_ascii_whitespace() || byte == b'\n' {
            previous = byte;
        }
    }
    None
}

/// Whether a quote after `previous` (the last byte that is not a space) opens a string.
fn starts_value(previous: u8) -> bool {
    matches!(
        previous,
        b'\n' | b':' | b'=' | b'[' | b'{' | b',' | b'-' | b'?'
    )
}

/// The message for settings nested too deep.
pub fn message() -> String {
    format!("brackets nest more than {MAX_DEPTH} deep here: settings never need that many")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ordinary_settings_pass() {
        let yaml = "title: Don't [panic]\ntags: [a, [b, {c: d}]]\nquote: \"[[[[\"\n# [[[[\n";
        assert_eq!(too_deep(yaml), None);
        let toml = "title = 'it''s'\n[models]\nbands = [[1, 2], [3, 4]]\n";
        assert_eq!(too_deep(toml), None);
    }

    #[test]
    fn deep_brackets_are_found_where_they_pass_the_limit() {
        let deep = format!("a: {}", "[".repeat(100_000));
        assert_eq!(too_deep(&deep), Some(3 + MAX_DEPTH));
        let mixed = format!("a: {}", "{a: ".repeat(MAX_DEPTH + 1));
        assert!(too_deep(&mixed).is_some());
        // A quote in the middle of a word does not hide what follows.
        let hidden = format!("a: x\"\n{}", "[".repeat(MAX_DEPTH + 1));
        assert!(too_deep(&hidden).is_some());
    }
}
