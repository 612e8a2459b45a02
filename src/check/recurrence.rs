//! The small grammars inside a statement: `post … to … at|every …` and `every … at …`.
//!
//! The pest grammar keeps statements generic (`keyword value*`); here the values of a schedule's
//! `post` and of a task's `every` are read word by word, with errors that name what was expected
//! at the exact value (`E0311` for posts, `E0312` for recurrences).

// The error type is a whole diagnostic, built once on the cold path and moved to the caller.
#![allow(clippy::result_large_err)]

use chrono::{NaiveTime, Weekday};

use crate::ast::{Ident, Statement, Value, ValueKind};
use crate::diagnostic::Diagnostic;
use crate::schema::{self, WEEKDAYS};
use crate::source::Span;

use super::model::{Every, Post, Recurrence, Spanned, When, Window};
use super::props::words;

/// Reads values left to right and reports the first thing that does not fit.
struct Cursor<'a> {
    args: &'a [Value],
    i: usize,
    /// Where "missing" errors point: just after the statement's last value.
    end: Span,
    code: &'static str,
}

type Result<T> = std::result::Result<T, Diagnostic>;

impl<'a> Cursor<'a> {
    fn new(args: &'a [Value], after: Span, code: &'static str) -> Cursor<'a> {
        let end = args.last().map_or(after, |a| a.span);
        let end = Span::new(end.file, end.end as usize, end.end as usize);
        Cursor {
            args,
            i: 0,
            end,
            code,
        }
    }

    fn peek(&self) -> Option<&'a Value> {
        self.args.get(self.i)
    }

    fn peek_word(&self) -> Option<&'a str> {
        match self.peek().map(|v| &v.kind) {
            Some(ValueKind::Word(w)) => Some(w),
            _ => None,
        }
    }

    fn next(&mut self) -> Option<&'a Value> {
        let v = self.args.get(self.i);
        self.i += 1;
        v
    }

    fn here(&self) -> Span {
        self.peek().map_or(self.end, |v| v.span)
    }

    fn error(
        &self,
        message: impl Into<String>,
        label: impl Into<String>,
        help: impl Into<String>,
    ) -> Diagnostic {
        Diagnostic::new(self.code, self.here(), message)
            .label(label)
            .help(help)
    }

    /// Consumes the word `w` or reports what was expected.
    fn expect(&mut self, w: &str, after: &str, help: &str) -> Result<()> {
        if self.peek_word() == Some(w) {
            self.i += 1;
            return Ok(());
        }
        let found = self.found();
        Err(self.error(
            format!("expected `{w}` after {after}, found {found}"),
            format!("expected `{w}` here"),
            help,
        ))
    }

    fn found(&self) -> String {
        match self.peek() {
            None => "the end of the statement".into(),
            Some(v) => match &v.kind {
                ValueKind::Word(w) => format!("`{w}`"),
                k => k.type_name().to_string(),
            },
        }
    }

    fn span_from(&self, start: usize) -> Span {
        let first = self.args.get(start).map_or(self.end, |v| v.span);
        let last = self
            .args
            .get(self.i.saturating_sub(1))
            .map_or(first, |v| v.span);
        first.to(last)
    }
}

const POST_HELP: &str = "write `post MESSAGE to CHANNEL at 2027-03-03 09:00`, or `post [m1, m2] to [instagram, x] every tue at 18:00 during launch`";

/// Reads a schedule's `post` statement.
pub fn post(stmt: &Statement) -> Result<Post> {
    let mut c = Cursor::new(&stmt.args, stmt.keyword.span, "E0311");
    let messages = match c.next() {
        Some(
            v @ Value {
                kind: ValueKind::Word(_),
                ..
            },
        ) => (words(v), false),
        Some(
            v @ Value {
                kind: ValueKind::List(items),
                ..
            },
        ) if !items.is_empty() => {
            c.i -= 1;
            let names = names_list(&mut c, "a message")?;
            let _ = v;
            (names, true)
        }
        _ => {
            c.i = c.i.saturating_sub(1);
            return Err(c.error(
                "expected the message(s) to post",
                "expected a message name or a list of names",
                POST_HELP,
            ));
        }
    };
    c.expect("to", "the message(s)", POST_HELP)?;
    let channels = match c.peek().map(|v| &v.kind) {
        Some(ValueKind::Word(_)) | Some(ValueKind::List(_)) => names_list(&mut c, "a channel")?,
        _ => {
            return Err(c.error(
                format!("expected the channel(s) after `to`, found {}", c.found()),
                "expected a channel name or a list of names",
                POST_HELP,
            ))
        }
    };
    let when = match c.peek_word() {
        Some("at") => {
            c.i += 1;
            match c.peek().map(|v| (&v.kind, v.span)) {
                Some((ValueKind::DateTime(dt), span)) => {
                    c.i += 1;
                    When::Once(Spanned { value: *dt, span })
                }
                Some((ValueKind::Date(d), _)) => {
                    return Err(c.error(
                        "a one-off post needs a date and a time",
                        "a date without a time",
                        format!("write `at {d} 09:00`"),
                    ))
                }
                Some((ValueKind::Time(t), _)) => {
                    return Err(c.error(
                        "a time alone does not say which day",
                        "a time without a date",
                        format!(
                            "write `at 2027-03-03 {}` for one post, or `every day at {}` to repeat",
                            t.format("%H:%M"),
                            t.format("%H:%M")
                        ),
                    ))
                }
                _ => {
                    return Err(c.error(
                        format!("expected a date and time after `at`, found {}", c.found()),
                        "expected a date-time",
                        "write `at 2027-03-03 09:00`",
                    ))
                }
            }
        }
        Some("every") => {
            let start = c.i;
            c.i += 1;
            // Problems inside the recurrence are recurrence errors, as in a task's `every`.
            c.code = "E0312";
            let r = recurrence_rest(&mut c, start)?;
            c.code = "E0311";
            When::Every(r)
        }
        _ => {
            return Err(c.error(
                format!(
                    "expected `at` or `every` after the channel(s), found {}",
                    c.found()
                ),
                "expected `at` or `every`",
                POST_HELP,
            ))
        }
    };
    let mut repeat = false;
    if c.peek_word() == Some("repeat") {
        let span = c.here();
        c.i += 1;
        if !messages.1 {
            return Err(Diagnostic::new("E0311", span, "`repeat` only applies to a series of messages")
                .label("this post has one message")
                .help("a single message posts at every occurrence anyway; remove `repeat`, or write a list of messages"));
        }
        repeat = true;
    }
    if c.peek().is_some() {
        return Err(c.error(
            format!("unexpected {} at the end of the post", c.found()),
            "nothing may follow here",
            "`repeat` is the last word of a post, after `from … to …` or `during …`",
        ));
    }
    Ok(Post {
        messages: messages.0,
        series: messages.1,
        channels,
        when,
        repeat,
        span: stmt.span,
    })
}

/// Reads a task's `every …` statement (the values after the keyword).
pub fn every(stmt: &Statement) -> Result<Recurrence> {
    let mut c = Cursor::new(&stmt.args, stmt.keyword.span, "E0312");
    let mut r = recurrence_rest(&mut c, 0)?;
    r.span = stmt.span;
    if c.peek().is_some() {
        return Err(c.error(
            format!("unexpected {} at the end of the recurrence", c.found()),
            "nothing may follow here",
            "a recurrence ends with `from DATE to DATE` or `during PHASE`",
        ));
    }
    Ok(r)
}

/// One name or a list of names (non-empty).
fn names_list(c: &mut Cursor, what: &str) -> Result<Vec<Ident>> {
    let v = c.next().expect("caller checked a value is there");
    if let ValueKind::List(items) = &v.kind {
        if items.is_empty() {
            c.i -= 1;
            return Err(c.error(
                "an empty list",
                format!("expected at least {what}"),
                "write one or more names in the list",
            ));
        }
        if let Some(bad) = items.iter().find(|i| !matches!(i.kind, ValueKind::Word(_))) {
            return Err(Diagnostic::new(
                c.code,
                bad.span,
                format!("expected {what} name, found {}", bad.kind.type_name()),
            )
            .label("not a name")
            .help("names are written without quotes"));
        }
    }
    Ok(words(v))
}

const EVERY_HELP: &str = "write `every day`, `every weekday`, `every tue`, `every [tue, fri]`, `every 2 weeks on thu` or `every month on day 1`, then `at 09:00`";

/// Reads what follows `every` (the cursor is just after it).
fn recurrence_rest(c: &mut Cursor, start: usize) -> Result<Recurrence> {
    let c_code = c.code;
    let every = match c.peek().map(|v| &v.kind) {
        Some(ValueKind::Word(w)) => match w.as_str() {
            "day" => {
                c.i += 1;
                Every::Day
            }
            "weekday" => {
                c.i += 1;
                Every::Weekdays(vec![
                    Weekday::Mon,
                    Weekday::Tue,
                    Weekday::Wed,
                    Weekday::Thu,
                    Weekday::Fri,
                ])
            }
            "week" => {
                c.i += 1;
                c.expect("on", "`every week`", "write `every week on mon`")?;
                Every::Weeks(1, weekdays(c)?)
            }
            "month" => {
                c.i += 1;
                Every::Months(1, month_day(c)?)
            }
            _ => Every::Weekdays(weekdays(c)?),
        },
        Some(ValueKind::List(_)) => Every::Weekdays(weekdays(c)?),
        Some(ValueKind::Integer(n)) => {
            let n_span = c.here();
            let n = *n;
            c.i += 1;
            if !(1..=520).contains(&n) {
                return Err(Diagnostic::new(
                    c_code,
                    n_span,
                    format!("`every {n}` is not a usable interval"),
                )
                .label("expected a number from 1 to 520")
                .help("write `every 2 weeks on thu` or `every 3 months on day 15`"));
            }
            match c.peek_word() {
                Some("weeks" | "week") => {
                    c.i += 1;
                    c.expect(
                        "on",
                        &format!("`every {n} weeks`"),
                        "write `every 2 weeks on [tue, thu]`",
                    )?;
                    Every::Weeks(n as u32, weekdays(c)?)
                }
                Some("months" | "month") => {
                    c.i += 1;
                    Every::Months(n as u32, month_day(c)?)
                }
                _ => {
                    return Err(c.error(
                        format!(
                            "expected `weeks` or `months` after `every {n}`, found {}",
                            c.found()
                        ),
                        "expected `weeks` or `months`",
                        "write `every 2 weeks on thu` or `every 3 months on day 15`",
                    ))
                }
            }
        }
        _ => {
            return Err(c.error(
                format!("expected how often after `every`, found {}", c.found()),
                "expected day, weekday, a weekday or a number",
                EVERY_HELP,
            ))
        }
    };
    c.expect(
        "at",
        "the recurrence",
        "write the time of day: `at 09:00` or `at [09:00, 17:30]`",
    )?;
    let times = times(c)?;
    let window = match c.peek_word() {
        Some("from") => {
            c.i += 1;
            let from = date(c, "`from`")?;
            c.expect(
                "to",
                "the first date",
                "write `from 2027-03-08 to 2027-04-30`",
            )?;
            let to = date(c, "`to`")?;
            Window::Dates(from, to)
        }
        Some("during") => {
            c.i += 1;
            match c.peek().map(|v| (&v.kind, v.span)) {
                Some((ValueKind::Word(w), span)) => {
                    c.i += 1;
                    Window::Phase(Ident {
                        name: w.clone(),
                        span,
                    })
                }
                _ => {
                    return Err(c.error(
                        format!("expected a phase after `during`, found {}", c.found()),
                        "expected a phase name",
                        "write `during launch`",
                    ))
                }
            }
        }
        _ => Window::Campaign,
    };
    Ok(Recurrence {
        every,
        times,
        window,
        span: c.span_from(start),
    })
}

/// A weekday word or a list of them.
fn weekdays(c: &mut Cursor) -> Result<Vec<Weekday>> {
    let Some(v) = c.peek() else {
        return Err(c.error(
            "expected a weekday",
            "expected mon, tue, wed, thu, fri, sat or sun",
            EVERY_HELP,
        ));
    };
    let items = match &v.kind {
        ValueKind::List(items) if !items.is_empty() => items.as_slice(),
        ValueKind::Word(_) => std::slice::from_ref(v),
        _ => {
            return Err(c.error(
                format!("expected a weekday, found {}", c.found()),
                "expected a weekday",
                EVERY_HELP,
            ))
        }
    };
    let mut days = Vec::new();
    for item in items {
        let day = match &item.kind {
            ValueKind::Word(w) => weekday(w),
            _ => None,
        };
        match day {
            Some(d) => days.push(d),
            None => {
                let text = match &item.kind {
                    ValueKind::Word(w) => w.clone(),
                    k => k.type_name().to_string(),
                };
                let hint = match &item.kind {
                    ValueKind::Word(w) => weekday_hint(w),
                    _ => None,
                };
                let d = Diagnostic::new(c.code, item.span, format!("`{text}` is not a weekday"));
                return Err(match hint {
                    Some(h) => d
                        .label(format!("did you mean `{h}`?"))
                        .help(format!("weekdays are written {}", WEEKDAYS.join(" "))),
                    None => d.label("expected a weekday").help(EVERY_HELP),
                });
            }
        }
    }
    c.i += 1;
    Ok(days)
}

fn weekday(w: &str) -> Option<Weekday> {
    WEEKDAYS.iter().position(|d| *d == w).map(|i| match i {
        0 => Weekday::Mon,
        1 => Weekday::Tue,
        2 => Weekday::Wed,
        3 => Weekday::Thu,
        4 => Weekday::Fri,
        5 => Weekday::Sat,
        _ => Weekday::Sun,
    })
}

fn weekday_hint(w: &str) -> Option<&'static str> {
    let lower = w.to_ascii_lowercase();
    WEEKDAYS
        .iter()
        .copied()
        .find(|d| lower.len() > 3 && lower.starts_with(d))
        .or_else(|| schema::suggest(&lower, WEEKDAYS.iter().copied()))
}

/// `on day N`.
fn month_day(c: &mut Cursor) -> Result<u32> {
    c.expect("on", "`month(s)`", "write `every month on day 1`")?;
    c.expect("day", "`on`", "write `every month on day 1`")?;
    match c.peek().map(|v| (&v.kind, v.span)) {
        Some((ValueKind::Integer(n), _)) if (1..=31).contains(n) => {
            c.i += 1;
            Ok(*n as u32)
        }
        Some((ValueKind::Integer(n), span)) => {
            Err(
                Diagnostic::new(c.code, span, format!("there is no day {n} in a month"))
                    .label("expected a day from 1 to 31")
                    .help("months have days 1 to 31; a month without that day is skipped"),
            )
        }
        _ => Err(c.error(
            format!("expected a day of the month, found {}", c.found()),
            "expected a number from 1 to 31",
            "write `every month on day 1`",
        )),
    }
}

/// `09:00` or `[09:00, 17:30]`.
fn times(c: &mut Cursor) -> Result<Vec<Spanned<NaiveTime>>> {
    let Some(v) = c.peek() else {
        return Err(c.error(
            "expected a time after `at`",
            "expected a time such as 09:00",
            "write `at 09:00` or `at [09:00, 17:30]`",
        ));
    };
    let items = match &v.kind {
        ValueKind::List(items) if !items.is_empty() => items.as_slice(),
        ValueKind::Time(_) => std::slice::from_ref(v),
        ValueKind::DateTime(_) => {
            return Err(c.error(
                "a recurring post takes a time of day, not a date and time",
                "a date-time",
                "write the time alone (`at 09:00`) and the dates with `from … to …`",
            ))
        }
        _ => {
            return Err(c.error(
                format!("expected a time after `at`, found {}", c.found()),
                "expected a time such as 09:00",
                "write `at 09:00` or `at [09:00, 17:30]`",
            ))
        }
    };
    let mut out = Vec::new();
    for item in items {
        match item.kind {
            ValueKind::Time(t) => out.push(Spanned {
                value: t,
                span: item.span,
            }),
            _ => {
                return Err(Diagnostic::new(
                    c.code,
                    item.span,
                    format!("expected a time, found {}", item.kind.type_name()),
                )
                .label("not a time")
                .help("times are written 09:00 or 18:30"))
            }
        }
    }
    c.i += 1;
    Ok(out)
}

fn date(c: &mut Cursor, after: &str) -> Result<Spanned<chrono::NaiveDate>> {
    match c.peek().map(|v| (&v.kind, v.span)) {
        Some((ValueKind::Date(d), span)) => {
            c.i += 1;
            Ok(Spanned { value: *d, span })
        }
        _ => Err(c.error(
            format!("expected a date after {after}, found {}", c.found()),
            "expected a date such as 2027-03-08",
            "write `from 2027-03-08 to 2027-04-30`",
        )),
    }
}
