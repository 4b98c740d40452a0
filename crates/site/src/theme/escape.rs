//! How templates escape what they print: the five characters HTML needs escaped in text and in
//! quoted attributes (`&`, `<`, `>`, `"`, `'`). Tera's own escaping also turns `/` into
//! `&#x2F;`, which made every address `https:&#x2F;&#x2F;…`: longer pages, unreadable source.

/// `text` safe in HTML text and in a quoted attribute.
pub(super) fn escape_html(text: &str) -> String {
    let mut escaped = String::with_capacity(text.len() + text.len() / 8);
    for c in text.chars() {
        match c {
            '&' => escaped.push_str("&amp;"),
            '<' => escaped.push_str("&lt;"),
            '>' => escaped.push_str("&gt;"),
            '"' => escaped.push_str("&quot;"),
            '\'' => escaped.push_str("&#x27;"),
            c => escaped.push(c),
        }
    }
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
    }
}
