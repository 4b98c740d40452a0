//! What a calculation prints: aligned lines for people, one JSON object for scripts.

use playbook_models::AvailabilityLevel;
use playbook_models::text::format_duration;
use serde_json::{Value, json};

/// Width of the label column in the text output.
const LABEL_WIDTH: usize = 28;

/// A model's result, as text and as JSON.
pub struct Report {
    text: String,
    json: Value,
}

impl Report {
    /// A report for `model`, whose JSON object gets `"model": model` beside `fields`.
    pub fn new(model: &str, fields: Value) -> Self {
        let mut json = json!({ "model": model });
        if let (Some(object), Value::Object(fields)) = (json.as_object_mut(), fields) {
            object.extend(fields);
        }
        Self {
            text: String::new(),
            json,
        }
    }

    /// Adds a `label  value` line.
    pub fn line(&mut self, label: &str, value: impl AsRef<str>) -> &mut Self {
        self.text
            .push_str(&format!("{label:<LABEL_WIDTH$}{}\n", value.as_ref()));
        self
    }

    /// Adds a titled list, unless `items` is empty.
    pub fn list<'a>(&mut self, title: &str, items: impl IntoIterator<Item = &'a str>) -> &mut Self {
        let mut items = items.into_iter().peekable();
        if items.peek().is_some() {
            self.text.push('\n');
            self.text.push_str(title);
            self.text.push_str(":\n");
            for item in items {
                self.text.push_str("  - ");
                self.text.push_str(item);
                self.text.push('\n');
            }
        }
        self
    }

    /// Adds free text, such as a table, after a blank line.
    pub fn block(&mut self, block: &str) -> &mut Self {
        self.text.push('\n');
        self.text.push_str(block);
        self
    }

    /// Adds text as it is, such as a whole file.
    pub fn push_text(&mut self, text: &str) -> &mut Self {
        self.text.push_str(text);
        self
    }

    /// The text for people.
    pub fn text(&self) -> &str {
        &self.text
    }

    /// The JSON for scripts.
    pub fn json(&self) -> &Value {
        &self.json
    }
}

/// A level as JSON: its percentage and its text.
pub fn level_json(level: AvailabilityLevel) -> Value {
    json!({ "percent": level.percent(), "text": level.text() })
}

/// A duration as JSON: its seconds and its text.
pub fn duration_json(seconds: f64) -> Value {
    json!({ "seconds": seconds, "text": format_duration(seconds) })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lines_align_and_json_names_the_model() {
        let mut report = Report::new("example", json!({ "answer": 42 }));
        report.line("Answer", "42").list("Why", ["because"]);
        assert_eq!(
            report.text(),
            format!("{:<28}42\n\nWhy:\n  - because\n", "Answer")
        );
        assert_eq!(report.json(), &json!({ "model": "example", "answer": 42 }));
    }

    #[test]
    fn empty_lists_print_nothing() {
        let mut report = Report::new("example", json!({}));
        report.list("Warnings", []);
        assert_eq!(report.text(), "");
    }
}
