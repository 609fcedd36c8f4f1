//! PNG charts: the SVG of [`super::chart`] rasterised by resvg, with a font
//! that has Chinese glyphs.
//!
//! The font is the file given as `[report] font` in the config, or the
//! first font with Chinese glyphs found in the system's font folders
//! (fontdb scans them itself: no fontconfig library, nothing to build
//! against). The SVG's font-family list names common CJK fonts and ends in
//! `sans-serif`, which is pointed at the font found, so the PNG shows the
//! same chart as the browser does.
//!
//! Why rasterise the SVG instead of drawing a second time with plotters'
//! bitmap backend: one drawing per chart, so the PNG and the SVG cannot
//! disagree, and resvg shapes CJK text properly (plotters' ab_glyph text
//! does not fall back across fonts).

use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

use resvg::usvg::{self, fontdb};

use crate::error::{Error, Result};

/// What to tell a user with no CJK font.
pub const NO_CJK_FONT: &str = "no font with Chinese glyphs was found; install one \
     (Debian/Ubuntu: `apt-get install fonts-noto-cjk` or `fonts-wqy-microhei`; \
     Fedora: `dnf install google-noto-sans-cjk-fonts`; Alpine: `apk add font-noto-cjk`) \
     or name a .ttf/.otf/.ttc file as `font` under `[report]` in hotline.toml \
     (the SVG charts and HTML pages do not need it)";

/// A font database with one face chosen for Chinese text; cheap to clone.
#[derive(Clone)]
pub struct Fonts {
    db: Arc<fontdb::Database>,
    /// The family name of the chosen face.
    pub family: String,
    /// Where the chosen face came from (a path).
    pub source: String,
}

impl std::fmt::Debug for Fonts {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Fonts")
            .field("family", &self.family)
            .field("source", &self.source)
            .finish()
    }
}

/// Families tried first, in this order, when several fonts have Chinese
/// glyphs: sans-serif faces that read well in charts.
const PREFERRED: [&str; 8] = [
    "Noto Sans CJK SC",
    "Source Han Sans SC",
    "WenQuanYi Micro Hei",
    "WenQuanYi Zen Hei",
    "Microsoft YaHei",
    "PingFang SC",
    "SimHei",
    "Noto Serif CJK SC",
];

impl Fonts {
    /// The configured font file, or the best system font with Chinese
    /// glyphs; an error saying what to install when there is none. A font
    /// found is kept for the process, so the font folders are scanned once
    /// however many reports and charts a run writes.
    pub fn find(configured: Option<&Path>) -> Result<Fonts> {
        // Found fonts, and "none on the system" (so a run without a Chinese
        // font does not rescan for every chart).
        static FOUND: Mutex<Vec<(Option<PathBuf>, Option<Fonts>)>> = Mutex::new(Vec::new());
        let key = configured.map(Path::to_path_buf);
        let hit = FOUND
            .lock()
            .expect("font cache")
            .iter()
            .find(|(k, _)| *k == key)
            .map(|(_, f)| f.clone());
        match hit {
            Some(Some(f)) => return Ok(f),
            Some(None) => return Err(no_font(None)),
            None => {}
        }
        let found = Self::load(configured);
        match &found {
            Ok(f) => FOUND
                .lock()
                .expect("font cache")
                .push((key, Some(f.clone()))),
            Err(_) if key.is_none() => FOUND.lock().expect("font cache").push((None, None)),
            Err(_) => {}
        }
        found
    }

    fn load(configured: Option<&Path>) -> Result<Fonts> {
        let mut db = fontdb::Database::new();
        match configured {
            Some(path) => {
                db.load_font_file(path).map_err(|e| Error::Report {
                    what: "PNG charts".into(),
                    message: format!(
                        "cannot read the font `{}` set as `font` under `[report]`: {e}; \
                         give the path of a .ttf, .otf or .ttc file",
                        path.display()
                    ),
                })?;
            }
            None => db.load_system_fonts(),
        }
        let cjk: Vec<(String, String)> = db
            .faces()
            .filter(|f| has_chinese(&db, f.id))
            .map(|f| {
                let family = f
                    .families
                    .first()
                    .map(|(n, _)| n.clone())
                    .unwrap_or_default();
                let source = match &f.source {
                    fontdb::Source::File(p) => p.display().to_string(),
                    _ => "(memory)".into(),
                };
                (family, source)
            })
            .collect();
        let best = PREFERRED
            .iter()
            .find_map(|want| cjk.iter().find(|(f, _)| f == want))
            .or_else(|| cjk.first())
            .cloned();
        let Some((family, source)) = best else {
            return Err(no_font(configured));
        };
        db.set_sans_serif_family(family.clone());
        Ok(Fonts {
            db: Arc::new(db),
            family,
            source,
        })
    }

    /// Rasterises `svg` at `scale` × its size (2 for print) into PNG bytes.
    pub fn png(&self, svg: &str, scale: f32) -> Result<Vec<u8>> {
        let err = |message: String| Error::Report {
            what: "PNG chart".into(),
            message,
        };
        let opts = usvg::Options {
            font_family: self.family.clone(),
            fontdb: self.db.clone(),
            ..usvg::Options::default()
        };
        let tree = usvg::Tree::from_str(svg, &opts).map_err(|e| err(e.to_string()))?;
        let size = tree
            .size()
            .to_int_size()
            .scale_by(scale)
            .ok_or_else(|| err(format!("cannot scale a {:?} chart by {scale}", tree.size())))?;
        let mut pixmap = resvg::tiny_skia::Pixmap::new(size.width(), size.height())
            .ok_or_else(|| err(format!("cannot make a {size:?} image")))?;
        resvg::render(
            &tree,
            resvg::tiny_skia::Transform::from_scale(scale, scale),
            &mut pixmap.as_mut(),
        );
        pixmap.encode_png().map_err(|e| err(e.to_string()))
    }
}

/// The error for no font with Chinese glyphs (in `configured`, or on the
/// system).
fn no_font(configured: Option<&Path>) -> Error {
    let message = match configured {
        Some(p) => format!(
            "the font `{}` set as `font` under `[report]` has no Chinese glyphs; \
             name a font file that has them, such as NotoSansCJK-Regular.ttc \
             (Debian/Ubuntu: fonts-noto-cjk) or wqy-microhei.ttc (fonts-wqy-microhei)",
            p.display()
        ),
        None => NO_CJK_FONT.to_string(),
    };
    Error::Report {
        what: "PNG charts".into(),
        message,
    }
}

/// Whether face `id` maps 中 and 热 to glyphs.
fn has_chinese(db: &fontdb::Database, id: fontdb::ID) -> bool {
    use skrifa::MetadataProvider;
    db.with_face_data(id, |data, index| {
        skrifa::FontRef::from_index(data, index).is_ok_and(|f| {
            let map = f.charmap();
            map.map('中').is_some() && map.map('热').is_some()
        })
    })
    .unwrap_or(false)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_missing_configured_font_names_the_key_and_the_path() {
        let e = Fonts::find(Some(Path::new("/nonexistent/font.ttf"))).unwrap_err();
        let m = e.to_string();
        assert!(m.contains("/nonexistent/font.ttf"), "{m}");
        assert!(m.contains("[report]"), "{m}");
    }

    #[test]
    fn a_font_without_chinese_names_the_packages() {
        let latin = Path::new("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf");
        if !latin.is_file() {
            return;
        }
        let m = Fonts::find(Some(latin)).unwrap_err().to_string();
        assert!(
            m.contains("has no Chinese glyphs") && m.contains("DejaVuSans.ttf"),
            "{m}"
        );
        assert!(m.contains("fonts-noto-cjk"), "{m}");
    }
}
