//! Relay pagination shared by every list: opaque cursors over a sort key, a bounded page
//! size, and the connection built from an engine page.

use async_graphql::connection::{Connection, CursorType, Edge, OpaqueCursor};
use baton_engine::Page;
use serde::Serialize;
use serde::de::DeserializeOwned;

use crate::error::{ApiError, bad_input};

/// The key an `after` cursor carries, refusing cursors this API did not give out.
pub(crate) fn decode_after<K>(after: Option<&str>) -> Result<Option<K>, ApiError>
where
    K: Serialize + DeserializeOwned + Send + Sync,
{
    after
        .map(|a| {
            OpaqueCursor::<K>::decode_cursor(a)
                .map(|c| c.0)
                .map_err(|_| bad_input("after", "is not a cursor this list gave out"))
        })
        .transpose()
}

/// The requested page size; the engine enforces its bounds.
pub(crate) fn page_size(first: Option<i32>) -> Result<Option<u64>, ApiError> {
    first
        .map(|f| u64::try_from(f).map_err(|_| bad_input("first", "must not be negative")))
        .transpose()
}

/// The default page size, when a list is asked for without `first`.
const DEFAULT_PAGE: usize = 20;
/// The largest page the engine serves.
const MAX_PAGE: usize = 100;

/// The complexity of a paged list field: its items' complexity times the page size asked
/// for (`first`, 20 by default; a size the engine refuses counts as its nearest bound), so
/// that `matters(first: 100) { ... }` costs a hundred matters' worth, not one.
pub(crate) fn page_cost(first: Option<i32>, child_complexity: usize) -> usize {
    let size = first.map_or(DEFAULT_PAGE, |f| {
        usize::try_from(f).unwrap_or(1).clamp(1, MAX_PAGE)
    });
    1 + size.saturating_mul(child_complexity)
}

/// A page of engine values as a Relay connection.
pub(crate) fn connection<T, K, N>(
    page: Page<T>,
    had_cursor: bool,
    key: impl Fn(&T) -> K,
    node: impl Fn(T) -> N,
) -> Connection<OpaqueCursor<K>, N>
where
    K: Serialize + DeserializeOwned + Send + Sync,
    N: async_graphql::OutputType,
{
    let mut conn = Connection::new(had_cursor, page.has_next);
    conn.edges.extend(
        page.items
            .into_iter()
            .map(|item| Edge::new(OpaqueCursor(key(&item)), node(item))),
    );
    conn
}
