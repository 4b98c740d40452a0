//! A code block's HTML: its info string read ([`info`]), mdBook's hidden lines of Rust examples
//! ([`hidden`]), colours ([`highlight`]) and lines cut for numbering and hiding ([`lines`]).
//! Both the page walk and GitBook's numbered `{% code %}` blocks come here, so every block is
//! shown the same way; the block's text for search is the caller's, as written.

mod hidden;
mod highlight;
pub mod info;
mod lines;

/// A code block, rendered: what goes before its `<pre>`, its language and its content.
#[derive(Debug, PartialEq, Eq)]
pub struct Block<'a> {
    /// The language for the `language-*` class; empty for none.
    pub language: &'a str,
    /// The opening of a box holding the block's labels and its hidden lines' toggle, when it
    /// has either; the box is closed by [`BOX_END`] after the `</pre>`.
    pub tools: Option<String>,
    /// The HTML inside `<code>`.
    pub content: String,
}

/// The end of a block's box (see [`Block::tools`]).
pub const BOX_END: &str = "</div>\n";

/// Renders a block with info string `info` and text `code`, its lines numbered when `numbered`.
pub fn render<'a>(info: &'a str, code: &str, numbered: bool) -> Block<'a> {
    let info = info::read(info);
    let shown = if info.rust {
        hidden::read(code)
    } else {
        hidden::Shown {
            code: code.into(),
            hidden: Vec::new(),
        }
    };
    let html = highlight::html(info.language, &shown.code).unwrap_or_else(|| {
        let mut plain = String::with_capacity(shown.code.len() + 16);
        crate::escape::text(&mut plain, &shown.code);
        plain
    });
    let has_hidden = !shown.hidden.is_empty();
    let content = if numbered || has_hidden {
        lines::wrap(&html, numbered, &shown.hidden)
    } else {
        html
    };
    Block {
        language: info.language,
        tools: tools(&info.markers, has_hidden),
        content,
    }
}

/// The opening of the box around a block with labels or hidden lines: the labels, then the
/// toggle (shown only where scripts run: it needs `app.js`).
fn tools(markers: &[&str], has_hidden: bool) -> Option<String> {
    if markers.is_empty() && !has_hidden {
        return None;
    }
    let mut html = String::from("<div class=\"code-block\">\n<div class=\"code-tools\">");
    for marker in markers {
        html.push_str("<span class=\"code-marker\">");
        html.push_str(marker);
        html.push_str("</span>");
    }
    if has_hidden {
        html.push_str(
            "<button type=\"button\" class=\"code-toggle needs-js\" aria-pressed=\"false\">\
             Show hidden lines</button>",
        );
    }
    html.push_str("</div>\n");
    Some(html)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plain_code_is_escaped_and_has_no_box() {
        let block = render("", "a < b\n", false);
        assert_eq!(block.content, "a &lt; b\n");
        assert_eq!((block.language, block.tools), ("", None));
        assert_eq!(render("text", "x\n", false).content, "x\n");
    }

    #[test]
    fn rust_attributes_label_the_block() {
        let block = render("rust,compile_fail", "let x: u8 = 256;\n", false);
        assert_eq!(block.language, "rust");
        assert_eq!(
            block.tools.as_deref(),
            Some(
                "<div class=\"code-block\">\n<div class=\"code-tools\">\
                 <span class=\"code-marker\">does not compile</span></div>\n"
            )
        );
    }

    #[test]
    fn hidden_lines_are_wrapped_coloured_and_toggled() {
        let block = render("rust", "# fn main() {\nlet x = 1;\n# }\n", false);
        let tools = block.tools.unwrap();
        assert!(
            tools.contains(
                "class=\"code-toggle needs-js\" aria-pressed=\"false\">Show hidden lines</button>"
            ),
            "{tools}"
        );
        let (first, rest) = block.content.split_once("\n</span>").unwrap();
        let (second, third) = rest.split_once('\n').unwrap();
        assert!(
            first.starts_with("<span class=\"hidden-line\"><span class=\"hl-source hl-rust\">"),
            "{first}"
        );
        assert!(first.contains(">fn</span>"), "{first}");
        assert!(!block.content.contains("# "), "{}", block.content);
        assert!(second.contains("let</span>"), "{second}");
        assert!(!second.contains("hidden-line"), "{second}");
        assert!(third.starts_with("<span class=\"hidden-line\">"), "{third}");
        assert!(third.ends_with("\n</span>"), "{third}");
    }

    #[test]
    fn numbered_lines_keep_their_spans_balanced() {
        let block = render("python", "s = '''a\nb'''\nx = 1\n", true);
        let lines: Vec<&str> = block.content.lines().collect();
        assert_eq!(lines.len(), 3, "{}", block.content);
        for line in &lines {
            assert!(line.starts_with("<span class=\"line\">"), "{line}");
            assert_eq!(
                line.matches("<span").count(),
                line.matches("</span>").count(),
                "{line}"
            );
        }
        assert!(
            lines[1].contains("hl-string"),
            "the string goes on: {}",
            lines[1]
        );
    }
}
