//! The plan's sections that do not depend on dates: campaign, roles, phases, objectives,
//! audiences, channels and messages.
//!
//! They are copied from the model with their references resolved (a name that names nothing is
//! left out, as it was reported by `resolve`), so that the emitters and `plan.json` read one
//! resolved plan rather than the model. The campaign's and the audiences' zones are the
//! effective ones: `UTC` by default, the campaign's for an audience without one (or with a
//! zone that is not one, reported by the time pass).

use chrono_tz::Tz;

use crate::check::model::Spanned;
use crate::check::Context;
use crate::plan;
use crate::schema::RefKind;

use super::{resolved, resolved_all, zone, Time};

/// The plan's campaign, roles, phases, objectives, audiences, channels and messages.
pub(super) fn fill(cx: &mut Context, t: &Time) {
    let model = t.model;
    let zone_name = t.zone.unwrap_or(Tz::UTC).name().to_string();
    if let Some(c) = &model.campaign {
        let total = c
            .budget
            .as_ref()
            .or_else(|| model.budget.as_ref().and_then(|b| b.total.as_ref()));
        cx.plan.campaign = plan::Campaign {
            title: c.title.value.clone(),
            brand: value(&c.brand),
            start: value(&c.start).unwrap_or_default(),
            end: value(&c.end).unwrap_or_default(),
            timezone: zone_name.clone(),
            currency: total.map(|m| m.value.currency.as_str().to_string()),
            budget: total.map(|m| plan::Amount::from_money(m.value)),
            owner: resolved(cx, RefKind::Role, &c.owner),
            description: value(&c.description),
        };
    }
    cx.plan.roles = model
        .roles
        .iter()
        .map(|r| plan::Role {
            name: r.name.name.clone(),
            title: value(&r.title),
            person: value(&r.person),
            email: value(&r.email),
        })
        .collect();
    let mut phases: Vec<plan::Phase> = model
        .phases
        .iter()
        .filter_map(|p| {
            Some(plan::Phase {
                name: p.name.name.clone(),
                start: p.start.as_ref()?.value,
                end: p.end.as_ref()?.value,
                description: value(&p.description),
            })
        })
        .collect();
    phases.sort_by(|a, b| (a.start, a.end, &a.name).cmp(&(b.start, b.end, &b.name)));
    cx.plan.phases = phases;
    cx.plan.objectives = model
        .objectives
        .iter()
        .map(|o| plan::Objective {
            name: o.name.name.clone(),
            kind: value(&o.kind),
            description: value(&o.description),
            owner: resolved(cx, RefKind::Role, &o.owner),
        })
        .collect();
    cx.plan.audiences = model
        .audiences
        .iter()
        .map(|a| plan::Audience {
            name: a.name.name.clone(),
            description: value(&a.description),
            age: value(&a.age),
            locations: a.locations.iter().map(|v| v.value.clone()).collect(),
            languages: a.languages.iter().map(|v| v.value.clone()).collect(),
            interests: a.interests.iter().map(|v| v.value.clone()).collect(),
            segment: value(&a.segment),
            timezone: a
                .timezone
                .as_ref()
                .and_then(|z| zone::parse(&z.value).ok())
                .map_or_else(|| zone_name.clone(), |z| z.name().to_string()),
            size: value(&a.size),
        })
        .collect();
    cx.plan.channels = model
        .channels
        .iter()
        .map(|c| plan::Channel {
            name: c.name.name.clone(),
            platform: c
                .platform
                .as_ref()
                .map_or(String::new(), |p| p.value.name().to_string()),
            handle: value(&c.handle),
            owner: resolved(cx, RefKind::Role, &c.owner),
            max_per_day: value(&c.max_per_day),
        })
        .collect();
    cx.plan.messages = model
        .messages
        .iter()
        .zip(&t.contents)
        .map(|(m, (base, variants))| plan::Message {
            name: m.name.name.clone(),
            objective: resolved(cx, RefKind::Objective, &m.objective),
            audiences: resolved_all(cx, RefKind::Audience, &m.audiences),
            language: value(&m.language),
            owner: resolved(cx, RefKind::Role, &m.owner),
            content: base.clone(),
            variants: variants.clone(),
        })
        .collect();
}

/// The value of an optional key, without its place.
fn value<T: Clone>(v: &Option<Spanned<T>>) -> Option<T> {
    v.as_ref().map(|v| v.value.clone())
}
