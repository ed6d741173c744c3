//! `baocao run` and `baocao check`: read the inputs folder, consolidate, report to the
//! terminal; `run` also produces and archives the month's documents.

use super::summary::render_summary;
use super::{CheckArgs, RunArgs};
use crate::config::Config;
use crate::consolidate::consolidate;
use crate::ingest::read_month;
use crate::ingest::report::Ingested;
use crate::model::{MonthModel, Period, Submission};
use crate::pipeline::{produce_month, MonthOutcome};
use crate::render::Renderers;
use anyhow::{bail, Context, Result};
use chrono::NaiveDate;
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use std::collections::BTreeMap;
use std::path::Path;

pub fn run(args: &RunArgs) -> Result<()> {
    let config = Config::load(args.io.config.as_deref())?;
    let ingested = read_with_progress(&args.io.inputs, &config)?;
    let model = consolidate(ingested, &config, args.month);
    print!("{}", render_summary(&model));
    if args.issue && args.date.is_none() {
        bail!("cần ghi ngày ban hành (--date NNNN-TT-NN) khi lấy số văn bản (--issue)");
    }
    let renderers = Renderers::new(args.io.font_dir.as_deref()).context("không nạp được phông chữ")?;
    let job = args.io.job(&config, args.date, args.issue);
    let spinner = ProgressBar::with_draw_target(None, ProgressDrawTarget::stderr());
    spinner.enable_steady_tick(std::time::Duration::from_millis(120));
    let outcome = produce_month(&model, &job, &renderers, &|step| spinner.set_message(step.to_string()));
    spinner.finish_and_clear();
    let outcome = outcome?;
    print!("{}", render_outcome(&model, &config, &outcome, args.date));
    Ok(())
}

/// What was written and what to do next, for the clerk.
fn render_outcome(model: &MonthModel, config: &Config, outcome: &MonthOutcome, date: Option<NaiveDate>) -> String {
    use std::fmt::Write as _;
    let mut out = String::new();
    let a = &outcome.archive;
    let _ = writeln!(out, "\nĐã lưu phiên bản {} vào {}", a.version, a.version_dir.display());
    if let Some(prev) = &a.unchanged_from {
        let _ = writeln!(out, "(Kết quả giống hệt phiên bản {prev}; các phiên bản cũ vẫn được giữ nguyên.)");
    }
    let _ = writeln!(out, "Các tệp mới nhất (mở ở đây): {}", a.month_dir.display());
    for d in &outcome.documents {
        let number =
            d.number.as_ref().map(|n| format!(" — số {n}")).unwrap_or_else(|| " — bản dự thảo, chưa lấy số".into());
        let _ = writeln!(out, "  - {}: {}, {}{}", d.title, d.pdf, d.docx, number);
    }
    let _ = writeln!(out, "  - Bảng tính tổng hợp: {}", crate::pipeline::MONTH_XLSX);
    let _ = writeln!(out, "  - Dữ liệu: {}, manifest.json (mã băm SHA-256 của mọi tệp)", crate::pipeline::MONTH_JSON);
    for (label, reason) in &outcome.skipped {
        match reason {
            Some(reason) => {
                let _ = writeln!(out, "Không lập {}: {reason}.", label.to_lowercase());
            }
            None => {
                let _ = writeln!(out, "Không lập {} lần này.", label.to_lowercase());
            }
        }
    }
    if let Some(path) = &outcome.register_path {
        let _ = writeln!(out, "Đã ghi số vào sổ đăng ký văn bản đi: {}", path.display());
    }

    let names = |s: Submission| {
        model.agencies.iter().filter(|a| a.submission == s).map(|a| a.name.as_str()).collect::<Vec<_>>()
    };
    let (late, missing) = (names(Submission::Late), names(Submission::Missing));
    let _ = writeln!(out, "\nViệc cần làm tiếp:");
    if !missing.is_empty() {
        let _ = writeln!(out, "  - {} cơ quan chưa nộp báo cáo: {}.", missing.len(), missing.join(", "));
    }
    if !late.is_empty() {
        let _ = writeln!(out, "  - {} cơ quan nộp muộn: {}.", late.len(), late.join(", "));
    }
    for d in &outcome.documents {
        let to = match d.recipients.as_slice() {
            [one] => one.clone(),
            many => format!("{} cơ quan, đơn vị có tên trong văn bản", many.len()),
        };
        let _ = writeln!(out, "  - Trình ký {} ({}) rồi gửi {to}.", d.title.to_lowercase(), d.pdf);
    }
    let problems = model.problems.iter().filter(|p| p.severity != crate::model::Severity::Info).count();
    if problems > 0 {
        let _ = writeln!(
            out,
            "  - Xem {problems} vấn đề trong dữ liệu (danh sách ở trên; sheet «Vấn đề» của tong-hop.xlsx)."
        );
    }
    let due = model.period.day(config.consolidated_due_day.saturating_sub(1).max(1));
    let _ = writeln!(
        out,
        "  - Hạn gửi báo cáo tổng hợp cho UBND tỉnh: trước ngày {} ({}).",
        config.consolidated_due_day,
        due.format("%d/%m/%Y")
    );
    match date {
        Some(d) if d > due => {
            let _ = writeln!(
                out,
                "Lưu ý: ngày ghi trên văn bản {} đã sau hạn gửi UBND tỉnh (trước ngày {}).",
                d.format("%d/%m/%Y"),
                config.consolidated_due_day
            );
        }
        None => {
            let _ = writeln!(
                out,
                "  - Văn bản để trống ngày, tháng: chạy lại với --date NNNN-TT-NN (và --issue để lấy số) khi ký."
            );
        }
        _ => {}
    }
    out
}

pub fn check(args: &CheckArgs) -> Result<()> {
    let config = Config::load(args.config.as_deref())?;
    let ingested = read_with_progress(&args.inputs, &config)?;
    let month = match args.month {
        Some(m) => m,
        None => match detect_month(&ingested) {
            Some(m) => {
                println!("Tháng báo cáo (theo phần lớn các tệp): {}", m);
                m
            }
            None => bail!(
                "không xác định được tháng báo cáo từ các tệp trong «{}»; hãy ghi rõ bằng --month NNNN-TT",
                args.inputs.display()
            ),
        },
    };
    let model = consolidate(ingested, &config, month);
    print!("{}", render_summary(&model));
    println!("(Lệnh check không ghi tệp nào.)");
    Ok(())
}

/// The month most readable reports state; on a tie the later month.
pub fn detect_month(ingested: &Ingested) -> Option<Period> {
    let mut counts: BTreeMap<Period, usize> = BTreeMap::new();
    for r in ingested.reports.iter().filter(|r| r.refusal.is_none()) {
        if let Some(p) = r.period {
            *counts.entry(p).or_default() += 1;
        }
    }
    counts.into_iter().max_by(|a, b| a.1.cmp(&b.1).then(a.0.cmp(&b.0))).map(|(p, _)| p)
}

pub(super) fn read_with_progress(inputs: &Path, config: &Config) -> Result<Ingested> {
    let bar = ProgressBar::with_draw_target(None, ProgressDrawTarget::stderr());
    if let Ok(style) = ProgressStyle::with_template("{bar:30} {pos}/{len} tệp  {wide_msg}") {
        bar.set_style(style);
    }
    let ingested = read_month(inputs, config, &|done, total, file| {
        bar.set_length(total as u64);
        bar.set_position(done as u64);
        if !file.is_empty() {
            bar.set_message(format!("đã đọc {file}"));
        }
    });
    bar.finish_and_clear();
    // IngestError already names the folder, in Vietnamese.
    Ok(ingested?)
}
