//! `baocao year`: a generated year (months archived through the month pipeline, some
//! never run; tasks that repeat, finish, slip past their deadline and disappear; one
//! agency that never reports; ties at every class boundary and at the cap) against scores,
//! classes, ranks and counts computed by hand.

use crate::common::docx::docx_paragraph_texts;
use crate::common::pdf::pdf_text;
use baocao::config::{AgencyConfig, AgencyKind, Config};
use baocao::model::{
    AgencySummary, IndexKind, MonthModel, Period, SourceRef, StatusCounts, Submission, TaskRecord, TaskStatus,
};
use baocao::pipeline::{produce_month, MonthJob};
use baocao::render::Renderers;
use chrono::NaiveDate;
use serde_json::Value;
use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::process::Command;

use Submission::{Late as L, Missing as M, OnTime as T};
use TaskStatus::{Done, DoneLate, InProgress, NotStarted, Overdue, Recurring};

fn d(y: i32, m: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, day).unwrap()
}

/// The months run; March and June onwards are never run.
const RUN: [u32; 4] = [1, 2, 4, 5];

/// (name, code, submission in months 1, 2, 4, 5).
const AGENCIES: [(&str, &str, [Submission; 4]); 12] = [
    ("Cơ quan A1", "A1", [T, T, T, T]),
    ("Cơ quan A2", "A2", [T, T, T, T]),
    ("Cơ quan A3", "A3", [T, T, T, T]),
    ("Cơ quan A4", "A4", [T, T, T, M]),
    ("Cơ quan A5", "A5", [T, T, T, T]),
    ("Cơ quan A6", "A6", [T, L, T, T]),
    ("Cơ quan A7", "A7", [T, M, M, T]),
    ("Cơ quan A8", "A8", [L, L, L, L]),
    ("Cơ quan A9", "A9", [T, M, M, M]),
    ("Cơ quan A10", "A10", [M, M, M, M]),
    ("Cơ quan A11", "A11", [T, T, T, T]),
    ("Cơ quan A12", "A12", [T, T, T, T]),
];

struct Task {
    text: String,
    status: TaskStatus,
    deadline: Option<NaiveDate>,
}

fn t(text: &str, status: TaskStatus, deadline: Option<NaiveDate>) -> Task {
    Task { text: text.into(), status, deadline }
}

/// `n` tasks `prefix 1…n` of one status, deadline mid-February.
fn many(prefix: &str, n: usize, status: TaskStatus) -> Vec<Task> {
    (1..=n).map(|i| t(&format!("{prefix} {i}"), status, Some(d(2023, 2, 15)))).collect()
}

/// What `agency` lists in `month` (only called for months it reported).
fn tasks_of(code: &str, month: u32) -> Vec<Task> {
    let march = Some(d(2023, 3, 31));
    match code {
        // Finishes in April; one recurring task.
        "A1" => vec![
            t("Rà soát quy trình nội bộ", if month < 4 { InProgress } else { Done }, Some(d(2023, 4, 30))),
            t("Tiếp công dân định kỳ", Recurring, None),
        ],
        // The same task written differently each month, finished in April; one task
        // listed only in January (in progress then), which slipped past its deadline.
        "A2" => {
            let text = [
                "Rà soát thủ tục hành chính.",
                "rà soát  thủ tục hành chính",
                "",
                "RÀ SOÁT THỦ TỤC HÀNH CHÍNH;",
                "Rà soát thủ tục hành chính",
            ];
            let mut v = vec![t(text[month as usize - 1], if month < 4 { InProgress } else { Done }, march)];
            v.extend(many("Nhiệm vụ A2", 5, Done));
            if month == 1 {
                v.push(t("Nhiệm vụ biến mất", InProgress, Some(d(2023, 1, 31))));
            }
            v
        }
        "A3" => [many("Nhiệm vụ A3", 5, Done), many("Việc muộn A3", 2, DoneLate)].into_iter().flatten().collect(),
        "A4" => [many("Nhiệm vụ A4", 3, Done), many("Quá hạn A4", 1, Overdue)].into_iter().flatten().collect(),
        "A5" => [many("Nhiệm vụ A5", 4, Done), many("Việc muộn A5", 1, DoneLate), many("Quá hạn A5", 2, Overdue)]
            .into_iter()
            .flatten()
            .collect(),
        "A6" => [many("Nhiệm vụ A6", 2, Done), many("Quá hạn A6", 1, Overdue)].into_iter().flatten().collect(),
        "A7" => [many("Nhiệm vụ A7", 1, Done), many("Quá hạn A7", 1, Overdue)].into_iter().flatten().collect(),
        "A8" => many("Việc muộn A8", 1, DoneLate),
        "A9" => [many("Nhiệm vụ A9", 1, Done), many("Quá hạn A9", 1, Overdue)].into_iter().flatten().collect(),
        // Deadlines after June, before December: not judged at the half-year, overdue at the year's end.
        "A11" => vec![
            t("Số hóa hồ sơ lưu trữ", InProgress, Some(d(2023, 8, 31))),
            t("Khảo sát mức độ hài lòng", NotStarted, Some(d(2023, 10, 31))),
        ],
        "A12" => [many("Nhiệm vụ A12", 4, Done), many("Quá hạn A12", 1, Overdue)].into_iter().flatten().collect(),
        _ => vec![],
    }
}

fn config() -> Config {
    let mut c = Config::default_config();
    c.agencies = AGENCIES
        .iter()
        .map(|(name, code, _)| AgencyConfig {
            name: name.to_string(),
            code: code.to_string(),
            kind: AgencyKind::Province,
            addressee: name.to_string(),
            aliases: vec![],
        })
        .collect();
    c
}

fn month_model(month: u32, config: &Config) -> MonthModel {
    let period = Period::new(2023, month).unwrap();
    let (period_start, period_end) = period.data_window(config.cutoff_day);
    let slot = RUN.iter().position(|&m| m == month).unwrap();
    let mut agencies = Vec::new();
    let mut tasks = Vec::new();
    for (name, code, subs) in AGENCIES {
        let sub = subs[slot];
        if sub == Submission::Missing {
            agencies.push(AgencySummary::missing(name, code));
            continue;
        }
        let mut counts = StatusCounts::default();
        for (row, task) in tasks_of(code, month).into_iter().enumerate() {
            counts.add(task.status);
            tasks.push(TaskRecord {
                agency: name.to_string(),
                index: Some(IndexKind::ALL[row % 3]),
                area: None,
                task: task.text,
                deadline: task.deadline,
                deadline_text: None,
                status: task.status,
                completed_on: matches!(task.status, Done | DoneLate).then(|| d(2023, month, 1)),
                progress_pct: None,
                result: None,
                issues: None,
                proposals: None,
                note: None,
                source: SourceRef {
                    file: format!("{code}-T{month}.xlsx"),
                    sheet: "Báo cáo".into(),
                    row: row as u32 + 5,
                },
            });
        }
        agencies.push(AgencySummary {
            name: name.to_string(),
            code: code.to_string(),
            submission: sub,
            report_date: Some(period.day(if sub == Submission::OnTime { 18 } else { 22 })),
            report_date_from_file_time: false,
            file: Some(format!("{code}-T{month}.xlsx")),
            counts,
            total: counts.total(),
        });
    }
    MonthModel {
        period,
        period_start,
        period_end,
        agency_due: period.day(19),
        agencies,
        tasks,
        files: vec![],
        problems: vec![],
    }
}

/// The months archived through the month pipeline under `<root>/output`, the config file
/// written to `<root>/cau-hinh.yaml`.
fn setup() -> (tempfile::TempDir, PathBuf) {
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path().to_path_buf();
    let config = config();
    std::fs::write(root.join("cau-hinh.yaml"), config.to_yaml()).unwrap();
    let inputs = root.join("inputs");
    std::fs::create_dir_all(&inputs).unwrap();
    let renderers = Renderers::new(None).unwrap();
    let output = root.join("output");
    for month in RUN {
        let model = month_model(month, &config);
        let job = MonthJob {
            config: &config,
            inputs: &inputs,
            output: &output,
            templates: &root.join("templates"),
            date: None,
            issue: false,
        };
        produce_month(&model, &job, &renderers, &|_| {}).unwrap();
    }
    (tmp, root)
}

fn baocao(root: &Path, args: &[&str]) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_baocao")).args(args).current_dir(root).output().expect("run baocao")
}

fn year(root: &Path, extra: &[&str]) -> String {
    let mut args = vec!["year", "2023", "--config", "cau-hinh.yaml", "--date", "2023-12-20"];
    args.extend_from_slice(extra);
    let out = baocao(root, &args);
    let stdout = String::from_utf8_lossy(&out.stdout).into_owned();
    assert!(out.status.success(), "{stdout}\n{}", String::from_utf8_lossy(&out.stderr));
    stdout
}

fn json(path: &Path) -> Value {
    serde_json::from_slice(&std::fs::read(path).unwrap()).unwrap()
}

/// (name → (rank, score, class, capped)).
fn results(v: &Value) -> BTreeMap<String, (u64, f64, String, bool)> {
    v["agencies"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| {
            (
                a["name"].as_str().unwrap().to_string(),
                (
                    a["rank"].as_u64().unwrap(),
                    a["score"].as_f64().unwrap(),
                    a["class"].as_str().unwrap().to_string(),
                    a["capped"].as_bool().unwrap(),
                ),
            )
        })
        .collect()
}

const XS: &str = "Hoàn thành xuất sắc nhiệm vụ";
const TOT: &str = "Hoàn thành tốt nhiệm vụ";
const HT: &str = "Hoàn thành nhiệm vụ";
const KHT: &str = "Không hoàn thành nhiệm vụ";

fn expect(rows: &[(&str, u64, f64, &str, bool)]) -> BTreeMap<String, (u64, f64, String, bool)> {
    rows.iter().map(|(n, r, s, c, k)| (format!("Cơ quan {n}"), (*r, *s, c.to_string(), *k))).collect()
}

/// Every file of the month folders, with its bytes.
fn month_files(output: &Path) -> BTreeMap<PathBuf, Vec<u8>> {
    fn walk(dir: &Path, out: &mut BTreeMap<PathBuf, Vec<u8>>) {
        for e in std::fs::read_dir(dir).unwrap() {
            let p = e.unwrap().path();
            if p.is_dir() {
                walk(&p, out);
            } else {
                out.insert(p.clone(), std::fs::read(&p).unwrap());
            }
        }
    }
    let mut out = BTreeMap::new();
    for m in RUN {
        walk(&output.join(format!("2023-{m:02}")), &mut out);
    }
    out
}

#[test]
fn no_month_run_says_what_to_do() {
    let tmp = tempfile::tempdir().unwrap();
    let out = baocao(tmp.path(), &["year", "2023"]);
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("chưa có tháng nào của kỳ 2023-01 đến 2023-12 được tổng hợp"), "{err}");
    assert!(err.contains("baocao run --month"), "{err}");
    assert!(!tmp.path().join("output").join("2023").exists());
}

#[test]
fn the_year_scored_classed_and_ranked() {
    let (_tmp, root) = setup();
    let output = root.join("output");
    let before = month_files(&output);
    let stdout = year(&root, &[]);
    let dir = output.join("2023");
    let v = json(&dir.join("xep-loai.json"));

    // Keys exactly as listed.
    let keys: BTreeSet<&str> = v.as_object().unwrap().keys().map(String::as_str).collect();
    let want: BTreeSet<&str> = [
        "year",
        "through",
        "period_start",
        "period_end",
        "months_run",
        "months_absent",
        "criteria",
        "agencies",
        "tasks",
    ]
    .into();
    assert_eq!(keys, want);
    let akeys: BTreeSet<&str> = v["agencies"][0].as_object().unwrap().keys().map(String::as_str).collect();
    let want: BTreeSet<&str> =
        ["name", "code", "rank", "score", "class", "capped", "months", "on_time", "late", "missing", "tasks", "total"]
            .into();
    assert_eq!(akeys, want);
    let tkeys: BTreeSet<&str> = v["tasks"][0].as_object().unwrap().keys().map(String::as_str).collect();
    let want: BTreeSet<&str> =
        ["agency", "index", "task", "deadline", "deadline_text", "status", "completed_on", "last_month", "source"]
            .into();
    assert_eq!(tkeys, want);

    assert_eq!(v["year"], 2023);
    assert_eq!(v["through"], "2023-12");
    assert_eq!(v["period_start"], "2022-12-15");
    assert_eq!(v["period_end"], "2023-12-14");
    assert_eq!(v["months_run"], serde_json::json!(["2023-01", "2023-02", "2023-04", "2023-05"]));
    assert_eq!(
        v["months_absent"],
        serde_json::json!(["2023-03", "2023-06", "2023-07", "2023-08", "2023-09", "2023-10", "2023-11", "2023-12"])
    );

    // By hand: score = 30 R + 70 C. A2: R 1, C 6/7 = 90 (on the boundary); A3 the same by
    // late completions; 5 rated "tốt" or better → ⌊20% × 5⌋ = 1 keeps "xuất sắc": A1; A2 and
    // A3 tie at the first demoted place, both capped. A4: 0.75·30 + 0.75·70 = 75; A5: 30 +
    // 70·4.5/7 = 75; A6: 0.875·30 + 70·2/3 = 72.9166…; A7 and A8 (all late) 15 + 35 = 50;
    // A9: 7.5 + 35 = 42.5; A11's two tasks slipped past their deadlines: 30 + 0; A10 never
    // reported: 0.
    assert_eq!(
        results(&v),
        expect(&[
            ("A1", 1, 100.0, XS, false),
            ("A2", 2, 90.0, TOT, true),
            ("A3", 2, 90.0, TOT, true),
            ("A12", 4, 86.0, TOT, false),
            ("A4", 5, 75.0, TOT, false),
            ("A5", 5, 75.0, TOT, false),
            ("A6", 7, 72.92, HT, false),
            ("A7", 8, 50.0, HT, false),
            ("A8", 8, 50.0, HT, false),
            ("A9", 10, 42.5, KHT, false),
            ("A11", 11, 30.0, KHT, false),
            ("A10", 12, 0.0, KHT, false),
        ])
    );
    // Ordered by rank.
    let order: Vec<&str> = v["agencies"].as_array().unwrap().iter().map(|a| a["code"].as_str().unwrap()).collect();
    assert_eq!(order, ["A1", "A2", "A3", "A12", "A4", "A5", "A6", "A7", "A8", "A9", "A11", "A10"]);

    let agency = |code: &str| v["agencies"].as_array().unwrap().iter().find(|a| a["code"] == code).unwrap().clone();
    let counts = |code: &str| {
        let a = agency(code);
        let t = &a["tasks"];
        [&t["done"], &t["done_late"], &t["overdue"], &t["in_progress"], &t["not_started"], &t["recurring"], &a["total"]]
            .map(|x| x.as_u64().unwrap())
    };
    // A1: one task finished in April (listed four times), one recurring.
    assert_eq!(counts("A1"), [1, 0, 0, 0, 0, 1, 2]);
    // A2: the task written four ways is one, done; the task that disappeared after January is overdue.
    assert_eq!(counts("A2"), [6, 0, 1, 0, 0, 0, 7]);
    assert_eq!(counts("A3"), [5, 2, 0, 0, 0, 0, 7]);
    assert_eq!(counts("A11"), [0, 0, 2, 0, 0, 0, 2]);
    assert_eq!(counts("A10"), [0, 0, 0, 0, 0, 0, 0]);
    let a6 = agency("A6");
    assert_eq!((a6["on_time"].as_u64(), a6["late"].as_u64(), a6["missing"].as_u64()), (Some(3), Some(1), Some(0)));
    assert_eq!(
        a6["months"],
        serde_json::json!({"2023-01": "on_time", "2023-02": "late", "2023-04": "on_time", "2023-05": "on_time"})
    );
    assert_eq!(agency("A10")["missing"], 4);

    // The year task list: one record per (agency, task), the latest month's.
    let tasks = v["tasks"].as_array().unwrap();
    assert_eq!(tasks.len(), 2 + 7 + 7 + 4 + 7 + 3 + 2 + 1 + 2 + 2 + 5);
    let a2: Vec<&Value> = tasks.iter().filter(|t| t["agency"] == "Cơ quan A2").collect();
    let merged = a2.iter().find(|t| t["task"] == "Rà soát thủ tục hành chính").unwrap();
    assert_eq!((merged["status"].as_str(), merged["last_month"].as_str()), (Some("done"), Some("2023-05")));
    assert_eq!(merged["source"]["file"], "A2-T5.xlsx");
    let gone = a2.iter().find(|t| t["task"] == "Nhiệm vụ biến mất").unwrap();
    assert_eq!((gone["status"].as_str(), gone["last_month"].as_str()), (Some("overdue"), Some("2023-01")));
    assert_eq!(gone["deadline"], "2023-01-31");

    assert_eq!(v["criteria"]["weights"]["reporting"], 30.0);
    assert_eq!(v["criteria"]["excellent_cap_percent"], 20.0);

    // Documents: the report and the Tờ trình, PDF and DOCX with the same words, naming
    // the classes, the capped agencies and the months absent.
    for stem in ["bao-cao-nam", "to-trinh-xep-loai"] {
        let pdf = pdf_text(&std::fs::read(dir.join(format!("{stem}.pdf"))).unwrap());
        let docx = docx_paragraph_texts(&std::fs::read(dir.join(format!("{stem}.docx"))).unwrap()).join("\n");
        same_words(&pdf, &docx);
        let flat = flat(&docx);
        for class in [XS, TOT, HT, KHT] {
            assert!(flat.contains(class), "{stem}: {class}");
        }
        assert!(flat.contains("Hoàn thành xuất sắc nhiệm vụ: 1 cơ quan, đơn vị (Cơ quan A1)"), "{stem}: {flat}");
        assert!(flat.contains("Cơ quan A2, Cơ quan A3"), "{stem}: capped");
        assert!(
            flat.contains("Không hoàn thành nhiệm vụ: 3 cơ quan, đơn vị (Cơ quan A9, Cơ quan A11, Cơ quan A10)"),
            "{stem}"
        );
    }
    let report = flat(&docx_paragraph_texts(&std::fs::read(dir.join("bao-cao-nam.docx")).unwrap()).join("\n"));
    assert!(
        report.contains(
            "Chưa tổng hợp 8 tháng: tháng 3, tháng 6, tháng 7, tháng 8, tháng 9, tháng 10, tháng 11, tháng 12"
        ),
        "{report}"
    );
    assert!(report.contains("Không gửi báo cáo tháng nào: 1 cơ quan, đơn vị, gồm: Cơ quan A10"), "{report}");
    assert!(report.contains("Điểm đánh giá (thang 100) bằng 30 × R cộng 70 × C"), "{report}");
    assert!(report.contains("Cơ quan A11 (2 nhiệm vụ)"), "{report}");
    let ttr = docx_paragraph_texts(&std::fs::read(dir.join("to-trinh-xep-loai.docx")).unwrap()).join("\n");
    assert!(ttr.contains("TỜ TRÌNH") && ttr.contains("/TTr-SNV"), "{ttr}");
    assert!(ttr.contains("Chủ tịch Ủy ban nhân dân tỉnh Lào Cai"), "{ttr}");

    // The workbook: the ranking sheet's rows in rank order, the four sheets.
    let xlsx = std::fs::read(dir.join("xep-loai.xlsx")).unwrap();
    let mut wb: calamine::Xlsx<_> = calamine::open_workbook_from_rs(std::io::Cursor::new(xlsx.clone())).unwrap();
    use calamine::Reader;
    assert_eq!(wb.sheet_names(), ["Xếp loại", "Báo cáo theo tháng", "Nhiệm vụ trong năm", "Tiêu chí"]);
    let rank = wb.worksheet_range("Xếp loại").unwrap();
    let cell = |r: u32, c: u32| rank.get_value((r, c)).map(|v| v.to_string()).unwrap_or_default();
    assert_eq!(
        (cell(1, 0), cell(1, 1), cell(1, 15), cell(1, 16)),
        ("1".into(), "Cơ quan A1".into(), "100".into(), XS.into())
    );
    assert_eq!((cell(7, 1), cell(7, 15), cell(7, 16)), ("Cơ quan A6".into(), "72.92".into(), HT.into()));
    assert_eq!((cell(2, 17), cell(4, 17)), ("Có".into(), "".into()));
    let months = wb.worksheet_range("Báo cáo theo tháng").unwrap();
    assert_eq!(months.get_value((0, 2)).unwrap().to_string(), "2023-02");
    assert_eq!(wb.worksheet_range("Nhiệm vụ trong năm").unwrap().height(), tasks.len() + 1);

    // The summary names months, classes, top and bottom.
    assert!(stdout.contains("Chưa tổng hợp 8 tháng: tháng 3, tháng 6"), "{stdout}");
    assert!(stdout.contains("Hoàn thành xuất sắc nhiệm vụ: 1"), "{stdout}");
    assert!(stdout.contains("1. Cơ quan A1 — 100.00 điểm"), "{stdout}");
    assert!(stdout.contains("12. Cơ quan A10 — 0.00 điểm — Không hoàn thành nhiệm vụ"), "{stdout}");

    // Reproducible: a second run gives the same bytes (v002 equals v001).
    let again = year(&root, &[]);
    assert!(again.contains("giống hệt phiên bản v001"), "{again}");
    for name in [
        "bao-cao-nam.pdf",
        "bao-cao-nam.docx",
        "to-trinh-xep-loai.pdf",
        "to-trinh-xep-loai.docx",
        "xep-loai.xlsx",
        "xep-loai.json",
    ] {
        assert_eq!(
            std::fs::read(dir.join("v001").join(name)).unwrap(),
            std::fs::read(dir.join("v002").join(name)).unwrap(),
            "{name}"
        );
    }

    // The months' archives are untouched.
    assert_eq!(month_files(&output), before);
}

#[test]
fn each_range_has_its_folder_and_its_own_end() {
    let (_tmp, root) = setup();
    let output = root.join("output");
    let before = month_files(&output);
    for (through, folder, stem) in [
        ("2023-03", "quy-1", "bao-cao-quy-1"),
        ("2023-06", "6-thang", "bao-cao-6-thang"),
        ("2023-09", "9-thang", "bao-cao-9-thang"),
        ("2023-05", "den-thang-05", "bao-cao-den-thang-05"),
    ] {
        year(&root, &["--through", through]);
        let dir = output.join("2023").join(folder);
        let mut files: Vec<String> = std::fs::read_dir(&dir)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .filter(|n| !n.starts_with('.'))
            .collect();
        files.sort();
        let want = [
            format!("{stem}.docx"),
            format!("{stem}.pdf"),
            "manifest.json".into(),
            "v001".into(),
            "xep-loai.json".into(),
            "xep-loai.xlsx".into(),
        ];
        assert_eq!(files, want, "{folder}");
        let v = json(&dir.join("xep-loai.json"));
        assert_eq!(v["through"], through);
    }
    assert!(!output.join("2023").join("manifest.json").exists(), "the year's own folder is written only for the year");
    // The year's folder holds the ranges' folders; `verify` checks each by itself.
    year(&root, &[]);
    for dir in ["2023", "2023/quy-1", "2023/6-thang"] {
        let out = baocao(&root, &["verify", &format!("output/{dir}")]);
        assert!(out.status.success(), "{dir}: {}", String::from_utf8_lossy(&out.stdout));
    }

    // The half-year: ends 14 June; A11's deadlines (August, October) are not yet due, so its
    // C is 1 and it scores 100; 4 "xuất sắc" of 7 rated "tốt" or better, ⌊1.4⌋ = 1 may stay,
    // the first demoted (100) ties with the first: all four are capped.
    let v = json(&output.join("2023/6-thang/xep-loai.json"));
    assert_eq!(v["period_end"], "2023-06-14");
    assert_eq!(v["months_absent"], serde_json::json!(["2023-03", "2023-06"]));
    assert_eq!(
        results(&v),
        expect(&[
            ("A1", 1, 100.0, TOT, true),
            ("A11", 1, 100.0, TOT, true),
            ("A2", 3, 90.0, TOT, true),
            ("A3", 3, 90.0, TOT, true),
            ("A12", 5, 86.0, TOT, false),
            ("A4", 6, 75.0, TOT, false),
            ("A5", 6, 75.0, TOT, false),
            ("A6", 8, 72.92, HT, false),
            ("A7", 9, 50.0, HT, false),
            ("A8", 9, 50.0, HT, false),
            ("A9", 11, 42.5, KHT, false),
            ("A10", 12, 0.0, KHT, false),
        ])
    );
    let a11 = v["agencies"].as_array().unwrap().iter().find(|a| a["code"] == "A11").unwrap();
    assert_eq!((a11["tasks"]["in_progress"].as_u64(), a11["tasks"]["not_started"].as_u64()), (Some(1), Some(1)));

    // The first quarter: January and February run, March absent.
    let q1 = json(&output.join("2023/quy-1/xep-loai.json"));
    assert_eq!(q1["months_run"], serde_json::json!(["2023-01", "2023-02"]));
    assert_eq!(q1["months_absent"], serde_json::json!(["2023-03"]));
    let q1_report =
        docx_paragraph_texts(&std::fs::read(output.join("2023/quy-1/bao-cao-quy-1.docx")).unwrap()).join("\n");
    assert!(q1_report.contains("quý I năm 2023"), "{q1_report}");
    assert!(!q1_report.contains("Tờ trình"), "no Tờ trình before the year's end");

    assert_eq!(month_files(&output), before);
}

#[test]
fn criteria_from_the_config_file_change_the_result() {
    let (_tmp, root) = setup();
    let yaml = std::fs::read_to_string(root.join("cau-hinh.yaml")).unwrap();
    let mut config = Config::from_yaml(&yaml, Path::new("cau-hinh.yaml")).unwrap();
    config.evaluation.excellent_cap_percent = None;
    config.evaluation.classes.good = 80.0;
    std::fs::write(root.join("cau-hinh.yaml"), config.to_yaml()).unwrap();
    year(&root, &[]);
    let v = json(&root.join("output/2023/xep-loai.json"));
    let r = results(&v);
    // No cap: A2 and A3 keep "xuất sắc"; "tốt" from 80: A4 and A5 (75) are "Hoàn thành".
    assert_eq!(r["Cơ quan A2"], (2, 90.0, XS.to_string(), false));
    assert_eq!(r["Cơ quan A3"], (2, 90.0, XS.to_string(), false));
    assert_eq!(r["Cơ quan A12"], (4, 86.0, TOT.to_string(), false));
    assert_eq!(r["Cơ quan A4"], (5, 75.0, HT.to_string(), false));
    assert_eq!(v["criteria"]["excellent_cap_percent"], Value::Null);
    assert_eq!(v["criteria"]["classes"]["good"], 80.0);

    // A criterion out of order is refused, naming the file, the line and the key.
    let bad = config.to_yaml().replace("good: 80.0", "good: 95.0");
    std::fs::write(root.join("cau-hinh.yaml"), &bad).unwrap();
    let out = baocao(&root, &["year", "2023", "--config", "cau-hinh.yaml"]);
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8_lossy(&out.stderr);
    let line = bad.lines().position(|l| l.trim() == "classes:").unwrap() + 1;
    assert!(err.contains("cau-hinh.yaml"), "{err}");
    assert!(err.contains(&format!("dòng {line}")), "{err}");
    assert!(err.contains("evaluation.classes"), "{err}");
}

#[test]
fn config_prints_the_criteria() {
    let tmp = tempfile::tempdir().unwrap();
    let out = baocao(tmp.path(), &["config"]);
    let text = String::from_utf8_lossy(&out.stdout);
    for line in [
        "evaluation:",
        "  weights: { reporting: 30, completion: 70 }",
        "  late_report_credit: 0.5",
        "  done_late_credit: 0.5",
        "  classes: { excellent: 90, good: 75, pass: 50 }",
        "  excellent_cap_percent: 20",
    ] {
        assert!(text.lines().any(|l| l == line), "{line}");
    }
    assert_eq!(Config::default_config().evaluation, baocao::criteria::Criteria::default());
}

fn flat(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

fn words(text: &str) -> BTreeSet<String> {
    text.split(|c: char| c.is_whitespace() || ",.;:()/–-\"«»".contains(c))
        .map(|w| w.trim().to_string())
        .filter(|w| !w.is_empty())
        .collect()
}

fn same_words(pdf: &str, docx: &str) {
    let (wp, wd) = (words(pdf), words(docx));
    let only_docx: Vec<_> = wd.difference(&wp).collect();
    assert!(only_docx.is_empty(), "words only in the DOCX: {only_docx:?}");
    let only_pdf: Vec<_> =
        wp.difference(&wd).filter(|w| !w.chars().all(|c| c.is_ascii_digit() || c == '%' || c == ',')).collect();
    assert!(only_pdf.is_empty(), "words only in the PDF: {only_pdf:?}");
}

#[test]
fn issue_numbers_the_report_and_the_to_trinh() {
    let (_tmp, root) = setup();
    let refused = baocao(&root, &["year", "2023", "--config", "cau-hinh.yaml", "--issue"]);
    assert_eq!(refused.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&refused.stderr).contains("--date"));

    let stdout = year(&root, &["--issue"]);
    let output = root.join("output");
    let reg = baocao::register::Register::open_in(&output).unwrap();
    let entries: Vec<(String, String, String)> =
        reg.list(Some(2023)).unwrap().into_iter().map(|e| (e.symbol_text, e.type_name, e.date.to_string())).collect();
    assert_eq!(
        entries,
        [
            ("01/BC-SNV".to_string(), "Báo cáo".to_string(), "2023-12-20".to_string()),
            ("02/TTr-SNV".to_string(), "Tờ trình".to_string(), "2023-12-20".to_string()),
        ]
    );
    assert!(stdout.contains("số 02/TTr-SNV"), "{stdout}");
    let ttr =
        flat(&docx_paragraph_texts(&std::fs::read(output.join("2023/to-trinh-xep-loai.docx")).unwrap()).join("\n"));
    assert!(ttr.contains("Số: 02/TTr-SNV"), "{ttr}");
    assert!(ttr.contains("Lào Cai, ngày 20 tháng 12 năm 2023"), "{ttr}");
    assert!(ttr.contains("Kèm theo Tờ trình số 02/TTr-SNV"), "{ttr}");
}
