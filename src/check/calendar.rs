//! Pass: calendar (being written).

use super::Context;

/// Runs the calendar checks.
pub fn run(cx: &mut Context) {
    let _ = cx;
}
