//! The budget's money: the plan's currency, the total, the reserve, percentages, the overrun
//! and the unallocated remainder (codes E0701–E0704, E0707, W0702). See the parent module for
//! the rules.

use crate::ast::{Currency, Decimal, Money};
use crate::check::model::{Amount, Budget, Model, Spanned};
use crate::diagnostic::Diagnostic;
use crate::plan::split;
use crate::source::Span;

use crate::numbers::{money_in as money, percent as format_percent};

/// How many items an arithmetic note lists one by one before summing up the rest.
const LISTED: usize = 10;

/// The plan's currency and where it was set.
#[derive(Debug, Clone)]
pub struct PlanCurrency {
    /// The currency.
    pub currency: Currency,
    /// The amount that set it.
    pub span: Span,
    /// That amount, in words ("the campaign's budget").
    pub source: String,
}

/// The plan's currency: the campaign's budget's, else the budget total's, else the reserve's,
/// else the first line given in money. `None` when no amount of money is written at all.
pub fn plan_currency(model: &Model, budget: &Budget) -> Option<PlanCurrency> {
    let from = |m: &Spanned<Money>, source: String| PlanCurrency {
        currency: m.value.currency,
        span: m.span,
        source,
    };
    if let Some(m) = model.campaign.as_ref().and_then(|c| c.budget.as_ref()) {
        return Some(from(m, "the campaign's budget".into()));
    }
    if let Some(m) = &budget.total {
        return Some(from(m, "the budget's total".into()));
    }
    if let Some(Spanned {
        value: Amount::Money(m),
        span,
    }) = &budget.reserve
    {
        let m = Spanned {
            value: *m,
            span: *span,
        };
        return Some(from(&m, "the reserve".into()));
    }
    budget.lines.iter().find_map(|line| match &line.amount {
        Some(Spanned {
            value: Amount::Money(m),
            span,
        }) => Some(PlanCurrency {
            currency: m.currency,
            span: *span,
            source: format!("line `{}`", line.name.name),
        }),
        _ => None,
    })
}

/// The budget's amounts in minor units, when every one of them is known and right.
#[derive(Debug, Clone)]
pub struct Amounts {
    /// The total (given, or the campaign's budget, or without either the reserve plus the lines).
    pub total: i64,
    /// The reserve (0 when there is none).
    pub reserve: i64,
    /// Each line's amount, in source order.
    pub lines: Vec<i64>,
}

/// What the amounts check found.
#[derive(Debug)]
pub struct Outcome {
    /// The amounts, when all are known and the budget has no error in its money.
    pub amounts: Option<Amounts>,
    /// Whether an error was reported.
    pub failed: bool,
}

/// One amount as written: money already in the plan's currency, a percentage of the total, or
/// not known (missing, or in another currency: already reported).
#[derive(Debug, Clone, Copy)]
enum Written {
    Minor(i64),
    Percent(Decimal),
    Unknown,
}

/// The reserve or a line: what it is called in messages, what is written, where.
#[derive(Debug)]
struct Item {
    what: String,
    written: Written,
    span: Span,
    /// The amount in minor units, once percentages are converted.
    minor: Option<i64>,
}

/// The total the lines are measured against, and where to point at it.
#[derive(Debug, Clone, Copy)]
struct Total {
    minor: i64,
    /// The budget's `total` value, or the `budget` keyword when the total is the campaign's.
    span: Span,
    /// The campaign's `budget` value when the total comes from there.
    campaign: Option<Span>,
}

impl Total {
    fn attach(self, d: Diagnostic, cur: Currency) -> Diagnostic {
        match self.campaign {
            Some(span) => d.with_secondary(
                span,
                format!(
                    "the total is the campaign's budget, {}",
                    money(self.minor, cur)
                ),
            ),
            None => d,
        }
    }
}

/// Checks the budget's money and converts percentages; see the parent module for the rules.
pub fn check(
    out: &mut Vec<Diagnostic>,
    model: &Model,
    budget: &Budget,
    plan: Option<&PlanCurrency>,
) -> Outcome {
    let Some(plan) = plan else {
        return without_money(out, budget);
    };
    let cur = plan.currency;
    let mut failed = false;
    let mut in_currency = |m: &Spanned<Money>, what: &str| -> Option<i64> {
        if m.value.currency.code == cur.code {
            return Some(m.value.minor);
        }
        failed = true;
        let other = m.value.currency.as_str();
        let code = cur.as_str();
        out.push(
            Diagnostic::new(
                "E0701",
                m.span,
                format!("{what} is in {other}, but the plan's currency is {code}"),
            )
            .label(format!("in {other}, not {code}"))
            .with_secondary(
                plan.span,
                format!("the plan's currency is {code}, set by {}", plan.source),
            )
            .help(format!(
                "write this amount in {code}: a plan has one currency and smm never converts \
                 between currencies, so convert it at the rate you budget with"
            )),
        );
        None
    };

    // The total: the budget's own, else the campaign's; both given must agree.
    let campaign_total = model
        .campaign
        .as_ref()
        .and_then(|c| c.budget.as_ref())
        .filter(|m| m.value.currency.code == cur.code);
    let budget_total = budget
        .total
        .as_ref()
        .and_then(|m| in_currency(m, "the budget's total").map(|minor| (minor, m.span)));
    let written =
        |w: &Option<Spanned<Amount>>,
         what: &str,
         in_currency: &mut dyn FnMut(&Spanned<Money>, &str) -> Option<i64>| {
            match w {
                None => None,
                Some(Spanned {
                    value: Amount::Money(m),
                    span,
                }) => {
                    let m = Spanned {
                        value: *m,
                        span: *span,
                    };
                    Some((
                        in_currency(&m, what).map_or(Written::Unknown, Written::Minor),
                        *span,
                    ))
                }
                Some(Spanned {
                    value: Amount::Percent(d),
                    span,
                }) => Some((Written::Percent(*d), *span)),
            }
        };
    let mut reserve: Option<Item> =
        written(&budget.reserve, "the reserve", &mut in_currency).map(|(written, span)| Item {
            what: "the reserve".into(),
            written,
            span,
            minor: None,
        });
    let mut lines: Vec<Item> = budget
        .lines
        .iter()
        .map(|line| {
            let what = format!("line `{}`", line.name.name);
            let (written, span) = written(
                &line.amount,
                &format!("the amount of {what}"),
                &mut in_currency,
            )
            .unwrap_or((Written::Unknown, line.name.span));
            Item {
                what,
                written,
                span,
                minor: None,
            }
        })
        .collect();

    let total = match (budget_total, campaign_total) {
        (Some((minor, span)), campaign) => {
            if let Some(c) = campaign.filter(|c| c.value.minor != minor) {
                failed = true;
                let (b, k) = (money(minor, cur), money(c.value.minor, cur));
                let gap = money((i128::from(minor) - i128::from(c.value.minor)).abs(), cur);
                out.push(
                    Diagnostic::new(
                        "E0702",
                        span,
                        format!("the budget's total is {b}, but the campaign's budget is {k}"),
                    )
                    .label(format!("the budget says {b}"))
                    .with_secondary(c.span, format!("the campaign says {k}"))
                    .help(
                        "make the two amounts agree, or remove `total` from the budget: it \
                         defaults to the campaign's budget",
                    )
                    .note(format!("they differ by {gap}")),
                );
            }
            Some(Total {
                minor,
                span,
                campaign: None,
            })
        }
        (None, Some(c)) => Some(Total {
            minor: c.value.minor,
            span: budget.span,
            campaign: Some(c.span),
        }),
        (None, None) => None,
    };
    let total_given = budget.total.is_some() || campaign_total.is_some();

    for item in reserve.iter_mut().chain(lines.iter_mut()) {
        if let Written::Minor(m) = item.written {
            item.minor = Some(m);
        }
    }

    // Percentages of the total: the reserve first, then the lines in source order.
    let mut percents_ok = true;
    let percent_items: Vec<&mut Item> = reserve
        .iter_mut()
        .chain(lines.iter_mut())
        .filter(|i| matches!(i.written, Written::Percent(_)))
        .collect();
    if !percent_items.is_empty() {
        let refs: Vec<&Item> = percent_items.iter().map(|i| &**i).collect();
        if let Some(d) = over_a_hundred(&refs) {
            out.push(d);
            failed = true;
            percents_ok = false;
        }
        if !total_given {
            let items: Vec<&Item> = percent_items.iter().map(|i| &**i).collect();
            out.push(no_total(budget, &items, cur.as_str()));
            failed = true;
            percents_ok = false;
        }
        if let (Some(t), true) = (total, percents_ok) {
            let shares: Vec<(i64, u8)> = percent_items
                .iter()
                .map(|i| match i.written {
                    Written::Percent(d) => (d.units, d.scale),
                    _ => (0, 0),
                })
                .collect();
            match split::percent_split(t.minor, &shares) {
                Ok(amounts) => {
                    for (item, amount) in percent_items.into_iter().zip(amounts) {
                        item.minor = Some(amount);
                    }
                }
                Err(_) => {
                    failed = true;
                    percents_ok = false;
                    out.push(
                        Diagnostic::new(
                            "E0115",
                            t.span,
                            "the budget's percentages of this total are too large to compute exactly",
                        )
                        .label("percentages of this total")
                        .help("lower the total or the percentages"),
                    );
                }
            }
        }
    } else if !total_given && reserve.is_none() && budget.lines.is_empty() {
        failed = true;
        out.push(empty(budget, cur.as_str()));
    }

    let reserve_minor = reserve.as_ref().map_or(Some(0), |r| r.minor);
    let all_known = reserve_minor.is_some() && lines.iter().all(|l| l.minor.is_some());
    let reserve_known = i128::from(reserve_minor.unwrap_or(0));
    let lines_known: i128 = lines.iter().filter_map(|l| l.minor).map(i128::from).sum();

    let total_minor = match total {
        Some(t) => {
            let spent = reserve_known + lines_known;
            if percents_ok && spent > i128::from(t.minor) {
                failed = true;
                out.push(overrun(t, reserve.as_ref(), &lines, cur));
            } else if percents_ok && all_known && !failed && spent < i128::from(t.minor) {
                out.push(unallocated(t, reserve.as_ref(), &lines, cur));
            }
            Some(t.minor)
        }
        None if all_known && !total_given => match i64::try_from(reserve_known + lines_known) {
            Ok(sum) => Some(sum),
            Err(_) => {
                failed = true;
                out.push(
                    Diagnostic::new(
                        "E0115",
                        budget.span,
                        "the budget's lines add up to an amount too large to count exactly",
                    )
                    .label(format!(
                        "the lines and reserve come to {}",
                        money(reserve_known + lines_known, cur)
                    ))
                    .help("lower the amounts"),
                );
                None
            }
        },
        None => None,
    };

    let amounts = match (total_minor, failed, all_known) {
        (Some(total), false, true) => Some(Amounts {
            total,
            reserve: reserve_minor.unwrap_or(0),
            lines: lines.iter().map(|l| l.minor.unwrap_or(0)).collect(),
        }),
        _ => None,
    };
    Outcome { amounts, failed }
}

/// A budget in which no amount of money is written: only percentages, or nothing.
fn without_money(out: &mut Vec<Diagnostic>, budget: &Budget) -> Outcome {
    let percent = |a: &Option<Spanned<Amount>>, what: String| match a {
        Some(Spanned {
            value: Amount::Percent(d),
            span,
        }) => Some(Item {
            what,
            written: Written::Percent(*d),
            span: *span,
            minor: None,
        }),
        _ => None,
    };
    let items: Vec<Item> = percent(&budget.reserve, "the reserve".into())
        .into_iter()
        .chain(
            budget
                .lines
                .iter()
                .filter_map(|l| percent(&l.amount, format!("line `{}`", l.name.name))),
        )
        .collect();
    let mut failed = false;
    if !items.is_empty() {
        let refs: Vec<&Item> = items.iter().collect();
        if let Some(d) = over_a_hundred(&refs) {
            out.push(d);
        }
        out.push(no_total(budget, &refs, "EUR"));
        failed = true;
    } else if budget.reserve.is_none() && budget.lines.is_empty() {
        out.push(empty(budget, "EUR"));
        failed = true;
    }
    Outcome {
        amounts: None,
        failed,
    }
}

/// E0707 for `budget {}` with no total anywhere.
fn empty(budget: &Budget, code: &str) -> Diagnostic {
    Diagnostic::new(
        "E0707",
        budget.span,
        "the budget is empty: it has no total and no lines",
    )
    .label("no total, no reserve, no line")
    .help(format!(
        "add a total (`total 10000 {code}`) and the lines that spend it, or remove the empty budget"
    ))
}

/// E0704 when the percentages (reserve included) add up to more than 100%.
fn over_a_hundred(items: &[&Item]) -> Option<Diagnostic> {
    let percent = |i: &Item| match i.written {
        Written::Percent(d) => d,
        _ => Decimal { units: 0, scale: 0 },
    };
    // Exact comparison at the largest scale (at most 18 from the parser; clamped for safety).
    let scale = items
        .iter()
        .map(|i| percent(i).scale)
        .max()
        .unwrap_or(0)
        .min(36);
    let at_scale = |d: Decimal| -> u128 {
        let widen = 10u128.pow(u32::from(scale.saturating_sub(d.scale)));
        u128::from(d.units.unsigned_abs()).saturating_mul(widen)
    };
    let hundred = 100u128.saturating_mul(10u128.pow(u32::from(scale)));
    let mut running: u128 = 0;
    let mut crossing: Option<(usize, u128)> = None;
    for (n, item) in items.iter().enumerate() {
        running = running.saturating_add(at_scale(percent(item)));
        if crossing.is_none() && running > hundred {
            crossing = Some((n, running));
        }
    }
    let (at, reached) = crossing?;
    let shown = |units: u128| {
        if units == u128::MAX {
            "far more than 100%".to_string()
        } else {
            format_percent(units, scale)
        }
    };
    let sum = shown(running);
    let mut d = Diagnostic::new(
        "E0704",
        items[at].span,
        format!("the budget's percentages add up to {sum}, more than the whole total"),
    )
    .label(if at + 1 == items.len() {
        format!("brings the percentages to {}", shown(reached))
    } else {
        format!("brings the percentages to {}, over 100%", shown(reached))
    })
    .help("lower the percentages so that, with the reserve, they add up to at most 100%");
    for item in items.iter().take(LISTED) {
        let p = percent(item);
        d = d.note(format!(
            "{}: {}",
            item.what,
            format_percent(u128::from(p.units.unsigned_abs()), p.scale)
        ));
    }
    if items.len() > LISTED {
        let rest = items[LISTED..]
            .iter()
            .fold(0u128, |acc, i| acc.saturating_add(at_scale(percent(i))));
        d = d.note(format!(
            "… and {} more: {}",
            items.len() - LISTED,
            shown(rest)
        ));
    }
    let over = if running == u128::MAX {
        sum.clone()
    } else {
        format!("{sum}, {} over 100%", shown(running - hundred))
    };
    Some(d.note(format!("together: {over}")))
}

/// E0707 when percentages have no total to be taken of.
fn no_total(budget: &Budget, items: &[&Item], code: &str) -> Diagnostic {
    let first = &items[0];
    let what = match first.written {
        Written::Percent(p) => format_percent(u128::from(p.units.unsigned_abs()), p.scale),
        _ => String::new(),
    };
    let mut d = Diagnostic::new(
        "E0707",
        budget.span,
        "the budget has no total, so its percentages are percentages of nothing",
    )
    .label("this budget has no `total`")
    .with_secondary(first.span, format!("{what} of what?"))
    .help(format!(
        "add `total 10000 {code}` to the budget (or `budget 10000 {code}` to the campaign), or give these amounts in money"
    ));
    if items.len() > 1 {
        d = d.note(format!(
            "percentages without a total: {}",
            list(items.iter().map(|i| i.what.as_str()))
        ));
    }
    d
}

/// `a, b, c` or `a, b, … and 7 more`.
fn list<'a>(names: impl ExactSizeIterator<Item = &'a str>) -> String {
    let n = names.len();
    let mut text = names.take(LISTED).collect::<Vec<_>>().join(", ");
    if n > LISTED {
        text.push_str(&format!(" and {} more", n - LISTED));
    }
    text
}

/// One note per counted line (the first [`LISTED`]), then the rest summed; lines not counted.
fn line_notes(lines: &[Item], cur: Currency, total: i64) -> Vec<String> {
    let mut notes = Vec::new();
    let mut rest: (usize, i128) = (0, 0);
    let mut counted = 0;
    for line in lines {
        let Some(minor) = line.minor else { continue };
        counted += 1;
        if counted > LISTED {
            rest.0 += 1;
            rest.1 += i128::from(minor);
            continue;
        }
        notes.push(item_note(line, minor, cur, total));
    }
    if rest.0 > 0 {
        notes.push(format!(
            "… and {} more lines: {}",
            rest.0,
            money(rest.1, cur)
        ));
    }
    let uncounted: Vec<&str> = lines
        .iter()
        .filter(|l| l.minor.is_none())
        .map(|l| l.what.as_str())
        .collect();
    if !uncounted.is_empty() {
        notes.push(format!(
            "not counted (amount missing or in another currency): {}",
            list(uncounted.into_iter())
        ));
    }
    notes
}

/// `line `a`: 6 500.00 EUR` or `line `b`: 15% of 24 000.00 EUR = 3 600.00 EUR`.
fn item_note(item: &Item, minor: i64, cur: Currency, total: i64) -> String {
    match item.written {
        Written::Percent(p) => format!(
            "{}: {} of {} = {}",
            item.what,
            format_percent(u128::from(p.units.unsigned_abs()), p.scale),
            money(total, cur),
            money(minor, cur)
        ),
        _ => format!("{}: {}", item.what, money(minor, cur)),
    }
}

/// E0703: lines and reserve above the total, with the arithmetic.
fn overrun(total: Total, reserve: Option<&Item>, lines: &[Item], cur: Currency) -> Diagnostic {
    let reserve_minor = reserve.and_then(|r| r.minor);
    let lines_sum: i128 = lines.iter().filter_map(|l| l.minor).map(i128::from).sum();
    let spent = lines_sum + i128::from(reserve_minor.unwrap_or(0));
    let over = spent - i128::from(total.minor);
    let (t, s, o) = (money(total.minor, cur), money(spent, cur), money(over, cur));
    let subject = match (
        reserve_minor.is_some(),
        lines.iter().any(|l| l.minor.is_some()),
    ) {
        (true, true) => "lines and reserve come to",
        (true, false) => "the reserve is",
        _ => "lines come to",
    };
    let mut d = Diagnostic::new(
        "E0703",
        total.span,
        format!("{subject} {s}, {o} over the total of {t}"),
    )
    .label(match total.campaign {
        Some(_) => format!("this budget's total, the campaign's budget, is {t}"),
        None => format!("the total is {t}"),
    })
    .help(format!(
        "lower the lines or the reserve by {o} in all, or raise the total to {s}"
    ));
    d = total.attach(d, cur);
    for note in line_notes(lines, cur, total.minor) {
        d = d.note(note);
    }
    if let (Some(r), Some(minor)) = (reserve, reserve_minor) {
        d = d.note(item_note(r, minor, cur, total.minor));
    }
    let sum = match reserve_minor {
        Some(r) => format!(
            "lines {} + reserve {} = {s}",
            money(lines_sum, cur),
            money(r, cur)
        ),
        None => format!("lines: {s}"),
    };
    d.note(sum).note(format!("{s} − total {t} = {o} over"))
}

/// W0702: part of the total is neither in a line nor in the reserve.
fn unallocated(total: Total, reserve: Option<&Item>, lines: &[Item], cur: Currency) -> Diagnostic {
    let reserve_minor = reserve.and_then(|r| r.minor).unwrap_or(0);
    let lines_sum: i128 = lines.iter().filter_map(|l| l.minor).map(i128::from).sum();
    let left = i128::from(total.minor) - lines_sum - i128::from(reserve_minor);
    let (t, l) = (money(total.minor, cur), money(left, cur));
    let d = Diagnostic::new(
        "W0702",
        total.span,
        format!("{l} of the {t} budget is not allocated to any line or to the reserve"),
    )
    .label(format!("{l} left unallocated"))
    .help("give it to a line or to the reserve, or lower the total")
    .note(format!(
        "total {t} − reserve {} − lines {} = {l}",
        money(reserve_minor, cur),
        money(lines_sum, cur)
    ));
    total.attach(d, cur)
}
