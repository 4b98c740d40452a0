//! Assessing an estate: each service through the playbook's models on its own, then what the
//! rest of the estate decides for it (its team's cover and schedule), and the counts.

use crate::availability::downtime;
use crate::{
    AvailabilityLevel, AvailabilityTier, Demand, DemandBands, DeploymentTarget, ExposureBands,
    ModelError, OperatingModel, availability_target, demand_for_requests, deployment_target,
};

use super::costs::costs;
use super::{
    Counts, Cover, DemandInput, Estate, EstateError, EstateInput, Light, Schedule, Service,
    ServiceResult, csv, light, model_for, names,
};

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
        model_for(availability, deployment),
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
    let mut teams = Teams::new();
    let mut results = Vec::with_capacity(services.len());
    for (index, service) in services.iter().map(AsRef::as_ref).enumerate() {
        let (availability, demand, deployment, light, model) =
            assess(service, input.exposure_bands, input.demand_bands)
                .map_err(|error| EstateError::Service { index, error })?;
        results.push(ServiceResult {
            availability,
            tolerable_seconds_a_week: downtime(availability).per_week,
            demand,
            deployment,
            light,
            model,
            cover: cover_for(model, availability),
            team: teams.join(service),
            schedule: None,
        });
    }
    cover_on_own_schedules(&mut results, teams.names.len());
    let (domains, domain_of) = teams.domains(&results);
    let schedules = schedules(&mut results, &teams.names, &domains, &domain_of);
    let counts = Counts::of(&results);
    let costs = costs(
        input,
        &results,
        &schedules,
        teams.names.len(),
        domains.len(),
    )?;
    Ok(Estate {
        services: results,
        teams: teams.names,
        schedules,
        counts,
        costs,
    })
}

/// The cover the schedule model gives a service of `model` and `availability` on its own.
fn cover_for(model: OperatingModel, availability: AvailabilityLevel) -> Cover {
    match model {
        OperatingModel::OpsRunIt => Cover::Analyst,
        OperatingModel::YouBuildItYouRunIt => match availability.tier() {
            AvailabilityTier::Percent95_0 => Cover::None,
            AvailabilityTier::Percent99_0 => Cover::Domain,
            _ => Cover::Team,
        },
    }
}

/// A team with its own schedule covers its 99.0% services on it.
fn cover_on_own_schedules(results: &mut [ServiceResult], teams: usize) {
    let mut own_schedule = vec![0u32; teams];
    for result in results.iter() {
        if result.cover == Cover::Team {
            own_schedule[result.team] = 1;
        }
    }
    for result in results {
        if result.cover == Cover::Domain && own_schedule[result.team] == 1 {
            result.cover = Cover::Team;
        }
    }
}

/// The estate's teams as its services name them: a service without a team is its own team.
struct Teams<'a> {
    names: Vec<String>,
    table: names::NameTable,
    /// A team's domain is the first one its services name.
    domains: Vec<Option<&'a str>>,
}

impl<'a> Teams<'a> {
    fn new() -> Self {
        Self {
            names: Vec::new(),
            table: names::NameTable::new(),
            domains: Vec::new(),
        }
    }

    /// The index of `service`'s team, which joins the teams when new and takes the service's
    /// domain when it has none yet.
    fn join(&mut self, service: &'a Service) -> usize {
        let team_name = service.team.as_deref().unwrap_or(&service.name);
        let team = names::index_in(&mut self.table, &mut self.names, team_name);
        if team == self.domains.len() {
            self.domains.push(None);
        }
        if self.domains[team].is_none() {
            self.domains[team] = service.domain.as_deref();
        }
        team
    }

    /// The estate's domains, and the index of each service's: its team's domain or, for a team
    /// whose services name none, a domain named after the team.
    fn domains(&self, results: &[ServiceResult]) -> (Vec<String>, Vec<usize>) {
        let mut domains: Vec<String> = Vec::new();
        let mut domain_table = names::NameTable::new();
        let domain_of: Vec<usize> = results
            .iter()
            .map(|r| {
                let name = self.domains[r.team].unwrap_or(&self.names[r.team]);
                names::index_in(&mut domain_table, &mut domains, name)
            })
            .collect();
        (domains, domain_of)
    }
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

impl Counts {
    /// How many of `results` have each operating model, cover and light.
    fn of(results: &[ServiceResult]) -> Self {
        let mut counts = Counts::default();
        for result in results {
            match result.model {
                OperatingModel::YouBuildItYouRunIt => counts.you_build_it_you_run_it += 1,
                OperatingModel::OpsRunIt => counts.ops_run_it += 1,
            }
            counts.by_cover[result.cover as usize] += 1;
            counts.by_light[result.light as usize] += 1;
        }
        counts
    }
}
