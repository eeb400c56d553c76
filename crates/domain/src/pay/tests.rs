#![allow(clippy::unwrap_used)]

use chrono::NaiveDate;

use super::*;
use crate::DomainError;

fn day(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap()
}

fn today() -> NaiveDate {
    day(2026, 12, 1)
}

fn table() -> &'static PayTable {
    PayTable::bundled()
}

fn confirmed() -> Option<Confirmation> {
    Some(Confirmation {
        role: ConfirmerRole::Judge,
        name: BoundedText::field("name", "Thẩm phán Lê Văn Tâm", 200).unwrap(),
    })
}

fn line(worked_on: NaiveDate, half_days: i32) -> SessionInput {
    SessionInput {
        worked_on,
        half_days: Some(half_days),
        hours: None,
        activity: "attend_hearing".into(),
        confirmed_by: confirmed(),
    }
}

fn sessions(lines: Vec<SessionInput>) -> ClaimRequest {
    ClaimRequest::Sessions { lines }
}

fn price(request: &ClaimRequest, before: u32) -> Result<PricedClaim, DomainError> {
    table().price(
        ProceedingKind::Criminal,
        request,
        before,
        day(2016, 1, 1),
        today(),
    )
}

fn field_of(err: DomainError) -> (String, String) {
    match err {
        DomainError::InvalidInput { field, message, .. } => (field, message),
        other => panic!("not bad input: {other}"),
    }
}

#[test]
fn the_bundled_table_loads_with_the_five_base_salaries_in_date_order() {
    let amounts: Vec<_> = table().base_salaries.iter().map(|b| b.amount).collect();
    assert_eq!(
        amounts,
        [1_300_000, 1_390_000, 1_490_000, 1_800_000, 2_340_000]
    );
    assert!(
        table()
            .base_salaries
            .iter()
            .all(|b| b.basis.contains("NĐ-CP"))
    );
}

#[test]
fn base_salary_nd_73_2024_applies_from_1_july_2024_and_nd_24_2023_the_day_before() {
    assert_eq!(
        table().base_salary_on(day(2024, 6, 30)).unwrap().amount,
        1_800_000
    );
    assert_eq!(
        table().base_salary_on(day(2024, 7, 1)).unwrap().amount,
        2_340_000
    );
    assert_eq!(table().base_salary_on(day(2017, 6, 30)), None);
}

#[test]
fn nd_144_dieu_13_pays_0_38_of_the_base_salary_per_half_day_session() {
    let claim = price(&sessions(vec![line(day(2025, 3, 4), 1)]), 0).unwrap();
    assert_eq!(claim.amount, 889_200); // 0.38 × 2 340 000
    assert_eq!(claim.hours, 4);
    assert_eq!(claim.lines[0].base_salary, 2_340_000);
}

#[test]
fn each_session_uses_the_base_salary_of_its_own_day_across_1_july_2024() {
    let claim = price(
        &sessions(vec![line(day(2024, 6, 28), 2), line(day(2024, 7, 2), 1)]),
        0,
    )
    .unwrap();
    // 2 × 0.38 × 1 800 000 + 1 × 0.38 × 2 340 000
    assert_eq!(claim.lines[0].amount, 1_368_000);
    assert_eq!(claim.lines[1].amount, 889_200);
    assert_eq!(claim.amount, 2_257_200);
    assert_eq!(
        (claim.work_from, claim.work_to),
        (day(2024, 6, 28), day(2024, 7, 2))
    );
}

#[test]
fn hours_are_paid_pro_rata_of_a_4_hour_session_rounded_half_up_to_the_dong() {
    let mut l = line(day(2019, 8, 1), 1);
    l.half_days = None;
    l.hours = Some(3);
    let claim = price(&sessions(vec![l]), 0).unwrap();
    // 0.38 × 1 490 000 × 3 / 4 = 424 650
    assert_eq!(claim.amount, 424_650);
    assert_eq!(table().session_amount(1_390_001, 1), 132_050);
}

#[test]
fn nd_144_dieu_13_caps_a_matter_at_30_sessions_with_its_earlier_claims() {
    let ok = price(&sessions(vec![line(day(2025, 1, 6), 2)]), 28 * 4).unwrap();
    assert_eq!(ok.hours, 8);
    let err = price(&sessions(vec![line(day(2025, 1, 6), 2)]), 29 * 4).unwrap_err();
    let (field, message) = field_of(err);
    assert_eq!(field, "lines");
    assert!(message.contains("at most 30 sessions"), "{message}");
    assert!(
        message.contains("Nghị định 144/2017/NĐ-CP Điều 13"),
        "{message}"
    );
}

#[test]
fn a_day_holds_at_most_two_half_day_sessions() {
    let err = price(
        &sessions(vec![line(day(2025, 1, 6), 2), line(day(2025, 1, 6), 1)]),
        0,
    )
    .unwrap_err();
    assert_eq!(field_of(err).0, "lines[1].hours");
    let err = price(&sessions(vec![line(day(2025, 1, 6), 3)]), 0).unwrap_err();
    assert_eq!(field_of(err).0, "lines[0].halfDays");
}

#[test]
fn a_line_gives_half_days_or_hours_not_both() {
    let mut l = line(day(2025, 1, 6), 1);
    l.hours = Some(4);
    let err = price(&sessions(vec![l]), 0).unwrap_err();
    assert_eq!(field_of(err).0, "lines[0].halfDays");
}

#[test]
fn work_before_the_first_base_salary_names_the_line_and_nd_47_2017() {
    let err = price(&sessions(vec![line(day(2017, 6, 30), 1)]), 0).unwrap_err();
    let (field, message) = field_of(err);
    assert_eq!(field, "lines[0].workedOn");
    assert!(message.contains("Nghị định 47/2017/NĐ-CP"), "{message}");
}

#[test]
fn tt_02_2021_a_session_without_confirmation_is_refused() {
    let mut l = line(day(2025, 1, 6), 1);
    l.confirmed_by = None;
    let (field, message) = field_of(price(&sessions(vec![l]), 0).unwrap_err());
    assert_eq!(field, "lines[0].confirmedBy");
    assert!(
        message.contains("Thông tư 02/2021/TT-BTP Điều 4(3)(h)"),
        "{message}"
    );
}

#[test]
fn tt_02_2021_activities_follow_the_procedure_type() {
    let mut l = line(day(2025, 1, 6), 1);
    l.activity = "attend_mediation".into();
    let request = sessions(vec![l]);
    let (field, _) = field_of(price(&request, 0).unwrap_err());
    assert_eq!(field, "lines[0].activity");
    let civil = table().price(ProceedingKind::Civil, &request, 0, day(2016, 1, 1), today());
    assert_eq!(civil.unwrap().amount, 889_200);
}

#[test]
fn a_session_in_the_future_is_refused() {
    let (field, _) = field_of(price(&sessions(vec![line(day(2026, 12, 2), 1)]), 0).unwrap_err());
    assert_eq!(field, "lines[0].workedOn");
}

#[test]
fn nd_144_dieu_13_a_lump_sum_lies_between_3_and_10_base_salaries_of_its_day() {
    let lump = |amount, worked_on| ClaimRequest::LumpSum { worked_on, amount };
    assert_eq!(
        price(&lump(7_020_000, day(2025, 5, 1)), 0).unwrap().amount,
        7_020_000
    );
    assert_eq!(
        price(&lump(23_400_000, day(2025, 5, 1)), 0).unwrap().amount,
        23_400_000
    );
    // 7 020 000 was 3.9 base salaries before 1 July 2024: in range then too.
    assert!(price(&lump(5_399_999, day(2024, 6, 30)), 0).is_err());
    let (field, message) = field_of(price(&lump(7_019_999, day(2025, 5, 1)), 0).unwrap_err());
    assert_eq!(field, "lumpSum.amount");
    assert!(message.contains("7020000 to 23400000"), "{message}");
    assert!(price(&lump(23_400_001, day(2025, 5, 1)), 0).is_err());
    let (field, _) = field_of(price(&lump(7_020_000, day(2016, 1, 1)), 0).unwrap_err());
    assert_eq!(field, "lumpSum.workedOn");
}

#[test]
fn the_loader_refuses_base_salaries_out_of_date_order_and_a_missing_basis() {
    let text = include_str!("../../rules/pay/vn-thu-lao-tgpl.toml");
    let swapped = text.replacen("from = \"2018-07-01\"", "from = \"2017-01-01\"", 1);
    let err = PayTable::parse("x.toml", &swapped).unwrap_err();
    assert_eq!(err.place, "base_salary[1].from");
    let no_basis = text.replacen(
        "basis = \"Nghị định 47/2017/NĐ-CP Điều 3(2)\"",
        "basis = \"\"",
        1,
    );
    let err = PayTable::parse("x.toml", &no_basis).unwrap_err();
    assert_eq!(err.place, "base_salary[0].basis");
    let inverted = text.replacen("min_multiple = 3", "min_multiple = 11", 1);
    assert_eq!(
        PayTable::parse("x.toml", &inverted).unwrap_err().place,
        "lump_sum"
    );
}

#[test]
fn work_before_the_request_was_received_is_refused_after_the_base_salary_check() {
    let request = sessions(vec![line(day(2025, 1, 6), 1), line(day(2024, 12, 31), 1)]);
    let received = day(2025, 1, 1);
    let err = table().price(ProceedingKind::Criminal, &request, 0, received, today());
    assert_eq!(field_of(err.unwrap_err()).0, "lines[1].workedOn");
}
