//! When each line spends (E0401, E0706) and whether a paid line's channel posts then (W0701).

use rustc_hash::{FxHashMap as HashMap, FxHashSet as HashSet};

use chrono::NaiveDate;

use crate::check::model::{Line, Model, Spanned, Spend, Window};
use crate::check::resolve::Index;
use crate::diagnostic::Diagnostic;
use crate::plan::PostOccurrence;
use crate::schema::RefKind;
use crate::source::Span;

/// The campaign's first and last day, when both are known and in order.
#[derive(Debug, Clone)]
pub struct CampaignDates {
    /// First day.
    pub start: Spanned<NaiveDate>,
    /// Last day.
    pub end: Spanned<NaiveDate>,
}

impl CampaignDates {
    /// The campaign's dates from the model; `None` when one is missing or they are reversed
    /// (both already reported by earlier passes).
    pub fn of(model: &Model) -> Option<CampaignDates> {
        let c = model.campaign.as_ref()?;
        let (start, end) = (c.start.clone()?, c.end.clone()?);
        (start.value <= end.value).then_some(CampaignDates { start, end })
    }
}

/// The days a line spends on.
#[derive(Debug, Clone)]
pub struct LineDates {
    /// First day.
    pub start: NaiveDate,
    /// Last day.
    pub end: NaiveDate,
    /// The phase, when written `during PHASE`.
    pub phase: Option<String>,
    /// Written `on DATE`: one payment.
    pub one_off: bool,
}

/// What is known of a line's dates.
#[derive(Debug, Clone)]
pub enum Dates {
    /// The line's days.
    Known(LineDates),
    /// Not known because something else is wrong and already reported (a missing campaign
    /// date, an unknown or broken phase): nothing to say.
    Unknown,
    /// Wrong: reported here.
    Failed,
}

/// Resolves a line's dates and checks them: start not after end (E0401), a spend window inside
/// the campaign, a one-off payment not after its end (E0706).
pub fn line_dates(
    out: &mut Vec<Diagnostic>,
    model: &Model,
    index: &Index,
    campaign: Option<&CampaignDates>,
    line: &Line,
) -> Dates {
    let name = &line.name.name;
    match &line.spend {
        Spend::On(day) => {
            if let Some(c) = campaign {
                if day.value > c.end.value {
                    out.push(
                        Diagnostic::new(
                            "E0706",
                            day.span,
                            format!(
                                "budget line `{name}` pays on {}, after the campaign ends on {}",
                                day.value, c.end.value
                            ),
                        )
                        .label("after the campaign's end")
                        .with_secondary(c.end.span, "the campaign ends here")
                        .help(format!(
                            "a one-off payment may come before the campaign but not after it: \
                             pay on {} or earlier",
                            c.end.value
                        )),
                    );
                    return Dates::Failed;
                }
            }
            Dates::Known(LineDates {
                start: day.value,
                end: day.value,
                phase: None,
                one_off: true,
            })
        }
        Spend::Window(Window::Campaign) => match campaign {
            Some(c) => Dates::Known(LineDates {
                start: c.start.value,
                end: c.end.value,
                phase: None,
                one_off: false,
            }),
            None => Dates::Unknown,
        },
        Spend::Window(Window::Phase(phase)) => {
            // A phase outside the campaign is the time pass's to report, on the phase.
            let Some(p) = index
                .get(RefKind::Phase, &phase.name)
                .map(|i| &model.phases[i])
            else {
                return Dates::Unknown;
            };
            match (&p.start, &p.end) {
                (Some(s), Some(e)) if s.value <= e.value => Dates::Known(LineDates {
                    start: s.value,
                    end: e.value,
                    phase: Some(phase.name.clone()),
                    one_off: false,
                }),
                _ => Dates::Unknown,
            }
        }
        Spend::Window(Window::Dates(s, e)) => window(out, campaign, name, s, e),
    }
}

/// `start`/`end` (either may be left to default to the campaign's).
fn window(
    out: &mut Vec<Diagnostic>,
    campaign: Option<&CampaignDates>,
    name: &str,
    s: &Spanned<NaiveDate>,
    e: &Spanned<NaiveDate>,
) -> Dates {
    // The lowering pass writes a missing start as NaiveDate::MIN and a missing end as MAX.
    let start = (s.value != NaiveDate::MIN).then_some(s);
    let end = (e.value != NaiveDate::MAX).then_some(e);
    if let (Some(s), Some(e)) = (start, end) {
        if e.value < s.value {
            out.push(
                Diagnostic::new(
                    "E0401",
                    e.span,
                    format!(
                        "budget line `{name}` ends on {}, before it starts on {}",
                        e.value, s.value
                    ),
                )
                .label("ends before it starts")
                .with_secondary(s.span, "starts here")
                .help("swap the two dates, or correct the one that is wrong"),
            );
            return Dates::Failed;
        }
    }
    let Some(c) = campaign else {
        return Dates::Unknown;
    };
    let (cs, ce) = (c.start.value, c.end.value);
    let mut issues: Vec<(Span, String, String)> = Vec::new();
    if let Some(s) = start {
        if s.value < cs {
            issues.push((
                s.span,
                format!("starts on {}, before the campaign starts on {cs}", s.value),
                "before the campaign's start".into(),
            ));
        } else if s.value > ce {
            issues.push((
                s.span,
                format!("starts on {}, after the campaign ends on {ce}", s.value),
                "after the campaign's end".into(),
            ));
        }
    }
    if let Some(e) = end {
        if e.value > ce {
            issues.push((
                e.span,
                format!("ends on {}, after the campaign ends on {ce}", e.value),
                "after the campaign's end".into(),
            ));
        } else if e.value < cs {
            issues.push((
                e.span,
                format!("ends on {}, before the campaign starts on {cs}", e.value),
                "before the campaign's start".into(),
            ));
        }
    }
    if let Some((span, what, label)) = issues.first() {
        let mut d = Diagnostic::new("E0706", *span, format!("budget line `{name}` {what}"))
            .label(label.clone());
        for (span, _, label) in &issues[1..] {
            d = d.with_secondary(*span, label.clone());
        }
        let early = issues.iter().any(|(_, _, l)| l.contains("start"));
        let late = issues.iter().any(|(_, _, l)| l.contains("end"));
        if early {
            d = d.with_secondary(c.start.span, "the campaign starts here");
        }
        if late {
            d = d.with_secondary(c.end.span, "the campaign ends here");
        }
        let mut help =
            format!("a line spends within the campaign, {cs} to {ce}: move the dates inside it");
        if early {
            help.push_str(", or pay a one-off amount before the campaign with `on DATE`");
        }
        out.push(d.help(help));
        return Dates::Failed;
    }
    let start = start.map_or(cs, |s| s.value);
    let end = end.map_or(ce, |e| e.value);
    if end < start {
        return Dates::Unknown;
    }
    Dates::Known(LineDates {
        start,
        end,
        phase: None,
        one_off: false,
    })
}

/// The days each channel posts on, for finding a post within a line's dates in O(log n).
#[derive(Debug, Default)]
pub struct PostDays<'p> {
    days: HashMap<&'p str, Vec<NaiveDate>>,
    /// Channels that some `post` statement names (their posts may have failed to expand).
    named: HashSet<&'p str>,
}

impl<'p> PostDays<'p> {
    /// Indexes the plan's posts by channel and local date.
    pub fn new(posts: &'p [PostOccurrence], model: &'p Model) -> PostDays<'p> {
        let mut days: HashMap<&str, Vec<NaiveDate>> = HashMap::default();
        for p in posts {
            days.entry(&*p.channel).or_default().push(p.local.date());
        }
        for v in days.values_mut() {
            v.sort_unstable();
            v.dedup();
        }
        let named = model
            .schedules
            .iter()
            .flat_map(|s| &s.posts)
            .flat_map(|p| &p.channels)
            .map(|c| c.name.as_str())
            .collect();
        PostDays { days, named }
    }

    /// The days `channel` posts on, in order.
    fn of(&self, channel: &str) -> &[NaiveDate] {
        self.days.get(channel).map_or(&[], Vec::as_slice)
    }

    /// Whether `channel` has a post from `start` to `end` inclusive.
    pub fn any_between(&self, channel: &str, start: NaiveDate, end: NaiveDate) -> bool {
        let days = self.of(channel);
        let i = days.partition_point(|d| *d < start);
        days.get(i).is_some_and(|d| *d <= end)
    }

    /// The last post day before `start` and the first after `end`.
    pub fn nearest(
        &self,
        channel: &str,
        start: NaiveDate,
        end: NaiveDate,
    ) -> (Option<NaiveDate>, Option<NaiveDate>) {
        let days = self.of(channel);
        let before = days[..days.partition_point(|d| *d < start)].last().copied();
        let after = days.get(days.partition_point(|d| *d <= end)).copied();
        (before, after)
    }

    /// Whether `channel` has no post at all although a `post` statement names it: its posts
    /// failed to expand (an error reported elsewhere).
    pub fn lost(&self, channel: &str) -> bool {
        self.of(channel).is_empty() && self.named.contains(channel)
    }
}

/// W0701 for a paid line whose channel posts nothing while it spends.
pub fn paid_without_posts(
    posts: &PostDays,
    line: &Line,
    channel: &crate::ast::Ident,
    dates: &LineDates,
    campaign: Option<&CampaignDates>,
    earlier_errors: bool,
) -> Option<Diagnostic> {
    let ch = channel.name.as_str();
    // A one-off payment is a payment date, not when the ads run: look at the whole campaign.
    let (start, end) = if dates.one_off {
        let c = campaign?;
        (c.start.value, c.end.value)
    } else {
        (dates.start, dates.end)
    };
    if posts.any_between(ch, start, end) || (earlier_errors && posts.lost(ch)) {
        return None;
    }
    let name = &line.name.name;
    let (message, label) = if dates.one_off {
        (
            format!(
                "paid line `{name}` pays for `{ch}`, but nothing is posted on `{ch}` during the campaign"
            ),
            format!("no post on `{ch}` from {start} to {end}"),
        )
    } else if start == end {
        (
            format!("paid line `{name}` spends on `{ch}` on {start}, but nothing is posted on `{ch}` that day"),
            format!("no post on `{ch}` on {start}"),
        )
    } else {
        (
            format!(
                "paid line `{name}` spends on `{ch}` from {start} to {end}, but nothing is posted on `{ch}` in those dates"
            ),
            format!("no post on `{ch}` from {start} to {end}"),
        )
    };
    let note = match posts.nearest(ch, start, end) {
        (None, None) => format!("`{ch}` has no post at all in the plan"),
        (Some(b), None) => format!("the last post on `{ch}` before then is on {b}"),
        (None, Some(a)) => format!("the first post on `{ch}` after then is on {a}"),
        (Some(b), Some(a)) => {
            format!("the nearest posts on `{ch}` are on {b} (before) and {a} (after)")
        }
    };
    Some(
        Diagnostic::new("W0701", channel.span, message)
            .label(label)
            .help(format!(
                "schedule posts on `{ch}` while the line spends, or move the line's dates to when `{ch}` posts"
            ))
            .note(note),
    )
}
