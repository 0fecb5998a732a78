//! Invitation batch rules.
//!
//! `CreateInvitations.emails` carries one address per element (the app splits
//! pasted text with [`crate::rules::emails::parse_emails`] first). The batch
//! limit counts the *distinct non-empty* entries, [`batch_entries`]: blank
//! elements and repeats (ignoring case) cost nothing since the server never
//! acts on them, so a client that sends a few repeats near the limit is not
//! refused for it. An entry that is not a plausible address still counts: the
//! server answers it as `invalid` in the per-email results, it is not a
//! request-level error.

use std::collections::BTreeSet;

use crate::rules::emails::trim_blank;
use crate::rules::field_codes;
use crate::rules::tags::tags_field_errors;
use crate::types::CreateInvitations;
use crate::FieldError;

/// Addresses one invitation request may carry.
pub const MAX_BATCH_EMAILS: usize = 1000;

/// The entries the server acts on, in order: each element trimmed, blank ones
/// dropped, and only the first of entries equal ignoring case kept.
pub fn batch_entries(emails: &[String]) -> Vec<&str> {
    let mut seen = BTreeSet::new();
    emails
        .iter()
        .map(|e| trim_blank(e))
        .filter(|e| !e.is_empty() && seen.insert(e.to_lowercase()))
        .collect()
}

/// Request-level problems of an invitation batch: no address, more than
/// [`MAX_BATCH_EMAILS`] distinct ones, invalid tags (`tags[i]...`), a group
/// or a permission listed twice (`group_ids[i]`, `permissions[i]`, at the
/// later index). Empty when the request may proceed.
pub fn validate_invitation_request(request: &CreateInvitations) -> Vec<FieldError> {
    let mut errors = Vec::new();
    let count = batch_entries(&request.emails).len();
    if count == 0 {
        errors.push(FieldError::new(
            "emails",
            field_codes::REQUIRED,
            "Add at least one email address",
        ));
    } else if count > MAX_BATCH_EMAILS {
        errors.push(FieldError::new(
            "emails",
            field_codes::TOO_MANY,
            format!(
                "At most {} addresses per invitation; this one has {}",
                with_thousands(MAX_BATCH_EMAILS),
                with_thousands(count)
            ),
        ));
    }
    errors.extend(tags_field_errors("tags", &request.tags));
    let mut groups = BTreeSet::new();
    for (i, id) in request.group_ids.iter().enumerate() {
        if !groups.insert(id) {
            errors.push(FieldError::new(
                format!("group_ids[{i}]"),
                field_codes::DUPLICATE,
                "This group is listed twice",
            ));
        }
    }
    let mut permissions = BTreeSet::new();
    for (i, permission) in request.permissions.iter().enumerate() {
        if !permissions.insert(permission) {
            errors.push(FieldError::new(
                format!("permissions[{i}]"),
                field_codes::DUPLICATE,
                "This permission is listed twice",
            ));
        }
    }
    errors
}

/// `1234` as `1,234`, for English messages.
fn with_thousands(n: usize) -> String {
    let digits = n.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, d) in digits.chars().enumerate() {
        let left_after = (digits.len() - i) % 3;
        if i > 0 && left_after == 0 {
            out.push(',');
        }
        out.push(d);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::types::{Permission, Tag};
    use uuid::Uuid;

    fn request(emails: Vec<String>) -> CreateInvitations {
        CreateInvitations {
            emails,
            ..Default::default()
        }
    }

    fn numbered(n: usize) -> Vec<String> {
        (0..n).map(|i| format!("user{i}@example.com")).collect()
    }

    fn summary(errors: &[FieldError]) -> Vec<(String, String)> {
        errors
            .iter()
            .map(|e| (e.field.clone(), e.code.clone()))
            .collect()
    }

    #[test]
    fn batch_entries_trim_drop_blanks_and_dedupe_keeping_order() {
        let emails: Vec<String> = [
            "  B@x.com ",
            "",
            "a@x.com",
            " \t",
            "b@X.COM",
            "not an email",
            "A@x.com",
            "\u{200B}",
        ]
        .map(String::from)
        .to_vec();
        assert_eq!(
            batch_entries(&emails),
            ["B@x.com", "a@x.com", "not an email"]
        );
        assert!(batch_entries(&[]).is_empty());
    }

    #[test]
    fn needs_at_least_one_email() {
        let errors = validate_invitation_request(&request(vec![]));
        assert_eq!(summary(&errors), [("emails".into(), "required".into())]);
        assert_eq!(errors[0].message, "Add at least one email address");
        let blanks = validate_invitation_request(&request(vec![" ".into(), String::new()]));
        assert_eq!(summary(&blanks), [("emails".into(), "required".into())]);
        assert!(validate_invitation_request(&request(numbered(1))).is_empty());
    }

    #[test]
    fn thousand_pass_thousand_and_one_do_not() {
        assert!(validate_invitation_request(&request(numbered(1000))).is_empty());
        let errors = validate_invitation_request(&request(numbered(1001)));
        assert_eq!(summary(&errors), [("emails".into(), "too_many".into())]);
        assert_eq!(
            errors[0].message,
            "At most 1,000 addresses per invitation; this one has 1,001"
        );
    }

    #[test]
    fn the_limit_counts_distinct_non_empty_entries() {
        let mut emails = numbered(1000);
        emails.push("USER0@example.com".into());
        emails.push("   ".into());
        emails.push(String::new());
        assert!(validate_invitation_request(&request(emails)).is_empty());
    }

    #[test]
    fn invalid_addresses_are_not_request_errors() {
        let emails = vec!["nope".into(), "@x.com".into(), "jane@localhost".into()];
        assert!(validate_invitation_request(&request(emails)).is_empty());
    }

    #[test]
    fn tag_errors_use_the_tags_field() {
        let mut req = request(numbered(2));
        req.tags = vec![
            Tag {
                key: "team".into(),
                value: "Sales".into(),
            },
            Tag {
                key: "TEAM".into(),
                value: "sales".into(),
            },
            Tag {
                key: " ".into(),
                value: "x".into(),
            },
        ];
        assert_eq!(
            summary(&validate_invitation_request(&req)),
            [
                ("tags[1]".into(), "duplicate".into()),
                ("tags[2].key".into(), "required".into())
            ]
        );
        req.tags = (0..11)
            .map(|i| Tag {
                key: format!("k{i}"),
                value: String::new(),
            })
            .collect();
        assert_eq!(
            summary(&validate_invitation_request(&req)),
            [("tags[10]".into(), "too_many".into())]
        );
    }

    #[test]
    fn duplicate_groups_and_permissions_are_reported_at_the_later_index() {
        let a = Uuid::from_u128(1);
        let b = Uuid::from_u128(2);
        let mut req = request(numbered(1));
        req.group_ids = vec![a, b, a, a];
        req.permissions = vec![
            Permission::ViewMembers,
            Permission::ManageMembers,
            Permission::ViewMembers,
        ];
        let errors = validate_invitation_request(&req);
        assert_eq!(
            summary(&errors),
            [
                ("group_ids[2]".into(), "duplicate".into()),
                ("group_ids[3]".into(), "duplicate".into()),
                ("permissions[2]".into(), "duplicate".into()),
            ]
        );
        assert_eq!(errors[0].message, "This group is listed twice");
        assert_eq!(errors[2].message, "This permission is listed twice");
        req.group_ids = vec![a, b];
        req.permissions = Permission::ALL.to_vec();
        assert!(validate_invitation_request(&req).is_empty());
    }

    #[test]
    fn every_problem_is_reported_at_once() {
        let req = CreateInvitations {
            emails: vec![],
            group_ids: vec![Uuid::nil(), Uuid::nil()],
            tags: vec![Tag {
                key: String::new(),
                value: String::new(),
            }],
            permissions: vec![Permission::ApiAccess, Permission::ApiAccess],
        };
        assert_eq!(validate_invitation_request(&req).len(), 4);
    }

    #[test]
    fn thousands_separator() {
        assert_eq!(with_thousands(0), "0");
        assert_eq!(with_thousands(999), "999");
        assert_eq!(with_thousands(1000), "1,000");
        assert_eq!(with_thousands(1_234_567), "1,234,567");
    }
}
