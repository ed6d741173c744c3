//! What an agency says about a task's state, and percentages.
//!
//! Status wordings are matched on the text's key (accents, case and tone placement
//! folded, so `hoan thanh` and `HOÀN THÀNH` read alike), as whole words; the longest
//! matching phrase wins (`Chưa hoàn thành` over `Hoàn thành`, `Đang thực hiện thường
//! xuyên` over `Đang thực hiện`).
//!
//! *Decisions*: `Chưa hoàn thành` / `Không hoàn thành` mean started but not done →
//! [`ReportedState::InProgress`] (the period-end rules then make it overdue when its
//! deadline has passed). A plain "done" wording with a lateness word (`chậm`, `quá hạn`,
//! `muộn`, `trễ`) anywhere in the cell is [`ReportedState::DoneLate`]
//! (`Đã hoàn thành nhưng chậm`); with `đúng hạn` / `đúng tiến độ` / `trước hạn` it is
//! [`ReportedState::DoneOnTime`]. A "done" wording with a share below 100 % in the cell
//! (`Hoàn thành 80%`) is [`ReportedState::InProgress`]: the clerk reports how much is done.

use crate::normalize::text::{has_phrase, key, phrase_starts};

/// The state as reported, before the period-end rules of `consolidate` apply.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ReportedState {
    /// `Hoàn thành`, `Đã hoàn thành`, `HT`.
    Done,
    /// `Hoàn thành đúng hạn`.
    DoneOnTime,
    /// `Hoàn thành quá hạn`, `Hoàn thành chậm`.
    DoneLate,
    /// `Đang thực hiện`, `Đang triển khai`.
    InProgress,
    /// `Chưa thực hiện`, `Chưa triển khai`.
    NotStarted,
    /// `Thường xuyên`.
    Recurring,
}

use ReportedState::*;

/// Status phrases in key form. Lateness/on-time qualifiers of a plain "done" are handled
/// by [`qualify_done`], so only the base wordings are listed for `Done`.
const PHRASES: &[(&str, ReportedState)] = &[
    ("hoan thanh", Done),
    ("da hoan thanh", Done),
    ("ht", Done),
    ("da ht", Done),
    ("xong", Done),
    ("da xong", Done),
    ("hoan tat", Done),
    ("da hoan tat", Done),
    ("da thuc hien xong", Done),
    ("thuc hien xong", Done),
    ("hoan thanh dung han", DoneOnTime),
    ("hoan thanh qua han", DoneLate),
    ("hoan thanh cham", DoneLate),
    ("hoan thanh muon", DoneLate),
    ("hoan thanh tre", DoneLate),
    ("dang thuc hien", InProgress),
    ("dang trien khai", InProgress),
    ("dang tien hanh", InProgress),
    ("dang lam", InProgress),
    ("dang xay dung", InProgress),
    ("dang hoan thien", InProgress),
    ("dang th", InProgress),
    ("dth", InProgress),
    ("chua hoan thanh", InProgress),
    ("khong hoan thanh", InProgress),
    ("chua ht", InProgress),
    ("chua thuc hien", NotStarted),
    ("chua trien khai", NotStarted),
    ("chua tien hanh", NotStarted),
    ("chua bat dau", NotStarted),
    ("chua lam", NotStarted),
    ("chua th", NotStarted),
    ("khong thuc hien", NotStarted),
    ("thuong xuyen", Recurring),
    ("thuc hien thuong xuyen", Recurring),
    ("dang thuc hien thuong xuyen", Recurring),
    ("hang thang", Recurring),
    ("hang quy", Recurring),
    ("hang nam", Recurring),
    ("hang tuan", Recurring),
    ("hang ngay", Recurring),
    ("dinh ky", Recurring),
    ("lien tuc", Recurring),
];

const LATE_WORDS: &[&str] = &["cham", "qua han", "muon", "tre", "tre han", "khong dung han", "sau han"];
const ON_TIME_WORDS: &[&str] = &["dung han", "dung tien do", "truoc han", "dung thoi han"];

fn qualify_done(words: &[&str]) -> ReportedState {
    // `không đúng hạn` contains `đúng hạn`: lateness is checked first.
    if LATE_WORDS.iter().any(|w| has_phrase(words, w)) {
        DoneLate
    } else if ON_TIME_WORDS.iter().any(|w| has_phrase(words, w)) {
        DoneOnTime
    } else {
        Done
    }
}

/// A status cell's text; `None` when it is not a status.
pub fn parse_status(s: &str) -> Option<ReportedState> {
    let k = key(s);
    if k.is_empty() {
        return None;
    }
    let words: Vec<&str> = k.split(' ').collect();
    let (_, state) =
        PHRASES.iter().filter(|(p, st)| occurs_unnegated(&words, p, *st)).max_by_key(|(p, _)| p.len()).copied()?;
    let state = if state == Done { qualify_done(&words) } else { state };
    // `Hoàn thành 80%`: the share done, not a completion.
    if matches!(state, Done | DoneOnTime | DoneLate) && stated_percent(s).is_some_and(|p| p < 100.0) {
        return Some(InProgress);
    }
    Some(state)
}

/// A percentage written inside a longer cell (`Hoàn thành 80%`, `Đã hoàn thành (100%)`):
/// the number right before the first `%` sign.
fn stated_percent(s: &str) -> Option<f64> {
    let before = &s[..s.find('%')?];
    let number: String = before
        .trim_end()
        .chars()
        .rev()
        .take_while(|c| c.is_ascii_digit() || *c == ',' || *c == '.')
        .collect::<Vec<_>>()
        .into_iter()
        .rev()
        .collect();
    percent_from_text(&format!("{number}%"))
}

/// Whether `phrase` occurs as whole words; a "done" wording right after `chưa`/`không`
/// does not count (`Chưa hoàn thành, quá hạn` is not `Hoàn thành quá hạn`).
fn occurs_unnegated(words: &[&str], phrase: &str, state: ReportedState) -> bool {
    let negatable = matches!(state, Done | DoneOnTime | DoneLate);
    phrase_starts(words, phrase).any(|at| !negatable || at == 0 || !matches!(words[at - 1], "chua" | "khong"))
}

/// Group headers above x-mark columns in two-row headers (`Tình hình thực hiện` over
/// `Hoàn thành | Đang thực hiện | Chưa thực hiện`), which may be joined to the column's
/// own header.
const GROUP_HEADERS: &[&str] = &[
    "tinh hinh thuc hien",
    "tien do thuc hien",
    "tien do",
    "tinh trang",
    "trang thai",
    "ket qua thuc hien",
    "ket qua",
    "danh gia",
    "muc do hoan thanh",
];

/// The state an x-mark column stands for, from its header (`Hoàn thành`,
/// `Đang thực hiện`, `Chưa thực hiện`…).
///
/// Strict: the header must be a status wording itself (optionally after a group header
/// such as `Tình hình thực hiện`), so `Thời gian hoàn thành`, `Ngày hoàn thành`,
/// `Tỷ lệ hoàn thành (%)` or `Tình hình thực hiện` alone are not x-mark columns.
pub fn x_mark_column(header: &str) -> Option<ReportedState> {
    // `% hoàn thành` is a percentage column; the key would drop the sign.
    if header.contains('%') {
        return None;
    }
    let k = key(header);
    let exact = |k: &str| PHRASES.iter().find(|(p, _)| *p == k).map(|(_, st)| *st);
    if let Some(st) = exact(&k) {
        return Some(st);
    }
    GROUP_HEADERS.iter().find_map(|g| k.strip_prefix(g).and_then(|rest| rest.strip_prefix(' ')).and_then(exact))
}

/// Whether a cell under an x-mark column is marked (`x`, `X`, `×`, `✓`, `1`…).
pub fn is_mark(s: &str) -> bool {
    let t = s.trim().to_lowercase();
    matches!(t.as_str(), "x" | "×" | "✗" | "✘" | "☒" | "☑" | "✓" | "✔" | "v" | "1" | "1.0" | "có" | "co" | "true")
        || key(&t) == "co"
}

/// Rounds away float noise (`0.85 * 100` is `85.00000000000001`).
fn tidy(v: f64) -> f64 {
    (v * 1e6).round() / 1e6
}

/// A percentage from a number cell: `0.85` → 85, `85` → 85 (values in 0..=1 are
/// fractions, so `1` → 100 — a cell formatted `%` holding 100 % stores 1). Negative,
/// over 100 and non-finite values give `None`.
pub fn percent_from_number(v: f64) -> Option<f64> {
    if !v.is_finite() || v < 0.0 {
        return None;
    }
    let pct = if v <= 1.0 { tidy(v * 100.0) } else { tidy(v) };
    (pct <= 100.0).then_some(pct)
}

/// A percentage from text: `85%`, `85 %`, `85,5%`, `0,85`, `85`. With a `%` sign the
/// number is taken as is (`0,5%` → 0.5); without it the rules of
/// [`percent_from_number`] apply.
pub fn percent_from_text(s: &str) -> Option<f64> {
    let compact: String = s.chars().filter(|c| !c.is_whitespace()).collect();
    let (number, has_pct) = match compact.strip_suffix('%') {
        Some(n) => (n, true),
        None => (compact.as_str(), false),
    };
    if number.is_empty()
        || !number.chars().all(|c| c.is_ascii_digit() || c == ',' || c == '.')
        || number.chars().filter(|c| *c == ',' || *c == '.').count() > 1
    {
        return None;
    }
    let v: f64 = number.replace(',', ".").parse().ok()?;
    if has_pct {
        (v.is_finite() && (0.0..=100.0).contains(&v)).then(|| tidy(v))
    } else {
        percent_from_number(v)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn statuses_of_the_domain() {
        let cases = [
            ("Hoàn thành", Done),
            ("Đã hoàn thành", Done),
            ("HT", Done),
            ("Xong", Done),
            ("Hoàn thành đúng hạn", DoneOnTime),
            ("Hoàn thành quá hạn", DoneLate),
            ("Hoàn thành chậm", DoneLate),
            ("Hoàn thành muộn", DoneLate),
            ("Đã hoàn thành nhưng chậm", DoneLate),
            ("Đã hoàn thành (quá hạn)", DoneLate),
            ("Hoàn thành không đúng hạn", DoneLate),
            ("Đã hoàn thành đúng tiến độ", DoneOnTime),
            ("Đang thực hiện", InProgress),
            ("Đang triển khai", InProgress),
            ("Đang tiến hành", InProgress),
            ("Chưa hoàn thành", InProgress),
            ("Chưa thực hiện", NotStarted),
            ("Chưa triển khai", NotStarted),
            ("Thường xuyên", Recurring),
            ("Đang thực hiện thường xuyên", Recurring),
            ("Hằng tháng", Recurring),
        ];
        for (s, want) in cases {
            assert_eq!(parse_status(s), Some(want), "{s}");
        }
    }

    #[test]
    fn statuses_any_case_accents_and_forms() {
        assert_eq!(parse_status("hoan thanh"), Some(Done));
        assert_eq!(parse_status("HOÀN THÀNH"), Some(Done));
        assert_eq!(parse_status("  đã  hoàn   thành. "), Some(Done));
        assert_eq!(parse_status("dang thuc hien"), Some(InProgress));
        assert_eq!(parse_status("CHƯA TRIỂN KHAI"), Some(NotStarted));
        assert_eq!(parse_status("chua hoan thanh"), Some(InProgress));
        assert_eq!(parse_status("ht"), Some(Done));
        let nfd: String = unicode_normalization::UnicodeNormalization::nfd("Đang triển khai").collect();
        assert_eq!(parse_status(&nfd), Some(InProgress));
        // Longer cells: the most specific wording wins.
        assert_eq!(parse_status("Đang thực hiện, dự kiến hoàn thành trong tháng 6"), Some(InProgress));
        assert_eq!(parse_status("Chưa hoàn thành, quá hạn"), Some(InProgress));
        assert_eq!(parse_status("Chưa thực hiện xong"), Some(NotStarted));
        assert_eq!(parse_status("Không hoàn thành"), Some(InProgress));
        assert_eq!(parse_status("Đã thực hiện xong"), Some(Done));
        assert_eq!(parse_status("Hoàn thành 80%"), Some(InProgress));
        assert_eq!(parse_status("Hoàn thành 80 %"), Some(InProgress));
        assert_eq!(parse_status("Đã hoàn thành (100%)"), Some(Done));
        assert_eq!(parse_status("Đang thực hiện (đạt 60%)"), Some(InProgress));
        assert_eq!(parse_status("Đang triển khai thực hiện"), Some(InProgress));
        assert_eq!(parse_status("Chưa triển khai do chưa có hướng dẫn"), Some(NotStarted));
        assert_eq!(parse_status("Thực hiện thường xuyên"), Some(Recurring));
        assert_eq!(parse_status("Đã xong"), Some(Done));
    }

    #[test]
    fn statuses_inside_long_text_are_whole_words() {
        // Whole words only: `hoàn thành` inside `hoàn thiện` or a word that merely starts
        // the same does not count.
        assert_eq!(parse_status("Đang hoàn thiện hồ sơ"), Some(InProgress));
        assert_eq!(parse_status("Hoàn thànhh"), None);
        // A negated "done" early in a long cell, then a plain one later: the later counts.
        assert_eq!(
            parse_status("Tháng trước chưa hoàn thành; đến nay đã hoàn thành đúng hạn, đã báo cáo UBND tỉnh"),
            Some(DoneOnTime),
            "the later, unnegated phrase counts, and the longest phrase wins"
        );
        assert_eq!(parse_status("Không hoàn thành hoàn thành"), Some(InProgress));
        // A status at the very start, in a text of hundreds of words.
        let long = format!("Hoàn thành. {}", "Tổ chức tuyên truyền rộng rãi đến người dân. ".repeat(80));
        assert_eq!(parse_status(&long), Some(Done));
    }

    #[test]
    fn not_statuses() {
        for s in ["", "   ", "x", "Ghi chú", "100%", "30/6/2023", "Sở Tư pháp", "htx", "chậm"] {
            assert_eq!(parse_status(s), None, "{s}");
        }
    }

    #[test]
    fn x_mark_columns() {
        assert_eq!(x_mark_column("Hoàn thành"), Some(Done));
        assert_eq!(x_mark_column("Đã hoàn thành"), Some(Done));
        assert_eq!(x_mark_column("HOÀN THÀNH"), Some(Done));
        assert_eq!(x_mark_column("Đang thực hiện"), Some(InProgress));
        assert_eq!(x_mark_column("Chưa thực hiện"), Some(NotStarted));
        assert_eq!(x_mark_column("Chưa triển khai"), Some(NotStarted));
        assert_eq!(x_mark_column("Chưa hoàn thành"), Some(InProgress));
        assert_eq!(x_mark_column("Hoàn thành quá hạn"), Some(DoneLate));
        assert_eq!(x_mark_column("Thường xuyên"), Some(Recurring));
        assert_eq!(x_mark_column("Tình hình thực hiện - Hoàn thành"), Some(Done));
        assert_eq!(x_mark_column("Tiến độ / Đang thực hiện"), Some(InProgress));
        for h in [
            "Thời gian hoàn thành",
            "Thời hạn hoàn thành",
            "Ngày hoàn thành",
            "Tỷ lệ hoàn thành (%)",
            "% hoàn thành",
            "Tình hình thực hiện",
            "Kết quả thực hiện",
            "Nhiệm vụ",
            "",
        ] {
            assert_eq!(x_mark_column(h), None, "{h}");
        }
    }

    #[test]
    fn marks() {
        for s in ["x", "X", " x ", "×", "✓", "✔", "v", "V", "1", "có", "Có", "CÓ"] {
            assert!(is_mark(s), "{s}");
        }
        for s in ["", " ", "0", "-", "không", "xx", "Hoàn thành", "2"] {
            assert!(!is_mark(s), "{s}");
        }
    }

    #[test]
    fn percents_from_numbers() {
        assert_eq!(percent_from_number(0.85), Some(85.0));
        assert_eq!(percent_from_number(1.0), Some(100.0));
        assert_eq!(percent_from_number(0.0), Some(0.0));
        assert_eq!(percent_from_number(0.333), Some(33.3));
        assert_eq!(percent_from_number(85.0), Some(85.0));
        assert_eq!(percent_from_number(100.0), Some(100.0));
        assert_eq!(percent_from_number(85.5), Some(85.5));
        assert_eq!(percent_from_number(100.5), None);
        assert_eq!(percent_from_number(-0.1), None);
        assert_eq!(percent_from_number(f64::NAN), None);
        assert_eq!(percent_from_number(f64::INFINITY), None);
    }

    #[test]
    fn percents_from_text() {
        assert_eq!(percent_from_text("85%"), Some(85.0));
        assert_eq!(percent_from_text("85 %"), Some(85.0));
        assert_eq!(percent_from_text("85,5%"), Some(85.5));
        assert_eq!(percent_from_text("85.5 %"), Some(85.5));
        assert_eq!(percent_from_text("0,85"), Some(85.0));
        assert_eq!(percent_from_text("0.85"), Some(85.0));
        assert_eq!(percent_from_text("85"), Some(85.0));
        assert_eq!(percent_from_text("100%"), Some(100.0));
        assert_eq!(percent_from_text("0,5%"), Some(0.5));
        assert_eq!(percent_from_text(" 1 "), Some(100.0));
        for s in ["", "%", "abc", "120%", "-5%", "85%%", "1,000.5", "85 phần trăm", "1e2"] {
            assert_eq!(percent_from_text(s), None, "{s}");
        }
    }
}
