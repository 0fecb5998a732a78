//! Roster: manage who belongs to an organization.
//!
//! Module tree: [`api`] (the only HTTP), [`state`] (contexts), [`components`]
//! (reusable UI), [`pages`] (screens), [`app`] (frame and the standalone
//! route layer), [`embed`] (one screen inside a host page, no router),
//! [`i18n`] (texts and `Intl`). The standalone app mounts itself on
//! `#roster-app` ([`start`], [`mount`]); hosts mount screens with
//! [`embed::mount_screen`].

pub mod api;
pub mod app;
pub mod components;
pub mod embed;
pub mod i18n;
pub mod pages;
pub mod state;

use leptos::prelude::*;
use wasm_bindgen::prelude::*;

/// Id of the element the standalone app mounts on (see `index.html`).
pub const STANDALONE_ROOT_ID: &str = "roster-app";

/// Where the standalone app finds its configuration: `data-api-base`
/// (default `/api/v1`) and `data-base-path` (default `""`) on its root element.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct StandaloneConfig {
    pub api_base: String,
    pub base_path: String,
}

impl StandaloneConfig {
    pub fn from_element(el: &web_sys::Element) -> Self {
        let attr = |name: &str| {
            el.get_attribute(name)
                .map(|v| v.trim().to_owned())
                .filter(|v| !v.is_empty())
        };
        StandaloneConfig {
            api_base: attr("data-api-base").unwrap_or_else(|| roster_api::API_PREFIX.to_owned()),
            base_path: attr("data-base-path").unwrap_or_default(),
        }
    }
}

/// Mounts the whole standalone app (route layer included) into `el`.
pub fn mount(
    el: web_sys::HtmlElement,
    config: StandaloneConfig,
) -> leptos::mount::UnmountHandle<impl Mountable> {
    leptos::mount::mount_to(el, move || {
        view! { <app::StandaloneApp api_base=config.api_base base_path=config.base_path/> }
    })
}

/// Starts the standalone app when the page has its root element; a page
/// without it (a host, a test) mounts what it needs itself.
#[wasm_bindgen(start)]
pub fn start() {
    let Some(el) = document().get_element_by_id(STANDALONE_ROOT_ID) else {
        return;
    };
    let config = StandaloneConfig::from_element(&el);
    if let Ok(el) = el.dyn_into::<web_sys::HtmlElement>() {
        mount(el, config).forget();
    }
}
