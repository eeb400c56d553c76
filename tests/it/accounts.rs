//! Account administration is itself audited: every user added and token issued or revoked
//! is in the append-only administration log; administrators list an agency's users and
//! their tokens (never a token's text) and revoke all of a user's tokens at once.

use serde_json::{Value, json};

use crate::harness::*;

const ADD: &str = "mutation($input: AddUserInput!) { addUser(input: $input) { userId } }";
const ISSUE: &str =
    "mutation($input: IssueTokenInput!) { issueToken(input: $input) { tokenId token } }";
const REVOKE_ALL: &str = "mutation($input: RevokeUserTokensInput!) { \
    revokeUserTokens(input: $input) { userId revoked } }";
const USERS: &str = "query($agency: ID!) { users(agencyId: $agency) { \
    id name roles tokens { id active revokedAt expiresAt } } }";
const LOG: &str = "{ adminLog { edges { node { action actionLabel actorName subjectId \
    agency { name } detail } } } }";

fn actions(log: &Value) -> Vec<String> {
    log["adminLog"]["edges"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["node"]["action"].as_str().unwrap().to_owned())
        .collect()
}

backend_test! {
    async fn administration_is_logged_and_a_users_tokens_are_listed_and_revoked_together(app) {
        let w = World::build(&app).await;
        let admin = administrator(&app, w.supervisor.agency.id).await;

        let input = json!({ "input": { "agencyId": w.court.id.to_string(), "name": "Thư ký Đỗ Thị Lan", "roles": ["AGENCY_OFFICER"] } });
        let user = app.ok(&admin, ADD, input).await["addUser"]["userId"]
            .as_str()
            .unwrap()
            .to_owned();
        // The administrator cannot take her token (refused and logged); she takes her
        // first through a one-time enrolment and a second herself.
        let for_her = json!({ "input": { "userId": user } });
        assert_eq!(app.error_code(Some(&admin), ISSUE, for_her).await, "FORBIDDEN");
        let user_id = baton_domain::ids::UserId(user.parse().unwrap());
        let code = app
            .engine
            .create_enrolment(Some(&admin), user_id)
            .await
            .unwrap()
            .code;
        let first = app
            .engine
            .redeem_enrolment_for_token(&code, None)
            .await
            .unwrap()
            .token;
        let lan = app.engine.authenticate(&first).await.unwrap();
        let second = app.ok(&lan, ISSUE, json!({ "input": {} })).await;
        let second = second["issueToken"]["token"].as_str().unwrap().to_owned();
        let tokens = [first, second];

        let listed_user = || async {
            let listed = app
                .ok(&admin, USERS, json!({ "agency": w.court.id.to_string() }))
                .await;
            listed["users"]
                .as_array()
                .unwrap()
                .iter()
                .find(|u| u["id"] == user.as_str())
                .expect("the new user is listed")
                .clone()
        };
        let lan = listed_user().await;
        assert_eq!(lan["roles"], json!(["AGENCY_OFFICER"]), "[{}]", app.backend);
        assert_eq!(lan["tokens"].as_array().unwrap().len(), 2);
        assert!(
            lan["tokens"]
                .as_array()
                .unwrap()
                .iter()
                .all(|t| t["active"] == true)
        );

        // She leaves the court: every token stops at once.
        let input = json!({ "input": { "userId": user } });
        let done = app.ok(&admin, REVOKE_ALL, input.clone()).await;
        assert_eq!(done["revokeUserTokens"]["revoked"], 2, "[{}]", app.backend);
        for t in &tokens {
            assert!(
                app.engine.authenticate(t).await.is_err(),
                "[{}]",
                app.backend
            );
        }
        let again = app.ok(&admin, REVOKE_ALL, input).await;
        assert_eq!(again["revokeUserTokens"]["revoked"], 0);
        let lan = listed_user().await;
        assert!(
            lan["tokens"]
                .as_array()
                .unwrap()
                .iter()
                .all(|t| t["active"] == false && t["revokedAt"].is_string())
        );

        // The province's supervisor reads who did what, newest first.
        let log = app.ok(&w.supervisor, LOG, json!({})).await;
        assert_eq!(
            actions(&log),
            [
                "REVOKE_USER_TOKENS",
                "REVOKE_USER_TOKENS",
                "ISSUE_TOKEN",
                "REDEEM_ENROLMENT",
                "CREATE_ENROLMENT",
                "REFUSED_ISSUE_TOKEN",
                "ADD_USER"
            ],
            "[{}]",
            app.backend
        );
        let refused = &log["adminLog"]["edges"][5]["node"];
        assert_eq!(refused["actorName"], "Quản trị Tạ Quang Huy");
        assert_eq!(refused["subjectId"], user.as_str());
        let added = &log["adminLog"]["edges"][6]["node"];
        assert_eq!(added["actorName"], "Quản trị Tạ Quang Huy");
        assert_eq!(added["actionLabel"], "Thêm người dùng");
        assert_eq!(added["subjectId"], user.as_str());
        assert_eq!(added["agency"]["name"], w.court.name);
        for t in &tokens {
            let text = serde_json::to_string(&log).unwrap();
            assert!(!text.contains(t.as_str()), "a token's text is never logged");
        }

        // Another province sees none of it; a clerk may not read the log; another
        // province's administrator may not list these users.
        assert!(actions(&app.ok(&w.other_supervisor, LOG, json!({})).await).is_empty());
        assert_eq!(
            app.error_code(Some(&w.clerk), LOG, json!({})).await,
            "FORBIDDEN"
        );
        let bn_admin = administrator(&app, w.other_supervisor.agency.id).await;
        let vars = json!({ "agency": w.court.id.to_string() });
        assert_eq!(
            app.error_code(Some(&bn_admin), USERS, vars).await,
            "FORBIDDEN"
        );

        // The log is append-only.
        assert_refused(
            &app,
            &[
                "UPDATE admin_log SET actor_name = 'x'",
                "DELETE FROM admin_log",
            ],
        )
        .await;
    }
}

const ADD_AGENCY: &str =
    "mutation($input: AddAgencyInput!) { addAgency(input: $input) { id name kind } }";
const ADD_PROVIDER: &str =
    "mutation($input: AddProviderInput!) { addProvider(input: $input) { id name active } }";
const SET_ACTIVE: &str = "mutation($input: SetProviderActiveInput!) { \
    setProviderActive(input: $input) { id active } }";

backend_test! {
    async fn administrators_keep_the_directory_and_the_rosters_of_their_province(app) {
        let w = World::build(&app).await;
        let admin = administrator(&app, w.supervisor.agency.id).await;
        let agency = |kind: &str, province: &str, parent: Option<String>| {
            json!({ "input": {
                "kind": kind, "name": "Chi nhánh Trợ giúp pháp lý số 2", "province": province,
                "provinceName": "Thành phố Hà Nội", "parentId": parent,
            }})
        };
        let center = Some(w.center.id.to_string());
        let branch = app
            .ok(
                &admin,
                ADD_AGENCY,
                agency("LEGAL_AID_BRANCH", "HN", center.clone()),
            )
            .await;
        assert_eq!(
            branch["addAgency"]["kind"], "LEGAL_AID_BRANCH",
            "[{}]",
            app.backend
        );
        let refusals = [
            (agency("LEGAL_AID_BRANCH", "HN", None), "BAD_USER_INPUT"),
            (agency("COURT", "HN", center.clone()), "BAD_USER_INPUT"),
            (agency("COURT", "BN", None), "FORBIDDEN"),
        ];
        for (input, code) in refusals {
            assert_eq!(app.error_code(Some(&admin), ADD_AGENCY, input).await, code);
        }

        let input = json!({ "input": {
            "centerId": w.center.id.to_string(), "name": "Luật sư Bùi Văn Khoa",
            "kind": "CONTRACTED_LAWYER", "cardNumber": "LS-20001",
        }});
        let added = app.ok(&admin, ADD_PROVIDER, input).await;
        let provider = added["addProvider"]["id"].as_str().unwrap().to_owned();
        let roster = app
            .ok(
                &w.coordinator,
                "{ me { agency { providers { id name } } } }",
                json!({}),
            )
            .await;
        let names: Vec<_> = roster["me"]["agency"]["providers"]
            .as_array()
            .unwrap()
            .iter()
            .map(|p| p["name"].as_str().unwrap().to_owned())
            .collect();
        assert!(
            names.contains(&"Luật sư Bùi Văn Khoa".to_owned()),
            "{names:?}"
        );
        let not_a_center = json!({ "input": {
            "centerId": w.court.id.to_string(), "name": "Luật sư", "kind": "CONTRACTED_LAWYER",
        }});
        let r = app.gql(Some(&admin), ADD_PROVIDER, not_a_center).await;
        assert_eq!(r["errors"][0]["extensions"]["field"], "centerId");

        // No longer active: the coordinator can no longer assign him.
        let input = json!({ "input": { "providerId": provider, "active": false } });
        let set = app.ok(&admin, SET_ACTIVE, input).await;
        assert_eq!(set["setProviderActive"]["active"], false);
        let m = request(&app, &w.clerk, &w.center, "ARRESTED").await;
        accept(&app, &w.coordinator, &m).await;
        let assign = json!({ "input": { "matterId": m, "providerId": provider } });
        let r = app.gql(Some(&w.coordinator), ASSIGN, assign).await;
        assert_eq!(
            r["errors"][0]["extensions"]["code"], "BAD_USER_INPUT",
            "{r:#}"
        );
        assert_eq!(r["errors"][0]["extensions"]["field"], "providerId");

        let log = app.ok(&w.supervisor, LOG, json!({})).await;
        assert_eq!(
            actions(&log),
            ["SET_PROVIDER_ACTIVE", "ADD_PROVIDER", "ADD_AGENCY"],
            "[{}]",
            app.backend
        );
        // A coordinator keeps no directory.
        let input = json!({ "input": { "providerId": provider, "active": true } });
        assert_eq!(
            app.error_code(Some(&w.coordinator), SET_ACTIVE, input)
                .await,
            "FORBIDDEN"
        );
    }
}

/// Runs a `baton agency | user | token` command line, as the operator would.
async fn baton(args: &[&str]) {
    use baton_server::admin_cli;
    use baton_server::cli::{Cli, Command};
    use clap::Parser;
    let cli = Cli::try_parse_from(std::iter::once("baton").chain(args.iter().copied())).unwrap();
    match cli.command {
        Command::Agency(a) => admin_cli::agency(a).await.unwrap(),
        Command::User(a) => admin_cli::user(a).await.unwrap(),
        Command::Token(a) => admin_cli::token(a).await.unwrap(),
        _ => panic!("not an administration command"),
    }
}

backend_test! {
    /// The command line and the app share the database: on SQLite, a file.
    async fn the_operators_command_line_is_audited_and_revokes_all_of_a_users_tokens(
        backend: Backend
    ) {
        let name = format!("baton-cli-{}.db", uuid::Uuid::new_v4().simple());
        let file = std::env::temp_dir().join(name);
        let url = match backend {
            Backend::Sqlite => format!("sqlite://{}", file.display()),
            Backend::Postgres => backend.fresh_url().await,
        };
        let db = ["--database-url", url.as_str()];
        let add = [
            "agency",
            "add",
            "--kind",
            "justice_department",
            "--name",
            "Sở Tư pháp Hà Nội",
        ];
        let place = ["--province", "HN", "--province-name", "Thành phố Hà Nội"];
        baton(&[&add[..], &place[..], &db[..]].concat()).await;
        let app = TestApp::start(backend.name(), &url).await;
        let department = app.engine.agencies(None, None).await.unwrap()[0].clone();
        let id = department.id.to_string();
        baton(
            &[
                &[
                    "user",
                    "add",
                    "--agency",
                    id.as_str(),
                    "--name",
                    "Chuyên viên Lê Thu Trang",
                    "--roles",
                    "supervisor",
                ][..],
                &db[..],
            ]
            .concat(),
        )
        .await;
        let admin = administrator(&app, department.id).await;
        let accounts = app.engine.users(&admin, department.id).await.unwrap();
        let user = accounts
            .iter()
            .find(|a| a.user.name == "Chuyên viên Lê Thu Trang")
            .unwrap()
            .user
            .id
            .to_string();
        for _ in 0..2 {
            baton(&[&["token", "issue", "--user", user.as_str()][..], &db[..]].concat()).await;
        }
        baton(
            &[
                &["token", "revoke-all", "--user", user.as_str()][..],
                &db[..],
            ]
            .concat(),
        )
        .await;

        let accounts = app.engine.users(&admin, department.id).await.unwrap();
        let tokens = &accounts
            .iter()
            .find(|a| a.user.id.to_string() == user)
            .unwrap()
            .tokens;
        assert_eq!(tokens.len(), 2, "{url}");
        assert!(tokens.iter().all(|t| t.revoked_at.is_some()));
        let log = app.engine.admin_log(&admin, None, None).await.unwrap();
        let entries: Vec<_> = log
            .items
            .iter()
            .map(|e| (e.action.code(), e.actor_name.as_str()))
            .collect();
        let operator = baton_store::admin_log::OPERATOR;
        assert_eq!(
            entries,
            [
                ("revoke_user_tokens", operator),
                ("issue_token", operator),
                ("issue_token", operator),
                ("add_user", operator),
                ("add_agency", operator),
            ],
            "{url}"
        );
        let _ = std::fs::remove_file(&file);
    }
}
