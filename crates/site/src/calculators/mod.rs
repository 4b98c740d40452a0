//! Calculators in pages. An editor places one with a fenced block, ` ```calculator NAME `, whose
//! lines are its initial inputs in TOML. This module checks them against the calculator's fields
//! (naming the file and line of any mistake), computes the initial result with the native models,
//! and renders the form and the result through the theme, so the page reads right without
//! JavaScript, and as markdown for the page's copy (`copy`). In the browser, `calculators.js`
//! recomputes with the same models in WebAssembly.

use std::collections::BTreeMap;
use std::path::Path;

use playbook_models::Settings;
use playbook_models::calculator;

use crate::theme::Theme;
use playbook_book::diagnostics::Diagnostic;
use playbook_book::models_settings::ModelsSettings;
use playbook_markdown::CalculatorBlock;

mod context;
mod copy;
mod estate;
mod inputs;

use inputs::{key_line, services_error};

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

/// A calculator placed in a page: its form with its result, and the same as markdown.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Placed {
    pub html: String,
    pub markdown: String,
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

    /// The HTML and markdown of calculator block `index` of the page at `page` (source path),
    /// whose path to the site root is `root`.
    pub fn render(
        &self,
        theme: &Theme,
        block: &CalculatorBlock,
        page: &Path,
        index: usize,
        root: &str,
        module: &str,
    ) -> Result<Placed, Diagnostic> {
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
            if let Some(at) = calculator::read_cell_error(message) {
                let mut d = services_error(page, block, key, at.line, at.column);
                d.message = format!("calculator `{}`: {}", calculator.name, at.message);
                return Err(d.help("correct the services in the calculator block"));
            }
            let mut d = at(block.line + 1 + key_line(&block.body, key));
            d.message = format!("calculator `{}`: {message}", calculator.name);
            return Err(d.help("change the initial value in the calculator block"));
        }
        let markdown = copy::markdown(calculator, &inputs, &outcome);
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
        let html = theme.render("calculator.html", &context)?;
        Ok(Placed { html, markdown })
    }
}

/// The script that lays out estate calculators, loaded by `calculators.js` only when a page
/// has one.
const ESTATE_SCRIPT: &str = "estate.js";

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
            error.message.contains("Financial exposure must be"),
            "{error}"
        );
        let placed = site
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
        let html = &placed.html;
        assert!(html.contains("data-estate-rows"), "{html}");
        assert!(html.contains("<th scope=\"row\">Checkout</th>"), "{html}");
        let markdown = &placed.markdown;
        assert!(markdown.starts_with("**Calculator: "), "{markdown}");
        assert!(markdown.contains("| Checkout |"), "{markdown}");
    }
}
