//! The choices of the inputs that take a name: their values are the models' own names (a
//! payment model's, a demand level's), their labels as a form shows them.

use crate::calculator::Choice;
use crate::{Demand, PaymentModel};

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
        value: Demand::Low.name(),
        label: "Low",
    },
    Choice {
        value: Demand::Medium.name(),
        label: "Medium",
    },
    Choice {
        value: Demand::High.name(),
        label: "High",
    },
    Choice {
        value: Demand::VeryHigh.name(),
        label: "Very high",
    },
];

pub(super) const PAYMENT: &[Choice] = &[
    Choice {
        value: PaymentModel::StandbyAndCallout.name(),
        label: "Standby and callout",
    },
    Choice {
        value: PaymentModel::StandbyOnly.name(),
        label: "Standby only",
    },
    Choice {
        value: PaymentModel::CalloutOnly.name(),
        label: "Callout only",
    },
];

pub(super) const TARGETS: &[Choice] = &[
    Choice {
        value: "monthly",
        label: "Monthly",
    },
    Choice {
        value: "fortnightly",
        label: "Fortnightly",
    },
    Choice {
        value: "weekly",
        label: "Weekly",
    },
    Choice {
        value: "daily-or-more",
        label: "Daily or more",
    },
];
