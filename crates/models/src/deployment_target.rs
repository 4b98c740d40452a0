//! Deployment target from product feature demand: the playbook's practice of choosing how often a
//! service must be deployed from how often its users want new features.
//!
//! Low demand needs monthly deployments, medium fortnightly, high weekly and very high daily or
//! more. An organisation may set numeric demand bands (feature requests a month, each with a
//! demand level) so that teams estimate a number rather than a word. The default bands assume
//! one feature a deployment: up to 1 request a month is low demand, up to 2 medium, up to 5
//! high (a month has about 4.3 weeks) and anything above very high (the top band's limit of 22
//! is a month's working days).

use std::str::FromStr;

use crate::bands::{Band, Bands};
use crate::text::names_match;
use crate::{Input, ModelError, Problem};

/// How much users want new features from a service.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
#[cfg_attr(feature = "serde", serde(rename_all = "kebab-case"))]
pub enum Demand {
    Low,
    Medium,
    High,
    VeryHigh,
}

impl Demand {
    /// Every level, lowest first.
    pub const ALL: [Self; 4] = [Self::Low, Self::Medium, Self::High, Self::VeryHigh];

    /// The kebab-case name scripts use: "very-high".
    pub const fn name(self) -> &'static str {
        match self {
            Self::Low => "low",
            Self::Medium => "medium",
            Self::High => "high",
            Self::VeryHigh => "very-high",
        }
    }

    /// The words a reader sees: "very high".
    pub fn label(self) -> &'static str {
        match self {
            Self::VeryHigh => "very high",
            other => other.name(),
        }
    }
}

impl FromStr for Demand {
    type Err = ModelError;

    /// Parses "low", "medium", "high", "very-high" in any case, with spaces, hyphens or
    /// underscores.
    fn from_str(text: &str) -> Result<Self, Self::Err> {
        Self::ALL
            .into_iter()
            .find(|demand| names_match(text, demand.name()))
            .ok_or(ModelError::new(Input::Demand, Problem::UnknownName))
    }
}

/// How often a service must be deployed.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
#[cfg_attr(feature = "serde", serde(rename_all = "kebab-case"))]
pub enum DeploymentTarget {
    Monthly,
    Fortnightly,
    Weekly,
    DailyOrMore,
}

impl DeploymentTarget {
    /// Every target, least frequent first: the columns of the selector grid.
    pub const ALL: [Self; 4] = [
        Self::Monthly,
        Self::Fortnightly,
        Self::Weekly,
        Self::DailyOrMore,
    ];

    /// The kebab-case name scripts use: "daily-or-more".
    pub fn name(self) -> &'static str {
        match self {
            Self::Monthly => "monthly",
            Self::Fortnightly => "fortnightly",
            Self::Weekly => "weekly",
            Self::DailyOrMore => "daily-or-more",
        }
    }

    /// The words a reader sees: "daily or more".
    pub fn label(self) -> &'static str {
        match self {
            Self::DailyOrMore => "daily or more",
            other => other.name(),
        }
    }

    /// Position from the least frequent target, 0 to 3.
    pub fn index(self) -> usize {
        self as usize
    }
}

impl FromStr for DeploymentTarget {
    type Err = ModelError;

    /// Parses "monthly", "fortnightly", "weekly", "daily-or-more" (or "daily") in any case.
    fn from_str(text: &str) -> Result<Self, Self::Err> {
        if names_match(text, "daily") {
            return Ok(Self::DailyOrMore);
        }
        Self::ALL
            .into_iter()
            .find(|target| names_match(text, target.name()))
            .ok_or(ModelError::new(
                Input::DeploymentTarget,
                Problem::UnknownName,
            ))
    }
}

/// The deployment target that `demand` needs.
pub fn deployment_target(demand: Demand) -> DeploymentTarget {
    match demand {
        Demand::Low => DeploymentTarget::Monthly,
        Demand::Medium => DeploymentTarget::Fortnightly,
        Demand::High => DeploymentTarget::Weekly,
        Demand::VeryHigh => DeploymentTarget::DailyOrMore,
    }
}

/// Demand bands: feature requests a month to a demand level.
pub type DemandBands = Bands<Demand>;

/// The default bands, one feature a deployment: 1, 2, 5 and 22 requests a month.
pub fn default_demand_bands() -> DemandBands {
    Bands::preset(vec![
        Band {
            up_to: 1.0,
            level: Demand::Low,
        },
        Band {
            up_to: 2.0,
            level: Demand::Medium,
        },
        Band {
            up_to: 5.0,
            level: Demand::High,
        },
        Band {
            up_to: 22.0,
            level: Demand::VeryHigh,
        },
    ])
}

/// The demand level of a service whose users make `requests_per_month` feature requests.
pub fn demand_for_requests(
    bands: &DemandBands,
    requests_per_month: f64,
) -> Result<Demand, ModelError> {
    let requests = Input::FeatureRequests.check(requests_per_month)?;
    Ok(bands.level_for(requests))
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn each_demand_level_has_its_deployment_target() {
        assert_eq!(deployment_target(Demand::Low), DeploymentTarget::Monthly);
        assert_eq!(
            deployment_target(Demand::Medium),
            DeploymentTarget::Fortnightly
        );
        assert_eq!(deployment_target(Demand::High), DeploymentTarget::Weekly);
        assert_eq!(
            deployment_target(Demand::VeryHigh),
            DeploymentTarget::DailyOrMore
        );
    }

    #[test]
    fn demand_parses_from_its_names_and_words() {
        assert_eq!("very-high".parse(), Ok(Demand::VeryHigh));
        assert_eq!("very high".parse(), Ok(Demand::VeryHigh));
        assert_eq!("Low".parse(), Ok(Demand::Low));
        let error = "huge".parse::<Demand>().unwrap_err();
        assert_eq!(
            error.to_string(),
            "Product feature demand must be one of: low, medium, high, very high"
        );
    }

    #[test]
    fn deployment_targets_parse_from_their_names() {
        assert_eq!("daily".parse(), Ok(DeploymentTarget::DailyOrMore));
        assert_eq!("daily or more".parse(), Ok(DeploymentTarget::DailyOrMore));
        assert_eq!("Fortnightly".parse(), Ok(DeploymentTarget::Fortnightly));
        assert!("hourly".parse::<DeploymentTarget>().is_err());
    }

    #[test]
    fn names_and_labels_read_well() {
        assert_eq!(Demand::VeryHigh.label(), "very high");
        assert_eq!(DeploymentTarget::DailyOrMore.label(), "daily or more");
        assert_eq!(DeploymentTarget::Weekly.label(), "weekly");
    }

    #[test]
    fn the_default_demand_bands_are_valid_and_map_requests_to_levels() {
        let bands = default_demand_bands();
        assert_eq!(
            Bands::new(crate::Input::DemandBands, bands.bands().to_vec()),
            Ok(bands.clone())
        );
        assert_eq!(demand_for_requests(&bands, 0.5), Ok(Demand::Low));
        assert_eq!(demand_for_requests(&bands, 2.0), Ok(Demand::Medium));
        assert_eq!(demand_for_requests(&bands, 4.0), Ok(Demand::High));
        assert_eq!(demand_for_requests(&bands, 100.0), Ok(Demand::VeryHigh));
    }

    #[test]
    fn impossible_request_counts_are_refused() {
        let error = demand_for_requests(&default_demand_bands(), f64::NAN).unwrap_err();
        assert_eq!(
            error.to_string(),
            "Feature requests a month must be a number, such as 5"
        );
    }

    proptest! {
        #[test]
        fn more_demand_never_lowers_the_deployment_target(low in 0usize..4, high in 0usize..4) {
            let (low, high) = (Demand::ALL[low.min(high)], Demand::ALL[low.max(high)]);
            prop_assert!(deployment_target(high) >= deployment_target(low));
        }

        #[test]
        fn more_requests_never_lower_the_deployment_target(low in 0.0f64..100.0, extra in 0.0f64..100.0) {
            let bands = default_demand_bands();
            let lower = deployment_target(demand_for_requests(&bands, low).unwrap());
            let higher = deployment_target(demand_for_requests(&bands, low + extra).unwrap());
            prop_assert!(higher >= lower);
        }
    }
}
