//! End to end: a generated messy month through `baocao run`, every output opened and
//! checked against the JSON and the generator's truth.

use crate::common;

use crate::common::docx::docx_paragraph_texts;
use crate::common::month::generate_month_for;
use crate::common::pdf::pdf_text;
use baocao::model::{MonthModel, Submission};
use sha2::{Digest, Sha256};
use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::process::Command;

fn baocao(args: &[&str], cwd: &Path) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_baocao")).args(args).current_dir(cwd).output().expect("run baocao")
}

fn hash_dir(dir: &Path) -> BTreeMap<String, String> {
    let mut out = BTreeMap::new();
    for e in std::fs::read_dir(dir).unwrap() {
        let e = e.unwrap();
        if e.file_type().unwrap().is_file() {
            let bytes = std::fs::read(e.path()).unwrap();
            out.insert(e.file_name().to_string_lossy().into_owned(), hex(&Sha256::digest(&bytes)));
        }
    }
    out
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

fn words(text: &str) -> BTreeSet<String> {
    text.split(|c: char| c.is_whitespace() || ",.;:()/–-\"«»".contains(c))
        .map(|w| w.trim().to_string())
        .filter(|w| !w.is_empty())
        .collect()
}

fn is_number_like(w: &str) -> bool {
    w.chars().all(|c| c.is_ascii_digit() || c == '%' || c == ',')
}

fn same_words(pdf: &str, docx: &str) {
    let (wp, wd) = (words(pdf), words(docx));
    let only_docx: Vec<_> = wd.difference(&wp).collect();
    assert!(only_docx.is_empty(), "words only in the DOCX: {only_docx:?}");
    let only_pdf: Vec<_> = wp.difference(&wd).filter(|w| !is_number_like(w)).collect();
    assert!(only_pdf.is_empty(), "words only in the PDF: {only_pdf:?}");
}

fn month_dir(out: &Path) -> PathBuf {
    out.join("2023-05")
}

struct Month {
    _tmp: tempfile::TempDir,
    root: PathBuf,
    inputs: PathBuf,
    output: PathBuf,
    truth: common::month::Truth,
}

fn setup(seed: u64) -> Month {
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path().to_path_buf();
    let inputs = root.join("inputs");
    std::fs::create_dir(&inputs).unwrap();
    let period = "2023-05".parse().unwrap();
    let truth = generate_month_for(&inputs, period, seed, 26);
    Month { output: root.join("output"), _tmp: tmp, root, inputs, truth }
}

fn run(m: &Month, extra: &[&str]) -> std::process::Output {
    let mut args = vec!["run", "--month", "2023-05", "--inputs", "inputs", "--output", "output"];
    args.extend_from_slice(extra);
    let out = baocao(&args, &m.root);
    assert!(
        out.status.success(),
        "baocao run failed: {}\n{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    out
}

#[test]
fn month_end_to_end() {
    let m = setup(7);
    let before = hash_dir(&m.inputs);
    let stdout = String::from_utf8(run(&m, &["--date", "2023-05-24"]).stdout).unwrap();
    assert_eq!(hash_dir(&m.inputs), before, "the inputs folder is untouched");

    let dir = month_dir(&m.output);
    let read = |name: &str| std::fs::read(dir.join(name)).unwrap_or_else(|e| panic!("{name}: {e}"));
    let model: MonthModel = serde_json::from_slice(&read("tong-hop.json")).unwrap();

    // The JSON agrees with the generator's truth on submissions.
    for t in &m.truth.agencies {
        let a = model.agencies.iter().find(|a| a.name == t.name).unwrap();
        assert_eq!(a.submission, t.submission, "{}", t.name);
    }
    let late: Vec<&str> =
        model.agencies.iter().filter(|a| a.submission == Submission::Late).map(|a| a.name.as_str()).collect();
    let missing: Vec<&str> =
        model.agencies.iter().filter(|a| a.submission == Submission::Missing).map(|a| a.name.as_str()).collect();
    assert!(!late.is_empty() && !missing.is_empty(), "the generated month has late and missing agencies");

    // The report names every late and missing agency and states the true total.
    let report_pdf = pdf_text(&read("bao-cao-tong-hop.pdf"));
    let report_docx = docx_paragraph_texts(&read("bao-cao-tong-hop.docx")).join("\n");
    let flat = |s: &str| s.split_whitespace().collect::<Vec<_>>().join(" ");
    let (report_pdf_flat, report_docx_flat) = (flat(&report_pdf), flat(&report_docx));
    for name in late.iter().chain(&missing) {
        assert!(report_pdf_flat.contains(name), "report PDF names {name}");
        assert!(report_docx_flat.contains(name), "report DOCX names {name}");
    }
    let total = format!("{} nhiệm vụ", model.tasks.len());
    assert!(report_pdf_flat.contains(&total), "report PDF states the total «{total}»");
    assert!(report_docx_flat.contains(&total), "report DOCX states the total «{total}»");
    assert!(report_pdf_flat.contains("ngày 24 tháng 5 năm 2023"), "dated by --date");
    assert!(report_pdf_flat.contains("Kính gửi: Ủy ban nhân dân tỉnh Lào Cai."));

    // The chart: drawn by typst in the PDF, a picture in the DOCX.
    assert!(report_pdf_flat.contains("Tỷ lệ hoàn thành nhiệm vụ theo cơ quan"));
    let docx_bytes = read("bao-cao-tong-hop.docx");
    let parts = common::docx::docx_part_names(&docx_bytes);
    assert!(parts.iter().any(|p| p.starts_with("word/media/") && p.ends_with(".png")), "{parts:?}");

    // DOCX and PDF carry the same words (the PDF also has page numbers and chart values).
    same_words(&report_pdf, &report_docx);
    same_words(
        &pdf_text(&read("cong-van-don-doc.pdf")),
        &docx_paragraph_texts(&read("cong-van-don-doc.docx")).join("\n"),
    );

    // The reminder goes to exactly the late and missing agencies.
    let reminder = read("cong-van-don-doc.docx");
    let texts = docx_paragraph_texts(&reminder);
    let recipients: BTreeSet<String> = texts
        .iter()
        .filter_map(|t| t.trim().strip_prefix("- "))
        .map(|t| t.trim_end_matches([';', '.']).to_string())
        .filter(|t| model.agencies.iter().any(|a| &a.name == t))
        .collect();
    let expected: BTreeSet<String> = late.iter().chain(&missing).map(|s| s.to_string()).collect();
    assert_eq!(recipients, expected);
    let reminder_pdf = flat(&pdf_text(&read("cong-van-don-doc.pdf")));
    for a in model.agencies.iter().filter(|a| a.submission == Submission::OnTime) {
        assert!(!reminder_pdf.contains(&format!("- {};", a.name)), "{} is not reminded", a.name);
    }

    // The workbook: one row per task on the tasks sheet.
    use calamine::Reader;
    let mut xlsx = calamine::Xlsx::new(std::io::Cursor::new(read("tong-hop.xlsx"))).unwrap();
    let tasks_sheet = xlsx.worksheet_range(baocao::export::SHEET_TASKS).unwrap();
    assert_eq!(tasks_sheet.height(), model.tasks.len() + 1);

    // The manifest hashes every input and output.
    let manifest: serde_json::Value = serde_json::from_slice(&read("manifest.json")).unwrap();
    let current = manifest["current"].as_str().unwrap().to_string();
    let version = manifest["versions"].as_array().unwrap().iter().find(|v| v["version"] == current.as_str()).unwrap();
    let inputs: BTreeMap<String, String> = version["inputs"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| (f["name"].as_str().unwrap().to_string(), f["sha256"].as_str().unwrap().to_string()))
        .collect();
    let regular: BTreeMap<String, String> =
        before.iter().filter(|(n, _)| !m.inputs.join(n).is_symlink()).map(|(n, h)| (n.clone(), h.clone())).collect();
    assert_eq!(inputs, regular, "every input file hashed");
    for f in version["outputs"].as_array().unwrap() {
        let name = f["name"].as_str().unwrap();
        let bytes = std::fs::read(dir.join(&current).join(name)).unwrap();
        assert_eq!(hex(&Sha256::digest(&bytes)), f["sha256"].as_str().unwrap(), "{name}");
    }
    assert!(stdout.contains("bao-cao-tong-hop.pdf"), "the summary says what was written: {stdout}");

    // A second run with the same date keeps the first run's files, and gives the same bytes.
    let v1 = hash_dir(&dir.join("v001"));
    run(&m, &["--date", "2023-05-24"]);
    assert_eq!(hash_dir(&dir.join("v001")), v1, "first run's files kept");
    let v2 = hash_dir(&dir.join("v002"));
    for name in ["bao-cao-tong-hop.pdf", "bao-cao-tong-hop.docx", "cong-van-don-doc.pdf", "tong-hop.xlsx"] {
        assert_eq!(v1[name], v2[name], "{name} is reproducible");
    }
    let verify = baocao(&["verify", "output/2023-05"], &m.root);
    assert!(verify.status.success(), "{}", String::from_utf8_lossy(&verify.stdout));
}

#[test]
fn draft_without_date_leaves_blanks_and_crash_keeps_previous() {
    let m = setup(11);
    run(&m, &[]);
    let dir = month_dir(&m.output);
    let pdf = pdf_text(&std::fs::read(dir.join("bao-cao-tong-hop.pdf")).unwrap());
    assert!(pdf.contains("Số:") && pdf.contains("/BC-SNV"), "{pdf}");
    assert!(
        pdf.split_whitespace().collect::<Vec<_>>().join(" ").contains("ngày tháng năm 2023"),
        "blank day and month"
    );
    let manifest_before = std::fs::read(dir.join("manifest.json")).unwrap();
    let v1 = hash_dir(&dir.join("v001"));

    // A broken template makes the run fail before anything is archived.
    let templates = m.root.join("templates");
    std::fs::create_dir(&templates).unwrap();
    std::fs::write(templates.join("bao-cao-tong-hop.md.j2"), "---\nheader: {\n---\n{{ x }").unwrap();
    let out = baocao(&["run", "--month", "2023-05", "--inputs", "inputs", "--output", "output"], &m.root);
    assert!(!out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("bao-cao-tong-hop.md.j2"), "{err}");
    assert_eq!(std::fs::read(dir.join("manifest.json")).unwrap(), manifest_before);
    assert_eq!(hash_dir(&dir.join("v001")), v1);
    assert!(!dir.join("v002").exists());
}

#[test]
fn issue_numbers_from_the_register() {
    let m = setup(3);
    let out = baocao(&["run", "--month", "2023-05", "--inputs", "inputs", "--output", "output", "--issue"], &m.root);
    assert!(!out.status.success(), "--issue needs --date");
    assert!(String::from_utf8_lossy(&out.stderr).contains("--date"));

    run(&m, &["--date", "2023-05-24", "--issue"]);
    run(&m, &["--date", "2023-05-24", "--issue"]);
    let reg = baocao::register::Register::open_in(&m.output).unwrap();
    let entries = reg.list(Some(2023)).unwrap();
    let numbers: Vec<u32> = entries.iter().map(|e| e.number).collect();
    assert_eq!(numbers, vec![1, 2, 3, 4], "numbers run from 01 and are never reused");
    let dir = month_dir(&m.output);
    let pdf = pdf_text(&std::fs::read(dir.join("bao-cao-tong-hop.pdf")).unwrap());
    assert!(pdf.contains("Số: 03/BC-SNV"), "{pdf}");
    let cv = pdf_text(&std::fs::read(dir.join("cong-van-don-doc.pdf")).unwrap());
    assert!(cv.contains("Số: 04/SNV-CCHC"), "{cv}");

    let listing = baocao(&["register", "--year", "2023", "--output", "output", "--xlsx", "so-2023.xlsx"], &m.root);
    assert!(listing.status.success(), "{}", String::from_utf8_lossy(&listing.stderr));
    let listing = String::from_utf8_lossy(&listing.stdout);
    assert!(listing.contains("03/BC-SNV") && listing.contains("04/SNV-CCHC"), "{listing}");
    assert!(m.root.join("so-2023.xlsx").is_file());

    // A new year starts again at 01.
    run(&m, &["--date", "2024-01-03", "--issue"]);
    let reg = baocao::register::Register::open_in(&m.output).unwrap();
    let y2024: Vec<u32> = reg.list(Some(2024)).unwrap().iter().map(|e| e.number).collect();
    assert_eq!(y2024, vec![1, 2]);
    assert_eq!(reg.list(Some(2023)).unwrap().len(), 4);
}
