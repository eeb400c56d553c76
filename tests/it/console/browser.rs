//! The console in a real browser: headless Chromium driven over WebDriver (Debian's
//! `chromium` and `chromium-driver`, installed by `.ci/run`) with fantoccini. Each test
//! starts chromedriver on a free port and serves the app (SQLite, the small world, a
//! `ManualClock`) on another. Without chromedriver a test prints why and passes, except
//! under `CI=true`, where it fails. Waits are for an element, bounded; nothing sleeps.
//!
//! `BATON_SCREENSHOTS=1` saves the main pages under `docs/console/`.

use std::net::SocketAddr;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use chrono::Duration as Span;
use fantoccini::{Client, ClientBuilder, Locator};
use hyper_util::client::legacy::connect::HttpConnector;
use serde_json::json;

use super::*;

/// How long a test waits for an element before it fails.
const WAIT: Duration = Duration::from_secs(20);

/// A chromedriver this test started; stopped when dropped.
struct Driver {
    child: Child,
    url: String,
}

impl Drop for Driver {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

/// Starts chromedriver, or says why not: a failure under `CI=true`, a printed skip
/// otherwise.
async fn driver() -> Option<Driver> {
    let port = free_port();
    let spawned = Command::new("chromedriver")
        .arg(format!("--port={port}"))
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn();
    let child = match spawned {
        Ok(child) => child,
        Err(e) => {
            let reason = format!(
                "chromedriver cannot start ({e}): install Debian's chromium and chromium-driver"
            );
            assert!(std::env::var("CI").as_deref() != Ok("true"), "{reason}");
            eprintln!("browser test skipped: {reason}");
            return None;
        }
    };
    let driver = Driver {
        child,
        url: format!("http://127.0.0.1:{port}"),
    };
    let deadline = Instant::now() + WAIT;
    while tokio::net::TcpStream::connect(("127.0.0.1", port))
        .await
        .is_err()
    {
        assert!(Instant::now() < deadline, "chromedriver did not listen");
        tokio::task::yield_now().await;
    }
    Some(driver)
}

/// A fresh headless Chromium (its own profile, so its own cookies).
async fn browser(driver: &Driver, javascript: bool) -> Client {
    let mut options = json!({
        "args": ["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                 "--window-size=1280,1000", "--lang=vi"],
    });
    if !javascript {
        options["prefs"] = json!({ "profile.managed_default_content_settings.javascript": 2 });
    }
    let mut caps = serde_json::Map::new();
    caps.insert("goog:chromeOptions".into(), options);
    ClientBuilder::new(HttpConnector::new())
        .capabilities(caps)
        .connect(&driver.url)
        .await
        .expect("a Chromium session")
}

/// Serves the app as `baton serve` does, on a free port.
async fn serve(app: &TestApp) -> String {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    let router = app_router(app).into_make_service_with_connect_info::<SocketAddr>();
    tokio::spawn(async move { axum::serve(listener, router).await.unwrap() });
    format!("http://{addr}")
}

async fn wait_for(client: &Client, css: &str) -> fantoccini::elements::Element {
    client
        .wait()
        .at_most(WAIT)
        .for_element(Locator::Css(css))
        .await
        .unwrap_or_else(|e| panic!("no {css} within {WAIT:?}: {e}"))
}

/// Waits until the page's text contains `text`.
async fn wait_text(client: &Client, text: &str) {
    let deadline = Instant::now() + WAIT;
    loop {
        // While a page is being replaced its body may be missing or stale: not yet.
        let body = match client.find(Locator::Css("body")).await {
            Ok(element) => element.text().await.unwrap_or_default(),
            Err(_) => String::new(),
        };
        if body.contains(text) {
            return;
        }
        assert!(
            Instant::now() < deadline,
            "no {text:?} on the page within {WAIT:?}:\n{body}"
        );
        tokio::task::yield_now().await;
    }
}

async fn fill(client: &Client, css: &str, text: &str) {
    let field = client.find(Locator::Css(css)).await.unwrap();
    field.clear().await.unwrap();
    field.send_keys(text).await.unwrap();
}

async fn choose(client: &Client, css: &str, value: &str) {
    let select = client.find(Locator::Css(css)).await.unwrap();
    select.select_by_value(value).await.unwrap();
}

async fn click(client: &Client, css: &str) {
    client
        .find(Locator::Css(css))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
}

async fn screenshot(client: &Client, name: &str) {
    if std::env::var_os("BATON_SCREENSHOTS").is_none() {
        return;
    }
    let png = client.screenshot().await.unwrap();
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../docs/console");
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(dir.join(name), png).unwrap();
}

/// The password the browser tests set for their users, through enrolment.
const PASSWORD: &str = "mật khẩu thử nghiệm 2026";

/// Gives `who` a password, as a new user does through their enrolment link.
async fn enrol(app: &TestApp, who: &Principal) {
    let enrolment = app
        .engine
        .create_enrolment(None, who.user_id)
        .await
        .unwrap();
    app.engine
        .complete_enrolment_with_password(&enrolment.code, PASSWORD)
        .await
        .unwrap();
}

fn login(who: &Principal) -> String {
    baton_domain::credentials::derive_login(&who.name)
}

/// Signs `who` in through the sign-in form, with `password`.
async fn submit_sign_in(client: &Client, base: &str, who: &Principal, password: &str) {
    client.goto(&format!("{base}/signin")).await.unwrap();
    fill(client, "#login", &login(who)).await;
    fill(client, "#password", password).await;
    click(client, "form[action='/signin'] button").await;
}

/// Signs `who` in and waits for the home page.
async fn sign_in(client: &Client, base: &str, app: &TestApp, who: &Principal) {
    enrol(app, who).await;
    submit_sign_in(client, base, who, PASSWORD).await;
    wait_for(client, "form[action='/signout']").await;
}

async fn browser_case<F, Fut>(test: &str, body: F)
where
    F: FnOnce(TestApp, Driver) -> Fut + Send + 'static,
    Fut: std::future::Future<Output = ()> + Send,
{
    run_case(Backend::Sqlite, test, CASE_LIMIT, |backend| async move {
        let Some(driver) = driver().await else { return };
        body(backend.app().await, driver).await;
    })
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn console_in_a_browser_the_three_journeys() {
    browser_case(module_path!(), |app, driver| async move {
        let w = World::build(&app).await;
        // A referral accepted yesterday and never assigned: overdue by the end.
        let old = request(&app, &w.clerk, &w.center, "AT_LIBERTY").await;
        accept(&app, &w.coordinator, &old).await;
        let base = serve(&app).await;

        // The coordinator keeps the inbox open.
        let coordinator = browser(&driver, true).await;
        sign_in(&coordinator, &base, &app, &w.coordinator).await;
        wait_for(&coordinator, "#matters").await;
        wait_for(&coordinator, "body[data-live=on]").await;
        screenshot(&coordinator, "inbox.png").await;

        // The clerk records a request.
        let clerk = browser(&driver, true).await;
        sign_in(&clerk, &base, &app, &w.clerk).await;
        click(&clerk, "a[href='/requests/new']").await;
        wait_for(&clerk, "#fullName").await;
        fill(&clerk, "#fullName", "Hoàng Văn Tú").await;
        choose(&clerk, "#eligibility", "POOR_HOUSEHOLD").await;
        choose(&clerk, "#custody", "DETAINED").await;
        choose(&clerk, "#proceduralRole", "ACCUSED").await;
        choose(&clerk, "#kind", "CRIMINAL").await;
        fill(&clerk, "#caseNumber", "88/2026/HS-ST").await;
        choose(&clerk, "#stage", "FIRST_INSTANCE_TRIAL").await;
        screenshot(&clerk, "request.png").await;
        click(&clerk, "form[action='/requests/new'] button[type=submit]").await;
        wait_for(&clerk, "#done").await;
        wait_text(&clerk, "Đã ghi nhận yêu cầu và thông báo cho Trung tâm.").await;
        let matter_url = clerk.current_url().await.unwrap();
        let matter_path = matter_url.path().to_owned();

        // The coordinator sees it arrive without reloading, opens it, accepts and assigns.
        let cue = wait_for(&coordinator, "#live a").await;
        assert!(cue.text().await.unwrap().contains("Hoàng Văn Tú"));
        wait_for(&coordinator, "#bell.fresh").await;
        cue.click().await.unwrap();
        wait_for(&coordinator, "#clocks").await;
        wait_text(&coordinator, "Hoàng Văn Tú").await;
        let accept_button = if coordinator
            .find(Locator::Css("input[value=accept_immediately]"))
            .await
            .is_ok()
        {
            "input[value=accept_immediately]"
        } else {
            "input[value=accept_referral]"
        };
        let form = coordinator.find(Locator::Css(accept_button)).await.unwrap();
        form.find(Locator::XPath("./ancestor::form//button"))
            .await
            .unwrap()
            .click()
            .await
            .unwrap();
        wait_text(&coordinator, "Đã thụ lý vụ việc.").await;
        choose(&coordinator, "#providerId", &w.officer.to_string()).await;
        fill(&coordinator, "#decisionNumber", "301/QĐ-TGPL").await;
        screenshot(&coordinator, "matter.png").await;
        click(&coordinator, "#providerId ~ button").await;
        wait_text(&coordinator, "Đã cử người thực hiện trợ giúp pháp lý.").await;
        wait_for(&coordinator, "#assigned").await;

        // The clerk registers the counsel.
        clerk.goto(&format!("{base}{matter_path}")).await.unwrap();
        fill(&clerk, "#registrationNumber", "TB-88/2026").await;
        click(&clerk, "#registrationNumber ~ button").await;
        wait_text(&clerk, "Đã đăng ký bào chữa.").await;
        let registered = wait_for(&clerk, "#registered").await;
        assert!(registered.text().await.unwrap().contains("TB-88/2026"));

        // Ten days on, the supervisor finds the overdue duty and opens its matter.
        app.clock.advance(Span::days(10));
        let supervisor = browser(&driver, true).await;
        sign_in(&supervisor, &base, &app, &w.supervisor).await;
        wait_text(&supervisor, "Việc quá hạn theo tỉnh, cơ quan và loại việc").await;
        screenshot(&supervisor, "overdue.png").await;
        click(&supervisor, &format!("#duties a[href='/matters/{old}']")).await;
        wait_for(&supervisor, "#clocks").await;
        wait_text(&supervisor, "Quá hạn").await;

        // The clerk's session has been idle for ten days: it has expired.
        clerk.refresh().await.unwrap();
        wait_text(&clerk, "Phiên làm việc đã hết hạn, vui lòng đăng nhập lại.").await;
        screenshot(&clerk, "signin.png").await;

        for client in [coordinator, clerk, supervisor] {
            client.close().await.unwrap();
        }
    })
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn console_in_a_browser_csrf_other_province_and_no_javascript() {
    browser_case(module_path!(), |app, driver| async move {
        let w = World::build(&app).await;
        let id = request(&app, &w.clerk, &w.center, "DETAINED").await;
        let base = serve(&app).await;

        // A wrong password is refused with one message for every failure.
        let coordinator = browser(&driver, true).await;
        enrol(&app, &w.coordinator).await;
        submit_sign_in(&coordinator, &base, &w.coordinator, "sai mật khẩu rồi").await;
        wait_text(&coordinator, "Tên đăng nhập hoặc mật khẩu không đúng.").await;
        screenshot(&coordinator, "signin-refused.png").await;
        submit_sign_in(&coordinator, &base, &w.coordinator, PASSWORD).await;
        wait_for(&coordinator, "form[action='/signout']").await;

        // A form stripped of its CSRF token is refused and changes nothing.
        coordinator
            .goto(&format!("{base}/matters/{id}"))
            .await
            .unwrap();
        wait_for(&coordinator, "input[value=accept_referral]").await;
        coordinator
            .execute(
                "document.querySelectorAll('input[name=csrf]').forEach(e => e.remove())",
                vec![],
            )
            .await
            .unwrap();
        click(&coordinator, "#accept-note ~ button").await;
        wait_text(&coordinator, "thiếu mã xác thực (CSRF)").await;
        let state = app
            .ok(
                &w.coordinator,
                "query($id: ID!) { matter(id: $id) { state } }",
                json!({ "id": id }),
            )
            .await;
        assert_eq!(state["matter"]["state"], "NOTIFIED_TO_CENTER");

        // A coordinator of another province sees nothing of it.
        let other = browser(&driver, true).await;
        sign_in(&other, &base, &app, &w.other_coordinator).await;
        wait_text(&other, "Không có vụ việc.").await;
        other.goto(&format!("{base}/matters/{id}")).await.unwrap();
        wait_text(&other, "Không tìm thấy vụ việc.").await;

        // With JavaScript off the clerk still records a request, and the coordinator accepts it.
        let clerk = browser(&driver, false).await;
        sign_in(&clerk, &base, &app, &w.clerk).await;
        clerk.goto(&format!("{base}/requests/new")).await.unwrap();
        fill(&clerk, "#fullName", "Đinh Thị Lan").await;
        choose(&clerk, "#eligibility", "CHILD").await;
        choose(&clerk, "#custody", "AT_LIBERTY").await;
        choose(&clerk, "#proceduralRole", "VICTIM").await;
        fill(&clerk, "#caseNumber", "90/2026/HS-ST").await;
        click(&clerk, "form[action='/requests/new'] button[type=submit]").await;
        wait_text(&clerk, "Đã ghi nhận yêu cầu và thông báo cho Trung tâm.").await;
        let live = clerk.find(Locator::Css("body[data-live=on]")).await;
        assert!(live.is_err(), "no script ran");

        for client in [coordinator, other, clerk] {
            client.close().await.unwrap();
        }
    })
    .await;
}
