//! The schema and its limits.

use async_graphql::{EmptySubscription, MergedObject, Schema, SchemaBuilder};
use baton_engine::Engine;

use crate::mutation::MatterMutation;
use crate::plan_mutation::{ClosureMutation, IntakeMutation, ProceedingsMutation};
use crate::query::MatterQuery;
use crate::ruleset_query::RuleSetQuery;

/// The query root: one part per area.
#[derive(MergedObject, Default)]
pub struct Query(MatterQuery, RuleSetQuery);

/// The mutation root: one part per area.
#[derive(MergedObject, Default)]
pub struct Mutation(
    MatterMutation,
    IntakeMutation,
    ProceedingsMutation,
    ClosureMutation,
);

pub type BatonSchema = Schema<Query, Mutation, EmptySubscription>;

/// How deep a query may nest, and how much it may ask for in one request.
pub const MAX_DEPTH: usize = 12;
pub const MAX_COMPLEXITY: usize = 5_000;

fn builder() -> SchemaBuilder<Query, Mutation, EmptySubscription> {
    Schema::build(Query::default(), Mutation::default(), EmptySubscription)
        .limit_depth(MAX_DEPTH)
        .limit_complexity(MAX_COMPLEXITY)
        .limit_recursive_depth(32)
}

/// The schema served, with the engine its resolvers use.
pub fn build_schema(engine: Engine) -> BatonSchema {
    builder().data(engine).finish()
}

/// The SDL of the schema, built without a database: the committed `schema.graphql`.
pub fn schema_sdl() -> String {
    builder().finish().sdl()
}
