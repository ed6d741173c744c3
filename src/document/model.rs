//! The document model: the one contract between templates and the renderers.
//!
//! An administrative document as Decree 30/2020/NĐ-CP lays it out: header, type name and
//! subject, recipients, body, signature, `Nơi nhận`, annexes. Renderers (PDF, DOCX) read
//! only this; templates produce only this. It serializes to JSON (snake_case keys,
//! `type`-tagged enums): that JSON is what typst receives as data.

use serde::{Deserialize, Serialize};

/// A piece of text with one style. Text is always literal: no markup survives into it.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Run {
    pub text: String,
    #[serde(default, skip_serializing_if = "is_false")]
    pub bold: bool,
    #[serde(default, skip_serializing_if = "is_false")]
    pub italic: bool,
    #[serde(default, skip_serializing_if = "Script::is_normal")]
    pub script: Script,
}

impl Run {
    pub fn plain(text: impl Into<String>) -> Run {
        Run { text: text.into(), ..Run::default() }
    }
    pub fn bold(text: impl Into<String>) -> Run {
        Run { text: text.into(), bold: true, ..Run::default() }
    }
    pub fn italic(text: impl Into<String>) -> Run {
        Run { text: text.into(), italic: true, ..Run::default() }
    }
}

fn is_false(b: &bool) -> bool {
    !*b
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Script {
    #[default]
    Normal,
    Sub,
    Super,
}

impl Script {
    fn is_normal(&self) -> bool {
        *self == Script::Normal
    }
}

/// A line of styled text.
pub type Line = Vec<Run>;

/// Concatenated text of a line, styles dropped.
pub fn line_text(line: &[Run]) -> String {
    line.iter().map(|r| r.text.as_str()).collect()
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Align {
    #[default]
    Justify,
    Left,
    Center,
    Right,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum Block {
    /// A body paragraph: justified with a first-line indent unless `align`/`indent` say
    /// otherwise.
    Paragraph {
        runs: Line,
        #[serde(default)]
        align: Align,
        #[serde(default = "yes")]
        indent: bool,
    },
    /// A heading; its numbering (`1.`, `I.`, `a)`) is part of its text. Bold, indented
    /// like a paragraph (the usual Vietnamese style), level 1–3.
    Heading {
        level: u8,
        runs: Line,
    },
    /// A `-` list: each item a paragraph starting with `- `.
    List {
        items: Vec<Line>,
    },
    Table(Table),
    Chart(Chart),
    PageBreak,
}

fn yes() -> bool {
    true
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Table {
    /// Column widths as relative weights (e.g. `[1, 6, 2]`); the renderers scale them to
    /// the text width.
    pub widths: Vec<f32>,
    /// Header rows, repeated at the top of every page the table spans.
    #[serde(default)]
    pub header: Vec<Vec<Cell>>,
    pub rows: Vec<Vec<Cell>>,
    /// Font size for the table's text in points; `None` is the layout's table size.
    #[serde(default)]
    pub font_size: Option<f32>,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Cell {
    /// The cell's text; several lines are separate paragraphs.
    pub lines: Vec<Line>,
    #[serde(default = "one")]
    pub colspan: u16,
    #[serde(default = "one")]
    pub rowspan: u16,
    #[serde(default)]
    pub align: Align,
}

fn one() -> u16 {
    1
}

impl Cell {
    pub fn text(text: impl Into<String>) -> Cell {
        Cell { lines: vec![vec![Run::plain(text)]], colspan: 1, rowspan: 1, align: Align::Left }
    }
}

/// A horizontal bar chart (one bar group per category). The PDF draws it with typst;
/// the DOCX embeds the same chart as a PNG image.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Chart {
    pub title: String,
    pub categories: Vec<String>,
    pub series: Vec<Series>,
    /// Axis maximum, e.g. 100 for percentages.
    pub max: f64,
    /// Unit appended to value labels, e.g. `%`.
    #[serde(default)]
    pub unit: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Series {
    pub name: String,
    pub values: Vec<f64>,
}

/// The two-column header of Decree 30 (authorities, number and symbol, national motto,
/// place and date): the letterhead, named apart from a table's header rows.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Letterhead {
    /// Parent authority lines (UPPERCASE, regular), e.g. `UBND TỈNH LÀO CAI`. Empty when
    /// the issuing authority has no parent line.
    #[serde(default)]
    pub parent: Vec<String>,
    /// Issuing authority lines (UPPERCASE, bold, rule below), e.g. `SỞ NỘI VỤ`.
    pub authority: Vec<String>,
    /// The whole number line, e.g. `Số: 05/BC-SNV` or `Số:      /UBND-KSTT`.
    pub number: String,
    /// Công văn subject lines (`V/v …`) under the number; empty for other types.
    #[serde(default)]
    pub subject: Vec<String>,
    /// National title lines, normally `CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM`.
    pub nation: String,
    /// Motto, normally `Độc lập - Tự do - Hạnh phúc` (bold, rule below).
    pub motto: String,
    /// Place and date line (italic), e.g. `Lào Cai, ngày 05 tháng 01 năm 2023`.
    pub place_date: String,
}

/// Type name (`BÁO CÁO`) and subject below it; absent for công văn.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Title {
    pub kind: String,
    /// Subject lines (bold, centred, short rule below).
    pub subject: Vec<String>,
}

/// `Kính gửi:` and its recipients. One recipient stands on the `Kính gửi:` line; several
/// are listed one per line (`- …;`, the last ending with `.`) — the texts here already
/// carry their `- ` and punctuation.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Recipients {
    #[serde(default = "kinh_gui")]
    pub label: String,
    pub lines: Vec<String>,
}

fn kinh_gui() -> String {
    "Kính gửi:".into()
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Signature {
    /// `TM. ỦY BAN NHÂN DÂN`, `KT. GIÁM ĐỐC`…; empty when the head signs in own name.
    #[serde(default)]
    pub authority: String,
    /// `CHỦ TỊCH`, `PHÓ GIÁM ĐỐC`…
    pub position: String,
    /// Signer's name; empty leaves room only.
    #[serde(default)]
    pub name: String,
}

/// `Nơi nhận:` and its list; each line a styled line (the last one carries the
/// subscript copies number of `Lưu: VT, KSTT₂.`).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Distribution {
    #[serde(default = "noi_nhan")]
    pub label: String,
    pub lines: Vec<Line>,
}

fn noi_nhan() -> String {
    "Nơi nhận:".into()
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Annex {
    /// Title lines, e.g. `Phụ lục I`, `KẾT QUẢ THỰC HIỆN THEO CƠ QUAN`.
    pub title: Vec<String>,
    /// Italic line under the title, e.g. `(Kèm theo Báo cáo số …)`.
    #[serde(default)]
    pub note: Option<String>,
    #[serde(default)]
    pub landscape: bool,
    pub body: Vec<Block>,
}

/// Document-level facts the renderers need besides the content.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Meta {
    /// Plain title for PDF/DOCX properties.
    pub title: String,
    /// The document's date (`YYYY-MM-DD`): PDF creation date, DOCX properties. `None`
    /// for an undated draft: then a fixed epoch is used so output stays reproducible.
    #[serde(default)]
    pub date: Option<chrono::NaiveDate>,
    /// Author shown in properties, e.g. `SỞ NỘI VỤ`.
    #[serde(default)]
    pub author: String,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Document {
    pub meta: Meta,
    pub header: Letterhead,
    #[serde(default)]
    pub title: Option<Title>,
    #[serde(default)]
    pub recipients: Option<Recipients>,
    pub body: Vec<Block>,
    pub signature: Signature,
    pub distribution: Distribution,
    #[serde(default)]
    pub annexes: Vec<Annex>,
    /// What the register and the archive need to know of the document, from its
    /// template's `document:` front matter. Never shown, so never handed to a renderer.
    #[serde(skip)]
    pub identity: Option<Identity>,
}

/// A document's identity as its template declares it (`document:` in the front matter;
/// see `docs/architecture.md`, "Adding a document"). Rust code names no document: the
/// pipeline reads these fields from the rendered draft.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Identity {
    /// The job that produces it (`month`, `year`, `form`…); `None` for a stand-alone
    /// document rendered by `baocao render`.
    pub job: Option<String>,
    /// Position among the job's documents (numbers are taken in this order).
    pub order: i32,
    /// Type name for the register, e.g. `Báo cáo`, `Công văn`.
    pub type_name: String,
    /// Type abbreviation (Decree 30, Appendix III), e.g. `BC`, `CV`, `TTr`.
    pub type_abbrev: String,
    /// The symbol after the number's slash, e.g. `BC-SNV`; `None` when the template
    /// writes the whole number line itself.
    pub symbol: Option<String>,
    /// Trích yếu for the register.
    pub subject: String,
    /// Output file name without extension, e.g. `bao-cao-tong-hop`.
    pub stem: String,
    /// Short name for messages, e.g. `Báo cáo tổng hợp`.
    pub label: String,
    /// Recipients as the register lists them (the `Kính gửi` entries, bare).
    pub recipients: Vec<String>,
    /// Who signs: the signer's name, or the position when the name is left blank.
    pub signer: String,
    pub copies: u32,
    /// Unit keeping the file copy.
    pub keeping: String,
    /// Whether the job produces it this time (`when:`); false skips it.
    pub produce: bool,
    /// Why it is not produced, for the clerk (`skipped:`), when `produce` is false.
    pub skipped: Option<String>,
}

impl Document {
    /// Every text of the document in reading order, one entry per line or paragraph.
    /// Both renderers must carry exactly these words; tests compare against it.
    pub fn text_lines(&self) -> Vec<String> {
        let mut out = Vec::new();
        let h = &self.header;
        out.extend(h.parent.iter().cloned());
        out.extend(h.authority.iter().cloned());
        out.push(h.number.clone());
        out.extend(h.subject.iter().cloned());
        out.push(h.nation.clone());
        out.push(h.motto.clone());
        out.push(h.place_date.clone());
        if let Some(t) = &self.title {
            out.push(t.kind.clone());
            out.extend(t.subject.iter().cloned());
        }
        if let Some(r) = &self.recipients {
            out.push(r.label.clone());
            out.extend(r.lines.iter().cloned());
        }
        blocks_text(&self.body, &mut out);
        out.push(self.distribution.label.clone());
        out.extend(self.distribution.lines.iter().map(|l| line_text(l)));
        if !self.signature.authority.is_empty() {
            out.push(self.signature.authority.clone());
        }
        out.push(self.signature.position.clone());
        if !self.signature.name.is_empty() {
            out.push(self.signature.name.clone());
        }
        for a in &self.annexes {
            out.extend(a.title.iter().cloned());
            out.extend(a.note.iter().cloned());
            blocks_text(&a.body, &mut out);
        }
        out
    }
}

fn blocks_text(blocks: &[Block], out: &mut Vec<String>) {
    for b in blocks {
        match b {
            Block::Paragraph { runs, .. } | Block::Heading { runs, .. } => out.push(line_text(runs)),
            Block::List { items } => out.extend(items.iter().map(|i| format!("- {}", line_text(i)))),
            Block::Table(t) => {
                for row in t.header.iter().chain(&t.rows) {
                    for cell in row {
                        out.extend(cell.lines.iter().map(|l| line_text(l)));
                    }
                }
            }
            Block::Chart(c) => {
                out.push(c.title.clone());
            }
            Block::PageBreak => {}
        }
    }
}
