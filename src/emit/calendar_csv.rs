//! `calendar.csv`: one row per post, task occurrence and KPI review, for a spreadsheet.
//!
//! Written with the `csv` crate (RFC 4180: fields quoted when they hold a comma, quote or line
//! break; CRLF between records; UTF-8, no byte-order mark). Rows come in the same order as the
//! events of `calendar.ics` (start, then UID). Columns:
//!
//! | column | post | task | KPI review |
//! |---|---|---|---|
//! | `local_date`, `local_time` | wall clock in its zone | same | the date; no time |
//! | `timezone` | the post's effective zone | the task's | the campaign's |
//! | `utc` | the instant, RFC 3339 | same | empty (all day) |
//! | `kind` | `post` | `task` | `kpi_review` |
//! | `channel`, `platform` | one | the task's channels, `;`-joined | the KPI's channels (empty: all) |
//! | `name` | message | task | KPI |
//! | `phase` | the date's phase | same | same |
//! | `objective` | the message's | empty | the KPI's |
//! | `audiences` | `;`-joined | empty | empty |
//! | `owner` | role | role | role |
//! | `text` | the text posted on that channel | description | `METRIC TARGET by DEADLINE` |
//! | `link`, `media` | link; `KIND PATH` | empty | empty |
//! | `duration_minutes` | 15 (the calendar slot) | the task's | empty |
//! | `uid` | the iCalendar UID, to match rows with events | same | same |
//!
//! Every cell goes through [`format::spreadsheet_safe`], so a text such as `=1+1` or `@SUM(…)`
//! is shown, not run, by a spreadsheet (OWASP "CSV injection").

use std::collections::HashMap;

use chrono::NaiveDate;

use super::format;
use super::ics::{self, Entry};
use crate::plan::Plan;

/// The header row.
pub const HEADER: [&str; 17] = [
    "local_date",
    "local_time",
    "timezone",
    "utc",
    "kind",
    "channel",
    "platform",
    "name",
    "phase",
    "objective",
    "audiences",
    "owner",
    "text",
    "link",
    "media",
    "duration_minutes",
    "uid",
];

/// The file's text (only `role`'s events when given).
pub fn calendar(plan: &Plan, role: Option<&str>) -> String {
    let mut writer = csv::WriterBuilder::new()
        .terminator(csv::Terminator::CRLF)
        .from_writer(Vec::new());
    write_row(&mut writer, HEADER.iter().map(|s| s.to_string()).collect());
    // Channel → platform, once: looking channels up per row would be quadratic in plan size.
    let mut platform_of: HashMap<&str, &str> = HashMap::new();
    for c in &plan.channels {
        platform_of.entry(&c.name).or_insert(&c.platform);
    }
    for entry in ics::entries(plan, role) {
        write_row(&mut writer, row(plan, &platform_of, &entry));
    }
    let bytes = writer.into_inner().unwrap_or_default();
    String::from_utf8(bytes).unwrap_or_default()
}

fn write_row(writer: &mut csv::Writer<Vec<u8>>, cells: Vec<String>) {
    let safe = cells.iter().map(|c| format::spreadsheet_safe(c));
    // Writing to a Vec cannot fail.
    let _ = writer.write_record(safe);
}

/// The cells of one entry, in [`HEADER`] order.
fn row(plan: &Plan, platform_of: &HashMap<&str, &str>, entry: &Entry<'_>) -> Vec<String> {
    let uid = entry.uid();
    let owner = entry.owner().unwrap_or_default().to_string();
    let kind = entry.kind().to_string();
    match *entry {
        Entry::Post(p) => {
            let c = &p.content;
            vec![
                p.local.format("%Y-%m-%d").to_string(),
                p.local.format("%H:%M").to_string(),
                p.timezone.to_string(),
                p.utc.format("%Y-%m-%dT%H:%M:%SZ").to_string(),
                kind,
                p.channel.to_string(),
                p.platform.to_string(),
                p.message.to_string(),
                p.phase.as_deref().unwrap_or_default().to_string(),
                p.objective.as_deref().unwrap_or_default().to_string(),
                p.audiences.join(";"),
                owner,
                c.text.clone(),
                c.link.clone().unwrap_or_default(),
                c.media
                    .as_ref()
                    .map(|m| format!("{} {}", m.kind, m.path))
                    .unwrap_or_default(),
                ics::POST_MINUTES.to_string(),
                uid,
            ]
        }
        Entry::Task(t, o) => vec![
            o.local.format("%Y-%m-%d").to_string(),
            o.local.format("%H:%M").to_string(),
            t.timezone.clone(),
            o.utc.format("%Y-%m-%dT%H:%M:%SZ").to_string(),
            kind,
            t.channels.join(";"),
            platforms(platform_of, &t.channels),
            t.name.clone(),
            phase_of(plan, o.local.date()),
            String::new(),
            String::new(),
            owner,
            t.description.clone().unwrap_or_default(),
            String::new(),
            String::new(),
            t.duration_minutes.to_string(),
            uid,
        ],
        Entry::Review(k, date) => vec![
            date.format("%Y-%m-%d").to_string(),
            String::new(),
            plan.campaign.timezone.clone(),
            String::new(),
            kind,
            k.channels.join(";"),
            platforms(platform_of, &k.channels),
            k.name.clone(),
            phase_of(plan, date),
            k.objective.clone().unwrap_or_default(),
            String::new(),
            owner,
            ics::review_line(k, date),
            String::new(),
            String::new(),
            String::new(),
            uid,
        ],
    }
}

/// The platforms of some channels, `;`-joined, in the channels' order, without repeats.
fn platforms(platform_of: &HashMap<&str, &str>, channels: &[String]) -> String {
    let mut out: Vec<&str> = Vec::new();
    for name in channels {
        if let Some(platform) = platform_of.get(name.as_str()) {
            if !out.contains(platform) {
                out.push(platform);
            }
        }
    }
    out.join(";")
}

/// The phase a date falls in (the first, if phases overlap).
pub(crate) fn phase_of(plan: &Plan, date: NaiveDate) -> String {
    plan.phases
        .iter()
        .find(|p| p.start <= date && date <= p.end)
        .map(|p| p.name.clone())
        .unwrap_or_default()
}
