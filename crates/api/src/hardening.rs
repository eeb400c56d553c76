//! Limits on what one request may ask for, beyond depth and complexity: aliases and
//! selected fields per document, and the time a query may run. And every error a client
//! caused carries a stable code.

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Duration;

use async_graphql::extensions::{
    Extension, ExtensionContext, ExtensionFactory, NextExecute, NextParseQuery, NextPrepareRequest,
    NextRequest,
};
use async_graphql::parser::types::{ExecutableDocument, OperationType, Selection, SelectionSet};
use async_graphql::{Request, Response, ServerError, ServerResult, Value, Variables};
use baton_domain::agency::Principal;

use crate::context::LoggedReads;
use crate::error::{Code, timed_out};
use crate::in_flight::InFlight;

/// At most this many aliased fields in one document.
pub const MAX_ALIASES: usize = 30;
/// At most this many selected fields in one document (fragments counted where defined).
pub const MAX_FIELDS: usize = 1_000;
/// No string in a request may be longer (each field has its own, smaller limit too).
pub const MAX_STRING: usize = 4_000;

/// How long a query may run, by default.
pub const DEFAULT_TIME_BUDGET: Duration = Duration::from_secs(5);

/// The extension that enforces the limits and codes the errors. A query (not a mutation,
/// which is one command in one transaction, nor a subscription) that runs longer than
/// `time_budget` is stopped and answered `TIMEOUT`. A caller runs at most so many queries
/// and mutations at once ([`InFlight`]); the others wait their turn.
pub struct Hardening {
    pub time_budget: Duration,
    pub in_flight: Arc<InFlight>,
}

impl ExtensionFactory for Hardening {
    fn create(&self) -> Arc<dyn Extension> {
        Arc::new(HardeningExtension {
            time_budget: self.time_budget,
            in_flight: self.in_flight.clone(),
            queries_only: AtomicBool::new(false),
        })
    }
}

/// One request's extension (the factory makes one per request).
struct HardeningExtension {
    time_budget: Duration,
    in_flight: Arc<InFlight>,
    /// Whether the document holds only queries: then its execution has a time budget.
    queries_only: AtomicBool,
}

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

/// The path of the first string longer than [`MAX_STRING`] in a value, if any.
fn long_string(value: &Value, path: &str) -> Option<String> {
    match value {
        Value::String(s) if s.chars().count() > MAX_STRING => Some(path.to_owned()),
        Value::List(items) => items
            .iter()
            .enumerate()
            .find_map(|(i, v)| long_string(v, &format!("{path}[{i}]"))),
        Value::Object(fields) => fields
            .iter()
            .find_map(|(k, v)| long_string(v, &format!("{path}.{k}"))),
        _ => None,
    }
}

fn refuse<T>(message: String, field: Option<&str>) -> ServerResult<T> {
    let mut error = ServerError::new(message, None);
    let extensions = error.extensions.get_or_insert_with(Default::default);
    extensions.set("code", Code::BadUserInput.as_str());
    if let Some(field) = field {
        extensions.set("field", field);
    }
    Err(error)
}

fn check(document: &ExecutableDocument) -> ServerResult<()> {
    let mut counts = Counts::default();
    for (_, operation) in document.operations.iter() {
        count(&operation.node.selection_set.node, &mut counts);
    }
    for fragment in document.fragments.values() {
        count(&fragment.node.selection_set.node, &mut counts);
    }
    if counts.aliases > MAX_ALIASES {
        return refuse(
            format!(
                "the query has {} aliases; at most {MAX_ALIASES} are allowed",
                counts.aliases
            ),
            None,
        );
    }
    if counts.fields > MAX_FIELDS {
        return refuse(
            format!(
                "the query selects {} fields; at most {MAX_FIELDS} are allowed",
                counts.fields
            ),
            None,
        );
    }
    Ok(())
}

#[async_trait::async_trait]
impl Extension for HardeningExtension {
    /// Every request (each operation on a socket too) gets its own record of the
    /// sensitive reads it has logged: aliases repeating a read add no row to the log.
    async fn prepare_request(
        &self,
        ctx: &ExtensionContext<'_>,
        request: Request,
        next: NextPrepareRequest<'_>,
    ) -> ServerResult<Request> {
        next.run(ctx, request.data(LoggedReads::default())).await
    }

    async fn parse_query(
        &self,
        ctx: &ExtensionContext<'_>,
        query: &str,
        variables: &Variables,
        next: NextParseQuery<'_>,
    ) -> ServerResult<ExecutableDocument> {
        if query.chars().count() > 64 * 1024 {
            return refuse("the query is longer than 64 KiB".into(), None);
        }
        for (name, value) in variables.iter() {
            if let Some(path) = long_string(value, name.as_str()) {
                return refuse(
                    format!("{path}: text longer than {MAX_STRING} characters is not accepted"),
                    Some(&path),
                );
            }
        }
        let document = next.run(ctx, query, variables).await?;
        check(&document)?;
        match crate::depth::check(&document) {
            Ok(()) => {}
            Err(crate::depth::TooDeep::Fields) => {
                return refuse(
                    format!(
                        "the query nests fields more than {} deep",
                        crate::depth::MAX_DEPTH
                    ),
                    None,
                );
            }
            Err(crate::depth::TooDeep::Introspection) => {
                return refuse(
                    format!(
                        "the introspection query nests fields more than {} deep",
                        crate::depth::MAX_INTROSPECTION_DEPTH
                    ),
                    None,
                );
            }
        }
        let queries_only = document
            .operations
            .iter()
            .all(|(_, op)| op.node.ty == OperationType::Query);
        self.queries_only.store(queries_only, Ordering::Relaxed);
        Ok(document)
    }

    /// An operation runs once the caller has a free slot. A query runs, waiting included,
    /// within the time budget; past it, its resolvers are dropped (their database work with
    /// them) and the answer is `TIMEOUT`, with no data.
    async fn execute(
        &self,
        ctx: &ExtensionContext<'_>,
        operation_name: Option<&str>,
        next: NextExecute<'_>,
    ) -> Response {
        let caller = ctx.data_opt::<Principal>().map(|p| p.user_id);
        let run = async {
            let _slot = self.in_flight.enter(caller).await;
            next.run(ctx, operation_name).await
        };
        if !self.queries_only.load(Ordering::Relaxed) {
            return run.await;
        }
        // The budget is looked at first, so a spent budget stops the query even when the
        // query would answer on its first poll.
        tokio::select! {
            biased;
            () = tokio::time::sleep(self.time_budget) => {
                Response::from_errors(vec![timed_out(self.time_budget).into_server_error()])
            }
            response = run => response,
        }
    }

    /// Errors from parsing and validation (a malformed query, a wrong variable type, a
    /// limit) are the client's: they get `BAD_USER_INPUT`, like every other input error.
    /// No error points at line 0: an error about no place in the document has no
    /// `locations`.
    async fn request(&self, ctx: &ExtensionContext<'_>, next: NextRequest<'_>) -> Response {
        let mut response = next.run(ctx).await;
        for error in &mut response.errors {
            error.locations.retain(|at| at.line > 0);
            let extensions = error.extensions.get_or_insert_with(Default::default);
            if extensions.get("code").is_none() {
                extensions.set("code", Code::BadUserInput.as_str());
            }
        }
        response
    }
}
