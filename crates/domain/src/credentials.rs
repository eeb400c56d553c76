//! The rules of sign-in names and passwords: a login is short ASCII (`[a-z0-9._-]`, 3 to
//! 40 characters), by default derived from the person's name without diacritics
//! ("Nguyễn Đức Long" → `nguyen.duc.long`); a password is 12 to 128 characters.

use unicode_normalization::UnicodeNormalization;
use unicode_normalization::char::is_combining_mark;

use crate::DomainError;

pub const LOGIN_MIN: usize = 3;
pub const LOGIN_MAX: usize = 40;
pub const PASSWORD_MIN: usize = 12;
pub const PASSWORD_MAX: usize = 128;

/// Checks a login given by an administrator; the refusal names `field`.
pub fn parse_login(field: &str, login: &str) -> Result<String, DomainError> {
    let len = login.chars().count();
    if !(LOGIN_MIN..=LOGIN_MAX).contains(&len) {
        return Err(DomainError::invalid(
            field,
            format!("a login has {LOGIN_MIN} to {LOGIN_MAX} characters"),
        ));
    }
    if !login.chars().all(is_login_char) {
        return Err(DomainError::invalid(
            field,
            "a login has only lower-case letters a-z, digits, '.', '_' and '-'",
        ));
    }
    Ok(login.to_owned())
}

fn is_login_char(c: char) -> bool {
    c.is_ascii_lowercase() || c.is_ascii_digit() || matches!(c, '.' | '_' | '-')
}

/// The login a name gives when none is chosen: its words without diacritics, lower case,
/// joined by dots, at most [`LOGIN_MAX`] characters; `user` when nothing is left. Not
/// necessarily free: [`numbered_login`] makes it unique.
pub fn derive_login(name: &str) -> String {
    let plain: String = name
        .nfd()
        .filter(|c| !is_combining_mark(*c))
        .map(|c| match c {
            'đ' | 'Đ' => 'd',
            c => c.to_ascii_lowercase(),
        })
        .collect();
    let words: Vec<String> = plain
        .split(|c: char| !c.is_ascii_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_owned)
        .collect();
    let mut login = words.join(".");
    login.truncate(LOGIN_MAX);
    let login = login.trim_end_matches('.').to_owned();
    if login.len() < LOGIN_MIN {
        "user".to_owned()
    } else {
        login
    }
}

/// The `n`-th alternative to a taken login: `base-n`, cut so that it stays within
/// [`LOGIN_MAX`].
pub fn numbered_login(base: &str, n: u32) -> String {
    let suffix = format!("-{n}");
    let keep = LOGIN_MAX - suffix.len();
    let head: String = base.chars().take(keep).collect();
    format!("{}{suffix}", head.trim_end_matches('.'))
}

/// Checks a new password's length (in characters); the refusal names `password`.
pub fn check_password(password: &str) -> Result<(), DomainError> {
    let len = password.chars().count();
    if (PASSWORD_MIN..=PASSWORD_MAX).contains(&len) {
        Ok(())
    } else {
        Err(DomainError::invalid(
            "password",
            format!("a password has {PASSWORD_MIN} to {PASSWORD_MAX} characters"),
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_login_is_the_name_without_diacritics() {
        assert_eq!(
            derive_login("Điều tra viên Nguyễn Đức Long"),
            "dieu.tra.vien.nguyen.duc.long"
        );
        assert_eq!(
            derive_login("Quản trị hệ thống Tạ Quang Huy"),
            "quan.tri.he.thong.ta.quang.huy"
        );
        assert_eq!(derive_login("Ữ"), "user");
        let long = derive_login("Chuyên viên Sở Tư pháp Đặng Minh Châu Nguyễn Thị Thu Hà");
        assert!(long.len() <= LOGIN_MAX && !long.ends_with('.'), "{long}");
        assert!(parse_login("login", &long).is_ok());
    }

    #[test]
    fn a_numbered_login_stays_within_the_limit() {
        let base = "a".repeat(LOGIN_MAX);
        let n = numbered_login(&base, 12);
        assert_eq!(n.len(), LOGIN_MAX);
        assert!(n.ends_with("-12"));
        assert_eq!(numbered_login("nguyen.van.an", 2), "nguyen.van.an-2");
    }

    #[test]
    fn logins_are_short_ascii() {
        assert!(parse_login("login", "ta.quang_huy-2").is_ok());
        for bad in ["ab", "Huy.Ta", "tạ.huy", "a b c", &"x".repeat(41)] {
            match parse_login("login", bad) {
                Err(DomainError::InvalidInput { field, .. }) if field == "login" => {}
                other => panic!("{bad:?}: {other:?}"),
            }
        }
    }

    #[test]
    fn passwords_have_twelve_to_128_characters() {
        assert!(check_password("mười hai ký tự").is_ok());
        assert!(check_password("short").is_err());
        assert!(check_password(&"ư".repeat(128)).is_ok());
        assert!(check_password(&"x".repeat(129)).is_err());
    }
}
