//! Exact budget splits: money over days, weeks and months, and percentages of a total.
//!
//! Money is always an `i64` count of minor units (cents for EUR, yen for JPY). Nothing here uses
//! floating point: products are taken in 128-bit integers, where `|i64| × u64 < 2^127` cannot
//! overflow, and every division keeps its remainder.
//!
//! # Splitting a line over its days
//!
//! [`daily`] gives each day of a line a weight by its [`Pacing`] (even → 1; front → n − i;
//! back → i + 1, for day i of n counted from 0) and shares the amount out with
//! [`largest_remainder`] (Hamilton's method): every day first gets the floor of its exact share,
//! then the units left over (fewer than the number of days) go one each to the days with the
//! largest remainders, ties going to the earlier day. Hence:
//!
//! - the days add up to the line's amount exactly, and each day is its exact share rounded
//!   down or up, never further off;
//! - an even line's days differ by at most one unit, the extra units falling on the first days;
//! - a front-paced line never spends more on a later day than on an earlier one, and a back-paced
//!   line never less (a day with a larger weight has a floor at least as large and, when the
//!   floors are equal, a remainder at least as large, winning ties by being earlier — or, for
//!   back pacing, a strictly larger remainder);
//! - a negative amount (a refund) is split as its magnitude and negated, so the parts all have
//!   the amount's sign.
//!
//! [`by_month`] and [`by_iso_week`] then add the days up per calendar month or ISO 8601 week
//! (keyed by the ISO week-based year, so 2027-01-01 falls in week 53 of 2026). A sum of exact
//! integers is exact, so a line's months and weeks add up to the line's amount too.
//!
//! # Tables that add up both ways
//!
//! The budget plan shows lines as rows and months (or weeks) as columns. Each line is split
//! on its own, so each row adds up to the line's amount exactly. A column total is a sum of
//! cells, each an exact integer, so nothing is rounded after the split: the column totals add
//! up to the same grand total as the row totals, both being the sum of all the cells. [`table`]
//! builds such a table from lines already grouped by [`by_month`] or [`by_iso_week`].
//!
//! # Percentages
//!
//! A percentage is an exact decimal `(units, scale)`, meaning `units / 10^scale` percent:
//! `10%` is `(10, 0)` and `12.5%` is `(125, 1)`.
//!
//! - [`percent_of`] rounds one percentage of a total to the minor unit **half away from zero**,
//!   which for the non-negative amounts of a budget is the "round half up" an accountant
//!   expects: 12.5% of 1.00 EUR is 0.125 EUR, written 0.13 EUR.
//! - Rounding several percentages one by one may allocate more than they are worth together
//!   (50% and 50% of one cent would each round up to one cent). [`percent_split`] shares a set of
//!   percentages of one total out together: their sum is the exact sum rounded half up, and
//!   each is its exact amount rounded down or up (largest remainder again, ties to the earlier
//!   item). A single percentage gets exactly [`percent_of`]. When the percentages add up to at
//!   most 100%, the shares never exceed the total; what is left (including any rounding residue)
//!   is the budget's unallocated remainder, which the checker reports, so no unit is lost.
//!
//! # Errors
//!
//! Splitting into nothing cannot be exact, so it is an error rather than a silent loss:
//! [`largest_remainder`] refuses an empty or all-zero list of weights, and [`daily`] a range
//! that ends before it starts. Results that do not fit in `i64` are reported as
//! [`SplitError::Overflow`].

use std::collections::BTreeMap;
use std::fmt;

use chrono::{Datelike, NaiveDate};
use serde::Serialize;

/// How a budget line spreads over its days (`pacing even | front | back`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, schemars::JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum Pacing {
    /// Every day has the same weight.
    Even,
    /// Day i of n has weight n − i: spending falls off day by day.
    Front,
    /// Day i of n has weight i + 1: spending builds up day by day.
    Back,
}

impl Pacing {
    /// The keyword as written in a plan.
    pub fn as_str(self) -> &'static str {
        match self {
            Pacing::Even => "even",
            Pacing::Front => "front",
            Pacing::Back => "back",
        }
    }
}

impl fmt::Display for Pacing {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Why a split could not be made exactly.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SplitError {
    /// There is nothing to split into: no weights at all.
    NoWeights,
    /// Every weight is zero, so no proportion is defined.
    ZeroWeights,
    /// A date range whose end lies before its start.
    EndBeforeStart { start: NaiveDate, end: NaiveDate },
    /// A percentage below zero (only in [`percent_split`]).
    NegativePercent { index: usize },
    /// A result or intermediate sum does not fit in its integer type.
    Overflow,
}

impl fmt::Display for SplitError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            SplitError::NoWeights => f.write_str("cannot split an amount into no parts"),
            SplitError::ZeroWeights => {
                f.write_str("cannot split an amount in proportion to weights that are all zero")
            }
            SplitError::EndBeforeStart { start, end } => {
                write!(f, "the range ends on {end}, before it starts on {start}")
            }
            SplitError::NegativePercent { index } => {
                write!(f, "percentage number {} is negative", index + 1)
            }
            SplitError::Overflow => f.write_str("the amount is too large to split"),
        }
    }
}

impl std::error::Error for SplitError {}

/// The weight of day `day` (0-based) of `days`: even → 1; front → `days − day`; back → `day + 1`.
///
/// Meaningful for `day < days`.
pub fn weight(pacing: Pacing, day: usize, days: usize) -> u64 {
    match pacing {
        Pacing::Even => 1,
        Pacing::Front => (days - day) as u64,
        Pacing::Back => day as u64 + 1,
    }
}

/// The weights of days `0..days`, lazily (nothing is materialised).
pub fn weights(
    pacing: Pacing,
    days: usize,
) -> impl ExactSizeIterator<Item = u64> + DoubleEndedIterator + Clone {
    (0..days).map(move |day| weight(pacing, day, days))
}

/// Splits `total` minor units in proportion to `weights` with the largest remainder method.
///
/// Each part first gets the floor of its exact share `total × wᵢ / Σw`; the units left over go
/// one each to the parts with the largest remainders, ties going to the earlier index. The parts
/// add up to `total` exactly and each is its exact share rounded down or up. A zero weight gets
/// zero. A negative total is split as its magnitude and negated, so no part has the opposite
/// sign. Runs in O(n) time (the leftover units are placed with a linear-time selection).
///
/// # Errors
///
/// [`SplitError::NoWeights`] for an empty slice and [`SplitError::ZeroWeights`] when every
/// weight is zero, whatever the total (even 0), since no split is defined.
pub fn largest_remainder(total: i64, weights: &[u64]) -> Result<Vec<i64>, SplitError> {
    if weights.is_empty() {
        return Err(SplitError::NoWeights);
    }
    let sum: u128 = weights.iter().map(|&w| u128::from(w)).sum();
    if sum == 0 {
        return Err(SplitError::ZeroWeights);
    }
    let magnitude = u128::from(total.unsigned_abs());
    let mut floors: Vec<u128> = Vec::with_capacity(weights.len());
    let mut remainders: Vec<u128> = Vec::with_capacity(weights.len());
    let mut given: u128 = 0;
    for &w in weights {
        // |total| ≤ 2^63 and w < 2^64, so the product is below 2^127.
        let exact = magnitude * u128::from(w);
        let floor = exact / sum;
        floors.push(floor);
        remainders.push(exact % sum);
        given += floor;
    }
    // Σ remainders / Σw < n, so fewer than n units are left, each going to a different part.
    let left = usize::try_from(magnitude - given).map_err(|_| SplitError::Overflow)?;
    for index in top_remainders(&remainders, left) {
        floors[index] += 1;
    }
    floors
        .into_iter()
        .map(|part| signed(part, total < 0))
        .collect()
}

/// The indices of the `count` largest remainders, ties going to the earlier index.
fn top_remainders(remainders: &[u128], count: usize) -> Vec<usize> {
    if count == 0 {
        return Vec::new();
    }
    let mut order: Vec<usize> = (0..remainders.len()).collect();
    if count < order.len() {
        // A total order (distinct indices), so the first `count` are exactly the winners.
        order.select_nth_unstable_by(count - 1, |&a, &b| {
            remainders[b].cmp(&remainders[a]).then(a.cmp(&b))
        });
        order.truncate(count);
    }
    order
}

/// A magnitude as an `i64`, negated when `negative`.
fn signed(magnitude: u128, negative: bool) -> Result<i64, SplitError> {
    let value = i128::try_from(magnitude).map_err(|_| SplitError::Overflow)?;
    i64::try_from(if negative { -value } else { value }).map_err(|_| SplitError::Overflow)
}

/// Spreads `total` minor units over the days from `start` to `end` inclusive, by `pacing`.
///
/// Returns one `(day, amount)` per day in date order; the amounts add up to `total` exactly
/// (see the module documentation for the guarantees). A one-off payment is a one-day range.
/// Linear in the number of days.
///
/// # Errors
///
/// [`SplitError::EndBeforeStart`] when `end < start`.
pub fn daily(
    total: i64,
    start: NaiveDate,
    end: NaiveDate,
    pacing: Pacing,
) -> Result<Vec<(NaiveDate, i64)>, SplitError> {
    if end < start {
        return Err(SplitError::EndBeforeStart { start, end });
    }
    let days = usize::try_from((end - start).num_days() + 1).map_err(|_| SplitError::Overflow)?;
    let weights: Vec<u64> = weights(pacing, days).collect();
    let parts = largest_remainder(total, &weights)?;
    Ok(start.iter_days().zip(parts).collect())
}

/// Adds daily amounts up per calendar month, keyed `(year, month)` with month 1–12, in order.
///
/// # Panics
///
/// If a month's sum does not fit in `i64`, which cannot happen for the days of one line
/// (from [`daily`]): they share one sign and add up to an `i64`.
pub fn by_month(days: &[(NaiveDate, i64)]) -> Vec<((i32, u32), i64)> {
    group(days, |day| (day.year(), day.month()))
}

/// Adds daily amounts up per ISO 8601 week, keyed `(ISO week-based year, week 1–53)`, in order.
///
/// # Panics
///
/// As [`by_month`].
pub fn by_iso_week(days: &[(NaiveDate, i64)]) -> Vec<((i32, u32), i64)> {
    group(days, |day| {
        let week = day.iso_week();
        (week.year(), week.week())
    })
}

/// Sums amounts per key, in key order; linear for input already in key order (as from [`daily`]).
fn group<K: Ord + Copy>(days: &[(NaiveDate, i64)], key: impl Fn(NaiveDate) -> K) -> Vec<(K, i64)> {
    let mut runs: Vec<(K, i128)> = Vec::new();
    let mut sorted = true;
    for &(day, amount) in days {
        let k = key(day);
        match runs.last_mut() {
            Some((last, sum)) if *last == k => *sum += i128::from(amount),
            Some((last, _)) => {
                sorted &= *last < k;
                runs.push((k, i128::from(amount)));
            }
            None => runs.push((k, i128::from(amount))),
        }
    }
    if !sorted {
        let mut merged: BTreeMap<K, i128> = BTreeMap::new();
        for (k, sum) in runs {
            *merged.entry(k).or_insert(0) += sum;
        }
        runs = merged.into_iter().collect();
    }
    runs.into_iter()
        .map(|(k, sum)| {
            let sum = i64::try_from(sum).expect("a period's sum of daily amounts fits in i64");
            (k, sum)
        })
        .collect()
}

/// A table of amounts with lines as rows and periods as columns, adding up both ways.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Table<K> {
    /// The periods that occur in some row, in order.
    pub columns: Vec<K>,
    /// One row per line, one cell per column (0 where the line spends nothing).
    pub rows: Vec<Vec<i64>>,
    /// Each row's sum: the line's amount.
    pub row_totals: Vec<i64>,
    /// Each column's sum.
    pub column_totals: Vec<i64>,
    /// The sum of every cell, equal to the sum of the row totals and of the column totals.
    pub grand_total: i64,
}

/// Lays out grouped lines (each from [`by_month`] or [`by_iso_week`]) as a [`Table`].
///
/// # Errors
///
/// [`SplitError::Overflow`] if a total does not fit in `i64`.
pub fn table<K: Ord + Copy>(lines: &[Vec<(K, i64)>]) -> Result<Table<K>, SplitError> {
    let mut columns: Vec<K> = lines.iter().flatten().map(|&(k, _)| k).collect();
    columns.sort_unstable();
    columns.dedup();
    let mut rows = Vec::with_capacity(lines.len());
    let mut row_totals = Vec::with_capacity(lines.len());
    let mut column_sums = vec![0i128; columns.len()];
    let mut grand: i128 = 0;
    for line in lines {
        let mut row = vec![0i64; columns.len()];
        let mut row_sum: i128 = 0;
        for &(k, amount) in line {
            let column = columns.binary_search(&k).expect("every key is a column");
            row[column] = row[column]
                .checked_add(amount)
                .ok_or(SplitError::Overflow)?;
            column_sums[column] += i128::from(amount);
            row_sum += i128::from(amount);
        }
        grand += row_sum;
        rows.push(row);
        row_totals.push(i64::try_from(row_sum).map_err(|_| SplitError::Overflow)?);
    }
    let column_totals = column_sums
        .into_iter()
        .map(|sum| i64::try_from(sum).map_err(|_| SplitError::Overflow))
        .collect::<Result<Vec<_>, _>>()?;
    let grand_total = i64::try_from(grand).map_err(|_| SplitError::Overflow)?;
    Ok(Table {
        columns,
        rows,
        row_totals,
        column_totals,
        grand_total,
    })
}

/// `100 × 10^scale` (the denominator of a percentage with that scale), if it fits in `u128`.
fn percent_denominator(scale: u8) -> Option<u128> {
    10u128.checked_pow(u32::from(scale))?.checked_mul(100)
}

/// `percent_units / 10^percent_scale` percent of `total`, rounded half away from zero to the
/// minor unit (for non-negative amounts: half up). `12.5%` is `(125, 1)`: 12.5% of 100 units is
/// 12.5, giving 13; 10% of 2 400 000 is exactly 240 000.
///
/// The result is within half a unit of the exact value. See [`percent_split`] for several
/// percentages of one total that must not together exceed it.
///
/// # Errors
///
/// [`SplitError::Overflow`] when the result does not fit in `i64` (a percentage well above
/// 100% of a huge total).
pub fn percent_of(total: i64, percent_units: i64, percent_scale: u8) -> Result<i64, SplitError> {
    let Some(denominator) = percent_denominator(percent_scale) else {
        // The denominator would be at least 10^39, more than twice any numerator (< 2^126).
        return Ok(0);
    };
    // Below 2^63 × 2^63 = 2^126: fits in u128.
    let magnitude = u128::from(total.unsigned_abs()) * u128::from(percent_units.unsigned_abs());
    let mut rounded = magnitude / denominator;
    let remainder = magnitude % denominator;
    if remainder >= denominator - remainder {
        rounded += 1;
    }
    signed(rounded, (total < 0) != (percent_units < 0))
}

/// Shares several percentages of one `total` out together, each `(units, scale)` as in
/// [`percent_of`].
///
/// Each share is its exact amount rounded down or up; their sum is the exact sum rounded half
/// up (away from zero), with the units this rounding adds going to the largest remainders, ties
/// to the earlier item. So a single percentage gets exactly [`percent_of`], and percentages
/// adding up to at most 100% never share out more than the total: the rest is unallocated.
/// A negative total gives the negated shares of its magnitude.
///
/// # Errors
///
/// [`SplitError::NegativePercent`] for a percentage below zero; [`SplitError::Overflow`] when
/// the exact amounts cannot be compared in 128 bits (absurd scales) or a share exceeds `i64`.
pub fn percent_split(total: i64, percents: &[(i64, u8)]) -> Result<Vec<i64>, SplitError> {
    if let Some(index) = percents.iter().position(|&(units, _)| units < 0) {
        return Err(SplitError::NegativePercent { index });
    }
    let scale = percents.iter().map(|&(_, s)| s).max().unwrap_or(0);
    let denominator = percent_denominator(scale).ok_or(SplitError::Overflow)?;
    let magnitude = u128::from(total.unsigned_abs());
    let mut floors = Vec::with_capacity(percents.len());
    let mut remainders = Vec::with_capacity(percents.len());
    let mut remainder_sum: u128 = 0;
    for &(units, s) in percents {
        let widen = 10u128.pow(u32::from(scale - s)); // ≤ 10^scale, which fits
        let exact = magnitude
            .checked_mul(u128::from(units.unsigned_abs()))
            .and_then(|p| p.checked_mul(widen))
            .ok_or(SplitError::Overflow)?;
        floors.push(exact / denominator);
        let remainder = exact % denominator;
        remainders.push(remainder);
        remainder_sum = remainder_sum
            .checked_add(remainder)
            .ok_or(SplitError::Overflow)?;
    }
    // The fractional parts add up to remainder_sum / denominator; round that half up. It is at
    // most the number of non-zero remainders, so each share gains at most one unit.
    let mut left = remainder_sum / denominator;
    let fraction = remainder_sum % denominator;
    if fraction >= denominator - fraction {
        left += 1;
    }
    let left = usize::try_from(left).map_err(|_| SplitError::Overflow)?;
    for index in top_remainders(&remainders, left) {
        floors[index] += 1;
    }
    floors
        .into_iter()
        .map(|share| signed(share, total < 0))
        .collect()
}
