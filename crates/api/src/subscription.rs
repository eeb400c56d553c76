//! Live updates over graphql-ws (`/graphql/ws`): new referrals for a center's
//! coordinators, deadline alerts for the agency that owes the duty and for the
//! supervisors of its jurisdiction. Each subscriber receives only what it may see.

use std::sync::Arc;

use async_graphql::{Context, Object, Subscription as SubscriptionRoot};
use baton_domain::DomainError;
use baton_domain::access::Operation;
use baton_domain::agency::Principal;
use baton_engine::{AlertFired, Engine, Published};
use chrono::{DateTime, Utc};
use futures::{Stream, StreamExt};
use tokio::sync::broadcast::error::RecvError;

use crate::context::{engine, principal};
use crate::error::ApiError;
use crate::notifications::AlertKind;
use crate::objects::{HandoffObject, MatterObject};

/// The subscription root.
#[derive(Default)]
pub struct Subscription;

/// Every message the engine publishes after commit, for as long as the subscriber stays.
fn published(engine: &Engine) -> impl Stream<Item = Published> + use<> {
    futures::stream::unfold(engine.bus().subscribe(), |mut rx| async move {
        loop {
            match rx.recv().await {
                Ok(message) => return Some((message, rx)),
                // A slow subscriber misses what it could not keep up with, not everything.
                Err(RecvError::Lagged(_)) => continue,
                Err(RecvError::Closed) => return None,
            }
        }
    })
}

#[SubscriptionRoot]
impl Subscription {
    /// Referrals reaching the caller's center: new requests and notices, and referrals
    /// transferred in (coordinators).
    async fn new_referrals(
        &self,
        ctx: &Context<'_>,
    ) -> Result<impl Stream<Item = MatterObject>, ApiError> {
        let (engine, principal): (Engine, Principal) =
            (engine(ctx)?.clone(), principal(ctx)?.clone());
        if !engine.permits(&principal, Operation::Inbox) {
            return Err(DomainError::Forbidden(
                "new referrals are for the coordinators of a center".into(),
            )
            .into());
        }
        let stream = published(&engine);
        Ok(stream.filter_map(move |message| {
            let keep = match message {
                Published::Matter(m) => engine.new_referral_for(&principal, &m).map(MatterObject),
                _ => None,
            };
            async move { keep }
        }))
    }

    /// Warnings, breaches and escalations the caller may see, by the rules of
    /// `dutiesOwed` (duties its agency owes) and `overdueHandoffs` (for supervisors, duties
    /// in their jurisdiction). Anyone who may read neither is refused.
    async fn deadline_alerts(
        &self,
        ctx: &Context<'_>,
    ) -> Result<impl Stream<Item = AlertEvent>, ApiError> {
        let (engine, principal): (Engine, Principal) =
            (engine(ctx)?.clone(), principal(ctx)?.clone());
        if !engine.may_hear_alerts(&principal) {
            return Err(DomainError::Forbidden(
                "deadline alerts are for the agencies that owe duties and their supervisors".into(),
            )
            .into());
        }
        let stream = published(&engine);
        Ok(stream.filter_map(move |message| {
            let keep = match message {
                Published::Alert(a) if engine.may_see_alert(&principal, &a.handoff) => {
                    Some(AlertEvent(a))
                }
                _ => None,
            };
            async move { keep }
        }))
    }
}

/// One deadline alert, as the scheduler recorded it.
pub struct AlertEvent(Arc<AlertFired>);

#[Object]
impl AlertEvent {
    async fn kind(&self) -> AlertKind {
        self.0.alert.into()
    }

    /// When it was recorded.
    async fn at(&self) -> DateTime<Utc> {
        self.0.at
    }

    /// The duty it is about.
    async fn handoff(&self) -> HandoffObject {
        HandoffObject::new(self.0.handoff.clone())
    }
}
