//! Every calculator the pages can embed: its name (as written in markdown), title and fields.
//!
//! Most of this module is a table of data, [`CALCULATORS`] with the fields and choices its
//! calculators share, kept whole so that each calculator's fields read in one place; the code
//! is only the [`Calculator`] type, [`find`] and the two constructors of a field.

#[cfg(feature = "estate")]
use super::estate;
use super::fields::{Choice, Field, FieldKind, Values};
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

/// A field the reader fills in.
const fn field(
    key: &'static str,
    label: &'static str,
    kind: FieldKind,
    hint: &'static str,
    default: &'static str,
) -> Field {
    Field {
        key,
        label,
        kind,
        hint,
        default,
        setting: false,
    }
}

/// A field that is an organisation setting, such as bands or the currency.
const fn setting(
    key: &'static str,
    label: &'static str,
    kind: FieldKind,
    hint: &'static str,
    default: &'static str,
) -> Field {
    Field {
        setting: true,
        ..field(key, label, kind, hint, default)
    }
}

const YES_NO: &[Choice] = &[
    Choice {
        value: "no",
        label: "No",
    },
    Choice {
        value: "yes",
        label: "Yes",
    },
];

const DEMAND: &[Choice] = &[
    Choice {
        value: "low",
        label: "Low",
    },
    Choice {
        value: "medium",
        label: "Medium",
    },
    Choice {
        value: "high",
        label: "High",
    },
    Choice {
        value: "very-high",
        label: "Very high",
    },
];

const PAYMENT: &[Choice] = &[
    Choice {
        value: "standby-and-callout",
        label: "Standby and callout",
    },
    Choice {
        value: "standby-only",
        label: "Standby only",
    },
    Choice {
        value: "callout-only",
        label: "Callout only",
    },
];

const EXPOSURE: Field = field(
    "exposure",
    "Financial exposure",
    FieldKind::Amount,
    "the most the service could lose in one hour of unavailability: revenue and costs",
    "200000",
);
const EXTREME: Field = field(
    "extreme",
    "Genuine need for extreme reliability",
    FieldKind::Choice(YES_NO),
    "yes only where lives or the whole business depend on it: 99.99%",
    "no",
);
const BANDS: Field = setting(
    "bands",
    "Exposure bands",
    FieldKind::Bands,
    "up to an exposure per hour = availability %, lowest first",
    "",
);
const DEMAND_BANDS: Field = setting(
    "demand_bands",
    "Demand bands",
    FieldKind::Bands,
    "up to feature requests a month = demand level, lowest first",
    "",
);
const CURRENCY: Field = setting(
    "currency",
    "Currency symbol",
    FieldKind::Text,
    "shown before amounts",
    "$",
);
const LEVEL: Field = field(
    "level",
    "Availability target",
    FieldKind::Level,
    "percent, between 0 and 100, such as 99.9",
    "99.0",
);

const STANDBY_RATE: Field = field(
    "standby_rate",
    "Standby pay",
    FieldKind::Amount,
    "per person on call, per week",
    "500",
);
const CALLOUT_RATE: Field = field(
    "callout_rate",
    "Callout pay",
    FieldKind::Amount,
    "per hour called out",
    "50",
);
const CALLOUT_HOURS: Field = field(
    "callout_hours",
    "Callout hours",
    FieldKind::Number,
    "expected hours a week for each service on a schedule",
    "2",
);
const PAYMENT_MODEL: Field = field(
    "payment",
    "Payment model",
    FieldKind::Choice(PAYMENT),
    "how people on call are paid",
    "standby-and-callout",
);
const ANALYST_RATE: Field = field(
    "analyst_rate",
    "Ops Run It analyst standby",
    FieldKind::Amount,
    "per week, possibly an outsourced rate",
    "400",
);
/// The furniture retailer's four services: the estate calculator's starting table.
#[cfg(feature = "estate")]
const RETAILER_SERVICES: &str = "service,exposure_per_hour,demand
Assembly Booking,6000,high
Bedroom,200000,very high
Checkout,810000,high
Order Management,100000,low";

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
