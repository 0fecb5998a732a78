//! The JavaScript API of the wasm module: `mount(element, options)` gives a
//! [`RosterWidget`] handle. Hosts use it through `roster-embed.js` (the
//! stable entry that loads this module), not directly.

use js_sys::Reflect;
use uuid::Uuid;
use wasm_bindgen::prelude::*;

use super::{mount_screen, EmbedHandle, EmbedOptions, EmbedView, Theme};
use crate::i18n::Locale;

/// A mounted widget, as JavaScript sees it.
#[wasm_bindgen]
pub struct RosterWidget {
    inner: Option<EmbedHandle>,
}

#[wasm_bindgen]
impl RosterWidget {
    /// Removes the widget: its DOM, listeners, timers and requests.
    /// Calling it twice does nothing.
    pub fn unmount(&mut self) {
        self.inner.take();
    }

    /// Shows organization `id` (a UUID string).
    #[wasm_bindgen(js_name = setOrganization)]
    pub fn set_organization(&self, id: &str) -> Result<(), JsValue> {
        let id = parse_uuid(id, "setOrganization")?;
        if let Some(h) = &self.inner {
            h.set_organization(id);
        }
        Ok(())
    }

    /// Replaces the bearer token (`null` signs the widget out).
    #[wasm_bindgen(js_name = setToken)]
    pub fn set_token(&self, token: Option<String>) {
        if let Some(h) = &self.inner {
            h.set_token(token.filter(|t| !t.is_empty()));
        }
    }

    /// Whether the widget is still mounted.
    #[wasm_bindgen(getter)]
    pub fn mounted(&self) -> bool {
        self.inner.is_some()
    }
}

fn type_error(message: &str) -> JsValue {
    js_sys::TypeError::new(&format!("Roster.mount: {message}")).into()
}

fn parse_uuid(s: &str, what: &str) -> Result<Uuid, JsValue> {
    Uuid::parse_str(s.trim()).map_err(|_| type_error(&format!("{what} is not a UUID: {s:?}")))
}

/// `options[key]` as a string, when present (null and undefined are absent).
fn string_option(options: &JsValue, key: &str) -> Result<Option<String>, JsValue> {
    let v = Reflect::get(options, &JsValue::from_str(key)).unwrap_or(JsValue::UNDEFINED);
    if v.is_undefined() || v.is_null() {
        return Ok(None);
    }
    v.as_string()
        .map(|s| Some(s.trim().to_owned()).filter(|s| !s.is_empty()))
        .ok_or_else(|| type_error(&format!("{key} must be a string")))
}

/// Reads the options object of `mount` (see docs/embedding.md).
pub fn parse_options(options: &JsValue) -> Result<EmbedOptions, JsValue> {
    if !options.is_object() {
        return Err(type_error("options must be an object"));
    }
    let get_token = Reflect::get(options, &JsValue::from_str("getToken"))
        .ok()
        .filter(|v| !v.is_undefined() && !v.is_null());
    let get_token = match get_token {
        Some(f) => Some(
            f.dyn_into::<js_sys::Function>()
                .map_err(|_| type_error("getToken must be a function"))?,
        ),
        None => None,
    };
    let view = match string_option(options, "view")? {
        Some(v) => EmbedView::parse(&v).ok_or_else(|| {
            type_error(&format!(
                "view must be \"app\", \"users\", \"invitations\", \"invite\" or \"my-invitations\", not {v:?}"
            ))
        })?,
        None => EmbedView::App,
    };
    let organization_id = match string_option(options, "organizationId")? {
        Some(id) => Some(parse_uuid(&id, "organizationId")?),
        None => None,
    };
    if matches!(
        view,
        EmbedView::Users | EmbedView::Invitations | EmbedView::Invite
    ) && organization_id.is_none()
    {
        return Err(type_error(&format!(
            "the {} view needs an organizationId",
            view.name()
        )));
    }
    let theme = match string_option(options, "theme")? {
        Some(t) => Theme::parse(&t)
            .ok_or_else(|| type_error("theme must be \"light\", \"dark\" or \"auto\""))?,
        None => Theme::Auto,
    };
    // Without the option, the host page's own language (`<html lang>`).
    let locale = match string_option(options, "locale")? {
        Some(l) => Locale::from_tag(&l),
        None => leptos::prelude::document()
            .document_element()
            .and_then(|html| html.get_attribute("lang"))
            .map(|l| Locale::from_tag(&l))
            .unwrap_or_default(),
    };
    // `en-GB`: English texts, British dates.
    if let Some(tag) = string_option(options, "locale")? {
        locale.use_region_of(&tag);
    }
    Ok(EmbedOptions {
        api_base: string_option(options, "apiBase")?
            .unwrap_or_else(|| roster_api::API_PREFIX.to_owned()),
        token: string_option(options, "token")?,
        get_token,
        organization_id,
        view,
        base_path: string_option(options, "basePath")?.unwrap_or_default(),
        locale,
        theme,
    })
}

/// Mounts a widget into `element` (see docs/embedding.md for the options).
/// Throws a `TypeError` naming the option that is wrong.
#[wasm_bindgen(js_name = mount)]
pub fn mount_widget(
    element: web_sys::HtmlElement,
    options: JsValue,
) -> Result<RosterWidget, JsValue> {
    let options = parse_options(&options)?;
    Ok(RosterWidget {
        inner: Some(mount_screen(element, options)),
    })
}
