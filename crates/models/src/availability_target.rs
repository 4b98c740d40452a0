//! Availability target from financial exposure: the playbook's practice of choosing a service's
//! availability level from the most money it could lose in one hour of unavailability.
//!
//! An organisation sets exposure bands (maximum loss in an hour, availability level); the
//! playbook's are $7,000, $250,000 and $800,000 for 95.0%, 99.0% and 99.9%. A service's exposure
//! takes the level of the lowest band that covers it, and above the top band the top band's
//! level. 99.99% is kept for genuine extreme reliability: asked for explicitly, whatever the
//! exposure, or given its own band by an organisation that needs one.

use crate::bands::{Band, Bands};
use crate::{AvailabilityLevel, Input, ModelError};

/// Exposure bands: maximum loss in an hour of unavailability to an availability level.
pub type ExposureBands = Bands<AvailabilityLevel>;

/// The playbook's bands: up to 7,000 an hour 95.0%, up to 250,000 99.0%, up to 800,000 (and
/// above) 99.9%.
pub fn default_exposure_bands() -> ExposureBands {
    Bands::preset(vec![
        Band {
            up_to: 7_000.0,
            level: AvailabilityLevel::P95_0,
        },
        Band {
            up_to: 250_000.0,
            level: AvailabilityLevel::P99_0,
        },
        Band {
            up_to: 800_000.0,
            level: AvailabilityLevel::P99_9,
        },
    ])
}

/// Why a service got its availability target.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
#[cfg_attr(feature = "serde", serde(rename_all = "kebab-case"))]
pub enum TargetBasis {
    /// Its exposure falls in the band at this index (lowest first).
    Band(usize),
    /// Its exposure is above the top band, so it takes the top band's level.
    AboveTopBand,
    /// It genuinely needs extreme reliability: 99.99%.
    ExtremeReliability,
}

/// A service's availability target.
#[derive(Clone, Copy, Debug, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub struct AvailabilityTarget {
    pub level: AvailabilityLevel,
    pub basis: TargetBasis,
}

/// The availability target for a service that could lose `exposure_per_hour` in an hour of
/// unavailability; `extreme_reliability` asks for 99.99% whatever the exposure.
pub fn availability_target(
    bands: &ExposureBands,
    exposure_per_hour: f64,
    extreme_reliability: bool,
) -> Result<AvailabilityTarget, ModelError> {
    let exposure = Input::Exposure.check(exposure_per_hour)?;
    if extreme_reliability {
        return Ok(AvailabilityTarget {
            level: AvailabilityLevel::P99_99,
            basis: TargetBasis::ExtremeReliability,
        });
    }
    let basis = if bands.is_above_top(exposure) {
        TargetBasis::AboveTopBand
    } else {
        TargetBasis::Band(bands.band_index(exposure))
    };
    Ok(AvailabilityTarget {
        level: bands.level_for(exposure),
        basis,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn target(exposure: f64) -> AvailabilityTarget {
        availability_target(&default_exposure_bands(), exposure, false).unwrap()
    }

    #[test]
    fn the_playbooks_bands_are_valid() {
        let bands = default_exposure_bands();
        assert_eq!(
            Bands::new(crate::Input::ExposureBands, bands.bands().to_vec()),
            Ok(bands)
        );
    }

    #[test]
    fn the_playbooks_example_services_get_their_levels() {
        assert_eq!(target(6_000.0).level, AvailabilityLevel::P95_0);
        assert_eq!(target(200_000.0).level, AvailabilityLevel::P99_0);
        assert_eq!(target(810_000.0).level, AvailabilityLevel::P99_9);
    }

    #[test]
    fn a_band_covers_its_upper_limit_and_the_top_band_covers_everything_above() {
        assert_eq!(target(0.0).basis, TargetBasis::Band(0));
        assert_eq!(target(7_000.0).basis, TargetBasis::Band(0));
        assert_eq!(target(7_000.01).basis, TargetBasis::Band(1));
        assert_eq!(target(800_000.0).basis, TargetBasis::Band(2));
        assert_eq!(target(810_000.0).basis, TargetBasis::AboveTopBand);
    }

    #[test]
    fn extreme_reliability_is_99_99_whatever_the_exposure() {
        let target = availability_target(&default_exposure_bands(), 10.0, true).unwrap();
        assert_eq!(target.level, AvailabilityLevel::P99_99);
        assert_eq!(target.basis, TargetBasis::ExtremeReliability);
    }

    #[test]
    fn impossible_exposures_are_refused() {
        for bad in [f64::NAN, f64::INFINITY] {
            let error = availability_target(&default_exposure_bands(), bad, false).unwrap_err();
            assert_eq!(
                error.to_string(),
                "Financial exposure must be a number, such as 200000"
            );
        }
        let error = availability_target(&default_exposure_bands(), -1.0, false).unwrap_err();
        assert_eq!(error.to_string(), "Financial exposure must be at least 0");
        assert!(availability_target(&default_exposure_bands(), 1e15, false).is_err());
    }

    #[test]
    fn an_organisation_may_add_a_band_for_99_99() {
        let mut bands = default_exposure_bands().bands().to_vec();
        bands.push(Band {
            up_to: 5_000_000.0,
            level: AvailabilityLevel::P99_99,
        });
        let bands = Bands::new(crate::Input::ExposureBands, bands).unwrap();
        let target = availability_target(&bands, 1_000_000.0, false).unwrap();
        assert_eq!(target.level, AvailabilityLevel::P99_99);
    }

    proptest! {
        #[test]
        fn more_exposure_never_lowers_the_target(low in 0.0f64..2e6, extra in 0.0f64..2e6) {
            let bands = default_exposure_bands();
            let lower = availability_target(&bands, low, false).unwrap();
            let higher = availability_target(&bands, low + extra, false).unwrap();
            prop_assert!(higher.level >= lower.level);
        }

        #[test]
        fn more_exposure_never_lowers_the_target_for_any_valid_bands(
            mut limits in proptest::collection::vec(0.0f64..1e9, 1..6),
            mut levels in proptest::collection::vec(1.0f64..99.999, 6),
            low in 0.0f64..1e9,
            extra in 0.0f64..1e9,
        ) {
            limits.sort_by(f64::total_cmp);
            limits.dedup();
            levels.sort_by(f64::total_cmp);
            let bands: Vec<_> = limits
                .iter()
                .zip(&levels)
                .map(|(&up_to, &level)| Band { up_to, level: AvailabilityLevel::new(level).unwrap() })
                .collect();
            let bands = Bands::new(crate::Input::ExposureBands, bands).unwrap();
            let lower = availability_target(&bands, low, false).unwrap();
            let higher = availability_target(&bands, low + extra, false).unwrap();
            prop_assert!(higher.level >= lower.level);
        }
    }
}
