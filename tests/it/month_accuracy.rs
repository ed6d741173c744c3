//! End-to-end accuracy: generated messy months (tests/common/month.rs) and the committed
//! samples in `inputs/` go through the library pipeline (ingest → consolidate); every
//! agency's submission and counts, every task's index, deadline, text and status and every
//! file's role must come out exactly as the generator knows them, and the inputs folder
//! must be byte-for-byte untouched.

use crate::common::month::{generate_month, Truth};
use baocao::config::Config;
use baocao::consolidate::consolidate;
use baocao::ingest::report::read_month;
use baocao::model::{FileRole, MonthModel, Period, StatusCounts, Submission, TaskStatus};
use chrono::NaiveDate;
use sha2::{Digest, Sha256};
use std::collections::BTreeMap;
use std::path::Path;

/// Every entry of a folder: name → (content hash, length, modification time).
fn snapshot(dir: &Path) -> BTreeMap<String, (Vec<u8>, u64, std::time::SystemTime)> {
    let mut out = BTreeMap::new();
    for entry in std::fs::read_dir(dir).expect("folder lists") {
        let entry = entry.expect("entry");
        let meta = entry.metadata().expect("metadata");
        let bytes = if meta.is_file() { std::fs::read(entry.path()).expect("file reads") } else { Vec::new() };
        out.insert(
            entry.file_name().to_string_lossy().into_owned(),
            (Sha256::digest(&bytes).to_vec(), meta.len(), meta.modified().expect("mtime")),
        );
    }
    out
}

fn pipeline(dir: &Path, period: Period) -> MonthModel {
    let config = Config::default_config();
    let ingested = read_month(dir, &config, &|_, _, _| {}).expect("inputs folder is readable");
    consolidate(ingested, &config, period)
}

/// Every difference between the reader's month and the generator's truth, one line each.
fn differences(model: &MonthModel, truth: &Truth) -> Vec<String> {
    let mut diffs = Vec::new();
    if model.period != truth.period {
        diffs.push(format!("period: expected {}, got {}", truth.period, model.period));
    }
    for at in &truth.agencies {
        let Some(a) = model.agencies.iter().find(|a| a.name == at.name) else {
            diffs.push(format!("agency {} missing from the model", at.name));
            continue;
        };
        let layout = at.layout.unwrap_or("-");
        let file = at.file.as_deref().unwrap_or("-");
        if a.submission != at.submission {
            diffs.push(format!(
                "agency {} [{file}, {layout}]: submission expected {:?}, got {:?} (report date {:?}, file {:?})",
                at.name, at.submission, a.submission, a.report_date, a.file
            ));
        }
        if at.submission != Submission::Missing {
            if a.report_date != at.report_date || a.report_date_from_file_time != at.report_date_from_file_time {
                diffs.push(format!(
                    "agency {} [{file}, {layout}]: report date expected {:?} (file time: {}), got {:?} ({})",
                    at.name, at.report_date, at.report_date_from_file_time, a.report_date, a.report_date_from_file_time
                ));
            }
            if a.file != at.file {
                diffs.push(format!("agency {} [{layout}]: file expected {:?}, got {:?}", at.name, at.file, a.file));
            }
        }
        if a.counts != at.counts || a.total != at.counts.total() {
            diffs.push(format!(
                "agency {} [{file}, {layout}]: counts expected {:?}, got {:?} (total {})",
                at.name, at.counts, a.counts, a.total
            ));
        }
    }
    let mut by_source: BTreeMap<(String, String, u32), &baocao::model::TaskRecord> = BTreeMap::new();
    for t in &model.tasks {
        by_source.insert((t.source.file.clone(), t.source.sheet.clone(), t.source.row), t);
    }
    for tt in &truth.tasks {
        let key = (tt.file.clone(), tt.sheet.clone(), tt.row);
        let at = format!("{} [{}] sheet «{}» row {}", tt.file, tt.layout, tt.sheet, tt.row);
        let Some(t) = by_source.remove(&key) else {
            diffs.push(format!("{at}: task not read («{}»)", tt.task));
            continue;
        };
        if t.agency != tt.agency {
            diffs.push(format!("{at}: agency expected {}, got {}", tt.agency, t.agency));
        }
        if t.task != tt.task {
            diffs.push(format!("{at}: text expected «{}», got «{}»", tt.task, t.task));
        }
        if t.index != tt.index {
            diffs.push(format!("{at}: index expected {:?}, got {:?}", tt.index, t.index));
        }
        if t.deadline != tt.deadline {
            diffs.push(format!(
                "{at}: deadline expected {:?}, got {:?} (text {:?})",
                tt.deadline, t.deadline, t.deadline_text
            ));
        }
        if t.status != tt.status {
            diffs.push(format!(
                "{at}: status expected {:?}, got {:?} (deadline {:?} «{}», completed {:?}, «{}»)",
                tt.status,
                t.status,
                t.deadline,
                t.deadline_text.as_deref().unwrap_or(""),
                t.completed_on,
                tt.task
            ));
        }
        if t.progress_pct != tt.progress_pct {
            diffs.push(format!("{at}: progress expected {:?}, got {:?}", tt.progress_pct, t.progress_pct));
        }
    }
    for ((file, sheet, row), t) in by_source {
        diffs.push(format!("{file} sheet «{sheet}» row {row}: unexpected task «{}» ({:?})", t.task, t.status));
    }
    for ft in &truth.files {
        let Some(f) = model.files.iter().find(|f| f.file == ft.file) else {
            diffs.push(format!("file {} ({}) missing from files", ft.file, ft.what));
            continue;
        };
        if f.role != ft.role {
            diffs.push(format!(
                "file {} ({}): role expected {:?}, got {:?}: {}",
                ft.file, ft.what, ft.role, f.role, f.message
            ));
        }
        if matches!(ft.role, FileRole::Used | FileRole::Superseded) && f.agency != ft.agency {
            diffs.push(format!("file {} ({}): agency expected {:?}, got {:?}", ft.file, ft.what, ft.agency, f.agency));
        }
    }
    for f in &model.files {
        if !truth.files.iter().any(|ft| ft.file == f.file) {
            diffs.push(format!("unexpected file entry {} ({:?})", f.file, f.role));
        }
    }
    diffs
}

fn check_month(seed: u64, agencies: usize) -> Vec<String> {
    let dir = tempfile::tempdir().expect("temp dir");
    let truth = generate_month(dir.path(), seed, agencies);
    let before = snapshot(dir.path());
    let model = pipeline(dir.path(), truth.period);
    let used = truth.agencies.iter().filter(|a| a.submission != Submission::Missing).count();
    assert!(truth.tasks.len() >= used * 6, "seed {seed}: the generator wrote too few tasks");
    eprintln!(
        "seed {seed} ({}): {} files, {used} agencies reporting, {} tasks, reader: {} tasks",
        truth.period,
        truth.files.len(),
        truth.tasks.len(),
        model.tasks.len()
    );
    let mut diffs: Vec<String> = differences(&model, &truth).into_iter().map(|d| format!("seed {seed}: {d}")).collect();
    if snapshot(dir.path()) != before {
        diffs.push(format!("seed {seed}: the inputs folder changed"));
    }
    diffs
}

#[test]
fn generated_months_are_read_exactly() {
    let mut diffs = Vec::new();
    for seed in 0..5 {
        diffs.extend(check_month(seed, 29));
    }
    assert!(diffs.is_empty(), "{} differences:\n{}", diffs.len(), diffs.join("\n"));
}

#[test]
fn small_months_are_read_exactly() {
    let mut diffs = Vec::new();
    for seed in [101, 202] {
        diffs.extend(check_month(seed, 5));
    }
    assert!(diffs.is_empty(), "{} differences:\n{}", diffs.len(), diffs.join("\n"));
}

/// The comparison itself can fail: four planted errors in the truth give four more
/// differences.
#[test]
fn planted_errors_are_caught() {
    let dir = tempfile::tempdir().unwrap();
    let mut truth = generate_month(dir.path(), 3, 12);
    let model = pipeline(dir.path(), truth.period);
    let base = differences(&model, &truth).len();
    truth.tasks[0].status =
        if truth.tasks[0].status == TaskStatus::Done { TaskStatus::Overdue } else { TaskStatus::Done };
    truth.tasks.pop();
    let reporting = truth.agencies.iter_mut().find(|a| a.submission != Submission::Missing).unwrap();
    reporting.counts.recurring += 1;
    let unreadable = truth.files.iter_mut().find(|f| f.role == FileRole::Unreadable).unwrap();
    unreadable.role = FileRole::Ignored;
    assert_eq!(differences(&model, &truth).len(), base + 4);
}

#[test]
fn generator_is_deterministic_and_complete() {
    let (a, b) = (tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap());
    let ta = generate_month(a.path(), 7, 29);
    let tb = generate_month(b.path(), 7, 29);
    assert_eq!(ta, tb);
    let (sa, sb) = (snapshot(a.path()), snapshot(b.path()));
    assert_eq!(
        sa.iter().map(|(k, v)| (k, &v.0)).collect::<Vec<_>>(),
        sb.iter().map(|(k, v)| (k, &v.0)).collect::<Vec<_>>()
    );
    // Every file written is in the truth, and the month has every kind of part.
    assert_eq!(sa.keys().cloned().collect::<Vec<_>>(), {
        let mut v: Vec<String> = ta.files.iter().map(|f| f.file.clone()).collect();
        v.sort();
        v
    });
    assert_eq!(ta.agencies.len(), 29);
    for role in [FileRole::Used, FileRole::Superseded, FileRole::WrongPeriod, FileRole::Unreadable, FileRole::Ignored] {
        assert!(ta.files.iter().any(|f| f.role == role), "{role:?}");
    }
    for s in [Submission::OnTime, Submission::Late, Submission::Missing] {
        assert!(ta.agencies.iter().any(|a| a.submission == s), "{s:?}");
    }
    let mut all = StatusCounts::default();
    for t in &ta.tasks {
        all.add(t.status);
    }
    for s in TaskStatus::ALL {
        assert!(all.get(s) > 0, "{s:?}");
    }
    let per_agency: u32 = ta.agencies.iter().map(|a| a.counts.total()).sum();
    assert_eq!(per_agency as usize, ta.tasks.len());
    let layouts: std::collections::BTreeSet<_> = ta.agencies.iter().filter_map(|a| a.layout).collect();
    assert_eq!(layouts.len(), 7, "{layouts:?}");
}

fn counts(c: [u32; 6]) -> StatusCounts {
    StatusCounts { done: c[0], done_late: c[1], overdue: c[2], in_progress: c[3], not_started: c[4], recurring: c[5] }
}

fn day(d: u32) -> Option<NaiveDate> {
    NaiveDate::from_ymd_opt(2023, 5, d)
}

/// The committed samples (examples/make_samples.rs, tests/fixtures/samples/make_xls.py).
#[test]
fn committed_samples_are_read_exactly() {
    let inputs = Path::new(env!("CARGO_MANIFEST_DIR")).join("inputs");
    let before = snapshot(&inputs);
    let period: Period = "2023-05".parse().unwrap();
    let model = pipeline(&inputs, period);
    assert_eq!(snapshot(&inputs), before, "inputs/ must be untouched");

    // (agency, file, report date, submission, done/done_late/overdue/in_progress/not_started/recurring)
    let expected: [(&str, &str, u32, Submission, [u32; 6]); 8] = [
        ("Sở Tư pháp", "BC T5 STP.xlsx", 18, Submission::OnTime, [2, 1, 2, 3, 2, 2]),
        ("Huyện Bảo Thắng", "Bao cao CCHC thang 5 - Bao Thang.xlsx", 19, Submission::OnTime, [2, 2, 2, 2, 2, 2]),
        (
            "Sở Lao động - Thương binh và Xã hội",
            "SLĐTBXH_BC_PAPI_SIPAS_PAR_T5.2023.xlsx",
            17,
            Submission::OnTime,
            [2, 1, 1, 4, 2, 1],
        ),
        ("Sở Y tế", "BC thang 5.2023 - So Y te.xls", 15, Submission::OnTime, [2, 1, 1, 2, 1, 2]),
        ("Sở Tài chính", "STC - Bao cao T5-2023.ods", 16, Submission::OnTime, [2, 0, 2, 1, 2, 1]),
        ("Huyện Bát Xát", "BX_BaoCao_CCHC_T5.xlsx", 22, Submission::Late, [1, 1, 1, 2, 1, 1]),
        ("Sở Tài nguyên và Môi trường", "BC T5 STNMT (ban sua).xlsx", 18, Submission::OnTime, [1, 1, 1, 2, 1, 2]),
        ("Huyện Mường Khương", "MK_bao cao thang 5.xlsx", 17, Submission::OnTime, [1, 1, 1, 1, 1, 2]),
    ];
    let mut diffs = Vec::new();
    for a in &model.agencies {
        match expected.iter().find(|e| e.0 == a.name) {
            Some((_, file, d, submission, c)) => {
                let got = (a.file.as_deref(), a.report_date, a.submission, a.counts);
                let want = (Some(*file), day(*d), *submission, counts(*c));
                if got != want {
                    diffs.push(format!("{}: expected {want:?}, got {got:?}", a.name));
                }
            }
            None if a.submission != Submission::Missing => diffs.push(format!("{}: expected missing", a.name)),
            None => {}
        }
    }
    assert_eq!(model.agencies.len(), 29);
    let workbooks: Vec<&str> = expected.iter().map(|e| e.1).chain(["BC T5 STNMT.xlsx"]).collect();
    for f in &model.files {
        // Anything else in inputs/ (a placeholder such as .gitkeep) is not a report.
        let want = match f.file.as_str() {
            "BC T5 STNMT.xlsx" => FileRole::Superseded,
            name if workbooks.contains(&name) => FileRole::Used,
            _ => FileRole::Ignored,
        };
        if f.role != want {
            diffs.push(format!("file {}: expected {want:?}, got {:?}: {}", f.file, f.role, f.message));
        }
    }
    for w in &workbooks {
        assert!(model.files.iter().any(|f| f.file == *w), "{w} not listed in files");
    }
    assert_eq!(model.tasks.len(), 12 + 12 + 11 + 9 + 8 + 7 + 8 + 7);
    // Legacy TCVN3 and NFD text come out as plain NFC Unicode.
    let texts = |agency: &str| -> Vec<&str> {
        model.tasks.iter().filter(|t| t.agency == agency).map(|t| t.task.as_str()).collect()
    };
    assert_eq!(
        texts("Huyện Mường Khương"),
        [
            "Kiện toàn Ban Chỉ đạo cải cách hành chính huyện",
            "Triển khai phần mềm quản lý văn bản và điều hành đến cấp xã",
            "Đánh giá chất lượng hoạt động của Bộ phận Một cửa cấp xã",
            "Hỗ trợ người dân nộp hồ sơ trực tuyến tại Bộ phận Một cửa",
            "Công khai các khoản thu, chi tại trụ sở UBND các xã",
            "Tổ chức hội nghị đối thoại với nhân dân xã biên giới",
            "Xây dựng mô hình xử lý rác thải tại thôn bản",
        ]
    );
    assert_eq!(
        texts("Huyện Bát Xát"),
        [
            "Sửa đổi Quy chế làm việc của UBND huyện",
            "Rà soát, sắp xếp các thôn, tổ dân phố theo quy định",
            "Số hóa hồ sơ, kết quả giải quyết thủ tục hành chính cấp huyện, cấp xã",
            "Cải tạo, nâng cấp Bộ phận Một cửa cấp huyện",
            "Tổ chức lấy ý kiến nhân dân về dự án đầu tư công tại các xã",
            "Công khai kế hoạch sử dụng đất năm 2023 tại trụ sở UBND xã",
            "Xử lý dứt điểm các điểm tập kết rác thải tự phát ven Quốc lộ 4D",
        ]
    );
    assert!(diffs.is_empty(), "{}", diffs.join("\n"));
}
