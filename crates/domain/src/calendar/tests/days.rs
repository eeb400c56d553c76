//! Day classification (§2.3), the §6.6 invariants over the bundled files, the §6.4 fallback
//! projections and the §4.3 lunar table.

use chrono::{Datelike, NaiveDate, Weekday};

use super::super::data::{self, EntryKind};
use super::super::{BUNDLED, Certainty, DayKind, WorkingCalendar, fallback, lunar};
use super::{calendar, ymd};

#[test]
fn make_up_saturdays_and_ordinary_days_between_breaks_are_working_days() {
    let cal = calendar();
    for date in [
        ymd(2024, 5, 4),
        ymd(2025, 4, 26),
        ymd(2026, 1, 10),
        ymd(2026, 8, 22),
        ymd(2026, 4, 28),
        ymd(2026, 11, 23),
    ] {
        assert!(cal.is_working_day(date), "{date} should be a working day");
    }
    assert_eq!(cal.day(ymd(2026, 1, 10)).kind, DayKind::MakeUpWork);
    assert_eq!(cal.day(ymd(2026, 4, 28)).kind, DayKind::Working);
}

#[test]
fn announced_days_off_are_not_working_days() {
    let cal = calendar();
    let expected = [
        (ymd(2024, 4, 29), DayKind::SwappedOff),
        (ymd(2025, 5, 2), DayKind::SwappedOff),
        (ymd(2026, 1, 2), DayKind::SwappedOff),
        (ymd(2026, 2, 16), DayKind::Holiday),
        (ymd(2026, 4, 27), DayKind::Compensatory),
        (ymd(2026, 8, 31), DayKind::SwappedOff),
        (ymd(2026, 11, 24), DayKind::Holiday),
        (ymd(2027, 2, 9), DayKind::Compensatory),
        (ymd(2027, 9, 3), DayKind::Holiday),
    ];
    for (date, kind) in expected {
        let info = cal.day(date);
        assert!(!cal.is_working_day(date), "{date} should be off");
        assert_eq!(info.kind, kind, "{date}");
        assert_eq!(info.certainty, Certainty::Official, "{date}");
        assert!(info.name.is_some(), "{date} has a name");
    }
    assert_eq!(
        cal.day(ymd(2026, 11, 24)).name.as_deref(),
        Some("Ngày Văn hóa Việt Nam")
    );
}

#[test]
fn saturday_28_november_2026_is_an_ordinary_rest_day() {
    let info = calendar().day(ymd(2026, 11, 28));
    assert_eq!(info.kind, DayKind::WeeklyRest);
    assert_eq!(info.certainty, Certainty::Official);
}

#[test]
fn every_bundled_year_has_the_statutory_number_of_weekdays_off_plus_its_make_up_days() {
    for (name, text) in BUNDLED {
        let file = data::parse(name, text).unwrap();
        let weekdays_off = file
            .entries
            .iter()
            .filter(|(d, e)| e.kind != EntryKind::MakeUpWork && !data::is_weekend(**d))
            .count();
        let make_up = file
            .entries
            .values()
            .filter(|e| e.kind == EntryKind::MakeUpWork)
            .count();
        let statutory = if file.year >= 2026 { 12 } else { 11 };
        assert_eq!(weekdays_off, statutory + make_up, "{name}");
    }
}

#[test]
fn every_bundled_year_agrees_with_the_lunar_table() {
    for (name, text) in BUNDLED {
        let file = data::parse(name, text).unwrap();
        let holiday = |d: Option<NaiveDate>| {
            d.and_then(|d| file.entries.get(&d))
                .is_some_and(|e| e.kind == EntryKind::Holiday)
        };
        let hk = lunar::hung_kings(file.year);
        assert!(holiday(hk), "{name}: Hùng Kings {hk:?}");
        let t1 = lunar::tet(file.year);
        assert!(holiday(t1), "{name}: Tết {t1:?}");
        assert!(
            holiday(t1.and_then(|t| t.pred_opt())),
            "{name}: day before Tết"
        );
    }
}

#[test]
fn the_bundled_files_give_the_summary_table_of_section_2_1() {
    let cal = calendar();
    let off = |year: i32| -> Vec<String> {
        ymd(year, 1, 1)
            .iter_days()
            .take_while(|d| d.year() == year)
            .filter(|d| !data::is_weekend(*d) && !cal.is_working_day(*d))
            .map(|d| d.format("%d/%m").to_string())
            .collect()
    };
    let expect = |list: &str| -> Vec<String> { list.split(' ').map(str::to_owned).collect() };
    assert_eq!(
        off(2024),
        expect("01/01 08/02 09/02 12/02 13/02 14/02 18/04 29/04 30/04 01/05 02/09 03/09")
    );
    assert_eq!(
        off(2025),
        expect("01/01 27/01 28/01 29/01 30/01 31/01 07/04 30/04 01/05 02/05 01/09 02/09")
    );
    assert_eq!(
        off(2026),
        expect(
            "01/01 02/01 16/02 17/02 18/02 19/02 20/02 27/04 30/04 01/05 31/08 01/09 02/09 24/11"
        )
    );
    assert_eq!(
        off(2027),
        expect("01/01 04/02 05/02 08/02 09/02 10/02 16/04 30/04 03/05 02/09 03/09 24/11")
    );
}

fn projected_weekdays_off(cal: &WorkingCalendar, year: i32) -> Vec<String> {
    ymd(year, 1, 1)
        .iter_days()
        .take_while(|d| d.year() == year)
        .filter(|d| !data::is_weekend(*d) && !cal.is_working_day(*d))
        .map(|d| d.format("%d/%m").to_string())
        .collect()
}

#[test]
fn fallback_projects_the_2028_to_2030_weekdays_off_of_section_6_4() {
    let cal = calendar();
    let list = |s: &str| -> Vec<String> { s.split(' ').map(str::to_owned).collect() };
    assert_eq!(
        projected_weekdays_off(&cal, 2028),
        list("03/01 24/01 25/01 26/01 27/01 28/01 04/04 01/05 02/05 01/09 04/09 24/11")
    );
    assert_eq!(
        projected_weekdays_off(&cal, 2029),
        list("01/01 12/02 13/02 14/02 15/02 16/02 23/04 30/04 01/05 03/09 04/09 26/11")
    );
    assert_eq!(
        projected_weekdays_off(&cal, 2030),
        list("01/01 31/01 01/02 04/02 05/02 06/02 12/04 30/04 01/05 02/09 03/09 25/11")
    );
}

#[test]
fn fallback_certainty_is_statutory_for_law_days_and_provisional_for_heuristics() {
    let cal = calendar();
    let certainty = |y, m, d| cal.day(ymd(y, m, d)).certainty;
    // 2028: 1 Jan (Sat) compensated on Mon 3 Jan; 30 Apr (Sun) on Tue 2 May, after Labour Day.
    assert_eq!(cal.day(ymd(2028, 1, 3)).kind, DayKind::Compensatory);
    assert_eq!(certainty(2028, 1, 3), Certainty::Statutory);
    assert_eq!(cal.day(ymd(2028, 5, 2)).kind, DayKind::Compensatory);
    assert_eq!(certainty(2028, 4, 4), Certainty::Statutory);
    assert_eq!(certainty(2028, 1, 24), Certainty::Provisional);
    assert_eq!(certainty(2028, 9, 1), Certainty::Provisional);
    // Ordinary days of a year with no file are provisional: a swap may still be announced.
    assert_eq!(certainty(2028, 1, 4), Certainty::Provisional);
    // 24 Nov 2029 (Sat) is compensated on Mon 26 Nov, but only provisionally (Q1).
    assert_eq!(cal.day(ymd(2029, 11, 26)).kind, DayKind::Compensatory);
    assert_eq!(certainty(2029, 11, 26), Certainty::Provisional);
    // No swaps are invented: no fallback Saturday is ever a working day.
    let saturday = ymd(2028, 1, 1)
        .iter_days()
        .take_while(|d| d.year() < 2036)
        .filter(|d| d.weekday() == Weekday::Sat);
    assert!(saturday.clone().all(|d| !cal.is_working_day(d)));
}

#[test]
fn a_partial_year_is_not_compensated_twice_and_its_ordinary_days_are_statutory() {
    let cal = calendar();
    // 1 May 2027 (Sat) already has its nghỉ bù on Mon 3 May in the file.
    assert!(cal.is_working_day(ymd(2027, 5, 4)));
    assert_eq!(cal.day(ymd(2027, 5, 4)).certainty, Certainty::Statutory);
    assert_eq!(cal.day(ymd(2027, 5, 3)).certainty, Certainty::Official);
}

#[test]
fn a_partial_file_is_topped_up_by_the_statutory_and_heuristic_layers() {
    let text = r#"
        schema = 1
        year = 2027
        scope = "vn-agencies-mon-fri"
        status = "partial"
        revision = 1
        updated = "2026-10-02"
        sources = [{ id = "law", kind = "law" }]
        days = [{ date = "2027-01-01", kind = "holiday", name = "Tết Dương lịch", basis = ["law"] }]
    "#;
    let cal = WorkingCalendar::from_year_files([("2027.toml", text)]).unwrap();
    let off = projected_weekdays_off(&cal, 2027);
    let expected = "01/01 04/02 05/02 08/02 09/02 10/02 16/04 30/04 03/05 02/09 03/09 24/11";
    assert_eq!(off.join(" "), expected);
    assert_eq!(cal.day(ymd(2027, 1, 1)).certainty, Certainty::Official);
    assert_eq!(cal.day(ymd(2027, 4, 16)).certainty, Certainty::Statutory);
    assert_eq!(cal.day(ymd(2027, 2, 4)).certainty, Certainty::Provisional);
}

#[test]
fn the_tet_heuristic_reproduces_the_blocks_chosen_from_2021_to_2027() {
    let cases = [
        (ymd(2021, 2, 12), ymd(2021, 2, 10)),
        (ymd(2022, 2, 1), ymd(2022, 1, 31)),
        (ymd(2023, 1, 22), ymd(2023, 1, 20)),
        (ymd(2024, 2, 10), ymd(2024, 2, 8)),
        (ymd(2025, 1, 29), ymd(2025, 1, 27)),
        (ymd(2026, 2, 17), ymd(2026, 2, 16)),
        (ymd(2027, 2, 6), ymd(2027, 2, 4)),
    ];
    for (t1, first) in cases {
        assert_eq!(lunar::tet(t1.year()), Some(t1));
        assert_eq!(fallback::tet_block(t1).first(), Some(&first), "Tết {t1}");
    }
}

#[test]
fn the_second_national_day_rule_reproduces_2021_to_2027() {
    let cases = [
        (2021, ymd(2021, 9, 3)),
        (2022, ymd(2022, 9, 1)),
        (2023, ymd(2023, 9, 1)),
        (2024, ymd(2024, 9, 3)),
        (2025, ymd(2025, 9, 1)),
        (2026, ymd(2026, 9, 1)),
        (2027, ymd(2027, 9, 3)),
    ];
    for (year, second) in cases {
        let sep2 = ymd(year, 9, 2);
        assert_eq!(fallback::second_national_day(sep2), Some(second), "{year}");
    }
}

#[test]
fn the_lunar_table_matches_section_4_3_for_2024_to_2038() {
    let rows = [
        (2024, (2, 10), (4, 18)),
        (2025, (1, 29), (4, 7)),
        (2026, (2, 17), (4, 26)),
        (2027, (2, 6), (4, 16)),
        (2028, (1, 26), (4, 4)),
        (2029, (2, 13), (4, 23)),
        (2030, (2, 2), (4, 12)),
        (2031, (1, 23), (4, 1)),
        (2032, (2, 11), (4, 19)),
        (2033, (1, 31), (4, 9)),
        (2034, (2, 19), (4, 28)),
        (2035, (2, 8), (4, 17)),
        (2036, (1, 28), (4, 6)),
        (2037, (2, 15), (4, 24)),
        (2038, (2, 4), (4, 13)),
    ];
    for (year, (tm, td), (hm, hd)) in rows {
        assert_eq!(lunar::tet(year), Some(ymd(year, tm, td)), "Tết {year}");
        assert_eq!(
            lunar::hung_kings(year),
            Some(ymd(year, hm, hd)),
            "HK {year}"
        );
    }
    assert_eq!(lunar::tet(lunar::FIRST_YEAR - 1), None);
    assert_eq!(lunar::tet(lunar::LAST_YEAR + 1), None);
    assert!(lunar::tet(2100).is_some());
}

#[test]
fn a_year_beyond_the_lunar_table_still_has_its_fixed_holidays() {
    let cal = calendar();
    for date in [ymd(2101, 1, 1), ymd(2101, 9, 2)] {
        assert_eq!(cal.day(date).kind, DayKind::Holiday, "{date}");
        assert_eq!(cal.day(date).certainty, Certainty::Statutory, "{date}");
    }
}

#[test]
fn without_year_files_every_day_comes_from_the_fallback() {
    let cal = WorkingCalendar::from_year_files([]).unwrap();
    // Fri 2 Jan 2026 is an ordinary working day without the announced swap.
    assert!(cal.is_working_day(ymd(2026, 1, 2)));
    assert_eq!(cal.day(ymd(2026, 4, 27)).kind, DayKind::Compensatory);
    assert_eq!(cal.day(ymd(2026, 1, 2)).certainty, Certainty::Provisional);
}
