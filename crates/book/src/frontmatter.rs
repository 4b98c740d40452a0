//! Splits a page's optional front matter (`+++` TOML or `---` YAML) from its markdown and reads
//! the keys the site uses.

use serde::Deserialize;

/// The keys a page's front matter may set. Others are allowed and ignored, since playbooks moved
/// from other tools carry their own.
#[derive(Debug, Clone, Default, Deserialize, PartialEq)]
#[serde(default)]
pub struct FrontMatter {
    pub title: Option<String>,
    /// Shown under the page's title, and its description for search engines and previews.
    pub description: Option<String>,
    /// GitBook's cover image, shown above the page: a file of the book, relative to the page.
    pub cover: Option<String>,
}

/// A page's source with its front matter split off.
#[derive(Debug, Clone, PartialEq)]
pub struct Split<'a> {
    pub front_matter: FrontMatter,
    /// The markdown after the front matter.
    pub body: &'a str,
    /// Where the body starts in the file, in bytes: diagnostics add it to offsets in the body.
    pub body_offset: usize,
}

/// A mistake in the front matter: the message, and the byte offset in the file where known.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FrontMatterError {
    pub message: String,
    pub offset: usize,
    pub help: &'static str,
}

#[derive(Clone, Copy)]
enum Format {
    Toml,
    Yaml,
}

/// Splits `text` into front matter and body. A file without a `+++` or `---` first line has no
/// front matter.
pub fn split(text: &str) -> Result<Split<'_>, FrontMatterError> {
    let (fence, format) = if starts_with_fence(text, "+++") {
        ("+++", Format::Toml)
    } else if starts_with_fence(text, "---") {
        ("---", Format::Yaml)
    } else {
        return Ok(Split {
            front_matter: FrontMatter::default(),
            body: text,
            body_offset: 0,
        });
    };
    let content_start = text.find('\n').map_or(text.len(), |i| i + 1);
    let Some((content_end, body_offset)) = closing_fence(text, content_start, fence) else {
        return Err(FrontMatterError {
            message: format!("the front matter opened with `{fence}` on line 1 is never closed"),
            offset: 0,
            help: "end the front matter with a line holding only the same fence, or remove the first line",
        });
    };
    let content = &text[content_start..content_end];
    check_bounds(content, content_start)?;
    let front_matter = match format {
        Format::Toml => toml::from_str::<FrontMatter>(content).map_err(|e| FrontMatterError {
            message: format!("front matter is not valid TOML: {}", e.message().trim()),
            offset: content_start + e.span().map_or(0, |s| s.start),
            help: "front matter between `+++` lines is TOML: write `title = \"A title\"`",
        })?,
        Format::Yaml if content.trim().is_empty() => FrontMatter::default(),
        Format::Yaml => {
            serde_norway::from_str::<FrontMatter>(content).map_err(|e| FrontMatterError {
                offset: content_start + e.location().map_or(0, |l| l.index()),
                message: format!("front matter is not valid YAML: {}", yaml_message(&e)),
                help: "front matter between `---` lines is YAML: write `title: A title`",
            })?
        }
    };
    Ok(Split {
        front_matter,
        body: &text[body_offset..],
        body_offset,
    })
}

/// The most front matter a page may have: a title, a description and a few keys fit in far
/// less, and the parser's time grows with it.
pub const MAX_FRONT_MATTER_BYTES: usize = 64 * 1024;

/// Refuses front matter too large or nested too deep to be settings, before it is parsed.
fn check_bounds(content: &str, content_start: usize) -> Result<(), FrontMatterError> {
    if content.len() > MAX_FRONT_MATTER_BYTES {
        return Err(FrontMatterError {
            message: format!(
                "the front matter is {} KB: a page's front matter may be at most {} KB",
                content.len() / 1024,
                MAX_FRONT_MATTER_BYTES / 1024
            ),
            offset: 0,
            help: "keep the title and a few settings in the front matter, and the text below it",
        });
    }
    if let Some(offset) = crate::nesting::too_deep(content) {
        return Err(FrontMatterError {
            message: crate::nesting::message(),
            offset: content_start + offset,
            help: "front matter holds a few plain settings: remove the nested brackets",
        });
    }
    Ok(())
}

/// serde_norway's message without its own "at line N column M" suffix: the diagnostic says where.
fn yaml_message(error: &serde_norway::Error) -> String {
    let message = error.to_string();
    match message.find(" at line ") {
        Some(i) => message[..i].to_string(),
        None => message,
    }
}

fn starts_with_fence(text: &str, fence: &str) -> bool {
    let first = text.lines().next().unwrap_or("");
    first.trim_end() == fence
}

/// The start of the closing fence line and the start of the line after it.
fn closing_fence(text: &str, from: usize, fence: &str) -> Option<(usize, usize)> {
    let mut start = from;
    while start <= text.len() {
        let end = text[start..].find('\n').map_or(text.len(), |i| start + i);
        if text[start..end].trim_end() == fence {
            return Some((start, (end + 1).min(text.len())));
        }
        if end >= text.len() {
            return None;
        }
        start = end + 1;
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn no_front_matter() {
        let split = split("# Title\n").unwrap();
        assert_eq!(split.body, "# Title\n");
        assert_eq!(split.front_matter, FrontMatter::default());
    }

    #[test]
    fn toml_and_yaml() {
        let s = split("+++\ntitle = \"T\"\ndescription = \"D\"\n+++\n# Body\n").unwrap();
        assert_eq!(s.front_matter.title.as_deref(), Some("T"));
        assert_eq!(s.body, "# Body\n");
        let s = split("---\ntitle: Y\nlayout: page\n---\nBody").unwrap();
        assert_eq!(s.front_matter.title.as_deref(), Some("Y"));
        assert_eq!(s.body, "Body");
        assert_eq!(s.body_offset, 30);
    }

    #[test]
    fn deep_or_huge_front_matter_is_refused_before_parsing() {
        for fence in ["---", "+++"] {
            let deep = format!("{fence}\ntitle: {}\n{fence}\n# Body\n", "[".repeat(10_000));
            let e = split(&deep).unwrap_err();
            assert!(e.message.contains("nest more than"), "{}", e.message);
            assert_eq!(e.offset, 4 + "title: ".len() + crate::nesting::MAX_DEPTH);
        }
        let huge = format!("---\ntitle: x\n{}---\n", "# note\n".repeat(20_000));
        let e = split(&huge).unwrap_err();
        assert!(e.message.contains("at most 64 KB"), "{}", e.message);
    }

    #[test]
    fn unterminated_is_an_error() {
        let e = split("---\ntitle: x\n# Body\n").unwrap_err();
        assert!(e.message.contains("never closed"));
    }

    #[test]
    fn wrong_type_points_into_the_front_matter() {
        let text = "+++\ntitle = 3\n+++\n";
        let e = split(text).unwrap_err();
        assert!(e.message.contains("TOML"), "{}", e.message);
        assert_eq!(crate::diagnostics::line_column(text, e.offset).0, 2);
        let text = "---\ntitle: [a, b]\n---\n";
        let e = split(text).unwrap_err();
        assert!(e.message.contains("YAML"), "{}", e.message);
        assert_eq!(crate::diagnostics::line_column(text, e.offset).0, 2);
    }

    #[test]
    fn a_rule_later_in_the_page_is_not_front_matter() {
        let s = split("Intro\n\n---\n\nMore").unwrap();
        assert_eq!(s.body_offset, 0);
    }
}
