//! A cluster for stores one machine cannot query fast enough: Apache
//! DataFusion Ballista's scheduler and executors, built into hotline.
//!
//! Ballista (<https://datafusion.apache.org/ballista/>) is DataFusion's own
//! distributed engine, released in step with it (ballista 55 for
//! DataFusion 55), so a query planned by [`crate::engine::Engine`] runs on
//! it unchanged: the client plans the SQL, the scheduler splits the
//! physical plan into stages at every exchange, and the executors run the
//! stages' tasks and pass the shuffled batches to each other over Arrow
//! Flight. We chose it over writing our own fan-out because the standard
//! analyses are joins, windows and aggregations over the whole store, which
//! need a real shuffle, and because it reads the same Parquet files through
//! the same `ListingTable`.
//!
//! The store's tables travel inside the plan (DataFusion's protobuf form of
//! a listing table names its files). The executors are given the functions
//! of hotline's own session ([`crate::engine::session_state`]), which
//! Ballista's default registry does not all hold. What they need is to see the store's files at the same
//! absolute path (a shared file system); where one cannot, the first task's
//! error names the file it could not open.
//!
//! Scheduling is Ballista's default push-staged policy: the scheduler
//! offers tasks to the executors, so an executor must be reachable from the
//! scheduler on its gRPC port, and from other executors and the client on
//! its Flight port.

use std::net::SocketAddr;
use std::path::PathBuf;
use std::sync::Arc;

use crate::error::{Error, Result};

/// The scheduler's port when `df://HOST` names none (Ballista's default).
pub const DEFAULT_SCHEDULER_PORT: u16 = 50050;

/// Where a scheduler listens.
#[derive(Debug, Clone)]
pub struct SchedulerOptions {
    /// Address to bind (`0.0.0.0:50050` to serve other machines).
    pub bind: SocketAddr,
    /// The host name executors and clients use to reach it, when it is not
    /// the bound address (a machine's name behind `0.0.0.0`).
    pub external_host: Option<String>,
}

/// How an executor joins a scheduler.
#[derive(Debug, Clone)]
pub struct ExecutorOptions {
    /// The scheduler, `HOST:PORT` (or `df://HOST:PORT`).
    pub scheduler: String,
    /// Address of the executor's Flight service (shuffle data); its gRPC
    /// service, which the scheduler pushes tasks to, listens on `grpc_port`.
    pub bind: SocketAddr,
    /// Port of the executor's gRPC service.
    pub grpc_port: u16,
    /// Tasks run at once (0: one a core).
    pub concurrency: usize,
    /// Folder for shuffle files (a fresh one under the system's temporary
    /// folder when absent).
    pub work_dir: Option<PathBuf>,
    /// The host name the scheduler and other executors use to reach this
    /// one, when it is not the bound address.
    pub external_host: Option<String>,
}

/// Runs a scheduler until the process is stopped.
pub async fn run_scheduler(opts: &SchedulerOptions) -> Result<()> {
    use ballista_scheduler::cluster::BallistaCluster;
    use ballista_scheduler::config::SchedulerConfig;

    let config = SchedulerConfig {
        bind_host: opts.bind.ip().to_string(),
        bind_port: opts.bind.port(),
        external_host: reachable_host(&opts.bind, opts.external_host.as_deref())?,
        // The plans it is sent may call hotline's own functions
        // (term_counts, key_hash): its sessions must know them to read
        // the plans.
        override_session_builder: Some(Arc::new(|config| {
            Ok(crate::engine::with_functions(
                ballista_core::utils::default_session_builder(config)?,
            ))
        })),
        ..Default::default()
    };
    let cluster = BallistaCluster::new_from_config(&config)
        .await
        .map_err(|e| cluster_error("the scheduler's state", e))?;
    ballista_scheduler::scheduler_process::start_server(cluster, opts.bind, Arc::new(config))
        .await
        .map_err(|e| cluster_error(&format!("the scheduler on {}", opts.bind), e))
}

/// Runs an executor until the process is stopped; it registers with the
/// scheduler (waiting up to 30 s for one to answer) and takes its tasks.
pub async fn run_executor(opts: &ExecutorOptions) -> Result<()> {
    use ballista_core::registry::BallistaFunctionRegistry;
    use ballista_executor::executor_process::{ExecutorProcessConfig, start_executor_process};

    let (host, port) = scheduler_host_port(&opts.scheduler).map_err(|message| Error::Flag {
        flag: "--scheduler".into(),
        message,
    })?;
    let work_dir = match &opts.work_dir {
        Some(d) => d.clone(),
        None => std::env::temp_dir().join(format!(
            "hotline-executor-{}-{}",
            opts.bind.port(),
            std::process::id()
        )),
    };
    std::fs::create_dir_all(&work_dir).map_err(|e| Error::write(&work_dir, e))?;
    let config = ExecutorProcessConfig {
        bind_host: opts.bind.ip().to_string(),
        port: opts.bind.port(),
        grpc_port: opts.grpc_port,
        external_host: Some(reachable_host(&opts.bind, opts.external_host.as_deref())?),
        scheduler_host: host,
        scheduler_port: port,
        scheduler_connect_timeout_seconds: 30,
        vcores: opts.concurrency,
        work_dir: Some(work_dir.to_string_lossy().into_owned()),
        print_thread_info: false,
        // Ballista's default registry lacks DataFusion's array functions
        // (array_distinct, unnest's helpers) that the standard analyses
        // call: the executors get every function a local engine has.
        override_function_registry: Some(Arc::new(BallistaFunctionRegistry::from(
            &crate::engine::session_state(),
        ))),
        ..Default::default()
    };
    start_executor_process(Arc::new(config))
        .await
        .map_err(|e| cluster_error(&format!("the executor on {}", opts.bind), e))
}

/// `HOST:PORT` of a scheduler named as `df://HOST[:PORT]`, `HOST:PORT` or
/// `HOST`; the message says what is wrong.
pub fn scheduler_host_port(s: &str) -> std::result::Result<(String, u16), String> {
    let rest = s.strip_prefix("df://").unwrap_or(s).trim_end_matches('/');
    if rest.is_empty() || rest.contains('/') {
        return Err(format!(
            "\"{s}\" is not a scheduler address; write df://HOST:PORT (df://10.0.0.5:50050)"
        ));
    }
    match rest.rsplit_once(':') {
        Some((host, port)) => {
            let port = port.parse::<u16>().map_err(|_| {
                format!("\"{s}\": the port \"{port}\" is not a number from 1 to 65535")
            })?;
            if host.is_empty() {
                return Err(format!("\"{s}\" names no host; write df://HOST:PORT"));
            }
            Ok((host.to_string(), port))
        }
        None => Ok((rest.to_string(), DEFAULT_SCHEDULER_PORT)),
    }
}

/// The `df://HOST:PORT` URL Ballista's client takes, checked.
pub fn scheduler_url(s: &str) -> std::result::Result<String, String> {
    if !s.starts_with("df://") {
        return Err(format!(
            "\"{s}\" is not a cluster address; write df://HOST:PORT, the address `hotline cluster scheduler` listens on"
        ));
    }
    let (host, port) = scheduler_host_port(s)?;
    Ok(format!("df://{host}:{port}"))
}

/// Whether a scheduler answers at `df://HOST:PORT`; the message says how to
/// start one. Ballista's client only connects when the first query runs, so
/// this is checked when the engine opens, to fail with a clear message.
pub async fn check_reachable(url: &str) -> Result<()> {
    let (host, port) = scheduler_host_port(url).map_err(|message| Error::Flag {
        flag: "--cluster".into(),
        message,
    })?;
    let connect = tokio::net::TcpStream::connect((host.as_str(), port));
    match tokio::time::timeout(std::time::Duration::from_secs(10), connect).await {
        Ok(Ok(_)) => Ok(()),
        Ok(Err(e)) => Err(Error::Flag {
            flag: "--cluster".into(),
            message: format!(
                "no scheduler answers at {host}:{port} ({e}); start one with `hotline cluster scheduler --bind {host}:{port}` and at least one `hotline cluster executor --scheduler {host}:{port}`"
            ),
        }),
        Err(_) => Err(Error::Flag {
            flag: "--cluster".into(),
            message: format!(
                "no answer from {host}:{port} within 10 s; check the address and that a firewall lets the port through"
            ),
        }),
    }
}

/// The host others reach a process by: `--external-host`, else the bound
/// address. An address bound to every interface (0.0.0.0) names no host
/// another machine could use, so it needs `--external-host`.
fn reachable_host(bind: &SocketAddr, external: Option<&str>) -> Result<String> {
    match external {
        Some(h) if !h.trim().is_empty() => Ok(h.trim().to_string()),
        _ if bind.ip().is_unspecified() => Err(Error::Flag {
            flag: "--external-host".into(),
            message: format!(
                "--bind {bind} listens on every interface, so say which name or address the other machines reach this one by, e.g. --external-host node1.example"
            ),
        }),
        _ => Ok(bind.ip().to_string()),
    }
}

fn cluster_error(what: &str, e: impl std::fmt::Display) -> Error {
    Error::Input {
        what: what.to_string(),
        message: format!("{e} (is the address free, and the scheduler reachable?)"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_scheduler_is_named_with_or_without_its_port_and_scheme() {
        assert_eq!(
            scheduler_host_port("df://10.0.0.5:50070").unwrap(),
            ("10.0.0.5".to_string(), 50070)
        );
        assert_eq!(
            scheduler_host_port("node1").unwrap(),
            ("node1".to_string(), DEFAULT_SCHEDULER_PORT)
        );
        assert_eq!(
            scheduler_url("df://node1").unwrap(),
            format!("df://node1:{DEFAULT_SCHEDULER_PORT}")
        );
        let e = scheduler_url("http://node1:50050").unwrap_err();
        assert!(e.contains("df://HOST:PORT"), "{e}");
        let e = scheduler_host_port("df://node1:port").unwrap_err();
        assert!(e.contains("\"port\" is not a number"), "{e}");
    }

    #[test]
    fn a_process_bound_to_every_interface_must_say_its_name() {
        let any: SocketAddr = "0.0.0.0:50050".parse().unwrap();
        let e = reachable_host(&any, None).unwrap_err().to_string();
        assert!(
            e.starts_with("--external-host: --bind 0.0.0.0:50050"),
            "{e}"
        );
        assert_eq!(reachable_host(&any, Some("node1")).unwrap(), "node1");
        let local: SocketAddr = "127.0.0.1:50050".parse().unwrap();
        assert_eq!(reachable_host(&local, None).unwrap(), "127.0.0.1");
    }
}
