//! The console's own assets, embedded in the binary and served under a URL that carries
//! their content hash, so a browser may keep them forever (`immutable`).

use std::sync::LazyLock;

use axum::extract::Path;
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use sha2::{Digest, Sha256};

pub const CSS: &str = include_str!("../assets/console.css");
pub const JS: &str = include_str!("../assets/console.js");

/// Where the assets are served: `/static/<name>.<hash>.<ext>`.
pub(crate) const ROUTE: &str = "/static/{file}";

fn short_hash(bytes: &[u8]) -> String {
    hex::encode(&Sha256::digest(bytes)[..8])
}

/// The stylesheet's URL, e.g. `/static/console.1a2b….css`.
pub static CSS_URL: LazyLock<String> =
    LazyLock::new(|| format!("/static/console.{}.css", short_hash(CSS.as_bytes())));
/// The script's URL.
pub static JS_URL: LazyLock<String> =
    LazyLock::new(|| format!("/static/console.{}.js", short_hash(JS.as_bytes())));

const FOREVER: &str = "public, max-age=31536000, immutable";

fn serve(body: &'static str, kind: &'static str) -> Response {
    (
        [
            (header::CONTENT_TYPE, kind),
            (header::CACHE_CONTROL, FOREVER),
        ],
        body,
    )
        .into_response()
}

/// An asset by its hashed name; any other name (an old hash) is not found.
pub(crate) async fn asset(Path(file): Path<String>) -> Response {
    let path = format!("/static/{file}");
    if path == *CSS_URL {
        serve(CSS, "text/css; charset=utf-8")
    } else if path == *JS_URL {
        serve(JS, "text/javascript; charset=utf-8")
    } else {
        StatusCode::NOT_FOUND.into_response()
    }
}
