//! The results after the aid on a matter: its payment claims (T18) and the supervisors'
//! evaluations (T17); and the supervisors' totals of approved payments.

use async_graphql::{Context, ID, Object, SimpleObject};
use baton_domain::decide::EventDetail;
use baton_domain::pay::{PayTable, PricedLine};
use baton_engine::{Claim, Event, ProvinceTotal};
use chrono::{DateTime, NaiveDate, Utc};

use crate::enums::{ClaimKind, ClaimStatus, ConfirmerRole, EvaluationBasis, QualityGrade};
use crate::error::ApiResult;
use crate::objects::{AgencyObject, ProviderObject};

/// A provider's claim for pay on a matter (T18), priced when submitted.
pub struct PaymentClaimObject(pub Claim);

#[Object(name = "PaymentClaim")]
impl PaymentClaimObject {
    async fn id(&self) -> ID {
        ID(self.0.id.to_string())
    }

    async fn kind(&self) -> ClaimKind {
        self.0.priced.kind.into()
    }

    async fn kind_label(&self) -> &str {
        self.0.priced.kind.label_vi()
    }

    async fn status(&self) -> ClaimStatus {
        self.0.status.into()
    }

    async fn status_label(&self) -> &str {
        self.0.status.label_vi()
    }

    /// The provider paid: the one assigned to the matter when the claim was made.
    async fn provider(&self, ctx: &Context<'_>) -> ApiResult<ProviderObject> {
        Ok(ProviderObject(
            crate::loaders::provider(ctx, self.0.provider).await?,
        ))
    }

    /// Hours claimed in sessions (a half-day session is 4 hours); 0 for a lump sum.
    async fn hours(&self) -> u32 {
        self.0.priced.hours
    }

    /// Whole đồng.
    async fn amount(&self) -> i64 {
        self.0.priced.amount
    }

    async fn work_from(&self) -> NaiveDate {
        self.0.priced.work_from
    }

    async fn work_to(&self) -> NaiveDate {
        self.0.priced.work_to
    }

    /// Each line with the base salary of its day and its amount.
    async fn lines(&self) -> Vec<PaymentLine> {
        self.0.priced.lines.iter().map(PaymentLine::from).collect()
    }

    async fn submitted_by_name(&self) -> &str {
        &self.0.submitted_by_name
    }

    async fn submitted_at(&self) -> DateTime<Utc> {
        self.0.submitted_at
    }

    async fn decided_by_name(&self) -> Option<&str> {
        self.0.decided_by_name.as_deref()
    }

    /// When the center approved (the payment) or rejected the claim.
    async fn decided_at(&self) -> Option<DateTime<Utc>> {
        self.0.decided_at
    }

    /// Why the center rejected it.
    async fn reason(&self) -> Option<&str> {
        self.0.reason.as_deref()
    }
}

/// One priced line of a claim.
#[derive(SimpleObject)]
pub struct PaymentLine {
    worked_on: NaiveDate,
    hours: u32,
    /// The activity code; empty for a lump sum.
    activity: String,
    activity_label: Option<String>,
    confirmer_role: Option<ConfirmerRole>,
    confirmer_name: Option<String>,
    /// The base salary (mức lương cơ sở) in force on `workedOn`, đồng a month.
    base_salary: i64,
    amount: i64,
}

impl From<&PricedLine> for PaymentLine {
    fn from(l: &PricedLine) -> Self {
        Self {
            worked_on: l.worked_on,
            hours: l.hours,
            activity: l.activity.clone(),
            activity_label: PayTable::bundled()
                .activity(&l.activity)
                .map(|a| a.label.clone()),
            confirmer_role: l.confirmer_role.map(Into::into),
            confirmer_name: l.confirmer_name.clone(),
            base_salary: l.base_salary,
            amount: l.amount,
        }
    }
}

/// A supervisor's evaluation of the matter (T17: TT 12 Điều 14(2)–(3), 15).
#[derive(SimpleObject)]
pub struct SupervisoryEvaluation {
    basis: EvaluationBasis,
    basis_label: String,
    complaint: Option<String>,
    responsibility: i32,
    performance: i32,
    satisfaction: i32,
    prohibited_act: bool,
    /// Out of 100.
    total_score: i32,
    grade: QualityGrade,
    grade_label: String,
    conclusion: String,
    evaluator_name: String,
    evaluator_agency: AgencyObject,
    evaluated_at: DateTime<Utc>,
}

/// The evaluations on a matter's timeline, oldest first.
pub(crate) async fn evaluations(
    ctx: &Context<'_>,
    events: Vec<Event>,
) -> ApiResult<Vec<SupervisoryEvaluation>> {
    let mut out = Vec::new();
    for e in events {
        if let EventDetail::SupervisoryEvaluated {
            basis,
            complaint,
            appraisal,
            total,
            grade,
            conclusion,
        } = e.detail
        {
            out.push(SupervisoryEvaluation {
                basis: basis.into(),
                basis_label: basis.label_vi().to_owned(),
                complaint,
                responsibility: i32::from(appraisal.responsibility),
                performance: i32::from(appraisal.performance),
                satisfaction: i32::from(appraisal.satisfaction),
                prohibited_act: appraisal.prohibited_act,
                total_score: i32::from(total),
                grade: grade.into(),
                grade_label: grade.label_vi().to_owned(),
                conclusion,
                evaluator_name: e.actor_name,
                evaluator_agency: AgencyObject(crate::loaders::agency(ctx, e.actor_agency).await?),
                evaluated_at: e.occurred_at,
            });
        }
    }
    Ok(out)
}

/// The payments approved in a period in one province (T18).
pub struct PaymentTotalObject(pub ProvinceTotal);

#[Object(name = "PaymentTotal")]
impl PaymentTotalObject {
    async fn province(&self) -> &str {
        &self.0.province
    }

    /// Claims approved.
    async fn claims(&self) -> u64 {
        self.0.claims
    }

    /// Hours paid by sessions.
    async fn hours(&self) -> u64 {
        self.0.hours
    }

    /// Whole đồng.
    async fn amount(&self) -> i64 {
        self.0.amount
    }
}
