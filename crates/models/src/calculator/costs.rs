//! The cost calculators: loss protection, in-incident response, on-call run cost, change lead
//! time and the relative costs of the two operating models.

use crate::text::{format_duration, format_whole_percent, push_u64};
use crate::{
    IncidentThresholds, Input, LeadTimeInput, LossProtectionInput, ModelLeadTime, PaymentModel,
    RELATIVE_COSTS, RunCost, RunCostInput, RunCostPoint, ScheduleCost, ServiceCounts,
};

use super::Outcome;
use super::chart;
use super::decisions::push_money;
use super::fields::{Values, capitalised};

fn money(currency: &str, amount: f64) -> String {
    let mut text = String::new();
    push_money(&mut text, currency, amount);
    text
}

fn count_text(count: u64, one: &str, many: &str) -> String {
    let mut text = String::new();
    push_u64(&mut text, count);
    text.push(' ');
    text.push_str(if count == 1 { one } else { many });
    text
}

pub fn loss_protection(values: &Values<'_>, out: &mut Outcome) {
    let exposure = values.amount(Input::Exposure, out);
    let level = values.level(Input::AvailabilityTarget, out);
    let minutes = values.number(Input::IncidentMinutes, out);
    let loss = values.optional_amount(Input::IncidentLoss, out);
    let (Some(exposure_per_hour), Some(availability), Some(incident_minutes), Some(incident_loss)) =
        (exposure, level, minutes, loss)
    else {
        return;
    };
    let input = LossProtectionInput {
        exposure_per_hour,
        availability,
        incident_minutes,
        incident_loss,
    };
    let result = match crate::loss_protection(&input) {
        Ok(result) => result,
        Err(error) => {
            values.refuse(error, out);
            return;
        }
    };
    out.record(&result);
    let currency = values.currency();
    out.set("tolerable", format_duration(result.tolerable_seconds));
    out.set("projected", money(currency, result.projected_loss));
    out.set("incident_loss", money(currency, result.incident_loss));
    out.set("protected", money(currency, result.protected_loss));
    out.set("percent", format_whole_percent(result.protected_percent));
    out.set(
        "within",
        if result.within_tolerable_unavailability {
            "Yes: the incident was shorter than the unavailability the target tolerates in a week."
        } else {
            "No: the incident lasted longer than the unavailability the target tolerates in a week."
        },
    );
}

pub fn incident_response(values: &Values<'_>, out: &mut Outcome) {
    let loss = values.amount(Input::EstimatedLoss, out);
    let high = values.amount(Input::HighThreshold, out);
    let medium = values.amount(Input::MediumThreshold, out);
    let (Some(loss), Some(high), Some(medium)) = (loss, high, medium) else {
        return;
    };
    let thresholds = match IncidentThresholds::new(high, medium) {
        Ok(thresholds) => thresholds,
        Err(error) => {
            values.refuse(error, out);
            return;
        }
    };
    match crate::incident_response(thresholds, loss) {
        Ok(response) => {
            out.record(&response);
            out.set("band", capitalised(response.band.name()));
            out.set(
                "type",
                match response.incident_type {
                    crate::IncidentType::Major => "Major incident",
                    crate::IncidentType::Minor => "Minor incident",
                },
            );
            out.set("method", capitalised(response.method.label()));
        }
        Err(error) => values.refuse(error, out),
    }
}

pub fn run_cost(values: &Values<'_>, out: &mut Outcome) {
    let Some(input) = run_cost_input(values, out) else {
        return;
    };
    let result = crate::run_cost(&input).and_then(|r| Ok((r, crate::run_cost_series(&input)?)));
    match result {
        Ok((result, series)) => {
            out.record(&result);
            show_run_cost(values, &result, &series, input.teams, out);
        }
        Err(error) => values.refuse(error, out),
    }
}

/// The run cost model's input from the fields, or `None` once the outcome has their mistakes.
fn run_cost_input(values: &Values<'_>, out: &mut Outcome) -> Option<RunCostInput> {
    let counts = [
        values.count(Input::Services95, out),
        values.count(Input::Services99, out),
        values.count(Input::Services999, out),
        values.count(Input::Services9999, out),
    ];
    let teams = values.count(Input::Teams, out);
    let domains = values.count(Input::Domains, out);
    let standby = values.amount(Input::StandbyRate, out);
    let callout = values.amount(Input::CalloutRate, out);
    let hours = values.number(Input::CalloutHours, out);
    let payment = values.choice(Input::Payment, out);
    let analyst = values.amount(Input::AnalystRate, out);
    let ([Some(at_95_0), Some(at_99_0), Some(at_99_9), Some(at_99_99)], Some(teams), Some(domains)) =
        (counts, teams, domains)
    else {
        return None;
    };
    Some(RunCostInput {
        services: ServiceCounts {
            at_95_0,
            at_99_0,
            at_99_9,
            at_99_99,
        },
        teams,
        domains,
        standby_rate_per_week: standby?,
        callout_rate_per_hour: callout?,
        callout_hours_per_service_week: hours?,
        payment: payment_model(payment?),
        ops_analyst_rate_per_week: analyst?,
    })
}

/// The payment model a `payment` choice names: the choices are the models' own names.
pub(super) fn payment_model(choice: &str) -> PaymentModel {
    PaymentModel::ALL
        .into_iter()
        .find(|payment| payment.name() == choice)
        .unwrap_or(PaymentModel::StandbyAndCallout)
}

/// The yearly cost of each way of covering the services, with its schedules, and the chart
/// of cost against teams.
fn show_run_cost(
    values: &Values<'_>,
    result: &RunCost,
    series: &[RunCostPoint],
    teams: u32,
    out: &mut Outcome,
) {
    let currency = values.currency();
    let schedules =
        |cost: &ScheduleCost| count_text(u64::from(cost.schedules), "schedule", "schedules");
    out.set(
        "every_team",
        money(currency, result.every_team.total_per_year),
    );
    out.set("every_team_schedules", schedules(&result.every_team));
    out.set(
        "by_target",
        money(currency, result.by_target.total_per_year),
    );
    let mut detail = schedules(&result.by_target);
    detail.push_str(": ");
    detail.push_str(&count_text(
        u64::from(result.team_schedules),
        "team",
        "team",
    ));
    detail.push_str(", ");
    detail.push_str(&count_text(
        u64::from(result.domain_schedules),
        "domain",
        "domain",
    ));
    out.set("by_target_schedules", detail);
    out.set("ops", money(currency, result.ops_analyst.total_per_year));
    out.set("ops_schedules", schedules(&result.ops_analyst));
    chart::run_cost(series, teams, currency, out);
}

pub fn lead_time(values: &Values<'_>, out: &mut Outcome) {
    let cab = values.number(Input::CabInterval, out);
    let window = values.number(Input::WindowInterval, out);
    let handoff = values.number(Input::Handoff, out);
    let standard = values.percent(Input::StandardChanges, out);
    let pipeline = values.number(Input::Pipeline, out);
    let (Some(cab), Some(window), Some(handoff), Some(standard), Some(pipeline)) =
        (cab, window, handoff, standard, pipeline)
    else {
        return;
    };
    let input = LeadTimeInput {
        cab_interval_days: cab,
        deployment_window_interval_days: window,
        handoff_hours: handoff,
        standard_change_percent: standard,
        pipeline_minutes: pipeline,
    };
    let result = match crate::lead_time(&input) {
        Ok(result) => result,
        Err(error) => {
            values.refuse(error, out);
            return;
        }
    };
    out.record(&result);
    set_lead_time(
        out,
        ["ops_expected", "ops_worst", "ops_deployments"],
        &result.ops_run_it,
    );
    set_lead_time(
        out,
        ["ybr_expected", "ybr_worst", "ybr_deployments"],
        &result.you_build_it_you_run_it,
    );
}

fn set_lead_time(out: &mut Outcome, keys: [&'static str; 3], lead: &ModelLeadTime) {
    out.set(keys[0], format_duration(lead.expected_seconds));
    out.set(keys[1], format_duration(lead.worst_case_seconds));
    out.set(keys[2], crate::text::format_amount(lead.deployments_a_year));
}

pub fn relative_costs(_: &Values<'_>, out: &mut Outcome) {
    out.record(&RELATIVE_COSTS);
    const KEYS: [[&str; 3]; 5] = [
        ["setup", "setup_ybr", "setup_ops"],
        ["transition", "transition_ybr", "transition_ops"],
        ["run", "run_ybr", "run_ops"],
        ["incident", "incident_ybr", "incident_ops"],
        ["opportunity", "opportunity_ybr", "opportunity_ops"],
    ];
    for (cost, keys) in RELATIVE_COSTS.iter().zip(KEYS) {
        out.set(keys[0], cost.comparison().label());
        out.set(keys[1], chart::bar_width(cost.you_build_it_you_run_it));
        out.set(keys[2], chart::bar_width(cost.ops_run_it));
    }
}
