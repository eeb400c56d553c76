//! Baton's end-to-end tests: one binary, real databases. Every test runs on SQLite in
//! memory, and also on PostgreSQL when `TEST_DATABASE_URL` is set (each test gets a fresh
//! database there). Time is a `ManualClock`; nothing sleeps.

#![allow(clippy::unwrap_used)]

mod access;
mod access_log;
mod accounts;
mod authz;
mod concurrency;
mod demo;
mod harness;
mod hostile;
mod http;
mod journey;
mod lists;
mod notifications;
mod overdue;
mod plan;
mod plan_world;
mod relay;
mod scheduler;
mod schema;
mod stats;
mod subscriptions;
mod tokens;
mod transitions;
