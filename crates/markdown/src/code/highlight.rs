//! Colours for code, worked out when the site is built: no JavaScript colours anything.
//!
//! The highlighter is syntect (Sublime Text's grammars) with the packed syntaxes of `two-face`
//! (syntect's own set plus those it lacks, TOML, TypeScript, Dockerfile and more, as the bat
//! project keeps them, in the build for the pure-Rust `fancy-regex` engine) and class-based
//! HTML. Giallo (Zola's, VS Code's grammars) was
//! the other candidate: its bundled grammars need Oniguruma (C) and zstd (C), and it is
//! EUPL-licensed; syntect is MIT and builds without a C compiler. Spans carry classes (the
//! scope's atoms, prefixed `hl-`), never colours, so `style.css` colours both themes.
//!
//! The syntaxes are read once per process, when the first page with a block in a known
//! language needs them; a page without code never loads them.

use std::borrow::Cow;
use std::sync::LazyLock;

use syntect::html::{ClassStyle, ClassedHTMLGenerator};
use syntect::parsing::SyntaxSet;
use syntect::util::LinesWithEndings;

/// The syntaxes, unpacked on first use.
static SYNTAXES: LazyLock<SyntaxSet> = LazyLock::new(two_face::syntax::extra_newlines);

/// Every class the highlighter writes starts with this, apart from the theme's own.
const CLASSES: ClassStyle = ClassStyle::SpacedPrefixed { prefix: "hl-" };

/// Blocks larger than this are shown plain: a grammar's backtracking on a huge block could
/// hold up the whole build.
const MAX_BLOCK: usize = 256 * 1024;

/// The name syntect knows a language by (a file extension or a syntax's name), for the words
/// books use; `None` for plain text.
fn syntax_token(language: &str) -> Option<Cow<'_, str>> {
    let lower = language.to_ascii_lowercase();
    let token = match lower.as_str() {
        "" | "text" | "plain" | "plaintext" | "txt" | "none" => return None,
        "rs" | "rust" => "rs",
        "py" | "python" | "python3" => "py",
        "js" | "javascript" | "mjs" | "cjs" => "js",
        "ts" | "typescript" => "ts",
        "sh" | "shell" | "bash" | "zsh" | "console" => "bash",
        "yml" | "yaml" => "yaml",
        "json" | "jsonc" => "json",
        "html" | "htm" | "xhtml" => "html",
        "c++" | "cpp" | "cxx" | "hpp" => "cpp",
        "golang" | "go" => "go",
        "diff" | "patch" => "diff",
        _ => return Some(Cow::Owned(lower)),
    };
    Some(Cow::Borrowed(token))
}

/// `code` coloured as `language`, as HTML spans around escaped text; `None` when the language
/// is plain or unknown (the caller shows the code escaped, as written).
pub fn html(language: &str, code: &str) -> Option<String> {
    if code.len() > MAX_BLOCK {
        return None;
    }
    let token = syntax_token(language)?;
    let syntaxes: &SyntaxSet = &SYNTAXES;
    let syntax = syntaxes.find_syntax_by_token(&token)?;
    let mut generator = ClassedHTMLGenerator::new_with_class_style(syntax, syntaxes, CLASSES);
    for line in LinesWithEndings::from(code) {
        // A grammar that fails on a line leaves the block plain rather than half coloured.
        generator
            .parse_html_for_line_which_includes_newline(line)
            .ok()?;
    }
    Some(generator.finalize())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn known_languages_are_coloured_with_prefixed_classes() {
        let rust = html("rust", "fn main() {}\n").unwrap();
        assert!(
            rust.contains("<span class=\"hl-storage hl-type hl-function hl-rust\">fn</span>"),
            "{rust}"
        );
        let python = html("py", "def f():\n    return 'x'\n").unwrap();
        assert!(
            python.contains("hl-string hl-quoted hl-single hl-python"),
            "{python}"
        );
        assert_eq!(html("yml", "a: 1\n"), html("yaml", "a: 1\n"));
        assert!(
            html("shell", "echo \"$HOME\"\n")
                .unwrap()
                .contains("hl-shell")
        );
    }

    #[test]
    fn languages_syntect_lacks_are_coloured_too() {
        let samples = [
            ("toml", "[package]\nname = \"ops\"\n", "hl-toml"),
            ("ts", "let n: number = 1;\n", "hl-ts"),
            ("typescript", "interface A { b: string }\n", "hl-ts"),
            ("tsx", "const a = <div/>;\n", "hl-tsx"),
            (
                "dockerfile",
                "FROM debian:12\nRUN apt-get update\n",
                "hl-dockerfile",
            ),
        ];
        for (language, code, class) in samples {
            let out = html(language, code).unwrap_or_default();
            assert!(out.contains(class), "{language}: {out}");
        }
    }

    #[test]
    fn plain_and_unknown_languages_are_not_coloured() {
        for language in ["", "text", "plain", "txt", "no-such-language"] {
            assert_eq!(html(language, "a < b\n"), None, "{language}");
        }
        assert_eq!(html("rust", &"x".repeat(MAX_BLOCK + 1)), None);
    }

    #[test]
    fn text_is_escaped() {
        let out = html("rust", "let s = \"<b>&\";\n").unwrap();
        assert!(out.contains("&lt;b&gt;&amp;"), "{out}");
        assert!(!out.contains("<b>"), "{out}");
    }
}
