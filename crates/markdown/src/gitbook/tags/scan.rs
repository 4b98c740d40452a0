//! Reads the `{% … %}` tags of a page's text as written: each tag's name and attributes, in
//! either quote style. Tags inside code are text, and so is a `{%` that opens no well-formed
//! tag (kept for a warning).

use std::ops::Range;

use super::{Attr, Token};

/// The longest a tag may be, from `{%` to `%}`: anything longer is text that happens to hold
/// `{%`.
const MAX_TAG_LEN: usize = 4096;

/// Finds the tags in `text[range]`, skipping those that start inside one of `code` (code spans
/// and code blocks, sorted by start). Also returns the `{%` that open no well-formed tag.
pub fn scan(text: &str, range: Range<usize>, code: &[Range<usize>]) -> (Vec<Token>, Vec<usize>) {
    let mut tokens = Vec::new();
    let mut malformed = Vec::new();
    let mut at = range.start;
    let mut code_index = 0;
    while let Some(found) = text[at..range.end].find("{%") {
        let start = at + found;
        while code_index < code.len() && code[code_index].end <= start {
            code_index += 1;
        }
        if let Some(span) = code.get(code_index)
            && span.start <= start
        {
            at = span.end.max(start + 2).min(range.end);
            continue;
        }
        let limit = (start + MAX_TAG_LEN).min(range.end);
        match read_tag(text, start, limit) {
            Some(token) => {
                at = token.range.end;
                tokens.push(token);
            }
            None => {
                malformed.push(start);
                at = start + 2;
            }
        }
    }
    (tokens, malformed)
}

/// Reads the tag starting at `start` (at `{%`), ending before `limit`.
fn read_tag(text: &str, start: usize, limit: usize) -> Option<Token> {
    let bytes = &text.as_bytes()[..limit];
    let mut i = start + 2;
    if bytes.get(i) == Some(&b'-') {
        i += 1;
    }
    i = skip_space(bytes, i)?;
    let name_start = i;
    while i < bytes.len() && (bytes[i].is_ascii_alphanumeric() || matches!(bytes[i], b'-' | b'_')) {
        i += 1;
    }
    if i == name_start || !bytes[name_start].is_ascii_alphabetic() {
        return None;
    }
    let raw_name = text[name_start..i].to_ascii_lowercase();
    let mut attrs = Vec::new();
    loop {
        i = skip_space(bytes, i)?;
        if bytes[i..].starts_with(b"%}") {
            i += 2;
            break;
        }
        if bytes[i..].starts_with(b"-%}") {
            i += 3;
            break;
        }
        let (attr, next) = read_attr(text, bytes, i)?;
        attrs.push(attr);
        i = next;
    }
    let (name, closing) = match raw_name.strip_prefix("end") {
        Some(rest) if !rest.is_empty() => (rest.to_string(), true),
        _ => (raw_name, false),
    };
    Some(Token {
        range: start..i,
        name,
        closing,
        attrs,
    })
}

/// Skips spaces and line breaks, but not a blank line: a tag never spans paragraphs.
fn skip_space(bytes: &[u8], mut i: usize) -> Option<usize> {
    let mut newlines = 0;
    while i < bytes.len() && bytes[i].is_ascii_whitespace() {
        if bytes[i] == b'\n' {
            newlines += 1;
            if newlines > 1 {
                return None;
            }
        } else if bytes[i] != b'\r' && bytes[i] != b' ' && bytes[i] != b'\t' {
            return None;
        }
        i += 1;
    }
    (i < bytes.len()).then_some(i)
}

fn read_attr(text: &str, bytes: &[u8], start: usize) -> Option<(Attr, usize)> {
    let mut i = start;
    if matches!(bytes[i], b'"' | b'\'') {
        let (value, offset, next) = read_quoted(text, bytes, i)?;
        let attr = Attr {
            name: String::new(),
            value,
            offset,
        };
        return Some((attr, next));
    }
    while i < bytes.len()
        && (bytes[i].is_ascii_alphanumeric() || matches!(bytes[i], b'-' | b'_' | b':' | b'.'))
    {
        i += 1;
    }
    if i == start {
        return None;
    }
    let name = text[start..i].to_string();
    let after_name = i;
    let j = skip_space(bytes, i)?;
    if bytes[j] != b'=' {
        // A flag without a value.
        let attr = Attr {
            name,
            value: String::new(),
            offset: start,
        };
        return Some((attr, after_name));
    }
    let j = skip_space(bytes, j + 1)?;
    if matches!(bytes[j], b'"' | b'\'') {
        let (value, offset, next) = read_quoted(text, bytes, j)?;
        return Some((
            Attr {
                name,
                value,
                offset,
            },
            next,
        ));
    }
    let mut k = j;
    while k < bytes.len() && !bytes[k].is_ascii_whitespace() && !bytes[k..].starts_with(b"%}") {
        k += 1;
    }
    if k == j {
        return None;
    }
    let attr = Attr {
        name,
        value: text[j..k].to_string(),
        offset: j,
    };
    Some((attr, k))
}

/// A quoted value at `bytes[i]`: its text with backslash escapes read (`\(` is `(`, `\"` a
/// quote that does not end the value), where it starts, and the index after the quote. When
/// escaped quotes leave the value open, its first quote ends it (`"C:\files\"`).
fn read_quoted(text: &str, bytes: &[u8], i: usize) -> Option<(String, usize, usize)> {
    let quote = bytes[i];
    let first = || {
        bytes[i + 1..]
            .iter()
            .position(|&b| b == quote)
            .map(|at| i + 1 + at)
    };
    let end = closing_quote(bytes, i + 1, quote).or_else(first)?;
    let value = &text[i + 1..end];
    if value.contains("\n\n") {
        return None;
    }
    Some((unescape(value), i + 1, end + 1))
}

/// The first quote from `bytes[start]` on that no backslash escapes.
fn closing_quote(bytes: &[u8], start: usize, quote: u8) -> Option<usize> {
    let mut at = start;
    while *bytes.get(at)? != quote {
        at += if bytes[at] == b'\\' { 2 } else { 1 };
    }
    Some(at)
}

/// `value` with each backslash before ASCII punctuation dropped, as markdown reads escapes.
fn unescape(value: &str) -> String {
    if !value.contains('\\') {
        return value.to_string();
    }
    let mut out = String::with_capacity(value.len());
    let mut chars = value.chars().peekable();
    while let Some(c) = chars.next() {
        match chars.peek() {
            Some(&next) if c == '\\' && next.is_ascii_punctuation() => {
                out.push(next);
                chars.next();
            }
            _ => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn attributes_in_either_quote_style() {
        let text = "{% hint style='warning' %}{% code title=\"a b.rs\" lineNumbers=true %}";
        let (tokens, malformed) = scan(text, 0..text.len(), &[]);
        assert!(malformed.is_empty());
        assert_eq!(tokens[0].name, "hint");
        assert_eq!(tokens[0].attrs[0].name, "style");
        assert_eq!(tokens[0].attrs[0].value, "warning");
        assert_eq!(&text[tokens[0].attrs[0].offset..][..7], "warning");
        assert_eq!(tokens[1].attrs[0].value, "a b.rs");
        assert_eq!(tokens[1].attrs[1].value, "true");
    }

    #[test]
    fn backslash_escapes_in_quoted_values_are_read() {
        let text = r#"{% tab title="iOS \(AEP 3.x\)" %}{% tab title="say \"hi\" \\ \n" %}{% tab title='it\'s' %}{% tab title="end\\" %}"#;
        let (tokens, malformed) = scan(text, 0..text.len(), &[]);
        assert!(malformed.is_empty());
        let titles: Vec<&str> = tokens.iter().map(|t| t.attrs[0].value.as_str()).collect();
        assert_eq!(
            titles,
            ["iOS (AEP 3.x)", "say \"hi\" \\ \\n", "it's", "end\\"]
        );
        // An escaped quote that would leave the value open ends it, as before.
        let text = r#"{% file src="C:\files\" %}"#;
        let (tokens, malformed) = scan(text, 0..text.len(), &[]);
        assert!(malformed.is_empty());
        assert_eq!(tokens[0].attrs[0].value, "C:\\files\\");
    }

    #[test]
    fn code_is_skipped_and_bad_tags_are_text() {
        let text = "`{% hint %}` {% not closed\n\n%} {%%}";
        let code: Vec<Range<usize>> = std::iter::once(0..12).collect();
        let (tokens, malformed) = scan(text, 0..text.len(), &code);
        assert!(tokens.is_empty());
        assert_eq!(malformed, [13, 31]);
    }
}
