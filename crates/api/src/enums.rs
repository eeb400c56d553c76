//! GraphQL enums mirroring the domain's vocabularies, value for value. The domain crate
//! does not know GraphQL, so each is declared here once with both conversions.

use baton_domain::access::AdminAction as DAdminAction;
use baton_domain::agency::{AgencyKind as DAgencyKind, Role as DRole};
use baton_domain::lifecycle::{EvaluationBasis as DEvaluationBasis, QualityGrade as DQualityGrade};
use baton_domain::matter::{
    AppointingBody as DAppointingBody, CustodyStatus as DCustodyStatus,
    DiscontinueGround as DDiscontinueGround, EligibilityCategory as DEligibilityCategory,
    MandatoryGround as DMandatoryGround, MatterState as DMatterState,
    ProceduralRole as DProceduralRole, ProceedingKind as DProceedingKind,
    ProviderKind as DProviderKind, RefusalGround as DRefusalGround,
    RegistrationGround as DRegistrationGround, Stage as DStage,
};
use baton_domain::pay::{
    ClaimKind as DClaimKind, ClaimStatus as DClaimStatus, ConfirmerRole as DConfirmerRole,
};
use baton_domain::ruleset::{ClockStart as DClockStart, Direction as DDirection, Party as DParty};

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
    /// Who owes a duty, or fires a command: a party of the matter.
    Party => DParty { HandlingAgency, Center, JusticeDepartment, Supervisor, Requester, Provider }
);

mirror_enum!(
    /// The instant a clock starts from.
    ClockStart => DClockStart { RequestReceived, Transition, Notice, AssignmentBasis, Reported, PapersPresented }
);

mirror_enum!(
    /// Which way a clock counts: forward from its start, or back from the hearing.
    ClockDirection => DDirection { Forward, BeforeHearing }
);

mirror_enum!(
    /// What a user may do within their agency.
    Role => DRole { AgencyOfficer, CenterCoordinator, Provider, Supervisor, Administrator }
);

mirror_enum!(
    /// What an administrator did (the administration log).
    AdminAction => DAdminAction {
        AddUser, IssueToken, RevokeToken, RevokeUserTokens, AddAgency, AddProvider,
        SetProviderActive, CreateEnrolment, SetPassword, RedeemEnrolment, RefusedIssueToken,
        RefusedAddUser,
    }
);

mirror_enum!(
    /// Where a matter stands in the inter-agency plan.
    MatterState => DMatterState {
        RightExplained, InformationSent, NotifiedToCenter, Accepted, AcceptedDocsPending,
        Refused, NotEligibleReported, AppointedElsewhere, ProviderAssigned, Registered,
        RegistrationRefused, RegistrationCancelled, ChangeRequested, AppointmentEnded,
        Discontinued, Completed, TerminatedByProcedure, FileHandedOver, QualityAppraised,
    }
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
        DomesticViolenceVictim, HivPositive, NotEligible,
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

mirror_enum!(
    /// Why defence is mandatory (CPC art. 76(1)).
    MandatoryGround => DMandatoryGround { SevereCharge, UnderEighteen, Disability }
);

mirror_enum!(
    /// Who appoints mandatory defence for a person not eligible for legal aid (CPC art. 76(2)).
    AppointingBody => DAppointingBody { BarAssociation, FatherlandFront }
);

mirror_enum!(
    /// Why legal aid is discontinued (Law on Legal Aid art. 37; TT 12 art. 6(2)).
    DiscontinueGround => DDiscontinueGround {
        Withdrawal, ProhibitedAct, RefusalGroundFound, ProofNotSupplied,
    }
);

mirror_enum!(
    /// Why a registration is refused or cancelled (CPC art. 78(5), (7)).
    RegistrationGround => DRegistrationGround { Disqualified, AccusedRefuses, BreachOfLaw }
);

mirror_enum!(
    /// Quality grades (TT 12/2018 art. 17).
    QualityGrade => DQualityGrade { Good, FairlyGood, Pass, Fail }
);

mirror_enum!(
    /// Why a supervisor evaluates a matter (TT 12/2018 art. 14(2)–(3), 15).
    EvaluationBasis => DEvaluationBasis { Plan, Complaint }
);

mirror_enum!(
    /// Who confirmed a session's time (TT 02/2021/TT-BTP art. 4(3)(h)).
    ConfirmerRole => DConfirmerRole { Investigator, Prosecutor, Judge, CourtClerk, DetentionOfficer }
);

mirror_enum!(
    /// How a claim is paid (Nghị định 144/2017 art. 13): by sessions or one lump sum.
    ClaimKind => DClaimKind { Sessions, LumpSum }
);

mirror_enum!(
    /// Where a payment claim stands.
    ClaimStatus => DClaimStatus { Submitted, Approved, Rejected }
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
    /// Owed, but its clock stands still (e.g. waiting for the requester's proof).
    Paused,
    /// No longer owed: the matter moved on before the duty was met.
    Cancelled,
}
