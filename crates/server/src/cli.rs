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
    /// Run the GraphQL server (migrates the database first, unless `--no-migrate`).
    Serve(ServeArgs),
    /// Run Baton with a fresh demo province on SQLite: prints the demo users' tokens, then serves.
    Demo(DemoArgs),
    /// Apply pending migrations and exit.
    Migrate(DbArgs),
    /// Print the GraphQL schema (SDL).
    Schema,
    /// Print the bundled rule sets as Markdown: every clock and transition with its legal
    /// basis (`docs/rules.md` is this output). With `--write`, run from the repository's
    /// root: rewrite `docs/rules.md` and the generated tables of `README.md` and
    /// `docs/design.md`.
    RulesDoc {
        #[arg(long)]
        write: bool,
    },
    /// Load the demo province into an empty database and print each demo user as a JSON line.
    SeedDemo(DbArgs),
    /// Run the deadline scheduler alone, for deployments that separate it from `serve`.
    Scheduler(SchedulerCommandArgs),
    /// Run one sweep of the deadline scheduler now and print what it recorded.
    Sweep(SweepArgs),
    /// After the calendar data or a rule set changed: count the due instant of every open
    /// handoff again, move those that changed (an event and a notice each), print a summary.
    RecomputeDeadlines(RecomputeArgs),
    /// Seed a large data set into a fresh database and measure the overdue query and a sweep.
    Bench(BenchArgs),
    /// Measure the console's pages on the demo data: bytes on first load, p50 and p99.
    BenchConsole {
        /// Timed requests of each page.
        #[arg(long, default_value_t = 200)]
        samples: usize,
    },
    /// Manage agencies: `baton agency add`.
    Agency(crate::admin_cli::AgencyArgs),
    /// Manage users: `baton user add`, `baton user enrol`.
    User(crate::admin_cli::UserArgs),
    /// Manage bearer tokens: `baton token issue`, `baton token revoke`.
    Token(crate::admin_cli::TokenArgs),
}

/// What the API lets clients discover and how often they may call. Development defaults;
/// the production configuration (deploy/production.env) turns discovery off.
#[derive(Debug, Clone, Args)]
pub struct ApiArgs {
    /// Answer introspection queries (GraphiQL needs them).
    #[arg(long, env = "BATON_INTROSPECTION", default_value_t = true, action = clap::ArgAction::Set)]
    pub introspection: bool,
    /// Suggest field names in validation errors.
    #[arg(long, env = "BATON_SUGGESTIONS", default_value_t = true, action = clap::ArgAction::Set)]
    pub suggestions: bool,
    /// Requests per signed-in user per minute (HTTP and `/graphql/ws` operations), per
    /// replica; at most a tenth of them at once.
    #[arg(long, env = "BATON_RATE_LIMIT_PER_MINUTE", default_value_t = baton_api::rate_limit::DEFAULT_PER_MINUTE)]
    pub rate_limit_per_minute: u32,
    /// Requests per minute, per replica, shared by anonymous callers and tokens that fail
    /// to sign in.
    #[arg(long, env = "BATON_FAILED_SIGN_INS_PER_MINUTE", default_value_t = baton_api::rate_limit::DEFAULT_FAILURES_PER_MINUTE)]
    pub failed_sign_ins_per_minute: u32,
    /// Seconds a `/graphql/ws` connection may stay open; then it is closed and the client
    /// connects again, signing in anew.
    #[arg(long, env = "BATON_WS_MAX_LIFETIME_SECS", default_value_t = baton_api::socket::DEFAULT_MAX_LIFETIME.as_secs(), value_parser = clap::value_parser!(u64).range(1..))]
    pub ws_max_lifetime_secs: u64,
    /// How long a query may run, in milliseconds, before it is stopped and answered
    /// `TIMEOUT`.
    #[arg(long, env = "BATON_QUERY_TIME_BUDGET_MS", default_value_t = DEFAULT_TIME_BUDGET_MS)]
    pub query_time_budget_ms: u64,
    /// How many operations one user may run at once, per replica; the others wait.
    #[arg(long, env = "BATON_OPERATIONS_PER_CALLER", default_value_t = baton_api::in_flight::DEFAULT_PER_CALLER)]
    pub operations_per_caller: usize,
    /// Mark the console's cookies `Secure`: set when Baton is served behind TLS.
    #[arg(long, env = "BATON_SECURE_COOKIES", default_value_t = false, action = clap::ArgAction::Set)]
    pub secure_cookies: bool,
}

/// The default time budget of a query, in milliseconds.
const DEFAULT_TIME_BUDGET_MS: u64 = baton_api::hardening::DEFAULT_TIME_BUDGET.as_millis() as u64;

impl Default for ApiArgs {
    fn default() -> Self {
        Self {
            introspection: true,
            suggestions: true,
            rate_limit_per_minute: baton_api::rate_limit::DEFAULT_PER_MINUTE,
            failed_sign_ins_per_minute: baton_api::rate_limit::DEFAULT_FAILURES_PER_MINUTE,
            ws_max_lifetime_secs: baton_api::socket::DEFAULT_MAX_LIFETIME.as_secs(),
            query_time_budget_ms: DEFAULT_TIME_BUDGET_MS,
            operations_per_caller: baton_api::in_flight::DEFAULT_PER_CALLER,
            secure_cookies: false,
        }
    }
}

#[derive(Debug, Clone, Args)]
pub struct DbArgs {
    /// Database URL: `sqlite://baton.db` (default; created if absent) or `postgres://...`.
    #[arg(long, env = "BATON_DATABASE_URL", default_value = "sqlite://baton.db")]
    pub database_url: String,
    /// Do not apply pending migrations at start; refuse to start if any are pending. For a
    /// database role that may not change the schema (`deploy/postgres/roles.sql`): the
    /// owner role runs `baton migrate`, which ignores this setting.
    #[arg(long, env = "BATON_NO_MIGRATE")]
    pub no_migrate: bool,
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
    #[command(flatten)]
    pub scheduler: SchedulerArgs,
    #[command(flatten)]
    pub api: ApiArgs,
    /// Do not run the deadline scheduler in this process (run `baton scheduler` elsewhere).
    #[arg(long, env = "BATON_NO_SCHEDULER")]
    pub no_scheduler: bool,
}

/// The deadline scheduler's settings.
#[derive(Debug, Clone, Args)]
pub struct SchedulerArgs {
    /// When to sweep: a cron expression with 6 or 7 fields, seconds first
    /// (sec min hour day-of-month month day-of-week [year]).
    #[arg(long, env = "BATON_SWEEP_CRON", default_value = "0 * * * * *")]
    pub sweep_cron: String,
    /// How long a breach may stay open after its due instant before it is escalated to the
    /// national authority: a number and a unit, s, m, h or d.
    #[arg(long, env = "BATON_ESCALATE_AFTER", default_value = "24h")]
    pub escalate_after: String,
    /// Handoffs fired per transaction.
    #[arg(long, env = "BATON_SWEEP_BATCH", default_value_t = 200)]
    pub sweep_batch: u64,
}

#[derive(Debug, Clone, Args)]
pub struct SchedulerCommandArgs {
    #[command(flatten)]
    pub db: DbArgs,
    #[command(flatten)]
    pub rules: RulesArgs,
    #[command(flatten)]
    pub scheduler: SchedulerArgs,
}

#[derive(Debug, Clone, Args)]
pub struct SweepArgs {
    #[command(flatten)]
    pub db: DbArgs,
    #[command(flatten)]
    pub rules: RulesArgs,
    #[command(flatten)]
    pub scheduler: SchedulerArgs,
    /// Run one sweep and exit (the only mode; `baton scheduler` runs them on a schedule).
    #[arg(long, required = true)]
    pub once: bool,
}

#[derive(Debug, Clone, Args)]
pub struct RecomputeArgs {
    #[command(flatten)]
    pub db: DbArgs,
    /// The calendar and rule sets to count with: the new data (as `serve` will load it).
    #[command(flatten)]
    pub rules: RulesArgs,
    /// Print what would move; write nothing (not even migrations).
    #[arg(long)]
    pub dry_run: bool,
    /// Why the data changed, recorded on every event it writes, e.g. "Lịch nghỉ năm 2027
    /// thay đổi: hoán đổi ngày 30/4".
    #[arg(long)]
    pub reason: Option<String>,
}

#[derive(Debug, Clone, Args)]
pub struct BenchArgs {
    /// The database to seed: it must be empty (e.g. a new PostgreSQL database or SQLite
    /// file). The default is a fresh SQLite file, `baton-bench.db`, replaced on each run.
    #[arg(long, env = "BATON_BENCH_DATABASE_URL")]
    pub database_url: Option<String>,
    /// Matters to seed.
    #[arg(long, default_value_t = 1_000_000)]
    pub matters: usize,
    /// Alerts due at the measured sweep.
    #[arg(long, default_value_t = 1_000)]
    pub due: usize,
    /// Timed runs of each query.
    #[arg(long, default_value_t = 200)]
    pub samples: usize,
    /// `read`: seed and time the supervisors' queries and a sweep. `write`: Baton's
    /// commands over HTTP against the database's own ceiling (pgbench, or single-row
    /// commits on SQLite) at each number of `--clients`.
    #[arg(long, value_enum, default_value_t = BenchMode::Read)]
    pub mode: BenchMode,
    /// Write mode: the numbers of concurrent clients, comma-separated.
    #[arg(long, value_delimiter = ',', default_values_t = [1, 4, 16, 64])]
    pub clients: Vec<usize>,
    /// Write mode: seconds per measured run.
    #[arg(long, default_value_t = 10)]
    pub seconds: u64,
}

/// What `baton bench` measures.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum BenchMode {
    Read,
    Write,
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
