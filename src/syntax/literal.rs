//! Converting literal tokens into typed values, with a precise error for each invalid one.
//!
//! The grammar only decides the shape of a token; this module decides whether it means
//! something: `2027-02-30` has a date's shape but is no date, `12.345 EUR` has more decimals than
//! the euro has cents. Each problem is reported on the token's span (or the part of it at fault)
//! and the value becomes [`ValueKind::Invalid`].

use chrono::{Month, NaiveDate, NaiveDateTime, NaiveTime};

use crate::ast::{Currency, Decimal, Duration, DurationUnit, Money, ValueKind};
use crate::diagnostic::Diagnostic;
use crate::source::Span;

/// Collects diagnostics while converting one file's literals.
pub(crate) struct Literals<'a> {
    pub diagnostics: &'a mut Vec<Diagnostic>,
}

type Result<T> = std::result::Result<T, ()>;

impl Literals<'_> {
    fn error(&mut self, d: Diagnostic) {
        self.diagnostics.push(d);
    }

    /// `12_000` → 12000. `text` holds digits and underscores only.
    pub fn digits(&mut self, text: &str, span: Span) -> Result<i64> {
        if text.ends_with('_') || text.contains("__") {
            self.error(
                Diagnostic::new(
                    "E0118",
                    span,
                    format!("`{text}` is not a well-formed number"),
                )
                .label("`_` must stand between two digits")
                .help("write thousands as `12_000` or `12000`"),
            );
            return Err(());
        }
        let mut value: i64 = 0;
        for b in text.bytes().filter(|b| *b != b'_') {
            value = match value
                .checked_mul(10)
                .and_then(|v| v.checked_add((b - b'0') as i64))
            {
                Some(v) => v,
                None => {
                    self.error(
                        Diagnostic::new("E0115", span, format!("`{text}` is too large"))
                            .label("does not fit in 64 bits")
                            .help(format!("numbers may be at most {}", i64::MAX)),
                    );
                    return Err(());
                }
            };
        }
        Ok(value)
    }

    /// `4.5` → 45 / 10^1.
    pub fn decimal(&mut self, text: &str, span: Span) -> Result<Decimal> {
        let (int, frac) = text.split_once('.').unwrap_or((text, ""));
        if frac.len() > 18 {
            self.error(
                Diagnostic::new("E0115", span, format!("`{text}` has too many decimals"))
                    .label("more than 18 digits after the point")
                    .help("round the number"),
            );
            return Err(());
        }
        let joined = format!("{int}{frac}");
        let digits_only = frac.replace('_', "");
        let units = self.digits(&joined, span)?;
        Ok(Decimal {
            units,
            scale: digits_only.len() as u8,
        })
    }

    /// `12.50 EUR` → 1250 minor units of EUR.
    pub fn money(&mut self, text: &str, span: Span) -> Result<Money> {
        let amount = text
            .trim_end_matches(|c: char| c.is_ascii_uppercase())
            .trim_end();
        let code = &text[text.len() - 3..];
        let code_span = Span::new(span.file, span.end as usize - 3, span.end as usize);
        let currency = match iso_currency::Currency::from_code(code) {
            Some(c) => Currency {
                code: code.as_bytes().try_into().unwrap_or(*b"???"),
                minor_digits: c.exponent().unwrap_or(0) as u8,
            },
            None => {
                self.error(
                    Diagnostic::new(
                        "E0113",
                        code_span,
                        format!("`{code}` is not a currency code"),
                    )
                    .label("unknown ISO 4217 code")
                    .help("use an ISO 4217 currency code such as EUR, USD, GBP, CHF or JPY"),
                );
                return Err(());
            }
        };
        let amount_span = Span::new(
            span.file,
            span.start as usize,
            span.start as usize + amount.len(),
        );
        let value = self.decimal(amount, amount_span)?;
        if value.scale > currency.minor_digits {
            let minor = currency.minor_digits;
            let what = match minor {
                0 => format!("{code} has no minor unit"),
                1 => format!("{code} has 1 digit after the point"),
                n => format!("{code} has {n} digits after the point"),
            };
            self.error(
                Diagnostic::new(
                    "E0112",
                    amount_span,
                    format!("`{amount}` is more precise than {code} allows"),
                )
                .label(format!("{} digits after the point", value.scale))
                .help(format!("{what}: round the amount")),
            );
            return Err(());
        }
        let factor = 10i64.pow((currency.minor_digits - value.scale) as u32);
        match value.units.checked_mul(factor) {
            Some(minor) => Ok(Money { minor, currency }),
            None => {
                self.error(
                    Diagnostic::new("E0115", amount_span, format!("`{amount}` is too large"))
                        .label("does not fit in 64 bits of minor units")
                        .help("amounts may be at most about 92 million billion minor units"),
                );
                Err(())
            }
        }
    }

    /// `2027-03-01`.
    pub fn date(&mut self, text: &str, span: Span) -> Result<NaiveDate> {
        let mut split = text.split('-');
        let parts = [(); 3].map(|_| split.next().unwrap_or(""));
        let shaped = split.next().is_none()
            && parts[0].len() == 4
            && parts[1].len() == 2
            && parts[2].len() == 2;
        if !shaped {
            self.error(
                Diagnostic::new("E0110", span, format!("`{text}` is not a date"))
                    .label("not in the form YYYY-MM-DD")
                    .help("a date looks like 2027-03-01: four-digit year, two-digit month and day"),
            );
            return Err(());
        }
        let (y, m, d) = (
            parts[0].parse::<i32>().unwrap_or(0),
            parts[1].parse::<u32>().unwrap_or(0),
            parts[2].parse::<u32>().unwrap_or(0),
        );
        if let Some(date) = NaiveDate::from_ymd_opt(y, m, d) {
            return Ok(date);
        }
        let (label, help) = match u8::try_from(m).ok().and_then(|m| Month::try_from(m).ok()) {
            None => (
                format!("there is no month {m}"),
                "months run from 01 to 12".to_string(),
            ),
            Some(month) => {
                let days = month.num_days(y).unwrap_or(28);
                (
                    format!("{} {y} has {days} days", month.name()),
                    format!("use a day between 01 and {days}"),
                )
            }
        };
        self.error(
            Diagnostic::new("E0110", span, format!("`{text}` is not a calendar date"))
                .label(label)
                .help(help),
        );
        Err(())
    }

    /// `09:00`.
    pub fn time(&mut self, text: &str, span: Span) -> Result<NaiveTime> {
        let (h, m) = text.split_once(':').unwrap_or((text, ""));
        if m.len() != 2 {
            self.error(
                Diagnostic::new("E0111", span, format!("`{text}` is not a time"))
                    .label("minutes need two digits")
                    .help("a time looks like 09:00 or 18:30 (24-hour clock)"),
            );
            return Err(());
        }
        let (hour, minute) = (
            h.parse::<u32>().unwrap_or(99),
            m.parse::<u32>().unwrap_or(99),
        );
        if let Some(t) = NaiveTime::from_hms_opt(hour, minute, 0) {
            return Ok(t);
        }
        let label = if hour > 23 {
            "hours run from 00 to 23"
        } else {
            "minutes run from 00 to 59"
        };
        let help = if hour == 24 && minute == 0 {
            "midnight is 00:00 (of the next day)"
        } else {
            "a time looks like 09:00 or 18:30 (24-hour clock)"
        };
        self.error(
            Diagnostic::new("E0111", span, format!("`{text}` is not a time of day"))
                .label(label)
                .help(help),
        );
        Err(())
    }

    /// `2027-03-03 09:00`: both halves are checked, so both errors show.
    pub fn datetime(&mut self, text: &str, span: Span) -> Result<NaiveDateTime> {
        let date_len = text.find([' ', '\t']).unwrap_or(text.len());
        let time_start = text.rfind([' ', '\t']).map_or(text.len(), |i| i + 1);
        let date_span = Span::new(
            span.file,
            span.start as usize,
            span.start as usize + date_len,
        );
        let time_span = Span::new(
            span.file,
            span.start as usize + time_start,
            span.end as usize,
        );
        let date = self.date(&text[..date_len], date_span);
        let time = self.time(&text[time_start..], time_span);
        Ok(NaiveDateTime::new(date?, time?))
    }

    /// `30min`, `2h`, `3d`, `2w`.
    pub fn duration(&mut self, text: &str, span: Span) -> Result<Duration> {
        let split = text
            .find(|c: char| c.is_ascii_alphabetic())
            .unwrap_or(text.len());
        let unit = match &text[split..] {
            "min" => DurationUnit::Minutes,
            "h" => DurationUnit::Hours,
            "d" => DurationUnit::Days,
            _ => DurationUnit::Weeks,
        };
        let amount = self.digits(&text[..split], span)?;
        Ok(Duration { amount, unit })
    }

    /// `18..34`, which must not end before it starts.
    pub fn range(&mut self, text: &str, span: Span) -> Result<(i64, i64)> {
        let (a, b) = text.split_once("..").unwrap_or((text, "0"));
        let lo = self.digits(a, span)?;
        let hi = self.digits(b, span)?;
        if hi < lo {
            self.error(
                Diagnostic::new(
                    "E0114",
                    span,
                    format!("the range `{text}` ends before it starts"),
                )
                .label(format!("{hi} is less than {lo}"))
                .help(format!("write the smaller bound first: `{hi}..{lo}`")),
            );
            return Err(());
        }
        Ok((lo, hi))
    }

    /// Digits glued to letters: `12000EUR`, `30s`, `2days`. Always an error.
    pub fn bad_number(&mut self, text: &str, span: Span) {
        let split = text
            .find(|c: char| c.is_ascii_alphabetic() || c == '-')
            .unwrap_or(text.len());
        let (number, suffix) = text.split_at(split);
        let d = if suffix.len() == 3 && suffix.bytes().all(|b| b.is_ascii_uppercase()) {
            Diagnostic::new(
                "E0118",
                span,
                format!("`{text}` is not a well-formed amount"),
            )
            .label("the currency is glued to the number")
            .help(format!(
                "put a space between the amount and the currency: `{number} {suffix}`"
            ))
        } else if suffix.bytes().all(|b| b.is_ascii_lowercase()) {
            let hint = match suffix {
                "m" | "mn" | "mins" | "minute" | "minutes" => "min",
                "hr" | "hrs" | "hour" | "hours" => "h",
                "day" | "days" | "j" => "d",
                "wk" | "wks" | "week" | "weeks" => "w",
                _ => "",
            };
            let help = if hint.is_empty() {
                "durations use the units min, h, d and w, as in 30min, 2h, 3d, 2w".to_string()
            } else {
                format!("write `{number}{hint}`: durations use the units min, h, d and w")
            };
            Diagnostic::new("E0119", span, format!("`{suffix}` is not a duration unit"))
                .label("unknown unit")
                .help(help)
        } else {
            Diagnostic::new(
                "E0118",
                span,
                format!("`{text}` is not a well-formed number"),
            )
            .label("digits followed by letters")
            .help("separate the number from the next word with a space")
        };
        self.error(d);
    }

    /// Resolves the escapes of a `"..."` token (quotes included in `text`).
    pub fn string(&mut self, text: &str, span: Span) -> Result<String> {
        let inner = &text[1..text.len() - 1];
        if !inner.contains('\\') {
            return Ok(inner.to_string());
        }
        let base = span.start as usize + 1;
        let mut out = String::with_capacity(inner.len());
        let mut ok = true;
        let mut chars = inner.char_indices().peekable();
        while let Some((i, c)) = chars.next() {
            if c != '\\' {
                out.push(c);
                continue;
            }
            let Some((j, e)) = chars.next() else { break };
            match e {
                '"' => out.push('"'),
                '\\' => out.push('\\'),
                'n' => out.push('\n'),
                't' => out.push('\t'),
                'u' => {
                    let rest = &inner[j + 1..];
                    let end = rest.find('}').filter(|_| rest.starts_with('{'));
                    let esc_end = end.map_or(j + 1, |e| j + 2 + e);
                    let esc_span = Span::new(span.file, base + i, base + esc_end);
                    match unicode_escape(end.map(|e| &rest[1..e])) {
                        Ok(ch) => out.push(ch),
                        Err(why) => {
                            ok = false;
                            let written = &inner[i..esc_end];
                            self.error(
                                Diagnostic::new(
                                    "E0104",
                                    esc_span,
                                    format!("invalid Unicode escape `{written}`"),
                                )
                                .label(why)
                                .help(
                                    "write `\\u{1F600}`: one to six hexadecimal digits in braces",
                                ),
                            );
                        }
                    }
                    while let Some(&(k, _)) = chars.peek() {
                        if k >= esc_end {
                            break;
                        }
                        chars.next();
                    }
                }
                other => {
                    ok = false;
                    let esc_span = Span::new(span.file, base + i, base + j + other.len_utf8());
                    self.error(
                        Diagnostic::new("E0103", esc_span, format!("unknown escape `\\{other}`"))
                            .label("not an escape sequence")
                            .help("the escapes are \\\" \\\\ \\n \\t and \\u{...}; write `\\\\` for a backslash"),
                    );
                }
            }
        }
        if ok {
            Ok(out)
        } else {
            Err(())
        }
    }

    /// A `"""` block: raw text, first line break and closing line dropped, indentation removed.
    pub fn text_block(&mut self, text: &str, span: Span) -> Result<String> {
        let inner = &text[3..text.len() - 3];
        let Some(body) = inner
            .strip_prefix("\r\n")
            .or_else(|| inner.strip_prefix('\n'))
        else {
            self.error(
                Diagnostic::new(
                    "E0123",
                    Span::new(span.file, span.start as usize, span.start as usize + 3),
                    "a text block must start on its own line",
                )
                .label("text follows the opening `\"\"\"`")
                .help(
                    "start the text on the line after `\"\"\"`, or use a \"string\" for one line",
                ),
            );
            return Err(());
        };
        Ok(dedent(body))
    }
}

/// The character of a `\\u{...}` escape from the text between its braces (`None`: no braces),
/// or what is wrong with it.
fn unicode_escape(hex: Option<&str>) -> std::result::Result<char, String> {
    let Some(hex) = hex else {
        return Err("expected `{` and `}` around the hexadecimal digits".into());
    };
    if hex.is_empty() {
        return Err("no digits between the braces".into());
    }
    if !hex.bytes().all(|b| b.is_ascii_hexdigit()) {
        return Err(format!("`{hex}` is not a hexadecimal number"));
    }
    if hex.len() > 6 {
        return Err("more than six hexadecimal digits".into());
    }
    let n = u32::from_str_radix(hex, 16).map_err(|e| e.to_string())?;
    char::from_u32(n).ok_or_else(|| {
        if (0xD800..=0xDFFF).contains(&n) {
            format!("U+{n:04X} is a UTF-16 surrogate, not a character")
        } else {
            format!("U+{n:04X} is past the last code point, U+10FFFF")
        }
    })
}

/// Removes the closing line (when blank) and the common indentation of non-blank lines.
pub fn dedent(body: &str) -> String {
    let mut lines: Vec<&str> = body
        .split('\n')
        .map(|l| l.strip_suffix('\r').unwrap_or(l))
        .collect();
    if lines.last().is_some_and(|l| l.trim().is_empty()) {
        lines.pop();
    }
    let indent = lines
        .iter()
        .filter(|l| !l.trim().is_empty())
        .map(|l| l.len() - l.trim_start_matches([' ', '\t']).len())
        .min()
        .unwrap_or(0);
    lines
        .iter()
        .map(|l| {
            if l.trim().is_empty() {
                ""
            } else {
                &l[indent..]
            }
        })
        .collect::<Vec<_>>()
        .join("\n")
}

/// A value of `kind` or [`ValueKind::Invalid`].
pub(crate) fn or_invalid<T>(r: Result<T>, kind: impl FnOnce(T) -> ValueKind) -> ValueKind {
    r.map_or(ValueKind::Invalid, kind)
}
