//! Raw HTML as GitBook writes it: `<mark style="color:red;">` and friends. Inline styles do not
//! run under the site's strict Content-Security-Policy, so GitBook's palette becomes classes the
//! theme styles and any other `style` attribute is dropped.

/// The colours of GitBook's text and highlight palette.
const PALETTE: [&str; 7] = [
    "red", "orange", "yellow", "green", "blue", "purple", "primary",
];

/// `raw` with every `style` attribute replaced: GitBook's colours become `gb-color-*` and
/// `gb-bg-*` classes (when the element has no class of its own), anything else goes. `None`
/// when there is nothing to change.
pub fn without_styles(raw: &str) -> Option<String> {
    if !raw.to_ascii_lowercase().contains("style=") {
        return None;
    }
    let mut out = String::with_capacity(raw.len());
    let mut rest = raw;
    let mut changed = false;
    while let Some((before, value, after)) = next_style(rest) {
        changed = true;
        let trimmed = before.trim_end_matches([' ', '\t', '\n', '\r']);
        out.push_str(trimmed);
        let tag_start = out.rfind('<').unwrap_or(0);
        let tag_end = after.find('>').unwrap_or(after.len());
        let has_class = out[tag_start..].to_ascii_lowercase().contains(" class=")
            || after[..tag_end].to_ascii_lowercase().contains(" class=");
        let classes = palette_classes(value);
        if !has_class && !classes.is_empty() {
            out.push_str(" class=\"");
            out.push_str(&classes.join(" "));
            out.push('"');
        }
        rest = after;
    }
    out.push_str(rest);
    changed.then_some(out)
}

/// The next ` style="…"` (either quote) inside a tag: the text before it, its value, and the
/// text after its closing quote.
fn next_style(text: &str) -> Option<(&str, &str, &str)> {
    let lower = text.to_ascii_lowercase();
    let mut search = 0;
    loop {
        let start = lower[search..].find("style=")? + search;
        let preceded = start > 0 && text.as_bytes()[start - 1].is_ascii_whitespace();
        let inside_tag = lower[..start].rfind('<') > lower[..start].rfind('>');
        let quote = text.as_bytes().get(start + 6).copied();
        if preceded
            && inside_tag
            && let Some(q @ (b'"' | b'\'')) = quote
        {
            let value_start = start + 7;
            let value_end = text[value_start..].find(q as char)? + value_start;
            return Some((
                &text[..start],
                &text[value_start..value_end],
                &text[value_end + 1..],
            ));
        }
        search = start + 6;
    }
}

/// GitBook's colour declarations as classes: `color:red;background-color:$primary` gives
/// `gb-color-red gb-bg-primary`.
fn palette_classes(style: &str) -> Vec<String> {
    let mut classes = Vec::new();
    for declaration in style.split(';') {
        let Some((property, value)) = declaration.split_once(':') else {
            continue;
        };
        let property = property.trim().to_ascii_lowercase();
        let value = value.trim().trim_start_matches('$').to_ascii_lowercase();
        let prefix = match property.as_str() {
            "color" => "gb-color",
            "background-color" | "background" => "gb-bg",
            _ => continue,
        };
        if PALETTE.contains(&value.as_str()) {
            classes.push(format!("{prefix}-{value}"));
        }
    }
    classes
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn gitbook_colours_become_classes() {
        assert_eq!(
            without_styles("<mark style=\"color:red;\">").as_deref(),
            Some("<mark class=\"gb-color-red\">")
        );
        assert_eq!(
            without_styles("<mark style='background-color:$primary; color:blue'>x").as_deref(),
            Some("<mark class=\"gb-bg-primary gb-color-blue\">x")
        );
        assert_eq!(
            without_styles("<td style=\"width: 10px\" class=\"a\">").as_deref(),
            Some("<td class=\"a\">")
        );
        assert_eq!(without_styles("<p>a style=\"x\"</p>"), None);
        assert_eq!(without_styles("<mark>plain</mark>"), None);
    }
}
