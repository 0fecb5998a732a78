//! What the person typed in the add-user panel, per organization, kept for
//! the visit (sessionStorage, or memory where the browser refuses storage):
//! closing the panel by mistake, a failed request or a reload loses nothing.
//!
//! The draft also keeps the Idempotency-Key of a send that has not been
//! answered yet, with the body it was sent with: sending the same body again
//! (a retry, a double click, a send after a reload) reuses the key, so the
//! server answers the first result instead of inviting twice.

use std::cell::RefCell;
use std::collections::HashMap;

use leptos::prelude::*;
use roster_api::{CreateInvitations, Permission, Tag};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

/// A send whose answer has not arrived.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct PendingSend {
    pub key: String,
    pub body: CreateInvitations,
}

/// The panel's fields as typed.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Draft {
    #[serde(default)]
    pub emails: Vec<String>,
    #[serde(default)]
    pub text: String,
    #[serde(default)]
    pub group_ids: Vec<Uuid>,
    #[serde(default)]
    pub tags: Vec<Tag>,
    #[serde(default)]
    pub permissions: Vec<Permission>,
    #[serde(default)]
    pub pending: Option<PendingSend>,
}

impl Draft {
    /// Whether nothing was typed or chosen.
    pub fn is_empty(&self) -> bool {
        self.emails.is_empty()
            && self.text.trim().is_empty()
            && self.group_ids.is_empty()
            && self
                .tags
                .iter()
                .all(|t| t.key.trim().is_empty() && t.value.trim().is_empty())
            && self.permissions.is_empty()
    }
}

/// The Idempotency-Key for sending `body`: the pending one when it was made
/// for this very body, else a new one, recorded as pending.
pub fn key_for(pending: &mut Option<PendingSend>, body: &CreateInvitations) -> String {
    match pending {
        Some(p) if p.body == *body => p.key.clone(),
        _ => {
            let key = Uuid::new_v4().to_string();
            *pending = Some(PendingSend {
                key: key.clone(),
                body: body.clone(),
            });
            key
        }
    }
}

thread_local! {
    /// Where drafts live when sessionStorage is not available.
    static MEMORY: RefCell<HashMap<Uuid, String>> = RefCell::new(HashMap::new());
}

fn storage_key(org: Uuid) -> String {
    format!("roster.invite-draft.{org}")
}

fn session() -> Option<web_sys::Storage> {
    window().session_storage().ok().flatten()
}

fn load(org: Uuid) -> Draft {
    let stored = session()
        .and_then(|s| s.get_item(&storage_key(org)).ok().flatten())
        .or_else(|| MEMORY.with(|m| m.borrow().get(&org).cloned()));
    stored
        .and_then(|json| serde_json::from_str(&json).ok())
        .unwrap_or_default()
}

fn save(org: Uuid, draft: &Draft) {
    let json = serde_json::to_string(draft).unwrap_or_default();
    let stored = session().is_some_and(|s| {
        if draft.is_empty() && draft.pending.is_none() {
            s.remove_item(&storage_key(org)).is_ok()
        } else {
            s.set_item(&storage_key(org), &json).is_ok()
        }
    });
    if !stored {
        MEMORY.with(|m| m.borrow_mut().insert(org, json));
    }
}

/// The draft of one organization as signals the panel's fields edit; every
/// change is saved.
#[derive(Clone, Copy)]
pub struct DraftState {
    pub emails: RwSignal<Vec<String>>,
    pub text: RwSignal<String>,
    pub group_ids: RwSignal<Vec<Uuid>>,
    pub tags: RwSignal<Vec<Tag>>,
    pub permissions: RwSignal<Vec<Permission>>,
    pub pending: RwSignal<Option<PendingSend>>,
}

impl DraftState {
    /// The saved draft of `org` (empty when none), saved again on every change.
    pub fn new(org: Uuid) -> Self {
        let d = load(org);
        let state = DraftState {
            emails: RwSignal::new(d.emails),
            text: RwSignal::new(d.text),
            group_ids: RwSignal::new(d.group_ids),
            tags: RwSignal::new(d.tags),
            permissions: RwSignal::new(d.permissions),
            pending: RwSignal::new(d.pending),
        };
        Effect::new(move |first: Option<()>| {
            let draft = state.get();
            if first.is_some() {
                save(org, &draft);
            }
        });
        state
    }

    /// The whole draft (tracked).
    pub fn get(&self) -> Draft {
        Draft {
            emails: self.emails.get(),
            text: self.text.get(),
            group_ids: self.group_ids.get(),
            tags: self.tags.get(),
            permissions: self.permissions.get(),
            pending: self.pending.get(),
        }
    }

    /// Whether nothing was typed or chosen (tracked).
    pub fn is_empty(&self) -> bool {
        self.get().is_empty()
    }

    /// Forgets everything (after the invitations were sent, or on "Discard").
    pub fn clear(&self) {
        self.emails.set(Vec::new());
        self.text.set(String::new());
        self.group_ids.set(Vec::new());
        self.tags.set(Vec::new());
        self.permissions.set(Vec::new());
        self.pending.set(None);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_key_is_reused_only_for_the_same_body() {
        let body = CreateInvitations {
            emails: vec!["a@example.com".into()],
            ..Default::default()
        };
        let mut pending = None;
        let first = key_for(&mut pending, &body);
        assert_eq!(key_for(&mut pending, &body), first);
        let other = CreateInvitations {
            emails: vec!["b@example.com".into()],
            ..Default::default()
        };
        let second = key_for(&mut pending, &other);
        assert_ne!(second, first);
        assert_eq!(pending.map(|p| p.body), Some(other));
    }

    #[test]
    fn blank_tag_rows_and_spaces_are_not_a_draft() {
        let mut d = Draft {
            text: "  ".into(),
            tags: vec![Tag {
                key: " ".into(),
                value: String::new(),
            }],
            ..Default::default()
        };
        assert!(d.is_empty());
        d.permissions.push(Permission::ApiAccess);
        assert!(!d.is_empty());
    }
}
