//! Test-only port of Hồ Ngọc Đức's lunar calendar algorithm ("Computing the Vietnamese lunar
//! calendar", calrules_en.html), used to re-derive the shipped table in `lunar.rs`.
//!
//! Days are Julian day numbers; `tz` is the meridian's offset in hours (7 for Vietnam, 8 for
//! China). The floors mirror the original JavaScript's `INT` (= `Math.floor`).

use std::f64::consts::PI;

use chrono::NaiveDate;

fn floor(x: f64) -> i64 {
    // The values are Julian days and month counts, far inside i64's range.
    x.floor() as i64
}

fn jd_from_date(date: NaiveDate) -> i64 {
    // Proleptic Gregorian Julian day number: 2000-01-01 is JD 2451545.
    const CE_TO_JD: i64 = 1_721_425;
    i64::from(chrono::Datelike::num_days_from_ce(&date)) + CE_TO_JD
}

fn date_from_jd(jd: i64) -> NaiveDate {
    let days = i32::try_from(jd - 1_721_425).expect("Julian day in range");
    NaiveDate::from_num_days_from_ce_opt(days).expect("Julian day in range")
}

fn new_moon(k: i64) -> f64 {
    let k = k as f64;
    let t = k / 1236.85;
    let t2 = t * t;
    let t3 = t2 * t;
    let dr = PI / 180.0;
    let mut jd1 = 2_415_020.759_33 + 29.530_588_68 * k + 0.000_117_8 * t2 - 0.000_000_155 * t3;
    jd1 += 0.000_33 * ((166.56 + 132.87 * t - 0.009_173 * t2) * dr).sin();
    let m = 359.2242 + 29.105_356_08 * k - 0.000_033_3 * t2 - 0.000_003_47 * t3;
    let mpr = 306.0253 + 385.816_918_06 * k + 0.010_730_6 * t2 + 0.000_012_36 * t3;
    let f = 21.2964 + 390.670_506_46 * k - 0.001_652_8 * t2 - 0.000_002_39 * t3;
    let mut c1 = (0.1734 - 0.000_393 * t) * (m * dr).sin() + 0.0021 * (2.0 * dr * m).sin();
    c1 = c1 - 0.4068 * (mpr * dr).sin() + 0.0161 * (dr * 2.0 * mpr).sin();
    c1 -= 0.0004 * (dr * 3.0 * mpr).sin();
    c1 = c1 + 0.0104 * (dr * 2.0 * f).sin() - 0.0051 * (dr * (m + mpr)).sin();
    c1 = c1 - 0.0074 * (dr * (m - mpr)).sin() + 0.0004 * (dr * (2.0 * f + m)).sin();
    c1 = c1 - 0.0004 * (dr * (2.0 * f - m)).sin() - 0.0006 * (dr * (2.0 * f + mpr)).sin();
    c1 = c1 + 0.0010 * (dr * (2.0 * f - mpr)).sin() + 0.0005 * (dr * (2.0 * mpr + m)).sin();
    let delta_t = if t < -11.0 {
        0.001 + 0.000_839 * t + 0.000_226_1 * t2 - 0.000_008_45 * t3 - 0.000_000_081 * t * t3
    } else {
        -0.000_278 + 0.000_265 * t + 0.000_262 * t2
    };
    jd1 + c1 - delta_t
}

fn new_moon_day(k: i64, tz: f64) -> i64 {
    floor(new_moon(k) + 0.5 + tz / 24.0)
}

fn sun_longitude(jdn: f64) -> f64 {
    let t = (jdn - 2_451_545.0) / 36525.0;
    let t2 = t * t;
    let dr = PI / 180.0;
    let m = 357.529_10 + 35_999.050_30 * t - 0.000_155_9 * t2 - 0.000_000_48 * t * t2;
    let l0 = 280.466_45 + 36_000.769_83 * t + 0.000_303_2 * t2;
    let mut dl = (1.914_600 - 0.004_817 * t - 0.000_014 * t2) * (dr * m).sin();
    dl += (0.019_993 - 0.000_101 * t) * (dr * 2.0 * m).sin() + 0.000_290 * (dr * 3.0 * m).sin();
    let l = (l0 + dl) * dr;
    l - PI * 2.0 * (l / (PI * 2.0)).floor()
}

/// Which of the 12 principal-term sectors the sun is in at the start of local day `day`.
fn sun_sector(day: i64, tz: f64) -> i64 {
    floor(sun_longitude(day as f64 - 0.5 - tz / 24.0) / PI * 6.0)
}

fn lunar_month_11(year: i32, tz: f64) -> i64 {
    let dec31 = NaiveDate::from_ymd_opt(year, 12, 31).expect("31 Dec exists");
    let off = jd_from_date(dec31) - 2_415_021;
    let k = floor(off as f64 / 29.530_588_853);
    let nm = new_moon_day(k, tz);
    if sun_sector(nm, tz) >= 9 {
        new_moon_day(k - 1, tz)
    } else {
        nm
    }
}

fn leap_month_offset(a11: i64, tz: f64) -> i64 {
    let k = floor((a11 as f64 - 2_415_021.076_998_695) / 29.530_588_853 + 0.5);
    let mut i = 1;
    let mut arc = sun_sector(new_moon_day(k + i, tz), tz);
    loop {
        let last = arc;
        i += 1;
        arc = sun_sector(new_moon_day(k + i, tz), tz);
        if arc == last || i >= 14 {
            break;
        }
    }
    i - 1
}

/// Gregorian date of `day`/`month` (ordinary, non-leap month) of lunar year `year`.
pub(crate) fn lunar_to_solar(day: i64, month: i64, year: i32, tz: f64) -> NaiveDate {
    let (a11, b11) = if month < 11 {
        (lunar_month_11(year - 1, tz), lunar_month_11(year, tz))
    } else {
        (lunar_month_11(year, tz), lunar_month_11(year + 1, tz))
    };
    let mut off = (month - 11).rem_euclid(12);
    if b11 - a11 > 365 && off >= leap_month_offset(a11, tz) {
        off += 1;
    }
    let k = floor(0.5 + (a11 as f64 - 2_415_021.076_998_695) / 29.530_588_853);
    date_from_jd(new_moon_day(k + off, tz) + day - 1)
}

#[cfg(test)]
mod tests {
    use super::super::lunar;
    use super::*;

    fn ymd(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).expect("valid date")
    }

    #[test]
    fn julian_day_numbers_match_the_reference_epoch() {
        assert_eq!(jd_from_date(ymd(2000, 1, 1)), 2_451_545);
        assert_eq!(date_from_jd(2_451_545), ymd(2000, 1, 1));
    }

    #[test]
    fn the_port_at_utc7_re_derives_every_row_of_the_shipped_table() {
        for &(year, tm, td, hm, hd) in lunar::table() {
            assert_eq!(
                lunar_to_solar(1, 1, year, 7.0),
                ymd(year, tm, td),
                "Tết {year}"
            );
            assert_eq!(
                lunar_to_solar(10, 3, year, 7.0),
                ymd(year, hm, hd),
                "Hùng Kings {year}"
            );
        }
        let years = lunar::table().iter().map(|row| row.0);
        assert!(years.clone().eq(lunar::FIRST_YEAR..=lunar::LAST_YEAR));
    }

    #[test]
    fn utc8_reckoning_gives_the_chinese_dates_where_vietnam_differs() {
        assert_eq!(lunar_to_solar(1, 1, 2030, 8.0), ymd(2030, 2, 3));
        assert_eq!(lunar_to_solar(1, 1, 2007, 8.0), ymd(2007, 2, 18));
        assert_eq!(lunar_to_solar(10, 3, 2037, 8.0), ymd(2037, 4, 25));
        assert_eq!(lunar_to_solar(10, 3, 2038, 8.0), ymd(2038, 4, 14));
        assert_eq!(lunar_to_solar(1, 1, 1985, 7.0), ymd(1985, 1, 21));
        assert_eq!(lunar_to_solar(1, 1, 1985, 8.0), ymd(1985, 2, 20));
    }
}
