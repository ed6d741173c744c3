//! `baocao year`: the range's evaluation and documents from the months already run.

use crate::config::Config;
use crate::model::Period;
use crate::render::Renderers;
use crate::year::{produce_year, Class, YearJob, YearOutcome, YearRange, YEAR_JSON, YEAR_XLSX};
use anyhow::{Context, Result};
use chrono::NaiveDate;
use indicatif::{ProgressBar, ProgressDrawTarget};
use std::path::PathBuf;

#[derive(Debug, Clone, clap::Args)]
pub struct YearArgs {
    /// Năm cần tổng hợp, đánh giá (ví dụ 2023)
    #[arg(value_name = "NNNN", value_parser = clap::value_parser!(i32).range(1900..=9999))]
    pub year: i32,
    /// Tháng cuối của kỳ, dạng NNNN-TT (mặc định: tháng 12): 03 quý I, 06 sáu tháng, 09 chín tháng
    #[arg(long, value_name = "NNNN-TT", value_parser = super::parse_month)]
    pub through: Option<Period>,
    /// Thư mục kết quả chứa các tháng đã chạy (NNNN-TT/); kết quả năm ghi vào NNNN/ (mặc định: output)
    #[arg(long, value_name = "THƯ_MỤC", default_value = "output", hide_default_value = true)]
    pub output: PathBuf,
    /// Tệp cấu hình YAML (mặc định: cấu hình có sẵn; tiêu chí xếp loại ở khóa evaluation)
    #[arg(long, value_name = "TỆP")]
    pub config: Option<PathBuf>,
    /// Ngày ban hành ghi trên văn bản, dạng NNNN-TT-NN (mặc định: để trống ngày, tháng cho lúc ký)
    #[arg(long, value_name = "NNNN-TT-NN", value_parser = super::parse_day)]
    pub date: Option<NaiveDate>,
    /// Lấy số văn bản từ sổ đăng ký văn bản đi (cần --date); mặc định để trống số cho văn thư
    #[arg(long)]
    pub issue: bool,
    /// Thư mục phông chữ (ví dụ có Times New Roman); mặc định dùng Liberation Serif có sẵn
    #[arg(long, value_name = "THƯ_MỤC")]
    pub font_dir: Option<PathBuf>,
    /// Thư mục mẫu văn bản (mặc định: templates); mẫu ở đây thay mẫu có sẵn cùng tên
    #[arg(long, value_name = "THƯ_MỤC", default_value = "templates", hide_default_value = true)]
    pub templates: PathBuf,
}

pub fn year(args: &YearArgs) -> Result<()> {
    let config = Config::load(args.config.as_deref())?;
    let range = YearRange::new(args.year, args.through)?;
    if args.issue && args.date.is_none() {
        anyhow::bail!("cần ghi ngày ban hành (--date NNNN-TT-NN) khi lấy số văn bản (--issue)");
    }
    let renderers = Renderers::new(args.font_dir.as_deref()).context("không nạp được phông chữ")?;
    let job = YearJob {
        config: &config,
        output: &args.output,
        templates: &args.templates,
        date: args.date,
        issue: args.issue,
    };
    let spinner = ProgressBar::with_draw_target(None, ProgressDrawTarget::stderr());
    spinner.enable_steady_tick(std::time::Duration::from_millis(120));
    let outcome = produce_year(range, &job, &renderers, &|step| spinner.set_message(step.to_string()));
    spinner.finish_and_clear();
    print!("{}", render_year_outcome(&outcome?));
    Ok(())
}

fn months_text(ps: &[Period]) -> String {
    ps.iter().map(|p| format!("tháng {}", p.month())).collect::<Vec<_>>().join(", ")
}

/// The clerk's summary: months used and absent, classes, top and bottom, where the files are.
pub fn render_year_outcome(o: &YearOutcome) -> String {
    use std::fmt::Write as _;
    let mut out = String::new();
    let e = &o.evaluation;
    let _ = writeln!(
        out,
        "Kỳ: tháng 1 đến tháng {} năm {} ({} tháng).",
        o.range.through().month(),
        o.range.year(),
        e.months_run.len() + o.months_absent.len()
    );
    let _ = writeln!(out, "Đã dùng số liệu {} tháng: {}.", e.months_run.len(), months_text(&e.months_run));
    if o.months_absent.is_empty() {
        let _ = writeln!(out, "Không thiếu tháng nào.");
    } else {
        let _ = writeln!(
            out,
            "Chưa tổng hợp {} tháng: {} — điểm và xếp loại chỉ tính trên các tháng đã có; chạy `baocao run --month NNNN-TT` cho các tháng này rồi chạy lại.",
            o.months_absent.len(),
            months_text(&o.months_absent)
        );
    }
    let _ = writeln!(out, "\nXếp loại ({} cơ quan, đơn vị):", e.agencies.len());
    for c in Class::ALL {
        let n = e.agencies.iter().filter(|a| a.class == c).count();
        let _ = writeln!(out, "  - {}: {n}", c.label());
    }
    let capped: Vec<&str> = e.agencies.iter().filter(|a| a.capped).map(|a| a.name.as_str()).collect();
    if !capped.is_empty() {
        let _ =
            writeln!(out, "  Hạ xuống «Hoàn thành tốt nhiệm vụ» do giới hạn tỷ lệ xuất sắc: {}.", capped.join(", "));
    }
    let line = |a: &crate::year::evaluate::AgencyResult| {
        format!("  {}. {} — {:.2} điểm — {}", a.rank, a.name, a.score, a.class.label())
    };
    let _ = writeln!(out, "Cao nhất:");
    for a in e.agencies.iter().take(3) {
        let _ = writeln!(out, "{}", line(a));
    }
    let _ = writeln!(out, "Thấp nhất:");
    for a in e.agencies.iter().rev().take(3).collect::<Vec<_>>().into_iter().rev() {
        let _ = writeln!(out, "{}", line(a));
    }

    let a = &o.archive;
    let _ = writeln!(out, "\nĐã lưu phiên bản {} vào {}", a.version, a.version_dir.display());
    if let Some(prev) = &a.unchanged_from {
        let _ = writeln!(out, "(Kết quả giống hệt phiên bản {prev}; các phiên bản cũ vẫn được giữ nguyên.)");
    }
    let _ = writeln!(out, "Các tệp mới nhất (mở ở đây): {}", a.month_dir.display());
    for d in &o.documents {
        let number =
            d.number.as_ref().map(|n| format!(" — số {n}")).unwrap_or_else(|| " — bản dự thảo, chưa lấy số".into());
        let _ = writeln!(out, "  - {}: {}, {}{}", d.title, d.pdf, d.docx, number);
    }
    let _ = writeln!(out, "  - Bảng tính xếp loại: {YEAR_XLSX}");
    let _ = writeln!(out, "  - Dữ liệu: {YEAR_JSON}, manifest.json (mã băm SHA-256 của mọi tệp)");
    for (label, reason) in &o.skipped {
        match reason {
            Some(reason) => {
                let _ = writeln!(out, "Không lập {}: {reason}.", label.to_lowercase());
            }
            None => {
                let _ = writeln!(out, "Không lập {} lần này.", label.to_lowercase());
            }
        }
    }
    if let Some(path) = &o.register_path {
        let _ = writeln!(out, "Đã ghi số vào sổ đăng ký văn bản đi: {}", path.display());
    }
    out
}
