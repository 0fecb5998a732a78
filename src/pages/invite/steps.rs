//! The review step (what a dry run says will happen to each address) and the
//! result step (what happened), sharing one per-address table.

use leptos::html;
use leptos::prelude::*;
use roster_api::{CreateInvitations, InviteOutcome, InviteResult};
use uuid::Uuid;

use crate::api::client::encode_component;
use crate::i18n::{fill, format_date, format_number, plural, use_locale, Locale};
use crate::state::nav::{Nav, OrgPage, Screen};

/// Counts per outcome: (to invite, members, invited already, invalid).
fn counts(results: &[InviteResult]) -> [u64; 4] {
    let mut c = [0; 4];
    for r in results {
        c[match r.outcome {
            InviteOutcome::Invited => 0,
            InviteOutcome::AlreadyMember => 1,
            InviteOutcome::AlreadyInvited => 2,
            InviteOutcome::Invalid => 3,
        }] += 1;
    }
    c
}

/// A heading that takes focus when the step appears, so keyboard and screen
/// reader users continue from it.
fn step_heading(text: String) -> impl IntoView {
    let h = NodeRef::<html::H3>::new();
    Effect::new(move |_| {
        if let Some(h) = h.get() {
            let _ = h.focus();
        }
    });
    view! { <h3 class="roster-invite__step" tabindex="-1" node_ref=h>{text}</h3> }
}

/// What each invitee receives: groups, tags, permissions.
fn grants(locale: Locale, body: &CreateInvitations, groups: &[(Uuid, String)]) -> impl IntoView {
    let t = locale.texts();
    let or_none = |v: Vec<String>| {
        if v.is_empty() {
            t.none.to_owned()
        } else {
            v.join(", ")
        }
    };
    let group_names = body
        .group_ids
        .iter()
        .map(|id| {
            groups
                .iter()
                .find(|(g, _)| g == id)
                .map_or_else(|| id.to_string(), |(_, n)| n.clone())
        })
        .collect();
    let tags = body
        .tags
        .iter()
        .map(|t| {
            if t.value.is_empty() {
                t.key.clone()
            } else {
                format!("{}: {}", t.key, t.value)
            }
        })
        .collect();
    let perms = body
        .permissions
        .iter()
        .map(|p| crate::i18n::rules::permission_label(t, *p).to_owned())
        .collect();
    view! {
        <div class="roster-grants">
            <p class="roster-grants__title">{t.invite_each_gets}</p>
            <dl>
                <dt>{t.invite_groups}</dt><dd>{or_none(group_names)}</dd>
                <dt>{t.tags_label}</dt><dd>{or_none(tags)}</dd>
                <dt>{t.permissions_label}</dt><dd>{or_none(perms)}</dd>
            </dl>
        </div>
    }
}

/// The per-address table. `done`: after sending (else a review);
/// `failure`: the request failed, so nothing to invite was sent.
fn address_table(
    locale: Locale,
    org_id: Uuid,
    results: Vec<InviteResult>,
    done: bool,
    failure: Option<String>,
) -> impl IntoView {
    let t = locale.texts();
    let nav = use_context::<Nav>();
    let row = move |r: InviteResult| {
        let (badge, text) = match (r.outcome, done, &failure) {
            (InviteOutcome::Invited, true, Some(f)) => {
                ("danger", fill(t.outcome_failed, &[("reason", f)]))
            }
            (InviteOutcome::Invited, true, None) => (
                "active",
                r.invitation.as_ref().map_or_else(
                    || t.outcome_sent.to_owned(),
                    |i| {
                        fill(
                            t.outcome_sent_until,
                            &[("date", &format_date(locale, &i.expires_at))],
                        )
                    },
                ),
            ),
            (InviteOutcome::Invited, false, _) => ("pending", t.outcome_will_invite.to_owned()),
            (InviteOutcome::AlreadyMember, _, _) => ("muted", t.outcome_member.to_owned()),
            (InviteOutcome::AlreadyInvited, _, _) => ("muted", t.outcome_invited.to_owned()),
            (InviteOutcome::Invalid, _, _) => (
                "danger",
                fill(
                    if done {
                        t.outcome_failed
                    } else {
                        t.outcome_invalid
                    },
                    &[("reason", &invalid_reason(t, &r))],
                ),
            ),
        };
        let link = (r.outcome == InviteOutcome::AlreadyInvited)
            .then_some(nav)
            .flatten()
            .map(|nav| {
                let href = format!(
                    "{}?search={}",
                    nav.href(&Screen::Org(org_id, OrgPage::Invitations)),
                    encode_component(&r.email)
                );
                view! { " " <a href=href>{fill(t.outcome_view_invitation, &[("email", &r.email)])}</a> }
            });
        view! {
            <tr>
                <th scope="row">{r.email}</th>
                <td>
                    <span class=format!("roster-badge roster-badge--{badge}")>{text}</span>
                    {link}
                </td>
            </tr>
        }
    };
    view! {
        <div class="roster-table-wrap roster-invite__table" tabindex="0" role="region" aria-label=t.invite_addresses>
            <table class="roster-table">
                <caption class="roster-visually-hidden">{t.invite_addresses}</caption>
                <thead>
                    <tr>
                        <th scope="col">{t.col_email}</th>
                        <th scope="col">{if done { t.invite_col_result } else { t.invite_col_happens }}</th>
                    </tr>
                </thead>
                <tbody>{results.into_iter().map(row).collect_view()}</tbody>
            </table>
        </div>
    }
}

#[component]
pub fn ReviewStep(
    /// The organization invited to (for links to its invitations).
    org_id: Uuid,
    /// The request reviewed.
    body: CreateInvitations,
    /// The dry run's answer per address.
    results: Vec<InviteResult>,
    /// The organization's groups, for their names.
    #[prop(into)]
    groups: Signal<Vec<(Uuid, String)>>,
    /// Whether a send is in flight (disables Send).
    #[prop(into)]
    busy: Signal<bool>,
    /// Back to the fields.
    #[prop(into)]
    on_back: Callback<()>,
    /// Sends `body`; the dry run's answer comes along for the failure screen.
    on_send: Callback<(CreateInvitations, Vec<InviteResult>)>,
) -> impl IntoView {
    let locale = use_locale();
    let t = locale.texts();
    let [invite, member, invited, invalid] = counts(&results);
    let mut summary = vec![plural(
        locale,
        invite,
        t.sum_will_invite_one,
        t.sum_will_invite_other,
    )];
    for (n, text) in [
        (member, t.sum_members),
        (invited, t.sum_invited),
        (invalid, t.sum_invalid),
    ] {
        if n > 0 {
            summary.push(fill(text, &[("n", &format_number(locale, n))]));
        }
    }
    let send_label = plural(locale, invite, t.send_one, t.send_other);
    let payload = StoredValue::new((body.clone(), results.clone()));
    view! {
        <div class="roster-invite">
            {step_heading(t.invite_review_title.to_owned())}
            <p class="roster-invite__summary">{summary.join(" · ")}</p>
            {move || groups.with(|g| grants(locale, &body, g))}
            {address_table(locale, org_id, results, false, None)}
            <div class="roster-form__actions roster-panel__footer">
                <button type="button" class="roster-button" on:click=move |_| on_back.run(())>{t.back}</button>
                <button
                    type="button"
                    class="roster-button roster-button--primary"
                    disabled=move || busy.get() || invite == 0
                    on:click=move |_| on_send.run(payload.get_value())
                >
                    {move || if busy.get() { t.sending.to_owned() } else { send_label.clone() }}
                </button>
            </div>
        </div>
    }
}

#[component]
pub fn ResultStep(
    /// The organization invited to (for links to its invitations).
    org_id: Uuid,
    /// The request sent.
    body: CreateInvitations,
    /// The answer per address (the dry run's when the request failed).
    results: Vec<InviteResult>,
    /// Why the request failed, if it did.
    failure: Option<String>,
    /// Whether a retry is in flight.
    #[prop(into)]
    busy: Signal<bool>,
    /// Sends the same request again (same Idempotency-Key).
    on_retry: Callback<(CreateInvitations, Vec<InviteResult>)>,
    /// Back to the fields with these addresses (the grants of `body` kept).
    on_fix: Callback<(CreateInvitations, Vec<String>)>,
    /// Closes the flow.
    #[prop(into)]
    on_done: Callback<()>,
) -> impl IntoView {
    let locale = use_locale();
    let t = locale.texts();
    let [invite, member, invited, invalid] = counts(&results);
    let failed = if failure.is_some() {
        invite + invalid
    } else {
        invalid
    };
    let sent = if failure.is_some() { 0 } else { invite };
    let summary = fill(
        t.result_summary,
        &[
            ("sent", &sent.to_string()),
            ("skipped", &(member + invited).to_string()),
            ("failed", &failed.to_string()),
        ],
    );
    let invalid_emails: Vec<String> = results
        .iter()
        .filter(|r| r.outcome == InviteOutcome::Invalid)
        .map(|r| r.email.clone())
        .collect();
    let retry = failure.is_some().then(|| {
        let payload = StoredValue::new((body.clone(), results.clone()));
        view! {
            <button
                type="button"
                class="roster-button roster-button--primary"
                disabled=move || busy.get()
                on:click=move |_| on_retry.run(payload.get_value())
            >
                {move || if busy.get() { t.sending } else { t.retry_failed }}
            </button>
        }
    });
    let fix = (failure.is_none() && !invalid_emails.is_empty()).then(|| {
        let payload = StoredValue::new((body.clone(), invalid_emails));
        view! {
            <button type="button" class="roster-button" on:click=move |_| on_fix.run(payload.get_value())>
                {t.fix_failed}
            </button>
        }
    });
    let back = failure.is_some().then(|| {
        let payload = StoredValue::new(body.clone());
        view! {
            <button type="button" class="roster-button" on:click=move |_| on_fix.run((payload.get_value(), payload.get_value().emails))>
                {t.back}
            </button>
        }
    });
    let title = if failure.is_some() {
        t.result_failed_title
    } else {
        t.result_title
    };
    view! {
        <div class="roster-invite">
            {step_heading(title.to_owned())}
            <p class="roster-invite__summary" role="status">{summary}</p>
            {failure.clone().map(|f| view! { <p class="roster-form__error" role="alert">{f}</p> })}
            {address_table(locale, org_id, results, true, failure)}
            <div class="roster-form__actions roster-panel__footer">
                {back}
                {fix}
                {retry}
                <button type="button" class="roster-button" on:click=move |_| on_done.run(())>{t.done}</button>
            </div>
        </div>
    }
}

/// Why the server rejected an address, in the user's language: the contract's
/// rule run again on the address (the server's `reason` is English).
fn invalid_reason(t: &crate::i18n::Texts, r: &InviteResult) -> String {
    match roster_api::rules::emails::validate_email(&r.email) {
        Err(rejection) => crate::i18n::rules::email_rejection(t, &rejection),
        Ok(_) => r.reason.clone().unwrap_or_default(),
    }
}
