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

/// A document-unique id for label/description links, so that several
/// widgets on one page never share one.
pub fn unique_id(prefix: &str) -> String {
    static NEXT: AtomicU32 = AtomicU32::new(1);
    format!("roster-{prefix}-{}", NEXT.fetch_add(1, Ordering::Relaxed))
}
