//! The contract's rule answers and the server's problem codes in the user's
//! language. Rules (`roster_api::rules`) and the server speak English with
//! stable codes; the app translates by code, with the numbers a message needs.

use roster_api::errors::codes;
use roster_api::rules::emails::{
    is_invisible, EmailRejection, MAX_DOMAIN_LABEL_CHARS, MAX_EMAIL_CHARS, MAX_LOCAL_PART_CHARS,
};
use roster_api::rules::field_codes;
use roster_api::rules::tags::{TagRejection, MAX_TAGS, MAX_TAG_CHARS};
use roster_api::rules::text::InvisibleCharacter;
use roster_api::{FieldError, Permission, Problem};

use super::{fill, format_number, Locale, Texts, EN};

/// Names a character: quoted when visible, `U+XXXX` when a person could not see it.
fn describe_char(t: &Texts, c: char) -> String {
    if c == ' ' {
        t.rule_char_space.to_owned()
    } else if c.is_whitespace() || c.is_control() || is_invisible(c) {
        fill(
            t.rule_char_invisible,
            &[("code", &format!("U+{:04X}", c as u32))],
        )
    } else {
        fill(t.rule_char_quoted, &[("char", &c.to_string())])
    }
}

/// Why an email address was rejected.
pub fn email_rejection(t: &Texts, r: &EmailRejection) -> String {
    let max = |template: &str, n: usize| fill(template, &[("max", &n.to_string())]);
    let char = |template: &str, c: char| fill(template, &[("char", &describe_char(t, c))]);
    match r {
        EmailRejection::Empty => t.rule_email_empty.to_owned(),
        EmailRejection::TooLong => max(t.rule_email_too_long, MAX_EMAIL_CHARS),
        EmailRejection::MissingAt => t.rule_email_missing_at.to_owned(),
        EmailRejection::MultipleAt => t.rule_email_multiple_at.to_owned(),
        EmailRejection::EmptyLocalPart => t.rule_email_empty_local.to_owned(),
        EmailRejection::EmptyDomain => t.rule_email_empty_domain.to_owned(),
        EmailRejection::LocalPartTooLong => max(t.rule_email_local_too_long, MAX_LOCAL_PART_CHARS),
        EmailRejection::InvalidLocalCharacter(c) => char(t.rule_email_local_char, *c),
        EmailRejection::LocalPartStartsWithDot => t.rule_email_local_dot_start.to_owned(),
        EmailRejection::LocalPartEndsWithDot => t.rule_email_local_dot_end.to_owned(),
        EmailRejection::ConsecutiveDots => t.rule_email_double_dot.to_owned(),
        EmailRejection::InvalidDomainCharacter(c) => char(t.rule_email_domain_char, *c),
        EmailRejection::DomainStartsWithDot => t.rule_email_domain_dot_start.to_owned(),
        EmailRejection::DomainEndsWithDot => t.rule_email_domain_dot_end.to_owned(),
        EmailRejection::DomainMissingDot => t.rule_email_domain_no_dot.to_owned(),
        EmailRejection::DomainLabelTooLong => {
            max(t.rule_email_label_too_long, MAX_DOMAIN_LABEL_CHARS)
        }
        EmailRejection::DomainLabelHyphen => t.rule_email_label_hyphen.to_owned(),
        EmailRejection::TopLevelDomainTooShort => t.rule_email_tld_short.to_owned(),
        EmailRejection::TopLevelDomainNumeric => t.rule_email_tld_numeric.to_owned(),
    }
}

/// Why a tag was rejected.
pub fn tag_rejection(t: &Texts, r: &TagRejection) -> String {
    match r {
        TagRejection::KeyRequired => t.rule_tag_key_required.to_owned(),
        TagRejection::KeyContainsColon => t.rule_tag_key_colon.to_owned(),
        TagRejection::KeyControlCharacter => t.rule_tag_key_control.to_owned(),
        TagRejection::ValueControlCharacter => t.rule_tag_value_control.to_owned(),
        TagRejection::KeyInvisibleCharacter(c) | TagRejection::ValueInvisibleCharacter(c) => {
            invisible(t, &InvisibleCharacter(*c).code_point())
        }
        TagRejection::TooLong { chars } => fill(
            t.rule_tag_too_long,
            &[
                ("max", &MAX_TAG_CHARS.to_string()),
                ("chars", &chars.to_string()),
            ],
        ),
        TagRejection::Duplicate => t.rule_tag_duplicate.to_owned(),
        TagRejection::TooMany => fill(t.rule_tag_too_many, &[("max", &MAX_TAGS.to_string())]),
    }
}

/// Why a name was refused for an invisible or direction-changing character
/// (`code` is the character's `U+XXXX`).
fn invisible(t: &Texts, code: &str) -> String {
    fill(t.rule_invisible, &[("code", code)])
}

/// The `U+XXXX` an English rule message names, if any.
fn code_point(message: &str) -> Option<&str> {
    let start = message.find("U+")?;
    let hex = message[start + 2..]
        .bytes()
        .take_while(u8::is_ascii_hexdigit)
        .count();
    (hex >= 4).then(|| &message[start..start + 2 + hex])
}

/// The numbers of an English rule message, in order (`1,000` is one number):
/// the limits the contract's `FieldError` carries only in its words.
fn numbers(message: &str) -> Vec<String> {
    let mut found = Vec::new();
    let mut current = String::new();
    let mut chars = message.chars().peekable();
    while let Some(c) = chars.next() {
        if c.is_ascii_digit() {
            current.push(c);
        } else if c == ',' && !current.is_empty() && chars.peek().is_some_and(char::is_ascii_digit)
        {
            // A thousands separator.
        } else if !current.is_empty() {
            found.push(std::mem::take(&mut current));
        }
    }
    if !current.is_empty() {
        found.push(current);
    }
    found
}

/// A field error (from a rule run in the app or from the server), in the
/// user's language. English keeps the contract's own message, which names
/// the exact rule; other languages translate by `code` (and field for the
/// lists), and fall back to the message for a code the app does not know.
pub fn field_error(t: &Texts, e: &FieldError) -> String {
    if std::ptr::eq(t, &EN) {
        return e.message.clone();
    }
    let locale = Locale::ALL
        .into_iter()
        .find(|l| std::ptr::eq(l.texts(), t))
        .unwrap_or_default();
    let n: Vec<String> = numbers(&e.message)
        .iter()
        .map(|d| {
            d.parse()
                .map_or_else(|_| d.clone(), |v| format_number(locale, v))
        })
        .collect();
    let nth = |i: usize| n.get(i).map(String::as_str).unwrap_or_default();
    let is_tag = e.field.starts_with("tags");
    let is_email = e.field.ends_with("email") || e.field.starts_with("emails");
    match e.code.as_str() {
        field_codes::REQUIRED if e.field == "emails" => t.invite_no_emails.to_owned(),
        field_codes::REQUIRED if is_tag => t.rule_tag_key_required.to_owned(),
        field_codes::REQUIRED if is_email => t.rule_email_empty.to_owned(),
        field_codes::REQUIRED => t.rule_required.to_owned(),
        field_codes::TOO_LONG if is_tag => {
            fill(t.rule_tag_too_long, &[("max", nth(0)), ("chars", nth(1))])
        }
        field_codes::TOO_LONG => fill(t.rule_too_long, &[("max", nth(0)), ("chars", nth(1))]),
        field_codes::TOO_MANY if e.field == "emails" => fill(t.invite_too_many, &[("max", nth(0))]),
        field_codes::TOO_MANY if is_tag => fill(t.rule_tag_too_many, &[("max", nth(0))]),
        field_codes::TOO_MANY => fill(t.rule_too_many, &[("max", nth(0))]),
        field_codes::DUPLICATE if is_tag => t.rule_tag_duplicate.to_owned(),
        field_codes::DUPLICATE => t.rule_duplicate.to_owned(),
        field_codes::CONTROL_CHARACTER if is_tag && e.field.ends_with(".value") => {
            t.rule_tag_value_control.to_owned()
        }
        field_codes::CONTROL_CHARACTER if is_tag => t.rule_tag_key_control.to_owned(),
        field_codes::CONTROL_CHARACTER => t.rule_control.to_owned(),
        field_codes::INVISIBLE_CHARACTER => invisible(t, code_point(&e.message).unwrap_or("?")),
        field_codes::INVALID_EMAIL => t.rule_email_invalid.to_owned(),
        field_codes::INVALID_PHONE => t.rule_phone.to_owned(),
        field_codes::INVALID_SIREN => t.rule_siren.to_owned(),
        field_codes::INVALID_CUSTOMER_ID => t.rule_customer_id.to_owned(),
        field_codes::INVALID_URL => t.rule_url.to_owned(),
        field_codes::INVALID_TAG_KEY => t.rule_tag_key_colon.to_owned(),
        codes::PERMISSION_NOT_HELD => t.perm_not_held.to_owned(),
        codes::OWNER_TRANSFER_REQUIRED => t.rule_owner_transfer.to_owned(),
        _ => e.message.clone(),
    }
}

/// The text for a server problem by its code, when the app has one. English
/// keeps the server's `detail` (it names the organization or the address);
/// other languages get the table's sentence.
pub fn problem(t: &Texts, p: &Problem) -> Option<String> {
    if std::ptr::eq(t, &EN) {
        if let Some(detail) = &p.detail {
            return Some(detail.clone());
        }
    }
    Some(
        match p.code.as_str() {
            codes::ORGANIZATION_LOCKED => t.err_locked,
            codes::OWNER_NOT_REMOVABLE => t.err_owner_not_removable,
            codes::PERMISSION_NOT_HELD => t.err_permission_not_held,
            codes::OWN_PERMISSIONS => t.err_own_permissions,
            codes::OWNER_PERMISSIONS => t.err_owner_permissions,
            codes::IDEMPOTENCY_KEY_REUSED => t.err_key_reused,
            codes::INVITATION_LINK_INVALID => t.accept_invalid,
            codes::INVITATION_NOT_PENDING => t.err_not_pending,
            codes::INVITATION_FOR_ANOTHER_ADDRESS => t.err_other_address,
            codes::DEMO_ONLY => t.err_demo_only,
            codes::FORBIDDEN => t.err_forbidden,
            codes::UNAUTHENTICATED => t.err_unauthorized,
            codes::NOT_FOUND => t.err_not_found,
            codes::RATE_LIMITED => t.err_rate_limited,
            codes::INTERNAL | codes::UNAVAILABLE => t.err_server,
            codes::VALIDATION_FAILED => t.err_validation,
            _ => return None,
        }
        .to_owned(),
    )
}

/// A permission's name.
pub fn permission_label(t: &Texts, p: Permission) -> &'static str {
    match p {
        Permission::ManageMembers => t.perm_manage_members,
        Permission::ManageOrganization => t.perm_manage_organization,
        Permission::ManageBilling => t.perm_manage_billing,
        Permission::ViewMembers => t.perm_view_members,
        Permission::CreateProjects => t.perm_create_projects,
        Permission::ViewAllProjects => t.perm_view_all_projects,
        Permission::ApiAccess => t.perm_api_access,
    }
}

/// What a permission allows, in one sentence.
pub fn permission_description(t: &Texts, p: Permission) -> &'static str {
    match p {
        Permission::ManageMembers => t.perm_manage_members_desc,
        Permission::ManageOrganization => t.perm_manage_organization_desc,
        Permission::ManageBilling => t.perm_manage_billing_desc,
        Permission::ViewMembers => t.perm_view_members_desc,
        Permission::CreateProjects => t.perm_create_projects_desc,
        Permission::ViewAllProjects => t.perm_view_all_projects_desc,
        Permission::ApiAccess => t.perm_api_access_desc,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::i18n::FR;

    #[test]
    fn english_rule_texts_are_the_contracts() {
        let emails = [
            EmailRejection::Empty,
            EmailRejection::TooLong,
            EmailRejection::MissingAt,
            EmailRejection::MultipleAt,
            EmailRejection::EmptyLocalPart,
            EmailRejection::EmptyDomain,
            EmailRejection::LocalPartTooLong,
            EmailRejection::InvalidLocalCharacter(','),
            EmailRejection::InvalidLocalCharacter(' '),
            EmailRejection::InvalidLocalCharacter('\t'),
            EmailRejection::LocalPartStartsWithDot,
            EmailRejection::LocalPartEndsWithDot,
            EmailRejection::ConsecutiveDots,
            EmailRejection::InvalidDomainCharacter('\u{200B}'),
            EmailRejection::DomainStartsWithDot,
            EmailRejection::DomainEndsWithDot,
            EmailRejection::DomainMissingDot,
            EmailRejection::DomainLabelTooLong,
            EmailRejection::DomainLabelHyphen,
            EmailRejection::TopLevelDomainTooShort,
            EmailRejection::TopLevelDomainNumeric,
        ];
        for r in &emails {
            assert_eq!(email_rejection(&EN, r), r.message());
            assert!(!email_rejection(&FR, r).is_empty());
        }
        let tags = [
            TagRejection::KeyRequired,
            TagRejection::KeyContainsColon,
            TagRejection::KeyControlCharacter,
            TagRejection::ValueControlCharacter,
            TagRejection::KeyInvisibleCharacter('\u{202E}'),
            TagRejection::ValueInvisibleCharacter('\u{61C}'),
            TagRejection::TooLong { chars: 71 },
            TagRejection::Duplicate,
            TagRejection::TooMany,
        ];
        for r in &tags {
            assert_eq!(tag_rejection(&EN, r), r.message());
        }
    }

    #[test]
    fn french_rule_texts_carry_their_numbers() {
        assert_eq!(
            email_rejection(&FR, &EmailRejection::InvalidLocalCharacter(',')),
            "Caractère interdit avant «\u{a0}@\u{a0}»\u{a0}: «\u{a0},\u{a0}»"
        );
        assert_eq!(
            tag_rejection(&FR, &TagRejection::TooLong { chars: 71 }),
            "La clé et la valeur comptent ensemble au plus 70 caractères (actuellement 71)"
        );
        let too_long = FieldError::new("name", "too_long", "At most 100 characters (now 1,234)");
        assert_eq!(
            field_error(&FR, &too_long),
            "100 caractères au maximum (actuellement 1234)"
        );
        assert_eq!(field_error(&EN, &too_long), too_long.message);
        let unknown = FieldError::new("x", "brand_new_code", "Something new");
        assert_eq!(field_error(&FR, &unknown), "Something new");
    }

    #[test]
    fn every_rule_code_has_french() {
        for code in [
            field_codes::REQUIRED,
            field_codes::TOO_LONG,
            field_codes::TOO_MANY,
            field_codes::DUPLICATE,
            field_codes::CONTROL_CHARACTER,
            field_codes::INVALID_EMAIL,
            field_codes::INVALID_PHONE,
            field_codes::INVALID_SIREN,
            field_codes::INVALID_CUSTOMER_ID,
            field_codes::INVALID_URL,
            field_codes::INVALID_TAG_KEY,
            field_codes::INVISIBLE_CHARACTER,
        ] {
            for field in [
                "name",
                "email",
                "emails",
                "tags[0].key",
                "tags[0].value",
                "tags[1]",
            ] {
                let e = FieldError::new(field, code, "English 12");
                assert_ne!(field_error(&FR, &e), "English 12", "{field} {code}");
            }
        }
    }

    #[test]
    fn invisible_characters_are_explained_in_both_languages() {
        let e = roster_api::rules::account::display_name_error("display_name", "Ada\u{202E}")
            .expect("refused");
        assert_eq!(field_error(&EN, &e), e.message);
        assert_eq!(
            field_error(&FR, &e),
            "Les caractères invisibles et ceux qui changent le sens de l’écriture ne sont pas autorisés ici (U+202E trouvé)"
        );
        let r = TagRejection::ValueInvisibleCharacter('\u{61C}');
        assert_eq!(tag_rejection(&EN, &r), r.message());
        assert!(tag_rejection(&FR, &r).contains("U+061C"));
        assert_eq!(code_point("found U+2066)"), Some("U+2066"));
        assert_eq!(code_point("U+12"), None);
    }

    #[test]
    fn english_permissions_are_the_catalogues() {
        for p in Permission::ALL {
            assert_eq!(permission_label(&EN, p), p.label());
            assert_eq!(permission_description(&EN, p), p.description());
            assert_ne!(permission_label(&FR, p), p.label());
        }
    }

    #[test]
    fn problems_by_code() {
        let mut p = Problem {
            type_uri: "about:blank".into(),
            title: "Locked".into(),
            status: 423,
            detail: Some("Acme was locked.".into()),
            code: codes::ORGANIZATION_LOCKED.into(),
            errors: Vec::new(),
        };
        assert_eq!(problem(&EN, &p).as_deref(), Some("Acme was locked."));
        assert_eq!(problem(&FR, &p).as_deref(), Some(FR.err_locked));
        p.code = "brand_new".into();
        assert_eq!(problem(&FR, &p), None);
    }
}
