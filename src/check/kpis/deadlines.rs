//! Deadlines and reviews: `by` within the campaign (`E0803`), a review cadence that fits before
//! the deadline (`W0804`).
//!
//! A deadline outside the campaign cannot be reviewed with the campaign's data; a cadence longer
//! than the KPI's window (`review monthly` on a three-week campaign) promises reviews that never
//! happen. The review dates themselves are computed in [`reviews`].
//!
//! # Rules (language reference)
//!
//! **Deadline (`E0803`).** `by` lies within the campaign, first and last days included; without
//! `by` the deadline is the campaign's last day.
//!
//! **Reviews (`W0804` `review-cadence`).** A KPI's window runs from the campaign's first day to
//! its deadline. Its review dates are the cadence's dates counted from the campaign's first day,
//! strictly before the deadline, then the deadline itself, always the last review (see
//! [`reviews`]). A cadence whose first review (one period after the start) falls after the
//! deadline is longer than the window: the deadline would be the only review, so it is a warning
//! that names the longest cadence that fits.

use chrono::NaiveDate;

use crate::check::model::{Kpi, Spanned};
use crate::diagnostic::Diagnostic;

use super::reviews::{self, Cadence};

/// `E0803`: the deadline lies within the campaign. Returns whether it does (or cannot be known).
pub(super) fn check_deadline(
    kpi: &Kpi,
    start: Option<&Spanned<NaiveDate>>,
    end: Option<&Spanned<NaiveDate>>,
    out: &mut Vec<Diagnostic>,
) -> bool {
    let Some(by) = &kpi.by else { return true };
    let range = match (start, end) {
        (Some(s), Some(e)) => format!("between {} and {}", s.value, e.value),
        (Some(s), None) => format!("on or after {}", s.value),
        (None, Some(e)) => format!("on or before {}", e.value),
        (None, None) => return true,
    };
    let help =
        format!("set `by` {range}, or leave it out: the deadline is then the campaign's last day");
    let outside = [
        (start.filter(|s| by.value < s.value), "before", "starts"),
        (end.filter(|e| by.value > e.value), "after", "ends"),
    ];
    let Some((edge, rel, verb)) = outside
        .into_iter()
        .find_map(|(edge, rel, verb)| Some((edge?, rel, verb)))
    else {
        return true;
    };
    out.push(
        Diagnostic::new(
            "E0803",
            by.span,
            format!(
                "the deadline of KPI `{}` is {rel} the campaign {verb}",
                kpi.name.name
            ),
        )
        .label(format!("{} is {rel} {}", by.value, edge.value))
        .with_secondary(edge.span, format!("the campaign {verb} here"))
        .help(help),
    );
    false
}

/// `W0804`: the cadence's first review comes after the deadline.
pub(super) fn check_cadence(kpi: &Kpi, start: NaiveDate, by: NaiveDate, out: &mut Vec<Diagnostic>) {
    let Some(review) = &kpi.review else { return };
    let Some(cadence) = Cadence::parse(&review.value) else {
        return;
    };
    if by < start {
        return;
    }
    let Some(first) = reviews::first_review_after_deadline(start, by, cadence) else {
        return;
    };
    let days = (by - start).num_days() + 1;
    let c = cadence.as_str();
    let mut d = Diagnostic::new(
        "W0804",
        review.span,
        format!(
            "KPI `{}` has no {c} review before its deadline",
            kpi.name.name
        ),
    )
    .label(if first == NaiveDate::MAX {
        format!("no {c} review falls before the deadline, {by}")
    } else {
        format!("the first {c} review would be on {first}, after the deadline, {by}")
    });
    d = match &kpi.by {
        Some(b) => d.with_secondary(b.span, "the deadline"),
        None => d,
    };
    let window = if days == 1 {
        format!("the KPI's window is one day, {start}")
    } else {
        format!(
            "the KPI's window is {days} days, from the campaign's start ({start}) to its deadline ({by})"
        )
    };
    d = d.note(format!(
        "{window}; the deadline is always reviewed, so `review {c}` adds no review"
    ));
    d = match reviews::longest_fitting(start, by) {
        Some(fit) => d.help(format!(
            "write `review {}` or a shorter cadence",
            fit.as_str()
        )),
        None => d.help("leave `review` out: the deadline is this KPI's only review"),
    };
    out.push(d);
}
