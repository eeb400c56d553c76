//! Keyset pagination: a page is "the next `limit` rows after this key", never an offset.

use chrono::{DateTime, Utc};
use uuid::Uuid;

/// The sort key of a row: an instant, then the id to break ties.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Key {
    pub at: DateTime<Utc>,
    pub id: Uuid,
}

/// A window of rows and whether more follow.
#[derive(Debug, Clone)]
pub struct Page<T> {
    pub items: Vec<T>,
    pub has_next: bool,
}

impl<T> Page<T> {
    /// Rows fetched with `limit + 1`: the extra row only says that there is more.
    pub fn from_overfetch(mut items: Vec<T>, limit: u64) -> Self {
        let limit = usize::try_from(limit).unwrap_or(usize::MAX);
        let has_next = items.len() > limit;
        items.truncate(limit);
        Self { items, has_next }
    }
}

/// Rows after `key` in newest-first order of (`at`, `id`).
pub(crate) fn older_than<A, I>(at: A, id: I, key: Key) -> sea_orm::Condition
where
    A: sea_orm::ColumnTrait,
    I: sea_orm::ColumnTrait,
{
    sea_orm::Condition::any().add(at.lt(key.at)).add(
        sea_orm::Condition::all()
            .add(at.eq(key.at))
            .add(id.lt(key.id)),
    )
}
