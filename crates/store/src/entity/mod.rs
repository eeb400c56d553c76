//! sea-orm entities, one per table. They mirror the migrations; conversions to domain
//! types live in the store modules, not here.

pub mod access_log;
pub mod admin_log;
pub mod agency;
pub mod api_token;
pub mod app_user;
pub mod handoff;
pub mod idempotency_key;
pub mod matter;
pub mod matter_event;
pub mod notification;
pub mod provider;
