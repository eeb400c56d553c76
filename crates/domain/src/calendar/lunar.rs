//! Tết (1/1 lunar) and Giỗ Tổ Hùng Vương (10/3 lunar) in the Vietnamese (UTC+7) lunar calendar.
//!
//! The table is generated offline with a port of Hồ Ngọc Đức's algorithm at time zone 7
//! (vietnam-working-calendar.md §4.1). It is not computed at run time, so the fallback has no
//! floating-point edge cases. `lunar_algo` (tests only) re-derives every row.
//! Cross-checked for every year against python-holidays' `VIETNAMESE_CALENDAR` tables.

use chrono::NaiveDate;

/// First and last Gregorian year the table covers.
pub(crate) const FIRST_YEAR: i32 = 1990;
#[cfg(test)]
pub(crate) const LAST_YEAR: i32 = 2100;

/// `(year, Tết month, Tết day, Hùng Kings month, Hùng Kings day)`, Vietnam time.
/// Hùng Kings is the 10th day of the ordinary (non-leap) 3rd month (Q7).
const TABLE: &[(i32, u32, u32, u32, u32)] = &[
    (1990, 1, 27, 4, 5),
    (1991, 2, 15, 4, 24),
    (1992, 2, 4, 4, 12),
    (1993, 1, 23, 4, 1),
    (1994, 2, 10, 4, 20),
    (1995, 1, 31, 4, 9),
    (1996, 2, 19, 4, 27),
    (1997, 2, 7, 4, 16),
    (1998, 1, 28, 4, 6),
    (1999, 2, 16, 4, 25),
    (2000, 2, 5, 4, 14),
    (2001, 1, 24, 4, 3),
    (2002, 2, 12, 4, 22),
    (2003, 2, 1, 4, 11),
    (2004, 1, 22, 4, 28),
    (2005, 2, 9, 4, 18),
    (2006, 1, 29, 4, 7),
    (2007, 2, 17, 4, 26),
    (2008, 2, 7, 4, 15),
    (2009, 1, 26, 4, 4),
    (2010, 2, 14, 4, 23),
    (2011, 2, 3, 4, 12),
    (2012, 1, 23, 3, 31),
    (2013, 2, 10, 4, 19),
    (2014, 1, 31, 4, 9),
    (2015, 2, 19, 4, 28),
    (2016, 2, 8, 4, 16),
    (2017, 1, 28, 4, 6),
    (2018, 2, 16, 4, 25),
    (2019, 2, 5, 4, 14),
    (2020, 1, 25, 4, 2),
    (2021, 2, 12, 4, 21),
    (2022, 2, 1, 4, 10),
    (2023, 1, 22, 4, 29),
    (2024, 2, 10, 4, 18),
    (2025, 1, 29, 4, 7),
    (2026, 2, 17, 4, 26),
    (2027, 2, 6, 4, 16),
    (2028, 1, 26, 4, 4),
    (2029, 2, 13, 4, 23),
    (2030, 2, 2, 4, 12),
    (2031, 1, 23, 4, 1),
    (2032, 2, 11, 4, 19),
    (2033, 1, 31, 4, 9),
    (2034, 2, 19, 4, 28),
    (2035, 2, 8, 4, 17),
    (2036, 1, 28, 4, 6),
    (2037, 2, 15, 4, 24),
    (2038, 2, 4, 4, 13),
    (2039, 1, 24, 4, 3),
    (2040, 2, 12, 4, 20),
    (2041, 2, 1, 4, 10),
    (2042, 1, 22, 4, 29),
    (2043, 2, 10, 4, 19),
    (2044, 1, 30, 4, 7),
    (2045, 2, 17, 4, 26),
    (2046, 2, 6, 4, 15),
    (2047, 1, 26, 4, 4),
    (2048, 2, 14, 4, 22),
    (2049, 2, 2, 4, 11),
    (2050, 1, 23, 4, 1),
    (2051, 2, 11, 4, 20),
    (2052, 2, 1, 4, 9),
    (2053, 2, 18, 4, 28),
    (2054, 2, 8, 4, 17),
    (2055, 1, 28, 4, 6),
    (2056, 2, 15, 4, 24),
    (2057, 2, 4, 4, 13),
    (2058, 1, 24, 4, 2),
    (2059, 2, 12, 4, 21),
    (2060, 2, 2, 4, 10),
    (2061, 1, 21, 3, 31),
    (2062, 2, 9, 4, 19),
    (2063, 1, 29, 4, 8),
    (2064, 2, 17, 4, 26),
    (2065, 2, 5, 4, 15),
    (2066, 1, 26, 4, 4),
    (2067, 2, 14, 4, 23),
    (2068, 2, 3, 4, 11),
    (2069, 1, 23, 4, 1),
    (2070, 2, 11, 4, 20),
    (2071, 1, 31, 4, 9),
    (2072, 2, 19, 4, 27),
    (2073, 2, 7, 4, 16),
    (2074, 1, 27, 4, 5),
    (2075, 2, 15, 4, 24),
    (2076, 2, 5, 4, 13),
    (2077, 1, 24, 4, 2),
    (2078, 2, 12, 4, 21),
    (2079, 2, 2, 4, 11),
    (2080, 1, 22, 3, 30),
    (2081, 2, 9, 4, 18),
    (2082, 1, 29, 4, 7),
    (2083, 2, 17, 4, 26),
    (2084, 2, 6, 4, 14),
    (2085, 1, 26, 4, 3),
    (2086, 2, 14, 4, 22),
    (2087, 2, 3, 4, 12),
    (2088, 1, 24, 4, 1),
    (2089, 2, 10, 4, 20),
    (2090, 1, 30, 4, 9),
    (2091, 2, 18, 4, 28),
    (2092, 2, 7, 4, 16),
    (2093, 1, 27, 4, 5),
    (2094, 2, 15, 4, 24),
    (2095, 2, 5, 4, 13),
    (2096, 1, 25, 4, 2),
    (2097, 2, 12, 4, 21),
    (2098, 2, 1, 4, 11),
    (2099, 1, 21, 4, 29),
    (2100, 2, 9, 4, 18),
];

/// The 1st day of the 1st lunar month that begins in Gregorian `year`.
pub(crate) fn tet(year: i32) -> Option<NaiveDate> {
    row(year).and_then(|&(y, m, d, _, _)| NaiveDate::from_ymd_opt(y, m, d))
}

/// The 10th day of the 3rd lunar month of the lunar year that begins in Gregorian `year`.
pub(crate) fn hung_kings(year: i32) -> Option<NaiveDate> {
    row(year).and_then(|&(y, _, _, m, d)| NaiveDate::from_ymd_opt(y, m, d))
}

fn row(year: i32) -> Option<&'static (i32, u32, u32, u32, u32)> {
    let index = usize::try_from(year.checked_sub(FIRST_YEAR)?).ok()?;
    TABLE.get(index).filter(|row| row.0 == year)
}

#[cfg(test)]
pub(crate) fn table() -> &'static [(i32, u32, u32, u32, u32)] {
    TABLE
}
