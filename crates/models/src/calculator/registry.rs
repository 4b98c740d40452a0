//! Every calculator the pages can embed: its name (as written in markdown), title and fields.
//!
//! Most of this module is a table of data, [`CALCULATORS`], kept whole so that each calculator's
//! fields read in one place; the fields and choices several calculators share are in
//! [`super::shared_fields`]. The code is only the [`Calculator`] type and [`find`].

#[cfg(feature = "estate")]
use super::estate;
use super::fields::{Field, FieldKind, Values};
#[cfg(feature = "estate")]
use super::shared_fields::RETAILER_SERVICES;
use super::shared_fields::{
    ANALYST_RATE, BANDS, CALLOUT_HOURS, CALLOUT_RATE, CURRENCY, DEMAND, DEMAND_BANDS, EXPOSURE,
    EXTREME, LEVEL, PAYMENT_MODEL, STANDBY_RATE, field, setting,
};
use super::{Outcome, costs, decisions};

/// A calculator: what the reader fills in and the function that answers.
pub struct Calculator {
    /// The name an editor writes after `calculator` in a fenced block.
    pub name: &'static str,
    pub title: &'static str,
    pub fields: &'static [Field],
    pub(crate) run: fn(&Values<'_>, &mut Outcome),
}

impl std::fmt::Debug for Calculator {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.name)
    }
}

/// The calculator called `name`.
pub fn find(name: &str) -> Option<&'static Calculator> {
    CALCULATORS.iter().find(|c| c.name == name)
}

/// How many calculators this build has: the estate planner is a feature of its own.
#[cfg(feature = "estate")]
const COUNT: usize = 11;
#[cfg(not(feature = "estate"))]
const COUNT: usize = 10;

/// All calculators, in the order the README lists them.
pub static CALCULATORS: [Calculator; COUNT] = [
    Calculator {
        name: "selector",
        title: "Operating model selector",
        fields: &[
            EXPOSURE,
            field(
                "demand",
                "Product feature demand",
                FieldKind::Choice(DEMAND),
                "how often the business wants new features",
                "very-high",
            ),
            EXTREME,
            BANDS,
            CURRENCY,
        ],
        run: decisions::selector,
    },
    Calculator {
        name: "availability",
        title: "Availability and downtime",
        fields: &[field(
            "level",
            "Availability level",
            FieldKind::Level,
            "percent, between 0 and 100, such as 99.9",
            "99.9",
        )],
        run: decisions::availability,
    },
    Calculator {
        name: "availability-target",
        title: "Availability target from financial exposure",
        fields: &[EXPOSURE, EXTREME, BANDS, CURRENCY],
        run: decisions::availability_target,
    },
    Calculator {
        name: "deployment-target",
        title: "Deployment target from feature demand",
        fields: &[
            field(
                "demand",
                "Product feature demand",
                FieldKind::Choice(DEMAND),
                "how often the business wants new features",
                "high",
            ),
            field(
                "requests",
                "Feature requests a month",
                FieldKind::Number,
                "optional: when given, the demand bands decide the level",
                "",
            ),
            DEMAND_BANDS,
        ],
        run: decisions::deployment_target,
    },
    Calculator {
        name: "schedule",
        title: "Out-of-hours on-call schedule",
        fields: &[LEVEL],
        run: decisions::schedule,
    },
    Calculator {
        name: "loss-protection",
        title: "Financial loss protection",
        fields: &[
            EXPOSURE,
            LEVEL,
            field(
                "incident_minutes",
                "Incident duration",
                FieldKind::Number,
                "minutes, from failure to restoration",
                "30",
            ),
            field(
                "incident_loss",
                "Loss in the incident",
                FieldKind::Amount,
                "optional: estimated from the exposure when empty",
                "100000",
            ),
            CURRENCY,
        ],
        run: costs::loss_protection,
    },
    Calculator {
        name: "incident-response",
        title: "In-incident response",
        fields: &[
            field(
                "loss",
                "Estimated incident loss",
                FieldKind::Amount,
                "revenue and costs lost so far and expected until restoration",
                "100000",
            ),
            setting(
                "high",
                "High loss threshold",
                FieldKind::Amount,
                "losses of this or more are major incidents",
                "",
            ),
            setting(
                "medium",
                "Medium loss threshold",
                FieldKind::Amount,
                "losses of this or more, under the high threshold, wait for the next working day",
                "",
            ),
            CURRENCY,
        ],
        run: costs::incident_response,
    },
    Calculator {
        name: "run-cost",
        title: "On-call run cost",
        fields: &[
            field(
                "services_95",
                "Services at 95.0%",
                FieldKind::Count,
                "a whole number",
                "2",
            ),
            field(
                "services_99",
                "Services at 99.0%",
                FieldKind::Count,
                "a whole number",
                "4",
            ),
            field(
                "services_999",
                "Services at 99.9%",
                FieldKind::Count,
                "a whole number",
                "3",
            ),
            field(
                "services_9999",
                "Services at 99.99%",
                FieldKind::Count,
                "a whole number",
                "0",
            ),
            field(
                "teams",
                "Product teams",
                FieldKind::Count,
                "a whole number of at least 1",
                "10",
            ),
            field(
                "domains",
                "Domains",
                FieldKind::Count,
                "groups of sibling teams, 1 to the number of teams",
                "4",
            ),
            STANDBY_RATE,
            CALLOUT_RATE,
            CALLOUT_HOURS,
            PAYMENT_MODEL,
            ANALYST_RATE,
            CURRENCY,
        ],
        run: costs::run_cost,
    },
    Calculator {
        name: "lead-time",
        title: "Change lead time",
        fields: &[
            field(
                "cab_interval_days",
                "Change advisory board meets every",
                FieldKind::Number,
                "days, 1 to 365",
                "7",
            ),
            field(
                "window_interval_days",
                "Deployment window opens every",
                FieldKind::Number,
                "days, 1 to 365",
                "14",
            ),
            field(
                "handoff_hours",
                "Handoff to operations",
                FieldKind::Number,
                "hours",
                "24",
            ),
            field(
                "standard_change_percent",
                "Standard changes",
                FieldKind::Percent,
                "percent of changes pre-approved, 0 to 100",
                "80",
            ),
            field(
                "pipeline_minutes",
                "Deployment pipeline",
                FieldKind::Number,
                "minutes, 1 to 1,440",
                "30",
            ),
        ],
        run: costs::lead_time,
    },
    Calculator {
        name: "relative-costs",
        title: "Relative costs of the two operating models",
        fields: &[],
        run: costs::relative_costs,
    },
    #[cfg(feature = "estate")]
    Calculator {
        name: "estate",
        title: "Operating models for a whole estate",
        fields: &[
            field(
                "services",
                "Services",
                FieldKind::Text,
                "CSV with a header row: service, exposure_per_hour, demand (low, medium, high, very high or feature requests a month), and optionally domain and team",
                RETAILER_SERVICES,
            ),
            STANDBY_RATE,
            CALLOUT_RATE,
            CALLOUT_HOURS,
            PAYMENT_MODEL,
            ANALYST_RATE,
            BANDS,
            DEMAND_BANDS,
            CURRENCY,
        ],
        run: estate::estate_calculator,
    },
];
