//! Who may do what: the one table of roles and operations, and how far each permission
//! reaches. Commands on a matter are refined further by the rule set (which agency kinds
//! and which party of the matter fire each transition).

use crate::agency::{AgencyKind, AgencyRef, Principal, Role};
use crate::error::DomainError;

name_enum!(
    /// What a principal asks to do.
    Operation {
        /// Record a new matter (a request, a notice, an explanation).
        CreateMatter = ("create_matter", "Tạo vụ việc"),
        /// Fire a command of the plan on an existing matter.
        ActOnMatter = ("act_on_matter", "Thực hiện bước trong vụ việc"),
        ReadMatter = ("read_matter", "Xem vụ việc"),
        ListMatters = ("list_matters", "Xem danh sách vụ việc"),
        /// Birth date, custody, eligibility (health, disability), proof, charge grounds.
        ReadSensitive = ("read_sensitive", "Xem dữ liệu cá nhân nhạy cảm"),
        Inbox = ("inbox", "Hộp thư Trung tâm"),
        OverdueHandoffs = ("overdue_handoffs", "Danh sách quá hạn"),
        /// The open duties the principal's own agency owes, soonest due first.
        DutiesOwed = ("duties_owed", "Việc cơ quan phải thực hiện"),
        ReadAccessLog = ("read_access_log", "Nhật ký truy cập dữ liệu cá nhân"),
        ManageUsers = ("manage_users", "Quản lý người dùng và mã truy cập"),
        ReadAdminLog = ("read_admin_log", "Nhật ký quản trị"),
        /// Totals of the approved payments to providers per province and period (T18).
        PaymentTotals = ("payment_totals", "Tổng hợp thù lao trợ giúp pháp lý đã duyệt"),
        /// Add agencies and keep the centers' rosters of providers (the Department of
        /// Justice publishes the lists: Law on Legal Aid art. 10, 17).
        ManageDirectory = ("manage_directory", "Quản lý danh bạ cơ quan và danh sách người thực hiện TGPL"),
    }
);

name_enum!(
    /// What an administrator did, as the administration log records it.
    AdminAction {
        AddUser = ("add_user", "Thêm người dùng"),
        IssueToken = ("issue_token", "Cấp mã truy cập"),
        RevokeToken = ("revoke_token", "Thu hồi mã truy cập"),
        RevokeUserTokens = ("revoke_user_tokens", "Thu hồi mọi mã truy cập của người dùng"),
        AddAgency = ("add_agency", "Thêm cơ quan"),
        AddProvider = ("add_provider", "Thêm người thực hiện trợ giúp pháp lý"),
        SetProviderActive = ("set_provider_active", "Thay đổi trạng thái người thực hiện trợ giúp pháp lý"),
        /// A one-time enrolment code made for a user (shown once, stored hashed).
        CreateEnrolment = ("create_enrolment", "Tạo mã đăng ký một lần"),
        /// A user set their password with an enrolment code (the user is the actor).
        SetPassword = ("set_password", "Đặt mật khẩu qua mã đăng ký"),
        /// A user took their own bearer token with an enrolment code (the user is the actor).
        RedeemEnrolment = ("redeem_enrolment", "Nhận mã truy cập qua mã đăng ký"),
        /// Refused: an administrator asked for a token for someone else (a token reaches its
        /// user only through a one-time enrolment).
        RefusedIssueToken = ("refused_issue_token", "Từ chối cấp mã truy cập cho người khác"),
        /// Refused: an administrator tried to grant a role that is not theirs to grant
        /// ([`check_grant`]); no user was written.
        RefusedAddUser = ("refused_add_user", "Từ chối thêm người dùng với vai trò không được cấp"),
    }
);

/// How far a permission reaches.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Reach {
    /// The matters assigned to the principal's own roster entry (a provider).
    Assigned,
    /// What the principal's own agency handles, receives or acted on.
    OwnAgency,
    /// The principal's province; the whole country for the national authority.
    Jurisdiction,
}

/// The table. Personal data protection (Law 91/2025/QH15) drives the `ReadSensitive`
/// rows: only those who act on the person's case read sensitive data; supervisors check
/// deadlines and statistics without it.
pub const PERMISSIONS: &[(Role, Operation, Reach)] = {
    use Operation as O;
    use Reach::{Assigned as P, Jurisdiction as J, OwnAgency as A};
    use Role as R;
    &[
        (R::AgencyOfficer, O::CreateMatter, A),
        (R::AgencyOfficer, O::ActOnMatter, A),
        (R::AgencyOfficer, O::ReadMatter, A),
        (R::AgencyOfficer, O::ListMatters, A),
        (R::AgencyOfficer, O::ReadSensitive, A),
        (R::AgencyOfficer, O::DutiesOwed, A),
        (R::CenterCoordinator, O::ActOnMatter, A),
        (R::CenterCoordinator, O::ReadMatter, A),
        (R::CenterCoordinator, O::ListMatters, A),
        (R::CenterCoordinator, O::ReadSensitive, A),
        (R::CenterCoordinator, O::Inbox, A),
        (R::CenterCoordinator, O::DutiesOwed, A),
        // A legal aid officer or lawyer works on the matters assigned to them.
        // The rule set lets them record only their own steps (presenting the papers, T7).
        (R::Provider, O::ActOnMatter, P),
        (R::Provider, O::ReadMatter, P),
        (R::Provider, O::ListMatters, P),
        (R::Provider, O::ReadSensitive, P),
        // Supervisors decide escalated complaints (the rule set says which).
        (R::Supervisor, O::ActOnMatter, J),
        (R::Supervisor, O::ReadMatter, J),
        (R::Supervisor, O::ListMatters, J),
        (R::Supervisor, O::OverdueHandoffs, J),
        (R::Supervisor, O::ReadAccessLog, J),
        (R::Supervisor, O::ReadAdminLog, J),
        (R::Supervisor, O::PaymentTotals, J),
        (R::Administrator, O::ManageUsers, J),
        (R::Administrator, O::ReadAdminLog, J),
        (R::Administrator, O::ManageDirectory, J),
    ]
};

/// Where each role may be held: the kinds of agency whose work it is. Every role of an
/// account must fit its agency ([`check_roles`]), so an administrator cannot open a
/// coordinator's account at a court or a supervisor's at a center. A provider's account
/// is also linked to its entry on that center's roster (checked where the roster is).
pub const ROLE_AGENCIES: &[(Role, &[AgencyKind])] = {
    use AgencyKind as K;
    use Role as R;
    &[
        (
            R::AgencyOfficer,
            &[
                K::InvestigationBody,
                K::Procuracy,
                K::Court,
                K::DetentionFacility,
            ],
        ),
        (
            R::CenterCoordinator,
            &[K::LegalAidCenter, K::LegalAidBranch],
        ),
        (R::Provider, &[K::LegalAidCenter, K::LegalAidBranch]),
        (R::Supervisor, &[K::JusticeDepartment, K::NationalAuthority]),
        (
            R::Administrator,
            &[K::JusticeDepartment, K::NationalAuthority],
        ),
    ]
};

/// The kinds of agency at which `role` may be held.
pub fn role_agencies(role: Role) -> &'static [AgencyKind] {
    ROLE_AGENCIES
        .iter()
        .find(|(r, _)| *r == role)
        .map_or(&[], |(_, kinds)| kinds)
}

/// Does `role` fit an agency of `kind`?
pub fn role_fits(role: Role, kind: AgencyKind) -> bool {
    role_agencies(role).contains(&kind)
}

/// Checks that every role fits an agency of `kind`; the refusal names `roles` and the rule.
pub fn check_roles(kind: AgencyKind, roles: &[Role]) -> Result<(), DomainError> {
    match roles.iter().find(|r| !role_fits(**r, kind)) {
        None => Ok(()),
        Some(role) => {
            let allowed: Vec<_> = role_agencies(*role).iter().map(|k| k.code()).collect();
            Err(DomainError::invalid(
                "roles",
                format!(
                    "the {role} role is held only at an agency of kind {}; this agency is a {kind}",
                    allowed.join(" or ")
                ),
            ))
        }
    }
}

/// Which administrators grant a role.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Grantor {
    /// An administrator of a province's justice department (Sở Tư pháp): agencies of that
    /// province only.
    Provincial,
    /// An administrator of the national authority (Cục Trợ giúp pháp lý): any agency,
    /// including the national authority itself.
    National,
}

/// Who may grant which role ("Ai được cấp vai trò nào"). A provincial administrator grants
/// the working roles at agencies of its own province, never `administrator`; only a
/// national administrator grants `administrator` (a provincial administrator at a justice
/// department, a national one at the national authority) or any role at the national
/// authority. The role must also fit the agency's kind ([`check_roles`]).
pub const GRANTS: &[(Role, &[Grantor])] = {
    use Grantor::{National as N, Provincial as P};
    use Role as R;
    &[
        (R::AgencyOfficer, &[P, N]),
        (R::CenterCoordinator, &[P, N]),
        (R::Provider, &[P, N]),
        (R::Supervisor, &[P, N]),
        (R::Administrator, &[N]),
    ]
};

/// What kind of administrator `by` is, if any.
pub fn grantor(by: &Principal) -> Option<Grantor> {
    if !by.roles.contains(&Role::Administrator) {
        None
    } else if is_national(by) {
        Some(Grantor::National)
    } else {
        Some(Grantor::Provincial)
    }
}

/// Does a grantor of this kind grant `role`?
pub fn grants(grantor: Grantor, role: Role) -> bool {
    GRANTS
        .iter()
        .find(|(r, _)| *r == role)
        .is_some_and(|(_, who)| who.contains(&grantor))
}

/// Checks that `by` may grant every one of `roles` at `agency` ([`GRANTS`]); the refusal
/// is forbidden and names `roles`. Whether the roles fit the agency's kind is
/// [`check_roles`]'s question.
pub fn check_grant(by: &Principal, agency: &AgencyRef, roles: &[Role]) -> Result<(), DomainError> {
    let Some(grantor) = grantor(by) else {
        return Err(DomainError::forbidden(
            "roles",
            "only an administrator grants roles",
        ));
    };
    if grantor == Grantor::Provincial {
        if agency.is_national_authority() {
            return Err(DomainError::forbidden(
                "roles",
                "only a national administrator grants roles at the national authority",
            ));
        }
        if agency.province != by.agency.province {
            return Err(DomainError::forbidden(
                "roles",
                format!(
                    "you grant roles at agencies of province {} only",
                    by.agency.province
                ),
            ));
        }
    }
    match roles.iter().find(|r| !grants(grantor, **r)) {
        None => Ok(()),
        Some(role) => Err(DomainError::forbidden(
            "roles",
            format!(
                "only a national administrator grants the {role} role ({})",
                role.label_vi()
            ),
        )),
    }
}

/// How far a role's permission for an operation reaches, if it has one.
pub fn role_reach(role: Role, operation: Operation) -> Option<Reach> {
    PERMISSIONS
        .iter()
        .find(|(r, o, _)| *r == role && *o == operation)
        .map(|(_, _, reach)| *reach)
}

/// The widest reach any of the principal's roles gives for an operation.
pub fn reach(principal: &Principal, operation: Operation) -> Option<Reach> {
    principal
        .roles
        .iter()
        .filter_map(|r| role_reach(*r, operation))
        .max()
}

/// Whether a jurisdiction-wide permission covers the whole country: only for users of the
/// national authority itself (its kind *and* the national marker:
/// [`crate::agency::AgencyRef::is_national_authority`]), never for an agency that merely has
/// its kind.
pub fn is_national(principal: &Principal) -> bool {
    principal.agency.is_national_authority()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::agency::NATIONAL_PROVINCE;
    use crate::ids::{AgencyId, UserId};

    fn principal(kind: AgencyKind, roles: Vec<Role>) -> Principal {
        Principal {
            user_id: UserId::generate(),
            name: "Nguyễn Văn An".into(),
            agency: AgencyRef {
                id: AgencyId::generate(),
                kind,
                province: "HN".into(),
            },
            roles,
            provider: None,
        }
    }

    #[test]
    fn supervisors_check_deadlines_without_reading_sensitive_personal_data() {
        let supervisor = principal(AgencyKind::JusticeDepartment, vec![Role::Supervisor]);
        assert_eq!(
            reach(&supervisor, Operation::OverdueHandoffs),
            Some(Reach::Jurisdiction)
        );
        assert_eq!(reach(&supervisor, Operation::ReadSensitive), None);
    }

    #[test]
    fn the_widest_of_several_roles_applies() {
        let both = principal(
            AgencyKind::JusticeDepartment,
            vec![Role::Provider, Role::Supervisor],
        );
        assert_eq!(
            reach(&both, Operation::ReadMatter),
            Some(Reach::Jurisdiction)
        );
        assert_eq!(
            reach(&both, Operation::ReadSensitive),
            Some(Reach::Assigned)
        );
    }

    #[test]
    fn roles_fit_the_work_of_their_agency() {
        use AgencyKind as K;
        assert!(check_roles(K::Court, &[Role::AgencyOfficer]).is_ok());
        assert!(
            check_roles(
                K::LegalAidBranch,
                &[Role::CenterCoordinator, Role::Provider]
            )
            .is_ok()
        );
        assert!(
            check_roles(
                K::JusticeDepartment,
                &[Role::Supervisor, Role::Administrator]
            )
            .is_ok()
        );
        assert!(
            check_roles(
                K::NationalAuthority,
                &[Role::Supervisor, Role::Administrator]
            )
            .is_ok()
        );
        let refused = [
            (K::LegalAidCenter, Role::Supervisor),
            (K::Court, Role::Supervisor),
            (K::Court, Role::CenterCoordinator),
            (K::JusticeDepartment, Role::CenterCoordinator),
            (K::LegalAidCenter, Role::AgencyOfficer),
            (K::JusticeDepartment, Role::Provider),
            (K::Court, Role::Administrator),
            (K::LegalAidCenter, Role::Administrator),
        ];
        for (kind, role) in refused {
            match check_roles(kind, &[role]) {
                Err(DomainError::InvalidInput { field, message, .. })
                    if field == "roles" && message.contains(role.code()) => {}
                other => panic!("{role} at a {kind}: {other:?}"),
            }
        }
        // Every role of the account must fit, not just one.
        let mixed = check_roles(K::JusticeDepartment, &[Role::Supervisor, Role::Provider]);
        assert!(
            matches!(mixed, Err(DomainError::InvalidInput { message, .. }) if message.contains("provider"))
        );
    }

    #[test]
    fn every_role_fits_some_agency_and_every_agency_some_role() {
        for role in Role::ALL {
            assert!(!role_agencies(*role).is_empty(), "{role} fits nowhere");
        }
        for kind in AgencyKind::ALL {
            assert!(
                Role::ALL.iter().any(|r| role_fits(*r, *kind)),
                "no role at a {kind}"
            );
        }
    }

    #[test]
    fn every_role_has_a_row_and_no_row_repeats() {
        for role in Role::ALL {
            assert!(
                PERMISSIONS.iter().any(|(r, _, _)| r == role),
                "{role} has no permission"
            );
        }
        for (i, (r, o, _)) in PERMISSIONS.iter().enumerate() {
            assert!(
                !PERMISSIONS[i + 1..]
                    .iter()
                    .any(|(r2, o2, _)| r2 == r && o2 == o),
                "{r} {o} twice"
            );
        }
    }

    fn at(kind: AgencyKind, province: &str) -> AgencyRef {
        AgencyRef {
            id: AgencyId::generate(),
            kind,
            province: province.into(),
        }
    }

    fn admin(kind: AgencyKind, province: &str) -> Principal {
        Principal {
            agency: at(kind, province),
            ..principal(kind, vec![Role::Administrator])
        }
    }

    #[test]
    fn provincial_administrators_grant_working_roles_in_their_province_only() {
        use AgencyKind as K;
        let hn = admin(K::JusticeDepartment, "HN");
        assert_eq!(grantor(&hn), Some(Grantor::Provincial));
        let working = [
            (K::LegalAidCenter, Role::CenterCoordinator),
            (K::LegalAidBranch, Role::Provider),
            (K::Court, Role::AgencyOfficer),
            (K::JusticeDepartment, Role::Supervisor),
        ];
        for (kind, role) in working {
            assert_eq!(check_grant(&hn, &at(kind, "HN"), &[role]), Ok(()), "{role}");
            let elsewhere = check_grant(&hn, &at(kind, "HCM"), &[role]);
            assert!(
                matches!(&elsewhere, Err(DomainError::ForbiddenField { field, .. }) if field == "roles"),
                "{role} in HCM: {elsewhere:?}"
            );
        }
        let national = at(K::NationalAuthority, NATIONAL_PROVINCE);
        assert!(check_grant(&hn, &national, &[Role::Supervisor]).is_err());
        // Never an administrator, not even at its own department, nor beside another role.
        for roles in [
            vec![Role::Administrator],
            vec![Role::Supervisor, Role::Administrator],
        ] {
            let refused = check_grant(&hn, &at(K::JusticeDepartment, "HN"), &roles);
            assert!(
                matches!(&refused, Err(DomainError::ForbiddenField { field, message })
                    if field == "roles" && message.contains("administrator")),
                "{refused:?}"
            );
        }
    }

    #[test]
    fn national_administrators_grant_every_role_anywhere() {
        use AgencyKind as K;
        let national = admin(K::NationalAuthority, NATIONAL_PROVINCE);
        assert_eq!(grantor(&national), Some(Grantor::National));
        for role in Role::ALL {
            assert!(grants(Grantor::National, *role), "{role}");
            for agency in [
                at(K::JusticeDepartment, "HN"),
                at(K::NationalAuthority, NATIONAL_PROVINCE),
            ] {
                assert_eq!(check_grant(&national, &agency, &[*role]), Ok(()));
            }
        }
        assert!(!grants(Grantor::Provincial, Role::Administrator));
    }

    #[test]
    fn only_administrators_grant() {
        let supervisor = principal(AgencyKind::JusticeDepartment, vec![Role::Supervisor]);
        assert_eq!(grantor(&supervisor), None);
        let agency = at(AgencyKind::Court, "HN");
        assert!(check_grant(&supervisor, &agency, &[Role::AgencyOfficer]).is_err());
    }

    #[test]
    fn every_role_has_a_grant_row() {
        for role in Role::ALL {
            assert!(
                GRANTS.iter().any(|(r, _)| r == role),
                "{role} has no grantor"
            );
        }
    }
}
