//! GraphQL enums mirroring the domain's vocabularies, value for value. The domain crate
//! does not know GraphQL, so each is declared here once with both conversions.

use baton_domain::agency::{AgencyKind as DAgencyKind, Role as DRole};
use baton_domain::matter::{
    CustodyStatus as DCustodyStatus, EligibilityCategory as DEligibilityCategory,
    MatterState as DMatterState, ProceduralRole as DProceduralRole,
    ProceedingKind as DProceedingKind, ProviderKind as DProviderKind,
    RefusalGround as DRefusalGround, Stage as DStage,
};

macro_rules! mirror_enum {
    ($(#[$doc:meta])* $name:ident => $domain:ident { $($variant:ident),+ $(,)? }) => {
        $(#[$doc])*
        #[derive(async_graphql::Enum, Clone, Copy, PartialEq, Eq, Debug)]
        pub enum $name { $($variant),+ }

        impl From<$domain> for $name {
            fn from(v: $domain) -> Self {
                match v { $($domain::$variant => Self::$variant),+ }
            }
        }

        impl From<$name> for $domain {
            fn from(v: $name) -> Self {
                match v { $($name::$variant => $domain::$variant),+ }
            }
        }
    };
}

mirror_enum!(
    /// What an agency is.
    AgencyKind => DAgencyKind {
        InvestigationBody, Procuracy, Court, DetentionFacility, LegalAidCenter,
        LegalAidBranch, JusticeDepartment, NationalAuthority,
    }
);

mirror_enum!(
    /// What a user may do within their agency.
    Role => DRole { AgencyOfficer, CenterCoordinator, Provider, Supervisor, Administrator }
);

mirror_enum!(
    /// Where a matter stands in the inter-agency plan.
    MatterState => DMatterState { NotifiedToCenter, Accepted, Refused, ProviderAssigned, Registered }
);

mirror_enum!(
    /// Custody status of the person: arrested and held persons have 12-hour clocks.
    CustodyStatus => DCustodyStatus { Arrested, TemporaryCustody, Detained, AtLiberty }
);

mirror_enum!(
    /// The person's role in the proceeding.
    ProceduralRole => DProceduralRole { Accused, Victim, Litigant }
);

mirror_enum!(
    /// Which procedure law governs.
    ProceedingKind => DProceedingKind { Criminal, Civil, Administrative }
);

mirror_enum!(
    /// Stage of the proceeding.
    Stage => DStage { Investigation, Prosecution, FirstInstanceTrial, Appeal }
);

mirror_enum!(
    /// Eligibility under Law on Legal Aid art. 7.
    EligibilityCategory => DEligibilityCategory {
        RevolutionaryMerit, PoorHousehold, Child, EthnicMinority, Juvenile, AccusedNearPoor,
        TraffickingVictim, MartyrRelative, AgentOrangeVictim, Elderly, Disabled,
        DomesticViolenceVictim, HivPositive,
    }
);

mirror_enum!(
    /// Legal grounds for refusing a request (Law on Legal Aid art. 30(3)).
    RefusalGround => DRefusalGround {
        NotEligible, NoConcreteCase, UnlawfulContent, PersonDied, HandledElsewhere,
    }
);

mirror_enum!(
    /// Kinds of provider (Law on Legal Aid art. 17).
    ProviderKind => DProviderKind {
        LegalAidOfficer, ContractedLawyer, ParticipatingLawyer, LegalConsultant, Collaborator,
    }
);

/// Whether a handoff's duty is still owed.
#[derive(async_graphql::Enum, Clone, Copy, PartialEq, Eq, Debug)]
pub enum HandoffStatus {
    /// Owed, not yet past its due instant.
    Open,
    /// Owed and past its due instant.
    Overdue,
    /// Discharged by its due instant.
    MetOnTime,
    /// Discharged after its due instant.
    MetLate,
}
