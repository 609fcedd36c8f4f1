//! Charts drawn with plotters as SVG.
//!
//! Text is written as SVG `<text>` with a font-family list of common CJK
//! fonts ([`CJK_SANS`]), so the viewer's browser draws the Chinese with
//! whatever it has; nothing is rasterised, and building needs no
//! fontconfig or other system library (plotters without its font
//! features estimates text sizes itself).

use plotters::prelude::*;

use crate::error::{Error, Result};

/// Font families for chart text, CJK first; unquoted, as SVG attributes allow.
pub const CJK_SANS: &str = "Noto Sans CJK SC, Source Han Sans SC, WenQuanYi Micro Hei, Microsoft YaHei, PingFang SC, SimHei, sans-serif";

/// A line chart of several series over the same x labels, as SVG text.
pub fn lines_svg(
    title: &str,
    x_labels: &[String],
    series: &[(String, Vec<f64>)],
    size: (u32, u32),
) -> Result<String> {
    let mut svg = String::new();
    let n = x_labels.len().max(2);
    let top = series
        .iter()
        .flat_map(|(_, v)| v.iter().copied())
        .fold(1.0f64, f64::max)
        * 1.15;
    {
        let root = SVGBackend::with_string(&mut svg, size).into_drawing_area();
        let err = |e: &dyn std::fmt::Display| Error::Report {
            what: format!("chart {title}"),
            message: e.to_string(),
        };
        root.fill(&WHITE).map_err(|e| err(&e))?;
        let mut chart = ChartBuilder::on(&root)
            .caption(title, (CJK_SANS, 16))
            .margin(8)
            .x_label_area_size(24)
            .y_label_area_size(36)
            .build_cartesian_2d(0f64..(n - 1) as f64, 0f64..top)
            .map_err(|e| err(&e))?;
        let labels = x_labels.to_vec();
        chart
            .configure_mesh()
            .x_labels(n)
            .x_label_formatter(&|x| labels.get(x.round() as usize).cloned().unwrap_or_default())
            .y_label_formatter(&|y| format!("{y:.0}"))
            .label_style((CJK_SANS, 11))
            .light_line_style(WHITE.mix(0.0))
            .draw()
            .map_err(|e| err(&e))?;
        let colors = [
            RGBColor(176, 0, 0),
            RGBColor(120, 120, 120),
            RGBColor(0, 90, 160),
        ];
        for (i, (name, v)) in series.iter().enumerate() {
            let color = colors[i % colors.len()];
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
        chart
            .configure_series_labels()
            .label_font((CJK_SANS, 11))
            .background_style(WHITE.mix(0.8))
            .border_style(BLACK.mix(0.3))
            .draw()
            .map_err(|e| err(&e))?;
        root.present().map_err(|e| err(&e))?;
    }
    Ok(svg)
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
}
