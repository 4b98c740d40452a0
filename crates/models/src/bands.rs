//! An organisation's bands: upper limits, each with the level it leads to, as the playbook uses
//! them for financial exposure (maximum loss in an hour to an availability level) and product
//! feature demand (feature requests a month to a demand level).
//!
//! A value takes the level of the lowest band that covers it (value at or under the band's upper
//! limit); above the top band, it takes the top band's level. Bands are validated when built:
//! at least one, upper limits finite, zero or more and strictly increasing, and a higher band
//! never has a lower level. So a larger value never leads to a lower level.

use crate::{Input, ModelError, Problem};

/// One band: values up to `up_to` (inclusive) take `level`.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Band<L> {
    pub up_to: f64,
    pub level: L,
}

/// A validated list of bands, lowest first.
#[derive(Clone, Debug, PartialEq)]
pub struct Bands<L> {
    bands: Vec<Band<L>>,
}

impl<L: Copy + PartialOrd> Bands<L> {
    /// Validates `bands`, naming `input` (the exposure or the demand bands) in any error.
    pub fn new(input: Input, bands: Vec<Band<L>>) -> Result<Self, ModelError> {
        let refuse = |problem| Err(ModelError::new(input, problem));
        if bands.is_empty() {
            return refuse(Problem::NoBands);
        }
        for band in &bands {
            if !band.up_to.is_finite() || band.up_to < 0.0 {
                return refuse(Problem::BandsUnreadable);
            }
        }
        for pair in bands.windows(2) {
            if pair[1].up_to <= pair[0].up_to {
                return refuse(Problem::BandsNotIncreasing);
            }
            if pair[1].level < pair[0].level {
                return refuse(Problem::BandsLowerLevel);
            }
        }
        Ok(Self { bands })
    }

    /// Bands the playbook itself defines, known to be valid (a test in each model checks them).
    pub(crate) fn preset(bands: Vec<Band<L>>) -> Self {
        Self { bands }
    }

    /// The bands, lowest first.
    pub fn bands(&self) -> &[Band<L>] {
        &self.bands
    }

    /// The index of the band that `value` falls into: the lowest that covers it, else the top.
    /// `value` is a number its model has already validated.
    pub fn band_index(&self, value: f64) -> usize {
        self.bands
            .iter()
            .position(|band| value <= band.up_to)
            .unwrap_or(self.bands.len() - 1)
    }

    /// The level of the band that `value` falls into.
    pub fn level_for(&self, value: f64) -> L {
        self.bands[self.band_index(value)].level
    }

    /// Whether `value` lies above the top band's upper limit.
    pub fn is_above_top(&self, value: f64) -> bool {
        self.bands.last().is_some_and(|top| value > top.up_to)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const BANDS: Input = Input::ExposureBands;

    fn band(up_to: f64, level: u8) -> Band<u8> {
        Band { up_to, level }
    }

    #[test]
    fn a_value_takes_the_lowest_band_that_covers_it_or_the_top() {
        let bands = Bands::new(BANDS, vec![band(10.0, 1), band(20.0, 2)]).unwrap();
        assert_eq!(bands.level_for(0.0), 1);
        assert_eq!(bands.level_for(10.0), 1);
        assert_eq!(bands.level_for(10.5), 2);
        assert_eq!(bands.level_for(25.0), 2);
        assert!(bands.is_above_top(25.0));
        assert!(!bands.is_above_top(20.0));
    }

    #[test]
    fn empty_unsorted_or_lowering_bands_are_refused() {
        assert_eq!(
            Bands::<u8>::new(BANDS, vec![]),
            Err(ModelError::new(BANDS, Problem::NoBands))
        );
        assert_eq!(
            Bands::new(BANDS, vec![band(20.0, 1), band(10.0, 2)]),
            Err(ModelError::new(BANDS, Problem::BandsNotIncreasing))
        );
        assert_eq!(
            Bands::new(BANDS, vec![band(10.0, 1), band(10.0, 2)]),
            Err(ModelError::new(BANDS, Problem::BandsNotIncreasing))
        );
        assert_eq!(
            Bands::new(BANDS, vec![band(10.0, 2), band(20.0, 1)]),
            Err(ModelError::new(BANDS, Problem::BandsLowerLevel))
        );
        for bad in [f64::NAN, f64::INFINITY, -1.0] {
            assert_eq!(
                Bands::new(BANDS, vec![band(bad, 1)]),
                Err(ModelError::new(BANDS, Problem::BandsUnreadable))
            );
        }
    }

    #[test]
    fn bands_may_keep_a_level() {
        assert!(Bands::new(BANDS, vec![band(10.0, 1), band(20.0, 1)]).is_ok());
    }
}
