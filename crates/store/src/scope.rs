//! What a principal may see, as a query condition. Every finder that returns matter data
//! takes a [`Scope`], so visibility is part of the query's structure, and hands back what
//! it found as [`Visible`]: only a scoped finder can make one, so a function that takes a
//! `&Visible<Matter>` cannot be handed a matter nobody checked.
//!
//! A `Scope` is made only from a principal and the access table ([`Scope::of`],
//! [`Scope::for_operation`]) or, for the system's own work, by [`Scope::system`].

use baton_domain::access::{self, Operation};
use baton_domain::agency::Principal;
use sea_orm::sea_query::{Expr, Query};
use sea_orm::{ColumnTrait, Condition, ExprTrait};

use crate::entity::{agency, handoff, matter, matter_event};

/// A record a scoped finder returned: proof, checked by the compiler, that the principal
/// whose [`Scope`] found it may see it. Nothing outside the store can make one:
///
/// ```compile_fail
/// let forged = baton_store::scope::Visible(42);
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Visible<T>(T);

impl<T> Visible<T> {
    /// Only the store's scoped finders vouch for a record.
    pub(crate) fn vouched(record: T) -> Self {
        Self(record)
    }

    pub fn into_inner(self) -> T {
        self.0
    }
}

impl<T> std::ops::Deref for Visible<T> {
    type Target = T;
    fn deref(&self) -> &T {
        &self.0
    }
}

/// The matters a principal may see. Its reach is private: a scope is made only from a
/// principal (or by [`Scope::system`]), never by naming a province or an agency.
///
/// ```compile_fail
/// let province_wide = baton_store::scope::Scope(Default::default());
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Scope(Reach);

#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Reach {
    /// The national authority's supervisors.
    All,
    /// A provincial supervisor: every matter handled in the province.
    Province(String),
    /// Everyone else: matters their agency handles or receives as center, and matters it
    /// acted on before they moved on (a stage handed over, a referral transferred).
    Agency(uuid::Uuid),
    /// A provider: the matters currently assigned to this roster entry.
    Assigned(uuid::Uuid),
    /// No permission: nothing is visible.
    Nothing,
}

impl Scope {
    /// What the principal may see when reading matters.
    pub fn of(principal: &Principal) -> Self {
        Self::for_operation(principal, Operation::ReadMatter)
    }

    /// What an operation reaches for this principal (the access table's row).
    pub fn for_operation(principal: &Principal, operation: Operation) -> Self {
        Self(match access::reach(principal, operation) {
            None => Reach::Nothing,
            Some(access::Reach::Assigned) => principal
                .provider
                .map_or(Reach::Nothing, |p| Reach::Assigned(p.0)),
            Some(access::Reach::OwnAgency) => Reach::Agency(principal.agency.id.0),
            Some(access::Reach::Jurisdiction) if access::is_national(principal) => Reach::All,
            Some(access::Reach::Jurisdiction) => Reach::Province(principal.agency.province.clone()),
        })
    }

    /// The system's own work (the scheduler's alerts, the relay between replicas): every
    /// matter. The API cannot reach it: it depends on the engine, not on the store.
    pub fn system() -> Self {
        Self(Reach::All)
    }

    /// The operation reaches nothing (no permission).
    pub fn is_nothing(&self) -> bool {
        self.0 == Reach::Nothing
    }

    /// Does the scope reach every matter handled in this province?
    pub fn covers_province(&self, province: &str) -> bool {
        match &self.0 {
            Reach::All => true,
            Reach::Province(p) => p == province,
            Reach::Agency(_) | Reach::Assigned(_) | Reach::Nothing => false,
        }
    }

    /// How far the scope reaches, for the in-memory checks of `Matter::admitted_by` and
    /// `Handoff::admitted_by`.
    pub(crate) fn reach(&self) -> &Reach {
        &self.0
    }

    pub(crate) fn matters(&self) -> Condition {
        match &self.0 {
            Reach::Nothing => Condition::all().add(Expr::val(1).eq(0)),
            Reach::All => Condition::all(),
            Reach::Province(p) => Condition::all().add(matter::COLUMN.province.eq(p.clone())),
            Reach::Assigned(p) => Condition::all().add(matter::COLUMN.provider_id.eq(*p)),
            Reach::Agency(a) => Condition::any()
                .add(matter::COLUMN.handling_agency_id.eq(*a))
                .add(matter::COLUMN.center_id.eq(*a))
                // A center sees what reaches its branches (they report to it).
                .add(
                    matter::Column::CenterId.in_subquery(
                        Query::select()
                            .column(agency::Column::Id)
                            .from(agency::Entity)
                            .and_where(agency::Column::ParentId.eq(*a))
                            .to_owned(),
                    ),
                )
                .add(
                    matter::Column::Id.in_subquery(
                        Query::select()
                            .column(matter_event::Column::MatterId)
                            .from(matter_event::Entity)
                            .and_where(matter_event::Column::ActorAgencyId.eq(*a))
                            .to_owned(),
                    ),
                ),
        }
    }

    /// For the logs kept per province (access, administration): the condition on their
    /// `province` column, or `None` when the scope reaches no province.
    pub(crate) fn by_province(&self, province: impl ColumnTrait) -> Option<Condition> {
        match &self.0 {
            Reach::All => Some(Condition::all()),
            Reach::Province(p) => Some(Condition::all().add(province.eq(p.clone()))),
            Reach::Agency(_) | Reach::Assigned(_) | Reach::Nothing => None,
        }
    }

    pub(crate) fn handoffs(&self) -> Condition {
        match &self.0 {
            Reach::Nothing => Condition::all().add(Expr::val(1).eq(0)),
            Reach::All => Condition::all(),
            Reach::Province(p) => Condition::all().add(handoff::COLUMN.province.eq(p.clone())),
            Reach::Agency(a) => Condition::all().add(handoff::COLUMN.responsible_agency_id.eq(*a)),
            // A provider owes no duty of the plan: the agencies and the center do.
            Reach::Assigned(_) => Condition::all().add(Expr::val(1).eq(0)),
        }
    }
}
