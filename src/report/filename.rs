//! File names from department names: readable, safe and stable.
//!
//! A department name comes from an export, so it may hold anything: path
//! separators, `..`, control characters, names that differ only in
//! punctuation. The stem keeps letters and digits of any script (Chinese
//! stays Chinese), turns everything else into `_`, is cut to 40
//! characters, and ends with 8 hex digits of a hash of the full name, so two
//! names never share a file and the same name always gets the same one.

use xxhash_rust::xxh3::xxh3_64;

/// A file stem for `name` (no extension).
pub fn safe_stem(name: &str) -> String {
    let mut stem = String::new();
    for c in name.chars() {
        if c.is_alphanumeric() {
            stem.push(c);
        } else if !stem.ends_with('_') {
            stem.push('_');
        }
    }
    let stem: String = stem.trim_matches('_').chars().take(40).collect();
    let stem = if stem.is_empty() {
        "department".to_string()
    } else {
        stem
    };
    format!("{stem}-{:08x}", xxh3_64(name.as_bytes()) as u32)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_become_safe_stable_stems() {
        let s = safe_stem("市城市管理局");
        assert!(
            s.starts_with("市城市管理局-") && s.len() == "市城市管理局-".len() + 8,
            "{s}"
        );
        assert_eq!(s, safe_stem("市城市管理局"));
        for evil in ["../../etc/passwd", "a/b\\c", "..", "", "\u{0}x\n"] {
            let s = safe_stem(evil);
            assert!(
                !s.contains('/') && !s.contains('\\') && !s.contains(".."),
                "{s}"
            );
            assert!(!s.is_empty() && !s.starts_with('.'), "{s}");
        }
        // Names that differ only in punctuation get different files.
        assert_ne!(safe_stem("a/b"), safe_stem("a b"));
        assert!(safe_stem(&"长".repeat(100)).chars().count() <= 49);
    }
}
