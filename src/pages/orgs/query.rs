//! The directory's view state, to and from key/value pairs (the URL query).

use roster_api::{
    LockedBy, OrganizationFilters, OrganizationStatus, PageParams, DEFAULT_PAGE_SIZE,
};

use crate::state::view_query::{
    get, page_params, put_paging, read_page, read_page_size, read_sort, QueryPairs,
};

/// Sort when none is chosen.
pub const DEFAULT_ORDER: &str = "name";

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DirectoryQuery {
    pub search: String,
    pub status: Option<OrganizationStatus>,
    pub email: String,
    pub customer_id: String,
    pub locked_by: Option<LockedBy>,
    pub order_by: String,
    pub page: u32,
    pub page_size: u32,
}

impl Default for DirectoryQuery {
    fn default() -> Self {
        DirectoryQuery {
            search: String::new(),
            status: None,
            email: String::new(),
            customer_id: String::new(),
            locked_by: None,
            order_by: DEFAULT_ORDER.to_owned(),
            page: 1,
            page_size: DEFAULT_PAGE_SIZE,
        }
    }
}

pub fn parse_status(s: &str) -> Option<OrganizationStatus> {
    match s {
        "active" => Some(OrganizationStatus::Active),
        "locked" => Some(OrganizationStatus::Locked),
        _ => None,
    }
}

pub fn parse_locked_by(s: &str) -> Option<LockedBy> {
    match s {
        "partner" => Some(LockedBy::Partner),
        "platform" => Some(LockedBy::Platform),
        _ => None,
    }
}

const SORTABLE: [&str; 5] = ["name", "created_at", "email", "customer_id", "status"];

impl DirectoryQuery {
    /// Reads the pairs, ignoring anything unknown or out of range.
    pub fn from_pairs(pairs: &[(String, String)]) -> Self {
        let text = |k: &str| {
            get(pairs, k)
                .map(|v| v.trim().to_owned())
                .unwrap_or_default()
        };
        let order_by = read_sort(pairs, &SORTABLE, DEFAULT_ORDER);
        DirectoryQuery {
            search: text("q"),
            status: get(pairs, "status").and_then(parse_status),
            email: text("email"),
            customer_id: text("customer_id"),
            locked_by: get(pairs, "locked_by").and_then(parse_locked_by),
            order_by,
            page: read_page(pairs),
            page_size: read_page_size(pairs),
        }
    }

    /// The pairs, leaving out defaults so that URLs stay short.
    pub fn to_pairs(&self) -> QueryPairs {
        let mut out = QueryPairs::new();
        let mut put = |k: &str, v: String| out.push((k.to_owned(), v));
        if !self.search.is_empty() {
            put("q", self.search.clone());
        }
        if let Some(s) = self.status {
            put(
                "status",
                crate::api::organizations::status_str(s).to_owned(),
            );
        }
        if !self.email.is_empty() {
            put("email", self.email.clone());
        }
        if !self.customer_id.is_empty() {
            put("customer_id", self.customer_id.clone());
        }
        if let Some(l) = self.locked_by {
            put(
                "locked_by",
                crate::api::organizations::locked_by_str(l).to_owned(),
            );
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

    /// Whether any filter or search narrows the list.
    pub fn is_filtered(&self) -> bool {
        !self.search.is_empty()
            || self.status.is_some()
            || !self.email.is_empty()
            || !self.customer_id.is_empty()
            || self.locked_by.is_some()
    }

    /// The same filters from the first page: any change of filter restarts paging.
    pub fn refiltered(mut self, f: impl FnOnce(&mut DirectoryQuery)) -> Self {
        f(&mut self);
        self.page = 1;
        self
    }

    pub fn page_params(&self) -> PageParams {
        page_params(&self.order_by, self.page, self.page_size)
    }

    pub fn filters(&self) -> OrganizationFilters {
        let some = |s: &str| Some(s.to_owned()).filter(|s| !s.is_empty());
        OrganizationFilters {
            status: self.status,
            email: some(&self.email),
            customer_id: some(&self.customer_id),
            locked_by: self.locked_by,
            search: some(&self.search),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pairs(p: &[(&str, &str)]) -> QueryPairs {
        p.iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect()
    }

    #[test]
    fn defaults_make_no_pairs() {
        assert_eq!(DirectoryQuery::default().to_pairs(), QueryPairs::new());
        assert_eq!(DirectoryQuery::from_pairs(&[]), DirectoryQuery::default());
    }

    #[test]
    fn round_trip() {
        let q = DirectoryQuery {
            search: "acme".into(),
            status: Some(OrganizationStatus::Locked),
            email: "a@b.c".into(),
            customer_id: "C-1".into(),
            locked_by: Some(LockedBy::Partner),
            order_by: "-created_at".into(),
            page: 3,
            page_size: 50,
        };
        assert_eq!(DirectoryQuery::from_pairs(&q.to_pairs()), q);
    }

    #[test]
    fn nonsense_is_ignored() {
        let q = DirectoryQuery::from_pairs(&pairs(&[
            ("status", "weird"),
            ("sort", "-password"),
            ("page", "0"),
            ("size", "5000"),
            ("locked_by", "x"),
        ]));
        assert_eq!(q, DirectoryQuery::default());
    }

    #[test]
    fn refiltering_goes_back_to_page_one() {
        let q = DirectoryQuery {
            page: 4,
            ..Default::default()
        };
        let r = q.refiltered(|q| q.search = "x".into());
        assert_eq!(r.page, 1);
        assert!(r.is_filtered());
        assert_eq!(r.filters().search.as_deref(), Some("x"));
        assert_eq!(r.filters().email, None);
    }
}
