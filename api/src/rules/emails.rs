//! Email lists: split, trim, deduplicate, check.
//!
//! People paste addresses from everywhere: a spreadsheet column (one per line,
//! CRLF), a mail client's To: field (`Jane Doe <jane@example.com>; "Smith,
//! John" <john@example.com>`), a chat message (`a@x.com, b@y.com`). The
//! splitter takes the address out of each of those shapes; the checker then
//! says, for each entry, either the normalized address or one specific reason.
//!
//! The checker asks for a *plausible* address, not an RFC 5322 one: an ASCII
//! dot-atom local part and a dotted host name with a real-looking top-level
//! domain. Quoted local parts, IP-literal domains and internationalized
//! addresses (RFC 6531) are refused because delivery of those is not
//! something an invitation can count on; the reason names the character so
//! the person knows what to change.
//!
//! Addresses are normalized to lower case as a whole. Local parts are
//! case-sensitive in theory only: no mainstream provider treats `Jane@` and
//! `jane@` as two mailboxes, and one invitation per address needs one spelling.

use std::collections::BTreeSet;
use std::fmt;

use serde::{Deserialize, Serialize};

/// Longest address accepted, in characters (RFC 5321 path limit minus the brackets).
pub const MAX_EMAIL_CHARS: usize = 254;
/// Longest local part (before `@`), in characters (RFC 5321).
pub const MAX_LOCAL_PART_CHARS: usize = 64;
/// Longest label of the domain (between dots), in characters (RFC 1035).
pub const MAX_DOMAIN_LABEL_CHARS: usize = 63;

/// Why one entry of an email list was rejected.
///
/// The checks run in the order of the variants below and the first failing
/// one is reported, so an entry has exactly one reason.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum EmailRejection {
    /// Nothing left once spaces, quotes and brackets are taken away.
    Empty,
    /// Longer than [`MAX_EMAIL_CHARS`].
    TooLong,
    MissingAt,
    MultipleAt,
    /// Nothing before the `@`.
    EmptyLocalPart,
    /// Nothing after the `@`.
    EmptyDomain,
    /// Local part longer than [`MAX_LOCAL_PART_CHARS`].
    LocalPartTooLong,
    /// A character not allowed before the `@` (space, comma, accent, quote, ...).
    InvalidLocalCharacter(char),
    /// The address starts with a dot.
    LocalPartStartsWithDot,
    /// The local part ends with a dot (`jane.@example.com`).
    LocalPartEndsWithDot,
    /// `..` anywhere in the address (in the domain this is an empty label).
    ConsecutiveDots,
    /// A character not allowed in a host name (only letters, digits, `-` and `.` are).
    InvalidDomainCharacter(char),
    /// `jane@.example.com`
    DomainStartsWithDot,
    /// `jane@example.com.`
    DomainEndsWithDot,
    /// `jane@localhost`
    DomainMissingDot,
    /// A label of the domain longer than [`MAX_DOMAIN_LABEL_CHARS`].
    DomainLabelTooLong,
    /// A label of the domain starts or ends with `-`.
    DomainLabelHyphen,
    /// The part after the last dot is all digits (`jane@10.0.0.1`).
    TopLevelDomainNumeric,
    /// The part after the last dot has fewer than 2 characters.
    TopLevelDomainTooShort,
}

impl EmailRejection {
    /// Stable machine-readable code (`missing_at`, ...), for clients that
    /// translate the message.
    pub fn code(&self) -> &'static str {
        match self {
            EmailRejection::Empty => "empty",
            EmailRejection::TooLong => "too_long",
            EmailRejection::MissingAt => "missing_at",
            EmailRejection::MultipleAt => "multiple_at",
            EmailRejection::EmptyLocalPart => "empty_local_part",
            EmailRejection::EmptyDomain => "empty_domain",
            EmailRejection::LocalPartTooLong => "local_part_too_long",
            EmailRejection::InvalidLocalCharacter(_) => "invalid_local_character",
            EmailRejection::LocalPartStartsWithDot => "local_part_starts_with_dot",
            EmailRejection::LocalPartEndsWithDot => "local_part_ends_with_dot",
            EmailRejection::ConsecutiveDots => "consecutive_dots",
            EmailRejection::InvalidDomainCharacter(_) => "invalid_domain_character",
            EmailRejection::DomainStartsWithDot => "domain_starts_with_dot",
            EmailRejection::DomainEndsWithDot => "domain_ends_with_dot",
            EmailRejection::DomainMissingDot => "domain_missing_dot",
            EmailRejection::DomainLabelTooLong => "domain_label_too_long",
            EmailRejection::DomainLabelHyphen => "domain_label_hyphen",
            EmailRejection::TopLevelDomainTooShort => "top_level_domain_too_short",
            EmailRejection::TopLevelDomainNumeric => "top_level_domain_numeric",
        }
    }

    /// The reason in words (English), ready to show next to the entry.
    pub fn message(&self) -> String {
        match self {
            EmailRejection::Empty => "Enter an email address".to_owned(),
            EmailRejection::TooLong => {
                format!("An email address can be at most {MAX_EMAIL_CHARS} characters")
            }
            EmailRejection::MissingAt => "Missing “@”".to_owned(),
            EmailRejection::MultipleAt => "Only one “@” is allowed".to_owned(),
            EmailRejection::EmptyLocalPart => "Missing the name before “@”".to_owned(),
            EmailRejection::EmptyDomain => {
                "Missing the domain after “@”, as in example.com".to_owned()
            }
            EmailRejection::LocalPartTooLong => {
                format!("The part before “@” can be at most {MAX_LOCAL_PART_CHARS} characters")
            }
            EmailRejection::InvalidLocalCharacter(c) => {
                format!("{} can't be used before “@”", describe_char(*c))
            }
            EmailRejection::LocalPartStartsWithDot => {
                "An email address can't start with a dot".to_owned()
            }
            EmailRejection::LocalPartEndsWithDot => {
                "The part before “@” can't end with a dot".to_owned()
            }
            EmailRejection::ConsecutiveDots => "Two dots in a row (“..”) aren't allowed".to_owned(),
            EmailRejection::InvalidDomainCharacter(c) => {
                format!("{} can't be used in the domain", describe_char(*c))
            }
            EmailRejection::DomainStartsWithDot => "The domain can't start with a dot".to_owned(),
            EmailRejection::DomainEndsWithDot => "The domain can't end with a dot".to_owned(),
            EmailRejection::DomainMissingDot => {
                "The domain needs a dot, as in example.com".to_owned()
            }
            EmailRejection::DomainLabelTooLong => format!(
                "Each part of the domain between dots can be at most {MAX_DOMAIN_LABEL_CHARS} characters"
            ),
            EmailRejection::DomainLabelHyphen => {
                "A part of the domain can't start or end with “-”".to_owned()
            }
            EmailRejection::TopLevelDomainTooShort => {
                "The domain must end with at least 2 letters after the last dot, as in .com".to_owned()
            }
            EmailRejection::TopLevelDomainNumeric => {
                "The domain must end with letters after the last dot, as in .com".to_owned()
            }
        }
    }
}

impl fmt::Display for EmailRejection {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message())
    }
}

/// Names a character in a message: quoted when visible, as `U+XXXX` when a
/// person could not see it (a space, a tab, a zero-width character).
fn describe_char(c: char) -> String {
    if c == ' ' {
        "A space".to_owned()
    } else if c.is_whitespace() || c.is_control() || is_invisible(c) {
        format!("The invisible character U+{:04X}", c as u32)
    } else {
        format!("“{c}”")
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
    /// Rejected entries, in input order (a rejected entry repeated later is
    /// reported once; the repeats go to `duplicates`).
    pub rejected: Vec<RejectedEmail>,
    /// Entries dropped because they repeat an earlier one (case-insensitively), as typed.
    pub duplicates: Vec<String>,
}

/// Splits on commas, semicolons, whitespace and newlines; trims; drops empty pieces.
///
/// Each piece is the address candidate as it appears in `input`, with
/// surrounding quotes, a `mailto:` prefix and angle brackets taken away:
/// `Jane Doe <jane@example.com>` gives `jane@example.com`, the display name
/// is dropped. A display name may contain commas (Outlook copies
/// `Doe, Jane <jane@example.com>; ...`) or anything inside double quotes.
/// Words before a `<...>` count as its display name when they have no `@`
/// (or are quoted), so `foo, Jane <jane@example.com>` drops `foo`; a
/// semicolon or a line break ends a display name.
pub fn split_emails(input: &str) -> Vec<&str> {
    let mut entries = Vec::new();
    // Words since the last boundary, which may still turn out to be a display name.
    let mut pending: Vec<&str> = Vec::new();
    fn flush<'a>(pending: &mut Vec<&'a str>, entries: &mut Vec<&'a str>) {
        for word in pending.drain(..) {
            let entry = clean_entry(word);
            if !entry.is_empty() {
                entries.push(entry);
            }
        }
    }
    for token in tokenize(input) {
        match token {
            Token::Word(word) => pending.push(word),
            Token::Comma => {
                // `Doe, Jane <jane@...>`: a comma inside a display name. Words
                // with an `@` are addresses of their own, so the comma ends them.
                if pending.iter().any(|w| is_address_word(w)) {
                    flush(&mut pending, &mut entries);
                }
            }
            Token::Break => flush(&mut pending, &mut entries),
            Token::Bracketed(inner) => {
                let address = clean_entry(inner);
                let name_start = pending
                    .iter()
                    .rposition(|w| is_address_word(w))
                    .map_or(0, |i| i + 1);
                if name_start < pending.len() {
                    pending.truncate(name_start);
                } else if let Some(last) = pending.last() {
                    // `jane@example.com <jane@example.com>`: the name repeats the address.
                    if clean_entry(last).eq_ignore_ascii_case(address) {
                        pending.pop();
                    }
                }
                flush(&mut pending, &mut entries);
                if !address.is_empty() {
                    entries.push(address);
                }
            }
        }
    }
    flush(&mut pending, &mut entries);
    entries
}

/// Checks one address; answers it normalized (trimmed, lower-cased).
///
/// Only surrounding whitespace is forgiven here; brackets, quotes and display
/// names are the list splitter's business ([`split_emails`]).
pub fn validate_email(input: &str) -> Result<String, EmailRejection> {
    let address = trim_blank(input);
    if address.is_empty() {
        return Err(EmailRejection::Empty);
    }
    if address.chars().count() > MAX_EMAIL_CHARS {
        return Err(EmailRejection::TooLong);
    }
    let Some((local, domain)) = address.split_once('@') else {
        return Err(EmailRejection::MissingAt);
    };
    if domain.contains('@') {
        return Err(EmailRejection::MultipleAt);
    }
    if local.is_empty() {
        return Err(EmailRejection::EmptyLocalPart);
    }
    if domain.is_empty() {
        return Err(EmailRejection::EmptyDomain);
    }
    if local.chars().count() > MAX_LOCAL_PART_CHARS {
        return Err(EmailRejection::LocalPartTooLong);
    }
    if let Some(c) = local.chars().find(|&c| !is_local_char(c)) {
        return Err(EmailRejection::InvalidLocalCharacter(c));
    }
    if local.starts_with('.') {
        return Err(EmailRejection::LocalPartStartsWithDot);
    }
    if local.ends_with('.') {
        return Err(EmailRejection::LocalPartEndsWithDot);
    }
    if local.contains("..") {
        return Err(EmailRejection::ConsecutiveDots);
    }
    if let Some(c) = domain.chars().find(|&c| !is_domain_char(c)) {
        return Err(EmailRejection::InvalidDomainCharacter(c));
    }
    // From here on the domain is ASCII: byte lengths are character counts.
    if domain.starts_with('.') {
        return Err(EmailRejection::DomainStartsWithDot);
    }
    if domain.ends_with('.') {
        return Err(EmailRejection::DomainEndsWithDot);
    }
    if domain.contains("..") {
        return Err(EmailRejection::ConsecutiveDots);
    }
    if !domain.contains('.') {
        return Err(EmailRejection::DomainMissingDot);
    }
    for label in domain.split('.') {
        if label.len() > MAX_DOMAIN_LABEL_CHARS {
            return Err(EmailRejection::DomainLabelTooLong);
        }
        if label.starts_with('-') || label.ends_with('-') {
            return Err(EmailRejection::DomainLabelHyphen);
        }
    }
    let top_level = domain.rsplit('.').next().unwrap_or_default();
    // Digits only first: `jane@10.0.0.1` is an IP address, not a short ending.
    if top_level.bytes().all(|b| b.is_ascii_digit()) {
        return Err(EmailRejection::TopLevelDomainNumeric);
    }
    if top_level.len() < 2 {
        return Err(EmailRejection::TopLevelDomainTooShort);
    }
    Ok(address.to_ascii_lowercase())
}

/// Splits, checks and deduplicates a whole list.
///
/// Duplicates are found case-insensitively on the normalized address for valid
/// entries and on the entry itself for rejected ones, so a list with `N/A` on
/// 200 rows reports `N/A` once.
pub fn parse_emails(input: &str) -> ParsedEmails {
    let mut parsed = ParsedEmails::default();
    let mut seen_valid = BTreeSet::new();
    let mut seen_rejected = BTreeSet::new();
    for entry in split_emails(input) {
        match validate_email(entry) {
            Ok(address) => {
                if seen_valid.contains(&address) {
                    parsed.duplicates.push(entry.to_owned());
                } else {
                    seen_valid.insert(address.clone());
                    parsed.valid.push(address);
                }
            }
            Err(reason) => {
                if seen_rejected.insert(entry.to_lowercase()) {
                    parsed.rejected.push(RejectedEmail {
                        input: entry.to_owned(),
                        reason,
                    });
                } else {
                    parsed.duplicates.push(entry.to_owned());
                }
            }
        }
    }
    parsed
}

// ---------------------------------------------------------------- characters

/// `atext` of RFC 5322 plus the dot of a dot-atom.
fn is_local_char(c: char) -> bool {
    c.is_ascii_alphanumeric() || ".!#$%&'*+-/=?^_`{|}~".contains(c)
}

fn is_domain_char(c: char) -> bool {
    c.is_ascii_alphanumeric() || c == '-' || c == '.'
}

/// Characters with no width that copying from web pages and documents leaves
/// around words; they separate entries like spaces do.
pub fn is_invisible(c: char) -> bool {
    matches!(
        c,
        '\u{200B}' | '\u{200C}' | '\u{200D}' | '\u{2060}' | '\u{FEFF}'
    )
}

fn is_blank(c: char) -> bool {
    c.is_whitespace() || is_invisible(c)
}

fn is_line_break(c: char) -> bool {
    matches!(
        c,
        '\n' | '\r' | '\u{0B}' | '\u{0C}' | '\u{85}' | '\u{2028}' | '\u{2029}'
    )
}

/// Trims whitespace and the zero-width characters copying leaves around words.
pub(crate) fn trim_blank(s: &str) -> &str {
    s.trim_matches(is_blank)
}

// ---------------------------------------------------------------- splitting

#[derive(Debug, PartialEq, Eq)]
enum Token<'a> {
    /// A run of text between separators (double-quoted runs included whole).
    Word(&'a str),
    /// The inside of `<...>`.
    Bracketed(&'a str),
    /// `,`: ends an address, but may sit inside a display name.
    Comma,
    /// `;` or a line break: ends everything.
    Break,
}

fn tokenize(input: &str) -> Vec<Token<'_>> {
    fn end_word<'a>(
        input: &'a str,
        word_start: &mut Option<usize>,
        end: usize,
        tokens: &mut Vec<Token<'a>>,
    ) {
        if let Some(start) = word_start.take() {
            tokens.push(Token::Word(&input[start..end]));
        }
    }
    let mut tokens = Vec::new();
    let mut word_start: Option<usize> = None;
    let mut in_quotes = false;
    let mut chars = input.char_indices();
    while let Some((i, c)) = chars.next() {
        if in_quotes {
            if c == '"' {
                in_quotes = false;
            } else if is_line_break(c) {
                // An unbalanced quote must not swallow the rest of a 500-line paste.
                in_quotes = false;
                end_word(input, &mut word_start, i, &mut tokens);
                tokens.push(Token::Break);
            }
            continue;
        }
        match c {
            '"' => {
                word_start.get_or_insert(i);
                in_quotes = true;
            }
            '<' => {
                end_word(input, &mut word_start, i, &mut tokens);
                let inner_start = i + 1;
                let mut inner_end = input.len();
                let mut broke_line = false;
                for (j, d) in chars.by_ref() {
                    if d == '>' {
                        inner_end = j;
                        break;
                    }
                    if is_line_break(d) {
                        inner_end = j;
                        broke_line = true;
                        break;
                    }
                }
                tokens.push(Token::Bracketed(&input[inner_start..inner_end]));
                if broke_line {
                    tokens.push(Token::Break);
                }
            }
            ',' => {
                end_word(input, &mut word_start, i, &mut tokens);
                tokens.push(Token::Comma);
            }
            ';' => {
                end_word(input, &mut word_start, i, &mut tokens);
                tokens.push(Token::Break);
            }
            c if is_line_break(c) => {
                end_word(input, &mut word_start, i, &mut tokens);
                tokens.push(Token::Break);
            }
            c if is_blank(c) => end_word(input, &mut word_start, i, &mut tokens),
            _ => {
                word_start.get_or_insert(i);
            }
        }
    }
    end_word(input, &mut word_start, input.len(), &mut tokens);
    tokens
}

/// A word that stands for an address rather than a piece of a display name.
fn is_address_word(word: &str) -> bool {
    word.contains('@') && !word.starts_with('"')
}

/// Takes away blanks, surrounding quotes and a `mailto:` prefix.
fn clean_entry(entry: &str) -> &str {
    const QUOTES: [(char, char); 5] =
        [('"', '"'), ('\'', '\''), ('“', '”'), ('‘', '’'), ('«', '»')];
    let mut entry = trim_blank(entry);
    loop {
        let before = entry;
        for (open, close) in QUOTES {
            if let Some(inner) = entry.strip_prefix(open).and_then(|e| e.strip_suffix(close)) {
                entry = trim_blank(inner);
            }
        }
        if entry
            .get(..7)
            .is_some_and(|prefix| prefix.eq_ignore_ascii_case("mailto:"))
        {
            entry = trim_blank(&entry[7..]);
        }
        if entry == before {
            return entry;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn reason(input: &str) -> EmailRejection {
        validate_email(input).expect_err(input)
    }

    fn valid(input: &str) -> String {
        validate_email(input).unwrap_or_else(|r| panic!("{input:?} rejected: {r:?}"))
    }

    // ------------------------------------------------------------ validate_email

    #[test]
    fn accepts_plausible_addresses_and_lowercases_them() {
        assert_eq!(valid("jane@example.com"), "jane@example.com");
        assert_eq!(valid("Jane.Doe@Example.COM"), "jane.doe@example.com");
        assert_eq!(valid("  jane@example.com\t"), "jane@example.com");
        assert_eq!(
            valid("\u{FEFF}jane@example.com\u{200B}"),
            "jane@example.com"
        );
        assert_eq!(
            valid("o'neil+tag@sub.example.co.uk"),
            "o'neil+tag@sub.example.co.uk"
        );
        assert_eq!(
            valid("a!#$%&'*+-/=?^_`{|}~z@example.com"),
            "a!#$%&'*+-/=?^_`{|}~z@example.com"
        );
        assert_eq!(valid("x@my-host.example.io"), "x@my-host.example.io");
        assert_eq!(valid("x@123.example.com"), "x@123.example.com");
        assert_eq!(valid("x@example.xn--p1ai"), "x@example.xn--p1ai");
        assert_eq!(valid("x@example.c0m"), "x@example.c0m");
        assert_eq!(valid("1@2.ab"), "1@2.ab");
    }

    #[test]
    fn rejects_empty() {
        assert_eq!(reason(""), EmailRejection::Empty);
        assert_eq!(reason("   \t "), EmailRejection::Empty);
        assert_eq!(reason("\u{200B}"), EmailRejection::Empty);
    }

    #[test]
    fn rejects_missing_and_multiple_at() {
        assert_eq!(reason("jane.example.com"), EmailRejection::MissingAt);
        assert_eq!(reason("jane"), EmailRejection::MissingAt);
        assert_eq!(reason("jane@@example.com"), EmailRejection::MultipleAt);
        assert_eq!(reason("a@b@example.com"), EmailRejection::MultipleAt);
    }

    #[test]
    fn rejects_empty_parts() {
        assert_eq!(reason("@example.com"), EmailRejection::EmptyLocalPart);
        assert_eq!(reason("jane@"), EmailRejection::EmptyDomain);
        assert_eq!(reason("@"), EmailRejection::EmptyLocalPart);
    }

    #[test]
    fn local_part_length_boundary() {
        let local64 = "a".repeat(64);
        assert_eq!(
            valid(&format!("{local64}@example.com")),
            format!("{local64}@example.com")
        );
        assert_eq!(
            reason(&format!("{local64}b@example.com")),
            EmailRejection::LocalPartTooLong
        );
    }

    #[test]
    fn total_length_boundary() {
        // 64 + 1 + 189 = 254 characters, with labels of at most 63.
        let local = "a".repeat(64);
        let domain = format!(
            "{}.{}.{}.com",
            "b".repeat(63),
            "c".repeat(63),
            "d".repeat(57)
        );
        let address = format!("{local}@{domain}");
        assert_eq!(address.len(), 254);
        assert_eq!(valid(&address), address);
        let longer = format!("{local}@e{domain}");
        assert_eq!(longer.len(), 255);
        assert_eq!(reason(&longer), EmailRejection::TooLong);
        // Length is checked before anything else.
        assert_eq!(reason(&"x".repeat(300)), EmailRejection::TooLong);
    }

    #[test]
    fn rejects_invalid_local_characters_naming_them() {
        assert_eq!(
            reason("ja ne@example.com"),
            EmailRejection::InvalidLocalCharacter(' ')
        );
        assert_eq!(
            reason("jane,doe@example.com"),
            EmailRejection::InvalidLocalCharacter(',')
        );
        assert_eq!(
            reason("josé@example.com"),
            EmailRejection::InvalidLocalCharacter('é')
        );
        assert_eq!(
            reason("\"jane\"@example.com"),
            EmailRejection::InvalidLocalCharacter('"')
        );
        assert_eq!(
            reason("<jane@example.com"),
            EmailRejection::InvalidLocalCharacter('<')
        );
        assert_eq!(
            reason("ja(ne)@example.com"),
            EmailRejection::InvalidLocalCharacter('(')
        );
        assert_eq!(
            reason("ja\u{0}ne@example.com"),
            EmailRejection::InvalidLocalCharacter('\u{0}')
        );
    }

    #[test]
    fn rejects_dots_in_the_wrong_place_of_the_local_part() {
        assert_eq!(
            reason(".jane@example.com"),
            EmailRejection::LocalPartStartsWithDot
        );
        assert_eq!(
            reason("jane.@example.com"),
            EmailRejection::LocalPartEndsWithDot
        );
        assert_eq!(
            reason("ja..ne@example.com"),
            EmailRejection::ConsecutiveDots
        );
        assert_eq!(
            reason(".@example.com"),
            EmailRejection::LocalPartStartsWithDot
        );
    }

    #[test]
    fn rejects_invalid_domain_characters_naming_them() {
        assert_eq!(
            reason("jane@exa_mple.com"),
            EmailRejection::InvalidDomainCharacter('_')
        );
        assert_eq!(
            reason("jane@exämple.com"),
            EmailRejection::InvalidDomainCharacter('ä')
        );
        assert_eq!(
            reason("jane@[10.0.0.1]"),
            EmailRejection::InvalidDomainCharacter('[')
        );
        assert_eq!(
            reason("jane@example.com>"),
            EmailRejection::InvalidDomainCharacter('>')
        );
        assert_eq!(
            reason("jane@example.com,"),
            EmailRejection::InvalidDomainCharacter(',')
        );
        assert_eq!(
            reason("jane@example:8080.com"),
            EmailRejection::InvalidDomainCharacter(':')
        );
    }

    #[test]
    fn rejects_dots_in_the_wrong_place_of_the_domain() {
        assert_eq!(
            reason("jane@.example.com"),
            EmailRejection::DomainStartsWithDot
        );
        assert_eq!(
            reason("jane@example.com."),
            EmailRejection::DomainEndsWithDot
        );
        assert_eq!(reason("jane@example..com"), EmailRejection::ConsecutiveDots);
        assert_eq!(reason("jane@."), EmailRejection::DomainStartsWithDot);
    }

    #[test]
    fn rejects_domain_without_dot() {
        assert_eq!(reason("jane@localhost"), EmailRejection::DomainMissingDot);
        assert_eq!(reason("jane@example"), EmailRejection::DomainMissingDot);
    }

    #[test]
    fn domain_label_rules() {
        let label63 = "a".repeat(63);
        assert!(validate_email(&format!("jane@{label63}.com")).is_ok());
        assert_eq!(
            reason(&format!("jane@{label63}a.com")),
            EmailRejection::DomainLabelTooLong
        );
        assert_eq!(
            reason("jane@-example.com"),
            EmailRejection::DomainLabelHyphen
        );
        assert_eq!(
            reason("jane@example-.com"),
            EmailRejection::DomainLabelHyphen
        );
        assert_eq!(
            reason("jane@mail.-example.com"),
            EmailRejection::DomainLabelHyphen
        );
        assert_eq!(
            reason("jane@example.com-"),
            EmailRejection::DomainLabelHyphen
        );
        assert!(validate_email("jane@ex-am-ple.com").is_ok());
    }

    #[test]
    fn top_level_domain_rules() {
        assert_eq!(
            reason("jane@example.c"),
            EmailRejection::TopLevelDomainTooShort
        );
        assert_eq!(
            reason("jane@10.0.0.1"),
            EmailRejection::TopLevelDomainNumeric
        );
        assert_eq!(
            reason("jane@example.123"),
            EmailRejection::TopLevelDomainNumeric
        );
        assert!(validate_email("jane@example.co").is_ok());
    }

    #[test]
    fn every_reason_has_a_distinct_code_and_a_message() {
        let all = [
            EmailRejection::Empty,
            EmailRejection::TooLong,
            EmailRejection::MissingAt,
            EmailRejection::MultipleAt,
            EmailRejection::EmptyLocalPart,
            EmailRejection::EmptyDomain,
            EmailRejection::LocalPartTooLong,
            EmailRejection::InvalidLocalCharacter(','),
            EmailRejection::LocalPartStartsWithDot,
            EmailRejection::LocalPartEndsWithDot,
            EmailRejection::ConsecutiveDots,
            EmailRejection::InvalidDomainCharacter('_'),
            EmailRejection::DomainStartsWithDot,
            EmailRejection::DomainEndsWithDot,
            EmailRejection::DomainMissingDot,
            EmailRejection::DomainLabelTooLong,
            EmailRejection::DomainLabelHyphen,
            EmailRejection::TopLevelDomainTooShort,
            EmailRejection::TopLevelDomainNumeric,
        ];
        let codes: BTreeSet<&str> = all.iter().map(|r| r.code()).collect();
        assert_eq!(codes.len(), all.len());
        for r in &all {
            let code = r.code();
            assert!(
                code.bytes().all(|b| b.is_ascii_lowercase() || b == b'_'),
                "{code}"
            );
            assert!(!r.message().is_empty());
            assert_eq!(r.to_string(), r.message());
        }
        assert_eq!(EmailRejection::MissingAt.message(), "Missing “@”");
        assert_eq!(
            EmailRejection::DomainMissingDot.message(),
            "The domain needs a dot, as in example.com"
        );
        assert_eq!(
            EmailRejection::LocalPartTooLong.message(),
            "The part before “@” can be at most 64 characters"
        );
    }

    #[test]
    fn messages_name_the_character() {
        assert_eq!(
            EmailRejection::InvalidLocalCharacter(',').message(),
            "“,” can't be used before “@”"
        );
        assert_eq!(
            EmailRejection::InvalidLocalCharacter(' ').message(),
            "A space can't be used before “@”"
        );
        assert_eq!(
            EmailRejection::InvalidDomainCharacter('\u{A0}').message(),
            "The invisible character U+00A0 can't be used in the domain"
        );
        assert_eq!(
            EmailRejection::InvalidLocalCharacter('\t').message(),
            "The invisible character U+0009 can't be used before “@”"
        );
    }

    #[test]
    fn rejection_serializes() {
        let json = serde_json::to_string(&EmailRejection::InvalidLocalCharacter('é')).unwrap();
        let back: EmailRejection = serde_json::from_str(&json).unwrap();
        assert_eq!(back, EmailRejection::InvalidLocalCharacter('é'));
    }

    // ------------------------------------------------------------ split_emails

    #[test]
    fn splits_on_every_separator_mixed() {
        let input = "a@x.com,b@x.com;c@x.com d@x.com\te@x.com\nf@x.com\r\ng@x.com , ;; \n\n h@x.com\u{A0}i@x.com\u{2028}j@x.com";
        assert_eq!(
            split_emails(input),
            [
                "a@x.com", "b@x.com", "c@x.com", "d@x.com", "e@x.com", "f@x.com", "g@x.com",
                "h@x.com", "i@x.com", "j@x.com"
            ]
        );
    }

    #[test]
    fn split_drops_empty_pieces() {
        assert!(split_emails("").is_empty());
        assert!(split_emails(" ,;\n\r\n\t ,").is_empty());
        assert!(split_emails("<> \"\" ''").is_empty());
        assert!(split_emails("\u{FEFF}\u{200B}").is_empty());
    }

    #[test]
    fn split_takes_the_address_out_of_display_names() {
        assert_eq!(
            split_emails("Jane Doe <jane@x.com>, John <john@x.com>"),
            ["jane@x.com", "john@x.com"]
        );
        assert_eq!(split_emails("<jane@x.com>"), ["jane@x.com"]);
        assert_eq!(
            split_emails("Jane<jane@x.com>John<john@x.com>"),
            ["jane@x.com", "john@x.com"]
        );
        assert_eq!(split_emails("< jane@x.com >"), ["jane@x.com"]);
    }

    #[test]
    fn split_handles_quoted_names_with_separators() {
        assert_eq!(
            split_emails("\"Doe, Jane\" <jane@x.com>, \"Smith; John <boss>\" <john@x.com>"),
            ["jane@x.com", "john@x.com"]
        );
        assert_eq!(split_emails("\"jane@x.com\" <jane@x.com>"), ["jane@x.com"]);
        assert_eq!(split_emails("\"Jane @ Work\" <jane@x.com>"), ["jane@x.com"]);
    }

    #[test]
    fn split_handles_outlook_last_first_names() {
        assert_eq!(
            split_emails("Doe, Jane <jane@x.com>; Smith, John A. <john@x.com>"),
            ["jane@x.com", "john@x.com"]
        );
    }

    #[test]
    fn split_keeps_addresses_next_to_named_ones() {
        assert_eq!(
            split_emails("a@x.com, Jane <jane@x.com>"),
            ["a@x.com", "jane@x.com"]
        );
        assert_eq!(
            split_emails("a@x.com Jane <jane@x.com>"),
            ["a@x.com", "jane@x.com"]
        );
        assert_eq!(
            split_emails("a@x.com <jane@x.com>"),
            ["a@x.com", "jane@x.com"]
        );
        // The name repeats the address (some clients copy that way).
        assert_eq!(split_emails("Jane@x.com <jane@x.com>"), ["jane@x.com"]);
        // A line break ends a display name: `foo` is an entry of its own.
        assert_eq!(
            split_emails("foo\nJane <jane@x.com>"),
            ["foo", "jane@x.com"]
        );
        assert_eq!(
            split_emails("foo; Jane <jane@x.com>"),
            ["foo", "jane@x.com"]
        );
    }

    #[test]
    fn split_keeps_words_without_at_when_no_bracket_follows() {
        assert_eq!(split_emails("foo, bar baz"), ["foo", "bar", "baz"]);
        assert_eq!(
            split_emails("Jane Doe jane@x.com"),
            ["Jane", "Doe", "jane@x.com"]
        );
    }

    #[test]
    fn split_strips_quotes_and_mailto() {
        assert_eq!(
            split_emails("\"a@x.com\", 'b@x.com' “c@x.com” ‘d@x.com’ «e@x.com» mailto:f@x.com MAILTO:g@x.com <mailto:h@x.com>"),
            ["a@x.com", "b@x.com", "c@x.com", "d@x.com", "e@x.com", "f@x.com", "g@x.com", "h@x.com"]
        );
        // An apostrophe inside the local part stays.
        assert_eq!(split_emails("o'neil@x.com"), ["o'neil@x.com"]);
    }

    #[test]
    fn unbalanced_quote_or_bracket_stops_at_the_line_end() {
        assert_eq!(split_emails("\"a@x.com\nb@x.com"), ["\"a@x.com", "b@x.com"]);
        assert_eq!(split_emails("<a@x.com\nb@x.com"), ["a@x.com", "b@x.com"]);
        assert_eq!(split_emails("Jane <a@x.com"), ["a@x.com"]);
        assert_eq!(split_emails("a@x.com> b@x.com"), ["a@x.com>", "b@x.com"]);
    }

    #[test]
    fn split_pieces_are_slices_of_the_input() {
        let input = "  Jane <JANE@x.com> ";
        let pieces = split_emails(input);
        assert_eq!(pieces, ["JANE@x.com"]);
        let start = pieces[0].as_ptr() as usize - input.as_ptr() as usize;
        assert_eq!(&input[start..start + pieces[0].len()], "JANE@x.com");
    }

    // ------------------------------------------------------------ parse_emails

    #[test]
    fn parse_dedupes_case_insensitively_keeping_first_order() {
        let parsed = parse_emails("b@x.com, A@x.com; a@X.com\nB@x.com c@x.com a@x.com");
        assert_eq!(parsed.valid, ["b@x.com", "a@x.com", "c@x.com"]);
        assert_eq!(parsed.duplicates, ["a@X.com", "B@x.com", "a@x.com"]);
        assert!(parsed.rejected.is_empty());
    }

    #[test]
    fn parse_dedupes_across_shapes() {
        let parsed = parse_emails("Jane <jane@x.com>, \"JANE@X.COM\" mailto:jane@x.com");
        assert_eq!(parsed.valid, ["jane@x.com"]);
        assert_eq!(parsed.duplicates, ["JANE@X.COM", "jane@x.com"]);
    }

    #[test]
    fn parse_reports_rejected_in_input_order_as_typed() {
        let parsed = parse_emails("ok@x.com, Nope, bad@host\nOK@x.com, @x.com; nope");
        assert_eq!(parsed.valid, ["ok@x.com"]);
        assert_eq!(
            parsed.rejected,
            [
                RejectedEmail {
                    input: "Nope".into(),
                    reason: EmailRejection::MissingAt
                },
                RejectedEmail {
                    input: "bad@host".into(),
                    reason: EmailRejection::DomainMissingDot
                },
                RejectedEmail {
                    input: "@x.com".into(),
                    reason: EmailRejection::EmptyLocalPart
                },
            ]
        );
        assert_eq!(parsed.duplicates, ["OK@x.com", "nope"]);
    }

    #[test]
    fn parse_empty_input() {
        assert_eq!(parse_emails(""), ParsedEmails::default());
        assert_eq!(parse_emails(" \r\n ; , "), ParsedEmails::default());
    }

    #[test]
    fn parse_500_pasted_spreadsheet_lines_with_crlf() {
        let mut input = String::new();
        for i in 0..500 {
            input.push_str(&format!("User{i}@Example.com\r\n"));
        }
        // A spreadsheet adds a header row, a blank row and repeats.
        let input = format!("Email\r\n{input}\r\nuser7@example.com\r\nUSER499@EXAMPLE.COM\r\n");
        let parsed = parse_emails(&input);
        assert_eq!(parsed.valid.len(), 500);
        assert_eq!(parsed.valid[0], "user0@example.com");
        assert_eq!(parsed.valid[499], "user499@example.com");
        assert!(parsed
            .valid
            .iter()
            .enumerate()
            .all(|(i, a)| *a == format!("user{i}@example.com")));
        assert_eq!(
            parsed.rejected,
            [RejectedEmail {
                input: "Email".into(),
                reason: EmailRejection::MissingAt
            }]
        );
        assert_eq!(
            parsed.duplicates,
            ["user7@example.com", "USER499@EXAMPLE.COM"]
        );
    }

    #[test]
    fn parse_outlook_to_field() {
        let parsed = parse_emails(
            "Doe, Jane <Jane.Doe@Corp.example>; Smith, John <john@corp>; 'Ann' <ann@corp.example>",
        );
        assert_eq!(parsed.valid, ["jane.doe@corp.example", "ann@corp.example"]);
        assert_eq!(
            parsed.rejected,
            [RejectedEmail {
                input: "john@corp".into(),
                reason: EmailRejection::DomainMissingDot
            }]
        );
    }
}
