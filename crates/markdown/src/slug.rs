//! Heading ids as GitHub makes them (lower-case, punctuation dropped, spaces to hyphens), kept
//! unique within a page by numbered suffixes; and as GitBook makes them ([`gitbook_slug`]), so
//! that links written for GitBook still find their heading.

use std::collections::{HashMap, HashSet};

/// The GitHub-style id of a heading's text.
pub fn slugify(text: &str) -> String {
    slug_of(text, false)
}

/// The id GitBook gives a heading's text: as [`slugify`], but dots are kept, `&` is written
/// `and` and runs of hyphens become one (`Build & run` is `build-and-run`, `A - B` is `a-b`,
/// `Release 4.9` is `release-4.9`).
pub fn gitbook_slug(text: &str) -> String {
    let mut slug = slug_of(text, true);
    let mut after_hyphen = false;
    slug.retain(|c| {
        let keep = c != '-' || !after_hyphen;
        after_hyphen = c == '-';
        keep
    });
    slug
}

/// Lower-case letters, digits, `_` and `-` of `text`, spaces as hyphens; GitBook's way also
/// keeps dots and writes `&` as `and`.
fn slug_of(text: &str, gitbook: bool) -> String {
    let text = text.trim();
    let mut slug = String::with_capacity(text.len());
    if text.is_ascii() {
        // Most headings: a byte at a time, without decoding or case tables.
        for byte in text.bytes() {
            match byte {
                b'a'..=b'z' | b'0'..=b'9' | b'_' | b'-' => slug.push(char::from(byte)),
                b'A'..=b'Z' => slug.push(char::from(byte.to_ascii_lowercase())),
                b'.' if gitbook => slug.push('.'),
                b' ' => slug.push('-'),
                b'&' if gitbook => slug.push_str("and"),
                _ => {}
            }
        }
        return slug;
    }
    push_by_chars(&mut slug, text, gitbook);
    slug
}

/// [`slug_of`]'s rule a character at a time, for headings beyond ASCII.
fn push_by_chars(slug: &mut String, text: &str, gitbook: bool) {
    for c in text.chars() {
        if c.is_alphanumeric() || c == '_' || c == '-' || (gitbook && c == '.') {
            slug.extend(c.to_lowercase());
        } else if c == ' ' {
            slug.push('-');
        } else if gitbook && c == '&' {
            slug.push_str("and");
        }
    }
}

/// Hands out ids that are unique within one page.
#[derive(Debug, Default)]
pub struct UniqueIds {
    used: HashSet<String>,
    /// Per base, the suffix to try next: every smaller one is taken, so a page with thousands of
    /// same headings is not quadratic.
    next: HashMap<String, usize>,
}

impl UniqueIds {
    /// `base` itself when free, else `base-1`, `base-2`, ...; `section` when `base` is empty.
    pub fn claim(&mut self, base: &str) -> String {
        let base = if base.is_empty() { "section" } else { base };
        if self.used.insert(base.to_string()) {
            return base.to_string();
        }
        let next = self.next.entry(base.to_string()).or_insert(1);
        loop {
            let candidate = format!("{base}-{next}");
            *next += 1;
            if self.used.insert(candidate.clone()) {
                return candidate;
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn github_style() {
        assert_eq!(slugify("What is Ops Run It?"), "what-is-ops-run-it");
        assert_eq!(slugify("Step 1: pick a target"), "step-1-pick-a-target");
        assert_eq!(slugify("  Über café_x  "), "über-café_x");
        assert_eq!(slugify("99.9% — fast"), "999--fast");
    }

    #[test]
    fn gitbook_style() {
        assert_eq!(gitbook_slug("Release 4.9"), "release-4.9");
        assert_eq!(gitbook_slug("A - B"), "a-b");
        assert_eq!(gitbook_slug("Build & run"), "build-and-run");
        assert_eq!(gitbook_slug("99.9% — fast"), "99.9-fast");
        assert_eq!(
            gitbook_slug("What is Ops Run It?"),
            slugify("What is Ops Run It?")
        );
    }

    /// The byte-at-a-time way for ASCII headings gives what the character way gives.
    #[test]
    fn ascii_headings_slug_as_the_character_way() {
        let char_way = |text: &str, gitbook: bool| {
            let mut slug = String::new();
            push_by_chars(&mut slug, text.trim(), gitbook);
            slug
        };
        let every_ascii: String = (0u8..128).map(char::from).collect();
        for text in [
            every_ascii.as_str(),
            " \t Step 1: Pick_A-Target & Run v4.9 (Beta)?! \n",
            "A -- B",
        ] {
            for gitbook in [false, true] {
                assert_eq!(slug_of(text, gitbook), char_way(text, gitbook), "{text:?}");
            }
        }
    }

    #[test]
    fn repeated_headings_get_suffixes() {
        let mut ids = UniqueIds::default();
        assert_eq!(ids.claim("notes"), "notes");
        assert_eq!(ids.claim("notes"), "notes-1");
        assert_eq!(ids.claim("notes"), "notes-2");
        assert_eq!(ids.claim("notes-1"), "notes-1-1");
        assert_eq!(ids.claim(""), "section");
        assert_eq!(ids.claim("notes-3"), "notes-3");
        assert_eq!(ids.claim("notes"), "notes-4");
    }

    #[test]
    fn twenty_thousand_same_headings_are_fast() {
        // Found by the bad-input corpus: suffixes were searched from 1 each time (85 s).
        let mut ids = UniqueIds::default();
        let started = std::time::Instant::now();
        for n in 0..20_000 {
            let id = ids.claim("h");
            assert_eq!(
                id,
                if n == 0 {
                    "h".to_string()
                } else {
                    format!("h-{n}")
                }
            );
        }
        assert!(started.elapsed() < std::time::Duration::from_secs(5));
    }
}
