//! Password hashing: argon2id, stored as PHC strings (`$argon2id$v=19$m=…,t=…,p=…$salt$hash`).
//! The cost is a setting ([`PasswordParams`]): the OWASP recommendation by default (19 MiB,
//! 2 passes, 1 lane); a test harness may lower it. A stored hash carries its own cost, so
//! raising the setting later still verifies the old hashes. Hashing runs on a blocking
//! thread, never on the async workers.

use std::sync::{Arc, OnceLock};

use argon2::password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString};
use argon2::{Algorithm, Argon2, Params, Version};

use crate::EngineError;

/// The cost of hashing a new password.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PasswordParams {
    /// Memory, in KiB.
    pub memory_kib: u32,
    /// Passes over the memory.
    pub iterations: u32,
    /// Lanes.
    pub parallelism: u32,
}

impl PasswordParams {
    /// OWASP's argon2id recommendation (Password Storage Cheat Sheet): m = 19 MiB, t = 2,
    /// p = 1.
    pub const OWASP: Self = Self {
        memory_kib: 19 * 1024,
        iterations: 2,
        parallelism: 1,
    };

    /// Checks the values argon2 accepts.
    pub fn validate(self) -> Result<Params, String> {
        Params::new(self.memory_kib, self.iterations, self.parallelism, None).map_err(|e| {
            format!(
                "argon2 parameters m={}, t={}, p={}: {e}",
                self.memory_kib, self.iterations, self.parallelism
            )
        })
    }
}

impl Default for PasswordParams {
    fn default() -> Self {
        Self::OWASP
    }
}

/// Hashes and verifies passwords at one cost.
pub(crate) struct Passwords {
    argon2: Argon2<'static>,
    params: PasswordParams,
    /// A hash of nothing anyone knows, verified against for an unknown login so that it
    /// costs the same as a known one.
    dummy: OnceLock<String>,
}

impl std::fmt::Debug for Passwords {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Passwords")
            .field("params", &self.params)
            .finish_non_exhaustive()
    }
}

impl Passwords {
    pub(crate) fn new(params: PasswordParams) -> Result<Self, String> {
        let argon2 = Argon2::new(Algorithm::Argon2id, Version::V0x13, params.validate()?);
        Ok(Self {
            argon2,
            params,
            dummy: OnceLock::new(),
        })
    }

    fn hash_now(&self, password: &str) -> Result<String, EngineError> {
        let mut salt = [0u8; 16];
        getrandom::fill(&mut salt)
            .map_err(|e| EngineError::internal(format!("no randomness: {e}")))?;
        let salt = SaltString::encode_b64(&salt)
            .map_err(|e| EngineError::internal(format!("salt: {e}")))?;
        Ok(self
            .argon2
            .hash_password(password.as_bytes(), &salt)
            .map_err(|e| EngineError::internal(format!("argon2: {e}")))?
            .to_string())
    }

    fn verify_now(&self, stored: Option<&str>, password: &str) -> Result<bool, EngineError> {
        let stored = match stored {
            Some(s) => s,
            None => match self.dummy.get() {
                Some(d) => d,
                None => {
                    let d = self.hash_now("no password is this one")?;
                    self.dummy.get_or_init(|| d)
                }
            },
        };
        let parsed = PasswordHash::new(stored)
            .map_err(|e| EngineError::internal(format!("stored password hash: {e}")))?;
        Ok(self
            .argon2
            .verify_password(password.as_bytes(), &parsed)
            .is_ok())
    }
}

/// Hashes `password` on a blocking thread.
pub(crate) async fn hash(
    passwords: &Arc<Passwords>,
    password: &str,
) -> Result<String, EngineError> {
    let passwords = Arc::clone(passwords);
    let password = password.to_owned();
    tokio::task::spawn_blocking(move || passwords.hash_now(&password))
        .await
        .map_err(|e| EngineError::internal(format!("hashing task: {e}")))?
}

/// Verifies `password` against `stored` on a blocking thread; with no stored hash, against
/// a dummy one (same work, always false).
pub(crate) async fn verify(
    passwords: &Arc<Passwords>,
    stored: Option<String>,
    password: &str,
) -> Result<bool, EngineError> {
    let passwords = Arc::clone(passwords);
    let password = password.to_owned();
    let known = stored.is_some();
    let ok =
        tokio::task::spawn_blocking(move || passwords.verify_now(stored.as_deref(), &password))
            .await
            .map_err(|e| EngineError::internal(format!("hashing task: {e}")))??;
    Ok(ok && known)
}

#[cfg(test)]
mod tests {
    use super::*;

    const CHEAP: PasswordParams = PasswordParams {
        memory_kib: 64,
        iterations: 1,
        parallelism: 1,
    };

    #[tokio::test]
    async fn a_hash_is_argon2id_and_verifies_only_its_password() {
        let p = Arc::new(Passwords::new(CHEAP).expect("cheap argon2 works"));
        let h = hash(&p, "mật khẩu đủ dài")
            .await
            .expect("cheap argon2 works");
        assert!(h.starts_with("$argon2id$v=19$m=64,t=1,p=1$"), "{h}");
        assert!(
            verify(&p, Some(h.clone()), "mật khẩu đủ dài")
                .await
                .expect("cheap argon2 works")
        );
        assert!(
            !verify(&p, Some(h), "mat khau du dai")
                .await
                .expect("cheap argon2 works")
        );
        assert!(
            !verify(&p, None, "no password is this one")
                .await
                .expect("cheap argon2 works")
        );
    }

    #[test]
    fn the_default_cost_is_owasps_and_bad_costs_are_refused() {
        assert_eq!(
            PasswordParams::default()
                .validate()
                .expect("cheap argon2 works"),
            Params::new(19456, 2, 1, None).expect("cheap argon2 works")
        );
        let none = PasswordParams {
            memory_kib: 1,
            ..CHEAP
        };
        assert!(none.validate().is_err());
    }
}
