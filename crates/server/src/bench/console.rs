//! `baton bench-console`: the console's page weight and latency on the demo data. Seeds
//! the demo into an in-memory SQLite database, opens a console session for each demo user
//! and requests their pages through the router (in process, no socket), timing each and
//! counting the bytes a first load transfers (the page, the stylesheet, the script;
//! uncompressed). Nothing in the test suite asserts a time.

use std::sync::Arc;
use std::time::Instant;

use anyhow::Context as _;
use axum::Router;
use axum::body::{Body, to_bytes};
use axum::http::{Request, header};
use baton_domain::clock::SystemClock;
use tower::ServiceExt;

use crate::app;
use crate::cli::RulesArgs;
use crate::demo;

async fn get(router: &Router, path: &str, cookie: &str) -> anyhow::Result<(u16, String)> {
    let request = Request::get(path)
        .header(header::COOKIE, cookie)
        .body(Body::empty())?;
    let response = router.clone().oneshot(request).await?;
    let status = response.status().as_u16();
    let body = to_bytes(response.into_body(), 16 << 20).await?;
    Ok((status, String::from_utf8_lossy(&body).into_owned()))
}

fn first_matter(html: &str) -> Option<String> {
    let at = html.find("/matters/")? + "/matters/".len();
    Some(
        html[at..]
            .chars()
            .take_while(|c| *c != '"' && *c != '?')
            .collect(),
    )
}

/// Prints one Markdown row per page: user, page, bytes on first load, p50 and p99 in ms.
pub async fn run(samples: usize) -> anyhow::Result<()> {
    let (rules, calendar) = app::load_rules(&RulesArgs {
        rules_dir: None,
        calendar_dir: None,
    })?;
    let db = app::connect_and_migrate("sqlite::memory:").await?;
    let users = demo::seed(
        db.clone(),
        rules.clone(),
        calendar.clone(),
        chrono::Utc::now(),
    )
    .await?;
    let engine = app::engine(db, rules, calendar, Arc::new(SystemClock));
    let schema = baton_api::build_schema(engine.clone());
    let router = baton_console::router(schema, engine.clone(), baton_console::Settings::default());
    let assets = baton_console::assets::CSS.len() + baton_console::assets::JS.len();
    println!("| user | page | first load (bytes) | p50 (ms) | p99 (ms) |");
    println!("|---|---|---:|---:|---:|");
    for user in users.iter().filter(|u| u.role != "administrator") {
        let principal = engine
            .authenticate(&user.token)
            .await
            .context("demo token")?;
        let session = engine.open_console_session(principal.user_id).await?;
        let cookie = format!("{}={}", baton_console::session::COOKIE, session.secret);
        let (_, home) = get(&router, "/", &cookie).await?;
        let mut pages = vec!["/".to_owned()];
        if let Some(id) = first_matter(&home) {
            pages.push(format!("/matters/{id}"));
            pages.push(format!("/matters/{id}/print"));
        }
        if user.role == "agency_officer" {
            pages.push("/requests/new".to_owned());
        }
        for page in pages {
            let (status, body) = get(&router, &page, &cookie).await?;
            anyhow::ensure!(status == 200, "{page} for {} answered {status}", user.name);
            let mut times = Vec::with_capacity(samples);
            for _ in 0..samples.max(1) {
                let start = Instant::now();
                get(&router, &page, &cookie).await?;
                times.push(start.elapsed());
            }
            times.sort();
            let at = |p: f64| {
                let i = ((times.len() as f64 * p).ceil() as usize).clamp(1, times.len()) - 1;
                times[i].as_secs_f64() * 1000.0
            };
            println!(
                "| {} | `{page}` | {} | {:.2} | {:.2} |",
                user.name,
                body.len() + assets,
                at(0.5),
                at(0.99)
            );
        }
    }
    Ok(())
}
