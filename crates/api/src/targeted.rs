//! What the inputs of commands on an existing matter share: how they name and guard it.

/// The inputs of commands on an existing matter share how they name and guard it.
macro_rules! targeted_inputs {
    ($($input:ty),+) => {$(
        impl $input {
            fn target(&self) -> Result<baton_engine::Target, $crate::error::ApiError> {
                Ok(baton_engine::Target {
                    matter: $crate::context::parse_id::<baton_domain::ids::MatterId>("matterId", &self.matter_id)?,
                    expected_version: self.expected_version,
                    idempotency_key: self.idempotency_key.clone(),
                })
            }
        }
    )+};
}
