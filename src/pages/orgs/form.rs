//! The organization form shared by the create dialog and the details page:
//! its fields, the request bodies made from them, and their validation
//! (the contract crate's rules, the same the server applies).

use leptos::prelude::*;
use roster_api::{CreateOrganization, FieldError, Organization, UpdateOrganization};

/// The fields of an organization form, as typed.
#[derive(Clone, Copy)]
pub struct OrgFields {
    pub name: RwSignal<String>,
    pub email: RwSignal<String>,
    pub owner_firstname: RwSignal<String>,
    pub owner_lastname: RwSignal<String>,
    pub phone_number: RwSignal<String>,
    pub customer_id: RwSignal<String>,
    pub siren_number: RwSignal<String>,
    pub comment: RwSignal<String>,
}

/// The values of an organization form (plain data, for pure functions and tests).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct OrgValues {
    pub name: String,
    pub email: String,
    pub owner_firstname: String,
    pub owner_lastname: String,
    pub phone_number: String,
    pub customer_id: String,
    pub siren_number: String,
    pub comment: String,
}

impl OrgValues {
    pub fn of(org: &Organization) -> Self {
        let opt = |o: &Option<String>| o.clone().unwrap_or_default();
        OrgValues {
            name: org.name.clone(),
            email: org.email.clone(),
            owner_firstname: org.owner_firstname.clone(),
            owner_lastname: org.owner_lastname.clone(),
            phone_number: opt(&org.phone_number),
            customer_id: opt(&org.customer_id),
            siren_number: opt(&org.siren_number),
            comment: opt(&org.comment),
        }
    }

    /// The body of `POST /organizations` (trimmed; empty optional fields left out).
    pub fn to_create(&self) -> CreateOrganization {
        let opt = |s: &str| Some(s.trim().to_owned()).filter(|s| !s.is_empty());
        CreateOrganization {
            name: self.name.trim().to_owned(),
            email: self.email.trim().to_owned(),
            owner_firstname: self.owner_firstname.trim().to_owned(),
            owner_lastname: self.owner_lastname.trim().to_owned(),
            phone_number: opt(&self.phone_number),
            siren_number: opt(&self.siren_number),
            customer_id: opt(&self.customer_id),
            comment: opt(&self.comment),
            picture_link: None,
        }
    }

    /// The body of `PATCH /organizations/{id}`: only what differs from `saved`
    /// (an emptied optional field is sent as `""`, which clears it).
    pub fn to_update(&self, saved: &OrgValues) -> UpdateOrganization {
        let diff = |new: &str, old: &str| (new.trim() != old.trim()).then(|| new.trim().to_owned());
        UpdateOrganization {
            name: diff(&self.name, &saved.name),
            email: diff(&self.email, &saved.email),
            owner_firstname: diff(&self.owner_firstname, &saved.owner_firstname),
            owner_lastname: diff(&self.owner_lastname, &saved.owner_lastname),
            phone_number: diff(&self.phone_number, &saved.phone_number),
            siren_number: diff(&self.siren_number, &saved.siren_number),
            customer_id: diff(&self.customer_id, &saved.customer_id),
            comment: diff(&self.comment, &saved.comment),
            picture_link: None,
        }
    }
}

/// Whether an update changes anything.
pub fn is_empty_update(u: &UpdateOrganization) -> bool {
    u == &UpdateOrganization::default()
}

impl OrgFields {
    pub fn new(values: OrgValues) -> Self {
        OrgFields {
            name: RwSignal::new(values.name),
            email: RwSignal::new(values.email),
            owner_firstname: RwSignal::new(values.owner_firstname),
            owner_lastname: RwSignal::new(values.owner_lastname),
            phone_number: RwSignal::new(values.phone_number),
            customer_id: RwSignal::new(values.customer_id),
            siren_number: RwSignal::new(values.siren_number),
            comment: RwSignal::new(values.comment),
        }
    }

    pub fn values(&self) -> OrgValues {
        OrgValues {
            name: self.name.get_untracked(),
            email: self.email.get_untracked(),
            owner_firstname: self.owner_firstname.get_untracked(),
            owner_lastname: self.owner_lastname.get_untracked(),
            phone_number: self.phone_number.get_untracked(),
            customer_id: self.customer_id.get_untracked(),
            siren_number: self.siren_number.get_untracked(),
            comment: self.comment.get_untracked(),
        }
    }

    pub fn set(&self, v: OrgValues) {
        self.name.set(v.name);
        self.email.set(v.email);
        self.owner_firstname.set(v.owner_firstname);
        self.owner_lastname.set(v.owner_lastname);
        self.phone_number.set(v.phone_number);
        self.customer_id.set(v.customer_id);
        self.siren_number.set(v.siren_number);
        self.comment.set(v.comment);
    }
}

/// Field errors of a form, from local rules or from the server's 422.
#[derive(Clone, Copy)]
pub struct FormErrors(pub RwSignal<Vec<FieldError>>);

impl FormErrors {
    pub fn new() -> Self {
        FormErrors(RwSignal::new(Vec::new()))
    }

    /// The error of `field`, reactive.
    pub fn of(&self, field: &'static str) -> Signal<Option<String>> {
        let errors = self.0;
        let t = crate::i18n::use_texts();
        Signal::derive(move || {
            errors.with(|e| {
                e.iter()
                    .find(|e| e.field == field)
                    .map(|e| crate::i18n::rules::field_error(t, e))
            })
        })
    }

    /// Forgets the error of `field` (when the user edits it).
    pub fn clear(&self, field: &str) {
        if self
            .0
            .with_untracked(|e| e.iter().any(|e| e.field == field))
        {
            self.0.update(|e| e.retain(|e| e.field != field));
        }
    }
}

impl Default for FormErrors {
    fn default() -> Self {
        Self::new()
    }
}

/// The fields in form order, for focusing the first invalid one.
pub const FIELD_ORDER: [&str; 8] = [
    "name",
    "email",
    "owner_firstname",
    "owner_lastname",
    "phone_number",
    "customer_id",
    "siren_number",
    "comment",
];

/// Checks a new organization with the contract's rules.
pub fn validate_create(body: &CreateOrganization) -> Vec<FieldError> {
    roster_api::rules::organization::validate_create_organization(body)
}

/// Checks an update with the contract's rules.
pub fn validate_update(body: &UpdateOrganization) -> Vec<FieldError> {
    roster_api::rules::organization::validate_update_organization(body)
}

/// Forgets a field's error as soon as the user edits that field.
pub fn clear_errors_on_edit(fields: OrgFields, errors: FormErrors) {
    let pairs: [(&'static str, RwSignal<String>); 8] = [
        ("name", fields.name),
        ("email", fields.email),
        ("owner_firstname", fields.owner_firstname),
        ("owner_lastname", fields.owner_lastname),
        ("phone_number", fields.phone_number),
        ("customer_id", fields.customer_id),
        ("siren_number", fields.siren_number),
        ("comment", fields.comment),
    ];
    for (name, signal) in pairs {
        Effect::new(move |prev: Option<()>| {
            signal.track();
            if prev.is_some() {
                errors.clear(name);
            }
        });
    }
}

/// Moves focus to the first field marked invalid inside `root`.
pub fn focus_first_invalid(root: Option<web_sys::HtmlElement>) {
    request_animation_frame(move || {
        use wasm_bindgen::JsCast;
        let Some(root) = root else { return };
        if let Ok(Some(el)) = root.query_selector("[aria-invalid=true]") {
            if let Ok(el) = el.dyn_into::<web_sys::HtmlElement>() {
                let _ = el.focus();
            }
        }
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn create_trims_and_drops_empty_optionals() {
        let v = OrgValues {
            name: "  Acme ".into(),
            email: "a@acme.test ".into(),
            owner_firstname: "Ann".into(),
            owner_lastname: "Lee".into(),
            phone_number: "  ".into(),
            customer_id: "C-9".into(),
            ..Default::default()
        };
        let c = v.to_create();
        assert_eq!(c.name, "Acme");
        assert_eq!(c.email, "a@acme.test");
        assert_eq!(c.phone_number, None);
        assert_eq!(c.customer_id.as_deref(), Some("C-9"));
    }

    #[test]
    fn update_sends_only_changes_and_clears_with_empty() {
        let saved = OrgValues {
            name: "Acme".into(),
            phone_number: "+33 1".into(),
            ..Default::default()
        };
        let mut now = saved.clone();
        assert!(is_empty_update(&now.to_update(&saved)));
        now.name = "Acme Corp".into();
        now.phone_number = String::new();
        let u = now.to_update(&saved);
        assert_eq!(u.name.as_deref(), Some("Acme Corp"));
        assert_eq!(u.phone_number.as_deref(), Some(""));
        assert_eq!(u.email, None);
    }
}
