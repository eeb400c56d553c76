//! Agencies, roles and the principal who calls.

use serde::{Deserialize, Serialize};

use crate::error::DomainError;
use crate::ids::{AgencyId, ProviderId, UserId};

/// The province code of the national authority: the whole country. No other agency has
/// it, and a national authority has no other; so national reach needs both the kind and
/// this marker, and only the operator or a national administrator can place an agency
/// here ([`check_placement`]).
pub const NATIONAL_PROVINCE: &str = "VN";

name_enum!(
    /// What an agency is. Procedural agencies (the first four) hand matters to legal aid
    /// centers; centers and branches act on them; the last two supervise.
    AgencyKind {
        InvestigationBody = ("investigation_body", "Cơ quan điều tra"),
        Procuracy = ("procuracy", "Viện kiểm sát"),
        Court = ("court", "Tòa án"),
        DetentionFacility = ("detention_facility", "Cơ sở giam giữ"),
        LegalAidCenter = ("legal_aid_center", "Trung tâm trợ giúp pháp lý nhà nước"),
        LegalAidBranch = ("legal_aid_branch", "Chi nhánh Trung tâm trợ giúp pháp lý"),
        JusticeDepartment = ("justice_department", "Sở Tư pháp"),
        NationalAuthority = ("national_authority", "Cục Phổ biến, giáo dục pháp luật và Trợ giúp pháp lý"),
    }
);

impl AgencyKind {
    /// A state legal aid center or one of its branches (Decree 144/2017 art. 5).
    pub fn is_legal_aid(self) -> bool {
        matches!(self, Self::LegalAidCenter | Self::LegalAidBranch)
    }

    /// Agencies that conduct proceedings or hold people, and so must notify a center.
    pub fn is_procedural(self) -> bool {
        matches!(
            self,
            Self::InvestigationBody | Self::Procuracy | Self::Court | Self::DetentionFacility
        )
    }
}

name_enum!(
    /// What a user may do. A user has one or more roles within one agency.
    Role {
        /// Court clerk, investigator, prosecutor, detention staff.
        AgencyOfficer = ("agency_officer", "Cán bộ cơ quan tiến hành tố tụng"),
        CenterCoordinator = ("center_coordinator", "Điều phối viên Trung tâm TGPL"),
        Provider = ("provider", "Người thực hiện trợ giúp pháp lý"),
        /// Provincial justice department or the national authority.
        Supervisor = ("supervisor", "Cán bộ giám sát"),
        Administrator = ("administrator", "Quản trị hệ thống"),
    }
);

/// Whether an agency of `kind` may be placed in `province`: the national authority only at
/// [`NATIONAL_PROVINCE`], every other kind only in a province (never there).
pub fn check_placement(kind: AgencyKind, province: &str) -> Result<(), DomainError> {
    let national = kind == AgencyKind::NationalAuthority;
    match (national, province == NATIONAL_PROVINCE) {
        (true, false) => Err(DomainError::invalid(
            "province",
            format!(
                "the national authority belongs to no province: its code is {NATIONAL_PROVINCE}"
            ),
        )),
        (false, true) => Err(DomainError::invalid(
            "province",
            format!("{NATIONAL_PROVINCE} is the whole country; a {kind} belongs to a province"),
        )),
        _ => Ok(()),
    }
}

/// An agency as the rules need to see it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AgencyRef {
    pub id: AgencyId,
    pub kind: AgencyKind,
    /// Province code (e.g. `"HN"`); every agency but the national authority has one.
    pub province: String,
}

impl AgencyRef {
    /// The national authority itself: of that kind *and* at [`NATIONAL_PROVINCE`]. An agency
    /// of the kind placed in a province (as a provincial administrator could once add) is
    /// not national.
    pub fn is_national_authority(&self) -> bool {
        self.kind == AgencyKind::NationalAuthority && self.province == NATIONAL_PROVINCE
    }
}

/// Who calls: one user of one agency, with roles.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Principal {
    pub user_id: UserId,
    pub name: String,
    pub agency: AgencyRef,
    pub roles: Vec<Role>,
    /// A provider's entry on their center's roster: what their `provider` role reaches
    /// (the matters assigned to them). `None` for everyone else.
    pub provider: Option<ProviderId>,
}

/// The name the system signs its events with (the scheduler's alerts).
pub const SYSTEM_ACTOR: &str = "Hệ thống Baton";

/// The user id of the system's events: no user.
pub const SYSTEM_USER: UserId = UserId(uuid::Uuid::nil());

impl Principal {
    /// The system acting on behalf of `agency` (the agency that owes the duty an alert is
    /// about): it has no roles, so it can fire no command of the plan.
    pub fn system(agency: AgencyRef) -> Self {
        Self {
            user_id: SYSTEM_USER,
            name: SYSTEM_ACTOR.to_owned(),
            agency,
            roles: Vec::new(),
            provider: None,
        }
    }

    pub fn has_role(&self, role: Role) -> bool {
        self.roles.contains(&role)
    }

    /// Supervisors of the national authority see every province.
    pub fn is_national_supervisor(&self) -> bool {
        self.has_role(Role::Supervisor) && self.agency.is_national_authority()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_the_national_authority_sits_at_the_national_marker() {
        assert!(check_placement(AgencyKind::NationalAuthority, NATIONAL_PROVINCE).is_ok());
        assert!(check_placement(AgencyKind::Court, "HN").is_ok());
        for (kind, province) in [
            (AgencyKind::NationalAuthority, "HN"),
            (AgencyKind::JusticeDepartment, NATIONAL_PROVINCE),
        ] {
            let refused = check_placement(kind, province);
            assert!(
                matches!(&refused, Err(DomainError::InvalidInput { field, .. }) if field == "province"),
                "{kind} in {province}: {refused:?}"
            );
        }
    }

    #[test]
    fn a_national_authority_in_a_province_is_not_national() {
        let at = |province: &str| AgencyRef {
            id: AgencyId::generate(),
            kind: AgencyKind::NationalAuthority,
            province: province.into(),
        };
        assert!(at(NATIONAL_PROVINCE).is_national_authority());
        assert!(!at("HN").is_national_authority());
    }
}
