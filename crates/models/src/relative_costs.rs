//! Relative costs: the playbook's view of an operating model as insurance for business
//! outcomes, paid for with a multi-cost premium. You Build It You Run It against Ops Run It:
//! setup higher, transition lower, run about equal, incident lower, opportunity much lower.
//!
//! The scores are ordinal estimates from experience, 1 (low) to 5 (high), for drawing the two
//! models side by side; they are not money. The comparison words follow from the scores: a
//! difference of one is higher or lower, of two or more much higher or much lower.

use crate::OperatingModel;

/// One cost of an operating model.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
#[cfg_attr(feature = "serde", serde(rename_all = "kebab-case"))]
pub enum CostKind {
    Setup,
    Transition,
    Run,
    Incident,
    Opportunity,
}

impl CostKind {
    /// The kebab-case name scripts use.
    pub fn name(self) -> &'static str {
        match self {
            Self::Setup => "setup",
            Self::Transition => "transition",
            Self::Run => "run",
            Self::Incident => "incident",
            Self::Opportunity => "opportunity",
        }
    }
}

/// How You Build It You Run It's cost compares with Ops Run It's.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
#[cfg_attr(feature = "serde", serde(rename_all = "kebab-case"))]
pub enum Comparison {
    MuchHigher,
    Higher,
    AboutEqual,
    Lower,
    MuchLower,
}

impl Comparison {
    /// The comparison in plain words: "much lower".
    pub fn label(self) -> &'static str {
        match self {
            Self::MuchHigher => "much higher",
            Self::Higher => "higher",
            Self::AboutEqual => "about equal",
            Self::Lower => "lower",
            Self::MuchLower => "much lower",
        }
    }
}

/// One cost, scored for each model.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub struct RelativeCost {
    pub kind: CostKind,
    /// 1 (low) to 5 (high).
    pub you_build_it_you_run_it: u8,
    /// 1 (low) to 5 (high).
    pub ops_run_it: u8,
    /// Why, in plain words.
    pub explanation: &'static str,
}

impl RelativeCost {
    /// This cost's score under `model`.
    pub fn score(self, model: OperatingModel) -> u8 {
        match model {
            OperatingModel::YouBuildItYouRunIt => self.you_build_it_you_run_it,
            OperatingModel::OpsRunIt => self.ops_run_it,
        }
    }

    /// How You Build It You Run It compares with Ops Run It on this cost.
    pub fn comparison(self) -> Comparison {
        match i16::from(self.you_build_it_you_run_it) - i16::from(self.ops_run_it) {
            2.. => Comparison::MuchHigher,
            1 => Comparison::Higher,
            0 => Comparison::AboutEqual,
            -1 => Comparison::Lower,
            _ => Comparison::MuchLower,
        }
    }
}

/// The five costs, in the playbook's order.
pub const RELATIVE_COSTS: [RelativeCost; 5] = [
    RelativeCost {
        kind: CostKind::Setup,
        you_build_it_you_run_it: 3,
        ops_run_it: 2,
        explanation: "On-call product teams need new roles, on-call pay, and a telemetry and incident toolchain \
                      before the first service goes live.",
    },
    RelativeCost {
        kind: CostKind::Transition,
        you_build_it_you_run_it: 2,
        ops_run_it: 3,
        explanation: "A product team's services are in continual transition, with operational readiness \
                      checked automatically instead of handed over to another team.",
    },
    RelativeCost {
        kind: CostKind::Run,
        you_build_it_you_run_it: 3,
        ops_run_it: 3,
        explanation: "With out-of-hours schedules chosen by availability target, on-call product teams cost \
                      about as much to run as a central operations team.",
    },
    RelativeCost {
        kind: CostKind::Incident,
        you_build_it_you_run_it: 2,
        ops_run_it: 3,
        explanation: "The team that built a service restores it in minutes rather than hours, with no handoffs \
                      and the power to change code, capacity and telemetry at once.",
    },
    RelativeCost {
        kind: CostKind::Opportunity,
        you_build_it_you_run_it: 1,
        ops_run_it: 4,
        explanation: "Pre-approved changes and on-demand deployments cut the delay between a feature being \
                      ready and users trying it.",
    },
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_playbooks_relative_costs_read_as_it_states_them() {
        let comparisons: Vec<_> = RELATIVE_COSTS
            .iter()
            .map(|cost| (cost.kind, cost.comparison()))
            .collect();
        assert_eq!(
            comparisons,
            [
                (CostKind::Setup, Comparison::Higher),
                (CostKind::Transition, Comparison::Lower),
                (CostKind::Run, Comparison::AboutEqual),
                (CostKind::Incident, Comparison::Lower),
                (CostKind::Opportunity, Comparison::MuchLower),
            ]
        );
    }

    #[test]
    fn scores_are_between_1_and_5() {
        for cost in RELATIVE_COSTS {
            for model in [OperatingModel::YouBuildItYouRunIt, OperatingModel::OpsRunIt] {
                assert!((1..=5).contains(&cost.score(model)));
            }
        }
    }

    #[test]
    fn comparisons_read_in_plain_words() {
        assert_eq!(Comparison::MuchLower.label(), "much lower");
        let much_higher = RelativeCost {
            you_build_it_you_run_it: 5,
            ops_run_it: 1,
            ..RELATIVE_COSTS[0]
        };
        assert_eq!(much_higher.comparison(), Comparison::MuchHigher);
    }
}
