//! Baton's domain: the law of inter-agency legal aid coordination as pure functions.
//!
//! This crate owns every legal rule Baton applies, and nothing else:
//! - [`ids`]: typed identifiers;
//! - [`access`]: the one table of who may do what, and how far it reaches;
//! - [`agency`]: agencies, roles and the [`Principal`](agency::Principal) who calls;
//! - [`matter`]: the vocabulary of a legal aid matter (person, proceeding) and its validation;
//! - [`facts`]: everything a matter's row holds, as the rules decide it;
//! - [`ruleset`]: the inter-agency plan held as data (states, transitions, clocks with their
//!   legal basis), its loader and validator;
//! - [`calendar`]: the Vietnamese working-day calendar and deadline arithmetic;
//! - [`lifecycle`]: the end of a matter (case-file code, quality grades);
//! - [`decide`]: the matter state machine (state + command + principal + now → decision);
//! - [`clock`]: where "now" comes from, so tests control time.
//!
//! It does no I/O and depends on no other crate of the workspace: no database, no async
//! runtime, no GraphQL. Data files (rule sets, calendar years) live in `rules/` beside
//! `src/` and are compiled in.

#[macro_use]
mod macros;

pub mod access;
pub mod agency;
pub mod calendar;
pub mod clock;
pub mod credentials;
pub mod decide;
pub mod error;
pub mod facts;
pub mod ids;
pub mod lifecycle;
pub mod matter;
pub mod ruleset;
mod text;

pub use error::DomainError;
pub use text::{BoundedText, TextError, lookup_text};
