//! Logging: `RUST_LOG` filters (default: Baton at info), `BATON_LOG_FORMAT=json` for
//! machines, human-readable otherwise. Logs go to stderr; stdout is for command output.

use tracing_subscriber::EnvFilter;

const DEFAULT_FILTER: &str =
    "baton=info,baton_server=info,baton_api=info,baton_engine=info,tower_http=debug,sea_orm=warn";

pub fn init() {
    let filter =
        EnvFilter::try_from_default_env().unwrap_or_else(|_| EnvFilter::new(DEFAULT_FILTER));
    let builder = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(std::io::stderr);
    let json = std::env::var("BATON_LOG_FORMAT").is_ok_and(|f| f == "json");
    // A second init (tests) is harmless: the first subscriber stays.
    let _ = if json {
        builder.json().try_init()
    } else {
        builder.try_init()
    };
}
