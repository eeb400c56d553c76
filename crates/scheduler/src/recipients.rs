//! Who is told about an alert, and what they are told.
//!
//! - A warning or a breach goes to every user of the agency that owes the duty and to the
//!   supervisors of the matter's province (its justice department), the people who see
//!   the handoff in their overdue list.
//! - An escalation goes to the supervisors of the national authority.

use std::collections::{BTreeSet, HashMap};

use baton_domain::agency::{AgencyKind, NATIONAL_PROVINCE};
use baton_domain::calendar::vn_offset;
use baton_domain::ids::{AgencyId, UserId};
use baton_engine::{Alert, Engine, Handoff};
use baton_store::notifications::{self, NoticeKind, Notification};
use baton_store::{DatabaseTransaction, StoreError, agencies};
use chrono::{DateTime, Utc};
use uuid::Uuid;

/// Lookups cached for one sweep: agencies and their users do not change in a minute.
#[derive(Debug, Default)]
pub(crate) struct Recipients {
    agencies: HashMap<AgencyId, (String, Vec<UserId>)>,
    provinces: HashMap<String, Vec<UserId>>,
    national: Option<Vec<UserId>>,
}

impl Recipients {
    async fn agency(
        &mut self,
        db: &DatabaseTransaction,
        id: AgencyId,
    ) -> Result<(String, Vec<UserId>), StoreError> {
        if let Some(known) = self.agencies.get(&id) {
            return Ok(known.clone());
        }
        let name = agencies::get(db, id)
            .await?
            .map_or_else(|| id.to_string(), |a| a.name);
        let users = notifications::agency_users(db, id).await?;
        self.agencies.insert(id, (name.clone(), users.clone()));
        Ok((name, users))
    }

    async fn province(
        &mut self,
        db: &DatabaseTransaction,
        province: &str,
    ) -> Result<Vec<UserId>, StoreError> {
        if let Some(known) = self.provinces.get(province) {
            return Ok(known.clone());
        }
        let users =
            notifications::supervisors(db, AgencyKind::JusticeDepartment, Some(province)).await?;
        self.provinces.insert(province.to_owned(), users.clone());
        Ok(users)
    }

    async fn national(&mut self, db: &DatabaseTransaction) -> Result<Vec<UserId>, StoreError> {
        if self.national.is_none() {
            // The national authority itself: an agency of its kind placed in a province is
            // not national.
            let national = Some(NATIONAL_PROVINCE);
            self.national = Some(
                notifications::supervisors(db, AgencyKind::NationalAuthority, national).await?,
            );
        }
        Ok(self.national.clone().unwrap_or_default())
    }

    /// The notices for one fired alert.
    pub(crate) async fn notices(
        &mut self,
        db: &DatabaseTransaction,
        engine: &Engine,
        alert: Alert,
        h: &Handoff,
        now: DateTime<Utc>,
    ) -> Result<Vec<Notification>, StoreError> {
        let (agency_name, agency_users) = self.agency(db, h.responsible).await?;
        let users: BTreeSet<UserId> = match alert {
            Alert::Warning | Alert::Breach => agency_users
                .into_iter()
                .chain(self.province(db, &h.province).await?)
                .collect(),
            Alert::Escalation => self.national(db).await?.into_iter().collect(),
        };
        let message = message(engine, alert, h, &agency_name);
        Ok(users
            .into_iter()
            .map(|user| Notification {
                id: Uuid::now_v7(),
                user,
                kind: NoticeKind::Alert(alert),
                matter: h.matter,
                handoff: h.id,
                agency: h.responsible,
                province: h.province.clone(),
                clock: h.clock.clone(),
                due_at: h.due_at,
                message: message.clone(),
                created_at: now,
                read_at: None,
            })
            .collect())
    }
}

/// The notice in Vietnamese, e.g. "Quá hạn: Cử người thực hiện trợ giúp pháp lý (Trung
/// tâm …), hạn 17:00 ngày 05/03/2026".
fn message(engine: &Engine, alert: Alert, h: &Handoff, agency: &str) -> String {
    let label = engine
        .rules()
        .all()
        .iter()
        .rev()
        .find_map(|r| r.clock(&h.clock))
        .map_or_else(|| h.clock.clone(), |c| c.label_vi.clone());
    let due = h
        .due_at
        .with_timezone(&vn_offset())
        .format("%H:%M ngày %d/%m/%Y");
    let what = match alert {
        Alert::Warning => "Sắp hết hạn",
        Alert::Breach => "Quá hạn",
        Alert::Escalation => "Báo cáo Cục: quá hạn chưa khắc phục",
    };
    format!("{what}: {label} ({agency}), hạn {due}")
}
