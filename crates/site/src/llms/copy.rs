//! A page's markdown copy, finished: the copy the renderer made (with its calculators filled in)
//! under the page's title as a `#` heading when the page has none, and with the description its
//! front matter gives under that title, as the HTML page shows it; no raw `{%` in it, whatever
//! the title, the description or a calculator's inputs hold.

/// The copy of a page titled `title` whose rendered copy is `markdown`; `has_heading` says
/// whether the page has a `#` heading, `description` is its front matter's.
pub fn page_copy(
    title: &str,
    description: Option<&str>,
    has_heading: bool,
    markdown: &str,
) -> String {
    playbook_markdown::defuse_tag_openers(titled(title, description, has_heading, markdown))
}

fn titled(title: &str, description: Option<&str>, has_heading: bool, markdown: &str) -> String {
    let description = description.map(str::trim).filter(|d| !d.is_empty());
    let mut out = String::with_capacity(markdown.len() + title.len() + 64);
    if !has_heading {
        out.push_str("# ");
        out.push_str(&title.split_whitespace().collect::<Vec<_>>().join(" "));
        out.push_str("\n\n");
        if let Some(description) = description {
            out.push_str(description);
            out.push_str("\n\n");
        }
        out.push_str(markdown.trim_start_matches('\n'));
        return out;
    }
    match description {
        Some(description) if markdown.starts_with("# ") => {
            let end = markdown.find('\n').map_or(markdown.len(), |i| i + 1);
            out.push_str(&markdown[..end]);
            out.push('\n');
            out.push_str(description);
            out.push_str("\n\n");
            out.push_str(markdown[end..].trim_start_matches('\n'));
        }
        _ => out.push_str(markdown),
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_page_without_a_heading_gets_its_title_and_description() {
        assert_eq!(
            page_copy("Costs", Some("What it costs."), false, "Text.\n"),
            "# Costs\n\nWhat it costs.\n\nText.\n"
        );
        assert_eq!(
            page_copy("Costs", None, false, "Text.\n"),
            "# Costs\n\nText.\n"
        );
    }

    #[test]
    fn a_description_goes_under_the_heading() {
        assert_eq!(
            page_copy("Costs", Some("What it costs."), true, "# Costs\n\nText.\n"),
            "# Costs\n\nWhat it costs.\n\nText.\n"
        );
        assert_eq!(
            page_copy("Costs", None, true, "# Costs\n\nText.\n"),
            "# Costs\n\nText.\n"
        );
    }
}
