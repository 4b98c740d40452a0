//! GitBook's block tags (`{% hint style="info" %}` … `{% endhint %}`): finds them in a page's
//! markdown outside code, reads their attributes in either quote style, and nests them into a
//! tree. Mistakes (unknown, stray or unclosed tags) become [`Problem`]s with their offsets; the
//! text around them is always kept.

use std::collections::HashSet;
use std::ops::Range;

use playbook_book::diagnostics::Severity;

/// The longest a tag may be, from `{%` to `%}`: anything longer is text that happens to hold
/// `{%`.
const MAX_TAG_LEN: usize = 4096;

/// The deepest block tags may nest. Deeper tags are an error and left out (their content
/// stays): rendering nests as deep as the tags do, and a page must not exhaust the stack.
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
pub struct Problem {
    pub offset: usize,
    pub severity: Severity,
    pub message: String,
    pub help: &'static str,
}

/// Finds the tags in `text[range]`, skipping those that start inside one of `code` (code spans
/// and code blocks, sorted by start). Also returns the `{%` that open no well-formed tag.
pub fn scan(text: &str, range: Range<usize>, code: &[Range<usize>]) -> (Vec<Token>, Vec<usize>) {
    let mut tokens = Vec::new();
    let mut malformed = Vec::new();
    let mut at = range.start;
    let mut code_index = 0;
    while let Some(found) = text[at..range.end].find("{%") {
        let start = at + found;
        while code_index < code.len() && code[code_index].end <= start {
            code_index += 1;
        }
        if let Some(span) = code.get(code_index)
            && span.start <= start
        {
            at = span.end.max(start + 2).min(range.end);
            continue;
        }
        let limit = (start + MAX_TAG_LEN).min(range.end);
        match read_tag(text, start, limit) {
            Some(token) => {
                at = token.range.end;
                tokens.push(token);
            }
            None => {
                malformed.push(start);
                at = start + 2;
            }
        }
    }
    (tokens, malformed)
}

/// Reads the tag starting at `start` (at `{%`), ending before `limit`.
fn read_tag(text: &str, start: usize, limit: usize) -> Option<Token> {
    let bytes = &text.as_bytes()[..limit];
    let mut i = start + 2;
    if bytes.get(i) == Some(&b'-') {
        i += 1;
    }
    i = skip_space(bytes, i)?;
    let name_start = i;
    while i < bytes.len() && (bytes[i].is_ascii_alphanumeric() || matches!(bytes[i], b'-' | b'_')) {
        i += 1;
    }
    if i == name_start || !bytes[name_start].is_ascii_alphabetic() {
        return None;
    }
    let raw_name = text[name_start..i].to_ascii_lowercase();
    let mut attrs = Vec::new();
    loop {
        i = skip_space(bytes, i)?;
        if bytes[i..].starts_with(b"%}") {
            i += 2;
            break;
        }
        if bytes[i..].starts_with(b"-%}") {
            i += 3;
            break;
        }
        let (attr, next) = read_attr(text, bytes, i)?;
        attrs.push(attr);
        i = next;
    }
    let (name, closing) = match raw_name.strip_prefix("end") {
        Some(rest) if !rest.is_empty() => (rest.to_string(), true),
        _ => (raw_name, false),
    };
    Some(Token {
        range: start..i,
        name,
        closing,
        attrs,
    })
}

/// Skips spaces and line breaks, but not a blank line: a tag never spans paragraphs.
fn skip_space(bytes: &[u8], mut i: usize) -> Option<usize> {
    let mut newlines = 0;
    while i < bytes.len() && bytes[i].is_ascii_whitespace() {
        if bytes[i] == b'\n' {
            newlines += 1;
            if newlines > 1 {
                return None;
            }
        } else if bytes[i] != b'\r' && bytes[i] != b' ' && bytes[i] != b'\t' {
            return None;
        }
        i += 1;
    }
    (i < bytes.len()).then_some(i)
}

fn read_attr(text: &str, bytes: &[u8], start: usize) -> Option<(Attr, usize)> {
    let mut i = start;
    if matches!(bytes[i], b'"' | b'\'') {
        let (value, offset, next) = read_quoted(text, bytes, i)?;
        let attr = Attr {
            name: String::new(),
            value,
            offset,
        };
        return Some((attr, next));
    }
    while i < bytes.len()
        && (bytes[i].is_ascii_alphanumeric() || matches!(bytes[i], b'-' | b'_' | b':' | b'.'))
    {
        i += 1;
    }
    if i == start {
        return None;
    }
    let name = text[start..i].to_string();
    let after_name = i;
    let j = skip_space(bytes, i)?;
    if bytes[j] != b'=' {
        // A flag without a value.
        let attr = Attr {
            name,
            value: String::new(),
            offset: start,
        };
        return Some((attr, after_name));
    }
    let j = skip_space(bytes, j + 1)?;
    if matches!(bytes[j], b'"' | b'\'') {
        let (value, offset, next) = read_quoted(text, bytes, j)?;
        return Some((
            Attr {
                name,
                value,
                offset,
            },
            next,
        ));
    }
    let mut k = j;
    while k < bytes.len() && !bytes[k].is_ascii_whitespace() && !bytes[k..].starts_with(b"%}") {
        k += 1;
    }
    if k == j {
        return None;
    }
    let attr = Attr {
        name,
        value: text[j..k].to_string(),
        offset: j,
    };
    Some((attr, k))
}

/// A quoted value at `bytes[i]`: its text, where it starts, and the index after the quote.
fn read_quoted(text: &str, bytes: &[u8], i: usize) -> Option<(String, usize, usize)> {
    let quote = bytes[i];
    let end = bytes[i + 1..].iter().position(|&b| b == quote)? + i + 1;
    let value = &text[i + 1..end];
    if value.contains("\n\n") {
        return None;
    }
    Some((value.to_string(), i + 1, end + 1))
}

/// Nests the tags of `text[range]` into a tree. Unknown tags are dropped with a warning (their
/// content stays); unclosed tags are errors and close where their parent closes.
pub fn parse(text: &str, range: Range<usize>, code: &[Range<usize>]) -> (Vec<Node>, Vec<Problem>) {
    let (tokens, malformed) = scan(text, range.clone(), code);
    let mut problems: Vec<Problem> = malformed
        .into_iter()
        .map(|offset| Problem {
            offset,
            severity: Severity::Warning,
            message: "`{%` does not start a well-formed tag, so it is shown as text".to_string(),
            help: "write tags as `{% name attribute=\"value\" %}` on one line, or put the text in `code`",
        })
        .collect();
    let mut builder = TreeBuilder {
        stack: Vec::new(),
        root: Vec::new(),
        unknown: HashSet::new(),
        too_deep: Vec::new(),
        reported_too_deep: false,
        problems: &mut problems,
    };
    let mut at = range.start;
    for token in tokens {
        builder.text(at..token.range.start);
        at = token.range.end;
        builder.token(token);
    }
    builder.text(at..range.end);
    let root = builder.finish();
    (root, problems)
}

struct TreeBuilder<'p> {
    stack: Vec<Block>,
    root: Vec<Node>,
    /// Names of unknown tags already reported, whose end tags are dropped quietly.
    unknown: HashSet<String>,
    /// Tags opened past [`MAX_NESTING`] and left out, innermost last; their end tags are too.
    too_deep: Vec<Kind>,
    /// Whether tags nesting too deep were reported: once a page is enough.
    reported_too_deep: bool,
    problems: &'p mut Vec<Problem>,
}

impl TreeBuilder<'_> {
    fn children(&mut self) -> &mut Vec<Node> {
        match self.stack.last_mut() {
            Some(block) => &mut block.children,
            None => &mut self.root,
        }
    }

    fn text(&mut self, range: Range<usize>) {
        if !range.is_empty() {
            self.children().push(Node::Markdown(range));
        }
    }

    fn token(&mut self, token: Token) {
        let Some(kind) = Kind::from_name(&token.name) else {
            self.unknown_tag(token);
            return;
        };
        if !token.closing && self.stack.len() >= MAX_NESTING {
            if !self.reported_too_deep {
                self.reported_too_deep = true;
                self.problems.push(Problem {
                    offset: token.range.start,
                    severity: Severity::Error,
                    message: format!(
                        "block tags nest more than {MAX_NESTING} deep here, so this `{{% {} %}}` is left out",
                        kind.name()
                    ),
                    help: "close the tags above before opening more; a page rarely needs more than three levels",
                });
            }
            self.too_deep.push(kind);
            return;
        }
        if token.closing
            && let Some(at) = self.too_deep.iter().rposition(|&k| k == kind)
        {
            self.too_deep.truncate(at);
            return;
        }
        if !token.closing {
            self.stack.push(Block {
                kind,
                attrs: token.attrs,
                offset: token.range.start,
                children: Vec::new(),
            });
            return;
        }
        let Some(depth) = self.stack.iter().rposition(|b| b.kind == kind) else {
            self.problems.push(Problem {
                offset: token.range.start,
                severity: Severity::Warning,
                message: format!(
                    "`{{% end{} %}}` closes no open `{}` tag",
                    kind.name(),
                    kind.name()
                ),
                help: "remove the end tag, or add the tag it should close",
            });
            return;
        };
        while self.stack.len() > depth + 1 {
            self.close_implicitly(Some(kind));
        }
        if let Some(block) = self.stack.pop() {
            self.children().push(Node::Block(block));
        }
    }

    fn unknown_tag(&mut self, token: Token) {
        if token.closing && self.unknown.contains(&token.name) {
            return;
        }
        let written = if token.closing {
            format!("end{}", token.name)
        } else {
            token.name.clone()
        };
        self.problems.push(Problem {
            offset: token.range.start,
            severity: Severity::Warning,
            message: format!(
                "unknown tag `{{% {written} %}}`: the tag is left out, its content is shown"
            ),
            help: "playbook knows hint, tabs, tab, embed, content-ref, file and code",
        });
        self.unknown.insert(token.name);
    }

    /// Closes the innermost open block before its end tag: an `embed` or `file` without end
    /// tag stands alone and what followed it moves out; any other block is an error.
    fn close_implicitly(&mut self, closer: Option<Kind>) {
        let Some(mut block) = self.stack.pop() else {
            return;
        };
        if block.kind.end_optional() {
            let moved = std::mem::take(&mut block.children);
            self.children().push(Node::Block(block));
            self.children().extend(moved);
            return;
        }
        let name = block.kind.name();
        let message = match closer {
            Some(outer) => format!(
                "`{{% {name} %}}` is not closed before `{{% end{} %}}`",
                outer.name()
            ),
            None => format!("`{{% {name} %}}` is never closed with `{{% end{name} %}}`"),
        };
        self.problems.push(Problem {
            offset: block.offset,
            severity: Severity::Error,
            message,
            help: "add the end tag where the block should end",
        });
        self.children().push(Node::Block(block));
    }

    fn finish(mut self) -> Vec<Node> {
        while !self.stack.is_empty() {
            self.close_implicitly(None);
        }
        self.root
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn shape(nodes: &[Node], text: &str) -> String {
        nodes
            .iter()
            .map(|node| match node {
                Node::Markdown(range) => format!("{:?}", &text[range.clone()]),
                Node::Block(block) => {
                    format!("{}[{}]", block.kind.name(), shape(&block.children, text))
                }
            })
            .collect::<Vec<_>>()
            .join(" ")
    }

    fn parse_all(text: &str) -> (String, Vec<Problem>) {
        let (nodes, problems) = parse(text, 0..text.len(), &[]);
        (shape(&nodes, text), problems)
    }

    #[test]
    fn attributes_in_either_quote_style() {
        let text = "{% hint style='warning' %}{% code title=\"a b.rs\" lineNumbers=true %}";
        let (tokens, malformed) = scan(text, 0..text.len(), &[]);
        assert!(malformed.is_empty());
        assert_eq!(tokens[0].name, "hint");
        assert_eq!(tokens[0].attrs[0].name, "style");
        assert_eq!(tokens[0].attrs[0].value, "warning");
        assert_eq!(&text[tokens[0].attrs[0].offset..][..7], "warning");
        assert_eq!(tokens[1].attrs[0].value, "a b.rs");
        assert_eq!(tokens[1].attrs[1].value, "true");
    }

    #[test]
    fn nesting_and_end_tags() {
        let (shape, problems) = parse_all(
            "A\n{% tabs %}\n{% tab title=\"x\" %}\n{% hint %}\nin\n{% endhint %}\n{% endtab %}\n{% endtabs %}\nB",
        );
        assert!(problems.is_empty(), "{problems:?}");
        assert_eq!(
            shape,
            "\"A\\n\" tabs[\"\\n\" tab[\"\\n\" hint[\"\\nin\\n\"] \"\\n\"] \"\\n\"] \"\\nB\""
        );
    }

    #[test]
    fn embed_and_file_may_stand_alone() {
        let (shape, problems) = parse_all(
            "{% embed url=\"https://x.org\" %}\nafter\n{% file src=\"a.pdf\" %}cap{% endfile %}",
        );
        assert!(problems.is_empty(), "{problems:?}");
        assert_eq!(shape, "embed[] \"\\nafter\\n\" file[\"cap\"]");
    }

    #[test]
    fn unknown_stray_and_unclosed_tags_are_reported() {
        let text = "{% swagger %}x{% endswagger %}\n{% endhint %}\n{% tabs %}{% tab %}y{% endtabs %}\n{% hint %}z";
        let (shape, problems) = parse_all(text);
        assert_eq!(
            shape,
            "\"x\" \"\\n\" \"\\n\" tabs[tab[\"y\"]] \"\\n\" hint[\"z\"]"
        );
        let found: Vec<(usize, Severity)> =
            problems.iter().map(|p| (p.offset, p.severity)).collect();
        assert_eq!(
            found,
            [
                (0, Severity::Warning),
                (31, Severity::Warning),
                (55, Severity::Error),
                (79, Severity::Error)
            ],
            "{problems:#?}"
        );
    }

    #[test]
    fn code_is_skipped_and_bad_tags_are_text() {
        let text = "`{% hint %}` {% not closed\n\n%} {%%}";
        let code: Vec<Range<usize>> = std::iter::once(0..12).collect();
        let (tokens, malformed) = scan(text, 0..text.len(), &code);
        assert!(tokens.is_empty());
        assert_eq!(malformed, [13, 31]);
    }

    #[test]
    fn never_panics_on_odd_input() {
        for text in [
            "{%",
            "{% ",
            "{% a",
            "{% a=",
            "{% a=\"",
            "{% a b='x",
            "{%-x-%}",
            "{% é %}",
            "é{%é",
        ] {
            let _ = parse(text, 0..text.len(), &[]);
        }
    }

    #[test]
    fn nesting_deeper_than_the_limit_is_one_error_and_keeps_the_text() {
        // 10,000 nested hints overflowed the stack when rendered (issue 9's bad-input corpus).
        let depth = 10_000;
        let text = format!(
            "{}deep\n{}",
            "{% hint %}\n".repeat(depth),
            "{% endhint %}\n".repeat(depth)
        );
        let (nodes, problems) = parse(&text, 0..text.len(), &[]);
        let errors: Vec<&Problem> = problems
            .iter()
            .filter(|p| p.severity == Severity::Error)
            .collect();
        assert_eq!(errors.len(), 1, "{problems:?}");
        assert!(errors[0].message.contains("nest more than 32"));
        assert_eq!(errors[0].offset, MAX_NESTING * "{% hint %}\n".len());
        fn depth_of(nodes: &[Node]) -> usize {
            nodes
                .iter()
                .map(|n| match n {
                    Node::Block(b) => 1 + depth_of(&b.children),
                    Node::Markdown(_) => 0,
                })
                .max()
                .unwrap_or(0)
        }
        assert_eq!(depth_of(&nodes), MAX_NESTING);
        assert!(shape(&nodes, &text).contains("deep"));
        // Unclosed, they are reported a bounded number of times.
        let text = "{% hint %}\n".repeat(depth);
        let (_, problems) = parse(&text, 0..text.len(), &[]);
        assert_eq!(problems.len(), MAX_NESTING + 1, "{problems:?}");
    }
}
