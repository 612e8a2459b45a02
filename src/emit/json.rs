//! `plan.json`: the resolved plan serialised with serde, pretty-printed, with a trailing newline.
//!
//! Its shape is documented in `docs/plan-json.md`; fields are only ever added, never renamed.

use crate::plan::Plan;

/// The plan as JSON text.
pub fn plan(plan: &Plan) -> String {
    let mut s =
        serde_json::to_string_pretty(plan).unwrap_or_else(|e| format!("{{\"error\": \"{e}\"}}"));
    s.push('\n');
    s
}
