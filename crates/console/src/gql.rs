//! Runs the console's GraphQL operations in process: the same [`BatonSchema`] the HTTP
//! handler runs, with the signed-in principal put into the request data exactly as
//! `baton_api::router` does, so permissions, redaction and the access log apply unchanged.
//!
//! Operations are `.graphql` files under `graphql/`, each with a `graphql_client` derive
//! below whose `schema_path` is the repository's `schema.graphql`: an operation that does
//! not fit the schema does not compile.

use async_graphql::Variables;
use baton_domain::agency::Principal;
use graphql_client::GraphQLQuery;
use serde::de::DeserializeOwned;

use crate::messages;

// The schema's custom scalars, as graphql_client's generated code names them.
pub type DateTime = String;
pub type NaiveDate = String;
#[allow(clippy::upper_case_acronyms)]
pub type JSON = serde_json::Value;

#[derive(GraphQLQuery)]
#[graphql(
    schema_path = "../../schema.graphql",
    query_path = "graphql/me.graphql",
    response_derives = "Debug, Clone",
    variables_derives = "Debug, Clone"
)]
pub struct Me;

#[derive(GraphQLQuery)]
#[graphql(
    schema_path = "../../schema.graphql",
    query_path = "graphql/matter.graphql",
    response_derives = "Debug, Clone",
    variables_derives = "Debug, Clone"
)]
pub struct MatterPage;

#[derive(GraphQLQuery)]
#[graphql(
    schema_path = "../../schema.graphql",
    query_path = "graphql/officer_home.graphql",
    response_derives = "Debug, Clone",
    variables_derives = "Debug, Clone"
)]
pub struct OfficerHome;

#[derive(GraphQLQuery)]
#[graphql(
    schema_path = "../../schema.graphql",
    query_path = "graphql/provider_home.graphql",
    response_derives = "Debug, Clone",
    variables_derives = "Debug, Clone"
)]
pub struct ProviderHome;

#[derive(GraphQLQuery)]
#[graphql(
    schema_path = "../../schema.graphql",
    query_path = "graphql/coordinator_home.graphql",
    response_derives = "Debug, Clone",
    variables_derives = "Debug, Clone"
)]
pub struct CoordinatorHome;

#[derive(GraphQLQuery)]
#[graphql(
    schema_path = "../../schema.graphql",
    query_path = "graphql/supervisor_home.graphql",
    response_derives = "Debug, Clone",
    variables_derives = "Debug, Clone"
)]
pub struct SupervisorHome;

#[derive(GraphQLQuery)]
#[graphql(
    schema_path = "../../schema.graphql",
    query_path = "graphql/centers.graphql",
    response_derives = "Debug, Clone",
    variables_derives = "Debug, Clone"
)]
pub struct Centers;

#[derive(GraphQLQuery)]
#[graphql(
    schema_path = "../../schema.graphql",
    query_path = "graphql/request_legal_aid.graphql",
    response_derives = "Debug, Clone",
    variables_derives = "Debug, Clone"
)]
pub struct RequestLegalAid;

#[derive(GraphQLQuery)]
#[graphql(
    schema_path = "../../schema.graphql",
    query_path = "graphql/accept_referral.graphql",
    response_derives = "Debug, Clone",
    variables_derives = "Debug, Clone"
)]
pub struct AcceptReferral;

#[derive(GraphQLQuery)]
#[graphql(
    schema_path = "../../schema.graphql",
    query_path = "graphql/accept_immediately.graphql",
    response_derives = "Debug, Clone",
    variables_derives = "Debug, Clone"
)]
pub struct AcceptImmediately;

#[derive(GraphQLQuery)]
#[graphql(
    schema_path = "../../schema.graphql",
    query_path = "graphql/refuse_referral.graphql",
    response_derives = "Debug, Clone",
    variables_derives = "Debug, Clone"
)]
pub struct RefuseReferral;

#[derive(GraphQLQuery)]
#[graphql(
    schema_path = "../../schema.graphql",
    query_path = "graphql/assign_provider.graphql",
    response_derives = "Debug, Clone",
    variables_derives = "Debug, Clone"
)]
pub struct AssignProvider;

#[derive(GraphQLQuery)]
#[graphql(
    schema_path = "../../schema.graphql",
    query_path = "graphql/present_papers.graphql",
    response_derives = "Debug, Clone",
    variables_derives = "Debug, Clone"
)]
pub struct PresentPapers;

#[derive(GraphQLQuery)]
#[graphql(
    schema_path = "../../schema.graphql",
    query_path = "graphql/register_counsel.graphql",
    response_derives = "Debug, Clone",
    variables_derives = "Debug, Clone"
)]
pub struct RegisterCounsel;

#[derive(GraphQLQuery)]
#[graphql(
    schema_path = "../../schema.graphql",
    query_path = "graphql/unread_count.graphql",
    response_derives = "Debug, Clone",
    variables_derives = "Debug, Clone"
)]
pub struct UnreadCount;

#[derive(GraphQLQuery)]
#[graphql(
    schema_path = "../../schema.graphql",
    query_path = "graphql/live_referrals.graphql",
    response_derives = "Debug, Clone",
    variables_derives = "Debug, Clone"
)]
pub struct LiveReferrals;

#[derive(GraphQLQuery)]
#[graphql(
    schema_path = "../../schema.graphql",
    query_path = "graphql/live_alerts.graphql",
    response_derives = "Debug, Clone",
    variables_derives = "Debug, Clone"
)]
pub struct LiveAlerts;

/// One error of an operation, as the console shows it: the API's code, the field it
/// concerns (if any) and the message in Vietnamese.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ApiError {
    pub code: String,
    pub field: Option<String>,
    pub message: String,
    /// The API's own message (English), kept for the log.
    pub detail: String,
}

/// The errors of a refused operation (at least one).
#[derive(Debug, Clone)]
pub struct Refused(pub Vec<ApiError>);

impl Refused {
    /// The first error's code.
    pub fn code(&self) -> &str {
        self.0.first().map_or("INTERNAL", |e| e.code.as_str())
    }

    /// The error that concerns `field`, if any.
    pub fn for_field(&self, field: &str) -> Option<&ApiError> {
        self.0.iter().find(|e| e.field.as_deref() == Some(field))
    }

    /// The errors that concern no single field.
    pub fn general(&self) -> Vec<&ApiError> {
        self.0.iter().filter(|e| e.field.is_none()).collect()
    }

    fn internal(detail: String) -> Self {
        Refused(vec![ApiError {
            code: "INTERNAL".into(),
            field: None,
            message: messages::for_code("INTERNAL", None).to_owned(),
            detail,
        }])
    }
}

/// The request an operation makes, with the principal in its data.
pub fn request<Q: GraphQLQuery>(
    principal: &Principal,
    variables: Q::Variables,
) -> Result<async_graphql::Request, Refused> {
    let body = Q::build_query(variables);
    let variables = serde_json::to_value(&body.variables)
        .map_err(|e| Refused::internal(format!("variables: {e}")))?;
    Ok(async_graphql::Request::new(body.query)
        .operation_name(body.operation_name)
        .variables(Variables::from_json(variables))
        .data(principal.clone()))
}

/// Reads an operation's response: its data, or its errors in Vietnamese. A field the
/// viewer's role may not read (`REDACTED`) is null in the data, not a failure: the page
/// shows it as hidden.
pub fn response<T: DeserializeOwned>(response: async_graphql::Response) -> Result<T, Refused> {
    let errors: Vec<ApiError> = response.errors.iter().map(api_error).collect();
    if errors.iter().any(|e| e.code != "REDACTED") {
        return Err(Refused(errors));
    }
    let data = response
        .data
        .into_json()
        .map_err(|e| Refused::internal(format!("data: {e}")))?;
    serde_json::from_value(data).map_err(|e| Refused::internal(format!("data: {e}")))
}

/// Runs one operation as `principal`.
pub async fn run<Q: GraphQLQuery>(
    schema: &baton_api::BatonSchema,
    principal: &Principal,
    variables: Q::Variables,
) -> Result<Q::ResponseData, Refused> {
    let request = request::<Q>(principal, variables)?;
    let answer = schema.execute(request).await;
    let result = response(answer);
    if let Err(refused) = &result {
        for e in &refused.0 {
            tracing::info!(code = %e.code, detail = %e.detail, "console operation refused");
        }
    }
    result
}

fn api_error(error: &async_graphql::ServerError) -> ApiError {
    let ext = |key: &str| {
        error
            .extensions
            .as_ref()
            .and_then(|x| x.get(key))
            .and_then(|v| match v {
                async_graphql::Value::String(s) => Some(s.clone()),
                async_graphql::Value::Enum(s) => Some(s.to_string()),
                _ => None,
            })
    };
    let code = ext("code").unwrap_or_else(|| "INTERNAL".into());
    let field = ext("field");
    ApiError {
        message: messages::for_error(&code, field.as_deref(), &error.message),
        code,
        field,
        detail: error.message.clone(),
    }
}
