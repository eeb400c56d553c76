//! `baton user add`, `baton token issue`, `baton token revoke`: the operator's tools at
//! the command line (the operator acts for the whole system; administrators use the
//! GraphQL mutations, limited to their jurisdiction).

use std::sync::Arc;

use anyhow::{Context as _, bail};
use baton_domain::agency::Role;
use baton_domain::clock::SystemClock;
use baton_domain::ids::{AgencyId, UserId};
use clap::{Args, Subcommand};
use uuid::Uuid;

use crate::app;
use crate::cli::{DbArgs, RulesArgs};

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
        /// Comma-separated roles: agency_officer, center_coordinator, provider, supervisor,
        /// administrator.
        #[arg(long, value_delimiter = ',')]
        roles: Vec<String>,
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
}

async fn engine(db: &DbArgs) -> anyhow::Result<baton_engine::Engine> {
    let (rules, calendar) = app::load_rules(&RulesArgs {
        rules_dir: None,
        calendar_dir: None,
    })?;
    let conn = app::connect_and_migrate(&db.database_url).await?;
    Ok(app::engine(conn, rules, calendar, Arc::new(SystemClock)))
}

pub async fn user(args: UserArgs) -> anyhow::Result<()> {
    match args.command {
        UserCommand::Add {
            db,
            agency,
            name,
            roles,
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
                .add_user(None, AgencyId(agency), &name, &roles)
                .await?;
            let codes: Vec<_> = roles.iter().map(|r| r.code()).collect();
            println!(
                "{}",
                serde_json::json!({ "userId": id.to_string(), "name": name, "roles": codes })
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
    }
    Ok(())
}
