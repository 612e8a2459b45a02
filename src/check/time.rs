//! Pass: time (being written).

use super::Context;

/// Runs the time checks.
pub fn run(cx: &mut Context) {
    let _ = cx;
}
