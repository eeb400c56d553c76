#![allow(clippy::unwrap_used)]

use super::*;

fn bundled() -> RuleSet {
    RuleBook::bundled().unwrap().all()[0].clone()
}

fn load_err(text: &str) -> String {
    RuleBook::from_files([("bad.toml", text)])
        .unwrap_err()
        .to_string()
}

/// The bundled rule set with one substring replaced.
fn patched(from: &str, to: &str) -> String {
    let text = BUNDLED[0].1;
    assert!(text.contains(from), "fixture no longer contains {from:?}");
    text.replacen(from, to, 1)
}

#[test]
fn bundled_rule_set_loads_and_is_in_force_from_joint_circular_10() {
    let book = RuleBook::bundled().unwrap();
    let day = NaiveDate::from_ymd_opt(2026, 11, 26).unwrap();
    assert_eq!(book.in_force(day).unwrap().version, "2026.1");
    let before = NaiveDate::from_ymd_opt(2018, 8, 31).unwrap();
    assert!(book.in_force(before).is_none());
    assert!(book.version("2026.1").is_some());
}

#[test]
fn every_clock_limit_names_its_article() {
    for clock in bundled().clocks {
        for limit in clock.limits {
            assert!(
                limit.basis.contains("Điều"),
                "{}: {:?} has no article",
                clock.id,
                limit.basis
            );
        }
    }
}

#[test]
fn notify_center_is_12_hours_for_arrested_and_held_persons_and_24_otherwise_luat_tgpl_31_3() {
    let rules = bundled();
    let clock = rules.clock("notify_center").unwrap();
    for custody in [CustodyStatus::Arrested, CustodyStatus::TemporaryCustody] {
        let l = clock.limit_for(custody, ProceedingKind::Criminal);
        assert_eq!(l.limit(), Limit::Hours(12));
        assert!(l.basis.contains("Điều 31(3)"));
    }
    for custody in [CustodyStatus::Detained, CustodyStatus::AtLiberty] {
        let l = clock.limit_for(custody, ProceedingKind::Criminal);
        assert_eq!(l.limit(), Limit::Hours(24));
    }
}

#[test]
fn assign_provider_is_12_hours_for_persons_in_custody_and_3_working_days_otherwise_luat_tgpl_31_2()
{
    let rules = bundled();
    let clock = rules.clock("assign_provider").unwrap();
    assert_eq!(clock.responsible, Party::Center);
    assert_eq!(clock.starts, ClockStart::Transition);
    let held = clock.limit_for(CustodyStatus::TemporaryCustody, ProceedingKind::Criminal);
    assert_eq!(held.limit(), Limit::Hours(12));
    let free = clock.limit_for(CustodyStatus::Detained, ProceedingKind::Criminal);
    assert_eq!(free.limit(), Limit::WorkingDays(3));
    assert!(free.basis.contains("Điều 31(2)"));
}

#[test]
fn register_counsel_is_24_hours_in_criminal_and_3_working_days_in_civil_blhs_78_4_bltds_75_5() {
    let rules = bundled();
    let clock = rules.clock("register_counsel").unwrap();
    assert_eq!(clock.responsible, Party::HandlingAgency);
    let criminal = clock.limit_for(CustodyStatus::AtLiberty, ProceedingKind::Criminal);
    assert_eq!(criminal.limit(), Limit::Hours(24));
    assert!(criminal.basis.contains("Điều 78(4)"));
    for kind in [ProceedingKind::Civil, ProceedingKind::Administrative] {
        let l = clock.limit_for(CustodyStatus::AtLiberty, kind);
        assert_eq!(l.limit(), Limit::WorkingDays(3));
        assert!(l.basis.contains("Điều 75(5)"));
    }
}

#[test]
fn allowed_commands_from_a_state_come_from_the_rule_set() {
    let rules = bundled();
    assert_eq!(
        rules.allowed_from(MatterState::NotifiedToCenter),
        vec![CommandKind::AcceptReferral, CommandKind::RefuseReferral]
    );
    assert!(rules.allowed_from(MatterState::Refused).is_empty());
}

#[test]
fn an_unknown_state_is_a_syntax_error_naming_the_file() {
    let err = load_err(&patched(r#"to = "accepted""#, r#"to = "approved""#));
    assert!(err.starts_with("bad.toml:"), "{err}");
    assert!(err.contains("approved"), "{err}");
}

#[test]
fn an_unknown_role_is_rejected() {
    let err = load_err(&patched(
        r#"roles = ["agency_officer"]"#,
        r#"roles = ["judge"]"#,
    ));
    assert!(err.contains("judge"), "{err}");
}

#[test]
fn an_unreachable_state_is_rejected() {
    let text = patched(
        r#"from = ["provider_assigned"]
to = "registered""#,
        r#"from = ["provider_assigned"]
to = "provider_assigned""#,
    );
    let err = load_err(&text);
    assert!(err.contains("state registered cannot be reached"), "{err}");
}

#[test]
fn a_clock_limit_without_legal_basis_is_rejected() {
    let text = patched(
        r#"basis = "Luật TGPL Điều 31(3): 12 giờ đối với người bị bắt, người bị tạm giữ""#,
        r#"basis = "  ""#,
    );
    let err = load_err(&text);
    assert_eq!(
        err,
        "bad.toml: clock[0] (notify_center).limit[0]: a limit needs its legal basis"
    );
}

#[test]
fn a_transition_naming_an_undefined_clock_is_rejected() {
    let err = load_err(&patched(
        r#"opens = ["assign_provider"]"#,
        r#"opens = ["assign"]"#,
    ));
    assert_eq!(
        err,
        "bad.toml: transition[1] (accept_referral): clock assign is not defined"
    );
}

#[test]
fn a_default_limit_that_is_not_last_is_rejected() {
    let text = patched(
        r#"when = { proceeding = ["criminal"] }
  "#,
        "",
    );
    let err = load_err(&text);
    assert!(
        err.contains("clock[2] (register_counsel).limit[0]"),
        "{err}"
    );
    assert!(err.contains("exactly the last limit"), "{err}");
}
