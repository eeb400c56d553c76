//! Typed identifiers: a matter id can never be passed where an agency id is expected.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};
use uuid::Uuid;

macro_rules! typed_id {
    ($(#[$doc:meta])* $name:ident) => {
        $(#[$doc])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
        #[serde(transparent)]
        #[cfg_attr(feature = "sea-orm", derive(sea_orm::DeriveValueType))]
        pub struct $name(pub Uuid);

        impl $name {
            /// A fresh, time-ordered identifier (UUID v7).
            pub fn generate() -> Self {
                Self(Uuid::now_v7())
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                self.0.fmt(f)
            }
        }

        impl From<Uuid> for $name {
            fn from(id: Uuid) -> Self {
                Self(id)
            }
        }

        /// Ids are generated, never auto-incremented.
        #[cfg(feature = "sea-orm")]
        impl sea_orm::TryFromU64 for $name {
            fn try_from_u64(_: u64) -> Result<Self, sea_orm::DbErr> {
                Err(sea_orm::DbErr::ConvertFromU64(stringify!($name)))
            }
        }

        impl FromStr for $name {
            type Err = uuid::Error;
            fn from_str(s: &str) -> Result<Self, Self::Err> {
                Uuid::parse_str(s).map(Self)
            }
        }
    };
}

typed_id!(
    /// An agency: court, procuracy, investigation body, detention facility, center, ...
    AgencyId
);
typed_id!(
    /// A user of one agency.
    UserId
);
typed_id!(
    /// One legal aid matter (the workflow instance).
    MatterId
);
typed_id!(
    /// One duty with a clock inside a matter.
    HandoffId
);
typed_id!(
    /// A legal aid provider on a center's roster.
    ProviderId
);
typed_id!(
    /// One immutable event of a matter's timeline.
    EventId
);
typed_id!(
    /// A provider's payment claim on a matter (T18).
    ClaimId
);
