//! `hotline analyze`: every standard analysis of `queries/` over one period,
//! written as CSV and Parquet files and one XLSX workbook.
//!
//! The period comes with its comparison periods (the one before for 环比,
//! the same one a year before for 同比, see [`Period`]); every parameter is
//! bound as a value. Some analyses run more than once with different
//! parameters (volume by day, week and month; KPIs by department and by
//! district), each run being one output table and one sheet.

pub mod keywords;
pub mod xlsx;

use std::path::{Path, PathBuf};
use std::sync::Arc;

use datafusion::arrow::array::{Array, AsArray, BooleanArray};
use datafusion::arrow::compute::{cast, filter_record_batch};
use datafusion::arrow::datatypes::DataType;
use datafusion::arrow::datatypes::Int64Type;
use datafusion::arrow::record_batch::RecordBatch;
use serde::Serialize;

use crate::config::Config;
use crate::engine::period::Period;
use crate::engine::queries::{self, Header, Params};
use crate::engine::{Engine, QueryResult};
use crate::error::{Error, Result};

/// One output table: a standard query with its parameters.
#[derive(Debug, Clone)]
pub struct Job {
    /// File stem of the outputs (`kpi_department`).
    pub file: String,
    /// Sheet and heading (`考核指标(部门)`).
    pub title: String,
    pub query: &'static str,
    pub params: Params,
    /// Tables cut from this run's result, each the rows of one `by` kind
    /// (the top terms by category and by district come from one pass over
    /// the tokens); empty for a job that is one table.
    pub parts: Vec<Part>,
}

/// One table of a job that gives several.
#[derive(Debug, Clone)]
pub struct Part {
    pub file: String,
    pub title: String,
    /// The value of the result's `by` column whose rows it holds.
    pub by: String,
}

/// Places listed by the `place` analysis (热点地点).
pub const PLACES: usize = 20;

/// The jobs of a full analysis of `period`.
pub fn jobs(period: &Period, cfg: &Config) -> Vec<Job> {
    let prev = period.previous();
    let yoy = period.year_before();
    let base = Params::new().period(period);
    let compare = base
        .clone()
        .day("prev_start", prev.start)
        .day("prev_end", prev.end)
        .day("yoy_start", yoy.start)
        .day("yoy_end", yoy.end);
    let r = &cfg.ranking;
    let mut out = Vec::new();
    let mut job = |file: &str, query: &'static str, params: Params, suffix: &str| {
        let def = queries::find(query).expect("a standard query");
        let title = queries::header(def.sql).title;
        out.push(Job {
            file: file.to_string(),
            title: format!("{title}{suffix}"),
            query,
            params,
            parts: Vec::new(),
        });
    };
    for (g, label) in [("day", "(日)"), ("week", "(周)"), ("month", "(月)")] {
        job(
            &format!("volume_{g}"),
            "volume",
            base.clone().text("granularity", g),
            label,
        );
    }
    job("category_l1", "category_l1", compare.clone(), "");
    job("category_l2", "category_l2", compare.clone(), "");
    job("district", "district", compare, "");
    job("street", "street", base.clone(), "");
    job(
        "place",
        "place",
        base.clone()
            .day("prev_start", prev.start)
            .day("prev_end", prev.end)
            .int("top", PLACES as i64),
        "",
    );
    job("channel", "channel", base.clone(), "");
    job("kind", "kind", base.clone(), "");
    job("hour_weekday", "hour_weekday", base.clone(), "");
    job("handling", "handling", base.clone(), "");
    // The KPIs by department and by district, from one pass over the
    // period's tickets and one search for repeat callers.
    job(
        "kpi",
        "kpi",
        base.clone()
            .day("lookback_start", period.start - chrono::Duration::days(30))
            .text("by", "department,district"),
        "",
    );
    job(
        "ranking",
        "ranking",
        base.clone()
            .int("min_tickets", r.min_tickets as i64)
            .float("red_on_time", r.red_on_time)
            .float("red_satisfaction", r.red_satisfaction)
            .float("black_on_time", r.black_on_time)
            .float("black_satisfaction", r.black_satisfaction),
        "",
    );
    // The top terms by category and by district, from one pass over the
    // period's tokens.
    job(
        "top_terms",
        "top_terms",
        base.clone()
            .text("by", "category,district")
            .int("top", 10)
            .int("min_count", 2),
        "",
    );
    cut(
        &mut out,
        "kpi",
        &[("department", "(部门)"), ("district", "(区县)")],
    );
    cut(
        &mut out,
        "top_terms",
        &[("category", "(分类)"), ("district", "(区县)")],
    );
    out
}

/// The jobs of a full analysis of `period` that give any of the tables
/// `files` (a job cut into several tables gives them all).
pub fn jobs_giving(period: &Period, cfg: &Config, files: &[&str]) -> Vec<Job> {
    jobs(period, cfg)
        .into_iter()
        .filter(|j| {
            files.contains(&j.file.as_str())
                || j.parts.iter().any(|p| files.contains(&p.file.as_str()))
        })
        .collect()
}

/// Makes the job `stem` one that gives a table per kind of its `$by`
/// list: the file `{stem}_{kind}`, titled with the kind's label.
fn cut(jobs: &mut [Job], stem: &str, kinds: &[(&str, &str)]) {
    let job = jobs
        .iter_mut()
        .find(|j| j.file == stem)
        .expect("a job of the full analysis");
    job.parts = kinds
        .iter()
        .map(|(by, label)| Part {
            file: format!("{stem}_{by}"),
            title: format!("{}{label}", job.title),
            by: by.to_string(),
        })
        .collect();
}

/// One finished table.
pub struct Table {
    pub job: Job,
    pub header: Header,
    pub result: QueryResult,
    /// Wall time of its query, run alongside [`QUERIES_AT_ONCE`] − 1 others
    /// (a job cut into several tables gives each the time of the one run).
    pub seconds: f64,
}

/// What `analyze` wrote.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct AnalyzeReport {
    pub period: String,
    pub start: String,
    pub end: String,
    pub tables: Vec<TableReport>,
    pub workbook: String,
    /// What the user should know: a period without tickets.
    pub warnings: Vec<String>,
}

/// One table in the report.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct TableReport {
    pub name: String,
    pub title: String,
    pub rows: usize,
    pub csv: String,
    pub parquet: String,
    /// Seconds its query took, alongside the others running at the time.
    pub seconds: f64,
}

/// How many standard queries run at once. One query of a year over a few
/// hundred thousand tickets leaves the cores idle much of its time
/// (planning, opening files, small final stages); a few at once keep both
/// busy. Memory grows with it: each holds its own partial aggregates.
const QUERIES_AT_ONCE: usize = 4;

/// The standard queries that take most of a full analysis (the words of
/// every ticket; the search for repeat callers), started first.
const HEAVY: [&str; 2] = ["top_terms", "kpi"];

/// Runs every job, [`QUERIES_AT_ONCE`] at a time; the tables come back in
/// the order of the jobs, a job with parts giving one table per part.
pub async fn run_all(engine: &Engine, jobs: Vec<Job>) -> Result<Vec<Table>> {
    use futures::stream::{self, StreamExt, TryStreamExt};
    // The store's document frequencies, read by every top-terms table:
    // summed from the files' footers once here, not computed once a table.
    if jobs
        .iter()
        .any(|j| queries::find(j.query).is_some_and(|d| d.sql.contains("store_terms")))
    {
        engine.cache_store_terms().await?;
    }
    // The heaviest queries start first, so that the run does not end on
    // one of them alone; the tables come back in the jobs' order.
    let mut order: Vec<(usize, Job)> = jobs.into_iter().enumerate().collect();
    order.sort_by_key(|(i, job)| (!HEAVY.contains(&job.query), *i));
    let mut done: Vec<(usize, Vec<Table>)> = stream::iter(order)
        .map(|(i, job)| async move {
            let def = queries::find(job.query).expect("a standard query");
            let started = std::time::Instant::now();
            let result = engine
                .query_with(def.sql, &job.params)
                .await
                .map_err(|e| Error::Query(format!("{} ({}.sql): {e}", job.file, job.query)))?;
            let seconds = started.elapsed().as_secs_f64();
            if job.parts.is_empty() {
                return Ok::<_, Error>((
                    i,
                    vec![Table {
                        header: queries::header(def.sql),
                        job,
                        result,
                        seconds,
                    }],
                ));
            }
            let header = header_of_kind(&queries::header(def.sql));
            let tables = job
                .parts
                .iter()
                .map(|part| {
                    Ok(Table {
                        header: header.clone(),
                        job: Job {
                            file: part.file.clone(),
                            title: part.title.clone(),
                            parts: Vec::new(),
                            ..job.clone()
                        },
                        result: of_kind(&result, &part.by)?,
                        seconds,
                    })
                })
                .collect::<Result<Vec<Table>>>()?;
            Ok((i, tables))
        })
        .buffer_unordered(QUERIES_AT_ONCE)
        .try_collect()
        .await?;
    done.sort_by_key(|(i, _)| *i);
    Ok(done.into_iter().flat_map(|(_, t)| t).collect())
}

/// Runs the full analysis of `period` and writes it to `out`.
pub async fn analyze(
    engine: &Engine,
    period: &Period,
    cfg: &Config,
    out: &Path,
) -> Result<AnalyzeReport> {
    let tables = run_all(engine, jobs(period, cfg)).await?;
    let mut report = write_all(&tables, period, out)?;
    let volume = tables.iter().find(|t| t.job.file == "volume_day");
    if volume.is_some_and(|t| t.result.num_rows() == 0) {
        report.warnings.extend(empty_period(engine, period).await?);
    }
    Ok(report)
}

/// The warning for a period without tickets, or None when it has some:
/// the days the store does hold (a mistyped --period), or that it holds
/// none.
pub async fn empty_period(engine: &Engine, period: &Period) -> Result<Option<String>> {
    let count = engine
        .query_with(
            "SELECT count(*) FROM tickets WHERE received_at >= $start AND received_at < $end",
            &Params::new().period(period),
        )
        .await?;
    let any = count
        .batches
        .iter()
        .any(|b| b.num_rows() > 0 && b.column(0).as_primitive::<Int64Type>().value(0) > 0);
    if any {
        return Ok(None);
    }
    let last = period.end - chrono::Duration::days(1);
    Ok(Some(match crate::detect::columns::day_range(engine).await? {
        Some((first, end)) => format!(
            "no tickets in {} ({} to {last}): the store holds tickets from {first} to {end}; choose a period inside that range",
            period.label, period.start
        ),
        None => {
            "the store holds no tickets: ingest an export first (hotline ingest FILE --store DIR)"
                .to_string()
        }
    }))
}

/// Writes finished tables to `out`: CSV and Parquet each, and the workbook.
pub fn write_all(tables: &[Table], period: &Period, out: &Path) -> Result<AnalyzeReport> {
    std::fs::create_dir_all(out).map_err(|e| Error::write(out, e))?;
    let mut report = AnalyzeReport {
        period: period.label.clone(),
        start: period.start.to_string(),
        end: (period.end - chrono::Duration::days(1)).to_string(),
        tables: Vec::new(),
        workbook: String::new(),
        warnings: Vec::new(),
    };
    for t in tables {
        let csv = out.join(format!("{}.csv", t.job.file));
        let parquet = out.join(format!("{}.parquet", t.job.file));
        write_csv(&t.result, &csv)?;
        write_parquet(&t.result, &parquet)?;
        report.tables.push(TableReport {
            name: t.job.file.clone(),
            title: t.job.title.clone(),
            rows: t.result.num_rows(),
            csv: csv.display().to_string(),
            parquet: parquet.display().to_string(),
            seconds: (t.seconds * 1000.0).round() / 1000.0,
        });
    }
    let workbook: PathBuf = out.join("analyses.xlsx");
    xlsx::write_workbook(tables, period, &workbook)?;
    report.workbook = workbook.display().to_string();
    Ok(report)
}

/// The rows of a result grouped several ways (`top_terms`, `kpi`) grouped by `by` (its `by` column
/// equal to it), without that column: one table of a run that grouped
/// the same tokens several ways at once.
pub fn of_kind(result: &QueryResult, by: &str) -> Result<QueryResult> {
    let col = result.schema.index_of("by")?;
    let keep: Vec<usize> = (0..result.schema.fields().len())
        .filter(|&i| i != col)
        .collect();
    let schema = Arc::new(result.schema.project(&keep)?);
    let mut batches = Vec::with_capacity(result.batches.len());
    for b in &result.batches {
        // string_to_array gives the kinds as whichever string type the
        // engine prefers.
        let kinds = cast(b.column(col), &DataType::Utf8)?;
        let kinds = kinds.as_string::<i32>();
        let mask: BooleanArray = (0..b.num_rows())
            .map(|i| Some(!kinds.is_null(i) && kinds.value(i) == by))
            .collect();
        let kept = filter_record_batch(b, &mask)?;
        batches.push(RecordBatch::try_new(
            schema.clone(),
            keep.iter().map(|&i| kept.column(i).clone()).collect(),
        )?);
    }
    Ok(QueryResult { schema, batches })
}

/// The header of a query grouped several ways, for one of its tables: its output without
/// the `by` column.
pub fn header_of_kind(header: &Header) -> Header {
    let mut h = header.clone();
    h.output.retain(|(name, _)| name != "by");
    h
}

fn write_csv(result: &QueryResult, path: &Path) -> Result<()> {
    std::fs::write(path, crate::engine::render::csv_bytes(result)?)
        .map_err(|e| Error::write(path, e))
}

fn write_parquet(result: &QueryResult, path: &Path) -> Result<()> {
    let file = std::fs::File::create(path).map_err(|e| Error::write(path, e))?;
    let mut w =
        datafusion::parquet::arrow::ArrowWriter::try_new(file, result.schema.clone(), None)?;
    for b in &result.batches {
        w.write(b)?;
    }
    w.close()?;
    Ok(())
}
