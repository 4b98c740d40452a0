//! Calculators in pages. An editor places one with a fenced block, ` ```calculator NAME `, whose
//! lines are its initial inputs in TOML. This module checks them against the calculator's fields
//! (naming the file and line of any mistake), computes the initial result with the native models,
//! and renders the form and the result through the theme, so the page reads right without
//! JavaScript. In the browser, `calculators.js` recomputes with the same models in WebAssembly.

use std::collections::BTreeMap;
use std::path::Path;

use playbook_models::calculator::{self, Calculator, Field, FieldKind, Inputs};
use playbook_models::{GridCell, Settings, selector};
use serde::Serialize;

use crate::theme::Theme;
use playbook_book::diagnostics::{Diagnostic, line_column};
use playbook_book::models_settings::ModelsSettings;
use playbook_markdown::CalculatorBlock;

mod estate;

include!(concat!(env!("OUT_DIR"), "/wasm_module.rs"));

/// A WebAssembly module of the models built into this binary, with its JavaScript bindings.
#[derive(Clone, Copy)]
pub struct Module {
    pub name: &'static str,
    pub wasm: &'static [u8],
    pub js: &'static [u8],
}

impl Module {
    /// The module's and the bindings' files in the site, named by their content.
    pub fn files(&self) -> [(String, &'static [u8]); 2] {
        let path = |kind: &str, bytes: &[u8]| {
            format!(
                "{}{}.{}.{kind}",
                crate::theme::STATIC_PREFIX,
                self.name,
                crate::theme::fingerprint(bytes)
            )
        };
        [
            (path("wasm", self.wasm), self.wasm),
            (path("js", self.js), self.js),
        ]
    }
}

/// The modules this binary carries: the calculators' own, and a larger one with the estate
/// planner too, loaded only by pages that have one.
pub fn modules() -> Vec<Module> {
    [("calc", MODULE), ("calc-estate", ESTATE_MODULE)]
        .into_iter()
        .filter_map(|(name, module)| module.map(|(wasm, js)| Module { name, wasm, js }))
        .collect()
}

/// The module a page with these calculator blocks loads: the larger one when any of them is the
/// estate planner (it serves every calculator), the calculators' own otherwise.
pub fn page_module(blocks: &[CalculatorBlock]) -> &'static str {
    if blocks.iter().any(|block| block.name == "estate") {
        "calc-estate"
    } else {
        "calc"
    }
}

/// What every calculator on the site shares: the organisation's settings and where the modules
/// are.
pub struct CalculatorSite {
    settings: Settings,
    currency: Option<String>,
    /// Each module's name to the site-relative addresses of it and its bindings.
    modules: BTreeMap<&'static str, (String, String)>,
}

impl CalculatorSite {
    /// The organisation's settings (read once with the playbook's settings) and the modules.
    pub fn new(models: &ModelsSettings, modules: &[Module]) -> Self {
        let modules = modules
            .iter()
            .map(|module| {
                let [(wasm, _), (js, _)] = module.files();
                (module.name, (wasm, js))
            })
            .collect();
        Self {
            settings: models.settings.clone(),
            currency: models.currency.clone(),
            modules,
        }
    }

    /// Whether pages get an interactive module.
    pub fn is_interactive(&self) -> bool {
        !self.modules.is_empty()
    }

    /// The HTML of calculator block `index` of the page at `page` (source path), whose path to the
    /// site root is `root`.
    pub fn render(
        &self,
        theme: &Theme,
        block: &CalculatorBlock,
        page: &Path,
        index: usize,
        root: &str,
        module: &str,
    ) -> Result<String, Diagnostic> {
        let at = |line: usize| Diagnostic::error(page, String::new()).at(line, 1);
        let Some(calculator) = calculator::find(&block.name) else {
            let names: Vec<&str> = calculator::CALCULATORS.iter().map(|c| c.name).collect();
            let mut d = at(block.line);
            d.message = if block.name.is_empty() {
                "this calculator block names no calculator".to_string()
            } else {
                format!("there is no calculator called `{}`", block.name)
            };
            return Err(d.help(format!(
                "write ```calculator NAME, with NAME one of: {}",
                names.join(", ")
            )));
        };
        let inputs = self.initial_inputs(calculator, block, &at)?;
        let outcome = calculator::calculate(calculator, &inputs, &self.settings);
        if let Some((key, message)) = outcome.errors.first() {
            if let Some((line, column, _, message)) = calculator::read_cell_error(message) {
                let mut d = services_error(page, block, key, line, column);
                d.message = format!("calculator `{}`: {message}", calculator.name);
                return Err(d.help("correct the services in the calculator block"));
            }
            let mut d = at(block.line + 1 + key_line(&block.body, key));
            d.message = format!("calculator `{}`: {message}", calculator.name);
            return Err(d.help("change the initial value in the calculator block"));
        }
        let mut context = self.context(calculator, &inputs, &outcome, index, root, module);
        if calculator.name == "estate" {
            context.estate = Some(estate::context(&outcome));
            context.script = theme.statics.get(ESTATE_SCRIPT).map(|bytes| {
                format!(
                    "{root}{}{ESTATE_SCRIPT}?v={}",
                    crate::theme::STATIC_PREFIX,
                    crate::theme::fingerprint(bytes)
                )
            });
        }
        let context = tera::Context::from_serialize(&context)
            .map_err(|e| Diagnostic::error(page, format!("cannot prepare the calculator: {e}")))?;
        theme.render("calculator.html", &context)
    }

    /// The block's inputs: its TOML lines over the fields' initial values.
    fn initial_inputs(
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

    fn context<'a>(
        &self,
        calculator: &'a Calculator,
        inputs: &Inputs,
        outcome: &'a calculator::Outcome,
        index: usize,
        root: &str,
        module: &str,
    ) -> CalculatorContext<'a> {
        let id = format!("calculator-{}", index + 1);
        let field = |f: &'a Field| FieldContext {
            id: format!("{id}-{}", f.key.replace('_', "-")),
            key: f.key,
            label: f.label,
            hint: f.hint,
            value: inputs.get(f.key).unwrap_or_default().to_string(),
            choices: match f.kind {
                FieldKind::Choice(choices) => choices.iter().map(|c| (c.value, c.label)).collect(),
                _ => Vec::new(),
            },
            numeric: matches!(
                f.kind,
                FieldKind::Amount
                    | FieldKind::Level
                    | FieldKind::Percent
                    | FieldKind::Number
                    | FieldKind::Count
            ),
        };
        let inputs_fields: Vec<FieldContext> = calculator
            .fields
            .iter()
            .filter(|f| !f.setting)
            .map(field)
            .collect();
        let settings_fields: Vec<FieldContext> = calculator
            .fields
            .iter()
            .filter(|f| f.setting)
            .map(field)
            .collect();
        let out: BTreeMap<&str, &str> = outcome
            .values
            .iter()
            .map(|(k, v)| (*k, v.as_str()))
            .collect();
        let list = |key: &str| -> Vec<&'a str> {
            outcome
                .value(key)
                .map(|v| v.split('|').filter(|s| !s.is_empty()).collect())
                .unwrap_or_default()
        };
        CalculatorContext {
            id,
            name: calculator.name,
            title: calculator.title,
            module: self.modules.get(module).map(|(wasm, js)| ModuleContext {
                wasm: format!("{root}{wasm}"),
                js: format!("{root}{js}"),
            }),
            inputs: inputs_fields,
            settings: settings_fields,
            reasons: list("reasons"),
            warnings: list("warnings"),
            out,
            grid: (calculator.name == "selector").then(grid_rows),
            selected_cell: outcome.value("cell").and_then(|c| c.parse().ok()),
            costs: cost_rows(outcome),
            estate: None,
            script: None,
        }
    }
}

/// The relative costs, when the outcome has them.
fn cost_rows(outcome: &calculator::Outcome) -> Vec<CostRow<'_>> {
    [
        ("Setup", "setup", "setup_ybr", "setup_ops"),
        (
            "Transition",
            "transition",
            "transition_ybr",
            "transition_ops",
        ),
        ("Run", "run", "run_ybr", "run_ops"),
        ("Incident", "incident", "incident_ybr", "incident_ops"),
        (
            "Opportunity",
            "opportunity",
            "opportunity_ybr",
            "opportunity_ops",
        ),
    ]
    .into_iter()
    .filter_map(|(kind, comparison, ybr, ops)| {
        Some(CostRow {
            kind,
            comparison: outcome.value(comparison)?,
            you_build_it_you_run_it: outcome.value(ybr)?,
            ops_run_it: outcome.value(ops)?,
        })
    })
    .collect()
}

/// The script that lays out estate calculators, loaded by `calculators.js` only when a page
/// has one.
const ESTATE_SCRIPT: &str = "estate.js";

/// Where line `line`, column `column` of the CSV in the block's multi-line string `key` is in
/// the page: the string starts on the key's line, or on the next when `"""` ends that line.
fn services_error(
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
fn key_line(body: &str, key: &str) -> usize {
    body.lines()
        .position(|line| {
            let line = line.trim_start();
            line.strip_prefix(key)
                .is_some_and(|rest| rest.trim_start().starts_with('='))
        })
        .unwrap_or(0)
}

#[derive(Serialize)]
struct CalculatorContext<'a> {
    id: String,
    name: &'a str,
    title: &'a str,
    module: Option<ModuleContext>,
    inputs: Vec<FieldContext<'a>>,
    settings: Vec<FieldContext<'a>>,
    out: BTreeMap<&'a str, &'a str>,
    reasons: Vec<&'a str>,
    warnings: Vec<&'a str>,
    grid: Option<Vec<GridRow>>,
    selected_cell: Option<usize>,
    costs: Vec<CostRow<'a>>,
    /// The estate calculator's rows, schedules and download.
    estate: Option<estate::EstateContext>,
    /// A script that lays this calculator out in the browser, loaded by `calculators.js`.
    script: Option<String>,
}

/// A row of the relative costs figure.
#[derive(Serialize)]
struct CostRow<'a> {
    kind: &'static str,
    you_build_it_you_run_it: &'a str,
    ops_run_it: &'a str,
    comparison: &'a str,
}

#[derive(Serialize)]
struct ModuleContext {
    wasm: String,
    js: String,
}

#[derive(Serialize)]
struct FieldContext<'a> {
    id: String,
    key: &'a str,
    label: &'a str,
    hint: &'a str,
    value: String,
    choices: Vec<(&'a str, &'a str)>,
    numeric: bool,
}

/// A row of the selector's grid, highest availability first, as readers see it drawn.
#[derive(Serialize)]
struct GridRow {
    level: String,
    cells: Vec<GridCellContext>,
}

#[derive(Serialize)]
struct GridCellContext {
    index: usize,
    model: &'static str,
    kind: &'static str,
    effort: u8,
}

fn grid_rows() -> Vec<GridRow> {
    let cells = selector::grid();
    let mut rows: Vec<GridRow> = cells
        .chunks(4)
        .enumerate()
        .map(|(row, chunk)| GridRow {
            level: chunk[0].availability.level().text(),
            cells: chunk
                .iter()
                .enumerate()
                .map(|(column, cell): (usize, &GridCell)| GridCellContext {
                    index: row * 4 + column,
                    model: cell.model.label(),
                    kind: cell.kind.label(),
                    effort: cell.effort,
                })
                .collect(),
        })
        .collect();
    rows.reverse();
    rows
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_are_found_on_their_lines() {
        let body = "exposure = 1\n  demand = \"high\"\n";
        assert_eq!(key_line(body, "demand"), 1);
        assert_eq!(key_line(body, "missing"), 0);
    }

    #[test]
    fn a_mistake_in_an_estates_services_points_at_its_line_and_column_in_the_page() {
        let theme = Theme::load(Path::new("/nonexistent-playbook")).unwrap();
        let site = CalculatorSite::new(&ModelsSettings::default(), &[]);
        let block = CalculatorBlock {
            name: "estate".to_string(),
            body: "standby_rate = 500\nservices = \"\"\"\nservice,exposure_per_hour,demand\nA,1,low\nB,-5,low\n\"\"\"\n"
                .to_string(),
            line: 10,
        };
        let error = site
            .render(&theme, &block, Path::new("scale.md"), 0, "", "calc")
            .unwrap_err();
        // The fence is line 10, `services` line 12, the CSV's header line 13, B's row line 15.
        assert_eq!((error.line, error.column), (15, 3), "{error}");
        assert_eq!(error.file, Path::new("scale.md"));
        assert!(
            error.message.contains("exposure_per_hour must be"),
            "{error}"
        );
        let html = site
            .render(
                &theme,
                &CalculatorBlock {
                    name: "estate".to_string(),
                    body: String::new(),
                    line: 1,
                },
                Path::new("scale.md"),
                0,
                "../",
                "calc-estate",
            )
            .unwrap();
        assert!(html.contains("data-estate-rows"), "{html}");
        assert!(html.contains("<th scope=\"row\">Checkout</th>"), "{html}");
    }

    #[test]
    fn the_grid_puts_the_highest_availability_first() {
        let rows = grid_rows();
        assert_eq!(rows[0].level, "99.99%");
        assert_eq!(rows[3].level, "95.0%");
        assert_eq!(rows[3].cells[0].index, 0);
    }
}
