//! Finding mdBook's directives in a page's text, in one pass: `{{#name args}}`, and the
//! escaped `\{{#…}}` that stands as written. What each directive means is [`super::include`]'s.

/// A directive found in text.
pub(super) struct Found<'t> {
    pub start: usize,
    pub end: usize,
    pub kind: Kind<'t>,
}

/// What a directive asks for.
pub(super) enum Kind<'t> {
    /// `\{{#…}}`: the text without its backslash.
    Escaped(&'t str),
    Directive {
        name: &'t str,
        args: &'t str,
    },
}

/// The directives of `text` in order, found in one pass.
pub(super) fn directives(text: &str) -> Vec<Found<'_>> {
    let bytes = text.as_bytes();
    let mut found = Vec::new();
    let mut at = 0;
    // The first `}` or line end found last: no other lies between the search's start and it,
    // so later directives on the line reuse it and each byte is looked at a bounded number of
    // times however many `{{` a line holds.
    let mut stop_found: Option<usize> = None;
    while let Some(i) = text[at..].find("{{").map(|i| i + at) {
        let escaped = i > 0 && bytes[i - 1] == b'\\';
        let after = i + 2;
        let stop = match stop_found {
            Some(stop) if stop >= after => stop,
            _ => {
                let stop = text[after..]
                    .find(['}', '\n'])
                    .map_or(text.len(), |c| c + after);
                stop_found = Some(stop);
                stop
            }
        };
        if bytes.get(stop) != Some(&b'}') || bytes.get(stop + 1) != Some(&b'}') {
            at = after;
            continue;
        }
        let close_at = stop;
        let inner = &text[after..close_at];
        let end = close_at + 2;
        if escaped {
            if inner.trim_start().starts_with('#') {
                found.push(Found {
                    start: i - 1,
                    end,
                    kind: Kind::Escaped(&text[i..end]),
                });
            }
        } else if let Some((name, args)) = parse_inner(inner) {
            found.push(Found {
                start: i,
                end,
                kind: Kind::Directive { name, args },
            });
        }
        at = end;
    }
    found
}

/// `#name args` inside the braces.
fn parse_inner(inner: &str) -> Option<(&str, &str)> {
    let rest = inner.trim_start().strip_prefix('#')?;
    let name_end = rest
        .find(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
        .unwrap_or(rest.len());
    let (name, args) = rest.split_at(name_end);
    if name.is_empty() || !args.starts_with(char::is_whitespace) || args.trim().is_empty() {
        return None;
    }
    Some((name, args.trim()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn directives_and_escapes_are_found_and_templates_are_not() {
        let text = "a {{#include x.md:2}} b \\{{#title T}} {{ not }} {{#}} {{#bad}}";
        let found: Vec<(usize, usize, bool)> = directives(text)
            .iter()
            .map(|f| (f.start, f.end, matches!(f.kind, Kind::Escaped(_))))
            .collect();
        assert_eq!(found, [(2, 21, false), (24, 37, true)]);
    }
}
