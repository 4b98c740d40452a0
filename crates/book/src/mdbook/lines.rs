//! Which lines of an included file a directive takes, as mdBook takes them: a range
//! (`file:2`, `file::10`, `file:2:`, `file:2:10`, 1-based and inclusive) or an anchor
//! (`file:name`, the lines between `ANCHOR: name` and `ANCHOR_END: name`), and the
//! `rustdoc_include` form that keeps the other lines as hidden `# ` lines.

use std::ops::Range;

/// The part of a file a directive names.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Selection {
    /// Lines by 0-based index, end exclusive (`usize::MAX` for "to the end").
    Lines(Range<usize>),
    Anchor(String),
}

impl Selection {
    /// The selection after the file's path in `file:…`; `None` when the text is neither a range
    /// nor an anchor name.
    pub fn parse(text: &str) -> Option<Self> {
        let number = |s: &str| s.trim().parse::<usize>().ok();
        let mut parts = text.splitn(2, ':');
        let first = parts.next()?.trim();
        let second = parts.next();
        match second {
            None if first.is_empty() => Some(Self::Lines(0..usize::MAX)),
            None => match number(first) {
                Some(line) => Some(Self::Lines(line.saturating_sub(1)..line.max(1))),
                None => is_anchor_name(first).then(|| Self::Anchor(first.to_string())),
            },
            Some(end) => {
                let start = if first.is_empty() {
                    Some(1)
                } else {
                    number(first)
                }?;
                let end = if end.trim().is_empty() {
                    Some(usize::MAX)
                } else {
                    number(end)
                }?;
                Some(Self::Lines(start.saturating_sub(1)..end.max(start)))
            }
        }
    }
}

/// Whether `name` can be an anchor's name (what mdBook's pattern `[\w_-]+` accepts).
fn is_anchor_name(name: &str) -> bool {
    !name.is_empty()
        && name
            .chars()
            .all(|c| c.is_alphanumeric() || c == '_' || c == '-')
}

/// The anchor a line opens or closes: `(true, name)` for `ANCHOR: name`, `(false, name)` for
/// `ANCHOR_END: name`.
fn anchor_of(line: &str) -> Option<(bool, &str)> {
    let (opens, rest) = if let Some(i) = line.find("ANCHOR_END:") {
        (false, &line[i + "ANCHOR_END:".len()..])
    } else {
        let i = line.find("ANCHOR:")?;
        (true, &line[i + "ANCHOR:".len()..])
    };
    let rest = rest.trim_start();
    let end = rest
        .find(|c: char| !(c.is_alphanumeric() || c == '_' || c == '-'))
        .unwrap_or(rest.len());
    (end > 0).then(|| (opens, &rest[..end]))
}

/// Which lines of `text` the selection takes, by 0-based index; `None` for an anchor the file
/// does not have. Anchor marker lines are never taken: they are notes for the include, not
/// code a reader needs (mdBook drops them inside an anchor, and this drops them everywhere).
fn chosen(text: &str, selection: &Selection) -> Option<Vec<bool>> {
    let lines: Vec<&str> = text.lines().collect();
    match selection {
        Selection::Lines(range) => Some(
            lines
                .iter()
                .enumerate()
                .map(|(i, line)| range.contains(&i) && anchor_of(line).is_none())
                .collect(),
        ),
        Selection::Anchor(name) => {
            let mut inside = false;
            let mut found = false;
            let mut taken = Vec::with_capacity(lines.len());
            for line in &lines {
                match anchor_of(line) {
                    Some((opens, anchor)) => {
                        if anchor == name {
                            inside = opens;
                            found |= opens;
                        }
                        taken.push(false);
                    }
                    None => taken.push(inside),
                }
            }
            found.then_some(taken)
        }
    }
}

/// The lines of `text` the selection takes, each ending in a newline but the last. Line
/// numbers count the marker lines, as an editor shows them.
pub fn take(text: &str, selection: &Selection) -> Option<String> {
    let taken = chosen(text, selection)?;
    let lines: Vec<&str> = text
        .lines()
        .zip(&taken)
        .filter(|(_, taken)| **taken)
        .map(|(line, _)| line)
        .collect();
    Some(lines.join("\n"))
}

/// `text` whole, the lines the selection does not take hidden as Rust's `# ` lines (anchor
/// marker lines are left out), for `{{#rustdoc_include}}`.
pub fn take_hiding_rest(text: &str, selection: &Selection) -> Option<String> {
    let taken = chosen(text, selection)?;
    let mut out = Vec::with_capacity(taken.len());
    for (line, taken) in text.lines().zip(taken) {
        if taken {
            out.push(line.to_string());
        } else if anchor_of(line).is_none() {
            out.push(format!("# {line}"));
        }
    }
    Some(out.join("\n"))
}

#[cfg(test)]
mod tests {
    use super::*;

    const FILE: &str = "one\ntwo\nthree\nfour\nfive\n";

    fn lines(selection: &str) -> String {
        take(FILE, &Selection::parse(selection).unwrap()).unwrap()
    }

    #[test]
    fn ranges_are_one_based_and_inclusive() {
        assert_eq!(lines(""), "one\ntwo\nthree\nfour\nfive");
        assert_eq!(lines("2"), "two");
        assert_eq!(lines(":2"), "one\ntwo");
        assert_eq!(lines("4:"), "four\nfive");
        assert_eq!(lines("2:3"), "two\nthree");
        assert_eq!(lines("9:12"), "");
    }

    #[test]
    fn anchors_take_their_lines_without_markers() {
        let file = "use x;\n// ANCHOR: main\nfn main() {\n    // ANCHOR: inner\n    run();\n    // ANCHOR_END: inner\n}\n// ANCHOR_END: main\n";
        let main = Selection::parse("main").unwrap();
        assert_eq!(take(file, &main).unwrap(), "fn main() {\n    run();\n}");
        assert_eq!(
            take_hiding_rest(file, &main).unwrap(),
            "# use x;\nfn main() {\n    run();\n}"
        );
        assert_eq!(take(file, &Selection::parse("missing").unwrap()), None);
    }

    #[test]
    fn rustdoc_include_hides_lines_outside_the_range() {
        let selection = Selection::parse("2:3").unwrap();
        assert_eq!(
            take_hiding_rest(FILE, &selection).unwrap(),
            "# one\ntwo\nthree\n# four\n# five"
        );
    }

    #[test]
    fn text_that_is_neither_is_refused() {
        assert_eq!(Selection::parse("a b"), None);
        assert_eq!(Selection::parse("2:x"), None);
    }
}
