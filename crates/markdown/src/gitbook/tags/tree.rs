//! Nests a page's tags into a tree of [`Node`]s: each block holds what lies between its tag and
//! its end tag. Unknown, stray, unclosed and too deeply nested tags are reported as
//! [`TagProblem`]s, and the text they held is kept.

use std::collections::HashSet;
use std::ops::Range;

use playbook_book::diagnostics::Severity;

use super::{Block, Kind, MAX_NESTING, Node, TagProblem, Token, ends, scan};

/// Nests the tags of `text[range]` into a tree. Unknown tags are dropped with a warning (their
/// content stays); unclosed tags are errors and close where their parent closes.
pub fn parse(
    text: &str,
    range: Range<usize>,
    code: &[Range<usize>],
) -> (Vec<Node>, Vec<TagProblem>) {
    let (tokens, malformed) = scan(text, range.clone(), code);
    let mut problems: Vec<TagProblem> = malformed
        .into_iter()
        .map(|offset| TagProblem {
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
    let alone = ends::standing_alone(&tokens);
    for (token, alone) in tokens.into_iter().zip(alone) {
        builder.text(at..token.range.start);
        at = token.range.end;
        builder.problems.extend(ends::left_over(text, &token));
        builder.token(token, alone);
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
    problems: &'p mut Vec<TagProblem>,
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

    /// Takes the next tag; `alone` when it is an `embed` or `file` without end tag.
    fn token(&mut self, token: Token, alone: bool) {
        let Some(kind) = Kind::from_name(&token.name) else {
            self.unknown_tag(token);
            return;
        };
        if token.closing {
            self.close(kind, token.range.start);
        } else if alone {
            let block = Block {
                kind,
                attrs: token.attrs,
                offset: token.range.start,
                children: Vec::new(),
            };
            self.children().push(Node::Block(block));
        } else {
            self.open(kind, token);
        }
    }

    /// Opens a block of `kind`, unless blocks nest too deep here: then the tag is left out
    /// (reported once), and so is its end tag.
    fn open(&mut self, kind: Kind, token: Token) {
        if self.stack.len() >= MAX_NESTING {
            if !self.reported_too_deep {
                self.reported_too_deep = true;
                self.problems.push(TagProblem {
                    offset: token.range.start,
                    severity: Severity::Problem,
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
        self.stack.push(Block {
            kind,
            attrs: token.attrs,
            offset: token.range.start,
            children: Vec::new(),
        });
    }

    /// Closes the innermost open block of `kind` with the end tag at `offset`, and any block
    /// still open inside it; an end tag that closes nothing is reported and dropped.
    fn close(&mut self, kind: Kind, offset: usize) {
        if let Some(at) = self.too_deep.iter().rposition(|&k| k == kind) {
            self.too_deep.truncate(at);
            return;
        }
        let Some(depth) = self.stack.iter().rposition(|b| b.kind == kind) else {
            self.problems.push(TagProblem {
                offset,
                severity: Severity::Problem,
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
        self.problems.push(TagProblem {
            offset: token.range.start,
            severity: Severity::Problem,
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
        self.problems.push(TagProblem {
            offset: block.offset,
            severity: Severity::Problem,
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

    fn parse_all(text: &str) -> (String, Vec<TagProblem>) {
        let (nodes, problems) = parse(text, 0..text.len(), &[]);
        (shape(&nodes, text), problems)
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
                (0, Severity::Problem),
                (31, Severity::Problem),
                (55, Severity::Problem),
                (79, Severity::Problem)
            ],
            "{problems:#?}"
        );
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
    fn nesting_deeper_than_the_limit_is_one_problem_and_keeps_the_text() {
        // 10,000 nested hints overflowed the stack when rendered (issue 9's bad-input corpus).
        let depth = 10_000;
        let text = format!(
            "{}deep\n{}",
            "{% hint %}\n".repeat(depth),
            "{% endhint %}\n".repeat(depth)
        );
        let (nodes, problems) = parse(&text, 0..text.len(), &[]);
        let errors: Vec<&TagProblem> = problems
            .iter()
            .filter(|p| p.severity == Severity::Problem)
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
