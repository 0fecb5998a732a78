//! Requests and responses of `/api/v1`.
//!
//! Ids are UUIDs, times are RFC 3339 in UTC. List endpoints take
//! [`PageParams`] and answer a [`Page`].
//!
//! Request bodies refuse fields they do not have (`#[serde(deny_unknown_fields)]`):
//! a typo such as `group_id` for `group_ids` is an error (the server answers
//! 422 `unknown_field` naming it), never a silent no-op. Answers stay lenient,
//! so an app tolerates a newer server that adds fields.

use serde::{Deserialize, Serialize};
use uuid::Uuid;

pub use crate::time::Timestamp;

// ---------------------------------------------------------------- paging

/// Largest page a list endpoint serves.
pub const MAX_PAGE_SIZE: u32 = 100;
/// Page size when the request names none.
pub const DEFAULT_PAGE_SIZE: u32 = 25;

/// Paging and order of a list request (query string).
///
/// `page` counts from 1. `order_by` names a field, with a leading `-` for
/// descending order (`-created_at`); each endpoint lists the fields it sorts on.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::IntoParams, utoipa::ToSchema))]
pub struct PageParams {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub page: Option<u32>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub page_size: Option<u32>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub order_by: Option<String>,
}

/// One page of a list.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Page<T> {
    pub items: Vec<T>,
    /// How many items match the filters, over all pages.
    pub total_count: u64,
    pub page: u32,
    pub page_size: u32,
}

// ---------------------------------------------------------------- accounts and sign-in

/// What kind of account is signed in.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum AccountKind {
    /// Manages the customer organizations it created.
    Partner,
    /// Sees only the organizations it belongs to.
    User,
}

/// The signed-in account (`GET /me`).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Me {
    pub id: Uuid,
    pub email: String,
    pub display_name: String,
    pub kind: AccountKind,
    /// Pending invitations addressed to this account's email.
    pub pending_invitation_count: u64,
    /// A new account whose person has not yet said what to call them: the
    /// app asks once (`PATCH /me`) after the first sign-in.
    #[serde(default)]
    pub name_needed: bool,
}

/// `PATCH /me`: what the signed-in person changes about themselves.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct UpdateMe {
    pub display_name: String,
}

/// A short reference to an account, e.g. who sent an invitation.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AccountRef {
    pub id: Uuid,
    pub email: String,
    pub display_name: String,
}

/// `POST /auth/demo-sign-in`: passwordless sign-in, demo mode only.
/// Creates the account when the address is new, as an invitee would.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct DemoSignInRequest {
    pub email: String,
    /// Used only when the account is created; defaults to the email's local part.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub display_name: Option<String>,
    #[serde(default)]
    pub session: SessionKind,
}

/// How a sign-in hands out its session.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum SessionKind {
    /// A bearer token in the answer (scripts, tests).
    #[default]
    Token,
    /// An HttpOnly cookie the browser keeps; the answer carries no token (the standalone app).
    Cookie,
}

/// Who signed in, and their bearer token unless the session is a cookie.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SignInResponse {
    /// Absent when the session is a cookie (`"session": "cookie"`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub token: Option<String>,
    pub me: Me,
}

/// What the sign-in screen offers (`GET /auth/methods`).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SignInMethods {
    /// Demo mode: one-click demo accounts (`GET /auth/demo-accounts`).
    pub demo: bool,
    /// Sign-in with a code or link sent by email (always offered).
    pub email: bool,
    /// The OpenID Connect provider, when configured: start at
    /// `GET /auth/oidc/start?return_to=/path` (a browser navigation).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sso: Option<SsoMethod>,
}

/// An enterprise sign-in provider, as the sign-in screen names it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SsoMethod {
    /// E.g. `Company SSO`: the button reads "Continue with Company SSO".
    pub name: String,
}

/// The language of a message sent to a person.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum Language {
    #[default]
    En,
    Fr,
}

/// `POST /auth/email/start`: sends a one-time code and link to the address.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct EmailSignInStart {
    pub email: String,
    /// The language of the message (the screen's).
    #[serde(default)]
    pub language: Language,
}

/// The answer to `POST /auth/email/start`: the same whether or not the
/// address has an account.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct EmailSignInStarted {
    /// When the code and the link stop working (10 minutes).
    #[cfg_attr(feature = "openapi", schema(value_type = String, format = DateTime))]
    pub expires_at: crate::time::Timestamp,
}

/// `POST /auth/email/verify`: the 6-digit code from the message.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct EmailCodeSignIn {
    pub email: String,
    pub code: String,
    #[serde(default)]
    pub session: SessionKind,
}

/// `POST /auth/email/link`: the token of the emailed link. Opened on another
/// device or browser than the one that asked, it answers 409
/// `sign_in_confirm_device` until sent again with `confirm: true`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct EmailLinkSignIn {
    pub token: String,
    #[serde(default)]
    pub confirm: bool,
    #[serde(default)]
    pub session: SessionKind,
}

/// An account offered on the demo sign-in screen (`GET /auth/demo-accounts`).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct DemoAccount {
    pub email: String,
    pub display_name: String,
    /// What this account shows off, in one sentence.
    pub description: String,
}

// ---------------------------------------------------------------- permissions

/// What a member may do in an organization. The set is fixed.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum Permission {
    ManageMembers,
    ManageOrganization,
    ManageBilling,
    ViewMembers,
    CreateProjects,
    ViewAllProjects,
    ApiAccess,
}

impl Permission {
    /// Every permission, in catalogue order.
    pub const ALL: [Permission; 7] = [
        Permission::ManageMembers,
        Permission::ManageOrganization,
        Permission::ManageBilling,
        Permission::ViewMembers,
        Permission::CreateProjects,
        Permission::ViewAllProjects,
        Permission::ApiAccess,
    ];

    /// The name used in JSON and in the database.
    pub fn as_str(self) -> &'static str {
        match self {
            Permission::ManageMembers => "manage_members",
            Permission::ManageOrganization => "manage_organization",
            Permission::ManageBilling => "manage_billing",
            Permission::ViewMembers => "view_members",
            Permission::CreateProjects => "create_projects",
            Permission::ViewAllProjects => "view_all_projects",
            Permission::ApiAccess => "api_access",
        }
    }

    pub fn parse(s: &str) -> Option<Permission> {
        Permission::ALL.into_iter().find(|p| p.as_str() == s)
    }

    /// English label, as the catalogue endpoint serves it.
    pub fn label(self) -> &'static str {
        match self {
            Permission::ManageMembers => "Manage members",
            Permission::ManageOrganization => "Manage organization",
            Permission::ManageBilling => "Manage billing",
            Permission::ViewMembers => "View members",
            Permission::CreateProjects => "Create projects",
            Permission::ViewAllProjects => "View all projects",
            Permission::ApiAccess => "API access",
        }
    }

    /// English description, as the catalogue endpoint serves it.
    pub fn description(self) -> &'static str {
        match self {
            Permission::ManageMembers => "Invite, edit and remove members, and manage groups.",
            Permission::ManageOrganization => "Edit the organization's details.",
            Permission::ManageBilling => "See invoices and change payment details.",
            Permission::ViewMembers => "See who belongs to the organization.",
            Permission::CreateProjects => "Create new projects in the organization.",
            Permission::ViewAllProjects => "See every project, not only their own.",
            Permission::ApiAccess => "Create API keys and call the API.",
        }
    }
}

/// One entry of `GET /permissions`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PermissionInfo {
    pub permission: Permission,
    pub label: String,
    pub description: String,
}

// ---------------------------------------------------------------- organizations

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum OrganizationStatus {
    Active,
    Locked,
}

/// Who locked an organization.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum LockedBy {
    Partner,
    Platform,
}

/// A customer organization.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Organization {
    pub id: Uuid,
    pub name: String,
    /// The owner's email.
    pub email: String,
    pub status: OrganizationStatus,
    pub owner_firstname: String,
    pub owner_lastname: String,
    pub phone_number: Option<String>,
    pub siren_number: Option<String>,
    pub customer_id: Option<String>,
    pub comment: Option<String>,
    pub picture_link: Option<String>,
    #[cfg_attr(feature = "openapi", schema(value_type = String, format = DateTime))]
    pub created_at: Timestamp,
    pub lock_reason_message: Option<String>,
    pub locked_by: Option<LockedBy>,
    #[cfg_attr(feature = "openapi", schema(value_type = Option<String>, format = DateTime))]
    pub locked_at: Option<Timestamp>,
    pub member_count: u64,
    /// What the signed-in account may do here (a managing partner holds all).
    pub my_permissions: Vec<Permission>,
}

/// Filters of `GET /organizations` (with [`PageParams`]; `order_by` one of
/// `name`, `created_at`, `email`, `customer_id`, `status`, each optionally `-`).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::IntoParams, utoipa::ToSchema))]
pub struct OrganizationFilters {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub status: Option<OrganizationStatus>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub email: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub customer_id: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub locked_by: Option<LockedBy>,
    /// Matches name, owner email or customer id.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub search: Option<String>,
}

/// `POST /organizations`.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct CreateOrganization {
    pub name: String,
    pub email: String,
    pub owner_firstname: String,
    pub owner_lastname: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub phone_number: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub siren_number: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub customer_id: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub comment: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub picture_link: Option<String>,
}

/// `PATCH /organizations/{id}`: only the fields present change; for the
/// optional fields an empty string clears the value.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct UpdateOrganization {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// The owner's email: only the current one is accepted (422
    /// `owner_transfer_required` otherwise); the owner changes through
    /// `POST /organizations/{id}/transfer-ownership`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub email: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub owner_firstname: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub owner_lastname: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub phone_number: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub siren_number: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub customer_id: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub comment: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub picture_link: Option<String>,
}

/// `POST /organizations/{id}/lock`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct LockOrganization {
    pub reason: String,
}

/// `POST /organizations/{id}/transfer-ownership`: makes a member the owner.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct TransferOwnership {
    /// The member (account id) who becomes the owner.
    pub user_id: Uuid,
}

// ---------------------------------------------------------------- tags and groups

/// A key/value label on a member. Rules: [`crate::rules::tags`].
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Tag {
    pub key: String,
    pub value: String,
}

/// A group of an organization.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Group {
    pub id: Uuid,
    pub name: String,
    pub description: Option<String>,
    pub member_count: u64,
}

/// A group named inside another resource.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct GroupRef {
    pub id: Uuid,
    pub name: String,
}

/// `POST /organizations/{id}/groups`.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct CreateGroup {
    pub name: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
}

// ---------------------------------------------------------------- members

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum MemberType {
    Owner,
    Member,
}

/// A member of an organization; `id` is the member's account id.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Member {
    pub id: Uuid,
    pub email: String,
    pub display_name: String,
    #[serde(rename = "type")]
    pub member_type: MemberType,
    pub groups: Vec<GroupRef>,
    pub tags: Vec<Tag>,
    pub permissions: Vec<Permission>,
    /// When the account joined the organization.
    #[cfg_attr(feature = "openapi", schema(value_type = String, format = DateTime))]
    pub created_at: Timestamp,
    #[cfg_attr(feature = "openapi", schema(value_type = Option<String>, format = DateTime))]
    pub last_login_at: Option<Timestamp>,
}

/// Filters of `GET /organizations/{id}/users` (with [`PageParams`]; `order_by`
/// one of `email`, `display_name`, `created_at`, `last_login_at`, each optionally `-`).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::IntoParams, utoipa::ToSchema))]
pub struct MemberFilters {
    /// Matches email or display name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub search: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub group_id: Option<Uuid>,
    /// A tag as `key:value`, or `key` alone for any value.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tag: Option<String>,
    #[serde(default, rename = "type", skip_serializing_if = "Option::is_none")]
    pub member_type: Option<MemberType>,
}

/// `PATCH /organizations/{id}/users/{user_id}`: only the fields present change.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct UpdateMember {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tags: Option<Vec<Tag>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub group_ids: Option<Vec<Uuid>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub permissions: Option<Vec<Permission>>,
}

/// A set of members for a bulk action
/// (`POST /organizations/{id}/groups/{group_id}/members`,
/// `POST /organizations/{id}/users/remove`).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct MemberIds {
    pub user_ids: Vec<Uuid>,
}

/// How many members a bulk action changed.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct BulkResult {
    pub affected: u64,
}

/// Distinct tag keys used in an organization (`GET /organizations/{id}/tag-keys`),
/// for suggestions in the tag editor.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct TagKeys {
    pub keys: Vec<String>,
}

// ---------------------------------------------------------------- invitations

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum InvitationStatus {
    Pending,
    Accepted,
    Declined,
    Expired,
    Revoked,
}

/// How long an invitation stays valid after it was (re)sent.
pub const INVITATION_TTL_SECONDS: i64 = 3 * 24 * 60 * 60;

/// An invitation to join an organization.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Invitation {
    pub id: Uuid,
    pub organization_id: Uuid,
    pub organization_name: String,
    pub email: String,
    pub status: InvitationStatus,
    pub groups: Vec<GroupRef>,
    pub tags: Vec<Tag>,
    pub permissions: Vec<Permission>,
    pub invited_by: AccountRef,
    /// When it was last sent (creation or resend).
    #[cfg_attr(feature = "openapi", schema(value_type = String, format = DateTime))]
    pub sent_at: Timestamp,
    #[cfg_attr(feature = "openapi", schema(value_type = String, format = DateTime))]
    pub expires_at: Timestamp,
    #[cfg_attr(feature = "openapi", schema(value_type = Option<String>, format = DateTime))]
    pub responded_at: Option<Timestamp>,
    #[cfg_attr(feature = "openapi", schema(value_type = String, format = DateTime))]
    pub created_at: Timestamp,
    /// The accept link, exposed only by a server in demo mode.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub link: Option<String>,
    /// Whether the latest message (invitation or reminder) reached the mail server.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub delivery: Option<DeliveryStatus>,
    /// Why it did not, as the mail server said (with `delivery: failed`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub delivery_error: Option<String>,
}

/// Where an outgoing message stands.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum DeliveryStatus {
    /// Handed to the mail server's queue, no answer yet.
    Sending,
    /// The mail server took it.
    Delivered,
    /// The mail server refused it or could not be reached: send it again.
    Failed,
}

impl DeliveryStatus {
    pub const ALL: [DeliveryStatus; 3] = [
        DeliveryStatus::Sending,
        DeliveryStatus::Delivered,
        DeliveryStatus::Failed,
    ];

    /// The name used in JSON and in the database.
    pub fn as_str(self) -> &'static str {
        match self {
            DeliveryStatus::Sending => "sending",
            DeliveryStatus::Delivered => "delivered",
            DeliveryStatus::Failed => "failed",
        }
    }

    pub fn parse(s: &str) -> Option<DeliveryStatus> {
        DeliveryStatus::ALL.into_iter().find(|d| d.as_str() == s)
    }
}

/// `POST /organizations/{id}/invitations` (header `Idempotency-Key`;
/// `?dry_run=true` answers the same without writing).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct CreateInvitations {
    pub emails: Vec<String>,
    #[serde(default)]
    pub group_ids: Vec<Uuid>,
    #[serde(default)]
    pub tags: Vec<Tag>,
    #[serde(default)]
    pub permissions: Vec<Permission>,
}

/// Query of `POST /organizations/{id}/invitations`.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::IntoParams, utoipa::ToSchema))]
pub struct InviteParams {
    #[serde(default)]
    pub dry_run: bool,
}

/// What happened (or, in a dry run, would happen) to one address.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum InviteOutcome {
    Invited,
    AlreadyMember,
    AlreadyInvited,
    Invalid,
}

/// The answer for one address of an invitation batch.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct InviteResult {
    /// The address as normalized (trimmed, lower-cased), or as given when invalid.
    pub email: String,
    pub outcome: InviteOutcome,
    /// The new invitation (`invited`, absent in a dry run) or the existing one (`already_invited`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub invitation: Option<Invitation>,
    /// The member's account id (`already_member`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub member_id: Option<Uuid>,
    /// Why the address was rejected (`invalid`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reason: Option<String>,
}

/// Answer of `POST /organizations/{id}/invitations`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct InviteResponse {
    pub dry_run: bool,
    pub results: Vec<InviteResult>,
}

/// Filters of `GET /organizations/{id}/invitations` (with [`PageParams`];
/// `order_by` one of `email`, `sent_at`, `expires_at`, `status`, each optionally `-`).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::IntoParams, utoipa::ToSchema))]
pub struct InvitationFilters {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub status: Option<InvitationStatus>,
    /// Matches the invited email.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub search: Option<String>,
}

/// `POST /invitations/lookup`, `/invitations/accept`, `/invitations/decline`:
/// the token from an emailed link.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct InvitationToken {
    pub token: String,
}

/// Answer of an accept: the invitation, now accepted, and the organization joined.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AcceptResponse {
    pub invitation: Invitation,
    pub organization: Organization,
}

// ---------------------------------------------------------------- demo-only endpoints

/// A message of the outbox (`GET /dev/outbox`, demo mode only).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct OutboxMessage {
    pub id: Uuid,
    pub to: String,
    pub subject: String,
    pub body: String,
    /// The invitation link the message carries.
    pub link: Option<String>,
    pub invitation_id: Option<Uuid>,
    #[cfg_attr(feature = "openapi", schema(value_type = String, format = DateTime))]
    pub created_at: Timestamp,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub delivery: Option<DeliveryStatus>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub delivery_error: Option<String>,
}

/// `POST /dev/clock` (demo mode only): move the server's clock forward, for expiry tests.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct AdvanceClock {
    pub seconds: i64,
}

/// The server's current time as its clock sees it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ClockState {
    #[cfg_attr(feature = "openapi", schema(value_type = String, format = DateTime))]
    pub now: Timestamp,
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde::de::DeserializeOwned;
    use serde_json::{json, Value};

    #[test]
    fn delivery_names_are_serde_names() {
        for d in DeliveryStatus::ALL {
            assert_eq!(serde_json::to_value(d).ok(), Some(json!(d.as_str())));
            assert_eq!(DeliveryStatus::parse(d.as_str()), Some(d));
        }
        assert_eq!(DeliveryStatus::parse("lost"), None);
    }

    /// `valid` deserializes; with one more field it does not, and the error names it.
    fn refuses_unknown<T: DeserializeOwned>(valid: Value) {
        let name = std::any::type_name::<T>();
        serde_json::from_value::<T>(valid.clone()).unwrap_or_else(|e| panic!("{name}: {e}"));
        let mut typo = valid;
        typo.as_object_mut()
            .unwrap()
            .insert("group_id".into(), json!([]));
        let error = serde_json::from_value::<T>(typo)
            .err()
            .unwrap_or_else(|| panic!("{name} accepted an unknown field"));
        assert!(
            error.to_string().contains("unknown field `group_id`"),
            "{name}: {error}"
        );
    }

    #[test]
    fn every_request_body_refuses_unknown_fields() {
        let id = "6f1c2a52-7a43-4c55-9a3e-0d6c3f3b2a10";
        refuses_unknown::<DemoSignInRequest>(json!({"email": "a@b.co"}));
        refuses_unknown::<CreateOrganization>(json!({
            "name": "Acme", "email": "a@b.co", "owner_firstname": "A", "owner_lastname": "B"
        }));
        refuses_unknown::<UpdateOrganization>(json!({}));
        refuses_unknown::<LockOrganization>(json!({"reason": "Unpaid"}));
        refuses_unknown::<CreateGroup>(json!({"name": "Sales"}));
        refuses_unknown::<UpdateMember>(json!({"group_ids": [id]}));
        refuses_unknown::<MemberIds>(json!({"user_ids": [id]}));
        refuses_unknown::<CreateInvitations>(json!({"emails": ["a@b.co"]}));
        refuses_unknown::<InvitationToken>(json!({"token": "t"}));
        refuses_unknown::<AdvanceClock>(json!({"seconds": 60}));
        // `Tag` is also part of answers (members, invitations), so it stays
        // lenient: an extra field inside a tag is ignored, not refused.
        serde_json::from_value::<UpdateMember>(
            json!({"tags": [{"key": "k", "value": "v", "colour": "red"}]}),
        )
        .expect("tags are shared with answers");
    }

    #[test]
    fn answers_tolerate_fields_a_newer_server_adds() {
        let me: Me = serde_json::from_value(json!({
            "id": "6f1c2a52-7a43-4c55-9a3e-0d6c3f3b2a10",
            "email": "a@b.co",
            "display_name": "A",
            "kind": "user",
            "pending_invitation_count": 0,
            "added_in_a_later_version": true
        }))
        .expect("lenient");
        assert_eq!(me.email, "a@b.co");
        let page: Page<BulkResult> = serde_json::from_value(json!({
            "items": [{"affected": 1, "new": 1}],
            "total_count": 1, "page": 1, "page_size": 25, "next": null
        }))
        .expect("lenient");
        assert_eq!(page.items[0].affected, 1);
    }
}
