//! Speed and scale of `baocao run` as the clerk runs it: the release binary as a child
//! process on generated inputs, wall time and peak memory (the child's `ru_maxrss` from
//! `wait4`) per case, side by side with what a Python office would run (pandas, and
//! LibreOffice turning the DOCX into PDF) when those are installed.
//!
//! `cargo bench --bench scale` prints a table and exits non-zero when a case misses its
//! budget. Cases: the committed sample month (`inputs/`), a month at real size (29
//! agencies, ~270 tasks), one workbook of 6,000 and of 60,000 task rows, and a year
//! (12 months run one after another, then `baocao year`).

#[path = "../tests/common/big.rs"]
mod big;
#[path = "../tests/common/month.rs"]
mod month;

use baocao::model::Period;
use calamine::Reader;
use std::path::{Path, PathBuf};
use std::process::{Command, ExitCode, Stdio};
use std::time::{Duration, Instant};

const BIN: &str = env!("CARGO_BIN_EXE_baocao");
const MIB: u64 = 1024;

/// One child process, measured.
struct Measure {
    wall: Duration,
    max_rss_kib: u64,
    ok: bool,
}

/// Runs `cmd` to its end with stdout and stderr in `log_dir`; its peak RSS comes from
/// `wait4`, which reports this child alone.
fn measure(cmd: &mut Command, log: &Path) -> Measure {
    let out = std::fs::File::create(log.with_extension("out")).expect("tệp ghi stdout");
    let err = std::fs::File::create(log.with_extension("err")).expect("tệp ghi stderr");
    cmd.stdin(Stdio::null()).stdout(out).stderr(err);
    let start = Instant::now();
    let child = cmd.spawn().unwrap_or_else(|e| panic!("không chạy được {cmd:?}: {e}"));
    let pid = child.id() as libc::pid_t;
    let mut status: libc::c_int = 0;
    // SAFETY: `rusage` is plain old data; `wait4` fills it for the child we spawned and
    // have not waited for (std's `Child` is dropped without waiting).
    let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
    loop {
        let r = unsafe { libc::wait4(pid, &mut status, 0, &mut usage) };
        if r == pid {
            break;
        }
        let interrupted = std::io::Error::last_os_error().kind() == std::io::ErrorKind::Interrupted;
        assert!(r == -1 && interrupted, "wait4 thất bại: {}", std::io::Error::last_os_error());
    }
    let wall = start.elapsed();
    drop(child);
    let ok = libc::WIFEXITED(status) && libc::WEXITSTATUS(status) == 0;
    Measure { wall, max_rss_kib: usage.ru_maxrss as u64, ok }
}

/// Several runs of one case: median wall time, highest peak memory.
struct Sample {
    walls: Vec<Duration>,
    max_rss_kib: u64,
}

impl Sample {
    fn median(&self) -> Duration {
        let mut w = self.walls.clone();
        w.sort();
        w[w.len() / 2]
    }
}

fn baocao_run(inputs: &Path, output: &Path, month: Period, log: &Path) -> Measure {
    let mut cmd = Command::new(BIN);
    cmd.arg("run").arg("--month").arg(month.to_string()).arg("--inputs").arg(inputs).arg("--output").arg(output);
    let m = measure(&mut cmd, log);
    assert!(m.ok, "baocao run thất bại trên {}: xem {}", inputs.display(), log.with_extension("err").display());
    m
}

/// `runs` runs of the month in `inputs`, each into a fresh output folder.
fn month_sample(work: &Path, name: &str, inputs: &Path, month: Period, runs: usize) -> Sample {
    let mut s = Sample { walls: Vec::new(), max_rss_kib: 0 };
    for i in 0..runs {
        let output = work.join(format!("out-{name}-{i}"));
        let m = baocao_run(inputs, &output, month, &work.join(format!("log-{name}-{i}")));
        s.walls.push(m.wall);
        s.max_rss_kib = s.max_rss_kib.max(m.max_rss_kib);
    }
    s
}

/// A row of the table, with its budget.
struct Row {
    case: String,
    runs: usize,
    time: Duration,
    rss_kib: u64,
    budget_time: Duration,
    budget_rss_kib: u64,
    /// Extra checks and comparisons: (text, passed).
    notes: Vec<(String, bool)>,
}

impl Row {
    fn passed(&self) -> bool {
        self.time <= self.budget_time && self.rss_kib <= self.budget_rss_kib && self.notes.iter().all(|n| n.1)
    }
}

fn secs(d: Duration) -> String {
    format!("{:.3} s", d.as_secs_f64())
}

fn mib(kib: u64) -> String {
    format!("{:.0} MiB", kib as f64 / 1024.0)
}

/// pandas and LibreOffice, when both answer.
struct Python {
    pandas: bool,
    soffice: bool,
}

fn available(program: &str, args: &[&str]) -> bool {
    Command::new(program).args(args).stdout(Stdio::null()).stderr(Stdio::null()).status().is_ok_and(|s| s.success())
}

/// pandas reading every sheet of every workbook given (what a Python script would do
/// first); unreadable files are skipped as the script would skip them.
const PANDAS_READ: &str = r#"
import sys, pandas as pd
n = 0
for f in sys.argv[1:]:
    try:
        pd.read_excel(f, sheet_name=None, header=None)
        n += 1
    except Exception as e:
        print("bỏ qua", f, type(e).__name__, file=sys.stderr)
print(n)
"#;

fn pandas_read(files: &[PathBuf], log: &Path) -> Measure {
    let mut cmd = Command::new("python3");
    cmd.arg("-c").arg(PANDAS_READ).args(files);
    measure(&mut cmd, log)
}

/// LibreOffice converting `docx` files to PDF, with its own profile under `work`.
fn soffice_convert(work: &Path, docx: &[PathBuf], log: &Path) -> Measure {
    let profile = work.join("lo-profile");
    let outdir = work.join("lo-pdf");
    let mut cmd = Command::new("soffice");
    cmd.arg(format!("-env:UserInstallation=file://{}", profile.display()))
        .args(["--headless", "--convert-to", "pdf", "--outdir"])
        .arg(&outdir)
        .args(docx);
    measure(&mut cmd, log)
}

fn files_in(dir: &Path) -> Vec<PathBuf> {
    let mut v: Vec<PathBuf> = std::fs::read_dir(dir).expect("đọc thư mục").flatten().map(|e| e.path()).collect();
    v.sort();
    v
}

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).expect("tạo thư mục");
    for f in files_in(from) {
        if f.is_file() {
            std::fs::copy(&f, to.join(f.file_name().expect("tên tệp"))).expect("chép tệp");
        }
    }
}

fn pdf_pages(path: &Path) -> usize {
    lopdf::Document::load(path).map(|d| d.get_pages().len()).unwrap_or(0)
}

/// Task rows in the `Nhiệm vụ` sheet of tong-hop.xlsx.
fn xlsx_tasks(path: &Path) -> usize {
    let Ok(mut book) = calamine::open_workbook::<calamine::Xlsx<_>, _>(path) else { return 0 };
    book.worksheet_range("Nhiệm vụ").map(|r| r.height().saturating_sub(1)).unwrap_or(0)
}

fn main() -> ExitCode {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let tmp = tempfile::tempdir().expect("thư mục tạm");
    let work = tmp.path();
    let may: Period = "2023-05".parse().expect("tháng");
    let py = Python {
        pandas: available("python3", &["-c", "import pandas, openpyxl"]),
        soffice: available("soffice", &["--version"]),
    };
    let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
    println!("baocao {BIN}\nmáy: {cores} lõi; pandas: {}; LibreOffice: {}", yes(py.pandas), yes(py.soffice));
    let mut rows: Vec<Row> = Vec::new();

    // 1. The committed samples of May 2023.
    let sample_inputs = work.join("inputs-sample");
    copy_dir(&root.join("inputs"), &sample_inputs);
    let s = month_sample(work, "sample", &sample_inputs, may, 5);
    rows.push(Row {
        case: format!("tháng mẫu (inputs/, {} tệp)", files_in(&sample_inputs).len()),
        runs: s.walls.len(),
        time: s.median(),
        rss_kib: s.max_rss_kib,
        budget_time: Duration::from_secs(1),
        budget_rss_kib: 200 * MIB,
        notes: vec![],
    });

    // 2. A month at real size, against pandas reading it + LibreOffice converting the two
    // DOCX baocao wrote.
    let real_inputs = work.join("inputs-real");
    std::fs::create_dir(&real_inputs).expect("tạo thư mục");
    let truth = month::generate_month_for(&real_inputs, may, 11, 29);
    let s = month_sample(work, "real", &real_inputs, may, 5);
    let mut notes = Vec::new();
    if py.pandas && py.soffice {
        let made = work.join("out-real-0").join("2023-05");
        let docx: Vec<PathBuf> = ["bao-cao-tong-hop.docx", "cong-van-don-doc.docx"]
            .iter()
            .map(|n| made.join(n))
            .filter(|p| p.exists())
            .collect();
        // A first conversion creates LibreOffice's profile; the measured one is warm.
        soffice_convert(work, &docx, &work.join("log-lo-warmup"));
        let read = pandas_read(&files_in(&real_inputs), &work.join("log-pandas-real"));
        let convert = soffice_convert(work, &docx, &work.join("log-lo"));
        let python = read.wall + convert.wall;
        let ratio = python.as_secs_f64() / s.median().as_secs_f64();
        notes.push((
            format!(
                "pandas đọc tháng {} + LibreOffice 2 DOCX→PDF {} = {}: baocao nhanh hơn {ratio:.1}× (cần ≥ 30×)",
                secs(read.wall),
                secs(convert.wall),
                secs(python)
            ),
            read.ok && convert.ok && ratio >= 30.0,
        ));
    } else {
        notes.push(("so sánh pandas + LibreOffice: bỏ qua (chưa cài pandas/openpyxl hoặc soffice)".into(), true));
    }
    rows.push(Row {
        case: format!("tháng cỡ thật (29 cơ quan, {} nhiệm vụ)", truth.tasks.len()),
        runs: s.walls.len(),
        time: s.median(),
        rss_kib: s.max_rss_kib,
        budget_time: Duration::from_secs(1),
        budget_rss_kib: 200 * MIB,
        notes,
    });

    // 3–4. One agency's workbook of 6,000 and 60,000 task rows.
    let mut big_times = Vec::new();
    for (rows_n, runs, budget_time, budget_rss) in [(6_000usize, 3usize, 2u64, 300u64), (60_000, 3, 10, 500)] {
        let inputs = work.join(format!("inputs-{rows_n}"));
        std::fs::create_dir(&inputs).expect("tạo thư mục");
        let book = inputs.join("BC T5 SYT.xlsx");
        big::write_big_workbook(&book, rows_n);
        let name = format!("big{rows_n}");
        let s = month_sample(work, &name, &inputs, may, runs);
        let made = work.join(format!("out-{name}-0")).join("2023-05");
        let pages = pdf_pages(&made.join("bao-cao-tong-hop.pdf"));
        let in_xlsx = xlsx_tasks(&made.join("tong-hop.xlsx"));
        let mut notes = vec![
            (format!("báo cáo {pages} trang (≤ 40)"), pages > 0 && pages <= 40),
            (format!("tong-hop.xlsx có {in_xlsx}/{rows_n} nhiệm vụ"), in_xlsx == rows_n),
        ];
        if rows_n == 60_000 {
            if py.pandas {
                let read = pandas_read(std::slice::from_ref(&book), &work.join("log-pandas-big"));
                notes.push((
                    format!("pandas chỉ đọc tệp: {} (baocao cả việc phải nhanh hơn)", secs(read.wall)),
                    read.ok && s.median() < read.wall,
                ));
            } else {
                notes.push(("so sánh pandas: bỏ qua (chưa cài pandas/openpyxl)".into(), true));
            }
        }
        big_times.push(s.median());
        rows.push(Row {
            case: format!("một tệp {rows_n} dòng"),
            runs: s.walls.len(),
            time: s.median(),
            rss_kib: s.max_rss_kib,
            budget_time: Duration::from_secs(budget_time),
            budget_rss_kib: budget_rss * MIB,
            notes,
        });
    }
    let growth = big_times[1].as_secs_f64() / big_times[0].as_secs_f64();
    if let Some(row) = rows.last_mut() {
        row.notes.push((format!("6.000 → 60.000 dòng: ×{growth:.2} thời gian (≤ ×11)"), growth <= 11.0));
    }

    // 5. A year: twelve months of 29 agencies run one after another into one output.
    let year_out = work.join("out-year");
    let mut year = Sample { walls: vec![Duration::ZERO], max_rss_kib: 0 };
    let mut year_tasks = 0;
    for m in 1..=12 {
        let period = Period::new(2023, m).expect("tháng");
        let inputs = work.join(format!("inputs-year-{m:02}"));
        std::fs::create_dir(&inputs).expect("tạo thư mục");
        year_tasks += month::generate_month_for(&inputs, period, 100 + u64::from(m), 29).tasks.len();
        let r = baocao_run(&inputs, &year_out, period, &work.join(format!("log-year-{m:02}")));
        year.walls[0] += r.wall;
        year.max_rss_kib = year.max_rss_kib.max(r.max_rss_kib);
    }
    let mut notes = vec![];
    // Then `baocao year 2023` over the twelve months (an older binary without the command
    // is measured on the twelve monthly runs alone, and says so).
    if available(BIN, &["year", "--help"]) {
        let mut cmd = Command::new(BIN);
        cmd.args(["year", "2023", "--output"]).arg(&year_out);
        let r = measure(&mut cmd, &work.join("log-year-command"));
        year.walls[0] += r.wall;
        year.max_rss_kib = year.max_rss_kib.max(r.max_rss_kib);
        notes.push((format!("baocao year 2023: {}", secs(r.wall)), r.ok));
    } else {
        notes.push(("baocao year: chưa có trong bản này, chỉ đo 12 lần chạy tháng".into(), true));
    }
    rows.push(Row {
        case: format!("năm (12 tháng × 29 cơ quan, {year_tasks} nhiệm vụ)"),
        runs: 1,
        time: year.median(),
        rss_kib: year.max_rss_kib,
        budget_time: Duration::from_secs(12),
        budget_rss_kib: 200 * MIB,
        notes,
    });

    print_table(&rows);
    if rows.iter().all(Row::passed) {
        println!("ĐẠT mọi ngân sách");
        ExitCode::SUCCESS
    } else {
        eprintln!("KHÔNG ĐẠT: xem các dòng «không đạt» ở trên");
        ExitCode::FAILURE
    }
}

fn yes(b: bool) -> &'static str {
    if b {
        "có"
    } else {
        "không có"
    }
}

fn print_table(rows: &[Row]) {
    let w = rows.iter().map(|r| r.case.chars().count()).max().unwrap_or(0).max(8);
    let pad = |s: &str| format!("{s}{}", " ".repeat(w.saturating_sub(s.chars().count())));
    println!(
        "\n{}  {:>5}  {:>10}  {:>9}  {:>19}  kết quả",
        pad("trường hợp"),
        "lần",
        "trung vị",
        "bộ nhớ",
        "ngân sách"
    );
    for r in rows {
        println!(
            "{}  {:>5}  {:>10}  {:>9}  {:>19}  {}",
            pad(&r.case),
            r.runs,
            secs(r.time),
            mib(r.rss_kib),
            format!("{} / {}", secs(r.budget_time), mib(r.budget_rss_kib)),
            if r.passed() { "đạt" } else { "KHÔNG ĐẠT" }
        );
        for (note, ok) in &r.notes {
            println!("{}    - {note}{}", " ".repeat(w), if *ok { "" } else { "  ← không đạt" });
        }
    }
}
