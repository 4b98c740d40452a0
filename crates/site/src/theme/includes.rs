//! Templates that include themselves: tera follows `{% include %}` without a limit, so a
//! template that includes itself, or a ring of templates that include one another, overflows
//! the stack and ends the process (the preview server with it). The theme's templates are read
//! for their includes before any is rendered, and a ring is an error naming its templates.

use std::collections::BTreeMap;

/// The templates each template includes, by name, as its text names them.
pub fn included(text: &str) -> Vec<String> {
    let mut names = Vec::new();
    let mut rest = text;
    while let Some(at) = rest.find("{%") {
        rest = &rest[at + 2..];
        let tag = rest.trim_start_matches('-').trim_start();
        let Some(after) = tag.strip_prefix("include") else {
            continue;
        };
        let end = after.find("%}").unwrap_or(after.len());
        names.extend(quoted(&after[..end]));
    }
    names
}

/// The quoted strings in an include tag's arguments (one name, or a list of them).
fn quoted(arguments: &str) -> Vec<String> {
    let mut names = Vec::new();
    let mut rest = arguments;
    while let Some(start) = rest.find(['"', '\'', '`']) {
        let quote = rest[start..].chars().next().unwrap_or('"');
        let after = &rest[start + 1..];
        let Some(end) = after.find(quote) else {
            break;
        };
        names.push(after[..end].to_string());
        rest = &after[end + 1..];
    }
    names
}

/// A ring of templates that include one another, in include order and starting and ending at
/// the same template, if there is one; `includes` maps each template to those it includes.
pub fn ring(includes: &BTreeMap<String, Vec<String>>) -> Option<Vec<String>> {
    /// Where a template is in the walk.
    #[derive(Clone, Copy, PartialEq)]
    enum Mark {
        Open,
        Done,
    }
    let mut marks: BTreeMap<&str, Mark> = BTreeMap::new();
    for start in includes.keys() {
        if marks.contains_key(start.as_str()) {
            continue;
        }
        // Depth first without recursion: a theme's includes cannot overflow the stack either.
        let mut path: Vec<(&str, usize)> = vec![(start, 0)];
        marks.insert(start, Mark::Open);
        while let Some((name, next)) = path.last_mut() {
            let children = includes.get(*name).map_or(&[][..], Vec::as_slice);
            let Some(child) = children.get(*next) else {
                marks.insert(name, Mark::Done);
                path.pop();
                continue;
            };
            *next += 1;
            match marks.get(child.as_str()) {
                Some(Mark::Open) => {
                    let from = path.iter().position(|(n, _)| *n == child).unwrap_or(0);
                    let mut ring: Vec<String> =
                        path[from..].iter().map(|(n, _)| n.to_string()).collect();
                    ring.push(child.clone());
                    return Some(ring);
                }
                Some(Mark::Done) => {}
                None if includes.contains_key(child) => {
                    marks.insert(child, Mark::Open);
                    path.push((child, 0));
                }
                None => {}
            }
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn graph(edges: &[(&str, &[&str])]) -> BTreeMap<String, Vec<String>> {
        edges
            .iter()
            .map(|(name, to)| (name.to_string(), to.iter().map(|t| t.to_string()).collect()))
            .collect()
    }

    #[test]
    fn includes_are_read_in_each_form() {
        let text = r#"a {% include "x.html" %} b {%- include 'y.html' ignore missing -%} {% include ["p.html", "q.html"] %} {% if include %}"#;
        assert_eq!(included(text), ["x.html", "y.html", "p.html", "q.html"]);
    }

    #[test]
    fn a_ring_is_found_and_a_tree_is_not() {
        let tree = graph(&[
            ("page", &["nav", "footer"]),
            ("nav", &["footer"]),
            ("footer", &[]),
        ]);
        assert_eq!(ring(&tree), None);
        let own = graph(&[("a", &["a"])]);
        assert_eq!(ring(&own), Some(vec!["a".into(), "a".into()]));
        let three = graph(&[("page", &["x"]), ("x", &["y"]), ("y", &["x"])]);
        assert_eq!(ring(&three), Some(vec!["x".into(), "y".into(), "x".into()]));
    }
}
