//! Validation rules shared by the app (as you type) and the server (on write).
//!
//! Each rule is a plain function over plain data; the server turns its
//! answers into [`crate::FieldError`]s, the app shows them next to the field.
//! Rules judge values trimmed: the server stores them trimmed.

pub mod account;
pub mod batch;
pub mod emails;
pub mod organization;
pub mod tags;
pub mod text;

/// Stable [`crate::FieldError`] codes produced by these rules. Clients branch
/// on (or translate) these; the English `message` comes with each error.
pub mod field_codes {
    /// Empty, or only spaces, where a value is needed.
    pub const REQUIRED: &str = "required";
    /// Longer than the field allows.
    pub const TOO_LONG: &str = "too_long";
    /// More entries than the list allows (tags, emails).
    pub const TOO_MANY: &str = "too_many";
    /// The same entry appears earlier in the list.
    pub const DUPLICATE: &str = "duplicate";
    /// A line break, tab or other control character in a one-line field.
    pub const CONTROL_CHARACTER: &str = "control_character";
    /// Not a plausible email address; the message says why.
    pub const INVALID_EMAIL: &str = "invalid_email";
    pub const INVALID_PHONE: &str = "invalid_phone";
    /// Not 9 digits, or fails the Luhn check.
    pub const INVALID_SIREN: &str = "invalid_siren";
    /// Something other than letters, digits, `-` and `_`.
    pub const INVALID_CUSTOMER_ID: &str = "invalid_customer_id";
    /// Not an `http://` or `https://` URL with a host.
    pub const INVALID_URL: &str = "invalid_url";
    /// A tag key containing `:`.
    pub const INVALID_TAG_KEY: &str = "invalid_tag_key";
    /// An invisible or direction-changing character (a bidi override or
    /// isolate such as U+202E, a zero-width space, a byte order mark, a soft
    /// hyphen...) in a name or a tag, where it could make one name pass for
    /// another; see [`super::text::invisible_character`].
    pub const INVISIBLE_CHARACTER: &str = "invisible_character";
    /// Not a rule: a request body named a field its type does not have (a
    /// typo such as `group_id` for `group_ids`). The server answers it in its
    /// 422 instead of ignoring the field.
    pub const UNKNOWN_FIELD: &str = "unknown_field";
}
