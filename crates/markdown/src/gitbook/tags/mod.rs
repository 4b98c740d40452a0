//! GitBook's block tags (`{% hint style="info" %}` … `{% endhint %}`): finds them in a page's
//! markdown outside code, reads their attributes in either quote style, and nests them into a
//! tree. Mistakes (unknown, stray or unclosed tags) become [`TagProblem`]s with their offsets; the
//! text around them is always kept.
//!
//! The tags and the tree are described here; `scan` reads the tags from the text, `tree`
//! nests them and `ends` tells which tags stand alone and what is glued to an end tag.

mod ends;
mod scan;
mod tree;

use std::ops::Range;

use playbook_book::diagnostics::Severity;

pub use scan::scan;
pub use tree::parse;

/// The deepest block tags may nest. Deeper tags are an error and left out (their content
/// stays): rendering nests as deep as the tags do, and a page must not exhaust the stack. Tags
/// standing alone without end tag hold nothing and do not count.
pub const MAX_NESTING: usize = 32;

/// The block tags GitBook writes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Hint,
    Tabs,
    Tab,
    Embed,
    ContentRef,
    File,
    Code,
}

impl Kind {
    /// The kind named `name`, as written after `{%` (or after `{% end`).
    pub fn from_name(name: &str) -> Option<Self> {
        Some(match name {
            "hint" => Self::Hint,
            "tabs" => Self::Tabs,
            "tab" => Self::Tab,
            "embed" => Self::Embed,
            "content-ref" => Self::ContentRef,
            "file" => Self::File,
            "code" => Self::Code,
            _ => return None,
        })
    }

    pub fn name(self) -> &'static str {
        match self {
            Self::Hint => "hint",
            Self::Tabs => "tabs",
            Self::Tab => "tab",
            Self::Embed => "embed",
            Self::ContentRef => "content-ref",
            Self::File => "file",
            Self::Code => "code",
        }
    }

    /// `embed` and `file` may stand alone, without an end tag.
    pub fn end_optional(self) -> bool {
        matches!(self, Self::Embed | Self::File)
    }
}

/// An attribute of a tag: `style="info"`, `title='A'`, `url=x`. A bare quoted string has an
/// empty name.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Attr {
    pub name: String,
    pub value: String,
    /// Where the value starts in the text, for diagnostics.
    pub offset: usize,
}

/// One `{% … %}` as written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Token {
    /// From `{%` to just after `%}`.
    pub range: Range<usize>,
    /// The name without any `end` prefix.
    pub name: String,
    /// `{% endhint %}` rather than `{% hint %}`.
    pub closing: bool,
    pub attrs: Vec<Attr>,
}

/// A stretch of a page: plain markdown, or a block tag and what it holds.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Node {
    Markdown(Range<usize>),
    Block(Block),
}

/// A known block tag with its content.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Block {
    pub kind: Kind,
    pub attrs: Vec<Attr>,
    /// Where the opening tag starts.
    pub offset: usize,
    pub children: Vec<Node>,
}

impl Block {
    /// The value of the attribute `name` (matched without regard to case).
    pub fn attr(&self, name: &str) -> Option<&Attr> {
        self.attrs
            .iter()
            .find(|a| a.name.eq_ignore_ascii_case(name))
    }
}

/// A mistake in the tags of a page.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TagProblem {
    pub offset: usize,
    pub severity: Severity,
    pub message: String,
    pub help: &'static str,
}
