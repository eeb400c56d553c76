//! The `baton` binary's library: configuration, telemetry, wiring, the demo data set.
//!
//! This crate is the composition root: the only one that reads files or environment
//! variables, connects to the database and binds sockets.

pub mod admin_cli;
pub mod app;
pub mod bench;
pub mod cli;
pub mod demo;
pub mod telemetry;
