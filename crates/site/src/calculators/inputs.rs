//! A calculator block's initial inputs: its TOML lines over the fields' initial values (the
//! organisation's settings where a field follows them), with each mistake placed on its line
//! of the page.

use std::path::Path;

use playbook_book::diagnostics::{Diagnostic, line_column};
use playbook_markdown::CalculatorBlock;
use playbook_models::calculator::{Calculator, Field, Inputs};

use super::CalculatorSite;

impl CalculatorSite {
    /// The block's inputs: its TOML lines over the fields' initial values.
    pub(super) fn initial_inputs(
        &self,
        calculator: &Calculator,
        block: &CalculatorBlock,
        at: &dyn Fn(usize) -> Diagnostic,
    ) -> Result<Inputs, Diagnostic> {
        let table: toml::Table = toml::from_str(&block.body).map_err(|e| {
            let line = e.span().map_or(0, |s| line_column(&block.body, s.start).0);
            let mut d = at(block.line + line);
            d.message = format!(
                "the calculator's inputs are not valid TOML: {}",
                e.message().trim()
            );
            d.help("write one input a line, as `exposure = 200000` or `demand = \"high\"`")
        })?;
        let mut pairs: Vec<(String, String)> = calculator
            .fields
            .iter()
            .map(|f| (f.key.to_string(), self.initial(f)))
            .collect();
        for (key, value) in &table {
            if !calculator.fields.iter().any(|f| f.key == key) {
                let known: Vec<&str> = calculator.fields.iter().map(|f| f.key).collect();
                let mut d = at(block.line + 1 + key_line(&block.body, key));
                d.message = format!("calculator `{}` has no input `{key}`", calculator.name);
                return Err(d.help(if known.is_empty() {
                    "this calculator takes no inputs: leave the block empty".to_string()
                } else {
                    format!("its inputs are: {}", known.join(", "))
                }));
            }
            let text = match value {
                toml::Value::String(s) => s.clone(),
                toml::Value::Integer(i) => i.to_string(),
                toml::Value::Float(f) => f.to_string(),
                toml::Value::Boolean(b) => if *b { "yes" } else { "no" }.to_string(),
                other => {
                    let mut d = at(block.line + 1 + key_line(&block.body, key));
                    d.message = format!(
                        "input `{key}` must be a number or a text, not {}",
                        other.type_str()
                    );
                    return Err(d.help("write `key = 123` or `key = \"text\"`"));
                }
            };
            pairs.retain(|(k, _)| k != key);
            pairs.push((key.clone(), text));
        }
        Ok(Inputs::from_pairs(pairs))
    }

    fn initial(&self, field: &Field) -> String {
        match (&self.currency, field.key) {
            (Some(currency), "currency") => currency.clone(),
            _ => field.initial(&self.settings),
        }
    }
}

/// Where line `line`, column `column` of the CSV in the block's multi-line string `key` is in
/// the page: the string starts on the key's line, or on the next when `"""` ends that line.
pub(super) fn services_error(
    page: &Path,
    block: &CalculatorBlock,
    key: &str,
    line: u32,
    column: u32,
) -> Diagnostic {
    let key_at = key_line(&block.body, key);
    let opens_line = block.body.lines().nth(key_at).is_some_and(|text| {
        let text = text.trim_end();
        text.ends_with("\"\"\"") || text.ends_with("'''")
    });
    let first = block.line + 1 + key_at + usize::from(opens_line);
    Diagnostic::error(page, String::new()).at(first + line as usize - 1, column as usize)
}

/// The line within a block's body where `key` is set (0-based), or 0.
pub(super) fn key_line(body: &str, key: &str) -> usize {
    body.lines()
        .position(|line| {
            let line = line.trim_start();
            line.strip_prefix(key)
                .is_some_and(|rest| rest.trim_start().starts_with('='))
        })
        .unwrap_or(0)
}
