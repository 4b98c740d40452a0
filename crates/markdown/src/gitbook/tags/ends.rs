//! Where tags end. An `embed` or `file` may have an end tag or stand alone: one stands alone
//! when the next tag of its kind is not its end tag, and then it holds nothing and never counts
//! towards the nesting limit, however many a page has. Text glued to an end tag
//! (`{% endtab %}%}`) is kept but reported: it is what a bad edit leaves.

use playbook_book::diagnostics::Severity;

use super::{Kind, TagProblem, Token};

/// For each of `tokens`, whether it is an `embed` or `file` that stands alone: the next tag of
/// its kind is another one, or there is none.
pub(super) fn standing_alone(tokens: &[Token]) -> Vec<bool> {
    let mut alone = vec![false; tokens.len()];
    // Per kind that may stand alone, whether the next tag of that kind (after `i`) is an end tag.
    let mut end_next: Vec<(Kind, bool)> = Vec::new();
    for (i, token) in tokens.iter().enumerate().rev() {
        let Some(kind) = Kind::from_name(&token.name).filter(|k| k.end_optional()) else {
            continue;
        };
        let slot = match end_next.iter().position(|(k, _)| *k == kind) {
            Some(slot) => slot,
            None => {
                end_next.push((kind, false));
                end_next.len() - 1
            }
        };
        if !token.closing {
            alone[i] = !end_next[slot].1;
        }
        end_next[slot].1 = token.closing;
    }
    alone
}

/// The warning for text glued to the end tag `token` in `text`, if any: braces and percent
/// signs right after its `%}`.
pub(super) fn left_over(text: &str, token: &Token) -> Option<TagProblem> {
    if !token.closing {
        return None;
    }
    let after = &text[token.range.end..];
    let glued = after.len() - after.trim_start_matches(['%', '}']).len();
    if glued == 0 {
        return None;
    }
    Some(TagProblem {
        offset: token.range.end,
        severity: Severity::Warning,
        message: format!(
            "text `{}` right after `{{% end{} %}}` looks left over from an edit",
            &after[..glued],
            token.name
        ),
        help: "remove it, or put a space before it if it is meant",
    })
}

#[cfg(test)]
mod tests {
    use super::super::{MAX_NESTING, Node, parse};
    use super::*;

    fn kinds(nodes: &[Node]) -> Vec<String> {
        nodes
            .iter()
            .filter_map(|node| match node {
                Node::Block(block) => Some(format!(
                    "{}[{}]",
                    block.kind.name(),
                    kinds(&block.children).join(" ")
                )),
                Node::Markdown(_) => None,
            })
            .collect()
    }

    #[test]
    fn many_embeds_never_nest() {
        let text = "{% embed url=\"https://example.org\" %}\n\n".repeat(500);
        let (nodes, problems) = parse(&text, 0..text.len(), &[]);
        assert!(problems.is_empty(), "{problems:?}");
        assert_eq!(kinds(&nodes), vec!["embed[]"; 500]);
    }

    #[test]
    fn an_embed_at_the_deepest_level_is_no_problem() {
        let depth = MAX_NESTING - 1;
        let text = format!(
            "{}{}{}",
            "{% hint %}\n".repeat(depth),
            "{% embed url=\"https://example.org\" %}\n{% file src=\"a.pdf\" %}\n",
            "{% endhint %}\n".repeat(depth)
        );
        let (nodes, problems) = parse(&text, 0..text.len(), &[]);
        assert!(problems.is_empty(), "{problems:?}");
        let innermost = format!(
            "{}embed[] file[]{}",
            "hint[".repeat(depth),
            "]".repeat(depth)
        );
        assert_eq!(kinds(&nodes), [innermost]);
    }

    #[test]
    fn a_tag_with_its_end_tag_still_holds_its_content() {
        let text = "{% embed url=\"a\" %}\n{% embed url=\"b\" %}{% hint %}cap{% endhint %}{% endembed %}\n{% file src=\"c\" %}";
        let (nodes, problems) = parse(text, 0..text.len(), &[]);
        assert!(problems.is_empty(), "{problems:?}");
        assert_eq!(kinds(&nodes), ["embed[]", "embed[hint[]]", "file[]"]);
        let alone: Vec<bool> =
            standing_alone(&crate::gitbook::tags::scan(text, 0..text.len(), &[]).0);
        assert_eq!(alone, [true, false, false, false, false, true]);
    }

    #[test]
    fn text_glued_to_an_end_tag_is_kept_and_reported() {
        let text = "{% tabs %}\n{% tab title=\"A\" %}\nx\n{% endtab %}%}\n{% endtabs %}\n{% hint %}\ny\n{% endhint %}}\n{% hint %}z{% endhint %} }\n";
        let (_, problems) = parse(text, 0..text.len(), &[]);
        let found: Vec<(usize, Severity, &str)> = problems
            .iter()
            .map(|p| (p.offset, p.severity, p.message.as_str()))
            .collect();
        let first = text.find("%}\n{% endtabs").unwrap();
        let second = text.find("}\n{% hint %}z").unwrap();
        assert_eq!(
            found,
            [
                (
                    first,
                    Severity::Warning,
                    "text `%}` right after `{% endtab %}` looks left over from an edit"
                ),
                (
                    second,
                    Severity::Warning,
                    "text `}` right after `{% endhint %}` looks left over from an edit"
                ),
            ]
        );
        assert_eq!(
            problems[0].help,
            "remove it, or put a space before it if it is meant"
        );
    }
}
