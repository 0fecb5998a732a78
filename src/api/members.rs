//! Members of an organization.

use roster_api::{Member, MemberFilters, MemberType, Page, PageParams};
use uuid::Uuid;

use super::{page_query, ApiClient, ApiError};

/// `GET /organizations/{id}/users`: one page of members.
pub async fn list(
    api: &ApiClient,
    org_id: Uuid,
    page: &PageParams,
    filters: &MemberFilters,
) -> Result<Page<Member>, ApiError> {
    let query = page_query(page)
        .opt("search", filters.search.as_deref())
        .opt("group_id", filters.group_id)
        .opt("tag", filters.tag.as_deref())
        .opt(
            "type",
            filters.member_type.map(|t| match t {
                MemberType::Owner => "owner",
                MemberType::Member => "member",
            }),
        );
    api.get(&format!("/organizations/{org_id}/users"), &query)
        .await
}
