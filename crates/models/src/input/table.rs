//! The table of every input: key, label, kind, hint, example and bounds. Data only, kept whole
//! so that each input reads in one place; calculators list inputs, and models check them here.

use super::choices::{DEMAND, PAYMENT, TARGETS, YES_NO};
use super::{Bounds, Spec};
use crate::availability::SECONDS_A_WEEK;
use crate::calculator::{Choice, FieldKind};
use crate::lead_time::DAYS_A_YEAR;
use crate::run_cost::OUT_OF_HOURS_A_WEEK;

const fn input(
    key: &'static str,
    label: &'static str,
    kind: FieldKind,
    hint: &'static str,
    example: &'static str,
    bounds: Bounds,
) -> Spec {
    Spec {
        key,
        label,
        kind,
        hint,
        example,
        bounds,
        setting: false,
    }
}

const fn setting(spec: Spec) -> Spec {
    Spec {
        setting: true,
        ..spec
    }
}

const fn amount(
    key: &'static str,
    label: &'static str,
    hint: &'static str,
    example: &'static str,
) -> Spec {
    input(key, label, FieldKind::Amount, hint, example, Bounds::AMOUNT)
}

const fn count(key: &'static str, label: &'static str, hint: &'static str, bounds: Bounds) -> Spec {
    input(key, label, FieldKind::Count, hint, "10", bounds)
}

const fn choice(
    key: &'static str,
    label: &'static str,
    choices: &'static [Choice],
    hint: &'static str,
    names: &'static str,
) -> Spec {
    input(
        key,
        label,
        FieldKind::Choice(choices),
        hint,
        names,
        Bounds::NONE,
    )
}

const fn bands(
    key: &'static str,
    label: &'static str,
    hint: &'static str,
    example: &'static str,
) -> Spec {
    setting(input(
        key,
        label,
        FieldKind::Bands,
        hint,
        example,
        Bounds::NONE,
    ))
}

const SERVICES_AT_A_LEVEL: Bounds = Bounds::up_to(1e6, "1,000,000");
const TEAMS: Bounds = Bounds::between((1.0, "1"), (10_000.0, "10,000"));
const DAYS: Bounds = Bounds::between((1.0, "1"), (DAYS_A_YEAR, "365"));
const LEVEL_HINT: &str = "percent, above 0 and below 100, such as 99.9";

inputs! {
    Exposure => amount(
        "exposure",
        "Financial exposure",
        "the most the service could lose in one hour of unavailability: revenue and costs",
        "200000",
    ),
    Extreme => choice(
        "extreme",
        "Genuine need for extreme reliability",
        YES_NO,
        "yes only where lives or the whole business depend on it: 99.99%",
        "no, yes",
    ),
    ExposureBands => bands(
        "bands",
        "Exposure bands",
        "up to an exposure per hour = availability %, lowest first",
        "7000 = 95.0, 250000 = 99.0",
    ),
    Demand => choice(
        "demand",
        "Product feature demand",
        DEMAND,
        "how often the business wants new features",
        "low, medium, high, very high",
    ),
    FeatureRequests => input(
        "requests",
        "Feature requests a month",
        FieldKind::Number,
        "optional: when given, the demand bands decide the level",
        "5",
        Bounds::up_to(1e9, "1,000,000,000"),
    ),
    DemandBands => bands(
        "demand_bands",
        "Demand bands",
        "up to feature requests a month = demand level, lowest first",
        "1 = low, 2 = medium",
    ),
    DeploymentTarget => choice(
        "deployment",
        "Deployment target",
        TARGETS,
        "how often the service must be deployed",
        "monthly, fortnightly, weekly, daily or more",
    ),
    Currency => setting(input(
        "currency",
        "Currency symbol",
        FieldKind::Text,
        "shown before amounts",
        "$",
        Bounds::NONE,
    )),
    AvailabilityLevel => input(
        "level",
        "Availability level",
        FieldKind::Level,
        LEVEL_HINT,
        "99.9",
        Bounds::NONE,
    ),
    AvailabilityTarget => input(
        "level",
        "Availability target",
        FieldKind::Level,
        LEVEL_HINT,
        "99.9",
        Bounds::NONE,
    ),
    WeeklyDowntime => input(
        "downtime",
        "Downtime a week",
        FieldKind::Number,
        "seconds of unavailability a week",
        "600",
        Bounds::up_to(SECONDS_A_WEEK, "604,800 seconds (a week)"),
    ),
    IncidentMinutes => input(
        "incident_minutes",
        "Incident duration",
        FieldKind::Number,
        "minutes, from failure to restoration",
        "30",
        Bounds::up_to(SECONDS_A_WEEK / 60.0, "10,080 minutes (a week)"),
    ),
    IncidentLoss => amount(
        "incident_loss",
        "Loss in the incident",
        "optional: estimated from the exposure when empty",
        "100000",
    ),
    EstimatedLoss => amount(
        "loss",
        "Estimated incident loss",
        "revenue and costs lost so far and expected until restoration",
        "100000",
    ),
    HighThreshold => setting(amount(
        "high",
        "High loss threshold",
        "losses of this or more are major incidents",
        "50000",
    )),
    MediumThreshold => setting(amount(
        "medium",
        "Medium loss threshold",
        "losses of this or more, under the high threshold, wait for the next working day",
        "5000",
    )),
    Services95 => count(
        "services_95",
        "Services at 95.0%",
        "a whole number",
        SERVICES_AT_A_LEVEL,
    ),
    Services99 => count(
        "services_99",
        "Services at 99.0%",
        "a whole number",
        SERVICES_AT_A_LEVEL,
    ),
    Services999 => count(
        "services_999",
        "Services at 99.9%",
        "a whole number",
        SERVICES_AT_A_LEVEL,
    ),
    Services9999 => count(
        "services_9999",
        "Services at 99.99%",
        "a whole number",
        SERVICES_AT_A_LEVEL,
    ),
    Teams => count("teams", "Product teams", "a whole number", TEAMS),
    Domains => count(
        "domains",
        "Domains",
        "groups of sibling teams, at most the number of teams",
        TEAMS,
    ),
    StandbyRate => amount(
        "standby_rate",
        "Standby pay",
        "per person on call, per week",
        "500",
    ),
    CalloutRate => amount("callout_rate", "Callout pay", "per hour called out", "50"),
    CalloutHours => input(
        "callout_hours",
        "Callout hours",
        FieldKind::Number,
        "expected hours a week for each service on a schedule",
        "2",
        Bounds::up_to(OUT_OF_HOURS_A_WEEK, "128, the out-of-hours hours of a week"),
    ),
    Payment => choice(
        "payment",
        "Payment model",
        PAYMENT,
        "how people on call are paid",
        "standby and callout, standby only",
    ),
    AnalystRate => amount(
        "analyst_rate",
        "Ops Run It analyst standby",
        "per week, possibly an outsourced rate",
        "400",
    ),
    CabInterval => input(
        "cab_interval_days",
        "Change advisory board interval",
        FieldKind::Number,
        "days between meetings",
        "7",
        DAYS,
    ),
    WindowInterval => input(
        "window_interval_days",
        "Deployment window interval",
        FieldKind::Number,
        "days between windows",
        "14",
        DAYS,
    ),
    Handoff => input(
        "handoff_hours",
        "Handoff to operations",
        FieldKind::Number,
        "hours",
        "24",
        Bounds::up_to(720.0, "720 hours (30 days)"),
    ),
    StandardChanges => input(
        "standard_change_percent",
        "Standard changes",
        FieldKind::Percent,
        "percent of changes pre-approved",
        "80",
        Bounds::PERCENT,
    ),
    Pipeline => input(
        "pipeline_minutes",
        "Deployment pipeline",
        FieldKind::Number,
        "minutes",
        "30",
        Bounds::between((1.0, "1"), (1440.0, "1,440 minutes (a day)")),
    ),
    EstateServices => input(
        "services",
        "Services",
        FieldKind::Table,
        "CSV with a header row: service, exposure_per_hour, demand (low, medium, high, very high or feature requests a month), and optionally domain and team",
        "Checkout,810000,high",
        Bounds::NONE,
    ),
}
