//! `baocao run` and `baocao check`: read the inputs folder, consolidate, report to the
//! terminal; `run` also writes the month model.

use super::summary::render_summary;
use super::{CheckArgs, RunArgs};
use crate::config::Config;
use crate::consolidate::consolidate;
use crate::ingest::report::{read_month, Ingested};
use crate::model::{MonthModel, Period};
use anyhow::{bail, Context, Result};
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use std::collections::BTreeMap;
use std::io::Write;
use std::path::{Path, PathBuf};

/// Name of the month model file inside `<output>/<YYYY-MM>/`.
pub const MONTH_JSON: &str = "tong-hop.json";

pub fn run(args: &RunArgs) -> Result<()> {
    let config = Config::load(args.config.as_deref())?;
    let ingested = read_with_progress(&args.inputs, &config)?;
    let model = consolidate(ingested, &config, args.month);
    print!("{}", render_summary(&model));
    let date = args.date.unwrap_or_else(|| chrono::Local::now().date_naive());
    let due = model.period.day(config.consolidated_due_day.saturating_sub(1).max(1));
    if date > due {
        println!(
            "Lưu ý: ngày lập báo cáo tổng hợp {} đã sau hạn gửi UBND tỉnh (trước ngày {}).",
            date.format("%d/%m/%Y"),
            config.consolidated_due_day
        );
    }
    let path = write_month_json(&args.output, &model)?;
    println!("Đã ghi: {}", path.display());
    Ok(())
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

fn read_with_progress(inputs: &Path, config: &Config) -> Result<Ingested> {
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

/// Writes `<output>/<YYYY-MM>/tong-hop.json` (pretty JSON) through a temporary file in
/// the same folder renamed into place, so a reader never sees half a file. An earlier
/// file of the same month is replaced; versioned archiving is the archive stage's job.
pub fn write_month_json(output: &Path, model: &MonthModel) -> Result<PathBuf> {
    let dir = output.join(model.period.to_string());
    std::fs::create_dir_all(&dir).with_context(|| format!("không tạo được thư mục kết quả «{}»", dir.display()))?;
    let path = dir.join(MONTH_JSON);
    let json = serde_json::to_string_pretty(model).context("không chuyển được dữ liệu tổng hợp sang JSON")?;
    let mut tmp = tempfile::NamedTempFile::new_in(&dir)
        .with_context(|| format!("không ghi được vào thư mục «{}»", dir.display()))?;
    tmp.write_all(json.as_bytes())
        .and_then(|()| tmp.write_all(b"\n"))
        .and_then(|()| tmp.as_file().sync_all())
        .with_context(|| format!("không ghi được tệp tạm trong «{}»", dir.display()))?;
    tmp.persist(&path).with_context(|| format!("không ghi được «{}»", path.display()))?;
    Ok(path)
}
