//! Through the binary: a month nobody has reported yet (an empty inputs folder) gives a
//! plain report and a reminder to every agency but the issuer, districts addressed through
//! their UBND; a month where only Sở Nội vụ (the issuer) is missing gives no letter to
//! itself, and the report states it.

use crate::common::docx::{docx_all_xml_parses, docx_paragraph_texts, docx_part_names, docx_xml};
use crate::common::pdf::pdf_text;
use baocao::config::Config;
use baocao::model::{FileRole, MonthModel, Submission};
use rust_xlsxwriter::Workbook;
use std::path::Path;
use std::process::{Command, Output};

fn baocao(args: &[&str], cwd: &Path) -> Output {
    Command::new(env!("CARGO_BIN_EXE_baocao")).args(args).current_dir(cwd).output().expect("run baocao")
}

fn run_month(root: &Path, extra: &[&str]) -> Output {
    let mut args =
        vec!["run", "--month", "2023-05", "--inputs", "inputs", "--output", "output", "--date", "2023-05-24"];
    args.extend_from_slice(extra);
    let out = baocao(&args, root);
    assert!(
        out.status.success(),
        "baocao run failed:\n{}\n{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    out
}

fn flat(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Every configured agency but the issuer, as letters address them, in configuration order.
fn addressees_but_issuer() -> Vec<String> {
    let config = Config::default_config();
    config.agencies.iter().filter(|a| a.code != config.issuer.code).map(|a| a.addressee.clone()).collect()
}

#[test]
fn an_empty_month_gives_a_plain_report_and_a_reminder_to_everyone_but_the_issuer() {
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path();
    std::fs::create_dir(root.join("inputs")).unwrap();
    let out = run_month(root, &["--issue"]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(!stderr.contains("categories"), "{stderr}");

    let dir = root.join("output/2023-05");
    let read = |name: &str| std::fs::read(dir.join(name)).unwrap_or_else(|e| panic!("{name}: {e}"));
    let model: MonthModel = serde_json::from_slice(&read("tong-hop.json")).unwrap();
    assert_eq!(model.agencies.len(), 29);
    assert!(model.agencies.iter().all(|a| a.submission == Submission::Missing && a.total == 0));
    assert!(model.tasks.is_empty() && model.files.is_empty());

    // The report says plainly that nothing came in: no chart, no tables of zeros, no annex.
    let docx = read("bao-cao-tong-hop.docx");
    docx_all_xml_parses(&docx);
    let texts: Vec<String> = docx_paragraph_texts(&docx).iter().map(|t| flat(t)).collect();
    for sentence in [
        "Tổng số cơ quan, đơn vị phải báo cáo: 29; số cơ quan, đơn vị đã gửi báo cáo: 0. Trong đó:",
        "Đến thời điểm tổng hợp, Sở Nội vụ chưa nhận được báo cáo kết quả thực hiện tháng 5 năm 2023 của cơ quan, \
         đơn vị nào; Sở Nội vụ đã đôn đốc các cơ quan, đơn vị khẩn trương gửi báo cáo.",
        "Chưa có cơ quan, đơn vị nào gửi báo cáo nên chưa có số liệu về kết quả thực hiện nhiệm vụ tháng 5 năm 2023.",
        "Chưa có báo cáo của cơ quan, đơn vị nào nên chưa tổng hợp được khó khăn, vướng mắc và đề xuất, kiến nghị.",
        "- Riêng Sở Nội vụ (cơ quan tổng hợp) chưa hoàn thành báo cáo kết quả thực hiện của cơ quan mình; \
         Sở Nội vụ sẽ khẩn trương hoàn thành.",
    ] {
        assert!(texts.iter().any(|t| t == sentence), "report lacks «{sentence}»:\n{texts:#?}");
    }
    assert!(!texts.iter().any(|t| t.contains("Phụ lục") || t.contains("Kết quả theo từng chỉ số")), "{texts:#?}");
    assert!(!docx_part_names(&docx).iter().any(|p| p.starts_with("word/media/")), "no chart picture");
    let body = docx_xml(&docx, "word/document.xml");
    assert!(!body.contains("<w:drawing"), "no chart");
    assert!(!body.contains("Tổng số nhiệm vụ") && !body.contains("Tỷ lệ hoàn thành"), "no table of zeros");
    let pdf = flat(&pdf_text(&read("bao-cao-tong-hop.pdf")));
    assert!(pdf.contains("của cơ quan, đơn vị nào; Sở Nội vụ đã đôn đốc"), "{pdf}");
    assert!(!pdf.contains("Tỷ lệ hoàn thành nhiệm vụ theo cơ quan") && !pdf.contains("Phụ lục"), "{pdf}");

    // The reminder: every agency but Sở Nội vụ, districts through their UBND.
    let expected = addressees_but_issuer();
    assert_eq!(expected.len(), 28);
    for district in ["UBND thành phố Lào Cai", "UBND thị xã Sa Pa", "UBND huyện Bát Xát", "UBND huyện Bắc Hà"]
    {
        assert!(expected.iter().any(|a| a == district), "{district}");
    }
    let reminder = read("cong-van-don-doc.docx");
    docx_all_xml_parses(&reminder);
    let texts: Vec<String> = docx_paragraph_texts(&reminder).iter().map(|t| flat(t)).collect();
    let kinh_gui = texts.iter().position(|t| t.starts_with("Kính gửi")).expect("Kính gửi");
    let listed: Vec<String> = texts[kinh_gui + 1..kinh_gui + 1 + expected.len()]
        .iter()
        .map(|t| t.trim_start_matches("- ").trim_end_matches([';', '.']).to_string())
        .collect();
    assert_eq!(listed, expected);
    assert_eq!(texts[kinh_gui + expected.len()], "- UBND huyện Văn Bàn.");
    assert!(!texts.iter().any(|t| t == "- Sở Nội vụ;" || t == "- Sở Nội vụ."), "{texts:#?}");
    let missing_sentence = format!(
        "Đến nay, Sở Nội vụ chưa nhận được báo cáo kết quả thực hiện tháng 5 năm 2023 của 28 cơ quan, đơn vị: {}.",
        expected.join(", ")
    );
    assert!(texts.contains(&missing_sentence), "reminder lacks «{missing_sentence}»:\n{texts:#?}");
    let reminder_pdf = flat(&pdf_text(&read("cong-van-don-doc.pdf")));
    assert!(reminder_pdf.contains(&flat(&missing_sentence)), "{reminder_pdf}");
    assert!(reminder_pdf.contains("- UBND thị xã Sa Pa;"), "{reminder_pdf}");

    // The register lists the reminder's recipients as the letter does.
    let reg = baocao::register::Register::open_in(&root.join("output")).unwrap();
    let entries = reg.list(Some(2023)).unwrap();
    assert_eq!(entries.len(), 2);
    assert_eq!(entries[0].recipients, "Ủy ban nhân dân tỉnh Lào Cai");
    assert_eq!(entries[1].recipients, expected.join("; "));

    // `baocao config` prints every addressee.
    let config = baocao(&["config"], root);
    let printed = String::from_utf8(config.stdout).unwrap();
    for a in Config::default_config().agencies {
        assert!(printed.contains(&format!("addressee: {},", a.addressee)), "{}", a.addressee);
    }
}

#[test]
fn only_the_issuer_missing_gives_no_letter_to_itself() {
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path();
    let inputs = root.join("inputs");
    std::fs::create_dir(&inputs).unwrap();
    let config = Config::default_config();
    for a in config.agencies.iter().filter(|a| a.code != config.issuer.code) {
        let mut wb = Workbook::new();
        let ws = wb.add_worksheet();
        for (r, text) in
            [a.name.as_str(), "BÁO CÁO tháng 5 năm 2023", "Lào Cai, ngày 18 tháng 5 năm 2023"].iter().enumerate()
        {
            ws.write_string(r as u32, 0, *text).unwrap();
        }
        for (c, text) in ["STT", "Nhiệm vụ", "Thời hạn", "Tình trạng"].iter().enumerate() {
            ws.write_string(4, c as u16, *text).unwrap();
        }
        for (c, text) in ["1", "Rà soát thủ tục hành chính", "30/6/2023", "Đang thực hiện"].iter().enumerate()
        {
            ws.write_string(5, c as u16, *text).unwrap();
        }
        wb.save(inputs.join(format!("{}.xlsx", a.code))).unwrap();
    }
    let out = run_month(root, &[]);
    let stdout = flat(&String::from_utf8_lossy(&out.stdout));
    assert!(
        stdout
            .contains("không cần công văn đôn đốc (việc báo cáo của chính Sở Nội vụ được nêu trong báo cáo tổng hợp)"),
        "{stdout}"
    );

    let dir = root.join("output/2023-05");
    let model: MonthModel = serde_json::from_slice(&std::fs::read(dir.join("tong-hop.json")).unwrap()).unwrap();
    for a in &model.agencies {
        let want = if a.code == "SNV" { Submission::Missing } else { Submission::OnTime };
        assert_eq!(a.submission, want, "{}", a.name);
    }
    assert_eq!(model.files.len(), 28);
    assert!(model.files.iter().all(|f| f.role == FileRole::Used), "{:#?}", model.files);
    assert!(!dir.join("cong-van-don-doc.docx").exists() && !dir.join("cong-van-don-doc.pdf").exists());

    let docx = std::fs::read(dir.join("bao-cao-tong-hop.docx")).unwrap();
    let texts: Vec<String> = docx_paragraph_texts(&docx).iter().map(|t| flat(t)).collect();
    for sentence in [
        "- Chưa gửi báo cáo: 1 cơ quan, đơn vị, gồm: Sở Nội vụ.",
        "- Riêng Sở Nội vụ (cơ quan tổng hợp) chưa hoàn thành báo cáo kết quả thực hiện của cơ quan mình; \
         Sở Nội vụ sẽ khẩn trương hoàn thành.",
    ] {
        assert!(texts.iter().any(|t| t == sentence), "report lacks «{sentence}»:\n{texts:#?}");
    }
    // UBND tỉnh is not asked to direct anyone: nobody else is late or missing.
    assert!(!texts.iter().any(|t| t.contains("chậm hoặc chưa gửi báo cáo (")), "{texts:#?}");
    let pdf = flat(&pdf_text(&std::fs::read(dir.join("bao-cao-tong-hop.pdf")).unwrap()));
    assert!(pdf.contains("Riêng Sở Nội vụ (cơ quan tổng hợp) chưa hoàn thành báo cáo"), "{pdf}");
}

/// A clerk's template that draws the chart whatever the month: the error names the
/// template file and line once, and says what to do.
#[test]
fn a_chart_without_data_is_reported_once_with_its_line() {
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path();
    std::fs::create_dir(root.join("inputs")).unwrap();
    std::fs::create_dir(root.join("templates")).unwrap();
    // The shipped template with its results section (and chart) shown whatever the month.
    let shipped = include_str!("../../templates/bao-cao-tong-hop.md.j2");
    let guard = "## II. KẾT QUẢ THỰC HIỆN NHIỆM VỤ\n\n{% if submission.submitted %}";
    assert!(shipped.contains(guard));
    let template = shipped.replacen(guard, "## II. KẾT QUẢ THỰC HIỆN NHIỆM VỤ\n\n{% if true %}", 1);
    let line = template.lines().position(|l| l == "{{ chart | chart }}").unwrap() + 1;
    std::fs::write(root.join("templates/bao-cao-tong-hop.md.j2"), template).unwrap();
    let out = baocao(&["run", "--month", "2023-05", "--inputs", "inputs", "--output", "output"], root);
    assert!(!out.status.success());
    let stderr = String::from_utf8_lossy(&out.stderr);
    let expected = format!(
        "Lỗi: templates/bao-cao-tong-hop.md.j2, dòng {line}: khối `chart` \
         không có nhóm nào (`categories` rỗng) nên không vẽ được biểu đồ: chỉ đặt biểu đồ trong mẫu khi có số liệu, \
         ví dụ trong `{{% if submission.submitted %}}`"
    );
    assert_eq!(stderr.lines().last(), Some(expected.as_str()), "{stderr}");
    assert!(!root.join("output/2023-05/bao-cao-tong-hop.pdf").exists());
}
