//! `hotline serve`: the workbench over a store ([`hotline::server`]).

use std::io::Write;
use std::sync::Arc;

use hotline::error::{Error, Result};
use hotline::server::App;

use super::{db_path, io, load_config};
use crate::cli::ServeArgs;

pub(super) async fn run(a: ServeArgs, out: &mut dyn Write) -> Result<()> {
    let cfg = load_config(&a.store)?;
    let db = db_path(&a.store.store, a.db.as_deref());
    let app = App::open(&a.store.store, &db, cfg).await?;
    if app
        .workflow
        .lock()
        .map(|w| w.users().map(|u| u.is_empty()))
        .unwrap_or(Ok(true))?
    {
        writeln!(
            out,
            "note: no users yet; add one with `hotline users add NAME --role centre --store {}`",
            a.store.store.display()
        )
        .map_err(io)?;
    }
    let listener = tokio::net::TcpListener::bind(&a.listen)
        .await
        .map_err(|e| Error::Flag {
            flag: "--listen".into(),
            message: format!("cannot listen on {}: {e}", a.listen),
        })?;
    let addr = listener.local_addr().map_err(io)?;
    writeln!(
        out,
        "hotline workbench on http://{addr}/ (workflow {})",
        db.display()
    )
    .map_err(io)?;
    out.flush().map_err(io)?;
    hotline::server::serve(listener, Arc::new(app))
        .await
        .map_err(|e| Error::write("<server>", e))
}
