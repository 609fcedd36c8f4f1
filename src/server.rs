//! `hotline serve`: the workbench where departments receive, sign, answer
//! and close their warnings and the centre assigns and presses on them.
//!
//! Server-rendered pages (minijinja templates in `web/templates/`, compiled
//! in) that work without JavaScript and load nothing from the network: a
//! government intranet is offline. axum was chosen for it: tokio's own web
//! stack, already the runtime of the engine, with typed extractors for
//! forms and queries. Every request is authenticated (a session cookie
//! from the login form, or `Authorization: Bearer TOKEN` from `hotline users
//! token`), and every read and transition is checked on the server by
//! [`crate::workflow`]: a department sees and acts on only what is routed
//! to it, whatever URL it asks for.
//!
//! Routes: `GET /login`, `POST /login`, `POST /logout`, `GET /` (the
//! warnings the viewer may see, with filters; a department's inbox),
//! `GET /warnings/{id}` (the warning, its evidence with tickets masked, its
//! history, the actions its viewer may take), `POST /warnings/{id}/{action}`
//! (assign, sign, close, return, press), the dashboard, ticket search, the
//! SQL page, the week's reports, and the JSON API under `/api/` (alerts and
//! their actions, webhooks): see docs/workflow.md.
//!
//! The server follows the store: each request checks whether an ingest
//! committed since ([`App::engine`]) and what pages compute from the store
//! is kept until the next commit ([`Memo`]). Webhook deliveries that are
//! due are sent every few seconds ([`crate::workflow::webhooks`]).

use std::path::PathBuf;
use std::sync::{Arc, Mutex, OnceLock};

use axum::extract::{Form, Path, Query, State};
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{Html, IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use axum::{Json, Router};
use chrono::{NaiveDate, NaiveDateTime};
use minijinja::{Environment, context};
use serde::Deserialize;

use crate::detect::alert::{AlertKind, Severity};
use crate::detect::stats::calendar::Calendar;
use crate::engine::Engine;
use crate::error::Result;
use crate::workflow::warnings::Filter;
use crate::workflow::{Act, Event, State as WState, User, Warning, Workflow};

/// The cookie that holds a session.
const COOKIE: &str = "hotline_session";

/// What every request shares: the engine over the store and the workflow
/// database.
pub struct App {
    pub store: PathBuf,
    pub config: crate::config::Config,
    /// The engine over the store's latest commit ([`App::engine`]).
    engine: tokio::sync::Mutex<Snapshot>,
    pub calendar: Calendar,
    pub workflow: Mutex<Workflow>,
    /// The clock: the real one, or a fixed time in tests.
    pub now: fn() -> NaiveDateTime,
    /// Failed logins by user name, to slow down guessing.
    pub failures: Mutex<std::collections::HashMap<String, Vec<NaiveDateTime>>>,
    /// How long a query of the SQL page may run ([`SQL_TIME_LIMIT`]).
    pub sql_time_limit: std::time::Duration,
    /// What pages computed from the store, until its next commit.
    memo: Mutex<Memo>,
}

/// Results computed from the store (a week's briefing, a warning's
/// evidence, 复盘 verdicts, ticket searches), kept until the store's next
/// commit: fifty people opening the dashboard read one computation of it,
/// not fifty. Each key is computed once even when asked for at the same
/// moment (a `OnceCell` per key); a failed computation is not kept.
#[derive(Default)]
struct Memo {
    /// The engine snapshot these results were computed on.
    generation: u64,
    cells: std::collections::HashMap<String, Arc<tokio::sync::OnceCell<Memoized>>>,
}

type Memoized = Arc<dyn std::any::Any + Send + Sync>;

/// A short fingerprint of `text` for a memo key.
fn digest(text: &str) -> String {
    format!("{:016x}", xxhash_rust::xxh3::xxh3_64(text.as_bytes()))
}

/// Most results kept; past it the memo starts afresh.
const MEMO_MAX: usize = 20_000;

/// An engine and the manifest it was opened on.
struct Snapshot {
    manifest: Option<ManifestStamp>,
    engine: Arc<Engine>,
    /// Counts the engines opened, so that a result computed on an older
    /// one is never kept as the newer one's.
    generation: u64,
}

/// What changes when a writer publishes a new manifest: it is renamed
/// over the old one (a new inode), never written in place.
#[derive(Debug, Clone, PartialEq, Eq)]
struct ManifestStamp {
    inode: u64,
    modified: Option<std::time::SystemTime>,
    len: u64,
}

fn manifest_stamp(store: &std::path::Path) -> Option<ManifestStamp> {
    use std::os::unix::fs::MetadataExt;
    let m = std::fs::metadata(store.join(crate::store::manifest::MANIFEST)).ok()?;
    Some(ManifestStamp {
        inode: m.ino(),
        modified: m.modified().ok(),
        len: m.len(),
    })
}

impl App {
    /// Opens the store's engine and the workflow database at `db`.
    pub async fn open(
        store: &std::path::Path,
        db: &std::path::Path,
        config: crate::config::Config,
    ) -> Result<App> {
        let engine = Engine::open(store).await?;
        App::new(store, config, engine, Workflow::open(db)?)
    }

    /// The workbench over `engine` (opened on `store`) and `workflow`.
    pub fn new(
        store: &std::path::Path,
        config: crate::config::Config,
        engine: Engine,
        workflow: Workflow,
    ) -> Result<App> {
        Ok(App {
            store: store.to_path_buf(),
            engine: tokio::sync::Mutex::new(Snapshot {
                manifest: manifest_stamp(store),
                engine: Arc::new(engine),
                generation: 0,
            }),
            memo: Mutex::new(Memo::default()),
            calendar: crate::detect::calendar(&config)?,
            config,
            workflow: Mutex::new(workflow),
            now: || chrono::Local::now().naive_local(),
            failures: Mutex::new(Default::default()),
            sql_time_limit: SQL_TIME_LIMIT,
        })
    }

    /// The engine over the store as of its latest commit. An ingest that
    /// commits while the server runs is seen from the next request on,
    /// whole: the manifest is replaced in one rename, and the engine is
    /// reopened on the new one. A request already running keeps the
    /// engine it started with.
    pub async fn engine(&self) -> Result<Arc<Engine>> {
        Ok(self.snapshot().await?.0)
    }

    /// The engine over the latest commit, and its generation.
    async fn snapshot(&self) -> Result<(Arc<Engine>, u64)> {
        let mut current = self.engine.lock().await;
        let stamp = manifest_stamp(&self.store);
        if stamp != current.manifest {
            current.engine = Arc::new(Engine::open(&self.store).await?);
            current.manifest = stamp;
            current.generation += 1;
        }
        Ok((current.engine.clone(), current.generation))
    }

    /// Computes what the dashboard of the store's latest week reads from
    /// the store, so that the first people to open it after a start or a
    /// commit do not wait for it.
    pub async fn warm(&self) -> Result<()> {
        let week = week_of(self, "").await?;
        briefing_of(self, &week).await.map(|_| ())
    }

    /// The result of `make` over the store's latest commit under `key`
    /// (which must name everything else it depends on), computed once per
    /// commit ([`Memo`]).
    async fn memo<T, F, Fut>(&self, key: String, make: F) -> Result<T>
    where
        T: Clone + Send + Sync + 'static,
        F: FnOnce(Arc<Engine>) -> Fut,
        Fut: std::future::Future<Output = Result<T>>,
    {
        let (engine, generation) = self.snapshot().await?;
        let cell = {
            let mut m = self.memo.lock().unwrap_or_else(|p| p.into_inner());
            if m.generation < generation || m.cells.len() >= MEMO_MAX {
                m.cells.clear();
                m.generation = m.generation.max(generation);
            }
            // A request still on an older engine computes without keeping.
            (m.generation == generation).then(|| m.cells.entry(key).or_default().clone())
        };
        let Some(cell) = cell else {
            return make(engine).await;
        };
        let v = cell
            .get_or_try_init(|| async { make(engine).await.map(|v| Arc::new(v) as Memoized) })
            .await?;
        Ok(v.downcast_ref::<T>()
            .expect("one type of result per memo key")
            .clone())
    }

    fn workflow(&self) -> std::sync::MutexGuard<'_, Workflow> {
        self.workflow.lock().unwrap_or_else(|p| p.into_inner())
    }
}

/// The routes of the workbench over `app`.
pub fn router(app: Arc<App>) -> Router {
    Router::new()
        .route("/", get(list))
        .route("/login", get(login_page).post(login))
        .route("/logout", post(logout))
        .route("/warnings/{id}", get(show))
        .route("/warnings/{id}/{action}", post(act))
        .route("/api/login", post(api_login))
        .route("/api/alerts", get(api_list))
        .route("/api/alerts/{id}", get(api_one))
        .route("/api/alerts/{id}/history", get(api_history))
        .route("/api/alerts/{id}/{action}", post(api_act))
        .route("/api/webhooks", get(api_webhooks).post(api_add_webhook))
        .route("/api/webhooks/{id}/disable", post(api_disable_webhook))
        .route("/dashboard", get(dashboard))
        .route("/tickets", get(tickets))
        .route("/sql", get(sql))
        .route("/reports/weekly", get(weekly_report))
        .route("/reports/notice", get(notice_report))
        .route("/reports/analyst", get(analyst_report))
        .with_state(app)
}

/// Serves `router(app)` on `listener` until the process ends.
/// How often the server sends the webhook deliveries that are due.
pub const DELIVERY_EVERY: std::time::Duration = std::time::Duration::from_secs(5);
/// How long one webhook POST may take.
pub const DELIVERY_TIMEOUT: std::time::Duration = std::time::Duration::from_secs(10);

/// Serves `app` on `listener`, and sends its webhooks' deliveries as they
/// fall due, until the listener fails.
pub async fn serve(listener: tokio::net::TcpListener, app: Arc<App>) -> std::io::Result<()> {
    // The dashboard's week first, so the first people in do not wait for
    // it (connections meanwhile wait in the listener's queue); a failure
    // shows on the page that asks.
    let _ = app.warm().await;
    let deliverer = tokio::spawn(deliver_webhooks(app.clone()));
    let served = axum::serve(listener, router(app)).await;
    deliverer.abort();
    served
}

/// Every [`DELIVERY_EVERY`], the dashboard kept warm and the due deliveries, off the async threads
/// (the HTTP client blocks). A failure to read or record (the database
/// busy) leaves them due for the next round: nothing is dropped.
async fn deliver_webhooks(app: Arc<App>) {
    use crate::workflow::webhooks;
    let send = Arc::new(webhooks::http_sender(DELIVERY_TIMEOUT));
    let mut tick = tokio::time::interval(DELIVERY_EVERY);
    loop {
        tick.tick().await;
        // The dashboard's week, computed before anyone asks (at start and
        // after each commit); a failure shows on the page that asks.
        let _ = app.warm().await;
        let (app, send) = (app.clone(), send.clone());
        let _ = tokio::task::spawn_blocking(move || {
            webhooks::deliver_due(&app.workflow, (app.now)(), &*send)
        })
        .await;
    }
}

fn templates() -> &'static Environment<'static> {
    static ENV: OnceLock<Environment<'static>> = OnceLock::new();
    ENV.get_or_init(|| {
        let mut env = Environment::new();
        for (name, text) in [
            ("layout.html", include_str!("../web/templates/layout.html")),
            ("login.html", include_str!("../web/templates/login.html")),
            (
                "warnings.html",
                include_str!("../web/templates/warnings.html"),
            ),
            (
                "warning.html",
                include_str!("../web/templates/warning.html"),
            ),
            (
                "dashboard.html",
                include_str!("../web/templates/dashboard.html"),
            ),
            ("sql.html", include_str!("../web/templates/sql.html")),
            (
                "tickets.html",
                include_str!("../web/templates/tickets.html"),
            ),
        ] {
            env.add_template(name, text)
                .expect("the workbench templates compile (the server tests render each)");
        }
        env
    })
}

fn page(status: StatusCode, name: &str, ctx: minijinja::Value) -> Response {
    match templates().get_template(name).and_then(|t| t.render(ctx)) {
        Ok(html) => (status, Html(html)).into_response(),
        Err(e) => (
            StatusCode::INTERNAL_SERVER_ERROR,
            format!("template {name}: {e:#}"),
        )
            .into_response(),
    }
}

/// An error as a plain-text answer: 503 with Retry-After when the
/// workflow database is held by another process, 409 for a conflict, 500
/// otherwise. The message says what failed and how to go on; no backtrace.
fn failure(e: crate::Error) -> Response {
    retry_later((status_of(&e), e.to_string()).into_response())
}

/// A 503 tells the client when to try again.
fn retry_later(mut res: Response) -> Response {
    if res.status() == StatusCode::SERVICE_UNAVAILABLE {
        res.headers_mut()
            .insert(header::RETRY_AFTER, header::HeaderValue::from_static("5"));
    }
    res
}

fn status_of(e: &crate::Error) -> StatusCode {
    match e {
        crate::Error::Busy { .. } | crate::Error::Locked { .. } => StatusCode::SERVICE_UNAVAILABLE,
        crate::Error::Conflict { .. } => StatusCode::CONFLICT,
        crate::Error::Input { .. } => StatusCode::BAD_REQUEST,
        _ => StatusCode::INTERNAL_SERVER_ERROR,
    }
}

/// The signed-in user of a request: its session cookie or bearer token.
fn viewer(app: &App, headers: &HeaderMap) -> Result<Option<User>> {
    let w = app.workflow();
    if let Some(token) = headers
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.strip_prefix("Bearer "))
    {
        return w.user_by_token(token.trim());
    }
    match session_cookie(headers) {
        Some(id) => w.user_by_session(&id, (app.now)()),
        None => Ok(None),
    }
}

fn session_cookie(headers: &HeaderMap) -> Option<String> {
    headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .find_map(|kv| {
            kv.trim()
                .strip_prefix(&format!("{COOKIE}="))
                .map(String::from)
        })
}

/// The viewer, or the response that sends a stranger to the login page.
macro_rules! signed_in {
    ($app:expr, $headers:expr) => {
        match viewer(&$app, &$headers) {
            Ok(Some(u)) => u,
            Ok(None) => return Redirect::to("/login").into_response(),
            Err(e) => return failure(e),
        }
    };
}

/// Failed logins a name may have in [`LOCKOUT_MINUTES`] before the next
/// attempt is refused unchecked.
const MAX_FAILURES: usize = 5;
const LOCKOUT_MINUTES: i64 = 15;

/// The CSRF token of a session: every form of the session carries it and
/// every form POST is checked against it (SameSite=Strict already keeps
/// other sites' forms from carrying the cookie; this holds without it).
pub fn csrf_token(session: &str) -> String {
    use sha2::Digest;
    hex::encode(sha2::Sha256::digest(
        format!("hotline csrf\u{1f}{session}").as_bytes(),
    ))
}

/// The CSRF token of a request's session ("" for a bearer token).
fn csrf_of(headers: &HeaderMap) -> String {
    session_cookie(headers)
        .map(|s| csrf_token(&s))
        .unwrap_or_default()
}

/// Whether a form POST carries its session's token (a bearer-token caller
/// has no session to forge).
fn csrf_ok(headers: &HeaderMap, sent: &str) -> bool {
    match session_cookie(headers) {
        Some(s) => csrf_token(&s) == sent,
        None => true,
    }
}

fn csrf_refused() -> Response {
    (
        StatusCode::FORBIDDEN,
        "the form's token does not match your session; reload the page and try again",
    )
        .into_response()
}

/// Whether `name` may try a password now; records nothing.
fn may_try(app: &App, name: &str) -> bool {
    let now = (app.now)();
    let mut f = app.failures.lock().unwrap_or_else(|p| p.into_inner());
    let list = f.entry(name.to_string()).or_default();
    list.retain(|t| now - *t < chrono::Duration::minutes(LOCKOUT_MINUTES));
    list.len() < MAX_FAILURES
}

fn record_failure(app: &App, name: &str) {
    let now = (app.now)();
    let mut f = app.failures.lock().unwrap_or_else(|p| p.into_inner());
    f.entry(name.to_string()).or_default().push(now);
}

/// Checks a name and password, with the failures' limit: the user, or
/// the response that refuses.
fn check_login(
    app: &App,
    name: &str,
    password: &str,
) -> std::result::Result<User, (StatusCode, &'static str)> {
    if !may_try(app, name) {
        return Err((
            StatusCode::TOO_MANY_REQUESTS,
            "登录失败次数过多，请 15 分钟后再试。",
        ));
    }
    match app.workflow().login(name, password) {
        Ok(Some(u)) => Ok(u),
        Ok(None) => {
            record_failure(app, name);
            Err((
                StatusCode::UNAUTHORIZED,
                "用户名或密码不正确，或该用户已停用。",
            ))
        }
        Err(_) => Err((
            StatusCode::INTERNAL_SERVER_ERROR,
            "登录暂不可用，请稍后再试。",
        )),
    }
}

/// Whether the request came over TLS to a proxy in front (`X-Forwarded-Proto:
/// https`): its session cookie is then `Secure`.
fn behind_tls(headers: &HeaderMap) -> bool {
    headers
        .get("x-forwarded-proto")
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.eq_ignore_ascii_case("https"))
}

fn session_response(app: &App, user: &User, headers: &HeaderMap, then: Response) -> Response {
    match app.workflow().new_session(&user.name, (app.now)()) {
        Ok(id) => {
            let mut r = then;
            let secure = if behind_tls(headers) { "; Secure" } else { "" };
            r.headers_mut().insert(
                header::SET_COOKIE,
                format!("{COOKIE}={id}; HttpOnly; SameSite=Strict; Path=/{secure}")
                    .parse()
                    .expect("a cookie header"),
            );
            r
        }
        Err(e) => failure(e),
    }
}

async fn login_page() -> Response {
    page(StatusCode::OK, "login.html", context! {})
}

#[derive(Deserialize)]
struct LoginForm {
    name: String,
    password: String,
}

async fn login(
    State(app): State<Arc<App>>,
    headers: HeaderMap,
    Form(f): Form<LoginForm>,
) -> Response {
    match check_login(&app, f.name.trim(), &f.password) {
        Ok(user) => session_response(&app, &user, &headers, Redirect::to("/").into_response()),
        Err((status, message)) => page(status, "login.html", context! { error => message }),
    }
}

#[derive(Deserialize)]
struct CsrfForm {
    #[serde(default)]
    csrf: String,
}

async fn logout(
    State(app): State<Arc<App>>,
    headers: HeaderMap,
    Form(f): Form<CsrfForm>,
) -> Response {
    if !csrf_ok(&headers, &f.csrf) {
        return csrf_refused();
    }
    if let Some(id) = session_cookie(&headers)
        && let Err(e) = app.workflow().end_session(&id)
    {
        return failure(e);
    }
    (
        [(
            header::SET_COOKIE,
            format!("{COOKIE}=; Max-Age=0; HttpOnly; SameSite=Strict; Path=/"),
        )],
        Redirect::to("/login"),
    )
        .into_response()
}

/// The list's filters as the query string gives them.
#[derive(Debug, Default, Deserialize, serde::Serialize)]
struct ListQuery {
    #[serde(default)]
    state: String,
    #[serde(default)]
    kind: String,
    #[serde(default)]
    severity: String,
    #[serde(default)]
    department: String,
    #[serde(default)]
    district: String,
    #[serde(default)]
    q: String,
    #[serde(default)]
    from: String,
    #[serde(default)]
    to: String,
}

impl ListQuery {
    fn filter(&self) -> Filter {
        let text = |s: &str| Some(s.trim().to_string()).filter(|s| !s.is_empty());
        let day = |s: &str| NaiveDate::parse_from_str(s.trim(), "%Y-%m-%d").ok();
        Filter {
            state: WState::parse(&self.state),
            kind: self.kind.parse().ok(),
            severity: self.severity.parse().ok(),
            department: text(&self.department),
            district: text(&self.district),
            search: text(&self.q),
            from: day(&self.from),
            to: day(&self.to),
        }
    }
}

/// A warning as the pages show it.
fn warning_view(w: &Warning, today: NaiveDate) -> minijinja::Value {
    context! {
        id => w.id,
        title => w.title,
        severity => w.severity.as_str(),
        severity_label => w.severity.label(),
        kind_label => w.kind.label(),
        state_label => w.state.label(),
        district => w.district,
        location => w.location,
        category => w.category,
        department => w.department,
        first_seen => w.first_seen.to_string(),
        last_seen => w.last_seen.to_string(),
        due => w.due.to_string(),
        overdue => w.overdue(today),
        presses => w.presses,
        recurrences => w.recurrences,
        reply => w.reply,
        tickets => w.alert.ticket_ids.len(),
        callers => w.alert.caller_count,
        keywords => w.alert.keywords.join("、"),
        version => w.version,
    }
}

fn user_view(u: &User) -> minijinja::Value {
    context! { name => u.name, role => u.role.as_str(), department => u.department }
}

async fn list(
    State(app): State<Arc<App>>,
    headers: HeaderMap,
    Query(q): Query<ListQuery>,
) -> Response {
    let user = signed_in!(app, headers);
    let today = (app.now)().date();
    let warnings = match app.workflow().warnings(&user, &q.filter()) {
        Ok(w) => w,
        Err(e) => return failure(e),
    };
    let open = warnings.iter().filter(|w| w.state.is_open()).count();
    let overdue = warnings.iter().filter(|w| w.overdue(today)).count();
    let unsigned = warnings
        .iter()
        .filter(|w| matches!(w.state, WState::Assigned | WState::Reopened))
        .count();
    let counts = [
        ("预警", warnings.len()),
        ("未办结", open),
        ("待签收", unsigned),
        ("超期", overdue),
    ];
    let states: Vec<(&str, &str)> = [
        WState::New,
        WState::Assigned,
        WState::Signed,
        WState::Returned,
        WState::Reopened,
        WState::Closed,
    ]
    .iter()
    .map(|s| (s.as_str(), s.label()))
    .collect();
    let kinds: Vec<(&str, &str)> = AlertKind::ALL
        .iter()
        .map(|k| (k.as_str(), k.label()))
        .collect();
    let severities: Vec<(&str, &str)> = Severity::ALL
        .iter()
        .map(|k| (k.as_str(), k.label()))
        .collect();
    page(
        StatusCode::OK,
        "warnings.html",
        context! {
            user => user_view(&user),
            csrf => csrf_of(&headers),
            role_label => user.role.label(),
            warnings => warnings.iter().map(|w| warning_view(w, today)).collect::<Vec<_>>(),
            counts => counts,
            filter => q,
            states => states,
            kinds => kinds,
            severities => severities,
        },
    )
}

/// A JSON error with its status.
fn api_error(status: StatusCode, message: impl Into<String>) -> Response {
    (status, Json(serde_json::json!({ "error": message.into() }))).into_response()
}

/// An error of the library as a JSON error, with the status and
/// Retry-After of [`failure`].
fn api_failure(e: crate::Error) -> Response {
    retry_later(api_error(status_of(&e), e.to_string()))
}

/// The caller of an API route, or 401 as JSON.
macro_rules! api_caller {
    ($app:expr, $headers:expr) => {
        match viewer(&$app, &$headers) {
            Ok(Some(u)) => u,
            Ok(None) => {
                return api_error(
                    StatusCode::UNAUTHORIZED,
                    "sign in (POST /api/login) or send Authorization: Bearer TOKEN",
                );
            }
            Err(e) => return api_failure(e),
        }
    };
}

#[derive(Deserialize)]
struct ApiLogin {
    user: String,
    password: String,
}

async fn api_login(
    State(app): State<Arc<App>>,
    headers: HeaderMap,
    Json(l): Json<ApiLogin>,
) -> Response {
    match check_login(&app, l.user.trim(), &l.password) {
        Ok(user) => {
            let body = Json(user_view(&user)).into_response();
            session_response(&app, &user, &headers, body)
        }
        Err((status, message)) => api_error(status, message),
    }
}

/// `status` is the workflow state (new, assigned, signed, closed, returned,
/// reopened); the other filters as on the list page.
#[derive(Debug, Default, Deserialize)]
struct ApiQuery {
    #[serde(default)]
    status: String,
    #[serde(flatten)]
    list: ListQuery,
}

async fn api_list(
    State(app): State<Arc<App>>,
    headers: HeaderMap,
    Query(q): Query<ApiQuery>,
) -> Response {
    let user = api_caller!(app, headers);
    let mut filter = q.list.filter();
    if !q.status.is_empty() {
        match WState::parse(&q.status) {
            Some(s) => filter.state = Some(s),
            None => return api_error(StatusCode::BAD_REQUEST, format!("no status `{}`", q.status)),
        }
    }
    match app.workflow().warnings(&user, &filter) {
        Ok(w) => Json(w).into_response(),
        Err(e) => api_failure(e),
    }
}

fn not_yours() -> Response {
    api_error(StatusCode::NOT_FOUND, "no such alert, or not routed to you")
}

async fn api_one(
    State(app): State<Arc<App>>,
    headers: HeaderMap,
    Path(id): Path<String>,
) -> Response {
    let user = api_caller!(app, headers);
    match app.workflow().warning(&user, &id) {
        Ok(Some((w, _))) => Json(w).into_response(),
        Ok(None) => not_yours(),
        Err(e) => api_failure(e),
    }
}

async fn api_history(
    State(app): State<Arc<App>>,
    headers: HeaderMap,
    Path(id): Path<String>,
) -> Response {
    let user = api_caller!(app, headers);
    match app.workflow().warning(&user, &id) {
        Ok(Some((_, events))) => Json(events).into_response(),
        Ok(None) => not_yours(),
        Err(e) => api_failure(e),
    }
}

#[derive(Debug, Default, Deserialize)]
struct ApiAct {
    #[serde(default)]
    text: String,
    #[serde(default)]
    reason: String,
    #[serde(default)]
    note: String,
    #[serde(default)]
    department: String,
    /// The warning's `version` the caller saw; when given, an act that
    /// another transition overtook is refused with 409.
    #[serde(default)]
    seen: Option<i64>,
}

/// A transition by JSON: 404 for what the caller may not see, 403 for an
/// action its role never has, 409 for one the warning's state does not
/// allow now (another user acted first), 400 for a missing text.
async fn api_act(
    State(app): State<Arc<App>>,
    headers: HeaderMap,
    Path((id, action)): Path<(String, String)>,
    body: Option<Json<ApiAct>>,
) -> Response {
    let user = api_caller!(app, headers);
    let b = body.map(|Json(b)| b).unwrap_or_default();
    let act = match action.as_str() {
        "sign" => Act::Sign,
        "reply" => Act::Reply { text: b.text },
        "close" => Act::Close { reply: b.text },
        "return" => Act::Return { reason: b.reason },
        "assign" => Act::Assign {
            department: b.department,
            reason: b.reason,
        },
        "press" => Act::Press { note: b.note },
        _ => return api_error(StatusCode::NOT_FOUND, format!("no action `{action}`")),
    };
    let mut w = app.workflow();
    let current = match w.warning(&user, &id) {
        Ok(Some((x, _))) => x,
        Ok(None) => return not_yours(),
        Err(e) => return api_failure(e),
    };
    if !Workflow::allowed(&user, &current).contains(&action.as_str()) {
        let role_may = match user.role {
            crate::workflow::Role::Centre => ["assign", "press"].contains(&action.as_str()),
            crate::workflow::Role::Department => {
                ["sign", "reply", "close", "return"].contains(&action.as_str())
            }
            crate::workflow::Role::Analyst => false,
        };
        let status = if role_may {
            StatusCode::CONFLICT
        } else {
            StatusCode::FORBIDDEN
        };
        return api_error(
            status,
            format!(
                "{} ({}) cannot {action} this alert: it is {}",
                user.name,
                user.role.label(),
                current.state.label()
            ),
        );
    }
    match w.act_seen(&user, &id, &act, b.seen, (app.now)()) {
        Ok(done) => Json(done).into_response(),
        Err(crate::Error::Input { message, .. }) => api_error(StatusCode::BAD_REQUEST, message),
        Err(e) => api_failure(e),
    }
}

/// The webhooks the caller may manage: a department its own, the centre
/// all (`Some(None)`); analysts none (`None`, answered by 403).
fn webhook_scope(user: &User) -> Option<Option<String>> {
    match user.role {
        crate::workflow::Role::Centre => Some(None),
        crate::workflow::Role::Department => Some(user.department.clone()),
        crate::workflow::Role::Analyst => None,
    }
}

/// The caller's webhook scope, or 403 as JSON.
macro_rules! webhook_scope {
    ($user:expr) => {
        match webhook_scope(&$user) {
            Some(s) => s,
            None => {
                return api_error(
                    StatusCode::FORBIDDEN,
                    "webhooks are registered by a department or the centre",
                );
            }
        }
    };
}

async fn api_webhooks(State(app): State<Arc<App>>, headers: HeaderMap) -> Response {
    let user = api_caller!(app, headers);
    let scope = webhook_scope!(user);
    match app.workflow().webhooks(scope.as_deref()) {
        Ok(list) => Json(list).into_response(),
        Err(e) => api_failure(e),
    }
}

#[derive(Deserialize)]
struct NewWebhook {
    url: String,
    /// The centre names the department; a department's own is implied.
    #[serde(default)]
    department: String,
}

/// Registers a webhook: `{"url"}` (and `"department"` for the centre);
/// answers `{"id","secret"}`, the secret shown this once.
async fn api_add_webhook(
    State(app): State<Arc<App>>,
    headers: HeaderMap,
    body: Option<Json<NewWebhook>>,
) -> Response {
    let user = api_caller!(app, headers);
    let scope = webhook_scope!(user);
    let Some(Json(b)) = body else {
        return api_error(
            StatusCode::BAD_REQUEST,
            r#"send JSON {"url": "https://…"} (and "department" as the centre)"#,
        );
    };
    let department = scope.unwrap_or(b.department);
    match app
        .workflow()
        .add_webhook(&department, &b.url, &user.name, (app.now)())
    {
        Ok((id, secret)) => (
            StatusCode::CREATED,
            Json(serde_json::json!({ "id": id, "department": department, "url": b.url.trim(), "secret": secret })),
        )
            .into_response(),
        Err(e) => api_failure(e),
    }
}

async fn api_disable_webhook(
    State(app): State<Arc<App>>,
    headers: HeaderMap,
    Path(id): Path<i64>,
) -> Response {
    let user = api_caller!(app, headers);
    let scope = webhook_scope!(user);
    match app.workflow().disable_webhook(id, scope.as_deref()) {
        Ok(true) => Json(serde_json::json!({ "id": id, "disabled": true })).into_response(),
        Ok(false) => api_error(StatusCode::NOT_FOUND, "no such webhook of yours"),
        Err(e) => api_failure(e),
    }
}

fn action_label(action: &str) -> &'static str {
    match action {
        "raise" => "预警",
        "assign" => "派单",
        "sign" => "签收",
        "reply" => "答复",
        "close" => "办结",
        "return" => "退回",
        "press" => "督办",
        "recur" => "复发",
        _ => "更新",
    }
}

fn event_view(e: &Event) -> minijinja::Value {
    let label = |s: Option<&str>| s.and_then(WState::parse).map_or("", |s| s.label());
    context! {
        at => e.at,
        actor => e.actor,
        action_label => action_label(&e.action),
        from_label => label(e.from_state.as_deref()),
        to_label => label(Some(&e.to_state)),
        department => e.department,
        note => e.note,
    }
}

async fn warning_page(
    app: &App,
    user: &User,
    id: &str,
    flash: Option<String>,
    status: StatusCode,
    csrf: String,
) -> Response {
    let found = app.workflow().warning(user, id);
    let (w, events) = match found {
        Ok(Some(x)) => x,
        Ok(None) => {
            return (
                StatusCode::NOT_FOUND,
                "no such warning, or not routed to you",
            )
                .into_response();
        }
        Err(e) => return failure(e),
    };
    // The evidence as `hotline explain` gives it; its tickets are stored masked.
    let of_alert = digest(&serde_json::to_string(&w.alert).unwrap_or_default());
    let calendar = app.calendar.clone();
    let alert = w.alert.clone();
    let evidence = app
        .memo(format!("explain|{}|{of_alert}", w.id), |e| async move {
            Ok(
                match crate::detect::explain::explain(&e, alert, &calendar).await {
                    Ok(ex) => ex.lines.join("\n"),
                    Err(e) => format!("（依据暂不可用：{e}）"),
                },
            )
        })
        .await
        .unwrap_or_else(|e| format!("（依据暂不可用：{e}）"));
    let today = (app.now)().date();
    // A surge's daily counts as a chart, as its notice draws them.
    let chart = if w.kind == AlertKind::Surge {
        let (alert, day) = (w.alert.clone(), w.last_seen);
        app.memo(format!("chart|{}|{of_alert}", w.id), |e| async move {
            Ok(
                crate::report::warnings::notices(&e, std::slice::from_ref(&alert), day)
                    .await
                    .ok()
                    .and_then(|n| n.into_iter().next())
                    .and_then(|n| n.items.into_iter().next())
                    .and_then(|i| crate::report::warnings::series_chart(&i).ok().flatten()),
            )
        })
        .await
        .ok()
        .flatten()
    } else {
        None
    };
    let judged = w.clone();
    let review = app
        .memo(
            format!("review|{}|{:?}|{of_alert}|{today}", w.id, w.closed_on),
            |e| async move { crate::workflow::review::review(&e, &judged, today).await },
        )
        .await;
    let review = match review {
        Ok(Some(r)) => Some(context! {
            label => r.verdict.label(),
            after_14 => r.after_14,
            after_28 => r.after_28,
            usual => r.usual_per_day,
            during => r.warning_per_day,
            expected => r.expected,
        }),
        Ok(None) => None,
        Err(e) => return failure(e),
    };
    page(
        status,
        "warning.html",
        context! {
            user => user_view(user),
            csrf => csrf,
            role_label => user.role.label(),
            w => warning_view(&w, today),
            events => events.iter().map(event_view).collect::<Vec<_>>(),
            actions => Workflow::allowed(user, &w),
            evidence => evidence,
            chart => chart,
            review => review,
            flash => flash,
        },
    )
}

async fn show(State(app): State<Arc<App>>, headers: HeaderMap, Path(id): Path<String>) -> Response {
    let user = signed_in!(app, headers);
    warning_page(&app, &user, &id, None, StatusCode::OK, csrf_of(&headers)).await
}

#[derive(Deserialize)]
struct ActForm {
    #[serde(default)]
    department: String,
    #[serde(default)]
    text: String,
    #[serde(default)]
    csrf: String,
    /// The warning's version its page showed: a second person acting on
    /// the same page gets a conflict, not a silent overwrite.
    #[serde(default)]
    seen: Option<i64>,
}

async fn act(
    State(app): State<Arc<App>>,
    headers: HeaderMap,
    Path((id, action)): Path<(String, String)>,
    Form(f): Form<ActForm>,
) -> Response {
    let user = signed_in!(app, headers);
    if !csrf_ok(&headers, &f.csrf) {
        return csrf_refused();
    }
    let act = match action.as_str() {
        "assign" => Act::Assign {
            department: f.department,
            reason: f.text,
        },
        "sign" => Act::Sign,
        "reply" => Act::Reply { text: f.text },
        "close" => Act::Close { reply: f.text },
        "return" => Act::Return { reason: f.text },
        "press" => Act::Press { note: f.text },
        _ => return (StatusCode::NOT_FOUND, "no such action").into_response(),
    };
    let done = app
        .workflow()
        .act_seen(&user, &id, &act, f.seen, (app.now)());
    match done {
        Ok(w) if crate::workflow::warnings::may_see(&user, &w) => {
            Redirect::to(&format!("/warnings/{id}")).into_response()
        }
        // Returned by a department: no longer its own to see.
        Ok(_) => Redirect::to("/").into_response(),
        Err(e @ (crate::Error::Input { .. } | crate::Error::Conflict { .. })) => {
            let (status, message) = match e {
                crate::Error::Input { message, .. } => (StatusCode::BAD_REQUEST, message),
                e => (StatusCode::CONFLICT, e.to_string()),
            };
            warning_page(&app, &user, &id, Some(message), status, csrf_of(&headers)).await
        }
        Err(e) => failure(e),
    }
}

fn forbidden(what: &str) -> Response {
    (
        StatusCode::FORBIDDEN,
        format!("{what} is for the centre and analysts"),
    )
        .into_response()
}

#[derive(Deserialize)]
struct WeekQuery {
    #[serde(default)]
    week: String,
    /// `docx` for the Word file; else the page.
    #[serde(default)]
    format: String,
}

/// The ISO week a `week` parameter names, else the week of the store's
/// latest ticket (an export's data ends before today).
async fn week_of(app: &App, week: &str) -> Result<crate::engine::period::Period> {
    let last = app
        .memo("day_range".into(), |e| async move {
            crate::detect::columns::day_range(&e).await
        })
        .await?
        .map_or_else(|| (app.now)().date(), |(_, last)| last);
    Ok(crate::engine::period::Period::parse(week.trim(), last)
        .ok()
        .filter(|p| p.label.contains("-W"))
        .unwrap_or_else(|| crate::pipeline::iso_week(last)))
}

async fn dashboard(
    State(app): State<Arc<App>>,
    headers: HeaderMap,
    Query(q): Query<WeekQuery>,
) -> Response {
    use crate::report::weekly::{pct, signed_pct};
    let user = signed_in!(app, headers);
    let today = (app.now)().date();
    let (week, open, b) = match viewers_week(&app, &user, &q.week).await {
        Ok(x) => x,
        Err(e) => return failure(e),
    };
    let open: Vec<&Warning> = open.iter().collect();
    // The chart depends on the week's counts alone.
    let drawn = b.clone();
    let chart = app
        .memo(format!("daily_chart|{}", week.label), |_| async move {
            Ok(crate::report::weekly::daily_chart(&drawn).unwrap_or_default())
        })
        .await
        .unwrap_or_default();
    let loop_rows: Vec<(String, String)> = crate::report::weekly::blocks(&b)
        .into_iter()
        .find(|bl| bl.heading == Some("六、预警办理"))
        .map(|bl| {
            bl.columns
                .iter()
                .zip(bl.rows.first().cloned().unwrap_or_default())
                .map(|(c, v)| (c.to_string(), v))
                .collect()
        })
        .unwrap_or_default();
    let by_severity: Vec<(&str, &str, usize)> = Severity::ALL
        .iter()
        .map(|s| {
            (
                s.as_str(),
                s.label(),
                open.iter().filter(|w| w.severity == *s).count(),
            )
        })
        .collect();
    let mut by_department: std::collections::BTreeMap<String, (usize, usize, u32)> =
        std::collections::BTreeMap::new();
    for w in &open {
        let e = by_department
            .entry(w.department.clone().unwrap_or_else(|| "（待派单）".into()))
            .or_default();
        e.0 += 1;
        e.1 += usize::from(w.overdue(today));
        e.2 += w.presses;
    }
    let kpis: Vec<(String, String, String)> = b
        .kpis
        .iter()
        .map(|k| (k.name.clone(), pct(k.value), pct(k.prev)))
        .collect();
    page(
        StatusCode::OK,
        "dashboard.html",
        context! {
            user => user_view(&user),
            csrf => csrf_of(&headers),
            role_label => user.role.label(),
            week => week.label,
            mom => signed_pct(b.mom),
            yoy => signed_pct(b.yoy),
            chart => chart,
            kpis => kpis,
            loop_rows => loop_rows,
            loop_columns => crate::report::weekly::DEPARTMENT_LOOP_COLUMNS,
            dispatch => b
                .workflow
                .as_ref()
                .map(|w| {
                    w.figures
                        .dispatch_by_category
                        .iter()
                        .map(|(d, c, n, r, a)| {
                            (d.clone(), c.clone(), *n, *r, crate::report::weekly::pct(*a))
                        })
                        .collect::<Vec<_>>()
                })
                .unwrap_or_default(),
            loop_departments => b
                .workflow
                .as_ref()
                .map(crate::report::weekly::department_loop_rows)
                .unwrap_or_default(),
            open => open.len(),
            overdue => open.iter().filter(|w| w.overdue(today)).count(),
            by_severity => by_severity,
            by_department => by_department
                .into_iter()
                .map(|(d, (n, late, presses))| (d, n, late, presses))
                .collect::<Vec<_>>(),
            b => b,
        },
    )
}

async fn weekly_report(
    State(app): State<Arc<App>>,
    headers: HeaderMap,
    Query(q): Query<WeekQuery>,
) -> Response {
    let user = signed_in!(app, headers);
    let (_, _, b) = match viewers_week(&app, &user, &q.week).await {
        Ok(x) => x,
        Err(e) => return failure(e),
    };
    let chart = crate::report::weekly::daily_chart(&b).unwrap_or_default();
    if q.format == "docx" {
        // For Word, without the chart (a PNG needs a Chinese font on the server).
        return match crate::report::docx::briefing(&b, None) {
            Ok(bytes) => (
                [
                    (
                        header::CONTENT_TYPE,
                        "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
                            .to_string(),
                    ),
                    (
                        header::CONTENT_DISPOSITION,
                        format!("attachment; filename=\"briefing-{}.docx\"", b.week),
                    ),
                ],
                bytes,
            )
                .into_response(),
            Err(e) => failure(e),
        };
    }
    Html(crate::report::html::briefing(&b, &chart)).into_response()
}

/// The briefing of a week (the `week` parameter, else the week of the
/// store's latest ticket) as `user` may see it: its open warnings and the
/// loop's figures.
async fn viewers_week(
    app: &App,
    user: &User,
    week: &str,
) -> Result<(
    crate::engine::period::Period,
    Vec<Warning>,
    crate::report::weekly::Briefing,
)> {
    let week = week_of(app, week).await?;
    let open: Vec<Warning> = app
        .workflow()
        .warnings(user, &Filter::default())?
        .into_iter()
        .filter(|w| w.state.is_open())
        .collect();
    let alerts: Vec<crate::detect::alert::Alert> = open.iter().map(|w| w.alert.clone()).collect();
    // The week's figures are the city's, whoever looks; the warnings the viewer's.
    let mut b = briefing_of(app, &week).await?;
    b.warnings = crate::report::weekly::warning_counts(&alerts);
    add_loop(app, &mut b).await?;
    Ok((week, open, b))
}

/// The week's loop (六、预警办理) added to a briefing: the figures and the
/// closed warnings read under the lock, the reviews run without it.
/// The briefing of `week` without warnings or the loop: the city's figures.
async fn briefing_of(
    app: &App,
    week: &crate::engine::period::Period,
) -> Result<crate::report::weekly::Briefing> {
    let config = app.config.clone();
    let period = week.clone();
    app.memo(format!("briefing|{}", week.label), |e| async move {
        crate::report::weekly::briefing(&e, &period, &config, &[]).await
    })
    .await
}

async fn add_loop(app: &App, b: &mut crate::report::weekly::Briefing) -> Result<()> {
    let end = b.end + chrono::Duration::days(1);
    let (figures, closed) = {
        let w = app.workflow();
        (
            w.figures(b.start, end)?,
            w.closed_between(
                end - chrono::Duration::days(90),
                end - chrono::Duration::days(14),
            )?,
        )
    };
    // Judged once per set of closed warnings and day.
    let key = format!(
        "verdicts|{}|{}",
        b.end,
        digest(
            &closed
                .iter()
                .map(|w| format!("{}@{:?}", w.id, w.closed_on))
                .collect::<Vec<_>>()
                .join(",")
        )
    );
    let day = b.end;
    let verdicts = app
        .memo(key, |e| async move {
            crate::report::weekly::verdicts(&e, &closed, day).await
        })
        .await?;
    crate::report::weekly::add_verdicts(b, figures, &verdicts);
    Ok(())
}

#[derive(Deserialize)]
struct SearchQuery {
    #[serde(default)]
    q: String,
}

/// Most tickets a search shows.
const TICKETS_SHOWN: usize = 200;

async fn tickets(
    State(app): State<Arc<App>>,
    headers: HeaderMap,
    Query(q): Query<SearchQuery>,
) -> Response {
    let user = signed_in!(app, headers);
    let words = q.q.trim().replace(['%', '_'], "");
    let mut rows: Vec<Vec<String>> = Vec::new();
    if !words.is_empty() {
        let mut p = crate::engine::queries::Params::new().text("q", &format!("%{words}%"));
        let mut only = String::new();
        if user.role == crate::workflow::Role::Department {
            p = p.text("dept", user.department.as_deref().unwrap_or(""));
            only = " AND department = $dept".into();
        }
        let sql = format!(
            "SELECT CAST(received_at AS VARCHAR) AS t, ticket_id, district, place, category_l1, title, content \
             FROM tickets WHERE (title LIKE $q OR content LIKE $q){only} \
             ORDER BY received_at DESC LIMIT {TICKETS_SHOWN}"
        );
        let found = app
            .memo(
                format!("tickets|{sql}|{}", digest(&format!("{p:?}"))),
                |e| async move {
                    let r = e.query_with(&sql, &p).await?;
                    let cols: Vec<Vec<String>> = [
                        "t",
                        "ticket_id",
                        "district",
                        "place",
                        "category_l1",
                        "title",
                        "content",
                    ]
                    .iter()
                    .map(|c| r.texts(c))
                    .collect();
                    // Masked again: a store written before the masker knew a shape may hold it.
                    Ok((0..r.num_rows())
                        .map(|i| {
                            cols.iter()
                                .map(|c| crate::text::mask::mask_any(&c[i], &[]).into_owned())
                                .collect::<Vec<String>>()
                        })
                        .collect::<Vec<_>>())
                },
            )
            .await;
        rows = match found {
            Ok(r) => r,
            Err(e) => return failure(e),
        };
    }
    page(
        StatusCode::OK,
        "tickets.html",
        context! {
            user => user_view(&user),
            csrf => csrf_of(&headers),
            role_label => user.role.label(),
            q => q.q,
            tickets => rows,
            limit => TICKETS_SHOWN,
        },
    )
}

#[derive(Deserialize)]
struct SqlQuery {
    #[serde(default)]
    sql: String,
    #[serde(default)]
    params: String,
    #[serde(default)]
    format: String,
}

/// Most rows the SQL page shows.
const SQL_ROWS_SHOWN: usize = 500;
/// Most rows a CSV of the SQL page holds (`hotline query` has no limit).
const SQL_ROWS_CSV: usize = 100_000;
/// How long a query of the SQL page may run: one analyst's query must not
/// hold the server's two cores from the departments.
pub const SQL_TIME_LIMIT: std::time::Duration = std::time::Duration::from_secs(20);

async fn sql(
    State(app): State<Arc<App>>,
    headers: HeaderMap,
    Query(q): Query<SqlQuery>,
) -> Response {
    let user = signed_in!(app, headers);
    if user.role == crate::workflow::Role::Department {
        return forbidden("the SQL page");
    }
    let mut ctx_error: Option<String> = None;
    let mut columns: Vec<String> = Vec::new();
    let mut rows: Vec<Vec<String>> = Vec::new();
    let mut truncated = false;
    if !q.sql.trim().is_empty() {
        let today = (app.now)().date();
        let mut params = crate::engine::queries::Params::new();
        for line in q.params.lines().map(str::trim).filter(|l| !l.is_empty()) {
            match params.parse_assignment(line, today) {
                Ok(p) => params = p,
                Err(e) => {
                    ctx_error = Some(e);
                    params = crate::engine::queries::Params::new();
                    break;
                }
            }
        }
        let engine = match app.engine().await {
            Ok(e) => e,
            Err(e) => return failure(e),
        };
        let max_rows = if q.format == "csv" {
            SQL_ROWS_CSV
        } else {
            SQL_ROWS_SHOWN
        };
        if ctx_error.is_none() {
            match engine
                .query_limited(&q.sql, &params, max_rows, app.sql_time_limit)
                .await
            {
                Ok(mut r) if q.format == "csv" => {
                    let cut = r.truncate(SQL_ROWS_CSV);
                    return match crate::engine::render::csv_bytes(&r) {
                        Ok(bytes) => (
                            [
                                (header::CONTENT_TYPE, "text/csv; charset=utf-8"),
                                (
                                    header::CONTENT_DISPOSITION,
                                    "attachment; filename=\"query.csv\"",
                                ),
                            ],
                            // Says so when the CSV stops at its row limit.
                            [("x-hotline-rows-cut", if cut { "true" } else { "false" })],
                            bytes,
                        )
                            .into_response(),
                        Err(e) => failure(e),
                    };
                }
                Ok(mut r) => {
                    truncated = r.truncate(SQL_ROWS_SHOWN);
                    columns = r.schema.fields().iter().map(|f| f.name().clone()).collect();
                    let cols: Vec<Vec<String>> = columns.iter().map(|c| r.texts(c)).collect();
                    for i in 0..r.num_rows() {
                        rows.push(
                            cols.iter()
                                .map(|c| c.get(i).cloned().unwrap_or_default())
                                .collect(),
                        );
                    }
                }
                Err(e) => ctx_error = Some(e.to_string()),
            }
        }
    }
    page(
        if ctx_error.is_some() {
            StatusCode::BAD_REQUEST
        } else {
            StatusCode::OK
        },
        "sql.html",
        context! {
            user => user_view(&user),
            csrf => csrf_of(&headers),
            role_label => user.role.label(),
            sql => q.sql,
            params => q.params,
            error => ctx_error,
            columns => columns,
            rows => rows,
            truncated => truncated,
        },
    )
}

#[derive(Deserialize)]
struct NoticeQuery {
    #[serde(default)]
    department: String,
}

/// The warning notice (类案预警单) of the open warnings routed to a
/// department, as of today, with each warning's workflow state: a
/// department gets its own, the centre and analysts any one's.
async fn notice_report(
    State(app): State<Arc<App>>,
    headers: HeaderMap,
    Query(q): Query<NoticeQuery>,
) -> Response {
    let user = signed_in!(app, headers);
    let department = match (&user.department, q.department.trim()) {
        (Some(own), _) => own.clone(),
        (None, "") => {
            return (
                StatusCode::BAD_REQUEST,
                "name the department: ?department=…",
            )
                .into_response();
        }
        (None, d) => d.to_string(),
    };
    let open: Vec<Warning> = match app.workflow().warnings(&user, &Filter::default()) {
        Ok(w) => w
            .into_iter()
            .filter(|w| w.state.is_open() && w.department.as_deref() == Some(department.as_str()))
            .collect(),
        Err(e) => return failure(e),
    };
    let mut alerts: Vec<crate::detect::alert::Alert> =
        open.iter().map(|w| w.alert.clone()).collect();
    for a in &mut alerts {
        // The workflow's department, not the routing's, is who must act now.
        a.department = Some(department.clone());
        a.status = crate::detect::alert::Status::Ongoing;
    }
    let today = (app.now)().date();
    let engine = match app.engine().await {
        Ok(e) => e,
        Err(e) => return failure(e),
    };
    let notices = match crate::report::warnings::notices(&engine, &alerts, today).await {
        Ok(n) => n,
        Err(e) => return failure(e),
    };
    let Some(mut notice) = notices.into_iter().find(|n| n.department == department) else {
        return (
            StatusCode::NOT_FOUND,
            format!("no open warning is routed to {department}"),
        )
            .into_response();
    };
    for item in &mut notice.items {
        if let Some(w) = open.iter().find(|w| w.id == item.alert_id) {
            item.workflow = Some(format!("{}（时限 {}）", w.state.label(), w.due));
        }
    }
    let charts: Vec<Option<String>> = notice
        .items
        .iter()
        .map(|i| crate::report::warnings::series_chart(i).ok().flatten())
        .collect();
    Html(crate::report::html::notice(&notice, &charts)).into_response()
}

#[derive(Deserialize)]
struct PeriodQuery {
    #[serde(default)]
    period: String,
}

/// The analyst report of a period (default: the month of the store's latest
/// ticket), for the centre and analysts.
async fn analyst_report(
    State(app): State<Arc<App>>,
    headers: HeaderMap,
    Query(q): Query<PeriodQuery>,
) -> Response {
    let user = signed_in!(app, headers);
    if user.role == crate::workflow::Role::Department {
        return forbidden("the analyst report");
    }
    let engine = match app.engine().await {
        Ok(e) => e,
        Err(e) => return failure(e),
    };
    let last = match crate::detect::columns::day_range(&engine).await {
        Ok(r) => r.map_or_else(|| (app.now)().date(), |(_, last)| last),
        Err(e) => return failure(e),
    };
    let label = if q.period.trim().is_empty() {
        last.format("%Y-%m").to_string()
    } else {
        q.period.trim().to_string()
    };
    let period = match crate::engine::period::Period::parse(&label, last) {
        Ok(p) => p,
        Err(message) => return (StatusCode::BAD_REQUEST, message).into_response(),
    };
    match crate::report::analyst_of(&engine, &period, &app.config).await {
        Ok((a, _)) => Html(crate::report::html::analyst(&a)).into_response(),
        Err(e) => failure(e),
    }
}
