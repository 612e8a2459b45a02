//! Pass: budget (being written).

use super::Context;

/// Runs the budget checks.
pub fn run(cx: &mut Context) {
    let _ = cx;
}
