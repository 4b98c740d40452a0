//! The playbook's decision and cost models: pure functions from typed inputs to typed results.
//!
//! One implementation serves the site at build time, the `playbook calc` command and the browser
//! (compiled to WebAssembly). Every threshold, band and formula of the playbook lives here.
//! No model does I/O, keeps global state or panics: bad input gives a [`ModelError`] that names
//! the [`Input`] by its typed key and says what it must be; each input's label, kind and bounds
//! are stated once, in [`Input`]'s table.
//!
//! | model | module |
//! | --- | --- |
//! | availability and downtime | [`availability`](mod@availability) |
//! | availability target from financial exposure | [`availability_target`](mod@availability_target) |
//! | deployment target from product feature demand | [`deployment_target`](mod@deployment_target) |
//! | operating model selector | [`selector`](mod@selector) |
//! | out-of-hours on-call schedule | [`schedule`](mod@schedule) |
//! | financial loss protection effectiveness | [`loss_protection`](mod@loss_protection) |
//! | in-incident loss and response | [`incident`](mod@incident) |
//! | on-call run cost | [`run_cost`](mod@run_cost) |
//! | change lead time | [`lead_time`](mod@lead_time) |
//! | relative costs | [`relative_costs`](mod@relative_costs) |
//! | a whole estate of services, with its schedules and their cost | [`estate`](mod@estate) |

pub mod availability;
pub mod availability_target;
pub mod bands;
pub mod calculator;
pub mod deployment_target;
mod error;
#[cfg(feature = "estate")]
pub mod estate;
pub mod incident;
mod input;
pub mod lead_time;
pub mod level;
pub mod loss_protection;
pub mod parse;
pub mod relative_costs;
pub mod run_cost;
pub mod schedule;
pub mod selector;
mod settings;
pub mod text;
#[cfg(target_arch = "wasm32")]
mod wasm;

pub use availability::{Downtime, downtime, level_for_weekly_downtime};
pub use availability_target::{
    AvailabilityTarget, ExposureBands, TargetBasis, availability_target, default_exposure_bands,
};
pub use bands::{Band, Bands};
pub use deployment_target::{
    Demand, DemandBands, DeploymentTarget, default_demand_bands, demand_for_requests,
    deployment_target,
};
pub use error::{ModelError, Problem};
pub use incident::{
    IncidentResponse, IncidentThresholds, IncidentType, LossBand, ResponseMethod, incident_response,
};
pub use input::{Bounds, Input, MAX_AMOUNT, Spec};
pub use lead_time::{LeadTime, LeadTimeInput, ModelLeadTime, lead_time};
pub use level::{AvailabilityLevel, AvailabilityTier};
pub use loss_protection::{LossProtection, LossProtectionInput, loss_protection};
pub use relative_costs::{Comparison, CostKind, RELATIVE_COSTS, RelativeCost};
pub use run_cost::{
    PaymentModel, RunCost, RunCostInput, RunCostPoint, ScheduleCost, ServiceCounts, run_cost,
    run_cost_series,
};
pub use schedule::{OnCallSchedule, Rota, on_call_schedule};
pub use selector::{GridCell, OperatingModel, Selection, ServiceKind, Warning, grid, select};
pub use settings::Settings;
