//! Paging and ordering of list endpoints.

use roster_api::{FieldError, Page};
use roster_api::{PageParams, DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE};

use crate::problem::{ApiError, ApiResult};

/// A checked page request.
#[derive(Clone, Copy, Debug)]
pub struct Paging {
    pub page: u32,
    pub page_size: u32,
}

impl Paging {
    pub fn limit(&self) -> i64 {
        i64::from(self.page_size)
    }

    pub fn offset(&self) -> i64 {
        i64::from(self.page - 1) * i64::from(self.page_size)
    }

    pub fn wrap<T>(&self, items: Vec<T>, total_count: u64) -> Page<T> {
        Page {
            items,
            total_count,
            page: self.page,
            page_size: self.page_size,
        }
    }
}

/// A checked `order_by`: a column this endpoint allows, and a direction.
#[derive(Clone, Copy, Debug)]
pub struct Order {
    pub field: &'static str,
    pub column: &'static str,
    pub descending: bool,
}

impl Order {
    /// The direction for ORDER BY, with NULLs (never signed in, no customer
    /// id) first going up and last going down on every backend: SQLite's
    /// own order, spelled out for PostgreSQL, and still served by the indexes.
    pub fn direction(&self) -> &'static str {
        if self.descending {
            "DESC NULLS LAST"
        } else {
            "ASC NULLS FIRST"
        }
    }
}

/// Checks `page` (from 1) and `page_size` (1 to [`MAX_PAGE_SIZE`]) and
/// `order_by` against `fields` (public name, SQL column); `default` is used
/// when no order is asked and may start with `-`.
pub fn parse(
    params: &PageParams,
    fields: &[(&'static str, &'static str)],
    default: &str,
) -> ApiResult<(Paging, Order)> {
    let mut errors = Vec::new();
    let page = params.page.unwrap_or(1);
    if page == 0 {
        errors.push(FieldError::new(
            "page",
            "out_of_range",
            "Pages count from 1.",
        ));
    }
    let page_size = params.page_size.unwrap_or(DEFAULT_PAGE_SIZE);
    if page_size == 0 || page_size > MAX_PAGE_SIZE {
        errors.push(FieldError::new(
            "page_size",
            "out_of_range",
            format!("The page size must be between 1 and {MAX_PAGE_SIZE}."),
        ));
    }
    let asked = params
        .order_by
        .as_deref()
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .unwrap_or(default);
    let (descending, name) = match asked.strip_prefix('-') {
        Some(rest) => (true, rest),
        None => (false, asked),
    };
    let order = fields
        .iter()
        .find(|(field, _)| *field == name)
        .map(|(field, column)| Order {
            field,
            column,
            descending,
        });
    if order.is_none() {
        let allowed: Vec<&str> = fields.iter().map(|(f, _)| *f).collect();
        errors.push(FieldError::new(
            "order_by",
            "unknown_field",
            format!(
                "Cannot sort by \"{name}\". Sort by one of: {}.",
                allowed.join(", ")
            ),
        ));
    }
    match order {
        Some(order) if errors.is_empty() => Ok((Paging { page, page_size }, order)),
        _ => Err(ApiError::validation(errors)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const FIELDS: &[(&str, &str)] = &[("name", "name_lower"), ("created_at", "created_at")];

    fn params(page: Option<u32>, size: Option<u32>, order: Option<&str>) -> PageParams {
        PageParams {
            page,
            page_size: size,
            order_by: order.map(str::to_owned),
        }
    }

    #[test]
    fn defaults() {
        let (p, o) = parse(&params(None, None, None), FIELDS, "-created_at").expect("valid");
        assert_eq!((p.page, p.page_size, p.offset()), (1, 25, 0));
        assert_eq!((o.column, o.descending), ("created_at", true));
    }

    #[test]
    fn rejects_bad_values_with_field_errors() {
        let err =
            parse(&params(Some(0), Some(101), Some("nope")), FIELDS, "name").expect_err("invalid");
        let fields: Vec<&str> = err
            .problem
            .errors
            .iter()
            .map(|e| e.field.as_str())
            .collect();
        assert_eq!(fields, ["page", "page_size", "order_by"]);
    }

    #[test]
    fn offset_of_later_pages() {
        let (p, o) =
            parse(&params(Some(3), Some(100), Some("name")), FIELDS, "name").expect("valid");
        assert_eq!(p.offset(), 200);
        assert!(!o.descending);
    }
}
