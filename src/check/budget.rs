//! Pass 7, budget: exact arithmetic, overruns, currencies, paid lines and their channels.
//!
//! Reads `model.budget` and the campaign, and builds [`crate::plan::Budget`]. Money is `i64`
//! minor units throughout; sums are taken in `i128`, so nothing wraps, and the splits come from
//! [`crate::plan::split`]. The pass is linear in the number of lines and of their days (plus a
//! sort of the post dates per channel).
//!
//! # Currency (E0701)
//!
//! The plan's currency is the campaign's `budget`'s, else the budget's `total`'s, else the
//! reserve's (when given in money), else that of the first line given in money. Every other
//! amount of the budget in another currency is an error on that amount, pointing at the amount
//! that set the currency; it is left out of the arithmetic (smm never converts currencies).
//!
//! # Total (E0702, E0707)
//!
//! The total is the budget's `total`, else the campaign's `budget`. When both are given they
//! must be equal (E0702, on the budget's `total`; the checks go on with the budget's `total`).
//! With neither, the total is the reserve plus the lines (nothing is unallocated), except that
//! percentages then have nothing to be a percentage of (E0707, on the `budget` keyword); an
//! empty `budget {}` with no total anywhere is also E0707.
//!
//! # Percentages (E0704)
//!
//! `reserve P%` and `amount P%` are percentages of the total. Written percentages (the reserve
//! first, then the lines in source order) may add up to at most 100% (E0704, on the percentage
//! that takes the sum over 100%, every percentage listed in notes). They are converted to money
//! together by [`split::percent_split`]: each is its exact amount rounded down or up to the
//! minor unit, and their sum is the exact sum rounded half up (a single percentage is rounded
//! half up: 12.5% of 1.00 EUR is 0.13 EUR); the leftover units go to the largest remainders,
//! ties to the earlier item (the reserve before the lines). Hence percentages never come to
//! more than the total through rounding, and money lines plus percentages exceed the total
//! only when their exact sum does: if the exact sum is at most the total, an integer, so is its
//! rounding.
//!
//! # Overrun and remainder (E0703, W0702)
//!
//! Lines plus reserve (in minor units, after the conversion above) may not exceed the total:
//! E0703 on the budget's `total` (or on the `budget` keyword when the total is the campaign's),
//! naming the overrun, with the arithmetic in notes (ten lines listed, the rest summed; lines
//! whose amount is missing or in another currency are named as not counted). When the budget
//! has no error and the lines plus reserve come to less than the total, the remainder is
//! reported as the note W0702 (`unallocated-budget`) at the same place.
//!
//! # Lines (E0705, E0401, E0706, W0701)
//!
//! - A line of `category paid` needs a `channel` (E0705, on the category).
//! - A line spends over `start`..`end` (either defaults to the campaign's), over a phase with
//!   `during PHASE`, over the whole campaign when none is given, or on one day with `on DATE`.
//!   A start after the end is E0401 (on the end). A spend window must lie inside the campaign
//!   (E0706 on each date outside it, one diagnostic per line); a one-off `on DATE` payment may
//!   come before the campaign starts but not after it ends. A phase outside the campaign is
//!   the time pass's error, not repeated here.
//! - A paid line's channel must have at least one post (local date of the post) from the
//!   line's first to its last day; for a one-off `on DATE` paid line, which records when an
//!   invoice is paid rather than when ads run, at least one post during the campaign. Otherwise
//!   W0701 (`paid-channel-without-posts`) on the line's `channel`, with the nearest posts.
//!
//! # Plan
//!
//! When the budget has no error and every amount and date is known, `plan.budget` holds the
//! currency, the total, the reserve and every line in source order, with its amount split over
//! its days by its pacing ([`split::daily`]: the days add up to the amount exactly). Then
//! `allocated + reserve + unallocated == total`. Amounts in diagnostics are written by
//! [`crate::numbers::money`]: `25 400.00 EUR`.

mod amounts;
mod dates;

use crate::diagnostic::{Diagnostic, Severity};
use crate::plan::{self, split, PostOccurrence};
use crate::schema::RefKind;
use crate::source::Span;

use super::Context;

use dates::{CampaignDates, Dates, PostDays};

/// Runs the budget checks and builds `plan.budget`.
pub fn run(cx: &mut Context) {
    let posts = std::mem::take(&mut cx.plan.posts);
    run_with(cx, &posts);
    cx.plan.posts = posts;
}

/// [`run`] with the plan's posts apart (so that the calendar checks can read them meanwhile):
/// `cx.plan.posts` is not read.
pub fn run_with(cx: &mut Context, posts: &[PostOccurrence]) {
    let model = cx.model;
    let Some(budget) = &model.budget else {
        return;
    };
    let earlier = ErrorSpans::new(&cx.out);
    let campaign = CampaignDates::of(model);

    let currency = amounts::plan_currency(model, budget);
    let outcome = amounts::check(&mut cx.out, model, budget, currency.as_ref());
    let mut failed = outcome.failed;

    let posts = PostDays::new(posts, model);
    let first_channel = model.channels.first().map(|c| c.name.name.as_str());
    let mut line_dates = Vec::with_capacity(budget.lines.len());
    for line in &budget.lines {
        let paid = line.category.as_ref().filter(|c| c.value == "paid");
        if let (Some(category), None) = (paid, &line.channel) {
            // A `channel` with a wrong value is absent too, but already reported inside the line.
            if !earlier.within(line.span) {
                failed = true;
                cx.out.push(no_channel(line, category.span, first_channel));
            }
        }
        let d = dates::line_dates(&mut cx.out, model, cx.index, campaign.as_ref(), line);
        if let (Some(channel), Some(_), Dates::Known(known)) = (&line.channel, paid, &d) {
            if cx.index.get(RefKind::Channel, &channel.name).is_some() {
                if let Some(w) = dates::paid_without_posts(
                    &posts,
                    line,
                    channel,
                    known,
                    campaign.as_ref(),
                    !earlier.is_empty(),
                ) {
                    cx.out.push(w);
                }
            }
        }
        failed |= matches!(d, Dates::Failed);
        line_dates.push(d);
    }
    drop(posts);

    if failed {
        return;
    }
    let (Some(amounts), Some(currency)) = (outcome.amounts, currency) else {
        return;
    };
    let mut lines = Vec::with_capacity(budget.lines.len());
    for ((line, amount), d) in budget.lines.iter().zip(&amounts.lines).zip(line_dates) {
        let Dates::Known(d) = d else { return };
        let Some(category) = &line.category else {
            return;
        };
        let pacing = match line.pacing.as_ref().map(|p| p.value.as_str()) {
            None | Some("even") => split::Pacing::Even,
            Some("front") => split::Pacing::Front,
            Some("back") => split::Pacing::Back,
            Some(_) => return,
        };
        let Ok(days) = split::daily(*amount, d.start, d.end, pacing) else {
            return;
        };
        lines.push(plan::BudgetLine {
            name: line.name.name.clone(),
            category: category.value.clone(),
            channel: line.channel.as_ref().map(|c| c.name.clone()),
            objective: line.objective.as_ref().map(|o| o.name.clone()),
            vendor: line.vendor.as_ref().map(|v| v.value.clone()),
            phase: d.phase,
            amount: *amount,
            start: d.start,
            end: d.end,
            pacing,
            days,
        });
    }
    // Without an error, reserve + lines ≤ total, so these fit and are not negative.
    let allocated: i128 = amounts.lines.iter().map(|&a| i128::from(a)).sum();
    let unallocated = i128::from(amounts.total) - i128::from(amounts.reserve) - allocated;
    let (Ok(allocated), Ok(unallocated)) = (i64::try_from(allocated), i64::try_from(unallocated))
    else {
        return;
    };
    let code = currency.currency.as_str().to_string();
    if cx.plan.campaign.currency.is_none() {
        cx.plan.campaign.currency = Some(code.clone());
    }
    cx.plan.budget = Some(plan::Budget {
        currency: code,
        minor_digits: currency.currency.minor_digits,
        total: amounts.total,
        reserve: amounts.reserve,
        lines,
        allocated,
        unallocated,
    });
}

/// E0705: a paid line without a channel.
fn no_channel(line: &super::model::Line, category: Span, example: Option<&str>) -> Diagnostic {
    let example = example.unwrap_or("instagram");
    Diagnostic::new(
        "E0705",
        category,
        format!("paid line `{}` has no channel", line.name.name),
    )
    .label("paid spend needs a channel")
    .help(format!(
        "add `channel …` naming the channel the ads run on, such as `channel {example}`; \
         if this is not ad spend, choose another category"
    ))
}

/// Where errors were reported before this pass, to skip what they already explain.
struct ErrorSpans(Vec<Span>);

impl ErrorSpans {
    fn new(out: &[Diagnostic]) -> ErrorSpans {
        let mut spans: Vec<Span> = out
            .iter()
            .filter(|d| d.severity == Severity::Error)
            .map(|d| d.primary.span)
            .collect();
        spans.sort_unstable();
        ErrorSpans(spans)
    }

    fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// Whether an error starts inside `outer`.
    fn within(&self, outer: Span) -> bool {
        let i = self
            .0
            .partition_point(|s| (s.file, s.start) < (outer.file, outer.start));
        self.0
            .get(i)
            .is_some_and(|s| s.file == outer.file && s.start < outer.end)
    }
}
