//! Command line and environment: every option is a flag or a `BATON_*` variable.

use std::net::SocketAddr;
use std::path::PathBuf;

use clap::{Args, Parser, Subcommand};

#[derive(Debug, Parser)]
#[command(
    name = "baton",
    version,
    about = "Inter-agency workflow engine for state legal aid"
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Run the GraphQL server (migrates the database first).
    Serve(ServeArgs),
    /// Run Baton with a fresh demo province on SQLite: prints the demo users' tokens, then serves.
    Demo(DemoArgs),
    /// Apply pending migrations and exit.
    Migrate(DbArgs),
    /// Print the GraphQL schema (SDL).
    Schema,
    /// Load the demo province into an empty database and print each demo user as a JSON line.
    SeedDemo(DbArgs),
}

#[derive(Debug, Clone, Args)]
pub struct DbArgs {
    /// Database URL: `sqlite://baton.db` (default; created if absent) or `postgres://...`.
    #[arg(long, env = "BATON_DATABASE_URL", default_value = "sqlite://baton.db")]
    pub database_url: String,
}

#[derive(Debug, Clone, Args)]
pub struct RulesArgs {
    /// Load rule sets from this directory (`*.toml`) instead of the bundled ones.
    #[arg(long, env = "BATON_RULES_DIR")]
    pub rules_dir: Option<PathBuf>,
    /// Load working-calendar year files from this directory instead of the bundled ones.
    #[arg(long, env = "BATON_CALENDAR_DIR")]
    pub calendar_dir: Option<PathBuf>,
}

#[derive(Debug, Clone, Args)]
pub struct ServeArgs {
    #[command(flatten)]
    pub db: DbArgs,
    #[command(flatten)]
    pub rules: RulesArgs,
    /// Address to listen on.
    #[arg(long, env = "BATON_LISTEN", default_value = "127.0.0.1:8080")]
    pub listen: SocketAddr,
}

#[derive(Debug, Clone, Args)]
pub struct DemoArgs {
    /// The demo database file; it is recreated on every start so the clocks are fresh.
    #[arg(long, env = "BATON_DEMO_DB", default_value = "baton-demo.db")]
    pub file: PathBuf,
    /// Address to listen on.
    #[arg(long, env = "BATON_LISTEN", default_value = "127.0.0.1:8080")]
    pub listen: SocketAddr,
}
