//! Code blocks in the page walk: a block's text is gathered whole (and collected for search as
//! written), then written as `crate::code` renders it, in the `<pre><code class="language-*">`
//! that pulldown-cmark writes, inside a box when the block has labels or hidden lines.

use pulldown_cmark::{CodeBlockKind, CowStr, Event, Tag, TagEnd};

use super::State;
use crate::code::{self, BOX_END};

/// The code block being read: its kind (with its info string), its text so far, and whether
/// its lines are numbered.
pub(super) struct OpenCode<'p> {
    kind: CodeBlockKind<'p>,
    text: String,
    numbered: bool,
}

impl<'p> State<'p, '_> {
    /// Starts reading a code block opened at `offset`.
    pub(super) fn code_opened(&mut self, kind: CodeBlockKind<'p>, offset: usize) {
        self.code = Some(OpenCode {
            kind,
            text: String::new(),
            numbered: self.numbered_code.binary_search(&offset).is_ok(),
        });
    }

    /// Inside a code block: its text is kept and collected for search; where it ends it is
    /// written whole.
    pub(super) fn code_event(&mut self, event: Event<'p>) {
        self.collect_text(&event);
        match event {
            Event::Text(text) => {
                if let Some(open) = self.code.as_mut() {
                    open.text.push_str(&text);
                }
            }
            Event::End(TagEnd::CodeBlock) => {
                if let Some(open) = self.code.take() {
                    self.write_code(open);
                }
            }
            _ => {}
        }
    }

    fn write_code(&mut self, open: OpenCode<'p>) {
        let info = match &open.kind {
            CodeBlockKind::Fenced(info) => info.as_ref(),
            CodeBlockKind::Indented => "",
        };
        let block = code::render(info, &open.text, open.numbered);
        let kind = match open.kind {
            CodeBlockKind::Fenced(_) => {
                CodeBlockKind::Fenced(CowStr::from(block.language.to_string()))
            }
            CodeBlockKind::Indented => CodeBlockKind::Indented,
        };
        let boxed = block.tools.is_some();
        if let Some(tools) = block.tools {
            self.events.push(Event::Html(tools.into()));
        }
        self.events.push(Event::Start(Tag::CodeBlock(kind)));
        self.events.push(Event::Html(block.content.into()));
        self.events.push(Event::End(TagEnd::CodeBlock));
        if boxed {
            self.events.push(Event::Html(BOX_END.into()));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::tests::render_front_page;

    #[test]
    fn fenced_code_is_coloured_and_keeps_its_language_class() {
        let out = render_front_page("# Code\n\n```rust,ignore\nfn main() {}\n```\n");
        assert!(
            out.html
                .contains("<pre><code class=\"language-rust\"><span class=\"hl-source hl-rust\">"),
            "{}",
            out.html
        );
        assert!(
            out.html
                .contains("<span class=\"code-marker\">not tested</span>"),
            "{}",
            out.html
        );
        assert!(out.html.contains("</code></pre>\n</div>\n"), "{}", out.html);
        assert_eq!(out.sections[0].text, "fn main() {}");
    }

    #[test]
    fn unknown_and_indented_code_stay_plain() {
        let out = render_front_page("```klingon\na < b\n```\n\n    c & d\n");
        assert!(
            out.html
                .contains("<pre><code class=\"language-klingon\">a &lt; b\n</code></pre>"),
            "{}",
            out.html
        );
        assert!(
            out.html.contains("<pre><code>c &amp; d\n</code></pre>"),
            "{}",
            out.html
        );
    }

    #[test]
    fn search_text_is_the_code_as_written() {
        let out = render_front_page("# Code\n\n```rust\n# fn main() {\nlet x = 1;\n# }\n```\n");
        assert_eq!(out.sections[0].text, "# fn main() { let x = 1; # }");
    }
}
