//! The operating model selector: the playbook's practice of choosing You Build It You Run It or
//! Ops Run It for a service from its availability target and its deployment target.
//!
//! The selector is a 4 x 4 grid: availability rows 95.0%, 99.0%, 99.9%, 99.99% (exposure up)
//! and deployment columns monthly, fortnightly, weekly, daily or more (demand across).
//! - 99.99% always selects You Build It You Run It: extreme reliability needs on-call product
//!   teams, for a digital service or a foundational system alike.
//! - Weekly or more frequent deployments select You Build It You Run It: a digital service.
//! - Monthly or fortnightly deployments at 95.0% to 99.9% select Ops Run It: a foundational
//!   system.
//!
//! Moving up or right costs more implementation effort: a cell's effort is its row plus its
//! column plus one, from 1 (95.0%, monthly) to 7 (99.99%, daily or more).

use crate::{AvailabilityLevel, AvailabilityTier, DeploymentTarget};

/// Who deploys and supports a service.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
#[cfg_attr(feature = "serde", serde(rename_all = "kebab-case"))]
pub enum OperatingModel {
    /// On-call product teams build, deploy, operate and support their own services.
    YouBuildItYouRunIt,
    /// A central operations team deploys and supports services others build.
    OpsRunIt,
}

impl OperatingModel {
    /// The kebab-case name scripts use.
    pub fn name(self) -> &'static str {
        match self {
            Self::YouBuildItYouRunIt => "you-build-it-you-run-it",
            Self::OpsRunIt => "ops-run-it",
        }
    }

    /// The model's name as a reader sees it.
    pub fn label(self) -> &'static str {
        match self {
            Self::YouBuildItYouRunIt => "You Build It You Run It",
            Self::OpsRunIt => "Ops Run It",
        }
    }
}

/// The kind of service a cell fits.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
#[cfg_attr(feature = "serde", serde(rename_all = "kebab-case"))]
pub enum ServiceKind {
    /// A strategic differentiator with high feature demand, such as a customer-facing service.
    DigitalService,
    /// A utility with low feature demand, such as self-hosted COTS or a back office application.
    FoundationalSystem,
}

impl ServiceKind {
    /// The kebab-case name scripts use.
    pub fn name(self) -> &'static str {
        match self {
            Self::DigitalService => "digital-service",
            Self::FoundationalSystem => "foundational-system",
        }
    }

    /// The words a reader sees.
    pub fn label(self) -> &'static str {
        match self {
            Self::DigitalService => "digital service",
            Self::FoundationalSystem => "foundational system",
        }
    }
}

/// One cell of the selector grid.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub struct GridCell {
    pub availability: AvailabilityTier,
    pub deployment: DeploymentTarget,
    pub model: OperatingModel,
    pub kind: ServiceKind,
    /// Relative implementation effort, 1 to [`MAX_EFFORT`].
    pub effort: u8,
}

/// The effort of the top right cell (99.99%, daily or more).
pub const MAX_EFFORT: u8 = 7;

/// Something the reader should weigh before acting on a selection.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
#[cfg_attr(feature = "serde", serde(rename_all = "kebab-case"))]
pub enum Warning {
    /// 99.99% is rare and its engineering effort enormous.
    ExtremeReliability,
    /// Low exposure and low demand: a digital service here may be the wrong thing to build.
    WrongThingToBuild,
}

impl Warning {
    /// The kebab-case name scripts use.
    pub fn name(self) -> &'static str {
        match self {
            Self::ExtremeReliability => "extreme-reliability",
            Self::WrongThingToBuild => "wrong-thing-to-build",
        }
    }

    /// The warning in plain words.
    pub fn message(self) -> &'static str {
        match self {
            Self::ExtremeReliability => {
                "99.99% is rare: few services truly need it, and the engineering effort to achieve it is \
                 enormous. Check the financial exposure really demands it."
            }
            Self::WrongThingToBuild => {
                "Low financial exposure and low feature demand: if this is meant to be a digital service, \
                 it may be the wrong thing to build."
            }
        }
    }
}

/// The selector's answer for one service.
#[derive(Clone, Debug, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub struct Selection {
    pub cell: GridCell,
    /// The index of `cell` in [`grid`].
    pub cell_index: usize,
    /// Why, in plain words.
    pub reasons: Vec<&'static str>,
    pub warnings: Vec<Warning>,
}

/// The index in [`grid`] of the cell for `availability` and `deployment`: rows from 95.0% up,
/// each row from monthly across.
pub fn cell_index(availability: AvailabilityTier, deployment: DeploymentTarget) -> usize {
    availability.index() * DeploymentTarget::ALL.len() + deployment.index()
}

/// All 16 cells, in [`cell_index`] order, for drawing the grid.
pub fn grid() -> [GridCell; 16] {
    let mut cells = [cell(AvailabilityTier::Percent95_0, DeploymentTarget::Monthly); 16];
    for availability in AvailabilityTier::ALL {
        for deployment in DeploymentTarget::ALL {
            cells[cell_index(availability, deployment)] = cell(availability, deployment);
        }
    }
    cells
}

fn cell(availability: AvailabilityTier, deployment: DeploymentTarget) -> GridCell {
    let frequent = deployment >= DeploymentTarget::Weekly;
    let extreme = availability == AvailabilityTier::Percent99_99;
    GridCell {
        availability,
        deployment,
        model: if frequent || extreme {
            OperatingModel::YouBuildItYouRunIt
        } else {
            OperatingModel::OpsRunIt
        },
        kind: if frequent {
            ServiceKind::DigitalService
        } else {
            ServiceKind::FoundationalSystem
        },
        effort: (availability.index() + deployment.index() + 1) as u8,
    }
}

/// The operating model for a service with `availability` and `deployment` targets.
pub fn select(availability: AvailabilityLevel, deployment: DeploymentTarget) -> Selection {
    let tier = availability.tier();
    let cell = cell(tier, deployment);
    let mut reasons = Vec::with_capacity(3);
    let mut warnings = Vec::new();
    reasons.push(match cell.kind {
        ServiceKind::DigitalService => {
            "Users want new features at least weekly, which marks a digital service: a strategic \
             differentiator whose features have a direct impact on revenue or savings."
        }
        ServiceKind::FoundationalSystem => {
            "Users want new features no more than fortnightly, which marks a foundational system: a \
             utility, where minimising the risk of a catastrophic failure matters most."
        }
    });
    if tier == AvailabilityTier::Percent99_99 {
        reasons.push(
            "99.99% availability needs extreme reliability, which only on-call product teams can \
             deliver: You Build It You Run It, whatever the kind of service.",
        );
        warnings.push(Warning::ExtremeReliability);
    } else if cell.model == OperatingModel::YouBuildItYouRunIt {
        reasons.push(
            "Weekly or more frequent deployments need a team that deploys on demand, without handoffs: \
             You Build It You Run It minimises the time between an idea and trying it with users.",
        );
    } else {
        reasons.push(
            "Monthly or fortnightly deployments at 95.0% to 99.9% availability can be met by a central \
             operations team: Ops Run It remains a cost-effective choice.",
        );
    }
    reasons.push(
        "Implementation effort rises with the availability target and the deployment target: \
         moving up or right in the grid costs more.",
    );
    if tier == AvailabilityTier::Percent95_0 && deployment == DeploymentTarget::Monthly {
        warnings.push(Warning::WrongThingToBuild);
    }
    Selection {
        cell,
        cell_index: cell_index(tier, deployment),
        reasons,
        warnings,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn model(level: AvailabilityLevel, deployment: DeploymentTarget) -> OperatingModel {
        select(level, deployment).cell.model
    }

    #[test]
    fn weekly_or_daily_deployments_select_you_build_it_you_run_it_for_a_digital_service() {
        for level in [
            AvailabilityLevel::P95_0,
            AvailabilityLevel::P99_0,
            AvailabilityLevel::P99_9,
        ] {
            for deployment in [DeploymentTarget::Weekly, DeploymentTarget::DailyOrMore] {
                let selection = select(level, deployment);
                assert_eq!(selection.cell.model, OperatingModel::YouBuildItYouRunIt);
                assert_eq!(selection.cell.kind, ServiceKind::DigitalService);
                assert!(selection.warnings.is_empty());
            }
        }
    }

    #[test]
    fn monthly_or_fortnightly_deployments_below_99_99_select_ops_run_it_for_a_foundational_system()
    {
        for level in [
            AvailabilityLevel::P95_0,
            AvailabilityLevel::P99_0,
            AvailabilityLevel::P99_9,
        ] {
            for deployment in [DeploymentTarget::Monthly, DeploymentTarget::Fortnightly] {
                let selection = select(level, deployment);
                assert_eq!(selection.cell.model, OperatingModel::OpsRunIt);
                assert_eq!(selection.cell.kind, ServiceKind::FoundationalSystem);
            }
        }
    }

    #[test]
    fn extreme_reliability_always_selects_you_build_it_you_run_it_with_a_warning() {
        for deployment in DeploymentTarget::ALL {
            let selection = select(AvailabilityLevel::P99_99, deployment);
            assert_eq!(selection.cell.model, OperatingModel::YouBuildItYouRunIt);
            assert_eq!(selection.warnings, [Warning::ExtremeReliability]);
        }
        let foundational = select(AvailabilityLevel::P99_99, DeploymentTarget::Monthly);
        assert_eq!(foundational.cell.kind, ServiceKind::FoundationalSystem);
    }

    #[test]
    fn low_exposure_and_low_demand_warn_it_may_be_the_wrong_thing_to_build() {
        let selection = select(AvailabilityLevel::P95_0, DeploymentTarget::Monthly);
        assert_eq!(selection.warnings, [Warning::WrongThingToBuild]);
        assert!(
            Warning::WrongThingToBuild
                .message()
                .contains("wrong thing to build")
        );
    }

    #[test]
    fn the_issues_example_selects_you_build_it_you_run_it() {
        assert_eq!(
            model(AvailabilityLevel::P99_0, DeploymentTarget::DailyOrMore),
            OperatingModel::YouBuildItYouRunIt
        );
    }

    #[test]
    fn levels_between_the_playbooks_use_the_row_they_reach() {
        let level = AvailabilityLevel::new(99.5).unwrap();
        assert_eq!(
            select(level, DeploymentTarget::Monthly).cell.availability,
            AvailabilityTier::Percent99_0
        );
    }

    #[test]
    fn moving_up_or_right_increases_the_effort() {
        let cells = grid();
        for availability in AvailabilityTier::ALL {
            for deployment in DeploymentTarget::ALL {
                let here = cells[cell_index(availability, deployment)];
                assert_eq!(
                    (here.availability, here.deployment),
                    (availability, deployment)
                );
                if let Some(&right) = DeploymentTarget::ALL.get(deployment.index() + 1) {
                    assert!(cells[cell_index(availability, right)].effort > here.effort);
                }
                if let Some(&up) = AvailabilityTier::ALL.get(availability.index() + 1) {
                    assert!(cells[cell_index(up, deployment)].effort > here.effort);
                }
            }
        }
        assert_eq!(cells[0].effort, 1);
        assert_eq!(cells[15].effort, MAX_EFFORT);
    }

    #[test]
    fn the_selection_points_at_its_cell_in_the_grid() {
        for availability in AvailabilityTier::ALL {
            for deployment in DeploymentTarget::ALL {
                let selection = select(availability.level(), deployment);
                assert_eq!(grid()[selection.cell_index], selection.cell);
                assert!(!selection.reasons.is_empty());
            }
        }
    }
}
