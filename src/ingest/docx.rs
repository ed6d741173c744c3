//! Word reports (`.docx`): `word/document.xml` read with quick-xml into the document's
//! paragraphs and top-level tables (docs/domain.md, "Other shapes agencies send").
//!
//! Each top-level table becomes a [`SheetGrid`] named `Bảng N` (its 1-based position among
//! the document's top-level tables) whose row 1 is the table's first row, Word's merged
//! cells (`w:gridSpan`, `w:vMerge`) expressed as the merged ranges a sheet has: the sheet
//! reader (header vocabulary, two-row headers, body walking, status rules) then reads it as
//! it reads a worksheet. The text standing before the first task table (paragraphs, and
//! the borderless header table Decree 30 layouts use) is the title block; the text after
//! the last one is the footer.
//!
//! Bounded like the workbook reader: the zip is checked before anything is inflated, the
//! XML may not nest deeper than [`MAX_DEPTH`], a DTD is refused (no entity is ever
//! expanded beyond the five XML ones and character references), and tables are held to
//! the sheet limits.

use super::grid::{CellValue, SheetGrid};
use super::table;
use super::workbook::ReadLimits;
use super::xlsx::{self, ZipProblem};
use crate::normalize::legacy::is_legacy_font;
use quick_xml::events::{BytesStart, Event};
use quick_xml::Reader;
use std::collections::HashMap;

/// Deepest element nesting accepted (Word's own documents stay far below 100).
pub const MAX_DEPTH: usize = 256;

/// Name of the grid holding the title block.
pub const TITLE_GRID: &str = "Phần đầu văn bản";
/// Name of the grid holding the text after the last task table.
pub const FOOTER_GRID: &str = "Phần cuối văn bản";

/// A paragraph longer than this is body text, not part of the title block.
const TITLE_LINE_MAX_CHARS: usize = 160;

const MIB: u64 = 1024 * 1024;

#[derive(Debug, thiserror::Error)]
pub enum DocxError {
    #[error("tệp «{file}» bị hỏng hoặc không trọn vẹn (có thể gửi hoặc tải về chưa hết): {detail}; hãy đề nghị đơn vị gửi lại")]
    Corrupt { file: String, detail: String },
    #[error("tệp «{file}» quá lớn: {detail}; không đọc (có thể là tệp hỏng hoặc tệp nén độc hại)")]
    TooLarge { file: String, detail: String },
    #[error("tệp «{file}» không phải văn bản Word .docx ({what}); hãy đề nghị đơn vị gửi lại tệp .docx hoặc .xlsx")]
    NotADocument { file: String, what: String },
}

/// One block of the document body, in order.
#[derive(Debug, Clone, PartialEq)]
pub enum Block {
    Paragraph(Paragraph),
    /// A top-level table as a grid (nested tables are folded into their cell's text).
    Table(SheetGrid),
}

#[derive(Debug, Clone, PartialEq, Default)]
pub struct Paragraph {
    /// Text with tabs (`\t`) and line breaks (`\n`) kept.
    pub text: String,
    /// The first font its runs name (or the document's default font).
    pub font: Option<String>,
}

/// A Word document's body.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct WordDocument {
    pub blocks: Vec<Block>,
}

/// What the report builder reads of a Word document.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct WordParts {
    /// Every top-level table, `Bảng 1`, `Bảng 2`… (which of them hold tasks is the sheet
    /// reader's decision); the first task table carries the title block as its `above`,
    /// the last one the footer as its `below`.
    pub tables: Vec<SheetGrid>,
    /// Title block: paragraphs and non-task tables before the first task table, one row
    /// per paragraph (split into cells at tabs) or table row, up to the first body paragraph.
    pub title: SheetGrid,
    /// Paragraphs and non-task tables after the last task table.
    pub footer: SheetGrid,
    /// Per table name, the heading right above it (its nearest non-empty paragraph, when
    /// short and after the previous table): `2. Chỉ số SIPAS` over a table plays the part
    /// a sheet named `SIPAS` plays in a workbook.
    pub captions: std::collections::BTreeMap<String, String>,
}

impl WordDocument {
    pub fn tables(&self) -> impl Iterator<Item = &SheetGrid> {
        self.blocks.iter().filter_map(|b| match b {
            Block::Table(g) => Some(g),
            Block::Paragraph(_) => None,
        })
    }

    /// Splits the document into its tables, title block and footer.
    pub fn parts(&self) -> WordParts {
        let is_task = |b: &Block| matches!(b, Block::Table(g) if table::find_header(g).is_some());
        let first = self.blocks.iter().position(is_task);
        let last = self.blocks.iter().rposition(is_task);
        let mut title = TextGrid::new(TITLE_GRID);
        let mut footer = TextGrid::new(FOOTER_GRID);
        // Without a task table everything is title: the agency and month are still read.
        for block in &self.blocks[..first.unwrap_or(self.blocks.len())] {
            if let Block::Paragraph(p) = block {
                if is_body_paragraph(&p.text) {
                    break;
                }
            }
            title.push(block);
        }
        if let Some(last) = last {
            for block in &self.blocks[last + 1..] {
                footer.push(block);
            }
        }
        let mut captions = std::collections::BTreeMap::new();
        let mut last_text: Option<&str> = None;
        for block in &self.blocks {
            match block {
                Block::Paragraph(p) if !p.text.trim().is_empty() => last_text = Some(p.text.trim()),
                Block::Paragraph(_) => {}
                Block::Table(g) => {
                    if let Some(text) = last_text.take().filter(|t| t.chars().count() <= TITLE_LINE_MAX_CHARS) {
                        captions.insert(g.name.clone(), text.to_string());
                    }
                }
            }
        }
        let mut tables: Vec<SheetGrid> = self.tables().cloned().collect();
        let task_tables: Vec<usize> =
            tables.iter().enumerate().filter(|(_, g)| table::find_header(g).is_some()).map(|(i, _)| i).collect();
        if let (Some(&first), Some(&last)) = (task_tables.first(), task_tables.last()) {
            tables[first].above = Some(Box::new(title.grid.clone()));
            tables[last].below = Some(Box::new(footer.grid.clone()));
        }
        WordParts { tables, title: title.grid, footer: footer.grid, captions }
    }
}

/// Body text starts the report proper: a long paragraph, or a section heading (`I.`, `1.`,
/// `Phần I`), which the title block never holds.
fn is_body_paragraph(text: &str) -> bool {
    let t = text.trim();
    if t.chars().count() > TITLE_LINE_MAX_CHARS {
        return true;
    }
    let head: String = t.chars().take_while(|c| !matches!(c, '.' | ')' | ' ')).collect();
    let numbered = !head.is_empty()
        && (head.chars().all(|c| c.is_ascii_digit()) || head.chars().all(|c| matches!(c, 'I' | 'V' | 'X')))
        && t[head.len()..].starts_with(['.', ')']);
    numbered || crate::normalize::text::key(t).starts_with("phan ")
}

/// Rows of text built from blocks.
struct TextGrid {
    grid: SheetGrid,
}

impl TextGrid {
    fn new(name: &str) -> Self {
        TextGrid { grid: SheetGrid { name: name.to_string(), ..SheetGrid::default() } }
    }

    fn push(&mut self, block: &Block) {
        match block {
            Block::Paragraph(p) => {
                let cells: Vec<&str> = p.text.split('\t').map(str::trim).filter(|s| !s.is_empty()).collect();
                if cells.is_empty() {
                    return;
                }
                let row = self.grid.rows.len() as u32;
                if let Some(font) = p.font.as_ref().filter(|f| is_legacy_font(f)) {
                    for c in 0..cells.len() {
                        self.grid.fonts.insert((row, c as u32), font.clone());
                    }
                }
                self.grid.rows.push(cells.into_iter().map(|s| CellValue::Text(s.to_string())).collect());
            }
            Block::Table(g) => {
                for (r, cells) in g.rows.iter().enumerate() {
                    if cells.iter().all(CellValue::is_empty) {
                        continue;
                    }
                    let row = self.grid.rows.len() as u32;
                    for (c, _) in cells.iter().enumerate() {
                        if let Some(font) = g.font(r, c) {
                            self.grid.fonts.insert((row, c as u32), font.to_string());
                        }
                    }
                    self.grid.rows.push(cells.clone());
                }
            }
        }
    }
}

/// Reads a `.docx` held in memory.
pub fn read_docx(file: &str, bytes: &[u8], limits: &ReadLimits) -> Result<WordDocument, DocxError> {
    let entries = xlsx::check_zip(bytes, limits.max_inflated_bytes).map_err(|p| zip_error(file, p))?;
    let Some(main) = main_part(&entries) else {
        return Err(DocxError::NotADocument {
            file: file.to_string(),
            what: "không có phần nội dung word/document.xml".into(),
        });
    };
    let xml = xlsx::read_entry(bytes, &main).ok_or_else(|| DocxError::Corrupt {
        file: file.to_string(),
        detail: format!("không đọc được phần «{main}»"),
    })?;
    let default_font = entries
        .iter()
        .find(|e| e.eq_ignore_ascii_case("word/styles.xml"))
        .and_then(|name| xlsx::read_entry(bytes, name))
        .and_then(|styles| default_font(&styles));
    Parser::new(file, limits, default_font).parse(&xml)
}

fn main_part(entries: &[String]) -> Option<String> {
    entries.iter().find(|e| e.eq_ignore_ascii_case("word/document.xml")).cloned()
}

/// True when the zip's entries are those of a Word document.
pub fn is_word_package(entries: &[String]) -> bool {
    main_part(entries).is_some()
}

fn zip_error(file: &str, problem: ZipProblem) -> DocxError {
    match problem {
        ZipProblem::Corrupt(detail) => {
            DocxError::Corrupt { file: file.to_string(), detail: format!("tệp nén bị lỗi ({detail})") }
        }
        ZipProblem::TooLarge { entry, bytes, limit, declared } => DocxError::TooLarge {
            file: file.to_string(),
            detail: if declared {
                format!(
                    "khi giải nén sẽ chiếm hơn {} MiB (phần «{entry}»), vượt giới hạn {} MiB",
                    bytes / MIB,
                    limit / MIB
                )
            } else {
                format!("phần «{entry}» giải nén ra nhiều hơn kích thước khai báo ({limit} byte), đã dừng giải nén")
            },
        },
    }
}

/// The local name of a WordprocessingML element (prefix `w` or none); `None` for other
/// vocabularies (DrawingML `a:t` is not document text).
fn w_name<'a>(e: &'a BytesStart<'_>) -> Option<&'a str> {
    let name = e.name();
    match name.prefix() {
        None => Some(e.local_name().into_inner()),
        Some(p) if p.as_ref() == "w" => Some(e.local_name().into_inner()),
        _ => None,
    }
}

fn w_end_name(name: quick_xml::name::QName<'_>) -> Option<String> {
    match name.prefix() {
        None => Some(name.local_name().as_ref().to_string()),
        Some(p) if p.as_ref() == "w" => Some(name.local_name().as_ref().to_string()),
        _ => None,
    }
}

fn attr(e: &BytesStart<'_>, key: &str) -> Option<String> {
    e.attributes().flatten().find(|a| a.key.as_ref() == key).map(|a| a.value.as_ref().to_string())
}

/// The font of the default paragraph style, else of the document defaults (`styles.xml`).
fn default_font(xml: &[u8]) -> Option<String> {
    let mut reader = Reader::from_reader(xml);
    let mut in_defaults = false;
    let mut in_default_style = false;
    let mut depth = 0usize;
    let (mut from_defaults, mut from_style) = (None, None);
    loop {
        match reader.read_event() {
            Ok(Event::Start(e)) => {
                depth += 1;
                if depth > MAX_DEPTH {
                    return None;
                }
                match w_name(&e) {
                    Some("docDefaults") => in_defaults = true,
                    Some("style") => {
                        in_default_style = attr(&e, "w:type").as_deref() == Some("paragraph")
                            && matches!(attr(&e, "w:default").as_deref(), Some("1" | "true" | "on"))
                    }
                    _ => {}
                }
            }
            Ok(Event::Empty(e)) if w_name(&e) == Some("rFonts") => {
                let font = attr(&e, "w:ascii").or_else(|| attr(&e, "w:hAnsi"));
                if in_default_style && from_style.is_none() {
                    from_style = font;
                } else if in_defaults && from_defaults.is_none() {
                    from_defaults = font;
                }
            }
            Ok(Event::End(e)) => {
                depth = depth.saturating_sub(1);
                match w_end_name(e.name()).as_deref() {
                    Some("docDefaults") => in_defaults = false,
                    Some("style") => in_default_style = false,
                    _ => {}
                }
            }
            Ok(Event::Eof) | Err(_) | Ok(Event::DocType(_)) => break,
            Ok(_) => {}
        }
    }
    from_style.or(from_defaults)
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum VMerge {
    None,
    Restart,
    Continue,
}

#[derive(Debug)]
struct CellBuild {
    paragraphs: Vec<String>,
    font: Option<String>,
    span: u32,
    vmerge: VMerge,
}

#[derive(Debug, Default)]
struct RowBuild {
    grid_before: u32,
    cells: Vec<CellBuild>,
}

#[derive(Debug, Default)]
struct TableBuild {
    rows: Vec<RowBuild>,
    /// A cell is open (between `<w:tc>` and `</w:tc>`).
    in_cell: bool,
    in_row: bool,
}

struct Parser<'a> {
    file: &'a str,
    limits: &'a ReadLimits,
    default_font: Option<String>,
    blocks: Vec<Block>,
    tables: Vec<TableBuild>,
    /// Nesting of `<w:p>` (text boxes hold paragraphs inside a paragraph).
    para_depth: usize,
    para: String,
    para_font: Option<String>,
    run_font: Option<String>,
    in_text: bool,
    /// Open elements, local names of the WordprocessingML ones (empty for others).
    stack: Vec<String>,
    table_count: usize,
    /// Paragraphs and cells so far: bounded like a sheet's cells, since each costs memory
    /// however few bytes it takes in the file.
    items: u64,
}

impl<'a> Parser<'a> {
    fn new(file: &'a str, limits: &'a ReadLimits, default_font: Option<String>) -> Self {
        Parser {
            file,
            limits,
            default_font,
            blocks: Vec::new(),
            tables: Vec::new(),
            para_depth: 0,
            para: String::new(),
            para_font: None,
            run_font: None,
            in_text: false,
            stack: Vec::new(),
            table_count: 0,
            items: 0,
        }
    }

    fn corrupt(&self, detail: impl std::fmt::Display) -> DocxError {
        DocxError::Corrupt { file: self.file.to_string(), detail: detail.to_string() }
    }

    fn parent(&self) -> &str {
        self.stack.last().map_or("", String::as_str)
    }

    fn parse(mut self, xml: &[u8]) -> Result<WordDocument, DocxError> {
        let mut reader = Reader::from_reader(xml);
        loop {
            let event = reader
                .read_event()
                .map_err(|e| self.corrupt(format!("nội dung văn bản (word/document.xml) sai cấu trúc XML: {e}")))?;
            match event {
                Event::Start(e) => {
                    if e.name().as_ref() == "mc:Fallback" {
                        // Same content as its `mc:Choice`, for older readers: read once.
                        reader.read_to_end(e.name()).map_err(|e| self.corrupt(e))?;
                        continue;
                    }
                    if self.stack.len() >= MAX_DEPTH {
                        return Err(self.corrupt(format!("các phần tử lồng nhau quá {MAX_DEPTH} cấp")));
                    }
                    let name = w_name(&e).map(str::to_string).unwrap_or_default();
                    self.start(&e, &name, false)?;
                    self.stack.push(name);
                }
                Event::Empty(e) => {
                    let name = w_name(&e).map(str::to_string).unwrap_or_default();
                    self.start(&e, &name, true)?;
                    // An empty paragraph or table holds nothing; an empty cell or row still counts.
                    if matches!(name.as_str(), "tc" | "tr") {
                        self.end(&name)?;
                    }
                }
                Event::End(_) => {
                    let name = self.stack.pop().unwrap_or_default();
                    if !name.is_empty() {
                        self.end(&name)?;
                    }
                }
                Event::Text(t) if self.in_text => self.para.push_str(&t.xml10_content()),
                Event::CData(t) if self.in_text => self.para.push_str(&t.xml10_content()),
                Event::GeneralRef(r) if self.in_text => {
                    if let Ok(Some(c)) = r.resolve_char_ref() {
                        self.para.push(c);
                    } else if let Some(s) = quick_xml::escape::resolve_predefined_entity(&r.xml10_content()) {
                        self.para.push_str(s);
                    }
                }
                Event::DocType(_) => {
                    return Err(self.corrupt("có khai báo DTD (Word không bao giờ ghi), không đọc để an toàn"));
                }
                Event::Eof => break,
                _ => {}
            }
        }
        Ok(WordDocument { blocks: self.blocks })
    }

    fn start(&mut self, e: &BytesStart<'_>, name: &str, empty: bool) -> Result<(), DocxError> {
        if matches!(name, "tc" | "p") {
            self.items += 1;
            if self.items > self.limits.max_cells {
                return Err(self.too_large(format!(
                    "văn bản có hơn {} đoạn và ô bảng, quá lớn đối với một báo cáo",
                    self.limits.max_cells
                )));
            }
        }
        match name {
            "tbl" if !empty => self.tables.push(TableBuild::default()),
            "tr" => {
                if let Some(t) = self.tables.last_mut() {
                    if t.rows.len() as u64 >= u64::from(self.limits.max_rows) {
                        return Err(self.too_large(format!(
                            "bảng có hơn {} dòng, quá lớn đối với một báo cáo",
                            self.limits.max_rows
                        )));
                    }
                    t.rows.push(RowBuild::default());
                    t.in_row = true;
                }
            }
            "tc" => {
                if let Some(t) = self.tables.last_mut() {
                    if !t.in_row {
                        t.rows.push(RowBuild::default());
                        t.in_row = true;
                    }
                    if let Some(row) = t.rows.last_mut() {
                        row.cells.push(CellBuild { paragraphs: Vec::new(), font: None, span: 1, vmerge: VMerge::None });
                        t.in_cell = true;
                    }
                }
            }
            "gridSpan" | "vMerge" | "gridBefore" => self.cell_property(e, name),
            "p" if !empty => {
                self.para_depth += 1;
                if self.para_depth == 1 {
                    self.para.clear();
                    self.para_font = None;
                } else if !self.para.is_empty() {
                    self.para.push('\n');
                }
            }
            "r" => self.run_font = None,
            "rFonts" if self.stack.len() >= 2 && self.stack[self.stack.len() - 2] == "r" => {
                self.run_font = attr(e, "w:ascii").or_else(|| attr(e, "w:hAnsi"));
            }
            "t" if !empty && self.parent() == "r" => {
                self.in_text = true;
                if self.para_font.is_none() {
                    self.para_font = self.run_font.clone().or_else(|| self.default_font.clone());
                }
            }
            "tab" if self.parent() == "r" => self.para.push('\t'),
            "br" | "cr" if self.parent() == "r" => self.para.push('\n'),
            "noBreakHyphen" if self.parent() == "r" => self.para.push('-'),
            _ => {}
        }
        Ok(())
    }

    fn cell_property(&mut self, e: &BytesStart<'_>, name: &str) {
        let Some(t) = self.tables.last_mut() else { return };
        let Some(row) = t.rows.last_mut() else { return };
        let val = attr(e, "w:val");
        let number = || val.as_deref().and_then(|v| v.trim().parse::<u32>().ok()).unwrap_or(1);
        match name {
            "gridBefore" => row.grid_before = number(),
            "gridSpan" if t.in_cell => {
                if let Some(cell) = row.cells.last_mut() {
                    cell.span = number().max(1);
                }
            }
            "vMerge" if t.in_cell => {
                if let Some(cell) = row.cells.last_mut() {
                    cell.vmerge = if val.as_deref() == Some("restart") { VMerge::Restart } else { VMerge::Continue };
                }
            }
            _ => {}
        }
    }

    fn end(&mut self, name: &str) -> Result<(), DocxError> {
        match name {
            "t" => self.in_text = false,
            "r" => self.run_font = None,
            "p" => {
                self.para_depth = self.para_depth.saturating_sub(1);
                if self.para_depth == 0 {
                    self.finish_paragraph();
                }
            }
            "tc" => {
                if let Some(t) = self.tables.last_mut() {
                    t.in_cell = false;
                }
            }
            "tr" => {
                if let Some(t) = self.tables.last_mut() {
                    t.in_row = false;
                    t.in_cell = false;
                }
            }
            "tbl" => {
                let Some(built) = self.tables.pop() else { return Ok(()) };
                if self.tables.is_empty() && self.para_depth == 0 {
                    self.table_count += 1;
                    let grid = self.grid(built)?;
                    self.blocks.push(Block::Table(grid));
                } else {
                    // A table inside a cell (or a text box): its text joins the enclosing cell.
                    let text = nested_text(&built);
                    if !text.is_empty() {
                        if !self.para.is_empty() {
                            self.para.push('\n');
                        }
                        self.para.push_str(&text);
                        if self.para_depth == 0 {
                            self.finish_paragraph();
                        }
                    }
                }
            }
            _ => {}
        }
        Ok(())
    }

    fn finish_paragraph(&mut self) {
        let text = std::mem::take(&mut self.para);
        let font = self.para_font.take();
        match self.tables.last_mut() {
            Some(t) if t.in_cell => {
                if let Some(cell) = t.rows.last_mut().and_then(|r| r.cells.last_mut()) {
                    if cell.font.is_none() && !text.trim().is_empty() {
                        cell.font = font;
                    }
                    cell.paragraphs.push(text);
                }
            }
            _ => self.blocks.push(Block::Paragraph(Paragraph { text, font })),
        }
    }

    fn too_large(&self, detail: String) -> DocxError {
        DocxError::TooLarge { file: self.file.to_string(), detail }
    }

    /// The table as a sheet: each cell at its grid column (after `w:gridBefore` and the
    /// spans before it), its text in the first column of its span, merged ranges for spans
    /// and vertical merges as a worksheet would have them.
    fn grid(&self, built: TableBuild) -> Result<SheetGrid, DocxError> {
        let limits = self.limits;
        let name = format!("Bảng {}", self.table_count);
        let mut grid = SheetGrid { name: name.clone(), ..SheetGrid::default() };
        // Vertical merges still open, keyed by first column: index into `merges`.
        let mut open: HashMap<u32, usize> = HashMap::new();
        let mut merges: Vec<(u32, u32, u32, u32)> = Vec::new();
        let mut dense: u64 = 0;
        for (r, row) in built.rows.into_iter().enumerate() {
            let r32 = r as u32;
            let mut col = row.grid_before.min(limits.max_cols);
            let mut cells: Vec<CellValue> = vec![CellValue::Empty; col as usize];
            let mut continued: Vec<u32> = Vec::new();
            for cell in row.cells {
                let span = cell.span.max(1);
                let end = u64::from(col) + u64::from(span);
                if end > u64::from(limits.max_cols) {
                    return Err(self.too_large(format!(
                        "«{name}» có ô trải quá {} cột, quá lớn đối với một báo cáo",
                        limits.max_cols
                    )));
                }
                let last = col + span - 1;
                let text = cell.paragraphs.join("\n");
                let mut value = if text.trim().is_empty() { CellValue::Empty } else { CellValue::Text(text) };
                match cell.vmerge {
                    VMerge::Continue if open.contains_key(&col) => {
                        let m = open[&col];
                        merges[m].2 = r32;
                        continued.push(col);
                        // Word keeps the text in the first cell of the merge, as Excel does.
                        value = CellValue::Empty;
                    }
                    VMerge::Restart => {
                        merges.push((r32, col, r32, last));
                        open.insert(col, merges.len() - 1);
                        continued.push(col);
                    }
                    _ => {
                        open.remove(&col);
                        if span > 1 {
                            merges.push((r32, col, r32, last));
                        }
                    }
                }
                if let (CellValue::Text(_), Some(font)) = (&value, cell.font.as_ref()) {
                    if is_legacy_font(font) {
                        grid.fonts.insert((r32, col), font.clone());
                    }
                }
                cells.push(value);
                cells.resize(end as usize, CellValue::Empty);
                col = end as u32;
            }
            // A merge not continued on this row has ended.
            open.retain(|c, _| continued.contains(c));
            while cells.last().is_some_and(|c| *c == CellValue::Empty) {
                cells.pop();
            }
            dense += cells.len() as u64;
            if dense > limits.max_cells {
                return Err(
                    self.too_large(format!("«{name}» có hơn {} ô, quá lớn đối với một báo cáo", limits.max_cells))
                );
            }
            grid.rows.push(cells);
        }
        grid.merged = merges.into_iter().filter(|&(r0, c0, r1, c1)| r0 != r1 || c0 != c1).collect();
        Ok(grid)
    }
}

/// Text of a nested table: one line per row, cells separated by ` | `.
fn nested_text(t: &TableBuild) -> String {
    t.rows
        .iter()
        .map(|row| {
            row.cells
                .iter()
                .map(|c| c.paragraphs.join(" ").trim().to_string())
                .filter(|s| !s.is_empty())
                .collect::<Vec<_>>()
                .join(" | ")
        })
        .filter(|l| !l.is_empty())
        .collect::<Vec<_>>()
        .join("\n")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn doc(body: &str) -> WordDocument {
        let xml = format!(
            r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>{body}</w:body></w:document>"#
        );
        Parser::new("a.docx", &ReadLimits::default(), None).parse(xml.as_bytes()).unwrap()
    }

    fn p(text: &str) -> String {
        format!("<w:p><w:r><w:t xml:space=\"preserve\">{text}</w:t></w:r></w:p>")
    }

    fn tc(props: &str, text: &str) -> String {
        format!("<w:tc><w:tcPr>{props}</w:tcPr>{}</w:tc>", p(text))
    }

    #[test]
    fn paragraphs_keep_tabs_breaks_and_entities() {
        let d = doc(&format!(
            "{}<w:p><w:r><w:t>A</w:t><w:tab/><w:t>B &amp; C&#x1EA1;</w:t><w:br/><w:t>D</w:t></w:r></w:p>",
            p("SỞ Y TẾ")
        ));
        assert_eq!(
            d.blocks,
            vec![
                Block::Paragraph(Paragraph { text: "SỞ Y TẾ".into(), font: None }),
                Block::Paragraph(Paragraph { text: "A\tB & Cạ\nD".into(), font: None }),
            ]
        );
    }

    #[test]
    fn merged_cells_become_ranges() {
        let d = doc(&format!(
            "<w:tbl><w:tr>{}{}</w:tr><w:tr>{}{}{}</w:tr><w:tr><w:trPr><w:gridBefore w:val=\"1\"/></w:trPr>{}{}</w:tr></w:tbl>",
            tc("<w:vMerge w:val=\"restart\"/>", "TT"),
            tc("<w:gridSpan w:val=\"2\"/>", "Kết quả"),
            tc("<w:vMerge/>", ""),
            tc("", "Tình trạng"),
            tc("", "Ghi chú"),
            tc("", "x"),
            tc("", "y"),
        ));
        let Block::Table(g) = &d.blocks[0] else { panic!("{d:?}") };
        let t = |s: &str| CellValue::Text(s.into());
        assert_eq!(g.name, "Bảng 1");
        assert_eq!(
            g.rows,
            vec![
                vec![t("TT"), t("Kết quả")],
                vec![CellValue::Empty, t("Tình trạng"), t("Ghi chú")],
                vec![CellValue::Empty, t("x"), t("y")],
            ]
        );
        assert_eq!(g.merged, vec![(0, 0, 1, 0), (0, 1, 0, 2)]);
    }

    #[test]
    fn nested_tables_join_their_cell_and_fallbacks_are_read_once() {
        let d = doc(&format!(
            "<w:tbl><w:tr><w:tc>{}<w:tbl><w:tr>{}{}</w:tr></w:tbl></w:tc></w:tr></w:tbl>\
             <w:p><mc:AlternateContent xmlns:mc=\"m\"><mc:Choice Requires=\"wps\"><w:r><w:t>X</w:t></w:r></mc:Choice><mc:Fallback><w:r><w:t>X</w:t></w:r></mc:Fallback></mc:AlternateContent></w:p>",
            p("Ngoài"),
            tc("", "a"),
            tc("", "b"),
        ));
        let Block::Table(g) = &d.blocks[0] else { panic!("{d:?}") };
        assert_eq!(g.rows, vec![vec![CellValue::Text("Ngoài\na | b".into())]]);
        assert_eq!(d.tables().count(), 1);
        assert!(matches!(&d.blocks[1], Block::Paragraph(p) if p.text == "X"), "{d:?}");
    }

    #[test]
    fn depth_and_dtd_are_bounded() {
        let deep = format!("{}{}", "<w:sdt>".repeat(MAX_DEPTH + 1), "</w:sdt>".repeat(MAX_DEPTH + 1));
        let xml = format!("<w:document xmlns:w=\"w\"><w:body>{deep}</w:body></w:document>");
        let err = Parser::new("a.docx", &ReadLimits::default(), None).parse(xml.as_bytes()).unwrap_err();
        assert!(err.to_string().contains("lồng nhau quá 256 cấp"), "{err}");
        let xml = "<?xml version=\"1.0\"?><!DOCTYPE w [<!ENTITY a \"aaaa\">]><w:document/>";
        let err = Parser::new("a.docx", &ReadLimits::default(), None).parse(xml.as_bytes()).unwrap_err();
        assert!(err.to_string().contains("DTD"), "{err}");
    }

    #[test]
    fn body_paragraphs_end_the_title_block() {
        assert!(is_body_paragraph("I. KẾT QUẢ THỰC HIỆN"));
        assert!(is_body_paragraph("1. Công tác chỉ đạo"));
        assert!(is_body_paragraph(&"x".repeat(200)));
        assert!(!is_body_paragraph("BÁO CÁO"));
        assert!(!is_body_paragraph(
            "Kết quả thực hiện Kế hoạch cải thiện Chỉ số PAPI, SIPAS, PAR INDEX tháng 5 năm 2023"
        ));
        assert!(!is_body_paragraph("Số: 12/BC-STP"));
    }
}
