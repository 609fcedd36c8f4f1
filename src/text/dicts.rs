//! The dictionaries compiled into the binary (the files of `dict/`), on the
//! ground floor of the text stage: the segmenter, the place finder and the
//! gazetteer all read them, and none of those is read by this module.

/// The hotline dictionary shipped with the project.
pub const HOTLINE_DICT: &str = include_str!("../../dict/hotline.dict");
/// Administrative names (cities, districts, counties, townships, streets) of
/// the 2023 national division codes, kept whole (盖山镇, not 盖/山镇).
pub const DIVISIONS: &str = include_str!("../../dict/divisions.txt");
/// General Chinese stopwords (stopwords-iso, MIT).
pub const STOPWORDS_ZH: &str = include_str!("../../dict/stopwords-zh.txt");
/// Words every ticket uses.
pub const STOPWORDS_HOTLINE: &str = include_str!("../../dict/stopwords-hotline.txt");
/// Part-of-speech corrections for finding places (回家 is no noun, 通讯 no
/// name): see [`Segmenter::pos`].
pub const POS_FIXES: &str = include_str!("../../dict/pos-fixes.txt");
