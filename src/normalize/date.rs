//! Dates and deadlines as agencies write them (`docs/domain.md`, "Deadline forms").
//!
//! Text is tokenized on its matching form (accents and case folded, so NFD input,
//! uppercase titles and text typed without diacritics all read alike) into numbers,
//! words and separators; the forms below are token patterns.

use crate::model::Period;
use crate::normalize::text;
use chrono::{Datelike, Duration, NaiveDate};
use unicode_normalization::char::is_combining_mark;
use unicode_normalization::UnicodeNormalization;

/// A parsed deadline. `text` is the agency's own wording (cleaned), kept for documents.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Deadline {
    /// A fixed date (a month, quarter, half-year or year resolves to its last day).
    Date { date: NaiveDate, text: String },
    /// `Thường xuyên`, `Hằng tháng`, `Hàng năm`… no fixed deadline.
    Recurring { text: String },
    /// Not understood: kept as text, flagged, never counted overdue.
    Unparsed { text: String },
}

/// Excel serial date (1900 system with its Lotus leap-year bug, or 1904 system).
///
/// The time of day (fraction) is dropped. Serial 60 of the 1900 system is the
/// non-existent 29 February 1900 and gives `None`, as do serials before day 1 and after
/// 9999-12-31, negative, infinite and NaN values.
pub fn excel_serial_to_date(serial: f64, date1904: bool) -> Option<NaiveDate> {
    if !serial.is_finite() || !(0.0..2_958_466.0).contains(&serial) {
        return None;
    }
    let days = serial.floor() as i64;
    let (base, offset) = if date1904 {
        (NaiveDate::from_ymd_opt(1904, 1, 1)?, days)
    } else {
        match days {
            0 | 60 => return None,
            // Before the fake 1900-02-29: day 1 is 1900-01-01.
            1..=59 => (NaiveDate::from_ymd_opt(1899, 12, 31)?, days),
            _ => (NaiveDate::from_ymd_opt(1899, 12, 30)?, days),
        }
    };
    let date = base.checked_add_signed(Duration::try_days(offset)?)?;
    (date.year() <= 9999).then_some(date)
}

/// A date written as text: `30/6/2023`, `30-06-2023`, `30.6.2023`, `2023-06-30`,
/// `ngày 30 tháng 6 năm 2023`. Day-first always; two-digit years are 20xx. A trailing
/// time (`30/06/2023 00:00:00`, `2023-06-30T08:00`) is ignored.
pub fn parse_date_text(s: &str) -> Option<NaiveDate> {
    let toks = tokenize(s);
    let mut i = 0;
    if word_at(&toks, i, "ngay") {
        i += 1;
    }
    let (date, next) = date_at(&toks, i)?;
    let end = skip_time(&toks, next);
    let end = skip_trailing_punct(&toks, end);
    (end == toks.len()).then_some(date)
}

/// A deadline written as text: every form of `docs/domain.md`, "Deadline forms" (dates, `Tháng 6/2023`,
/// `Quý II/2023`, `6 tháng đầu năm 2023`, `Năm 2023`, `Trước 15/7/2023`, recurring
/// words). Empty text gives `None`.
///
/// *Decisions*: `Trước`/`Chậm nhất` + a date is that date; `Trước` + a
/// month, quarter or year is read literally, the last day before that period starts
/// (`Trước tháng 7/2023` → 30/6/2023). Fillers such as `Trong`, `Hết`, `Cuối`, `Đến`
/// do not change the meaning (`Trong quý II/2023` → 30/6/2023).
pub fn parse_deadline_text(s: &str) -> Option<Deadline> {
    let cleaned = text::clean(s);
    if cleaned.is_empty() {
        return None;
    }
    let toks = tokenize(&cleaned);
    if toks.is_empty() {
        return Some(Deadline::Unparsed { text: cleaned });
    }
    if let Some(date) = deadline_date(&toks) {
        return Some(Deadline::Date { date, text: cleaned });
    }
    if is_recurring(&text::key(&cleaned)) {
        return Some(Deadline::Recurring { text: cleaned });
    }
    Some(Deadline::Unparsed { text: cleaned })
}

/// A deadline written without its year (`30/6`, `Trước 30/6`, `Tháng 6`, `Quý II`), read
/// in `year`. `None` when the text states a year or is not such a form.
///
/// *Decision*: the year is the report's own (a clerk writing `30/6` in the May 2023 report
/// means 30/6/2023), also when that day has passed.
pub fn deadline_in_year(s: &str, year: i32) -> Option<NaiveDate> {
    let cleaned = text::clean(s);
    if cleaned.is_empty() || tokenize(&cleaned).iter().any(|t| matches!(t, Tok::Num { digits: 4, .. })) {
        return None;
    }
    [format!("{cleaned}/{year}"), format!("{cleaned} {year}")].iter().find_map(|t| deadline_date(&tokenize(t)))
}

/// A place-date line anywhere in a cell: `Bảo Thắng, ngày 18 tháng 5 năm 2023`, or a
/// `Ngày báo cáo: 18/05/2023` cell. A blank place-date line (`ngày   tháng   năm 2023`)
/// gives `None`; so does `trước ngày …`, which is a deadline, not a report date.
pub fn parse_report_date(s: &str) -> Option<NaiveDate> {
    let toks = tokenize(s);
    for i in 0..toks.len() {
        if !word_at(&toks, i, "ngay") {
            continue;
        }
        if i > 0 && DEADLINE_LEAD_WORDS.iter().any(|w| word_at(&toks, i - 1, w)) {
            continue;
        }
        // Place-date line: `ngày 18 tháng 5 năm 2023` (also `ngày 18/5/2023`).
        if let Some((date, _)) = date_at(&toks, i + 1) {
            return Some(date);
        }
        // `Ngày báo cáo: 18/05/2023`, `Ngày lập: …`, `Ngày gửi báo cáo …`.
        let mut j = i + 1;
        let mut labelled = false;
        while let Some(Tok::Word(w)) = toks.get(j) {
            if !matches!(w.as_str(), "bao" | "cao" | "lap" | "gui" | "ky") {
                break;
            }
            labelled = true;
            j += 1;
        }
        if !labelled {
            continue;
        }
        if sep_at(&toks, j, ':') {
            j += 1;
        }
        if word_at(&toks, j, "ngay") {
            j += 1;
        }
        if let Some((date, _)) = date_at(&toks, j) {
            return Some(date);
        }
    }
    None
}

/// A date stated inside a longer cell (`Hoàn thành ngày 12/5/2023`, `Đã xong (12/5/2023)`):
/// the first full date not introduced as a limit (`trước`, `hạn`, `chậm nhất`, `đến`,
/// `từ`, `sau`).
pub fn date_in_text(s: &str) -> Option<NaiveDate> {
    let toks = tokenize(s);
    let limit = |i: usize| {
        let mut j = i;
        if j > 0 && word_at(&toks, j - 1, "ngay") {
            j -= 1;
        }
        j > 0 && ["truoc", "nhat", "han", "den", "tu", "sau"].iter().any(|w| word_at(&toks, j - 1, w))
    };
    (0..toks.len()).find_map(|i| {
        let starts = matches!(toks.get(i), Some(Tok::Num { .. }))
            && (i == 0 || !matches!(toks.get(i - 1), Some(Tok::Num { .. }) | Some(Tok::Sep('/' | '-' | '.'))));
        if !starts || limit(i) {
            return None;
        }
        date_at(&toks, i).map(|(d, _)| d)
    })
}

/// The reporting period in a title: `... tháng 5 năm 2023`, `Tháng 05/2023`, `T5/2023`,
/// `tháng 5/2023`, `Kỳ báo cáo: 05/2023`. A place-date line (`ngày 18 tháng 5 năm 2023`)
/// and deadlines (`Quý II/2023`, `trước tháng 6/2023`) are not periods.
pub fn parse_period(s: &str) -> Option<Period> {
    let toks = tokenize(s);
    for i in 0..toks.len() {
        // `N tháng M năm Y` is a date, and `trước/đến… tháng` a deadline.
        let preceded_by_number = i > 0 && matches!(toks.get(i - 1), Some(Tok::Num { .. }));
        let preceded_by_lead = i > 0 && PERIOD_LEAD_WORDS.iter().any(|w| word_at(&toks, i - 1, w));
        if preceded_by_number || preceded_by_lead {
            continue;
        }
        // `tháng 5 năm 2023`, `Tháng 05/2023`, `T5/2023` (the number glued to `T`).
        if word_at(&toks, i, "thang") || (word_at(&toks, i, "t") && glued_at(&toks, i + 1)) {
            if let Some((p, _)) = month_year_at(&toks, i + 1) {
                return Some(p);
            }
        } else if word_at(&toks, i, "ky") && word_at(&toks, i + 1, "bao") && word_at(&toks, i + 2, "cao") {
            let mut j = i + 3;
            if sep_at(&toks, j, ':') {
                j += 1;
            }
            if let Some((p, _)) = month_year_at(&toks, j) {
                return Some(p);
            }
        }
    }
    None
}

/// Words right before `ngày` that make it a deadline rather than a report date.
const DEADLINE_LEAD_WORDS: &[&str] = &["truoc", "nhat", "han", "den", "tu", "sau", "hoan", "thanh"];

/// Words right before `tháng` that make it a deadline or a range rather than the period.
const PERIOD_LEAD_WORDS: &[&str] = &["truoc", "nhat", "han", "den", "tu", "sau", "het", "cuoi"];

/// Words that mark a task without a fixed deadline (matched on the key).
const RECURRING_PHRASES: &[&str] = &[
    "thuong xuyen",
    "hang thang",
    "hang nam",
    "hang quy",
    "hang tuan",
    "hang ngay",
    "dinh ky",
    "lien tuc",
    "moi thang",
    "moi quy",
    "moi nam",
];

fn is_recurring(key: &str) -> bool {
    let padded = format!(" {key} ");
    RECURRING_PHRASES.iter().any(|p| padded.contains(&format!(" {p} ")))
}

#[derive(Debug, Clone, PartialEq, Eq)]
enum Tok {
    /// Digits: value (saturated), digit count, and whether no space separated it from
    /// the previous token (`T5` → `t`, glued `5`).
    Num { value: u32, digits: usize, glued: bool },
    /// Letters, folded to the matching form (no accents, lowercase, đ → d).
    Word(String),
    /// Punctuation; dashes and slashes are unified (`–` → `-`, `\` → `/`).
    Sep(char),
}

fn tokenize(s: &str) -> Vec<Tok> {
    let mut toks = Vec::new();
    let mut word = String::new();
    let mut num: Option<(u32, usize)> = None;
    let mut num_glued = false;
    let mut last_was_space = true;
    let flush = |toks: &mut Vec<Tok>, word: &mut String, num: &mut Option<(u32, usize)>, glued: bool| {
        if !word.is_empty() {
            toks.push(Tok::Word(std::mem::take(word)));
        }
        if let Some((value, digits)) = num.take() {
            toks.push(Tok::Num { value, digits, glued });
        }
    };
    for c in s.nfd() {
        if is_combining_mark(c) {
            continue;
        }
        let c = match c {
            'đ' | 'Đ' | 'Ð' | 'ð' => 'd',
            '–' | '—' | '−' | '‐' | '‑' => '-',
            '\\' => '/',
            c => c,
        };
        if c.is_ascii_digit() {
            if !word.is_empty() {
                flush(&mut toks, &mut word, &mut num, false);
                num_glued = true;
            } else if num.is_none() {
                num_glued = !last_was_space && !toks.is_empty() && !matches!(toks.last(), Some(Tok::Sep(_)));
            }
            let d = c.to_digit(10).unwrap_or(0);
            let (value, digits) = num.unwrap_or((0, 0));
            num = Some((value.saturating_mul(10).saturating_add(d), digits + 1));
            last_was_space = false;
        } else if c.is_alphabetic() {
            if num.is_some() {
                flush(&mut toks, &mut word, &mut num, num_glued);
            }
            word.extend(c.to_lowercase());
            last_was_space = false;
        } else {
            flush(&mut toks, &mut word, &mut num, num_glued);
            if c.is_whitespace() {
                last_was_space = true;
            } else {
                toks.push(Tok::Sep(c));
                last_was_space = false;
            }
        }
    }
    flush(&mut toks, &mut word, &mut num, num_glued);
    toks
}

fn word_at(toks: &[Tok], i: usize, w: &str) -> bool {
    matches!(toks.get(i), Some(Tok::Word(x)) if x == w)
}

fn sep_at(toks: &[Tok], i: usize, c: char) -> bool {
    matches!(toks.get(i), Some(Tok::Sep(x)) if *x == c)
}

fn glued_at(toks: &[Tok], i: usize) -> bool {
    matches!(toks.get(i), Some(Tok::Num { glued: true, .. }))
}

/// A number of at most `max_digits` digits at `i`.
fn num_at(toks: &[Tok], i: usize, max_digits: usize) -> Option<u32> {
    match toks.get(i) {
        Some(Tok::Num { value, digits, .. }) if *digits <= max_digits => Some(*value),
        _ => None,
    }
}

/// A year at `i`: four digits, within a plausible range.
fn year_at(toks: &[Tok], i: usize) -> Option<i32> {
    match toks.get(i) {
        Some(Tok::Num { value, digits: 4, .. }) if (1900..=2100).contains(value) => i32::try_from(*value).ok(),
        _ => None,
    }
}

/// Separators between day, month and year in numeric dates.
fn date_sep(toks: &[Tok], i: usize) -> Option<char> {
    match toks.get(i) {
        Some(Tok::Sep(c)) if matches!(c, '/' | '-' | '.') => Some(*c),
        _ => None,
    }
}

/// A full date starting at `i`; returns it and the index after it.
fn date_at(toks: &[Tok], i: usize) -> Option<(NaiveDate, usize)> {
    // `30 tháng 6 năm 2023` (after an optional `ngày`, handled by callers).
    if let (Some(d), true, Some(m)) = (num_at(toks, i, 2), word_at(toks, i + 1, "thang"), num_at(toks, i + 2, 2)) {
        let mut j = i + 3;
        if sep_at(toks, j, ',') {
            j += 1;
        }
        if word_at(toks, j, "nam") {
            j += 1;
        }
        let y = year_at(toks, j)?;
        return Some((NaiveDate::from_ymd_opt(y, m, d)?, j + 1));
    }
    // ISO `2023-06-30` (also with `/` or `.`).
    if let Some(y) = year_at(toks, i) {
        let s = date_sep(toks, i + 1)?;
        let m = num_at(toks, i + 2, 2)?;
        (date_sep(toks, i + 3)? == s).then_some(())?;
        let d = num_at(toks, i + 4, 2)?;
        return Some((NaiveDate::from_ymd_opt(y, m, d)?, i + 5));
    }
    // Day-first `30/6/2023`, `30-06-2023`, `30.6.2023`, `30/06/23`.
    let d = num_at(toks, i, 2)?;
    let s = date_sep(toks, i + 1)?;
    let m = num_at(toks, i + 2, 2)?;
    (date_sep(toks, i + 3)? == s).then_some(())?;
    let y = match toks.get(i + 4) {
        Some(Tok::Num { value, digits: 2, .. }) => 2000 + i32::try_from(*value).ok()?,
        _ => year_at(toks, i + 4)?,
    };
    Some((NaiveDate::from_ymd_opt(y, m, d)?, i + 5))
}

/// `M/YYYY`, `M-YYYY`, `M.YYYY`, `M năm YYYY`, `M, năm YYYY` at `i`.
fn month_year_at(toks: &[Tok], i: usize) -> Option<(Period, usize)> {
    let m = num_at(toks, i, 2)?;
    let mut j = i + 1;
    if date_sep(toks, j).is_some() {
        j += 1;
    } else {
        if sep_at(toks, j, ',') {
            j += 1;
        }
        if !word_at(toks, j, "nam") {
            return None;
        }
        j += 1;
    }
    let y = year_at(toks, j)?;
    Some((Period::new(y, m)?, j + 1))
}

/// A time of day after a date (`00:00`, `00:00:00`, `T08:00`, `12:00 SA/CH/AM/PM`).
fn skip_time(toks: &[Tok], i: usize) -> usize {
    let mut j = i;
    if word_at(toks, j, "t") {
        j += 1;
    }
    if num_at(toks, j, 2).is_none() || !sep_at(toks, j + 1, ':') || num_at(toks, j + 2, 2).is_none() {
        return i;
    }
    j += 3;
    while sep_at(toks, j, ':') && num_at(toks, j + 1, 2).is_some() {
        j += 2;
    }
    if sep_at(toks, j, '.') && num_at(toks, j + 1, 9).is_some() {
        j += 2;
    }
    if let Some(Tok::Word(w)) = toks.get(j) {
        if matches!(w.as_str(), "am" | "pm" | "sa" | "ch" | "z") {
            j += 1;
        }
    }
    j
}

fn skip_trailing_punct(toks: &[Tok], i: usize) -> usize {
    let mut j = i;
    while matches!(toks.get(j), Some(Tok::Sep('.' | ',' | ';' | ')'))) {
        j += 1;
    }
    j
}

/// The span a deadline names: a day, or a period given by its first and last day.
#[derive(Debug, Clone, Copy)]
struct Span {
    first: NaiveDate,
    last: NaiveDate,
}

fn month_span(y: i32, m: u32) -> Option<Span> {
    let p = Period::new(y, m)?;
    Some(Span { first: p.first_day(), last: p.last_day() })
}

fn months_span(y: i32, first_month: u32, last_month: u32) -> Option<Span> {
    Some(Span { first: month_span(y, first_month)?.first, last: month_span(y, last_month)?.last })
}

fn roman_quarter(w: &str) -> Option<u32> {
    match w {
        "i" => Some(1),
        "ii" => Some(2),
        "iii" => Some(3),
        "iv" => Some(4),
        _ => None,
    }
}

/// A period or date form filling exactly `toks[i..]` (trailing punctuation allowed).
fn span_at(toks: &[Tok], i: usize) -> Option<Span> {
    let done = |j: usize| skip_trailing_punct(toks, j) == toks.len();
    // A date.
    if let Some((d, j)) = date_at(toks, i) {
        let j = skip_time(toks, j);
        return done(j).then_some(Span { first: d, last: d });
    }
    let tail_year = |j: usize| -> Option<i32> {
        let mut j = j;
        if date_sep(toks, j).is_some() || sep_at(toks, j, ',') {
            j += 1;
        }
        if word_at(toks, j, "nam") {
            j += 1;
        }
        let y = year_at(toks, j)?;
        done(j + 1).then_some(y)
    };
    match toks.get(i) {
        // `Tháng 6/2023`, `tháng 6 năm 2023`, `T6/2023`.
        Some(Tok::Word(w)) if w == "thang" || (w == "t" && glued_at(toks, i + 1)) => {
            let m = num_at(toks, i + 1, 2)?;
            let y = tail_year(i + 2)?;
            month_span(y, m)
        }
        // `Quý II/2023`, `Quý 2 năm 2023`, `Q2/2023`.
        Some(Tok::Word(w)) if w == "quy" || w == "q" => {
            let q = match toks.get(i + 1)? {
                Tok::Num { value, digits: 1, .. } if (1..=4).contains(value) => *value,
                Tok::Word(r) => roman_quarter(r)?,
                _ => return None,
            };
            let y = tail_year(i + 2)?;
            months_span(y, q * 3 - 2, q * 3)
        }
        // `Năm 2023`.
        Some(Tok::Word(w)) if w == "nam" => {
            let y = year_at(toks, i + 1)?;
            done(i + 2).then_some(())?;
            months_span(y, 1, 12)
        }
        // `6 tháng đầu năm 2023`, `9 tháng đầu năm 2023`, `6 tháng cuối năm 2023`.
        Some(Tok::Num { value: n, digits: 1..=2, .. }) if word_at(toks, i + 1, "thang") => {
            let n = *n;
            let first = word_at(toks, i + 2, "dau");
            let last = word_at(toks, i + 2, "cuoi");
            if !(first || last) || !(1..=12).contains(&n) || !word_at(toks, i + 3, "nam") {
                return None;
            }
            let y = year_at(toks, i + 4)?;
            done(i + 5).then_some(())?;
            if first {
                months_span(y, 1, n)
            } else {
                months_span(y, 13 - n, 12)
            }
        }
        // `06/2023` alone is a month; `2023` alone a year.
        Some(Tok::Num { digits: 1..=2, .. }) => {
            let (p, j) = month_year_at(toks, i)?;
            done(j).then_some(())?;
            month_span(p.year(), p.month())
        }
        Some(Tok::Num { digits: 4, .. }) => {
            let y = year_at(toks, i)?;
            done(i + 1).then_some(())?;
            months_span(y, 1, 12)
        }
        _ => None,
    }
}

/// Leading words that do not change a deadline's meaning.
const NEUTRAL_LEAD: &[&str] =
    &["trong", "het", "cuoi", "den", "vao", "xong", "la", "thoi", "han", "hoan", "thanh", "ca"];

fn deadline_date(toks: &[Tok]) -> Option<NaiveDate> {
    let mut i = 0;
    let mut before = false;
    let mut by_date = false;
    loop {
        match toks.get(i) {
            Some(Tok::Word(w)) if w == "truoc" => {
                before = true;
                i += 1;
            }
            // `Chậm nhất`.
            Some(Tok::Word(w)) if w == "cham" && word_at(toks, i + 1, "nhat") => {
                by_date = true;
                i += 2;
            }
            // `ngày` before a date; `ngày` + non-date (`ngày 20 hàng tháng`) fails below.
            Some(Tok::Word(w)) if w == "ngay" => i += 1,
            Some(Tok::Word(w)) if NEUTRAL_LEAD.contains(&w.as_str()) => i += 1,
            Some(Tok::Sep(':' | ',' | '-')) if i > 0 => i += 1,
            _ => break,
        }
    }
    let span = span_at(toks, i)?;
    if span.first == span.last || !before || by_date {
        // A date (also `Trước 15/7/2023`), or a period's last day.
        Some(span.last)
    } else {
        // `Trước tháng 7/2023`: before the period starts.
        span.first.pred_opt()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    fn deadline_date_of(s: &str) -> Option<NaiveDate> {
        match parse_deadline_text(s) {
            Some(Deadline::Date { date, .. }) => Some(date),
            _ => None,
        }
    }

    #[test]
    fn excel_serials_1900() {
        assert_eq!(excel_serial_to_date(1.0, false), Some(d(1900, 1, 1)));
        assert_eq!(excel_serial_to_date(59.0, false), Some(d(1900, 2, 28)));
        assert_eq!(excel_serial_to_date(60.0, false), None);
        assert_eq!(excel_serial_to_date(61.0, false), Some(d(1900, 3, 1)));
        assert_eq!(excel_serial_to_date(45107.0, false), Some(d(2023, 6, 30)));
        assert_eq!(excel_serial_to_date(45107.75, false), Some(d(2023, 6, 30)));
        assert_eq!(excel_serial_to_date(45064.0, false), Some(d(2023, 5, 18)));
        assert_eq!(excel_serial_to_date(2_958_465.0, false), Some(d(9999, 12, 31)));
        assert_eq!(excel_serial_to_date(2_958_466.0, false), None);
        assert_eq!(excel_serial_to_date(0.0, false), None);
        assert_eq!(excel_serial_to_date(0.5, false), None);
        assert_eq!(excel_serial_to_date(-1.0, false), None);
        assert_eq!(excel_serial_to_date(f64::NAN, false), None);
        assert_eq!(excel_serial_to_date(f64::INFINITY, false), None);
    }

    #[test]
    fn excel_serials_1904() {
        assert_eq!(excel_serial_to_date(0.0, true), Some(d(1904, 1, 1)));
        assert_eq!(excel_serial_to_date(1.0, true), Some(d(1904, 1, 2)));
        // The same day is 1462 less in the 1904 system.
        assert_eq!(excel_serial_to_date(45107.0 - 1462.0, true), Some(d(2023, 6, 30)));
        assert_eq!(excel_serial_to_date(-0.5, true), None);
    }

    #[test]
    fn deadlines_without_year() {
        assert_eq!(deadline_in_year("30/6", 2023), Some(d(2023, 6, 30)));
        assert_eq!(deadline_in_year("Trước 15/7", 2023), Some(d(2023, 7, 15)));
        assert_eq!(deadline_in_year("Tháng 6", 2023), Some(d(2023, 6, 30)));
        assert_eq!(deadline_in_year("Quý II", 2023), Some(d(2023, 6, 30)));
        assert_eq!(deadline_in_year("6 tháng đầu năm", 2023), Some(d(2023, 6, 30)));
        assert_eq!(deadline_in_year("30/6/2024", 2023), None);
        assert_eq!(deadline_in_year("sớm nhất có thể", 2023), None);
        assert_eq!(deadline_in_year("", 2023), None);
    }

    #[test]
    fn dates_inside_text() {
        assert_eq!(date_in_text("Hoàn thành ngày 12/5/2023"), Some(d(2023, 5, 12)));
        assert_eq!(date_in_text("Đã xong (12/05/2023)"), Some(d(2023, 5, 12)));
        assert_eq!(date_in_text("Hoàn thành ngày 12 tháng 5 năm 2023"), Some(d(2023, 5, 12)));
        assert_eq!(date_in_text("Hoàn thành trước ngày 30/6/2023"), None);
        assert_eq!(date_in_text("Hạn 30/6/2023, đã xong 20/6/2023"), Some(d(2023, 6, 20)));
        assert_eq!(date_in_text("Hoàn thành"), None);
        assert_eq!(date_in_text("Hoàn thành 80%"), None);
    }

    #[test]
    fn text_dates() {
        assert_eq!(parse_date_text("30/6/2023"), Some(d(2023, 6, 30)));
        assert_eq!(parse_date_text("30-06-2023"), Some(d(2023, 6, 30)));
        assert_eq!(parse_date_text("30.6.2023"), Some(d(2023, 6, 30)));
        assert_eq!(parse_date_text("30/06/23"), Some(d(2023, 6, 30)));
        assert_eq!(parse_date_text(" 1/2/2023 "), Some(d(2023, 2, 1)));
        assert_eq!(parse_date_text("2023-06-30"), Some(d(2023, 6, 30)));
        assert_eq!(parse_date_text("2023-06-30T00:00:00"), Some(d(2023, 6, 30)));
        assert_eq!(parse_date_text("30/06/2023 00:00:00"), Some(d(2023, 6, 30)));
        assert_eq!(parse_date_text("ngày 30 tháng 6 năm 2023"), Some(d(2023, 6, 30)));
        assert_eq!(parse_date_text("Ngày 30 tháng 06 năm 2023"), Some(d(2023, 6, 30)));
        assert_eq!(parse_date_text("NGÀY 30 THÁNG 6 NĂM 2023"), Some(d(2023, 6, 30)));
        assert_eq!(parse_date_text("ngay 30 thang 6 nam 2023"), Some(d(2023, 6, 30)));
        assert_eq!(parse_date_text("ngày 30/6/2023"), Some(d(2023, 6, 30)));
        assert_eq!(parse_date_text("30/6/2023."), Some(d(2023, 6, 30)));
        assert_eq!(parse_date_text("30 – 6 – 2023"), Some(d(2023, 6, 30)));
    }

    #[test]
    fn invalid_text_dates() {
        assert_eq!(parse_date_text("31/2/2023"), None);
        assert_eq!(parse_date_text("29/2/2023"), None);
        assert_eq!(parse_date_text("29/2/2024"), Some(d(2024, 2, 29)));
        assert_eq!(parse_date_text("30/13/2023"), None);
        assert_eq!(parse_date_text("30/6-2023"), None);
        assert_eq!(parse_date_text("30/6"), None);
        assert_eq!(parse_date_text("6/2023"), None);
        assert_eq!(parse_date_text("30/6/2023 và 31/7/2023"), None);
        assert_eq!(parse_date_text("99999999999999/6/2023"), None);
        assert_eq!(parse_date_text(""), None);
        assert_eq!(parse_date_text("Hoàn thành"), None);
        assert_eq!(parse_date_text("ngày tháng năm"), None);
    }

    #[test]
    fn deadlines_as_dates() {
        assert_eq!(
            parse_deadline_text(" 30/6/2023 "),
            Some(Deadline::Date { date: d(2023, 6, 30), text: "30/6/2023".into() })
        );
        assert_eq!(deadline_date_of("30-06-2023"), Some(d(2023, 6, 30)));
        assert_eq!(deadline_date_of("30.6.2023"), Some(d(2023, 6, 30)));
        assert_eq!(deadline_date_of("2023-06-30"), Some(d(2023, 6, 30)));
        assert_eq!(deadline_date_of("ngày 30 tháng 6 năm 2023"), Some(d(2023, 6, 30)));
    }

    #[test]
    fn deadlines_months_quarters_years() {
        assert_eq!(
            parse_deadline_text("Tháng 6/2023"),
            Some(Deadline::Date { date: d(2023, 6, 30), text: "Tháng 6/2023".into() })
        );
        assert_eq!(deadline_date_of("tháng 6 năm 2023"), Some(d(2023, 6, 30)));
        assert_eq!(deadline_date_of("T6/2023"), Some(d(2023, 6, 30)));
        assert_eq!(deadline_date_of("Tháng 02/2024"), Some(d(2024, 2, 29)));
        assert_eq!(deadline_date_of("tháng 12-2023"), Some(d(2023, 12, 31)));
        assert_eq!(deadline_date_of("06/2023"), Some(d(2023, 6, 30)));
        assert_eq!(deadline_date_of("Trong tháng 6/2023"), Some(d(2023, 6, 30)));
        assert_eq!(deadline_date_of("Quý II/2023"), Some(d(2023, 6, 30)));
        assert_eq!(deadline_date_of("Quý 2 năm 2023"), Some(d(2023, 6, 30)));
        assert_eq!(deadline_date_of("quý IV năm 2023"), Some(d(2023, 12, 31)));
        assert_eq!(deadline_date_of("QUÝ I/2024"), Some(d(2024, 3, 31)));
        assert_eq!(deadline_date_of("Quý III, năm 2023"), Some(d(2023, 9, 30)));
        assert_eq!(deadline_date_of("Quy 3/2023"), Some(d(2023, 9, 30)));
        assert_eq!(deadline_date_of("6 tháng đầu năm 2023"), Some(d(2023, 6, 30)));
        assert_eq!(deadline_date_of("6 tháng cuối năm 2023"), Some(d(2023, 12, 31)));
        assert_eq!(deadline_date_of("9 tháng đầu năm 2023"), Some(d(2023, 9, 30)));
        assert_eq!(deadline_date_of("Năm 2023"), Some(d(2023, 12, 31)));
        assert_eq!(deadline_date_of("Trong năm 2023"), Some(d(2023, 12, 31)));
        assert_eq!(deadline_date_of("2023"), Some(d(2023, 12, 31)));
        assert_eq!(deadline_date_of("Cả năm 2023"), Some(d(2023, 12, 31)));
    }

    #[test]
    fn deadlines_before() {
        assert_eq!(deadline_date_of("Trước 15/7/2023"), Some(d(2023, 7, 15)));
        assert_eq!(deadline_date_of("Trước ngày 15/7/2023"), Some(d(2023, 7, 15)));
        assert_eq!(deadline_date_of("Chậm nhất ngày 15/7/2023"), Some(d(2023, 7, 15)));
        assert_eq!(deadline_date_of("Chậm nhất 15/7/2023"), Some(d(2023, 7, 15)));
        assert_eq!(deadline_date_of("trước ngày 15 tháng 7 năm 2023"), Some(d(2023, 7, 15)));
        assert_eq!(deadline_date_of("TRUOC 15/07/2023"), Some(d(2023, 7, 15)));
        // A period after `trước` is read literally.
        assert_eq!(deadline_date_of("Trước tháng 7/2023"), Some(d(2023, 6, 30)));
        assert_eq!(deadline_date_of("Trước quý III/2023"), Some(d(2023, 6, 30)));
        assert_eq!(deadline_date_of("Chậm nhất tháng 7/2023"), Some(d(2023, 7, 31)));
    }

    #[test]
    fn deadlines_recurring() {
        for s in [
            "Thường xuyên",
            "THƯỜNG XUYÊN",
            "Hằng tháng",
            "Hàng tháng",
            "Hàng năm",
            "Hằng năm",
            "Hàng quý",
            "Định kỳ",
            "Liên tục",
            "Hằng ngày",
            "thuong xuyen",
            "Trước ngày 20 hàng tháng",
            "Thực hiện thường xuyên trong năm",
        ] {
            assert_eq!(parse_deadline_text(s), Some(Deadline::Recurring { text: text::clean(s) }), "{s}");
        }
    }

    #[test]
    fn deadlines_unparsed_and_empty() {
        assert_eq!(parse_deadline_text(""), None);
        assert_eq!(parse_deadline_text("  \u{00A0} "), None);
        for s in [
            "Theo kế hoạch",
            "31/2/2023",
            "Trước 30/6",
            "Quý V/2023",
            "13 tháng đầu năm 2023",
            "9 tháng đầu năm",
            "---",
        ] {
            assert_eq!(parse_deadline_text(s), Some(Deadline::Unparsed { text: s.to_string() }), "{s}");
        }
        assert_eq!(parse_deadline_text("  Theo   yêu cầu\n"), Some(Deadline::Unparsed { text: "Theo yêu cầu".into() }));
    }

    #[test]
    fn deadline_nfd_text() {
        let nfd: String = "Quý II năm 2023".nfd().collect();
        assert_eq!(
            parse_deadline_text(&nfd),
            Some(Deadline::Date { date: d(2023, 6, 30), text: "Quý II năm 2023".into() })
        );
    }

    #[test]
    fn report_dates() {
        assert_eq!(parse_report_date("Bảo Thắng, ngày 18 tháng 5 năm 2023"), Some(d(2023, 5, 18)));
        assert_eq!(parse_report_date("Lào Cai, ngày 05 tháng 01 năm 2023"), Some(d(2023, 1, 5)));
        assert_eq!(parse_report_date("  Sa Pa,  ngày 9  tháng 6  năm 2023  "), Some(d(2023, 6, 9)));
        assert_eq!(parse_report_date("Ngày báo cáo: 18/05/2023"), Some(d(2023, 5, 18)));
        assert_eq!(parse_report_date("Ngày báo cáo 18/05/2023"), Some(d(2023, 5, 18)));
        assert_eq!(parse_report_date("Ngày lập: 2023-05-18"), Some(d(2023, 5, 18)));
        assert_eq!(parse_report_date("Bát Xát, ngày 18/5/2023"), Some(d(2023, 5, 18)));
        let nfd: String = "Bảo Thắng, ngày 18 tháng 5 năm 2023".nfd().collect();
        assert_eq!(parse_report_date(&nfd), Some(d(2023, 5, 18)));
        assert_eq!(parse_report_date("BẢO THẮNG, NGÀY 18 THÁNG 5 NĂM 2023"), Some(d(2023, 5, 18)));
    }

    #[test]
    fn report_dates_absent() {
        assert_eq!(parse_report_date("Bảo Thắng, ngày  tháng  năm 2023"), None);
        assert_eq!(parse_report_date("Bảo Thắng, ngày ... tháng ... năm 2023"), None);
        assert_eq!(parse_report_date("Bảo Thắng, ngày 31 tháng 2 năm 2023"), None);
        assert_eq!(parse_report_date("Hoàn thành trước ngày 30 tháng 6 năm 2023"), None);
        assert_eq!(parse_report_date("BÁO CÁO tháng 5 năm 2023"), None);
        assert_eq!(parse_report_date(""), None);
        assert_eq!(parse_report_date("Ngày báo cáo:"), None);
    }

    #[test]
    fn periods() {
        let may = Period::new(2023, 5);
        assert_eq!(parse_period("BÁO CÁO KẾT QUẢ THỰC HIỆN KẾ HOẠCH PAPI, SIPAS, PAR INDEX THÁNG 5 NĂM 2023"), may);
        assert_eq!(parse_period("Tháng 05/2023"), may);
        assert_eq!(parse_period("T5/2023"), may);
        assert_eq!(parse_period("Báo cáo T5/2023"), may);
        assert_eq!(parse_period("tháng 5/2023"), may);
        assert_eq!(parse_period("Kỳ báo cáo: tháng 5 năm 2023"), may);
        assert_eq!(parse_period("Kỳ báo cáo: 05/2023"), may);
        assert_eq!(parse_period("Báo cáo tháng 5-2023"), may);
        assert_eq!(parse_period("bao cao thang 5 nam 2023"), may);
        let nfd: String = "Báo cáo tháng 12 năm 2023".nfd().collect();
        assert_eq!(parse_period(&nfd), Period::new(2023, 12));
    }

    #[test]
    fn periods_not_taken() {
        assert_eq!(parse_period("Bảo Thắng, ngày 18 tháng 5 năm 2023"), None);
        assert_eq!(parse_period("ngày 18 tháng 5 năm 2023"), None);
        assert_eq!(parse_period("Quý II/2023"), None);
        assert_eq!(parse_period("6 tháng đầu năm 2023"), None);
        assert_eq!(parse_period("Trước tháng 6/2023"), None);
        assert_eq!(parse_period("Tháng 13/2023"), None);
        assert_eq!(parse_period("tháng 5"), None);
        assert_eq!(parse_period("Năm 2023"), None);
        assert_eq!(parse_period("Sa Pa T 5/2023"), None);
        assert_eq!(parse_period(""), None);
        // The title's period wins over a place-date line in the same cell.
        assert_eq!(
            parse_period("Bảo Thắng, ngày 18 tháng 6 năm 2023 — Báo cáo tháng 5 năm 2023"),
            Period::new(2023, 5)
        );
    }
}
