//! A whole digital estate at once: for each service its availability target, tolerable
//! unavailability, deployment target, operating model, out-of-hours cover and a traffic light;
//! for the estate the counts per operating model, cover and light, the out-of-hours schedules it
//! needs, and their yearly cost against every team on its own schedule and against Ops Run It.
//!
//! Each service goes through the playbook's own models, with the organisation's bands: exposure
//! to availability target ([`availability_target`](crate::availability_target())), demand to
//! deployment target ([`deployment_target`](crate::deployment_target())), and the operating
//! model selector, which alone gives the operating model. The traffic light sorts services the
//! way a budget holder reviews an estate:
//! - **green**: weekly or more frequent deployments: You Build It You Run It;
//! - **red**: fortnightly or less frequent deployments: Ops Run It;
//! - **amber**: an estimate to check, the operating model still the selector's. A service is
//!   amber when its demand is a number of feature requests a month and the organisation's demand
//!   bands and that number sit on different sides of the weekly line: one feature a deployment,
//!   a fortnightly rhythm is 26 requests a year (about 2.2 a month) and a weekly one 52 (about
//!   4.3 a month), so with the playbook's bands 3 requests a month are "high" (weekly) yet fill
//!   fewer than one deployment a week. A service with low demand and a 99.99% target is amber
//!   too: the selector gives extreme reliability to product teams whatever the demand, so the
//!   target is worth checking.
//!
//! Out of hours, a You Build It You Run It service is covered as the schedule model says (none
//! at 95.0%, a domain schedule at 99.0%, the team's own at 99.9% or more), except that a team
//! which has its own schedule covers its 99.0% services on it. Ops Run It services are covered
//! by the operations team's one on-call analyst. Costs come from the run cost model
//! ([`run_cost`](crate::run_cost())) with the same assumptions; its teams and domains come from
//! the estate:
//! - a service without a team is its own team, named after the service;
//! - a team's domain is the first domain its services name; a team whose services name none is
//!   a domain of its own, so a 99.0% team with no domain has a schedule to itself;
//! - "every team on its own schedule" counts every team of the estate, Ops Run It services
//!   included, each on its own rota; "Ops Run It" is one analyst for every service; "the
//!   selected schedules" are the team and domain schedules above plus, when any service is Ops
//!   Run It, one analyst for those services.
//!
//! The estate's inputs and results are described here. [`csv`] reads an estate file; the
//! traffic light and its rules are in `light`, the assessment in `assess`, the costs in `costs`,
//! and the results file in `results`; `names` finds team and domain names again.

mod assess;
mod costs;
pub mod csv;
mod light;
mod names;
mod results;

use crate::{
    AvailabilityLevel, Demand, DemandBands, DeploymentTarget, ExposureBands, ModelError,
    OperatingModel, PaymentModel, ScheduleCost,
};

pub use assess::{assess, estate};
pub use light::{
    FORTNIGHTLY_REQUESTS_A_MONTH, LIGHT_RULES, Light, WEEKLY_REQUESTS_A_MONTH, light, model_for,
};
pub(crate) use results::push_csv_cell;
pub use results::{RESULT_COLUMNS, result_cells, results_csv};

/// How much users want new features from a service: a level, or feature requests a month that
/// the demand bands turn into a level.
#[derive(Clone, Copy, Debug, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
#[cfg_attr(feature = "serde", serde(rename_all = "kebab-case"))]
pub enum DemandInput {
    Level(Demand),
    Requests(f64),
}

/// One service of an estate.
#[derive(Clone, Debug, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub struct Service {
    pub name: String,
    /// The most it could lose in one hour of unavailability: revenue and costs.
    pub exposure_per_hour: f64,
    pub demand: DemandInput,
    pub domain: Option<String>,
    pub team: Option<String>,
}

impl AsRef<Service> for Service {
    fn as_ref(&self) -> &Service {
        self
    }
}

/// Who covers a service out of hours in the estate.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
#[cfg_attr(feature = "serde", serde(rename_all = "kebab-case"))]
pub enum Cover {
    /// Nobody: a 95.0% service's failures wait for the next working day.
    None,
    /// A domain schedule shared by sibling teams.
    Domain,
    /// The team's own schedule.
    Team,
    /// Ops Run It's on-call analyst.
    Analyst,
}

impl Cover {
    /// Every kind of cover, in the order summaries list them.
    pub const ALL: [Self; 4] = [Self::Team, Self::Domain, Self::None, Self::Analyst];

    /// "none", "domain", "team", "analyst".
    pub fn name(self) -> &'static str {
        match self {
            Self::None => "none",
            Self::Domain => "domain",
            Self::Team => "team",
            Self::Analyst => "analyst",
        }
    }

    /// The cover in a few words.
    pub fn label(self) -> &'static str {
        match self {
            Self::None => "no out-of-hours schedule",
            Self::Domain => "domain schedule",
            Self::Team => "team's own schedule",
            Self::Analyst => "Ops Run It analyst",
        }
    }
}

/// An organisation's on-call pay, as the run cost model reads it.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct OnCallPay {
    pub standby_rate_per_week: f64,
    pub callout_rate_per_hour: f64,
    pub callout_hours_per_service_week: f64,
    pub payment: PaymentModel,
    pub ops_analyst_rate_per_week: f64,
}

impl Default for OnCallPay {
    /// The playbook's illustrative rates: 500 a week on standby, 50 an hour called out, two
    /// callout hours a week for each covered service, and 400 a week for the analyst.
    fn default() -> Self {
        Self {
            standby_rate_per_week: 500.0,
            callout_rate_per_hour: 50.0,
            callout_hours_per_service_week: 2.0,
            payment: PaymentModel::StandbyAndCallout,
            ops_analyst_rate_per_week: 400.0,
        }
    }
}

/// What the estate model needs: the services, the organisation's bands and its on-call pay.
/// The services may be [`Service`]s or anything holding one, such as [`csv::EstateRow`]s.
#[derive(Clone, Copy, Debug)]
pub struct EstateInput<'a, S = Service> {
    pub services: &'a [S],
    pub exposure_bands: &'a ExposureBands,
    pub demand_bands: &'a DemandBands,
    pub pay: OnCallPay,
}

/// The decisions for one service.
#[derive(Clone, Copy, Debug, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub struct ServiceResult {
    pub availability: AvailabilityLevel,
    /// Seconds of unavailability the target tolerates in a week.
    pub tolerable_seconds_a_week: f64,
    pub demand: Demand,
    pub deployment: DeploymentTarget,
    pub light: Light,
    pub model: OperatingModel,
    pub cover: Cover,
    /// Index in [`Estate::teams`].
    pub team: usize,
    /// Index in [`Estate::schedules`] of the schedule covering it, if any.
    pub schedule: Option<usize>,
}

/// An out-of-hours schedule the estate needs, with the services it covers.
#[derive(Clone, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub struct Schedule {
    /// [`Cover::Team`], [`Cover::Domain`] or [`Cover::Analyst`].
    pub kind: Cover,
    /// The team's or the domain's name; "Ops Run It" for the analyst.
    pub name: String,
    /// Indexes of the services it covers.
    pub services: Vec<usize>,
}

/// How many services have each operating model, cover and light.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub struct Counts {
    pub you_build_it_you_run_it: u32,
    pub ops_run_it: u32,
    /// By [`Cover`] in declaration order: none, domain, team, analyst.
    pub by_cover: [u32; 4],
    /// By [`Light`]: red, amber, green.
    pub by_light: [u32; 3],
}

impl Counts {
    pub fn cover(&self, cover: Cover) -> u32 {
        self.by_cover[cover as usize]
    }

    pub fn light(&self, light: Light) -> u32 {
        self.by_light[light as usize]
    }

    pub fn model(&self, model: OperatingModel) -> u32 {
        match model {
            OperatingModel::YouBuildItYouRunIt => self.you_build_it_you_run_it,
            OperatingModel::OpsRunIt => self.ops_run_it,
        }
    }
}

/// The yearly out-of-hours cost of three ways of covering the estate.
#[derive(Clone, Copy, Debug, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub struct EstateCosts {
    /// The schedules the estate needs: team, domain and analyst.
    pub selected: ScheduleCost,
    /// Every team of the estate on its own schedule: the run cost pitfall.
    pub every_team: ScheduleCost,
    /// One Ops Run It analyst for every service.
    pub ops_run_it: ScheduleCost,
}

/// The estate's decisions and costs.
#[derive(Clone, Debug, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub struct Estate {
    /// In the order of the input.
    pub services: Vec<ServiceResult>,
    /// Team names: a service without a team is its own team.
    pub teams: Vec<String>,
    /// The out-of-hours schedules needed: team schedules, then domain schedules, then the
    /// analyst, each in the order its first service appears.
    pub schedules: Vec<Schedule>,
    pub counts: Counts,
    pub costs: EstateCosts,
}

impl Estate {
    /// The schedules of one kind.
    pub fn schedules_of(&self, kind: Cover) -> impl Iterator<Item = &Schedule> {
        self.schedules.iter().filter(move |s| s.kind == kind)
    }
}

/// Why an estate could not be assessed.
#[derive(Clone, Debug, PartialEq)]
pub enum EstateError {
    /// No services at all.
    NoServices,
    /// More services than [`csv::MAX_SERVICES`].
    TooManyServices,
    /// A service's exposure or demand the models refuse; `index` is its position.
    Service { index: usize, error: ModelError },
    /// On-call pay the run cost model refuses.
    Pay(ModelError),
}

impl EstateError {
    /// The message for the reader.
    pub fn message(&self) -> String {
        match self {
            Self::NoServices => String::from("the estate has no services: add at least one"),
            Self::TooManyServices => String::from("an estate may have at most 10,000 services"),
            Self::Service { error, .. } | Self::Pay(error) => error.message(),
        }
    }
}

impl std::fmt::Display for EstateError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.message())
    }
}

impl std::error::Error for EstateError {}

#[cfg(test)]
mod tests;
