//! The schema and its limits.

use std::sync::Arc;
use std::time::Duration;

use async_graphql::{MergedObject, Schema, SchemaBuilder};
use baton_engine::Engine;

use crate::accounts::{AccountsMutation, AccountsQuery};
use crate::admin::{AdminMutation, AdminQuery};
use crate::commands::assignment::AssignmentMutation;
use crate::commands::closure::ClosureMutation;
use crate::commands::complaints::ComplaintsMutation;
use crate::commands::intake::IntakeMutation;
use crate::commands::proceedings::ProceedingsMutation;
use crate::directory::DirectoryMutation;
use crate::enrolment::EnrolmentMutation;
use crate::in_flight::InFlight;
use crate::notifications::{NotificationMutation, NotificationQuery};
use crate::query::MatterQuery;
use crate::ruleset_query::RuleSetQuery;
use crate::stats_query::StatsQuery;
use crate::subscription::Subscription;

/// The query root: one part per area.
#[derive(MergedObject, Default)]
pub struct Query(
    MatterQuery,
    RuleSetQuery,
    NotificationQuery,
    AdminQuery,
    AccountsQuery,
    StatsQuery,
);

/// The mutation root: one part per area.
#[derive(MergedObject, Default)]
pub struct Mutation(
    IntakeMutation,
    AssignmentMutation,
    ProceedingsMutation,
    ClosureMutation,
    ComplaintsMutation,
    NotificationMutation,
    AdminMutation,
    AccountsMutation,
    EnrolmentMutation,
    DirectoryMutation,
);

pub type BatonSchema = Schema<Query, Mutation, Subscription>;

/// How deep a query may nest, and how much it may ask for in one request.
pub const MAX_DEPTH: usize = 12;
pub const MAX_COMPLEXITY: usize = 5_000;

/// What the schema lets clients discover. On in development; the production
/// configuration turns both off (deploy/production.env).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SchemaOptions {
    pub introspection: bool,
    pub suggestions: bool,
    /// How long a query may run before it is stopped and answered `TIMEOUT`.
    pub time_budget: Duration,
    /// How many operations one caller may run at once; the others wait their turn.
    pub operations_per_caller: usize,
}

impl Default for SchemaOptions {
    fn default() -> Self {
        Self {
            introspection: true,
            suggestions: true,
            time_budget: crate::hardening::DEFAULT_TIME_BUDGET,
            operations_per_caller: crate::in_flight::DEFAULT_PER_CALLER,
        }
    }
}

fn builder(options: SchemaOptions) -> SchemaBuilder<Query, Mutation, Subscription> {
    Schema::build(Query::default(), Mutation::default(), Subscription)
        .limit_depth(MAX_DEPTH)
        .limit_complexity(MAX_COMPLEXITY)
        .limit_recursive_depth(32)
        .limit_directives(10)
        .extension(crate::hardening::Hardening {
            time_budget: options.time_budget,
            in_flight: Arc::new(InFlight::new(options.operations_per_caller)),
        })
        .extension(crate::socket_auth::SocketAuth)
}

/// The schema served with the given discovery options.
pub fn build_schema_with(engine: Engine, options: SchemaOptions) -> BatonSchema {
    let mut builder = builder(options)
        .data(crate::loaders::data_loader(engine.clone()))
        .data(engine);
    if !options.introspection {
        builder = builder.disable_introspection();
    }
    if !options.suggestions {
        builder = builder.disable_suggestions();
    }
    builder.finish()
}

/// The schema served, with the engine its resolvers use.
pub fn build_schema(engine: Engine) -> BatonSchema {
    build_schema_with(engine, SchemaOptions::default())
}

/// The SDL of the schema, built without a database: the committed `schema.graphql`.
pub fn schema_sdl() -> String {
    builder(SchemaOptions::default()).finish().sdl()
}
