//! The acceptance test of the document issue, end to end: `examples/chi-dao-papi-2023.yaml`
//! through the real `render` path (the library call and the binary) against the seed
//! directive (`tests/fixtures/directive-2023.md`): every line of text in both the PDF and
//! the DOCX, in order; the seed's bold, italic and subscript; Decree 30 measurements
//! (page, margins, fonts, sizes, indents, rules, page numbers); the blank number and date
//! the seed leaves for signing, and `--date` filling them; identical bytes twice; hostile
//! data printed literally.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::OnceLock;

use crate::common::docx::{
    docx_default_run, docx_paragraphs, docx_paragraphs_in, docx_sections, docx_tables, docx_xml, ParaInfo, RunInfo,
};
use crate::common::pdf::{self, normalize_ws, Pdf, Span, PT_PER_MM};
use baocao::cli::render_cmd::{render_file, RenderArgs};
use chrono::NaiveDate;
use lopdf::content::Content;
use lopdf::Object;

const EXAMPLE: &str = "examples/chi-dao-papi-2023.yaml";
const STEM: &str = "chi-dao-papi-2023";
const A4_W: f64 = 595.276;
const A4_H: f64 = 841.89;
const LIBERATION: [&str; 4] =
    ["LiberationSerif", "LiberationSerif-Bold", "LiberationSerif-BoldItalic", "LiberationSerif-Italic"];
const TNR: &str = "Times New Roman";

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn mm(x: f64) -> f64 {
    x * PT_PER_MM
}

fn twips(mm: f64) -> i64 {
    (mm / 25.4 * 1440.0).round() as i64
}

struct Output {
    pdf: Vec<u8>,
    docx: Vec<u8>,
}

/// `render_file` on a data file into `out`, as `baocao render FILE --output OUT` does.
fn render_lib(file: &Path, date: Option<NaiveDate>, out: &Path) -> Output {
    let args = RenderArgs {
        file: file.to_path_buf(),
        output: out.to_path_buf(),
        date,
        font_dir: None,
        templates: root().join("templates"),
    };
    let written = render_file(&args).unwrap_or_else(|e| panic!("render {}: {e:#}", file.display()));
    assert_eq!(written.pdf, out.join(format!("{}.pdf", file.file_stem().unwrap().to_str().unwrap())));
    Output {
        pdf: std::fs::read(&written.pdf).expect("PDF written"),
        docx: std::fs::read(&written.docx).expect("DOCX written"),
    }
}

/// The binary: `baocao render examples/chi-dao-papi-2023.yaml --output OUT [--date D]`.
fn render_bin(out: &Path, date: Option<&str>) -> Output {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_baocao"));
    cmd.current_dir(root()).arg("render").arg(EXAMPLE).arg("--output").arg(out);
    if let Some(d) = date {
        cmd.arg("--date").arg(d);
    }
    let run = cmd.output().expect("the binary runs");
    let stdout = String::from_utf8_lossy(&run.stdout);
    assert!(run.status.success(), "baocao render failed: {stdout}\n{}", String::from_utf8_lossy(&run.stderr));
    assert!(stdout.contains(&format!("Đã ghi {}", out.join(format!("{STEM}.pdf")).display())), "{stdout}");
    Output {
        pdf: std::fs::read(out.join(format!("{STEM}.pdf"))).expect("PDF written"),
        docx: std::fs::read(out.join(format!("{STEM}.docx"))).expect("DOCX written"),
    }
}

/// The example rendered once (no `--date`) and read back, shared by the tests.
struct Seed {
    out: Output,
    pdf: Pdf,
    docx: Vec<ParaInfo>,
}

fn seed() -> &'static Seed {
    static SEED: OnceLock<Seed> = OnceLock::new();
    SEED.get_or_init(|| {
        let dir = tempfile::tempdir().expect("temp dir");
        let out = render_lib(&root().join(EXAMPLE), None, dir.path());
        let pdf = pdf::read(&out.pdf);
        let docx = docx_paragraphs(&out.docx);
        Seed { out, pdf, docx }
    })
}

// ------------------------------------------------------------------------- the seed's text

/// The seed's non-empty lines with the Markdown markers taken out: `***`, `**`, `*`,
/// `<sub>…</sub>` (its text kept), a leading `- `, the trailing two-space line breaks.
fn seed_lines() -> Vec<String> {
    let text = std::fs::read_to_string(root().join("tests/fixtures/directive-2023.md")).expect("seed fixture");
    text.lines()
        .map(|l| {
            let l = l.replace("<sub>", "").replace("</sub>", "").replace('*', "");
            let l = l.trim_end();
            normalize_ws(l.strip_prefix("- ").unwrap_or(l))
        })
        .filter(|l| !l.is_empty())
        .collect()
}

/// Whitespace normalized, a list's leading `- ` dropped (as [`seed_lines`] does).
fn bare(s: &str) -> String {
    let s = normalize_ws(s);
    s.strip_prefix("- ").map(str::to_string).unwrap_or(s)
}

/// A page's spans without the page number (the one span in the top margin from page 2).
fn content_spans(page: &pdf::Page) -> Vec<Span> {
    let top = page.height - mm(20.0);
    page.spans.iter().filter(|s| s.y < top).cloned().collect()
}

/// The PDF's text without page numbers, whitespace normalized, pages joined.
fn pdf_body_text(pdf: &Pdf) -> String {
    let pages: Vec<String> = pdf.pages.iter().map(|p| pdf::text_lines(&content_spans(p)).join("\n")).collect();
    normalize_ws(&pages.join("\n"))
}

#[test]
fn seed_fixture_is_the_shared_seed() {
    // The committed copy is the seed itself (when the shared folder is there to compare).
    let shared = root().join("../shared/seed/directive-2023.md");
    if let Ok(original) = std::fs::read_to_string(&shared) {
        let copy = std::fs::read_to_string(root().join("tests/fixtures/directive-2023.md")).unwrap();
        assert_eq!(copy, original, "tests/fixtures/directive-2023.md differs from the seed");
    }
    let lines = seed_lines();
    assert_eq!(lines.len(), 29, "{lines:#?}");
    assert_eq!(lines[0], "ỦY BAN NHÂN DÂN");
    assert_eq!(lines[5], "V/v triển khai thực hiện Kế");
    assert_eq!(lines[26], "Lưu: VT, KSTT2.");
    assert_eq!(lines[28], "Trịnh Xuân Trường");
}

#[test]
fn pdf_has_every_seed_line_and_the_body_in_order() {
    let s = seed();
    let text = pdf_body_text(&s.pdf);
    let lines = seed_lines();
    for line in &lines {
        assert!(text.contains(line.as_str()), "seed line {line:?} missing from the PDF text:\n{text}");
    }
    // The body, `Để triển khai…` to `Căn cứ ý kiến chỉ đạo…`, in the seed's order.
    let start = lines.iter().position(|l| l.starts_with("Để triển khai")).expect("body start");
    let end = lines.iter().position(|l| l.starts_with("Căn cứ ý kiến chỉ đạo")).expect("body end");
    let mut at = 0;
    for line in &lines[start..=end] {
        let found = text[at..].find(line.as_str()).unwrap_or_else(|| panic!("{line:?} out of order in the PDF"));
        at += found + line.len();
    }
    // Nothing the seed does not have: every PDF line is part of some seed line (the
    // two-column header and signature block put two seed lines on one PDF line).
    let all = lines.join("\n");
    for page in &s.pdf.pages {
        for l in pdf::text_lines(&content_spans(page)) {
            let l = normalize_ws(&l);
            let l = bare(&l);
            let pieces_known = l.split(' ').all(|w| all.contains(w));
            assert!(pieces_known, "PDF line {l:?} has words the seed does not");
        }
    }
}

#[test]
fn docx_has_every_seed_line_as_a_paragraph_in_the_seed_order() {
    let s = seed();
    let paras: Vec<String> = s.docx.iter().map(|p| bare(&p.text)).collect();
    // The DOCX keeps the seed's reading order everywhere: header table row by row (left
    // cell, right cell), `Kính gửi:`, body, then `Nơi nhận:` | signature.
    let mut next = 0;
    for line in seed_lines() {
        let found = paras[next..]
            .iter()
            .position(|p| *p == line)
            .unwrap_or_else(|| panic!("seed line {line:?} is not a DOCX paragraph after #{next}: {paras:#?}"));
        next += found + 1;
    }
    // And nothing else: every non-empty paragraph is a seed line.
    let lines = seed_lines();
    for p in paras.iter().filter(|p| !p.is_empty()) {
        assert!(lines.contains(p), "DOCX paragraph {p:?} is not in the seed");
    }
}

// ------------------------------------------------------------------------------- styles

/// The runs showing `phrase` in the first paragraph that has it, and the runs of the
/// characters right before and after it (if any).
fn docx_runs<'a>(paras: &'a [ParaInfo], phrase: &str) -> (Vec<&'a RunInfo>, Option<&'a RunInfo>, Option<&'a RunInfo>) {
    for p in paras {
        let owner: Vec<usize> = p.runs.iter().enumerate().flat_map(|(i, r)| r.text.chars().map(move |_| i)).collect();
        let text: String = p.runs.iter().map(|r| r.text.as_str()).collect();
        let Some(byte) = text.find(phrase) else { continue };
        let start = text[..byte].chars().count();
        let len = phrase.chars().count();
        let mut ids: Vec<usize> = owner[start..start + len].to_vec();
        ids.dedup();
        let before = start.checked_sub(2).map(|i| &p.runs[owner[i]]);
        let after = owner.get(start + len + 1).map(|i| &p.runs[*i]);
        return (ids.into_iter().map(|i| &p.runs[i]).collect(), before, after);
    }
    panic!("no DOCX paragraph shows {phrase:?}");
}

fn assert_docx_style(paras: &[ParaInfo], phrase: &str, bold: bool, italic: bool, size: i64) {
    let (runs, before, after) = docx_runs(paras, phrase);
    for r in &runs {
        assert_eq!((r.bold, r.italic, r.size), (bold, italic, Some(size)), "{phrase:?}: run {r:?}");
        assert_eq!(r.vert_align, None, "{phrase:?}: run {r:?}");
    }
    // A styled phrase stands in plain text: the style stops at its ends.
    if bold || italic {
        for r in [before, after].into_iter().flatten() {
            assert!(!r.bold && !r.italic, "{phrase:?}: the style spills into {r:?}");
        }
    }
}

#[test]
fn docx_styles_where_the_seed_has_them() {
    let p = &seed().docx;
    assert_docx_style(p, "trước ngày 20 hàng tháng", true, false, 28);
    assert_docx_style(p, "trước ngày 25 hàng tháng", true, true, 28);
    for n in ["164", "165", "166"] {
        assert_docx_style(p, &format!("Kế hoạch số {n}/KH-UBND ngày 22/3/2023 của UBND tỉnh Lào Cai"), false, true, 28);
    }
    assert_docx_style(
        p,
        "1. Thủ trưởng các sở, ban, ngành; Chủ tịch UBND các huyện, thị xã, thành phố:",
        true,
        false,
        28,
    );
    assert_docx_style(p, "2. Giao Sở Nội vụ:", true, false, 28);
    assert_docx_style(p, "Nơi nhận:", true, true, 24);
    assert_docx_style(p, "CHỦ TỊCH", true, false, 28);
    assert_docx_style(p, "Trịnh Xuân Trường", true, false, 28);
    // The plain text next to the styled phrases is plain.
    for plain in ["Định kỳ", "có báo cáo, đánh giá", "báo cáo UBND tỉnh", "(PAR INDEX) năm 2023 (", "Để triển khai"]
    {
        assert_docx_style(p, plain, false, false, 28);
    }
    for line in ["- TT. UBND tỉnh;", "- Như trên;", "- Lãnh đạo Văn phòng;"] {
        assert_docx_style(p, line, false, false, 22);
    }

    // `KSTT₂`: the copies number a subscript run right after `KSTT`.
    let lưu = p.iter().find(|x| x.text == "- Lưu: VT, KSTT2.").expect("Lưu line");
    let two = lưu.runs.iter().position(|r| r.text == "2").expect("a run of its own for the 2");
    assert_eq!(lưu.runs[two].vert_align.as_deref(), Some("subscript"));
    assert_eq!(lưu.runs[two].size, Some(22));
    assert!(lưu.runs[two - 1].text.ends_with("KSTT") && lưu.runs[two - 1].vert_align.is_none());
    assert_eq!(lưu.runs.iter().filter(|r| r.vert_align.is_some()).count(), 1);
}

/// Font and size of every span showing `text` in the PDF.
fn assert_pdf_style(pdf: &Pdf, text: &str, font: &str, size: f64) {
    let spans = pdf.spans_showing(text);
    assert!(!spans.is_empty(), "{text:?} not in the PDF");
    for s in spans {
        assert_eq!(s.font, font, "{text:?}: {s:?}");
        assert!((s.size - size).abs() < 0.05, "{text:?}: size {} not {size}", s.size);
    }
}

#[test]
fn pdf_styles_where_the_seed_has_them() {
    let pdf = &seed().pdf;
    assert_pdf_style(pdf, "trước ngày 20 hàng tháng", "LiberationSerif-Bold", 14.0);
    assert_pdf_style(pdf, "trước ngày 25 hàng tháng", "LiberationSerif-BoldItalic", 14.0);
    for n in ["164", "165", "166"] {
        let k = format!("Kế hoạch số {n}/KH-UBND ngày 22/3/2023 của UBND tỉnh Lào Cai");
        assert_pdf_style(pdf, &k, "LiberationSerif-Italic", 14.0);
    }
    let heading = "1. Thủ trưởng các sở, ban, ngành; Chủ tịch UBND các huyện, thị xã, thành phố:";
    assert_pdf_style(pdf, heading, "LiberationSerif-Bold", 14.0);
    assert_pdf_style(pdf, "2. Giao Sở Nội vụ:", "LiberationSerif-Bold", 14.0);
    assert_pdf_style(pdf, "Nơi nhận:", "LiberationSerif-BoldItalic", 12.0);
    for line in ["- TT. UBND tỉnh;", "- Như trên;", "- Lãnh đạo Văn phòng;", "- Lưu: VT, KSTT"] {
        assert_pdf_style(pdf, line, "LiberationSerif", 11.0);
    }
    assert_pdf_style(pdf, "CHỦ TỊCH", "LiberationSerif-Bold", 14.0);
    assert_pdf_style(pdf, "Trịnh Xuân Trường", "LiberationSerif-Bold", 14.0);
    for plain in ["Định kỳ", "có báo cáo, đánh giá", "báo cáo UBND tỉnh", "(PAR INDEX) năm 2023 (", "Để triển khai"]
    {
        assert_pdf_style(pdf, plain, "LiberationSerif", 14.0);
    }

    // The subscript 2: right after `KSTT`, smaller and lower.
    let kstt = pdf.spans_showing("- Lưu: VT, KSTT");
    let kstt = kstt.last().expect("KSTT");
    let two = pdf
        .pages
        .iter()
        .flat_map(|p| &p.spans)
        .find(|s| s.text == "2" && (s.y - kstt.y).abs() < 6.0 && s.x > kstt.x)
        .expect("the subscript 2");
    assert!(two.size < kstt.size - 1.0, "subscript size {} vs {}", two.size, kstt.size);
    assert!(two.y < kstt.y - 0.5, "subscript baseline {} vs {}", two.y, kstt.y);
    assert!((two.x - kstt.end_x).abs() < 1.0, "2 follows KSTT: {two:?} {kstt:?}");
    assert_eq!(two.font, "LiberationSerif");
}

// ------------------------------------------------------------------- Decree 30, the PDF

fn extent(spans: &[&Span]) -> (f64, f64) {
    let x0 = spans.iter().map(|s| s.x).fold(f64::MAX, f64::min);
    let x1 = spans.iter().map(|s| s.end_x).fold(f64::MIN, f64::max);
    (x0, x1)
}

/// A straight horizontal stroke of a page, in PDF user space (points, origin bottom left).
#[derive(Debug, Clone, Copy)]
struct Rule {
    x0: f64,
    x1: f64,
    y: f64,
    width: f64,
}

type Matrix = [f64; 6];

fn mul(a: &Matrix, b: &Matrix) -> Matrix {
    [
        a[0] * b[0] + a[1] * b[2],
        a[0] * b[1] + a[1] * b[3],
        a[2] * b[0] + a[3] * b[2],
        a[2] * b[1] + a[3] * b[3],
        a[4] * b[0] + a[5] * b[2] + b[4],
        a[4] * b[1] + a[5] * b[3] + b[5],
    ]
}

fn num(o: &Object) -> f64 {
    match o {
        Object::Integer(i) => *i as f64,
        Object::Real(r) => f64::from(*r),
        _ => f64::NAN,
    }
}

fn apply(m: &Matrix, x: f64, y: f64) -> (f64, f64) {
    (x * m[0] + y * m[2] + m[4], x * m[1] + y * m[3] + m[5])
}

/// The horizontal lines a page draws: stroked segments (`m`/`l` … `S`) and thin filled
/// rectangles (`re` … `f`), with the graphics state (`q`/`Q`/`cm`/`w`) followed.
fn horizontal_rules(pdf: &Pdf, page: usize) -> Vec<Rule> {
    let pages = pdf.doc.get_pages();
    let id = *pages.get(&(page as u32 + 1)).expect("page");
    let content = Content::decode(&pdf.doc.get_page_content(id).expect("content")).expect("content decodes");
    let mut ctm: Matrix = [1.0, 0.0, 0.0, 1.0, 0.0, 0.0];
    let mut width = 1.0;
    let mut stack = Vec::new();
    let mut path: Vec<((f64, f64), (f64, f64))> = Vec::new();
    let mut rects: Vec<[(f64, f64); 2]> = Vec::new();
    let mut current = (0.0, 0.0);
    let mut out = Vec::new();
    for op in &content.operations {
        let o: Vec<f64> = op.operands.iter().map(num).collect();
        let scale = (ctm[0] * ctm[3] - ctm[1] * ctm[2]).abs().sqrt();
        match op.operator.as_str() {
            "q" => stack.push((ctm, width)),
            "Q" => (ctm, width) = stack.pop().unwrap_or((ctm, width)),
            "cm" if o.len() == 6 => ctm = mul(&[o[0], o[1], o[2], o[3], o[4], o[5]], &ctm),
            "w" if o.len() == 1 => width = o[0],
            "m" if o.len() == 2 => current = apply(&ctm, o[0], o[1]),
            "l" if o.len() == 2 => {
                let p = apply(&ctm, o[0], o[1]);
                path.push((current, p));
                current = p;
            }
            "re" if o.len() == 4 => {
                rects.push([apply(&ctm, o[0], o[1]), apply(&ctm, o[0] + o[2], o[1] + o[3])]);
            }
            "S" | "s" | "B" | "B*" | "b" | "b*" => {
                for (a, b) in path.drain(..) {
                    if (a.1 - b.1).abs() < 0.01 && (a.0 - b.0).abs() > 1.0 {
                        out.push(Rule { x0: a.0.min(b.0), x1: a.0.max(b.0), y: a.1, width: width * scale });
                    }
                }
                rects.clear();
            }
            "f" | "F" | "f*" => {
                for [a, b] in rects.drain(..) {
                    let h = (a.1 - b.1).abs();
                    if h < 3.0 && (a.0 - b.0).abs() > 1.0 {
                        out.push(Rule { x0: a.0.min(b.0), x1: a.0.max(b.0), y: (a.1 + b.1) / 2.0, width: h });
                    }
                }
                path.clear();
            }
            "n" => {
                path.clear();
                rects.clear();
            }
            _ => {}
        }
    }
    out
}

#[test]
fn pdf_page_margins_and_fonts_follow_decree_30() {
    let pdf = &seed().pdf;
    let pages = pdf.page_count();
    assert!((1..=2).contains(&pages), "the seed runs to {pages} pages");
    for (i, page) in pdf.pages.iter().enumerate() {
        assert!((page.width - A4_W).abs() < 0.5 && (page.height - A4_H).abs() < 0.5, "page {}: A4", i + 1);
        assert_eq!(page.rotate, 0);
        let spans = content_spans(page);
        let refs: Vec<&Span> = spans.iter().collect();
        let (left, right) = extent(&refs);
        let top = spans.iter().map(|s| page.height - (s.y + 0.891 * s.size)).fold(f64::MAX, f64::min);
        let bottom = spans.iter().map(|s| s.y - 0.216 * s.size).fold(f64::MAX, f64::min);
        assert!(
            left >= mm(30.0) - 0.5 && left <= mm(35.0),
            "page {}: left text edge {:.1} mm",
            i + 1,
            left / PT_PER_MM
        );
        assert!(right <= A4_W - mm(15.0) + 0.5, "page {}: right text edge {:.1} mm", i + 1, right / PT_PER_MM);
        assert!(top >= mm(20.0) - 0.5, "page {}: top {:.1} mm", i + 1, top / PT_PER_MM);
        assert!(bottom >= mm(20.0) - 0.5, "page {}: bottom {:.1} mm", i + 1, bottom / PT_PER_MM);
    }
    // Justified lines run to the right margin: it is 15–20 mm, not more.
    let page1: Vec<Span> = content_spans(&pdf.pages[0]);
    let (left, right) = extent(&page1.iter().collect::<Vec<_>>());
    assert!((left - mm(30.0)).abs() < 0.5, "left margin {:.2} mm", left / PT_PER_MM);
    assert!(right >= A4_W - mm(20.0), "right margin {:.2} mm", (A4_W - right) / PT_PER_MM);

    // Fonts: Liberation Serif, all four faces, embedded; nothing else shows text.
    let expected: std::collections::BTreeSet<String> = LIBERATION.iter().map(|s| s.to_string()).collect();
    assert_eq!(pdf.fonts_used(), expected);
    assert_eq!(pdf.embedded_fonts(), expected);

    // Page numbers: from page 2, centred in the top margin, 13–14 pt; none on page 1.
    let in_top_margin =
        |p: &pdf::Page| -> Vec<Span> { p.spans.iter().filter(|s| s.y >= p.height - mm(20.0)).cloned().collect() };
    assert!(in_top_margin(&pdf.pages[0]).is_empty(), "page 1 carries no number");
    for (i, page) in pdf.pages.iter().enumerate().skip(1) {
        let numbers = in_top_margin(page);
        assert_eq!(numbers.len(), 1, "page {}: {numbers:?}", i + 1);
        let n = &numbers[0];
        assert_eq!(n.text, (i + 1).to_string());
        assert!((13.0..=14.0).contains(&n.size), "page number size {}", n.size);
        assert_eq!(n.font, "LiberationSerif");
        let centre = (mm(30.0) + A4_W - mm(15.0)) / 2.0;
        assert!(((n.x + n.end_x) / 2.0 - centre).abs() < 1.0, "page number centred: {n:?}");
        assert!(page.height - n.y > mm(5.0), "page number inside the page: {n:?}");
    }
}

#[test]
fn pdf_sizes_weights_and_indents_follow_decree_30() {
    let pdf = &seed().pdf;
    assert_pdf_style(pdf, "ỦY BAN NHÂN DÂN", "LiberationSerif-Bold", 13.0);
    assert_pdf_style(pdf, "TỈNH LÀO CAI", "LiberationSerif-Bold", 13.0);
    assert_pdf_style(pdf, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "LiberationSerif-Bold", 13.0);
    assert_pdf_style(pdf, "Độc lập - Tự do - Hạnh phúc", "LiberationSerif-Bold", 14.0);
    assert_pdf_style(pdf, "Số: /UBND-KSTT", "LiberationSerif", 13.0);
    for v in ["V/v triển khai thực hiện Kế", "hoạch cải thiện Chỉ số PAPI,", "SIPAS, PAR INDEX"] {
        assert_pdf_style(pdf, v, "LiberationSerif", 12.0);
    }
    assert_pdf_style(pdf, "Lào Cai, ngày tháng năm 2023", "LiberationSerif-Italic", 14.0);
    assert_pdf_style(pdf, "Kính gửi:", "LiberationSerif", 14.0);
    assert_pdf_style(pdf, "- Các sở, ban, ngành tỉnh;", "LiberationSerif", 14.0);
    assert_pdf_style(
        pdf,
        "Căn cứ ý kiến chỉ đạo trên, các cơ quan, đơn vị triển khai thực hiện./.",
        "LiberationSerif",
        14.0,
    );

    // Body paragraphs start 10–13 mm in from the left margin; their other lines at it.
    for start in
        ["Để triển khai", "1. Thủ trưởng", "- Trực tiếp chỉ đạo", "- Căn cứ chức năng", "2. Giao Sở", "Căn cứ ý kiến"]
    {
        let first = pdf.spans_showing(start);
        let x = first.first().unwrap_or_else(|| panic!("{start:?} not found")).x;
        let indent = (x - mm(30.0)) / PT_PER_MM;
        assert!((10.0..=13.0).contains(&indent), "{start:?}: first-line indent {indent:.2} mm");
    }
    let body_lines_at_margin =
        pdf.pages[0].spans.iter().filter(|s| (s.size - 14.0).abs() < 0.05 && (s.x - mm(30.0)).abs() < 0.5).count();
    assert!(body_lines_at_margin >= 10, "justified body lines start at the margin: {body_lines_at_margin}");

    // Header layout: authority | nation on one level; number level with the place-date;
    // the number and V/v under the authority (left column), the place-date under the motto.
    let col = |text: &str| {
        let spans = pdf.spans_showing(text);
        let (x0, x1) = extent(&spans);
        ((x0 + x1) / 2.0, spans[0].y)
    };
    let (auth_mid, auth_y) = col("ỦY BAN NHÂN DÂN");
    let (nation_mid, nation_y) = col("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM");
    let (motto_mid, _) = col("Độc lập - Tự do - Hạnh phúc");
    let (number_mid, number_y) = col("Số: /UBND-KSTT");
    let (vv_mid, vv_y) = col("V/v triển khai thực hiện Kế");
    let (date_mid, date_y) = col("Lào Cai, ngày tháng năm 2023");
    assert!((auth_y - nation_y).abs() < 1.0);
    assert!((number_y - date_y).abs() < 2.0, "number {number_y} vs place-date {date_y}");
    assert!(vv_y < number_y - 13.0, "V/v under the number");
    for (what, mid) in [("TỈNH LÀO CAI", col("TỈNH LÀO CAI").0), ("Số", number_mid), ("V/v", vv_mid)] {
        assert!((mid - auth_mid).abs() < 1.5, "{what} centred under the authority: {mid} vs {auth_mid}");
    }
    for (what, mid) in [("motto", motto_mid), ("place-date", date_mid)] {
        assert!((mid - nation_mid).abs() < 1.5, "{what} centred under the nation: {mid} vs {nation_mid}");
    }
    assert!(auth_mid < nation_mid);

    // Signature block: position and name centred on one axis in the right half, room
    // for signature and seal between them; `Nơi nhận:` at the left margin, level with it.
    let (pos_mid, pos_y) = col("CHỦ TỊCH");
    let (name_mid, name_y) = col("Trịnh Xuân Trường");
    let label = pdf.spans_showing("Nơi nhận:")[0].clone();
    assert!((pos_mid - name_mid).abs() < 1.5 && (pos_mid - nation_mid).abs() < 1.5, "{pos_mid} {nation_mid}");
    assert!((pos_y - name_y) / PT_PER_MM >= 20.0, "room to sign: {:.1} mm", (pos_y - name_y) / PT_PER_MM);
    assert!((label.x - mm(30.0)).abs() < 0.5 && (label.y - pos_y).abs() < 4.0, "Nơi nhận: {label:?} vs {pos_y}");
}

#[test]
fn pdf_header_rules_follow_decree_30() {
    let pdf = &seed().pdf;
    let rules = horizontal_rules(pdf, 0);
    assert_eq!(rules.len(), 2, "two rules on page 1 (authority, motto): {rules:?}");
    for p in 1..pdf.page_count() {
        assert!(horizontal_rules(pdf, p).is_empty(), "no rule on page {}", p + 1);
    }
    let (auth, motto) = if rules[0].x0 < rules[1].x0 { (rules[0], rules[1]) } else { (rules[1], rules[0]) };

    let under = |rule: Rule, text: &str, lo: f64, hi: f64| {
        let spans = pdf.spans_showing(text);
        let (x0, x1) = extent(&spans);
        let ratio = (rule.x1 - rule.x0) / (x1 - x0);
        assert!((lo..=hi).contains(&ratio), "{text:?}: rule {ratio:.3} of the text width");
        let off = (rule.x0 + rule.x1) / 2.0 - (x0 + x1) / 2.0;
        assert!(off.abs() < 1.0, "{text:?}: rule off centre by {off:.2} pt");
        let below = spans[0].y - rule.y;
        assert!(below > 0.2 * spans[0].size && below < 0.8 * spans[0].size, "{text:?}: rule {below:.2} pt below");
        assert!((0.3..=1.2).contains(&rule.width), "{text:?}: rule {} pt thick", rule.width);
    };
    under(auth, "TỈNH LÀO CAI", 1.0 / 3.0, 0.5);
    under(motto, "Độc lập - Tự do - Hạnh phúc", 0.95, 1.05);
    // Both above the number / place-date line.
    let number = pdf.spans_showing("Số:")[0].y;
    assert!(auth.y > number + 10.0 && motto.y > number + 10.0);
}

// ------------------------------------------------------------------ Decree 30, the DOCX

fn para<'a>(paras: &'a [ParaInfo], text: &str) -> &'a ParaInfo {
    paras.iter().find(|p| normalize_ws(&p.text) == text).unwrap_or_else(|| panic!("no DOCX paragraph {text:?}"))
}

fn assert_runs(p: &ParaInfo, size: i64, bold: bool, italic: bool) {
    assert!(!p.runs.is_empty(), "{:?} has no runs", p.text);
    for r in &p.runs {
        assert_eq!((r.size, r.bold, r.italic), (Some(size), bold, italic), "{:?}: {r:?}", p.text);
        assert!(r.font.as_deref().is_none_or(|f| f == TNR), "{:?}: font {:?}", p.text, r.font);
    }
}

#[test]
fn docx_page_fonts_and_sizes_follow_decree_30() {
    let s = seed();
    let bytes = &s.out.docx;
    let sections = docx_sections(bytes);
    assert_eq!(sections.len(), 1);
    let sec = &sections[0];
    assert_eq!((sec.width, sec.height), (11906, 16838), "A4");
    assert_eq!(sec.orient.as_deref().unwrap_or("portrait"), "portrait");
    for (what, v, lo, hi) in [
        ("top", sec.top, 20.0, 25.0),
        ("bottom", sec.bottom, 20.0, 25.0),
        ("left", sec.left, 30.0, 35.0),
        ("right", sec.right, 15.0, 20.0),
    ] {
        assert!((twips(lo)..=twips(hi)).contains(&v), "{what} margin {v} twips");
    }
    assert_eq!((sec.top, sec.bottom, sec.left, sec.right), (twips(20.0), twips(20.0), twips(30.0), twips(15.0)));

    let (fonts, size) = docx_default_run(bytes);
    assert!(fonts.iter().all(|f| f.as_deref() == Some(TNR)), "{fonts:?}");
    assert_eq!(size, Some(28));

    let p = &s.docx;
    assert_runs(para(p, "ỦY BAN NHÂN DÂN"), 26, true, false);
    assert_runs(para(p, "TỈNH LÀO CAI"), 26, true, false);
    assert_runs(para(p, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"), 26, true, false);
    assert_runs(para(p, "Độc lập - Tự do - Hạnh phúc"), 28, true, false);
    assert_runs(para(p, "Số: /UBND-KSTT"), 26, false, false);
    for v in ["V/v triển khai thực hiện Kế", "hoạch cải thiện Chỉ số PAPI,", "SIPAS, PAR INDEX"] {
        assert_runs(para(p, v), 24, false, false);
        assert_eq!(para(p, v).jc.as_deref(), Some("center"));
    }
    assert_runs(para(p, "Lào Cai, ngày tháng năm 2023"), 28, false, true);
    assert_runs(para(p, "Kính gửi:"), 28, false, false);
    assert_runs(para(p, "- Các sở, ban, ngành tỉnh;"), 28, false, false);
    assert_runs(para(p, "2. Giao Sở Nội vụ:"), 28, true, false);
    assert_runs(para(p, "Nơi nhận:"), 24, true, true);
    assert_runs(para(p, "- Như trên;"), 22, false, false);
    assert_runs(para(p, "CHỦ TỊCH"), 28, true, false);
    assert_runs(para(p, "Trịnh Xuân Trường"), 28, true, false);
    for centred in ["ỦY BAN NHÂN DÂN", "Độc lập - Tự do - Hạnh phúc", "Số: /UBND-KSTT", "CHỦ TỊCH", "Trịnh Xuân Trường"]
    {
        assert_eq!(para(p, centred).jc.as_deref(), Some("center"), "{centred}");
    }
    assert_eq!(para(p, "Nơi nhận:").jc.as_deref(), Some("left"));

    // Body: justified, first-line indent 10–13 mm, ≥ 6 pt after, 1–1.5 line spacing.
    let body: Vec<&ParaInfo> = p
        .iter()
        .skip_while(|x| !x.text.starts_with("Để triển khai"))
        .take_while(|x| !x.text.starts_with("Nơi nhận"))
        .filter(|x| !x.text.is_empty())
        .collect();
    assert_eq!(body.len(), 10, "{body:#?}");
    for b in body {
        assert_eq!(b.jc.as_deref(), Some("both"), "{:?}", b.text);
        let indent = b.first_line.unwrap_or(0);
        assert!((twips(10.0)..=twips(13.0)).contains(&indent), "{:?}: first line {indent}", b.text);
        assert!(b.after.unwrap_or(0) >= 120, "{:?}: after {:?}", b.text, b.after);
        assert!((240..=360).contains(&b.line.unwrap_or(240)), "{:?}: line {:?}", b.text, b.line);
        assert!(!b.in_table && b.runs.iter().all(|r| r.size == Some(28)));
    }
}

#[test]
fn docx_header_rules_and_page_numbers_follow_decree_30() {
    let s = seed();
    let bytes = &s.out.docx;
    // Rules: an empty paragraph with a bottom border, centred by equal indents, right
    // under the authority's last line and under the motto.
    let header = &docx_tables(bytes)[0];
    assert_eq!(header.grid.len(), 2);
    assert_eq!(header.grid.iter().sum::<i64>(), 11906 - twips(30.0) - twips(15.0), "as wide as the text");
    // The signature table has the header's columns: `Nơi nhận:` under the authority,
    // the signature under the national title.
    let tables = docx_tables(bytes);
    assert_eq!(tables.len(), 2);
    let sig = &tables[1];
    assert_eq!(sig.grid, header.grid);
    let cells = &sig.rows[0].cells;
    assert_eq!(cells[0].texts.first().map(String::as_str), Some("Nơi nhận:"));
    assert!(
        cells[1].texts.iter().any(|t| t == "CHỦ TỊCH")
            && cells[1].texts.last().map(String::as_str) == Some("Trịnh Xuân Trường")
    );
    assert!(header.borders.iter().all(|(_, v)| v == "nil" || v == "none"), "{:?}", header.borders);
    let p = &s.docx;
    let after = |text: &str| -> &ParaInfo {
        let i = p.iter().position(|x| x.text == text).unwrap_or_else(|| panic!("{text:?}"));
        &p[i + 1]
    };
    // The text widths the PDF measured (Liberation Serif has Times New Roman's metrics).
    let width_twips = |text: &str| {
        let (x0, x1) = extent(&s.pdf.spans_showing(text));
        (x1 - x0) * 20.0
    };
    for (text, col, lo, hi) in
        [("TỈNH LÀO CAI", header.grid[0], 1.0 / 3.0, 0.5), ("Độc lập - Tự do - Hạnh phúc", header.grid[1], 0.9, 1.1)]
    {
        let rule = after(text);
        assert!(rule.text.is_empty(), "{text}: {rule:?}");
        let (val, sz) = rule.bottom_border.clone().unwrap_or_else(|| panic!("{text}: no rule under it"));
        assert_eq!(val, "single");
        assert!((2..=8).contains(&sz), "{text}: rule {sz}/8 pt");
        let (l, r) = (rule.left.unwrap_or(0), rule.right.unwrap_or(0));
        assert_eq!(l, r, "{text}: rule centred");
        let ratio = (col - l - r) as f64 / width_twips(text);
        assert!((lo..=hi).contains(&ratio), "{text}: rule {ratio:.3} of the text width");
    }
    let borders = p.iter().filter(|x| x.bottom_border.is_some()).count();
    assert_eq!(borders, 2, "only the two header rules");

    // Page numbers: titlePg, an empty first-page header, a centred PAGE field otherwise.
    let sec = &docx_sections(bytes)[0];
    assert!(sec.title_pg);
    assert!(sec.header < sec.top, "the page number sits in the top margin");
    let rels = docx_xml(bytes, "word/_rels/document.xml.rels");
    let rels = roxmltree::Document::parse(&rels).expect("rels parse");
    let part = |kind: &str| {
        let rid = &sec.header_refs.iter().find(|(t, _)| t == kind).unwrap_or_else(|| panic!("no {kind} header")).1;
        let target = rels
            .descendants()
            .find(|n| n.attribute("Id") == Some(rid.as_str()))
            .and_then(|n| n.attribute("Target"))
            .expect("header relationship");
        format!("word/{target}")
    };
    let default = part("default");
    let xml = docx_xml(bytes, &default);
    assert!(xml.contains(">PAGE<") || xml.contains("> PAGE <"), "{xml}");
    let number = docx_paragraphs_in(bytes, &default);
    assert_eq!(number.len(), 1);
    assert_eq!(number[0].jc.as_deref(), Some("center"));
    assert!(number[0].runs.iter().all(|r| matches!(r.size, Some(26..=28))));
    let first = part("first");
    assert!(docx_paragraphs_in(bytes, &first).iter().all(|p| p.text.is_empty()));
    assert!(!docx_xml(bytes, &first).contains("PAGE"));
}

// -------------------------------------------------------------- blank number and date

/// `Số:` + a blank + `/UBND-KSTT`; `Lào Cai, ngày` + blank + `tháng` + blank + `năm 2023`.
/// Returns the blanks' lengths in spaces.
fn assert_blanks_in(text: &str) -> Vec<usize> {
    let blank = |s: &str| {
        assert!(s.chars().all(|c| c == ' ' || c == '\u{a0}'), "not blank: {s:?} in {text:?}");
        assert!(s.chars().count() >= 3, "blank too short to write in: {text:?}");
        s.chars().count()
    };
    if let Some(rest) = text.strip_prefix("Số:") {
        vec![blank(rest.strip_suffix("/UBND-KSTT").unwrap_or_else(|| panic!("{text:?}")))]
    } else {
        let rest = text.strip_prefix("Lào Cai, ngày").unwrap_or_else(|| panic!("{text:?}"));
        let (day, rest) = rest.split_once("tháng").unwrap_or_else(|| panic!("{text:?}"));
        let month = rest.strip_suffix("năm 2023").unwrap_or_else(|| panic!("{text:?}"));
        vec![blank(day), blank(month)]
    }
}

#[test]
fn number_and_date_are_left_blank_as_in_the_seed() {
    let s = seed();
    for text in ["Số: /UBND-KSTT", "Lào Cai, ngày tháng năm 2023"] {
        assert_blanks_in(&para(&s.docx, text).text);
    }
    // The PDF shows the same blanks (typst keeps the spaces): room to write by hand, at
    // least 5 mm each (a space is 1/4 em in Times and Liberation Serif).
    for text in ["Số: /UBND-KSTT", "Lào Cai, ngày tháng năm 2023"] {
        let spans = s.pdf.spans_showing(text);
        let shown: String = spans.iter().map(|x| x.text.as_str()).collect();
        for spaces in assert_blanks_in(shown.trim()) {
            let width = spaces as f64 * 0.25 * spans[0].size / PT_PER_MM;
            assert!(width >= 5.0, "{text:?}: a blank of {width:.1} mm");
        }
    }
    let text = pdf_body_text(&s.pdf);
    assert!(text.contains("Số: /UBND-KSTT Lào Cai, ngày tháng năm 2023"), "{text}");
    // An undated draft keeps a fixed creation date.
    assert!(s.pdf.info("CreationDate").expect("creation date").starts_with("D:20000101"));
}

#[test]
fn date_option_fills_the_place_date() {
    let dir = tempfile::tempdir().unwrap();
    for (date, line, stamp) in [
        ("2023-01-05", "Lào Cai, ngày 05 tháng 01 năm 2023", "D:20230105"),
        ("2023-03-09", "Lào Cai, ngày 09 tháng 3 năm 2023", "D:20230309"),
    ] {
        let out = render_bin(&dir.path().join(date), Some(date));
        let pdf = pdf::read(&out.pdf);
        let text = pdf_body_text(&pdf);
        assert!(text.contains(line), "{line:?} not in the PDF:\n{text}");
        assert!(!text.contains("ngày tháng"), "{text}");
        assert_pdf_style(&pdf, line, "LiberationSerif-Italic", 14.0);
        assert!(pdf.info("CreationDate").expect("creation date").starts_with(stamp));
        let paras = docx_paragraphs(&out.docx);
        let p = paras.iter().find(|p| p.text.starts_with("Lào Cai")).expect("place-date");
        assert_eq!(p.text, line);
        assert_runs(p, 28, false, true);
        // The number stays blank for the records office.
        let number = paras.iter().find(|p| p.text.starts_with("Số:")).expect("number");
        assert_blanks_in(&number.text);
    }
}

// ------------------------------------------------------------------------ reproducible

#[test]
fn rendering_twice_gives_identical_bytes() {
    let a = tempfile::tempdir().unwrap();
    let b = tempfile::tempdir().unwrap();
    let first = render_lib(&root().join(EXAMPLE), None, a.path());
    let second = render_bin(b.path(), None);
    assert!(first.pdf == second.pdf, "two renders give different PDF bytes");
    assert!(first.docx == second.docx, "two renders give different DOCX bytes");
    assert!(first.pdf == seed().out.pdf && first.docx == seed().out.docx);
    assert!(first.pdf.starts_with(b"%PDF-") && first.docx.starts_with(b"PK"));
}

// ---------------------------------------------------------------------------- hostile

#[test]
fn hostile_data_comes_out_literally() {
    let signer = "Nguyễn #Văn $A$ *B* _C_ \\ {{ signer }}";
    let subject =
        ["V/v #set page(width: 1cm)", "<b>thẻ</b> & [liên kết](http://x) \\ $x$", "*a* _b_ {{ 1 + 1 }} {% if x %}"];
    let recipients = ["Sở *Nội* vụ _tỉnh_ #1 & <i>x</i>", "UBND {{ signer }} [A] \\ $$ #set page(width: 1cm)"];
    let distribution = ["Như trên **đậm** <sub>9</sub> &amp; x", "#set text(red) [x] {{ x }} \\ _y_"];

    let text = std::fs::read_to_string(root().join(EXAMPLE)).unwrap();
    let mut data: serde_yaml::Value = serde_yaml::from_str(&text).unwrap();
    data["signer"] = signer.into();
    data["subject"] = subject.iter().map(|s| serde_yaml::Value::from(*s)).collect::<Vec<_>>().into();
    data["recipients"] = recipients.iter().map(|s| serde_yaml::Value::from(*s)).collect::<Vec<_>>().into();
    data["distribution"] = distribution.iter().map(|s| serde_yaml::Value::from(*s)).collect::<Vec<_>>().into();
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("hostile.yaml");
    std::fs::write(&file, serde_yaml::to_string(&data).unwrap()).unwrap();
    let out = render_lib(&file, None, &dir.path().join("ra"));

    let mut expected: Vec<String> = vec![signer.to_string()];
    expected.extend(subject.iter().map(|s| s.to_string()));
    expected.push(format!("- {};", recipients[0]));
    expected.push(format!("- {}.", recipients[1]));
    expected.extend(distribution.iter().map(|d| format!("- {d};")));

    let pdf = pdf::read(&out.pdf);
    let pdf_text = pdf_body_text(&pdf);
    let paras = docx_paragraphs(&out.docx);
    for want in &expected {
        let want = normalize_ws(want);
        assert!(pdf_text.contains(&want), "{want:?} not literal in the PDF:\n{pdf_text}");
        let p = paras.iter().find(|p| normalize_ws(&p.text) == want);
        let p = p.unwrap_or_else(|| panic!("{want:?} not a DOCX paragraph"));
        // No markup took effect: the runs keep the template's style.
        let styled = p.runs.iter().any(|r| r.italic || r.vert_align.is_some());
        assert!(!styled, "{want:?} got styled: {:?}", p.runs);
    }
    // The page stays A4; the signer is one bold line; the body is the seed's.
    for page in &pdf.pages {
        assert!((page.width - A4_W).abs() < 0.5 && (page.height - A4_H).abs() < 0.5);
    }
    assert_pdf_style(&pdf, signer, "LiberationSerif-Bold", 14.0);
    assert_pdf_style(&pdf, "- Sở *Nội* vụ _tỉnh_ #1", "LiberationSerif", 14.0);
    assert_pdf_style(&pdf, "- Như trên **đậm** <sub>9</sub>", "LiberationSerif", 11.0);
    assert_runs(para(&paras, &normalize_ws(signer)), 28, true, false);
    assert!(pdf_text.contains("Chủ tịch UBND tỉnh có ý kiến chỉ đạo như sau:"));
    assert!(pdf_text.contains("- Lưu: VT, KSTT2."));
}
