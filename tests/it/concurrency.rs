//! Racing commands on one matter: exactly one wins, and the event log has no gap.

use baton_domain::BoundedText;
use baton_domain::DomainError;
use baton_domain::decide::Command;
use baton_domain::ids::MatterId;
use baton_domain::matter::RefusalGround;
use baton_engine::{EngineError, Target};

use crate::harness::*;

backend_test! {
    async fn racing_commands_on_one_matter_let_exactly_one_win(app) {
        let w = World::build(&app).await;
        let id: MatterId = request(&app, &w.clerk, &w.center, "ARRESTED")
            .await
            .parse()
            .unwrap();
        let mut tasks = Vec::new();
        for i in 0..12 {
            let engine = app.engine.clone();
            let who = w.coordinator.clone();
            let action = if i % 2 == 0 {
                Command::AcceptReferral { note: None }
            } else {
                Command::RefuseReferral {
                    ground: RefusalGround::NotEligible,
                    reason: BoundedText::parse(&format!("Lý do số {i}"), 100).unwrap(),
                }
            };
            tasks.push(tokio::spawn(async move {
                let target = Target {
                    matter: id,
                    expected_version: None,
                    idempotency_key: None,
                };
                engine.act(&who, target, action).await
            }));
        }
        let mut wins = 0;
        for task in tasks {
            match task.await.unwrap() {
                Ok(_) => wins += 1,
                Err(EngineError::Conflict(_))
                | Err(EngineError::Domain(DomainError::InvalidTransition { .. })) => {}
                Err(other) => panic!("[{}] unexpected error: {other:?}", app.backend),
            }
        }
        assert_eq!(wins, 1, "[{}] exactly one command wins", app.backend);

        let matter = app.engine.matter(&w.coordinator, id).await.unwrap();
        assert_eq!(matter.version, 2);
        let events = app.engine.events_of(&matter).await.unwrap();
        let seqs: Vec<_> = events.iter().map(|e| e.seq).collect();
        assert_eq!(seqs, [1, 2], "[{}] no gap, no duplicate", app.backend);
    }
}

backend_test! {
    async fn racing_replays_of_one_idempotency_key_act_once(app) {
        let w = World::build(&app).await;
        let id: MatterId = request(&app, &w.clerk, &w.center, "ARRESTED")
            .await
            .parse()
            .unwrap();
        let mut tasks = Vec::new();
        for _ in 0..8 {
            let engine = app.engine.clone();
            let who = w.coordinator.clone();
            tasks.push(tokio::spawn(async move {
                let target = Target {
                    matter: id,
                    expected_version: None,
                    idempotency_key: Some("thu-ly-dong-thoi".into()),
                };
                engine
                    .act(&who, target, Command::AcceptReferral { note: None })
                    .await
            }));
        }
        for task in tasks {
            let result = task.await.unwrap();
            // A twin that lost the race on the key replays the winner's result.
            let matter = result.unwrap_or_else(|e| panic!("[{}] {e:?}", app.backend));
            assert_eq!(matter.version, 2, "[{}]", app.backend);
        }
        let matter = app.engine.matter(&w.coordinator, id).await.unwrap();
        assert_eq!(matter.version, 2, "[{}] accepted once", app.backend);
    }
}

backend_test! {
    async fn files_handed_over_at_once_take_distinct_numbers_and_a_branch_keeps_its_own_register(app) {
        let w = World::build(&app).await;
        let mut ids = Vec::new();
        for _ in 0..5 {
            ids.push(discontinued(&app, &w.clerk, &w.coordinator, &w.center).await);
        }
        let tasks: Vec<_> = ids
            .iter()
            .map(|id| {
                let (engine, who) = (app.engine.clone(), w.coordinator.clone());
                let target = Target {
                    matter: *id,
                    expected_version: None,
                    idempotency_key: None,
                };
                tokio::spawn(async move { engine.act(&who, target, Command::HandOverFile).await })
            })
            .collect();
        let mut codes = Vec::new();
        for task in tasks {
            let matter = task.await.unwrap().unwrap();
            codes.push(matter.into_inner().facts.file_code.unwrap());
        }
        codes.sort();
        let expected: Vec<_> = (1..=5).map(|n| format!("TT.TGTT.{n:02}.2026")).collect();
        assert_eq!(
            codes, expected,
            "[{}] one number each, none skipped",
            app.backend
        );

        let branch = baton_engine::Agency {
            id: baton_domain::ids::AgencyId::generate(),
            kind: baton_domain::agency::AgencyKind::LegalAidBranch,
            name: "Chi nhánh số 1 Trung tâm TGPL Hà Nội".into(),
            province: "HN".into(),
            province_name: "Thành phố Hà Nội".into(),
            parent: Some(w.center.id),
        };
        app.engine.create_agency(&branch).await.unwrap();
        let head = user(
            &app,
            &branch,
            "Trưởng Chi nhánh Lê Thị Mai",
            baton_domain::agency::Role::CenterCoordinator,
        )
        .await;
        let id = discontinued(&app, &w.clerk, &head, &branch).await;
        let target = Target {
            matter: id,
            expected_version: None,
            idempotency_key: None,
        };
        let matter = app
            .engine
            .act(&head, target, Command::HandOverFile)
            .await
            .unwrap();
        assert_eq!(
            matter.facts.file_code.as_deref(),
            Some("CN1.TGTT.01.2026"),
            "[{}]",
            app.backend
        );
    }
}
