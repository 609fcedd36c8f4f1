//! The workbench driven in a real browser (issue #24, item 8): Debian's
//! Chromium, through the DevTools protocol (headless_chrome), against the
//! server listening on loopback. A department signs, answers and closes
//! its warning; the centre reassigns another and presses on it. Every step
//! is a click on the page's own forms, and every check is the page's text.

use std::ffi::OsStr;
use std::sync::Arc;
use std::time::Duration;

use headless_chrome::{Browser, LaunchOptions, Tab};

use hotline::server::App;

use crate::serve::bench;
use crate::util::*;

/// Serves `app` on a loopback port from a thread of its own; the base URL.
fn serve(app: Arc<App>) -> String {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    listener.set_nonblocking(true).unwrap();
    let base = format!("http://{}", listener.local_addr().unwrap());
    std::thread::spawn(move || {
        tokio::runtime::Builder::new_multi_thread()
            .worker_threads(2)
            .enable_all()
            .build()
            .unwrap()
            .block_on(async move {
                let listener = tokio::net::TcpListener::from_std(listener).unwrap();
                hotline::server::serve(listener, app).await.unwrap();
            });
    });
    base
}

/// Waits until the page shows `text` (the browser's own wait, bounded).
fn shows(tab: &Tab, text: &str) {
    if let Err(e) = tab.wait_for_xpath_with_custom_timeout(
        &format!("//body[contains(., '{text}')]"),
        Duration::from_secs(20),
    ) {
        let body = tab
            .find_element("body")
            .and_then(|b| b.get_inner_text())
            .unwrap_or_default();
        panic!("the page never showed {text:?} ({e}); it shows:\n{body}");
    }
}

/// Types `text` into the field `selector` (emptied first) and submits its form.
fn fill(tab: &Tab, selector: &str, text: &str) {
    let field = tab.wait_for_element(selector).unwrap();
    field
        .call_js_fn("function() { this.value = ''; }", vec![], false)
        .unwrap();
    field.click().unwrap();
    tab.type_str(text).unwrap();
}

fn submit(tab: &Tab, form: &str) {
    tab.wait_for_element(&format!("{form} button"))
        .unwrap()
        .click()
        .unwrap();
}

fn sign_in(tab: &Tab, base: &str, name: &str) {
    tab.navigate_to(&format!("{base}/")).unwrap();
    // A stranger is sent to the login page.
    shows(tab, "登录");
    fill(tab, "input[name=name]", name);
    fill(tab, "input[name=password]", &format!("{name}-password"));
    submit(tab, "form[action='/login']");
    shows(tab, "退出");
}

#[test]
fn a_department_and_the_centre_work_warnings_through_chromium() {
    let Some(chromium) = crate::report::chromium() else {
        return;
    };
    let b = bench();
    let base = serve(b.app.clone());
    let profile = tmp();
    let browser = Browser::new(
        LaunchOptions::default_builder()
            .path(Some(chromium))
            .headless(true)
            .sandbox(false)
            .user_data_dir(Some(profile.path().to_path_buf()))
            .args(vec![
                OsStr::new("--disable-gpu"),
                OsStr::new("--no-first-run"),
                OsStr::new("--disable-background-networking"),
                OsStr::new("--disable-component-update"),
            ])
            .idle_browser_timeout(Duration::from_secs(120))
            .build()
            .unwrap(),
    )
    .expect("Chromium starts under DevTools control");
    let tab = browser.new_tab().unwrap();

    // 城市管理局: its inbox, one warning, 签收 → 答复 → 办结.
    sign_in(&tab, &base, "cg");
    shows(&tab, "市城市管理局 的预警");
    tab.wait_for_element("a[href^='/warnings/']")
        .unwrap()
        .click()
        .unwrap();
    shows(&tab, "办理记录");
    let closed_id = tab.get_url().rsplit('/').next().unwrap().to_string();
    submit(&tab, "form[action$='/sign']");
    shows(&tab, "已签收");
    fill(
        &tab,
        "form[action$='/reply'] textarea",
        "已派执法队员现场核查",
    );
    submit(&tab, "form[action$='/reply']");
    shows(&tab, "已派执法队员现场核查");
    fill(
        &tab,
        "form[action$='/close'] textarea",
        "已联合执法取缔占道烧烤摊",
    );
    submit(&tab, "form[action$='/close']");
    shows(&tab, "已办结");
    shows(&tab, "已联合执法取缔占道烧烤摊");
    let text = tab.find_element("body").unwrap().get_inner_text().unwrap();
    for step in ["签收", "答复", "办结"] {
        assert!(text.contains(step), "the history shows {step}: {text}");
    }
    submit(&tab, "form[action='/logout']");
    shows(&tab, "用户名");

    // The centre: reassign another open warning (改派, with its reason),
    // then press on it (第1次督办).
    let other = {
        let w = b.app.workflow.lock().unwrap();
        let centre = w.user("centre").unwrap().unwrap();
        w.warnings(&centre, &Default::default())
            .unwrap()
            .into_iter()
            .find(|x| x.id != closed_id && x.state.is_open())
            .expect("another open warning")
            .id
    };
    sign_in(&tab, &base, "centre");
    tab.navigate_to(&format!("{base}/warnings/{other}"))
        .unwrap();
    shows(&tab, "派单 / 改派");
    fill(
        &tab,
        "form[action$='/assign'] input[name=department]",
        "市住房和城乡建设局",
    );
    fill(
        &tab,
        "form[action$='/assign'] input[name=text]",
        "涉及物业管理，改派住建",
    );
    submit(&tab, "form[action$='/assign']");
    shows(&tab, "涉及物业管理，改派住建");
    fill(
        &tab,
        "form[action$='/press'] input[name=text]",
        "请三日内答复",
    );
    submit(&tab, "form[action$='/press']");
    shows(&tab, "第1次督办：请三日内答复");
    let text = tab.find_element("body").unwrap().get_inner_text().unwrap();
    assert!(text.contains("市住房和城乡建设局"), "{text}");

    // What the browser did is what the database holds.
    let w = b.app.workflow.lock().unwrap();
    let centre = w.user("centre").unwrap().unwrap();
    let (done, _) = w.warning(&centre, &closed_id).unwrap().unwrap();
    assert_eq!(done.state.label(), "已办结");
    assert_eq!(done.reply.as_deref(), Some("已联合执法取缔占道烧烤摊"));
    let (moved, _) = w.warning(&centre, &other).unwrap().unwrap();
    assert_eq!(moved.department.as_deref(), Some("市住房和城乡建设局"));
    assert_eq!(moved.presses, 1);
}
