//! Baton's end-to-end tests: one binary, real databases. Every test is one case per
//! backend (`harness::backend_test!`): `<test>::sqlite` on SQLite in memory, and
//! `<test>::postgres` on a fresh PostgreSQL database when `TEST_DATABASE_URL` is set (it
//! passes with a note when it is not). Tests that mean something only on PostgreSQL
//! (replicas relaying, schedulers racing) have only the `postgres` case. Time is a
//! `ManualClock`; nothing sleeps, and nothing hangs: a case fails after
//! `harness::CASE_LIMIT`. `TEST_LOG=1` shows a failing case's traces (`RUST_LOG` filters).

#![allow(clippy::unwrap_used)]

mod access;
mod access_log;
mod accounts;
mod attacks;
mod authz;
mod concurrency;
mod console;
mod credentials;
mod db_roles;
mod demo;
mod errors;
mod evaluation;
mod facts_walk;
mod grants;
mod graphql_http;
mod harness;
mod hostile;
mod http;
mod journey;
mod lists;
mod notifications;
mod overdue;
mod payment;
mod plan;
mod plan_world;
mod recompute;
mod relay;
mod scheduler;
mod schema;
mod sockets;
mod stats;
mod storage;
mod subscriptions;
mod tokens;
mod transitions;
