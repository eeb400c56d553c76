//! sea-orm entities, one per table. They mirror the migrations. The `matter` entity holds
//! domain types directly (typed ids and vocabularies through the domain's `sea-orm`
//! feature); the other tables still hold codes and ids as text and uuids, converted in
//! the store modules.

pub mod access_log;
pub mod admin_log;
pub mod agency;
pub mod api_token;
pub mod app_user;
pub mod console_session;
pub mod enrolment;
pub mod handoff;
pub mod idempotency_key;
pub mod matter;
pub mod matter_event;
pub mod notification;
pub mod payment_claim;
pub mod provider;
