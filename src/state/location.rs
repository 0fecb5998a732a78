//! The address bar through the History API: what the thin route layer
//! ([`crate::app::RoutedApp`]) reads and changes. Only the standalone app and
//! a host's app view use it; single screens in a host never touch the URL.
//!
//! A few dozen lines instead of a router crate: the app has one flat list of
//! screens ([`super::nav::Screen::parse`]), so it needs the path and the
//! query, `pushState`/`replaceState`, back/forward, and same-document links.

use leptos::ev;
use leptos::prelude::*;
use wasm_bindgen::{JsCast, JsValue};

use super::nav::strip_base;

/// The part of the URL the app reads.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Address {
    /// `location.pathname`, base path included.
    pub path: String,
    /// `location.search`: `""` or `?a=b`.
    pub search: String,
}

fn current() -> Address {
    let l = window().location();
    Address {
        path: l.pathname().unwrap_or_default(),
        search: l.search().unwrap_or_default(),
    }
}

/// The browser's address (context-free: the route layer owns it).
#[derive(Clone, Copy)]
pub struct BrowserLocation {
    pub address: ReadSignal<Address>,
    set: WriteSignal<Address>,
}

impl BrowserLocation {
    /// Follows back/forward and takes over clicks on links under `base`;
    /// both listeners go with the current owner.
    pub fn new(base: &str) -> Self {
        let (address, set) = signal(current());
        let this = BrowserLocation { address, set };
        let base = base.to_owned();
        let click = window_event_listener(ev::click, move |e| {
            if let Some(url) = link_target(&e, &base) {
                e.prevent_default();
                this.navigate(&url, false, true);
            }
        });
        let popstate = window_event_listener(ev::popstate, move |_| this.sync());
        on_cleanup(move || {
            click.remove();
            popstate.remove();
        });
        this
    }

    /// Reads the address bar again (after a history change).
    fn sync(&self) {
        let now = current();
        if self.address.with_untracked(|a| *a != now) {
            self.set.set(now);
        }
    }

    /// Goes to `url` (absolute path, query and hash, base path included):
    /// a new history entry, or `replace` the current one. `scroll`: to the
    /// element of the hash, or to the top.
    pub fn navigate(&self, url: &str, replace: bool, scroll: bool) {
        let w = window();
        if let Ok(history) = w.history() {
            let _ = if replace {
                history.replace_state_with_url(&JsValue::NULL, "", Some(url))
            } else if full_url() != url {
                history.push_state_with_url(&JsValue::NULL, "", Some(url))
            } else {
                Ok(())
            };
        }
        self.sync();
        if scroll {
            let hash = w.location().hash().unwrap_or_default();
            match hash
                .strip_prefix('#')
                .and_then(|id| document().get_element_by_id(id))
            {
                Some(el) => el.scroll_into_view(),
                None => w.scroll_to_with_x_and_y(0.0, 0.0),
            }
        }
    }
}

/// Path, query and hash of the current URL.
fn full_url() -> String {
    let l = window().location();
    let mut s = l.pathname().unwrap_or_default();
    s.push_str(&l.search().unwrap_or_default());
    s.push_str(&l.hash().unwrap_or_default());
    s
}

/// Where a click on a link goes, when the app should handle it: a plain
/// left click (no modifier key, not already handled) on an `<a href>` of
/// this origin under `base`, without `target`, `download` or
/// `rel="external"`. Links to a hash of the current page are left to the
/// browser (it scrolls and moves focus: skip links).
fn link_target(e: &web_sys::MouseEvent, base: &str) -> Option<String> {
    if e.default_prevented()
        || e.button() != 0
        || e.meta_key()
        || e.alt_key()
        || e.ctrl_key()
        || e.shift_key()
    {
        return None;
    }
    // The composed path also sees into shadow roots; the nearest anchor wins.
    let path = e.composed_path();
    let a = (0..path.length())
        .find_map(|i| path.get(i).dyn_into::<web_sys::HtmlAnchorElement>().ok())?;
    let external = a
        .get_attribute("rel")
        .is_some_and(|r| r.split_ascii_whitespace().any(|p| p == "external"));
    if !a.has_attribute("href") || !a.target().is_empty() || a.has_attribute("download") || external
    {
        return None;
    }
    let url = web_sys::Url::new(&a.href()).ok()?;
    let here = window().location();
    let path = url.pathname();
    if url.origin() != here.origin().ok()? || strip_base(base, &path).is_none() {
        return None;
    }
    let search = url.search();
    let hash = url.hash();
    if !hash.is_empty() && here.pathname().ok()? == path && here.search().ok()? == search {
        return None;
    }
    Some(format!("{path}{search}{hash}"))
}
