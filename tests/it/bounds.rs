//! A month above the bounds: one agency pastes 600 task rows. The report's lists and the
//! overdue annex are cut with the same `… và N … khác` words in the PDF and the DOCX, the
//! XLSX and the JSON keep every task, and the workbook is flagged as unusually large.

use crate::common::big::write_big_workbook;
use crate::common::docx::docx_paragraph_texts;
use crate::common::pdf::{normalize_ws, pdf_text};
use baocao::config::Config;
use baocao::consolidate::consolidate;
use baocao::ingest::read_month;
use baocao::model::{MonthModel, Severity};
use baocao::pipeline::{produce_month, MonthJob};
use baocao::render::Renderers;
use calamine::{Reader, Xlsx};
use rust_xlsxwriter::Workbook;
use std::path::Path;

const ROWS: usize = 600;

/// Sở Tư pháp, a normal report with two overdue tasks (listed before Sở Y tế, which
/// comes later in the configuration).
fn small_report(path: &Path) {
    let mut wb = Workbook::new();
    let ws = wb.add_worksheet();
    let rows: [[&str; 4]; 5] = [
        ["SỞ TƯ PHÁP", "", "", ""],
        ["Lào Cai, ngày 18 tháng 5 năm 2023", "", "", ""],
        ["BÁO CÁO tháng 5 năm 2023", "", "", ""],
        ["STT", "Nhiệm vụ", "Thời hạn", "Tình trạng"],
        ["1", "Rà soát văn bản QPPL", "30/4/2023", "Đang thực hiện"],
    ];
    for (r, row) in rows.iter().enumerate() {
        for (c, text) in row.iter().enumerate() {
            if !text.is_empty() {
                ws.write_string(r as u32, c as u16, *text).unwrap();
            }
        }
    }
    for (c, text) in ["2", "Công bố TTHC", "31/3/2023", "Chưa thực hiện"].iter().enumerate() {
        ws.write_string(5, c as u16, *text).unwrap();
    }
    wb.save(path).unwrap();
}

struct Run {
    _tmp: tempfile::TempDir,
    model: MonthModel,
    pdf: String,
    docx: Vec<String>,
    xlsx_tasks: usize,
}

fn run_month() -> Run {
    let tmp = tempfile::tempdir().unwrap();
    let inputs = tmp.path().join("inputs");
    let output = tmp.path().join("output");
    std::fs::create_dir(&inputs).unwrap();
    let truth = write_big_workbook(&inputs.join("BC T5 SYT.xlsx"), ROWS);
    assert_eq!((truth.overdue, truth.due_next, truth.done), (150, 150, 150));
    small_report(&inputs.join("BC T5 STP.xlsx"));
    let config = Config::default_config();
    let period = "2023-05".parse().unwrap();
    let model = consolidate(read_month(&inputs, &config, &|_, _, _| {}).unwrap(), &config, period);
    let templates = Path::new(env!("CARGO_MANIFEST_DIR")).join("templates");
    let job =
        MonthJob { config: &config, inputs: &inputs, output: &output, templates: &templates, date: None, issue: false };
    produce_month(&model, &job, &Renderers::new(None).unwrap(), &|_| {}).unwrap();
    let month = output.join("2023-05");
    let pdf = normalize_ws(&pdf_text(&std::fs::read(month.join("bao-cao-tong-hop.pdf")).unwrap()));
    let docx = docx_paragraph_texts(&std::fs::read(month.join("bao-cao-tong-hop.docx")).unwrap());
    let mut book: Xlsx<_> = calamine::open_workbook(month.join("tong-hop.xlsx")).unwrap();
    let sheet = book.worksheet_range("Nhiệm vụ").unwrap();
    let xlsx_tasks = sheet.rows().skip(1).filter(|r| r.get(4).is_some_and(|c| !c.to_string().is_empty())).count();
    Run { _tmp: tmp, model, pdf, docx, xlsx_tasks }
}

/// The one DOCX paragraph starting with `start`.
fn paragraph<'a>(docx: &'a [String], start: &str) -> &'a str {
    let found: Vec<&String> = docx.iter().filter(|p| p.starts_with(start)).collect();
    assert_eq!(found.len(), 1, "paragraphs starting with {start:?}: {found:#?}");
    found[0]
}

#[test]
fn a_month_above_the_bounds() {
    let run = run_month();

    // Everything is kept in the data.
    assert_eq!(run.model.tasks.len(), ROWS + 2);
    assert_eq!(run.xlsx_tasks, ROWS + 2);

    // The unusual workbook is a warning naming the file and the sheet.
    let warnings: Vec<_> = run.model.problems.iter().filter(|p| p.message.contains("nhiều bất thường")).collect();
    assert_eq!(warnings.len(), 1, "{:#?}", run.model.problems);
    assert_eq!(warnings[0].file, "BC T5 SYT.xlsx");
    assert_eq!(warnings[0].sheet.as_deref(), Some("Báo cáo"));
    assert_eq!(warnings[0].severity, Severity::Warning);
    assert_eq!(
        warnings[0].message,
        "tệp có 600 nhiệm vụ, nhiều bất thường (quá 500 nhiệm vụ một tệp): có thể đã dán nhầm dữ liệu, \
         đề nghị kiểm tra lại với Sở Y tế; mọi nhiệm vụ vẫn được tổng hợp"
    );

    // II.4: Sở Tư pháp whole, Sở Y tế 10 of its 150 overdue tasks.
    let overdue = paragraph(&run.docx, "- Sở Y tế (150 nhiệm vụ): ");
    assert_eq!(overdue.matches("(thời hạn: 31 tháng 3 năm 2023)").count(), 10, "{overdue}");
    let more = "; … và 140 nhiệm vụ khác (chi tiết tại Phụ lục III và bảng tính tong-hop.xlsx).";
    assert!(overdue.ends_with(more), "{overdue}");
    assert!(overdue.starts_with(
        "- Sở Y tế (150 nhiệm vụ): Rà soát hồ sơ, thủ tục lĩnh vực cải cách thủ tục hành chính số 1 của đơn vị trực \
         thuộc (thời hạn: 31 tháng 3 năm 2023); Công khai hồ sơ"
    ));
    let stp = paragraph(&run.docx, "- Sở Tư pháp (2 nhiệm vụ): ");
    assert_eq!(stp, "- Sở Tư pháp (2 nhiệm vụ): Rà soát văn bản QPPL (thời hạn: 30 tháng 4 năm 2023); Công bố TTHC (thời hạn: 31 tháng 3 năm 2023).");

    // IV: next month's tasks, II.3: notable results, III: difficulties and proposals.
    let due_next: Vec<&String> = run
        .docx
        .iter()
        .filter(|p| p.starts_with("- Sở Y tế: ") && p.contains("(thời hạn: 10 tháng 6 năm 2023)"))
        .collect();
    assert_eq!(due_next.len(), 1);
    let due_next = due_next[0];
    assert_eq!(due_next.matches("(thời hạn: 10 tháng 6 năm 2023)").count(), 10, "{due_next}");
    assert!(due_next.ends_with("; … và 140 nhiệm vụ khác (chi tiết tại bảng tính tong-hop.xlsx)."), "{due_next}");
    let lines = [
        "- … và 140 kết quả khác (chi tiết tại bảng tính tong-hop.xlsx).",
        "- … và 115 khó khăn, vướng mắc khác (chi tiết tại bảng tính tong-hop.xlsx).",
        "- … và 81 đề xuất, kiến nghị khác (chi tiết tại bảng tính tong-hop.xlsx).",
        "… và 130 nhiệm vụ khác (bảng trên nêu tối đa 20 nhiệm vụ của mỗi cơ quan, đơn vị và 200 nhiệm vụ tất cả; \
         chi tiết tại bảng tính tong-hop.xlsx, trang «Nhiệm vụ»).",
    ];
    for line in lines {
        assert_eq!(run.docx.iter().filter(|p| p.as_str() == line).count(), 1, "DOCX lacks {line:?}");
    }
    assert_eq!(run.docx.iter().filter(|p| p.starts_with("- Sở Y tế: ") && p.contains(" — Đã hoàn thành ")).count(), 10);
    assert_eq!(run.docx.iter().filter(|p| p.starts_with("- Thiếu nhân lực xử lý hồ sơ đợt")).count(), 5);
    assert_eq!(run.docx.iter().filter(|p| p.starts_with("- Đề nghị bổ sung kinh phí đợt")).count(), 5);

    // The PDF says the same words.
    for line in lines
        .iter()
        .copied()
        .chain([more, "- Sở Tư pháp (2 nhiệm vụ): Rà soát văn bản QPPL (thời hạn: 30 tháng 4 năm 2023)"])
    {
        assert!(run.pdf.contains(line), "PDF lacks {line:?}");
    }
    assert_eq!(run.pdf.matches("(thời hạn: 31 tháng 3 năm 2023)").count(), 11);

    // Annex III: 2 + 20 rows, numbered 1–22, then the note.
    let annex = run.pdf.split("DANH MỤC NHIỆM VỤ QUÁ HẠN CHƯA HOÀN THÀNH").nth(1).expect("annex III");
    assert_eq!(annex.matches("31/03/2023").count(), 21, "{annex}");
    assert_eq!(annex.matches("30/04/2023").count(), 1);
}

/// The committed samples and a generated month at real size are not cut: their reports
/// are the very documents made without any bound, but for the notable results, which were
/// always the first ten (now followed by how many more there are).
#[test]
fn normal_months_are_not_cut() {
    use baocao::bounds::{Bound, Limits};
    use baocao::document::template::render_named;
    use baocao::reports::{month_context, DocOptions};
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let templates = root.join("templates");
    let generated = tempfile::tempdir().unwrap();
    let period = "2023-05".parse().unwrap();
    crate::common::month::generate_month_for(generated.path(), period, 11, 29);
    let bounded = Config::default_config();
    let mut unbounded = bounded.clone();
    let all = Bound { per_agency: usize::MAX, total: usize::MAX };
    unbounded.limits = Limits {
        overdue: all,
        due_next: all,
        notable_results: bounded.limits.notable_results,
        difficulties: all,
        proposals: all,
        overdue_annex: all,
        workbook_tasks_warning: usize::MAX,
    };
    for inputs in [root.join("inputs"), generated.path().to_path_buf()] {
        let model = consolidate(read_month(&inputs, &bounded, &|_, _, _| {}).unwrap(), &bounded, period);
        assert!(model.tasks.len() > 20, "{}", inputs.display());
        assert!(!model.problems.iter().any(|p| p.message.contains("nhiều bất thường")));
        let cut = month_context(&model, &bounded, &DocOptions::default());
        let whole = month_context(&model, &unbounded, &DocOptions::default());
        assert!(!whole.overdue_by_agency.is_empty() && !whole.notable_results.is_empty(), "{}", inputs.display());
        let notable = model.tasks.iter().filter(|t| {
            t.status.is_completed()
                && t.completed_on.is_some_and(|d| d >= model.period_start && d <= model.period_end)
                && t.result.as_deref().is_some_and(|r| !r.trim().is_empty())
        });
        assert_eq!(cut.notable_results.len() + cut.notable_results_more, notable.clone().count());
        let first: Vec<&str> = notable.take(10).map(|t| t.task.as_str()).collect();
        assert_eq!(cut.notable_results.iter().map(|r| r.task.as_str()).collect::<Vec<_>>(), first);
        // As the month job hands them to its templates: a draft, no number yet.
        let draft = |c| {
            let mut v = serde_json::to_value(c).unwrap();
            v["number"] = serde_json::Value::Null;
            v
        };
        let (cut, whole) = (draft(&cut), draft(&whole));
        for stem in ["bao-cao-tong-hop", "cong-van-don-doc"] {
            let a = render_named(stem, &templates, None, &cut).unwrap();
            let b = render_named(stem, &templates, None, &whole).unwrap();
            assert_eq!(a, b, "{stem} of {} is cut", inputs.display());
        }
    }
}
