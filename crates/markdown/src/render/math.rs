//! Maths, written as TeX between dollars (pulldown-cmark's math option), turned into MathML when
//! the site is built by pulldown-latex (pure Rust; browsers show MathML themselves, so pages
//! need no script or font for it). `$…$` is inline and `$$…$$` is display maths; as GitBook
//! shows them, `$$…$$` alone in its paragraph is a display formula and inside a sentence it is
//! inline. A formula that does not parse is shown as code, with a warning naming its line.
//!
//! Prices stay text ([`super::prices`]).

use pulldown_cmark::{CowStr, Event, Tag, TagEnd};
use pulldown_latex::config::DisplayMode;
use pulldown_latex::{Parser, RenderConfig, Storage, push_mathml};

use super::State;
use crate::gitbook::render::Located;
use playbook_book::diagnostics::Diagnostic;

/// Makes `$$…$$` within a sentence inline maths, as GitBook shows it.
pub(super) fn settle(events: &mut [Located<'_>]) {
    for index in 1..events.len() {
        let alone = matches!(events[index - 1].0, Event::Start(Tag::Paragraph))
            && matches!(
                events.get(index + 1),
                Some((Event::End(TagEnd::Paragraph), _))
            );
        if let (Event::DisplayMath(tex), false) = (&events[index].0, alone) {
            events[index].0 = Event::InlineMath(tex.clone());
        }
    }
}

/// A formula as MathML, or the parser's first complaint.
fn mathml(tex: &str, display: bool) -> Result<String, String> {
    let storage = Storage::new();
    let events: Vec<_> = Parser::new(tex, &storage).collect();
    if let Some(Err(error)) = events.iter().find(|event| event.is_err()) {
        let message = error.to_string();
        let first = message.lines().next().unwrap_or_default();
        return Err(first.trim_start_matches("parsing error: ").to_string());
    }
    let mut annotation = String::with_capacity(tex.len());
    crate::escape::text(&mut annotation, tex.trim());
    let config = RenderConfig {
        display_mode: if display {
            DisplayMode::Block
        } else {
            DisplayMode::Inline
        },
        annotation: Some(&annotation),
        ..RenderConfig::default()
    };
    let mut html = String::with_capacity(tex.len() * 8);
    push_mathml(&mut html, events.into_iter(), config).map_err(|error| error.to_string())?;
    Ok(html)
}

/// A formula as a message quotes it: on one line, its first 40 characters.
fn shortened(tex: &str) -> String {
    let line = tex.split_whitespace().collect::<Vec<_>>().join(" ");
    match line.char_indices().nth(40) {
        Some((at, _)) => format!("{}…", line[..at].trim_end()),
        None => line,
    }
}

impl<'p> State<'p, '_> {
    /// The HTML for a formula at `offset`, its TeX collected for search; a formula that does not
    /// parse is shown as code and reported.
    pub(super) fn math(&mut self, tex: CowStr<'p>, display: bool, offset: usize) -> Event<'p> {
        self.collect_text(&Event::Text(tex.clone()));
        match mathml(&tex, display) {
            Ok(html) if display => Event::Html(html.into()),
            Ok(html) => Event::InlineHtml(html.into()),
            Err(reason) => {
                let (line, column) = self.position(offset);
                self.problems.push(
                    Diagnostic::warning(
                        self.page.path,
                        format!("the formula `{}` does not parse: {reason}", shortened(&tex)),
                    )
                    .at(line, column)
                    .help("it is shown as code; check its TeX (braces, commands)"),
                );
                let mut html = String::from("<code class=\"math-error\">");
                crate::escape::text(&mut html, &tex);
                html.push_str("</code>");
                Event::InlineHtml(html.into())
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::tests::render_front_page;
    use playbook_book::diagnostics::Severity;

    #[test]
    fn inline_and_display_maths_become_mathml() {
        let out = render_front_page("Energy $E = mc^2$ here.\n\n$$\n\\frac{a}{b}\n$$\n");
        assert!(out.html.contains("<p>Energy <math"), "{}", out.html);
        assert!(!out.html.contains("math-inline"), "{}", out.html);
        assert!(out.html.contains("<mfrac>"), "{}", out.html);
        assert!(out.html.contains("display=\"block\""), "{}", out.html);
        assert!(
            out.html
                .contains("<annotation encoding=\"application/x-tex\">E = mc^2</annotation>"),
            "{}",
            out.html
        );
        assert!(out.diagnostics.is_empty(), "{:?}", out.diagnostics);
    }

    #[test]
    fn gitbooks_double_dollars_in_a_sentence_are_inline() {
        let out = render_front_page("The ratio $$x^2$$ grows.\n\n$$x^2$$\n");
        let (sentence, alone) = out.html.split_once("</p>").unwrap();
        assert!(sentence.contains("<math"), "{sentence}");
        assert!(!sentence.contains("display=\"block\""), "{sentence}");
        assert!(alone.contains("display=\"block\""), "{alone}");
    }

    #[test]
    fn a_formula_that_does_not_parse_is_code_and_a_warning() {
        let out = render_front_page("# Maths\n\nSee $\\frac{a}$ here.\n");
        assert!(
            out.html
                .contains("<code class=\"math-error\">\\frac{a}</code>"),
            "{}",
            out.html
        );
        let found: Vec<_> = out
            .diagnostics
            .iter()
            .map(|d| (d.severity, d.file.display().to_string(), d.line, d.column))
            .collect();
        assert_eq!(found, [(Severity::Warning, "README.md".to_string(), 3, 5)]);
        assert!(
            out.diagnostics[0]
                .message
                .starts_with("the formula `\\frac{a}` does not parse: "),
            "{:?}",
            out.diagnostics
        );
        let long = render_front_page(&format!("$$\n{}\\frac{{a}}\n$$\n", "x + ".repeat(20)));
        assert!(
            long.diagnostics[0]
                .message
                .starts_with(&format!("the formula `{}x +…` does not", "x + ".repeat(9))),
            "{:?}",
            long.diagnostics
        );
    }
}
