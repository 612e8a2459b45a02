//! Pass: kpis (being written).

use super::Context;

/// Runs the kpis checks.
pub fn run(cx: &mut Context) {
    let _ = cx;
}
