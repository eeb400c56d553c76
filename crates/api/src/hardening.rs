//! Limits on what one request may ask for, beyond depth and complexity: aliases and
//! selected fields per document. And every error a client caused carries a stable code.

use std::sync::Arc;

use async_graphql::extensions::{
    Extension, ExtensionContext, ExtensionFactory, NextParseQuery, NextRequest,
};
use async_graphql::parser::types::{ExecutableDocument, Selection, SelectionSet};
use async_graphql::{Pos, Response, ServerError, ServerResult, Value, Variables};

/// At most this many aliased fields in one document.
pub const MAX_ALIASES: usize = 30;
/// At most this many selected fields in one document (fragments counted where defined).
pub const MAX_FIELDS: usize = 1_000;

/// The extension that enforces the limits and codes the errors.
pub struct Hardening;

impl ExtensionFactory for Hardening {
    fn create(&self) -> Arc<dyn Extension> {
        Arc::new(HardeningExtension)
    }
}

struct HardeningExtension;

#[derive(Default)]
struct Counts {
    aliases: usize,
    fields: usize,
}

fn count(set: &SelectionSet, counts: &mut Counts) {
    for item in &set.items {
        match &item.node {
            Selection::Field(field) => {
                counts.fields += 1;
                if field.node.alias.is_some() {
                    counts.aliases += 1;
                }
                count(&field.node.selection_set.node, counts);
            }
            Selection::InlineFragment(fragment) => {
                count(&fragment.node.selection_set.node, counts);
            }
            Selection::FragmentSpread(_) => {}
        }
    }
}

fn check(document: &ExecutableDocument) -> ServerResult<()> {
    let mut counts = Counts::default();
    for (_, operation) in document.operations.iter() {
        count(&operation.node.selection_set.node, &mut counts);
    }
    for fragment in document.fragments.values() {
        count(&fragment.node.selection_set.node, &mut counts);
    }
    let refuse = |message: String| {
        let mut error = ServerError::new(message, Some(Pos::default()));
        error
            .extensions
            .get_or_insert_with(Default::default)
            .set("code", "BAD_USER_INPUT");
        Err(error)
    };
    if counts.aliases > MAX_ALIASES {
        return refuse(format!(
            "the query has {} aliases; at most {MAX_ALIASES} are allowed",
            counts.aliases
        ));
    }
    if counts.fields > MAX_FIELDS {
        return refuse(format!(
            "the query selects {} fields; at most {MAX_FIELDS} are allowed",
            counts.fields
        ));
    }
    Ok(())
}

#[async_trait::async_trait]
impl Extension for HardeningExtension {
    async fn parse_query(
        &self,
        ctx: &ExtensionContext<'_>,
        query: &str,
        variables: &Variables,
        next: NextParseQuery<'_>,
    ) -> ServerResult<ExecutableDocument> {
        let document = next.run(ctx, query, variables).await?;
        check(&document)?;
        Ok(document)
    }

    /// Errors from parsing and validation (a malformed query, a wrong variable type, a
    /// limit) are the client's: they get `BAD_USER_INPUT`, like every other input error.
    async fn request(&self, ctx: &ExtensionContext<'_>, next: NextRequest<'_>) -> Response {
        let mut response = next.run(ctx).await;
        for error in &mut response.errors {
            let extensions = error.extensions.get_or_insert_with(Default::default);
            if extensions.get("code").is_none() {
                extensions.set("code", Value::from("BAD_USER_INPUT"));
            }
        }
        response
    }
}
