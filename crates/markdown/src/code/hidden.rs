//! mdBook's hidden lines in Rust examples: a line whose text starts (after its indentation) with
//! `# `, or is `#` alone, is part of the example but hidden from the reader until asked for; the
//! `# ` is not shown. `##` at that place stands for a literal `#`. Attributes such as `#[derive]`
//! and `#![allow]` are ordinary lines.

use std::borrow::Cow;

/// A Rust block's code as it is shown, and which of its lines are hidden.
#[derive(Debug, PartialEq, Eq)]
pub struct Shown<'a> {
    /// The code without the markers of hidden lines and escapes.
    pub code: Cow<'a, str>,
    /// For each line of `code`, whether it is hidden; empty when no line is.
    pub hidden: Vec<bool>,
}

/// Reads the hidden lines of a Rust block.
pub fn read(code: &str) -> Shown<'_> {
    if !code.contains('#') {
        return Shown {
            code: Cow::Borrowed(code),
            hidden: Vec::new(),
        };
    }
    let mut shown = String::with_capacity(code.len());
    let mut hidden = Vec::new();
    for line in code.split_inclusive('\n') {
        let text = line.trim_end_matches(['\n', '\r']);
        let ending = &line[text.len()..];
        let rest = text.trim_start();
        let indent = &text[..text.len() - rest.len()];
        let (hide, rest) = if rest == "#" {
            (true, "")
        } else if let Some(after) = rest.strip_prefix("# ") {
            (true, after)
        } else if rest.starts_with("##") {
            (false, &rest[1..])
        } else {
            (false, rest)
        };
        shown.push_str(indent);
        shown.push_str(rest);
        shown.push_str(ending);
        hidden.push(hide);
    }
    if !hidden.contains(&true) {
        hidden.clear();
    }
    Shown {
        code: Cow::Owned(shown),
        hidden,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hash_space_lines_are_hidden_and_double_hashes_are_escapes() {
        let shown = read(
            "# fn main() {\n    let x = 1;\n#\n    ## not hidden\n    # }\n#[derive(Debug)]\n",
        );
        assert_eq!(
            shown.code,
            "fn main() {\n    let x = 1;\n\n    # not hidden\n    }\n#[derive(Debug)]\n"
        );
        assert_eq!(shown.hidden, [true, false, true, false, true, false]);
    }

    #[test]
    fn code_without_hidden_lines_has_none() {
        assert_eq!(read("let x = 1;\n").hidden, Vec::<bool>::new());
        let escaped = read("#![allow(unused)]\n##x\n");
        assert_eq!(escaped.code, "#![allow(unused)]\n#x\n");
        assert!(escaped.hidden.is_empty());
    }
}
