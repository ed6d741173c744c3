//! Reading a DOCX back (zip + XML) for assertions.
//!
//! Everything here panics with a message on malformed input: these are test helpers, and a
//! DOCX that cannot be read back is a failed test.

use std::collections::BTreeMap;
use std::io::{Cursor, Read};

use roxmltree::{Document, Node};

pub const W: &str = "http://schemas.openxmlformats.org/wordprocessingml/2006/main";

/// Names of the archive's entries, in archive order.
pub fn docx_part_names(bytes: &[u8]) -> Vec<String> {
    let mut zip = zip::ZipArchive::new(Cursor::new(bytes)).expect("DOCX is not a zip archive");
    (0..zip.len()).map(|i| zip.by_index(i).expect("zip entry").name().expect("entry name").to_string()).collect()
}

/// The raw bytes of one part.
pub fn docx_part_bytes(bytes: &[u8], part: &str) -> Vec<u8> {
    let mut zip = zip::ZipArchive::new(Cursor::new(bytes)).expect("DOCX is not a zip archive");
    let mut entry = zip.by_name(part).unwrap_or_else(|_| panic!("DOCX has no part {part}"));
    let mut out = Vec::new();
    entry.read_to_end(&mut out).expect("read zip entry");
    out
}

/// One part's XML text (e.g. `word/document.xml`).
pub fn docx_xml(bytes: &[u8], part: &str) -> String {
    String::from_utf8(docx_part_bytes(bytes, part)).unwrap_or_else(|_| panic!("{part} is not UTF-8"))
}

fn parse(xml: &str) -> Document<'_> {
    Document::parse(xml).unwrap_or_else(|e| panic!("XML does not parse: {e}"))
}

fn is_w(n: &Node, name: &str) -> bool {
    n.is_element() && n.tag_name().name() == name && n.tag_name().namespace() == Some(W)
}

fn child<'a, 'i>(n: Node<'a, 'i>, name: &str) -> Option<Node<'a, 'i>> {
    n.children().find(|c| is_w(c, name))
}

fn wattr(n: Node, name: &str) -> Option<String> {
    n.attribute((W, name)).map(str::to_string)
}

fn wattr_i(n: Node, name: &str) -> Option<i64> {
    n.attribute((W, name)).and_then(|v| v.parse().ok())
}

/// An on/off property (`<w:b/>`, `<w:b w:val="true"/>`) is on.
fn on(n: Option<Node>) -> bool {
    n.map(|n| !matches!(n.attribute((W, "val")), Some("0" | "false" | "off"))).unwrap_or(false)
}

/// Text of a paragraph: its `w:t` (tabs as `\t`, breaks as `\n`), field instructions left out.
pub fn paragraph_text(p: Node) -> String {
    let mut s = String::new();
    for n in p.descendants() {
        if is_w(&n, "t") {
            s.push_str(n.text().unwrap_or(""));
        } else if is_w(&n, "tab") && n.parent().map(|p| is_w(&p, "r")).unwrap_or(false) {
            s.push('\t');
        } else if is_w(&n, "br") {
            s.push('\n');
        }
    }
    s
}

fn paragraphs_of(xml: &str) -> Vec<String> {
    let doc = parse(xml);
    doc.descendants().filter(|n| is_w(n, "p")).map(paragraph_text).collect()
}

/// Texts of the body's paragraphs in document order, table cells included.
pub fn docx_paragraph_texts(bytes: &[u8]) -> Vec<String> {
    paragraphs_of(&docx_xml(bytes, "word/document.xml"))
}

/// Paragraph texts of every header and footer part, keyed by part name.
pub fn docx_header_footer_texts(bytes: &[u8]) -> BTreeMap<String, Vec<String>> {
    docx_part_names(bytes)
        .into_iter()
        .filter(|n| n.starts_with("word/header") || n.starts_with("word/footer"))
        .map(|n| {
            let texts = paragraphs_of(&docx_xml(bytes, &n));
            (n, texts)
        })
        .collect()
}

/// Run properties that matter for Decree 30.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct RunInfo {
    pub text: String,
    /// `w:sz` in half-points.
    pub size: Option<i64>,
    pub bold: bool,
    pub italic: bool,
    /// `w:vertAlign` value: `subscript`, `superscript`.
    pub vert_align: Option<String>,
    /// `w:rFonts w:ascii`.
    pub font: Option<String>,
}

/// Paragraph properties and runs.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ParaInfo {
    pub text: String,
    pub jc: Option<String>,
    /// `w:ind` values in twips.
    pub first_line: Option<i64>,
    pub left: Option<i64>,
    pub right: Option<i64>,
    /// `w:spacing` values: before/after in twips, line in 240ths (auto) or twips.
    pub before: Option<i64>,
    pub after: Option<i64>,
    pub line: Option<i64>,
    pub line_rule: Option<String>,
    /// `w:pBdr/w:bottom`: (val, sz in eighths of a point).
    pub bottom_border: Option<(String, i64)>,
    /// Inside a table cell.
    pub in_table: bool,
    pub runs: Vec<RunInfo>,
}

fn run_info(r: Node) -> RunInfo {
    let rpr = child(r, "rPr");
    let get = |name: &str| rpr.and_then(|p| child(p, name));
    RunInfo {
        text: r.children().filter(|c| is_w(c, "t")).map(|t| t.text().unwrap_or("")).collect(),
        size: get("sz").and_then(|s| wattr_i(s, "val")),
        bold: on(get("b")),
        italic: on(get("i")),
        vert_align: get("vertAlign").and_then(|v| wattr(v, "val")),
        font: get("rFonts").and_then(|f| wattr(f, "ascii")),
    }
}

fn para_info(p: Node) -> ParaInfo {
    let ppr = child(p, "pPr");
    let get = |name: &str| ppr.and_then(|x| child(x, name));
    let ind = get("ind");
    let sp = get("spacing");
    ParaInfo {
        text: paragraph_text(p),
        jc: get("jc").and_then(|j| wattr(j, "val")),
        first_line: ind.and_then(|i| wattr_i(i, "firstLine")),
        left: ind.and_then(|i| wattr_i(i, "left").or_else(|| wattr_i(i, "start"))),
        right: ind.and_then(|i| wattr_i(i, "right").or_else(|| wattr_i(i, "end"))),
        before: sp.and_then(|s| wattr_i(s, "before")),
        after: sp.and_then(|s| wattr_i(s, "after")),
        line: sp.and_then(|s| wattr_i(s, "line")),
        line_rule: sp.and_then(|s| wattr(s, "lineRule")),
        bottom_border: get("pBdr")
            .and_then(|b| child(b, "bottom"))
            .map(|b| (wattr(b, "val").unwrap_or_default(), wattr_i(b, "sz").unwrap_or(0))),
        in_table: p.ancestors().any(|a| is_w(&a, "tc")),
        runs: p.children().filter(|c| is_w(c, "r")).map(run_info).collect(),
    }
}

/// Every paragraph of a part (default `word/document.xml`) with its properties.
pub fn docx_paragraphs_in(bytes: &[u8], part: &str) -> Vec<ParaInfo> {
    let xml = docx_xml(bytes, part);
    let doc = parse(&xml);
    doc.descendants().filter(|n| is_w(n, "p")).map(para_info).collect()
}

pub fn docx_paragraphs(bytes: &[u8]) -> Vec<ParaInfo> {
    docx_paragraphs_in(bytes, "word/document.xml")
}

/// The first paragraph whose text equals `text`.
pub fn docx_paragraph(bytes: &[u8], text: &str) -> ParaInfo {
    docx_paragraphs(bytes)
        .into_iter()
        .find(|p| p.text == text)
        .unwrap_or_else(|| panic!("no paragraph {text:?} in the DOCX"))
}

/// A section's page setup (`w:sectPr`), in document order (the body's own last).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct SectionInfo {
    pub width: i64,
    pub height: i64,
    pub orient: Option<String>,
    pub top: i64,
    pub bottom: i64,
    pub left: i64,
    pub right: i64,
    pub header: i64,
    pub title_pg: bool,
    /// `(type, r:id)` of each `w:headerReference`.
    pub header_refs: Vec<(String, String)>,
}

pub fn docx_sections(bytes: &[u8]) -> Vec<SectionInfo> {
    const R: &str = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";
    let xml = docx_xml(bytes, "word/document.xml");
    let doc = parse(&xml);
    doc.descendants()
        .filter(|n| is_w(n, "sectPr"))
        .map(|s| {
            let sz = child(s, "pgSz").expect("sectPr without pgSz");
            let mar = child(s, "pgMar").expect("sectPr without pgMar");
            let m = |k: &str| wattr_i(mar, k).unwrap_or_else(|| panic!("pgMar without {k}"));
            SectionInfo {
                width: wattr_i(sz, "w").expect("pgSz w"),
                height: wattr_i(sz, "h").expect("pgSz h"),
                orient: wattr(sz, "orient"),
                top: m("top"),
                bottom: m("bottom"),
                left: m("left"),
                right: m("right"),
                header: m("header"),
                title_pg: on(child(s, "titlePg")),
                header_refs: s
                    .children()
                    .filter(|c| is_w(c, "headerReference"))
                    .map(|h| (wattr(h, "type").unwrap_or_default(), h.attribute((R, "id")).unwrap_or("").to_string()))
                    .collect(),
            }
        })
        .collect()
}

/// docDefaults: (rFonts ascii, hAnsi, cs, eastAsia, sz in half-points).
pub fn docx_default_run(bytes: &[u8]) -> (Vec<Option<String>>, Option<i64>) {
    let xml = docx_xml(bytes, "word/styles.xml");
    let doc = parse(&xml);
    let rpr = doc
        .descendants()
        .find(|n| is_w(n, "rPrDefault"))
        .and_then(|d| child(d, "rPr"))
        .expect("styles.xml without rPrDefault");
    let fonts = child(rpr, "rFonts");
    let names = ["ascii", "hAnsi", "cs", "eastAsia"].iter().map(|k| fonts.and_then(|f| wattr(f, k))).collect();
    (names, child(rpr, "sz").and_then(|s| wattr_i(s, "val")))
}

#[derive(Debug, Clone, Default, PartialEq)]
pub struct CellInfo {
    /// `w:tcW` in dxa.
    pub width: Option<i64>,
    pub grid_span: i64,
    /// `w:vMerge`: `Some("restart")`, `Some("continue")` (also for a bare `<w:vMerge/>`).
    pub v_merge: Option<String>,
    pub texts: Vec<String>,
}

#[derive(Debug, Clone, Default, PartialEq)]
pub struct RowInfo {
    /// `w:tblHeader`: repeated at the top of each page.
    pub header: bool,
    pub cells: Vec<CellInfo>,
}

#[derive(Debug, Clone, Default, PartialEq)]
pub struct TableInfo {
    /// `w:gridCol` widths.
    pub grid: Vec<i64>,
    /// `w:tblW` (w, type).
    pub width: Option<(i64, String)>,
    /// `w:tblLayout` type.
    pub layout: Option<String>,
    /// `w:tblBorders` children: (name, val).
    pub borders: Vec<(String, String)>,
    pub rows: Vec<RowInfo>,
}

/// The body's tables (top level), in document order.
pub fn docx_tables(bytes: &[u8]) -> Vec<TableInfo> {
    let xml = docx_xml(bytes, "word/document.xml");
    let doc = parse(&xml);
    doc.descendants()
        .filter(|n| is_w(n, "tbl"))
        .map(|t| {
            let tpr = child(t, "tblPr");
            let get = |name: &str| tpr.and_then(|p| child(p, name));
            TableInfo {
                grid: child(t, "tblGrid")
                    .map(|g| g.children().filter(|c| is_w(c, "gridCol")).filter_map(|c| wattr_i(c, "w")).collect())
                    .unwrap_or_default(),
                width: get("tblW").map(|w| (wattr_i(w, "w").unwrap_or(0), wattr(w, "type").unwrap_or_default())),
                layout: get("tblLayout").and_then(|l| wattr(l, "type")),
                borders: get("tblBorders")
                    .map(|b| {
                        b.children()
                            .filter(|c| c.is_element())
                            .map(|c| (c.tag_name().name().to_string(), wattr(c, "val").unwrap_or_default()))
                            .collect()
                    })
                    .unwrap_or_default(),
                rows: t
                    .children()
                    .filter(|r| is_w(r, "tr"))
                    .map(|r| RowInfo {
                        header: on(child(r, "trPr").and_then(|p| child(p, "tblHeader"))),
                        cells: r
                            .children()
                            .filter(|c| is_w(c, "tc"))
                            .map(|c| {
                                let pr = child(c, "tcPr");
                                let g = |n: &str| pr.and_then(|p| child(p, n));
                                CellInfo {
                                    width: g("tcW").and_then(|w| wattr_i(w, "w")),
                                    grid_span: g("gridSpan").and_then(|s| wattr_i(s, "val")).unwrap_or(1),
                                    v_merge: g("vMerge").map(|v| wattr(v, "val").unwrap_or_else(|| "continue".into())),
                                    texts: c.children().filter(|p| is_w(p, "p")).map(paragraph_text).collect(),
                                }
                            })
                            .collect(),
                    })
                    .collect(),
            }
        })
        .collect()
}

/// Every XML part of the archive parses.
pub fn docx_all_xml_parses(bytes: &[u8]) {
    for name in docx_part_names(bytes) {
        if name.ends_with(".xml") || name.ends_with(".rels") {
            let xml = docx_xml(bytes, &name);
            Document::parse(&xml).unwrap_or_else(|e| panic!("{name} does not parse: {e}"));
        }
    }
}
