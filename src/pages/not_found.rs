//! The page for addresses that lead nowhere.

use leptos::prelude::*;

use crate::components::dom_id;
use crate::i18n::use_texts;
use crate::state::nav::{use_nav, Screen};

#[component]
pub fn NotFoundPage() -> impl IntoView {
    let t = use_texts();
    let nav = use_nav();
    view! {
        <section class="roster-page roster-empty" aria-labelledby=dom_id("nf-title")>
            <h1 class="roster-page__title" id=dom_id("nf-title")>{t.not_found_title}</h1>
            <p>{t.not_found_body}</p>
            <a class="roster-button" href=nav.href(&Screen::Directory)>{t.not_found_home}</a>
        </section>
    }
}
