//! A document is its template: identity from the `document:` front matter, the job's
//! templates found and ordered, `when:` skipping, numbers taken only under the lock.

use crate::common::month::generate_month_for;
use baocao::document::template::{job_templates, render_template};
use baocao::produce::{draft, ProduceError};
use serde_json::json;
use std::path::Path;
use std::process::Command;

const TEMPLATE: &str = r#"---
document:
  job: test
  order: "{{ order }}"
  type: "Thông báo"
  abbrev: "TB"
  stem: "{{ stem }}"
  label: "Thông báo thử"
  copies: 3
  keeping: "VP"
  when: "{{ wanted }}"
  skipped: "không cần lần này"
header:
  authority: "SỞ NỘI VỤ"
  number: "{{ number | so_hieu }}"
  symbol: "TB-SNV"
  place: "Lào Cai"
  date: "2023"
title:
  kind: "THÔNG BÁO"
  subject:
    - "Kết quả {{ what }}"
    - "tháng 5 năm 2023"
recipients:
  - "Sở Tư pháp"
  - "UBND huyện Bắc Hà"
signature:
  authority: "KT. GIÁM ĐỐC"
  position: "PHÓ GIÁM ĐỐC"
  name: ""
distribution:
  - "Lưu: VT, VP<sub>2</sub>."
---
Nội dung {{ what }}.
"#;

fn data(order: i32, stem: &str, wanted: bool) -> serde_json::Value {
    json!({ "order": order, "stem": stem, "wanted": wanted, "what": "kiểm tra", "number": null })
}

#[test]
fn identity_comes_from_the_front_matter() {
    let doc = render_template("t.md.j2", TEMPLATE, data(1, "thong-bao-thu", true)).unwrap();
    let id = doc.identity.expect("identity");
    assert_eq!(id.job.as_deref(), Some("test"));
    assert_eq!(id.order, 1);
    assert_eq!(id.type_name, "Thông báo");
    assert_eq!(id.type_abbrev, "TB");
    assert_eq!(id.symbol.as_deref(), Some("TB-SNV"));
    // The register's subject is the title's, as the document shows it.
    assert_eq!(id.subject, "Kết quả kiểm tra tháng 5 năm 2023");
    assert_eq!(id.stem, "thong-bao-thu");
    assert_eq!(id.label, "Thông báo thử");
    assert_eq!(id.recipients, vec!["Sở Tư pháp", "UBND huyện Bắc Hà"]);
    // No name: the position signs.
    assert_eq!(id.signer, "PHÓ GIÁM ĐỐC");
    assert_eq!(id.copies, 3);
    assert_eq!(id.keeping, "VP");
    assert!(id.produce);

    let skipped = render_template("t.md.j2", TEMPLATE, data(1, "thong-bao-thu", false)).unwrap();
    let id = skipped.identity.unwrap();
    assert!(!id.produce);
    assert_eq!(id.skipped.as_deref(), Some("không cần lần này"));
}

#[test]
fn bad_identity_fields_name_the_key() {
    let err = render_template("t.md.j2", TEMPLATE, data(1, "tên có dấu", true)).unwrap_err().to_string();
    assert!(err.contains("document.stem") || err.contains("`stem`"), "{err}");
    let broken = TEMPLATE.replace("when: \"{{ wanted }}\"", "when: \"có lẽ\"");
    let err = render_template("t.md.j2", &broken, data(1, "a", true)).unwrap_err().to_string();
    assert!(err.contains("when"), "{err}");
    let no_type = TEMPLATE.replace("  type: \"Thông báo\"\n", "");
    let err = render_template("t.md.j2", &no_type, data(1, "a", true)).unwrap_err().to_string();
    assert!(err.contains("type"), "{err}");
}

#[test]
fn a_job_is_its_templates_in_order_and_the_clerk_may_add_one() {
    let dir = tempfile::tempdir().unwrap();
    let month = job_templates("month", dir.path()).unwrap();
    let names: Vec<&str> = month.iter().map(|t| t.name.as_str()).collect();
    assert_eq!(names.len(), 2, "{names:?}");
    assert!(names[0].contains("bao-cao-tong-hop") && names[1].contains("cong-van-don-doc"), "{names:?}");

    // A clerk's new template joins the job; order decides its place.
    std::fs::write(dir.path().join("thong-bao.md.j2"), TEMPLATE.replace("job: test", "job: month")).unwrap();
    std::fs::write(dir.path().join("khac.md.j2"), TEMPLATE).unwrap();
    let test_job = job_templates("test", dir.path()).unwrap();
    assert_eq!(test_job.len(), 1);
    assert!(test_job[0].name.ends_with("khac.md.j2"));

    let drafts = draft("test", dir.path(), &data(5, "khac", true)).unwrap();
    assert_eq!(drafts.docs.len(), 1);
    assert_eq!(drafts.docs[0].identity().stem, "khac");
    let drafts = draft("test", dir.path(), &data(5, "khac", false)).unwrap();
    assert!(drafts.docs.is_empty());
    assert_eq!(drafts.skipped[0].reason.as_deref(), Some("không cần lần này"));

    assert!(matches!(draft("khong-co", dir.path(), &data(1, "x", true)), Err(ProduceError::NoTemplates(_))));
}

#[test]
fn two_templates_cannot_write_one_file() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("a.md.j2"), TEMPLATE).unwrap();
    std::fs::write(dir.path().join("b.md.j2"), TEMPLATE).unwrap();
    let err = draft("test", dir.path(), &data(1, "trung", true)).unwrap_err();
    assert!(matches!(err, ProduceError::DuplicateStem(ref s) if s == "trung"), "{err}");
}

fn baocao(args: &[&str], cwd: &Path) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_baocao")).args(args).current_dir(cwd).output().expect("run baocao")
}

/// Simultaneous `run --issue` on one month: a run refused the folder's lock takes no
/// number, so every number taken belongs to a committed version (no gaps to explain).
#[test]
fn numbers_are_taken_only_under_the_folder_lock() {
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path();
    std::fs::create_dir(root.join("inputs")).unwrap();
    generate_month_for(&root.join("inputs"), "2023-05".parse().unwrap(), 4, 12);
    let args =
        ["run", "--month", "2023-05", "--inputs", "inputs", "--output", "output", "--date", "2023-05-24", "--issue"];
    // The register is created once first so the runs race on the month folder only.
    let first = baocao(&args, root);
    assert!(first.status.success(), "{}", String::from_utf8_lossy(&first.stderr));
    let outs: Vec<_> = std::thread::scope(|s| {
        let handles: Vec<_> = (0..4).map(|_| s.spawn(|| baocao(&args, root))).collect();
        handles.into_iter().map(|h| h.join().unwrap()).collect()
    });
    let ok = outs.iter().filter(|o| o.status.success()).count();
    for o in outs.iter().filter(|o| !o.status.success()) {
        let err = String::from_utf8_lossy(&o.stderr);
        assert!(err.contains("một lần chạy khác đang ghi"), "a failed run is a lock refusal: {err}");
    }
    let reg = baocao::register::Register::open_in(&root.join("output")).unwrap();
    let entries = reg.list(Some(2023)).unwrap();
    assert!(entries.iter().all(|e| !e.is_cancelled()), "no number cancelled: {entries:?}");
    let per_run = 2; // the report and the reminder (the generated month has late agencies)
    assert_eq!(entries.len(), per_run * (ok + 1), "numbers only for committed runs");
    let manifest: serde_json::Value =
        serde_json::from_slice(&std::fs::read(root.join("output/2023-05/manifest.json")).unwrap()).unwrap();
    assert_eq!(manifest["versions"].as_array().unwrap().len(), ok + 1);
}
