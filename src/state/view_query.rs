//! View state of a screen (search, filters, sort, page) as key/value pairs.
//! The standalone app keeps them in the URL query, so that a view can be
//! bookmarked and survives reload and back/forward; a host's widget keeps
//! them in memory. Screens read and write typed views of these pairs.

use std::rc::Rc;

use leptos::prelude::*;

use roster_api::{PageParams, DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE};

use crate::api::client::encode_component;

/// Ordered key/value pairs of a view.
pub type QueryPairs = Vec<(String, String)>;

type SetFn = Rc<dyn Fn(QueryPairs, bool)>;

/// The view state (context).
#[derive(Clone, Copy)]
pub struct ViewQuery {
    pub pairs: Signal<QueryPairs>,
    set: StoredValue<SetFn, LocalStorage>,
}

impl ViewQuery {
    /// `set(pairs, replace)`: `replace` for changes that should not make a
    /// history entry of their own (typing in a search box).
    pub fn new(pairs: Signal<QueryPairs>, set: impl Fn(QueryPairs, bool) + 'static) -> Self {
        ViewQuery {
            pairs,
            set: StoredValue::new_local(Rc::new(set)),
        }
    }

    /// A view state that lives in memory only (embedded widgets, tests).
    pub fn in_memory() -> Self {
        let pairs = RwSignal::new(QueryPairs::new());
        ViewQuery::new(pairs.into(), move |p, _| pairs.set(p))
    }

    pub fn set(&self, pairs: QueryPairs, replace: bool) {
        if self.pairs.get_untracked() != pairs {
            (self.set.get_value())(pairs, replace);
        }
    }
}

pub fn use_view_query() -> ViewQuery {
    use_context::<ViewQuery>().unwrap_or_else(|| {
        let q = ViewQuery::in_memory();
        provide_context(q);
        q
    })
}

/// `?a=1&b=x%20y` from pairs (empty when there are none).
pub fn to_query_string(pairs: &[(String, String)]) -> String {
    let mut out = String::new();
    for (i, (k, v)) in pairs.iter().enumerate() {
        out.push(if i == 0 { '?' } else { '&' });
        out.push_str(&encode_component(k));
        out.push('=');
        out.push_str(&encode_component(v));
    }
    out
}

/// Pairs from `location.search` (`?a=1&b=x+y`, or `""`), decoded as
/// `application/x-www-form-urlencoded` like `URLSearchParams` does.
pub fn parse_query(search: &str) -> QueryPairs {
    search
        .strip_prefix('?')
        .unwrap_or(search)
        .split('&')
        .filter(|p| !p.is_empty())
        .map(|p| {
            let (k, v) = p.split_once('=').unwrap_or((p, ""));
            (decode_component(k), decode_component(v))
        })
        .collect()
}

/// `+` is a space, `%XX` a byte; a `%` not followed by two hex digits stays.
fn decode_component(s: &str) -> String {
    let b = s.as_bytes();
    let hex = |i: usize| b.get(i).and_then(|&c| (c as char).to_digit(16));
    let mut out = Vec::with_capacity(b.len());
    let mut i = 0;
    while i < b.len() {
        match (b[i], hex(i + 1), hex(i + 2)) {
            (b'+', _, _) => out.push(b' '),
            (b'%', Some(h), Some(l)) => {
                out.push((h * 16 + l) as u8);
                i += 2;
            }
            (c, _, _) => out.push(c),
        }
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// The value of `key` in `pairs`.
pub fn get<'a>(pairs: &'a [(String, String)], key: &str) -> Option<&'a str> {
    pairs
        .iter()
        .find(|(k, _)| k == key)
        .map(|(_, v)| v.as_str())
}

/// `sort` of a list view: one of `sortable`, `-` first for descending;
/// `default` when absent or unknown.
pub fn read_sort(pairs: &[(String, String)], sortable: &[&str], default: &str) -> String {
    get(pairs, "sort")
        .filter(|o| sortable.contains(&o.trim_start_matches('-')))
        .unwrap_or(default)
        .to_owned()
}

/// `page` of a list view, from 1.
pub fn read_page(pairs: &[(String, String)]) -> u32 {
    get(pairs, "page")
        .and_then(|p| p.parse().ok())
        .filter(|p| *p >= 1)
        .unwrap_or(1)
}

/// `size` of a list view: 1 to the server's largest page, else the default.
pub fn read_page_size(pairs: &[(String, String)]) -> u32 {
    get(pairs, "size")
        .and_then(|p| p.parse().ok())
        .filter(|p| (1..=MAX_PAGE_SIZE).contains(p))
        .unwrap_or(DEFAULT_PAGE_SIZE)
}

/// Writes a list view's `sort`, `page` and `size`, leaving out defaults so
/// that URLs stay short.
pub fn put_paging(
    out: &mut QueryPairs,
    order_by: &str,
    default_order: &str,
    page: u32,
    page_size: u32,
) {
    if order_by != default_order {
        out.push(("sort".to_owned(), order_by.to_owned()));
    }
    if page != 1 {
        out.push(("page".to_owned(), page.to_string()));
    }
    if page_size != DEFAULT_PAGE_SIZE {
        out.push(("size".to_owned(), page_size.to_string()));
    }
}

/// The API's paging parameters of a list view.
pub fn page_params(order_by: &str, page: u32, page_size: u32) -> PageParams {
    PageParams {
        page: Some(page),
        page_size: Some(page_size),
        order_by: Some(order_by.to_owned()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn query_string_encodes_keys_and_values() {
        let pairs = vec![
            ("q".to_owned(), "a b&c".to_owned()),
            ("page".to_owned(), "2".to_owned()),
        ];
        assert_eq!(to_query_string(&pairs), "?q=a%20b%26c&page=2");
        assert_eq!(to_query_string(&[]), "");
        assert_eq!(get(&pairs, "page"), Some("2"));
        assert_eq!(get(&pairs, "x"), None);
    }

    #[test]
    fn query_string_parses_like_url_search_params() {
        let pairs = vec![
            ("q".to_owned(), "a b&c".to_owned()),
            ("page".to_owned(), "2".to_owned()),
        ];
        assert_eq!(parse_query(&to_query_string(&pairs)), pairs);
        assert_eq!(parse_query(""), vec![]);
        assert_eq!(parse_query("?"), vec![]);
        let p = |k: &str, v: &str| (k.to_owned(), v.to_owned());
        assert_eq!(
            parse_query("?q=x+y&flag&&e=%C3%A9t%C3%A9&bad=%zz%4"),
            vec![
                p("q", "x y"),
                p("flag", ""),
                p("e", "été"),
                p("bad", "%zz%4")
            ]
        );
        assert_eq!(parse_query("a=1=2"), vec![p("a", "1=2")]);
    }
}
