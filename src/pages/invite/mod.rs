//! Adding users: the "+ Add users" button, the side panel with the fields
//! (emails, groups, tags, permissions), the review step (a dry run on the
//! server) and the result of sending.
//!
//! [`InviteFlow`] is the whole flow without a container: a host mounts it on
//! its own (the embedding's `invite` view) and hears about results through
//! `on_sent`. [`AddUsersButton`] is the users page's entry point.

pub mod draft;
mod steps;

use leptos::prelude::*;
use roster_api::rules::batch::MAX_BATCH_EMAILS;
use roster_api::{
    CreateGroup, CreateInvitations, InviteResponse, InviteResult, Organization, Permission,
    PermissionInfo,
};
use uuid::Uuid;

use crate::api::{self, use_api, ApiError};
use crate::components::email_input::{add_entries, EmailInput};
use crate::components::lock_banner::lock_sentence;
use crate::components::multi_select::MultiSelect;
use crate::components::permission_checklist::PermissionChecklist;
use crate::components::side_panel::SidePanel;
use crate::components::tag_editor::{tags_to_send, TagEditor};
use crate::components::unique_id;
use crate::i18n::{fill, format_number, use_locale};
use crate::state::loader::use_loader;
use crate::state::org::use_current_org;
use draft::{key_for, DraftState};
use steps::{ResultStep, ReviewStep};

/// Where the flow is.
#[derive(Clone, Debug, PartialEq)]
pub enum Step {
    /// Filling the fields.
    Edit,
    /// The server's dry run of `body`.
    Review {
        body: CreateInvitations,
        results: Vec<InviteResult>,
    },
    /// After sending `body`: the server's answer, or, when the request
    /// failed, the dry run's with `failure` for the addresses to invite.
    Done {
        body: CreateInvitations,
        results: Vec<InviteResult>,
        failure: Option<String>,
    },
}

/// What the edit step needs from the server, loaded together.
#[derive(Clone, Debug, PartialEq)]
struct Choices {
    groups: Vec<(Uuid, String)>,
    tag_keys: Vec<String>,
    permissions: Vec<PermissionInfo>,
}

/// Why the flow is disabled in `org`, if it is.
fn disabled_reason(org: &Organization, locale: crate::i18n::Locale) -> Option<String> {
    let t = locale.texts();
    lock_sentence(t, locale, org).or_else(|| {
        (!org.my_permissions.contains(&Permission::ManageMembers))
            .then(|| t.invite_not_allowed.to_owned())
    })
}

/// "+ Add users": opens the panel for the current organization; disabled,
/// with the reason, in a locked organization or without the permission.
#[component]
pub fn AddUsersButton(
    /// Called with the server's answer after invitations were sent (the
    /// users page refreshes its pending count).
    #[prop(optional, into)]
    on_sent: Option<Callback<InviteResponse>>,
) -> impl IntoView {
    let current = use_current_org();
    move || {
        current.id.get().map(|id| {
            view! { <AddUsers org_id=id org=Signal::derive(move || current.org()) on_sent=on_sent/> }
        })
    }
}

#[component]
fn AddUsers(
    org_id: Uuid,
    org: Signal<Option<Organization>>,
    on_sent: Option<Callback<InviteResponse>>,
) -> impl IntoView {
    let locale = use_locale();
    let t = locale.texts();
    let open = RwSignal::new(false);
    // Ids unique in the document: a host may mount several widgets.
    let reason_id = unique_id("add-users-reason");
    let reason = Memo::new(move |_| {
        org.with(|o| match o {
            Some(o) => disabled_reason(o, locale),
            None => Some(t.loading.to_owned()),
        })
    });
    view! {
        <div class="roster-add-users">
            <button
                type="button"
                class="roster-button roster-button--primary"
                aria-disabled=move || reason.with(Option::is_some).then_some("true")
                aria-describedby=reason_id.clone()
                on:click=move |_| {
                    if reason.with_untracked(Option::is_none) {
                        open.set(true);
                    }
                }
            >
                {t.add_users}
            </button>
            <span class="roster-muted roster-add-users__reason" id=reason_id>
                {move || reason.get().filter(|_| org.with(Option::is_some))}
            </span>
            <InvitePanel org_id=org_id org=org open=open on_sent=on_sent/>
        </div>
    }
}

/// The flow in a side panel. Closing asks first when something was typed;
/// what was typed stays in the draft either way, until sent or discarded.
#[component]
pub fn InvitePanel(
    /// The organization invited to.
    org_id: Uuid,
    /// Its details (name, lock state, the caller's permissions).
    #[prop(into)]
    org: Signal<Option<Organization>>,
    /// Whether the panel is open, two-way.
    open: RwSignal<bool>,
    /// Called with the server's answer after invitations were sent.
    #[prop(default = None)]
    on_sent: Option<Callback<InviteResponse>>,
) -> impl IntoView {
    let t = use_locale().texts();
    let draft = DraftState::new(org_id);
    let confirming = RwSignal::new(false);
    let question_id = StoredValue::new(unique_id("invite-confirm"));
    let keep = NodeRef::<leptos::html::Button>::new();
    Effect::new(move |_| {
        if !open.get() {
            confirming.set(false);
        }
    });
    // The question takes focus, so Enter keeps editing and Esc closes.
    Effect::new(move |_| {
        if let Some(b) = keep.get() {
            let _ = b.focus();
        }
    });
    let close = move || {
        confirming.set(false);
        open.set(false);
    };
    let ask_close = Callback::new(move |()| {
        if confirming.get_untracked() || draft.get().is_empty() {
            close();
        } else {
            confirming.set(true);
        }
    });
    let title = Signal::derive(move || {
        let name = org.with(|o| o.as_ref().map(|o| o.name.clone()).unwrap_or_default());
        fill(t.invite_title, &[("org", &name)])
    });
    view! {
        <SidePanel open=open on_close=ask_close title=title>
            <InviteFlow org_id=org_id org=org draft=draft on_sent=on_sent on_close=ask_close/>
            <Show when=move || confirming.get()>
                <div class="roster-panel__confirm" role="alertdialog" aria-labelledby=question_id.get_value() aria-modal="false">
                    <p id=question_id.get_value()>{t.invite_confirm_close}</p>
                    <div class="roster-form__actions">
                        <button type="button" class="roster-button" node_ref=keep on:click=move |_| confirming.set(false)>
                            {t.keep_editing}
                        </button>
                        <button type="button" class="roster-button roster-button--danger" on:click=move |_| { draft.clear(); close(); }>
                            {t.discard}
                        </button>
                        <button type="button" class="roster-button roster-button--primary" on:click=move |_| close()>
                            {t.close_keep}
                        </button>
                    </div>
                </div>
            </Show>
        </SidePanel>
    }
}

/// The whole flow: edit, review, result.
#[component]
pub fn InviteFlow(
    /// The organization invited to.
    org_id: Uuid,
    /// Its details (lock state, the caller's permissions).
    #[prop(into)]
    org: Signal<Option<Organization>>,
    /// The draft the fields edit; a fresh one of `org_id` when not given.
    #[prop(optional)]
    draft: Option<DraftState>,
    /// Called with the server's answer after invitations were sent.
    #[prop(default = None)]
    on_sent: Option<Callback<InviteResponse>>,
    /// Called by Cancel and Done.
    #[prop(into)]
    on_close: Callback<()>,
) -> impl IntoView {
    let locale = use_locale();
    let t = locale.texts();
    let draft = draft.unwrap_or_else(|| DraftState::new(org_id));
    let api = use_api();
    let events = crate::embed::events::use_embed_events();
    let step = RwSignal::new(Step::Edit);
    let busy = RwSignal::new(false);
    let error = RwSignal::new(None::<String>);
    let email_error = RwSignal::new(None::<String>);
    let group_error = RwSignal::new(None::<String>);
    let created = RwSignal::new(Vec::<(Uuid, String)>::new());
    let disabled = Memo::new(move |_| {
        busy.get()
            || org.with(|o| {
                o.as_ref()
                    .is_none_or(|o| disabled_reason(o, locale).is_some())
            })
    });
    let choices = use_loader(
        move || org_id,
        |client, id: Uuid| async move {
            let groups = api::groups::list(&client, id).await?;
            let keys = api::members::tag_keys(&client, id).await?;
            let permissions = api::permissions::catalogue(&client).await?;
            Ok(Choices {
                groups: groups.items.into_iter().map(|g| (g.id, g.name)).collect(),
                tag_keys: keys.keys,
                permissions,
            })
        },
    );
    let loaded = move || choices.for_key(&org_id).and_then(Result::ok);
    let group_options = Signal::derive(move || {
        let mut all = loaded().map(|c| c.groups).unwrap_or_default();
        created.with(|c| all.extend(c.iter().cloned()));
        all.sort_by_key(|(_, n)| n.to_lowercase());
        all
    });
    let create_group = Callback::new({
        let api = api.clone();
        move |name: String| {
            let api = api.clone();
            group_error.set(None);
            leptos::task::spawn_local(async move {
                let body = CreateGroup {
                    name,
                    description: None,
                };
                match api::groups::create(&api, org_id, &body).await {
                    Ok(g) => {
                        created.update(|c| c.push((g.id, g.name)));
                        draft.group_ids.update(|s| s.push(g.id));
                    }
                    Err(e) => group_error.set(Some(
                        e.field_error(t, "name").unwrap_or_else(|| e.message(t)),
                    )),
                }
            });
        }
    });

    // Review: the body of the draft, checked here first, then a dry run.
    let review = {
        let api = api.clone();
        move || {
            error.set(None);
            email_error.set(None);
            let typed = draft.text.get_untracked();
            if !typed.trim().is_empty() {
                draft.emails.update(|v| {
                    add_entries(v, &typed, false);
                });
                draft.text.set(String::new());
            }
            let emails = draft.emails.get_untracked();
            if emails.is_empty() {
                email_error.set(Some(t.invite_no_emails.to_owned()));
                return;
            }
            if emails.len() > MAX_BATCH_EMAILS {
                email_error.set(Some(fill(
                    t.invite_too_many,
                    &[("max", &format_number(locale, MAX_BATCH_EMAILS as u64))],
                )));
                return;
            }
            let Some(tags) = draft.tags.with_untracked(|r| tags_to_send(r)) else {
                error.set(Some(t.invite_fix_tags.to_owned()));
                return;
            };
            let body = CreateInvitations {
                emails,
                group_ids: draft.group_ids.get_untracked(),
                tags,
                permissions: draft.permissions.get_untracked(),
            };
            busy.set(true);
            let api = api.clone();
            leptos::task::spawn_local(async move {
                let answer = api::invitations::create(&api, org_id, &body, true).await;
                busy.set(false);
                match answer {
                    Ok(r) => step.set(Step::Review {
                        body,
                        results: r.results,
                    }),
                    Err(e) => {
                        email_error.set(e.field_error(t, "emails"));
                        // A permission the inviter lacks is named (the checklist
                        // greys those out; a draft may be older than a change).
                        let permission = e
                            .field_errors()
                            .iter()
                            .find(|f| f.field.starts_with("permissions"))
                            .map(|f| crate::i18n::rules::field_error(t, f));
                        error.set(Some(permission.unwrap_or_else(|| e.message(t))));
                    }
                }
            });
        }
    };

    // Send: one request; its key is reused as long as the body is the same.
    let send = Callback::new({
        let api = api.clone();
        move |(body, dry_run): (CreateInvitations, Vec<InviteResult>)| {
            if busy.get_untracked() {
                return;
            }
            // A host may veto (e.g. a seat limit): back to the fields, nothing lost.
            if !events.before_invite(org_id, &body.emails) {
                error.set(Some(t.invite_vetoed.to_owned()));
                step.set(Step::Edit);
                return;
            }
            let mut pending = draft.pending.get_untracked();
            let key = key_for(&mut pending, &body);
            draft.pending.set(pending);
            busy.set(true);
            error.set(None);
            let api = api.idempotent(&key);
            leptos::task::spawn_local(async move {
                let answer = api::invitations::create(&api, org_id, &body, false).await;
                busy.set(false);
                match answer {
                    Ok(r) => {
                        events.invitations_sent(org_id, &r);
                        draft.clear();
                        step.set(Step::Done {
                            body,
                            results: r.results.clone(),
                            failure: None,
                        });
                        if let Some(cb) = on_sent {
                            cb.run(r);
                        }
                    }
                    Err(ApiError::Aborted) => {}
                    Err(e) => step.set(Step::Done {
                        body,
                        results: dry_run,
                        failure: Some(e.message(t)),
                    }),
                }
            });
        }
    });

    // Back to the fields with only the addresses that failed.
    let fix_failed = Callback::new(move |(body, emails): (CreateInvitations, Vec<String>)| {
        draft.emails.set(emails);
        draft.group_ids.set(body.group_ids);
        draft.tags.set(body.tags);
        draft.permissions.set(body.permissions);
        step.set(Step::Edit);
    });

    let edit_view = move || {
        let review = review.clone();
        view! {
            <form
                class="roster-form roster-invite"
                novalidate
                on:submit=move |ev| {
                    ev.prevent_default();
                    if !disabled.get_untracked() {
                        review();
                    }
                }
            >
                {move || org.with(|o| o.as_ref().and_then(|o| disabled_reason(o, locale))).map(|r| view! {
                    <p class="roster-form__error" role="alert">{r}</p>
                })}
                <EmailInput
                    emails=draft.emails
                    text=draft.text
                    label=t.invite_emails
                    error=email_error
                    disabled=disabled
                />
                {move || match choices.for_key(&org_id) {
                    Some(Err(e)) => view! {
                        <crate::components::error_view::InlineError error=e on_retry=move |_| choices.reload()/>
                    }.into_any(),
                    None => view! { <p class="roster-muted">{t.loading}</p> }.into_any(),
                    Some(Ok(_)) => ().into_any(),
                }}
                <MultiSelect
                    label=t.invite_groups
                    search_label=t.invite_groups_search
                    create_label=t.invite_group_create
                    options=group_options
                    selected=draft.group_ids
                    on_create=create_group
                    error=group_error
                    disabled=disabled
                />
                <TagEditor
                    tags=draft.tags
                    suggestions=Signal::derive(move || loaded().map(|c| c.tag_keys).unwrap_or_default())
                    disabled=disabled
                />
                <PermissionChecklist
                    catalogue=Signal::derive(move || loaded().map(|c| c.permissions).unwrap_or_default())
                    selected=draft.permissions
                    disabled=disabled
                    held=Signal::derive(move || org.with(|o| o.as_ref().map(|o| o.my_permissions.clone()).unwrap_or_default()))
                />
                <p class="roster-form__error" role="alert" hidden=move || error.with(Option::is_none)>
                    {move || error.get()}
                </p>
                <div class="roster-form__actions roster-panel__footer">
                    <button type="button" class="roster-button" on:click=move |_| on_close.run(())>{t.cancel}</button>
                    <button type="submit" class="roster-button roster-button--primary" disabled=move || disabled.get()>
                        {move || if busy.get() { t.invite_checking } else { t.invite_review }}
                    </button>
                </div>
            </form>
        }
    };

    view! {
        <div class="roster-invite-flow">
            {move || match step.get() {
                Step::Edit => edit_view().into_any(),
                Step::Review { body, results } => view! {
                    <ReviewStep
                        org_id=org_id
                        body=body
                        results=results
                        groups=group_options
                        busy=busy
                        on_back=move |_| step.set(Step::Edit)
                        on_send=send
                    />
                }.into_any(),
                Step::Done { body, results, failure } => view! {
                    <ResultStep
                        org_id=org_id
                        body=body
                        results=results
                        failure=failure
                        busy=busy
                        on_retry=send
                        on_fix=fix_failed
                        on_done=on_close
                    />
                }.into_any(),
            }}
        </div>
    }
}
