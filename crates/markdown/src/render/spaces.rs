//! White space in the text collected from a page (search text, headings, the description):
//! words parted by single spaces, as `split_whitespace` and `join(" ")` would leave them, made
//! without splitting when the text is so already.

/// Parts what comes next from `text` with a space, unless it ends with one already: text
/// written so needs no collapsing later.
pub(super) fn push_space(text: &mut String) {
    if !text.is_empty() && !text.ends_with(' ') {
        text.push(' ');
    }
}

/// `text` with each run of white space made one space, and none at either end: what
/// `split_whitespace` and `join(" ")` make. Text that is so already (most of a page's, as the
/// renderer adds no space after a space) is returned as it is.
pub(super) fn collapse_spaces(mut text: String) -> String {
    if text.ends_with(' ') {
        text.pop();
    }
    if is_collapsed(&text) {
        text
    } else {
        collapsed(&text)
    }
}

/// Whether `text` has no white space but single spaces between words.
fn is_collapsed(text: &str) -> bool {
    if text.is_ascii() {
        is_ascii_collapsed(text.as_bytes())
    } else {
        is_wide_collapsed(text)
    }
}

/// [`is_collapsed`] for ASCII text, in passes the compiler runs many bytes at a time: no space
/// first or last, no two spaces in a row, no other white space (tab, line feed, vertical tab,
/// form feed, carriage return).
fn is_ascii_collapsed(bytes: &[u8]) -> bool {
    let other_white = bytes
        .iter()
        .fold(false, |found, &byte| found | (byte.wrapping_sub(0x09) < 5));
    bytes.first() != Some(&b' ')
        && bytes.last() != Some(&b' ')
        && !other_white
        && TWO_SPACES.find(bytes).is_none()
}

/// Two spaces in a row, searched for in every section's text: built once.
static TWO_SPACES: std::sync::LazyLock<memchr::memmem::Finder<'static>> =
    std::sync::LazyLock::new(|| memchr::memmem::Finder::new(b"  "));

/// [`is_collapsed`] for text beyond ASCII, a character at a time where it is not ASCII.
fn is_wide_collapsed(text: &str) -> bool {
    let mut after_space = true;
    for (i, &byte) in text.as_bytes().iter().enumerate() {
        let space = match byte {
            b' ' => true,
            0x09..=0x0d => return false,
            // A character's first byte: most non-ASCII text is not white space, but look.
            0xc0.. => text[i..].chars().next().is_some_and(char::is_whitespace),
            _ => false,
        };
        if space && after_space {
            return false;
        }
        after_space = space;
    }
    !after_space || text.is_empty()
}

/// [`collapse_spaces`] the long way, without decoding ASCII a character at a time.
fn collapsed(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let bytes = text.as_bytes();
    let mut word: Option<usize> = None;
    let mut i = 0;
    while i < bytes.len() {
        let byte = bytes[i];
        let (space, width) = if byte.is_ascii() {
            (byte.is_ascii_whitespace() || byte == 0x0b, 1)
        } else {
            match text[i..].chars().next() {
                Some(c) => (c.is_whitespace(), c.len_utf8()),
                None => break,
            }
        };
        match (space, word) {
            (true, Some(start)) => {
                if !out.is_empty() {
                    out.push(' ');
                }
                out.push_str(&text[start..i]);
                word = None;
            }
            (false, None) => word = Some(i),
            _ => {}
        }
        i += width;
    }
    if let Some(start) = word {
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(&text[start..]);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn spaces_collapse_as_split_whitespace_does() {
        for text in [
            "",
            "  ",
            "a",
            " a  b\t\nc ",
            "x\u{a0}\u{a0}y\u{2003}z\u{0b}w",
            "é  ü\r\n",
            "already collapsed",
            " leading",
            "two  spaces",
            "a\tb",
            "form\x0cfeed",
            "vertical\x0btab",
            "carriage\rreturn",
            "trailing ",
            "two trailing  ",
            "é two trailing  ",
            "é ü",
        ] {
            let expected = text.split_whitespace().collect::<Vec<_>>().join(" ");
            assert_eq!(collapse_spaces(text.to_string()), expected, "{text:?}");
        }
    }
}
