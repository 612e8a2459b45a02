//! The abstract syntax tree: statements with typed, already converted values, all spanned.
//!
//! The tree is generic, like the grammar: a [`Statement`] is a keyword, arguments and an optional
//! block. Which keywords and keys exist is the schema's business (semantic passes), not the
//! tree's. Literals are converted while parsing: a date is a [`chrono::NaiveDate`], money is exact
//! minor units; a literal that could not be converted is [`ValueKind::Invalid`] (its error has been
//! reported), so later passes skip it without reporting again.

use std::fmt;

use chrono::{NaiveDate, NaiveDateTime, NaiveTime};

use crate::source::{FileId, Span};

/// One parsed source file.
#[derive(Debug, Clone, PartialEq)]
pub struct File {
    /// Which file of the source map.
    pub file: FileId,
    /// Top-level statements, in source order.
    pub statements: Vec<Statement>,
}

/// `keyword argument* block?`
#[derive(Debug, Clone, PartialEq)]
pub struct Statement {
    /// The first word: a declaration kind at top level, a key inside a block.
    pub keyword: Ident,
    /// The values after the keyword.
    pub args: Vec<Value>,
    /// The nested statements between `{` and `}`, if any.
    pub block: Option<Block>,
    /// From the keyword to the end of the last argument or of the block.
    pub span: Span,
    /// A syntax error was reported inside this statement; its arguments may be incomplete, so
    /// semantic passes must not report missing values on it.
    pub broken: bool,
}

impl Statement {
    /// The nested statements (empty without a block).
    pub fn children(&self) -> &[Statement] {
        self.block.as_ref().map_or(&[], |b| &b.statements)
    }
}

/// `{ statement* }`
#[derive(Debug, Clone, PartialEq)]
pub struct Block {
    /// Statements in source order.
    pub statements: Vec<Statement>,
    /// From `{` to `}` inclusive.
    pub span: Span,
}

/// A name: an ASCII identifier with its span.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Ident {
    /// The identifier text.
    pub name: String,
    /// Where it is written.
    pub span: Span,
}

/// A literal value with its span.
#[derive(Debug, Clone, PartialEq)]
pub struct Value {
    /// The converted value.
    pub kind: ValueKind,
    /// Where it is written.
    pub span: Span,
}

/// The typed content of a literal.
#[derive(Debug, Clone, PartialEq)]
pub enum ValueKind {
    /// `"..."`, escapes resolved.
    String(String),
    /// `"""` block, indentation removed.
    TextBlock(String),
    /// `12_000`
    Integer(i64),
    /// `4.5`
    Decimal(Decimal),
    /// `4.5%`: the number of percent (4.5, not 0.045).
    Percent(Decimal),
    /// `12.50 EUR`
    Money(Money),
    /// `2027-03-01`
    Date(NaiveDate),
    /// `09:00`
    Time(NaiveTime),
    /// `2027-03-03 09:00`, wall-clock time in the effective zone.
    DateTime(NaiveDateTime),
    /// `30min`, `2h`, `3d`, `2w`
    Duration(Duration),
    /// `18..34`, inclusive.
    Range(i64, i64),
    /// `[a, b, c]`
    List(Vec<Value>),
    /// `>= 50000`
    Comparison(CmpOp, Box<Value>),
    /// An identifier used as a reference or an enumerated value.
    Word(String),
    /// A literal whose error was already reported.
    Invalid,
}

impl ValueKind {
    /// The type's name as users read it in diagnostics ("a date", "a list").
    pub fn type_name(&self) -> &'static str {
        match self {
            ValueKind::String(_) => "a string",
            ValueKind::TextBlock(_) => "a text block",
            ValueKind::Integer(_) => "an integer",
            ValueKind::Decimal(_) => "a decimal number",
            ValueKind::Percent(_) => "a percentage",
            ValueKind::Money(_) => "an amount of money",
            ValueKind::Date(_) => "a date",
            ValueKind::Time(_) => "a time",
            ValueKind::DateTime(_) => "a date and time",
            ValueKind::Duration(_) => "a duration",
            ValueKind::Range(..) => "a range",
            ValueKind::List(_) => "a list",
            ValueKind::Comparison(..) => "a comparison",
            ValueKind::Word(_) => "a word",
            ValueKind::Invalid => "an invalid value",
        }
    }
}

/// An exact decimal number: `units / 10^scale`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Decimal {
    /// All digits, without the point.
    pub units: i64,
    /// Number of digits after the point.
    pub scale: u8,
}

impl fmt::Display for Decimal {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.scale == 0 {
            return write!(f, "{}", self.units);
        }
        let p = 10i64.pow(self.scale as u32);
        let sign = if self.units < 0 { "-" } else { "" };
        let abs = self.units.unsigned_abs();
        write!(
            f,
            "{sign}{}.{:0width$}",
            abs / p as u64,
            abs % p as u64,
            width = self.scale as usize
        )
    }
}

/// An amount of money in integer minor units (cents for EUR, yen for JPY).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Money {
    /// Amount in minor units.
    pub minor: i64,
    /// ISO 4217 code.
    pub currency: Currency,
}

/// An ISO 4217 currency code with its number of minor digits.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Currency {
    /// Three capital letters.
    pub code: [u8; 3],
    /// Digits after the decimal point (2 for EUR, 0 for JPY, 3 for KWD).
    pub minor_digits: u8,
}

impl Currency {
    /// The code as text.
    pub fn as_str(&self) -> &str {
        std::str::from_utf8(&self.code).unwrap_or("???")
    }
}

impl fmt::Display for Money {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let d = Decimal {
            units: self.minor,
            scale: self.currency.minor_digits,
        };
        write!(f, "{d} {}", self.currency.as_str())
    }
}

/// A duration as written: an amount and a unit.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Duration {
    /// How many units.
    pub amount: i64,
    /// Which unit.
    pub unit: DurationUnit,
}

impl Duration {
    /// Length in minutes.
    pub fn minutes(&self) -> i64 {
        self.amount.saturating_mul(self.unit.minutes())
    }
}

impl fmt::Display for Duration {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}{}", self.amount, self.unit.suffix())
    }
}

/// `min`, `h`, `d`, `w`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum DurationUnit {
    /// `min`
    Minutes,
    /// `h`
    Hours,
    /// `d`
    Days,
    /// `w`
    Weeks,
}

impl DurationUnit {
    /// Minutes in one unit.
    pub fn minutes(self) -> i64 {
        match self {
            DurationUnit::Minutes => 1,
            DurationUnit::Hours => 60,
            DurationUnit::Days => 1440,
            DurationUnit::Weeks => 10080,
        }
    }

    /// The suffix as written.
    pub fn suffix(self) -> &'static str {
        match self {
            DurationUnit::Minutes => "min",
            DurationUnit::Hours => "h",
            DurationUnit::Days => "d",
            DurationUnit::Weeks => "w",
        }
    }
}

/// `>=`, `<=`, `=`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum CmpOp {
    /// At least.
    Ge,
    /// At most.
    Le,
    /// Exactly.
    Eq,
}

impl CmpOp {
    /// As written.
    pub fn as_str(self) -> &'static str {
        match self {
            CmpOp::Ge => ">=",
            CmpOp::Le => "<=",
            CmpOp::Eq => "=",
        }
    }
}
