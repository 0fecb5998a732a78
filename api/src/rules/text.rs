//! Characters a shown name must not carry: invisible and direction-changing ones.
//!
//! A right-to-left override (U+202E) makes `Acme\u{202E}gro.evil` display as
//! `Acmelive.org`; a zero-width space makes `Acme` and `Ac\u{200B}me` two
//! different organizations that look the same. Wherever a person's or an
//! organization's name is shown (organization name, owner first and last
//! name, group name, display name, tag key and value), one rule refuses them,
//! with the stable code [`field_codes::INVISIBLE_CHARACTER`]: the app as you
//! type, the server on write.
//!
//! Refused anywhere in the value:
//! - the bidirectional embeddings and overrides U+202A–U+202E, the isolates
//!   U+2066–U+2069, the marks U+200E, U+200F and U+061C;
//! - the zero-width space U+200B, the word joiner and invisible operators
//!   U+2060–U+2064, the byte order mark U+FEFF, the soft hyphen U+00AD, the
//!   Mongolian vowel separator U+180E;
//! - the line and paragraph separators U+2028 and U+2029 (a line break in a
//!   one-line name);
//! - the deprecated format characters U+206A–U+206F, the interlinear
//!   annotation characters U+FFF9–U+FFFB, and the Hangul fillers U+3164 and
//!   U+FFA0, which show as blanks.
//!
//! The zero-width non-joiner and joiner (U+200C, U+200D) are part of correct
//! spelling in Persian and the Indic scripts (`می‌خواهم`) and of emoji
//! sequences (`👩‍💻`), so they are allowed between two characters of those
//! scripts (at or above U+0600, not blank and not refused themselves), and
//! refused elsewhere: at either end, next to a space, or next to a Latin,
//! Greek or Cyrillic letter, where they only serve to make two names look alike.
//!
//! Line breaks, tabs and other control characters (Unicode category Cc) are a
//! different rule ([`field_codes::CONTROL_CHARACTER`]).

use std::fmt;

use crate::rules::field_codes;

/// A value refused for the invisible or direction-changing character it holds.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct InvisibleCharacter(pub char);

impl InvisibleCharacter {
    /// The character as people can name it: `U+202E`.
    pub fn code_point(&self) -> String {
        format!("U+{:04X}", self.0 as u32)
    }

    /// Stable machine-readable code, the [`crate::FieldError`] code.
    pub fn code(&self) -> &'static str {
        field_codes::INVISIBLE_CHARACTER
    }

    /// The reason in words (English), naming the character.
    pub fn message(&self) -> String {
        format!(
            "Invisible and direction-changing characters aren't allowed here (found {})",
            self.code_point()
        )
    }
}

impl fmt::Display for InvisibleCharacter {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message())
    }
}

/// Whether `c` is refused in a name wherever it stands.
pub fn is_refused_anywhere(c: char) -> bool {
    matches!(
        c,
        '\u{00AD}'
            | '\u{061C}'
            | '\u{180E}'
            | '\u{200B}'
            | '\u{200E}'
            | '\u{200F}'
            | '\u{2028}'..='\u{202E}'
            | '\u{2060}'..='\u{2064}'
            | '\u{2066}'..='\u{206F}'
            | '\u{3164}'
            | '\u{FEFF}'
            | '\u{FFA0}'
            | '\u{FFF9}'..='\u{FFFB}'
    )
}

/// The zero-width non-joiner and joiner, allowed only between two characters
/// of the scripts that spell with them.
fn is_joiner(c: char) -> bool {
    matches!(c, '\u{200C}' | '\u{200D}')
}

/// A neighbour a joiner may stand next to: a visible character at or above
/// U+0600 (Arabic, the Indic scripts, emoji and their variation selectors).
fn joins(c: Option<char>) -> bool {
    c.is_some_and(|c| {
        u32::from(c) >= 0x600
            && !c.is_whitespace()
            && !c.is_control()
            && !is_refused_anywhere(c)
            && !is_joiner(c)
    })
}

/// The first invisible or direction-changing character of `value` (see the
/// module documentation for the list), or `Ok` when there is none.
pub fn check_visible(value: &str) -> Result<(), InvisibleCharacter> {
    let chars: Vec<char> = value.chars().collect();
    for (i, &c) in chars.iter().enumerate() {
        let refused = is_refused_anywhere(c)
            || (is_joiner(c)
                && !(i > 0
                    && joins(chars.get(i - 1).copied())
                    && joins(chars.get(i + 1).copied())));
        if refused {
            return Err(InvisibleCharacter(c));
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn refused(value: &str) -> Option<char> {
        check_visible(value).err().map(|e| e.0)
    }

    #[test]
    fn every_bidi_override_embedding_and_isolate_is_refused() {
        for c in ('\u{202A}'..='\u{202E}').chain('\u{2066}'..='\u{2069}') {
            assert_eq!(
                refused(&format!("Acme{c}gro.evil")),
                Some(c),
                "U+{:04X}",
                c as u32
            );
            assert_eq!(refused(&format!("{c}Acme")), Some(c));
            assert_eq!(refused(&format!("Acme{c}")), Some(c));
        }
    }

    #[test]
    fn direction_marks_are_refused() {
        for c in ['\u{200E}', '\u{200F}', '\u{061C}'] {
            assert_eq!(refused(&format!("Acme{c} Corp")), Some(c));
            assert_eq!(refused(&format!("شركة{c}")), Some(c));
        }
    }

    #[test]
    fn zero_width_and_other_invisible_characters_are_refused() {
        for c in [
            '\u{200B}', '\u{FEFF}', '\u{00AD}', '\u{180E}', '\u{2060}', '\u{2061}', '\u{2062}',
            '\u{2063}', '\u{2064}', '\u{206A}', '\u{206F}', '\u{3164}', '\u{FFA0}', '\u{FFF9}',
            '\u{FFFB}',
        ] {
            assert_eq!(refused(&format!("Ac{c}me")), Some(c), "U+{:04X}", c as u32);
        }
    }

    #[test]
    fn line_and_paragraph_separators_are_refused() {
        assert_eq!(refused("Acme\u{2028}Corp"), Some('\u{2028}'));
        assert_eq!(refused("Acme\u{2029}Corp"), Some('\u{2029}'));
    }

    #[test]
    fn joiners_are_refused_where_they_only_hide() {
        for j in ['\u{200C}', '\u{200D}'] {
            assert_eq!(refused(&format!("Ac{j}me")), Some(j));
            assert_eq!(refused(&format!("{j}Acme")), Some(j));
            assert_eq!(refused(&format!("Acme{j}")), Some(j));
            assert_eq!(refused(&format!("{j}")), Some(j));
            assert_eq!(refused(&format!("می {j}خواهم")), Some(j));
            assert_eq!(refused(&format!("Élodie{j}é")), Some(j));
            assert_eq!(refused(&format!("می{j}{j}خواهم")), Some(j));
        }
    }

    #[test]
    fn joiners_spell_persian_indic_and_emoji() {
        assert_eq!(refused("می\u{200C}خواهم"), None);
        assert_eq!(refused("क्\u{200D}ष"), None);
        assert_eq!(refused("👩\u{200D}💻 Team"), None);
        assert_eq!(refused("❤\u{FE0F}\u{200D}🔥"), None);
    }

    #[test]
    fn ordinary_names_pass() {
        for name in [
            "Acme Corp",
            "Zoë O'Brien-Łukasz",
            "شركة أكمي",
            "אקמה בע\"מ",
            "株式会社アクメ",
            "Ελληνική Εταιρεία",
            "São Paulo & Co.",
            "",
        ] {
            assert_eq!(refused(name), None, "{name}");
        }
    }

    #[test]
    fn the_message_names_the_character_with_a_stable_code() {
        let e = check_visible("Acme\u{202E}").unwrap_err();
        assert_eq!(e.code(), "invisible_character");
        assert_eq!(e.code_point(), "U+202E");
        assert!(e.message().contains("U+202E"), "{}", e.message());
        assert_eq!(e.to_string(), e.message());
        assert_eq!(InvisibleCharacter('\u{61C}').code_point(), "U+061C");
    }
}
