//! Email lists: split, trim, deduplicate, check.
use serde::{Deserialize, Serialize};

/// Why one entry of an email list was rejected.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum EmailRejection {
    MissingAt,
}

impl EmailRejection {
    /// Stable machine-readable code (`missing_at`, ...).
    pub fn code(&self) -> &'static str {
        todo!()
    }
    /// The reason in words.
    pub fn message(&self) -> String {
        todo!()
    }
}

/// One rejected entry with the text as typed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RejectedEmail {
    pub input: String,
    pub reason: EmailRejection,
}

/// The result of parsing a pasted or typed list.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ParsedEmails {
    /// Valid addresses, normalized, first occurrence order, no duplicates.
    pub valid: Vec<String>,
    /// Rejected entries, in input order.
    pub rejected: Vec<RejectedEmail>,
    /// Entries dropped because they repeat an earlier one (case-insensitively), as typed.
    pub duplicates: Vec<String>,
}

/// Splits on commas, semicolons, whitespace and newlines; trims; drops empty pieces.
pub fn split_emails(input: &str) -> Vec<&str> {
    let _ = input;
    todo!()
}

/// Checks one address; answers it normalized (trimmed, lower-cased).
pub fn validate_email(input: &str) -> Result<String, EmailRejection> {
    let _ = input;
    todo!()
}

/// Splits, checks and deduplicates a whole list.
pub fn parse_emails(input: &str) -> ParsedEmails {
    let _ = input;
    todo!()
}
