//! Which tab panels the event being read lies in, so that a heading inside a panel is listed
//! with the panel's title: five panels each with a `Setup` heading list `Setup (iOS)`,
//! `Setup (Android)`, … instead of five times `Setup`.

use crate::gitbook::render::Panel;

/// The page's tab panels, and those open at the event being read.
#[derive(Debug, Default)]
pub(super) struct OpenPanels {
    /// In the order they open; panels nest, so those open at any event are a stack.
    panels: Vec<Panel>,
    /// The first panel not yet opened.
    next: usize,
    /// The panels open at the event being read, outermost first.
    open: Vec<usize>,
}

impl OpenPanels {
    pub(super) fn new(panels: Vec<Panel>) -> Self {
        Self {
            panels,
            ..Self::default()
        }
    }

    /// Moves to event `index`: called for every event, in order.
    pub(super) fn at(&mut self, index: usize) {
        while let Some(&last) = self.open.last()
            && self.panels[last].events.end <= index
        {
            self.open.pop();
        }
        while let Some(panel) = self.panels.get(self.next)
            && panel.events.start <= index
        {
            if index < panel.events.end {
                self.open.push(self.next);
            }
            self.next += 1;
        }
    }

    /// A heading's `text` as listed: with the titles of the panels it is in, `Setup (iOS)`.
    pub(super) fn label(&self, text: &str) -> String {
        if self.open.is_empty() {
            return text.to_string();
        }
        let titles: Vec<&str> = self
            .open
            .iter()
            .map(|&panel| self.panels[panel].title.as_str())
            .collect();
        format!("{text} ({})", titles.join(", "))
            .trim_start()
            .to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::super::tests::{ids_and_titles, render_front_page};
    use super::*;

    #[test]
    fn headings_in_tab_panels_are_listed_with_the_panels_titles() {
        let out = render_front_page(
            "# Guide\n\n{% tabs %}\n{% tab title=\"iOS\" %}\n## Setup\n\nx\n\n### Run\n{% endtab %}\n{% tab title=\"Android\" %}\n## Setup\n\ny\n{% endtab %}\n{% endtabs %}\n\n## After\n",
        );
        assert_eq!(
            ids_and_titles(&out),
            [
                ("guide", "Guide"),
                ("setup", "Setup (iOS)"),
                ("run", "Run (iOS)"),
                ("setup-1", "Setup (Android)"),
                ("after", "After")
            ]
        );
        let sections: Vec<(&str, &str)> = out
            .sections
            .iter()
            .map(|s| (s.id.as_str(), s.heading.as_str()))
            .collect();
        assert_eq!(sections[1], ("setup", "Setup (iOS)"));
        assert_eq!(sections[3], ("setup-1", "Setup (Android)"));
        // The page shows the heading as written: the panel has its title above it.
        assert!(
            out.html.contains("<h2 id=\"setup-1\">Setup<a"),
            "{}",
            out.html
        );
    }

    #[test]
    fn nested_and_empty_panels() {
        let panel = |events: std::ops::Range<usize>, title: &str| Panel {
            events,
            title: title.to_string(),
        };
        let mut open = OpenPanels::new(vec![
            panel(2..9, "iOS"),
            panel(3..5, "Swift"),
            panel(6..6, "Empty"),
            panel(7..8, "ObjC"),
        ]);
        let mut labels = Vec::new();
        for index in 0..10 {
            open.at(index);
            labels.push(open.label("S"));
        }
        assert_eq!(
            labels,
            [
                "S",
                "S",
                "S (iOS)",
                "S (iOS, Swift)",
                "S (iOS, Swift)",
                "S (iOS)",
                "S (iOS)",
                "S (iOS, ObjC)",
                "S (iOS)",
                "S"
            ]
        );
    }
}
