//! Vietnamese formatting for documents: dates, document numbers, numbers, percentages,
//! roman numerals. Plain functions (used by code) plus the minijinja filters wrapping them.
//!
//! Filters registered by [`register`]:
//! - `ngay_thang`: `"2023-01-05"` → `ngày 05 tháng 01 năm 2023` (Decree 30: day < 10 and
//!   months 1–2 get a leading zero, `tháng 3` does not).
//! - `thang_nam`: `"2023-05"` (or a full date) → `tháng 5 năm 2023`, same month rule
//!   (`tháng 01 năm 2023`) so one document never writes a month two ways.
//! - `so_hieu`: document number `5` → `05`, `12` → `12`; empty / none → empty (a blank
//!   number left for the records office).
//! - `so`: `1234` → `1.234`, `1234.5` → `1.234,5`; `so(2)` fixes two decimals.
//! - `phan_tram`: `85.5` → `85,5%`, `100` → `100%`; `phan_tram(2)` allows two decimals
//!   (trailing zeros are dropped). The value is already a percentage, not a ratio.
//! - `la_ma`: `4` → `IV` (1–3999), for annex and section numbering.

use chrono::{Datelike, NaiveDate};
use minijinja::value::Value;
use minijinja::{Environment, Error, ErrorKind};

/// Day of month as Decree 30 writes it: `05`, `15`.
pub fn day_text(day: u32) -> String {
    format!("{day:02}")
}

/// Month as Decree 30 writes it: `01`, `02`, then `3` … `12`.
pub fn month_text(month: u32) -> String {
    if month <= 2 {
        format!("{month:02}")
    } else {
        month.to_string()
    }
}

/// `ngày 05 tháng 01 năm 2023`.
pub fn ngay_thang(date: NaiveDate) -> String {
    format!("ngày {} tháng {} năm {}", day_text(date.day()), month_text(date.month()), date.year())
}

/// `tháng 5 năm 2023`, `tháng 01 năm 2023`.
pub fn thang_nam(year: i32, month: u32) -> String {
    format!("tháng {} năm {year}", month_text(month))
}

/// Document number: `05`, `12`, `123` (Decree 30: numbers below 10 get a leading zero).
/// The one formatting of a number, for the documents and the register alike.
pub fn so_hieu(number: u32) -> String {
    format!("{number:02}")
}

/// A number the Vietnamese way: `.` groups thousands, `,` marks decimals. `decimals:
/// None` writes integers as integers and other values with at most two decimals (trailing
/// zeros dropped); `Some(n)` writes exactly `n` decimals.
pub fn so(value: f64, decimals: Option<usize>) -> String {
    match decimals {
        Some(d) => format_fixed(value, d, false),
        None => format_fixed(value, 2, true),
    }
}

/// A percentage: `85,5%`, `100%`; at most `decimals` decimals, trailing zeros dropped.
pub fn phan_tram(value: f64, decimals: usize) -> String {
    format!("{}%", format_fixed(value, decimals, true))
}

/// Roman numeral for 1–3999.
pub fn la_ma(n: u32) -> Option<String> {
    if n == 0 || n > 3999 {
        return None;
    }
    const TABLE: [(u32, &str); 13] = [
        (1000, "M"),
        (900, "CM"),
        (500, "D"),
        (400, "CD"),
        (100, "C"),
        (90, "XC"),
        (50, "L"),
        (40, "XL"),
        (10, "X"),
        (9, "IX"),
        (5, "V"),
        (4, "IV"),
        (1, "I"),
    ];
    let mut rest = n;
    let mut out = String::new();
    for (value, letters) in TABLE {
        while rest >= value {
            out.push_str(letters);
            rest -= value;
        }
    }
    Some(out)
}

/// Rounds half away from zero to `decimals`, groups thousands with `.`, decimals after `,`.
fn format_fixed(value: f64, decimals: usize, trim: bool) -> String {
    let decimals = decimals.min(9);
    let factor = 10f64.powi(decimals as i32);
    let scaled = (value.abs() * factor).round();
    let negative = value < 0.0 && scaled != 0.0;
    // Scaled integers up to 2^53 are exact; beyond that f64 has no meaningful decimals.
    let scaled = scaled as u128;
    let factor_int = 10u128.pow(decimals as u32);
    let int_part = scaled / factor_int;
    let frac_part = scaled % factor_int;
    let mut frac = if decimals > 0 { format!("{frac_part:0decimals$}") } else { String::new() };
    if trim {
        while frac.ends_with('0') {
            frac.pop();
        }
    }
    let mut out = String::new();
    if negative {
        out.push('-');
    }
    out.push_str(&group_thousands(int_part));
    if !frac.is_empty() {
        out.push(',');
        out.push_str(&frac);
    }
    out
}

fn group_thousands(n: u128) -> String {
    let digits = n.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push('.');
        }
        out.push(c);
    }
    out
}

/// Parses `YYYY-MM-DD`.
pub fn parse_date(text: &str) -> Option<NaiveDate> {
    NaiveDate::parse_from_str(text.trim(), "%Y-%m-%d").ok()
}

fn bad(message: String) -> Error {
    Error::new(ErrorKind::InvalidOperation, message)
}

fn number_of(value: &Value, filter: &str) -> Result<f64, Error> {
    if let Some(s) = value.as_str() {
        return s
            .trim()
            .parse::<f64>()
            .ok()
            .filter(|x| x.is_finite())
            .ok_or_else(|| bad(format!("bộ lọc `{filter}` cần một số, nhận được \"{s}\"")));
    }
    f64::try_from(value.clone())
        .ok()
        .filter(|x| x.is_finite())
        .ok_or_else(|| bad(format!("bộ lọc `{filter}` cần một số, nhận được {value}")))
}

fn decimals_of(value: Option<Value>, filter: &str) -> Result<Option<usize>, Error> {
    match value {
        None => Ok(None),
        Some(v) => match u32::try_from(v.clone()) {
            Ok(d) if d <= 9 => Ok(Some(d as usize)),
            _ => Err(bad(format!("bộ lọc `{filter}`: số chữ số thập phân phải từ 0 đến 9, nhận được {v}"))),
        },
    }
}

fn date_of(value: &Value, filter: &str) -> Result<NaiveDate, Error> {
    let text = value.as_str().map(str::to_string).unwrap_or_else(|| value.to_string());
    parse_date(&text)
        .ok_or_else(|| bad(format!("bộ lọc `{filter}` cần một ngày dạng YYYY-MM-DD, nhận được \"{text}\"")))
}

fn filter_ngay_thang(value: Value) -> Result<String, Error> {
    Ok(ngay_thang(date_of(&value, "ngay_thang")?))
}

fn filter_thang_nam(value: Value) -> Result<String, Error> {
    let text = value.as_str().map(str::to_string).unwrap_or_else(|| value.to_string());
    let text = text.trim();
    let month = NaiveDate::parse_from_str(&format!("{text}-01"), "%Y-%m-%d").ok().or_else(|| parse_date(text));
    month
        .map(|d| thang_nam(d.year(), d.month()))
        .ok_or_else(|| bad(format!("bộ lọc `thang_nam` cần một tháng dạng YYYY-MM, nhận được \"{text}\"")))
}

fn filter_so_hieu(value: Value) -> Result<String, Error> {
    if value.is_none() || value.as_str().is_some_and(|s| s.trim().is_empty()) {
        return Ok(String::new());
    }
    let n = match value.as_str() {
        Some(s) => s.trim().parse::<u32>().ok(),
        None => u32::try_from(value.clone()).ok(),
    };
    n.filter(|n| *n > 0)
        .map(so_hieu)
        .ok_or_else(|| bad(format!("bộ lọc `so_hieu` cần số văn bản là số nguyên dương, nhận được {value}")))
}

fn filter_so(value: Value, decimals: Option<Value>) -> Result<String, Error> {
    Ok(so(number_of(&value, "so")?, decimals_of(decimals, "so")?))
}

fn filter_phan_tram(value: Value, decimals: Option<Value>) -> Result<String, Error> {
    Ok(phan_tram(number_of(&value, "phan_tram")?, decimals_of(decimals, "phan_tram")?.unwrap_or(1)))
}

fn filter_la_ma(value: Value) -> Result<String, Error> {
    u32::try_from(value.clone())
        .ok()
        .and_then(la_ma)
        .ok_or_else(|| bad(format!("bộ lọc `la_ma` cần số nguyên từ 1 đến 3999, nhận được {value}")))
}

/// Registers the Vietnamese filters on a minijinja environment.
pub fn register(env: &mut Environment<'_>) {
    env.add_filter("ngay_thang", filter_ngay_thang);
    env.add_filter("thang_nam", filter_thang_nam);
    env.add_filter("so_hieu", filter_so_hieu);
    env.add_filter("so", filter_so);
    env.add_filter("phan_tram", filter_phan_tram);
    env.add_filter("la_ma", filter_la_ma);
}

#[cfg(test)]
mod tests {
    use super::*;

    fn date(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).expect("valid test date")
    }

    #[test]
    fn dates_follow_decree_30() {
        assert_eq!(ngay_thang(date(2023, 1, 5)), "ngày 05 tháng 01 năm 2023");
        assert_eq!(ngay_thang(date(2023, 2, 28)), "ngày 28 tháng 02 năm 2023");
        assert_eq!(ngay_thang(date(2023, 3, 9)), "ngày 09 tháng 3 năm 2023");
        assert_eq!(ngay_thang(date(2023, 12, 31)), "ngày 31 tháng 12 năm 2023");
        assert_eq!(ngay_thang(date(2023, 10, 10)), "ngày 10 tháng 10 năm 2023");
        assert_eq!(thang_nam(2023, 5), "tháng 5 năm 2023");
        assert_eq!(thang_nam(2024, 1), "tháng 01 năm 2024");
        assert_eq!(thang_nam(2024, 12), "tháng 12 năm 2024");
    }

    #[test]
    fn numbers_the_vietnamese_way() {
        assert_eq!(so(0.0, None), "0");
        assert_eq!(so(999.0, None), "999");
        assert_eq!(so(1000.0, None), "1.000");
        assert_eq!(so(1234.0, None), "1.234");
        assert_eq!(so(1234.5, None), "1.234,5");
        assert_eq!(so(1234567.891, None), "1.234.567,89");
        assert_eq!(so(-1234.5, None), "-1.234,5");
        assert_eq!(so(-0.001, None), "0");
        assert_eq!(so(0.1 + 0.2, None), "0,3");
        assert_eq!(so(2.0, Some(2)), "2,00");
        assert_eq!(so(2.005, Some(0)), "2");
        assert_eq!(so(12.5, Some(0)), "13");
    }

    #[test]
    fn percentages() {
        assert_eq!(phan_tram(85.5, 1), "85,5%");
        assert_eq!(phan_tram(100.0, 1), "100%");
        assert_eq!(phan_tram(0.0, 1), "0%");
        assert_eq!(phan_tram(66.666, 1), "66,7%");
        assert_eq!(phan_tram(66.666, 2), "66,67%");
        assert_eq!(phan_tram(33.35, 0), "33%");
        assert_eq!(phan_tram(1250.0, 1), "1.250%");
    }

    #[test]
    fn document_numbers_and_roman() {
        assert_eq!(so_hieu(5), "05");
        assert_eq!(so_hieu(12), "12");
        assert_eq!(so_hieu(123), "123");
        assert_eq!(la_ma(1).as_deref(), Some("I"));
        assert_eq!(la_ma(4).as_deref(), Some("IV"));
        assert_eq!(la_ma(9).as_deref(), Some("IX"));
        assert_eq!(la_ma(14).as_deref(), Some("XIV"));
        assert_eq!(la_ma(1994).as_deref(), Some("MCMXCIV"));
        assert_eq!(la_ma(3999).as_deref(), Some("MMMCMXCIX"));
        assert_eq!(la_ma(0), None);
        assert_eq!(la_ma(4000), None);
    }

    fn render(source: &str, ctx: Value) -> Result<String, Error> {
        let mut env = Environment::new();
        register(&mut env);
        env.render_str(source, ctx)
    }

    #[test]
    fn filters_in_templates() {
        let ctx = minijinja::context! { d => "2023-01-05", m => "2023-05", n => 5, s => "7", e => "", x => 1234.5 };
        assert_eq!(render("{{ d | ngay_thang }}", ctx.clone()).unwrap(), "ngày 05 tháng 01 năm 2023");
        assert_eq!(render("{{ m | thang_nam }}", ctx.clone()).unwrap(), "tháng 5 năm 2023");
        assert_eq!(render("{{ d | thang_nam }}", ctx.clone()).unwrap(), "tháng 01 năm 2023");
        assert_eq!(
            render("{{ n | so_hieu }}|{{ s | so_hieu }}|{{ e | so_hieu }}|{{ none | so_hieu }}", ctx.clone()).unwrap(),
            "05|07||"
        );
        assert_eq!(
            render("{{ x | so }} {{ x | so(2) }} {{ 85.5 | phan_tram }} {{ 100 | phan_tram }}", ctx.clone()).unwrap(),
            "1.234,5 1.234,50 85,5% 100%"
        );
        assert_eq!(render("{{ '1234' | so }} {{ 3 | la_ma }}", ctx.clone()).unwrap(), "1.234 III");
    }

    #[test]
    fn filter_errors_are_vietnamese() {
        let ctx = minijinja::context! { d => "05/01/2023", w => "abc" };
        let err = render("{{ d | ngay_thang }}", ctx.clone()).unwrap_err();
        assert!(err.to_string().contains("cần một ngày dạng YYYY-MM-DD"), "{err}");
        let err = render("{{ w | so }}", ctx.clone()).unwrap_err();
        assert!(err.to_string().contains("bộ lọc `so` cần một số"), "{err}");
        let err = render("{{ w | so_hieu }}", ctx.clone()).unwrap_err();
        assert!(err.to_string().contains("so_hieu"), "{err}");
        let err = render("{{ 0 | la_ma }}", ctx.clone()).unwrap_err();
        assert!(err.to_string().contains("la_ma"), "{err}");
        let err = render("{{ 5 | so(12) }}", ctx).unwrap_err();
        assert!(err.to_string().contains("từ 0 đến 9"), "{err}");
    }
}
