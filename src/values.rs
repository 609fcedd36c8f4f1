//! Parsing of the values real exports carry: times in a dozen shapes, Excel
//! serial numbers, status and satisfaction vocabularies, channels, kinds,
//! counts and padded text.
//!
//! Real exports mix forms inside one column (`2024-05-01 08:23:11`,
//! `2024/5/1 8:23`, `2024年5月1日 08:23`, `45413.35`, `12/31/2016`), so every
//! value is parsed on its own; nothing is inferred from the first row.
//!
//! The ground floor of the crate with `schema` and `error`: it imports
//! nothing of hotline. [`Encoding`] and [`Status`] parse themselves, also
//! from hotline.toml, so that the config is checked as it is read.

use chrono::{Duration, NaiveDate, NaiveDateTime, NaiveTime};

/// Text encodings an export may be in; in hotline.toml and on the command
/// line `auto`, `utf8`, `gbk` (also gb2312, cp936) or `gb18030`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, serde::Serialize, serde::Deserialize)]
#[serde(try_from = "String", into = "String")]
pub enum Encoding {
    #[default]
    /// Detect: BOM, then valid UTF-8, then chardetng's guess.
    Auto,
    Utf8,
    Gbk,
    Gb18030,
}

impl Encoding {
    /// The name hotline writes.
    pub fn as_str(self) -> &'static str {
        match self {
            Encoding::Auto => "auto",
            Encoding::Utf8 => "utf8",
            Encoding::Gbk => "gbk",
            Encoding::Gb18030 => "gb18030",
        }
    }

    /// Parses a flag or config value.
    pub fn parse(s: &str) -> Result<Encoding, String> {
        match s.to_ascii_lowercase().replace(['-', '_'], "").as_str() {
            "auto" | "" => Ok(Encoding::Auto),
            "utf8" => Ok(Encoding::Utf8),
            "gbk" | "gb2312" | "cp936" => Ok(Encoding::Gbk),
            "gb18030" => Ok(Encoding::Gb18030),
            _ => Err(format!(
                "unknown encoding `{s}`; use auto, utf8, gbk or gb18030"
            )),
        }
    }
}

impl TryFrom<String> for Encoding {
    type Error = String;
    fn try_from(s: String) -> Result<Self, String> {
        Encoding::parse(&s)
    }
}

impl From<Encoding> for String {
    fn from(e: Encoding) -> String {
        e.as_str().to_string()
    }
}

/// Normalised ticket status: `open`, `closed`, `returned`, `cancelled` in
/// the store and in hotline.toml's `[vocab.status]`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(try_from = "String", into = "String")]
pub enum Status {
    Open,
    Closed,
    Returned,
    Cancelled,
}

impl Status {
    /// The stored form.
    pub fn as_str(self) -> &'static str {
        match self {
            Status::Open => "open",
            Status::Closed => "closed",
            Status::Returned => "returned",
            Status::Cancelled => "cancelled",
        }
    }

    /// Parses a stored form (used for config targets).
    pub fn parse_canonical(s: &str) -> Option<Status> {
        match s {
            "open" => Some(Status::Open),
            "closed" => Some(Status::Closed),
            "returned" => Some(Status::Returned),
            "cancelled" => Some(Status::Cancelled),
            _ => None,
        }
    }

    /// Maps the wording of exports onto a status.
    pub fn parse(s: &str) -> Option<Status> {
        let t = s.trim().to_lowercase();
        if let Some(st) = Status::parse_canonical(&t) {
            return Some(st);
        }
        let closed = [
            "已办结",
            "办结",
            "已完成",
            "完成",
            "结案",
            "已结案",
            "已归档",
            "归档",
            "已关闭",
            "关闭",
            "已答复",
            "已回复",
            "已处理",
            "处理完毕",
            "已解决",
            "completed",
            "resolved",
            "done",
        ];
        let returned = ["退回", "已退回", "退单", "已退单", "回退", "驳回", "已驳回"];
        let cancelled = [
            "已撤销",
            "撤销",
            "作废",
            "已作废",
            "撤单",
            "无效",
            "cancelled",
            "canceled",
        ];
        let open = [
            "办理中",
            "处理中",
            "待办",
            "待办理",
            "未办结",
            "在办",
            "已受理",
            "待受理",
            "受理",
            "已派单",
            "派单",
            "待派单",
            "已转办",
            "转办",
            "督办",
            "待回复",
            "未回复",
            "待审核",
            "in progress",
            "assigned",
            "pending",
            "started",
            "new",
            "unspecified",
            "email sent",
        ];
        if closed.contains(&t.as_str()) {
            Some(Status::Closed)
        } else if returned.contains(&t.as_str()) {
            Some(Status::Returned)
        } else if cancelled.contains(&t.as_str()) {
            Some(Status::Cancelled)
        } else if open.contains(&t.as_str()) {
            Some(Status::Open)
        } else {
            None
        }
    }
}

impl TryFrom<String> for Status {
    type Error = String;
    fn try_from(s: String) -> Result<Self, String> {
        Status::parse_canonical(&s)
            .ok_or_else(|| format!("`{s}` is no status; use open, closed, returned or cancelled"))
    }
}

impl From<Status> for String {
    fn from(s: Status) -> String {
        s.as_str().to_string()
    }
}

/// The stored satisfaction values.
pub const SATISFACTION_VALUES: &[&str] = &["满意", "基本满意", "不满意", "未回访"];

/// Maps satisfaction wordings (and 1–5 scores) onto 满意 / 基本满意 / 不满意 / 未回访.
pub fn parse_satisfaction(s: &str) -> Option<&'static str> {
    let t = s.trim();
    let v = match t {
        "满意" | "非常满意" | "很满意" | "十分满意" | "满意度高" | "5" | "4" => {
            "满意"
        }
        "基本满意" | "比较满意" | "较满意" | "一般" | "尚可" | "3" => "基本满意",
        "不满意" | "非常不满意" | "很不满意" | "不太满意" | "2" | "1" => "不满意",
        "未回访" | "未评价" | "无法联系" | "联系不上" | "拒绝回访" | "不需回访" | "无需回访"
        | "未接通" => "未回访",
        _ => return None,
    };
    Some(v)
}

/// Maps channel wordings onto phone / web / app / wechat / letter / email / sms /
/// weibo / walk_in; other values are kept as they are.
pub fn parse_channel(s: &str) -> String {
    let t = s.trim();
    let l = t.to_lowercase();
    let v = if l.contains("app") || l.contains("mobile") || t.contains("客户端") {
        "app"
    } else if t.contains("微信") || t.contains("公众号") || t.contains("小程序") {
        "wechat"
    } else if t.contains("微博") {
        "weibo"
    } else if t.contains("短信") || l == "sms" || l == "text" {
        "sms"
    } else if t.contains("邮件")
        || t.contains("邮箱")
        || l.contains("email")
        || l.contains("e-mail")
    {
        "email"
    } else if t.contains("网")
        || t.contains("门户")
        || l == "online"
        || l == "web"
        || l.contains("internet")
    {
        "web"
    } else if t.contains("信件") || t.contains("来信") || l == "letter" || l == "mail" {
        "letter"
    } else if t.contains("来访") || t.contains("走访") || l.contains("walk") || l == "in person"
    {
        "walk_in"
    } else if t.contains("电话")
        || t.contains("热线")
        || t.contains("来电")
        || t == "12345"
        || l == "phone"
        || l == "call"
    {
        "phone"
    } else {
        return t.to_string();
    };
    v.to_string()
}

/// Maps 诉求性质 wordings onto 投诉 / 求助 / 咨询 / 建议 / 举报 / 表扬; others kept.
pub fn parse_kind(s: &str) -> String {
    let t = s.trim();
    for (needle, kind) in [
        ("投诉", "投诉"),
        ("举报", "举报"),
        ("求助", "求助"),
        ("咨询", "咨询"),
        ("建议", "建议"),
        ("意见", "建议"),
        ("表扬", "表扬"),
        ("感谢", "表扬"),
        ("complaint", "投诉"),
        ("request", "求助"),
        ("inquiry", "咨询"),
    ] {
        if t.to_lowercase().contains(needle) {
            return kind.to_string();
        }
    }
    t.to_string()
}

/// Parses 是否解决 wordings.
pub fn parse_bool(s: &str) -> Option<bool> {
    match s.trim().to_lowercase().as_str() {
        "是" | "已解决" | "解决" | "1" | "true" | "y" | "yes" | "t" | "√" => Some(true),
        "否" | "未解决" | "不解决" | "0" | "false" | "n" | "no" | "f" | "×" => Some(false),
        _ => None,
    }
}

/// Parses a count (`3`, `3.0`, ` 3 `, `３`).
pub fn parse_count(s: &str) -> Option<i32> {
    let t = to_half_width(s.trim());
    if let Ok(v) = t.parse::<i32>() {
        return (v >= 0).then_some(v);
    }
    let f: f64 = t.parse().ok()?;
    (f.fract() == 0.0 && (0.0..2e9).contains(&f)).then_some(f as i32)
}

/// Parses a coordinate within `[-limit, limit]`.
pub fn parse_coord(s: &str, limit: f64) -> Option<f64> {
    let f: f64 = s.trim().parse().ok()?;
    (f.is_finite() && f.abs() <= limit).then_some(f)
}

/// Cell values that exports use for "no value".
pub fn is_null_token(s: &str) -> bool {
    matches!(
        s,
        "无" | "暂无"
            | "空"
            | "-"
            | "--"
            | "/"
            | "NULL"
            | "null"
            | "Null"
            | "N/A"
            | "n/a"
            | "NA"
            | "None"
            | "nan"
            | "NaN"
            | "#N/A"
    )
}

/// Full-width ASCII (ｅｔｃ１２３，) to half-width; other characters unchanged.
pub fn to_half_width(s: &str) -> String {
    s.chars()
        .map(|c| match c {
            '\u{FF01}'..='\u{FF5E}' => char::from_u32(c as u32 - 0xFEE0).unwrap_or(c),
            '\u{3000}' => ' ',
            _ => c,
        })
        .collect()
}

/// A ticket id: all whitespace removed, and an Excel number like `1024.0`
/// written as the integer it is.
pub fn clean_id(s: &str) -> String {
    let t: String = s
        .chars()
        .filter(|c| !c.is_whitespace() && *c != '\u{FEFF}')
        .collect();
    if let Some(int) = t.strip_suffix(".0")
        && !int.is_empty()
        && int.bytes().all(|b| b.is_ascii_digit())
    {
        return int.to_string();
    }
    t
}

/// Days between 1899-12-30 (Excel's day zero, after its 1900 leap-year bug)
/// and a serial number; valid for serials after 1900-03-01.
fn from_excel_serial(serial: f64) -> Option<NaiveDateTime> {
    let base = NaiveDate::from_ymd_opt(1899, 12, 30)?.and_hms_opt(0, 0, 0)?;
    let millis = (serial * 86_400_000.0).round() as i64;
    base.checked_add_signed(Duration::milliseconds(millis))
        .map(round_to_second_if_close)
}

fn round_to_second_if_close(t: NaiveDateTime) -> NaiveDateTime {
    // Excel stores 08:23:11 as a fraction that comes back as 08:23:10.999.
    let ms = t.and_utc().timestamp_subsec_millis();
    if ms >= 995 {
        t + Duration::milliseconds(1000 - ms as i64)
    } else if ms <= 5 {
        t - Duration::milliseconds(ms as i64)
    } else {
        t
    }
}

/// Parses a date-time in the shapes exports use. `day_first` reads an
/// ambiguous `01/05/2024` as 1 May (otherwise US order: 5 January; a year
/// written first is always year-month-day).
pub fn parse_datetime(raw: &str, day_first: bool) -> Option<NaiveDateTime> {
    parse_iso_layout(raw.trim()).unwrap_or_else(|| parse_any_layout(raw, day_first))
}

/// [`parse_datetime`] for every layout.
fn parse_any_layout(raw: &str, day_first: bool) -> Option<NaiveDateTime> {
    let s = to_half_width(raw.trim());
    if s.is_empty() {
        return None;
    }
    // RFC 3339 with an offset: keep the wall-clock time as written.
    if s.len() > 19
        && let Ok(t) = chrono::DateTime::parse_from_rfc3339(&s.replace(' ', "T"))
    {
        return Some(t.naive_local());
    }
    // A plain number: an Excel serial date, or a compact yyyymmdd[hhmmss].
    if s.bytes().all(|b| b.is_ascii_digit() || b == b'.') {
        if (s.len() == 8 || s.len() == 12 || s.len() == 14) && !s.contains('.') {
            return parse_compact(&s);
        }
        let f: f64 = s.parse().ok()?;
        if (1.0..2_958_466.0).contains(&f) && f > 60.0 {
            return from_excel_serial(f);
        }
        return None;
    }
    // Split into number groups and remember AM/PM markers.
    let lower = s.to_lowercase();
    let pm = lower.contains("pm") || s.contains("下午") || s.contains("晚上");
    let am = lower.contains("am") || s.contains("上午") || s.contains("凌晨") || s.contains("早上");
    // Number groups as (value, digit count); a group after a dot that follows
    // the seconds is a fraction and is dropped.
    let mut nums: Vec<(u32, usize)> = Vec::with_capacity(7);
    let mut cur: Option<(u32, usize)> = None;
    let mut in_fraction = false;
    for c in s.chars() {
        if let Some(d) = c.to_digit(10) {
            let (v, n) = cur.unwrap_or((0, 0));
            if n >= 9 {
                return None;
            }
            cur = Some((v * 10 + d, n + 1));
            continue;
        }
        if let Some(x) = cur.take()
            && !std::mem::take(&mut in_fraction)
        {
            nums.push(x);
        }
        if c == '.' && nums.len() == 6 {
            in_fraction = true;
        } else if !is_datetime_separator(c) {
            return None;
        }
    }
    if let Some(x) = cur
        && !in_fraction
    {
        nums.push(x);
    }
    if nums.len() < 3 || nums.len() > 6 {
        return None;
    }
    let (y, m, d) = if nums[0].1 == 4 {
        (nums[0].0 as i32, nums[1].0, nums[2].0)
    } else if nums[2].1 == 4 {
        // Year last (two-digit years are refused: 24-05-01 is ambiguous).
        let year = nums[2].0 as i32;
        let (a, b) = (nums[0].0, nums[1].0);
        // Unambiguous when one side cannot be a month.
        if a > 12 {
            (year, b, a)
        } else if b > 12 || !day_first {
            (year, a, b)
        } else {
            (year, b, a)
        }
    } else {
        return None;
    };
    if !(1900..=2100).contains(&y) {
        return None;
    }
    let date = NaiveDate::from_ymd_opt(y, m, d)?;
    let mut h = nums.get(3).map_or(0, |x| x.0);
    let mi = nums.get(4).map_or(0, |x| x.0);
    let se = nums.get(5).map_or(0, |x| x.0);
    if pm && h < 12 {
        h += 12;
    } else if am && h == 12 && !pm && lower.contains("am") {
        h = 0;
    }
    let time = NaiveTime::from_hms_opt(h, mi, se)?;
    Some(date.and_time(time))
}

/// The layout nearly every export writes, `yyyy-mm-dd[ hh:mm[:ss]]` (or
/// with `/`), read without the copies and searches the general parser
/// makes for every value: `Some(result)` when `s` has that layout (the
/// result the general parser gives it), `None` when it has another.
fn parse_iso_layout(s: &str) -> Option<Option<NaiveDateTime>> {
    let b = s.as_bytes();
    if !matches!(b.len(), 10 | 16 | 19) {
        return None;
    }
    let digits = |r: std::ops::Range<usize>| -> Option<u32> {
        b[r].iter().try_fold(0u32, |v, &c| {
            c.is_ascii_digit().then(|| v * 10 + u32::from(c - b'0'))
        })
    };
    let sep = b[4];
    if !(sep == b'-' || sep == b'/') || b[7] != sep {
        return None;
    }
    let (y, m, d) = (digits(0..4)?, digits(5..7)?, digits(8..10)?);
    let (mut h, mut mi, mut se) = (0, 0, 0);
    if b.len() >= 16 {
        if b[10] != b' ' && b[10] != b'T' || b[13] != b':' {
            return None;
        }
        h = digits(11..13)?;
        mi = digits(14..16)?;
    }
    if b.len() == 19 {
        if b[16] != b':' {
            return None;
        }
        se = digits(17..19)?;
    }
    if !(1900..=2100).contains(&y) {
        return Some(None);
    }
    Some(
        NaiveDate::from_ymd_opt(y as i32, m, d)
            .and_then(|date| Some(date.and_time(NaiveTime::from_hms_opt(h, mi, se)?))),
    )
}

/// Characters allowed between the numbers of a date-time.
fn is_datetime_separator(c: char) -> bool {
    matches!(
        c,
        '-' | '/'
            | '.'
            | ':'
            | ' '
            | 'T'
            | 'Z'
            | ','
            | '年'
            | '月'
            | '日'
            | '号'
            | '时'
            | '点'
            | '分'
            | '秒'
            | '上'
            | '下'
            | '午'
            | '晚'
            | '凌'
            | '晨'
            | '早'
            | 'A'
            | 'P'
            | 'M'
            | 'a'
            | 'p'
            | 'm'
    )
}

fn parse_compact(s: &str) -> Option<NaiveDateTime> {
    let n = |a: usize, b: usize| s.get(a..b)?.parse::<u32>().ok();
    let date = NaiveDate::from_ymd_opt(n(0, 4)? as i32, n(4, 6)?, n(6, 8)?)?;
    if !(1900..=2100).contains(&chrono::Datelike::year(&date)) {
        return None;
    }
    let (h, m, sec) = match s.len() {
        8 => (0, 0, 0),
        12 => (n(8, 10)?, n(10, 12)?, 0),
        _ => (n(8, 10)?, n(10, 12)?, n(12, 14)?),
    };
    Some(date.and_time(NaiveTime::from_hms_opt(h, m, sec)?))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn dt(s: &str) -> NaiveDateTime {
        NaiveDateTime::parse_from_str(s, "%Y-%m-%d %H:%M:%S").unwrap()
    }

    #[test]
    fn every_date_shape() {
        let want = dt("2024-05-01 08:23:11");
        for s in [
            "2024-05-01 08:23:11",
            "2024/05/01 08:23:11",
            "2024/5/1 8:23:11",
            "2024年5月1日 08:23:11",
            "2024年5月1日8时23分11秒",
            "2024-05-01T08:23:11",
            "2024-05-01T08:23:11.000",
            "2024-05-01 08:23:11.250",
            "2024.05.01 08:23:11",
            "20240501082311",
            " ２０２４-０５-０１ ０８:２３:１１ ",
            "05/01/2024 08:23:11 AM",
            "2024-05-01T08:23:11+08:00",
        ] {
            assert_eq!(parse_datetime(s, false), Some(want), "{s}");
        }
        let no_seconds = dt("2024-05-01 08:23:00");
        for s in ["2024/5/1 8:23", "2024年5月1日 08:23", "2024-05-01 08:23"] {
            assert_eq!(parse_datetime(s, false), Some(no_seconds), "{s}");
        }
        let midnight = dt("2024-05-01 00:00:00");
        for s in [
            "2024-05-01",
            "2024/5/1",
            "2024年5月1日",
            "20240501",
            "5/1/2024",
        ] {
            assert_eq!(parse_datetime(s, false), Some(midnight), "{s}");
        }
    }

    #[test]
    fn us_and_day_first_order() {
        assert_eq!(
            parse_datetime("12/31/2016", false),
            Some(dt("2016-12-31 00:00:00"))
        );
        // 31 cannot be a month, so the order is unambiguous either way.
        assert_eq!(
            parse_datetime("31/12/2016", false),
            Some(dt("2016-12-31 00:00:00"))
        );
        assert_eq!(
            parse_datetime("01/05/2024", true),
            Some(dt("2024-05-01 00:00:00"))
        );
        assert_eq!(
            parse_datetime("01/05/2024", false),
            Some(dt("2024-01-05 00:00:00"))
        );
        assert_eq!(
            parse_datetime("05/01/2024 11:05:00 PM", false),
            Some(dt("2024-05-01 23:05:00"))
        );
        assert_eq!(
            parse_datetime("05/01/2024 12:05:00 AM", false),
            Some(dt("2024-05-01 00:05:00"))
        );
        assert_eq!(
            parse_datetime("2024年5月1日 下午3:05", false),
            Some(dt("2024-05-01 15:05:00"))
        );
    }

    #[test]
    fn excel_serials() {
        assert_eq!(
            parse_datetime("45413", false),
            Some(dt("2024-05-01 00:00:00"))
        );
        // 08:23:11 is 0.349432870... of a day.
        assert_eq!(
            parse_datetime("45413.34943287037", false),
            Some(dt("2024-05-01 08:23:11"))
        );
        assert_eq!(
            parse_datetime("42735", false),
            Some(dt("2016-12-31 00:00:00"))
        );
    }

    #[test]
    fn garbage_is_none() {
        for s in [
            "",
            "明天",
            "2024-13-01",
            "2024-02-30",
            "abc",
            "1",
            "2024-05-01 25:00",
            "99999999",
            "N/A",
            "0000-00-00",
            "--",
        ] {
            assert_eq!(parse_datetime(s, false), None, "{s}");
        }
    }

    #[test]
    fn status_vocabulary() {
        assert_eq!(Status::parse("已办结"), Some(Status::Closed));
        assert_eq!(Status::parse(" Closed "), Some(Status::Closed));
        assert_eq!(Status::parse("办理中"), Some(Status::Open));
        assert_eq!(Status::parse("In Progress"), Some(Status::Open));
        assert_eq!(Status::parse("已退回"), Some(Status::Returned));
        assert_eq!(Status::parse("作废"), Some(Status::Cancelled));
        assert_eq!(Status::parse("奇怪"), None);
    }

    #[test]
    fn satisfaction_vocabulary() {
        assert_eq!(parse_satisfaction("非常满意"), Some("满意"));
        assert_eq!(parse_satisfaction("基本满意"), Some("基本满意"));
        assert_eq!(parse_satisfaction("一般"), Some("基本满意"));
        assert_eq!(parse_satisfaction("不满意"), Some("不满意"));
        assert_eq!(parse_satisfaction("未回访"), Some("未回访"));
        assert_eq!(parse_satisfaction("5"), Some("满意"));
        assert_eq!(parse_satisfaction("?"), None);
    }

    #[test]
    fn channels_kinds_and_counts() {
        assert_eq!(parse_channel("12345热线"), "phone");
        assert_eq!(parse_channel("网站"), "web");
        assert_eq!(parse_channel("e福州app"), "app");
        assert_eq!(parse_channel("12345APP"), "app");
        assert_eq!(parse_channel("微信"), "wechat");
        assert_eq!(parse_channel("ONLINE"), "web");
        assert_eq!(parse_channel("信鸽"), "信鸽");
        assert_eq!(parse_kind("投诉类"), "投诉");
        assert_eq!(parse_kind("意见建议"), "建议");
        assert_eq!(parse_count("3"), Some(3));
        assert_eq!(parse_count("3.0"), Some(3));
        assert_eq!(parse_count("３"), Some(3));
        assert_eq!(parse_count("-1"), None);
        assert_eq!(parse_count("x"), None);
        assert_eq!(parse_bool("是"), Some(true));
        assert_eq!(parse_bool("未解决"), Some(false));
    }

    #[test]
    fn ids_and_half_width() {
        assert_eq!(clean_id(" 2024 0501\n"), "20240501");
        assert_eq!(clean_id("1024.0"), "1024");
        assert_eq!(clean_id("A-1.0"), "A-1.0");
        assert_eq!(to_half_width("ＡＢ１２３，"), "AB123,");
    }

    /// The fast path gives what the general parser gives, on its layout,
    /// and leaves every other layout to it.
    #[test]
    fn the_iso_layout_reads_as_the_general_parser_does() {
        for s in [
            "2024-05-01 13:45:00",
            "2024/05/01 08:05",
            "2024-05-01",
            "2024-05-01T23:59:59",
            "2024-02-30 10:00:00",
            "2024-05-01 24:00:00",
            "1899-12-31 00:00:00",
            "2101-01-01",
            "2024-13-01",
            "2024-05-01 13:61",
        ] {
            let fast = parse_iso_layout(s).expect(s);
            assert_eq!(fast, parse_any_layout(s, false), "{s}");
            assert_eq!(fast, parse_any_layout(s, true), "{s}");
        }
        for s in [
            "2024-5-1 13:45:00",
            "2024年05月01日",
            "01/05/2024 13:45",
            "2024-05-01 下午1:45",
            "2024-05-01 13:45:00.123",
            "２０２４-05-01",
            "2024-05/01",
        ] {
            assert!(parse_iso_layout(s).is_none(), "{s}");
        }
        assert_eq!(
            parse_datetime(" 2024-05-01 13:45:00 ", false).map(|t| t.to_string()),
            Some("2024-05-01 13:45:00".to_string())
        );
    }
}
