//! Exact budget splits: hand-computed examples and properties.

use chrono::{Datelike, Days, NaiveDate};
use proptest::prelude::*;
use smm::plan::split::{
    by_iso_week, by_month, daily, largest_remainder, percent_of, percent_split, table, weight,
    weights, Pacing, SplitError,
};

fn date(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap()
}

fn amounts(days: &[(NaiveDate, i64)]) -> Vec<i64> {
    days.iter().map(|&(_, a)| a).collect()
}

// ---------------------------------------------------------------- weights

#[test]
fn weights_by_pacing() {
    assert_eq!(weights(Pacing::Even, 4).collect::<Vec<_>>(), [1, 1, 1, 1]);
    assert_eq!(weights(Pacing::Front, 4).collect::<Vec<_>>(), [4, 3, 2, 1]);
    assert_eq!(weights(Pacing::Back, 4).collect::<Vec<_>>(), [1, 2, 3, 4]);
    assert_eq!(weights(Pacing::Front, 0).len(), 0);
    assert_eq!(weights(Pacing::Back, 1_000_000).len(), 1_000_000);
    assert_eq!(weight(Pacing::Front, 0, 366), 366);
    assert_eq!(weight(Pacing::Back, 365, 366), 366);
}

#[test]
fn pacing_serializes_lowercase() {
    assert_eq!(serde_json::to_string(&Pacing::Even).unwrap(), "\"even\"");
    assert_eq!(serde_json::to_string(&Pacing::Front).unwrap(), "\"front\"");
    assert_eq!(serde_json::to_string(&Pacing::Back).unwrap(), "\"back\"");
    assert_eq!(Pacing::Back.to_string(), "back");
}

// ---------------------------------------------------------------- largest remainder

#[test]
fn hundred_euros_over_three_days() {
    assert_eq!(
        largest_remainder(10_000, &[1, 1, 1]).unwrap(),
        [3334, 3333, 3333]
    );
}

#[test]
fn front_and_back_without_remainder() {
    assert_eq!(
        largest_remainder(1000, &[4, 3, 2, 1]).unwrap(),
        [400, 300, 200, 100]
    );
    assert_eq!(
        largest_remainder(1000, &[1, 2, 3, 4]).unwrap(),
        [100, 200, 300, 400]
    );
}

#[test]
fn remainders_go_to_the_largest_then_the_earliest() {
    // 100 × (3, 2, 1) / 6 = 50, 33.33, 16.67 → floors 50, 33, 16, one unit to the .67.
    assert_eq!(largest_remainder(100, &[3, 2, 1]).unwrap(), [50, 33, 17]);
    // Back: 100 × (1, 2, 3) / 6 = 16.67, 33.33, 50.
    assert_eq!(largest_remainder(100, &[1, 2, 3]).unwrap(), [17, 33, 50]);
    // 10 over 4 equal weights: 2.5 each, the two earliest get the extra unit.
    assert_eq!(largest_remainder(10, &[1, 1, 1, 1]).unwrap(), [3, 3, 2, 2]);
    // 5 × (1, 1, 2) / 4 = 1.25, 1.25, 2.5 → 1, 1, 2 and one unit to the .5.
    assert_eq!(largest_remainder(5, &[1, 1, 2]).unwrap(), [1, 1, 3]);
}

#[test]
fn one_cent_over_ten_days() {
    let mut expected = vec![0; 10];
    expected[0] = 1;
    assert_eq!(largest_remainder(1, &[1; 10]).unwrap(), expected);
    // Back paced, the last day has the largest share (10/55 of a cent).
    let back: Vec<u64> = weights(Pacing::Back, 10).collect();
    let mut expected = vec![0; 10];
    expected[9] = 1;
    assert_eq!(largest_remainder(1, &back).unwrap(), expected);
}

#[test]
fn zero_total_zero_weights_and_single_weight() {
    assert_eq!(largest_remainder(0, &[1, 2, 3]).unwrap(), [0, 0, 0]);
    assert_eq!(largest_remainder(12_345, &[7]).unwrap(), [12_345]);
    assert_eq!(largest_remainder(9, &[0, 1, 0, 2]).unwrap(), [0, 3, 0, 6]);
    assert_eq!(largest_remainder(5, &[]), Err(SplitError::NoWeights));
    assert_eq!(largest_remainder(0, &[]), Err(SplitError::NoWeights));
    assert_eq!(largest_remainder(5, &[0, 0]), Err(SplitError::ZeroWeights));
}

#[test]
fn negative_totals_mirror_positive_ones() {
    assert_eq!(
        largest_remainder(-10_000, &[1, 1, 1]).unwrap(),
        [-3334, -3333, -3333]
    );
    assert_eq!(
        largest_remainder(-100, &[3, 2, 1]).unwrap(),
        [-50, -33, -17]
    );
}

#[test]
fn extreme_totals_and_weights_do_not_overflow() {
    let parts = largest_remainder(i64::MAX, &[u64::MAX, u64::MAX, 1]).unwrap();
    assert_eq!(
        parts.iter().map(|&p| i128::from(p)).sum::<i128>(),
        i128::from(i64::MAX)
    );
    assert!((parts[0] - parts[1]).abs() <= 1);
    let parts = largest_remainder(i64::MIN, &[1, 1]).unwrap();
    assert_eq!(parts, [i64::MIN / 2, i64::MIN / 2]);
    assert_eq!(largest_remainder(i64::MIN, &[5]).unwrap(), [i64::MIN]);
    let parts = largest_remainder(i64::MAX, &[1; 7]).unwrap();
    assert_eq!(parts.iter().sum::<i64>(), i64::MAX);
}

// ---------------------------------------------------------------- daily

#[test]
fn daily_even_three_days() {
    let days = daily(10_000, date(2027, 3, 1), date(2027, 3, 3), Pacing::Even).unwrap();
    assert_eq!(
        days,
        [
            (date(2027, 3, 1), 3334),
            (date(2027, 3, 2), 3333),
            (date(2027, 3, 3), 3333)
        ]
    );
}

#[test]
fn daily_front_and_back() {
    let front = daily(1000, date(2027, 3, 1), date(2027, 3, 4), Pacing::Front).unwrap();
    assert_eq!(amounts(&front), [400, 300, 200, 100]);
    let back = daily(1000, date(2027, 3, 1), date(2027, 3, 4), Pacing::Back).unwrap();
    assert_eq!(amounts(&back), [100, 200, 300, 400]);
}

#[test]
fn daily_one_off_and_errors() {
    let d = date(2027, 2, 20);
    assert_eq!(daily(250_000, d, d, Pacing::Front).unwrap(), [(d, 250_000)]);
    assert_eq!(daily(0, d, d, Pacing::Even).unwrap(), [(d, 0)]);
    assert_eq!(
        daily(1, d, date(2027, 2, 19), Pacing::Even),
        Err(SplitError::EndBeforeStart {
            start: d,
            end: date(2027, 2, 19)
        })
    );
}

#[test]
fn daily_covers_a_leap_day() {
    let days = daily(2_900, date(2028, 2, 1), date(2028, 2, 29), Pacing::Even).unwrap();
    assert_eq!(days.len(), 29);
    assert!(days.iter().all(|&(_, a)| a == 100));
    assert_eq!(days.last().unwrap().0, date(2028, 2, 29));
}

#[test]
fn daily_is_fast_for_ten_thousand_year_long_lines() {
    let start = date(2028, 1, 1);
    let end = date(2028, 12, 31); // 366 days
    let mut grand: i128 = 0;
    for line in 0..10_000i64 {
        let pacing = [Pacing::Even, Pacing::Front, Pacing::Back][(line % 3) as usize];
        let days = daily(1_000_003 * line + 17, start, end, pacing).unwrap();
        assert_eq!(days.len(), 366);
        grand += by_month(&days)
            .iter()
            .map(|&(_, a)| i128::from(a))
            .sum::<i128>();
    }
    let expected: i128 = (0..10_000i128).map(|l| 1_000_003 * l + 17).sum();
    assert_eq!(grand, expected);
}

// ---------------------------------------------------------------- grouping

#[test]
fn months_of_a_line() {
    // 31 + 30 days of March and April 2027, 61 EUR even: 1 EUR a day.
    let days = daily(6_100, date(2027, 3, 1), date(2027, 4, 30), Pacing::Even).unwrap();
    assert_eq!(by_month(&days), [((2027, 3), 3_100), ((2027, 4), 3_000)]);
}

#[test]
fn iso_weeks_cross_the_year() {
    // 2026-12-28 is a Monday; 2027-01-01 is in week 53 of 2026; 2027-01-04 starts week 1.
    let days = daily(1_000, date(2026, 12, 28), date(2027, 1, 6), Pacing::Even).unwrap();
    assert_eq!(by_iso_week(&days), [((2026, 53), 700), ((2027, 1), 300)]);
    assert_eq!(by_month(&days), [((2026, 12), 400), ((2027, 1), 600)]);
}

#[test]
fn grouping_unsorted_input_merges_keys() {
    let days = [
        (date(2027, 4, 2), 5),
        (date(2027, 3, 9), 7),
        (date(2027, 4, 1), 1),
    ];
    assert_eq!(by_month(&days), [((2027, 3), 7), ((2027, 4), 6)]);
    assert_eq!(by_month(&[]), []);
}

#[test]
fn table_adds_up_both_ways() {
    let a = by_month(&daily(10_000, date(2027, 3, 20), date(2027, 4, 10), Pacing::Front).unwrap());
    let b = by_month(&daily(3_333, date(2027, 4, 1), date(2027, 5, 31), Pacing::Back).unwrap());
    let c = by_month(&daily(0, date(2027, 5, 5), date(2027, 5, 5), Pacing::Even).unwrap());
    let t = table(&[a, b, c]).unwrap();
    assert_eq!(t.columns, [(2027, 3), (2027, 4), (2027, 5)]);
    assert_eq!(t.row_totals, [10_000, 3_333, 0]);
    assert_eq!(t.rows[2], [0, 0, 0]);
    assert_eq!(t.grand_total, 13_333);
    assert_eq!(t.column_totals.iter().sum::<i64>(), 13_333);
    for (col, &total) in t.column_totals.iter().enumerate() {
        assert_eq!(t.rows.iter().map(|r| r[col]).sum::<i64>(), total);
    }
}

// ---------------------------------------------------------------- percentages

#[test]
fn percent_of_round_cases() {
    assert_eq!(percent_of(2_400_000, 10, 0), Ok(240_000)); // reserve 10% of 24 000.00
    assert_eq!(percent_of(1000, 125, 1), Ok(125)); // 12.5%
    assert_eq!(percent_of(1000, 100, 0), Ok(1000));
    assert_eq!(percent_of(1000, 0, 0), Ok(0));
    assert_eq!(percent_of(0, 50, 0), Ok(0));
    assert_eq!(percent_of(1234, 1_000, 3), Ok(12)); // 1.000% of 12.34
}

#[test]
fn percent_of_rounds_half_up() {
    assert_eq!(percent_of(100, 125, 1), Ok(13)); // 12.5 → 13
    assert_eq!(percent_of(4, 125, 1), Ok(1)); // 0.5 → 1
    assert_eq!(percent_of(3, 125, 1), Ok(0)); // 0.375 → 0
    assert_eq!(percent_of(7, 10, 0), Ok(1)); // 0.7 → 1
    assert_eq!(percent_of(14, 10, 0), Ok(1)); // 1.4 → 1
    assert_eq!(percent_of(10_000, 3_333, 2), Ok(3_333)); // 33.33% of 100.00
    assert_eq!(percent_of(1, 3_333_333, 5), Ok(0)); // 0.333…
    assert_eq!(percent_of(-100, 125, 1), Ok(-13)); // symmetric: half away from zero
    assert_eq!(percent_of(100, -125, 1), Ok(-13));
}

#[test]
fn percent_of_extremes() {
    assert_eq!(percent_of(i64::MAX, 100, 0), Ok(i64::MAX));
    assert_eq!(percent_of(i64::MIN, 100, 0), Ok(i64::MIN));
    assert_eq!(percent_of(i64::MAX, 50, 0), Ok(i64::MAX / 2 + 1)); // …x.5 rounds up
    assert_eq!(percent_of(i64::MAX, 200, 0), Err(SplitError::Overflow));
    assert_eq!(percent_of(i64::MAX, i64::MAX, 255), Ok(0));
    assert_eq!(percent_of(i64::MAX, i64::MAX, 36), Ok(1)); // 0.85… → 1
    assert_eq!(percent_of(i64::MAX, i64::MAX, 37), Ok(0)); // 0.085… → 0
}

#[test]
fn percent_split_never_over_allocates() {
    // Rounded one by one, 50% and 50% of one cent would be two cents.
    assert_eq!(percent_of(1, 50, 0), Ok(1));
    assert_eq!(percent_split(1, &[(50, 0), (50, 0)]).unwrap(), [1, 0]);
    // 33.33% three times of 1.00: 0.3333 each, 0.9999 together, which rounds to 1.00.
    assert_eq!(
        percent_split(100, &[(3_333, 2), (3_333, 2), (3_333, 2)]).unwrap(),
        [34, 33, 33]
    );
    // 33.33% twice: 0.6666 together rounds to 0.67, the extra cent to the earlier line.
    assert_eq!(
        percent_split(100, &[(3_333, 2), (3_333, 2)]).unwrap(),
        [34, 33]
    );
    // reserve 10% + lines 12.5% and 7.25% of 1.01: exact 10.1, 12.625, 7.3225 = 30.0475 → 30.
    assert_eq!(
        percent_split(101, &[(10, 0), (125, 1), (725, 2)]).unwrap(),
        [10, 13, 7]
    );
    assert_eq!(
        percent_split(-101, &[(10, 0), (125, 1)]).unwrap(),
        [-10, -13]
    );
    assert_eq!(percent_split(100, &[]).unwrap(), Vec::<i64>::new());
    assert_eq!(
        percent_split(100, &[(10, 0), (-1, 0)]),
        Err(SplitError::NegativePercent { index: 1 })
    );
}

// ---------------------------------------------------------------- properties

fn pacing() -> impl Strategy<Value = Pacing> {
    prop_oneof![Just(Pacing::Even), Just(Pacing::Front), Just(Pacing::Back)]
}

fn amount() -> impl Strategy<Value = i64> {
    prop_oneof![
        4 => 0..=1_000_000_000_000i64,
        1 => 0..=i64::MAX / 2,
        1 => 0..=1_000i64,
    ]
}

/// A start date from 2023 to 2030 (leap days 2024-02-29 and 2028-02-29, 53-week ISO years
/// 2026) and a length of 1 to 800 days.
fn range() -> impl Strategy<Value = (NaiveDate, NaiveDate)> {
    (0u64..8 * 366, 1u64..=800).prop_map(|(offset, len)| {
        let start = date(2023, 1, 1) + Days::new(offset);
        (start, start + Days::new(len - 1))
    })
}

fn total_of<K>(parts: &[(K, i64)]) -> i128 {
    parts.iter().map(|&(_, a)| i128::from(a)).sum()
}

proptest! {
    #![proptest_config(ProptestConfig {
        cases: 512,
        failure_persistence: None,
        ..ProptestConfig::default()
    })]

    #[test]
    fn splits_add_up_and_are_never_negative(
        total in amount(),
        (start, end) in range(),
        pacing in pacing(),
    ) {
        let days = daily(total, start, end, pacing).unwrap();
        let n = (end - start).num_days() as usize + 1;
        prop_assert_eq!(days.len(), n);
        prop_assert_eq!(days[0].0, start);
        prop_assert_eq!(days[n - 1].0, end);
        prop_assert!(days.windows(2).all(|w| w[1].0 == w[0].0 + Days::new(1)));
        prop_assert!(days.iter().all(|&(_, a)| a >= 0));
        prop_assert_eq!(total_of(&days), i128::from(total));

        let months = by_month(&days);
        prop_assert_eq!(total_of(&months), i128::from(total));
        prop_assert!(months.iter().all(|&(_, a)| a >= 0));
        prop_assert!(months.windows(2).all(|w| w[0].0 < w[1].0));
        prop_assert_eq!(months.first().unwrap().0, (start.year(), start.month()));

        let weeks = by_iso_week(&days);
        prop_assert_eq!(total_of(&weeks), i128::from(total));
        prop_assert!(weeks.iter().all(|&(_, a)| a >= 0));
        prop_assert!(weeks.windows(2).all(|w| w[0].0 < w[1].0));
        prop_assert!(weeks.iter().all(|&((_, w), _)| (1..=53).contains(&w)));
    }

    #[test]
    fn pacing_shapes_the_days(
        total in amount(),
        (start, end) in range(),
        pacing in pacing(),
    ) {
        let a = amounts(&daily(total, start, end, pacing).unwrap());
        match pacing {
            Pacing::Front => prop_assert!(a.windows(2).all(|w| w[0] >= w[1])),
            Pacing::Back => prop_assert!(a.windows(2).all(|w| w[0] <= w[1])),
            Pacing::Even => {
                let (min, max) = (a.iter().min().unwrap(), a.iter().max().unwrap());
                prop_assert!(max - min <= 1);
            }
        }
    }

    #[test]
    fn negative_lines_mirror_positive_ones(
        total in amount(),
        (start, end) in range(),
        pacing in pacing(),
    ) {
        let positive = amounts(&daily(total, start, end, pacing).unwrap());
        let negative = amounts(&daily(-total, start, end, pacing).unwrap());
        prop_assert_eq!(negative, positive.iter().map(|a| -a).collect::<Vec<_>>());
    }

    #[test]
    fn largest_remainder_is_hamilton(
        total in prop_oneof![any::<i64>(), 0..=10_000i64],
        weights in prop::collection::vec(
            prop_oneof![0..=10u64, any::<u64>(), 0..=1_000_000u64], 1..60),
    ) {
        prop_assume!(weights.iter().any(|&w| w > 0));
        let parts = largest_remainder(total, &weights).unwrap();
        prop_assert_eq!(parts.len(), weights.len());
        prop_assert_eq!(parts.iter().map(|&p| i128::from(p)).sum::<i128>(), i128::from(total));
        let sum: u128 = weights.iter().map(|&w| u128::from(w)).sum();
        let magnitude = u128::from(total.unsigned_abs());
        let mut lowest_winner: Option<(u128, usize)> = None;
        let mut highest_loser: Option<(u128, usize)> = None;
        for (i, (&p, &w)) in parts.iter().zip(&weights).enumerate() {
            prop_assert!(p == 0 || (p < 0) == (total < 0));
            let exact = magnitude * u128::from(w);
            let (floor, rem) = (exact / sum, exact % sum);
            let got = u128::from(p.unsigned_abs());
            prop_assert!(got == floor || got == floor + 1);
            // Winners rank before losers: larger remainder, or equal and earlier.
            let key = (rem, i);
            let better = |a: (u128, usize), b: (u128, usize)| a.0 > b.0 || (a.0 == b.0 && a.1 < b.1);
            if got == floor + 1 {
                if lowest_winner.is_none_or(|k| better(k, key)) { lowest_winner = Some(key); }
            } else if highest_loser.is_none_or(|k| better(key, k)) {
                highest_loser = Some(key);
            }
        }
        if let (Some(w), Some(l)) = (lowest_winner, highest_loser) {
            prop_assert!(w.0 > l.0 || (w.0 == l.0 && w.1 < l.1));
        }
    }

    #[test]
    fn percent_of_is_within_half_a_unit(
        total in prop_oneof![amount(), any::<i64>()],
        units in prop_oneof![0..=100i64, 0..=100_000i64, any::<i64>()],
        scale in 0u8..=6,
    ) {
        let denominator = 100 * 10i128.pow(u32::from(scale));
        let exact = i128::from(total) * i128::from(units); // the result × denominator
        match percent_of(total, units, scale) {
            Ok(p) => {
                let scaled = i128::from(p) * denominator;
                let error = scaled - exact;
                // Within half a unit, a tie going away from zero.
                prop_assert!(2 * error.abs() <= denominator);
                if 2 * error.abs() == denominator {
                    prop_assert_eq!(error.signum(), exact.signum());
                }
                if exact % denominator == 0 {
                    prop_assert_eq!(scaled, exact);
                }
            }
            Err(e) => {
                prop_assert_eq!(e, SplitError::Overflow);
                let rounded_down = exact / denominator;
                prop_assert!(rounded_down.abs() >= i128::from(i64::MAX));
            }
        }
    }

    #[test]
    fn round_percentages_are_exact(total in -10_000_000i64..=10_000_000, percent in 0i64..=100) {
        // A whole percent of a multiple of 100 units is exact.
        prop_assert_eq!(percent_of(total * 100, percent, 0), Ok(total * percent));
        prop_assert_eq!(percent_of(total * 100, percent * 10, 1), Ok(total * percent));
    }

    #[test]
    fn percent_split_is_tight(
        total in amount(),
        percents in prop::collection::vec((0i64..=10_000, 0u8..=3), 0..8),
    ) {
        let common = 100 * 10i128.pow(3);
        let shares = match percent_split(total, &percents) {
            Ok(shares) => shares,
            Err(e) => {
                // Only a share above i64 (a percentage far above 100%) may fail.
                prop_assert_eq!(e, SplitError::Overflow);
                let too_large = percents.iter().any(|&(units, scale)| {
                    let exact =
                        i128::from(total) * i128::from(units) * 10i128.pow(u32::from(3 - scale));
                    exact / common >= i128::from(i64::MAX)
                });
                prop_assert!(too_large);
                return Ok(());
            }
        };
        let mut exact_sum = 0i128;
        for (&share, &(units, scale)) in shares.iter().zip(&percents) {
            let exact = i128::from(total) * i128::from(units) * 10i128.pow(u32::from(3 - scale));
            exact_sum += exact;
            let floor = exact / common;
            prop_assert!(i128::from(share) == floor || i128::from(share) == floor + 1);
        }
        let sum: i128 = shares.iter().map(|&s| i128::from(s)).sum();
        // The exact sum, rounded half up.
        let (q, r) = (exact_sum / common, exact_sum % common);
        prop_assert_eq!(sum, if 2 * r >= common { q + 1 } else { q });
        // At most 100% never exceeds the total.
        let percent_total: i128 =
            percents.iter().map(|&(u, s)| i128::from(u) * 10i128.pow(u32::from(3 - s))).sum();
        if percent_total <= common {
            prop_assert!(sum <= i128::from(total));
        }
        if percents.len() == 1 {
            prop_assert_eq!(shares[0], percent_of(total, percents[0].0, percents[0].1).unwrap());
        }
    }

    #[test]
    fn tables_add_up_both_ways(
        lines in prop::collection::vec((amount(), range(), pacing()), 0..12),
        weekly in any::<bool>(),
    ) {
        let grouped: Vec<_> = lines
            .iter()
            .map(|&(total, (start, end), pacing)| {
                let days = daily(total / 16, start, end, pacing).unwrap();
                if weekly { by_iso_week(&days) } else { by_month(&days) }
            })
            .collect();
        let t = table(&grouped).unwrap();
        for (row, &(total, _, _)) in t.rows.iter().zip(&lines) {
            prop_assert_eq!(row.iter().sum::<i64>(), total / 16);
        }
        for (col, &sum) in t.column_totals.iter().enumerate() {
            prop_assert_eq!(t.rows.iter().map(|r| r[col]).sum::<i64>(), sum);
        }
        prop_assert_eq!(t.column_totals.iter().sum::<i64>(), t.grand_total);
        prop_assert_eq!(t.row_totals.iter().sum::<i64>(), t.grand_total);
        prop_assert_eq!(
            t.grand_total,
            lines.iter().map(|&(total, _, _)| total / 16).sum::<i64>()
        );
    }
}
