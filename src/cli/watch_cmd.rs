//! `baocao watch`: re-run the month whenever the inputs folder settles after a change.

use super::run::{detect_month, read_with_progress};
use super::summary::render_summary;
use crate::config::Config;
use crate::consolidate::consolidate;
use crate::model::{MonthModel, Period};
use crate::pipeline::produce_month;
use crate::render::Renderers;
use crate::watch::{describe_changes, watch_folder};
use anyhow::{bail, Context, Result};
use std::time::Duration;

#[derive(Debug, Clone, clap::Args)]
pub struct WatchArgs {
    /// Tháng báo cáo, dạng NNNN-TT (mặc định: tháng mà phần lớn các tệp ghi)
    #[arg(long, value_name = "NNNN-TT", value_parser = super::parse_month)]
    pub month: Option<Period>,
    #[command(flatten)]
    pub io: super::MonthIoArgs,
    /// Chờ bao nhiêu giây không còn thay đổi thì mới tổng hợp lại (mặc định: 3)
    #[arg(long, value_name = "GIÂY", default_value_t = 3)]
    pub settle: u64,
}

pub fn watch(args: &WatchArgs) -> Result<()> {
    let config = Config::load(args.io.config.as_deref())?;
    if !args.io.inputs.is_dir() {
        bail!("không tìm thấy thư mục đầu vào «{}»", args.io.inputs.display());
    }
    let renderers = Renderers::new(args.io.font_dir.as_deref()).context("không nạp được phông chữ")?;
    let mut previous: Option<MonthModel> = None;
    let once = |previous: &mut Option<MonthModel>| -> Result<()> {
        let ingested = read_with_progress(&args.io.inputs, &config)?;
        let month = match args.month.or_else(|| detect_month(&ingested)) {
            Some(m) => m,
            None => {
                println!("Chưa xác định được tháng báo cáo (thư mục chưa có báo cáo đọc được); đang chờ tệp mới…");
                return Ok(());
            }
        };
        let model = consolidate(ingested, &config, month);
        for line in describe_changes(previous.as_ref(), &model) {
            println!("• {line}");
        }
        print!("{}", render_summary(&model));
        let job = args.io.job(&config, None, false);
        let outcome = produce_month(&model, &job, &renderers, &|_| {})?;
        println!("Đã lưu phiên bản {} vào {}", outcome.archive.version, outcome.archive.month_dir.display());
        *previous = Some(model);
        Ok(())
    };
    if let Err(e) = once(&mut previous) {
        eprintln!("Lỗi: {e:#}");
    }
    println!(
        "Đang theo dõi «{}» (thêm, sửa tệp báo cáo rồi chờ {} giây; Ctrl+C để dừng)…",
        args.io.inputs.display(),
        args.settle
    );
    watch_folder(&args.io.inputs, Duration::from_secs(args.settle.max(1)), |paths| {
        let names: Vec<String> =
            paths.iter().filter_map(|p| p.file_name()).map(|n| n.to_string_lossy().into_owned()).collect();
        println!("\nCó thay đổi: {}", names.join(", "));
        if let Err(e) = once(&mut previous) {
            // A bad moment (a file half-copied, a broken template) must not end the watch.
            eprintln!("Lỗi: {e:#}");
        }
        true
    })?;
    Ok(())
}
