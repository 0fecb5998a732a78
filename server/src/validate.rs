//! Server-side checks of request bodies, built on the contract crate's rules
//! (`roster_api::rules`) so app and server refuse the same input.

use roster_api::rules::{account, emails, organization as org_rules, tags};
use roster_api::{
    CreateGroup, CreateOrganization, FieldError, LockOrganization, Tag, UpdateOrganization,
};

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

/// Checks a display name as it will be stored (trimmed): length, one line,
/// no invisible or direction-changing character (`field` names it).
pub fn display_name(field: &str, input: &str, errors: &mut Vec<FieldError>) {
    errors.extend(account::display_name_error(field, input));
}

/// Tags as stored (trimmed), or the rule's field errors under `field`.
pub fn tag_list(field: &str, list: &[Tag], errors: &mut Vec<FieldError>) -> Vec<Tag> {
    errors.extend(tags::tags_field_errors(field, list));
    list.iter().map(tags::normalize_tag).collect()
}

/// Checks and normalizes a new organization.
pub fn create_organization(input: &CreateOrganization) -> ApiResult<CreateOrganization> {
    check(org_rules::validate_create_organization(input))?;
    Ok(org_rules::normalize_create_organization(input))
}

/// Checks a PATCH and applies it onto the current values; an empty string
/// clears an optional field.
pub fn update_organization(
    current: CreateOrganization,
    patch: &UpdateOrganization,
) -> ApiResult<CreateOrganization> {
    check(org_rules::validate_update_organization(patch))?;
    let p = org_rules::normalize_update_organization(patch);
    let optional = |new: Option<String>, old: Option<String>| match new {
        Some(v) if v.is_empty() => None,
        Some(v) => Some(v),
        None => old,
    };
    Ok(CreateOrganization {
        name: p.name.unwrap_or(current.name),
        email: p.email.unwrap_or(current.email),
        owner_firstname: p.owner_firstname.unwrap_or(current.owner_firstname),
        owner_lastname: p.owner_lastname.unwrap_or(current.owner_lastname),
        phone_number: optional(p.phone_number, current.phone_number),
        siren_number: optional(p.siren_number, current.siren_number),
        customer_id: optional(p.customer_id, current.customer_id),
        comment: optional(p.comment, current.comment),
        picture_link: optional(p.picture_link, current.picture_link),
    })
}

/// A checked, normalized new group.
pub fn group(input: &CreateGroup) -> ApiResult<CreateGroup> {
    check(org_rules::validate_create_group(input))?;
    Ok(org_rules::normalize_create_group(input))
}

/// A checked, normalized lock reason.
pub fn lock_reason(input: &LockOrganization) -> ApiResult<String> {
    check(org_rules::validate_lock_organization(input))?;
    Ok(org_rules::normalize_lock_organization(input).reason)
}
