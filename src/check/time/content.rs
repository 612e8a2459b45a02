//! What a message says on each channel: its content, with the channel's variant applied.
//!
//! Worked out once per message, before expansion, so that every post of a message on a channel
//! shares one content, and the plan's message list shows the same variants as its posts.
//!
//! # Rules (language reference)
//!
//! **Variants.** A variant replaces, field by field, the fields it gives (text, title, link,
//! media, call to action); the message's other fields are kept. The first variant of a channel
//! wins; variants for channels that are not declared are left out (reported by `resolve`).

use std::collections::BTreeMap;

use crate::check::model;
use crate::check::Context;
use crate::plan::{self, Shared};
use crate::schema::RefKind;

/// A message's default content, and its content per channel that has a variant.
pub(super) type Contents = (
    Shared<plan::Content>,
    BTreeMap<String, Shared<plan::Content>>,
);

/// A message's default content and its content per channel that has a variant (first variant
/// of a channel wins; variants for unknown channels are left out).
pub(super) fn message_contents(cx: &Context, m: &model::Message) -> Contents {
    let base = apply_variant(&plan::Content::default(), &m.content);
    let mut variants = BTreeMap::new();
    for v in &m.variants {
        if cx.index.get(RefKind::Channel, &v.channel.name).is_some() {
            variants
                .entry(v.channel.name.clone())
                .or_insert_with(|| Shared::new(apply_variant(&base, &v.content)));
        }
    }
    (Shared::new(base), variants)
}

/// `base` with the fields `v` gives replaced (from the empty content: a message's own).
fn apply_variant(base: &plan::Content, v: &model::Content) -> plan::Content {
    let or_base = |field: &Option<model::Spanned<String>>, base: &Option<String>| {
        field
            .as_ref()
            .map(|t| t.value.clone())
            .or_else(|| base.clone())
    };
    plan::Content {
        text: v
            .text
            .as_ref()
            .map_or_else(|| base.text.clone(), |t| t.value.clone()),
        title: or_base(&v.title, &base.title),
        link: or_base(&v.link, &base.link),
        media: v.media.as_ref().map(media).or_else(|| base.media.clone()),
        cta: or_base(&v.cta, &base.cta),
    }
}

fn media(m: &model::Media) -> plan::Media {
    plan::Media {
        kind: m.kind.name().to_string(),
        path: m.path.clone(),
    }
}

#[cfg(test)]
mod tests {
    use super::super::tests::{with_time, HEAD};

    #[test]
    fn a_variant_replaces_only_the_fields_it_gives() {
        let src = format!(
            r#"{HEAD}message d {{
                 text "Default"
                 title "T"
                 cta "Buy"
                 variant instagram {{ text "On Instagram" }}
                 variant instagram {{ text "Ignored" }}
                 variant nowhere {{ text "Unknown" }}
               }}"#
        );
        with_time(&src, |cx| {
            let d = cx.plan.messages.iter().find(|m| m.name == "d").unwrap();
            assert_eq!(d.content.text, "Default");
            assert_eq!(d.variants.len(), 1);
            let on = &d.variants["instagram"];
            assert_eq!(on.text, "On Instagram");
            assert_eq!(on.title.as_deref(), Some("T"));
            assert_eq!(on.cta.as_deref(), Some("Buy"));
        });
    }
}
