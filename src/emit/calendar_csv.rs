//! calendar_csv output (being written).

use crate::plan::Plan;

/// The file's text (only `role`'s events when given).
pub fn calendar(plan: &Plan, role: Option<&str>) -> String {
    let _ = (plan, role);
    String::new()
}
