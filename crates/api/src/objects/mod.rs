//! Output types. Each wraps an engine value and resolves its relations on demand.

mod agency;
mod computation;
pub(crate) mod handoff;
mod matter;
pub mod payment;
pub mod person;

pub use agency::{AgencyObject, Me, ProviderObject};
pub use handoff::HandoffObject;
pub use matter::{EventObject, MatterObject};

/// Every sensitive field of the schema, as (type, field): the caller who may not read it
/// gets `null` and a `REDACTED` error at its path. The rule that makes this work: every
/// one of them is nullable, so a redaction never nulls the object around it
/// (`tests/it/graphql_http.rs` checks the schema against this list).
pub const SENSITIVE_FIELDS: &[(&str, &str)] = &[
    ("Person", "birthDate"),
    ("Person", "eligibility"),
    ("Person", "eligibilityLabel"),
    ("Person", "proofDocument"),
    ("Person", "custody"),
    ("Person", "custodyLabel"),
    ("Matter", "mandatoryGrounds"),
    ("Matter", "explanationRecord"),
    ("Event", "summary"),
    ("Event", "detail"),
    ("Handoff", "limit"),
    ("Handoff", "legalBasis"),
    ("Handoff", "computation"),
    ("Refusal", "reason"),
];
