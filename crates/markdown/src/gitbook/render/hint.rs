//! GitBook's hint: a note box in one of four styles (info, success, warning, danger); any other
//! style is shown as info and reported.

use pulldown_cmark::Event;

use super::{Located, Renderer};
use crate::gitbook::tags::Block;

impl<'p> Renderer<'p, '_> {
    pub(super) fn hint(&mut self, block: &Block, out: &mut Vec<Located<'p>>) {
        let style = block
            .attr("style")
            .map(|a| a.value.trim().to_ascii_lowercase())
            .unwrap_or_else(|| "info".to_string());
        let (style, label) = match style.as_str() {
            "info" => ("info", "Info"),
            "success" => ("success", "Success"),
            "warning" => ("warning", "Warning"),
            "danger" => ("danger", "Danger"),
            _ => {
                let offset = block.attr("style").map_or(block.offset, |a| a.offset);
                self.odd_styles.push((offset, style.clone()));
                ("info", "Info")
            }
        };
        let open = format!(
            "<div class=\"hint hint-{style}\" role=\"note\" aria-label=\"{label}\">\n<span class=\"hint-icon\" aria-hidden=\"true\"></span>\n<div class=\"hint-body\">\n"
        );
        out.push((Event::Html(open.into()), block.offset));
        self.nodes(&block.children, out);
        out.push((Event::Html("</div>\n</div>\n".into()), block.offset));
    }
}
