//! `calendar.ics` (being written).

use chrono::{DateTime, Utc};

use crate::plan::Plan;

/// The iCalendar text of the plan (only `role`'s events when given).
pub fn calendar(plan: &Plan, role: Option<&str>, dtstamp: DateTime<Utc>) -> String {
    let _ = (plan, role, dtstamp);
    String::new()
}
