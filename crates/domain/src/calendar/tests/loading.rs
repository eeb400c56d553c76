//! Loading: malformed year files fail with the file and the entry at fault.

use super::super::{CalendarError, DayProblem, WorkingCalendar};
use super::ymd;

const HEADER: &str = r#"
schema = 1
year = 2026
scope = "vn-agencies-mon-fri"
status = "official"
revision = 7
updated = "2026-01-01"
sources = [{ id = "law", kind = "law" }, { id = "letter", kind = "vpcp_letter" }]
"#;

fn load(days: &str) -> Result<WorkingCalendar, CalendarError> {
    let text = format!("{HEADER}days = [\n{days}\n]\n");
    WorkingCalendar::from_year_files([("vn/2026.toml", text.as_str())])
}

fn load_error(days: &str) -> (CalendarError, String) {
    let err = load(days).expect_err("the file should be rejected");
    let message = err.to_string();
    assert!(
        message.starts_with("vn/2026.toml: "),
        "the message names the file: {message}"
    );
    (err, message)
}

fn day_problem(err: &CalendarError) -> (&str, &DayProblem) {
    match err {
        CalendarError::InvalidDay { date, problem, .. } => (date.as_str(), problem),
        other => panic!("expected an InvalidDay error, got {other:?}"),
    }
}

#[test]
fn a_well_formed_file_loads_and_its_revision_appears_in_the_calendar_revision() {
    let cal = load(
        r#"{ date = "2026-01-01", kind = "holiday", name = "Tết Dương lịch", basis = ["law"] },"#,
    )
    .unwrap();
    assert!(cal.revision().starts_with("vn:2026r7;fallback1;"));
    assert!(!cal.is_working_day(ymd(2026, 1, 1)));
}

#[test]
fn an_unknown_kind_is_rejected_naming_the_date_and_the_kind() {
    let (err, message) =
        load_error(r#"{ date = "2026-01-01", kind = "bank_holiday", basis = ["law"] },"#);
    let (date, problem) = day_problem(&err);
    assert_eq!(date, "2026-01-01");
    assert_eq!(problem, &DayProblem::UnknownKind("bank_holiday".to_owned()));
    assert!(
        message.contains("day 2026-01-01: unknown kind \"bank_holiday\""),
        "{message}"
    );
}

#[test]
fn a_date_outside_the_files_year_is_rejected() {
    let (err, message) =
        load_error(r#"{ date = "2027-01-01", kind = "holiday", basis = ["law"] },"#);
    assert_eq!(
        day_problem(&err),
        ("2027-01-01", &DayProblem::OutsideYear(2026))
    );
    assert!(
        message.contains("outside the file's year 2026"),
        "{message}"
    );
}

#[test]
fn a_duplicate_date_is_rejected() {
    let (err, message) = load_error(
        r#"{ date = "2026-01-01", kind = "holiday", basis = ["law"] },
           { date = "2026-01-01", kind = "holiday", basis = ["letter"] },"#,
    );
    assert_eq!(day_problem(&err), ("2026-01-01", &DayProblem::Duplicate));
    assert!(message.contains("listed more than once"), "{message}");
}

#[test]
fn a_make_up_day_on_a_weekday_is_rejected() {
    let (err, message) = load_error(
        r#"{ date = "2026-01-02", kind = "swapped_off", pair = "2026-01-09", basis = ["letter"] },
           { date = "2026-01-09", kind = "make_up_work", pair = "2026-01-02", basis = ["letter"] },"#,
    );
    assert_eq!(
        day_problem(&err),
        ("2026-01-09", &DayProblem::MakeUpWorkOnWeekday)
    );
    assert!(message.contains("Saturday or Sunday"), "{message}");
}

#[test]
fn a_make_up_day_whose_pair_is_not_a_swapped_weekday_is_rejected() {
    let (err, message) = load_error(
        r#"{ date = "2026-01-01", kind = "holiday", basis = ["law"] },
           { date = "2026-01-10", kind = "make_up_work", pair = "2026-01-01", basis = ["letter"] },"#,
    );
    let (date, problem) = day_problem(&err);
    assert_eq!(date, "2026-01-10");
    assert!(matches!(problem, DayProblem::BadPair { .. }), "{problem:?}");
    assert!(
        message.contains("pair 2026-01-01 is not a swapped_off weekday"),
        "{message}"
    );
}

#[test]
fn swaps_must_pair_one_to_one() {
    // Two make-up Saturdays claim the same swapped weekday.
    let (err, _) = load_error(
        r#"{ date = "2026-01-02", kind = "swapped_off", pair = "2026-01-10", basis = ["letter"] },
           { date = "2026-01-10", kind = "make_up_work", pair = "2026-01-02", basis = ["letter"] },
           { date = "2026-01-17", kind = "make_up_work", pair = "2026-01-02", basis = ["letter"] },"#,
    );
    assert_eq!(day_problem(&err).0, "2026-01-17");
}

#[test]
fn a_basis_missing_from_the_sources_is_rejected() {
    let (err, message) =
        load_error(r#"{ date = "2026-01-01", kind = "holiday", basis = ["law", "decree-99"] },"#);
    assert_eq!(
        day_problem(&err),
        (
            "2026-01-01",
            &DayProblem::UnknownBasis("decree-99".to_owned())
        )
    );
    assert!(
        message.contains("basis \"decree-99\" is not among the file's sources"),
        "{message}"
    );
}

#[test]
fn a_compensatory_day_must_give_back_a_weekend_holiday() {
    let (err, _) = load_error(
        r#"{ date = "2026-01-01", kind = "holiday", basis = ["law"] },
           { date = "2026-01-02", kind = "compensatory", for = "2026-01-01", basis = ["law"] },"#,
    );
    assert_eq!(
        day_problem(&err),
        (
            "2026-01-02",
            &DayProblem::CompensatesNothing(ymd(2026, 1, 1))
        )
    );
}

#[test]
fn a_weekend_holiday_must_be_flagged_on_weekend() {
    let (err, _) = load_error(r#"{ date = "2026-04-26", kind = "holiday", basis = ["law"] },"#);
    assert_eq!(
        day_problem(&err),
        (
            "2026-04-26",
            &DayProblem::OnWeekendMismatch { weekend: true }
        )
    );
}

#[test]
fn a_malformed_date_is_rejected_as_written() {
    let (err, message) =
        load_error(r#"{ date = "2026-02-30", kind = "holiday", basis = ["law"] },"#);
    assert_eq!(day_problem(&err).0, "2026-02-30");
    assert!(
        message.contains("date \"2026-02-30\" is not a YYYY-MM-DD date"),
        "{message}"
    );
}

#[test]
fn invalid_toml_and_unknown_fields_are_rejected_naming_the_file() {
    let err = WorkingCalendar::from_year_files([("vn/bad.toml", "year = ")]).unwrap_err();
    assert!(matches!(err, CalendarError::Parse { .. }));
    assert!(err.to_string().starts_with("vn/bad.toml: "));
    let (err, message) = load_error(
        r#"{ date = "2026-01-01", kind = "holiday", basis = ["law"], on_weekday = true },"#,
    );
    assert!(matches!(err, CalendarError::Parse { .. }));
    assert!(message.contains("on_weekday"), "{message}");
}

#[test]
fn two_files_for_the_same_year_are_rejected() {
    let text = format!("{HEADER}days = []\n");
    let err = WorkingCalendar::from_year_files([
        ("a/2026.toml", text.as_str()),
        ("b/2026.toml", text.as_str()),
    ])
    .unwrap_err();
    assert_eq!(
        err.to_string(),
        "b/2026.toml: year 2026 is already defined by a/2026.toml"
    );
}

#[test]
fn the_revision_changes_when_a_file_changes() {
    let one = format!("{HEADER}days = []\n");
    let two = one.replace("revision = 7", "revision = 8");
    let three = format!("{one}# edited without bumping the revision\n");
    let revision = |text: &str| {
        WorkingCalendar::from_year_files([("vn/2026.toml", text)])
            .unwrap()
            .revision()
    };
    assert_ne!(revision(&one), revision(&two));
    assert!(revision(&two).starts_with("vn:2026r8;"));
    assert_ne!(revision(&one), revision(&three));
    assert_eq!(revision(&one), revision(&one));
}
