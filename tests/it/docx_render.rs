//! DOCX renderer: read the archive back and check it against Decree 30 and the Layout.

use crate::common::docs::*;
use crate::common::docx::*;
use baocao::document::model::{Align, Annex, Block, Cell, Chart, Document, Recipients, Run, Series, Table};
use baocao::render::chart::ChartError;
use baocao::render::docx::{DocxError, DocxRenderer};
use baocao::render::Layout;

/// A valid 2×1 RGB PNG (signature, IHDR, IDAT, IEND with correct CRCs).
const PNG_2X1: &[u8] = &[
    0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0x00, 0x00, 0x00, 0x0D, 0x49, 0x48, 0x44, 0x52, 0x00, 0x00, 0x00,
    0x02, 0x00, 0x00, 0x00, 0x01, 0x08, 0x02, 0x00, 0x00, 0x00, 0x7B, 0x40, 0xE8, 0xDD, 0x00, 0x00, 0x00, 0x0D, 0x49,
    0x44, 0x41, 0x54, 0x78, 0xDA, 0x63, 0xF8, 0xCF, 0x00, 0x04, 0xFF, 0x01, 0x07, 0x00, 0x01, 0xFF, 0x3D, 0x7D, 0x8C,
    0x49, 0x00, 0x00, 0x00, 0x00, 0x49, 0x45, 0x4E, 0x44, 0xAE, 0x42, 0x60, 0x82,
];

fn png(c: &Chart) -> Result<Vec<u8>, ChartError> {
    // The picture is asked for without its title (the DOCX writes it as text).
    assert_eq!(c.title, "");
    assert!(!c.categories.is_empty());
    Ok(PNG_2X1.to_vec())
}

fn no_chart(_: &Chart) -> Result<Vec<u8>, ChartError> {
    Err(ChartError::NoPage)
}

fn twips(mm: f32) -> i64 {
    (f64::from(mm) / 25.4 * 1440.0).round() as i64
}

fn hp(pt: f32) -> Option<i64> {
    Some((pt * 2.0).round() as i64)
}

/// The seed directive (công văn of UBND tỉnh Lào Cai, 2023).
fn seed() -> Document {
    seed_with_body(vec![
        para(seed_opening()),
        Block::Heading { level: 1, runs: vec![Run::bold(SEED_HEADING_1)] },
        Block::List { items: vec![vec![Run::plain(SEED_1A)], vec![Run::plain(SEED_1B)], seed_1c()] },
        Block::Heading { level: 1, runs: vec![Run::bold(SEED_HEADING_2)] },
        Block::List { items: vec![vec![Run::plain(SEED_2A)], seed_2b(), vec![Run::plain(SEED_2C)]] },
        p(SEED_CLOSING),
    ])
}

/// A monthly report: title, one recipient, a long table, a chart and a landscape annex.
fn report() -> Document {
    let rows: Vec<Vec<Cell>> = (1..=60)
        .map(|i| vec![cell(&i.to_string()), cell(&format!("Cơ quan số {i}")), cell(&format!("{},5%", 50 + i % 50))])
        .collect();
    Document {
        meta: report_meta("Báo cáo tháng 5 năm 2023"),
        header: report_header("Số: 05/BC-SNV"),
        title: report_title("Kết quả thực hiện Kế hoạch cải thiện Chỉ số PAPI, SIPAS, PAR INDEX tháng 5 năm 2023"),
        recipients: to_province(),
        body: vec![
            Block::Heading { level: 1, runs: vec![Run::bold("I. TÌNH HÌNH GỬI BÁO CÁO")] },
            Block::Paragraph {
                runs: vec![Run::plain("Nồng độ CO"), sub("2"), Run::plain(" và 10"), sup("3")],
                align: Align::Left,
                indent: false,
            },
            Block::Table(Table {
                widths: vec![1.0, 6.0, 2.0],
                header: vec![
                    vec![span("TT", 1, 2), span("Cơ quan", 1, 2), span("Kết quả", 1, 1)],
                    vec![span("Tỷ lệ", 1, 1)],
                ],
                rows,
                font_size: None,
            }),
            Block::Chart(Chart {
                title: "Biểu đồ 1. Tỷ lệ hoàn thành theo cơ quan".into(),
                categories: vec!["A".into(), "B".into()],
                series: vec![Series { name: "Tháng 5".into(), values: vec![80.0, 90.0] }],
                max: 100.0,
                unit: "%".into(),
            }),
            Block::PageBreak,
            p("Trên đây là báo cáo của Sở Nội vụ./."),
        ],
        signature: deputy_director(),
        distribution: distribution(&["- Như trên;"], "- Lưu: VT, CCHC", "3"),
        annexes: vec![
            Annex {
                title: vec!["Phụ lục I".into(), "KẾT QUẢ THỰC HIỆN THEO CƠ QUAN".into()],
                note: Some("(Kèm theo Báo cáo số 05/BC-SNV ngày 05/6/2023 của Sở Nội vụ)".into()),
                landscape: true,
                body: vec![Block::Table(Table {
                    widths: vec![1.0, 3.0, 1.0, 1.0],
                    header: vec![vec![cell("TT"), cell("Cơ quan"), span("Chỉ số", 2, 1)]],
                    rows: vec![vec![cell("1"), cell("Sở Tư pháp"), cell("PAPI"), cell("90%")]],
                    font_size: Some(11.0),
                })],
            },
            Annex {
                title: vec!["Phụ lục II".into()],
                note: None,
                landscape: false,
                body: vec![p("Danh sách nhiệm vụ chậm.")],
            },
        ],
        identity: None,
    }
}

fn render(doc: &Document) -> Vec<u8> {
    DocxRenderer::new(Layout::decree30()).render(doc, &png).expect("render DOCX")
}

/// Each expected string appears, in order, within the paragraph texts.
fn assert_in_order(paragraphs: &[String], expected: &[String]) {
    let mut i = 0;
    for e in expected {
        if e.is_empty() {
            continue;
        }
        match paragraphs[i..].iter().position(|p| p.contains(e.as_str())) {
            Some(k) => i += k,
            None => panic!("{e:?} missing (or out of order) in DOCX paragraphs:\n{paragraphs:#?}"),
        }
    }
}

/// Every model line is in a paragraph; after the two-row header table (whose reading
/// order is row by row: authority, nation, motto, number, date) they come in model order.
fn assert_text_lines(paragraphs: &[String], doc: &Document) {
    let lines = doc.text_lines();
    for l in lines.iter().filter(|l| !l.is_empty()) {
        assert!(
            paragraphs.iter().any(|p| p.contains(l.as_str())),
            "{l:?} missing in DOCX paragraphs:\n{paragraphs:#?}"
        );
    }
    let h = &doc.header;
    let header_lines = h.parent.len() + h.authority.len() + 1 + h.subject.len() + 3;
    assert_in_order(paragraphs, &lines[header_lines..]);
}

#[test]
fn page_size_margins_and_default_font_follow_the_layout() {
    let l = Layout::decree30();
    let bytes = render(&seed());
    let sections = docx_sections(&bytes);
    assert_eq!(sections.len(), 1);
    let s = &sections[0];
    assert_eq!((s.width, s.height), (11906, 16838));
    assert_eq!((s.width, s.height), (twips(l.page_width_mm), twips(l.page_height_mm)));
    assert_eq!(s.top, twips(l.margin_top_mm));
    assert_eq!(s.bottom, twips(l.margin_bottom_mm));
    assert_eq!(s.left, twips(l.margin_left_mm));
    assert_eq!(s.right, twips(l.margin_right_mm));
    assert_eq!((s.top, s.bottom, s.left, s.right), (1134, 1134, 1701, 850));
    assert_eq!(s.orient, None);

    let (fonts, size) = docx_default_run(&bytes);
    assert_eq!(fonts, vec![Some("Times New Roman".to_string()); 4]);
    assert_eq!(size, hp(l.body_size));
    // No run overrides the font.
    assert!(docx_paragraphs(&bytes).iter().flat_map(|p| &p.runs).all(|r| r.font.is_none()));
}

#[test]
fn header_table_is_borderless_with_explicit_grid_and_styled_lines() {
    let l = Layout::decree30();
    let bytes = render(&seed());
    let tables = docx_tables(&bytes);
    let header = &tables[0];
    let text = twips(l.page_width_mm) - twips(l.margin_left_mm) - twips(l.margin_right_mm);
    let left = (f64::from(l.header_left_fraction) * text as f64).round() as i64;
    assert_eq!(header.grid, vec![left, text - left]);
    assert_eq!(header.width, Some((text, "dxa".to_string())));
    assert_eq!(header.layout.as_deref(), Some("fixed"));
    assert_eq!(header.borders.len(), 6);
    assert!(header.borders.iter().all(|(_, v)| v == "nil" || v == "none"), "{:?}", header.borders);
    for row in &header.rows {
        let widths: Vec<_> = row.cells.iter().map(|c| c.width).collect();
        assert_eq!(widths, vec![Some(left), Some(text - left)]);
    }
    assert_eq!(header.rows[0].cells[0].texts[..2], ["ỦY BAN NHÂN DÂN", "TỈNH LÀO CAI"]);
    assert_eq!(
        header.rows[0].cells[1].texts[..2],
        ["CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc"]
    );

    let check = |text: &str, size: f32, bold: bool, italic: bool| {
        let p = docx_paragraph(&bytes, text);
        assert!(p.in_table, "{text}");
        assert_eq!(p.jc.as_deref(), Some("center"), "{text}");
        assert!(!p.runs.is_empty());
        for r in &p.runs {
            assert_eq!(r.size, hp(size), "{text}");
            assert_eq!((r.bold, r.italic), (bold, italic), "{text}");
        }
    };
    check("ỦY BAN NHÂN DÂN", l.header_size, true, false);
    check("TỈNH LÀO CAI", l.header_size, true, false);
    check("Số:      /UBND-KSTT", l.number_size, false, false);
    check("V/v triển khai thực hiện Kế", l.subject_cv_size, false, false);
    check("SIPAS, PAR INDEX", l.subject_cv_size, false, false);
    check("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", l.header_size, true, false);
    check("Độc lập - Tự do - Hạnh phúc", l.motto_size, true, false);
    check("Lào Cai, ngày      tháng      năm 2023", l.place_date_size, false, true);
    // 6 pt above the V/v subject.
    assert_eq!(docx_paragraph(&bytes, "V/v triển khai thực hiện Kế").before, Some(120));

    // Two rules: under the authority (short, centred) and under the motto (its length).
    let paras = docx_paragraphs(&bytes);
    let rules: Vec<_> = paras.iter().filter(|p| p.bottom_border.is_some()).collect();
    assert_eq!(rules.len(), 2, "{rules:#?}");
    for r in &rules {
        assert!(r.in_table && r.text.is_empty());
        assert_eq!(r.bottom_border, Some(("single".into(), (l.rule_thickness * 8.0) as i64)));
        assert_eq!(r.left, r.right, "rule centred");
    }
    let authority_rule = text.min(left) - 2 * rules[0].left.unwrap();
    let motto_rule = (text - left) - 2 * rules[1].left.unwrap();
    assert!((twips(12.0)..twips(22.0)).contains(&authority_rule), "authority rule {authority_rule} twips");
    assert!((twips(55.0)..twips(70.0)).contains(&motto_rule), "motto rule {motto_rule} twips");
}

#[test]
fn body_paragraphs_are_justified_indented_and_spaced() {
    let l = Layout::decree30();
    let bytes = render(&seed());
    let paras = docx_paragraphs(&bytes);
    let body: Vec<_> = paras.iter().filter(|p| !p.in_table && p.first_line.is_some()).collect();
    // First paragraph, 2 headings, 6 list items, closing paragraph.
    assert_eq!(body.len(), 10, "{body:#?}");
    for p in &body {
        assert_eq!(p.jc.as_deref(), Some("both"), "{}", p.text);
        assert_eq!(p.first_line, Some(twips(l.first_line_indent_mm)), "{}", p.text);
        assert_eq!(p.after, Some((l.paragraph_spacing * 20.0) as i64));
        assert_eq!(p.line, Some((l.line_spacing * 240.0).round() as i64));
        assert_eq!(p.line_rule.as_deref(), Some("auto"));
        assert!(p.runs.iter().all(|r| r.size == hp(l.body_size)), "{}", p.text);
    }
    assert!(body[0].text.starts_with("Để triển khai có chất lượng"));
    let italic: Vec<_> = body[0].runs.iter().filter(|r| r.italic).map(|r| r.text.as_str()).collect();
    assert_eq!(
        italic,
        vec![
            "Kế hoạch số 164/KH-UBND ngày 22/3/2023 của UBND tỉnh Lào Cai",
            "Kế hoạch số 165/KH-UBND ngày 22/3/2023 của UBND tỉnh Lào Cai",
            "Kế hoạch số 166/KH-UBND ngày 22/3/2023 của UBND tỉnh Lào Cai",
        ]
    );
    assert!(body[0].runs.iter().all(|r| !r.bold));

    let heading = docx_paragraph(&bytes, "2. Giao Sở Nội vụ:");
    assert!(heading.runs.iter().all(|r| r.bold && !r.italic));

    let item = paras.iter().find(|p| p.text.starts_with("- Thường xuyên theo dõi")).unwrap();
    let styled: Vec<_> = item.runs.iter().map(|r| (r.text.as_str(), r.bold, r.italic)).collect();
    assert!(styled.contains(&("trước ngày 20 hàng tháng", true, false)), "{styled:?}");
    assert!(styled.contains(&("Thường xuyên theo dõi, đôn đốc việc triển khai thực hiện. Định kỳ ", false, false)));
    let item = paras.iter().find(|p| p.text.starts_with("- Định kỳ tổng hợp")).unwrap();
    let styled: Vec<_> = item.runs.iter().map(|r| (r.text.as_str(), r.bold, r.italic)).collect();
    assert!(styled.contains(&("trước ngày 25 hàng tháng", true, true)), "{styled:?}");
}

#[test]
fn recipients_one_per_line_under_the_label() {
    let l = Layout::decree30();
    let bytes = render(&seed());
    let label = docx_paragraph(&bytes, "Kính gửi:");
    let first = docx_paragraph(&bytes, "- Các sở, ban, ngành tỉnh;");
    let second = docx_paragraph(&bytes, "- UBND các huyện, thị xã, thành phố.");
    assert!(!label.in_table);
    assert!(label.left.unwrap() > 0);
    assert!(first.left.unwrap() > label.left.unwrap());
    assert_eq!(first.left, second.left);
    for p in [&label, &first, &second] {
        assert!(p.runs.iter().all(|r| r.size == hp(l.body_size) && !r.bold));
    }

    // One recipient stands on the label's line.
    let bytes = render(&report());
    let one = docx_paragraph(&bytes, "Kính gửi: Ủy ban nhân dân tỉnh Lào Cai.");
    assert_eq!(one.jc.as_deref(), Some("center"));
}

#[test]
fn signature_and_distribution_table() {
    let l = Layout::decree30();
    let bytes = render(&seed());
    let tables = docx_tables(&bytes);
    assert_eq!(tables.len(), 2);
    let sig = &tables[1];
    assert_eq!(sig.layout.as_deref(), Some("fixed"));
    assert!(sig.borders.iter().all(|(_, v)| v == "nil" || v == "none"));
    assert_eq!(sig.grid.len(), 2);
    assert_eq!(sig.rows.len(), 1);
    assert_eq!(sig.rows[0].cells[0].width, Some(sig.grid[0]));
    assert_eq!(sig.rows[0].cells[1].width, Some(sig.grid[1]));
    assert_eq!(
        sig.rows[0].cells[0].texts,
        ["Nơi nhận:", "- TT. UBND tỉnh;", "- Như trên;", "- Lãnh đạo Văn phòng;", "- Lưu: VT, KSTT2."]
    );
    let right = &sig.rows[0].cells[1].texts;
    assert_eq!(right.first().map(String::as_str), Some("CHỦ TỊCH"));
    assert_eq!(right.last().map(String::as_str), Some("Trịnh Xuân Trường"));

    let label = docx_paragraph(&bytes, "Nơi nhận:");
    assert!(label.runs.iter().all(|r| r.bold && r.italic && r.size == hp(l.distribution_label_size)));
    let luu = docx_paragraph(&bytes, "- Lưu: VT, KSTT2.");
    assert!(luu.runs.iter().all(|r| r.size == hp(l.distribution_size) && !r.bold));
    let scripts: Vec<_> = luu.runs.iter().map(|r| (r.text.as_str(), r.vert_align.as_deref())).collect();
    assert_eq!(scripts, vec![("- Lưu: VT, KSTT", None), ("2", Some("subscript")), (".", None)]);

    for t in ["CHỦ TỊCH", "Trịnh Xuân Trường"] {
        let p = docx_paragraph(&bytes, t);
        assert_eq!(p.jc.as_deref(), Some("center"));
        assert!(p.runs.iter().all(|r| r.bold && r.size == hp(l.signature_size)), "{t}");
    }
    // Room for the signature and seal: an empty paragraph of exact height.
    let paras = docx_paragraphs(&bytes);
    let name = paras.iter().position(|p| p.text == "Trịnh Xuân Trường").unwrap();
    let space = &paras[name - 1];
    assert_eq!(space.text, "");
    assert_eq!(space.line_rule.as_deref(), Some("exact"));
    assert_eq!(space.line, Some(twips(l.signature_space_mm)));
}

#[test]
fn page_numbers_from_page_two_centred_in_the_header() {
    let l = Layout::decree30();
    let bytes = render(&seed());
    let s = &docx_sections(&bytes)[0];
    assert!(s.title_pg);
    let mut refs = s.header_refs.clone();
    refs.sort();
    assert_eq!(refs.iter().map(|r| r.0.as_str()).collect::<Vec<_>>(), vec!["default", "first"]);
    assert!(s.header < s.top, "the header sits in the top margin");

    let rels = docx_xml(&bytes, "word/_rels/document.xml.rels");
    let target = |rid: &str| {
        let doc = roxmltree::Document::parse(&rels).unwrap();
        let t = doc
            .descendants()
            .find(|n| n.attribute("Id") == Some(rid))
            .and_then(|n| n.attribute("Target"))
            .unwrap_or_else(|| panic!("no relationship {rid}"))
            .to_string();
        format!("word/{t}")
    };
    let default = target(&refs[0].1);
    let first = target(&refs[1].1);
    let xml = docx_xml(&bytes, &default);
    assert!(xml.contains("<w:instrText>PAGE</w:instrText>") || xml.contains(">PAGE<"), "{xml}");
    assert!(xml.contains(r#"w:fldCharType="begin""#) && xml.contains(r#"w:fldCharType="end""#));
    let header = docx_paragraphs_in(&bytes, &default);
    assert_eq!(header.len(), 1);
    assert_eq!(header[0].jc.as_deref(), Some("center"));
    assert!(header[0].runs.iter().all(|r| r.size == hp(l.page_number_size)));
    let first_texts = docx_paragraphs_in(&bytes, &first);
    assert!(first_texts.iter().all(|p| p.text.is_empty()));
    assert!(!docx_xml(&bytes, &first).contains("PAGE"));
}

#[test]
fn every_text_line_of_the_model_is_in_the_docx() {
    for doc in [seed(), report()] {
        let bytes = render(&doc);
        let paras = docx_paragraph_texts(&bytes);
        assert_text_lines(&paras, &doc);
        // Nothing else than the model's words: every non-empty paragraph is model text.
        let all = doc.text_lines().join("\n");
        for p in paras.iter().filter(|p| !p.is_empty()) {
            let rest = p.strip_prefix("Kính gửi: ").unwrap_or(p);
            assert!(all.contains(rest), "{p:?} is not model text");
        }
    }
}

#[test]
fn long_table_has_grid_repeated_header_rows_and_merges() {
    let l = Layout::decree30();
    let bytes = render(&report());
    let tables = docx_tables(&bytes);
    // header, data table, signature, annex table
    assert_eq!(tables.len(), 4);
    let t = &tables[1];
    let text = twips(l.page_width_mm) - twips(l.margin_left_mm) - twips(l.margin_right_mm);
    assert_eq!(t.grid.iter().sum::<i64>(), text);
    assert_eq!(t.grid, vec![text / 9, text * 6 / 9, text - text / 9 - text * 6 / 9]);
    assert_eq!(t.layout.as_deref(), Some("fixed"));
    assert!(t.borders.iter().all(|(_, v)| v == "single"));
    assert_eq!(t.rows.len(), 62);
    assert!(t.rows[0].header && t.rows[1].header);
    assert!(t.rows[2..].iter().all(|r| !r.header));
    // Row 1: TT and Cơ quan span two rows; row 2 continues them.
    let r0: Vec<_> = t.rows[0].cells.iter().map(|c| c.v_merge.as_deref()).collect();
    assert_eq!(r0, vec![Some("restart"), Some("restart"), None]);
    let r1: Vec<_> = t.rows[1].cells.iter().map(|c| (c.v_merge.as_deref(), c.texts.concat())).collect();
    assert_eq!(r1, vec![(Some("continue"), String::new()), (Some("continue"), String::new()), (None, "Tỷ lệ".into())]);
    for row in &t.rows {
        let widths: Vec<_> = row.cells.iter().map(|c| c.width.unwrap()).collect();
        assert_eq!(widths, t.grid);
        assert!(row.cells.iter().all(|c| !c.texts.is_empty()), "every cell has a paragraph");
    }
    let cell = docx_paragraph(&bytes, "Cơ quan số 60");
    assert!(cell.in_table);
    assert!(cell.runs.iter().all(|r| r.size == hp(l.table_size) && !r.bold));
    // Header text is bold, as in the PDF.
    let head = docx_paragraph(&bytes, "Tỷ lệ");
    assert!(head.runs.iter().all(|r| r.size == hp(l.table_size) && r.bold));
    assert_eq!(head.jc.as_deref(), Some("center"));

    let sub = docx_paragraph(&bytes, "Nồng độ CO2 và 103");
    let va: Vec<_> = sub.runs.iter().map(|r| r.vert_align.as_deref()).collect();
    assert_eq!(va, vec![None, Some("subscript"), None, Some("superscript")]);
    assert_eq!(sub.jc.as_deref(), Some("left"));
    assert_eq!(sub.first_line, None);

    // Annex table: colspan, its own font size, the landscape text width.
    let a = &tables[3];
    let landscape_text = twips(l.page_height_mm) - twips(l.margin_left_mm) - twips(l.margin_right_mm);
    assert_eq!(a.grid.iter().sum::<i64>(), landscape_text);
    assert!(a.rows[0].header);
    assert_eq!(a.rows[0].cells[2].grid_span, 2);
    assert_eq!(a.rows[0].cells[2].width, Some(a.grid[2] + a.grid[3]));
    assert!(docx_paragraph(&bytes, "Sở Tư pháp").runs.iter().all(|r| r.size == hp(11.0)));
}

#[test]
fn chart_is_an_inline_png_as_wide_as_the_text_with_its_title() {
    let l = Layout::decree30();
    let bytes = render(&report());
    let names = docx_part_names(&bytes);
    let media: Vec<_> = names.iter().filter(|n| n.starts_with("word/media/")).collect();
    assert_eq!(media.len(), 1, "{names:?}");
    assert_eq!(docx_part_bytes(&bytes, media[0]), PNG_2X1);
    // The picture is stored as it is (PNG is compressed already); the XML is deflated.
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(&bytes)).expect("zip");
    assert_eq!(zip.by_name(media[0]).expect("picture").compression(), zip::CompressionMethod::Stored);
    assert_eq!(zip.by_name("word/document.xml").expect("body").compression(), zip::CompressionMethod::Deflated);
    let xml = docx_xml(&bytes, "word/document.xml");
    let text_emu = (twips(l.page_width_mm) - twips(l.margin_left_mm) - twips(l.margin_right_mm)) * 635;
    assert!(xml.contains(&format!(r#"<wp:extent cx="{}" cy="{}" />"#, text_emu, (text_emu + 1) / 2)), "extent");
    let rels = docx_xml(&bytes, "word/_rels/document.xml.rels");
    assert!(rels.contains(&format!("Target=\"{}\"", media[0].trim_start_matches("word/"))), "{rels}");
    let ct = docx_xml(&bytes, "[Content_Types].xml");
    assert!(ct.contains("Extension=\"png\""), "{ct}");
    let caption = docx_paragraph(&bytes, "Biểu đồ 1. Tỷ lệ hoàn thành theo cơ quan");
    assert_eq!(caption.jc.as_deref(), Some("center"));
    assert!(caption.runs.iter().all(|r| r.bold && r.size == hp(l.table_size)));
    // The picture follows its title.
    let paras = docx_paragraphs(&bytes);
    let at = paras.iter().position(|p| p.text == "Biểu đồ 1. Tỷ lệ hoàn thành theo cơ quan").unwrap();
    let doc_xml = docx_xml(&bytes, "word/document.xml");
    let doc = roxmltree::Document::parse(&doc_xml).unwrap();
    let ps: Vec<_> =
        doc.descendants().filter(|n| n.tag_name().name() == "p" && n.tag_name().namespace() == Some(W)).collect();
    assert!(ps[at + 1].descendants().any(|n| n.tag_name().name() == "drawing"));

    // A failing rasterizer is an error naming the chart, not a panic.
    let err = DocxRenderer::default().render(&report(), &no_chart).unwrap_err();
    assert!(matches!(err, DocxError::Chart { .. }));
    assert!(err.to_string().contains("Biểu đồ 1"), "{err}");
    let bad = |_: &Chart| Ok::<_, ChartError>(b"not a png".to_vec());
    assert!(matches!(DocxRenderer::default().render(&report(), &bad), Err(DocxError::Chart { .. })));
}

#[test]
fn annexes_are_sections_landscape_when_asked() {
    let l = Layout::decree30();
    let bytes = render(&report());
    let s = docx_sections(&bytes);
    assert_eq!(s.len(), 3);
    assert_eq!((s[0].width, s[0].height, s[0].orient.as_deref()), (11906, 16838, None));
    assert_eq!((s[1].width, s[1].height, s[1].orient.as_deref()), (16838, 11906, Some("landscape")));
    assert_eq!((s[2].width, s[2].height), (11906, 16838));
    assert_ne!(s[2].orient.as_deref(), Some("landscape"));
    for sec in &s {
        assert_eq!((sec.top, sec.bottom, sec.left, sec.right), (1134, 1134, 1701, 850));
    }
    // Headers belong to the first section; later ones inherit them (numbers continue).
    assert!(s[0].title_pg && s[0].header_refs.len() == 2);
    assert!(!s[1].title_pg && s[1].header_refs.is_empty());
    let t = docx_paragraph(&bytes, "Phụ lục I");
    assert!(t.runs.iter().all(|r| r.bold && r.size == hp(l.title_size)));
    let note = docx_paragraph(&bytes, "(Kèm theo Báo cáo số 05/BC-SNV ngày 05/6/2023 của Sở Nội vụ)");
    assert!(note.runs.iter().all(|r| r.italic));
    let page_breaks = docx_xml(&bytes, "word/document.xml").matches(r#"<w:br w:type="page" />"#).count();
    assert_eq!(page_breaks, 1);
}

#[test]
fn title_is_bold_centred_with_a_short_rule() {
    let l = Layout::decree30();
    let bytes = render(&report());
    for t in ["BÁO CÁO", "Kết quả thực hiện Kế hoạch cải thiện Chỉ số PAPI, SIPAS, PAR INDEX tháng 5 năm 2023"]
    {
        let p = docx_paragraph(&bytes, t);
        assert!(!p.in_table);
        assert_eq!(p.jc.as_deref(), Some("center"));
        assert!(p.runs.iter().all(|r| r.bold && r.size == hp(l.title_size)), "{t}");
    }
    let paras = docx_paragraphs(&bytes);
    let rule = paras.iter().find(|p| !p.in_table && p.bottom_border.is_some()).expect("subject rule");
    let text = twips(l.page_width_mm) - twips(l.margin_left_mm) - twips(l.margin_right_mm);
    assert!((text - 2 * rule.left.unwrap() - twips(l.subject_rule_mm)).abs() <= 1);
    // The parent authority is regular, the issuing authority bold.
    assert!(docx_paragraph(&bytes, "UBND TỈNH LÀO CAI").runs.iter().all(|r| !r.bold));
    assert!(docx_paragraph(&bytes, "SỞ NỘI VỤ").runs.iter().all(|r| r.bold));
}

#[test]
fn hostile_text_comes_out_literally() {
    let hostile = [
        "# $x$ *a* _b_ <i> & {{ name }} [link](x) \\n",
        "<w:t>ok</w:t> ]]> <![CDATA[ x ]]> &amp; \"q\" 'a'",
        "{% if x %} `code` | col | ~~s~~ <sub>2</sub>",
    ];
    let mut doc = seed();
    doc.header.number = hostile[0].into();
    doc.header.place_date = hostile[1].into();
    doc.header.authority = vec![hostile[2].into()];
    doc.meta.title = hostile[1].into();
    doc.meta.author = hostile[0].into();
    doc.recipients = Some(Recipients { label: hostile[2].into(), lines: vec![hostile[0].into(), hostile[1].into()] });
    doc.body = hostile.iter().map(|h| p(h)).collect();
    doc.body.push(Block::Table(Table {
        widths: vec![1.0],
        header: vec![vec![cell(hostile[1])]],
        rows: vec![vec![cell(hostile[2])]],
        font_size: None,
    }));
    doc.signature.name = hostile[1].into();
    doc.distribution.lines = vec![vec![Run::plain(hostile[2])]];
    let bytes = render(&doc);
    docx_all_xml_parses(&bytes);
    let paras = docx_paragraph_texts(&bytes);
    assert_text_lines(&paras, &doc);
    for h in hostile {
        assert!(paras.iter().any(|p| p == h), "{h:?} not literal in {paras:#?}");
    }
    let core = docx_xml(&bytes, "docProps/core.xml");
    let core = roxmltree::Document::parse(&core).unwrap();
    let title = core.descendants().find(|n| n.tag_name().name() == "title").unwrap();
    assert_eq!(title.text(), Some(hostile[1]));
}

#[test]
fn same_input_same_bytes_and_dated_properties() {
    let a = render(&report());
    let b = render(&report());
    assert!(a == b, "two renders differ");
    // Also from another thread, after other renders advanced docx-rs' counters.
    let _ = render(&seed());
    let c = std::thread::spawn(|| render(&report())).join().unwrap();
    assert!(a == c, "render differs across threads");

    let core = docx_xml(&a, "docProps/core.xml");
    assert!(core.contains(">2023-06-05T00:00:00Z</dcterms:created>"), "{core}");
    assert!(core.contains(">2023-06-05T00:00:00Z</dcterms:modified>"));
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(&a)).unwrap();
    for i in 0..zip.len() {
        let e = zip.by_index(i).unwrap();
        let t = e.last_modified().unwrap();
        assert_eq!((t.year(), t.month(), t.day(), t.hour(), t.minute()), (2023, 6, 5, 0, 0));
    }
    // Undated draft: a fixed epoch.
    let s = render(&seed());
    assert!(docx_xml(&s, "docProps/core.xml").contains(">1980-01-01T00:00:00Z</dcterms:created>"));
}

#[test]
fn package_is_consistent() {
    for bytes in [render(&seed()), render(&report())] {
        docx_all_xml_parses(&bytes);
        let names = docx_part_names(&bytes);
        // Every relationship target of the main part exists.
        let rels = docx_xml(&bytes, "word/_rels/document.xml.rels");
        let rels_doc = roxmltree::Document::parse(&rels).unwrap();
        let mut ids = std::collections::HashSet::new();
        for r in rels_doc.descendants().filter(|n| n.tag_name().name() == "Relationship") {
            assert!(ids.insert(r.attribute("Id").unwrap().to_string()), "duplicate relationship id");
            if r.attribute("TargetMode") == Some("External") {
                continue;
            }
            let target = format!("word/{}", r.attribute("Target").unwrap());
            assert!(names.contains(&target), "missing part {target}");
        }
        // Every r:id / r:embed used in the document is declared.
        let xml = docx_xml(&bytes, "word/document.xml");
        let doc = roxmltree::Document::parse(&xml).unwrap();
        const R: &str = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";
        for n in doc.descendants() {
            for a in ["id", "embed"] {
                if let Some(v) = n.attribute((R, a)) {
                    assert!(ids.contains(v), "undeclared relationship {v}");
                }
            }
        }
        // Paragraph and drawing ids are unique.
        let mut para_ids = std::collections::HashSet::new();
        for n in names.iter().filter(|n| n.starts_with("word/") && n.ends_with(".xml")) {
            let x = docx_xml(&bytes, n);
            let d = roxmltree::Document::parse(&x).unwrap();
            for p in d.descendants() {
                if let Some(id) = p.attribute(("http://schemas.microsoft.com/office/word/2010/wordml", "paraId")) {
                    assert!(para_ids.insert(id.to_string()), "duplicate paraId {id} in {n}");
                    assert!(u32::from_str_radix(id, 16).unwrap() < 0x8000_0000);
                }
            }
        }
        // Every table cell holds a paragraph.
        for t in docx_tables(&bytes) {
            assert!(t.rows.iter().flat_map(|r| &r.cells).all(|c| !c.texts.is_empty()));
        }
    }
}

#[test]
fn inconsistent_tables_are_errors_not_panics() {
    let mut doc = seed();
    doc.body = vec![Block::Table(Table {
        widths: vec![1.0, 1.0],
        header: vec![],
        rows: vec![vec![cell("a"), cell("b"), cell("c")]],
        font_size: None,
    })];
    let err = DocxRenderer::default().render(&doc, &png).unwrap_err();
    assert!(matches!(err, DocxError::Table { index: 1, .. }), "{err}");
    doc.body =
        vec![Block::Table(Table { widths: vec![], header: vec![], rows: vec![vec![cell("a")]], font_size: None })];
    assert!(DocxRenderer::default().render(&doc, &png).is_err());
    // A table without rows is left out (no text, and Word rejects a table without rows).
    doc.body = vec![Block::Table(Table { widths: vec![1.0], header: vec![], rows: vec![], font_size: None })];
    let bytes = DocxRenderer::default().render(&doc, &png).unwrap();
    assert_eq!(docx_tables(&bytes).len(), 2);
    doc.body = vec![Block::Table(Table {
        widths: vec![1.0, 1.0],
        header: vec![],
        rows: vec![vec![span("a", 3, 1)]],
        font_size: None,
    })];
    assert!(DocxRenderer::default().render(&doc, &png).is_err());
    // A short row is completed, not rejected.
    doc.body = vec![Block::Table(Table {
        widths: vec![1.0, 1.0],
        header: vec![],
        rows: vec![vec![cell("a")], vec![cell("b"), cell("c")]],
        font_size: None,
    })];
    let bytes = DocxRenderer::default().render(&doc, &png).unwrap();
    assert_eq!(docx_tables(&bytes)[1].rows[0].cells.len(), 2);
}

#[test]
fn adjacent_tables_stay_apart() {
    let mut doc = seed();
    let table = Table {
        widths: vec![1.0, 2.0],
        header: vec![vec![cell("A"), cell("B")]],
        rows: vec![vec![cell("1"), cell("2")]],
        font_size: None,
    };
    doc.body = vec![p("Trước"), Block::Table(table.clone()), Block::Table(table), p("Sau")];
    let xml = docx_xml(&render(&doc), "word/document.xml");
    let tree = roxmltree::Document::parse(&xml).unwrap();
    let body = tree.descendants().find(|n| n.has_tag_name((W, "body"))).unwrap();
    let kinds: Vec<&str> = body.children().filter(|n| n.is_element()).map(|n| n.tag_name().name()).collect();
    // Tables: the header, the two body tables, the signature block.
    let tables: Vec<usize> = kinds.iter().enumerate().filter(|(_, k)| **k == "tbl").map(|(i, _)| i).collect();
    assert_eq!(tables.len(), 4, "{kinds:?}");
    assert_eq!(&kinds[tables[1]..=tables[2]], ["tbl", "p", "tbl"], "{kinds:?}");
}
