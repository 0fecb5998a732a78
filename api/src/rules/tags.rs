//! Tag rules.
//!
//! A tag is a `key` with an optional `value` (empty string for none), both
//! stored trimmed and as typed otherwise. Lengths count Unicode scalar values
//! (Rust `char`s), not bytes: `é` is one, `👍` is one, and `👩‍💻` (woman, zero
//! width joiner, laptop) is three. Counting grapheme clusters would need a
//! Unicode table in the wasm bundle for no practical gain.
//!
//! Duplicates compare key and value case-insensitively (after trimming):
//! a member carrying both `team:Sales` and `team:sales` is a typo every time,
//! and the rule being stricter than a case-sensitive unique index in a
//! database means the two never disagree in the other direction.
//!
//! Keys may not contain `:` because the member filter syntax (`key:value`,
//! see [`parse_tag_filter`]) splits on the first colon; values may.

use std::collections::BTreeSet;
use std::fmt;

use crate::rules::field_codes;
use crate::rules::text::{check_visible, InvisibleCharacter};
use crate::types::Tag;
use crate::FieldError;

/// At most this many tags per user.
pub const MAX_TAGS: usize = 10;
/// Key and value together, in characters.
pub const MAX_TAG_CHARS: usize = 70;

/// Why a tag (or a tag in a list) was rejected.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TagRejection {
    /// The key is empty once trimmed.
    KeyRequired,
    /// The key contains `:`, which the filter syntax uses between key and value.
    KeyContainsColon,
    /// The key contains a control character (tab, line break, ...).
    KeyControlCharacter,
    /// The value contains a control character.
    ValueControlCharacter,
    /// The key contains an invisible or direction-changing character
    /// (U+202E, U+200B, ...; [`crate::rules::text`]).
    KeyInvisibleCharacter(char),
    /// The value contains an invisible or direction-changing character.
    ValueInvisibleCharacter(char),
    /// Key and value together, trimmed, are longer than [`MAX_TAG_CHARS`].
    TooLong { chars: usize },
    /// The same key and value (ignoring case) appear earlier in the list.
    Duplicate,
    /// The list already holds [`MAX_TAGS`] acceptable tags before this one.
    TooMany,
}

/// Which part of a tag a rejection is about, for field paths.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TagPart {
    Key,
    Value,
    /// The tag as a whole (length, duplicate, count).
    Whole,
}

impl TagRejection {
    /// Stable machine-readable code, also used as the [`FieldError`] code.
    pub fn code(&self) -> &'static str {
        match self {
            TagRejection::KeyRequired => field_codes::REQUIRED,
            TagRejection::KeyContainsColon => field_codes::INVALID_TAG_KEY,
            TagRejection::KeyControlCharacter | TagRejection::ValueControlCharacter => {
                field_codes::CONTROL_CHARACTER
            }
            TagRejection::KeyInvisibleCharacter(_) | TagRejection::ValueInvisibleCharacter(_) => {
                field_codes::INVISIBLE_CHARACTER
            }
            TagRejection::TooLong { .. } => field_codes::TOO_LONG,
            TagRejection::Duplicate => field_codes::DUPLICATE,
            TagRejection::TooMany => field_codes::TOO_MANY,
        }
    }

    /// The reason in words (English).
    pub fn message(&self) -> String {
        match self {
            TagRejection::KeyRequired => "A tag needs a key".to_owned(),
            TagRejection::KeyContainsColon => {
                "A tag key can't contain “:”, which separates key and value".to_owned()
            }
            TagRejection::KeyControlCharacter => {
                "The key can't contain line breaks, tabs or other control characters".to_owned()
            }
            TagRejection::ValueControlCharacter => {
                "The value can't contain line breaks, tabs or other control characters".to_owned()
            }
            TagRejection::KeyInvisibleCharacter(c) | TagRejection::ValueInvisibleCharacter(c) => {
                InvisibleCharacter(*c).message()
            }
            TagRejection::TooLong { chars } => format!(
                "Key and value together can be at most {MAX_TAG_CHARS} characters (now {chars})"
            ),
            TagRejection::Duplicate => "This tag is already in the list".to_owned(),
            TagRejection::TooMany => format!("A member can have at most {MAX_TAGS} tags"),
        }
    }

    /// The part of the tag the rejection is about.
    pub fn part(&self) -> TagPart {
        match self {
            TagRejection::KeyRequired
            | TagRejection::KeyContainsColon
            | TagRejection::KeyControlCharacter
            | TagRejection::KeyInvisibleCharacter(_) => TagPart::Key,
            TagRejection::ValueControlCharacter | TagRejection::ValueInvisibleCharacter(_) => {
                TagPart::Value
            }
            TagRejection::TooLong { .. } | TagRejection::Duplicate | TagRejection::TooMany => {
                TagPart::Whole
            }
        }
    }
}

impl fmt::Display for TagRejection {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message())
    }
}

/// One rejected tag of a list.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct TagProblem {
    /// Position in the list as given.
    pub index: usize,
    pub rejection: TagRejection,
}

/// The tag as it is stored: key and value trimmed.
pub fn normalize_tag(tag: &Tag) -> Tag {
    Tag {
        key: tag.key.trim().to_owned(),
        value: tag.value.trim().to_owned(),
    }
}

/// Checks one tag on its own, as [`normalize_tag`] would store it (so
/// surrounding spaces never count).
pub fn validate_tag(tag: &Tag) -> Result<(), TagRejection> {
    let key = tag.key.trim();
    let value = tag.value.trim();
    if key.is_empty() {
        return Err(TagRejection::KeyRequired);
    }
    if key.chars().any(char::is_control) {
        return Err(TagRejection::KeyControlCharacter);
    }
    if value.chars().any(char::is_control) {
        return Err(TagRejection::ValueControlCharacter);
    }
    check_visible(key).map_err(|e| TagRejection::KeyInvisibleCharacter(e.0))?;
    check_visible(value).map_err(|e| TagRejection::ValueInvisibleCharacter(e.0))?;
    if key.contains(':') {
        return Err(TagRejection::KeyContainsColon);
    }
    let chars = key.chars().count() + value.chars().count();
    if chars > MAX_TAG_CHARS {
        return Err(TagRejection::TooLong { chars });
    }
    Ok(())
}

/// Checks a member's whole list of tags: at most one problem per tag, the
/// tag's own problem first, then [`TagRejection::Duplicate`] (reported at the
/// later index), then [`TagRejection::TooMany`] for every acceptable tag after
/// the tenth acceptable one. Rejected and duplicate tags don't use up the
/// allowance, so fixing them never uncovers a new "too many".
pub fn validate_tags(tags: &[Tag]) -> Vec<TagProblem> {
    let mut problems = Vec::new();
    let mut seen = BTreeSet::new();
    for (index, tag) in tags.iter().enumerate() {
        let rejection = if let Err(rejection) = validate_tag(tag) {
            rejection
        } else if !seen.insert(duplicate_key(tag)) {
            TagRejection::Duplicate
        } else if seen.len() > MAX_TAGS {
            TagRejection::TooMany
        } else {
            continue;
        };
        problems.push(TagProblem { index, rejection });
    }
    problems
}

/// [`validate_tags`] as field errors of a request body: `tags[3].key`,
/// `tags[3].value` or `tags[3]` when `field` is `tags`.
pub fn tags_field_errors(field: &str, tags: &[Tag]) -> Vec<FieldError> {
    validate_tags(tags)
        .into_iter()
        .map(|TagProblem { index, rejection }| {
            let path = match rejection.part() {
                TagPart::Key => format!("{field}[{index}].key"),
                TagPart::Value => format!("{field}[{index}].value"),
                TagPart::Whole => format!("{field}[{index}]"),
            };
            FieldError::new(path, rejection.code(), rejection.message())
        })
        .collect()
}

/// Reads the member filter syntax: `key:value` (that exact tag) or `key` (the
/// key with any value). Splits on the first `:` (keys can't contain one);
/// trims both sides. `key:` asks for the key with an empty value. `None` when
/// there is no key.
pub fn parse_tag_filter(filter: &str) -> Option<(String, Option<String>)> {
    let (key, value) = match filter.split_once(':') {
        Some((key, value)) => (key.trim(), Some(value.trim().to_owned())),
        None => (filter.trim(), None),
    };
    if key.is_empty() {
        None
    } else {
        Some((key.to_owned(), value))
    }
}

/// What makes two tags the same: trimmed key and value, ignoring case.
fn duplicate_key(tag: &Tag) -> (String, String) {
    (
        tag.key.trim().to_lowercase(),
        tag.value.trim().to_lowercase(),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tag(key: &str, value: &str) -> Tag {
        Tag {
            key: key.to_owned(),
            value: value.to_owned(),
        }
    }

    fn problems(tags: &[Tag]) -> Vec<(usize, TagRejection)> {
        validate_tags(tags)
            .into_iter()
            .map(|p| (p.index, p.rejection))
            .collect()
    }

    #[test]
    fn normalize_trims_both_sides_and_keeps_case() {
        assert_eq!(
            normalize_tag(&tag("  Team ", "\tSales \n")),
            tag("Team", "Sales")
        );
        assert_eq!(normalize_tag(&tag("k", "   ")), tag("k", ""));
    }

    #[test]
    fn accepts_key_alone_and_key_with_value() {
        assert_eq!(validate_tag(&tag("vip", "")), Ok(()));
        assert_eq!(validate_tag(&tag("team", "Sales")), Ok(()));
        assert_eq!(validate_tag(&tag("k", "a:b:c")), Ok(()));
        assert_eq!(validate_tag(&tag("équipe", "Ventes 🚀")), Ok(()));
        assert_eq!(validate_tag(&tag("dev", "👩‍💻")), Ok(()));
    }

    #[test]
    fn key_is_required_after_trimming() {
        assert_eq!(validate_tag(&tag("", "x")), Err(TagRejection::KeyRequired));
        assert_eq!(
            validate_tag(&tag("   ", "x")),
            Err(TagRejection::KeyRequired)
        );
        assert_eq!(validate_tag(&tag("", "")), Err(TagRejection::KeyRequired));
    }

    #[test]
    fn key_cannot_contain_a_colon() {
        assert_eq!(
            validate_tag(&tag("team:x", "y")),
            Err(TagRejection::KeyContainsColon)
        );
        assert_eq!(
            validate_tag(&tag(":", "")),
            Err(TagRejection::KeyContainsColon)
        );
    }

    #[test]
    fn rejects_control_characters_in_key_and_value() {
        for c in ['\u{0}', '\t', '\n', '\r', '\u{7F}', '\u{85}'] {
            assert_eq!(
                validate_tag(&tag(&format!("a{c}b"), "v")),
                Err(TagRejection::KeyControlCharacter),
                "{c:?}"
            );
            assert_eq!(
                validate_tag(&tag("k", &format!("a{c}b"))),
                Err(TagRejection::ValueControlCharacter),
                "{c:?}"
            );
        }
        // Trailing ones are trimmed away (tab and newline are whitespace).
        assert_eq!(validate_tag(&tag("k\t", "v\n")), Ok(()));
    }

    #[test]
    fn rejects_invisible_and_direction_changing_characters_in_key_and_value() {
        for c in [
            '\u{2028}', '\u{202A}', '\u{202E}', '\u{2066}', '\u{2069}', '\u{200B}', '\u{200E}',
            '\u{200F}', '\u{061C}', '\u{FEFF}', '\u{00AD}', '\u{180E}', '\u{2060}',
        ] {
            assert_eq!(
                validate_tag(&tag(&format!("a{c}b"), "v")),
                Err(TagRejection::KeyInvisibleCharacter(c)),
                "{c:?}"
            );
            assert_eq!(
                validate_tag(&tag("k", &format!("a{c}b"))),
                Err(TagRejection::ValueInvisibleCharacter(c)),
                "{c:?}"
            );
        }
        let errors = tags_field_errors("tags", &[tag("team", "\u{061C}Sales")]);
        assert_eq!(errors.len(), 1);
        assert_eq!(errors[0].field, "tags[0].value");
        assert_eq!(errors[0].code, "invisible_character");
        assert!(errors[0].message.contains("U+061C"));
        // Emoji sequences and joined scripts keep their joiners.
        assert_eq!(validate_tag(&tag("role", "👩\u{200D}💻")), Ok(()));
    }

    #[test]
    fn length_boundary_counts_characters() {
        assert_eq!(validate_tag(&tag(&"k".repeat(70), "")), Ok(()));
        assert_eq!(
            validate_tag(&tag(&"k".repeat(71), "")),
            Err(TagRejection::TooLong { chars: 71 })
        );
        assert_eq!(validate_tag(&tag(&"k".repeat(35), &"v".repeat(35))), Ok(()));
        assert_eq!(
            validate_tag(&tag(&"k".repeat(35), &"v".repeat(36))),
            Err(TagRejection::TooLong { chars: 71 })
        );
        // "é" is 2 bytes, 1 character: 70 of them are 140 bytes and still fine.
        assert_eq!(validate_tag(&tag(&"é".repeat(40), &"é".repeat(30))), Ok(()));
        assert_eq!(
            validate_tag(&tag(&"é".repeat(40), &"é".repeat(31))),
            Err(TagRejection::TooLong { chars: 71 })
        );
        // An emoji is 4 bytes, 1 character.
        assert_eq!(validate_tag(&tag("k", &"🚀".repeat(69))), Ok(()));
        assert_eq!(
            validate_tag(&tag("k", &"🚀".repeat(70))),
            Err(TagRejection::TooLong { chars: 71 })
        );
        // Surrounding spaces don't count.
        assert_eq!(
            validate_tag(&tag(
                &format!("  {}  ", "k".repeat(35)),
                &format!(" {} ", "v".repeat(35))
            )),
            Ok(())
        );
    }

    #[test]
    fn ten_tags_pass_eleven_do_not() {
        let ten: Vec<Tag> = (0..10).map(|i| tag("k", &i.to_string())).collect();
        assert!(validate_tags(&ten).is_empty());
        let mut twelve = ten.clone();
        twelve.push(tag("k", "10"));
        twelve.push(tag("k", "11"));
        assert_eq!(
            problems(&twelve),
            [(10, TagRejection::TooMany), (11, TagRejection::TooMany)]
        );
        assert!(validate_tags(&[]).is_empty());
    }

    #[test]
    fn duplicates_are_reported_at_the_later_index_ignoring_case_and_spaces() {
        let tags = [
            tag("team", "Sales"),
            tag("vip", ""),
            tag(" TEAM ", "sales "),
            tag("team", "Support"),
            tag("VIP", ""),
        ];
        assert_eq!(
            problems(&tags),
            [(2, TagRejection::Duplicate), (4, TagRejection::Duplicate)]
        );
        // Same key, different value: two tags.
        assert!(validate_tags(&[tag("skill", "rust"), tag("skill", "go")]).is_empty());
        // Case folding is Unicode-aware.
        assert_eq!(
            problems(&[tag("Équipe", ""), tag("équipe", "")]),
            [(1, TagRejection::Duplicate)]
        );
    }

    #[test]
    fn rejected_and_duplicate_tags_do_not_use_up_the_allowance() {
        let mut tags: Vec<Tag> = (0..10).map(|i| tag("k", &i.to_string())).collect();
        tags.insert(3, tag("k", "0"));
        tags.insert(5, tag("", "x"));
        assert_eq!(tags.len(), 12);
        assert_eq!(
            problems(&tags),
            [(3, TagRejection::Duplicate), (5, TagRejection::KeyRequired)]
        );
        tags.push(tag("k", "10"));
        tags.push(tag("k", "0"));
        assert_eq!(
            problems(&tags),
            [
                (3, TagRejection::Duplicate),
                (5, TagRejection::KeyRequired),
                (12, TagRejection::TooMany),
                (13, TagRejection::Duplicate)
            ]
        );
    }

    #[test]
    fn own_problem_comes_before_duplicate_and_too_many() {
        let mut tags: Vec<Tag> = (0..10).map(|i| tag("k", &i.to_string())).collect();
        tags.push(tag("bad\u{0}", ""));
        tags.push(tag("bad\u{0}", ""));
        assert_eq!(
            problems(&tags),
            [
                (10, TagRejection::KeyControlCharacter),
                (11, TagRejection::KeyControlCharacter)
            ]
        );
    }

    #[test]
    fn field_errors_name_the_part() {
        let mut tags = vec![
            tag("", "x"),
            tag("k", "a\u{0}"),
            tag(&"k".repeat(71), ""),
            tag("ok", ""),
            tag("OK", ""),
            tag("a:b", ""),
            tag("t\u{1}", ""),
        ];
        tags.extend((0..11).map(|i| tag("n", &i.to_string())));
        let errors = tags_field_errors("tags", &tags);
        let summary: Vec<(&str, &str)> = errors
            .iter()
            .map(|e| (e.field.as_str(), e.code.as_str()))
            .collect();
        assert_eq!(
            summary,
            [
                ("tags[0].key", "required"),
                ("tags[1].value", "control_character"),
                ("tags[2]", "too_long"),
                ("tags[4]", "duplicate"),
                ("tags[5].key", "invalid_tag_key"),
                ("tags[6].key", "control_character"),
                ("tags[16]", "too_many"),
                ("tags[17]", "too_many"),
            ]
        );
        assert_eq!(
            errors[2].message,
            "Key and value together can be at most 70 characters (now 71)"
        );
        assert_eq!(errors[6].message, "A member can have at most 10 tags");
        assert_eq!(tags_field_errors("tags", &tags[3..4]), []);
    }

    #[test]
    fn every_rejection_has_a_code_and_a_message() {
        let all = [
            TagRejection::KeyRequired,
            TagRejection::KeyContainsColon,
            TagRejection::KeyControlCharacter,
            TagRejection::ValueControlCharacter,
            TagRejection::KeyInvisibleCharacter('\u{202E}'),
            TagRejection::ValueInvisibleCharacter('\u{200B}'),
            TagRejection::TooLong { chars: 80 },
            TagRejection::Duplicate,
            TagRejection::TooMany,
        ];
        for r in all {
            assert!(!r.code().is_empty());
            assert!(!r.message().is_empty());
            assert_eq!(r.to_string(), r.message());
        }
        assert_eq!(TagRejection::TooLong { chars: 80 }.part(), TagPart::Whole);
        assert_eq!(TagRejection::ValueControlCharacter.part(), TagPart::Value);
    }

    #[test]
    fn filter_syntax() {
        assert_eq!(
            parse_tag_filter("team:Sales"),
            Some(("team".into(), Some("Sales".into())))
        );
        assert_eq!(
            parse_tag_filter(" team : Sales "),
            Some(("team".into(), Some("Sales".into())))
        );
        assert_eq!(parse_tag_filter("team"), Some(("team".into(), None)));
        assert_eq!(
            parse_tag_filter("team:"),
            Some(("team".into(), Some(String::new())))
        );
        assert_eq!(
            parse_tag_filter("url:https://x.io"),
            Some(("url".into(), Some("https://x.io".into())))
        );
        assert_eq!(
            parse_tag_filter("équipe:🚀"),
            Some(("équipe".into(), Some("🚀".into())))
        );
        assert_eq!(parse_tag_filter(""), None);
        assert_eq!(parse_tag_filter("   "), None);
        assert_eq!(parse_tag_filter(":Sales"), None);
        assert_eq!(parse_tag_filter(" :"), None);
    }
}
