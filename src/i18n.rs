//! All text of the app, in compile-time tables, and the browser's `Intl` for
//! dates, numbers, relative times and plurals (no i18n crate: the browser
//! already knows these rules, at no cost in bytes).
//!
//! [`texts!`] declares every message with its English text; each other
//! language is a `Texts { .. }` literal in its own file ([`fr`]), so a missing
//! translation is a compile error. To add a language: a file like `fr.rs`, a
//! [`Locale`] variant, its tag in [`Locale::tag`] and [`Locale::from_tag`], its
//! name in [`Locale::name`].

mod fr;
pub mod rules;

use leptos::prelude::*;
use roster_api::Timestamp;

pub use fr::FR;

/// A language the app speaks.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Locale {
    #[default]
    En,
    Fr,
}

impl Locale {
    /// Every locale, in the order the language switch lists them.
    pub const ALL: [Locale; 2] = [Locale::En, Locale::Fr];

    /// BCP 47 tag for `Intl` and `lang` attributes.
    pub fn tag(self) -> &'static str {
        match self {
            Locale::En => "en",
            Locale::Fr => "fr",
        }
    }

    /// The language's own name, for the language switch.
    pub fn name(self) -> &'static str {
        match self {
            Locale::En => "English",
            Locale::Fr => "Français",
        }
    }

    /// The locale for a BCP 47 tag by its language (`fr-CA` -> French), if the app speaks it.
    pub fn match_tag(tag: &str) -> Option<Locale> {
        let language = tag.trim().split(['-', '_']).next().unwrap_or_default();
        Locale::ALL
            .into_iter()
            .find(|l| l.tag().eq_ignore_ascii_case(language))
    }

    /// The best locale for a BCP 47 tag (`fr-CA`, `en`); English otherwise.
    pub fn from_tag(tag: &str) -> Locale {
        Locale::match_tag(tag).unwrap_or_default()
    }

    /// The first of `tags` (most preferred first, like `navigator.languages`)
    /// the app speaks; English when none.
    pub fn best_of<'a>(tags: impl IntoIterator<Item = &'a str>) -> Locale {
        tags.into_iter()
            .find_map(Locale::match_tag)
            .unwrap_or_default()
    }

    /// Formats dates and numbers of this language by the conventions of
    /// `tag`'s region from now on (`en-GB`: `22 Nov 2026`, not `Nov 22, 2026`),
    /// when `tag` is a well-formed tag of this language. Texts know only the
    /// language; `Intl` gets the whole tag ([`Locale::intl_tag`]).
    pub fn use_region_of(self, tag: &str) {
        let tag = tag.trim().replace('_', "-");
        let mut subtags = tag.split('-');
        let language_ok = subtags
            .next()
            .is_some_and(|l| l.eq_ignore_ascii_case(self.tag()));
        let rest_ok = subtags
            .all(|s| (1..=8).contains(&s.len()) && s.bytes().all(|b| b.is_ascii_alphanumeric()));
        if language_ok && rest_ok {
            INTL_TAGS.with(|t| t.borrow_mut()[self as usize] = Some(tag));
        }
    }

    /// The BCP 47 tag `Intl` formats with: the one given to
    /// [`Locale::use_region_of`] for this language, else [`Locale::tag`].
    pub fn intl_tag(self) -> String {
        INTL_TAGS
            .with(|t| t.borrow()[self as usize].clone())
            .unwrap_or_else(|| self.tag().to_owned())
    }

    pub fn texts(self) -> &'static Texts {
        match self {
            Locale::En => &EN,
            Locale::Fr => &FR,
        }
    }
}

thread_local! {
    /// Per language, the full tag it was asked for (`fr-CA`), for `Intl`.
    static INTL_TAGS: std::cell::RefCell<[Option<String>; Locale::ALL.len()]> =
        const { std::cell::RefCell::new([None, None]) };
}

/// The language of a mounted app (context). The UI reads it once per render
/// ([`use_locale`]); [`Localized`] renders its children again when it changes.
#[derive(Clone, Copy, Debug)]
pub struct CurrentLocale(pub RwSignal<Locale>);

/// The current locale (context); English when none was provided.
pub fn use_locale() -> Locale {
    use_context::<CurrentLocale>()
        .map(|l| l.0.get_untracked())
        .unwrap_or_default()
}

/// The message table of the current locale.
pub fn use_texts() -> &'static Texts {
    use_locale().texts()
}

/// Provides the locale of a mounted app.
pub fn provide_locale(locale: Locale) {
    provide_context(CurrentLocale(RwSignal::new(locale)));
}

/// Present when the user may change the language (the standalone app; in a
/// host the `locale` option decides).
#[derive(Clone, Copy, Debug)]
pub struct LocaleSwitch(pub RwSignal<Locale>);

/// The language switch, when this app has one.
pub fn use_locale_switch() -> Option<LocaleSwitch> {
    use_context::<LocaleSwitch>()
}

/// `localStorage` key of the language the user chose in the standalone app.
pub const LOCALE_KEY: &str = "roster.locale";

/// The standalone app's language: the one chosen before (`roster.locale`),
/// else the first of the browser's languages the app speaks, else English.
pub fn standalone_locale() -> Locale {
    if let Some(chosen) = crate::state::storage::get(LOCALE_KEY).and_then(|t| Locale::match_tag(&t))
    {
        return chosen;
    }
    let languages: Vec<String> = window()
        .navigator()
        .languages()
        .iter()
        .filter_map(|l| l.as_string())
        .collect();
    let locale = Locale::best_of(languages.iter().map(String::as_str));
    // The browser's region for that language (`en-GB`) formats dates and numbers.
    if let Some(tag) = languages
        .iter()
        .find(|t| Locale::match_tag(t) == Some(locale))
    {
        locale.use_region_of(tag);
    }
    locale
}

/// Makes the current locale switchable (standalone app) and keeps
/// `<html lang>` in step with it.
pub fn provide_locale_switch() {
    let Some(CurrentLocale(locale)) = use_context::<CurrentLocale>() else {
        return;
    };
    provide_context(LocaleSwitch(locale));
    Effect::new(move |_| {
        let tag = locale.get().tag();
        if let Some(html) = document().document_element() {
            let _ = html.set_attribute("lang", tag);
        }
    });
}

impl LocaleSwitch {
    /// Switches the whole UI to `locale` now and remembers the choice.
    pub fn set(self, locale: Locale) {
        crate::state::storage::set(LOCALE_KEY, locale.tag());
        self.0.set(locale);
    }

    pub fn get(self) -> Locale {
        self.0.get_untracked()
    }
}

/// Renders `children` again, in the new language, when the locale changes.
/// What must survive a switch lives above it or outside the view: the session,
/// the address (view state), drafts kept in `sessionStorage`.
#[component]
pub fn Localized(children: ChildrenFn) -> impl IntoView {
    let locale = use_context::<CurrentLocale>();
    move || {
        if let Some(CurrentLocale(l)) = locale {
            l.track();
        }
        children()
    }
}

/// The `lang` attribute of the current locale, reactive (for a root element).
pub fn lang_attr() -> Signal<&'static str> {
    let locale = use_context::<CurrentLocale>();
    Signal::derive(move || locale.map(|l| l.0.get()).unwrap_or_default().tag())
}

macro_rules! texts {
    ($($key:ident = $en:literal,)*) => {
        /// Every message of the app. `{n}`-style holes are filled with [`fill`].
        #[derive(Debug)]
        pub struct Texts { $(pub $key: &'static str,)* }
        /// English.
        pub static EN: Texts = Texts { $($key: $en,)* };
        impl Texts {
            /// Every (key, text) pair, for tests that compare languages.
            #[cfg(test)]
            pub fn entries(&self) -> Vec<(&'static str, &'static str)> {
                vec![$((stringify!($key), self.$key),)*]
            }
        }
    };
}

texts! {
    product_name = "Roster",
    loading = "Loading…",
    retry = "Retry",
    cancel = "Cancel",
    close = "Close",
    save = "Save changes",
    saving = "Saving…",
    dismiss = "Dismiss",
    optional = "optional",
    // errors
    err_network = "Can't reach the server. Check your connection and try again.",
    err_aborted = "The request was cancelled.",
    err_unauthorized = "Your session has ended. Please sign in again.",
    err_forbidden = "You don't have permission to do that.",
    err_not_found = "We couldn't find what you asked for. It may have been deleted.",
    err_conflict = "That can't be done in the current state. Reload and try again.",
    err_validation = "Some fields need your attention.",
    err_rate_limited = "Too many requests. Wait a moment and try again.",
    err_rate_limited_for = "Too many requests. Try again in {n} seconds.",
    err_server = "Something went wrong on our side. Try again in a moment.",
    err_unexpected = "The server gave an answer we didn't understand. Try again.",
    err_title = "Something went wrong",
    // sign-in
    sign_in_title = "Sign in to Roster",
    sign_in_lead = "Choose a demo account, or type any email address to sign in as that person.",
    sign_in_demo_accounts = "Demo accounts",
    sign_in_as = "Sign in as {name}",
    sign_in_email = "Email address",
    sign_in_submit = "Sign in",
    sign_in_signing = "Signing in…",
    sign_in_email_required = "Enter an email address.",
    sign_in_no_demo = "This server offers no demo accounts. Sign in with your email address.",
    sign_out = "Sign out",
    sign_in_email_lead = "Enter your email address. We will send you a 6-digit code and a link: no password needed.",
    sign_in_send_code = "Email me a code",
    sign_in_sending = "Sending…",
    sign_in_or = "or",
    sign_in_sso = "Continue with {name}",
    sign_in_check_title = "Check your email",
    sign_in_code_sent = "We sent a code and a link to {email}. They work once, for 10 minutes.",
    sign_in_code = "6-digit code",
    sign_in_code_hint = "Or open the link in the message, on this device.",
    sign_in_code_required = "Enter the 6-digit code from the message.",
    sign_in_code_format = "The code is 6 digits.",
    sign_in_code_incorrect = "That code is not right. Tries left: {n}.",
    sign_in_code_locked = "Too many wrong codes: this one no longer works. Send a new code.",
    sign_in_code_expired = "This code has expired or was already used. Send a new code.",
    sign_in_resend = "Send a new code",
    sign_in_resent = "A new code is on its way to {email}.",
    sign_in_other_address = "Use another address",
    sign_in_wait_minutes = "Too many sign-in requests. You can ask again in {n} min.",
    sso_email_unverified = "{name} did not confirm your email address, so Roster cannot sign you in with it. Ask your administrator, or sign in with an email code.",
    sso_state_mismatch = "That sign-in could not be matched to this browser. Please try again.",
    sso_cancelled = "Sign-in with {name} was cancelled.",
    sso_failed = "{name} could not sign you in. Please try again.",
    link_signing = "Signing you in",
    link_confirm_title = "Sign in on this device?",
    link_confirm_text = "This link was asked for on another device or browser. Sign in here only if you asked for it yourself.",
    link_confirm = "Sign in on this device",
    link_invalid_title = "This link no longer works",
    link_invalid = "This sign-in link has expired, was already used or was replaced by a newer one.",
    link_new_code = "Get a new code",
    name_title = "Welcome to Roster",
    name_lead = "What should we call you? Your name is shown to the people you work with.",
    name_label = "Your name",
    name_submit = "Continue",
    name_required = "Enter your name.",
    sign_out_everywhere = "Sign out everywhere",
    sign_out_everywhere_hint = "Ends your sessions on every device, this one included.",
    // frame
    nav_main = "Main",
    skip_to_content = "Skip to content",
    account_menu = "Account",
    bell_label_none = "Invitations: none waiting",
    bell_label_one = "Invitations: {n} waiting for you",
    bell_label_other = "Invitations: {n} waiting for you",
    tab_users = "Users",
    tab_invitations = "Invitations",
    tab_details = "Details",
    org_sections = "Organization sections",
    // switcher
    switcher_label = "Organization",
    switcher_choose = "Choose an organization",
    switcher_search = "Search organizations",
    switcher_results = "Organizations",
    switcher_none = "No organization matches “{q}”.",
    switcher_empty = "You don't belong to any organization yet.",
    switcher_more = "{n} more: refine the search",
    switcher_directory = "All organizations",
    switcher_current = "current",
    locked = "Locked",
    active = "Active",
    // lock banner
    locked_banner = "Locked by {who} on {date}: {reason}",
    locked_by_partner = "partner",
    locked_by_platform = "platform",
    locked_no_reason = "no reason given",
    locked_write_disabled = "This organization is locked, so it can't be changed.",
    // directory
    directory_title = "Organizations",
    directory_search = "Search by name, email or customer ID",
    directory_filters = "Filters",
    filter_status = "Status",
    filter_any = "Any",
    filter_email = "Owner email",
    filter_customer_id = "Customer ID",
    filter_locked_by = "Locked by",
    clear_filters = "Clear filters",
    col_name = "Name",
    col_status = "Status",
    col_owner_email = "Owner email",
    col_customer_id = "Customer ID",
    col_created = "Created",
    col_members = "Members",
    sort_by = "Sort by {col}",
    directory_empty = "No organizations yet.",
    directory_empty_cta = "Create the first one to get started.",
    directory_no_results = "No organization matches these filters.",
    create_org = "Create organization",
    create_org_title = "New organization",
    create_org_submit = "Create organization",
    create_org_creating = "Creating…",
    org_created = "“{name}” was created.",
    results_summary = "{from}–{to} of {total}",
    results_none = "0 results",
    pagination = "Pagination",
    prev_page = "Previous page",
    next_page = "Next page",
    page_size = "Rows per page",
    // fields
    field_name = "Organization name",
    field_email = "Owner email",
    field_owner_firstname = "Owner first name",
    field_owner_lastname = "Owner last name",
    field_phone = "Phone number",
    field_customer_id = "Customer ID",
    field_siren = "SIREN number",
    field_comment = "Comment",
    // details
    details_title = "Organization details",
    details_saved = "Changes saved.",
    details_read_only = "You can see these details. Changing them needs the “Manage organization” permission.",
    details_unchanged = "Nothing to save: no field was changed.",
    details_customer_id_warning = "Changing the customer ID only affects future invoices. Invoices already issued keep the old ID.",
    details_created = "Created {date}",
    details_members = "{n} members",
    details_member_one = "{n} member",
    lock_section = "Lock",
    lock_explain = "A locked organization can't be changed until it is unlocked. Its members keep read access.",
    lock_action = "Lock organization…",
    lock_title = "Lock {name}",
    lock_reason = "Reason",
    lock_reason_hint = "Shown to everyone who opens this organization.",
    lock_reason_required = "Give a reason for locking.",
    lock_confirm = "Lock organization",
    locking = "Locking…",
    locked_toast = "“{name}” is locked.",
    unlock_action = "Unlock organization",
    unlocking = "Unlocking…",
    unlocked_toast = "“{name}” is unlocked.",
    unlock_platform = "Locked by the platform: only the platform can unlock it.",
    // users
    users_title = "Users",
    users_empty = "Nobody is in this organization yet.",
    users_only_owner = "Only the owner is in this organization so far.",
    users_empty_cta = "Invite people with “Add users” to get started.",
    users_search = "Search by name or email",
    users_no_results = "No user matches this search or these filters.",
    users_clear = "Clear search and filters",
    filter_group = "Group",
    filter_tag = "Tag",
    filter_tag_placeholder = "key or key:value",
    filter_type = "Type",
    col_tags = "Tags",
    col_permissions = "Permissions",
    col_actions = "Actions",
    permissions_one = "{n} permission",
    permissions_other = "{n} permissions",
    select_all = "Select all users on this page",
    select_user = "Select {name}",
    owner_not_removable = "{name} owns the organization and can't be removed",
    selected_one = "{n} user selected",
    selected_other = "{n} users selected",
    clear_selection = "Clear selection",
    bulk_add = "Add to group…",
    bulk_add_title = "Add to a group",
    bulk_add_lead_one = "Add {n} user to a group:",
    bulk_add_lead_other = "Add {n} users to a group:",
    bulk_add_submit = "Add to group",
    bulk_added_one = "{n} user added to “{group}”.",
    bulk_added_other = "{n} users added to “{group}”.",
    adding = "Adding…",
    no_groups = "This organization has no groups yet.",
    bulk_remove = "Remove…",
    remove_title_one = "Remove {n} user?",
    remove_title_other = "Remove {n} users?",
    remove_lead = "They lose access to this organization at once:",
    remove_more = "and {n} more",
    remove_confirm = "Remove",
    removing = "Removing…",
    removed_one = "{n} user removed.",
    removed_other = "{n} users removed.",
    export_csv = "Export CSV",
    exporting = "Exporting…",
    edit = "Edit",
    edit_user = "Edit {name}",
    edit_tags = "Tags",
    edit_groups = "Groups",
    edit_permissions = "Permissions",
    user_saved = "{name} saved.",
    pending_invitations_one = "{n} pending invitation",
    pending_invitations_other = "{n} pending invitations",
    col_user = "User",
    col_type = "Type",
    col_groups = "Groups",
    col_joined = "Joined",
    col_last_login = "Last login",
    type_owner = "Owner",
    type_member = "Member",
    never = "Never",
    // invitations
    org_invitations_title = "Invitations",
    org_invitations_empty = "No invitations have been sent from this organization.",
    col_email = "Email",
    col_invited_by = "Invited by",
    col_sent = "Sent",
    col_expires = "Expires",
    inv_pending = "Pending",
    inv_accepted = "Accepted",
    inv_declined = "Declined",
    inv_expired = "Expired",
    inv_revoked = "Revoked",
    my_invitations_title = "Your invitations",
    my_invitations_empty = "No invitations are waiting for you.",
    my_invitation_from = "Invited by {name}",
    accept = "Accept",
    decline = "Decline",
    accepted_toast = "You joined “{name}”.",
    declined_toast = "Invitation to “{name}” declined.",
    accept_title = "Invitation",
    accept_lead = "{name} invited you to join {org}.",
    accept_invalid = "This invitation link is no longer valid. Ask the person who invited you to send a new one.",
    accept_missing = "This link has no invitation in it. Open the link from your email again.",
    expires_on = "Expires {date}",
    col_responded = "Responded",
    inv_status_all = "All statuses",
    inv_search = "Search by email",
    inv_none_pending = "No invitations are waiting for an answer.",
    inv_no_results = "No invitation matches this search.",
    inv_clear_search = "Clear search",
    inv_select = "Select {email}",
    inv_select_page = "Select all on this page",
    inv_selected = "{n} selected",
    inv_resend = "Resend",
    inv_revoke = "Revoke",
    inv_copy_link = "Copy link",
    inv_not_delivered = "Not delivered",
    inv_not_delivered_why = ": the mail server did not take the message ({reason}). Resend it.",
    inv_action_for = " the invitation to {email}",
    inv_copy_for = " of the invitation to {email}",
    inv_resent = "Invitation to {email} sent again. It now expires {date}.",
    inv_resent_many = "{n} invitations sent again.",
    inv_revoked_one = "Invitation to {email} revoked.",
    inv_revoked_many = "{n} invitations revoked.",
    inv_link_copied = "Invitation link copied.",
    inv_copy_failed = "Couldn't copy the link. Your browser didn't allow it.",
    inv_revoke_title_one = "Revoke this invitation?",
    inv_revoke_title_many = "Revoke {n} invitations?",
    inv_revoke_body = "The link sent to these addresses will stop working:",
    inv_revoke_confirm = "Revoke",
    inv_failures = "Some invitations couldn't be changed:",
    inv_failure = "{email}: {reason}",
    inv_working = "Working…",
    bell_menu = "Invitations waiting for you",
    bell_see_all = "See all your invitations",
    bell_more = "{n} more",
    decline_title = "Decline the invitation to {org}?",
    decline_body = "You won't join {org}. To join later, you'll need a new invitation.",
    accept_signed_out = "Sign in or create an account with {email} to answer this invitation.",
    accept_sign_in = "Sign in or create an account",
    accept_signed_in_as = "Signed in as {email}.",
    accept_you_get = "You will get",
    sent_by_on = "Sent {date}",
    // not found
    not_found_title = "Page not found",
    not_found_body = "There is nothing at this address.",
    not_found_home = "Go to the organizations",
    org_not_found = "This organization doesn't exist or you don't have access to it.",
    // tag editor
    tags_label = "Tags",
    tags_hint = "{n} of {max} tags. A key and an optional value, e.g. team: sales.",
    tag_key = "Key",
    tag_value = "Value",
    tag_key_of = "Key of tag {n}",
    tag_value_of = "Value of tag {n}",
    tag_remove = "Remove tag {n}",
    tag_add = "Add tag",
    // add users: fields
    add_users = "+ Add users",
    invite_title = "Add users to {org}",
    invite_vetoed = "These invitations were not sent: your console did not allow them.",
    invite_not_allowed = "Inviting people needs the “Manage members” permission.",
    invite_emails = "Email addresses",
    emails_hint = "Type or paste addresses, separated by commas, semicolons, spaces or new lines, or drop a .csv or .txt file here.",
    emails_chips = "Addresses added",
    emails_remove = "Remove {email}",
    emails_file = "Import from a .csv or .txt file",
    emails_count_one = "{n} address",
    emails_count_other = "{n} addresses",
    emails_invalid_one = "{n} invalid",
    emails_invalid_other = "{n} invalid",
    emails_merged_one = "{n} duplicate merged",
    emails_merged_other = "{n} duplicates merged",
    invite_groups = "Groups",
    invite_groups_search = "Search groups",
    invite_group_create = "Create group “{name}”",
    none_selected = "None selected",
    selected_list = "Selected: {names}",
    permissions_label = "Permissions",
    permissions_select_all = "Select all",
    invite_review = "Review and invite",
    invite_checking = "Checking…",
    invite_no_emails = "Add at least one email address.",
    invite_too_many = "At most {max} addresses per invitation. Remove some and send the rest later.",
    invite_fix_tags = "Some tags need your attention.",
    invite_confirm_close = "Close the panel? What you typed is kept for when you come back during this visit.",
    keep_editing = "Keep editing",
    discard = "Discard draft",
    close_keep = "Close",
    // add users: review and result
    invite_review_title = "Review",
    invite_each_gets = "Each person invited gets",
    none = "None",
    invite_addresses = "Addresses",
    invite_col_happens = "What happens",
    invite_col_result = "Result",
    outcome_will_invite = "Will be invited",
    outcome_member = "Already a member (skipped)",
    outcome_invited = "Already invited (skipped)",
    outcome_view_invitation = "View the invitation of {email}",
    outcome_invalid = "Invalid: {reason}",
    outcome_failed = "Failed: {reason}",
    outcome_sent = "Sent",
    outcome_sent_until = "Sent, pending until {date}",
    sum_will_invite_one = "{n} will be invited",
    sum_will_invite_other = "{n} will be invited",
    sum_members = "{n} skipped (already a member)",
    sum_invited = "{n} skipped (already invited)",
    sum_invalid = "{n} invalid",
    send_one = "Send {n} invitation",
    send_other = "Send {n} invitations",
    sending = "Sending…",
    back = "Back",
    result_title = "Invitations sent",
    result_failed_title = "Invitations not sent",
    result_summary = "{sent} sent · {skipped} skipped · {failed} failed",
    retry_failed = "Retry failed",
    fix_failed = "Fix failed addresses",
    done = "Done",
    // rules (api::rules) and server problems by code
    rule_char_space = "A space",
    rule_char_invisible = "The invisible character {code}",
    rule_char_quoted = "“{char}”",
    rule_email_empty = "Enter an email address",
    rule_email_too_long = "An email address can be at most {max} characters",
    rule_email_missing_at = "Missing “@”",
    rule_email_multiple_at = "Only one “@” is allowed",
    rule_email_empty_local = "Missing the name before “@”",
    rule_email_empty_domain = "Missing the domain after “@”, as in example.com",
    rule_email_local_too_long = "The part before “@” can be at most {max} characters",
    rule_email_local_char = "{char} can't be used before “@”",
    rule_email_local_dot_start = "An email address can't start with a dot",
    rule_email_local_dot_end = "The part before “@” can't end with a dot",
    rule_email_double_dot = "Two dots in a row (“..”) aren't allowed",
    rule_email_domain_char = "{char} can't be used in the domain",
    rule_email_domain_dot_start = "The domain can't start with a dot",
    rule_email_domain_dot_end = "The domain can't end with a dot",
    rule_email_domain_no_dot = "The domain needs a dot, as in example.com",
    rule_email_label_too_long = "Each part of the domain between dots can be at most {max} characters",
    rule_email_label_hyphen = "A part of the domain can't start or end with “-”",
    rule_email_tld_short = "The domain must end with at least 2 letters after the last dot, as in .com",
    rule_email_tld_numeric = "The domain must end with letters after the last dot, as in .com",
    rule_email_invalid = "Not a valid email address",
    rule_tag_key_required = "A tag needs a key",
    rule_tag_key_colon = "A tag key can't contain “:”, which separates key and value",
    rule_tag_key_control = "The key can't contain line breaks, tabs or other control characters",
    rule_tag_value_control = "The value can't contain line breaks, tabs or other control characters",
    rule_tag_too_long = "Key and value together can be at most {max} characters (now {chars})",
    rule_tag_duplicate = "This tag is already in the list",
    rule_tag_too_many = "A member can have at most {max} tags",
    rule_required = "Fill in this field",
    rule_too_long = "At most {max} characters (now {chars})",
    rule_too_many = "Too many entries: at most {max}",
    rule_duplicate = "Listed twice",
    rule_control = "Line breaks, tabs and other control characters aren't allowed here",
    rule_invisible = "Invisible and direction-changing characters aren't allowed here (found {code})",
    rule_phone = "Use 6 to 20 digits, with only spaces, dots, dashes, parentheses and a leading “+”",
    rule_siren = "A SIREN number has 9 digits and a valid check digit: check it for a typo",
    rule_customer_id = "Use only letters, digits, “-” and “_”",
    rule_url = "Enter a link that starts with http:// or https://",
    err_locked = "This organization is locked: nothing in it can change until it is unlocked.",
    err_owner_not_removable = "The owner can't be removed from the organization.",
    err_key_reused = "This request was already sent with other content. Reload and try again.",
    err_not_pending = "This invitation has already been answered, revoked or has expired.",
    err_other_address = "This invitation was sent to another address. Sign in with the invited address to answer it.",
    err_demo_only = "This is only available on the demo server.",
    // language switch
    language = "Language",
    // permissions (the catalogue's English is api::Permission::label)
    perm_manage_members = "Manage members",
    perm_manage_members_desc = "Invite, edit and remove members, and manage groups.",
    perm_manage_organization = "Manage organization",
    perm_manage_organization_desc = "Edit the organization's details.",
    perm_manage_billing = "Manage billing",
    perm_manage_billing_desc = "See invoices and change payment details.",
    perm_view_members = "View members",
    perm_view_members_desc = "See who belongs to the organization.",
    perm_create_projects = "Create projects",
    perm_create_projects_desc = "Create new projects in the organization.",
    perm_view_all_projects = "View all projects",
    perm_view_all_projects_desc = "See every project, not only their own.",
    perm_api_access = "API access",
    perm_api_access_desc = "Create API keys and call the API.",
    // who may change permissions, and the owner (issue 11, privilege)
    perm_not_held = "You don't hold this permission, so you can't grant or remove it.",
    perm_own_locked = "You can't change your own permissions. Ask someone else who holds them, or the partner.",
    perm_owner_locked = "The owner holds every permission. To change them, transfer the ownership first.",
    err_permission_not_held = "You can only grant or remove permissions you hold yourself.",
    err_own_permissions = "You can't change your own permissions.",
    err_owner_permissions = "The owner's permissions can't be changed. Transfer the ownership first.",
    rule_owner_transfer = "The owner changes only through “Transfer ownership”.",
    details_owner_email_hint = "To make someone else the owner, use “Transfer ownership” below.",
    transfer_section = "Ownership",
    transfer_current = "{name} ({email}) owns this organization.",
    transfer_explain = "The new owner gets every permission. The current owner stays a member and keeps their permissions.",
    transfer_action = "Transfer ownership…",
    transfer_title = "Transfer ownership of {name}",
    transfer_search = "Find a member",
    transfer_choose = "New owner",
    transfer_none = "No member matches.",
    transfer_pick_first = "Choose the new owner.",
    transfer_continue = "Continue",
    transfer_back = "Back",
    transfer_confirm_lead = "{new} will become the owner of {org} instead of {old}. {old} stays a member and keeps their permissions.",
    transfer_confirm = "Transfer ownership",
    transfer_busy = "Transferring…",
    transfer_done = "{name} now owns {org}.",
    // punctuation between a label and its value
    label_sep = ": ",
}

/// Replaces each `{key}` in `template` by its value.
pub fn fill(template: &str, args: &[(&str, &str)]) -> String {
    let mut out = template.to_owned();
    for (k, v) in args {
        out = out.replace(&format!("{{{k}}}"), v);
    }
    out
}

/// The plural category of `n` in `locale` (`"one"`, `"other"`, ...), from `Intl.PluralRules`.
pub fn plural_category(locale: Locale, n: f64) -> String {
    #[cfg(target_arch = "wasm32")]
    {
        let locales = js_sys::Array::of1(&wasm_bindgen::JsValue::from_str(&locale.intl_tag()));
        let rules = js_sys::Intl::PluralRules::new(&locales, &js_sys::Object::new());
        rules
            .select(n)
            .as_string()
            .unwrap_or_else(|| "other".to_owned())
    }
    #[cfg(not(target_arch = "wasm32"))]
    {
        // The CLDR rule for whole numbers, for native tests.
        let one = match locale {
            Locale::En => n == 1.0,
            Locale::Fr => n == 0.0 || n == 1.0,
        };
        if one { "one" } else { "other" }.to_owned()
    }
}

/// Picks `one` or `other` by `Intl.PluralRules` and fills `{n}` with the localized number.
pub fn plural(locale: Locale, n: u64, one: &str, other: &str) -> String {
    let template = if plural_category(locale, n as f64) == "one" {
        one
    } else {
        other
    };
    template.replace("{n}", &format_number(locale, n))
}

/// `12,345` in English.
pub fn format_number(locale: Locale, n: u64) -> String {
    #[cfg(target_arch = "wasm32")]
    {
        js_sys::Number::from(n as f64)
            .to_locale_string(&locale.intl_tag())
            .into()
    }
    #[cfg(not(target_arch = "wasm32"))]
    {
        let _ = locale;
        n.to_string()
    }
}

/// A date like `Nov 22, 2026`, in the browser's time zone.
pub fn format_date(locale: Locale, t: &Timestamp) -> String {
    #[cfg(target_arch = "wasm32")]
    {
        let date = js_sys::Date::new(&wasm_bindgen::JsValue::from_f64(t.millis() as f64));
        let options = js_sys::Object::new();
        let _ = js_sys::Reflect::set(&options, &"dateStyle".into(), &"medium".into());
        date.to_locale_date_string(&locale.intl_tag(), &options)
            .into()
    }
    #[cfg(not(target_arch = "wasm32"))]
    {
        let _ = locale;
        t.to_string()[..10].to_owned()
    }
}

/// A date and time like `Nov 22, 2026, 4:30 PM`, for tooltips.
pub fn format_date_time(locale: Locale, t: &Timestamp) -> String {
    #[cfg(target_arch = "wasm32")]
    {
        let date = js_sys::Date::new(&wasm_bindgen::JsValue::from_f64(t.millis() as f64));
        let options = js_sys::Object::new();
        let _ = js_sys::Reflect::set(&options, &"dateStyle".into(), &"medium".into());
        let _ = js_sys::Reflect::set(&options, &"timeStyle".into(), &"short".into());
        date.to_locale_string(&locale.intl_tag(), &options).into()
    }
    #[cfg(not(target_arch = "wasm32"))]
    {
        let _ = locale;
        let s = t.to_string();
        format!("{} {}", &s[..10], &s[11..16])
    }
}

/// The unit and rounded amount for a relative time of `seconds` (negative: past).
pub fn relative_parts(seconds: f64) -> (f64, &'static str) {
    let abs = seconds.abs();
    let (div, unit) = if abs < 60.0 {
        (1.0, "second")
    } else if abs < 3600.0 {
        (60.0, "minute")
    } else if abs < 86_400.0 {
        (3600.0, "hour")
    } else if abs < 30.0 * 86_400.0 {
        (86_400.0, "day")
    } else if abs < 365.0 * 86_400.0 {
        (30.0 * 86_400.0, "month")
    } else {
        (365.0 * 86_400.0, "year")
    };
    ((seconds / div).round(), unit)
}

/// Seconds from now until `t` (negative: past), by the browser's clock.
pub fn seconds_from_now(t: &Timestamp) -> f64 {
    #[cfg(target_arch = "wasm32")]
    let now = js_sys::Date::now();
    #[cfg(not(target_arch = "wasm32"))]
    let now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0.0, |d| d.as_millis() as f64);
    (t.millis() as f64 - now) / 1000.0
}

/// `3 days ago`, `in 2 hours`, by `Intl.RelativeTimeFormat`.
pub fn format_relative(locale: Locale, t: &Timestamp) -> String {
    #[cfg(target_arch = "wasm32")]
    {
        let (value, unit) = relative_parts(seconds_from_now(t));
        let locales = js_sys::Array::of1(&wasm_bindgen::JsValue::from_str(&locale.intl_tag()));
        let options = js_sys::Object::new();
        let _ = js_sys::Reflect::set(&options, &"numeric".into(), &"auto".into());
        let format = js_sys::Intl::RelativeTimeFormat::new(&locales, &options);
        format.format(value, unit).into()
    }
    #[cfg(not(target_arch = "wasm32"))]
    {
        format_date(locale, t)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fill_replaces_every_hole() {
        assert_eq!(
            fill("{a} and {b}, {a}", &[("a", "x"), ("b", "y")]),
            "x and y, x"
        );
    }

    #[test]
    fn relative_parts_pick_the_largest_sensible_unit() {
        assert_eq!(relative_parts(-30.0), (-30.0, "second"));
        assert_eq!(relative_parts(-90.0), (-2.0, "minute"));
        assert_eq!(relative_parts(2.0 * 86_400.0 + 100.0), (2.0, "day"));
        assert_eq!(relative_parts(-400.0 * 86_400.0), (-1.0, "year"));
    }

    /// The `{holes}` of a text, sorted, without repeats.
    fn holes(text: &str) -> Vec<&str> {
        let mut found: Vec<&str> = text
            .split('{')
            .skip(1)
            .filter_map(|rest| rest.split_once('}').map(|(name, _)| name))
            .collect();
        found.sort_unstable();
        found.dedup();
        found
    }

    #[test]
    fn holes_are_found() {
        assert_eq!(holes("{b} of {a}, {b}"), ["a", "b"]);
        assert!(holes("none").is_empty());
    }

    #[test]
    fn every_language_has_the_holes_of_english() {
        let english = EN.entries();
        for locale in Locale::ALL {
            let texts = locale.texts().entries();
            assert_eq!(texts.len(), english.len());
            for ((key, en), (fr_key, text)) in english.iter().zip(&texts) {
                assert_eq!(key, fr_key);
                assert_eq!(holes(en), holes(text), "{} {key}: {text}", locale.tag());
                assert!(!text.trim().is_empty(), "{} {key} is empty", locale.tag());
            }
        }
    }

    #[test]
    fn french_is_french() {
        // A text left in English by mistake reads the same in both tables.
        let same: Vec<_> = EN
            .entries()
            .into_iter()
            .zip(FR.entries())
            .filter(|((_, en), (_, fr))| en == fr && en.chars().any(char::is_alphabetic))
            .map(|((key, _), _)| key)
            .collect();
        // Words French shares with English.
        let shared = [
            "product_name",
            "pagination",
            "col_actions",
            "filter_type",
            "col_type",
            "tab_invitations",
            "org_invitations_title",
            "accept_title",
            "active",
        ];
        let unexpected: Vec<_> = same.iter().filter(|k| !shared.contains(k)).collect();
        assert!(unexpected.is_empty(), "untranslated: {unexpected:?}");
    }

    #[test]
    fn french_typography_is_consistent() {
        for (key, text) in FR.entries() {
            assert!(!text.contains('\''), "{key}: use ’ not '");
            for mark in [" :", " ?", " !", " ;", "« ", " »"] {
                assert!(
                    !text.contains(mark),
                    "{key}: no-break space before or inside {mark:?}"
                );
            }
        }
    }

    #[test]
    fn locales_match_by_language() {
        assert_eq!(Locale::from_tag("fr"), Locale::Fr);
        assert_eq!(Locale::from_tag("fr-CA"), Locale::Fr);
        assert_eq!(Locale::from_tag("FR_fr"), Locale::Fr);
        assert_eq!(Locale::from_tag("en-GB"), Locale::En);
        assert_eq!(Locale::from_tag("de-DE"), Locale::En);
        assert_eq!(Locale::from_tag(""), Locale::En);
        assert_eq!(Locale::best_of(["de-DE", "fr-BE", "en"]), Locale::Fr);
        assert_eq!(Locale::best_of(["de", "it"]), Locale::En);
        assert_eq!(Locale::best_of([]), Locale::En);
        for l in Locale::ALL {
            assert_eq!(Locale::from_tag(l.tag()), l);
        }
    }

    #[test]
    fn intl_gets_the_region_asked_for() {
        assert_eq!(Locale::Fr.intl_tag(), "fr");
        Locale::Fr.use_region_of("fr_CA");
        assert_eq!(Locale::Fr.intl_tag(), "fr-CA");
        // Another language's tag, or a malformed one, changes nothing.
        Locale::Fr.use_region_of("en-GB");
        Locale::Fr.use_region_of("fr-<script>");
        Locale::Fr.use_region_of("fr-");
        assert_eq!(Locale::Fr.intl_tag(), "fr-CA");
        assert_eq!(Locale::En.intl_tag(), "en");
    }

    #[test]
    fn french_counts_zero_and_one_as_singular() {
        let t = Locale::Fr.texts();
        assert_eq!(
            plural(Locale::Fr, 0, t.send_one, t.send_other),
            "Envoyer 0 invitation"
        );
        assert_eq!(
            plural(Locale::Fr, 1, t.send_one, t.send_other),
            "Envoyer 1 invitation"
        );
        assert_eq!(
            plural(Locale::Fr, 2, t.send_one, t.send_other),
            "Envoyer 2 invitations"
        );
        assert_eq!(
            plural(Locale::En, 0, EN.send_one, EN.send_other),
            "Send 0 invitations"
        );
    }

    #[test]
    fn english_plural_is_one_or_other() {
        assert_eq!(
            plural(Locale::En, 1, "{n} member", "{n} members"),
            "1 member"
        );
        assert_eq!(
            plural(Locale::En, 3, "{n} member", "{n} members"),
            "3 members"
        );
    }
}
