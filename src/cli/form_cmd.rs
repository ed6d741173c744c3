//! `baocao form`: the month's report forms for the agencies and their covering letter.

use super::{parse_day, parse_month};
use crate::config::Config;
use crate::form::{produce_forms, FormJob, FormOutcome};
use crate::model::Period;
use crate::render::Renderers;
use anyhow::{Context, Result};
use chrono::NaiveDate;
use indicatif::{ProgressBar, ProgressDrawTarget};
use std::fmt::Write as _;
use std::path::PathBuf;

#[derive(Debug, Clone, clap::Args)]
pub struct FormArgs {
    /// Tháng cần báo cáo, dạng NNNN-TT (ví dụ 2023-06)
    #[arg(long, value_name = "NNNN-TT", value_parser = parse_month)]
    pub month: Period,
    /// Thư mục kết quả: biểu mẫu ghi vào <THƯ_MỤC>/bieu-mau/NNNN-TT/, nhiệm vụ ghi sẵn lấy từ
    /// tháng đã chạy gần nhất trong thư mục này (mặc định: output)
    #[arg(long, value_name = "THƯ_MỤC", default_value = "output", hide_default_value = true)]
    pub output: PathBuf,
    /// Tệp cấu hình YAML (mặc định: cấu hình Lào Cai 2023 có sẵn; xem `baocao config`)
    #[arg(long, value_name = "TỆP")]
    pub config: Option<PathBuf>,
    /// Ngày ban hành công văn, dạng NNNN-TT-NN (mặc định: để trống ngày, tháng cho lúc ký)
    #[arg(long, value_name = "NNNN-TT-NN", value_parser = parse_day)]
    pub date: Option<NaiveDate>,
    /// Lấy số công văn từ sổ đăng ký văn bản đi (cần --date)
    #[arg(long)]
    pub issue: bool,
    /// Thư mục mẫu văn bản (mặc định: templates); mẫu ở đây thay mẫu có sẵn cùng tên
    #[arg(long, value_name = "THƯ_MỤC", default_value = "templates", hide_default_value = true)]
    pub templates: PathBuf,
    /// Thư mục phông chữ (ví dụ có Times New Roman); mặc định dùng Liberation Serif có sẵn
    #[arg(long, value_name = "THƯ_MỤC")]
    pub font_dir: Option<PathBuf>,
}

pub fn form(args: &FormArgs) -> Result<()> {
    let config = Config::load(args.config.as_deref())?;
    let renderers = Renderers::new(args.font_dir.as_deref()).context("không nạp được phông chữ")?;
    let job = FormJob {
        config: &config,
        output: &args.output,
        templates: &args.templates,
        period: args.month,
        date: args.date,
        issue: args.issue,
    };
    let spinner = ProgressBar::with_draw_target(None, ProgressDrawTarget::stderr());
    spinner.enable_steady_tick(std::time::Duration::from_millis(120));
    let outcome = produce_forms(&job, &renderers, &|step| spinner.set_message(step.to_string()));
    spinner.finish_and_clear();
    print!("{}", render_outcome(&outcome?, args.month));
    Ok(())
}

fn render_outcome(outcome: &FormOutcome, month: Period) -> String {
    let mut out = String::new();
    let a = &outcome.archive;
    let _ = writeln!(
        out,
        "Đã lập {} biểu mẫu báo cáo tháng {:02}/{}, lưu phiên bản {} vào {}",
        outcome.forms.len(),
        month.month(),
        month.year(),
        a.version,
        a.version_dir.display()
    );
    let _ = writeln!(out, "Các tệp mới nhất (mở ở đây): {}", a.month_dir.display());
    match outcome.source {
        Some(p) => {
            let _ = writeln!(
                out,
                "Nhiệm vụ chưa hoàn thành ghi sẵn theo kết quả tổng hợp tháng {:02}/{}:",
                p.month(),
                p.year()
            );
        }
        None => {
            let _ = writeln!(out, "Chưa có tháng nào được tổng hợp trước đó: biểu mẫu không có nhiệm vụ ghi sẵn.");
        }
    }
    for f in &outcome.forms {
        let _ = writeln!(out, "  - {} ({} nhiệm vụ ghi sẵn)", f.file, f.prefilled);
    }
    for d in &outcome.documents {
        let number =
            d.number.as_ref().map(|n| format!(" — số {n}")).unwrap_or_else(|| " — bản dự thảo, chưa lấy số".into());
        let _ = writeln!(out, "  - {}: {}, {}{}", d.title, d.pdf, d.docx, number);
    }
    if let Some(path) = &outcome.register_path {
        let _ = writeln!(out, "Đã ghi số vào sổ đăng ký văn bản đi: {}", path.display());
    }
    let _ = writeln!(
        out,
        "\nViệc cần làm tiếp: trình ký công văn, gửi mỗi cơ quan, đơn vị biểu mẫu của mình; \
         khi nhận lại, chép các tệp vào thư mục đầu vào (đặt tên tùy ý) và chạy `baocao run --month {month}`."
    );
    out
}
