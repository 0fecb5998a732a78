//! Account fields: the display name people see in member lists, invitations
//! and the top bar.

use crate::rules::emails::validate_email;
use crate::rules::field_codes;
use crate::rules::text::check_visible;
use crate::types::DemoSignInRequest;
use crate::FieldError;

/// A display name, trimmed, in characters.
pub const MAX_DISPLAY_NAME_CHARS: usize = 100;

/// Judges a display name as it will be stored (trimmed): at most
/// [`MAX_DISPLAY_NAME_CHARS`], one line, no invisible or direction-changing
/// character. An empty name is for the caller to default or refuse.
pub fn display_name_error(field: &str, value: &str) -> Option<FieldError> {
    let value = value.trim();
    let chars = value.chars().count();
    let (code, message) = if chars > MAX_DISPLAY_NAME_CHARS {
        (
            field_codes::TOO_LONG,
            format!("At most {MAX_DISPLAY_NAME_CHARS} characters (now {chars})"),
        )
    } else if value.chars().any(char::is_control) {
        (
            field_codes::CONTROL_CHARACTER,
            "Line breaks, tabs and other control characters aren't allowed here".to_owned(),
        )
    } else if let Err(e) = check_visible(value) {
        (e.code(), e.message())
    } else {
        return None;
    };
    Some(FieldError::new(field, code, message))
}

/// Rules of `POST /auth/demo-sign-in`: a valid email, and a display name
/// (optional) that passes [`display_name_error`].
pub fn validate_demo_sign_in(request: &DemoSignInRequest) -> Vec<FieldError> {
    let mut errors = Vec::new();
    if let Err(reason) = validate_email(&request.email) {
        errors.push(FieldError::new(
            "email",
            field_codes::INVALID_EMAIL,
            reason.message(),
        ));
    }
    if let Some(name) = &request.display_name {
        errors.extend(display_name_error("display_name", name));
    }
    errors
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sign_in(display_name: &str) -> Vec<(String, String)> {
        validate_demo_sign_in(&DemoSignInRequest {
            email: "ada@example.com".into(),
            display_name: Some(display_name.into()),
            session: Default::default(),
        })
        .into_iter()
        .map(|e| (e.field, e.code))
        .collect()
    }

    fn err(code: &str) -> Vec<(String, String)> {
        vec![("display_name".into(), code.into())]
    }

    #[test]
    fn ordinary_display_names_pass() {
        for name in ["Ada Lovelace", "  Zoë  ", "محمد", "", &"é".repeat(100)] {
            assert_eq!(sign_in(name), [], "{name}");
        }
        let absent = DemoSignInRequest {
            email: "ada@example.com".into(),
            display_name: None,
            session: Default::default(),
        };
        assert_eq!(validate_demo_sign_in(&absent), []);
    }

    #[test]
    fn display_names_refuse_invisible_and_direction_changing_characters() {
        for c in [
            '\u{202E}', '\u{202A}', '\u{2066}', '\u{2069}', '\u{200B}', '\u{200F}', '\u{061C}',
            '\u{FEFF}', '\u{2028}', '\u{00AD}', '\u{180E}', '\u{2063}',
        ] {
            assert_eq!(
                sign_in(&format!("Ada{c}Lovelace")),
                err("invisible_character")
            );
        }
        let error = display_name_error("display_name", "Ada\u{202E}").unwrap();
        assert!(error.message.contains("U+202E"), "{}", error.message);
    }

    #[test]
    fn display_name_length_and_lines() {
        assert_eq!(sign_in(&"é".repeat(101)), err("too_long"));
        assert_eq!(sign_in("Ada\nLovelace"), err("control_character"));
    }

    #[test]
    fn the_email_uses_the_email_rules() {
        let errors = validate_demo_sign_in(&DemoSignInRequest {
            email: "ada.example.com".into(),
            display_name: None,
            session: Default::default(),
        });
        assert_eq!(errors.len(), 1);
        assert_eq!(
            (errors[0].field.as_str(), errors[0].code.as_str()),
            ("email", "invalid_email")
        );
    }
}
