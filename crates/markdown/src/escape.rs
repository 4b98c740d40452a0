//! HTML escaping for pages, navigation and the theme's generated files: pulldown-cmark's own
//! escaping functions (the ones its HTML writer uses), writing into a `String`.

use pulldown_cmark_escape::{escape_html, escape_html_body_text};

/// Writes `text` escaped for a quoted attribute value: `&`, `<`, `>`, `"` and `'`.
pub fn attribute(out: &mut String, text: &str) {
    // Writing to a `String` cannot fail.
    escape_html(&mut *out, text).unwrap_or(());
}

/// Writes `text` escaped for the body of an element: `&`, `<` and `>`.
pub fn text(out: &mut String, text: &str) {
    escape_html_body_text(&mut *out, text).unwrap_or(());
}

#[cfg(test)]
mod tests {
    #[test]
    fn attributes_escape_quotes_and_text_does_not() {
        let mut out = String::new();
        super::attribute(&mut out, "a&b<c>\"d'");
        assert_eq!(out, "a&amp;b&lt;c&gt;&quot;d&#39;");
        out.clear();
        super::text(&mut out, "a&b<c>\"d'");
        assert_eq!(out, "a&amp;b&lt;c&gt;\"d'");
    }
}
