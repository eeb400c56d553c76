//! The end of a matter: the case-file code (T15), the quality appraisal (T16) and the
//! supervisory evaluation (T17).

use serde::{Deserialize, Serialize};

use crate::error::DomainError;

name_enum!(
    /// Quality grades (TT 12/2018 art. 17).
    QualityGrade {
        Good = ("good", "Tốt"),
        FairlyGood = ("fairly_good", "Khá"),
        Pass = ("pass", "Đạt"),
        Fail = ("fail", "Không đạt"),
    }
);

/// The appraiser's scores (TT 12/2018 art. 8(3), 14–17): professional responsibility out
/// of 30, performance out of 60, the aided person's satisfaction out of 10.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Appraisal {
    pub responsibility: u8,
    pub performance: u8,
    pub satisfaction: u8,
    /// Any prohibited act fails the case whatever the score.
    pub prohibited_act: bool,
}

impl Appraisal {
    /// Validates each score against its maximum, naming the field at fault.
    pub fn parse(
        responsibility: i32,
        performance: i32,
        satisfaction: i32,
        prohibited_act: bool,
    ) -> Result<Self, DomainError> {
        let score = |field: &str, value: i32, max: u8| {
            u8::try_from(value)
                .ok()
                .filter(|v| *v <= max)
                .ok_or_else(|| {
                    DomainError::invalid(field, format!("must be 0 to {max}, not {value}"))
                })
        };
        Ok(Self {
            responsibility: score("responsibility", responsibility, 30)?,
            performance: score("performance", performance, 60)?,
            satisfaction: score("satisfaction", satisfaction, 10)?,
            prohibited_act,
        })
    }

    pub fn total(self) -> u8 {
        self.responsibility + self.performance + self.satisfaction
    }

    /// Good ≥ 90; fairly good 70–89; pass 50–69; fail < 50 or any prohibited act.
    pub fn grade(self) -> QualityGrade {
        match self.total() {
            _ if self.prohibited_act => QualityGrade::Fail,
            90.. => QualityGrade::Good,
            70..=89 => QualityGrade::FairlyGood,
            50..=69 => QualityGrade::Pass,
            _ => QualityGrade::Fail,
        }
    }
}

name_enum!(
    /// Why a supervisor evaluates a matter (TT 12/2018 art. 14(2)–(3), 15): by the plan's
    /// sample of each provider's matters, or on a complaint.
    EvaluationBasis {
        Plan = ("plan", "Theo kế hoạch kiểm tra (chọn mẫu)"),
        Complaint = ("complaint", "Theo khiếu nại, phản ánh"),
    }
);

/// The case-file code `organisation.form.register-number.year` (TT 12/2018 art. 11), e.g.
/// `TT.TGTT.01.2026` for the center's first proceedings case of 2026; a branch uses
/// `CN<n>`. `TGTT` is the form "tham gia tố tụng" (participation in proceedings).
pub fn file_code(organisation: &str, register_number: u32, year: i32) -> String {
    format!("{organisation}.TGTT.{register_number:02}.{year}")
}

/// The organisation part of a case-file code: `TT` for a center's own register, `CN<n>`
/// for the register of its `n`-th branch (TT 12/2018 art. 11(2)).
pub fn register_organisation(branch_number: Option<u32>) -> String {
    branch_number.map_or_else(|| "TT".to_owned(), |n| format!("CN{n}"))
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]

    use super::*;

    fn grade(r: i32, p: i32, s: i32, prohibited: bool) -> QualityGrade {
        Appraisal::parse(r, p, s, prohibited).unwrap().grade()
    }

    #[test]
    fn a_branch_numbers_its_own_register_as_cn_and_its_number() {
        assert_eq!(
            file_code(&register_organisation(None), 1, 2026),
            "TT.TGTT.01.2026"
        );
        assert_eq!(
            file_code(&register_organisation(Some(2)), 13, 2027),
            "CN2.TGTT.13.2027"
        );
    }

    #[test]
    fn grades_follow_tt_12_2018_article_17_at_every_boundary() {
        assert_eq!(grade(30, 60, 10, false), QualityGrade::Good);
        assert_eq!(grade(30, 50, 10, false), QualityGrade::Good);
        assert_eq!(grade(29, 50, 10, false), QualityGrade::FairlyGood);
        assert_eq!(grade(20, 40, 10, false), QualityGrade::FairlyGood);
        assert_eq!(grade(20, 40, 9, false), QualityGrade::Pass);
        assert_eq!(grade(10, 35, 5, false), QualityGrade::Pass);
        assert_eq!(grade(10, 35, 4, false), QualityGrade::Fail);
    }

    #[test]
    fn any_prohibited_act_fails_a_full_score() {
        assert_eq!(grade(30, 60, 10, true), QualityGrade::Fail);
    }

    #[test]
    fn scores_above_their_maximum_name_the_field() {
        let err = Appraisal::parse(31, 60, 10, false).unwrap_err();
        assert_eq!(err.to_string(), "responsibility: must be 0 to 30, not 31");
        let err = Appraisal::parse(30, 60, -1, false).unwrap_err();
        assert!(err.to_string().starts_with("satisfaction:"));
    }

    #[test]
    fn file_codes_follow_the_official_format() {
        assert_eq!(file_code("TT", 1, 2026), "TT.TGTT.01.2026");
        assert_eq!(file_code("CN1", 12, 2026), "CN1.TGTT.12.2026");
    }
}
