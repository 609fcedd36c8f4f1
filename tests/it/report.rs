//! The reports a user receives: the analyst report matches its analyses,
//! the DOCX briefing parses back with its tables, every HTML page renders
//! in headless Chromium, and no personal data reaches any output file.

use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::OnceLock;

use crate::util::*;

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// `hotline demo` on the bundled sample, run once for the tests of this
/// module (under cargo's per-target temp folder).
fn demo() -> &'static Path {
    static DIR: OnceLock<PathBuf> = OnceLock::new();
    DIR.get_or_init(|| {
        let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join("report-demo");
        let o = hotline()
            .arg("demo")
            .arg("--data")
            .arg(root().join("sample_data"))
            .arg("--out")
            .arg(&dir)
            .output()
            .unwrap();
        assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
        dir
    })
}

/// Every file under `dir`, recursively.
fn files(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    for e in std::fs::read_dir(dir).unwrap() {
        let p = e.unwrap().path();
        if p.is_dir() {
            out.extend(files(&p));
        } else {
            out.push(p);
        }
    }
    out.sort();
    out
}

fn csv_rows(path: &Path) -> Vec<Vec<String>> {
    let mut r = csv::Reader::from_path(path).unwrap();
    r.records()
        .map(|rec| rec.unwrap().iter().map(str::to_string).collect())
        .collect()
}

fn have_cjk_font() -> bool {
    hotline::report::png::Fonts::find(None).is_ok()
}

/// `hotline report analyst` of `period` into `out`; it must succeed.
fn analyst(store: &Path, period: &str, out: &Path) -> std::process::Output {
    let o = hotline()
        .args(["report", "analyst", "--store"])
        .arg(store)
        .args(["--period", period, "--out"])
        .arg(out)
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    o
}

/// An export with dates but no times (Fuzhou's 时间 column) puts every
/// ticket at midnight; the report counts weekdays instead of calling 0时
/// the busiest hour. It has no handling data either: no KPI columns.
#[test]
fn analyst_report_on_a_bare_export_says_what_it_lacks() {
    let dir = tmp();
    let path = dir.path().join("dates.csv");
    let mut csv = String::from("工单编号,受理时间,诉求内容\n");
    // 2024-05-06 is a Monday: 3 Mondays' tickets, 2 on Tuesday, 1 on Sunday.
    for (i, day) in ["06", "06", "13", "07", "14", "12"].iter().enumerate() {
        csv.push_str(&format!("D{i},2024-05-{day},路灯不亮\n"));
    }
    std::fs::write(&path, csv).unwrap();
    let store = dir.path().join("store");
    ingest_files(&store, &[path], &config()).unwrap();
    let out = dir.path().join("report");
    analyst(&store, "2024-05", &out);
    let html = std::fs::read_to_string(out.join("分析报告-2024-05.html")).unwrap();
    let s = &html[html.find("<section id=\"hours\">").unwrap()..];
    let s = &s[..s.find("</section>").unwrap()];
    assert!(s.contains("没有受理时刻"), "{s}");
    assert!(s.contains("最忙为周一（3 件）"), "{s}");
    assert!(!s.contains("0时"), "{s}");
    for (day, n) in [("周一", 3), ("周二", 2), ("周三", 0), ("周日", 1)] {
        assert!(
            s.contains(&format!("<tr><td>{day}</td><td class=\"n\">{n}</td></tr>")),
            "{day} {n}: {s}"
        );
    }
    // Nor does it give deadlines, return visits, results, caller phones or
    // dispatch counts: the KPI section says so and shows no table of
    // dashes, and no chart of zeros.
    let s = &html[html.find("<section id=\"kpi\">").unwrap()..];
    let s = &s[..s.find("</section>").unwrap()];
    assert!(
        s.contains(
            "本期工单无办理时限、回访满意度、解决情况、来电号码、转派次数，相应指标无法计算"
        ),
        "{s}"
    );
    assert!(!s.contains("<table") && !s.contains("<svg"), "{s}");
    assert!(!out.join("charts/kpi.svg").exists());
    // No address, place column or named place: the places section says so;
    // no category or district column either.
    assert!(html.contains("本期工单未能识别出具体地点"));
    assert!(html.contains("本期工单都没有诉求分类（导出无分类列）"));
    assert!(html.contains("本期工单都没有区县（导出无区县列）"));
    assert!(!out.join("charts/category.svg").exists() && !out.join("charts/district.svg").exists());
    let s = &html[html.find("<section id=\"summary\">").unwrap()..];
    let s = &s[..s.find("</section>").unwrap()];
    assert!(
        s.contains("本期工单无计算考核指标所需的数据") && !s.contains("<table"),
        "{s}"
    );
    // The weekly briefing says the same instead of five rows of dashes.
    let weekly = dir.path().join("weekly");
    let run_weekly = |week: &str| {
        let o = hotline()
            .args(["report", "weekly", "--store"])
            .arg(&store)
            .args(["--week", week, "--out"])
            .arg(&weekly)
            .output()
            .unwrap();
        assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
        String::from_utf8_lossy(&o.stderr).into_owned()
    };
    run_weekly("2024-W19");
    let md = std::fs::read_to_string(weekly.join("周报-2024-W19.md")).unwrap();
    assert!(md.contains("本周工单无计算考核指标所需的数据"), "{md}");
    assert!(!md.contains("| 满意率 |"), "{md}");
    // A week without tickets is written, with a warning naming the days
    // the store holds.
    let stderr = run_weekly("2019-W19");
    assert!(weekly.join("周报-2019-W19.md").is_file());
    let (first, last) = store_days(&store);
    assert!(
        stderr.contains(&format!(
            "warning: no tickets in 2019-W19 (2019-05-06 to 2019-05-12): the store holds tickets from {first} to {last}; choose a period inside that range"
        )),
        "{stderr}"
    );
}

#[test]
fn analyst_report_matches_its_analyses() {
    let dir = tmp();
    let store = sample_store(dir.path());
    let out = dir.path().join("report");
    let o = analyst(&store, "2024-05", &out);
    let stdout = String::from_utf8_lossy(&o.stdout);
    let html_path = out.join("分析报告-2024-05.html");
    assert!(
        stdout.contains(&html_path.display().to_string()),
        "{stdout}"
    );
    let html = std::fs::read_to_string(&html_path).unwrap();
    assert!(out.join("analyses.xlsx").is_file());

    // The total is the store's count for May, and 环比 compares with April.
    let may = query_num(
        &store,
        "SELECT count(*) FROM tickets WHERE received_at >= '2024-05-01' AND received_at < '2024-06-01'",
    );
    let april = query_num(
        &store,
        "SELECT count(*) FROM tickets WHERE received_at >= '2024-04-01' AND received_at < '2024-05-01'",
    );
    assert!(
        html.contains(&format!("本期受理工单 <span class=\"big\">{may}</span> 件")),
        "total {may}"
    );
    assert!(
        html.contains(&format!("（上期 {april} 件）")),
        "April {april}"
    );

    // Every row of the category, district and KPI tables is in the page
    // with the analysis' own numbers.
    let section = |id: &str| -> &str {
        let s = &html[html.find(&format!("<section id=\"{id}\">")).unwrap()..];
        &s[..s.find("</section>").unwrap()]
    };
    for (file, id, pct_col) in [
        ("category_l1.csv", "category", 2),
        ("district.csv", "district", 2),
        ("place.csv", "places", 2),
        ("kpi_department.csv", "kpi", 5),
    ] {
        let rows = csv_rows(&out.join(file));
        assert!(!rows.is_empty(), "{file}");
        for r in rows {
            let head = format!("<tr><td>{}</td><td class=\"n\">{}</td>", r[0], r[1]);
            let rate: f64 = r[pct_col].parse().unwrap();
            let shown = format!("{:.1}%", rate * 100.0);
            let line = section(id)
                .lines()
                .find(|l| l.contains(&head))
                .unwrap_or_else(|| panic!("{file}: {head}"));
            assert!(line.contains(&shown), "{file}: {shown} in {line}");
        }
    }
    // The hour × weekday table adds up to the month.
    let grid_total: i64 = csv_rows(&out.join("hour_weekday.csv"))
        .iter()
        .map(|r| r[2].parse::<i64>().unwrap())
        .sum();
    assert_eq!(grid_total, may);
    let shown: i64 = section("hours")
        .split("<td class=\"n\">")
        .skip(1)
        .map(|c| c[..c.find('<').unwrap()].parse::<i64>().unwrap())
        .sum();
    assert_eq!(shown, may, "the heatmap table");

    // The table of contents points at sections that exist.
    let anchors: Vec<&str> = html
        .split("href=\"#")
        .skip(1)
        .map(|s| &s[..s.find('"').unwrap()])
        .collect();
    assert_eq!(anchors.len(), 12, "{anchors:?}");
    for a in anchors {
        assert!(html.contains(&format!("<section id=\"{a}\">")), "#{a}");
    }
    // Self-contained: no scripts, no external resources.
    assert!(!html.contains("<script") && !html.contains("<img") && !html.contains("<link"));
    assert!(
        !html
            .replace("http://www.w3.org/2000/svg", "")
            .contains("http")
    );

    // Charts: inline in the page, as SVG files, and as PNG twice their size
    // when a Chinese font is installed (.ci/run installs one).
    for chart in ["trend", "category", "district", "places", "hours", "kpi"] {
        let svg = std::fs::read_to_string(out.join(format!("charts/{chart}.svg"))).unwrap();
        assert!(svg.starts_with("<svg") && svg.contains("Noto Sans CJK SC"));
        let png = out.join(format!("charts/{chart}.png"));
        assert_eq!(png.is_file(), have_cjk_font(), "{chart}.png");
        if png.is_file() {
            let img = resvg::tiny_skia::Pixmap::load_png(&png).unwrap();
            let width: u32 = svg
                .split("width=\"")
                .nth(1)
                .and_then(|s| s.split('"').next())
                .and_then(|s| s.parse().ok())
                .unwrap();
            assert_eq!(img.width(), 2 * width, "{chart}.png");
        }
    }
    assert!(html.contains("每日受理工单：本期与上期") && html.contains("受理时段分布"));

    // A year is charted by 7-day sums: 53 points, adding up to the year.
    let year = dir.path().join("year");
    let o = analyst(&store, "2024", &year);
    let html = std::fs::read_to_string(year.join("分析报告-2024.html")).unwrap();
    assert!(html.contains("每 7 日受理工单：本期与上期"));
    let svg = std::fs::read_to_string(year.join("charts/trend.svg")).unwrap();
    let points = svg
        .split("<polyline")
        .filter(|p| p.contains("stroke=\"#B00000\""))
        .map(|p| {
            let pts = p.split("points=\"").nth(1).unwrap();
            pts[..pts.find('"').unwrap()].split_whitespace().count()
        })
        .max()
        .unwrap();
    assert_eq!(points, 366usize.div_ceil(7), "a point per 7 days of 2024");
    assert!(!String::from_utf8_lossy(&o.stderr).contains("no tickets"));

    // A period outside the store: the report is written, and the warning
    // says which days the store does hold.
    let o = analyst(&store, "2019-01", &dir.path().join("empty"));
    let (first, last) = store_days(&store);
    let stderr = String::from_utf8_lossy(&o.stderr);
    assert!(
        stderr.contains(&format!(
            "warning: no tickets in 2019-01 (2019-01-01 to 2019-01-31): the store holds tickets from {first} to {last}; choose a period inside that range"
        )),
        "{stderr}"
    );
}

/// The text of a DOCX table cell.
fn cell_text(c: &docx_rs::TableCell) -> String {
    c.children
        .iter()
        .filter_map(|x| match x {
            docx_rs::TableCellContent::Paragraph(p) => Some(p.raw_text()),
            _ => None,
        })
        .collect()
}

#[test]
fn the_docx_briefing_parses_back_with_its_tables() {
    let out = demo();
    let docx = out.join("周报-2024-W21.docx");
    let bytes = std::fs::read(&docx).unwrap();
    let json: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(out.join("周报-2024-W21.json")).unwrap())
            .unwrap();
    let doc = docx_rs::read_docx(&bytes).unwrap();
    let mut paragraphs = Vec::new();
    let mut tables: Vec<Vec<Vec<String>>> = Vec::new();
    for child in &doc.document.children {
        match child {
            docx_rs::DocumentChild::Paragraph(p) => paragraphs.push(p.raw_text()),
            docx_rs::DocumentChild::Table(t) => tables.push(
                t.rows
                    .iter()
                    .map(|docx_rs::TableChild::TableRow(r)| {
                        r.cells
                            .iter()
                            .map(|docx_rs::TableRowChild::TableCell(c)| cell_text(c))
                            .collect()
                    })
                    .collect(),
            ),
            _ => {}
        }
    }
    assert_eq!(paragraphs[0], "12345热线运行周报");
    assert!(paragraphs[1].contains(json["issue"].as_str().unwrap()));
    let total = json["total"].as_u64().unwrap();
    assert!(
        paragraphs
            .iter()
            .any(|p| p.contains(&format!("本周受理工单 {total} 件"))),
        "{paragraphs:?}"
    );
    for h in [
        "一、总体情况",
        "二、诉求类别前五",
        "四、预警情况",
        "五、红黑榜",
    ] {
        assert!(paragraphs.iter().any(|p| p == h), "{h}");
    }
    // KPI table: the JSON's KPIs, in order, with their values.
    assert_eq!(tables[0][0], ["指标", "本周", "上周", "变化"]);
    let kpis = json["kpis"].as_array().unwrap();
    assert_eq!(tables[0].len(), kpis.len() + 1);
    for (row, k) in tables[0][1..].iter().zip(kpis) {
        assert_eq!(row[0], k["name"].as_str().unwrap());
        let v = k["value"].as_f64().unwrap();
        assert_eq!(row[1], format!("{:.1}%", v * 100.0));
    }
    // Category table: the JSON's top categories and counts.
    assert_eq!(tables[1][0], ["类别", "工单", "占比", "环比"]);
    for (row, c) in tables[1][1..]
        .iter()
        .zip(json["categories"].as_array().unwrap())
    {
        assert_eq!(row[0], c["name"].as_str().unwrap());
        assert_eq!(row[1], c["tickets"].to_string());
    }
    // 六、预警办理 when the store keeps a workflow: the week's figures.
    let loop_tables = usize::from(json.get("workflow").is_some());
    assert_eq!(
        tables.len(),
        if json["hot_issues"].as_array().unwrap().is_empty() {
            4
        } else {
            5
        } + loop_tables
    );

    // A4 with the official fonts named and their substitutes in the font
    // table; the chart embedded when a PNG was made.
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(&bytes)).unwrap();
    let mut part = |name: &str| {
        let mut s = String::new();
        zip.by_name(name).unwrap().read_to_string(&mut s).unwrap();
        s
    };
    let document = part("word/document.xml");
    assert!(document.contains("w:w=\"11906\"") && document.contains("w:h=\"16838\""));
    for font in ["方正小标宋简体", "黑体", "仿宋_GB2312"] {
        assert!(
            document.contains(&format!("w:eastAsia=\"{font}\"")),
            "{font}"
        );
    }
    let fonts = part("word/fontTable.xml");
    assert!(fonts.contains("<w:font w:name=\"仿宋_GB2312\"><w:altName w:val=\"仿宋\"/>"));
    let media = (0..zip.len())
        .filter(|i| zip.by_index(*i).unwrap().name().starts_with("word/media/"))
        .count();
    assert_eq!(media > 0, out.join("周报-2024-W21.png").is_file());
}

/// Debian's Chromium, or `$CHROMIUM`; `None` (the test skips) unless
/// `HOTLINE_REQUIRE_BROWSER` is set, as `.ci/run` does.
pub(crate) fn chromium() -> Option<PathBuf> {
    let found = std::env::var_os("CHROMIUM")
        .map(PathBuf::from)
        .into_iter()
        .chain(["/usr/bin/chromium", "/usr/bin/chromium-browser"].map(PathBuf::from))
        .find(|p| p.is_file());
    if found.is_none() {
        assert!(
            std::env::var_os("HOTLINE_REQUIRE_BROWSER").is_none(),
            "HOTLINE_REQUIRE_BROWSER is set but no Chromium was found; apt-get install chromium"
        );
        eprintln!("skipped: no Chromium (apt-get install chromium)");
    }
    found
}

pub(crate) fn headless(browser: &Path, profile: &Path) -> Command {
    let mut c = Command::new(browser);
    c.args([
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--hide-scrollbars",
        "--enable-logging=stderr",
        "--v=0",
    ])
    .arg(format!("--user-data-dir={}", profile.display()));
    c
}

#[test]
fn every_html_page_renders_in_headless_chromium() {
    let Some(browser) = chromium() else {
        return;
    };
    let out = demo();
    let pages: Vec<(PathBuf, &str)> = files(out)
        .into_iter()
        .filter(|p| p.extension().is_some_and(|e| e == "html"))
        .map(|p| {
            let name = p.file_name().unwrap().to_string_lossy().to_string();
            let title = if name.starts_with("分析报告") {
                "12345热线分析报告"
            } else if name.starts_with("周报") {
                "12345热线运行周报"
            } else {
                "类案预警单"
            };
            (p, title)
        })
        .collect();
    assert!(pages.len() >= 3, "{pages:?}");
    let profile = tmp();
    for (page, title) in &pages {
        let url = format!("file://{}", page.display());
        // The DOM after loading: the Chinese text is there, and nothing was
        // logged to the console.
        let o = headless(&browser, profile.path())
            .arg("--dump-dom")
            .arg(&url)
            .output()
            .unwrap();
        assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
        let dom = String::from_utf8_lossy(&o.stdout);
        assert!(dom.contains(title), "{title} in {}", page.display());
        let log = String::from_utf8_lossy(&o.stderr);
        let console: Vec<&str> = log.lines().filter(|l| l.contains(":CONSOLE")).collect();
        assert!(console.is_empty(), "{}: {console:?}", page.display());
        // A screenshot that is not blank: a good part of the pixels are
        // drawn, in more than one colour.
        let shot = profile.path().join("shot.png");
        let _ = std::fs::remove_file(&shot);
        let o = headless(&browser, profile.path())
            .arg("--window-size=1000,1400")
            .arg(format!("--screenshot={}", shot.display()))
            .arg(&url)
            .output()
            .unwrap();
        assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
        let img = resvg::tiny_skia::Pixmap::load_png(&shot).unwrap();
        let px = img.pixels();
        let inked = px
            .iter()
            .filter(|p| p.red() < 200 || p.green() < 200 || p.blue() < 200)
            .count();
        let red = px
            .iter()
            .filter(|p| p.red() > 150 && p.green() < 80 && p.blue() < 80)
            .count();
        let share = inked as f64 / px.len() as f64;
        assert!(
            share > 0.01,
            "{}: {share:.4} of pixels drawn",
            page.display()
        );
        if !title.contains("类案") {
            // The briefing and the report draw red lines and bars.
            assert!(red > 100, "{}: {red} red pixels", page.display());
        }
        // The briefing prints on one A4 page.
        if title.contains("周报") {
            let pdf = profile.path().join("page.pdf");
            let o = headless(&browser, profile.path())
                .arg("--no-pdf-header-footer")
                .arg(format!("--print-to-pdf={}", pdf.display()))
                .arg(&url)
                .output()
                .unwrap();
            assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
            let bytes = std::fs::read(&pdf).unwrap();
            let text = String::from_utf8_lossy(&bytes);
            let pages = text.matches("/Type /Page").count() - text.matches("/Type /Pages").count();
            assert_eq!(pages, 1, "{} prints on {pages} pages", page.display());
        }
    }
}

/// A card number of `len` digits starting with `prefix` that passes Luhn.
fn luhn_card(prefix: &str, seq: usize, len: usize) -> String {
    let mut d: String = format!("{prefix}{seq:0>width$}", width = len - 1 - prefix.len());
    let sum: u32 = d
        .chars()
        .rev()
        .enumerate()
        .map(|(i, c)| {
            let v = c.to_digit(10).unwrap();
            if i % 2 == 0 {
                let x = v * 2;
                if x > 9 { x - 9 } else { x }
            } else {
                v
            }
        })
        .sum();
    d.push(char::from_digit((10 - sum % 10) % 10, 10).unwrap());
    d
}

#[test]
fn no_personal_data_in_any_output_file() {
    // The sample export with ID numbers, bank cards and e-mail addresses
    // added to every fifth ticket's text, besides the phone numbers and
    // names it has.
    let dir = tmp();
    let sample = root().join("sample_data/jiangcheng_12345_2024.csv");
    let mut rows = csv_rows(&sample);
    let header: Vec<String> = csv::Reader::from_path(&sample)
        .unwrap()
        .headers()
        .unwrap()
        .iter()
        .map(str::to_string)
        .collect();
    let mut secrets: Vec<String> = Vec::new();
    for (i, r) in rows.iter_mut().enumerate() {
        if i % 5 == 0 {
            let id = format!("35010219{:02}0{}12{:03}X", 60 + i % 30, 1 + i % 9, i % 1000);
            let card = luhn_card("622202", i, 19);
            let mail = format!("caller{i}@example.com");
            r[13].push_str(&format!("身份证号{id}，银行卡号{card}，邮箱{mail}。"));
            secrets.extend([id, card, mail]);
        }
    }
    let export = dir.path().join("export.csv");
    let mut w = csv::Writer::from_path(&export).unwrap();
    w.write_record(&header).unwrap();
    for r in &rows {
        w.write_record(r).unwrap();
    }
    w.flush().unwrap();
    drop(w);
    // Phone numbers from the phone column and from the text, and full names.
    secrets.extend(rows.iter().map(|r| r[3].clone()).filter(|p| p.len() >= 7));
    for r in &rows {
        let mut run = String::new();
        for c in format!("{} {} ", r[12], r[13]).chars() {
            if c.is_ascii_digit() {
                run.push(c);
            } else {
                if run.len() == 11 && run.starts_with('1') {
                    secrets.push(run.clone());
                }
                run.clear();
            }
        }
    }
    let names: Vec<String> = rows
        .iter()
        .map(|r| r[4].clone())
        .filter(|n| n.chars().count() >= 3 && !n.ends_with("先生") && !n.ends_with("女士"))
        .collect();
    secrets.sort();
    secrets.dedup();
    assert!(secrets.len() > 4000, "{}", secrets.len());

    // Every report of a week in one go.
    let store = dir.path().join("store");
    let cfg =
        hotline::config::Config::load(Some(&root().join("sample_data/hotline.toml"))).unwrap();
    ingest_files(&store, &[export], &cfg).unwrap();
    // They reached the text, masked.
    let masked = query_num(
        &store,
        "SELECT count(*) FROM tickets WHERE content LIKE '%身份证号350102********%' \
         AND content LIKE '%银行卡号6222***********%' AND content LIKE '%邮箱c***@example.com%'",
    );
    assert_eq!(masked, rows.len().div_ceil(5) as i64);
    let out = dir.path().join("out");
    let o = hotline()
        .args(["run", "--store"])
        .arg(&store)
        .args(["--as-of", "2024-04-26", "--out"])
        .arg(&out)
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let mut checked = Vec::new();
    for f in files(&out) {
        let ext = f.extension().and_then(|e| e.to_str()).unwrap_or("");
        let texts: Vec<String> = match ext {
            "md" | "html" | "json" | "jsonl" | "csv" | "svg" => {
                vec![std::fs::read_to_string(&f).unwrap()]
            }
            // Word and Excel files are zips of XML.
            "docx" | "xlsx" => {
                let mut z = zip::ZipArchive::new(std::fs::File::open(&f).unwrap()).unwrap();
                (0..z.len())
                    .map(|i| {
                        let mut s = String::new();
                        let _ = z.by_index(i).unwrap().read_to_string(&mut s);
                        s
                    })
                    .collect()
            }
            // Parquet twins of the CSV files, PNG twins of the SVG files.
            _ => continue,
        };
        checked.push(ext.to_string());
        for t in &texts {
            for s in &secrets {
                assert!(!t.contains(s.as_str()), "{s} in {}", f.display());
            }
            for n in &names {
                assert!(!t.contains(n.as_str()), "{n} in {}", f.display());
            }
        }
    }
    for ext in ["md", "html", "json", "jsonl", "csv", "svg", "docx", "xlsx"] {
        assert!(checked.iter().any(|e| e == ext), "no .{ext} checked");
    }
    // The notices of that day quote masked tickets: the masks are there.
    let notices: String = files(&out.join("warnings"))
        .iter()
        .filter(|f| f.extension().is_some_and(|e| e == "md"))
        .map(|f| std::fs::read_to_string(f).unwrap())
        .collect();
    assert!(notices.contains("代表性工单"), "{notices}");
}

#[test]
fn the_briefing_dates_a_hot_issue_by_its_tickets() {
    let out = demo();
    let b: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(out.join("周报-2024-W21.json")).unwrap())
            .unwrap();
    // The briefing's hot issues are those `hotline hotspots` ranks for
    // the week, dated by their first and last tickets.
    let o = hotline()
        .args([
            "hotspots", "--period", "2024-W21", "--top", "5", "--format", "json",
        ])
        .arg("--store")
        .arg(out.join("store"))
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let rows: Vec<serde_json::Value> = serde_json::from_slice(&o.stdout).unwrap();
    let hot = b["hot_issues"].as_array().unwrap();
    assert!(!hot.is_empty(), "the week's hot issues");
    assert_eq!(hot.len(), rows.len());
    for (h, r) in hot.iter().zip(&rows) {
        assert_eq!(h["title"], r["title"]);
        assert_eq!(h["tickets"], r["tickets"]);
        let ids: Vec<String> = r["ticket_ids"]
            .as_array()
            .unwrap()
            .iter()
            .map(|v| format!("'{}'", v.as_str().unwrap()))
            .collect();
        let days = query_csv(
            &out.join("store"),
            &format!(
                "SELECT CAST(min(received_at) AS DATE), CAST(max(received_at) AS DATE) FROM tickets WHERE ticket_id IN ({})",
                ids.join(",")
            ),
        );
        assert_eq!(
            days[1],
            format!(
                "{},{}",
                h["first"].as_str().unwrap(),
                h["last"].as_str().unwrap()
            ),
            "{h}"
        );
    }
}

#[test]
fn one_problem_is_one_item_of_a_notice() {
    // On 31 May the 荷塘月色 barbecue stalls are a class case; 烧烤摊, which
    // bursts over the same tickets, is folded into it by detection, so the
    // urban management bureau receives one item for the problem, with the
    // word among its keywords, and no emerging-term alert of its own.
    let out = demo();
    let alerts: Vec<serde_json::Value> = std::fs::read_to_string(out.join("alerts.jsonl"))
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    let case = alerts
        .iter()
        .find(|a| a["kind"] == "class_case" && a["location"] == "荷塘月色")
        .unwrap_or_else(|| panic!("{alerts:?}"));
    assert!(
        case["keywords"]
            .as_array()
            .unwrap()
            .iter()
            .any(|k| k == "烧烤摊"),
        "{case}"
    );
    assert!(
        !alerts
            .iter()
            .any(|a| a["kind"] == "emerging_term" && a["keywords"][0] == "烧烤摊"),
        "{alerts:?}"
    );
    let index: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(out.join("warnings/index.json")).unwrap())
            .unwrap();
    let mut carried = 0;
    for n in index["notices"].as_array().unwrap() {
        let stem = n["file_stem"].as_str().unwrap();
        let json: serde_json::Value = serde_json::from_str(
            &std::fs::read_to_string(out.join(format!("warnings/{stem}.json"))).unwrap(),
        )
        .unwrap();
        for it in json["items"].as_array().unwrap() {
            carried += 1 + it["related"].as_array().unwrap().len();
        }
    }
    // Every open alert is carried once, as an item or folded into one.
    assert_eq!(carried, alerts.len());
    let md = std::fs::read_to_string(out.join("warnings/市城市管理局-46bd018e.md")).unwrap();
    assert!(md.contains("荷塘月色") && md.contains("烧烤摊"), "{md}");
}

#[test]
fn reports_read_the_alert_state_and_only_detect_writes_it() {
    let dir = tmp();
    let store = sample_store(dir.path());
    let state = store.join("alerts/state.json");
    let cfg = Path::new(env!("CARGO_MANIFEST_DIR")).join("sample_data/hotline.toml");
    let report = |args: &[&str]| {
        let o = hotline()
            .args(args)
            .arg("--store")
            .arg(&store)
            .arg("--config")
            .arg(&cfg)
            .arg("--out")
            .arg(dir.path().join(args[1]))
            .output()
            .unwrap();
        assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
        String::from_utf8_lossy(&o.stdout).into_owned()
    };
    let notices = report(&["report", "warnings", "--as-of", "2024-05-31"]);
    report(&["report", "weekly", "--week", "2024-W22"]);
    assert!(!state.exists(), "a report wrote the alert state");
    // detect commits the same alerts the notices showed.
    let o = hotline()
        .args(["detect", "--store"])
        .arg(&store)
        .arg("--config")
        .arg(&cfg)
        .args(["--as-of", "2024-05-31"])
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    assert!(state.is_file());
    let detected = String::from_utf8_lossy(&o.stdout).lines().count();
    let noticed: usize = notices
        .lines()
        .filter_map(|l| {
            l.split(" alerts)")
                .next()?
                .rsplit('(')
                .next()?
                .parse::<usize>()
                .ok()
        })
        .sum();
    assert!(
        detected >= noticed && noticed > 0,
        "{detected} {noticed}\n{notices}"
    );
}
