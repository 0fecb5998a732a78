//! The users table's view state, to and from key/value pairs (the URL query).

use roster_api::{MemberFilters, MemberType, PageParams, DEFAULT_PAGE_SIZE};
use uuid::Uuid;

use crate::api::members::type_str;
use crate::state::view_query::{
    get, page_params, put_paging, read_page, read_page_size, read_sort, QueryPairs,
};

/// Sort when none is chosen.
pub const DEFAULT_ORDER: &str = "email";

/// Columns the server sorts on.
const SORTABLE: [&str; 4] = ["email", "display_name", "created_at", "last_login_at"];

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct UsersQuery {
    pub search: String,
    pub group: Option<Uuid>,
    /// `key` or `key:value`.
    pub tag: String,
    pub member_type: Option<MemberType>,
    pub order_by: String,
    pub page: u32,
    pub page_size: u32,
}

impl Default for UsersQuery {
    fn default() -> Self {
        UsersQuery {
            search: String::new(),
            group: None,
            tag: String::new(),
            member_type: None,
            order_by: DEFAULT_ORDER.to_owned(),
            page: 1,
            page_size: DEFAULT_PAGE_SIZE,
        }
    }
}

pub fn parse_type(s: &str) -> Option<MemberType> {
    match s {
        "owner" => Some(MemberType::Owner),
        "member" => Some(MemberType::Member),
        _ => None,
    }
}

impl UsersQuery {
    /// Reads the pairs, ignoring anything unknown or out of range.
    pub fn from_pairs(pairs: &[(String, String)]) -> Self {
        let text = |k: &str| {
            get(pairs, k)
                .map(|v| v.trim().to_owned())
                .unwrap_or_default()
        };
        UsersQuery {
            search: text("q"),
            group: get(pairs, "group").and_then(|g| Uuid::parse_str(g).ok()),
            tag: text("tag"),
            member_type: get(pairs, "type").and_then(parse_type),
            order_by: read_sort(pairs, &SORTABLE, DEFAULT_ORDER),
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
        if let Some(g) = self.group {
            put("group", g.to_string());
        }
        if !self.tag.is_empty() {
            put("tag", self.tag.clone());
        }
        if let Some(t) = self.member_type {
            put("type", type_str(t).to_owned());
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
            || self.group.is_some()
            || !self.tag.is_empty()
            || self.member_type.is_some()
    }

    /// The same view from the first page: any change of filter restarts paging.
    pub fn refiltered(mut self, f: impl FnOnce(&mut UsersQuery)) -> Self {
        f(&mut self);
        self.page = 1;
        self
    }

    /// No search or filter; sort and page size kept.
    pub fn cleared(&self) -> Self {
        UsersQuery {
            order_by: self.order_by.clone(),
            page_size: self.page_size,
            ..Default::default()
        }
    }

    pub fn page_params(&self) -> PageParams {
        page_params(&self.order_by, self.page, self.page_size)
    }

    pub fn filters(&self) -> MemberFilters {
        let some = |s: &str| Some(s.to_owned()).filter(|s| !s.is_empty());
        MemberFilters {
            search: some(&self.search),
            group_id: self.group,
            tag: some(&self.tag),
            member_type: self.member_type,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn defaults_make_no_pairs() {
        assert_eq!(UsersQuery::default().to_pairs(), QueryPairs::new());
        assert_eq!(UsersQuery::from_pairs(&[]), UsersQuery::default());
    }

    #[test]
    fn round_trip() {
        let q = UsersQuery {
            search: "ann".into(),
            group: Some(Uuid::nil()),
            tag: "team:red".into(),
            member_type: Some(MemberType::Member),
            order_by: "-last_login_at".into(),
            page: 3,
            page_size: 50,
        };
        assert_eq!(UsersQuery::from_pairs(&q.to_pairs()), q);
        assert!(q.is_filtered());
        assert_eq!(q.cleared().order_by, "-last_login_at");
        assert!(!q.cleared().is_filtered());
    }

    #[test]
    fn nonsense_is_ignored() {
        let pairs: QueryPairs = [
            ("type", "admin"),
            ("sort", "-password"),
            ("page", "0"),
            ("size", "5000"),
            ("group", "not-a-uuid"),
        ]
        .iter()
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect();
        assert_eq!(UsersQuery::from_pairs(&pairs), UsersQuery::default());
    }

    #[test]
    fn refiltering_goes_back_to_page_one() {
        let q = UsersQuery {
            page: 4,
            ..Default::default()
        };
        let r = q.refiltered(|q| q.tag = "team".into());
        assert_eq!(r.page, 1);
        assert_eq!(r.filters().tag.as_deref(), Some("team"));
        assert_eq!(r.filters().search, None);
    }
}
