//! An organisation's settings for the models: its exposure bands, demand bands and incident loss
//! thresholds, as the playbook asks each organisation to set them for its own context.
//!
//! `Settings::default()` holds the playbook's figures.

use crate::{
    DemandBands, ExposureBands, IncidentThresholds, default_demand_bands, default_exposure_bands,
};

/// The bands and thresholds the models read.
#[derive(Clone, Debug, PartialEq)]
pub struct Settings {
    pub exposure_bands: ExposureBands,
    pub demand_bands: DemandBands,
    pub incident_thresholds: IncidentThresholds,
}

impl Default for Settings {
    /// Exposure bands 7,000 / 250,000 / 800,000 an hour to 95.0% / 99.0% / 99.9%; demand bands
    /// of 1 / 2 / 5 / 22 feature requests a month; incident thresholds 50,000 and 5,000.
    fn default() -> Self {
        Self {
            exposure_bands: default_exposure_bands(),
            demand_bands: default_demand_bands(),
            incident_thresholds: IncidentThresholds::default(),
        }
    }
}
