//! Availability levels: the playbook's 95.0%, 99.0%, 99.9% and 99.99%, and any level an
//! organisation chooses between 0% and 100%, exclusive.
//!
//! A level sits in one of the four *tiers* that the operating model selector, the out-of-hours
//! schedule and the run cost models reason about: the highest playbook level it reaches
//! (99.5% is in the 99.0% tier; levels under 95.0% are in the 95.0% tier).

use crate::text::format_percent;
use crate::{Input, ModelError, Problem};

/// An availability level in percent, strictly between 0 and 100.
#[derive(Clone, Copy, Debug, PartialEq, PartialOrd)]
pub struct AvailabilityLevel(f64);

/// A level is written as its percentage: `99.9`.
#[cfg(feature = "serde")]
impl serde::Serialize for AvailabilityLevel {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_f64(self.0)
    }
}

impl AvailabilityLevel {
    /// 95.0%: about 8 hours 24 minutes of tolerable unavailability a week.
    pub const P95_0: Self = Self(95.0);
    /// 99.0%: about 1 hour 40 minutes a week.
    pub const P99_0: Self = Self(99.0);
    /// 99.9%: about 10 minutes a week.
    pub const P99_9: Self = Self(99.9);
    /// 99.99%: about 1 minute a week, for genuine extreme reliability only.
    pub const P99_99: Self = Self(99.99);

    /// A level from a percentage, refused unless strictly between 0 and 100.
    pub fn new(percent: f64) -> Result<Self, ModelError> {
        Self::for_input(Input::AvailabilityTarget, percent)
    }

    /// Like [`AvailabilityLevel::new`], naming `input` in the error.
    pub fn for_input(input: Input, percent: f64) -> Result<Self, ModelError> {
        if percent.is_finite() && percent > 0.0 && percent < 100.0 {
            Ok(Self(percent))
        } else if percent.is_finite() {
            Err(ModelError::new(input, Problem::LevelOutOfRange))
        } else {
            Err(ModelError::new(input, Problem::NotANumber))
        }
    }

    /// The level in percent, e.g. `99.9`.
    pub fn percent(self) -> f64 {
        self.0
    }

    /// The share of time a service may be unavailable, e.g. `0.001` for 99.9%.
    pub fn unavailable_fraction(self) -> f64 {
        (100.0 - self.0) / 100.0
    }

    /// The tier this level reaches.
    pub fn tier(self) -> AvailabilityTier {
        AvailabilityTier::ALL
            .into_iter()
            .rev()
            .find(|tier| self.0 >= tier.level().0 - TIER_TOLERANCE)
            .unwrap_or(AvailabilityTier::Percent95_0)
    }

    /// The level as a reader sees it: "99.9%".
    pub fn text(self) -> String {
        format_percent(self.0)
    }
}

/// Levels computed back from downtimes may miss a tier's level by rounding: 99.9 - 1e-12 is
/// still 99.9%.
const TIER_TOLERANCE: f64 = 1e-9;

/// The playbook's four availability levels, lowest first: the rows of the selector grid.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
#[cfg_attr(feature = "serde", serde(rename_all = "kebab-case"))]
pub enum AvailabilityTier {
    Percent95_0,
    Percent99_0,
    Percent99_9,
    Percent99_99,
}

impl AvailabilityTier {
    /// Every tier, lowest first.
    pub const ALL: [Self; 4] = [
        Self::Percent95_0,
        Self::Percent99_0,
        Self::Percent99_9,
        Self::Percent99_99,
    ];

    /// The tier's playbook level.
    pub fn level(self) -> AvailabilityLevel {
        match self {
            Self::Percent95_0 => AvailabilityLevel::P95_0,
            Self::Percent99_0 => AvailabilityLevel::P99_0,
            Self::Percent99_9 => AvailabilityLevel::P99_9,
            Self::Percent99_99 => AvailabilityLevel::P99_99,
        }
    }

    /// Position from the lowest tier, 0 to 3.
    pub fn index(self) -> usize {
        self as usize
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn levels_must_be_strictly_between_0_and_100() {
        for bad in [0.0, 100.0, 100.5, -1.0] {
            let error = AvailabilityLevel::new(bad).unwrap_err();
            assert_eq!(
                error.to_string(),
                "Availability target must be a percentage above 0 and below 100, such as 99.9"
            );
        }
        assert_eq!(
            AvailabilityLevel::new(99.9).map(AvailabilityLevel::percent),
            Ok(99.9)
        );
    }

    #[test]
    fn levels_fall_into_the_highest_tier_they_reach() {
        let tier = |percent| AvailabilityLevel::new(percent).unwrap().tier();
        assert_eq!(tier(50.0), AvailabilityTier::Percent95_0);
        assert_eq!(tier(95.0), AvailabilityTier::Percent95_0);
        assert_eq!(tier(99.5), AvailabilityTier::Percent99_0);
        assert_eq!(tier(99.9 - 1e-12), AvailabilityTier::Percent99_9);
        assert_eq!(tier(99.99), AvailabilityTier::Percent99_99);
        assert_eq!(tier(99.999), AvailabilityTier::Percent99_99);
    }

    #[test]
    fn tiers_are_ordered_and_indexed_from_the_lowest() {
        for (index, tier) in AvailabilityTier::ALL.into_iter().enumerate() {
            assert_eq!(tier.index(), index);
            assert_eq!(tier.level().tier(), tier);
        }
    }

    #[test]
    fn levels_read_with_their_decimals() {
        assert_eq!(AvailabilityLevel::P95_0.text(), "95.0%");
        assert_eq!(AvailabilityLevel::P99_99.text(), "99.99%");
    }
}
