//! The organisation's bands and thresholds from the `[models]` table of `playbook.toml`:
//!
//! ```toml
//! [models]
//! exposure_bands = [[7000, 95.0], [250000, 99.0], [800000, 99.9]]
//! demand_bands = [[1, "low"], [2, "medium"], [5, "high"], [22, "very-high"]]
//! incident_thresholds = { high = 50000, medium = 5000 }
//! currency = "£"
//! ```
//!
//! Every key is optional; what is left out keeps the playbook's figures. The models validate
//! what is given, so a mistake gets the model's own message.

use anyhow::Context;
use playbook_models::{AvailabilityLevel, Band, Bands, IncidentThresholds, Settings};
use serde::Deserialize;

/// The `[models]` table as written.
#[derive(Debug, Default, Deserialize)]
#[serde(default, deny_unknown_fields)]
struct ModelsTable {
    exposure_bands: Option<Vec<(f64, f64)>>,
    demand_bands: Option<Vec<(f64, String)>>,
    incident_thresholds: Option<Thresholds>,
    currency: Option<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Thresholds {
    high: f64,
    medium: f64,
}

/// The organisation's settings for the calculators: the models' bands and thresholds, and the
/// currency symbol the pages show amounts in.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ModelsSettings {
    pub settings: Settings,
    /// `None` for the models' own symbol.
    pub currency: Option<String>,
}

/// The settings in a `[models]` table, the playbook's figures where it says nothing.
pub fn from_table(table: &toml::Table) -> anyhow::Result<ModelsSettings> {
    let written: ModelsTable = toml::Value::Table(table.clone())
        .try_into()
        .context("the [models] table has a key or value the models do not know")?;
    Ok(ModelsSettings {
        settings: settings_of(&written)?,
        currency: written.currency,
    })
}

/// The bands and thresholds of a `[models]` table, checked by the models.
fn settings_of(written: &ModelsTable) -> anyhow::Result<Settings> {
    let mut settings = Settings::default();
    if let Some(bands) = &written.exposure_bands {
        let bands = bands
            .iter()
            .map(|&(up_to, percent)| {
                let level =
                    AvailabilityLevel::for_input(playbook_models::Input::ExposureBands, percent)?;
                Ok(Band { up_to, level })
            })
            .collect::<anyhow::Result<Vec<_>>>()?;
        settings.exposure_bands = Bands::new(playbook_models::Input::ExposureBands, bands)?;
    }
    if let Some(bands) = &written.demand_bands {
        let bands = bands
            .iter()
            .map(|(up_to, demand)| {
                Ok(Band {
                    up_to: *up_to,
                    level: demand.parse()?,
                })
            })
            .collect::<anyhow::Result<Vec<_>>>()?;
        settings.demand_bands = Bands::new(playbook_models::Input::DemandBands, bands)?;
    }
    if let Some(Thresholds { high, medium }) = &written.incident_thresholds {
        settings.incident_thresholds = IncidentThresholds::new(*high, *medium)?;
    }
    Ok(settings)
}

#[cfg(test)]
mod tests {
    use super::*;
    use playbook_models::Demand;

    fn table(text: &str) -> toml::Table {
        text.parse().unwrap()
    }

    #[test]
    fn an_empty_table_keeps_the_playbooks_figures() {
        assert_eq!(from_table(&table("")).unwrap(), ModelsSettings::default());
    }

    #[test]
    fn bands_and_thresholds_are_read() {
        let read = from_table(&table(
            r#"
            exposure_bands = [[1000, 95.0], [100000, 99.9]]
            demand_bands = [[3, "low"], [10, "very high"]]
            incident_thresholds = { high = 50000, medium = 500 }
            currency = "£"
            "#,
        ))
        .unwrap();
        assert_eq!(read.currency.as_deref(), Some("£"));
        let settings = read.settings;
        assert_eq!(
            settings.exposure_bands.bands()[1].level,
            AvailabilityLevel::P99_9
        );
        assert_eq!(settings.demand_bands.bands()[1].level, Demand::VeryHigh);
        assert_eq!(settings.incident_thresholds.high(), 50_000.0);
    }

    #[test]
    fn mistakes_get_the_models_message() {
        let error =
            from_table(&table("exposure_bands = [[250000, 99.0], [7000, 95.0]]")).unwrap_err();
        assert_eq!(
            error.to_string(),
            "Exposure bands must list their upper limits in strictly increasing order"
        );
        let error = from_table(&table("exposure_bands = [[7000, 100.0]]")).unwrap_err();
        assert_eq!(
            error.to_string(),
            "Exposure bands must have levels above 0% and below 100%, such as 99.9"
        );
        let error = from_table(&table("demand_bands = [[1, \"enormous\"]]")).unwrap_err();
        assert!(
            error
                .to_string()
                .starts_with("Product feature demand must be one of")
        );
        assert!(from_table(&table("exposure_band = []")).is_err());
    }
}
