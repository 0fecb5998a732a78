//! Reusable UI pieces. Each takes signals in and sends callbacks out.

pub mod badge;
pub mod bell;
pub mod dialog;
pub mod email_input;
pub mod error_view;
pub mod field;
pub mod icons;
pub mod language_select;
pub mod lock_banner;
pub mod modal;
pub mod multi_select;
pub mod pagination;
pub mod permission_checklist;
pub mod search_input;
pub mod side_panel;
pub mod sort_header;
pub mod switcher;
pub mod tag_editor;
pub mod toasts;
pub mod top_bar;

use std::sync::atomic::{AtomicU32, Ordering};
use std::sync::Arc;

use leptos::prelude::use_context;

/// A document-unique id for label/description links, so that several
/// widgets on one page never share one.
pub fn unique_id(prefix: &str) -> String {
    static NEXT: AtomicU32 = AtomicU32::new(1);
    format!("roster-{prefix}-{}", NEXT.fetch_add(1, Ordering::Relaxed))
}

/// The prefix of the named element ids of one mounted widget (context):
/// `roster-w1-`, `roster-w2-`… so that two widgets showing the same screen
/// on one page never render the same id. The standalone app has none
/// (`roster-`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct IdPrefix(Arc<str>);

impl IdPrefix {
    /// A prefix no other widget of this page has.
    pub fn next() -> Self {
        static NEXT: AtomicU32 = AtomicU32::new(1);
        IdPrefix(format!("roster-w{}-", NEXT.fetch_add(1, Ordering::Relaxed)).into())
    }

    /// `name` under this prefix.
    pub fn id(&self, name: &str) -> String {
        format!("{}{name}", self.0)
    }
}

/// The id of the element called `name` (`users-title`, `main`…) in the
/// current widget: a fixed, readable id (`#roster-main` for the skip link)
/// that is still unique when several widgets share a page. Call it where the
/// reactive owner is (a component's body).
pub fn dom_id(name: &str) -> String {
    match use_context::<IdPrefix>() {
        Some(prefix) => prefix.id(name),
        None => format!("roster-{name}"),
    }
}

/// Puts `item` in `list` (at the end) when `on`, takes it out otherwise; a
/// list of checked boxes stays free of duplicates either way.
pub fn set_membership<T: PartialEq>(list: &mut Vec<T>, item: T, on: bool) {
    list.retain(|x| *x != item);
    if on {
        list.push(item);
    }
}

#[cfg(test)]
mod tests {

    #[test]
    fn set_membership_adds_once_and_removes() {
        let mut list = vec![1, 2];
        super::set_membership(&mut list, 3, true);
        super::set_membership(&mut list, 3, true);
        assert_eq!(list, [1, 2, 3]);
        super::set_membership(&mut list, 1, false);
        assert_eq!(list, [2, 3]);
    }
    use super::IdPrefix;

    #[test]
    fn each_widget_gets_its_own_id_prefix() {
        let (a, b) = (IdPrefix::next(), IdPrefix::next());
        assert_ne!(a.id("users-title"), b.id("users-title"));
        assert!(a.id("users-title").starts_with("roster-w"));
        assert!(a.id("users-title").ends_with("-users-title"));
    }
}
