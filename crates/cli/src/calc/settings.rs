//! Where `playbook calc` takes the organisation's settings from: `--config FILE`, else
//! `./playbook.toml` when present, else the playbook's figures; with them the currency symbol
//! the organisation writes amounts in.

use std::path::{Path, PathBuf};

use anyhow::Context;
use playbook_book::config::{CONFIG_FILE, read_config};
use playbook_book::models_settings::from_table;
use playbook_models::Settings;

/// Where the settings come from: `--config FILE`, else `./playbook.toml` when present, else the
/// playbook's figures.
pub struct SettingsSource {
    config: Option<PathBuf>,
}

impl SettingsSource {
    pub fn new(config: Option<PathBuf>) -> Self {
        Self { config }
    }

    /// Reads the settings and the currency symbol, when the organisation sets one.
    pub fn load(&self) -> anyhow::Result<(Settings, Option<String>)> {
        let path = match &self.config {
            Some(path) => path.clone(),
            None if Path::new(CONFIG_FILE).is_file() => PathBuf::from(CONFIG_FILE),
            None => return Ok((Settings::default(), None)),
        };
        let config = read_config(&path).map_err(|diagnostic| anyhow::anyhow!("{diagnostic}"))?;
        match &config.models {
            Some(table) => from_table(table)
                .map(|read| (read.settings, read.currency))
                .with_context(|| format!("in the [models] table of {}", path.display())),
            None => Ok((Settings::default(), None)),
        }
    }
}
