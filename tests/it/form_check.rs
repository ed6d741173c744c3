//! Independent check of the monthly form cycle (issue 10), written from the issue and the
//! README only: the May reports of seven agencies are run, `baocao form` writes the June
//! forms (checked against May's open tasks), then the June forms as the agencies returned
//! them are run and compared with what the agencies wrote.
//!
//! `tests/fixtures/form-check/june/` holds eight returned forms made by
//! `tests/fixtures/form-check/fill_forms.py` from the forms of the same May run: statuses,
//! completion dates (one agency typed them as text), new tasks with blank rows between, a
//! new row inserted among the pre-filled ones, one or more pre-filled tasks deleted, rows
//! re-sorted, a task text given a trailing full stop, a late and a text report date, the
//! identity sheet lost in one, renamed to meaningless names, three re-saved by LibreOffice
//! as .ods or .xls. `expected.json` is what that script wrote, not what baocao read.

use crate::common::docx::docx_paragraph_texts;
use calamine::{open_workbook_auto, Data, DataType, Reader};
use serde_json::Value;
use std::collections::{BTreeMap, BTreeSet};
use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::Command;

const FIRST_ROW: u32 = 8; // 0-based row of the first task under the header row 8

fn fixture() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/form-check")
}

fn baocao(args: &[&str], cwd: &Path) {
    let out = Command::new(env!("CARGO_BIN_EXE_baocao")).args(args).current_dir(cwd).output().expect("run baocao");
    assert!(
        out.status.success(),
        "baocao {args:?} failed\n{}\n{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
}

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for e in std::fs::read_dir(from).unwrap() {
        let e = e.unwrap();
        std::fs::copy(e.path(), to.join(e.file_name())).unwrap();
    }
}

fn json(path: &Path) -> Value {
    serde_json::from_slice(&std::fs::read(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))).unwrap()
}

fn zip_part(path: &Path, part: &str) -> Option<String> {
    let mut zip = zip::ZipArchive::new(std::fs::File::open(path).unwrap()).unwrap();
    let mut entry = zip.by_name(part).ok()?;
    let mut s = String::new();
    entry.read_to_string(&mut s).unwrap();
    Some(s)
}

fn text(v: &Value) -> Option<String> {
    v.as_str().map(str::to_string)
}

fn index_label(v: &Value) -> Option<String> {
    v.as_str().map(|s| s.replace('_', " "))
}

fn cell_text(c: Option<&Data>) -> Option<String> {
    match c {
        None | Some(Data::Empty) => None,
        Some(Data::String(s)) => Some(s.clone()),
        Some(d) => d.as_date().map(|d| d.to_string()).or_else(|| Some(d.to_string())),
    }
}

/// Every form: named after the agency, pre-filled with exactly its open May tasks, at least
/// 50 empty rows, drop-downs and validations in the sheet XML, identity stored; the letter
/// addressed to every agency but Sở Nội vụ.
fn check_forms(out: &Path, may: &Value, diffs: &mut Vec<String>) {
    let dir = out.join("bieu-mau/2023-06");
    let open = ["in_progress", "not_started", "overdue", "recurring"];
    let agencies = may["agencies"].as_array().unwrap();
    for a in agencies {
        let (code, name) = (a["code"].as_str().unwrap(), a["name"].as_str().unwrap());
        let path = dir.join(format!("{code} - {name} - T06-2023.xlsx"));
        if !path.exists() {
            diffs.push(format!("form missing: {}", path.display()));
            continue;
        }
        let expected: Vec<[Option<String>; 4]> = may["tasks"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|t| t["agency"] == a["name"] && open.contains(&t["status"].as_str().unwrap()))
            .map(|t| {
                let deadline = text(&t["deadline"]).or_else(|| text(&t["deadline_text"]));
                [index_label(&t["index"]), text(&t["area"]), text(&t["task"]), deadline]
            })
            .collect();
        let mut wb = open_workbook_auto(&path).unwrap();
        let ws = wb.worksheet_range("Báo cáo").unwrap();
        if cell_text(ws.get_value((5, 0))).as_deref() != Some("Ngày báo cáo:") {
            diffs.push(format!("{code}: A6 is not «Ngày báo cáo:»"));
        }
        let end = ws.end().map_or(0, |e| e.0);
        let mut got = Vec::new();
        for r in FIRST_ROW..=end {
            let row: Vec<Option<String>> = (1..5).map(|c| cell_text(ws.get_value((r, c)))).collect();
            if row[2].is_some() {
                got.push([row[0].clone(), row[1].clone(), row[2].clone(), row[3].clone()]);
            }
        }
        if got != expected {
            diffs.push(format!("{code}: pre-filled {got:?}\n  expected {expected:?}"));
        }
        let sheet = zip_part(&path, "xl/worksheets/sheet1.xml").unwrap_or_default();
        // Empty cells are not stored: the prepared rows are those the Tình trạng drop-down covers.
        let last_row = sheet
            .split("sqref=\"F9:F")
            .nth(1)
            .and_then(|s| s.split('"').next())
            .and_then(|n| n.parse::<usize>().ok())
            .unwrap_or(0);
        let empty = (last_row + 1).saturating_sub(FIRST_ROW as usize + 1 + got.len());
        if empty < 50 {
            diffs.push(format!("{code}: {empty} empty rows with drop-downs, expected at least 50"));
        }
        for needle in [
            "type=\"list\"",
            "PAR INDEX,SIPAS,PAPI",
            "Đã hoàn thành,Đang thực hiện,Chưa thực hiện,Thường xuyên",
            "type=\"date\"",
            "type=\"whole\"",
            "<sheetProtection",
        ] {
            if !sheet.contains(needle) {
                diffs.push(format!("{code}: sheet1.xml has no {needle}"));
            }
        }
        let custom = zip_part(&path, "docProps/custom.xml").unwrap_or_default();
        if !custom.contains("baocao-bieu-mau") || !custom.contains(&format!("{code} 2023-06")) {
            diffs.push(format!("{code}: no identity in docProps/custom.xml"));
        }
        let hidden =
            wb.sheets_metadata().iter().any(|s| s.name == "baocao" && s.visible != calamine::SheetVisible::Visible);
        let id = wb.worksheet_range("baocao").ok();
        let id_cell = |r| id.as_ref().and_then(|ws| cell_text(ws.get_value((r, 1))));
        if !hidden || id_cell(1).as_deref() != Some(code) || id_cell(2).as_deref() != Some("2023-06") {
            diffs.push(format!("{code}: hidden sheet «baocao» missing or wrong"));
        }
    }
    let letter = dir.join("cong-van-de-nghi-bao-cao.docx");
    if !dir.join("cong-van-de-nghi-bao-cao.pdf").exists() || !letter.exists() {
        diffs.push("covering letter PDF or DOCX missing".into());
        return;
    }
    let paras = docx_paragraph_texts(&std::fs::read(&letter).unwrap());
    let start = paras.iter().position(|p| p.trim() == "Kính gửi:").map_or(paras.len(), |i| i + 1);
    let to: Vec<String> = paras[start..].iter().take_while(|p| p.starts_with("- ")).map(|p| p.to_lowercase()).collect();
    for a in agencies {
        let name = a["name"].as_str().unwrap().to_lowercase();
        let addressed = to.iter().any(|p| p.contains(&name));
        if addressed != (a["code"] != "SNV") {
            diffs.push(format!("letter: {name} addressed: {addressed}"));
        }
    }
    if to.len() != agencies.len() - 1 {
        diffs.push(format!("letter: {} addressees, expected {}", to.len(), agencies.len() - 1));
    }
}

/// The June run against what the agencies wrote.
fn check_june(got: &Value, exp: &Value, diffs: &mut Vec<String>) {
    let by_code: BTreeMap<&str, &Value> =
        got["agencies"].as_array().unwrap().iter().map(|a| (a["code"].as_str().unwrap(), a)).collect();
    for (code, e) in exp["agencies"].as_object().unwrap() {
        let Some(g) = by_code.get(code.as_str()) else {
            diffs.push(format!("agency {code} absent"));
            continue;
        };
        for key in ["name", "submission", "report_date"] {
            if g[key] != e[key] {
                diffs.push(format!("agency {code} {key}: expected {} got {}", e[key], g[key]));
            }
        }
    }
    let key = |t: &Value| (t["agency"].as_str().unwrap().to_string(), t["task"].as_str().unwrap().to_string());
    let got_tasks: BTreeMap<_, &Value> = got["tasks"].as_array().unwrap().iter().map(|t| (key(t), t)).collect();
    let exp_tasks: BTreeMap<_, &Value> = exp["tasks"].as_array().unwrap().iter().map(|t| (key(t), t)).collect();
    for (k, e) in &exp_tasks {
        let Some(g) = got_tasks.get(k) else {
            diffs.push(format!("task not read: {k:?}"));
            continue;
        };
        let at = format!("{} row {}", g["source"]["file"], g["source"]["row"]);
        for (field, want) in e.as_object().unwrap() {
            let same = match field.as_str() {
                "deadline_text" if want.is_null() => true, // a date cell: its text form is free
                "progress_pct" => want.as_f64() == g[field].as_f64(),
                _ => *want == g[field],
            };
            if !same {
                diffs.push(format!("task {k:?} ({at}) {field}: expected {want} got {}", g[field]));
            }
        }
    }
    for k in got_tasks.keys().filter(|k| !exp_tasks.contains_key(*k)) {
        diffs.push(format!("task not written by any agency: {k:?}"));
    }
    let files = exp["files"].as_object().unwrap();
    for f in got["files"].as_array().unwrap() {
        let name = f["file"].as_str().unwrap();
        if f["role"] != "used" || files.get(name) != Some(&f["agency"]) {
            diffs.push(format!(
                "file {name}: {} {} {}; expected used for {:?}",
                f["role"],
                f["agency"],
                f["message"],
                files.get(name)
            ));
        }
    }
    if got["files"].as_array().unwrap().len() != files.len() {
        diffs.push(format!("{} files listed, expected {}", got["files"].as_array().unwrap().len(), files.len()));
    }
    let place = |p: &Value| (p["file"].to_string(), p["sheet"].to_string(), p["cell"].to_string());
    let tolerated: BTreeSet<_> = exp["tolerated_warnings"].as_array().unwrap().iter().map(place).collect();
    for p in got["problems"].as_array().unwrap() {
        if p["severity"] != "info" && !tolerated.contains(&place(p)) {
            diffs.push(format!("problem: {p}"));
        }
    }
    let dropped = |v: &Value| -> BTreeSet<String> {
        v.as_array()
            .unwrap()
            .iter()
            .map(|d| {
                ["agency", "task", "index", "deadline", "last_status", "last_month"]
                    .map(|k| d[k].to_string())
                    .join(" | ")
            })
            .collect()
    };
    let (want, have) = (dropped(&exp["dropped_tasks"]), dropped(&got["dropped_tasks"]));
    for d in want.difference(&have) {
        diffs.push(format!("dropped task not named: {d}"));
    }
    for d in have.difference(&want) {
        diffs.push(format!("named dropped but still reported or never open: {d}"));
    }
    if got["previous"] != "2023-05" {
        diffs.push(format!("previous: {}", got["previous"]));
    }
}

#[test]
fn form_month_cycle_as_agencies_return_it() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path();
    copy_dir(&fixture().join("may"), &dir.join("may"));
    copy_dir(&fixture().join("june"), &dir.join("june"));
    baocao(&["run", "--month", "2023-05", "--inputs", "may", "--output", "out", "--date", "2023-05-24"], dir);
    baocao(&["form", "--month", "2023-06", "--output", "out"], dir);
    let mut diffs = Vec::new();
    let may = json(&dir.join("out/2023-05/tong-hop.json"));
    check_forms(&dir.join("out"), &may, &mut diffs);

    baocao(&["run", "--month", "2023-06", "--inputs", "june", "--output", "out", "--date", "2023-06-24"], dir);
    let june = json(&dir.join("out/2023-06/tong-hop.json"));
    check_june(&june, &json(&fixture().join("expected.json")), &mut diffs);
    // The report names each dropped task on its own line, in both formats.
    let docx = std::fs::read(dir.join("out/2023-06/bao-cao-tong-hop.docx")).unwrap();
    let paragraphs = crate::common::docx::docx_paragraph_texts(&docx);
    let pdf = crate::common::pdf::pdf_text(&std::fs::read(dir.join("out/2023-06/bao-cao-tong-hop.pdf")).unwrap());
    for t in june["dropped_tasks"].as_array().unwrap() {
        let (agency, task) = (t["agency"].as_str().unwrap(), t["task"].as_str().unwrap());
        let line = format!("{agency}: {task} (tình trạng tháng 5 năm 2023:");
        let own: Vec<&String> = paragraphs.iter().filter(|p| p.contains(&line)).collect();
        if own.len() != 1 || own[0].matches("(tình trạng tháng 5 năm 2023:").count() != 1 {
            diffs.push(format!("dropped task not on a line of its own in the report DOCX: {line} in {own:?}"));
        }
        let words = |s: &str| s.split_whitespace().collect::<Vec<_>>().join(" ");
        if !words(&pdf).contains(&words(agency)) {
            diffs.push(format!("dropped task's agency missing from the report PDF: {agency}"));
        }
    }
    for e in std::fs::read_dir(fixture().join("june")).unwrap() {
        let e = e.unwrap();
        if std::fs::read(e.path()).unwrap() != std::fs::read(dir.join("june").join(e.file_name())).unwrap() {
            diffs.push(format!("input modified: {:?}", e.file_name()));
        }
    }
    assert!(diffs.is_empty(), "{} differences:\n{}", diffs.len(), diffs.join("\n"));
}
