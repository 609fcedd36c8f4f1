//! The workbench (`hotline serve`): its routes driven in process through
//! the router, as a browser would, on the sample store's warnings.

use std::sync::Arc;

use axum::body::Body;
use axum::http::{Request, StatusCode, header};
use tower::ServiceExt;

use hotline::config::Config;
use hotline::engine::Engine;
use hotline::server::{App, router};
use hotline::workflow::{Role, Workflow};

use crate::util::*;

pub(crate) fn now() -> chrono::NaiveDateTime {
    chrono::NaiveDate::from_ymd_opt(2024, 6, 3)
        .unwrap()
        .and_hms_opt(9, 0, 0)
        .unwrap()
}

pub(crate) struct Bench {
    pub app: Arc<App>,
    pub _dir: tempfile::TempDir,
}

/// The sample store, detection as of 31 May synced into a fresh workflow,
/// and four users.
pub(crate) fn bench() -> Bench {
    let dir = tmp();
    let store = sample_store(dir.path());
    let cfg = Config::load(Some(
        &std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("sample_data/hotline.toml"),
    ))
    .unwrap();
    let day = chrono::NaiveDate::from_ymd_opt(2024, 5, 31).unwrap();
    let (engine, alerts) = block_on(async {
        let engine = Engine::open(&store).await.unwrap();
        let run = hotline::detect::detect(&engine, day, &cfg).await.unwrap();
        (engine, run.alerts)
    });
    let mut w = Workflow::open(&dir.path().join("w.sqlite")).unwrap();
    w.set_password_cost(1024, 1);
    w.sync(&alerts, day, now()).unwrap();
    for (name, role, dept) in [
        ("centre", Role::Centre, None),
        ("cg", Role::Department, Some("市城市管理局")),
        ("jy", Role::Department, Some("市教育局")),
        ("ana", Role::Analyst, None),
    ] {
        w.add_user(name, role, dept, &format!("{name}-password"), now())
            .unwrap();
    }
    let mut app = App::new(&store, cfg, engine, w).unwrap();
    app.now = now;
    Bench {
        app: Arc::new(app),
        _dir: dir,
    }
}

pub(crate) struct Reply {
    pub status: StatusCode,
    pub location: Option<String>,
    pub cookie: Option<String>,
    pub retry_after: Option<String>,
    pub body: String,
}

pub(crate) fn call(
    b: &Bench,
    method: &str,
    uri: &str,
    auth: Option<&str>,
    form: Option<&str>,
) -> Reply {
    let mut req = Request::builder().method(method).uri(uri);
    match auth {
        Some(a) if a.starts_with("Bearer ") => req = req.header(header::AUTHORIZATION, a),
        Some(c) => req = req.header(header::COOKIE, c),
        None => {}
    }
    let body = match form {
        Some(f) if f.starts_with('{') => {
            req = req.header(header::CONTENT_TYPE, "application/json");
            Body::from(f.to_string())
        }
        Some(f) => {
            req = req.header(header::CONTENT_TYPE, "application/x-www-form-urlencoded");
            // A form of a session carries the session's token, as its page does.
            let mut f = f.to_string();
            if let Some(session) = auth.and_then(|a| a.strip_prefix("hotline_session="))
                && !f.contains("csrf=")
            {
                let token = hotline::server::csrf_token(session);
                f = if f.is_empty() {
                    format!("csrf={token}")
                } else {
                    format!("{f}&csrf={token}")
                };
            }
            Body::from(f)
        }
        None => Body::empty(),
    };
    let res = block_on(router(b.app.clone()).oneshot(req.body(body).unwrap())).unwrap();
    let head = |h| {
        res.headers()
            .get(h)
            .map(|v: &header::HeaderValue| v.to_str().unwrap().to_string())
    };
    let (status, location, cookie, retry_after) = (
        res.status(),
        head(header::LOCATION),
        head(header::SET_COOKIE),
        head(header::RETRY_AFTER),
    );
    let bytes = block_on(axum::body::to_bytes(res.into_body(), 1 << 24)).unwrap();
    Reply {
        status,
        location,
        cookie,
        retry_after,
        body: String::from_utf8_lossy(&bytes).into_owned(),
    }
}

/// Signs in through the form; the session cookie.
pub(crate) fn login(b: &Bench, name: &str) -> String {
    let r = call(
        b,
        "POST",
        "/login",
        None,
        Some(&format!("name={name}&password={name}-password")),
    );
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    let cookie = r.cookie.expect("a session cookie");
    assert!(cookie.contains("HttpOnly") && cookie.contains("SameSite=Strict"));
    cookie.split(';').next().unwrap().to_string()
}

/// The id of the first warning a list page links to.
pub(crate) fn first_warning_on(page: &str) -> String {
    page.split("href=\"/warnings/")
        .nth(1)
        .and_then(|s| s.split('"').next())
        .unwrap_or_else(|| panic!("no warning on the page:\n{page}"))
        .to_string()
}

pub(crate) fn enc(s: &str) -> String {
    s.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' => (b as char).to_string(),
            _ => format!("%{b:02X}"),
        })
        .collect()
}

#[test]
fn departments_see_and_act_on_only_their_own_warnings() {
    let b = bench();
    // Strangers go to the login page; a wrong password is refused.
    let r = call(&b, "GET", "/", None, None);
    assert_eq!(r.location.as_deref(), Some("/login"));
    let r = call(&b, "POST", "/login", None, Some("name=cg&password=nope"));
    assert_eq!(r.status, StatusCode::UNAUTHORIZED);
    assert!(r.body.contains("用户名或密码不正确"));

    let cg = login(&b, "cg");
    let inbox = call(&b, "GET", "/", Some(&cg), None);
    assert_eq!(inbox.status, StatusCode::OK);
    assert!(inbox.body.contains("市城市管理局 的预警"), "{}", inbox.body);
    assert!(inbox.body.contains("荷塘月色"), "{}", inbox.body);
    let id = first_warning_on(&inbox.body);
    // Another department sees none of it, by list, page or action.
    let jy = login(&b, "jy");
    let other = call(&b, "GET", "/", Some(&jy), None);
    assert!(other.body.contains("没有符合条件的预警"), "{}", other.body);
    assert!(!other.body.contains(&id));
    let url = format!("/warnings/{id}");
    assert_eq!(
        call(&b, "GET", &url, Some(&jy), None).status,
        StatusCode::NOT_FOUND
    );
    let r = call(&b, "POST", &format!("{url}/sign"), Some(&jy), Some(""));
    assert_eq!(r.status, StatusCode::NOT_FOUND);

    // 签收, then 办结 without a reply is refused and says why, then with one.
    let page = call(&b, "GET", &url, Some(&cg), None);
    assert!(page.body.contains("依据（工单已脱敏）") && page.body.contains("签收"));
    let r = call(&b, "POST", &format!("{url}/sign"), Some(&cg), Some(""));
    assert_eq!(r.location.as_deref(), Some(url.as_str()));
    let r = call(
        &b,
        "POST",
        &format!("{url}/close"),
        Some(&cg),
        Some("text="),
    );
    assert_eq!(r.status, StatusCode::BAD_REQUEST);
    assert!(r.body.contains("办理情况"), "{}", r.body);
    let reply = "已联合执法取缔占道烧烤摊";
    let r = call(
        &b,
        "POST",
        &format!("{url}/close"),
        Some(&cg),
        Some(&format!("text={}", enc(reply))),
    );
    assert_eq!(r.status, StatusCode::SEE_OTHER);
    let page = call(&b, "GET", &url, Some(&cg), None);
    assert!(
        page.body.contains("已办结") && page.body.contains(reply),
        "{}",
        page.body
    );
    for action in ["预警", "签收", "办结"] {
        assert!(
            page.body.contains(&format!("<td>{action}</td>")),
            "{action}"
        );
    }

    // The analyst reads everything and acts on nothing.
    let ana = login(&b, "ana");
    assert!(call(&b, "GET", &url, Some(&ana), None).body.contains(reply));
    let r = call(
        &b,
        "POST",
        &format!("{url}/press"),
        Some(&ana),
        Some("text=x"),
    );
    assert_eq!(r.status, StatusCode::BAD_REQUEST);

    // Logging out ends the session.
    call(&b, "POST", "/logout", Some(&cg), Some(""));
    assert_eq!(
        call(&b, "GET", "/", Some(&cg), None).location.as_deref(),
        Some("/login")
    );
}

#[test]
fn the_centre_reassigns_and_presses_and_the_api_takes_a_token() {
    let b = bench();
    let centre = login(&b, "centre");
    let all = call(&b, "GET", "/", Some(&centre), None);
    let id = first_warning_on(&all.body);
    let url = format!("/warnings/{id}");
    // 改派 needs a reason.
    let r = call(
        &b,
        "POST",
        &format!("{url}/assign"),
        Some(&centre),
        Some(&format!("department={}&text=", enc("市教育局"))),
    );
    assert_eq!(r.status, StatusCode::BAD_REQUEST);
    assert!(r.body.contains("改派原因"), "{}", r.body);
    let r = call(
        &b,
        "POST",
        &format!("{url}/assign"),
        Some(&centre),
        Some(&format!(
            "department={}&text={}",
            enc("市教育局"),
            enc("涉及校园周边")
        )),
    );
    assert_eq!(r.status, StatusCode::SEE_OTHER);
    let r = call(
        &b,
        "POST",
        &format!("{url}/press"),
        Some(&centre),
        Some(&format!("text={}", enc("请于今日内签收"))),
    );
    assert_eq!(r.status, StatusCode::SEE_OTHER);
    let page = call(&b, "GET", &url, Some(&centre), None);
    assert!(page.body.contains("涉及校园周边") && page.body.contains("<td>督办</td>"));
    assert!(
        page.body.contains("第1次督办：请于今日内签收"),
        "{}",
        page.body
    );
    // Now it is 教育局's, and the API says so to a token holder.
    let token = {
        let w = b.app.workflow.lock().unwrap();
        w.new_token("jy").unwrap()
    };
    let r = call(
        &b,
        "GET",
        "/api/alerts",
        Some(&format!("Bearer {token}")),
        None,
    );
    assert_eq!(r.status, StatusCode::OK);
    let list: serde_json::Value = serde_json::from_str(&r.body).unwrap();
    let list = list.as_array().unwrap();
    assert_eq!(list.len(), 1, "{}", r.body);
    assert_eq!(list[0]["id"], id.as_str());
    assert_eq!(list[0]["department"], "市教育局");
    assert_eq!(list[0]["presses"], 1);
    assert_eq!(
        call(&b, "GET", "/api/alerts", Some("Bearer wrong"), None).status,
        StatusCode::UNAUTHORIZED
    );
}

#[test]
fn users_are_added_from_the_command_line_with_the_password_on_stdin() {
    use std::io::Write;
    let dir = tmp();
    let db = dir.path().join("w.sqlite");
    let mut child = hotline()
        .args([
            "users",
            "add",
            "cg",
            "--role",
            "department",
            "--department",
            "市城市管理局",
            "--db",
        ])
        .arg(&db)
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    child
        .stdin
        .take()
        .unwrap()
        .write_all(b"a long password\n")
        .unwrap();
    let o = child.wait_with_output().unwrap();
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let w = Workflow::open(&db).unwrap();
    assert!(w.login("cg", "a long password").unwrap().is_some());
    // A department user without a department is refused, naming the flag.
    let o = hotline()
        .args(["users", "add", "x", "--role", "department", "--db"])
        .arg(&db)
        .stdin(std::process::Stdio::null())
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&o.stderr).contains("--department"));
    let o = hotline()
        .args(["users", "list", "--db"])
        .arg(&db)
        .output()
        .unwrap();
    assert_eq!(
        String::from_utf8_lossy(&o.stdout),
        "cg\tdepartment\t市城市管理局\tenabled\n"
    );
}

#[test]
fn the_dashboard_search_sql_and_reports_pages_respect_the_roles() {
    let b = bench();
    let centre = login(&b, "centre");
    let cg = login(&b, "cg");
    let ana = login(&b, "ana");
    // The week of the store's last ticket, against the week before.
    let d = call(&b, "GET", "/dashboard", Some(&centre), None);
    assert_eq!(d.status, StatusCode::OK, "{}", d.body);
    let (_, last) = store_days(&b.app.store);
    let last = chrono::NaiveDate::parse_from_str(&last, "%Y-%m-%d").unwrap();
    let issue = format!("2024年第{}期", chrono::Datelike::iso_week(&last).week());
    assert!(d.body.contains(&issue), "{issue}: {}", d.body);
    assert!(
        d.body.contains("<svg") && d.body.contains("按期办结率"),
        "{}",
        d.body
    );
    assert!(
        d.body.contains("市城市管理局"),
        "open warnings by department"
    );
    let d = call(&b, "GET", "/dashboard?week=2024-W21", Some(&centre), None);
    assert!(d.body.contains("2024年第21期"));
    let r = call(&b, "GET", "/reports/weekly?week=2024-W21", Some(&cg), None);
    assert!(r.body.contains("12345热线运行周报") && r.body.contains("2024年第21期"));
    assert!(r.body.contains("六、预警办理"), "{}", r.body);
    let r = call(
        &b,
        "GET",
        "/reports/analyst?period=2024-05",
        Some(&ana),
        None,
    );
    assert!(
        r.body.contains("12345热线分析报告") && r.body.contains("<svg"),
        "{}",
        r.body
    );
    let r = call(
        &b,
        "GET",
        "/reports/analyst?period=2024-13",
        Some(&ana),
        None,
    );
    assert_eq!(r.status, StatusCode::BAD_REQUEST);
    assert_eq!(
        call(&b, "GET", "/reports/analyst", Some(&cg), None).status,
        StatusCode::FORBIDDEN
    );
    // The department's notice, with each warning's workflow state.
    let n = call(&b, "GET", "/reports/notice", Some(&cg), None);
    assert_eq!(n.status, StatusCode::OK, "{}", n.body);
    assert!(
        n.body.contains("类案预警单") && n.body.contains("办理状态"),
        "{}",
        n.body
    );
    assert!(
        n.body.contains("市城市管理局") && n.body.contains("待签收"),
        "{}",
        n.body
    );

    assert!(
        d.body.contains("派单准确率（按承办单位与类别"),
        "{}",
        d.body
    );
    // A surge's page draws its daily counts, as its notice does.
    let surge: hotline::detect::alert::Alert = serde_json::from_str(
        r#"{"id":"surge-test","kind":"surge","status":"new","severity":"orange","first_seen":"2024-05-29","last_seen":"2024-05-31","window_start":"2024-05-29","window_end":"2024-05-31","category":"城市管理","category_l2":null,"district":"高新区","street":null,"location":null,"observed":30,"expected":10.0,"score":3.0,"p_value":0.0001,"title":"「城市管理」高新区工单激增","keywords":[],"department":"市城市管理局","ticket_ids":[],"caller_count":20}"#,
    )
    .unwrap();
    b.app
        .workflow
        .lock()
        .unwrap()
        .sync(
            &[surge],
            chrono::NaiveDate::from_ymd_opt(2024, 5, 31).unwrap(),
            now(),
        )
        .unwrap();
    let page = call(&b, "GET", "/warnings/surge-test", Some(&cg), None);
    assert_eq!(page.status, StatusCode::OK, "{}", page.body);
    assert!(
        page.body.contains("<div class=\"chart\"><svg"),
        "{}",
        page.body
    );

    // Ticket search: masked text, and a department sees only its own tickets.
    let all = call(
        &b,
        "GET",
        &format!("/tickets?q={}", enc("烧烤")),
        Some(&centre),
        None,
    );
    let own = call(
        &b,
        "GET",
        &format!("/tickets?q={}", enc("烧烤")),
        Some(&cg),
        None,
    );
    let count = |body: &str| body.matches("<tr><td>2024-").count();
    assert!(count(&all.body) > 0, "{}", all.body);
    assert!(count(&own.body) <= count(&all.body));
    let jy = login(&b, "jy");
    let none = call(
        &b,
        "GET",
        &format!("/tickets?q={}", enc("烧烤")),
        Some(&jy),
        None,
    );
    assert!(count(&none.body) < count(&all.body), "教育局 sees fewer");
    let phones = call(
        &b,
        "GET",
        &format!("/tickets?q={}", enc("电话")),
        Some(&centre),
        None,
    );
    assert!(
        phones.body.contains("****"),
        "the masked numbers are shown masked"
    );
    let runs = phones
        .body
        .split(|c: char| !c.is_ascii_digit())
        .filter(|r| r.len() == 11 && r.starts_with('1'))
        .count();
    assert_eq!(runs, 0, "an unmasked mobile number");

    // SQL for analysts and the centre, read-only, with parameters and CSV.
    let q = enc(
        "SELECT district, count(*) AS n FROM tickets WHERE category_l1 = $c GROUP BY district ORDER BY n DESC",
    );
    let r = call(
        &b,
        "GET",
        &format!("/sql?sql={q}&params={}", enc("c=城市管理")),
        Some(&ana),
        None,
    );
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    assert!(
        r.body.contains("<th>district</th>") && r.body.contains("<th>n</th>"),
        "{}",
        r.body
    );
    let csv = call(
        &b,
        "GET",
        &format!("/sql?sql={q}&params={}&format=csv", enc("c=城市管理")),
        Some(&ana),
        None,
    );
    assert!(csv.body.starts_with("district,n\n"), "{}", csv.body);
    let drop = call(
        &b,
        "GET",
        &format!("/sql?sql={}", enc("DROP TABLE tickets")),
        Some(&ana),
        None,
    );
    assert_eq!(drop.status, StatusCode::BAD_REQUEST);
    assert_eq!(
        call(&b, "GET", "/sql", Some(&cg), None).status,
        StatusCode::FORBIDDEN
    );
}

#[test]
fn a_closed_warning_is_reviewed_against_its_tickets_after_closing() {
    let b = bench();
    let centre = login(&b, "centre");
    let id = {
        let w = b.app.workflow.lock().unwrap();
        let centre_user = w.user("centre").unwrap().unwrap();
        w.warnings(&centre_user, &Default::default())
            .unwrap()
            .into_iter()
            .find(|x| x.title.contains("荷塘月色"))
            .expect("the 荷塘月色 class case")
            .id
    };
    // Closed on 25 May, two days into its burst: the stalls went on.
    let at = |d: u32| {
        chrono::NaiveDate::from_ymd_opt(2024, 5, d)
            .unwrap()
            .and_hms_opt(9, 0, 0)
            .unwrap()
    };
    {
        let mut w = b.app.workflow.lock().unwrap();
        let cg = w.user("cg").unwrap().unwrap();
        w.act(&cg, &id, &hotline::workflow::Act::Sign, at(25))
            .unwrap();
        w.act(
            &cg,
            &id,
            &hotline::workflow::Act::Close {
                reply: "已劝离".into(),
            },
            at(25),
        )
        .unwrap();
    }
    let page = call(&b, "GET", &format!("/warnings/{id}"), Some(&centre), None);
    // Fixed clock: 3 June, 9 days after closing: too early to judge.
    assert!(
        page.body.contains("复盘") && page.body.contains("待观察"),
        "{}",
        page.body
    );
    let w = {
        let w = b.app.workflow.lock().unwrap();
        let u = w.user("centre").unwrap().unwrap();
        w.warning(&u, &id).unwrap().unwrap().0
    };
    let later = chrono::NaiveDate::from_ymd_opt(2024, 6, 22).unwrap();
    let r = block_on(hotline::workflow::review::review(
        &block_on(b.app.engine()).unwrap(),
        &w,
        later,
    ))
    .unwrap()
    .unwrap();
    assert!(r.after_28.unwrap() >= 3, "{r:?}");
    assert!(r.usual_per_day < 0.2, "{r:?}");
    assert_ne!(
        r.verdict,
        hotline::workflow::review::Verdict::Effective,
        "{r:?}"
    );
}

#[test]
fn every_workbench_page_renders_in_headless_chromium() {
    let Some(browser) = crate::report::chromium() else {
        return;
    };
    let b = bench();
    let cg = login(&b, "cg");
    let ana = login(&b, "ana");
    let inbox = call(&b, "GET", "/", Some(&cg), None);
    let id = first_warning_on(&inbox.body);
    let dir = tmp();
    let pages = [
        ("login", call(&b, "GET", "/login", None, None).body, "登录"),
        ("inbox", inbox.body.clone(), "市城市管理局 的预警"),
        (
            "warning",
            call(&b, "GET", &format!("/warnings/{id}"), Some(&cg), None).body,
            "办理记录",
        ),
        (
            "dashboard",
            call(&b, "GET", "/dashboard", Some(&ana), None).body,
            "本周概况",
        ),
        (
            "tickets",
            call(
                &b,
                "GET",
                &format!("/tickets?q={}", enc("噪音")),
                Some(&ana),
                None,
            )
            .body,
            "工单查询",
        ),
        (
            "sql",
            call(
                &b,
                "GET",
                &format!("/sql?sql={}", enc("SELECT count(*) AS n FROM tickets")),
                Some(&ana),
                None,
            )
            .body,
            "只读查询",
        ),
        (
            "notice",
            call(&b, "GET", "/reports/notice", Some(&cg), None).body,
            "类案预警单",
        ),
    ];
    let profile = tmp();
    for (name, html, text) in &pages {
        let path = dir.path().join(format!("{name}.html"));
        std::fs::write(&path, html).unwrap();
        let o = crate::report::headless(&browser, profile.path())
            .arg("--dump-dom")
            .arg(format!("file://{}", path.display()))
            .output()
            .unwrap();
        assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
        let dom = String::from_utf8_lossy(&o.stdout);
        assert!(dom.contains(text), "{text} in the {name} page");
        // Nothing to fetch from a network and nothing logged.
        for fetch in ["src=\"http", "href=\"http", "url(http", "@import"] {
            assert!(
                !html.contains(fetch),
                "{name} loads from the network: {fetch}"
            );
        }
        let log = String::from_utf8_lossy(&o.stderr);
        let console: Vec<&str> = log.lines().filter(|l| l.contains(":CONSOLE")).collect();
        assert!(console.is_empty(), "{name}: {console:?}");
    }
}

#[test]
fn forms_need_their_token_logins_are_limited_and_hostile_text_stays_text() {
    let b = bench();
    // A hostile title, as a detection run would store it.
    let evil: hotline::detect::alert::Alert = serde_json::from_str(
        r#"{"id":"class-case-evil","kind":"class_case","status":"new","severity":"red","first_seen":"2024-05-31","last_seen":"2024-05-31","window_start":"2024-05-31","window_end":"2024-05-31","category":"城市管理","category_l2":null,"district":"高新区","street":null,"location":"\"><img src=x onerror=alert(1)>","observed":5,"expected":1.0,"score":1.0,"p_value":0.0001,"title":"<script>alert(1)</script>类案","keywords":["<b>x</b>"],"department":"市城市管理局","ticket_ids":[],"caller_count":5}"#,
    )
    .unwrap();
    b.app
        .workflow
        .lock()
        .unwrap()
        .sync(
            &[evil],
            chrono::NaiveDate::from_ymd_opt(2024, 5, 31).unwrap(),
            now(),
        )
        .unwrap();
    let cg = login(&b, "cg");
    for url in ["/", "/warnings/class-case-evil"] {
        let page = call(&b, "GET", url, Some(&cg), None);
        assert!(
            !page.body.contains("<script>alert") && !page.body.contains("<img src=x"),
            "{}",
            page.body
        );
        assert!(
            page.body
                .contains("&lt;script&gt;alert(1)&lt;&#x2f;script&gt;")
                || page.body.contains("&lt;script&gt;alert(1)&lt;/script&gt;"),
            "{}",
            page.body
        );
    }
    // A form without its session's token is refused, and nothing changes.
    let r = call(
        &b,
        "POST",
        "/warnings/class-case-evil/sign",
        Some(&cg),
        Some("csrf=forged"),
    );
    assert_eq!(r.status, StatusCode::FORBIDDEN);
    let page = call(&b, "GET", "/warnings/class-case-evil", Some(&cg), None);
    assert!(page.body.contains("待签收"));
    // Five wrong passwords, then even the right one waits.
    for _ in 0..5 {
        let r = call(&b, "POST", "/login", None, Some("name=jy&password=wrong"));
        assert_eq!(r.status, StatusCode::UNAUTHORIZED);
    }
    let r = call(
        &b,
        "POST",
        "/login",
        None,
        Some("name=jy&password=jy-password"),
    );
    assert_eq!(r.status, StatusCode::TOO_MANY_REQUESTS);
    assert!(r.body.contains("15 分钟"));
    // Another name is not held up; behind a TLS proxy the cookie is Secure.
    login(&b, "ana");
    let req = Request::builder()
        .method("POST")
        .uri("/login")
        .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
        .header("x-forwarded-proto", "https")
        .body(Body::from("name=cg&password=cg-password"))
        .unwrap();
    let res = block_on(router(b.app.clone()).oneshot(req)).unwrap();
    let cookie = res.headers()[header::SET_COOKIE].to_str().unwrap();
    assert!(cookie.ends_with("; Secure"), "{cookie}");
}

#[test]
fn the_api_lets_departments_systems_act_within_their_rights() {
    let b = bench();
    // No credentials: 401, as JSON.
    let r = call(&b, "GET", "/api/alerts", None, None);
    assert_eq!(r.status, StatusCode::UNAUTHORIZED);
    assert!(r.body.contains("\"error\""));
    // Log in by JSON: a session cookie.
    let r = call(
        &b,
        "POST",
        "/api/login",
        None,
        Some(r#"{"user":"cg","password":"cg-password"}"#),
    );
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    let cg = r.cookie.unwrap().split(';').next().unwrap().to_string();
    let list: serde_json::Value =
        serde_json::from_str(&call(&b, "GET", "/api/alerts?status=assigned", Some(&cg), None).body)
            .unwrap();
    let id = list[0]["id"].as_str().unwrap().to_string();
    assert!(
        list.as_array()
            .unwrap()
            .iter()
            .all(|w| w["department"] == "市城市管理局")
    );
    let url = format!("/api/alerts/{id}");
    // Another department: 404 for the alert, its history and its actions.
    let jy = login(&b, "jy");
    assert_eq!(
        call(&b, "GET", &url, Some(&jy), None).status,
        StatusCode::NOT_FOUND
    );
    assert_eq!(
        call(&b, "GET", &format!("{url}/history"), Some(&jy), None).status,
        StatusCode::NOT_FOUND
    );
    assert_eq!(
        call(&b, "POST", &format!("{url}/sign"), Some(&jy), Some("{}")).status,
        StatusCode::NOT_FOUND
    );
    // The analyst may not act (403); signing twice is a conflict (409).
    let ana = login(&b, "ana");
    assert_eq!(
        call(&b, "POST", &format!("{url}/sign"), Some(&ana), Some("{}")).status,
        StatusCode::FORBIDDEN
    );
    let r = call(&b, "POST", &format!("{url}/sign"), Some(&cg), Some("{}"));
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    let r = call(&b, "POST", &format!("{url}/sign"), Some(&cg), Some("{}"));
    assert_eq!(r.status, StatusCode::CONFLICT, "{}", r.body);
    // Reply (still open), then close with a text; an empty text is a 400.
    let r = call(
        &b,
        "POST",
        &format!("{url}/reply"),
        Some(&cg),
        Some(r#"{"text":"已安排夜间巡查"}"#),
    );
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    assert_eq!(
        call(
            &b,
            "POST",
            &format!("{url}/close"),
            Some(&cg),
            Some(r#"{"text":""}"#)
        )
        .status,
        StatusCode::BAD_REQUEST
    );
    let r = call(
        &b,
        "POST",
        &format!("{url}/close"),
        Some(&cg),
        Some(r#"{"text":"已取缔"}"#),
    );
    let done: serde_json::Value = serde_json::from_str(&r.body).unwrap();
    assert_eq!(done["state"], "closed");
    let history: serde_json::Value =
        serde_json::from_str(&call(&b, "GET", &format!("{url}/history"), Some(&cg), None).body)
            .unwrap();
    let actions: Vec<&str> = history
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["action"].as_str().unwrap())
        .collect();
    assert_eq!(actions, ["raise", "sign", "reply", "close"]);
    // The centre presses and assigns; a department may not (403).
    let centre = login(&b, "centre");
    let open: serde_json::Value = serde_json::from_str(
        &call(
            &b,
            "GET",
            "/api/alerts?status=assigned",
            Some(&centre),
            None,
        )
        .body,
    )
    .unwrap();
    let other = format!("/api/alerts/{}", open[0]["id"].as_str().unwrap());
    let r = call(
        &b,
        "POST",
        &format!("{other}/press"),
        Some(&centre),
        Some(r#"{"note":"请今日签收"}"#),
    );
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    assert_eq!(
        call(
            &b,
            "POST",
            &format!("{other}/assign"),
            Some(&cg),
            Some(r#"{"department":"市教育局","reason":"x"}"#)
        )
        .status,
        StatusCode::FORBIDDEN
    );
}

#[test]
fn every_route_answers_each_role_as_the_table_says() {
    let b = bench();
    // The 荷塘月色 class case is routed to 市城市管理局.
    let id = {
        let w = b.app.workflow.lock().unwrap();
        let u = w.user("centre").unwrap().unwrap();
        w.warnings(&u, &Default::default())
            .unwrap()
            .into_iter()
            .find(|x| x.department.as_deref() == Some("市城市管理局"))
            .unwrap()
            .id
    };
    let sessions = [
        ("stranger", None),
        ("centre", Some(login(&b, "centre"))),
        ("ana", Some(login(&b, "ana"))),
        ("cg", Some(login(&b, "cg"))),
        ("jy", Some(login(&b, "jy"))),
    ];
    use StatusCode as S;
    const OK: S = S::OK;
    const SEE: S = S::SEE_OTHER;
    const NF: S = S::NOT_FOUND;
    const FB: S = S::FORBIDDEN;
    const UA: S = S::UNAUTHORIZED;
    // Reads first (they change nothing), as stranger, centre, analyst, 城管, 教育.
    let w = format!("/warnings/{id}");
    let api = format!("/api/alerts/{id}");
    let reads: Vec<(String, [S; 5])> = vec![
        ("/".into(), [SEE, OK, OK, OK, OK]),
        ("/dashboard".into(), [SEE, OK, OK, OK, OK]),
        (w.clone(), [SEE, OK, OK, OK, NF]),
        ("/tickets?q=x".into(), [SEE, OK, OK, OK, OK]),
        ("/sql?sql=SELECT%201".into(), [SEE, OK, OK, FB, FB]),
        ("/reports/weekly".into(), [SEE, OK, OK, OK, OK]),
        ("/reports/analyst".into(), [SEE, OK, OK, FB, FB]),
        ("/api/alerts".into(), [UA, OK, OK, OK, OK]),
        (api.clone(), [UA, OK, OK, OK, NF]),
        (format!("{api}/history"), [UA, OK, OK, OK, NF]),
        ("/api/webhooks".into(), [UA, OK, FB, OK, OK]),
    ];
    for (url, want) in &reads {
        for ((who, cookie), want) in sessions.iter().zip(want) {
            let r = call(&b, "GET", url, cookie.as_deref(), None);
            assert_eq!(r.status, *want, "GET {url} as {who}");
        }
    }
    // Actions a role never has, on the API: 403 (or 404 where it cannot see).
    // In order: the centre reassigns it to 教育局 (from then on 城管 cannot
    // see it) and presses; 教育局 signs and closes.
    let acts: [(&str, &str, [S; 5]); 4] = [
        (
            "assign",
            r#"{"department":"市教育局","reason":"r"}"#,
            [UA, OK, FB, NF, FB],
        ),
        ("press", r#"{"note":"n"}"#, [UA, OK, FB, NF, FB]),
        ("sign", "{}", [UA, FB, FB, NF, OK]),
        ("close", r#"{"text":"t"}"#, [UA, FB, FB, NF, OK]),
    ];
    for (action, body, want) in acts {
        for ((who, cookie), want) in sessions.iter().zip(want) {
            let r = call(
                &b,
                "POST",
                &format!("{api}/{action}"),
                cookie.as_deref(),
                Some(body),
            );
            assert_eq!(r.status, want, "POST {action} as {who}: {}", r.body);
        }
    }
    // Registering a webhook: a department for itself, the centre for a
    // department it names (400 without one), never an analyst; disabling
    // another's webhook is 404.
    const NEW: S = S::CREATED;
    const BAD: S = S::BAD_REQUEST;
    let hook = r#"{"url":"http://127.0.0.1:9/hook"}"#;
    for ((who, cookie), want) in sessions.iter().zip([UA, BAD, FB, NEW, NEW]) {
        let r = call(&b, "POST", "/api/webhooks", cookie.as_deref(), Some(hook));
        assert_eq!(r.status, want, "POST /api/webhooks as {who}: {}", r.body);
    }
    let cg_hook = {
        let w = b.app.workflow.lock().unwrap();
        w.webhooks(Some("市城市管理局")).unwrap()[0].id
    };
    for ((who, cookie), want) in sessions.iter().zip([UA, OK, FB, OK, NF]).rev() {
        let r = call(
            &b,
            "POST",
            &format!("/api/webhooks/{cg_hook}/disable"),
            cookie.as_deref(),
            None,
        );
        assert_eq!(r.status, want, "disable as {who}: {}", r.body);
    }
}
