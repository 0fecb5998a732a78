//! The invitations list's view state, to and from key/value pairs (the URL query).

use roster_api::{InvitationFilters, InvitationStatus, PageParams, DEFAULT_PAGE_SIZE};

use crate::api::invitations::status_str;
use crate::state::view_query::{
    get, page_params, put_paging, read_page, read_page_size, read_sort, QueryPairs,
};

/// Newest first when no sort is chosen.
pub const DEFAULT_ORDER: &str = "-sent_at";
const SORTABLE: [&str; 4] = ["email", "sent_at", "expires_at", "status"];
/// The `status` value that lists every status (no value lists pending ones).
const ANY_STATUS: &str = "all";

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct InvitationsQuery {
    pub search: String,
    /// `None`: every status.
    pub status: Option<InvitationStatus>,
    pub order_by: String,
    pub page: u32,
    pub page_size: u32,
}

impl Default for InvitationsQuery {
    fn default() -> Self {
        InvitationsQuery {
            search: String::new(),
            status: Some(InvitationStatus::Pending),
            order_by: DEFAULT_ORDER.to_owned(),
            page: 1,
            page_size: DEFAULT_PAGE_SIZE,
        }
    }
}

/// A status from its wire name.
pub fn parse_status(s: &str) -> Option<InvitationStatus> {
    [
        InvitationStatus::Pending,
        InvitationStatus::Accepted,
        InvitationStatus::Declined,
        InvitationStatus::Expired,
        InvitationStatus::Revoked,
    ]
    .into_iter()
    .find(|st| status_str(*st) == s)
}

impl InvitationsQuery {
    /// Reads the pairs, ignoring anything unknown or out of range.
    pub fn from_pairs(pairs: &[(String, String)]) -> Self {
        let d = InvitationsQuery::default();
        InvitationsQuery {
            search: get(pairs, "q")
                .map(|v| v.trim().to_owned())
                .unwrap_or_default(),
            status: match get(pairs, "status") {
                Some(ANY_STATUS) => None,
                Some(s) => parse_status(s).or(d.status),
                None => d.status,
            },
            order_by: read_sort(pairs, &SORTABLE, DEFAULT_ORDER),
            page: read_page(pairs),
            page_size: read_page_size(pairs),
        }
    }

    /// The pairs, leaving out defaults so that URLs stay short.
    pub fn to_pairs(&self) -> QueryPairs {
        let d = InvitationsQuery::default();
        let mut out = QueryPairs::new();
        let mut put = |k: &str, v: &str| out.push((k.to_owned(), v.to_owned()));
        if !self.search.is_empty() {
            put("q", &self.search);
        }
        if self.status != d.status {
            put("status", self.status.map(status_str).unwrap_or(ANY_STATUS));
        }
        put_paging(
            &mut out,
            &self.order_by,
            DEFAULT_ORDER,
            self.page,
            self.page_size,
        );
        out
    }

    pub fn page_params(&self) -> PageParams {
        page_params(&self.order_by, self.page, self.page_size)
    }

    pub fn filters(&self) -> InvitationFilters {
        InvitationFilters {
            status: self.status,
            search: Some(self.search.clone()).filter(|s| !s.is_empty()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn defaults_make_no_pairs_and_list_pending() {
        assert_eq!(InvitationsQuery::default().to_pairs(), QueryPairs::new());
        let q = InvitationsQuery::from_pairs(&[]);
        assert_eq!(q.filters().status, Some(InvitationStatus::Pending));
    }

    #[test]
    fn round_trip() {
        for status in [None, Some(InvitationStatus::Expired)] {
            let q = InvitationsQuery {
                search: "a@b".into(),
                status,
                order_by: "expires_at".into(),
                page: 2,
                page_size: 50,
            };
            assert_eq!(InvitationsQuery::from_pairs(&q.to_pairs()), q);
        }
    }

    #[test]
    fn nonsense_is_ignored() {
        let pairs: QueryPairs = [
            ("status", "x"),
            ("sort", "token"),
            ("page", "0"),
            ("size", "500"),
        ]
        .iter()
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect();
        assert_eq!(
            InvitationsQuery::from_pairs(&pairs),
            InvitationsQuery::default()
        );
    }
}
