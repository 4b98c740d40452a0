//! The traffic light: which side of the weekly line a service's deployments fall, or close
//! to it, and the operating model, which is always the selector's.

use crate::{AvailabilityLevel, AvailabilityTier, DeploymentTarget, OperatingModel, select};

use super::DemandInput;

/// Feature requests a month that a fortnightly rhythm carries, one feature a deployment.
pub const FORTNIGHTLY_REQUESTS_A_MONTH: f64 = 26.0 / 12.0;
/// Feature requests a month that a weekly rhythm carries, one feature a deployment.
pub const WEEKLY_REQUESTS_A_MONTH: f64 = 52.0 / 12.0;

/// The traffic light rules in plain words, red, amber and green.
pub const LIGHT_RULES: [&str; 3] = [
    "Red: fortnightly or less frequent deployments. Ops Run It.",
    "Amber: check the estimate. The number of feature requests and the demand bands disagree about the weekly line, or only a 99.99% target sends a low-demand service to a product team. The operating model is still the selector's.",
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

/// A service's operating model: the selector's for its two targets, whatever its light, so
/// that the estate and the selector never disagree (amber asks for the estimate to be checked,
/// it does not change the model).
pub fn model_for(availability: AvailabilityLevel, deployment: DeploymentTarget) -> OperatingModel {
    select(availability, deployment).cell.model
}
