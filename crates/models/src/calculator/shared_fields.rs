//! The fields and choices several calculators share (exposure, demand, the organisation's bands,
//! pay), and the two constructors of a field: data for [`super::registry::CALCULATORS`].

use super::fields::{Choice, Field, FieldKind};

/// A field the reader fills in.
pub(super) const fn field(
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
pub(super) const fn setting(
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

pub(super) const YES_NO: &[Choice] = &[
    Choice {
        value: "no",
        label: "No",
    },
    Choice {
        value: "yes",
        label: "Yes",
    },
];

pub(super) const DEMAND: &[Choice] = &[
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

pub(super) const PAYMENT: &[Choice] = &[
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

pub(super) const EXPOSURE: Field = field(
    "exposure",
    "Financial exposure",
    FieldKind::Amount,
    "the most the service could lose in one hour of unavailability: revenue and costs",
    "200000",
);
pub(super) const EXTREME: Field = field(
    "extreme",
    "Genuine need for extreme reliability",
    FieldKind::Choice(YES_NO),
    "yes only where lives or the whole business depend on it: 99.99%",
    "no",
);
pub(super) const BANDS: Field = setting(
    "bands",
    "Exposure bands",
    FieldKind::Bands,
    "up to an exposure per hour = availability %, lowest first",
    "",
);
pub(super) const DEMAND_BANDS: Field = setting(
    "demand_bands",
    "Demand bands",
    FieldKind::Bands,
    "up to feature requests a month = demand level, lowest first",
    "",
);
pub(super) const CURRENCY: Field = setting(
    "currency",
    "Currency symbol",
    FieldKind::Text,
    "shown before amounts",
    "$",
);
pub(super) const LEVEL: Field = field(
    "level",
    "Availability target",
    FieldKind::Level,
    "percent, between 0 and 100, such as 99.9",
    "99.0",
);

pub(super) const STANDBY_RATE: Field = field(
    "standby_rate",
    "Standby pay",
    FieldKind::Amount,
    "per person on call, per week",
    "500",
);
pub(super) const CALLOUT_RATE: Field = field(
    "callout_rate",
    "Callout pay",
    FieldKind::Amount,
    "per hour called out",
    "50",
);
pub(super) const CALLOUT_HOURS: Field = field(
    "callout_hours",
    "Callout hours",
    FieldKind::Number,
    "expected hours a week for each service on a schedule",
    "2",
);
pub(super) const PAYMENT_MODEL: Field = field(
    "payment",
    "Payment model",
    FieldKind::Choice(PAYMENT),
    "how people on call are paid",
    "standby-and-callout",
);
pub(super) const ANALYST_RATE: Field = field(
    "analyst_rate",
    "Ops Run It analyst standby",
    FieldKind::Amount,
    "per week, possibly an outsourced rate",
    "400",
);
/// The furniture retailer's four services: the estate calculator's starting table.
#[cfg(feature = "estate")]
pub(super) const RETAILER_SERVICES: &str = "service,exposure_per_hour,demand
Assembly Booking,6000,high
Bedroom,200000,very high
Checkout,810000,high
Order Management,100000,low";
