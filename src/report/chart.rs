//! Charts drawn with plotters as SVG: lines ([`lines_svg`]), horizontal
//! bars ([`bars_svg`]) and a heatmap ([`heatmap_svg`]).
//!
//! Text is written as SVG `<text>` with a font-family list of common CJK
//! fonts ([`CJK_SANS`]), so the viewer's browser draws the Chinese with
//! whatever it has; building needs no fontconfig or other system library
//! (plotters without its font features estimates text sizes itself). The
//! same SVG becomes a PNG through [`super::png`].

use plotters::coord::Shift;
use plotters::coord::types::RangedCoordf64;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

use crate::error::{Error, Result};

/// Font families for chart text, CJK first; unquoted, as SVG attributes allow.
pub const CJK_SANS: &str = "Noto Sans CJK SC, Source Han Sans SC, WenQuanYi Micro Hei, Microsoft YaHei, PingFang SC, SimHei, sans-serif";

/// Series colours: this period, the one before, a third.
const COLORS: [RGBColor; 3] = [
    RGBColor(176, 0, 0),
    RGBColor(120, 120, 120),
    RGBColor(0, 90, 160),
];

fn chart_error(title: &str) -> impl Fn(&dyn std::fmt::Display) -> Error + '_ {
    move |e| Error::Report {
        what: format!("chart {title}"),
        message: e.to_string(),
    }
}

/// Draws `draw` on an SVG canvas of `size` and returns the SVG text.
fn svg(
    title: &str,
    size: (u32, u32),
    draw: impl FnOnce(&DrawingArea<SVGBackend, Shift>) -> Result<()>,
) -> Result<String> {
    let mut text = String::new();
    {
        let root = SVGBackend::with_string(&mut text, size).into_drawing_area();
        let err = chart_error(title);
        root.fill(&WHITE).map_err(|e| err(&e))?;
        draw(&root)?;
        root.present().map_err(|e| err(&e))?;
    }
    Ok(text)
}

/// A line chart of several series over the same x labels, as SVG text.
/// The legend sits above the lines (the y axis leaves room for it).
pub fn lines_svg(
    title: &str,
    x_labels: &[String],
    series: &[(String, Vec<f64>)],
    size: (u32, u32),
) -> Result<String> {
    let n = x_labels.len().max(2);
    let top = series
        .iter()
        .flat_map(|(_, v)| v.iter().copied())
        // Counts: at least 0..5, so small numbers get whole-number ticks.
        .fold(4.0f64, f64::max)
        * 1.3;
    svg(title, size, |root| {
        let err = chart_error(title);
        let mut chart = ChartBuilder::on(root)
            .caption(title, (CJK_SANS, 16))
            .margin(8)
            .x_label_area_size(24)
            .y_label_area_size(40)
            .build_cartesian_2d(0f64..(n - 1) as f64, 0f64..top)
            .map_err(|e| err(&e))?;
        let labels = x_labels.to_vec();
        // At most about 12 labels, so a month of days stays readable; no
        // vertical grid line per point beyond a month's worth.
        let step = x_labels.len().div_ceil(12).max(1);
        let mut mesh = chart.configure_mesh();
        if n > 31 {
            mesh.disable_x_mesh();
        }
        mesh.x_labels(n)
            .x_label_formatter(&|x| {
                let i = x.round() as usize;
                if i.is_multiple_of(step) {
                    labels.get(i).cloned().unwrap_or_default()
                } else {
                    String::new()
                }
            })
            // Whole-number ticks: no more labels than integers on the axis.
            .y_labels((top as usize + 1).min(10))
            .y_label_formatter(&|y| format!("{y:.0}"))
            .label_style((CJK_SANS, 11))
            .bold_line_style(BLACK.mix(0.08))
            .light_line_style(WHITE.mix(0.0))
            .draw()
            .map_err(|e| err(&e))?;
        for (i, (name, v)) in series.iter().enumerate() {
            let color = COLORS[i % COLORS.len()];
            chart
                .draw_series(LineSeries::new(
                    v.iter().enumerate().map(|(x, y)| (x as f64, *y)),
                    color.stroke_width(2),
                ))
                .map_err(|e| err(&e))?
                .label(name.as_str())
                .legend(move |(x, y)| {
                    PathElement::new(vec![(x, y), (x + 16, y)], color.stroke_width(2))
                });
        }
        legend(&mut chart, SeriesLabelPosition::UpperRight).map_err(|e| err(&e))?;
        Ok(())
    })
}

/// Horizontal bars, one group per label (top to bottom in the given order)
/// and one bar per series in each group, with the value at the bar's end.
pub fn bars_svg(
    title: &str,
    labels: &[String],
    series: &[(String, Vec<f64>)],
    size: (u32, u32),
) -> Result<String> {
    let n = labels.len().max(1);
    let k = series.len().max(1);
    let top = series
        .iter()
        .flat_map(|(_, v)| v.iter().copied())
        // Counts: at least 0..5, so small numbers get whole-number ticks.
        .fold(4.0f64, f64::max)
        * 1.18;
    let longest = labels.iter().map(|l| l.chars().count()).max().unwrap_or(2);
    svg(title, size, |root| {
        let err = chart_error(title);
        let mut chart = ChartBuilder::on(root)
            .caption(title, (CJK_SANS, 16))
            .margin(8)
            .x_label_area_size(22)
            .y_label_area_size((longest as u32 * 12 + 10).clamp(40, 200))
            .build_cartesian_2d(0f64..top, 0f64..n as f64)
            .map_err(|e| err(&e))?;
        chart
            .configure_mesh()
            .disable_y_mesh()
            .y_labels(0)
            .x_labels((top as usize + 1).min(6))
            .x_label_formatter(&|x| format!("{x:.0}"))
            .label_style((CJK_SANS, 11))
            .bold_line_style(BLACK.mix(0.12))
            .light_line_style(WHITE.mix(0.0))
            .draw()
            .map_err(|e| err(&e))?;
        let band = 0.8 / k as f64;
        for (s, (name, values)) in series.iter().enumerate() {
            let color = COLORS[s % COLORS.len()];
            let bars = values.iter().enumerate().take(n).map(|(i, v)| {
                let y0 = (n - 1 - i) as f64 + 0.9 - (s + 1) as f64 * band;
                Rectangle::new([(0.0, y0), (*v, y0 + band * 0.92)], color.filled())
            });
            chart
                .draw_series(bars)
                .map_err(|e| err(&e))?
                .label(name.as_str())
                .legend(move |(x, y)| {
                    Rectangle::new([(x, y - 5), (x + 12, y + 5)], color.filled())
                });
            let values_at_end = values.iter().enumerate().take(n).map(|(i, v)| {
                let y = (n - 1 - i) as f64 + 0.9 - (s as f64 + 0.5) * band;
                Text::new(
                    format!("{v:.0}"),
                    (*v + top * 0.01, y),
                    TextStyle::from((CJK_SANS, 10).into_font())
                        .pos(Pos::new(HPos::Left, VPos::Center)),
                )
            });
            chart.draw_series(values_at_end).map_err(|e| err(&e))?;
        }
        row_labels(root, &chart, labels).map_err(|e| err(&e))?;
        if series.len() > 1 {
            legend(&mut chart, SeriesLabelPosition::LowerRight).map_err(|e| err(&e))?;
        }
        Ok(())
    })
}

/// A heatmap: `values[row][col]`, darker red for more, with the row labels
/// on the left and the column labels below.
pub fn heatmap_svg(
    title: &str,
    rows: &[String],
    cols: &[String],
    values: &[Vec<f64>],
    size: (u32, u32),
) -> Result<String> {
    let (nr, nc) = (rows.len().max(1), cols.len().max(1));
    let max = values
        .iter()
        .flat_map(|r| r.iter().copied())
        .fold(0.0f64, f64::max);
    svg(title, size, |root| {
        let err = chart_error(title);
        let mut chart = ChartBuilder::on(root)
            .caption(title, (CJK_SANS, 16))
            .margin(8)
            .x_label_area_size(22)
            .y_label_area_size(44)
            .build_cartesian_2d(0f64..nc as f64, 0f64..nr as f64)
            .map_err(|e| err(&e))?;
        chart
            .configure_mesh()
            .disable_mesh()
            .x_labels(0)
            .y_labels(0)
            .draw()
            .map_err(|e| err(&e))?;
        let cells = values.iter().enumerate().flat_map(|(r, row)| {
            row.iter().enumerate().map(move |(c, v)| {
                let t = if max > 0.0 { v / max } else { 0.0 };
                let shade = |full: f64| (255.0 - (255.0 - full) * t).round() as u8;
                let color = RGBColor(shade(176.0), shade(0.0), shade(0.0));
                let y = (nr - 1 - r) as f64;
                Rectangle::new([(c as f64, y), (c as f64 + 1.0, y + 1.0)], color.filled())
            })
        });
        chart.draw_series(cells).map_err(|e| err(&e))?;
        row_labels(root, &chart, rows).map_err(|e| err(&e))?;
        let below =
            TextStyle::from((CJK_SANS, 11).into_font()).pos(Pos::new(HPos::Center, VPos::Top));
        let step = nc.div_ceil(12).max(1);
        for (c, label) in cols.iter().enumerate().step_by(step) {
            let (x, y) = chart.backend_coord(&(c as f64 + 0.5, 0.0));
            root.draw(&Text::new(label.clone(), (x, y + 4), below.clone()))
                .map_err(|e| err(&e))?;
        }
        Ok(())
    })
}

type Plot<'a, 'b> = ChartContext<'a, SVGBackend<'b>, Cartesian2d<RangedCoordf64, RangedCoordf64>>;

/// The series legend at `pos`, in the chart font.
fn legend<'a, 'b: 'a>(
    chart: &mut Plot<'a, 'b>,
    pos: SeriesLabelPosition,
) -> std::result::Result<(), String> {
    chart
        .configure_series_labels()
        .position(pos)
        .label_font((CJK_SANS, 11))
        .background_style(WHITE.mix(0.8))
        .border_style(BLACK.mix(0.3))
        .draw()
        .map_err(|e| e.to_string())
}

/// Labels at the centre of each row band (row 0 on top), right-aligned
/// left of the plot: drawn by hand, as the mesh would put them at round
/// numbers.
fn row_labels(
    root: &DrawingArea<SVGBackend, Shift>,
    chart: &Plot,
    labels: &[String],
) -> std::result::Result<(), String> {
    let n = labels.len().max(1);
    let style =
        TextStyle::from((CJK_SANS, 12).into_font()).pos(Pos::new(HPos::Right, VPos::Center));
    for (i, label) in labels.iter().enumerate() {
        let (x, y) = chart.backend_coord(&(0.0, (n - 1 - i) as f64 + 0.5));
        root.draw(&Text::new(label.clone(), (x - 6, y), style.clone()))
            .map_err(|e| e.to_string())?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_svg_with_its_lines_and_chinese_text() {
        let days: Vec<String> = ["一", "二", "三", "四", "五", "六", "日"]
            .iter()
            .map(|d| format!("周{d}"))
            .collect();
        let svg = lines_svg(
            "每日工单",
            &days,
            &[
                (
                    "本周".into(),
                    vec![30.0, 42.0, 38.0, 35.0, 40.0, 22.0, 20.0],
                ),
                (
                    "上周".into(),
                    vec![28.0, 36.0, 33.0, 37.0, 35.0, 25.0, 19.0],
                ),
            ],
            (600, 260),
        )
        .unwrap();
        assert!(svg.starts_with("<svg") && svg.trim_end().ends_with("</svg>"));
        assert!(svg.contains("每日工单") && svg.contains("周三") && svg.contains("本周"));
        assert!(svg.contains("Noto Sans CJK SC"));
        // Each series is drawn once as a line and once in the legend.
        for color in ["#B00000", "#787878"] {
            assert_eq!(
                svg.matches(&format!("stroke=\"{color}\"")).count(),
                2,
                "{color}"
            );
        }
    }

    /// The text of every `<text>` element.
    fn texts(svg: &str) -> Vec<String> {
        svg.split("<text")
            .skip(1)
            .map(|t| {
                let t = &t[t.find('>').unwrap() + 1..];
                t[..t.find("</text>").unwrap()].trim().to_string()
            })
            .collect()
    }

    #[test]
    fn small_counts_get_whole_number_ticks_once_each() {
        let days: Vec<String> = (1..=7).map(|d| d.to_string()).collect();
        let svg = lines_svg(
            "每日工单",
            &days,
            &[("本周".into(), vec![0.0, 1.0, 0.0, 0.0, 0.0, 0.0, 0.0])],
            (600, 260),
        )
        .unwrap();
        let ticks: Vec<String> = texts(&svg)
            .into_iter()
            .filter(|t| t.parse::<u32>().is_ok())
            .collect();
        // The y axis 0..5, then the x labels 1..7.
        assert_eq!(ticks[..6], ["0", "1", "2", "3", "4", "5"]);
        let bars = bars_svg(
            "类别",
            &["甲".into(), "乙".into()],
            &[("本期".into(), vec![2.0, 1.0])],
            (400, 160),
        )
        .unwrap();
        let t = texts(&bars);
        let axis: Vec<&String> = t.iter().filter(|t| t.parse::<u32>().is_ok()).collect();
        let mut distinct = axis.clone();
        distinct.sort();
        distinct.dedup();
        // The bar values (2, 1) are drawn too; no axis label repeats beyond them.
        assert_eq!(axis.len(), distinct.len() + 2, "{axis:?}");
    }
}
