//! A whole digital estate at once: for each service its availability target, tolerable
//! unavailability, deployment target, operating model, out-of-hours cover and a traffic light;
//! for the estate the counts per operating model, cover and light, the out-of-hours schedules it
//! needs, and their yearly cost against every team on its own schedule and against Ops Run It.
//!
//! Each service goes through the playbook's own models, with the organisation's bands: exposure
//! to availability target ([`availability_target`](crate::availability_target())), demand to
//! deployment target ([`deployment_target`](crate::deployment_target())), and the operating
//! model selector. The traffic light sorts services the way a budget holder reviews an estate:
//! - **green**: weekly or more frequent deployments: You Build It You Run It;
//! - **red**: fortnightly or less frequent deployments: Ops Run It;
//! - **amber**: in between, where the availability target decides: 99.9% or more goes to
//!   You Build It You Run It, lower stays with Ops Run It. A service is in between when its
//!   demand is a number of feature requests a month and the organisation's demand bands and that
//!   number sit on different sides of the weekly line: one feature a deployment, a fortnightly
//!   rhythm is 26 requests a year (about 2.2 a month) and a weekly one 52 (about 4.3 a month),
//!   so with the playbook's bands 3 requests a month are "high" (weekly) yet fill fewer than one
//!   deployment a week. A service with low demand and a 99.99% target is in between too, as
//!   the selector gives extreme reliability to product teams whatever the demand.
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

pub mod csv;
mod names;

use crate::availability::downtime;
use crate::run_cost::schedule_cost;
use crate::{
    AvailabilityLevel, AvailabilityTier, Demand, DemandBands, DeploymentTarget, ExposureBands,
    ModelError, OperatingModel, PaymentModel, RunCostInput, ScheduleCost, ServiceCounts,
    availability_target, demand_for_requests, deployment_target, run_cost,
};

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

/// How much users want new features from a service: a level, or feature requests a month that
/// the demand bands turn into a level.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum DemandInput {
    Level(Demand),
    Requests(f64),
}

/// One service of an estate.
#[derive(Clone, Debug, PartialEq)]
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

/// A service's traffic light.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
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

/// Who covers a service out of hours in the estate.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
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
            Self::NoServices => String::from("the estate has no services"),
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

/// One service's targets, light and operating model (its cover needs the rest of the estate).
pub fn assess(
    service: &Service,
    exposure_bands: &ExposureBands,
    demand_bands: &DemandBands,
) -> Result<
    (
        AvailabilityLevel,
        Demand,
        DeploymentTarget,
        Light,
        OperatingModel,
    ),
    ModelError,
> {
    let availability = availability_target(exposure_bands, service.exposure_per_hour, false)?.level;
    let demand = match service.demand {
        DemandInput::Level(level) => level,
        DemandInput::Requests(requests) => demand_for_requests(demand_bands, requests)?,
    };
    let deployment = deployment_target(demand);
    let light = light(availability, deployment, service.demand);
    Ok((
        availability,
        demand,
        deployment,
        light,
        model_for(light, availability),
    ))
}

/// Assesses every service of an estate and what covering it out of hours costs in a year.
pub fn estate<S: AsRef<Service>>(input: &EstateInput<'_, S>) -> Result<Estate, EstateError> {
    let services = input.services;
    if services.is_empty() {
        return Err(EstateError::NoServices);
    }
    if services.len() > csv::MAX_SERVICES {
        return Err(EstateError::TooManyServices);
    }
    let mut teams: Vec<String> = Vec::new();
    let mut team_table = names::NameTable::new();
    // A team's domain is the first one its services name.
    let mut team_domains: Vec<Option<&str>> = Vec::new();
    let mut results = Vec::with_capacity(services.len());
    for (index, service) in services.iter().map(AsRef::as_ref).enumerate() {
        let (availability, demand, deployment, light, model) =
            assess(service, input.exposure_bands, input.demand_bands)
                .map_err(|error| EstateError::Service { index, error })?;
        let team_name = service.team.as_deref().unwrap_or(&service.name);
        let team = names::index_in(&mut team_table, &mut teams, team_name);
        if team == team_domains.len() {
            team_domains.push(None);
        }
        if team_domains[team].is_none() {
            team_domains[team] = service.domain.as_deref();
        }
        let cover = match model {
            OperatingModel::OpsRunIt => Cover::Analyst,
            OperatingModel::YouBuildItYouRunIt => match availability.tier() {
                AvailabilityTier::Percent95_0 => Cover::None,
                AvailabilityTier::Percent99_0 => Cover::Domain,
                _ => Cover::Team,
            },
        };
        results.push(ServiceResult {
            availability,
            tolerable_seconds_a_week: downtime(availability).per_week,
            demand,
            deployment,
            light,
            model,
            cover,
            team,
            schedule: None,
        });
    }
    // A team with its own schedule covers its 99.0% services on it.
    let mut own_schedule = vec![0u32; teams.len()];
    for result in &results {
        if result.cover == Cover::Team {
            own_schedule[result.team] = 1;
        }
    }
    for result in &mut results {
        if result.cover == Cover::Domain && own_schedule[result.team] == 1 {
            result.cover = Cover::Team;
        }
    }
    let mut domains: Vec<String> = Vec::new();
    let mut domain_table = names::NameTable::new();
    let domain_of: Vec<usize> = results
        .iter()
        .map(|r| {
            let name = team_domains[r.team].unwrap_or(&teams[r.team]);
            names::index_in(&mut domain_table, &mut domains, name)
        })
        .collect();
    let schedules = schedules(&mut results, &teams, &domains, &domain_of);
    let mut counts = Counts::default();
    for result in &results {
        match result.model {
            OperatingModel::YouBuildItYouRunIt => counts.you_build_it_you_run_it += 1,
            OperatingModel::OpsRunIt => counts.ops_run_it += 1,
        }
        counts.by_cover[result.cover as usize] += 1;
        counts.by_light[result.light as usize] += 1;
    }
    let costs = costs(input, &results, &schedules, teams.len(), domains.len())?;
    Ok(Estate {
        services: results,
        teams,
        schedules,
        counts,
        costs,
    })
}

/// The schedules the covers need, each service pointed at its own.
fn schedules(
    results: &mut [ServiceResult],
    teams: &[String],
    domains: &[String],
    domain_of: &[usize],
) -> Vec<Schedule> {
    let mut schedules: Vec<Schedule> = Vec::new();
    for kind in [Cover::Team, Cover::Domain, Cover::Analyst] {
        // The schedule of each team or domain plus one, or 0 (the analyst's is entry 0's).
        let mut schedule_of = vec![0u32; teams.len().max(domains.len())];
        for (index, result) in results.iter_mut().enumerate() {
            if result.cover != kind {
                continue;
            }
            let (owner, name) = match kind {
                Cover::Team => (result.team, teams[result.team].as_str()),
                Cover::Domain => (domain_of[index], domains[domain_of[index]].as_str()),
                _ => (0, "Ops Run It"),
            };
            if schedule_of[owner] == 0 {
                schedules.push(Schedule {
                    kind,
                    name: String::from(name),
                    services: Vec::new(),
                });
                schedule_of[owner] = schedules.len() as u32;
            }
            let at = schedule_of[owner] as usize - 1;
            schedules[at].services.push(index);
            result.schedule = Some(at);
        }
    }
    schedules
}

fn costs<S>(
    input: &EstateInput<'_, S>,
    results: &[ServiceResult],
    schedules: &[Schedule],
    teams: usize,
    domains: usize,
) -> Result<EstateCosts, EstateError> {
    let levels: Vec<AvailabilityLevel> = results.iter().map(|r| r.availability).collect();
    let teams = u32::try_from(teams).unwrap_or(u32::MAX);
    let pay = input.pay;
    let run_cost_input = RunCostInput {
        services: ServiceCounts::from_levels(&levels),
        teams,
        domains: u32::try_from(domains)
            .unwrap_or(u32::MAX)
            .clamp(1, teams.max(1)),
        standby_rate_per_week: pay.standby_rate_per_week,
        callout_rate_per_hour: pay.callout_rate_per_hour,
        callout_hours_per_service_week: pay.callout_hours_per_service_week,
        payment: pay.payment,
        ops_analyst_rate_per_week: pay.ops_analyst_rate_per_week,
    };
    let whole = run_cost(&run_cost_input).map_err(EstateError::Pay)?;
    let count = |kind: Cover| schedules.iter().filter(|s| s.kind == kind).count() as u32;
    let covered = |kind: Cover| results.iter().filter(|r| r.cover == kind).count() as u64;
    let product = schedule_cost(
        &run_cost_input,
        count(Cover::Team) + count(Cover::Domain),
        pay.standby_rate_per_week,
        covered(Cover::Team) + covered(Cover::Domain),
    );
    let analyst = schedule_cost(
        &run_cost_input,
        count(Cover::Analyst),
        pay.ops_analyst_rate_per_week,
        covered(Cover::Analyst),
    );
    Ok(EstateCosts {
        selected: ScheduleCost {
            schedules: product.schedules + analyst.schedules,
            standby_per_year: product.standby_per_year + analyst.standby_per_year,
            callout_per_year: product.callout_per_year + analyst.callout_per_year,
            total_per_year: product.total_per_year + analyst.total_per_year,
        },
        every_team: whole.every_team,
        ops_run_it: whole.ops_analyst,
    })
}

/// The columns of the results file, in order.
pub const RESULT_COLUMNS: [&str; 13] = [
    "service",
    "domain",
    "team",
    "exposure_per_hour",
    "demand",
    "demand_level",
    "availability_target",
    "tolerable_unavailability_a_week",
    "deployment_target",
    "operating_model",
    "out_of_hours",
    "schedule",
    "light",
];

/// The cells of one service's row of the results file, in [`RESULT_COLUMNS`] order: its inputs
/// (exposure as a plain number, demand as a level name or the number typed), then its results.
pub fn result_cells(row: &csv::EstateRow, result: &ServiceResult, estate: &Estate) -> [String; 13] {
    let service = &row.service;
    let demand = match service.demand {
        DemandInput::Level(level) => level.name(),
        DemandInput::Requests(_) => row.demand_text.as_str(),
    };
    let schedule = result
        .schedule
        .map_or("", |at| estate.schedules[at].name.as_str());
    [
        String::from(service.name.as_str()),
        String::from(service.domain.as_deref().unwrap_or_default()),
        String::from(service.team.as_deref().unwrap_or_default()),
        crate::text::format_amount(service.exposure_per_hour).replace(',', ""),
        String::from(demand),
        String::from(result.demand.name()),
        result.availability.text(),
        crate::text::format_duration(result.tolerable_seconds_a_week),
        String::from(result.deployment.label()),
        String::from(result.model.label()),
        String::from(result.cover.name()),
        String::from(schedule),
        String::from(result.light.name()),
    ]
}

/// The results as CSV, one row per service with its inputs first, so the file reads back in as
/// an estate. Lines end with `\n`; a cell with a comma, quote, semicolon, tab or line break, or
/// with spaces at either end, is quoted, its quotes doubled.
pub fn results_csv(rows: &[csv::EstateRow], estate: &Estate) -> String {
    let mut out = RESULT_COLUMNS.join(",");
    out.push('\n');
    for (row, result) in rows.iter().zip(&estate.services) {
        for (i, cell) in result_cells(row, result, estate).iter().enumerate() {
            if i > 0 {
                out.push(',');
            }
            push_csv_cell(&mut out, cell);
        }
        out.push('\n');
    }
    out
}

/// Appends `cell`, in quotes when it needs them.
pub(crate) fn push_csv_cell(out: &mut String, cell: &str) {
    let needs_quotes = cell.contains([',', '"', '\n', '\r', ';', '\t'])
        || cell.starts_with(' ')
        || cell.ends_with(' ');
    if needs_quotes {
        out.push('"');
        out.push_str(&cell.replace('"', "\"\""));
        out.push('"');
    } else {
        out.push_str(cell);
    }
}

#[cfg(test)]
mod tests;
