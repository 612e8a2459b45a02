//! The arithmetic of the budget feasibility rule (`E0804`), exact in minor units.
//!
//! A cost target (`cpa <= 20 EUR`) is the price the plan expects to pay per result; a volume
//! target (`conversions >= 300`) is how many results it wants. At that price the results cost
//! `cost × volume / per` (per = 1000 for CPM, 1 otherwise). The pair is infeasible when that
//! exceeds the paid budget on the scope: `cost × volume > paid × per`, compared exactly in 128-bit
//! integers. Exactly equal is feasible.

/// Why a volume target does not fit the paid budget at a cost target.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Shortfall {
    /// The spend the volume needs at the cost target, in minor units, rounded up.
    pub needed: i64,
    /// The paid budget on the scope, in minor units.
    pub paid: i64,
    /// `needed − paid`.
    pub missing: i64,
    /// The most results the paid budget buys at the cost target (rounded down).
    pub affordable: i64,
    /// The highest cost per result (per `per` results) at which the paid budget reaches the
    /// volume, in minor units, rounded down.
    pub max_cost: i64,
}

/// Checks a volume target against a cost target and a paid budget (all amounts in minor units
/// of one currency; `per` results per cost unit, 1 or 1000). `None` when the budget suffices.
pub fn check(cost: i64, per: i64, volume: i64, paid: i64) -> Option<Shortfall> {
    let (cost, per, volume, paid) = (
        i128::from(cost.max(0)),
        i128::from(per.max(1)),
        i128::from(volume.max(0)),
        i128::from(paid.max(0)),
    );
    let spend_times_per = cost * volume;
    if spend_times_per <= paid * per {
        return None;
    }
    let needed = div_ceil(spend_times_per, per);
    // cost > 0 and volume > 0 here, since cost × volume > paid × per >= 0.
    let affordable = paid * per / cost;
    let max_cost = paid * per / volume;
    Some(Shortfall {
        needed: clamp(needed),
        paid: clamp(paid),
        missing: clamp(needed - paid),
        affordable: clamp(affordable),
        max_cost: clamp(max_cost),
    })
}

fn div_ceil(a: i128, b: i128) -> i128 {
    (a + b - 1) / b
}

fn clamp(v: i128) -> i64 {
    i64::try_from(v).unwrap_or(i64::MAX)
}
