//! Every calculator the pages can embed: its name (as written in markdown), title and fields.
//!
//! Most of this module is a table of data, [`CALCULATORS`], kept whole so that each calculator's
//! fields read in one place; the fields and choices several calculators share are in
//! [`super::shared_fields`]. The code is only the [`Calculator`] type and [`find`].

#[cfg(feature = "estate")]
use super::estate;
use super::fields::{Field, Values};
#[cfg(feature = "estate")]
use super::shared_fields::RETAILER_SERVICES;
use super::shared_fields::{
    ANALYST_RATE, BANDS, CALLOUT_HOURS, CALLOUT_RATE, CURRENCY, DEMAND_BANDS, EXPOSURE, EXTREME,
    LEVEL, PAYMENT_MODEL, STANDBY_RATE,
};
use super::{Outcome, costs, decisions};
use crate::Input;

/// A calculator: what the reader fills in and the function that answers.
pub struct Calculator {
    /// The name an editor writes after `calculator` in a fenced block.
    pub name: &'static str,
    pub title: &'static str,
    pub fields: &'static [Field],
    /// The results worth a line of their own on the command line, with their labels (the
    /// page's templates place every result themselves).
    pub outputs: &'static [Output],
    pub(crate) run: fn(&Values<'_>, &mut Outcome),
}

/// A result of a calculator, by its key in the [`Outcome`], with its label.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Output {
    pub key: &'static str,
    pub label: &'static str,
}

impl Output {
    const fn new(key: &'static str, label: &'static str) -> Self {
        Self { key, label }
    }
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
            Field::new(Input::Demand, "very-high"),
            EXTREME,
            BANDS,
            CURRENCY,
        ],
        outputs: &[
            Output::new("model", "Operating model"),
            Output::new("kind", "Kind of service"),
            Output::new("level", "Availability target"),
            Output::new("week", "Tolerable unavailability a week"),
            Output::new("deployment", "Deployment target"),
            Output::new("schedule", "Out of hours"),
            Output::new("effort", "Implementation effort"),
            Output::new("basis", "Basis"),
            Output::new("reasons", "Reasons"),
            Output::new("warnings", "Warnings"),
        ],
        run: decisions::selector,
    },
    Calculator {
        name: "availability",
        title: "Availability and downtime",
        fields: &[Field::new(Input::AvailabilityLevel, "99.9")],
        outputs: &[
            Output::new("level", "Availability level"),
            Output::new("week", "Tolerable unavailability a week"),
            Output::new("month", "A 30-day month"),
            Output::new("year", "A 365-day year"),
        ],
        run: decisions::availability,
    },
    Calculator {
        name: "availability-target",
        title: "Availability target from financial exposure",
        fields: &[EXPOSURE, EXTREME, BANDS, CURRENCY],
        outputs: &[
            Output::new("level", "Availability target"),
            Output::new("week", "Tolerable unavailability a week"),
            Output::new("basis", "Basis"),
        ],
        run: decisions::availability_target,
    },
    Calculator {
        name: "deployment-target",
        title: "Deployment target from feature demand",
        fields: &[
            Field::new(Input::Demand, "high"),
            Field::new(Input::FeatureRequests, ""),
            DEMAND_BANDS,
        ],
        outputs: &[
            Output::new("target", "Deployment target"),
            Output::new("demand", "Product feature demand"),
            Output::new("basis", "Basis"),
        ],
        run: decisions::deployment_target,
    },
    Calculator {
        name: "schedule",
        title: "Out-of-hours on-call schedule",
        fields: &[LEVEL],
        outputs: &[
            Output::new("level", "Availability target"),
            Output::new("working_hours", "In working hours"),
            Output::new("out_of_hours", "Out of hours"),
        ],
        run: decisions::schedule,
    },
    Calculator {
        name: "loss-protection",
        title: "Financial loss protection",
        fields: &[
            EXPOSURE,
            LEVEL,
            Field::new(Input::IncidentMinutes, "30"),
            Field::new(Input::IncidentLoss, "100000"),
            CURRENCY,
        ],
        outputs: &[
            Output::new("protected", "Loss protected"),
            Output::new("percent", "Share of the projected loss protected"),
            Output::new("tolerable", "Tolerable unavailability a week"),
            Output::new("projected", "Projected loss over that time"),
            Output::new("incident_loss", "Loss in the incident"),
            Output::new("within", "Within the week's tolerable unavailability"),
        ],
        run: costs::loss_protection,
    },
    Calculator {
        name: "incident-response",
        title: "In-incident response",
        fields: &[
            Field::new(Input::EstimatedLoss, "100000"),
            Field::new(Input::HighThreshold, ""),
            Field::new(Input::MediumThreshold, ""),
            CURRENCY,
        ],
        outputs: &[
            Output::new("method", "Response"),
            Output::new("type", "Incident type"),
            Output::new("band", "Loss band"),
        ],
        run: costs::incident_response,
    },
    Calculator {
        name: "run-cost",
        title: "On-call run cost",
        fields: &[
            Field::new(Input::Services95, "2"),
            Field::new(Input::Services99, "4"),
            Field::new(Input::Services999, "3"),
            Field::new(Input::Services9999, "0"),
            Field::new(Input::Teams, "10"),
            Field::new(Input::Domains, "4"),
            STANDBY_RATE,
            CALLOUT_RATE,
            CALLOUT_HOURS,
            PAYMENT_MODEL,
            ANALYST_RATE,
            CURRENCY,
        ],
        outputs: &[
            Output::new("every_team", "Every team on its own schedule, a year"),
            Output::new("every_team_schedules", "Their schedules"),
            Output::new("by_target", "Schedules by availability target, a year"),
            Output::new("by_target_schedules", "Their schedules"),
            Output::new("ops", "Ops Run It's single analyst, a year"),
            Output::new("ops_schedules", "Their schedules"),
        ],
        run: costs::run_cost,
    },
    Calculator {
        name: "lead-time",
        title: "Change lead time",
        fields: &[
            Field::new(Input::CabInterval, "7"),
            Field::new(Input::WindowInterval, "14"),
            Field::new(Input::Handoff, "24"),
            Field::new(Input::StandardChanges, "80"),
            Field::new(Input::Pipeline, "30"),
        ],
        outputs: &[
            Output::new("ops_expected", "Ops Run It, expected"),
            Output::new("ops_worst", "Ops Run It, worst case"),
            Output::new("ops_deployments", "Ops Run It, deployments a year"),
            Output::new("ybr_expected", "You Build It You Run It, expected"),
            Output::new("ybr_worst", "You Build It You Run It, worst case"),
            Output::new(
                "ybr_deployments",
                "You Build It You Run It, deployments a year",
            ),
        ],
        run: costs::lead_time,
    },
    Calculator {
        name: "relative-costs",
        title: "Relative costs of the two operating models",
        fields: &[],
        outputs: &[
            Output::new("setup", "Setup cost"),
            Output::new("transition", "Transition cost"),
            Output::new("run", "Run cost"),
            Output::new("incident", "Incident cost"),
            Output::new("opportunity", "Opportunity cost"),
        ],
        run: costs::relative_costs,
    },
    #[cfg(feature = "estate")]
    Calculator {
        name: "estate",
        title: "Operating models for a whole estate",
        fields: &[
            Field::new(Input::EstateServices, RETAILER_SERVICES),
            STANDBY_RATE,
            CALLOUT_RATE,
            CALLOUT_HOURS,
            PAYMENT_MODEL,
            ANALYST_RATE,
            BANDS,
            DEMAND_BANDS,
            CURRENCY,
        ],
        outputs: &[
            Output::new("summary", "Estate"),
            Output::new("cost_selected", "Selected schedules, a year"),
            Output::new("cost_selected_detail", "Their schedules"),
            Output::new("cost_every", "Every team on call, a year"),
            Output::new("cost_every_detail", "Their schedules"),
            Output::new("cost_ops", "Ops Run It's analyst, a year"),
            Output::new("cost_ops_detail", "Their schedules"),
        ],
        run: estate::estate_calculator,
    },
];
