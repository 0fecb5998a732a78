//! The only place that speaks HTTP. One typed async function per endpoint,
//! grouped by resource; every failure is an [`ApiError`].

pub mod auth;
pub mod client;
pub mod error;
pub mod groups;
pub mod invitations;
pub mod members;
pub mod organizations;
pub mod permissions;

pub use client::{
    use_api, use_api_config, ApiClient, ApiConfig, LatestRequest, Query, TokenRefresh,
    COOKIE_SESSION,
};
pub use error::ApiError;

/// Adds [`roster_api::PageParams`] to a query.
pub(crate) fn page_query(page: &roster_api::PageParams) -> Query {
    Query::new()
        .opt("page", page.page)
        .opt("page_size", page.page_size)
        .opt("order_by", page.order_by.as_deref())
}
