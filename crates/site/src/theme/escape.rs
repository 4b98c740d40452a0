//! How templates escape what they print: the five characters HTML needs escaped in text and in
//! quoted attributes (`&`, `<`, `>`, `"`, `'`). Tera's own escaping also turns `/` into
//! `&#x2F;`, which made every address `https:&#x2F;&#x2F;…`: longer pages, unreadable source.

/// `text` safe in HTML text and in a quoted attribute. Most of what templates print has none of
/// the five, so it is copied in runs between them rather than a character at a time.
pub(super) fn escape_html(text: &str) -> String {
    let mut escaped = String::with_capacity(text.len() + text.len() / 8);
    let mut start = 0;
    for (at, byte) in text.bytes().enumerate() {
        let entity = match byte {
            b'&' => "&amp;",
            b'<' => "&lt;",
            b'>' => "&gt;",
            b'"' => "&quot;",
            b'\'' => "&#x27;",
            _ => continue,
        };
        // The five are ASCII, so `at` is on a character's boundary.
        escaped.push_str(&text[start..at]);
        escaped.push_str(entity);
        start = at + 1;
    }
    escaped.push_str(&text[start..]);
    escaped
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn addresses_keep_their_slashes_and_markup_is_escaped() {
        assert_eq!(
            escape_html("https://example.com/a?b=1&c=2"),
            "https://example.com/a?b=1&amp;c=2"
        );
        assert_eq!(
            escape_html("<script>\"x\" 'y'</script>"),
            "&lt;script&gt;&quot;x&quot; &#x27;y&#x27;&lt;/script&gt;"
        );
        assert_eq!(escape_html("é<ü>&"), "é&lt;ü&gt;&amp;");
        assert_eq!(escape_html(""), "");
    }
}
