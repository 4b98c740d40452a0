//! How templates escape what they print: the five characters HTML needs escaped in text and in
//! quoted attributes (`&`, `<`, `>`, `"`, `'`), the same escaping the pages' markdown gets
//! ([`playbook_markdown::escape::attribute`]). Tera's own escaping also turns `/` into `&#x2F;`,
//! which made every address `https:&#x2F;&#x2F;…`: longer pages, unreadable source.

/// `text` safe in HTML text and in a quoted attribute, as tera's escape function wants it.
pub(super) fn escape_html(text: &str) -> String {
    let mut escaped = String::with_capacity(text.len() + text.len() / 8);
    playbook_markdown::escape::attribute(&mut escaped, text);
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
            "&lt;script&gt;&quot;x&quot; &#39;y&#39;&lt;/script&gt;"
        );
        assert_eq!(escape_html("é<ü>&"), "é&lt;ü&gt;&amp;");
        assert_eq!(escape_html(""), "");
    }
}
