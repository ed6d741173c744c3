//! The versioned month archive: never overwrites, survives crashes, verifies hashes.

use baocao::archive::{verify, ArchiveError, FindingKind, ManifestInfo, MonthArchive, RunSummary, MANIFEST_FILE};
use baocao::config::Config;
use baocao::model::Period;
use chrono::NaiveDate;
use sha2::{Digest, Sha256};
use std::fs;
use std::path::Path;

fn period() -> Period {
    "2023-05".parse().unwrap()
}

fn sha(bytes: &[u8]) -> String {
    Sha256::digest(bytes).iter().map(|b| format!("{b:02x}")).collect()
}

fn run(archive: &MonthArchive, inputs: &Path, files: &[(&str, &[u8])]) -> RunSummary {
    let config = Config::default_config();
    let mut w = archive.begin_run().unwrap();
    for entry in fs::read_dir(inputs).unwrap() {
        let entry = entry.unwrap();
        w.add_input(entry.file_name().to_str().unwrap(), &entry.path()).unwrap();
    }
    for (name, bytes) in files {
        w.write(name, bytes).unwrap();
    }
    let date = NaiveDate::from_ymd_opt(2023, 5, 24);
    w.commit(&ManifestInfo { config: &config, date, inputs_dir: Some(inputs) }).unwrap()
}

fn month_json(dir: &Path) -> serde_json::Value {
    serde_json::from_slice(&fs::read(dir.join(MANIFEST_FILE)).unwrap()).unwrap()
}

struct Setup {
    _tmp: tempfile::TempDir,
    inputs: std::path::PathBuf,
    archive: MonthArchive,
}

fn setup() -> Setup {
    let tmp = tempfile::tempdir().unwrap();
    let inputs = tmp.path().join("inputs");
    fs::create_dir(&inputs).unwrap();
    fs::write(inputs.join("So Tu phap.xlsx"), b"workbook one").unwrap();
    fs::write(inputs.join("UBND Sa Pa.xlsx"), b"workbook two, longer").unwrap();
    let archive = MonthArchive::open(&tmp.path().join("output"), period()).unwrap();
    Setup { _tmp: tmp, inputs, archive }
}

/// Makes a read-only archived file writable again, as a user tampering with it would.
fn make_writable(path: &Path) {
    let mut perms = fs::metadata(path).unwrap().permissions();
    #[allow(clippy::permissions_set_readonly_false)]
    perms.set_readonly(false);
    fs::set_permissions(path, perms).unwrap();
}

#[test]
fn two_runs_keep_the_first_and_point_at_the_second() {
    let s = setup();
    let first =
        run(&s.archive, &s.inputs, &[("bao-cao-tong-hop.pdf", b"pdf 1"), ("cong-van-don-doc.pdf", b"reminder")]);
    assert_eq!(first.version, "v001");
    let dir = s.archive.dir().to_path_buf();
    assert_eq!(dir, s._tmp.path().join("output/2023-05"));
    let v1_manifest = fs::read(dir.join("v001/manifest.json")).unwrap();

    // Every agency reported the second time: no reminder letter.
    let second = run(&s.archive, &s.inputs, &[("bao-cao-tong-hop.pdf", b"pdf 2")]);
    assert_eq!(second.version, "v002");
    assert_eq!(second.number, 2);
    assert_eq!(fs::read(dir.join("v001/bao-cao-tong-hop.pdf")).unwrap(), b"pdf 1");
    assert_eq!(fs::read(dir.join("v001/cong-van-don-doc.pdf")).unwrap(), b"reminder");
    assert_eq!(fs::read(dir.join("v001/manifest.json")).unwrap(), v1_manifest);
    assert_eq!(fs::read(dir.join("v002/bao-cao-tong-hop.pdf")).unwrap(), b"pdf 2");
    // Root copies follow the current version; the stale reminder copy is gone.
    assert_eq!(fs::read(dir.join("bao-cao-tong-hop.pdf")).unwrap(), b"pdf 2");
    assert!(!dir.join("cong-van-don-doc.pdf").exists());
    assert_eq!(second.removed_root_copies, vec!["cong-van-don-doc.pdf".to_string()]);
    assert_eq!(second.root_copies, vec![dir.join("bao-cao-tong-hop.pdf")]);
    assert_eq!(second.unchanged_from, None);

    let json = month_json(&dir);
    assert_eq!(json["current"], "v002");
    assert_eq!(json["period"], "2023-05");
    let versions = json["versions"].as_array().unwrap();
    assert_eq!(versions.len(), 2);
    assert_eq!(versions[0]["version"], "v001");
    assert_eq!(versions[1]["version"], "v002");
    assert_eq!(versions[1]["date"], "2023-05-24");
    assert_eq!(versions[1]["tool_version"], env!("CARGO_PKG_VERSION"));
    assert_eq!(versions[1]["config"]["issuer"]["code"], "SNV");
    assert_eq!(versions[0]["manifest_sha256"], sha(&v1_manifest));
    // Keys in a stable, documented order.
    let keys: Vec<&String> = versions[1].as_object().unwrap().keys().collect();
    assert!(keys.iter().any(|k| *k == "run_at"));
    let text = String::from_utf8(fs::read(dir.join(MANIFEST_FILE)).unwrap()).unwrap();
    let pos = |k: &str| text.find(&format!("\"{k}\"")).unwrap();
    assert!(pos("schema") < pos("period") && pos("period") < pos("current") && pos("current") < pos("versions"));

    let third = run(&s.archive, &s.inputs, &[("bao-cao-tong-hop.pdf", b"pdf 2")]);
    assert_eq!(third.unchanged_from.as_deref(), Some("v002"));
    assert!(verify(&dir).unwrap().is_ok());
}

#[test]
fn hashes_match_an_independent_sha256() {
    let s = setup();
    let pdf: &[u8] = b"%PDF-1.7 content";
    let summary = run(&s.archive, &s.inputs, &[("bao-cao-tong-hop.pdf", pdf), ("tong-hop.json", b"{}")]);
    let out = summary.outputs.iter().find(|o| o.name == "bao-cao-tong-hop.pdf").unwrap();
    assert_eq!(out.sha256, sha(pdf));
    assert_eq!(out.size, pdf.len() as u64);
    let input = summary.inputs.iter().find(|i| i.name == "UBND Sa Pa.xlsx").unwrap();
    assert_eq!(input.sha256, sha(b"workbook two, longer"));
    assert_eq!(input.size, 20);

    let version: serde_json::Value =
        serde_json::from_slice(&fs::read(summary.version_dir.join(MANIFEST_FILE)).unwrap()).unwrap();
    assert_eq!(version["version"], "v001");
    assert_eq!(version["outputs"][0]["name"], "bao-cao-tong-hop.pdf");
    assert_eq!(version["outputs"][0]["sha256"], sha(pdf));
    assert_eq!(version["outputs"][1]["sha256"], sha(b"{}"));
    assert_eq!(version["inputs"][0]["name"], "So Tu phap.xlsx");
    assert_eq!(version["inputs"][0]["sha256"], sha(b"workbook one"));
    assert_eq!(version["inputs_dir"], s.inputs.display().to_string());
    assert_eq!(fs::read(summary.month_dir.join("bao-cao-tong-hop.pdf")).unwrap(), pdf);
}

#[test]
fn dropped_writer_leaves_everything_intact() {
    let s = setup();
    run(&s.archive, &s.inputs, &[("bao-cao-tong-hop.pdf", b"pdf 1")]);
    let dir = s.archive.dir().to_path_buf();
    let manifest_before = fs::read(dir.join(MANIFEST_FILE)).unwrap();
    {
        let mut w = s.archive.begin_run().unwrap();
        assert_eq!(w.version(), "v002");
        w.write("bao-cao-tong-hop.pdf", b"half-written run").unwrap();
        w.write("tong-hop.xlsx", b"xlsx").unwrap();
        // Dropped here, without commit: the run failed.
    }
    assert_eq!(fs::read(dir.join(MANIFEST_FILE)).unwrap(), manifest_before);
    assert_eq!(fs::read(dir.join("bao-cao-tong-hop.pdf")).unwrap(), b"pdf 1");
    assert!(!dir.join("v002").exists());
    assert!(!dir.join("tong-hop.xlsx").exists());
    let names: Vec<String> =
        fs::read_dir(&dir).unwrap().map(|e| e.unwrap().file_name().into_string().unwrap()).collect();
    assert!(!names.iter().any(|n| n.contains(".tmp-")), "{names:?}");
    assert!(verify(&dir).unwrap().is_ok());
    let next = run(&s.archive, &s.inputs, &[("bao-cao-tong-hop.pdf", b"pdf 2")]);
    assert_eq!(next.version, "v002");
}

#[test]
fn error_before_commit_leaves_everything_intact() {
    let s = setup();
    run(&s.archive, &s.inputs, &[("bao-cao-tong-hop.pdf", b"pdf 1")]);
    let dir = s.archive.dir().to_path_buf();
    let manifest_before = fs::read(dir.join(MANIFEST_FILE)).unwrap();
    let failing = || -> Result<(), ArchiveError> {
        let mut w = s.archive.begin_run()?;
        w.write("bao-cao-tong-hop.pdf", b"new pdf")?;
        w.add_input("missing.xlsx", &s.inputs.join("missing.xlsx"))?; // injected error
        unreachable!("add_input of a missing file must fail");
    };
    let err = failing().unwrap_err();
    assert!(matches!(err, ArchiveError::Io { .. }), "{err}");
    assert!(err.to_string().contains("missing.xlsx"), "{err}");
    // Invalid names and overwrites are refused too.
    let mut w = s.archive.begin_run().unwrap();
    for bad in ["../x.pdf", "manifest.json", "v001", ".hidden", "a/b.pdf", ""] {
        assert!(matches!(w.write(bad, b"x"), Err(ArchiveError::InvalidName(_))), "{bad}");
    }
    w.write("a.pdf", b"1").unwrap();
    assert!(matches!(w.write("a.pdf", b"2"), Err(ArchiveError::Duplicate(_))));
    drop(w);

    assert_eq!(fs::read(dir.join(MANIFEST_FILE)).unwrap(), manifest_before);
    assert_eq!(fs::read(dir.join("bao-cao-tong-hop.pdf")).unwrap(), b"pdf 1");
    assert_eq!(fs::read(dir.join("v001/bao-cao-tong-hop.pdf")).unwrap(), b"pdf 1");
    let next = run(&s.archive, &s.inputs, &[("bao-cao-tong-hop.pdf", b"pdf 2")]);
    assert_eq!(next.version, "v002");
    assert_eq!(month_json(&dir)["current"], "v002");
}

#[test]
fn killed_run_leftovers_are_cleaned_and_nothing_else() {
    let s = setup();
    run(&s.archive, &s.inputs, &[("bao-cao-tong-hop.pdf", b"pdf 1")]);
    let dir = s.archive.dir().to_path_buf();
    // What a process killed mid-run leaves: its temp version folder and a temp root copy.
    fs::create_dir(dir.join(".v002.tmp-999999")).unwrap();
    fs::write(dir.join(".v002.tmp-999999/bao-cao-tong-hop.pdf"), b"partial").unwrap();
    fs::write(dir.join(".bao-cao-tong-hop.pdf.tmp-999999"), b"partial").unwrap();
    // Something of the clerk's with a similar name is not ours.
    fs::write(dir.join("ghi-chu.tmp-1.txt"), b"clerk's note").unwrap();

    let report = verify(&dir).unwrap();
    let leftovers = report.notes.iter().filter(|n| n.kind == FindingKind::Leftover).count();
    assert_eq!(leftovers, 2, "{report}");
    assert_eq!(report.differences.len(), 1, "{report}");
    assert_eq!(report.differences[0].path, "ghi-chu.tmp-1.txt");

    let next = run(&s.archive, &s.inputs, &[("bao-cao-tong-hop.pdf", b"pdf 2")]);
    assert_eq!(next.version, "v002");
    assert_eq!(next.cleaned_temp.len(), 2);
    assert!(!dir.join(".v002.tmp-999999").exists());
    assert!(!dir.join(".bao-cao-tong-hop.pdf.tmp-999999").exists());
    assert_eq!(fs::read(dir.join("ghi-chu.tmp-1.txt")).unwrap(), b"clerk's note");
    assert_eq!(fs::read(dir.join("v001/bao-cao-tong-hop.pdf")).unwrap(), b"pdf 1");
}

#[test]
fn committed_version_missing_from_index_is_adopted() {
    let s = setup();
    run(&s.archive, &s.inputs, &[("a.pdf", b"1")]);
    let dir = s.archive.dir().to_path_buf();
    let index_v1 = fs::read(dir.join(MANIFEST_FILE)).unwrap();
    run(&s.archive, &s.inputs, &[("a.pdf", b"2")]);
    // Simulate a crash between the version rename and the index update of run 2.
    fs::write(dir.join(MANIFEST_FILE), &index_v1).unwrap();
    let report = verify(&dir).unwrap();
    assert!(report.differences.iter().any(|d| d.kind == FindingKind::UnlistedVersion && d.path == "v002"), "{report}");

    let third = run(&s.archive, &s.inputs, &[("a.pdf", b"3")]);
    assert_eq!(third.version, "v003");
    assert_eq!(third.adopted, vec!["v002".to_string()]);
    let json = month_json(&dir);
    let names: Vec<&str> =
        json["versions"].as_array().unwrap().iter().map(|v| v["version"].as_str().unwrap()).collect();
    assert_eq!(names, ["v001", "v002", "v003"]);
    assert!(verify(&dir).unwrap().is_ok());
}

#[test]
fn concurrent_run_is_refused() {
    let s = setup();
    let _w = s.archive.begin_run().unwrap();
    let other = MonthArchive::open(s.archive.dir().parent().unwrap(), period()).unwrap();
    assert!(matches!(other.begin_run(), Err(ArchiveError::Busy(_))));
}

#[test]
fn verify_detects_modified_deleted_and_added_files() {
    let s = setup();
    run(&s.archive, &s.inputs, &[("bao-cao-tong-hop.pdf", b"pdf 1"), ("tong-hop.xlsx", b"xlsx 1")]);
    run(&s.archive, &s.inputs, &[("bao-cao-tong-hop.pdf", b"pdf 2"), ("tong-hop.xlsx", b"xlsx 2")]);
    let dir = s.archive.dir().to_path_buf();
    let clean = verify(&dir).unwrap();
    assert!(clean.is_ok(), "{clean}");
    assert_eq!(clean.versions, 2);
    assert_eq!(clean.current, "v002");
    // 2 outputs + manifest per version, 2 root copies.
    assert_eq!(clean.files_checked, 8);
    assert!(clean.notes.is_empty(), "{clean}");

    let modified = dir.join("v001/bao-cao-tong-hop.pdf");
    make_writable(&modified);
    fs::write(&modified, b"pdf 1 edited").unwrap();
    fs::remove_file(dir.join("v002/tong-hop.xlsx")).unwrap();
    fs::write(dir.join("v001/extra.docx"), b"x").unwrap();
    fs::write(dir.join("tong-hop.xlsx"), b"root copy edited").unwrap();
    fs::remove_file(s.inputs.join("So Tu phap.xlsx")).unwrap();
    fs::write(s.inputs.join("UBND Sa Pa.xlsx"), b"resubmitted").unwrap();

    let report = verify(&dir).unwrap();
    assert!(!report.is_ok());
    let found: Vec<(FindingKind, &str)> = report.differences.iter().map(|d| (d.kind, d.path.as_str())).collect();
    assert_eq!(
        found,
        [
            (FindingKind::Changed, "v001/bao-cao-tong-hop.pdf"),
            (FindingKind::Unexpected, "v001/extra.docx"),
            (FindingKind::Missing, "v002/tong-hop.xlsx"),
            (FindingKind::Changed, "tong-hop.xlsx"),
        ],
        "{report}"
    );
    assert!(report.differences[0].message.contains("đã thay đổi"));
    assert!(report.differences[1].message.contains("tệp lạ"));
    assert!(report.differences[2].message.contains("thiếu tệp"));
    // Inputs are information: each version reports them.
    let notes: Vec<(FindingKind, &str)> = report.notes.iter().map(|d| (d.kind, d.path.as_str())).collect();
    assert_eq!(
        notes,
        [
            (FindingKind::InputMissing, "So Tu phap.xlsx"),
            (FindingKind::InputChanged, "UBND Sa Pa.xlsx"),
            (FindingKind::InputMissing, "So Tu phap.xlsx"),
            (FindingKind::InputChanged, "UBND Sa Pa.xlsx"),
        ]
    );
    let text = report.to_string();
    assert!(text.contains("Có 4 sai khác"), "{text}");

    // A tampered version manifest is caught through the index.
    let vm = dir.join("v002/manifest.json");
    make_writable(&vm);
    let edited = String::from_utf8(fs::read(&vm).unwrap()).unwrap().replace("\"v002\"", "\"v002\" ");
    fs::write(&vm, edited).unwrap();
    let report = verify(&dir).unwrap();
    assert!(report.differences.iter().any(|d| d.kind == FindingKind::ManifestMismatch), "{report}");
}

#[test]
fn verify_needs_a_month_folder() {
    let tmp = tempfile::tempdir().unwrap();
    let err = verify(tmp.path()).unwrap_err();
    assert!(matches!(err, ArchiveError::NotAnArchive(_)));
    assert!(err.to_string().contains("manifest.json"), "{err}");
}
