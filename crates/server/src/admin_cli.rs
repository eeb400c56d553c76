//! `baton agency add`, `baton user add | enrol`, `baton token issue | revoke | revoke-all`: the
//! operator's tools at the command line (the operator acts for the whole system; administrators use the
//! GraphQL mutations, limited to their jurisdiction).

use std::sync::Arc;

use anyhow::{Context as _, bail};
use baton_domain::agency::{AgencyKind, Role};
use baton_domain::clock::SystemClock;
use baton_domain::ids::{AgencyId, ProviderId, UserId};
use baton_engine::NewAgency;
use clap::{Args, Subcommand};
use uuid::Uuid;

use crate::app;
use crate::cli::{DbArgs, RulesArgs};

#[derive(Debug, Args)]
pub struct AgencyArgs {
    #[command(subcommand)]
    pub command: AgencyCommand,
}

#[derive(Debug, Subcommand)]
pub enum AgencyCommand {
    /// Add an agency (the first step of a real deployment); prints it as JSON.
    Add {
        #[command(flatten)]
        db: DbArgs,
        /// investigation_body, procuracy, court, detention_facility, legal_aid_center,
        /// legal_aid_branch, justice_department or national_authority.
        #[arg(long)]
        kind: String,
        /// Full name, with diacritics.
        #[arg(long)]
        name: String,
        /// Province code, e.g. HN (VN for the national authority).
        #[arg(long)]
        province: String,
        /// Province name, e.g. "Thành phố Hà Nội".
        #[arg(long)]
        province_name: String,
        /// The parent center of a branch.
        #[arg(long)]
        parent: Option<Uuid>,
    },
}

#[derive(Debug, Args)]
pub struct UserArgs {
    #[command(subcommand)]
    pub command: UserCommand,
}

#[derive(Debug, Subcommand)]
pub enum UserCommand {
    /// Add a user to an agency; prints the user as JSON.
    Add {
        #[command(flatten)]
        db: DbArgs,
        /// The agency's id.
        #[arg(long)]
        agency: Uuid,
        /// Full name, with diacritics.
        #[arg(long)]
        name: String,
        /// The sign-in name (a-z, 0-9, '.', '_', '-'; 3 to 40); by default the name
        /// without diacritics, words joined by dots.
        #[arg(long)]
        login: Option<String>,
        /// Comma-separated roles: agency_officer, center_coordinator, provider, supervisor,
        /// administrator.
        #[arg(long, value_delimiter = ',')]
        roles: Vec<String>,
        /// For a provider's account: their id on the center's roster (required with the
        /// provider role).
        #[arg(long)]
        provider: Option<Uuid>,
    },
    /// Make a one-time enrolment code for a user (e.g. the first national administrator);
    /// prints it once, as JSON, with the console link where they set their password. It
    /// expires after 72 hours; hand it to the user, who alone should use it.
    Enrol {
        #[command(flatten)]
        db: DbArgs,
        /// The user's id.
        user: Uuid,
    },
}

#[derive(Debug, Args)]
pub struct TokenArgs {
    #[command(subcommand)]
    pub command: TokenCommand,
}

#[derive(Debug, Subcommand)]
pub enum TokenCommand {
    /// Issue a bearer token for a user; prints it once, as JSON (only its hash is kept).
    Issue {
        #[command(flatten)]
        db: DbArgs,
        #[arg(long)]
        user: Uuid,
        /// Days until it expires (1 to 366).
        #[arg(long, default_value_t = baton_engine::admin::DEFAULT_TOKEN_DAYS)]
        days: u32,
    },
    /// Revoke a token by its id: it stops working at once.
    Revoke {
        #[command(flatten)]
        db: DbArgs,
        #[arg(long)]
        token: Uuid,
    },
    /// Revoke every token of a user (someone who left the office).
    RevokeAll {
        #[command(flatten)]
        db: DbArgs,
        #[arg(long)]
        user: Uuid,
    },
}

async fn engine(db: &DbArgs) -> anyhow::Result<baton_engine::Engine> {
    let (rules, calendar) = app::load_rules(&RulesArgs {
        rules_dir: None,
        calendar_dir: None,
    })?;
    let conn = app::connect_and_migrate(&db.database_url).await?;
    Ok(app::engine(conn, rules, calendar, Arc::new(SystemClock)))
}

pub async fn agency(args: AgencyArgs) -> anyhow::Result<()> {
    let AgencyCommand::Add {
        db,
        kind,
        name,
        province,
        province_name,
        parent,
    } = args.command;
    let kind = AgencyKind::from_code(kind.trim())
        .with_context(|| format!("unknown agency kind {kind:?}"))?;
    let engine = engine(&db).await?;
    let new = NewAgency {
        kind,
        name,
        province,
        province_name,
        parent: parent.map(AgencyId),
    };
    let agency = engine.add_agency(None, new).await?;
    println!(
        "{}",
        serde_json::json!({ "agencyId": agency.id.to_string(), "kind": kind.code(), "name": agency.name })
    );
    Ok(())
}

pub async fn user(args: UserArgs) -> anyhow::Result<()> {
    match args.command {
        UserCommand::Add {
            db,
            agency,
            name,
            login,
            roles,
            provider,
        } => {
            let roles = roles
                .iter()
                .map(|r| Role::from_code(r.trim()).with_context(|| format!("unknown role {r:?}")))
                .collect::<anyhow::Result<Vec<_>>>()?;
            if roles.is_empty() {
                bail!("name at least one role with --roles");
            }
            let engine = engine(&db).await?;
            let id = engine
                .add_user(
                    None,
                    AgencyId(agency),
                    &name,
                    login.as_deref(),
                    &roles,
                    provider.map(ProviderId),
                )
                .await?;
            let codes: Vec<_> = roles.iter().map(|r| r.code()).collect();
            println!(
                "{}",
                serde_json::json!({ "userId": id.to_string(), "name": name, "roles": codes })
            );
        }
        UserCommand::Enrol { db, user } => {
            let engine = engine(&db).await?;
            let enrolment = engine.create_enrolment(None, UserId(user)).await?;
            println!(
                "{}",
                serde_json::json!({
                    "userId": user.to_string(),
                    "code": enrolment.code,
                    "expiresAt": enrolment.expires_at.to_rfc3339(),
                    "link": format!("{}?code={}", baton_api::enrolment::ENROL_PATH, enrolment.code),
                })
            );
        }
    }
    Ok(())
}

pub async fn token(args: TokenArgs) -> anyhow::Result<()> {
    match args.command {
        TokenCommand::Issue { db, user, days } => {
            let engine = engine(&db).await?;
            let issued = engine
                .issue_token_for(None, UserId(user), Some(days))
                .await?;
            println!(
                "{}",
                serde_json::json!({
                    "tokenId": issued.id.to_string(),
                    "token": issued.token,
                    "expiresAt": issued.expires_at.map(|t| t.to_rfc3339()),
                })
            );
        }
        TokenCommand::Revoke { db, token } => {
            let engine = engine(&db).await?;
            let at = engine.revoke_token(None, token).await?;
            println!(
                "{}",
                serde_json::json!({ "tokenId": token.to_string(), "revokedAt": at.to_rfc3339() })
            );
        }
        TokenCommand::RevokeAll { db, user } => {
            let engine = engine(&db).await?;
            let revoked = engine.revoke_user_tokens(None, UserId(user)).await?;
            println!(
                "{}",
                serde_json::json!({ "userId": user.to_string(), "revoked": revoked })
            );
        }
    }
    Ok(())
}
