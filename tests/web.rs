//! Components in a real browser (headless Chromium through chromedriver):
//! mount into a fresh element, act, let the reactive system settle, read the DOM.
//!
//! CHROMEDRIVER=/usr/bin/chromedriver WASM_BINDGEN_TEST_TIMEOUT=120 \
//!   cargo test -p roster --target wasm32-unknown-unknown --test web
#![cfg(target_arch = "wasm32")]

use leptos::prelude::*;
use leptos::task::tick;
use roster::components::dialog::Dialog;
use roster::components::field::TextField;
use roster::components::pagination::Pagination;
use roster::components::sort_header::SortHeader;
use roster::components::toasts::ToastRegion;
use roster::state::toasts::Toasts;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;
use web_sys::HtmlElement;

wasm_bindgen_test_configure!(run_in_browser);

/// A fresh element in the page, inside a `.roster` root like the real app.
fn container() -> HtmlElement {
    let el = document().create_element("div").unwrap();
    el.set_class_name("roster");
    document().body().unwrap().append_child(&el).unwrap();
    el.unchecked_into()
}

fn find(root: &HtmlElement, selector: &str) -> HtmlElement {
    root.query_selector(selector)
        .unwrap()
        .unwrap_or_else(|| panic!("no element matches {selector}"))
        .unchecked_into()
}

#[wasm_bindgen_test]
async fn pagination_summarizes_and_pages() {
    let root = container();
    let asked = RwSignal::new(None::<u32>);
    let page = RwSignal::new(2u32);
    let _app = leptos::mount::mount_to(root.clone(), move || {
        view! {
            <Pagination
                page=page
                page_size=Signal::derive(|| 25)
                total=Signal::derive(|| 60)
                on_page=move |n: u32| asked.set(Some(n))
            />
        }
    });
    tick().await;
    assert_eq!(
        find(&root, ".roster-pagination__summary")
            .text_content()
            .unwrap(),
        "26–50 of 60"
    );
    find(&root, "button[aria-label='Next page']").click();
    tick().await;
    assert_eq!(asked.get_untracked(), Some(3));

    page.set(3);
    tick().await;
    assert_eq!(
        find(&root, ".roster-pagination__summary")
            .text_content()
            .unwrap(),
        "51–60 of 60"
    );
    let next: web_sys::HtmlButtonElement =
        find(&root, "button[aria-label='Next page']").unchecked_into();
    assert!(next.disabled(), "no page after the last");
    let prev: web_sys::HtmlButtonElement =
        find(&root, "button[aria-label='Previous page']").unchecked_into();
    assert!(!prev.disabled());
}

#[wasm_bindgen_test]
async fn sort_header_sets_aria_sort_and_toggles() {
    let root = container();
    let order = RwSignal::new(Some("name".to_owned()));
    let _app = leptos::mount::mount_to(root.clone(), move || {
        view! {
            <table><thead><tr>
                <SortHeader label="Name" key="name" order_by=order on_sort=move |o: String| order.set(Some(o))/>
                <SortHeader label="Created" key="created_at" descending_first=true order_by=order
                    on_sort=move |o: String| order.set(Some(o))/>
            </tr></thead></table>
        }
    });
    tick().await;
    let headers = root.query_selector_all("th").unwrap();
    let th = |i: u32| -> HtmlElement { headers.item(i).unwrap().unchecked_into() };
    assert_eq!(
        th(0).get_attribute("aria-sort").as_deref(),
        Some("ascending")
    );
    assert_eq!(th(1).get_attribute("aria-sort").as_deref(), Some("none"));

    find(&th(0), "button").click();
    tick().await;
    assert_eq!(order.get_untracked().as_deref(), Some("-name"));
    assert_eq!(
        th(0).get_attribute("aria-sort").as_deref(),
        Some("descending")
    );

    find(&th(1), "button").click();
    tick().await;
    assert_eq!(
        order.get_untracked().as_deref(),
        Some("-created_at"),
        "dates sort newest first"
    );
    assert_eq!(th(0).get_attribute("aria-sort").as_deref(), Some("none"));
}

#[wasm_bindgen_test]
async fn text_field_links_label_and_error() {
    let root = container();
    let value = RwSignal::new(String::new());
    let error = RwSignal::new(None::<String>);
    let _app = leptos::mount::mount_to(root.clone(), move || {
        view! { <TextField label="Owner email" value=value error=error required=true/> }
    });
    tick().await;
    let input: web_sys::HtmlInputElement = find(&root, "input").unchecked_into();
    let label = find(&root, "label");
    assert_eq!(label.get_attribute("for"), Some(input.id()));
    assert_eq!(input.get_attribute("aria-invalid"), None);

    input.set_value("ann@");
    input
        .dispatch_event(&web_sys::Event::new("input").unwrap())
        .unwrap();
    tick().await;
    assert_eq!(value.get_untracked(), "ann@");

    error.set(Some("Not a valid email address.".to_owned()));
    tick().await;
    assert_eq!(input.get_attribute("aria-invalid").as_deref(), Some("true"));
    let described = input
        .get_attribute("aria-describedby")
        .expect("error is described");
    let message = document()
        .get_element_by_id(&described)
        .expect("description exists");
    assert_eq!(
        message.text_content().unwrap(),
        "Not a valid email address."
    );
}

#[wasm_bindgen_test]
async fn dialog_opens_modal_and_escape_asks_to_close() {
    let root = container();
    let open = RwSignal::new(false);
    let closes = RwSignal::new(0);
    let _app = leptos::mount::mount_to(root.clone(), move || {
        view! {
            <Dialog open=open on_close=move |_| closes.update(|n| *n += 1) title=Signal::derive(|| "New organization".to_owned())>
                <input aria-label="Name"/>
            </Dialog>
        }
    });
    tick().await;
    let dialog: web_sys::HtmlDialogElement = find(&root, "dialog").unchecked_into();
    assert!(!dialog.open());
    open.set(true);
    tick().await;
    assert!(dialog.open(), "shown as a modal");
    let title_id = dialog.get_attribute("aria-labelledby").unwrap();
    assert_eq!(
        document()
            .get_element_by_id(&title_id)
            .unwrap()
            .text_content()
            .unwrap(),
        "New organization"
    );

    // Esc fires `cancel`: the owner is asked, the dialog stays until it agrees.
    dialog
        .dispatch_event(
            &web_sys::Event::new_with_event_init_dict("cancel", &{
                let init = web_sys::EventInit::new();
                init.set_cancelable(true);
                init
            })
            .unwrap(),
        )
        .unwrap();
    tick().await;
    assert_eq!(closes.get_untracked(), 1);
    open.set(false);
    tick().await;
    assert!(!dialog.open());
}

#[wasm_bindgen_test]
async fn toasts_are_announced_in_live_regions() {
    let root = container();
    let toasts = Toasts::new();
    let _app = leptos::mount::mount_to(root.clone(), move || {
        provide_context(toasts);
        view! { <ToastRegion/> }
    });
    tick().await;
    toasts.success("Changes saved.");
    toasts.error("Can't reach the server.");
    tick().await;
    let polite = find(&root, "[role=status]");
    assert_eq!(polite.get_attribute("aria-live").as_deref(), Some("polite"));
    assert!(polite.text_content().unwrap().contains("Changes saved."));
    let alert = find(&root, "[role=alert]");
    assert!(alert
        .text_content()
        .unwrap()
        .contains("Can't reach the server."));
    find(&alert, "button").click();
    tick().await;
    assert!(!find(&root, "[role=alert]")
        .text_content()
        .unwrap()
        .contains("Can't reach"));
}

#[wasm_bindgen_test]
async fn an_embedded_screen_unmounts_without_leaving_dom() {
    use roster::embed::{mount_screen, EmbedOptions, EmbedView};
    let root = container();
    let handle = mount_screen(
        root.clone(),
        EmbedOptions {
            // Nothing listens there: the screen shows its error state.
            api_base: "http://127.0.0.1:9/api/v1".to_owned(),
            token: Some("t".to_owned()),
            organization_id: Some(uuid::Uuid::nil()),
            view: EmbedView::Users,
            ..Default::default()
        },
    );
    tick().await;
    assert!(
        root.query_selector(".roster--embedded").unwrap().is_some(),
        "mounted"
    );
    assert!(root.query_selector("h2").unwrap().is_some());
    handle.unmount();
    tick().await;
    assert_eq!(root.child_element_count(), 0, "nothing left behind");
}
