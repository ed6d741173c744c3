//! The built binary on a generated inputs folder with good and bad files.

use rust_xlsxwriter::{Workbook, Worksheet};
use sha2::{Digest, Sha256};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn row(ws: &mut Worksheet, row: u32, cells: &[&str]) {
    for (col, text) in cells.iter().enumerate() {
        if !text.is_empty() {
            ws.write_string(row - 1, col as u16, *text).unwrap();
        }
    }
}

/// A simple agency report: title lines, a header, task rows (task, deadline, status).
fn report(path: &Path, title: &[&str], tasks: &[[&str; 3]]) {
    let mut wb = Workbook::new();
    let ws = wb.add_worksheet();
    let mut r = 1;
    for line in title {
        row(ws, r, &[line]);
        r += 1;
    }
    r += 1;
    row(ws, r, &["STT", "Nhiệm vụ", "Thời hạn", "Tình trạng"]);
    for (i, t) in tasks.iter().enumerate() {
        r += 1;
        let n = (i + 1).to_string();
        row(ws, r, &[&n, t[0], t[1], t[2]]);
    }
    wb.save(path).unwrap();
}

fn make_inputs(dir: &Path) {
    report(
        &dir.join("BC T5 STP.xlsx"),
        &["SỞ TƯ PHÁP", "Lào Cai, ngày 18 tháng 5 năm 2023", "BÁO CÁO tháng 5 năm 2023"],
        &[
            ["Rà soát văn bản QPPL", "30/4/2023", "Đang thực hiện"],
            ["Công bố TTHC", "31/3/2023", "Hoàn thành"],
            ["Số hóa hồ sơ", "Quý III/2023", "Đang thực hiện"],
        ],
    );
    report(
        &dir.join("BC T5 STP (cu).xlsx"),
        &["SỞ TƯ PHÁP", "Lào Cai, ngày 15 tháng 5 năm 2023", "BÁO CÁO tháng 5 năm 2023"],
        &[["Rà soát văn bản QPPL", "30/4/2023", "Đang thực hiện"]],
    );
    report(
        &dir.join("Bao Thang T5.xlsx"),
        &["UBND HUYỆN BẢO THẮNG", "Bảo Thắng, ngày 20 tháng 5 năm 2023", "Báo cáo tháng 05/2023"],
        &[["Tuyên truyền CCHC", "Thường xuyên", "Đang thực hiện"]],
    );
    report(
        &dir.join("SCT thang 4.xlsx"),
        &["SỞ CÔNG THƯƠNG", "Lào Cai, ngày 18 tháng 4 năm 2023", "BÁO CÁO tháng 4 năm 2023"],
        &[["Cải cách TTHC", "30/6/2023", "Đang thực hiện"]],
    );
    std::fs::write(dir.join("gia.xls"), "<html><body><table><tr><td>x</td></tr></table></body></html>").unwrap();
    std::fs::write(dir.join("hong.xlsx"), b"PK\x03\x04\x14\x00\x00\x00this is not a whole zip").unwrap();
    std::fs::write(dir.join("~$BC T5 STP.xlsx"), [7u8; 162]).unwrap();
    std::fs::write(dir.join("desktop.ini"), "[.ShellClassInfo]\r\n").unwrap();
    std::fs::create_dir(dir.join("cu.xlsx")).unwrap();
}

/// Every file under `dir` with its SHA-256, and every folder.
fn snapshot(dir: &Path) -> BTreeMap<PathBuf, String> {
    let mut out = BTreeMap::new();
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            out.insert(path.clone(), "<thư mục>".into());
            out.extend(snapshot(&path));
        } else {
            let bytes = std::fs::read(&path).unwrap();
            out.insert(path, format!("{:x}", Sha256::digest(&bytes)));
        }
    }
    out
}

fn baocao(args: &[&str], cwd: &Path) -> Output {
    Command::new(env!("CARGO_BIN_EXE_baocao")).args(args).current_dir(cwd).output().unwrap()
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

#[test]
fn run_writes_the_month_and_leaves_inputs_untouched() {
    let tmp = tempfile::tempdir().unwrap();
    let inputs = tmp.path().join("inputs");
    std::fs::create_dir(&inputs).unwrap();
    make_inputs(&inputs);
    let before = snapshot(&inputs);

    let out = baocao(&["run", "--month", "2023-05", "--inputs", "inputs", "--output", "ket-qua"], tmp.path());
    assert!(out.status.success(), "stdout:\n{}\nstderr:\n{}", text(&out.stdout), text(&out.stderr));
    assert_eq!(snapshot(&inputs), before);

    let json_path = tmp.path().join("ket-qua/2023-05/tong-hop.json");
    let json: serde_json::Value = serde_json::from_slice(&std::fs::read(&json_path).unwrap()).unwrap();
    assert_eq!(json["period"], "2023-05");
    assert_eq!(json["period_start"], "2023-04-15");
    assert_eq!(json["period_end"], "2023-05-14");
    let agencies = json["agencies"].as_array().unwrap();
    assert_eq!(agencies.len(), 29);
    let agency = |name: &str| agencies.iter().find(|a| a["name"] == name).unwrap().clone();
    let stp = agency("Sở Tư pháp");
    assert_eq!(stp["submission"], "on_time");
    assert_eq!(stp["report_date"], "2023-05-18");
    assert_eq!(stp["file"], "BC T5 STP.xlsx");
    assert_eq!(
        stp["counts"],
        serde_json::json!({"done": 1, "done_late": 0, "overdue": 1, "in_progress": 1, "not_started": 0, "recurring": 0})
    );
    assert_eq!(stp["total"], 3);
    let bt = agency("Huyện Bảo Thắng");
    assert_eq!(bt["submission"], "late");
    assert_eq!(bt["counts"]["recurring"], 1);
    assert_eq!(agency("Sở Công Thương")["submission"], "missing");
    let missing = agencies.iter().filter(|a| a["submission"] == "missing").count();
    assert_eq!(missing, 27);

    let roles: Vec<(String, String)> = json["files"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| (f["file"].as_str().unwrap().to_string(), f["role"].as_str().unwrap().to_string()))
        .collect();
    let expected = [
        ("BC T5 STP (cu).xlsx", "superseded"),
        ("BC T5 STP.xlsx", "used"),
        ("Bao Thang T5.xlsx", "used"),
        ("SCT thang 4.xlsx", "wrong_period"),
        ("cu.xlsx", "ignored"),
        ("desktop.ini", "ignored"),
        ("gia.xls", "unreadable"),
        ("hong.xlsx", "unreadable"),
        ("~$BC T5 STP.xlsx", "ignored"),
    ];
    let expected: Vec<(String, String)> = expected.iter().map(|(f, r)| (f.to_string(), r.to_string())).collect();
    assert_eq!(roles, expected);

    let tasks = json["tasks"].as_array().unwrap();
    let t: Vec<(&str, &str, u64)> = tasks
        .iter()
        .map(|t| (t["task"].as_str().unwrap(), t["status"].as_str().unwrap(), t["source"]["row"].as_u64().unwrap()))
        .collect();
    assert_eq!(
        t,
        vec![
            ("Rà soát văn bản QPPL", "overdue", 6),
            ("Công bố TTHC", "done", 7),
            ("Số hóa hồ sơ", "in_progress", 8),
            ("Tuyên truyền CCHC", "recurring", 6),
        ]
    );
    assert_eq!(tasks[2]["deadline"], "2023-09-30");
    assert_eq!(tasks[2]["deadline_text"], "Quý III/2023");

    let stdout = text(&out.stdout);
    assert!(stdout.contains("Sở Tư pháp"), "{stdout}");
    assert!(stdout.contains("Đã lưu phiên bản v001"), "{stdout}");
    // A second run keeps the first one's files in their own version folder.
    let first = std::fs::read(tmp.path().join("ket-qua/2023-05/v001/tong-hop.json")).unwrap();
    let again = baocao(&["run", "--month", "2023-05", "--inputs", "inputs", "--output", "ket-qua"], tmp.path());
    assert!(again.status.success());
    assert_eq!(std::fs::read(tmp.path().join("ket-qua/2023-05/v001/tong-hop.json")).unwrap(), first);
    assert_eq!(std::fs::read(tmp.path().join("ket-qua/2023-05/v002/tong-hop.json")).unwrap(), first);
    let mut names: Vec<String> = std::fs::read_dir(tmp.path().join("ket-qua/2023-05"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| !n.starts_with('.'))
        .collect();
    names.sort();
    assert_eq!(
        names,
        [
            "bao-cao-tong-hop.docx",
            "bao-cao-tong-hop.pdf",
            "cong-van-don-doc.docx",
            "cong-van-don-doc.pdf",
            "manifest.json",
            "tong-hop.json",
            "tong-hop.xlsx",
            "v001",
            "v002"
        ]
    );
    assert_eq!(snapshot(&inputs), before);
}

#[test]
fn check_writes_nothing_and_finds_the_month() {
    let tmp = tempfile::tempdir().unwrap();
    let inputs = tmp.path().join("inputs");
    std::fs::create_dir(&inputs).unwrap();
    make_inputs(&inputs);
    let before = snapshot(tmp.path());
    let out = baocao(&["check", "--inputs", "inputs"], tmp.path());
    assert!(out.status.success(), "{}", text(&out.stderr));
    let stdout = text(&out.stdout);
    assert!(stdout.contains("Tháng báo cáo (theo phần lớn các tệp): 2023-05"), "{stdout}");
    assert!(stdout.contains("hong.xlsx"), "{stdout}");
    assert_eq!(snapshot(tmp.path()), before);
}

#[test]
fn errors_are_vietnamese_and_nonzero() {
    let tmp = tempfile::tempdir().unwrap();
    let out = baocao(&["run", "--month", "2023-05", "--inputs", "khong-co"], tmp.path());
    assert_eq!(out.status.code(), Some(1));
    assert!(text(&out.stderr).contains("không tìm thấy thư mục đầu vào «khong-co»"), "{}", text(&out.stderr));
    assert!(!tmp.path().join("output").exists());

    let out = baocao(&["run", "--month", "2023-13"], tmp.path());
    assert_eq!(out.status.code(), Some(2));
    assert!(text(&out.stderr).contains("tháng không hợp lệ: «2023-13»"), "{}", text(&out.stderr));

    let out = baocao(&["run"], tmp.path());
    assert_eq!(out.status.code(), Some(2));
    assert!(text(&out.stderr).contains("thiếu tham số bắt buộc: --month"), "{}", text(&out.stderr));

    std::fs::write(tmp.path().join("c.yaml"), "cutoff_day: [").unwrap();
    let out = baocao(&["run", "--month", "2023-05", "--config", "c.yaml"], tmp.path());
    assert_eq!(out.status.code(), Some(1));
    assert!(text(&out.stderr).contains("c.yaml"), "{}", text(&out.stderr));

    let out = baocao(&["config"], tmp.path());
    assert!(out.status.success());
    assert!(text(&out.stdout).contains("Sở Tư pháp"));

    let out = baocao(&["--help"], tmp.path());
    assert!(out.status.success());
    assert!(text(&out.stdout).contains("Cách dùng"));
}
