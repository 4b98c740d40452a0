//! The fields several calculators share (exposure, the organisation's bands, pay), with the
//! example values the playbook's pages start from: data for [`super::registry::CALCULATORS`].
//! What each field is (label, kind, bounds) is its [`Input`]'s, in the inputs' table.

use super::fields::Field;
use crate::Input;

pub(super) const EXPOSURE: Field = Field::new(Input::Exposure, "200000");
pub(super) const EXTREME: Field = Field::new(Input::Extreme, "no");
/// The organisation's bands and thresholds start from its settings (see [`Field::initial`]).
pub(super) const BANDS: Field = Field::new(Input::ExposureBands, "");
pub(super) const DEMAND_BANDS: Field = Field::new(Input::DemandBands, "");
pub(super) const CURRENCY: Field = Field::new(Input::Currency, "$");
pub(super) const LEVEL: Field = Field::new(Input::AvailabilityTarget, "99.0");
pub(super) const STANDBY_RATE: Field = Field::new(Input::StandbyRate, "500");
pub(super) const CALLOUT_RATE: Field = Field::new(Input::CalloutRate, "50");
pub(super) const CALLOUT_HOURS: Field = Field::new(Input::CalloutHours, "2");
pub(super) const PAYMENT_MODEL: Field = Field::new(Input::Payment, "standby-and-callout");
pub(super) const ANALYST_RATE: Field = Field::new(Input::AnalystRate, "400");

/// The furniture retailer's four services: the estate calculator's starting table.
#[cfg(feature = "estate")]
pub(super) const RETAILER_SERVICES: &str = "service,exposure_per_hour,demand
Assembly Booking,6000,high
Bedroom,200000,very high
Checkout,810000,high
Order Management,100000,low";
