//! The decision calculators: availability and downtime, availability target, deployment target,
//! the operating model selector and the out-of-hours schedule.

use crate::text::format_amount;
use crate::{
    AvailabilityLevel, Bands, Demand, Input, TargetBasis, availability as downtime_model,
    demand_for_requests, on_call_schedule, select,
};

use super::Outcome;
use super::fields::{Values, read_level};

pub fn availability(values: &Values<'_>, out: &mut Outcome) {
    let Some(level) = values.level(Input::AvailabilityLevel, out) else {
        return;
    };
    let downtime = downtime_model::downtime(level);
    out.record(&downtime);
    out.set("level", level.text());
    out.set("week", downtime.per_week_text());
    out.set("month", downtime.per_month_text());
    out.set("year", downtime.per_year_text());
}

/// The organisation's exposure bands as typed in the page.
pub(super) fn exposure_bands(
    values: &Values<'_>,
    out: &mut Outcome,
) -> Option<Bands<AvailabilityLevel>> {
    let bands = values.bands(Input::ExposureBands, out, |text| {
        read_level(Input::ExposureBands, text).ok()
    })?;
    match Bands::new(Input::ExposureBands, bands) {
        Ok(bands) => Some(bands),
        Err(error) => {
            values.refuse(error, out);
            None
        }
    }
}

/// The availability target and its explanation; shared by two calculators.
fn target(values: &Values<'_>, out: &mut Outcome) -> Option<AvailabilityLevel> {
    let exposure = values.amount(Input::Exposure, out);
    let extreme = values.choice(Input::Extreme, out).map(|c| c == "yes");
    let bands = exposure_bands(values, out);
    let (exposure, extreme, bands) = (exposure?, extreme?, bands?);
    let target = match crate::availability_target(&bands, exposure, extreme) {
        Ok(target) => target,
        Err(error) => {
            values.refuse(error, out);
            return None;
        }
    };
    out.record(&target);
    let currency = values.currency();
    let mut basis = String::new();
    match target.basis {
        TargetBasis::Band(index) => {
            basis.push_str("An exposure of ");
            push_money(&mut basis, currency, exposure);
            basis.push_str(" an hour falls in the band up to ");
            push_money(&mut basis, currency, bands.bands()[index].up_to);
            basis.push('.');
        }
        TargetBasis::AboveTopBand => {
            basis.push_str("An exposure of ");
            push_money(&mut basis, currency, exposure);
            basis.push_str(" an hour is above the top band, so it takes the top band's level.");
        }
        TargetBasis::ExtremeReliability => {
            basis.push_str(
                "A genuine need for extreme reliability sets 99.99%, whatever the exposure.",
            );
        }
    }
    out.set("basis", basis);
    Some(target.level)
}

/// The organisation's demand bands as typed in the page.
pub(super) fn demand_bands(values: &Values<'_>, out: &mut Outcome) -> Option<Bands<Demand>> {
    let bands = values.bands(Input::DemandBands, out, |text| {
        Demand::ALL
            .into_iter()
            .find(|d| crate::text::names_match(text, d.name()))
    })?;
    match Bands::new(Input::DemandBands, bands) {
        Ok(bands) => Some(bands),
        Err(error) => {
            values.refuse(error, out);
            None
        }
    }
}

pub(super) fn push_money(text: &mut String, currency: &str, amount: f64) {
    text.push_str(currency);
    text.push_str(&format_amount(amount));
}

pub fn availability_target(values: &Values<'_>, out: &mut Outcome) {
    let Some(level) = target(values, out) else {
        return;
    };
    out.set("level", level.text());
    out.set("week", downtime_model::downtime(level).per_week_text());
}

pub fn deployment_target(values: &Values<'_>, out: &mut Outcome) {
    let requests_text = values.text(Input::FeatureRequests);
    // The bands are read even when no requests are given: a mistake in them is shown at once.
    let bands = demand_bands(values, out);
    let demand = if requests_text.is_empty() {
        let Some(name) = values.choice(Input::Demand, out) else {
            return;
        };
        out.set("basis", "From the demand level you chose.");
        Demand::ALL
            .into_iter()
            .find(|d| d.name() == name)
            .unwrap_or(Demand::Low)
    } else {
        let requests = values.number(Input::FeatureRequests, out);
        let (Some(requests), Some(bands)) = (requests, bands) else {
            return;
        };
        match demand_for_requests(&bands, requests) {
            Ok(demand) => {
                let mut basis = String::from("From ");
                basis.push_str(&format_amount(requests));
                basis.push_str(" feature requests a month and the demand bands.");
                out.set("basis", basis);
                demand
            }
            Err(error) => {
                values.refuse(error, out);
                return;
            }
        }
    };
    let target = crate::deployment_target(demand);
    out.record(&target);
    out.set("demand", demand.label());
    out.set("target", target.label());
}

pub fn selector(values: &Values<'_>, out: &mut Outcome) {
    let level = target(values, out);
    let demand = values.choice(Input::Demand, out);
    let (Some(level), Some(demand)) = (level, demand) else {
        return;
    };
    let demand = Demand::ALL
        .into_iter()
        .find(|d| d.name() == demand)
        .unwrap_or(Demand::Low);
    let deployment = crate::deployment_target(demand);
    let selection = select(level, deployment);
    out.record(&selection);
    out.set("level", level.text());
    out.set("week", downtime_model::downtime(level).per_week_text());
    out.set("deployment", deployment.label());
    out.set("model", selection.cell.model.label());
    out.set("kind", selection.cell.kind.label());
    let mut effort = String::new();
    crate::text::push_u64(&mut effort, u64::from(selection.cell.effort));
    effort.push_str(" of ");
    crate::text::push_u64(&mut effort, u64::from(crate::selector::MAX_EFFORT));
    out.set("effort", effort);
    out.set("reasons", selection.reasons.join("|"));
    let warnings: Vec<&str> = selection.warnings.iter().map(|w| w.message()).collect();
    out.set("warnings", warnings.join("|"));
    out.set("schedule", on_call_schedule(level).out_of_hours.label());
    let mut cell = String::new();
    crate::text::push_u64(&mut cell, selection.cell_index as u64);
    out.set("cell", cell);
}

pub fn schedule(values: &Values<'_>, out: &mut Outcome) {
    let Some(level) = values.level(Input::AvailabilityTarget, out) else {
        return;
    };
    let schedule = on_call_schedule(level);
    out.record(&schedule);
    out.set("level", level.text());
    out.set("working_hours", schedule.working_hours.label());
    out.set("out_of_hours", schedule.out_of_hours.label());
}
