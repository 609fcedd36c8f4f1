//! The query engine: the one place a DataFusion session over the store is made.
//!
//! Tables registered:
//! - `tickets`: the latest version of every ticket (the store keeps exactly
//!   one row per ticket id, so this is a plain projection without the
//!   internal `_row_hash` column);
//! - `ticket_store`: the raw store table, including `_row_hash`;
//! - `rejects`: every rejected input row (`source_file, row, reason, detail, raw`);
//! - `store_terms`: each word's document frequency over the whole store
//!   (`term, df, n`: tickets whose tokens hold the word, and tickets with
//!   tokens), the IDF of `top_terms`. A view; [`Engine::cache_store_terms`]
//!   makes it a table summed from the data files' own counts.
//!
//! User SQL runs with DDL, DML and statements refused, so it cannot create,
//! write, copy or delete anything.

pub mod key_hash;
pub mod period;
pub mod queries;
pub mod render;
pub mod term_counts;

use std::path::Path;
use std::sync::Arc;

use datafusion::arrow::array::RecordBatch;
use datafusion::arrow::datatypes::{DataType, Field, Schema, SchemaRef};
use datafusion::common::ScalarValue;
use datafusion::datasource::MemTable;
use datafusion::datasource::file_format::csv::CsvFormat;
use datafusion::datasource::file_format::parquet::ParquetFormat;
use datafusion::datasource::listing::{
    ListingOptions, ListingTable, ListingTableConfig, ListingTableUrl,
};
use datafusion::execution::context::SQLOptions;
use datafusion::prelude::{SessionConfig, SessionContext};

use crate::error::{Error, Result};
use crate::schema::{public_columns, store_schema};
use crate::store::Store;

/// A DataFusion session over one store.
pub struct Engine {
    ctx: SessionContext,
    store: Store,
    /// Queries run on a Ballista cluster (tables must travel in the plan).
    remote: bool,
    /// Set once `store_terms` is a table in memory: it is swapped in once
    /// per engine, so queries that share the engine (a server's) never see
    /// it missing between the swap's two steps.
    terms_cached: tokio::sync::OnceCell<()>,
}

/// `store_terms`: one row per word of the store's tokens, from one pass:
/// [`term_counts`] gives each word's tickets, `count(*)` the tickets with
/// tokens. Computed this way where the table cannot be cached (a cluster's
/// plans carry no table in memory); `analyze` sums the files' footers.
const STORE_TERMS: &str = "CREATE VIEW store_terms AS
SELECT get_field(e, 'term') AS term, get_field(e, 'tickets') AS df, n
FROM (SELECT n, unnest(terms) AS e
      FROM (SELECT count(*) AS n, term_counts(tokens) AS terms
            FROM tickets WHERE tokens IS NOT NULL) a) u";

/// The result of a query: its schema and batches.
pub struct QueryResult {
    pub schema: SchemaRef,
    pub batches: Vec<RecordBatch>,
}

impl QueryResult {
    /// Number of rows.
    pub fn num_rows(&self) -> usize {
        self.batches.iter().map(|b| b.num_rows()).sum()
    }

    /// Column `name` as numbers, nulls as `None`; empty when there is no
    /// such column.
    pub fn numbers(&self, name: &str) -> Vec<Option<f64>> {
        use datafusion::arrow::array::{Array, AsArray};
        use datafusion::arrow::datatypes::Float64Type;
        let mut out = Vec::new();
        for b in &self.batches {
            let Ok(i) = b.schema().index_of(name) else {
                continue;
            };
            let Ok(a) = datafusion::arrow::compute::cast(b.column(i), &DataType::Float64) else {
                continue;
            };
            let a = a.as_primitive::<Float64Type>();
            out.extend((0..a.len()).map(|j| (!a.is_null(j)).then(|| a.value(j))));
        }
        out
    }

    /// Column `name` as text, nulls as `-`; empty when there is no such
    /// column.
    pub fn texts(&self, name: &str) -> Vec<String> {
        use datafusion::arrow::array::{Array, AsArray};
        let mut out = Vec::new();
        for b in &self.batches {
            let Ok(i) = b.schema().index_of(name) else {
                continue;
            };
            let Ok(a) = datafusion::arrow::compute::cast(b.column(i), &DataType::Utf8) else {
                continue;
            };
            let a = a.as_string::<i32>();
            out.extend((0..a.len()).map(|j| {
                if a.is_null(j) {
                    "-".to_string()
                } else {
                    a.value(j).to_string()
                }
            }));
        }
        out
    }

    /// Keeps the first `n` rows; whether any were cut.
    pub fn truncate(&mut self, n: usize) -> bool {
        let mut left = n;
        let mut cut = false;
        for b in &mut self.batches {
            if b.num_rows() > left {
                *b = b.slice(0, left);
                cut = true;
            }
            left -= b.num_rows();
        }
        self.batches.retain(|b| b.num_rows() > 0);
        cut
    }

    /// The sum of column `name` (nulls skipped).
    pub fn sum(&self, name: &str) -> f64 {
        self.numbers(name).into_iter().flatten().sum()
    }
}

impl Engine {
    /// Opens the store at `root` and registers its tables.
    pub async fn open(root: &Path) -> Result<Engine> {
        let ctx = SessionContext::new_with_state(session_state());
        Engine::register(ctx, Store::open(root)?, false).await
    }

    /// Opens the store at `root` for queries that run on a Ballista cluster
    /// (see [`crate::cluster`]): `url` is the scheduler, `df://HOST:PORT`.
    /// The plans are made here; the executors read the store's files at
    /// the same absolute paths, so the store must be on a file system they
    /// share.
    pub async fn open_on_cluster(root: &Path, url: &str) -> Result<Engine> {
        use ballista::prelude::SessionContextExt;

        let url = crate::cluster::scheduler_url(url).map_err(|message| Error::Flag {
            flag: "--cluster".into(),
            message,
        })?;
        let store = Store::open(root)?;
        if store.data_paths().is_empty() {
            return Err(Error::Store {
                path: root.to_path_buf(),
                message: "the store holds no tickets yet, so there is nothing for a cluster to read; ingest an export first".into(),
            });
        }
        crate::cluster::check_reachable(&url).await?;
        let ctx = SessionContext::remote_with_state(&url, session_state()).await?;
        // Ballista's upgrade of the session replaces its scalar and
        // aggregate functions with its own lists: hotline's are added back.
        ctx.register_udaf(term_counts::udaf());
        ctx.register_udf(key_hash::udf());
        Engine::register(ctx, store, true).await
    }

    /// Registers the store's tables in `ctx`.
    async fn register(ctx: SessionContext, store: Store, remote: bool) -> Result<Engine> {
        let paths = store.data_paths();
        if paths.is_empty() {
            let empty = MemTable::try_new(store_schema(), vec![vec![]])?;
            ctx.register_table("ticket_store", Arc::new(empty))?;
        } else {
            let table = listing(
                &paths,
                store_schema(),
                ListingOptions::new(Arc::new(ParquetFormat::default()))
                    .with_file_extension(".parquet"),
            )?;
            ctx.register_table("ticket_store", table)?;
        }
        let cols = public_columns().join(", ");
        ctx.sql(&format!(
            "CREATE VIEW tickets AS SELECT {cols} FROM ticket_store"
        ))
        .await?;
        ctx.sql(STORE_TERMS).await?;

        let rejects_schema = Arc::new(Schema::new(
            ["source_file", "row", "reason", "detail", "raw"]
                .into_iter()
                .map(|n| {
                    let t = if n == "row" {
                        DataType::Int64
                    } else {
                        DataType::Utf8
                    };
                    Field::new(n, t, true)
                })
                .collect::<Vec<_>>(),
        ));
        let reject_paths = store.reject_paths();
        if reject_paths.is_empty() {
            ctx.register_table(
                "rejects",
                Arc::new(MemTable::try_new(rejects_schema, vec![vec![]])?),
            )?;
        } else {
            let fmt = CsvFormat::default().with_has_header(true);
            let opts = ListingOptions::new(Arc::new(fmt)).with_file_extension(".csv");
            ctx.register_table("rejects", listing(&reject_paths, rejects_schema, opts)?)?;
        }
        Ok(Engine {
            ctx,
            store,
            remote,
            terms_cached: tokio::sync::OnceCell::new(),
        })
    }

    /// Makes `store_terms` a table in memory for the queries that follow:
    /// summed from the document frequencies every data file keeps in its
    /// footer ([`crate::store::terms`]), or, for a store with files written
    /// before they were kept, computed once from the tokens. On a cluster
    /// it stays a view: rows held here would have to travel to every
    /// executor.
    pub async fn cache_store_terms(&self) -> Result<()> {
        if self.remote {
            return Ok(());
        }
        self.terms_cached
            .get_or_try_init(|| self.load_store_terms())
            .await
            .map(|_| ())
    }

    /// `store_terms` as a table in memory, then swapped in for the view.
    async fn load_store_terms(&self) -> Result<()> {
        let paths = self.store.data_paths();
        let table = match crate::store::terms::store_frequencies(&paths)? {
            Some(counts) => frequencies_table(counts)?,
            // Files written before the counts were kept: computed once
            // from the tokens by the view.
            None => {
                let failed = |e: datafusion::error::DataFusionError| {
                    Error::Query(format!("store_terms: {e}"))
                };
                let df = self.ctx.table("store_terms").await.map_err(failed)?;
                let schema: SchemaRef = Arc::new(df.schema().as_arrow().clone());
                MemTable::try_new(schema, vec![df.collect().await.map_err(failed)?])?
            }
        };
        self.ctx.deregister_table("store_terms")?;
        self.ctx.register_table("store_terms", Arc::new(table))?;
        Ok(())
    }

    /// The underlying session, for the analyses and detectors of this crate.
    pub fn context(&self) -> &SessionContext {
        &self.ctx
    }

    /// The store this engine reads.
    pub fn store(&self) -> &Store {
        &self.store
    }

    /// Runs read-only SQL: statements that create, write, copy or delete are refused.
    pub async fn query(&self, sql: &str) -> Result<QueryResult> {
        self.query_with(sql, &queries::Params::new()).await
    }

    /// Runs read-only SQL with `$name` placeholders bound to `params`.
    pub async fn query_with(&self, sql: &str, params: &queries::Params) -> Result<QueryResult> {
        let df = self.plan(sql, params).await?;
        let schema: SchemaRef = Arc::new(df.schema().as_arrow().clone());
        let batches = df
            .collect()
            .await
            .map_err(|e| Error::Query(e.to_string()))?;
        Ok(QueryResult { schema, batches })
    }

    /// [`Engine::query_with`] for people typing SQL at a shared server: at
    /// most `max_rows` rows are computed (the plan is limited, so a
    /// `SELECT *` over a year does not load the year), and a query still
    /// running after `time_limit` is cancelled with a message saying so.
    /// The result holds `max_rows + 1` rows at most, so a caller can tell
    /// that there were more.
    pub async fn query_limited(
        &self,
        sql: &str,
        params: &queries::Params,
        max_rows: usize,
        time_limit: std::time::Duration,
    ) -> Result<QueryResult> {
        let df = self
            .plan(sql, params)
            .await?
            .limit(0, Some(max_rows + 1))
            .map_err(|e| Error::Query(e.to_string()))?;
        let schema: SchemaRef = Arc::new(df.schema().as_arrow().clone());
        // Dropping the collecting future on time-out cancels its tasks.
        match tokio::time::timeout(time_limit, df.collect()).await {
            Ok(batches) => Ok(QueryResult {
                schema,
                batches: batches.map_err(|e| Error::Query(e.to_string()))?,
            }),
            Err(_) => Err(Error::Query(format!(
                "stopped after {} s, the time limit of a query here; narrow it (a period, a WHERE, fewer columns) or run it with `hotline query`",
                time_limit.as_secs_f64()
            ))),
        }
    }

    /// The read-only logical plan of `sql` with `params` bound.
    async fn plan(
        &self,
        sql: &str,
        params: &queries::Params,
    ) -> Result<datafusion::dataframe::DataFrame> {
        check_read_only(sql)?;
        let missing = params.missing(sql);
        if !missing.is_empty() {
            return Err(Error::Query(format!(
                "the query needs a value for {}; pass --param NAME=VALUE (period=2024-05 sets $start and $end)",
                missing
                    .iter()
                    .map(|m| format!("${m}"))
                    .collect::<Vec<_>>()
                    .join(", ")
            )));
        }
        let opts = SQLOptions::new()
            .with_allow_ddl(false)
            .with_allow_dml(false)
            .with_allow_statements(false);
        let df = self
            .ctx
            .sql_with_options(sql, opts)
            .await
            .map_err(|e| Error::Query(e.to_string()))?;
        let df = if params.0.is_empty() {
            df
        } else {
            let values: Vec<(String, ScalarValue)> = params
                .0
                .iter()
                .map(|(k, v)| (k.clone(), v.clone()))
                .collect();
            df.with_param_values(values)
                .map_err(|e| Error::Query(e.to_string()))?
        };
        Ok(df)
    }
}

/// Refuses anything but a single query (SELECT, WITH, VALUES, EXPLAIN of
/// a query), before planning, so the message is about what the user wrote.
fn check_read_only(sql: &str) -> Result<()> {
    use datafusion::sql::parser::{DFParser, Statement as DfStatement};
    use datafusion::sql::sqlparser::ast::Statement;

    let statements = DFParser::parse_sql(sql).map_err(|e| Error::Query(e.to_string()))?;
    if statements.len() != 1 {
        return Err(Error::Query(format!(
            "expected one SQL statement, found {}; run them one at a time",
            statements.len()
        )));
    }
    let query = |s: &DfStatement| match s {
        DfStatement::Statement(s) => match s.as_ref() {
            Statement::Query(_) => true,
            Statement::Explain { statement, .. } => {
                matches!(statement.as_ref(), Statement::Query(_))
            }
            _ => false,
        },
        _ => false,
    };
    // DataFusion parses EXPLAIN [ANALYZE] itself: the plan of a query (and,
    // with ANALYZE, its run with each operator's rows and time) is allowed.
    let ok = match &statements[0] {
        DfStatement::Explain(e) => query(&e.statement),
        s => query(s),
    };
    if ok {
        Ok(())
    } else {
        Err(Error::Query(
            "hotline query is read-only: only SELECT (or WITH … SELECT, EXPLAIN SELECT) is allowed; statements that create, write, copy or delete are refused".into(),
        ))
    }
}

/// The store's summed document frequencies as the table `store_terms`
/// (`term, df, n`), in the view's column types.
fn frequencies_table(counts: crate::store::terms::TermCounts) -> Result<MemTable> {
    use datafusion::arrow::array::{Int64Array, StringArray};
    let schema = Arc::new(Schema::new(vec![
        Field::new("term", DataType::Utf8, true),
        Field::new("df", DataType::Int64, false),
        Field::new("n", DataType::Int64, true),
    ]));
    let mut rows: Vec<(String, u64)> = counts.df.into_iter().collect();
    rows.sort_unstable();
    let batch = RecordBatch::try_new(
        schema.clone(),
        vec![
            Arc::new(StringArray::from_iter_values(
                rows.iter().map(|r| r.0.as_str()),
            )),
            Arc::new(Int64Array::from_iter_values(
                rows.iter().map(|r| r.1 as i64),
            )),
            Arc::new(Int64Array::from(vec![counts.rows as i64; rows.len()])),
        ],
    )?;
    Ok(MemTable::try_new(schema, vec![vec![batch]])?)
}

/// The session of every engine, local or on a cluster: its settings and
/// every function its queries may call (a cluster's executors are given
/// the same functions, see [`crate::cluster`]).
pub fn session_state() -> datafusion::execution::SessionState {
    let config = SessionConfig::new()
        .with_information_schema(true)
        .with_target_partitions(std::thread::available_parallelism().map_or(2, |n| n.get()));
    with_functions(
        datafusion::execution::session_state::SessionStateBuilder::new()
            .with_config(config)
            .with_default_features()
            .build(),
    )
}

/// `state` with hotline's own SQL functions added ([`term_counts`],
/// [`key_hash`]): the
/// local session's, and a cluster scheduler's, which must know them to
/// read the plans it is sent.
pub fn with_functions(
    mut state: datafusion::execution::SessionState,
) -> datafusion::execution::SessionState {
    use datafusion::execution::FunctionRegistry;
    // Registering replaces a function of the same name; it cannot fail.
    let _ = state.register_udaf(Arc::new(term_counts::udaf()));
    let _ = state.register_udf(Arc::new(key_hash::udf()));
    state
}

fn listing(
    paths: &[std::path::PathBuf],
    schema: SchemaRef,
    options: ListingOptions,
) -> Result<Arc<ListingTable>> {
    let urls = paths
        .iter()
        .map(|p| {
            let abs = std::path::absolute(p).map_err(|e| Error::read(p, e))?;
            ListingTableUrl::parse(abs.to_string_lossy()).map_err(Error::from)
        })
        .collect::<Result<Vec<_>>>()?;
    let config = ListingTableConfig::new_with_multi_paths(urls)
        .with_listing_options(options)
        .with_schema(schema);
    Ok(Arc::new(ListingTable::try_new(config)?))
}
