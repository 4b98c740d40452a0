//! A fenced block's info string, read as mdBook and GitHub read it: its first word (up to a comma
//! or a space) names the language, and for Rust the words after it are mdBook's test attributes
//! (`rust,ignore`, `should_panic`, `edition2021`...). A first word that is itself one of those
//! attributes makes the block Rust, as in mdBook.

/// What a code block's info string says.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Info<'a> {
    /// The language word as written (`rust`, `js`, `yml`), for the `language-*` class; empty
    /// when none is given.
    pub language: &'a str,
    /// Whether the block is Rust, which has hidden lines and test attributes.
    pub rust: bool,
    /// The labels of the test attributes a reader should know about, in the order written.
    pub markers: Vec<&'static str>,
}

/// mdBook's attributes of a Rust block; a block whose first word is one of them is Rust.
fn is_rust_attribute(word: &str) -> bool {
    matches!(
        word,
        "ignore" | "should_panic" | "no_run" | "compile_fail" | "editable" | "noplayground"
    ) || word
        .strip_prefix("edition")
        .is_some_and(|year| year.len() == 4 && year.bytes().all(|b| b.is_ascii_digit()))
}

/// The label shown on a Rust block with attribute `word`, if the attribute changes what the
/// example does when tested.
fn marker(word: &str) -> Option<&'static str> {
    Some(match word {
        "ignore" => "not tested",
        "should_panic" => "panics",
        "no_run" => "not run",
        "compile_fail" => "does not compile",
        _ => return None,
    })
}

/// Reads a fenced block's info string.
pub fn read(info: &str) -> Info<'_> {
    let mut words = info
        .split(|c: char| c == ',' || c.is_whitespace())
        .filter(|w| !w.is_empty());
    let Some(first) = words.next() else {
        return Info::default();
    };
    let rust = first.eq_ignore_ascii_case("rust") || is_rust_attribute(first);
    if !rust {
        return Info {
            language: first,
            ..Info::default()
        };
    }
    let language = if is_rust_attribute(first) {
        "rust"
    } else {
        first
    };
    let mut markers = Vec::new();
    for word in std::iter::once(first).chain(words) {
        if let Some(label) = marker(word).filter(|label| !markers.contains(label)) {
            markers.push(label);
        }
    }
    Info {
        language,
        rust,
        markers,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_first_word_is_the_language() {
        assert_eq!(read("js title=\"x\"").language, "js");
        assert_eq!(read("yaml").language, "yaml");
        assert_eq!(read("python,linenos").language, "python");
        assert_eq!(read(""), Info::default());
        assert!(!read("js,ignore").rust);
        assert!(read("js,ignore").markers.is_empty());
    }

    #[test]
    fn rust_attributes_give_markers_and_make_rust() {
        let info = read("rust,ignore");
        assert_eq!((info.language, info.rust), ("rust", true));
        assert_eq!(info.markers, ["not tested"]);
        let info = read("should_panic, no_run edition2021");
        assert_eq!((info.language, info.rust), ("rust", true));
        assert_eq!(info.markers, ["panics", "not run"]);
        assert_eq!(read("compile_fail").markers, ["does not compile"]);
        assert!(read("edition2018").rust);
        assert!(read("noplayground").markers.is_empty());
        assert!(!read("editionx").rust);
        assert_eq!(read("rust,ignore,ignore").markers, ["not tested"]);
    }
}
