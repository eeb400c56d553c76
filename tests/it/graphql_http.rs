//! GraphQL over HTTP to the letter (the GraphQL-over-HTTP specification, as the
//! graphql-http audit checks it), over a real HTTP connection: one test per requirement,
//! named for it. Then the depth limit with introspection, `locations`, and the rule for
//! sensitive fields.

use std::net::SocketAddr;

use baton_domain::agency::Role;
use serde_json::{Value, json};
use tokio::io::{AsyncReadExt, AsyncWriteExt};

use crate::harness::*;

const GRAPHQL_RESPONSE: &str = "application/graphql-response+json";

/// An HTTP answer: status, headers (names in lower case) and body.
struct Answer {
    status: u16,
    headers: Vec<(String, String)>,
    body: String,
}

impl Answer {
    fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.as_str())
    }

    fn json(&self) -> Value {
        serde_json::from_str(&self.body).unwrap_or_else(|e| panic!("not JSON ({e}): {}", self.body))
    }

    fn content_type(&self) -> &str {
        self.header("content-type").unwrap_or_default()
    }
}

/// Serves `app`'s router on a free local port.
async fn serve(app: &TestApp) -> SocketAddr {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    let router = baton_api::router(app.schema.clone(), app.engine.clone());
    tokio::spawn(async move { axum::serve(listener, router).await.unwrap() });
    addr
}

/// Sends one HTTP/1.1 request over a new connection and reads the whole answer.
async fn http(
    addr: SocketAddr,
    method: &str,
    path: &str,
    headers: &[(&str, &str)],
    body: &[u8],
) -> Answer {
    let mut stream = waited("a connection", tokio::net::TcpStream::connect(addr))
        .await
        .unwrap();
    let mut head = format!("{method} {path} HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\n");
    for (name, value) in headers {
        head.push_str(&format!("{name}: {value}\r\n"));
    }
    if method == "POST" {
        head.push_str(&format!("Content-Length: {}\r\n", body.len()));
    }
    head.push_str("\r\n");
    stream.write_all(head.as_bytes()).await.unwrap();
    stream.write_all(body).await.unwrap();
    let mut raw = Vec::new();
    waited("the answer", stream.read_to_end(&mut raw))
        .await
        .unwrap();
    let text = String::from_utf8(raw).expect("the answer is utf-8");
    let (head, body) = text.split_once("\r\n\r\n").unwrap();
    let mut lines = head.lines();
    let status = lines
        .next()
        .unwrap()
        .split(' ')
        .nth(1)
        .unwrap()
        .parse()
        .unwrap();
    let headers = lines
        .filter_map(|l| l.split_once(':'))
        .map(|(n, v)| (n.trim().to_ascii_lowercase(), v.trim().to_owned()))
        .collect();
    Answer {
        status,
        headers,
        body: body.to_owned(),
    }
}

/// POSTs `body` as JSON, accepting `accept`.
async fn post(addr: SocketAddr, accept: &str, body: &str) -> Answer {
    let headers = [("Content-Type", "application/json"), ("Accept", accept)];
    http(addr, "POST", "/graphql", &headers, body.as_bytes()).await
}

const TYPENAME: &str = r#"{"query":"{ __typename }"}"#;

backend_test! {
    /// 4655, 2C94, 03D4, 13EE: a POST in application/json accepting only application/json
    /// is answered 200 in application/json, without errors.
    async fn must_accept_application_json_and_answer_in_it(app) {
        let addr = serve(&app).await;
        let answer = post(addr, "application/json", TYPENAME).await;
        assert_eq!(answer.status, 200, "{}", answer.body);
        assert!(answer.content_type().starts_with("application/json"), "{}", answer.content_type());
        assert_eq!(answer.json(), json!({ "data": { "__typename": "Query" } }));
    }
}

backend_test! {
    /// 22EB: accepting application/graphql-response+json gets it.
    async fn should_answer_graphql_response_json_when_accepted(app) {
        let addr = serve(&app).await;
        let answer = post(addr, GRAPHQL_RESPONSE, TYPENAME).await;
        assert_eq!(answer.status, 200);
        assert!(answer.content_type().starts_with(GRAPHQL_RESPONSE), "{}", answer.content_type());
        let both = post(addr, "application/json, application/graphql-response+json", TYPENAME).await;
        assert!(both.content_type().starts_with(GRAPHQL_RESPONSE));
    }
}

backend_test! {
    /// 47DE, 80D8: `*/*`, or no `Accept` at all, is answered in application/json; a type
    /// neither is 406.
    async fn any_or_no_accept_gets_application_json_and_an_unknown_one_406(app) {
        let addr = serve(&app).await;
        let any = post(addr, "*/*", TYPENAME).await;
        assert!(any.content_type().starts_with("application/json"));
        let get = http(addr, "GET", "/graphql?query=%7B__typename%7D", &[], b"").await;
        assert_eq!(get.status, 200);
        assert!(get.content_type().starts_with("application/json"), "{}", get.content_type());
        let html = post(addr, "text/html", TYPENAME).await;
        assert_eq!(html.status, 406);
    }
}

backend_test! {
    /// 82A3, BF61, 78D5: a request in utf-8, with or without a charset, is accepted, and the
    /// answer is utf-8 (Vietnamese names arrive intact).
    async fn must_accept_utf8_with_or_without_charset_and_answer_in_utf8(app) {
        let w = World::build(&app).await;
        let addr = serve(&app).await;
        let user = app
            .engine
            .create_user(w.court.id, "Thư ký Lê Thị Mai", &[Role::AgencyOfficer])
            .await
            .unwrap();
        let token = format!("Bearer {}", app.engine.issue_token(user, None).await.unwrap());
        let query = r#"{"query":"{ me { name } }"}"#;
        for content_type in [
            "application/json",
            "application/json; charset=utf-8",
            "application/json;charset=UTF-8",
        ] {
            let headers = [("Content-Type", content_type), ("Authorization", token.as_str())];
            let answer = http(addr, "POST", "/graphql", &headers, query.as_bytes()).await;
            assert_eq!(answer.status, 200, "{content_type}: {}", answer.body);
            assert_eq!(answer.json()["data"]["me"]["name"], "Thư ký Lê Thị Mai");
        }
    }
}

backend_test! {
    /// An unsupported media type is refused with 415: another type, another charset, or
    /// none (9ABE).
    async fn an_unsupported_content_type_is_415(app) {
        let addr = serve(&app).await;
        for content_type in ["text/plain", "application/graphql", "application/json; charset=latin1", "application/x-www-form-urlencoded"] {
            let headers = [("Content-Type", content_type)];
            let answer = http(addr, "POST", "/graphql", &headers, TYPENAME.as_bytes()).await;
            assert_eq!(answer.status, 415, "{content_type}");
            assert_eq!(answer.json()["errors"][0]["extensions"]["code"], "BAD_USER_INPUT");
        }
        let none = http(addr, "POST", "/graphql", &[], TYPENAME.as_bytes()).await;
        assert_eq!(none.status, 415);
    }
}

/// The status of a POST of `body`, under either media type, and its error code.
async fn refused(addr: SocketAddr, body: &str) -> Vec<(u16, Value)> {
    let mut out = Vec::new();
    for accept in ["application/json", GRAPHQL_RESPONSE] {
        let answer = post(addr, accept, body).await;
        let json = answer.json();
        assert!(json.get("data").is_none(), "{body}: {json}");
        out.push((
            answer.status,
            json["errors"][0]["extensions"]["code"].clone(),
        ));
    }
    out
}

fn bad_request_twice() -> Vec<(u16, Value)> {
    vec![(400, json!("BAD_USER_INPUT")); 2]
}

backend_test! {
    /// 7267: a POST needs a body.
    async fn must_require_a_request_body_on_post(app) {
        let addr = serve(&app).await;
        assert_eq!(refused(addr, "").await, bad_request_twice());
    }
}

backend_test! {
    /// A body that is not JSON is 400 (2163, 60AA).
    async fn invalid_json_is_400(app) {
        let addr = serve(&app).await;
        assert_eq!(refused(addr, r#"{ "not a JSON"#).await, bad_request_twice());
        assert_eq!(refused(addr, r#""just a string""#).await, bad_request_twice());
    }
}

backend_test! {
    /// 6610, 17C5, 34D6: a request without `query` is 400, without data.
    async fn a_missing_query_is_400(app) {
        let addr = serve(&app).await;
        assert_eq!(refused(addr, r#"{"qeury":"{ __typename }"}"#).await, bad_request_twice());
        assert_eq!(refused(addr, r#"{"query":null}"#).await, bad_request_twice());
    }
}

backend_test! {
    /// 4F5x: `query` must be a string.
    async fn a_query_that_is_not_a_string_is_400(app) {
        let addr = serve(&app).await;
        for query in [json!({ "obj": "ect" }), json!(0), json!(false), json!(["array"])] {
            let body = json!({ "query": query }).to_string();
            assert_eq!(refused(addr, &body).await, bad_request_twice(), "{body}");
        }
    }
}

/// Each of `invalid` for `parameter` is 400; null is accepted (0220, 0221, 0222).
async fn parameter_must_be(addr: SocketAddr, parameter: &str, valid: Value, invalid: &[Value]) {
    for value in invalid {
        let body = json!({ "query": "query Query { __typename }", parameter: value }).to_string();
        assert_eq!(refused(addr, &body).await, bad_request_twice(), "{body}");
    }
    for value in [Value::Null, valid] {
        let body = json!({ "query": "query Query { __typename }", parameter: value }).to_string();
        for accept in ["application/json", GRAPHQL_RESPONSE] {
            let answer = post(addr, accept, &body).await;
            assert_eq!(answer.status, 200, "{body}");
            assert_eq!(
                answer.json(),
                json!({ "data": { "__typename": "Query" } }),
                "{body}"
            );
        }
    }
}

backend_test! {
    /// E3Ex, B8B3, 0221: `operationName` is a string or null.
    async fn operation_name_that_is_not_a_string_is_400(app) {
        let addr = serve(&app).await;
        let invalid = [json!({ "obj": "ect" }), json!(0), json!(false), json!(["array"])];
        parameter_must_be(addr, "operationName", json!("Query"), &invalid).await;
    }
}

backend_test! {
    /// 69Bx, 28B9, 0220: `variables` is an object or null.
    async fn variables_that_are_not_an_object_are_400(app) {
        let addr = serve(&app).await;
        let invalid = [json!("string"), json!(0), json!(false), json!(["array"])];
        parameter_must_be(addr, "variables", json!({ "name": "sometype" }), &invalid).await;
    }
}

backend_test! {
    /// 904x, 1B7A, 0222: `extensions` is an object or null.
    async fn extensions_that_are_not_an_object_are_400(app) {
        let addr = serve(&app).await;
        let invalid = [json!("string"), json!(0), json!(false), json!(["array"])];
        parameter_must_be(addr, "extensions", json!({ "some": "value" }), &invalid).await;
    }
}

backend_test! {
    /// 9C48: GET may not run a mutation: 405, allowing POST.
    async fn get_with_a_mutation_is_405(app) {
        let addr = serve(&app).await;
        let path = "/graphql?query=mutation%20%7B%20__typename%20%7D";
        let answer = http(addr, "GET", path, &[("Accept", GRAPHQL_RESPONSE)], b"").await;
        assert_eq!(answer.status, 405);
        assert_eq!(answer.header("allow"), Some("POST"));
    }
}

backend_test! {
    /// 556A, D586, 74FF, 5E5B: under application/graphql-response+json a document that does
    /// not parse or validate is 400 without data; under application/json, 200 (572B, FDE2).
    async fn parse_and_validation_errors_are_400_under_graphql_response_json(app) {
        let addr = serve(&app).await;
        for query in ["{", "{ 8f31403dfe404bccbb0e835f2629c6a7 }"] {
            let body = json!({ "query": query }).to_string();
            let strict = post(addr, GRAPHQL_RESPONSE, &body).await;
            assert_eq!(strict.status, 400, "{query}");
            let json = strict.json();
            assert!(json.get("data").is_none(), "{json}");
            assert_eq!(json["errors"][0]["extensions"]["code"], "BAD_USER_INPUT");
            let legacy = post(addr, "application/json", &body).await;
            assert_eq!(legacy.status, 200, "{query}");
            assert!(legacy.json()["errors"].is_array());
        }
    }
}

backend_test! {
    /// Under application/graphql-response+json a request that needs a token and has none,
    /// or has an invalid one, is 401 with `WWW-Authenticate: Bearer`; under
    /// application/json it stays 200 with `UNAUTHENTICATED`. Data a caller may read without
    /// a token is still 200.
    async fn a_missing_or_invalid_token_is_401_under_graphql_response_json(app) {
        let addr = serve(&app).await;
        let me = r#"{"query":"{ me { name } }"}"#;
        let forged = [("Content-Type", "application/json"), ("Accept", GRAPHQL_RESPONSE), ("Authorization", "Bearer baton_forged")];
        let cases = [
            post(addr, GRAPHQL_RESPONSE, me).await,
            http(addr, "POST", "/graphql", &forged, TYPENAME.as_bytes()).await,
        ];
        for answer in cases {
            assert_eq!(answer.status, 401, "{}", answer.body);
            assert_eq!(answer.header("www-authenticate"), Some("Bearer"));
            let json = answer.json();
            assert_eq!(json["errors"][0]["extensions"]["code"], "UNAUTHENTICATED");
            assert!(json.get("data").is_none(), "{json}");
        }
        let legacy = post(addr, "application/json", me).await;
        assert_eq!(legacy.status, 200);
        assert_eq!(legacy.json()["errors"][0]["extensions"]["code"], "UNAUTHENTICATED");
        let open = post(addr, GRAPHQL_RESPONSE, TYPENAME).await;
        assert_eq!(open.status, 200);
    }
}

/// Every `locations` entry of every error in `answer`.
fn lines_of(answer: &Value) -> Vec<u64> {
    answer["errors"]
        .as_array()
        .into_iter()
        .flatten()
        .flat_map(|e| e["locations"].as_array().cloned().unwrap_or_default())
        .map(|at| at["line"].as_u64().unwrap())
        .collect()
}

backend_test! {
    /// No error points at line 0: request-level errors (a bad token, a limit) have no
    /// `locations`, errors in the document point at their line.
    async fn no_error_has_locations_at_line_0(app) {
        let addr = serve(&app).await;
        let forged = [("Content-Type", "application/json"), ("Authorization", "Bearer baton_forged")];
        let deep = format!("{{ {}a{} }}", "a { ".repeat(20), " }".repeat(20));
        let answers = [
            http(addr, "POST", "/graphql", &forged, TYPENAME.as_bytes()).await.json(),
            post(addr, "application/json", &json!({ "query": deep }).to_string()).await.json(),
            post(addr, "application/json", r#"{"query":"{ me { name } }"}"#).await.json(),
            post(addr, "application/json", &json!({ "query": format!("{{ __typename }} #{}", "x".repeat(70_000)) }).to_string()).await.json(),
        ];
        for answer in &answers {
            assert!(answer["errors"].is_array(), "{answer}");
            assert!(lines_of(answer).iter().all(|line| *line > 0), "{answer}");
        }
        let unknown = post(addr, "application/json", r#"{"query":"{\n  nope\n}"}"#).await.json();
        assert_eq!(lines_of(&unknown), vec![2], "{unknown}");
    }
}

/// graphql-js's `getIntrospectionQuery()`, as GraphiQL sends it.
const INTROSPECTION: &str = r#"
query IntrospectionQuery {
  __schema {
    queryType { name }
    mutationType { name }
    subscriptionType { name }
    types { ...FullType }
    directives { name description locations args { ...InputValue } }
  }
}
fragment FullType on __Type {
  kind name description
  fields(includeDeprecated: true) {
    name description
    args { ...InputValue }
    type { ...TypeRef }
    isDeprecated deprecationReason
  }
  inputFields { ...InputValue }
  interfaces { ...TypeRef }
  enumValues(includeDeprecated: true) { name description isDeprecated deprecationReason }
  possibleTypes { ...TypeRef }
}
fragment InputValue on __InputValue {
  name description
  type { ...TypeRef }
  defaultValue
}
fragment TypeRef on __Type {
  kind name
  ofType { kind name
    ofType { kind name
      ofType { kind name
        ofType { kind name
          ofType { kind name
            ofType { kind name
              ofType { kind name }
            }
          }
        }
      }
    }
  }
}
"#;

backend_test! {
    /// GraphiQL's own schema query passes the depth limit (introspection has its own); an
    /// ordinary query as deep is still refused.
    async fn the_standard_introspection_query_passes_and_a_deep_query_does_not(app) {
        let addr = serve(&app).await;
        let answer = post(addr, GRAPHQL_RESPONSE, &json!({ "query": INTROSPECTION }).to_string()).await;
        assert_eq!(answer.status, 200, "{}", answer.body);
        let json = answer.json();
        assert!(json.get("errors").is_none(), "{json}");
        assert!(json["data"]["__schema"]["types"].as_array().unwrap().len() > 50);

        let mut deep = String::from("__typename");
        for _ in 0..3 {
            deep = format!("matters {{ edges {{ node {{ handoffs {{ matter {{ {deep} }} }} }} }} }}");
        }
        let deep = format!("{{ {deep} }}");
        let answer = post(addr, GRAPHQL_RESPONSE, &json!({ "query": deep }).to_string()).await;
        assert_eq!(answer.status, 400);
        let message = answer.json()["errors"][0]["message"].as_str().unwrap().to_owned();
        assert!(message.contains("more than 12 deep"), "{message}");
    }
}

backend_test! {
    /// The redaction rule: every sensitive field is nullable, so a caller who may not read
    /// it gets `null` at that field with a `REDACTED` error at its path, never a parent
    /// object nulled. Walks the schema for every field of `SENSITIVE_FIELDS`.
    async fn every_sensitive_field_is_nullable_and_redacted_at_its_own_path(app) {
        let query = "{ __schema { types { name fields { name type { kind } } } } }";
        let schema = app.gql(None, query, json!({})).await;
        let types = schema["data"]["__schema"]["types"].as_array().unwrap();
        for (type_name, field) in baton_api::objects::SENSITIVE_FIELDS {
            let ty = types
                .iter()
                .find(|t| t["name"] == *type_name)
                .unwrap_or_else(|| panic!("no type {type_name}"));
            let kind = ty["fields"]
                .as_array()
                .unwrap()
                .iter()
                .find(|f| f["name"] == *field)
                .unwrap_or_else(|| panic!("no field {type_name}.{field}"))["type"]["kind"]
                .clone();
            assert_ne!(kind, "NON_NULL", "{type_name}.{field} must be nullable");
        }
        for field in baton_api::objects::person::SENSITIVE {
            assert!(baton_api::objects::SENSITIVE_FIELDS.contains(&("Person", *field)), "{field}");
        }

        let w = World::build(&app).await;
        let m = request(&app, &w.clerk, &w.center, "ARRESTED").await;
        let q = "query($id: ID!) { matter(id: $id) { id mandatoryGrounds } }";
        let r = app.gql(Some(&w.supervisor), q, json!({ "id": m })).await;
        assert_eq!(r["data"]["matter"]["id"], m.as_str(), "{r:#}");
        assert_eq!(r["data"]["matter"]["mandatoryGrounds"], Value::Null);
        assert_eq!(r["errors"][0]["extensions"]["code"], "REDACTED");
        assert_eq!(r["errors"][0]["path"], json!(["matter", "mandatoryGrounds"]));
    }
}
