#![allow(clippy::unwrap_used)]

use super::*;

fn bundled() -> RuleSet {
    RuleBook::bundled()
        .unwrap()
        .version("2026.2")
        .unwrap()
        .clone()
}

/// The limit a clock applies to a matter with these facts.
fn limit(
    rules: &RuleSet,
    clock: &str,
    custody: CustodyStatus,
    proceeding: ProceedingKind,
    flags: &[Flag],
) -> (Limit, String) {
    let rule = rules.clock(clock).unwrap();
    let l = rule.limit_for(LimitFacts {
        custody,
        proceeding,
        flags,
        agency_kind: None,
        mandatory_defence: false,
    });
    (l.limit(&rules.settings), l.basis.clone())
}

fn load_err(text: &str) -> String {
    RuleBook::from_files([("bad.toml", text)])
        .unwrap_err()
        .to_string()
}

/// The bundled full rule set with one substring replaced.
fn patched(from: &str, to: &str) -> String {
    let text = BUNDLED[1].1;
    assert!(text.contains(from), "fixture no longer contains {from:?}");
    text.replacen(from, to, 1)
}

#[test]
fn a_matter_keeps_the_version_in_force_when_it_was_received() {
    let book = RuleBook::bundled().unwrap();
    let on = |y, m, d| {
        book.in_force(NaiveDate::from_ymd_opt(y, m, d).unwrap())
            .map(|r| r.version.as_str())
    };
    assert_eq!(on(2025, 12, 31), Some("2026.1"));
    assert_eq!(on(2026, 1, 1), Some("2026.2"));
    assert_eq!(
        on(2018, 8, 31),
        None,
        "before TTLT 10/2018 no plan was in force"
    );
}

#[test]
fn every_clock_limit_and_transition_names_its_article() {
    for rules in RuleBook::bundled().unwrap().all() {
        for clock in &rules.clocks {
            for limit in &clock.limits {
                assert!(
                    limit.basis.contains("Điều"),
                    "{}: {:?}",
                    clock.id,
                    limit.basis
                );
            }
        }
        for t in &rules.transitions {
            assert!(t.basis.contains("Điều"), "{}: {:?}", t.command, t.basis);
        }
    }
}

#[test]
fn every_command_of_the_plan_has_a_transition_in_the_full_rule_set() {
    let rules = bundled();
    for command in CommandKind::ALL {
        assert!(
            rules.any_transition(*command).is_some(),
            "{command} has no transition"
        );
    }
}

#[test]
fn every_ambiguous_point_is_a_setting_with_its_reason() {
    let s = bundled().settings;
    assert_eq!(
        s.assignment_counts_from.value,
        AssignmentCountsFrom::Acceptance
    );
    assert!(s.detention_forwarding_by_analogy.value);
    assert!(s.hour_clocks_run_through_rest_days.value);
    assert_eq!(s.immediately_hours.value, 12);
    for reason in [
        &s.assignment_counts_from.reason,
        &s.detention_forwarding_by_analogy.reason,
        &s.hour_clocks_run_through_rest_days.reason,
        &s.immediately_hours.reason,
    ] {
        assert!(reason.len() > 40, "{reason}");
    }
}

use CustodyStatus as C;
use ProceedingKind as P;

#[test]
fn notify_center_is_12_hours_for_arrested_and_held_persons_and_24_otherwise_luat_tgpl_31_3() {
    let r = bundled();
    for custody in [C::Arrested, C::TemporaryCustody] {
        let (l, basis) = limit(&r, "notify_center", custody, P::Criminal, &[]);
        assert_eq!(l, Limit::Hours(12));
        assert!(basis.contains("Điều 31(3)"));
    }
    for custody in [C::Detained, C::AtLiberty] {
        assert_eq!(
            limit(&r, "notify_center", custody, P::Criminal, &[]).0,
            Limit::Hours(24)
        );
    }
}

#[test]
fn assign_provider_is_12_hours_for_persons_in_custody_and_3_working_days_otherwise_luat_tgpl_31_2()
{
    let r = bundled();
    let clock = r.clock("assign_provider").unwrap();
    assert_eq!(clock.responsible, Party::Center);
    assert_eq!(clock.starts, ClockStart::AssignmentBasis);
    assert_eq!(
        limit(&r, "assign_provider", C::TemporaryCustody, P::Criminal, &[]).0,
        Limit::Hours(12)
    );
    let (l, basis) = limit(&r, "assign_provider", C::Detained, P::Criminal, &[]);
    assert_eq!(l, Limit::WorkingDays(3));
    assert!(basis.contains("Điều 31(2)"));
}

#[test]
fn register_counsel_is_24_hours_in_criminal_and_3_working_days_in_civil_blhs_78_4_bltds_75_5() {
    let r = bundled();
    let (l, basis) = limit(&r, "register_counsel", C::AtLiberty, P::Criminal, &[]);
    assert_eq!(l, Limit::Hours(24));
    assert!(basis.contains("Điều 78(4)"));
    for kind in [P::Civil, P::Administrative] {
        let (l, basis) = limit(&r, "register_counsel", C::AtLiberty, kind, &[]);
        assert_eq!(l, Limit::WorkingDays(3));
        assert!(basis.contains("Điều 75(5)"));
    }
}

#[test]
fn mandatory_defence_and_immediate_assignment_are_immediately_as_configured_ttlt_10_3_4_7_3() {
    let r = bundled();
    for clock in ["notify_mandatory", "assign_immediately"] {
        assert_eq!(
            limit(&r, clock, C::Detained, P::Criminal, &[]).0,
            Limit::Hours(12),
            "{clock}"
        );
    }
}

#[test]
fn detention_forwarding_is_12_or_24_hours_by_analogy_with_blhs_75_2() {
    let r = bundled();
    assert_eq!(
        limit(
            &r,
            "forward_detention_request",
            C::Arrested,
            P::Criminal,
            &[]
        )
        .0,
        Limit::Hours(12)
    );
    let (l, basis) = limit(
        &r,
        "forward_detention_request",
        C::Detained,
        P::Criminal,
        &[],
    );
    assert_eq!(l, Limit::Hours(24));
    assert!(basis.contains("Điều 75(2)"));
    assert!(r.clock_enabled(r.clock("forward_detention_request").unwrap()));
}

#[test]
fn proof_is_due_in_5_working_days_or_10_in_disadvantaged_areas_tt_12_6_2() {
    let r = bundled();
    assert_eq!(
        limit(&r, "supply_proof", C::AtLiberty, P::Criminal, &[]).0,
        Limit::WorkingDays(5)
    );
    for flag in [Flag::DisadvantagedArea, Flag::ForceMajeure] {
        assert_eq!(
            limit(&r, "supply_proof", C::AtLiberty, P::Criminal, &[flag]).0,
            Limit::WorkingDays(10)
        );
    }
}

#[test]
fn replacement_is_24_hours_in_criminal_and_2_working_days_in_civil_ttlt_10_6() {
    let r = bundled();
    for clock in ["replace_provider", "replace_cancelled_provider"] {
        assert_eq!(
            limit(&r, clock, C::Detained, P::Criminal, &[]).0,
            Limit::Hours(24)
        );
        assert_eq!(
            limit(&r, clock, C::AtLiberty, P::Civil, &[]).0,
            Limit::WorkingDays(2)
        );
    }
    let (l, basis) = limit(&r, "notify_cancellation", C::Detained, P::Criminal, &[]);
    assert_eq!(l, Limit::Hours(24));
    assert!(basis.contains("Điều 15"));
}

#[test]
fn the_hearing_schedule_counts_back_10_days_or_7_in_summary_procedure_ttlt_10_9_3() {
    let r = bundled();
    assert_eq!(
        r.clock("send_hearing_schedule").unwrap().direction,
        Direction::BeforeHearing
    );
    let days = |n| Limit::Days { n, rollover: false };
    assert_eq!(
        limit(&r, "send_hearing_schedule", C::Detained, P::Criminal, &[]).0,
        days(10)
    );
    assert_eq!(
        limit(
            &r,
            "send_hearing_schedule",
            C::Detained,
            P::Criminal,
            &[Flag::SummaryProcedure]
        )
        .0,
        days(7)
    );
}

#[test]
fn change_answers_file_handover_and_complaints_follow_tt_12_and_luat_tgpl_39_45() {
    let r = bundled();
    let l = |clock| limit(&r, clock, C::AtLiberty, P::Criminal, &[]).0;
    assert_eq!(l("answer_provider_change"), Limit::WorkingDays(3));
    assert_eq!(
        l("hand_over_file"),
        Limit::Days {
            n: 30,
            rollover: true
        }
    );
    assert_eq!(l("decide_complaint_center"), Limit::WorkingDays(3));
    assert_eq!(
        l("decide_complaint_department"),
        Limit::Days {
            n: 15,
            rollover: true
        }
    );
    assert_eq!(
        r.clock("decide_complaint_department").unwrap().responsible,
        Party::JusticeDepartment
    );
}

#[test]
fn allowed_commands_from_a_state_come_from_the_rule_set() {
    let rules = bundled();
    assert_eq!(
        rules.allowed_from(MatterState::NotifiedToCenter),
        vec![
            CommandKind::AcceptReferral,
            CommandKind::AcceptImmediately,
            CommandKind::RefuseReferral,
            CommandKind::TransferReferral,
            CommandKind::ReportNotEligible,
        ]
    );
    assert_eq!(rules.allowed_from(MatterState::AppointedElsewhere), vec![]);
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
        "bad.toml: transition[8] (accept_referral): clock assign is not defined"
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
    assert!(err.contains("(register_counsel).limit[0]"), "{err}");
    assert!(err.contains("exactly the last limit"), "{err}");
}

#[test]
fn two_transitions_of_one_command_from_the_same_state_are_rejected() {
    let text = patched(
        r#"command = "decline_provider_change"
from = ["change_requested"]"#,
        r#"command = "accept_referral"
from = ["notified_to_center"]"#,
    );
    let err = load_err(&text);
    assert!(
        err.contains("a second transition from notified_to_center"),
        "{err}"
    );
}

#[test]
fn a_setting_without_its_reason_is_rejected() {
    let text = patched(
        r#"immediately_hours = { value = 12, reason = ""#,
        r#"immediately_hours = { value = 12, reason = "  ", unused = ""#,
    );
    // An unknown key is a syntax error; a blank reason is a validation error.
    assert!(load_err(&text).contains("unused"));
    let text = BUNDLED[1].1.replace(
        "immediately_hours = { value = 12, reason = \"",
        "immediately_hours = { value = 12, reason = \" \" } # \"",
    );
    let err = load_err(&text);
    assert_eq!(
        err,
        "bad.toml: settings.immediately_hours: a setting needs the reason for its value"
    );
}

#[test]
fn a_clock_switched_by_an_unknown_setting_is_rejected() {
    let text = patched(
        r#"enabled_by = "detention_forwarding_by_analogy""#,
        r#"enabled_by = "detention_forwarding""#,
    );
    let err = load_err(&text);
    assert!(
        err.contains("clock[2] (forward_detention_request)"),
        "{err}"
    );
    assert!(err.contains("enabled_by names no boolean setting"), "{err}");
}

#[test]
fn every_state_not_declared_terminal_has_a_way_out() {
    for rules in RuleBook::bundled().unwrap().all() {
        for state in &rules.states {
            let left = rules
                .transitions
                .iter()
                .any(|t| t.from.contains(state) && t.to.is_some_and(|to| to != *state));
            assert_eq!(
                left,
                !rules.terminal_states.contains(state),
                "{} {state}",
                rules.version
            );
        }
    }
}

#[test]
fn a_non_terminal_state_without_a_way_out_is_rejected_naming_the_file_and_state() {
    let text = patched(
        r#""not_eligible_reported", "appointed_elsewhere", "quality_appraised"]"#,
        r#""not_eligible_reported", "quality_appraised"]"#,
    );
    let err = load_err(&text);
    assert_eq!(
        err,
        "bad.toml: states[7] (appointed_elsewhere): no transition leads out of this state \
         and it is not in `terminal_states`: a matter would be stuck in it"
    );
}

#[test]
fn a_terminal_state_that_a_transition_leaves_is_rejected_naming_the_file_and_state() {
    let text = patched(
        r#""appointed_elsewhere", "quality_appraised"]"#,
        r#""appointed_elsewhere", "quality_appraised", "accepted"]"#,
    );
    let err = load_err(&text);
    assert!(
        err.starts_with("bad.toml: terminal_states[4] (accepted): "),
        "{err}"
    );
    assert!(err.contains("a transition leads out of it"), "{err}");
}

/// A clock the `accept_immediately` transition also opens, `orphan`, with the text of its
/// definition.
fn with_orphan_clock(closed_by: Option<(&str, &str)>) -> String {
    let mut text = patched(
        r#"opens = ["assign_immediately", "supply_proof"]"#,
        r#"opens = ["assign_immediately", "supply_proof", "orphan"]"#,
    );
    if let Some((from, to)) = closed_by {
        assert!(text.contains(from), "fixture no longer contains {from:?}");
        text = text.replacen(from, to, 1);
    }
    text.push_str(
        r#"
[[clock]]
id = "orphan"
label_vi = "Mồ côi"
label_en = "Orphan"
responsible = "center"
starts = "transition"

  [[clock.limit]]
  amount = 1
  unit = "days"
  basis = "Điều 1"
"#,
    );
    text
}

#[test]
fn a_clock_opened_and_never_closed_or_cancelled_is_rejected_naming_the_transition() {
    let err = load_err(&with_orphan_clock(None));
    assert!(
        err.starts_with("bad.toml: transition[9] (accept_immediately).opens: "),
        "{err}"
    );
    assert!(
        err.contains("clock orphan is never closed or cancelled"),
        "{err}"
    );
}

#[test]
fn a_clock_closed_only_before_it_is_opened_is_rejected_naming_the_transition() {
    // `explain_right` creates a matter: no path leads back to it after acceptance.
    let err = load_err(&with_orphan_clock(Some((
        r#"command = "explain_right""#,
        r#"command = "explain_right"
closes = ["orphan"]"#,
    ))));
    assert!(
        err.starts_with("bad.toml: transition[9] (accept_immediately).opens: "),
        "{err}"
    );
    assert!(
        err.contains("clock orphan is never closed or cancelled"),
        "{err}"
    );
}

#[test]
fn a_clock_closed_on_a_later_path_is_accepted() {
    let text = with_orphan_clock(Some((
        r#"closes = ["supply_proof"]"#,
        r#"closes = ["supply_proof", "orphan"]"#,
    )));
    RuleBook::from_files([("good.toml", text.as_str())]).unwrap();
}

#[test]
fn a_transition_with_no_role_is_rejected_naming_it() {
    let text = patched(
        r#"to = "not_eligible_reported"
actor = "center"
roles = ["center_coordinator"]"#,
        r#"to = "not_eligible_reported"
actor = "center"
roles = []"#,
    );
    let err = load_err(&text);
    assert!(
        err.starts_with("bad.toml: transition[") && err.contains("(report_not_eligible)"),
        "{err}"
    );
}

#[test]
fn a_transition_no_role_can_fire_is_rejected_naming_it() {
    // A supervisor is never held at a center (access::ROLE_AGENCIES).
    let text = patched(
        r#"to = "not_eligible_reported"
actor = "center"
roles = ["center_coordinator"]"#,
        r#"to = "not_eligible_reported"
actor = "center"
roles = ["supervisor"]"#,
    );
    let err = load_err(&text);
    assert!(
        err.starts_with("bad.toml: transition[") && err.contains("(report_not_eligible).roles: "),
        "{err}"
    );
    assert!(err.contains("no one can fire it"), "{err}");

    // A coordinator may act on matters but not create them.
    let text = patched(
        r#"command = "explain_right"
to = "right_explained"
actor = "handling_agency"
roles = ["agency_officer"]
agency_kinds = ["investigation_body", "procuracy", "court", "detention_facility"]"#,
        r#"command = "explain_right"
to = "right_explained"
actor = "handling_agency"
roles = ["center_coordinator"]
agency_kinds = ["legal_aid_center"]"#,
    );
    let err = load_err(&text);
    assert!(err.contains("(explain_right).roles: "), "{err}");
    assert!(err.contains("no one can fire it"), "{err}");
}

#[test]
fn a_requester_or_provider_as_a_transitions_actor_is_rejected() {
    let text = patched(
        r#"to = "not_eligible_reported"
actor = "center""#,
        r#"to = "not_eligible_reported"
actor = "requester""#,
    );
    let err = load_err(&text);
    assert!(err.contains("(report_not_eligible).actor: "), "{err}");
    assert!(err.contains("the actor must be an agency"), "{err}");
}
