//! HTML escaping for pages, navigation and the theme's generated files: pulldown-cmark's own
//! escaping functions (the ones its HTML writer uses), writing into a `String`; and reading back
//! what they write, for attribute values taken from written HTML.

use std::borrow::Cow;

use pulldown_cmark_escape::{escape_html, escape_html_body_text};

/// The entities [`attribute`] and [`text`] write, and what each stands for.
const ENTITIES: [(&str, char); 5] = [
    ("&amp;", '&'),
    ("&lt;", '<'),
    ("&gt;", '>'),
    ("&quot;", '"'),
    ("&#39;", '\''),
];

/// `value` with the entities [`attribute`] writes read back, in one pass (so `&amp;lt;` reads
/// as `&lt;`); other entities are left as written. Borrowed when there is none, as is usual.
pub fn unescape(value: &str) -> Cow<'_, str> {
    let Some(first) = memchr::memchr(b'&', value.as_bytes()) else {
        return Cow::Borrowed(value);
    };
    let mut out = String::with_capacity(value.len());
    out.push_str(&value[..first]);
    let mut rest = &value[first..];
    while let Some(at) = memchr::memchr(b'&', rest.as_bytes()) {
        out.push_str(&rest[..at]);
        rest = &rest[at..];
        match ENTITIES.iter().find(|(entity, _)| rest.starts_with(entity)) {
            Some((entity, character)) => {
                out.push(*character);
                rest = &rest[entity.len()..];
            }
            None => {
                out.push('&');
                rest = &rest[1..];
            }
        }
    }
    out.push_str(rest);
    Cow::Owned(out)
}

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
    fn unescaping_reads_back_what_escaping_wrote_once() {
        let mut out = String::new();
        super::attribute(&mut out, "a&b<c>\"d' &lt;");
        assert_eq!(super::unescape(&out), "a&b<c>\"d' &lt;");
        assert_eq!(super::unescape("&copy; &amp"), "&copy; &amp");
        assert!(matches!(
            super::unescape("plain"),
            std::borrow::Cow::Borrowed(_)
        ));
    }

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
