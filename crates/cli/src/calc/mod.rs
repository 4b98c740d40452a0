//! `playbook calc CALCULATOR [--field value ...] [--json | --csv]`: any of the playbook's
//! calculators on the command line, for people and scripts. The subcommands and their flags
//! come from the models' registry ([`model`]); the inputs are read by the models' own readers,
//! the ones the page's fields use, so the same text gives the same number or the same message;
//! the organisation's bands and thresholds come from `playbook.toml` ([`settings`]).

mod model;
mod print;
pub mod settings;

use std::path::PathBuf;

use anyhow::Context;
use clap::Args;
use playbook_models::Input;
use playbook_models::calculator::{FieldKind, Inputs, calculate_with_result, read_cell_error};

use model::{Model, flag};
use settings::SettingsSource;

/// `playbook calc`'s arguments.
#[derive(Debug, Args)]
#[command(
    subcommand_value_name = "CALCULATOR",
    subcommand_help_heading = "Calculators"
)]
pub struct CalcArgs {
    #[command(subcommand)]
    model: Model,
    /// Print one JSON object for scripts, with the model's own result, instead of text.
    #[arg(long, global = true, conflicts_with = "csv")]
    json: bool,
    /// Print the table of results as CSV, for spreadsheets (the estate's services).
    #[arg(long, global = true)]
    csv: bool,
    /// Read the organisation's bands and thresholds from this playbook.toml (default:
    /// ./playbook.toml if present, else the playbook's own, as the help's defaults show).
    #[arg(long, global = true, value_name = "FILE")]
    config: Option<PathBuf>,
}

/// The calculator's result as it is printed: text, JSON with `--json`, CSV with `--csv`.
pub fn render(args: &CalcArgs) -> anyhow::Result<String> {
    let calculator = args.model.calculator;
    let (settings, currency) = SettingsSource::new(args.config.clone()).load()?;
    let mut pairs = Vec::new();
    for field in calculator.fields {
        let given = args.model.given.iter().find(|(f, _)| f.key == field.key);
        let value = match given {
            Some((_, path)) if field.kind == FieldKind::Table => std::fs::read_to_string(path)
                .with_context(|| format!("could not read {} ({})", path, flag(field)))?,
            Some((_, value)) => value.clone(),
            None => match (&currency, field.input) {
                (Some(currency), Input::Currency) => currency.clone(),
                _ => field.initial(&settings),
            },
        };
        pairs.push((field.key, value));
    }
    let inputs = Inputs::from_pairs(pairs);
    let outcome = calculate_with_result(calculator, &inputs, &settings);
    if !outcome.is_ok() {
        let messages: Vec<String> = outcome
            .errors
            .iter()
            .map(|(key, message)| mistake(&args.model, key, message))
            .collect();
        anyhow::bail!("{}", messages.join("\n"));
    }
    if args.json {
        let json = print::json(calculator, &inputs, &outcome);
        Ok(format!("{}\n", serde_json::to_string_pretty(&json)?))
    } else if args.csv {
        print::csv(calculator, &outcome)
    } else {
        Ok(print::text(calculator, &outcome))
    }
}

/// A field's mistake, named by its flag, or for a table by its file, line and column.
fn mistake(model: &Model, key: &str, message: &str) -> String {
    let Some(field) = model.calculator.fields.iter().find(|f| f.key == key) else {
        return message.to_string();
    };
    let file = model.given.iter().find(|(f, _)| f.key == key);
    match (field.kind, read_cell_error(message), file) {
        (FieldKind::Table, Some(at), Some((_, path))) => {
            format!("{path}:{}:{}: {}", at.line, at.column, at.message)
        }
        (FieldKind::Table, Some(at), None) => {
            let (line, column, message) = (at.line, at.column, at.message);
            format!("{} line {line}, column {column}: {message}", flag(field))
        }
        _ => format!("{}: {message}", flag(field)),
    }
}

#[cfg(test)]
mod tests;
