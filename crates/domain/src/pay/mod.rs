//! What a provider is paid for a matter (T18: Nghị định 144/2017/NĐ-CP Điều 13, 15;
//! Thông tư 02/2021/TT-BTP): the base salary history and the coefficients as data with
//! effective dates ([`PayTable`], `rules/pay/*.toml`), and the pure pricing of a claim
//! ([`PayTable::price`]). Each session line is paid at the base salary in force on the day
//! of that work.

mod load;
mod price;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::ids::ClaimId;
use crate::ids::ProviderId;
use crate::matter::ProceedingKind;
use crate::text::BoundedText;

pub use load::PayTableError;

name_enum!(
    /// Who confirmed the time of a session (TT 02/2021/TT-BTP Điều 4(3)(h)).
    ConfirmerRole {
        Investigator = ("investigator", "Điều tra viên"),
        Prosecutor = ("prosecutor", "Kiểm sát viên"),
        Judge = ("judge", "Thẩm phán"),
        CourtClerk = ("court_clerk", "Thư ký Tòa án"),
        DetentionOfficer = ("detention_officer", "Cán bộ trại tạm giam, nhà tạm giữ"),
    }
);

name_enum!(
    /// How a claim is paid (Nghị định 144/2017 Điều 13).
    ClaimKind {
        Sessions = ("sessions", "Thù lao theo buổi"),
        LumpSum = ("lump_sum", "Thù lao trọn gói"),
    }
);

name_enum!(
    /// Where a claim stands: the center's coordinator approves or rejects it.
    ClaimStatus {
        Submitted = ("submitted", "Đã đề nghị thanh toán"),
        Approved = ("approved", "Đã duyệt thanh toán"),
        Rejected = ("rejected", "Không duyệt thanh toán"),
    }
);

/// The base salary (mức lương cơ sở) from a day on.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BaseSalary {
    pub from: NaiveDate,
    /// Whole đồng a month.
    pub amount: i64,
    pub basis: String,
}

/// The per-session rule: `coefficient_permille` / 1000 × the base salary per half-day
/// session, at most `max_sessions` per matter.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SessionRule {
    pub coefficient_permille: i64,
    pub max_sessions: u32,
    pub hours_per_session: u32,
    pub max_sessions_per_day: u32,
    pub basis: String,
}

/// The lump sum's range, in multiples of the base salary.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LumpSumRule {
    pub min_multiple: i64,
    pub max_multiple: i64,
    pub basis: String,
}

/// An activity a session may be claimed for, and the procedure types it counts in.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Activity {
    pub code: String,
    pub label: String,
    pub proceedings: Vec<ProceedingKind>,
    pub basis: String,
}

/// The pay data: loaded and checked by [`PayTable::parse`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PayTable {
    pub id: String,
    pub title: String,
    /// In date order, first in force first.
    pub base_salaries: Vec<BaseSalary>,
    pub session: SessionRule,
    pub lump_sum: LumpSumRule,
    pub confirmation_basis: String,
    pub activities: Vec<Activity>,
}

impl PayTable {
    /// The shipped table (`rules/pay/vn-thu-lao-tgpl.toml`), compiled in.
    pub fn bundled() -> &'static PayTable {
        static TABLE: std::sync::OnceLock<PayTable> = std::sync::OnceLock::new();
        TABLE.get_or_init(|| {
            #[allow(clippy::expect_used)]
            PayTable::parse("vn-thu-lao-tgpl.toml", BUNDLED)
                .expect("the bundled pay table is checked by its tests")
        })
    }

    /// The base salary in force on `day`, if any was.
    pub fn base_salary_on(&self, day: NaiveDate) -> Option<&BaseSalary> {
        self.base_salaries.iter().rev().find(|b| b.from <= day)
    }

    pub fn activity(&self, code: &str) -> Option<&Activity> {
        self.activities.iter().find(|a| a.code == code)
    }
}

const BUNDLED: &str = include_str!("../../rules/pay/vn-thu-lao-tgpl.toml");

/// Who confirmed a session's time: the officer's role and name.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Confirmation {
    pub role: ConfirmerRole,
    pub name: BoundedText,
}

/// One session line as the provider claims it: a day, its half-day sessions or its hours
/// (exactly one), the activity, and who confirmed it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SessionInput {
    pub worked_on: NaiveDate,
    pub half_days: Option<i32>,
    pub hours: Option<i32>,
    pub activity: String,
    pub confirmed_by: Option<Confirmation>,
}

/// A claim as sent: session lines, or one lump sum for the work that ended on a day.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum ClaimRequest {
    Sessions { lines: Vec<SessionInput> },
    LumpSum { worked_on: NaiveDate, amount: i64 },
}

/// One line as priced: what was claimed, the base salary of its day and its amount.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PricedLine {
    pub worked_on: NaiveDate,
    /// Hours of work (a half-day session is [`SessionRule::hours_per_session`]).
    pub hours: u32,
    /// Empty for a lump sum.
    pub activity: String,
    pub confirmer_role: Option<ConfirmerRole>,
    pub confirmer_name: Option<String>,
    pub base_salary: i64,
    pub amount: i64,
}

/// A claim priced by [`PayTable::price`]: what is stored and paid.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PricedClaim {
    pub kind: ClaimKind,
    pub lines: Vec<PricedLine>,
    /// Hours claimed in sessions (0 for a lump sum).
    pub hours: u32,
    /// Whole đồng.
    pub amount: i64,
    pub work_from: NaiveDate,
    pub work_to: NaiveDate,
}

/// A claim already on the matter, as the engine loaded it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ClaimRef {
    pub id: ClaimId,
    pub provider: ProviderId,
    pub kind: ClaimKind,
    pub status: ClaimStatus,
    pub hours: u32,
    pub amount: i64,
}

/// What a payment command writes to the claims table.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PaymentChange {
    Submit {
        id: ClaimId,
        provider: ProviderId,
        claim: PricedClaim,
    },
    Decide {
        id: ClaimId,
        status: ClaimStatus,
        reason: Option<String>,
    },
}

#[cfg(test)]
mod tests;
