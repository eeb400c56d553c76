//! Stored strings back into domain vocabularies; a value that does not parse is corrupt.

use crate::StoreError;

/// Parses a stored code with the enum's `from_code`.
pub(crate) fn code<T>(
    value: &str,
    what: &str,
    from_code: fn(&str) -> Option<T>,
) -> Result<T, StoreError> {
    from_code(value).ok_or_else(|| StoreError::Corrupt(format!("unknown {what} {value:?}")))
}
