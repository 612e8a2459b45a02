//! `calendar.md`: the calendar for people, readable on GitHub or in any Markdown viewer.
//!
//! A title and a summary line, then one `## Week of YYYY-MM-DD` section per ISO week (weeks start
//! on Monday; the date is that Monday) that has something in it, then one
//! `### Monday 1 March 2027` heading per day that has something, then a table of the day's
//! entries: time, channel, what (post, task or KPI review), owner and a short text (the first
//! [`SHORT_TEXT`] characters of the text actually posted, on one line).
//!
//! All times are shown in the campaign's zone, so the file reads as one timeline; an entry planned
//! in another zone (a schedule with its own `timezone`) also shows its own wall-clock time, and a
//! time moved or chosen by a DST change says so. KPI reviews are all-day and come first in their
//! day. Entries come in the order of `calendar.ics` (start, then UID). All user text goes through
//! [`format::markdown`], so it cannot break a table or inject HTML. The plan's notes (skipped
//! days, DST resolutions) close the file.

use std::collections::BTreeMap;

use chrono::{Datelike, Days, NaiveDate};
use unicode_segmentation::UnicodeSegmentation;

use super::format;
use super::ics::{self, Entry};
use crate::plan::{Plan, Resolution};
use crate::wording::plural;

/// Characters (grapheme clusters) of a text shown in the table before it is cut with `…`.
pub const SHORT_TEXT: usize = 80;

/// The file's text (only `role`'s events when given).
pub fn calendar(plan: &Plan, role: Option<&str>) -> String {
    let zone = ics::campaign_zone(plan);
    let c = &plan.campaign;
    let entries = ics::entries(plan, role);
    let mut out = String::new();

    out.push_str(&format!("# Calendar: {}\n\n", format::markdown(&c.title)));
    let mut facts = Vec::new();
    if let Some(brand) = &c.brand {
        facts.push(format::markdown(brand));
    }
    facts.push(format!("{} to {}", c.start, c.end));
    facts.push(format!("times in {}", format::markdown(&c.timezone)));
    out.push_str(&facts.join(" · "));
    out.push_str("\n\n");
    if let Some(role) = role {
        out.push_str(&format!(
            "Only the entries of {}: the posts it publishes, its tasks and its KPI reviews.\n\n",
            format::markdown(&ics::role_label(plan, role))
        ));
    }
    let count = |kind: &str| entries.iter().filter(|e| e.kind() == kind).count();
    out.push_str(&format!(
        "{}, {} and {}.\n",
        plural(count("post"), "post", "posts"),
        plural(count("task"), "task session", "task sessions"),
        plural(count("kpi_review"), "KPI review", "KPI reviews"),
    ));

    // Day (in the campaign's zone) → entries, in file order.
    let mut days: BTreeMap<NaiveDate, Vec<Entry<'_>>> = BTreeMap::new();
    for e in entries {
        let day = match e {
            Entry::Review(_, d) => d,
            _ => e.start(zone).with_timezone(&zone).date_naive(),
        };
        days.entry(day).or_default().push(e);
    }

    let mut week: Option<NaiveDate> = None;
    for (day, items) in &days {
        let monday = day
            .checked_sub_days(Days::new(u64::from(day.weekday().num_days_from_monday())))
            .unwrap_or(*day);
        if week != Some(monday) {
            week = Some(monday);
            out.push_str(&format!("\n## Week of {}\n", monday.format("%Y-%m-%d")));
        }
        out.push_str(&format!("\n### {}\n\n", day.format("%A %-d %B %Y")));
        out.push_str("| Time | Channel | What | Owner | Text |\n");
        out.push_str("|---|---|---|---|---|\n");
        // All-day reviews first, then the rest in file order (a stable sort).
        let mut items = items.clone();
        items.sort_by_key(|e| !matches!(e, Entry::Review(..)));
        for e in &items {
            let cells = row(e, zone);
            out.push_str("| ");
            out.push_str(&cells.join(" | "));
            out.push_str(" |\n");
        }
    }

    if !plan.notes.is_empty() {
        out.push_str("\n## Notes\n\n");
        for note in &plan.notes {
            out.push_str(&format!("- {}\n", format::markdown(note)));
        }
    }
    out
}

/// The cells of one table row, escaped.
fn row(e: &Entry<'_>, zone: chrono_tz::Tz) -> [String; 5] {
    let md = |s: &str| format::markdown(s);
    let owner = md(e.owner().unwrap_or(""));
    let time = |utc: chrono::DateTime<chrono::Utc>, local: chrono::NaiveDateTime, tz: &str| {
        let shown = utc.with_timezone(&zone).format("%H:%M").to_string();
        if tz == zone.name() {
            shown
        } else {
            format!("{shown} ({} {})", local.format("%H:%M"), md(tz))
        }
    };
    match *e {
        Entry::Post(p) => {
            let mut text = md(&short(&p.content.text));
            let mut when = time(p.utc, p.local, &p.timezone);
            if p.resolution != Resolution::Exact {
                when.push_str(" ⚠");
                if let Some(note) = ics::dst_note(&p.resolution) {
                    text.push_str(&format!(" — ⚠ {}", md(&note)));
                }
            }
            let channel = if p.platform.is_empty() || p.platform == p.channel {
                md(&p.channel)
            } else {
                format!("{} ({})", md(&p.channel), md(&p.platform))
            };
            [
                when,
                channel,
                format!("Post {}", md(&p.message)),
                owner,
                text,
            ]
        }
        Entry::Task(t, o) => [
            time(o.utc, o.local, &t.timezone),
            if t.channels.is_empty() {
                "—".to_string()
            } else {
                md(&t.channels.join(", "))
            },
            format!("Task {} ({} min)", md(&t.name), t.duration_minutes),
            owner,
            md(&short(t.description.as_deref().unwrap_or(""))),
        ],
        Entry::Review(k, date) => [
            "all day".to_string(),
            if k.channels.is_empty() {
                "all channels".to_string()
            } else {
                md(&k.channels.join(", "))
            },
            format!("Review kpi {}", md(&k.name)),
            owner,
            md(&ics::review_line(k, date)),
        ],
    }
}

/// A text on one line (runs of white space, line breaks included, become one space), cut after
/// [`SHORT_TEXT`] grapheme clusters with `…`.
pub(crate) fn short(text: &str) -> String {
    let one_line = text.split_whitespace().collect::<Vec<_>>().join(" ");
    let mut graphemes = one_line.graphemes(true);
    let head: String = graphemes.by_ref().take(SHORT_TEXT).collect();
    if graphemes.next().is_some() {
        format!("{}…", head.trim_end())
    } else {
        head
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn short_text_is_one_line_and_cut_on_graphemes() {
        assert_eq!(short("a\n\nb  c"), "a b c");
        let long = "👍🏽".repeat(SHORT_TEXT + 5);
        let cut = short(&long);
        assert!(cut.ends_with('…'));
        assert_eq!(cut.graphemes(true).count(), SHORT_TEXT + 1);
    }
}
