//! How long the clerk waits for one month: a generated 29-agency month (plus resubmissions,
//! a previous month's file and broken files) read, consolidated, rendered and archived.
//!
//! `cargo bench --bench month` prints min/median per stage and the peak memory, and exits
//! non-zero when the median whole month misses the target, so it is a real check.

#[path = "../tests/common/month.rs"]
mod month;

use baocao::config::Config;
use baocao::consolidate::consolidate;
use baocao::ingest::read_month;
use baocao::model::{MonthModel, Period};
use baocao::pipeline::{produce_month, MonthJob};
use baocao::render::Renderers;
use std::path::Path;
use std::process::ExitCode;
use std::time::{Duration, Instant};

/// The whole month (read, consolidate, load fonts, render, archive) must stay under this.
const TARGET: Duration = Duration::from_secs(1);
const ITERATIONS: usize = 7;
const AGENCIES: usize = 29;

fn main() -> ExitCode {
    let tmp = tempfile::tempdir().expect("thư mục tạm");
    let inputs = tmp.path().join("inputs");
    std::fs::create_dir(&inputs).expect("tạo thư mục inputs");
    let period: Period = "2023-05".parse().expect("tháng hợp lệ");
    let truth = month::generate_month_for(&inputs, period, 11, AGENCIES);
    let templates = Path::new(env!("CARGO_MANIFEST_DIR")).join("templates");
    let config = Config::default_config();
    let files = std::fs::read_dir(&inputs).map(|d| d.count()).unwrap_or(0);
    let bytes: u64 = std::fs::read_dir(&inputs)
        .into_iter()
        .flatten()
        .flatten()
        .filter_map(|e| e.metadata().ok())
        .map(|m| m.len())
        .sum();
    println!(
        "Tháng mẫu {period}: {files} tệp ({} KiB), {} nhiệm vụ, {} cơ quan trong cấu hình; {ITERATIONS} lượt đo",
        bytes / 1024,
        truth.tasks.len(),
        config.agencies.len()
    );

    let read = || -> MonthModel {
        let ingested = read_month(&inputs, &config, &|_, _, _| {}).expect("đọc thư mục inputs");
        consolidate(ingested, &config, period)
    };
    let model = read();
    assert_eq!(model.tasks.len(), truth.tasks.len(), "số nhiệm vụ đọc được khác số đã sinh");

    let mut t_read = Vec::new();
    let mut t_fonts = Vec::new();
    let mut t_produce = Vec::new();
    let mut t_whole = Vec::new();
    let shared = Renderers::new(None).expect("nạp phông chữ");
    for i in 0..ITERATIONS {
        t_read.push(time(|| drop(read())));
        t_fonts.push(time(|| drop(Renderers::new(None).expect("nạp phông chữ"))));
        let out = tmp.path().join(format!("out-produce-{i}"));
        t_produce.push(time(|| produce(&model, &config, &inputs, &out, &templates, &shared)));

        // What `baocao run` does, end to end, into a fresh output folder.
        let out = tmp.path().join(format!("out-whole-{i}"));
        t_whole.push(time(|| {
            let model = read();
            let renderers = Renderers::new(None).expect("nạp phông chữ");
            produce(&model, &config, &inputs, &out, &templates, &renderers);
        }));
    }

    println!("{:<44} {:>10} {:>10}", "giai đoạn", "min", "trung vị");
    report("đọc + tổng hợp (read_month + consolidate)", &t_read);
    report("nạp phông chữ (Renderers::new)", &t_fonts);
    report("lập văn bản + lưu trữ (produce_month)", &t_produce);
    report("cả tháng (như baocao run)", &t_whole);
    match peak_rss_kib() {
        Some(kib) => println!("bộ nhớ đỉnh (VmHWM): {:.1} MiB", kib as f64 / 1024.0),
        None => println!("bộ nhớ đỉnh: không đọc được /proc/self/status"),
    }
    let median = median(&t_whole);
    println!("mục tiêu: dưới 1 giây cho một tháng — trung vị cả tháng {}", ms(median));
    if median > TARGET {
        eprintln!("KHÔNG ĐẠT: một tháng mất {} (mục tiêu dưới {})", ms(median), ms(TARGET));
        return ExitCode::FAILURE;
    }
    println!("ĐẠT");
    ExitCode::SUCCESS
}

fn produce(model: &MonthModel, config: &Config, inputs: &Path, output: &Path, templates: &Path, r: &Renderers) {
    let job = MonthJob { config, inputs, output, templates, date: None, issue: false };
    produce_month(model, &job, r, &|_| {}).expect("lập và lưu văn bản của tháng");
}

fn time(f: impl FnOnce()) -> Duration {
    let start = Instant::now();
    f();
    start.elapsed()
}

fn median(samples: &[Duration]) -> Duration {
    let mut s = samples.to_vec();
    s.sort();
    s.get(s.len() / 2).copied().unwrap_or_default()
}

fn report(stage: &str, samples: &[Duration]) {
    let min = samples.iter().min().copied().unwrap_or_default();
    println!("{stage:<44} {:>10} {:>10}", ms(min), ms(median(samples)));
}

fn ms(d: Duration) -> String {
    format!("{:.1} ms", d.as_secs_f64() * 1000.0)
}

/// Peak resident set size of this process, in KiB.
fn peak_rss_kib() -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    line.split_whitespace().nth(1)?.parse().ok()
}
