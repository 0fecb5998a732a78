//! Invitations: an organization's list and the invitee's screens.
//! (The invitations issue adds actions, filters and the bell's menu.)

pub mod accept;
pub mod mine;
pub mod org_list;

use roster_api::InvitationStatus;

use crate::i18n::Texts;

/// The status as a word.
pub fn status_label(t: &Texts, s: InvitationStatus) -> &'static str {
    match s {
        InvitationStatus::Pending => t.inv_pending,
        InvitationStatus::Accepted => t.inv_accepted,
        InvitationStatus::Declined => t.inv_declined,
        InvitationStatus::Expired => t.inv_expired,
        InvitationStatus::Revoked => t.inv_revoked,
    }
}

/// The badge modifier of a status.
pub fn status_class(s: InvitationStatus) -> &'static str {
    match s {
        InvitationStatus::Pending => "roster-badge roster-badge--pending",
        InvitationStatus::Accepted => "roster-badge roster-badge--active",
        InvitationStatus::Declined | InvitationStatus::Revoked => {
            "roster-badge roster-badge--muted"
        }
        InvitationStatus::Expired => "roster-badge roster-badge--locked",
    }
}
