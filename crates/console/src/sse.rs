//! The live bell: `/events` streams server-sent events while a page is open. It runs the
//! API's own subscriptions in process as the viewer (`newReferrals` for coordinators,
//! `deadlineAlerts` for everyone who may read duties), so each viewer hears only of what
//! they may see. The script turns each event into a visible, sound-free cue.

use std::convert::Infallible;

use axum::extract::State;
use axum::response::IntoResponse;
use axum::response::sse::{Event, KeepAlive, Sse};
use baton_domain::agency::Role;
use futures::FutureExt;
use futures::stream::{self, BoxStream, StreamExt};
use serde_json::json;

use crate::Console;
use crate::gql::{self, LiveAlerts, LiveReferrals};
use crate::session::Viewer;

fn subscribe<Q: graphql_client::GraphQLQuery>(
    console: &Console,
    viewer: &Viewer,
    variables: Q::Variables,
) -> BoxStream<'static, Q::ResponseData>
where
    Q::ResponseData: Send + 'static,
{
    match gql::request::<Q>(&viewer.principal, variables) {
        Ok(request) => console
            .schema
            .execute_stream(request)
            .filter_map(|answer| async move { gql::response::<Q::ResponseData>(answer).ok() })
            .boxed(),
        Err(_) => stream::empty().boxed(),
    }
}

fn event(kind: &str, text: String, href: String) -> Result<Event, Infallible> {
    Ok(Event::default()
        .event(kind)
        .data(json!({ "text": text, "href": href }).to_string()))
}

pub(crate) async fn events(State(console): State<Console>, viewer: Viewer) -> impl IntoResponse {
    // A pending stream keeps the connection open when the viewer hears of nothing.
    let mut streams: Vec<BoxStream<'static, Result<Event, Infallible>>> =
        vec![stream::pending().boxed()];
    if viewer.has(Role::CenterCoordinator) {
        let referrals =
            subscribe::<LiveReferrals>(&console, &viewer, gql::live_referrals::Variables).map(
                |data| {
                    let m = data.new_referrals;
                    event(
                        "referral",
                        format!(
                            "Vụ việc mới: {} · vụ án {}",
                            m.person.full_name, m.proceeding.case_number
                        ),
                        format!("/matters/{}", m.id),
                    )
                },
            );
        streams.push(referrals.boxed());
    }
    if !viewer.has(Role::Administrator) || viewer.principal.roles.len() > 1 {
        let alerts =
            subscribe::<LiveAlerts>(&console, &viewer, gql::live_alerts::Variables).map(|data| {
                use gql::live_alerts::AlertKind as K;
                let a = data.deadline_alerts;
                let what = match a.kind {
                    K::WARNING => "Sắp đến hạn",
                    K::BREACH => "Quá hạn",
                    K::ESCALATION => "Quá hạn, đã báo cấp trên",
                    K::DEADLINE_MOVED => "Thời hạn đã được tính lại",
                    K::Other(_) => "Cảnh báo thời hạn",
                };
                event(
                    "alert",
                    format!("{what}: {}", a.handoff.label),
                    format!("/matters/{}", a.handoff.matter.id),
                )
            });
        streams.push(alerts.boxed());
    }
    // The subscriptions join the engine's bus when first polled: poll them before answering,
    // so that once the page hears `ready` it misses nothing (what came early is kept).
    let mut live = stream::select_all(streams);
    let mut early = vec![Ok(Event::default().event("ready").data("1"))];
    for _ in 0..4 {
        match live.next().now_or_never() {
            Some(Some(item)) => early.push(item),
            Some(None) => break,
            None => tokio::task::yield_now().await,
        }
    }
    Sse::new(stream::iter(early).chain(live)).keep_alive(KeepAlive::default())
}
