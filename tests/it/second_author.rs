//! A month written by a second author who never saw the reader: the committed files of
//! `tests/fixtures/second-author/inputs/` (made by `make.py` there from the domain alone)
//! run through the built binary, and `tong-hop.json` compared field by field with the
//! author's own `expected.json`. Every difference is collected, then all are reported.

use serde_json::Value;
use std::collections::{BTreeMap, BTreeSet};
use std::fmt;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

fn fixture() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/second-author")
}

/// One disagreement between what the author expects and what baocao wrote.
struct Diff {
    agency: String,
    file: String,
    row: String,
    field: String,
    expected: String,
    got: String,
}

impl fmt::Display for Diff {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "[{}] {} {} · {}: expected {}, got {}",
            self.agency, self.file, self.row, self.field, self.expected, self.got
        )
    }
}

#[derive(Default)]
struct Diffs(Vec<Diff>);

impl Diffs {
    fn push(&mut self, at: (&str, &str, &str), field: &str, expected: &Value, got: &Value) {
        self.0.push(Diff {
            agency: at.0.to_string(),
            file: at.1.to_string(),
            row: at.2.to_string(),
            field: field.to_string(),
            expected: expected.to_string(),
            got: got.to_string(),
        });
    }

    /// Records a difference unless the two values agree (numbers compared as numbers).
    fn check(&mut self, at: (&str, &str, &str), field: &str, expected: &Value, got: &Value) {
        let same = match (expected.as_f64(), got.as_f64()) {
            (Some(a), Some(b)) => (a - b).abs() < 1e-9,
            _ => expected == got,
        };
        if !same {
            self.push(at, field, expected, got);
        }
    }
}

fn text(v: &Value) -> &str {
    v.as_str().unwrap_or("")
}

/// Every file of a folder (recursively) with its bytes, keyed by relative path.
fn snapshot(dir: &Path) -> BTreeMap<PathBuf, Vec<u8>> {
    let mut out = BTreeMap::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for entry in fs::read_dir(&d).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                stack.push(path);
            } else {
                let rel = path.strip_prefix(dir).unwrap().to_path_buf();
                out.insert(rel, fs::read(&path).unwrap());
            }
        }
    }
    out
}

/// Copies the committed inputs and gives every file the modification time the author
/// chose, so only the dates stated in the reports can decide between two copies.
fn copy_inputs(expected: &Value, to: &Path) {
    fs::create_dir_all(to).unwrap();
    let default = expected["mtimes"]["default"].as_u64().unwrap();
    for entry in fs::read_dir(fixture().join("inputs")).unwrap() {
        let path = entry.unwrap().path();
        let name = path.file_name().unwrap().to_str().unwrap().to_string();
        let target = to.join(&name);
        fs::copy(&path, &target).unwrap();
        let secs = expected["mtimes"]["files"][&name].as_u64().unwrap_or(default);
        let file = fs::File::options().write(true).open(&target).unwrap();
        file.set_modified(UNIX_EPOCH + Duration::from_secs(secs)).unwrap();
    }
}

fn compare_agencies(expected: &Value, got: &Value, diffs: &mut Diffs) {
    let got_by_name: BTreeMap<&str, &Value> =
        got["agencies"].as_array().map(|a| a.iter().map(|x| (text(&x["name"]), x)).collect()).unwrap_or_default();
    for want in expected["agencies"].as_array().unwrap() {
        let name = text(&want["name"]);
        let file = want["file"].as_str().unwrap_or("-");
        let at = (name, file, "agency");
        let Some(have) = got_by_name.get(name) else {
            diffs.push(at, "agency", &want["name"], &Value::Null);
            continue;
        };
        for key in ["submission", "report_date", "file", "total"] {
            diffs.check(at, key, &want[key], &have[key]);
        }
        for (status, n) in want["counts"].as_object().unwrap() {
            diffs.check(at, &format!("counts.{status}"), n, &have["counts"][status]);
        }
    }
}

fn compare_files(expected: &Value, got: &Value, diffs: &mut Diffs) {
    let got_by_file: BTreeMap<&str, &Value> =
        got["files"].as_array().map(|a| a.iter().map(|x| (text(&x["file"]), x)).collect()).unwrap_or_default();
    let mut wanted = BTreeSet::new();
    for want in expected["files"].as_array().unwrap() {
        let file = text(&want["file"]);
        wanted.insert(file);
        let agency = want["agency"].as_str().unwrap_or("-");
        let at = (agency, file, "file");
        let Some(have) = got_by_file.get(file) else {
            diffs.push(at, "listed in files", &Value::Bool(true), &Value::Bool(false));
            continue;
        };
        if let Some(role) = want.get("role") {
            diffs.check(at, "role", role, &have["role"]);
        }
        diffs.check(at, "agency", &want["agency"], &have["agency"]);
    }
    for (file, have) in &got_by_file {
        if !wanted.contains(file) {
            let at = (have["agency"].as_str().unwrap_or("-"), *file, "file");
            diffs.push(at, "listed in files", &Value::Bool(false), &have["role"]);
        }
    }
}

fn task_key(v: &Value) -> (String, String, u64) {
    let s = &v["source"];
    (text(&s["file"]).to_string(), text(&s["sheet"]).to_string(), s["row"].as_u64().unwrap_or(0))
}

fn compare_tasks(expected: &Value, got: &Value, diffs: &mut Diffs) {
    let mut got_by_key: BTreeMap<(String, String, u64), &Value> = BTreeMap::new();
    for have in got["tasks"].as_array().into_iter().flatten() {
        got_by_key.insert(task_key(have), have);
    }
    let mut wanted = BTreeSet::new();
    for want in expected["tasks"].as_array().unwrap() {
        let key = task_key(want);
        wanted.insert(key.clone());
        let row = format!("{}!{}", key.1, key.2);
        let at = (text(&want["agency"]), key.0.as_str(), row.as_str());
        let Some(have) = got_by_key.get(&key) else {
            diffs.push(at, "task (missing)", &want["task"], &Value::Null);
            continue;
        };
        for key in [
            "agency",
            "index",
            "task",
            "deadline",
            "deadline_text",
            "status",
            "result",
            "progress_pct",
            "completed_on",
            "area",
            "issues",
            "proposals",
            "note",
        ] {
            // A key the author left out is not checked (see make.py).
            if let Some(value) = want.get(key) {
                diffs.check(at, key, value, &have[key]);
            }
        }
    }
    for (key, have) in &got_by_key {
        if !wanted.contains(key) {
            let row = format!("{}!{}", key.1, key.2);
            let at = (text(&have["agency"]), key.0.as_str(), row.as_str());
            diffs.push(at, "task (unexpected)", &Value::Null, &have["task"]);
        }
    }
}

#[test]
fn second_author_month_reads_as_its_author_meant() {
    let expected: Value = serde_json::from_str(&fs::read_to_string(fixture().join("expected.json")).unwrap()).unwrap();
    let tmp = tempfile::tempdir().unwrap();
    let inputs = tmp.path().join("inputs");
    let output = tmp.path().join("output");
    copy_inputs(&expected, &inputs);
    let before = snapshot(&inputs);
    let mtimes_before: BTreeMap<PathBuf, SystemTime> =
        before.keys().map(|p| (p.clone(), fs::metadata(inputs.join(p)).unwrap().modified().unwrap())).collect();

    let run = Command::new(env!("CARGO_BIN_EXE_baocao"))
        .args(["run", "--month", "2023-05", "--inputs"])
        .arg(&inputs)
        .arg("--output")
        .arg(&output)
        .args(["--date", "2023-05-24"])
        .output()
        .unwrap();

    // The inputs folder is never touched: same names, same bytes, same times.
    let after = snapshot(&inputs);
    assert_eq!(
        before.keys().collect::<Vec<_>>(),
        after.keys().collect::<Vec<_>>(),
        "the inputs folder's entries changed"
    );
    for (path, bytes) in &before {
        assert!(after[path] == *bytes, "{} was modified", path.display());
        let mtime = fs::metadata(inputs.join(path)).unwrap().modified().unwrap();
        assert_eq!(mtime, mtimes_before[path], "{} was touched", path.display());
    }

    assert!(run.status.success(), "baocao run failed ({}):\n{}", run.status, String::from_utf8_lossy(&run.stderr));
    let got: Value =
        serde_json::from_str(&fs::read_to_string(output.join("2023-05/tong-hop.json")).expect("tong-hop.json written"))
            .unwrap();
    for key in ["period_end", "agency_due"] {
        assert_eq!(got[key], expected[key], "{key}");
    }

    let mut diffs = Diffs::default();
    compare_agencies(&expected, &got, &mut diffs);
    compare_files(&expected, &got, &mut diffs);
    compare_tasks(&expected, &got, &mut diffs);
    if !diffs.0.is_empty() {
        let list: Vec<String> = diffs.0.iter().map(|d| d.to_string()).collect();
        panic!("{} differences between expected.json and tong-hop.json:\n{}", list.len(), list.join("\n"));
    }
}
