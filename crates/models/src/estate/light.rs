//! The traffic light: which side of the weekly line a service's deployments fall, or in
//! between, and the operating model each light gives.

use crate::{AvailabilityLevel, AvailabilityTier, DeploymentTarget, OperatingModel};

use super::DemandInput;

/// Feature requests a month that a fortnightly rhythm carries, one feature a deployment.
pub const FORTNIGHTLY_REQUESTS_A_MONTH: f64 = 26.0 / 12.0;
/// Feature requests a month that a weekly rhythm carries, one feature a deployment.
pub const WEEKLY_REQUESTS_A_MONTH: f64 = 52.0 / 12.0;

/// The traffic light rules in plain words, red, amber and green.
pub const LIGHT_RULES: [&str; 3] = [
    "Red: fortnightly or less frequent deployments. Ops Run It.",
    "Amber: in between. The number of feature requests and the demand bands disagree about the weekly line, or low demand meets a 99.99% target, so the availability target decides: 99.9% or more goes to You Build It You Run It, lower stays with Ops Run It.",
    "Green: weekly or more frequent deployments. You Build It You Run It.",
];

/// A service's traffic light.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
#[cfg_attr(feature = "serde", serde(rename_all = "kebab-case"))]
pub enum Light {
    Red,
    Amber,
    Green,
}

impl Light {
    /// Red, amber, green.
    pub const ALL: [Self; 3] = [Self::Red, Self::Amber, Self::Green];

    /// "red", "amber", "green".
    pub fn name(self) -> &'static str {
        match self {
            Self::Red => "red",
            Self::Amber => "amber",
            Self::Green => "green",
        }
    }

    /// "Red", "Amber", "Green".
    pub fn label(self) -> &'static str {
        match self {
            Self::Red => "Red",
            Self::Amber => "Amber",
            Self::Green => "Green",
        }
    }

    /// The rule that gives this light, in plain words.
    pub fn rule(self) -> &'static str {
        LIGHT_RULES[self as usize]
    }
}

/// The side of the weekly line a deployment target is on.
fn light_of_target(target: DeploymentTarget) -> Light {
    if target >= DeploymentTarget::Weekly {
        Light::Green
    } else {
        Light::Red
    }
}

/// The side of the weekly line a number of feature requests a month is on, or in between.
fn light_of_requests(requests: f64) -> Light {
    if requests <= FORTNIGHTLY_REQUESTS_A_MONTH {
        Light::Red
    } else if requests >= WEEKLY_REQUESTS_A_MONTH {
        Light::Green
    } else {
        Light::Amber
    }
}

/// A service's light from its deployment target, its demand as given and its availability.
pub fn light(
    availability: AvailabilityLevel,
    deployment: DeploymentTarget,
    demand: DemandInput,
) -> Light {
    let by_target = light_of_target(deployment);
    let light = match demand {
        DemandInput::Requests(requests) if light_of_requests(requests) != by_target => Light::Amber,
        _ => by_target,
    };
    if light == Light::Red && availability.tier() == AvailabilityTier::Percent99_99 {
        Light::Amber
    } else {
        light
    }
}

/// The operating model a light gives, the availability target deciding amber.
pub fn model_for(light: Light, availability: AvailabilityLevel) -> OperatingModel {
    match light {
        Light::Green => OperatingModel::YouBuildItYouRunIt,
        Light::Red => OperatingModel::OpsRunIt,
        Light::Amber if availability.tier() >= AvailabilityTier::Percent99_9 => {
            OperatingModel::YouBuildItYouRunIt
        }
        Light::Amber => OperatingModel::OpsRunIt,
    }
}
