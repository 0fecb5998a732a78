//! Members of an organization.

use roster_api::{
    BulkResult, Member, MemberFilters, MemberIds, MemberType, Page, PageParams, TagKeys,
    UpdateMember,
};
use uuid::Uuid;

use super::{page_query, ApiClient, ApiError, Query};

pub(crate) fn type_str(t: MemberType) -> &'static str {
    match t {
        MemberType::Owner => "owner",
        MemberType::Member => "member",
    }
}

fn filter_query(query: Query, filters: &MemberFilters) -> Query {
    query
        .opt("search", filters.search.as_deref())
        .opt("group_id", filters.group_id)
        .opt("tag", filters.tag.as_deref())
        .opt("type", filters.member_type.map(type_str))
}

/// `GET /organizations/{id}/users`: one page of members.
pub async fn list(
    api: &ApiClient,
    org_id: Uuid,
    page: &PageParams,
    filters: &MemberFilters,
) -> Result<Page<Member>, ApiError> {
    let query = filter_query(page_query(page), filters);
    api.get(&format!("/organizations/{org_id}/users"), &query)
        .await
}

/// `GET /organizations/{id}/users/export`: every member matching the filters, as CSV.
pub async fn export_csv(
    api: &ApiClient,
    org_id: Uuid,
    filters: &MemberFilters,
    order_by: &str,
) -> Result<String, ApiError> {
    let query = filter_query(Query::new().with("order_by", order_by), filters);
    api.get_text(&format!("/organizations/{org_id}/users/export"), &query)
        .await
}

/// `PATCH /organizations/{id}/users/{user_id}`: the member as saved.
pub async fn update(
    api: &ApiClient,
    org_id: Uuid,
    user_id: Uuid,
    body: &UpdateMember,
) -> Result<Member, ApiError> {
    api.send_json(
        "PATCH",
        &format!("/organizations/{org_id}/users/{user_id}"),
        Some(body),
    )
    .await
}

/// `POST /organizations/{id}/users/remove`: removes members (never the owner).
pub async fn remove(
    api: &ApiClient,
    org_id: Uuid,
    user_ids: Vec<Uuid>,
) -> Result<BulkResult, ApiError> {
    api.send_json(
        "POST",
        &format!("/organizations/{org_id}/users/remove"),
        Some(&MemberIds { user_ids }),
    )
    .await
}

/// `GET /organizations/{id}/tag-keys`: tag keys in use, for suggestions.
pub async fn tag_keys(api: &ApiClient, org_id: Uuid) -> Result<TagKeys, ApiError> {
    api.get(&format!("/organizations/{org_id}/tag-keys"), &Query::new())
        .await
}
