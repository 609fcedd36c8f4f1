//! Webhooks (issue #24, item 5): a department registers a URL through the
//! API; a warning newly routed to it or back after closing is POSTed there,
//! signed, retried with backoff when refused, and every attempt recorded.

use std::io::{BufRead, BufReader, Read, Write};
use std::sync::mpsc;

use axum::http::StatusCode;

use hotline::workflow::webhooks::{deliver_due, http_sender, signature};

use crate::serve::{bench, call, enc, first_warning_on, login, now};

type Received = (Vec<(String, String)>, String);

/// A receiving system on loopback that answers its requests with
/// `answers`, in order, and hands each request's headers and body over.
fn receiver(answers: Vec<u16>) -> (String, mpsc::Receiver<Received>) {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let url = format!("http://{}/hotline/hook", listener.local_addr().unwrap());
    let (tx, rx) = mpsc::channel();
    std::thread::spawn(move || {
        for (stream, status) in listener.incoming().zip(answers) {
            let mut stream = stream.unwrap();
            let mut r = BufReader::new(stream.try_clone().unwrap());
            let mut line = String::new();
            r.read_line(&mut line).unwrap();
            assert!(line.starts_with("POST /hotline/hook "), "{line}");
            let mut headers = Vec::new();
            loop {
                line.clear();
                r.read_line(&mut line).unwrap();
                if line.trim().is_empty() {
                    break;
                }
                let (k, v) = line.split_once(':').unwrap();
                headers.push((k.trim().to_ascii_lowercase(), v.trim().to_string()));
            }
            let len: usize = headers
                .iter()
                .find(|(k, _)| k == "content-length")
                .map(|(_, v)| v.parse().unwrap())
                .unwrap_or(0);
            let mut body = vec![0; len];
            r.read_exact(&mut body).unwrap();
            write!(
                stream,
                "HTTP/1.1 {status} X\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"
            )
            .unwrap();
            tx.send((headers, String::from_utf8(body).unwrap()))
                .unwrap();
        }
    });
    (url, rx)
}

fn header<'a>(r: &'a Received, name: &str) -> &'a str {
    r.0.iter()
        .find(|(k, _)| k == name)
        .map(|(_, v)| v.as_str())
        .unwrap_or_else(|| panic!("no {name} header in {:?}", r.0))
}

#[test]
fn a_departments_system_is_posted_its_new_and_reopened_warnings_signed_and_retried() {
    let b = bench();
    let (url, received) = receiver(vec![500, 200, 200]);
    let cg = login(&b, "cg");
    let cg_token = b.app.workflow.lock().unwrap().new_token("cg").unwrap();
    let cg_api = format!("Bearer {cg_token}");

    // Registered by the department itself; analysts may not, and another
    // department does not see it.
    let r = call(
        &b,
        "POST",
        "/api/webhooks",
        Some(&cg_api),
        Some(&format!(r#"{{"url":"{url}"}}"#)),
    );
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
    let made: serde_json::Value = serde_json::from_str(&r.body).unwrap();
    assert_eq!(made["department"], "市城市管理局");
    let secret = made["secret"].as_str().unwrap().to_string();
    let hook = made["id"].as_i64().unwrap();
    let ana = login(&b, "ana");
    assert_eq!(
        call(
            &b,
            "POST",
            "/api/webhooks",
            Some(&ana),
            Some(r#"{"url":"http://x/"}"#)
        )
        .status,
        StatusCode::FORBIDDEN
    );
    let jy = login(&b, "jy");
    assert_eq!(call(&b, "GET", "/api/webhooks", Some(&jy), None).body, "[]");
    let r = call(
        &b,
        "POST",
        "/api/webhooks",
        Some(&cg_api),
        Some(r#"{"url":"ftp://example.org/x"}"#),
    );
    assert_eq!(r.status, StatusCode::BAD_REQUEST);
    assert!(r.body.contains("http:// or https://"), "{}", r.body);

    // 城市管理局 sends a warning back (退回); the centre assigns it to
    // 城市管理局 again, with the reason: queued for its webhook.
    let centre = login(&b, "centre");
    let inbox = call(&b, "GET", "/", Some(&cg), None).body;
    let moved = first_warning_on(&inbox);
    let r = call(
        &b,
        "POST",
        &format!("/warnings/{moved}/return"),
        Some(&cg),
        Some(&format!("text={}", enc("非本单位职责"))),
    );
    assert!(r.status.is_redirection(), "{}", r.body);
    let r = call(
        &b,
        "POST",
        &format!("/warnings/{moved}/assign"),
        Some(&centre),
        Some(&format!(
            "department={}&text={}",
            enc("市城市管理局"),
            enc("占道问题归城管")
        )),
    );
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);

    // Another department can neither stop the webhook nor its queued post.
    let r = call(
        &b,
        "POST",
        &format!("/api/webhooks/{hook}/disable"),
        Some(&jy),
        None,
    );
    assert_eq!(r.status, StatusCode::NOT_FOUND, "{}", r.body);

    // First attempt: refused with 500, recorded, retried 30 s later.
    let t0 = now();
    let send = http_sender(std::time::Duration::from_secs(5));
    let r = deliver_due(&b.app.workflow, t0, &send).unwrap();
    assert_eq!((r.delivered, r.failed, r.given_up), (0, 1, 0));
    let first = received.recv().unwrap();
    let later = |secs| t0 + chrono::Duration::seconds(secs);
    let r = deliver_due(&b.app.workflow, later(10), &send).unwrap();
    assert_eq!(
        (r.delivered, r.failed),
        (0, 0),
        "not due before its backoff"
    );
    let r = deliver_due(&b.app.workflow, later(31), &send).unwrap();
    assert_eq!((r.delivered, r.failed), (1, 0));
    let second = received.recv().unwrap();
    assert_eq!(first.1, second.1, "the retry posts the same body");

    // Signed: HMAC-SHA256 of "TIMESTAMP.BODY" with the secret.
    let ts: i64 = header(&second, "x-hotline-timestamp").parse().unwrap();
    assert_eq!(
        header(&second, "x-hotline-signature"),
        signature(&secret, ts, &second.1)
    );
    assert_eq!(header(&second, "x-hotline-event"), "assigned");
    assert_eq!(header(&second, "content-type"), "application/json");
    let body: serde_json::Value = serde_json::from_str(&second.1).unwrap();
    assert_eq!(body["warning"]["id"], moved.as_str());
    assert_eq!(body["warning"]["department"], "市城市管理局");
    assert_eq!(body["warning"]["state"], "assigned");
    // Names the warning, never tickets or callers.
    for private in ["content", "caller", "ticket_ids", "phone"] {
        assert!(!second.1.contains(private), "{private} in {}", second.1);
    }

    // Every attempt is on record.
    let hooks = call(&b, "GET", "/api/webhooks", Some(&cg), None);
    let hooks: serde_json::Value = serde_json::from_str(&hooks.body).unwrap();
    assert_eq!(hooks[0]["delivered"], 1);
    assert_eq!(hooks[0]["pending"], 0);
    assert_eq!(hooks[0]["last_status"], 200);

    // Closed, then found again by a later detection run: 复发 is posted.
    let url_w = format!("/warnings/{moved}");
    for (act, form) in [
        ("sign", String::new()),
        ("close", format!("text={}", enc("已整改"))),
    ] {
        let r = call(
            &b,
            "POST",
            &format!("{url_w}/{act}"),
            Some(&cg),
            Some(&form),
        );
        assert_eq!(r.status, StatusCode::SEE_OTHER, "{act}: {}", r.body);
    }
    {
        let mut w = b.app.workflow.lock().unwrap();
        let centre_user = w
            .users()
            .unwrap()
            .into_iter()
            .find(|u| u.name == "centre")
            .unwrap();
        let (warning, _) = w.warning(&centre_user, &moved).unwrap().unwrap();
        let mut again = warning.alert.clone();
        again.last_seen = warning.closed_on.unwrap() + chrono::Duration::days(6);
        let s = w.sync(
            &[again],
            warning.closed_on.unwrap() + chrono::Duration::days(6),
            later(60),
        );
        assert_eq!(s.unwrap().reopened, 1);
    }
    let r = deliver_due(&b.app.workflow, later(61), &send).unwrap();
    assert_eq!(r.delivered, 1);
    let third = received.recv().unwrap();
    assert_eq!(header(&third, "x-hotline-event"), "reopened");

    // Disabled: nothing more is queued or sent.
    let r = call(
        &b,
        "POST",
        &format!("/api/webhooks/{hook}/disable"),
        Some(&cg_api),
        None,
    );
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    let r = call(
        &b,
        "POST",
        &format!("/warnings/{moved}/assign"),
        Some(&centre),
        Some(&format!(
            "department={}&text={}",
            enc("市城市管理局"),
            enc("再派")
        )),
    );
    assert!(
        r.status.is_redirection() || r.status.is_success(),
        "{}",
        r.body
    );
    let r = deliver_due(&b.app.workflow, later(120), &send).unwrap();
    assert_eq!((r.delivered, r.failed, r.given_up), (0, 0, 0));
}
