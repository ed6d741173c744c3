//! The PDF renderer, read back: page size and margins, fonts, sizes, PDF/A, every text
//! line of the document, hostile data printed literally, page numbers, tables across
//! pages, charts, landscape annexes, reproducible bytes.

use std::sync::OnceLock;

use crate::common::docs::{
    dash_list, deputy_director, p, para, report_header, report_meta, report_title, seed_1c, seed_2b, seed_opening,
    seed_with_body, sub, sup, to_province, SEED_1A, SEED_1B, SEED_2A, SEED_2C, SEED_CLOSING, SEED_HEADING_1,
    SEED_HEADING_2,
};
use crate::common::pdf::{self, normalize_ws, Pdf, Span, PT_PER_MM};
use baocao::document::model::{
    Align, Annex, Block, Cell, Chart, Distribution, Document, Letterhead, Recipients, Run, Series, Signature, Table,
    Title,
};
use baocao::render::pdf::fonts::FontSet;
use baocao::render::pdf::{PdfError, PdfRenderer};

const A4_W: f64 = 595.28;
const A4_H: f64 = 841.89;
const LIBERATION: [&str; 4] =
    ["LiberationSerif", "LiberationSerif-Bold", "LiberationSerif-BoldItalic", "LiberationSerif-Italic"];

fn renderer() -> &'static PdfRenderer {
    static R: OnceLock<PdfRenderer> = OnceLock::new();
    R.get_or_init(|| PdfRenderer::new(&FontSet::embedded().expect("embedded fonts")))
}

/// The seed directive (`tests/fixtures/directive-2023.md`) as a document.
fn seed() -> Document {
    seed_with_body(vec![
        para(seed_opening()),
        Block::Heading { level: 1, runs: vec![Run::plain(SEED_HEADING_1)] },
        dash_list(&[SEED_1A, SEED_1B]),
        Block::List { items: vec![seed_1c()] },
        Block::Heading { level: 1, runs: vec![Run::plain(SEED_HEADING_2)] },
        dash_list(&[SEED_2A]),
        Block::List { items: vec![seed_2b()] },
        dash_list(&[SEED_2C]),
        p(SEED_CLOSING),
    ])
}

fn agencies() -> Vec<String> {
    (1..=45).map(|i| format!("Cơ quan số {i:02} của tỉnh")).collect()
}

/// A monthly report: title, one recipient, a table over several pages, a chart and a
/// landscape annex.
fn report() -> Document {
    let header_row = vec![
        Cell { align: Align::Center, ..Cell::text("STT") },
        Cell { align: Align::Center, ..Cell::text("Tên cơ quan") },
        Cell { align: Align::Center, ..Cell::text("Tỷ lệ hoàn thành") },
    ];
    let rows: Vec<Vec<Cell>> = agencies()
        .iter()
        .enumerate()
        .map(|(i, name)| {
            vec![
                Cell { align: Align::Center, ..Cell::text(format!("{}", i + 1)) },
                Cell::text(name.clone()),
                Cell { align: Align::Right, ..Cell::text(format!("{},5%", 50 + i)) },
            ]
        })
        .collect();
    let chart = Chart {
        title: "Tỷ lệ nhiệm vụ hoàn thành theo cơ quan".into(),
        categories: vec!["Sở Nội vụ".into(), "Sở Tài chính".into(), "UBND huyện Bát Xát".into()],
        series: vec![
            Series { name: "Tháng 4".into(), values: vec![85.5, 60.0, 100.0] },
            Series { name: "Tháng 5".into(), values: vec![90.0, 72.25, 45.0] },
        ],
        max: 100.0,
        unit: "%".into(),
    };
    let mut doc = seed();
    doc.meta = report_meta("Báo cáo kết quả tháng 5 năm 2023");
    doc.header = report_header("Số: 05/BC-SNV");
    doc.title = report_title("Kết quả thực hiện Kế hoạch cải thiện Chỉ số PAPI, SIPAS, PAR INDEX tháng 5 năm 2023");
    doc.recipients = to_province();
    doc.body = vec![
        Block::Heading { level: 1, runs: vec![Run::plain("I. KẾT QUẢ THỰC HIỆN")] },
        para(vec![
            Run::plain("Nồng độ CO"),
            sub("2"),
            Run::plain(" và diện tích 100 m"),
            sup("2"),
            Run::plain(" là ví dụ chỉ số dưới và chỉ số trên."),
        ]),
        Block::Table(Table { widths: vec![1.0, 6.0, 3.0], header: vec![header_row], rows, font_size: None }),
        Block::Chart(chart),
        Block::PageBreak,
        para(vec![Run::plain("Đoạn văn sau ngắt trang.")]),
    ];
    doc.signature = deputy_director();
    doc.annexes = vec![Annex {
        title: vec!["Phụ lục I".into(), "KẾT QUẢ THỰC HIỆN THEO CƠ QUAN".into()],
        note: Some("(Kèm theo Báo cáo số 05/BC-SNV ngày 05/6/2023 của Sở Nội vụ)".into()),
        landscape: true,
        body: vec![Block::Table(Table {
            widths: vec![1.0, 5.0, 2.0, 2.0, 2.0],
            header: vec![
                vec![
                    Cell { rowspan: 2, align: Align::Center, ..Cell::text("STT") },
                    Cell { rowspan: 2, align: Align::Center, ..Cell::text("Cơ quan") },
                    Cell { colspan: 3, align: Align::Center, ..Cell::text("Số nhiệm vụ") },
                ],
                vec![Cell::text("Hoàn thành"), Cell::text("Đang thực hiện"), Cell::text("Quá hạn")],
            ],
            rows: vec![vec![
                Cell::text("1"),
                Cell::text("Sở Nội vụ"),
                Cell::text("12"),
                Cell::text("3"),
                Cell::text("0"),
            ]],
            font_size: Some(11.0),
        })],
    }];
    doc
}

#[test]
fn renderer_is_shareable_across_threads() {
    fn send_sync<T: Send + Sync>() {}
    send_sync::<PdfRenderer>();
    let docs: Vec<Document> = (0..4)
        .map(|i| {
            let mut d = seed();
            d.signature.name = format!("Người ký {i}");
            d
        })
        .collect();
    let serial: Vec<Vec<u8>> = docs.iter().map(render).collect();
    let parallel: Vec<Vec<u8>> = std::thread::scope(|s| {
        let handles: Vec<_> = docs.iter().map(|d| s.spawn(move || render(d))).collect();
        handles.into_iter().map(|h| h.join().expect("thread")).collect()
    });
    assert!(serial == parallel, "parallel renders differ from serial ones");
}

fn render(doc: &Document) -> Vec<u8> {
    renderer().render(doc).unwrap_or_else(|e| panic!("render failed: {e}"))
}

/// Spans inside the page's text area (the page number in the top margin left out).
fn body_spans(page: &pdf::Page) -> Vec<Span> {
    let top = page.height - 20.0 * PT_PER_MM;
    page.spans.iter().filter(|s| s.y < top).cloned().collect()
}

/// The document's text without page numbers, whitespace normalized.
fn body_text(pdf: &Pdf) -> String {
    let pages: Vec<String> = pdf.pages.iter().map(|p| pdf::text_lines(&body_spans(p)).join("\n")).collect();
    normalize_ws(&pages.join("\n"))
}

fn assert_all_lines_present(doc: &Document, pdf: &Pdf) {
    let text = body_text(pdf);
    for line in doc.text_lines() {
        let want = normalize_ws(&line);
        assert!(text.contains(&want), "missing line {want:?} in PDF text:\n{text}");
    }
}

fn span<'a>(pdf: &'a Pdf, starts: &str) -> &'a Span {
    pdf.pages
        .iter()
        .flat_map(|p| &p.spans)
        .find(|s| {
            let t = s.text.trim();
            // A span may stop at a line break: then it is a prefix of what is looked for.
            t.starts_with(starts) || (t.chars().count() >= 5 && starts.starts_with(t))
        })
        .unwrap_or_else(|| panic!("no span starting with {starts:?}"))
}

#[test]
fn seed_is_a4_with_every_line_of_text() {
    let bytes = render(&seed());
    let pdf = pdf::read(&bytes);
    assert!(pdf.page_count() >= 1 && pdf.page_count() <= 3, "pages: {}", pdf.page_count());
    for page in &pdf.pages {
        assert!((page.width - A4_W).abs() < 0.5 && (page.height - A4_H).abs() < 0.5, "{}x{}", page.width, page.height);
        assert_eq!(page.rotate, 0);
    }
    assert_all_lines_present(&seed(), &pdf);
    // The subscript copies number sits right after `KSTT`, lower and smaller.
    let kstt = span(&pdf, "- Lưu: VT, KSTT");
    let two = pdf
        .pages
        .iter()
        .flat_map(|p| &p.spans)
        .find(|s| s.text == "2" && (s.y - kstt.y).abs() < 6.0 && s.x > kstt.x)
        .expect("subscript 2");
    assert!(two.y < kstt.y - 0.5 && two.size < kstt.size, "subscript {two:?} vs {kstt:?}");
    assert!((two.x - kstt.end_x).abs() < 1.0, "subscript follows KSTT: {two:?} {kstt:?}");
}

#[test]
fn seed_fonts_sizes_and_weights() {
    let pdf = pdf::read(&render(&seed()));
    let expected: std::collections::BTreeSet<String> = LIBERATION.iter().map(|s| s.to_string()).collect();
    assert_eq!(pdf.fonts_used(), expected);
    assert_eq!(pdf.embedded_fonts(), expected);

    let check = |text: &str, font: &str, size: f64| {
        let spans = pdf.spans_showing(text);
        assert!(!spans.is_empty(), "{text:?} not found");
        for s in spans {
            assert_eq!(s.font, font, "{text}");
            assert!((s.size - size).abs() < 0.05, "{text}: size {}", s.size);
        }
    };
    check("ỦY BAN NHÂN DÂN", "LiberationSerif-Bold", 13.0);
    check("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "LiberationSerif-Bold", 13.0);
    check("Độc lập - Tự do - Hạnh phúc", "LiberationSerif-Bold", 14.0);
    check("Số: /UBND-KSTT", "LiberationSerif", 13.0);
    check("V/v triển khai thực hiện Kế", "LiberationSerif", 12.0);
    check("Lào Cai, ngày tháng năm 2023", "LiberationSerif-Italic", 14.0);
    check("Để triển khai", "LiberationSerif", 14.0);
    check("Kế hoạch số 164/KH-UBND ngày 22/3/2023 của UBND tỉnh Lào Cai", "LiberationSerif-Italic", 14.0);
    check(
        "1. Thủ trưởng các sở, ban, ngành; Chủ tịch UBND các huyện, thị xã, thành phố:",
        "LiberationSerif-Bold",
        14.0,
    );
    check("trước ngày 20 hàng tháng", "LiberationSerif-Bold", 14.0);
    check("trước ngày 25 hàng tháng", "LiberationSerif-BoldItalic", 14.0);
    check("Nơi nhận:", "LiberationSerif-BoldItalic", 12.0);
    check("- TT. UBND tỉnh;", "LiberationSerif", 11.0);
    check("CHỦ TỊCH", "LiberationSerif-Bold", 14.0);
    check("Trịnh Xuân Trường", "LiberationSerif-Bold", 14.0);
}

#[test]
fn seed_margins_indent_and_header_layout() {
    let pdf = pdf::read(&render(&seed()));
    let left = 30.0 * PT_PER_MM;
    for page in &pdf.pages {
        let spans = body_spans(page);
        let min_x = spans.iter().map(|s| s.x).fold(f64::MAX, f64::min);
        let max_x = spans.iter().map(|s| s.end_x).fold(f64::MIN, f64::max);
        let top = spans.iter().map(|s| page.height - (s.y + 0.891 * s.size)).fold(f64::MAX, f64::min);
        let bottom = spans.iter().map(|s| s.y - 0.216 * s.size).fold(f64::MAX, f64::min);
        assert!(min_x >= left - 0.5, "left edge {min_x}");
        assert!(max_x <= page.width - 15.0 * PT_PER_MM + 0.5, "right edge {max_x}");
        assert!(top >= 20.0 * PT_PER_MM - 0.5, "top edge {top}");
        assert!(bottom >= 20.0 * PT_PER_MM - 0.5, "bottom edge {bottom}");
    }
    // Justified body lines start at the left margin; first lines 12.7 mm further in.
    let first = span(&pdf, "Để triển khai");
    assert!((first.x - (left + 12.7 * PT_PER_MM)).abs() < 0.5, "first-line indent at {}", first.x);
    let page1 = &pdf.pages[0];
    let body_line_starts: Vec<f64> =
        page1.spans.iter().filter(|s| (s.size - 14.0).abs() < 0.05 && s.x < left + 1.0).map(|s| s.x).collect();
    assert!(!body_line_starts.is_empty(), "no body line at the left margin");
    assert!(body_line_starts.iter().all(|x| (x - left).abs() < 0.5), "{body_line_starts:?}");

    // Header: left column centred on the authority, right column on the motto; the number
    // sits level with the place and date.
    let authority = span(&pdf, "ỦY BAN NHÂN DÂN");
    let motto = span(&pdf, "Độc lập");
    let nation = span(&pdf, "CỘNG HÒA");
    assert!((authority.y - nation.y).abs() < 1.0, "authority and nation on one level");
    assert!(authority.end_x < nation.x, "columns do not overlap");
    let motto_mid = (motto.x + motto.end_x) / 2.0;
    let nation_mid = (nation.x + nation.end_x) / 2.0;
    assert!((motto_mid - nation_mid).abs() < 1.0, "right column centred");
    let number = span(&pdf, "Số:");
    let place = span(&pdf, "Lào Cai, ngày");
    assert!((number.y - place.y).abs() < 2.0, "number {} vs place-date {}", number.y, place.y);
}

#[test]
fn pdf_a_metadata_and_dates() {
    let pdf = pdf::read(&render(&seed()));
    let xmp = pdf.xmp().expect("XMP metadata");
    assert!(xmp.contains("pdfaid"), "{xmp}");
    assert!(xmp.contains("<pdfaid:part>2</pdfaid:part>") || xmp.contains("pdfaid:part=\"2\""), "{xmp}");
    assert!(xmp.contains("<pdfaid:conformance>B</pdfaid:conformance>") || xmp.contains("pdfaid:conformance=\"B\""));
    assert_eq!(
        pdf.info("Title").as_deref(),
        Some("V/v triển khai thực hiện Kế hoạch cải thiện Chỉ số PAPI, SIPAS, PAR INDEX")
    );
    assert!(pdf.info("CreationDate").expect("creation date").starts_with("D:20000101"));

    let dated = pdf::read(&render(&report()));
    assert!(dated.info("CreationDate").expect("creation date").starts_with("D:20230605"));
    assert_eq!(dated.info("Author").as_deref(), Some("SỞ NỘI VỤ"));
}

#[test]
fn same_input_same_bytes_and_different_input_different_bytes() {
    let a = render(&seed());
    let b = render(&seed());
    assert!(a == b, "two renders differ");
    // A renderer built afresh (fonts loaded again) gives the same bytes too.
    let fresh = PdfRenderer::new(&FontSet::embedded().expect("fonts")).render(&seed()).expect("render");
    assert!(a == fresh, "a fresh renderer differs");
    let mut other = seed();
    other.signature.name = "Nguyễn Văn B".into();
    assert!(render(&other) != a, "different input, same bytes");
}

#[test]
fn page_numbers_from_page_two_centred_in_top_margin() {
    let pdf = pdf::read(&render(&report()));
    assert!(pdf.page_count() >= 4, "pages: {}", pdf.page_count());
    let top_margin = |p: &pdf::Page| -> Vec<Span> {
        p.spans.iter().filter(|s| s.y >= p.height - 20.0 * PT_PER_MM).cloned().collect()
    };
    assert!(top_margin(&pdf.pages[0]).is_empty(), "page 1 has no number");
    for (i, page) in pdf.pages.iter().enumerate().skip(1) {
        let spans = top_margin(page);
        assert_eq!(spans.len(), 1, "page {} top margin: {spans:?}", i + 1);
        let n = &spans[0];
        assert_eq!(n.text, (i + 1).to_string());
        assert!((n.size - 13.0).abs() < 0.05);
        let text_mid = if page.width > page.height {
            // The landscape annex keeps the same margins.
            (30.0 * PT_PER_MM + page.width - 15.0 * PT_PER_MM) / 2.0
        } else {
            (30.0 * PT_PER_MM + A4_W - 15.0 * PT_PER_MM) / 2.0
        };
        assert!(((n.x + n.end_x) / 2.0 - text_mid).abs() < 1.0, "page {} number not centred: {n:?}", i + 1);
    }
}

#[test]
fn report_table_chart_and_landscape_annex() {
    let doc = report();
    let pdf = pdf::read(&render(&doc));
    assert_all_lines_present(&doc, &pdf);

    // The table spans several pages with its header row repeated on each.
    let pages_with = |text: &str| -> Vec<usize> {
        pdf.pages.iter().enumerate().filter(|(_, p)| p.text().contains(text)).map(|(i, _)| i).collect()
    };
    let first_row = pages_with("Cơ quan số 01 của tỉnh");
    let last_row = pages_with("Cơ quan số 45 của tỉnh");
    assert_eq!(first_row.len(), 1);
    assert_eq!(last_row.len(), 1);
    assert!(last_row[0] > first_row[0], "the table spans pages");
    let headers = pages_with("Tên cơ quan");
    assert_eq!(headers, (first_row[0]..=last_row[0]).collect::<Vec<_>>(), "header row on every page of the table");
    let cell = span(&pdf, "Cơ quan số 01");
    assert!((cell.size - 12.0).abs() < 0.05, "table size {}", cell.size);
    assert_eq!(span(&pdf, "Tên cơ quan").font, "LiberationSerif-Bold");

    // The chart: title, categories, value labels (Vietnamese decimals), legend.
    let text = body_text(&pdf);
    for want in ["Sở Tài chính", "UBND huyện Bát Xát", "85,5%", "72,3%", "100%", "Tháng 4", "Tháng 5"] {
        assert!(text.contains(want), "chart text {want:?} missing");
    }

    // The page break: the paragraph after it opens a page.
    let after = pages_with("Đoạn văn sau ngắt trang.");
    assert_eq!(after.len(), 1);
    let first_body = pdf::text_lines(&body_spans(&pdf.pages[after[0]]));
    assert_eq!(first_body.first().map(String::as_str), Some("Đoạn văn sau ngắt trang."));

    // The annex: its own last page, landscape, title bold centred, note italic.
    let last = pdf.pages.last().expect("pages");
    assert!(last.is_landscape(), "annex page {}x{}", last.width, last.height);
    assert!((last.width - A4_H).abs() < 0.5 && (last.height - A4_W).abs() < 0.5);
    assert!(last.text().contains("Phụ lục I"));
    assert!(!last.text().contains("PHÓ GIÁM ĐỐC"), "annex starts on a new page");
    let annex_title = span(&pdf, "KẾT QUẢ THỰC HIỆN THEO CƠ QUAN");
    assert_eq!(annex_title.font, "LiberationSerif-Bold");
    let centre = (30.0 * PT_PER_MM + last.width - 15.0 * PT_PER_MM) / 2.0;
    assert!(((annex_title.x + annex_title.end_x) / 2.0 - centre).abs() < 1.0);
    assert_eq!(span(&pdf, "(Kèm theo").font, "LiberationSerif-Italic");
    let merged = span(&pdf, "Số nhiệm vụ");
    assert!((merged.size - 11.0).abs() < 0.05, "annex table size {}", merged.size);
    for p in &pdf.pages[..pdf.page_count() - 1] {
        assert!(!p.is_landscape());
    }

    // Title block, one recipient on the `Kính gửi:` line, signature with authority.
    assert_eq!(span(&pdf, "BÁO CÁO").font, "LiberationSerif-Bold");
    assert!(pdf.pages[0].lines().iter().any(|l| normalize_ws(l) == "Kính gửi: Ủy ban nhân dân tỉnh Lào Cai."));
    let kt = span(&pdf, "KT. GIÁM ĐỐC");
    let pgd = span(&pdf, "PHÓ GIÁM ĐỐC");
    assert!(kt.y > pgd.y && kt.font == "LiberationSerif-Bold");
    let name = span(&pdf, "Nguyễn Văn A");
    let room = (pgd.y - name.y) / PT_PER_MM;
    assert!(room >= 28.0, "room for signature {room} mm");
}

const HOSTILE: [&str; 12] = [
    "#set page(width: 1cm)",
    "$x$ và $$y$$",
    "*đậm giả* _nghiêng giả_",
    "<nhãn> & @tham-chiếu",
    "{{ x }} {% if %}",
    "[ngoặc] \\ gạch ngược",
    "// không phải chú thích",
    "#{ panic() }",
    "\"trích dẫn\" và 'đơn'",
    "= Tiêu đề giả",
    "- mục giả",
    "`mã` ~ ^ |",
];

fn hostile_doc() -> Document {
    let h = |i: usize| HOSTILE[i % HOSTILE.len()].to_string();
    let mut doc = seed();
    doc.meta.title = h(0);
    doc.header = Letterhead {
        parent: vec![h(0)],
        authority: vec![h(1)],
        number: h(2),
        subject: vec![h(3)],
        nation: h(4),
        motto: h(5),
        place_date: h(6),
    };
    doc.title = Some(Title { kind: h(7), subject: vec![h(8)] });
    doc.recipients = Some(Recipients { label: h(9), lines: vec![h(10), h(11)] });
    doc.body = vec![
        para(
            HOSTILE
                .iter()
                .map(|t| Run::plain(*t))
                .collect::<Vec<_>>()
                .into_iter()
                .flat_map(|r| [r, Run::plain(" ")])
                .collect(),
        ),
        Block::Heading { level: 2, runs: vec![Run::bold(h(0))] },
        Block::List { items: vec![vec![Run::italic(h(1))], vec![Run::plain(h(2))]] },
        Block::Table(Table {
            widths: vec![1.0, 1.0],
            header: vec![vec![Cell::text(h(3)), Cell::text(h(4))]],
            rows: vec![vec![Cell::text(h(5)), Cell::text(h(6))]],
            font_size: None,
        }),
        Block::Chart(Chart {
            title: h(7),
            categories: vec![h(8)],
            series: vec![Series { name: h(9), values: vec![1.0] }],
            max: 2.0,
            unit: "#".into(),
        }),
    ];
    doc.signature = Signature { authority: h(10), position: h(11), name: h(0) };
    doc.distribution = Distribution { label: h(1), lines: vec![vec![Run::plain(h(2))]] };
    doc.annexes =
        vec![Annex { title: vec![h(3)], note: Some(h(4)), landscape: false, body: vec![para(vec![Run::plain(h(5))])] }];
    doc
}

#[test]
fn hostile_data_comes_out_literally() {
    let doc = hostile_doc();
    let pdf = pdf::read(&render(&doc));
    for page in &pdf.pages {
        assert!((page.width - A4_W).abs() < 0.5 && (page.height - A4_H).abs() < 0.5);
    }
    assert_all_lines_present(&doc, &pdf);
    let text = body_text(&pdf);
    for h in HOSTILE {
        assert!(text.contains(&normalize_ws(h)), "{h:?} not literal in:\n{text}");
    }
    assert_eq!(pdf.info("Title").as_deref(), Some(HOSTILE[0]));
}

#[test]
fn empty_fields_lay_out() {
    let mut doc = seed();
    doc.header.parent.clear();
    doc.header.subject.clear();
    doc.recipients = None;
    doc.signature.name.clear();
    doc.distribution.lines.clear();
    doc.meta.title.clear();
    doc.meta.author.clear();
    doc.body = vec![para(vec![])];
    let pdf = pdf::read(&render(&doc));
    assert_eq!(pdf.page_count(), 1);
    assert_all_lines_present(&doc, &pdf);
    // Nothing at all still makes one blank A4 page, not an error.
    let blank = pdf::read(&render(&Document::default()));
    assert_eq!(blank.page_count(), 1);
    assert!(blank.pages[0].spans.is_empty());
}

#[test]
fn broken_template_and_package_import_are_errors() {
    let fonts = FontSet::embedded().expect("fonts");
    let broken = PdfRenderer::with_template(&fonts, "hong.typ", "#let x = (\n#x.y".into()).expect("renderer");
    match broken.render(&seed()) {
        Err(e @ PdfError::Typst { .. }) => {
            let msg = e.to_string();
            assert!(msg.contains("hong.typ") && msg.contains("dòng"), "{msg}");
        }
        other => panic!("expected a typst error, got {:?}", other.map(|b| b.len())),
    }
    let package = PdfRenderer::with_template(&fonts, "goi.typ", "#import \"@preview/cetz:0.3.0\": canvas\n".into())
        .expect("renderer");
    let msg = package.render(&seed()).expect_err("package import fails").to_string();
    assert!(msg.contains("không tải gói") && msg.contains("goi.typ, dòng 1"), "{msg}");
    let disk = PdfRenderer::with_template(&fonts, "dia.typ", "#read(\"/etc/passwd\")".into()).expect("renderer");
    assert!(disk.render(&seed()).is_err(), "no file outside the data is readable");
}

#[test]
fn chart_png_for_docx() {
    let chart = Chart {
        title: "Tỷ lệ hoàn thành".into(),
        categories: vec!["Sở Nội vụ".into(), "Sở Y tế".into()],
        series: vec![Series { name: "Tháng 5".into(), values: vec![85.5, 40.0] }],
        max: 100.0,
        unit: "%".into(),
    };
    let png = renderer().render_chart_png(&chart, 160.0, 150.0).expect("png");
    assert_eq!(&png[..8], b"\x89PNG\r\n\x1a\n");
    let width = u32::from_be_bytes([png[16], png[17], png[18], png[19]]);
    let height = u32::from_be_bytes([png[20], png[21], png[22], png[23]]);
    assert_eq!(width, baocao::render::chart::pixel_width(160.0, 150.0));
    assert_eq!(width, 945);
    assert!(height > 100 && height < width, "height {height}");
    assert_eq!((png[24], png[25]), (8, 2), "8-bit RGB: the chart is drawn on white, alpha carries nothing");
    assert_eq!(png, renderer().render_chart_png(&chart, 160.0, 150.0).expect("png"), "reproducible");
    assert!(renderer().render_chart_png(&chart, 0.0, 150.0).is_err());
    assert!(renderer().render_chart_png(&chart, 160.0, 5000.0).is_err());
}
