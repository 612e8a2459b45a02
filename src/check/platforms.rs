//! Pass: platforms (being written).

use super::Context;

/// Runs the platforms checks.
pub fn run(cx: &mut Context) {
    let _ = cx;
}
