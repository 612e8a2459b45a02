//! Late-night posts: a post that goes out at night for an audience of its message (`W0601`).
//!
//! A plan is written in one zone and read in many: 20:00 in Paris is 02:00 in New York. The
//! campaign's quiet hours say when nobody should be woken up by a post, and each audience's zone
//! says when that is for them.
//!
//! # Rules (language reference)
//!
//! **Night.** The night is the campaign's `quiet_hours [START, END]` (default `[23:00, 06:00]`):
//! START included, END excluded, crossing midnight when END is earlier than START; START = END is
//! an error (`E0316`). A post is at night for an audience of its message when its instant, read
//! in the audience's `timezone` (default the campaign's), falls in the night. A message without
//! an audience is checked in the campaign's zone. One warning per statement and audience (or per
//! statement for "no audience"), at the time written in the statement; audiences whose zone is
//! invalid are skipped (reported by the time pass).

use std::collections::{BTreeMap, HashMap};

use chrono::{NaiveDate, NaiveDateTime, NaiveTime, TimeZone};
use chrono_tz::Tz;

use crate::check::model::Model;
use crate::check::time::parse_zone;
use crate::diagnostic::Diagnostic;
use crate::plan::PostOccurrence;
use crate::source::Span;
use crate::wording::{date_time, hm};

use super::Statements;

/// The night when no quiet hours are given: 23:00 (included) to 06:00 (excluded).
pub const DEFAULT_QUIET_HOURS: (NaiveTime, NaiveTime) = match (
    NaiveTime::from_hms_opt(23, 0, 0),
    NaiveTime::from_hms_opt(6, 0, 0),
) {
    (Some(a), Some(b)) => (a, b),
    _ => panic!("valid times"),
};

/// An audience's zone, and where it is written (when it is not the campaign's by default).
#[derive(Debug, Clone)]
pub struct AudienceZone {
    /// The zone.
    pub tz: Tz,
    /// The audience's `timezone` value, if it has one.
    pub span: Option<Span>,
}

/// What the late-night check needs: the night window and every audience's zone.
#[derive(Debug, Clone)]
pub struct Night {
    /// Start (included) and end (excluded) of the night; crosses midnight when end < start.
    pub window: (NaiveTime, NaiveTime),
    /// Where the campaign's `quiet_hours` are written (`None`: the default applies).
    pub window_span: Option<Span>,
    /// Audiences by name (those whose zone is unknown are absent, and not checked).
    pub audiences: HashMap<String, AudienceZone>,
    /// The campaign's zone: the zone of messages without an audience (absent if invalid).
    pub campaign: Option<Tz>,
}

impl Night {
    /// From the campaign's `quiet_hours` and `timezone` and the audiences' `timezone`.
    pub fn from_model(model: &Model) -> Night {
        let campaign_tz = model.campaign.as_ref().and_then(|c| c.timezone.as_ref());
        let campaign = match campaign_tz {
            Some(name) => zone(&name.value),
            None => Some(Tz::UTC),
        };
        let quiet = model.campaign.as_ref().and_then(|c| c.quiet_hours.as_ref());
        let window = quiet.map_or(DEFAULT_QUIET_HOURS, |w| w.value);
        let window_span = quiet.map(|w| w.span);
        let mut audiences = HashMap::new();
        for a in &model.audiences {
            let z = match &a.timezone {
                Some(t) => zone(&t.value).map(|tz| AudienceZone {
                    tz,
                    span: Some(t.span),
                }),
                None => campaign.map(|tz| AudienceZone { tz, span: None }),
            };
            if let Some(z) = z {
                audiences.entry(a.name.name.clone()).or_insert(z);
            }
        }
        Night {
            window,
            window_span,
            audiences,
            campaign,
        }
    }

    /// Whether a time of day falls in the night.
    pub fn contains(&self, t: NaiveTime) -> bool {
        let (start, end) = self.window;
        if start <= end {
            start <= t && t < end
        } else {
            t >= start || t < end
        }
    }
}

/// Posts of one statement at night for one audience.
struct Late {
    count: usize,
    /// The first: its index and its time in the audience's zone.
    first: (usize, NaiveDateTime),
}

/// `W0601` late-night-post: a post that goes out at night in the zone of an audience of its
/// message (a message without an audience: in the campaign's zone). One warning per statement
/// and audience, on the time written in the statement.
pub fn late_night(posts: &[PostOccurrence], night: &Night, stmts: &Statements) -> Vec<Diagnostic> {
    late_night_in_chunks(posts, night, stmts, 4096)
}

/// [`late_night`], reading the posts `chunk` at a time.
fn late_night_in_chunks(
    posts: &[PostOccurrence],
    night: &Night,
    stmts: &Statements,
    chunk: usize,
) -> Vec<Diagnostic> {
    use rayon::prelude::*;
    // The posts are read in chunks on rayon's pool (each post is turned into the local time of
    // each of its audiences), each chunk into a map of its own; the maps are merged keeping
    // the earliest post (then the first in plan order), as one pass in order would.
    let size = chunk.max(1);
    let late = posts
        .par_chunks(size)
        .enumerate()
        .map(|(c, chunk)| {
            let mut late: BTreeMap<(Span, Option<&str>), Late> = BTreeMap::new();
            let mut note = |key, i: usize, tz: Tz| {
                let local = posts[i].utc.with_timezone(&tz).naive_local();
                if !night.contains(local.time()) {
                    return;
                }
                let e = late.entry(key).or_insert(Late {
                    count: 0,
                    first: (i, local),
                });
                e.count += 1;
                if posts[i].utc < posts[e.first.0].utc {
                    e.first = (i, local);
                }
            };
            for (k, p) in chunk.iter().enumerate() {
                let i = c * size + k;
                if p.audiences.is_empty() {
                    if let Some(tz) = night.campaign {
                        note((p.source, None), i, tz);
                    }
                }
                for a in p.audiences.iter() {
                    if let Some(z) = night.audiences.get(a) {
                        note((p.source, Some(a.as_str())), i, z.tz);
                    }
                }
            }
            late
        })
        .reduce(BTreeMap::new, |mut all, more| {
            for (key, l) in more {
                let e = all.entry(key).or_insert(Late {
                    count: 0,
                    first: l.first,
                });
                e.count += l.count;
                let earlier = |a: (usize, NaiveDateTime), b: (usize, NaiveDateTime)| {
                    (posts[a.0].utc, a.0) < (posts[b.0].utc, b.0)
                };
                if earlier(l.first, e.first) {
                    e.first = l.first;
                }
            }
            all
        });
    let (start, end) = night.window;
    let mut out = Vec::new();
    for ((_, audience), l) in late {
        let (i, local) = l.first;
        let p = &posts[i];
        let (tz, tz_span) = match audience {
            Some(a) => match night.audiences.get(a) {
                Some(z) => (z.tz, z.span),
                None => continue,
            },
            None => match night.campaign {
                Some(tz) => (tz, None),
                None => continue,
            },
        };
        let whose = match audience {
            Some(a) => format!("for the audience `{a}`"),
            None => "in the campaign's time zone".to_string(),
        };
        let span = stmts.written_time(p);
        let label = if *p.timezone == *tz.name() {
            format!("{} is night {whose}", hm(p.local.time()))
        } else {
            format!(
                "{} in {} is {} in {}",
                hm(p.local.time()),
                p.timezone,
                hm(local.time()),
                tz.name()
            )
        };
        let mut d = Diagnostic::new(
            "W0601",
            span,
            format!(
                "{} at night {whose} ({})",
                if l.count == 1 {
                    "a post goes out"
                } else {
                    "posts go out"
                },
                tz.name()
            ),
        )
        .label(label);
        if let (Some(a), Some(s)) = (audience, tz_span) {
            d = d.with_secondary(s, format!("`{a}` lives in {}", tz.name()));
        }
        if let Some(s) = night.window_span {
            d = d.with_secondary(s, format!("the night is {} to {}", hm(start), hm(end)));
        }
        let daytime = daytime_in(p, local.date(), tz)
            .map(|t| format!(", such as {t}"))
            .unwrap_or_default();
        let help = match audience {
            Some(a) => format!(
                "post at a daytime hour for `{a}`{daytime}, or give `{a}` a post of its own; the campaign's `quiet_hours` sets the night"
            ),
            None => format!("post at a daytime hour{daytime}; the campaign's `quiet_hours` sets the night"),
        };
        d = d.help(help).note(format!(
            "{} between {} and {} in {} {whose}, first {} local",
            if l.count == 1 {
                "1 post falls".to_string()
            } else {
                format!("{} posts fall", l.count)
            },
            hm(start),
            hm(end),
            tz.name(),
            date_time(local)
        ));
        out.push(d);
    }
    out
}

/// "10:00 in Europe/Paris": 09:00 on `day` in the audience's zone, in the post's own zone.
fn daytime_in(p: &PostOccurrence, day: NaiveDate, tz: Tz) -> Option<String> {
    let nine = day.and_hms_opt(9, 0, 0)?;
    let instant = tz.from_local_datetime(&nine).single()?;
    let own = zone(&p.timezone)?;
    let there = instant.with_timezone(&own).naive_local();
    if own == tz {
        return Some(format!("09:00 in {}", tz.name()));
    }
    Some(format!(
        "{} in {} (09:00 in {})",
        hm(there.time()),
        own.name(),
        tz.name()
    ))
}

/// An accepted IANA zone (the time pass reports the others; here they are skipped).
fn zone(name: &str) -> Option<Tz> {
    parse_zone(name).ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Read in chunks of any size, the posts give the same warnings, with the same first post.
    #[test]
    fn chunks_give_the_warnings_of_one_pass() {
        let mut warned = 0;
        for (path, project, plan) in
            crate::test_support::plans(&["tests/fixtures/check", "examples"])
        {
            let (model, ..) = crate::check::lowered(&project);
            let (night, stmts) = (Night::from_model(&model), Statements::new(&model));
            let whole = late_night_in_chunks(&plan.posts, &night, &stmts, usize::MAX);
            warned += whole.len();
            for chunk in [1, 2, 3] {
                let cut = late_night_in_chunks(&plan.posts, &night, &stmts, chunk);
                assert_eq!(
                    format!("{cut:?}"),
                    format!("{whole:?}"),
                    "{}, chunks of {chunk}",
                    path.display()
                );
            }
        }
        assert!(warned >= 2, "some fixtures post at night");
    }
}
