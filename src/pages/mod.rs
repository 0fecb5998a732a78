//! Screens, one folder per feature. Pages take the organization and their
//! view state from props or contexts, never from the URL.

pub mod invitations;
pub mod invite;
pub mod not_found;
pub mod org_frame;
pub mod orgs;
pub mod sign_in;
pub mod users;
