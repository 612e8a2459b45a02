//! The plan's currency, and money written in another one (`E0801`, `E0805`).
//!
//! smm never converts currencies: a plan's amounts are added and compared as they are written,
//! so every money target and baseline must be in the one currency the plan is set in. This
//! module finds that currency and reports the amounts that are not in it, pointing at where the
//! currency is set.
//!
//! # Rules (language reference)
//!
//! **Currency.** The plan's currency is the campaign's `budget`, else the budget's `total`, else
//! the first money amount of a budget line, else the first money target or baseline of a KPI.
//! Money in a target (`E0801`) or a baseline (`E0805`) must be in that currency.

use crate::ast::{Currency, Value, ValueKind};
use crate::check::model::{Amount, Model, Spanned};
use crate::diagnostic::Diagnostic;
use crate::source::Span;

/// The plan's currency and where it is set.
#[derive(Debug, Clone, Copy)]
pub(super) struct PlanCurrency {
    /// The currency.
    pub(super) currency: Currency,
    /// Where it is set.
    span: Span,
}

/// The plan's currency: the campaign's budget, the budget's total, a budget line's amount, or
/// the first money value of a KPI, in that order.
pub(super) fn plan_currency(model: &Model) -> Option<PlanCurrency> {
    let at = |m: &Spanned<crate::ast::Money>| PlanCurrency {
        currency: m.value.currency,
        span: m.span,
    };
    if let Some(m) = model.campaign.as_ref().and_then(|c| c.budget.as_ref()) {
        return Some(at(m));
    }
    if let Some(b) = &model.budget {
        if let Some(m) = &b.total {
            return Some(at(m));
        }
        for line in &b.lines {
            if let Some(Spanned {
                value: Amount::Money(m),
                span,
            }) = &line.amount
            {
                return Some(PlanCurrency {
                    currency: m.currency,
                    span: *span,
                });
            }
        }
    }
    model.kpis.iter().find_map(|k| {
        let target = k.target.as_ref().map(|t| &t.value.value);
        [target, k.baseline.as_ref()]
            .into_iter()
            .flatten()
            .find_map(|v| match &v.kind {
                ValueKind::Money(m) => Some(PlanCurrency {
                    currency: m.currency,
                    span: v.span,
                }),
                _ => None,
            })
    })
}

/// Reports money in another currency than the plan's; true when the value is fine.
pub(super) fn currency_fits(
    code: &'static str,
    what: &str,
    value: &Value,
    currency: Option<PlanCurrency>,
    out: &mut Vec<Diagnostic>,
) -> bool {
    let (ValueKind::Money(m), Some(plan)) = (&value.kind, currency) else {
        return true;
    };
    if m.currency.code == plan.currency.code {
        return true;
    }
    let (got, want) = (m.currency.as_str(), plan.currency.as_str());
    out.push(
        Diagnostic::new(
            code,
            value.span,
            format!("this {what} is in {got}, but the plan's currency is {want}"),
        )
        .label(format!("an amount in {got}"))
        .with_secondary(plan.span, format!("the plan's currency, {want}, is set here"))
        .help(format!(
            "write the amount in {want}: every amount of a plan is in one currency, and smm does not convert currencies"
        )),
    );
    false
}
