//! Organization and group field rules.
//!
//! Each `validate_*` answers every problem of a request at once, one
//! [`FieldError`] per field at most, in field order. Values are judged
//! trimmed; the `normalize_*` functions give the values to store (trimmed,
//! owner email lower-cased, SIREN without spaces, empty optional fields
//! absent on create). Lengths count characters, not bytes. Names (of the
//! organization, its owner, a group) refuse invisible and direction-changing
//! characters ([`crate::rules::text`]).

use crate::rules::emails::validate_email;
use crate::rules::field_codes;
use crate::rules::text::check_visible;
use crate::types::{CreateGroup, CreateOrganization, LockOrganization, UpdateOrganization};
use crate::FieldError;

pub const MAX_ORGANIZATION_NAME_CHARS: usize = 100;
/// Owner's first name and last name, each.
pub const MAX_OWNER_NAME_CHARS: usize = 100;
pub const MIN_PHONE_DIGITS: usize = 6;
pub const MAX_PHONE_DIGITS: usize = 20;
/// A phone number with its spaces, dots, dashes and parentheses.
pub const MAX_PHONE_CHARS: usize = 40;
pub const SIREN_DIGITS: usize = 9;
pub const MAX_CUSTOMER_ID_CHARS: usize = 64;
pub const MAX_COMMENT_CHARS: usize = 1000;
pub const MAX_PICTURE_LINK_CHARS: usize = 2048;
pub const MAX_LOCK_REASON_CHARS: usize = 500;
pub const MAX_GROUP_NAME_CHARS: usize = 60;
pub const MAX_GROUP_DESCRIPTION_CHARS: usize = 300;

/// Rules of `POST /organizations`.
pub fn validate_create_organization(request: &CreateOrganization) -> Vec<FieldError> {
    let mut errors = Errors::default();
    errors.check("name", Some(&request.name), Field::Name);
    errors.check("email", Some(&request.email), Field::OwnerEmail);
    errors.check(
        "owner_firstname",
        Some(&request.owner_firstname),
        Field::OwnerFirstname,
    );
    errors.check(
        "owner_lastname",
        Some(&request.owner_lastname),
        Field::OwnerLastname,
    );
    errors.check(
        "phone_number",
        request.phone_number.as_ref(),
        Field::PhoneNumber,
    );
    errors.check(
        "siren_number",
        request.siren_number.as_ref(),
        Field::SirenNumber,
    );
    errors.check(
        "customer_id",
        request.customer_id.as_ref(),
        Field::CustomerId,
    );
    errors.check("comment", request.comment.as_ref(), Field::Comment);
    errors.check(
        "picture_link",
        request.picture_link.as_ref(),
        Field::PictureLink,
    );
    errors.0
}

/// Rules of `PATCH /organizations/{id}`: only the fields present are judged;
/// an empty string clears an optional field but a required one can't be emptied.
pub fn validate_update_organization(request: &UpdateOrganization) -> Vec<FieldError> {
    let mut errors = Errors::default();
    errors.check("name", request.name.as_ref(), Field::Name);
    errors.check("email", request.email.as_ref(), Field::OwnerEmail);
    errors.check(
        "owner_firstname",
        request.owner_firstname.as_ref(),
        Field::OwnerFirstname,
    );
    errors.check(
        "owner_lastname",
        request.owner_lastname.as_ref(),
        Field::OwnerLastname,
    );
    errors.check(
        "phone_number",
        request.phone_number.as_ref(),
        Field::PhoneNumber,
    );
    errors.check(
        "siren_number",
        request.siren_number.as_ref(),
        Field::SirenNumber,
    );
    errors.check(
        "customer_id",
        request.customer_id.as_ref(),
        Field::CustomerId,
    );
    errors.check("comment", request.comment.as_ref(), Field::Comment);
    errors.check(
        "picture_link",
        request.picture_link.as_ref(),
        Field::PictureLink,
    );
    errors.0
}

/// Rules of `POST /organizations/{id}/lock`.
pub fn validate_lock_organization(request: &LockOrganization) -> Vec<FieldError> {
    let mut errors = Errors::default();
    errors.check("reason", Some(&request.reason), Field::LockReason);
    errors.0
}

/// Rules of `POST /organizations/{id}/groups`.
pub fn validate_create_group(request: &CreateGroup) -> Vec<FieldError> {
    let mut errors = Errors::default();
    errors.check("name", Some(&request.name), Field::GroupName);
    errors.check(
        "description",
        request.description.as_ref(),
        Field::GroupDescription,
    );
    errors.0
}

/// The values to store for a valid create request.
pub fn normalize_create_organization(request: &CreateOrganization) -> CreateOrganization {
    CreateOrganization {
        name: request.name.trim().to_owned(),
        email: normalize_email(&request.email),
        owner_firstname: request.owner_firstname.trim().to_owned(),
        owner_lastname: request.owner_lastname.trim().to_owned(),
        phone_number: present(request.phone_number.as_deref()),
        siren_number: present(request.siren_number.as_deref()).map(|s| without_spaces(&s)),
        customer_id: present(request.customer_id.as_deref()),
        comment: present(request.comment.as_deref()),
        picture_link: present(request.picture_link.as_deref()),
    }
}

/// The changes to apply for a valid update request; `Some("")` still means
/// "clear this optional field".
pub fn normalize_update_organization(request: &UpdateOrganization) -> UpdateOrganization {
    let trimmed = |v: &Option<String>| v.as_deref().map(|s| s.trim().to_owned());
    UpdateOrganization {
        name: trimmed(&request.name),
        email: request.email.as_deref().map(normalize_email),
        owner_firstname: trimmed(&request.owner_firstname),
        owner_lastname: trimmed(&request.owner_lastname),
        phone_number: trimmed(&request.phone_number),
        siren_number: request.siren_number.as_deref().map(without_spaces),
        customer_id: trimmed(&request.customer_id),
        comment: trimmed(&request.comment),
        picture_link: trimmed(&request.picture_link),
    }
}

/// The reason to store for a valid lock request.
pub fn normalize_lock_organization(request: &LockOrganization) -> LockOrganization {
    LockOrganization {
        reason: request.reason.trim().to_owned(),
    }
}

/// The values to store for a valid group.
pub fn normalize_create_group(request: &CreateGroup) -> CreateGroup {
    CreateGroup {
        name: request.name.trim().to_owned(),
        description: present(request.description.as_deref()),
    }
}

/// A French SIREN: 9 digits (spaces between them allowed, as in
/// `732 829 320`) whose Luhn checksum holds, and not all zeros.
pub fn is_valid_siren(siren: &str) -> bool {
    check_siren(siren).is_ok()
}

// ---------------------------------------------------------------- fields

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Field {
    Name,
    OwnerEmail,
    OwnerFirstname,
    OwnerLastname,
    PhoneNumber,
    SirenNumber,
    CustomerId,
    Comment,
    PictureLink,
    LockReason,
    GroupName,
    GroupDescription,
}

/// Whether a field may hold line breaks and tabs.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Lines {
    One,
    Many,
}

impl Field {
    /// The message when the field is empty but needed; `None` when it is optional.
    fn required_message(self) -> Option<&'static str> {
        match self {
            Field::Name => Some("Enter the organization's name"),
            Field::OwnerEmail => Some("Enter the owner's email address"),
            Field::OwnerFirstname => Some("Enter the owner's first name"),
            Field::OwnerLastname => Some("Enter the owner's last name"),
            Field::LockReason => Some("Say why the organization is locked"),
            Field::GroupName => Some("Enter the group's name"),
            Field::PhoneNumber
            | Field::SirenNumber
            | Field::CustomerId
            | Field::Comment
            | Field::PictureLink
            | Field::GroupDescription => None,
        }
    }

    /// Judges a non-empty trimmed value.
    fn check(self, value: &str) -> Check {
        match self {
            Field::Name => check_text(value, MAX_ORGANIZATION_NAME_CHARS, Lines::One),
            Field::OwnerEmail => validate_email(value)
                .map(|_| ())
                .map_err(|r| (field_codes::INVALID_EMAIL, r.message())),
            Field::OwnerFirstname | Field::OwnerLastname => {
                check_text(value, MAX_OWNER_NAME_CHARS, Lines::One)
            }
            Field::PhoneNumber => check_phone(value),
            Field::SirenNumber => check_siren(value),
            Field::CustomerId => check_customer_id(value),
            Field::Comment => check_text(value, MAX_COMMENT_CHARS, Lines::Many),
            Field::PictureLink => check_picture_link(value),
            Field::LockReason => check_text(value, MAX_LOCK_REASON_CHARS, Lines::Many),
            Field::GroupName => check_text(value, MAX_GROUP_NAME_CHARS, Lines::One),
            Field::GroupDescription => check_text(value, MAX_GROUP_DESCRIPTION_CHARS, Lines::Many),
        }
    }
}

/// `Err((code, message))`.
type Check = Result<(), (&'static str, String)>;

#[derive(Default)]
struct Errors(Vec<FieldError>);

impl Errors {
    /// Judges one field; `None` means absent (nothing to judge).
    fn check(&mut self, path: &str, value: Option<&String>, field: Field) {
        let Some(value) = value else { return };
        let value = value.trim();
        let result = if value.is_empty() {
            match field.required_message() {
                Some(message) => Err((field_codes::REQUIRED, message.to_owned())),
                None => Ok(()),
            }
        } else {
            field.check(value)
        };
        if let Err((code, message)) = result {
            self.0.push(FieldError::new(path, code, message));
        }
    }
}

fn too_long(max: usize, chars: usize) -> Check {
    Err((
        field_codes::TOO_LONG,
        format!("At most {max} characters (now {chars})"),
    ))
}

fn check_text(value: &str, max: usize, lines: Lines) -> Check {
    let chars = value.chars().count();
    if chars > max {
        return too_long(max, chars);
    }
    let allowed = |c: char| lines == Lines::Many && matches!(c, '\n' | '\r' | '\t');
    if value.chars().any(|c| c.is_control() && !allowed(c)) {
        let message = match lines {
            Lines::One => "Line breaks, tabs and other control characters aren't allowed here",
            Lines::Many => "Control characters aren't allowed here",
        };
        return Err((field_codes::CONTROL_CHARACTER, message.to_owned()));
    }
    if lines == Lines::One {
        // A one-line field is a name someone will see and trust.
        check_visible(value).map_err(|e| (e.code(), e.message()))?;
    }
    Ok(())
}

fn check_phone(value: &str) -> Check {
    let chars = value.chars().count();
    if chars > MAX_PHONE_CHARS {
        return too_long(MAX_PHONE_CHARS, chars);
    }
    let invalid = |message: &str| Err((field_codes::INVALID_PHONE, message.to_owned()));
    let mut digits = 0;
    let mut open_parenthesis = false;
    for (i, c) in value.char_indices() {
        match c {
            '0'..='9' => digits += 1,
            ' ' | '.' | '-' => {}
            '+' if i == 0 => {}
            '+' => return invalid("“+” can only come first, as in +33 1 23 45 67 89"),
            '(' if !open_parenthesis => open_parenthesis = true,
            ')' if open_parenthesis => open_parenthesis = false,
            '(' | ')' => return invalid("The parentheses don't match"),
            _ => {
                return invalid(
                    "Use only digits, spaces, dots, dashes, parentheses and a leading “+”",
                )
            }
        }
    }
    if open_parenthesis {
        return invalid("The parentheses don't match");
    }
    if digits < MIN_PHONE_DIGITS {
        return invalid(&format!(
            "A phone number has at least {MIN_PHONE_DIGITS} digits"
        ));
    }
    if digits > MAX_PHONE_DIGITS {
        return invalid(&format!(
            "A phone number has at most {MAX_PHONE_DIGITS} digits"
        ));
    }
    Ok(())
}

/// Spaces people put in a SIREN (`732 829 320`, with a narrow no-break space in
/// French typography) are not part of it.
fn without_spaces(value: &str) -> String {
    value.chars().filter(|c| !c.is_whitespace()).collect()
}

fn check_siren(value: &str) -> Check {
    let digits = without_spaces(value);
    if digits.len() != SIREN_DIGITS || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return Err((
            field_codes::INVALID_SIREN,
            format!("A SIREN number has exactly {SIREN_DIGITS} digits"),
        ));
    }
    if !luhn_checksum_holds(&digits) || digits.bytes().all(|b| b == b'0') {
        return Err((
            field_codes::INVALID_SIREN,
            "This is not a valid SIREN number: check it for a typo".to_owned(),
        ));
    }
    Ok(())
}

/// Luhn over ASCII digits: from the right, every second digit doubled (minus
/// 9 when over 9); the sum is a multiple of 10.
fn luhn_checksum_holds(digits: &str) -> bool {
    let sum: u32 = digits
        .bytes()
        .rev()
        .enumerate()
        .map(|(i, b)| {
            let d = u32::from(b - b'0');
            if i % 2 == 1 {
                let doubled = d * 2;
                if doubled > 9 {
                    doubled - 9
                } else {
                    doubled
                }
            } else {
                d
            }
        })
        .sum();
    let remainder = sum % 10;
    remainder == 0
}

fn check_customer_id(value: &str) -> Check {
    let chars = value.chars().count();
    if chars > MAX_CUSTOMER_ID_CHARS {
        return too_long(MAX_CUSTOMER_ID_CHARS, chars);
    }
    if !value
        .chars()
        .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
    {
        return Err((
            field_codes::INVALID_CUSTOMER_ID,
            "Use only letters, digits, “-” and “_”".to_owned(),
        ));
    }
    Ok(())
}

fn check_picture_link(value: &str) -> Check {
    let chars = value.chars().count();
    if chars > MAX_PICTURE_LINK_CHARS {
        return too_long(MAX_PICTURE_LINK_CHARS, chars);
    }
    let invalid = |message: &str| Err((field_codes::INVALID_URL, message.to_owned()));
    let rest = ["https://", "http://"].iter().find_map(|scheme| {
        value
            .get(..scheme.len())
            .filter(|p| p.eq_ignore_ascii_case(scheme))
            .map(|_| &value[scheme.len()..])
    });
    let Some(rest) = rest else {
        return invalid("Enter a link that starts with https:// or http://");
    };
    if value.chars().any(|c| c.is_whitespace() || c.is_control()) {
        return invalid("A link can't contain spaces or line breaks");
    }
    let authority = rest.split(['/', '?', '#']).next().unwrap_or_default();
    let host_and_port = authority.rsplit('@').next().unwrap_or_default();
    let host = if host_and_port.starts_with('[') {
        // IPv6 literal: `[::1]:8080`.
        host_and_port
            .split_inclusive(']')
            .next()
            .unwrap_or_default()
    } else {
        host_and_port.split(':').next().unwrap_or_default()
    };
    let port = &host_and_port[host.len()..];
    if host.is_empty() || host == "[" {
        return invalid("The link needs a host name, as in https://example.com/logo.png");
    }
    if !(port.is_empty()
        || port
            .strip_prefix(':')
            .is_some_and(|p| p.bytes().all(|b| b.is_ascii_digit())))
    {
        return invalid("The port after the host name must be a number");
    }
    Ok(())
}

fn normalize_email(email: &str) -> String {
    validate_email(email).unwrap_or_else(|_| email.trim().to_owned())
}

/// An optional value trimmed, absent when empty.
fn present(value: Option<&str>) -> Option<String> {
    value
        .map(str::trim)
        .filter(|v| !v.is_empty())
        .map(str::to_owned)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn valid_create() -> CreateOrganization {
        CreateOrganization {
            name: "Acme Corp".into(),
            email: "owner@acme.example".into(),
            owner_firstname: "Ada".into(),
            owner_lastname: "Lovelace".into(),
            phone_number: Some("+33 1 23 45 67 89".into()),
            siren_number: Some("732 829 320".into()),
            customer_id: Some("ACME-42_x".into()),
            comment: Some("Signed in March.\nPays yearly.".into()),
            picture_link: Some("https://cdn.example.com/acme.png".into()),
        }
    }

    fn summary(errors: &[FieldError]) -> Vec<(&str, &str)> {
        errors
            .iter()
            .map(|e| (e.field.as_str(), e.code.as_str()))
            .collect()
    }

    fn one(errors: Vec<FieldError>) -> FieldError {
        assert_eq!(errors.len(), 1, "{errors:?}");
        errors.into_iter().next().unwrap()
    }

    fn create_with(change: impl FnOnce(&mut CreateOrganization)) -> Vec<FieldError> {
        let mut request = valid_create();
        change(&mut request);
        validate_create_organization(&request)
    }

    fn phone(value: &str) -> Check {
        check_phone(value)
    }

    #[test]
    fn a_complete_valid_request_passes() {
        assert_eq!(validate_create_organization(&valid_create()), []);
        let minimal = CreateOrganization {
            name: "A".into(),
            email: "a@b.co".into(),
            owner_firstname: "A".into(),
            owner_lastname: "B".into(),
            ..Default::default()
        };
        assert_eq!(validate_create_organization(&minimal), []);
    }

    #[test]
    fn required_fields_of_create() {
        let errors = validate_create_organization(&CreateOrganization::default());
        assert_eq!(
            summary(&errors),
            [
                ("name", "required"),
                ("email", "required"),
                ("owner_firstname", "required"),
                ("owner_lastname", "required")
            ]
        );
        assert_eq!(errors[0].message, "Enter the organization's name");
        assert_eq!(errors[1].message, "Enter the owner's email address");
        assert_eq!(errors[2].message, "Enter the owner's first name");
        assert_eq!(errors[3].message, "Enter the owner's last name");
        let spaces = create_with(|r| r.name = "  \t ".into());
        assert_eq!(summary(&spaces), [("name", "required")]);
    }

    #[test]
    fn empty_optional_fields_of_create_are_absent() {
        let errors = create_with(|r| {
            r.phone_number = Some(" ".into());
            r.siren_number = Some(String::new());
            r.customer_id = Some(String::new());
            r.comment = Some("\n".into());
            r.picture_link = Some(String::new());
        });
        assert_eq!(errors, []);
    }

    #[test]
    fn name_length_boundaries_count_characters() {
        assert_eq!(create_with(|r| r.name = "é".repeat(100)), []);
        let error = one(create_with(|r| r.name = "é".repeat(101)));
        assert_eq!(
            (error.field.as_str(), error.code.as_str()),
            ("name", "too_long")
        );
        assert_eq!(error.message, "At most 100 characters (now 101)");
        assert_eq!(
            create_with(|r| r.name = format!("  {}  ", "n".repeat(100))),
            []
        );
        assert_eq!(create_with(|r| r.owner_firstname = "🚀".repeat(100)), []);
        assert_eq!(
            summary(&create_with(|r| r.owner_firstname = "🚀".repeat(101))),
            [("owner_firstname", "too_long")]
        );
        assert_eq!(create_with(|r| r.owner_lastname = "l".repeat(100)), []);
        assert_eq!(
            summary(&create_with(|r| r.owner_lastname = "l".repeat(101))),
            [("owner_lastname", "too_long")]
        );
    }

    #[test]
    fn one_line_fields_refuse_control_characters() {
        let error = one(create_with(|r| r.name = "Acme\nCorp".into()));
        assert_eq!(
            (error.field.as_str(), error.code.as_str()),
            ("name", "control_character")
        );
        assert_eq!(
            summary(&create_with(|r| r.owner_lastname = "a\tb".into())),
            [("owner_lastname", "control_character")]
        );
        assert_eq!(
            summary(&create_with(|r| r.owner_firstname = "a\u{0}".into())),
            [("owner_firstname", "control_character")]
        );
    }

    #[test]
    fn names_refuse_invisible_and_direction_changing_characters() {
        for c in [
            '\u{202E}', '\u{2067}', '\u{200B}', '\u{061C}', '\u{FEFF}', '\u{00AD}',
        ] {
            let value = format!("Acme{c}Corp");
            let error = one(create_with(|r| r.name = value.clone()));
            assert_eq!(
                (error.field.as_str(), error.code.as_str()),
                ("name", "invisible_character")
            );
            assert!(error.message.contains(&format!("U+{:04X}", c as u32)));
            assert_eq!(
                summary(&create_with(|r| r.owner_firstname = value.clone())),
                [("owner_firstname", "invisible_character")]
            );
            assert_eq!(
                summary(&create_with(|r| r.owner_lastname = value.clone())),
                [("owner_lastname", "invisible_character")]
            );
            let patch = UpdateOrganization {
                name: Some(value.clone()),
                owner_firstname: Some(value.clone()),
                owner_lastname: Some(value.clone()),
                ..Default::default()
            };
            assert_eq!(
                summary(&validate_update_organization(&patch)),
                [
                    ("name", "invisible_character"),
                    ("owner_firstname", "invisible_character"),
                    ("owner_lastname", "invisible_character")
                ]
            );
            let group = CreateGroup {
                name: value.clone(),
                description: None,
            };
            assert_eq!(
                summary(&validate_create_group(&group)),
                [("name", "invisible_character")]
            );
        }
        // Names in scripts that spell with joiners still pass.
        assert_eq!(create_with(|r| r.name = "گروه می\u{200C}خواهم".into()), []);
        assert_eq!(create_with(|r| r.owner_firstname = "شركة أكمي".into()), []);
        // Free text keeps its direction marks: it is not a name.
        assert_eq!(create_with(|r| r.comment = Some("\u{200F}شكرا".into())), []);
    }

    #[test]
    fn owner_email_uses_the_email_rules() {
        let error = one(create_with(|r| r.email = "owner.acme.example".into()));
        assert_eq!(
            (error.field.as_str(), error.code.as_str()),
            ("email", "invalid_email")
        );
        assert_eq!(error.message, "Missing “@”");
        let error = one(create_with(|r| r.email = "owner@acme".into()));
        assert_eq!(error.message, "The domain needs a dot, as in example.com");
        assert_eq!(
            create_with(|r| r.email = "  Owner@ACME.example ".into()),
            []
        );
    }

    #[test]
    fn phone_numbers() {
        for ok in [
            "+33 1 23 45 67 89",
            "01.23.45.67.89",
            "(555) 123-4567",
            "123456",
            "+1 (800) 555-0199",
            &"1".repeat(20),
        ] {
            assert_eq!(phone(ok), Ok(()), "{ok}");
        }
        let message = |v: &str| phone(v).unwrap_err();
        assert_eq!(
            message("12345"),
            (
                field_codes::INVALID_PHONE,
                "A phone number has at least 6 digits".into()
            )
        );
        assert_eq!(
            message("+ (1) - . 2"),
            (
                field_codes::INVALID_PHONE,
                "A phone number has at least 6 digits".into()
            )
        );
        assert_eq!(
            message(&"1".repeat(21)),
            (
                field_codes::INVALID_PHONE,
                "A phone number has at most 20 digits".into()
            )
        );
        assert_eq!(
            message("33+123456").1,
            "“+” can only come first, as in +33 1 23 45 67 89"
        );
        assert_eq!(
            message("++33123456").1,
            "“+” can only come first, as in +33 1 23 45 67 89"
        );
        assert_eq!(message("(555 123456").1, "The parentheses don't match");
        assert_eq!(message("555) 123456").1, "The parentheses don't match");
        assert_eq!(message("((555)) 123456").1, "The parentheses don't match");
        for bad in [
            "0123456789x",
            "01/23/45/67/89",
            "01 23 45 67 89 ext. 12",
            "０１２３４５６７",
        ] {
            assert_eq!(
                message(bad),
                (
                    field_codes::INVALID_PHONE,
                    "Use only digits, spaces, dots, dashes, parentheses and a leading “+”".into()
                ),
                "{bad}"
            );
        }
        assert_eq!(
            message(&format!("1{}2345", " ".repeat(40))).0,
            field_codes::TOO_LONG
        );
        let error = one(create_with(|r| r.phone_number = Some("12".into())));
        assert_eq!(
            (error.field.as_str(), error.code.as_str()),
            ("phone_number", "invalid_phone")
        );
    }

    #[test]
    fn siren_numbers() {
        for ok in [
            "732829320",
            "552120222",
            "542051180",
            "356000000",
            "732 829 320",
            "732\u{202F}829\u{202F}320",
        ] {
            assert!(is_valid_siren(ok), "{ok}");
        }
        let message = |v: &str| check_siren(v).unwrap_err();
        for wrong_length in [
            "73282932",
            "7328293200",
            "",
            "73282932a",
            "732-829-320",
            "７３２８２９３２０",
        ] {
            assert_eq!(
                message(wrong_length),
                (
                    field_codes::INVALID_SIREN,
                    "A SIREN number has exactly 9 digits".into()
                ),
                "{wrong_length}"
            );
        }
        for bad_checksum in ["732829321", "123456789", "000000000"] {
            assert_eq!(
                message(bad_checksum),
                (
                    field_codes::INVALID_SIREN,
                    "This is not a valid SIREN number: check it for a typo".into()
                ),
                "{bad_checksum}"
            );
        }
        let error = one(create_with(|r| r.siren_number = Some("123456789".into())));
        assert_eq!(
            (error.field.as_str(), error.code.as_str()),
            ("siren_number", "invalid_siren")
        );
    }

    #[test]
    fn luhn() {
        assert!(luhn_checksum_holds("79927398713"));
        assert!(!luhn_checksum_holds("79927398710"));
        assert!(luhn_checksum_holds("0"));
        assert!(luhn_checksum_holds("18"));
        assert!(!luhn_checksum_holds("19"));
    }

    #[test]
    fn customer_ids() {
        assert_eq!(create_with(|r| r.customer_id = Some("a".into())), []);
        assert_eq!(create_with(|r| r.customer_id = Some("x".repeat(64))), []);
        let error = one(create_with(|r| r.customer_id = Some("x".repeat(65))));
        assert_eq!(
            (error.field.as_str(), error.code.as_str()),
            ("customer_id", "too_long")
        );
        for bad in ["a b", "a.b", "é", "a/b", "a+b"] {
            let error = one(create_with(|r| r.customer_id = Some(bad.into())));
            assert_eq!(
                (error.field.as_str(), error.code.as_str()),
                ("customer_id", "invalid_customer_id"),
                "{bad}"
            );
            assert_eq!(error.message, "Use only letters, digits, “-” and “_”");
        }
    }

    #[test]
    fn comments() {
        assert_eq!(create_with(|r| r.comment = Some("c".repeat(1000))), []);
        assert_eq!(
            create_with(|r| r.comment = Some("line 1\r\n\tline 2".into())),
            []
        );
        assert_eq!(
            summary(&create_with(|r| r.comment = Some("c".repeat(1001)))),
            [("comment", "too_long")]
        );
        assert_eq!(
            summary(&create_with(|r| r.comment = Some("a\u{7}b".into()))),
            [("comment", "control_character")]
        );
    }

    #[test]
    fn picture_links() {
        for ok in [
            "https://cdn.example.com/a.png",
            "http://example.com",
            "HTTPS://Example.com/x?y=1#z",
            "https://localhost:8080/a.png",
            "https://[::1]:8080/a.png",
            "https://user@example.com/a.png",
            "https://example.com?x",
        ] {
            assert_eq!(check_picture_link(ok), Ok(()), "{ok}");
        }
        let message = |v: &str| check_picture_link(v).unwrap_err();
        for bad_scheme in [
            "ftp://example.com/a.png",
            "javascript:alert(1)",
            "example.com/a.png",
            "//example.com",
            "https:/example.com",
            "data:image/png;base64,AAAA",
        ] {
            assert_eq!(
                message(bad_scheme),
                (
                    field_codes::INVALID_URL,
                    "Enter a link that starts with https:// or http://".into()
                ),
                "{bad_scheme}"
            );
        }
        for no_host in [
            "https://",
            "https:///a.png",
            "http://?x",
            "https://user@/a.png",
            "https://:80/",
            "https://[/x",
        ] {
            assert_eq!(
                message(no_host).1,
                "The link needs a host name, as in https://example.com/logo.png",
                "{no_host}"
            );
        }
        assert_eq!(
            message("https://example.com:port/").1,
            "The port after the host name must be a number"
        );
        assert_eq!(
            message("https://example.com/a b.png").1,
            "A link can't contain spaces or line breaks"
        );
        assert_eq!(
            message("https://example.com/\na.png").1,
            "A link can't contain spaces or line breaks"
        );
        let long = format!("https://example.com/{}", "a".repeat(2048 - 20));
        assert_eq!(long.chars().count(), 2048);
        assert_eq!(check_picture_link(&long), Ok(()));
        assert_eq!(message(&format!("{long}a")).0, field_codes::TOO_LONG);
        let error = one(create_with(|r| r.picture_link = Some("ftp://x".into())));
        assert_eq!(
            (error.field.as_str(), error.code.as_str()),
            ("picture_link", "invalid_url")
        );
    }

    #[test]
    fn every_problem_is_reported_at_once_in_field_order() {
        let request = CreateOrganization {
            name: "n".repeat(101),
            email: "nope".into(),
            owner_firstname: String::new(),
            owner_lastname: "x\ny".into(),
            phone_number: Some("1".into()),
            siren_number: Some("1".into()),
            customer_id: Some("a b".into()),
            comment: Some("c".repeat(1001)),
            picture_link: Some("nope".into()),
        };
        assert_eq!(
            summary(&validate_create_organization(&request)),
            [
                ("name", "too_long"),
                ("email", "invalid_email"),
                ("owner_firstname", "required"),
                ("owner_lastname", "control_character"),
                ("phone_number", "invalid_phone"),
                ("siren_number", "invalid_siren"),
                ("customer_id", "invalid_customer_id"),
                ("comment", "too_long"),
                ("picture_link", "invalid_url"),
            ]
        );
    }

    #[test]
    fn update_judges_only_present_fields() {
        assert_eq!(
            validate_update_organization(&UpdateOrganization::default()),
            []
        );
        let update = UpdateOrganization {
            name: Some("New name".into()),
            ..Default::default()
        };
        assert_eq!(validate_update_organization(&update), []);
        let update = UpdateOrganization {
            siren_number: Some("123456789".into()),
            picture_link: Some("nope".into()),
            ..Default::default()
        };
        assert_eq!(
            summary(&validate_update_organization(&update)),
            [
                ("siren_number", "invalid_siren"),
                ("picture_link", "invalid_url")
            ]
        );
    }

    #[test]
    fn update_can_clear_optional_fields_but_not_required_ones() {
        let clear_optional = UpdateOrganization {
            phone_number: Some(String::new()),
            siren_number: Some(" ".into()),
            customer_id: Some(String::new()),
            comment: Some(String::new()),
            picture_link: Some(String::new()),
            ..Default::default()
        };
        assert_eq!(validate_update_organization(&clear_optional), []);
        let clear_required = UpdateOrganization {
            name: Some(String::new()),
            email: Some(" ".into()),
            owner_firstname: Some(String::new()),
            owner_lastname: Some("\t".into()),
            ..Default::default()
        };
        let errors = validate_update_organization(&clear_required);
        assert_eq!(
            summary(&errors),
            [
                ("name", "required"),
                ("email", "required"),
                ("owner_firstname", "required"),
                ("owner_lastname", "required")
            ]
        );
        let update = UpdateOrganization {
            email: Some("x@y".into()),
            owner_firstname: Some("f".repeat(101)),
            ..Default::default()
        };
        assert_eq!(
            summary(&validate_update_organization(&update)),
            [("email", "invalid_email"), ("owner_firstname", "too_long")]
        );
    }

    #[test]
    fn lock_reason() {
        let lock = |reason: String| validate_lock_organization(&LockOrganization { reason });
        assert_eq!(lock("Unpaid invoices".into()), []);
        assert_eq!(lock("r".repeat(500)), []);
        assert_eq!(lock("Unpaid.\nSee ticket 42.".into()), []);
        let error = one(lock(" ".into()));
        assert_eq!(
            (error.field.as_str(), error.code.as_str()),
            ("reason", "required")
        );
        assert_eq!(error.message, "Say why the organization is locked");
        assert_eq!(summary(&lock("r".repeat(501))), [("reason", "too_long")]);
        assert_eq!(
            summary(&lock("a\u{1b}[31m".into())),
            [("reason", "control_character")]
        );
    }

    #[test]
    fn groups() {
        let group = |name: &str, description: Option<&str>| {
            validate_create_group(&CreateGroup {
                name: name.into(),
                description: description.map(Into::into),
            })
        };
        assert_eq!(group("Engineering", None), []);
        assert_eq!(group(&"g".repeat(60), Some(&"d".repeat(300))), []);
        assert_eq!(group("Sales", Some("")), []);
        assert_eq!(group("Sales", Some("Line 1\nLine 2")), []);
        let error = one(group("", None));
        assert_eq!(
            (error.field.as_str(), error.code.as_str()),
            ("name", "required")
        );
        assert_eq!(error.message, "Enter the group's name");
        assert_eq!(
            summary(&group(&"g".repeat(61), None)),
            [("name", "too_long")]
        );
        assert_eq!(
            summary(&group("a\nb", None)),
            [("name", "control_character")]
        );
        assert_eq!(
            summary(&group("Sales", Some(&"d".repeat(301)))),
            [("description", "too_long")]
        );
        assert_eq!(
            summary(&group("  ", Some(&"d".repeat(301)))),
            [("name", "required"), ("description", "too_long")]
        );
    }

    #[test]
    fn normalization() {
        let request = CreateOrganization {
            name: "  Acme ".into(),
            email: " Owner@ACME.Example ".into(),
            owner_firstname: " Ada".into(),
            owner_lastname: "Lovelace ".into(),
            phone_number: Some("  ".into()),
            siren_number: Some(" 732 829 320 ".into()),
            customer_id: Some(" c-1 ".into()),
            comment: None,
            picture_link: Some(String::new()),
        };
        assert_eq!(
            normalize_create_organization(&request),
            CreateOrganization {
                name: "Acme".into(),
                email: "owner@acme.example".into(),
                owner_firstname: "Ada".into(),
                owner_lastname: "Lovelace".into(),
                phone_number: None,
                siren_number: Some("732829320".into()),
                customer_id: Some("c-1".into()),
                comment: None,
                picture_link: None,
            }
        );
        let update = UpdateOrganization {
            email: Some("A@B.CO".into()),
            siren_number: Some(" ".into()),
            comment: Some(" note ".into()),
            picture_link: Some(" ".into()),
            ..Default::default()
        };
        assert_eq!(
            normalize_update_organization(&update),
            UpdateOrganization {
                email: Some("a@b.co".into()),
                siren_number: Some(String::new()),
                comment: Some("note".into()),
                picture_link: Some(String::new()),
                ..Default::default()
            }
        );
        assert_eq!(
            normalize_lock_organization(&LockOrganization {
                reason: " r ".into()
            })
            .reason,
            "r"
        );
        assert_eq!(
            normalize_create_group(&CreateGroup {
                name: " G ".into(),
                description: Some(" ".into())
            }),
            CreateGroup {
                name: "G".into(),
                description: None
            }
        );
    }
}
