//! JSON strings for the document and term shards, written by hand: the shards hold the text
//! of every section and every term's postings, tens of megabytes in a large book, and
//! serde_json looks at each byte of a string on its own to see whether it needs escaping. Here
//! sixteen bytes are looked at at once. The output is byte for byte what serde_json writes.

/// Appends `text` to `out` as a JSON string, quotes included, escaped as serde_json escapes it:
/// `"`, `\` and the control characters below U+0020, nothing else.
pub(super) fn push_string(out: &mut String, text: &str) {
    out.reserve(text.len() + 2);
    out.push('"');
    let bytes = text.as_bytes();
    let mut copied = 0;
    let mut at = 0;
    while at < bytes.len() {
        // Sixteen bytes a step while nothing needs escaping, then a byte at a time.
        if let Some(chunk) = bytes.get(at..at + 16)
            && escapes(word_at(chunk, 0)) | escapes(word_at(chunk, 8)) == 0
        {
            at += 16;
            continue;
        }
        let byte = bytes[at];
        if let Some(escape) = escape_of(byte) {
            out.push_str(&text[copied..at]);
            push_escape(out, byte, escape);
            copied = at + 1;
        }
        at += 1;
    }
    out.push_str(&text[copied..]);
    out.push('"');
}

fn word_at(chunk: &[u8], offset: usize) -> u64 {
    let mut eight = [0; 8];
    eight.copy_from_slice(&chunk[offset..offset + 8]);
    u64::from_ne_bytes(eight)
}

/// Not zero when any of the eight bytes of `word` is `"`, `\` or below 0x20: the classic tests
/// for a zero byte and for a byte below a bound, which never miss one (a chunk they flag is
/// then looked at byte by byte, so a false alarm costs time, not correctness).
fn escapes(word: u64) -> u64 {
    const ONES: u64 = u64::from_ne_bytes([0x01; 8]);
    const HIGH: u64 = u64::from_ne_bytes([0x80; 8]);
    let has_zero = |v: u64| v.wrapping_sub(ONES) & !v & HIGH;
    let below_space = word.wrapping_sub(ONES * 0x20) & !word & HIGH;
    below_space
        | has_zero(word ^ (ONES * u64::from(b'"')))
        | has_zero(word ^ (ONES * u64::from(b'\\')))
}

/// `pairs` as a JSON object of strings, as serde_json writes a map of strings.
pub(super) fn string_object<'a>(pairs: impl IntoIterator<Item = (&'a str, &'a str)>) -> String {
    let mut out = String::from("{");
    for (key, value) in pairs {
        if out.len() > 1 {
            out.push(',');
        }
        push_string(&mut out, key);
        out.push(':');
        push_string(&mut out, value);
    }
    out.push('}');
    out
}

/// How serde_json writes `byte` in a string: `None` as itself, else the letter after the
/// backslash (`u` for `\u00XX`).
fn escape_of(byte: u8) -> Option<u8> {
    match byte {
        b'"' => Some(b'"'),
        b'\\' => Some(b'\\'),
        0x08 => Some(b'b'),
        0x0c => Some(b'f'),
        b'\n' => Some(b'n'),
        b'\r' => Some(b'r'),
        b'\t' => Some(b't'),
        0..0x20 => Some(b'u'),
        _ => None,
    }
}

fn push_escape(out: &mut String, byte: u8, escape: u8) {
    const HEX: &[u8; 16] = b"0123456789abcdef";
    out.push('\\');
    out.push(char::from(escape));
    if escape == b'u' {
        out.push_str("00");
        out.push(char::from(HEX[usize::from(byte >> 4)]));
        out.push(char::from(HEX[usize::from(byte & 0xf)]));
    }
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::*;

    fn written(text: &str) -> String {
        let mut out = String::new();
        push_string(&mut out, text);
        out
    }

    #[test]
    fn every_character_that_needs_it_is_escaped_as_serde_json_does() {
        let every_ascii: String = (0u8..128).map(char::from).collect();
        for text in [
            "",
            "plain text of more than eight bytes",
            every_ascii.as_str(),
            "\"quoted\" and back\\slashed, tab\there, é, 日本, 🙂",
            "twelve bytes\u{1f}",
            "\u{7f}\u{80}\u{2028}",
        ] {
            assert_eq!(
                written(text),
                serde_json::to_string(text).unwrap(),
                "{text:?}"
            );
        }
    }

    #[test]
    fn a_string_object_is_written_as_serde_json_writes_a_map() {
        let map = std::collections::BTreeMap::from([("a\"b", "01V"), ("é", ""), ("z", "\n")]);
        let written = string_object(map.iter().map(|(k, v)| (*k, *v)));
        assert_eq!(written, serde_json::to_string(&map).unwrap());
        assert_eq!(string_object([]), "{}");
    }

    proptest! {
        #[test]
        fn any_text_is_written_as_serde_json_writes_it(text in "(\\PC|[\\x00-\\x1f\"\\\\]){0,40}") {
            prop_assert_eq!(written(&text), serde_json::to_string(&text).unwrap());
        }
    }
}
