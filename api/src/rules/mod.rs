//! Validation rules shared by the app (as you type) and the server (on write).
//!
//! Each rule is a plain function over plain data; the server turns its
//! answers into [`crate::FieldError`]s, the app shows them next to the field.

pub mod batch;
pub mod emails;
pub mod organization;
pub mod tags;
