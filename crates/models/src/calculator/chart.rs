//! Charts as numbers for SVG: the run cost against team count as three polylines, and the
//! relative cost bars. The page draws what these give; it computes nothing itself.

use crate::RunCostPoint;
use crate::text::push_u64;

use super::Outcome;
use super::decisions::push_money;

/// The chart's drawing area in SVG units: x from LEFT to RIGHT, y from BOTTOM up to TOP.
const LEFT: f64 = 88.0;
const RIGHT: f64 = 584.0;
const TOP: f64 = 16.0;
const BOTTOM: f64 = 216.0;

/// Three lines of yearly cost for 1 to 50 teams, the y axis's top label, and the x position of
/// the organisation's own team count.
pub fn run_cost(series: &[RunCostPoint], teams: u32, currency: &str, out: &mut Outcome) {
    let max = series
        .iter()
        .flat_map(|p| [p.every_team, p.by_target, p.ops_analyst])
        .fold(0.0_f64, f64::max);
    let top = nice_ceiling(max);
    let last = series.last().map_or(1, |p| p.teams).max(2);
    let x = |teams: u32| {
        LEFT + (RIGHT - LEFT) * f64::from(teams.saturating_sub(1)) / f64::from(last - 1)
    };
    let y = |cost: f64| BOTTOM - (BOTTOM - TOP) * (cost / top).clamp(0.0, 1.0);
    let line = |value: fn(&RunCostPoint) -> f64| {
        let mut d = String::with_capacity(series.len() * 10);
        for (i, point) in series.iter().enumerate() {
            d.push(if i == 0 { 'M' } else { 'L' });
            push_coordinate(&mut d, x(point.teams));
            d.push(',');
            push_coordinate(&mut d, y(value(point)));
        }
        d
    };
    out.set("chart_every", line(|p| p.every_team));
    out.set("chart_target", line(|p| p.by_target));
    out.set("chart_ops", line(|p| p.ops_analyst));
    let mut label = String::new();
    push_money(&mut label, currency, top);
    out.set("chart_top", label);
    let mut half = String::new();
    push_money(&mut half, currency, top / 2.0);
    out.set("chart_half", half);
    let mut marker = String::from("M");
    push_coordinate(&mut marker, x(teams.clamp(1, last)));
    marker.push_str(",16V216");
    out.set("chart_marker", marker);
}

/// The smallest of 1, 2 or 5 times a power of ten at or above `value` (at least 1).
fn nice_ceiling(value: f64) -> f64 {
    let mut step = 1.0;
    while step * 10.0 <= value {
        step *= 10.0;
    }
    [1.0, 2.0, 5.0, 10.0]
        .into_iter()
        .map(|m| m * step)
        .find(|&v| v >= value)
        .unwrap_or(step * 10.0)
}

/// A coordinate to a tenth of a unit.
pub(super) fn push_coordinate(text: &mut String, value: f64) {
    let tenths = crate::text::round_to_u64(value * 10.0);
    push_u64(text, tenths / 10);
    if !tenths.is_multiple_of(10) {
        text.push('.');
        push_u64(text, tenths % 10);
    }
}

/// The width of a relative cost bar for a 1 to 5 score, out of 100.
pub fn bar_width(score: u8) -> String {
    let mut text = String::new();
    push_u64(&mut text, u64::from(score.min(5)) * 20);
    text
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nice_ceilings() {
        assert_eq!(nice_ceiling(0.0), 1.0);
        assert_eq!(nice_ceiling(312_000.0), 500_000.0);
        assert_eq!(nice_ceiling(150_000.0), 200_000.0);
        assert_eq!(nice_ceiling(1_000.0), 1_000.0);
    }

    #[test]
    fn coordinates_to_a_tenth() {
        let mut text = String::new();
        push_coordinate(&mut text, 64.25);
        assert_eq!(text, "64.3");
    }
}
