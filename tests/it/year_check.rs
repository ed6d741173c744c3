//! An independent check of `baocao year` (issue 9): the committed months of
//! `tests/fixtures/year-check/2023-MM/` (made by `make.py` there) run through the built
//! binary, then `year 2023` over five ranges, and every `xep-loai.json` compared with the
//! `expected-<range>.json` that `check.py` computed from the issue's rules alone (exact
//! fractions), then the whole year again under two changed criteria (`criteria.yaml`:
//! other weights, credits, thresholds and a 30% cap; `nocap.yaml`: no cap). April is
//! run twice (three reports, then all), so the year must read the current version.
//! Every difference is collected, then all are reported.

use serde_json::Value;
use sha2::{Digest, Sha256};
use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;
use unicode_normalization::UnicodeNormalization;

const MONTHS: [&str; 8] = ["2023-01", "2023-02", "2023-04", "2023-05", "2023-06", "2023-08", "2023-10", "2023-12"];

/// (`--through`, expected range, folder under `<output>/2023/`); `None`: no `--through`.
const RANGES: [(Option<&str>, &str, &str); 5] = [
    (None, "2023-12", ""),
    (Some("2023-03"), "2023-03", "quy-1"),
    (Some("2023-06"), "2023-06", "6-thang"),
    (Some("2023-09"), "2023-09", "9-thang"),
    (Some("2023-11"), "2023-11", "den-thang-11"),
];

const AGENCY_FIELDS: [&str; 10] =
    ["code", "rank", "class", "capped", "months", "on_time", "late", "missing", "tasks", "total"];

fn fixture() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/year-check")
}

fn baocao(args: &[&str], cwd: &Path) {
    let out = Command::new(env!("CARGO_BIN_EXE_baocao")).args(args).current_dir(cwd).output().expect("run baocao");
    assert!(
        out.status.success(),
        "baocao {args:?} failed:\n{}\n{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
}

fn read_json(path: &Path) -> Value {
    let text = fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    serde_json::from_str(&text).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// The year's task key of the issue: NFC, lower case, white space runs as one space,
/// trailing `.;:` and spaces removed.
fn key(text: &str) -> String {
    let folded: String = text.nfc().collect::<String>().to_lowercase();
    let one_space = folded.split_whitespace().collect::<Vec<_>>().join(" ");
    one_space.trim_end_matches(|c: char| c == '.' || c == ';' || c == ':' || c.is_whitespace()).to_string()
}

/// SHA-256 of every file under `dir`, by relative path.
fn hashes(dir: &Path) -> BTreeMap<String, String> {
    fn walk(root: &Path, dir: &Path, out: &mut BTreeMap<String, String>) {
        for entry in fs::read_dir(dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                walk(root, &path, out);
            } else {
                let digest = Sha256::digest(fs::read(&path).unwrap());
                let hex: String = digest.iter().map(|b| format!("{b:02x}")).collect();
                out.insert(path.strip_prefix(root).unwrap().display().to_string(), hex);
            }
        }
    }
    let mut out = BTreeMap::new();
    walk(dir, dir, &mut out);
    out
}

fn same(expected: &Value, got: &Value) -> bool {
    match (expected.as_f64(), got.as_f64()) {
        (Some(a), Some(b)) => (a - b).abs() < 1e-9,
        _ => expected == got,
    }
}

/// Every difference between the expected range and baocao's `xep-loai.json`.
fn compare(range: &str, expected: &Value, got: &Value) -> Vec<String> {
    let mut diffs = Vec::new();
    let mut check = |what: String, e: &Value, g: &Value| {
        if !same(e, g) {
            diffs.push(format!("[{range}] {what}: expected {e}, baocao {g}"));
        }
    };
    for field in ["year", "through", "period_start", "period_end", "months_run", "months_absent"] {
        check(field.to_string(), &expected[field], &got[field]);
    }

    let got_agencies: BTreeMap<&str, &Value> =
        got["agencies"].as_array().expect("agencies").iter().map(|a| (a["name"].as_str().unwrap_or(""), a)).collect();
    let expected_agencies = expected["agencies"].as_array().expect("agencies");
    check("number of agencies".into(), &expected_agencies.len().into(), &got_agencies.len().into());
    for e in expected_agencies {
        let name = e["name"].as_str().unwrap();
        let Some(g) = got_agencies.get(name) else {
            check(format!("{name} (missing from xep-loai.json)"), &e["code"], &Value::Null);
            continue;
        };
        check(format!("{name} score"), &e["score"], &g["score"]);
        for field in AGENCY_FIELDS {
            check(format!("{name} {field}"), &e[field], &g[field]);
        }
    }

    let mut got_tasks: BTreeMap<(String, String), &Value> = BTreeMap::new();
    for t in got["tasks"].as_array().expect("tasks") {
        let at = (t["agency"].as_str().unwrap_or("").to_string(), key(t["task"].as_str().unwrap_or("")));
        if got_tasks.insert(at.clone(), t).is_some() {
            check(format!("task {at:?} listed once"), &Value::Bool(true), &Value::Bool(false));
        }
    }
    for e in expected["tasks"].as_array().expect("tasks") {
        let at = (e["agency"].as_str().unwrap().to_string(), e["key"].as_str().unwrap().to_string());
        match got_tasks.remove(&at) {
            None => check(format!("task {at:?}"), &e["status"], &Value::Null),
            Some(g) => {
                for field in ["status", "last_month", "deadline"] {
                    check(format!("task {at:?} {field}"), &e[field], &g[field]);
                }
            }
        }
    }
    for (at, g) in got_tasks {
        check(format!("task {at:?} (not expected)"), &Value::Null, &g["status"]);
    }
    diffs
}

#[test]
fn year_equals_an_independent_computation() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("output");
    let out_s = out.to_str().unwrap();
    let inputs_before: Vec<_> = MONTHS.iter().map(|m| hashes(&fixture().join(m))).collect();
    // April first run with three reports only: the year must read its current version.
    let partial = tmp.path().join("partial-04");
    fs::create_dir_all(&partial).unwrap();
    for code in ["STP", "SCT", "BX"] {
        let name = format!("BC T4 {code}.xlsx");
        fs::copy(fixture().join("2023-04").join(&name), partial.join(&name)).unwrap();
    }
    let partial_s = partial.to_str().unwrap();
    baocao(&["run", "--month", "2023-04", "--inputs", partial_s, "--output", out_s], tmp.path());
    for month in MONTHS {
        let inputs = fixture().join(month);
        baocao(&["run", "--month", month, "--inputs", inputs.to_str().unwrap(), "--output", out_s], tmp.path());
    }
    let months_before: Vec<_> = MONTHS.iter().map(|m| hashes(&out.join(m))).collect();

    let mut diffs = Vec::new();
    for (through, range, folder) in RANGES {
        let mut args = vec!["year", "2023", "--output", out_s];
        if let Some(t) = through {
            args.extend(["--through", t]);
        }
        baocao(&args, tmp.path());
        let got = read_json(&out.join("2023").join(folder).join("xep-loai.json"));
        let expected = read_json(&fixture().join(format!("expected-{range}.json")));
        diffs.extend(compare(range, &expected, &got));
    }

    // The criteria changed in a configuration file (made from `baocao config`).
    for name in ["criteria", "nocap"] {
        let config = fixture().join(format!("{name}.yaml"));
        baocao(&["year", "2023", "--output", out_s, "--config", config.to_str().unwrap()], tmp.path());
        let got = read_json(&out.join("2023/xep-loai.json"));
        let expected = read_json(&fixture().join(format!("expected-2023-12-{name}.json")));
        diffs.extend(compare(&format!("2023-12 {name}"), &expected, &got));
    }

    for (month, before) in MONTHS.iter().zip(&months_before) {
        if &hashes(&out.join(month)) != before {
            diffs.push(format!("{month}: the month's archive changed while `year` ran"));
        }
    }
    for (month, before) in MONTHS.iter().zip(&inputs_before) {
        if &hashes(&fixture().join(month)) != before {
            diffs.push(format!("{month}: the inputs folder changed"));
        }
    }
    assert!(diffs.is_empty(), "{} difference(s):\n{}", diffs.len(), diffs.join("\n"));
}

#[test]
fn task_key_of_the_issue() {
    assert_eq!(key("Rà  soát TTHC ;"), "rà soát tthc");
    assert_eq!(key("RÀ SOÁT TTHC .:"), "rà soát tthc");
    let decomposed: String = "Rà soát TTHC.".nfd().collect();
    assert_eq!(key(&decomposed), "rà soát tthc");
}
