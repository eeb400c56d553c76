//! Output types. Each wraps an engine value and resolves its relations on demand.

mod agency;
pub(crate) mod handoff;
mod matter;
pub mod payment;
pub mod person;

pub use agency::{AgencyObject, Me, ProviderObject};
pub use handoff::HandoffObject;
pub use matter::{EventObject, MatterObject};
