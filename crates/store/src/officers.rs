//! The officer in charge of a duty: the person at the responsible agency who last recorded
//! a step on the matter (the clerk, investigator, prosecutor or coordinator handling it).
//!
//! Baton has no separate "assign an officer" step: whoever at an agency acts on a matter
//! takes it in hand, and a colleague who acts later takes it over. Steps recorded by the
//! scheduler do not count. Until somebody at the responsible agency has acted, no officer
//! is in charge and the duty sits with the agency's head.

use std::collections::{HashMap, HashSet};

use baton_domain::ids::{AgencyId, MatterId, UserId};
use chrono::{DateTime, Utc};
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder, QuerySelect};
use uuid::Uuid;

use crate::StoreError;
use crate::entity::matter_event;
use baton_domain::agency::SYSTEM_USER;

/// Who at an agency has a matter in hand.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Officer {
    pub user: UserId,
    /// The name as recorded with the step.
    pub name: String,
    pub agency: AgencyId,
    /// When they last recorded a step on the matter (business time).
    pub last_acted_at: DateTime<Utc>,
}

/// The officer in charge for each (matter, agency) pair that has one; pairs nobody at the
/// agency has acted on are absent. One query for the whole batch.
pub async fn in_charge(
    db: &impl ConnectionTrait,
    keys: &[(MatterId, AgencyId)],
) -> Result<HashMap<(MatterId, AgencyId), Officer>, StoreError> {
    if keys.is_empty() {
        return Ok(HashMap::new());
    }
    let wanted: HashSet<(MatterId, AgencyId)> = keys.iter().copied().collect();
    let matters: HashSet<Uuid> = keys.iter().map(|(m, _)| m.0).collect();
    let agencies: HashSet<Uuid> = keys.iter().map(|(_, a)| a.0).collect();
    let rows: Vec<(Uuid, Uuid, Uuid, String, DateTime<Utc>)> = matter_event::Entity::find()
        .select_only()
        .columns([
            matter_event::Column::MatterId,
            matter_event::Column::ActorAgencyId,
            matter_event::Column::ActorUserId,
            matter_event::Column::ActorName,
            matter_event::Column::OccurredAt,
        ])
        .filter(matter_event::Column::MatterId.is_in(matters))
        .filter(matter_event::Column::ActorAgencyId.is_in(agencies))
        .filter(matter_event::Column::ActorUserId.ne(SYSTEM_USER.0))
        .order_by_desc(matter_event::Column::Seq)
        .into_tuple()
        .all(db)
        .await?;
    let mut found = HashMap::new();
    for (matter, agency, user, name, at) in rows {
        let key = (MatterId(matter), AgencyId(agency));
        if wanted.contains(&key) {
            found.entry(key).or_insert(Officer {
                user: UserId(user),
                name,
                agency: key.1,
                last_acted_at: at,
            });
        }
    }
    Ok(found)
}
