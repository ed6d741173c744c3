//! The month at a glance, for the terminal: agencies, then problems, then files.

use crate::model::{MonthModel, Submission};
use std::fmt::Write;

fn width(s: &str) -> usize {
    s.chars().count()
}

fn pad(s: &str, w: usize) -> String {
    format!("{s}{}", " ".repeat(w.saturating_sub(width(s))))
}

fn pad_left(s: &str, w: usize) -> String {
    format!("{}{s}", " ".repeat(w.saturating_sub(width(s))))
}

/// The Vietnamese summary printed by `run` and `check`.
pub fn render_summary(model: &MonthModel) -> String {
    let mut out = String::new();
    let _ = writeln!(
        out,
        "Tổng hợp tháng {:02}/{} — số liệu từ {} đến {}; hạn nộp: ngày {}",
        model.period.month(),
        model.period.year(),
        model.period_start.format("%d/%m/%Y"),
        model.period_end.format("%d/%m/%Y"),
        model.agency_due.format("%d/%m/%Y"),
    );
    let header = ["STT", "Cơ quan", "Nộp báo cáo", "Ngày báo cáo", "Nhiệm vụ", "Vấn đề"];
    let rows: Vec<[String; 6]> = model
        .agencies
        .iter()
        .enumerate()
        .map(|(i, a)| {
            let problems = a.file.as_ref().map_or(0, |f| model.problems.iter().filter(|p| &p.file == f).count());
            let date = a.report_date.map_or(String::new(), |d| {
                format!("{}{}", d.format("%d/%m/%Y"), if a.report_date_from_file_time { "*" } else { "" })
            });
            [
                (i + 1).to_string(),
                a.name.clone(),
                a.submission.label().to_string(),
                date,
                if a.submission == Submission::Missing { String::new() } else { a.total.to_string() },
                if problems == 0 { String::new() } else { problems.to_string() },
            ]
        })
        .collect();
    let widths: Vec<usize> = (0..header.len())
        .map(|c| rows.iter().map(|r| width(&r[c])).chain([width(header[c])]).max().unwrap_or(0))
        .collect();
    let line = |cells: [&str; 6]| {
        let mut s = String::new();
        for (c, cell) in cells.iter().enumerate() {
            let right = matches!(c, 0 | 4 | 5);
            s.push_str(&if right { pad_left(cell, widths[c]) } else { pad(cell, widths[c]) });
            s.push_str("  ");
        }
        s.trim_end().to_string()
    };
    let _ = writeln!(out, "\n{}", line(header));
    let _ = writeln!(out, "{}", "-".repeat(widths.iter().sum::<usize>() + 2 * (widths.len() - 1)));
    for r in &rows {
        let _ = writeln!(out, "{}", line([&r[0], &r[1], &r[2], &r[3], &r[4], &r[5]]));
    }
    if model.agencies.iter().any(|a| a.report_date_from_file_time) {
        let _ = writeln!(out, "(*) báo cáo không ghi ngày: lấy ngày sửa tệp");
    }
    let count = |s: Submission| model.agencies.iter().filter(|a| a.submission == s).count();
    let _ = writeln!(
        out,
        "\nĐã nộp {}/{} cơ quan ({} đúng hạn, {} muộn), chưa nộp {}. Tổng số nhiệm vụ: {}.",
        count(Submission::OnTime) + count(Submission::Late),
        model.agencies.len(),
        count(Submission::OnTime),
        count(Submission::Late),
        count(Submission::Missing),
        model.tasks.len()
    );
    if !model.problems.is_empty() {
        let _ = writeln!(out, "\nVấn đề cần xem ({}):", model.problems.len());
        for p in &model.problems {
            let mut place = p.file.clone();
            if let Some(sheet) = &p.sheet {
                let _ = write!(place, " › {sheet}");
            }
            if let Some(cell) = &p.cell {
                let _ = write!(place, " › {cell}");
            }
            let _ = writeln!(out, "  [{}] {place}: {}", p.severity.label(), p.message);
        }
    }
    let _ = writeln!(out, "\nCác tệp trong thư mục đầu vào ({}):", model.files.len());
    for f in &model.files {
        let _ = writeln!(out, "  {} — {}: {}", f.file, f.role.label(), f.message);
    }
    out
}
