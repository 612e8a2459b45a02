//! budget outputs (being written).

use crate::plan::Plan;

/// CSV (being written).
pub fn csv(plan: &Plan) -> String {
    let _ = plan;
    String::new()
}

/// Markdown (being written).
pub fn markdown(plan: &Plan) -> String {
    let _ = plan;
    String::new()
}
