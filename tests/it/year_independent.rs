//! `baocao year` on generated months nobody has seen (workbooks → `baocao run` → `baocao
//! year`), against an independent, plain computation from the months' `tong-hop.json`
//! with the default criteria.

use crate::common::month::generate_month_for;
use baocao::config::Config;
use baocao::model::Period;
use serde_json::Value;
use std::collections::BTreeMap;
use std::path::Path;
use std::process::Command;

fn baocao(root: &Path, args: &[&str]) {
    let out = Command::new(env!("CARGO_BIN_EXE_baocao")).args(args).current_dir(root).output().expect("run baocao");
    assert!(out.status.success(), "{args:?}: {}", String::from_utf8_lossy(&out.stderr));
}

fn read(path: &Path) -> Value {
    serde_json::from_slice(&std::fs::read(path).unwrap()).unwrap()
}

/// Lower case, white space runs as one, trailing `.;:` and spaces dropped.
fn same_task(s: &str) -> String {
    let folded = s.to_lowercase().split_whitespace().collect::<Vec<_>>().join(" ");
    folded.trim_end_matches(['.', ';', ':', ' ']).to_string()
}

#[derive(Debug, PartialEq)]
struct Expected {
    rank: u64,
    score: f64,
    class: &'static str,
    capped: bool,
    counts: [u64; 6],
    months: [u64; 3],
}

/// The criteria of issue 9, computed the plain way.
fn independent(output: &Path, through: u32) -> (BTreeMap<String, Expected>, Vec<String>) {
    let config = Config::default_config();
    let end = format!("2023-{through:02}-14");
    let mut months = Vec::new();
    let mut absent = Vec::new();
    for m in 1..=through {
        let dir = output.join(format!("2023-{m:02}"));
        if !dir.exists() {
            absent.push(format!("2023-{m:02}"));
            continue;
        }
        let current = read(&dir.join("manifest.json"))["current"].as_str().unwrap().to_string();
        months.push(read(&dir.join(current).join("tong-hop.json")));
    }
    let n = months.len() as f64;
    let mut latest: BTreeMap<(String, String), (String, Option<String>)> = BTreeMap::new();
    for m in &months {
        for t in m["tasks"].as_array().unwrap() {
            let key = (t["agency"].as_str().unwrap().to_string(), same_task(t["task"].as_str().unwrap()));
            latest.insert(key, (t["status"].as_str().unwrap().to_string(), t["deadline"].as_str().map(String::from)));
        }
    }
    let statuses = ["done", "done_late", "overdue", "in_progress", "not_started", "recurring"];
    // (name, score, class, task counts, [on time, late, missing]).
    type Row = (String, f64, &'static str, [u64; 6], [u64; 3]);
    let mut rows: Vec<Row> = Vec::new();
    for a in &config.agencies {
        let mut sub = [0u64; 3];
        for m in &months {
            let s = m["agencies"].as_array().unwrap().iter().find(|x| x["name"] == a.name.as_str());
            match s.map(|s| s["submission"].as_str().unwrap()) {
                Some("on_time") => sub[0] += 1,
                Some("late") => sub[1] += 1,
                _ => sub[2] += 1,
            }
        }
        let mut counts = [0u64; 6];
        for ((agency, _), (status, deadline)) in &latest {
            if agency != &a.name {
                continue;
            }
            let mut status = status.as_str();
            if (status == "in_progress" || status == "not_started")
                && deadline.as_deref().is_some_and(|d| d <= end.as_str())
            {
                status = "overdue";
            }
            counts[statuses.iter().position(|s| *s == status).unwrap()] += 1;
        }
        let r = (sub[0] as f64 + 0.5 * sub[1] as f64) / n;
        let judged = counts[0] + counts[1] + counts[2];
        let c = if judged == 0 { 1.0 } else { (counts[0] as f64 + 0.5 * counts[1] as f64) / judged as f64 };
        let reported = sub[0] + sub[1] > 0;
        let score = if reported { 30.0 * r + 70.0 * c } else { 0.0 };
        let eps = 1e-9;
        let class = if !reported || score < 50.0 - eps {
            "Không hoàn thành nhiệm vụ"
        } else if score < 75.0 - eps {
            "Hoàn thành nhiệm vụ"
        } else if score < 90.0 - eps {
            "Hoàn thành tốt nhiệm vụ"
        } else {
            "Hoàn thành xuất sắc nhiệm vụ"
        };
        rows.push((a.name.clone(), score, class, counts, sub));
    }
    // The cap: ⌊20% of those "tốt" or better⌋ keep "xuất sắc"; the first demoted and its ties go.
    let good_or_better =
        rows.iter().filter(|r| r.2.starts_with("Hoàn thành xuất sắc") || r.2.starts_with("Hoàn thành tốt")).count();
    let allowed = good_or_better / 5;
    let mut excellent: Vec<f64> = rows.iter().filter(|r| r.2.starts_with("Hoàn thành xuất sắc")).map(|r| r.1).collect();
    excellent.sort_by(|a, b| b.partial_cmp(a).unwrap());
    let mut capped = vec![false; rows.len()];
    if excellent.len() > allowed {
        let cut = excellent[allowed];
        for (i, r) in rows.iter_mut().enumerate() {
            if r.2.starts_with("Hoàn thành xuất sắc") && r.1 <= cut + 1e-9 {
                r.2 = "Hoàn thành tốt nhiệm vụ";
                capped[i] = true;
            }
        }
    }
    let scores: Vec<f64> = rows.iter().map(|r| r.1).collect();
    let out = rows
        .iter()
        .enumerate()
        .map(|(i, r)| {
            let rank = 1 + scores.iter().filter(|&&s| s > r.1 + 1e-9).count() as u64;
            (r.0.clone(), Expected { rank, score: r.1, class: r.2, capped: capped[i], counts: r.3, months: r.4 })
        })
        .collect();
    (out, absent)
}

fn check(v: &Value, expected: &BTreeMap<String, Expected>, absent: &[String]) {
    assert_eq!(v["months_absent"], serde_json::json!(absent));
    let agencies = v["agencies"].as_array().unwrap();
    assert_eq!(agencies.len(), expected.len());
    let statuses = ["done", "done_late", "overdue", "in_progress", "not_started", "recurring"];
    for a in agencies {
        let name = a["name"].as_str().unwrap();
        let e = &expected[name];
        let score = a["score"].as_f64().unwrap();
        assert!((score - (e.score * 100.0).round() / 100.0).abs() < 1e-9, "{name}: {score} vs {}", e.score);
        assert_eq!(a["rank"].as_u64().unwrap(), e.rank, "{name}");
        assert_eq!(a["class"].as_str().unwrap(), e.class, "{name}");
        assert_eq!(a["capped"].as_bool().unwrap(), e.capped, "{name}");
        assert_eq!(statuses.map(|s| a["tasks"][s].as_u64().unwrap()), e.counts, "{name}");
        assert_eq!(a["total"].as_u64().unwrap(), e.counts.iter().sum::<u64>(), "{name}");
        assert_eq!([&a["on_time"], &a["late"], &a["missing"]].map(|x| x.as_u64().unwrap()), e.months, "{name}");
    }
}

#[test]
fn generated_months_equal_an_independent_computation() {
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path();
    // Months 1, 2, 4, 6 run; 3 and 5 never; each from different generated workbooks.
    for (month, seed, count) in [(1u32, 901u64, 27usize), (2, 902, 24), (4, 903, 29), (6, 904, 22)] {
        let inputs = root.join(format!("inputs-{month}"));
        std::fs::create_dir_all(&inputs).unwrap();
        generate_month_for(&inputs, Period::new(2023, month).unwrap(), seed, count);
        let month_arg = format!("2023-{month:02}");
        baocao(root, &["run", "--month", &month_arg, "--inputs", inputs.to_str().unwrap()]);
    }
    baocao(root, &["year", "2023", "--through", "2023-06"]);
    baocao(root, &["year", "2023"]);
    let output = root.join("output");
    let (expected, absent) = independent(&output, 6);
    check(&read(&output.join("2023/6-thang/xep-loai.json")), &expected, &absent);
    let (expected, absent) = independent(&output, 12);
    check(&read(&output.join("2023/xep-loai.json")), &expected, &absent);
    // Not a vacuous comparison: the generated year spreads over classes and scores.
    let classes: std::collections::BTreeSet<&str> = expected.values().map(|e| e.class).collect();
    assert!(classes.len() >= 2, "{classes:?}");
    let scores: std::collections::BTreeSet<u64> = expected.values().map(|e| (e.score * 100.0).round() as u64).collect();
    assert!(scores.len() >= 8, "{scores:?}");
}
