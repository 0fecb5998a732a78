//! Server-side checks of request bodies, built on the contract crate's rules
//! (`roster_api::rules`) so app and server refuse the same input.

use roster_api::rules::{emails, tags};
use roster_api::{CreateOrganization, FieldError, Tag, UpdateOrganization};

use crate::problem::{ApiError, ApiResult};

/// Fails with 422 when there is any field error.
pub fn check(errors: Vec<FieldError>) -> ApiResult<()> {
    if errors.is_empty() {
        Ok(())
    } else {
        Err(ApiError::validation(errors))
    }
}

/// A checked, normalized email (`field` names it in the error).
pub fn email(field: &str, input: &str, errors: &mut Vec<FieldError>) -> String {
    match emails::validate_email(input) {
        Ok(address) => address,
        Err(reason) => {
            errors.push(FieldError::new(field, "invalid_email", reason.message()));
            input.trim().to_owned()
        }
    }
}

/// Tags as stored (trimmed), or the rule's field errors under `field`.
pub fn tag_list(field: &str, list: &[Tag], errors: &mut Vec<FieldError>) -> Vec<Tag> {
    errors.extend(tags::tags_field_errors(field, list));
    list.iter().map(tags::normalize_tag).collect()
}

fn required(field: &str, value: &str, max: usize, errors: &mut Vec<FieldError>) -> String {
    let value = value.trim();
    if value.is_empty() {
        errors.push(FieldError::new(field, "required", "This field is required"));
    } else {
        one_line(field, value, max, errors);
    }
    value.to_owned()
}

fn one_line(field: &str, value: &str, max: usize, errors: &mut Vec<FieldError>) {
    let chars = value.chars().count();
    if chars > max {
        errors.push(FieldError::new(
            field,
            "too_long",
            format!("At most {max} characters (now {chars})"),
        ));
    } else if value.chars().any(char::is_control) {
        errors.push(FieldError::new(
            field,
            "control_character",
            "Line breaks, tabs and other control characters are not allowed",
        ));
    }
}

/// An optional field: trimmed, empty means none.
fn optional(
    field: &str,
    value: Option<&str>,
    errors: &mut Vec<FieldError>,
    check: fn(&str) -> Option<(&'static str, String)>,
) -> Option<String> {
    let value = value.map(str::trim).filter(|v| !v.is_empty())?;
    if let Some((code, message)) = check(value) {
        errors.push(FieldError::new(field, code, message));
    }
    Some(value.to_owned())
}

fn phone(value: &str) -> Option<(&'static str, String)> {
    let digits = value.chars().filter(char::is_ascii_digit).count();
    let allowed = value
        .chars()
        .all(|c| c.is_ascii_digit() || " +-.()".contains(c));
    let plus_ok = value.rfind('+').is_none_or(|i| i == 0);
    (!(allowed && plus_ok && (6..=15).contains(&digits))).then(|| {
        (
            "invalid_phone",
            "Enter a phone number of 6 to 15 digits, optionally starting with +".to_owned(),
        )
    })
}

/// A SIREN is 9 digits whose Luhn checksum is valid.
fn siren(value: &str) -> Option<(&'static str, String)> {
    let digits: Vec<u32> = value
        .chars()
        .filter(|c| *c != ' ')
        .map(|c| c.to_digit(10).unwrap_or(99))
        .collect();
    let valid = digits.len() == 9
        && digits.iter().all(|d| *d < 10)
        && digits
            .iter()
            .rev()
            .enumerate()
            .map(|(i, d)| {
                if i % 2 == 1 {
                    let x = d * 2;
                    if x > 9 {
                        x - 9
                    } else {
                        x
                    }
                } else {
                    *d
                }
            })
            .sum::<u32>()
            % 10
            == 0;
    (!valid).then(|| {
        (
            "invalid_siren",
            "A SIREN number is 9 digits with a valid checksum".to_owned(),
        )
    })
}

fn customer_id(value: &str) -> Option<(&'static str, String)> {
    if value.chars().count() > 64 {
        return Some(("too_long", "At most 64 characters".to_owned()));
    }
    (!value
        .chars()
        .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_'))
    .then(|| {
        (
            "invalid_customer_id",
            "Use only letters, digits, “-” and “_”".to_owned(),
        )
    })
}

fn comment(value: &str) -> Option<(&'static str, String)> {
    let chars = value.chars().count();
    (chars > 2000).then(|| ("too_long", format!("At most 2000 characters (now {chars})")))
}

fn url(value: &str) -> Option<(&'static str, String)> {
    let rest = value
        .strip_prefix("https://")
        .or_else(|| value.strip_prefix("http://"));
    let ok = rest.is_some_and(|r| {
        let host = r.split(['/', '?', '#']).next().unwrap_or_default();
        !host.is_empty() && !r.chars().any(char::is_whitespace)
    }) && value.len() <= 2000;
    (!ok).then(|| {
        (
            "invalid_url",
            "Enter an http:// or https:// address".to_owned(),
        )
    })
}

/// Checks and normalizes a new organization.
pub fn create_organization(input: &CreateOrganization) -> ApiResult<CreateOrganization> {
    let mut errors = Vec::new();
    let out = CreateOrganization {
        name: required("name", &input.name, 100, &mut errors),
        email: email("email", &input.email, &mut errors),
        owner_firstname: required("owner_firstname", &input.owner_firstname, 100, &mut errors),
        owner_lastname: required("owner_lastname", &input.owner_lastname, 100, &mut errors),
        phone_number: optional(
            "phone_number",
            input.phone_number.as_deref(),
            &mut errors,
            phone,
        ),
        siren_number: optional(
            "siren_number",
            input.siren_number.as_deref(),
            &mut errors,
            siren,
        )
        .map(|s| s.replace(' ', "")),
        customer_id: optional(
            "customer_id",
            input.customer_id.as_deref(),
            &mut errors,
            customer_id,
        ),
        comment: optional("comment", input.comment.as_deref(), &mut errors, comment),
        picture_link: optional(
            "picture_link",
            input.picture_link.as_deref(),
            &mut errors,
            url,
        ),
    };
    if input.email.trim().is_empty() {
        errors.retain(|e| e.field != "email");
        errors.push(FieldError::new(
            "email",
            "required",
            "This field is required",
        ));
    }
    check(errors)?;
    Ok(out)
}

/// Applies a PATCH onto the current values (as a full [`CreateOrganization`]) and checks the result.
pub fn update_organization(
    current: CreateOrganization,
    patch: &UpdateOrganization,
) -> ApiResult<CreateOrganization> {
    let merged = CreateOrganization {
        name: patch.name.clone().unwrap_or(current.name),
        email: patch.email.clone().unwrap_or(current.email),
        owner_firstname: patch
            .owner_firstname
            .clone()
            .unwrap_or(current.owner_firstname),
        owner_lastname: patch
            .owner_lastname
            .clone()
            .unwrap_or(current.owner_lastname),
        phone_number: patch.phone_number.clone().or(current.phone_number),
        siren_number: patch.siren_number.clone().or(current.siren_number),
        customer_id: patch.customer_id.clone().or(current.customer_id),
        comment: patch.comment.clone().or(current.comment),
        picture_link: patch.picture_link.clone().or(current.picture_link),
    };
    create_organization(&merged)
}

/// A group name: required, one line, at most 100 characters; description at most 500.
pub fn group(name: &str, description: Option<&str>) -> ApiResult<(String, Option<String>)> {
    let mut errors = Vec::new();
    let name = required("name", name, 100, &mut errors);
    let description = description
        .map(str::trim)
        .filter(|d| !d.is_empty())
        .map(str::to_owned);
    if let Some(d) = &description {
        let chars = d.chars().count();
        if chars > 500 {
            errors.push(FieldError::new(
                "description",
                "too_long",
                format!("At most 500 characters (now {chars})"),
            ));
        }
    }
    check(errors)?;
    Ok((name, description))
}

/// A lock reason: required, at most 500 characters.
pub fn lock_reason(reason: &str) -> ApiResult<String> {
    let mut errors = Vec::new();
    let reason = required("reason", reason, 500, &mut errors);
    check(errors)?;
    Ok(reason)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn siren_luhn() {
        assert!(siren("732829320").is_none());
        assert!(siren("732 829 320").is_none());
        assert!(siren("732829321").is_some());
        assert!(siren("12345678").is_some());
    }

    #[test]
    fn phone_and_url() {
        assert!(phone("+33 1 23 45 67 89").is_none());
        assert!(phone("12-3+4").is_some());
        assert!(phone("abc").is_some());
        assert!(url("https://example.com/a.png").is_none());
        assert!(url("ftp://example.com").is_some());
        assert!(url("https://").is_some());
    }
}
