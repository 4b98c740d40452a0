//! Prices among maths: with maths on, `$20,000, and **$200,000**` would read as a formula from
//! the first dollar to the second. As in Pandoc, a closing `$` followed by a digit does not
//! close a formula. pulldown-cmark has no such rule (it refuses only a closing `$` after a
//! space, as in `$5 and $10`), so the page is parsed once more with the dollar that opened each
//! such span made plain text, until none is left; only pages with a `$` between a non-space and
//! a digit are looked at. The dollar is stood in for by a control character of the same length,
//! so every offset, line and column stays the page's, and put back in the text events.

use pulldown_cmark::{CowStr, Event, Parser};

use crate::gitbook::render::Located;

/// What stands for a dollar that is text: one byte, like `$`, and never in a page's text (a page
/// holding it is left as pulldown-cmark reads it).
const STAND_IN: char = '\u{1A}';

/// At most this many more parses of a page: each makes text of every dollar found, so real pages
/// need one or two.
const MAX_PASSES: usize = 8;

/// The page's markdown copy, made from the guarded text, with its dollars back.
pub(super) fn restore_text(text: &mut String) {
    if text.contains(STAND_IN) {
        *text = text.replace(STAND_IN, "$");
    }
}

/// The page's text with the dollars that must not open a formula stood in for, if it has any.
pub(super) fn guard(text: &str, body_offset: usize) -> Option<String> {
    if !may_close_before_digit(&text[body_offset..]) || text.contains(STAND_IN) {
        return None;
    }
    let mut guarded: Option<String> = None;
    for _ in 0..MAX_PASSES {
        let current = guarded.as_deref().unwrap_or(text);
        let openers = openers_before_digits(current, body_offset);
        if openers.is_empty() {
            break;
        }
        let mut bytes = current.as_bytes().to_vec();
        for at in openers {
            bytes[at] = STAND_IN as u8;
        }
        // One ASCII byte for another keeps the text UTF-8.
        guarded = String::from_utf8(bytes).ok();
    }
    guarded
}

/// Whether some `$` stands between a non-space and a digit, the only place a formula can close
/// before a digit.
fn may_close_before_digit(body: &str) -> bool {
    let bytes = body.as_bytes();
    memchr::memchr_iter(b'$', bytes).any(|at| {
        at > 0
            && !bytes[at - 1].is_ascii_whitespace()
            && bytes.get(at + 1).is_some_and(u8::is_ascii_digit)
    })
}

/// Where the formulas whose closing `$` is followed by a digit open.
fn openers_before_digits(text: &str, body_offset: usize) -> Vec<usize> {
    Parser::new_ext(&text[body_offset..], crate::options())
        .into_offset_iter()
        .filter_map(|(event, range)| {
            let next = text.as_bytes().get(body_offset + range.end);
            (matches!(event, Event::InlineMath(_)) && next.is_some_and(u8::is_ascii_digit))
                .then_some(body_offset + range.start)
        })
        .collect()
}

/// Puts the dollars back in the text of a guarded page's events.
pub(super) fn restore(events: &mut [Located<'_>]) {
    for (event, _) in events {
        if let Event::Text(text) = event
            && text.contains(STAND_IN)
        {
            *text = CowStr::from(text.replace(STAND_IN, "$"));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::tests::render_front_page;
    use super::*;

    #[test]
    fn only_dollars_between_a_non_space_and_a_digit_are_looked_at() {
        assert_eq!(guard("It costs $5 and $10.\n", 0), None);
        assert_eq!(guard("Energy $E = mc^2$.\n", 0), None);
        let guarded = guard("$20,000, and **$200,000**\n", 0).unwrap();
        assert_eq!(guarded, "\u{1A}20,000, and **$200,000**\n");
    }

    #[test]
    fn prices_keep_their_emphasis_and_formulas_stay() {
        let out = render_front_page(
            "At around $20,000. The exposure is therefore **$200,000 an hour**, or $5-$10; \
             the ratio $x^2$ stays.\n",
        );
        assert!(
            out.html.contains(
                "At around $20,000. The exposure is therefore <strong>$200,000 an hour</strong>, or $5-$10;"
            ),
            "{}",
            out.html
        );
        assert_eq!(out.html.matches("<math").count(), 1, "{}", out.html);
        assert!(!out.html.contains(STAND_IN), "{}", out.html);
        assert!(!out.sections[0].text.contains("**"), "{:?}", out.sections);
    }
}
