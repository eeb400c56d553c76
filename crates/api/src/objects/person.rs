//! The person to be aided. Sensitive personal data (Personal Data Protection Law
//! 91/2025/QH15: birth date, custody, eligibility with its health and disability grounds,
//! the proof) is shown only to those acting on the person's case; others get the field
//! null with an error coded `REDACTED`, and every read is logged.

use async_graphql::{Context, Object};
use baton_domain::agency::Principal;
use baton_engine::{Engine, Matter, Visible};
use chrono::NaiveDate;

use crate::context::log_read;
use crate::enums::{CustodyStatus, EligibilityCategory, ProceduralRole};
use crate::error::{ApiResult, redacted};

/// The sensitive fields of `Person`, as the API names them.
pub const SENSITIVE: &[&str] = &[
    "birthDate",
    "eligibility",
    "eligibilityLabel",
    "proofDocument",
    "custody",
    "custodyLabel",
];

/// The person, with what the caller may read of them.
pub struct PersonObject {
    matter: Visible<Matter>,
    allowed: bool,
}

impl PersonObject {
    /// Decides what the caller may read and logs the sensitive fields the query asks for.
    pub async fn load(
        ctx: &Context<'_>,
        engine: &Engine,
        principal: &Principal,
        matter: &Visible<Matter>,
    ) -> ApiResult<Self> {
        let allowed = engine.may_read_sensitive(principal, matter);
        if allowed {
            let look = ctx.look_ahead();
            let asked: Vec<&'static str> = SENSITIVE
                .iter()
                .copied()
                .filter(|f| look.field(f).exists())
                .collect();
            log_read(ctx, engine, principal, matter, &asked).await?;
        }
        Ok(Self {
            matter: matter.clone(),
            allowed,
        })
    }

    fn sensitive<T>(&self, field: &str, value: impl FnOnce(&Matter) -> T) -> ApiResult<T> {
        if self.allowed {
            Ok(value(&self.matter))
        } else {
            Err(redacted(field))
        }
    }
}

#[Object(name = "Person")]
impl PersonObject {
    async fn full_name(&self) -> &str {
        &self.matter.facts.full_name
    }

    async fn procedural_role(&self) -> ProceduralRole {
        self.matter.facts.procedural_role.into()
    }

    /// Sensitive.
    async fn birth_date(&self) -> ApiResult<Option<NaiveDate>> {
        self.sensitive("birthDate", |m| m.facts.birth_date)
    }

    /// Sensitive: some categories reveal health or disability.
    async fn eligibility(&self) -> ApiResult<Option<EligibilityCategory>> {
        self.sensitive("eligibility", |m| Some(m.facts.eligibility.into()))
    }

    /// Sensitive. The eligibility category in Vietnamese, with its article.
    async fn eligibility_label(&self) -> ApiResult<Option<String>> {
        self.sensitive("eligibilityLabel", |m| {
            Some(m.facts.eligibility.label_vi().to_owned())
        })
    }

    /// Sensitive.
    async fn proof_document(&self) -> ApiResult<Option<String>> {
        self.sensitive("proofDocument", |m| m.facts.proof_document.clone())
    }

    /// Sensitive: criminal-proceedings data.
    async fn custody(&self) -> ApiResult<Option<CustodyStatus>> {
        self.sensitive("custody", |m| Some(m.facts.custody.into()))
    }

    /// Sensitive.
    async fn custody_label(&self) -> ApiResult<Option<String>> {
        self.sensitive("custodyLabel", |m| {
            Some(m.facts.custody.label_vi().to_owned())
        })
    }
}
