//! GraphQL over HTTP, to the letter of the GraphQL-over-HTTP specification: which media
//! type the answer has, which requests are refused before they run, and the status codes.
//!
//! - **Request** (POST): `Content-Type: application/json` (a `charset` other than utf-8,
//!   another type, or none: 415). The body is one JSON object (else 400); `query` a
//!   string (missing or another type: 400); `operationName` a string or null;
//!   `variables` and `extensions` objects or null (else 400). A JSON array (a batch) is
//!   refused with 400.
//! - **Media type** of the answer, from `Accept`: `application/graphql-response+json`
//!   when the client accepts it at least as much as JSON; `application/json` when it
//!   accepts only that, `application/*` or `*/*`, or sends no `Accept`; else 406.
//! - **Status** under `application/graphql-response+json`: a response without data
//!   because the request could not run is 400 (parse, validation or a limit:
//!   `BAD_USER_INPUT` outside any field) or 401 (`UNAUTHENTICATED`: a missing token
//!   where one is needed, or an invalid one), and then has no `data` entry; otherwise
//!   200. Under `application/json` every GraphQL response is 200, as the specification
//!   has it for legacy clients. A request refused before it runs (415, 400, 413, 429)
//!   gets its status under either type.

use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use serde_json::{Map, Value};

use crate::error::Code;

/// The GraphQL-over-HTTP media type of a response.
pub const GRAPHQL_RESPONSE_JSON: &str = "application/graphql-response+json";
/// The legacy media type of a response, and the only one of a request body.
pub const JSON: &str = "application/json";

/// The media type of an answer.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MediaType {
    GraphqlResponse,
    Json,
}

impl MediaType {
    fn content_type(self) -> HeaderValue {
        HeaderValue::from_static(match self {
            MediaType::GraphqlResponse => "application/graphql-response+json; charset=utf-8",
            MediaType::Json => "application/json; charset=utf-8",
        })
    }
}

/// A request refused before it runs: its status and what to tell the client.
#[derive(Debug)]
pub struct Refused {
    media: MediaType,
    status: StatusCode,
    message: String,
}

impl Refused {
    fn new(media: MediaType, status: StatusCode, message: impl Into<String>) -> Self {
        Self {
            media,
            status,
            message: message.into(),
        }
    }
}

impl IntoResponse for Refused {
    fn into_response(self) -> Response {
        refusal(self.media, self.status, &self.message)
    }
}

/// The media type the client accepts, from its `Accept` header, or 406.
pub fn negotiate(headers: &HeaderMap) -> Result<MediaType, Refused> {
    let accept: Vec<&str> = headers
        .get_all(header::ACCEPT)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(','))
        .map(str::trim)
        .filter(|v| !v.is_empty())
        .collect();
    if accept.is_empty() {
        return Ok(MediaType::Json);
    }
    let (mut graphql, mut json) = (0.0_f32, 0.0_f32);
    for range in accept {
        let mut parts = range.split(';');
        let name = parts.next().unwrap_or_default().trim().to_ascii_lowercase();
        let q = parts
            .filter_map(|p| p.trim().strip_prefix("q="))
            .find_map(|q| q.trim().parse::<f32>().ok())
            .unwrap_or(1.0);
        match name.as_str() {
            GRAPHQL_RESPONSE_JSON => graphql = graphql.max(q),
            JSON | "application/*" | "*/*" => json = json.max(q),
            _ => {}
        }
    }
    if graphql > 0.0 && graphql >= json {
        Ok(MediaType::GraphqlResponse)
    } else if json > 0.0 {
        Ok(MediaType::Json)
    } else {
        let message =
            format!("the answer is {GRAPHQL_RESPONSE_JSON} or {JSON}: accept one of them");
        Err(Refused::new(
            MediaType::Json,
            StatusCode::NOT_ACCEPTABLE,
            message,
        ))
    }
}

/// A request refused before it runs: its status and, in the GraphQL response shape, an
/// error coded `BAD_USER_INPUT`.
pub fn refusal(media: MediaType, status: StatusCode, message: &str) -> Response {
    let body = serde_json::json!({
        "errors": [{ "message": message, "extensions": { "code": Code::BadUserInput.as_str() } }]
    });
    with_body(media, status, &body)
}

fn with_body(media: MediaType, status: StatusCode, body: &Value) -> Response {
    let mut response = (status, body.to_string()).into_response();
    response
        .headers_mut()
        .insert(header::CONTENT_TYPE, media.content_type());
    response
}

/// A POST's body as one GraphQL request, or the refusal to send (415 or 400).
pub fn read_post(
    media: MediaType,
    headers: &HeaderMap,
    body: &[u8],
) -> Result<async_graphql::Request, Refused> {
    if !is_json(headers) {
        let message = format!("send the request as Content-Type: {JSON} (utf-8)");
        return Err(Refused::new(
            media,
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
            message,
        ));
    }
    let bad = |message: &str| Refused::new(media, StatusCode::BAD_REQUEST, message);
    let value: Value = serde_json::from_slice(body).map_err(|e| {
        bad(&format!(
            "the body is not JSON (line {}, column {})",
            e.line(),
            e.column()
        ))
    })?;
    let fields = match value {
        Value::Object(fields) => fields,
        // One operation per request: batches would multiply every limit by their length.
        Value::Array(_) => {
            return Err(bad(
                "batched requests are not accepted: send one operation per request",
            ));
        }
        _ => return Err(bad("the body must be a JSON object with a `query`")),
    };
    parameters(fields).map_err(|message| bad(&message))
}

/// Whether `Content-Type` is `application/json`, in utf-8 if a charset is named.
fn is_json(headers: &HeaderMap) -> bool {
    let Some(value) = headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
    else {
        return false;
    };
    let mut parts = value.split(';');
    let essence = parts.next().unwrap_or_default().trim();
    essence.eq_ignore_ascii_case(JSON)
        && parts.all(|p| {
            let (name, value) = p.split_once('=').unwrap_or((p, ""));
            !name.trim().eq_ignore_ascii_case("charset")
                || value.trim().trim_matches('"').eq_ignore_ascii_case("utf-8")
        })
}

/// The request's parameters, each of its type, or what is wrong with them.
fn parameters(mut fields: Map<String, Value>) -> Result<async_graphql::Request, String> {
    let query = match fields.remove("query") {
        Some(Value::String(query)) => query,
        None | Some(Value::Null) => return Err("the request has no `query`".into()),
        Some(_) => return Err("`query` must be a string".into()),
    };
    let mut request = async_graphql::Request::new(query);
    match fields.remove("operationName") {
        None | Some(Value::Null) => {}
        Some(Value::String(name)) => request = request.operation_name(name),
        Some(_) => return Err("`operationName` must be a string or null".into()),
    }
    match fields.remove("variables") {
        None | Some(Value::Null) => {}
        Some(variables @ Value::Object(_)) => {
            request = request.variables(async_graphql::Variables::from_json(variables));
        }
        Some(_) => return Err("`variables` must be an object or null".into()),
    }
    match fields.remove("extensions") {
        None | Some(Value::Null) => {}
        Some(Value::Object(extensions)) => {
            for (name, value) in extensions {
                let value = async_graphql::Value::from_json(value)
                    .map_err(|_| "`extensions` holds a value that is not JSON".to_owned())?;
                request.extensions.insert(name, value);
            }
        }
        Some(_) => return Err("`extensions` must be an object or null".into()),
    }
    Ok(request)
}

/// The HTTP answer to a GraphQL response, in `media`, with the status the media type
/// calls for (see the module's documentation).
pub fn respond(media: MediaType, response: async_graphql::Response) -> Response {
    let status = match media {
        MediaType::Json => StatusCode::OK,
        MediaType::GraphqlResponse => status_of(&response),
    };
    let mut body = serde_json::to_value(&response).unwrap_or(Value::Null);
    if !status.is_success()
        && let Value::Object(fields) = &mut body
    {
        fields.remove("data");
    }
    let mut answer = with_body(media, status, &body);
    if status == StatusCode::UNAUTHORIZED {
        answer
            .headers_mut()
            .insert(header::WWW_AUTHENTICATE, HeaderValue::from_static("Bearer"));
    }
    answer.headers_mut().extend(response.http_headers);
    answer
}

/// 401 or 400 for a response that has no data because the request could not run; 200
/// otherwise (data present, or null because a non-null field failed).
fn status_of(response: &async_graphql::Response) -> StatusCode {
    if response.data != async_graphql::Value::Null || response.errors.is_empty() {
        return StatusCode::OK;
    }
    let code = |e: &async_graphql::ServerError| {
        e.extensions
            .as_ref()
            .and_then(|x| x.get("code"))
            .and_then(|c| match c {
                async_graphql::Value::String(s) => Some(s.clone()),
                _ => None,
            })
    };
    let unauthenticated = Code::Unauthenticated.as_str();
    if response
        .errors
        .iter()
        .any(|e| code(e).as_deref() == Some(unauthenticated))
    {
        return StatusCode::UNAUTHORIZED;
    }
    let bad_input = Code::BadUserInput.as_str();
    if response
        .errors
        .iter()
        .all(|e| e.path.is_empty() && code(e).as_deref() == Some(bad_input))
    {
        return StatusCode::BAD_REQUEST;
    }
    StatusCode::OK
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]

    use super::*;

    fn accepting(accept: &str) -> Option<MediaType> {
        let mut headers = HeaderMap::new();
        headers.insert(header::ACCEPT, HeaderValue::from_str(accept).ok()?);
        negotiate(&headers).ok()
    }

    #[test]
    fn accept_chooses_the_media_type() {
        assert_eq!(accepting(JSON), Some(MediaType::Json));
        assert_eq!(accepting("*/*"), Some(MediaType::Json));
        assert_eq!(
            accepting("application/graphql-response+json, application/json;q=0.9"),
            Some(MediaType::GraphqlResponse)
        );
        assert_eq!(
            accepting("application/graphql-response+json;q=0.5, application/json"),
            Some(MediaType::Json)
        );
        assert_eq!(accepting("text/html"), None);
        assert_eq!(negotiate(&HeaderMap::new()).ok(), Some(MediaType::Json));
    }

    #[test]
    fn only_json_in_utf8_is_a_request_body() {
        let with = |value: &str| {
            let mut headers = HeaderMap::new();
            headers.insert(header::CONTENT_TYPE, HeaderValue::from_str(value).unwrap());
            is_json(&headers)
        };
        assert!(with("application/json"));
        assert!(with("Application/JSON; charset=UTF-8"));
        assert!(!with("application/json; charset=latin1"));
        assert!(!with("text/plain"));
        assert!(!with("application/graphql"));
        assert!(!is_json(&HeaderMap::new()));
    }
}
