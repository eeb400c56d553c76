//! What a principal may see, as a query condition. Every finder that returns matter data
//! takes a [`Scope`], so visibility is part of the query's structure.

use baton_domain::access::{self, Operation, Reach};
use baton_domain::agency::Principal;
use sea_orm::sea_query::{Expr, Query};
use sea_orm::{ColumnTrait, Condition, ExprTrait};

use crate::entity::{agency, handoff, matter, matter_event};

/// The matters a principal may see.
#[derive(Debug, Clone)]
pub enum Scope {
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
        match access::reach(principal, operation) {
            None => Self::Nothing,
            Some(Reach::Assigned) => principal
                .provider
                .map_or(Self::Nothing, |p| Self::Assigned(p.0)),
            Some(Reach::OwnAgency) => Self::Agency(principal.agency.id.0),
            Some(Reach::Jurisdiction) if access::is_national(principal) => Self::All,
            Some(Reach::Jurisdiction) => Self::Province(principal.agency.province.clone()),
        }
    }

    pub(crate) fn matters(&self) -> Condition {
        match self {
            Self::Nothing => Condition::all().add(Expr::val(1).eq(0)),
            Self::All => Condition::all(),
            Self::Province(p) => Condition::all().add(matter::COLUMN.province.eq(p.clone())),
            Self::Assigned(p) => Condition::all().add(matter::COLUMN.provider_id.eq(*p)),
            Self::Agency(a) => Condition::any()
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
        match self {
            Self::All => Some(Condition::all()),
            Self::Province(p) => Some(Condition::all().add(province.eq(p.clone()))),
            Self::Agency(_) | Self::Assigned(_) | Self::Nothing => None,
        }
    }

    pub(crate) fn handoffs(&self) -> Condition {
        match self {
            Self::Nothing => Condition::all().add(Expr::val(1).eq(0)),
            Self::All => Condition::all(),
            Self::Province(p) => Condition::all().add(handoff::COLUMN.province.eq(p.clone())),
            Self::Agency(a) => Condition::all().add(handoff::COLUMN.responsible_agency_id.eq(*a)),
            // A provider owes no duty of the plan: the agencies and the center do.
            Self::Assigned(_) => Condition::all().add(Expr::val(1).eq(0)),
        }
    }
}
