//! How common a word is in general Chinese: jieba's IDF table, cut to the
//! words it finds often (`dict/general-words.txt`, written by
//! `dict/make-general.py`). A word that bursts in the tickets is news only
//! when it is not one of these (其实, 后来, 数字 and 限制 are everywhere; 停水
//! and 搅拌站 are not).

use std::collections::HashMap;
use std::sync::OnceLock;

/// The shipped table: `word idf` per line.
pub const GENERAL_WORDS: &str = include_str!("../../dict/general-words.txt");

/// Words with an IDF at most this are general language.
pub const GENERAL_IDF: f32 = 8.0;

fn table() -> &'static HashMap<&'static str, f32> {
    static T: OnceLock<HashMap<&'static str, f32>> = OnceLock::new();
    T.get_or_init(|| {
        GENERAL_WORDS
            .lines()
            .filter(|l| !l.starts_with('#'))
            .filter_map(|l| {
                let (w, idf) = l.split_once(' ')?;
                Some((w, idf.trim().parse().ok()?))
            })
            .collect()
    })
}

/// jieba's IDF of `word` when the table keeps it (a common word).
pub fn idf(word: &str) -> Option<f32> {
    table().get(word).copied()
}

/// Whether `word` is common in general Chinese.
pub fn is_general(word: &str) -> bool {
    idf(word).is_some_and(|i| i <= GENERAL_IDF)
}

#[cfg(test)]
mod tests {
    #[test]
    fn common_words_are_general_and_problems_are_not() {
        for w in [
            "其实", "后来", "不会", "令人", "吃饭", "上面", "同志", "数字", "限制", "小区", "物业",
        ] {
            assert!(super::is_general(w), "{w}");
        }
        for w in [
            "停水",
            "漏水",
            "电梯",
            "噪音",
            "搅拌站",
            "共享电单车",
            "无人机",
        ] {
            assert!(!super::is_general(w), "{w}");
        }
    }
}
