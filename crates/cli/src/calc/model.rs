//! The `playbook calc` subcommands, one per calculator of the models' registry: each field is a
//! flag (`standby_rate` is `--standby-rate`) whose help is the field's label, hint, bounds and
//! the default the model uses, so a calculator added to the models is on the command line with
//! no code here.

use clap::error::ErrorKind;
use clap::{Arg, ArgMatches, Command, FromArgMatches, Subcommand};
use playbook_models::Settings;
use playbook_models::calculator::{CALCULATORS, Calculator, Field, FieldKind, find};

/// The positional argument that stands for a calculator's table field: `calc estate FILE.csv`.
const TABLE_FILE: &str = "table-file";

/// The calculator asked for and the values given on the command line, by field key. A table
/// field's value is the path of its file.
#[derive(Debug)]
pub struct Model {
    pub calculator: &'static Calculator,
    pub given: Vec<(&'static Field, String)>,
}

/// The flag of `field`: its key with dashes.
pub fn flag(field: &Field) -> String {
    let mut flag = String::from("--");
    flag.push_str(&field.key.replace('_', "-"));
    flag
}

fn subcommand(calculator: &'static Calculator, settings: &Settings) -> Command {
    let mut command = Command::new(calculator.name)
        .about(calculator.title)
        .allow_negative_numbers(true);
    for field in calculator.fields {
        command = command.arg(argument(field, settings));
        if field.kind == FieldKind::Table {
            command = command.arg(
                Arg::new(TABLE_FILE)
                    .value_name("FILE.csv")
                    .help(format!("The same as {}", flag(field)))
                    .conflicts_with(field.key),
            );
        }
    }
    command
}

fn argument(field: &'static Field, settings: &Settings) -> Arg {
    Arg::new(field.key)
        .long(field.key.replace('_', "-"))
        .value_name(value_name(field.kind))
        .help(help(field, settings))
        .allow_hyphen_values(true)
}

fn value_name(kind: FieldKind) -> &'static str {
    match kind {
        FieldKind::Amount => "AMOUNT",
        FieldKind::Level | FieldKind::Percent => "PERCENT",
        FieldKind::Number => "NUMBER",
        FieldKind::Count => "COUNT",
        FieldKind::Choice(_) => "NAME",
        FieldKind::Bands => "BANDS",
        FieldKind::Text => "TEXT",
        FieldKind::Table => "FILE.csv",
    }
}

/// "Standby pay: per person on call, per week [default: 500]", with the choices of a choice.
fn help(field: &Field, settings: &Settings) -> String {
    let mut help = format!("{}: {}", field.label, field.hint_text());
    if let FieldKind::Choice(choices) = field.kind {
        let names: Vec<&str> = choices.iter().map(|choice| choice.value).collect();
        help.push_str(&format!(" (one of: {})", names.join(", ")));
    }
    let default = field.initial(settings);
    if field.kind == FieldKind::Table {
        help.push_str(" [default: the playbook's example]");
    } else if !default.is_empty() {
        help.push_str(&format!(" [default: {default}]"));
    }
    help
}

impl FromArgMatches for Model {
    fn from_arg_matches(matches: &ArgMatches) -> Result<Self, clap::Error> {
        let Some((name, matches)) = matches.subcommand() else {
            return Err(clap::Error::new(ErrorKind::MissingSubcommand));
        };
        let calculator =
            find(name).ok_or_else(|| clap::Error::new(ErrorKind::InvalidSubcommand))?;
        let mut given = Vec::new();
        for field in calculator.fields {
            let value = matches.get_one::<String>(field.key).or_else(|| {
                (field.kind == FieldKind::Table)
                    .then(|| matches.get_one::<String>(TABLE_FILE))
                    .flatten()
            });
            if let Some(value) = value {
                given.push((field, value.clone()));
            }
        }
        Ok(Self { calculator, given })
    }

    fn update_from_arg_matches(&mut self, matches: &ArgMatches) -> Result<(), clap::Error> {
        *self = Self::from_arg_matches(matches)?;
        Ok(())
    }
}

impl Subcommand for Model {
    fn augment_subcommands(command: Command) -> Command {
        let settings = Settings::default();
        CALCULATORS.iter().fold(command, |command, calculator| {
            command.subcommand(subcommand(calculator, &settings))
        })
    }

    fn augment_subcommands_for_update(command: Command) -> Command {
        Self::augment_subcommands(command)
    }

    fn has_subcommand(name: &str) -> bool {
        find(name).is_some()
    }
}
