//! Bounded, trimmed text: free text typed by officials never reaches storage unchecked.

use serde::{Deserialize, Serialize};
use unicode_normalization::UnicodeNormalization;

use crate::error::DomainError;

/// Why a piece of text was rejected.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum TextError {
    #[error("must not be empty")]
    Empty,
    #[error("must be at most {max} characters (got {got})")]
    TooLong { max: usize, got: usize },
    #[error("must not contain control characters")]
    ControlCharacter,
    #[error("must not contain invisible or direction-changing characters")]
    InvisibleCharacter,
}

/// Text that is trimmed, NFC-normalised (so "Nguyễn" typed with combining marks and
/// precomposed is one name), non-empty, free of control characters (other than line
/// breaks) and at most `max` characters long.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(transparent)]
pub struct BoundedText(String);

impl BoundedText {
    pub fn parse(raw: &str, max: usize) -> Result<Self, TextError> {
        let normalised: String = raw.nfc().collect();
        let trimmed = normalised.trim();
        check(trimmed, max, |c| c == '\n' || c == '\t')?;
        Ok(Self(trimmed.to_owned()))
    }

    /// [`BoundedText::parse`] for the input field `field`: a rejection is bad input on it.
    pub fn field(field: &str, raw: &str, max: usize) -> Result<Self, DomainError> {
        Self::parse(raw, max).map_err(|e| DomainError::invalid(field, e.to_string()))
    }

    /// An optional field: absent or blank is `None`, anything else must parse.
    pub fn optional(
        field: &str,
        raw: Option<&str>,
        max: usize,
    ) -> Result<Option<Self>, DomainError> {
        raw.filter(|v| !v.trim().is_empty())
            .map(|v| Self::field(field, v, max))
            .transpose()
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    pub fn into_string(self) -> String {
        self.0
    }
}

/// A value a query looks something up by (a filter, an idempotency key): NFC-normalised,
/// 1 to `max` characters, none of them a control character (not even a line break) or an
/// invisible one. It is not trimmed: it names exactly what it looks up. A rejection is bad
/// input on `field`, so text the database would refuse (a NUL byte) never reaches it.
pub fn lookup_text(field: &str, raw: &str, max: usize) -> Result<String, DomainError> {
    let normalised: String = raw.nfc().collect();
    check(&normalised, max, |_| false).map_err(|e| DomainError::invalid(field, e.to_string()))?;
    Ok(normalised)
}

/// The rules every text shares, in the order their errors are reported: not empty, at
/// most `max` characters, no control character but those `allowed`, nothing invisible.
fn check(text: &str, max: usize, allowed: fn(char) -> bool) -> Result<(), TextError> {
    let got = text.chars().count();
    if got == 0 {
        return Err(TextError::Empty);
    }
    if got > max {
        return Err(TextError::TooLong { max, got });
    }
    if text.chars().any(|c| c.is_control() && !allowed(c)) {
        return Err(TextError::ControlCharacter);
    }
    if text.chars().any(is_invisible) {
        return Err(TextError::InvisibleCharacter);
    }
    Ok(())
}

/// Zero-width characters, bidirectional overrides and isolates, and the byte-order mark:
/// they make text read differently from what is stored (Vietnamese needs none of them).
fn is_invisible(c: char) -> bool {
    matches!(c, '\u{200B}'..='\u{200F}' | '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}' | '\u{FEFF}')
}

impl AsRef<str> for BoundedText {
    fn as_ref(&self) -> &str {
        &self.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn combining_marks_and_precomposed_letters_are_the_same_text() {
        let combining = BoundedText::parse("Nguye\u{302}\u{303}n", 200).expect("valid");
        let precomposed = BoundedText::parse("Nguyễn", 200).expect("valid");
        assert_eq!(combining, precomposed);
    }

    #[test]
    fn vietnamese_names_with_diacritics_are_kept_trimmed() {
        let name = BoundedText::parse("  Nguyễn Thị Hằng ", 200).expect("valid");
        assert_eq!(name.as_str(), "Nguyễn Thị Hằng");
    }

    #[test]
    fn empty_long_and_control_text_is_rejected() {
        assert_eq!(BoundedText::parse("   ", 10), Err(TextError::Empty));
        assert_eq!(
            BoundedText::parse("abcdef", 5),
            Err(TextError::TooLong { max: 5, got: 6 })
        );
        assert_eq!(
            BoundedText::parse("a\u{0}b", 5),
            Err(TextError::ControlCharacter)
        );
        assert_eq!(
            BoundedText::parse("Nguy\u{202E}ễn", 50),
            Err(TextError::InvisibleCharacter)
        );
        // Decomposed Vietnamese (combining marks) is ordinary text.
        assert!(BoundedText::parse("Nguye\u{302}\u{303}n", 50).is_ok());
    }

    #[test]
    fn a_lookup_value_is_normalised_and_refuses_every_control_character() {
        assert_eq!(lookup_text("province", "HN", 10), Ok("HN".to_owned()));
        assert_eq!(
            lookup_text("province", "Ha\u{300}", 10),
            Ok("Hà".to_owned())
        );
        for bad in [
            "",
            "H\u{0}N",
            "a\nb",
            "a\tb",
            "\u{7f}",
            "a\u{200B}b",
            "abcdefghijk",
        ] {
            match lookup_text("filter.kind", bad, 10) {
                Err(DomainError::InvalidInput { field, .. }) => assert_eq!(field, "filter.kind"),
                other => panic!("{bad:?}: {other:?}"),
            }
        }
    }
}
