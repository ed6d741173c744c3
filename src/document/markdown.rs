//! Markdown (the rendered template body) → document blocks, with pulldown-cmark.
//!
//! Conventions (also listed in the shipped templates' header comments):
//! - Paragraph → [`Block::Paragraph`]: `**bold**`, `*italic*`, `***bold italic***`,
//!   `<sub>…</sub>`, `<sup>…</sup>`; `<br>` or a hard break (two spaces / `\` at line end)
//!   starts a new paragraph without first-line indent. Other inline HTML, code spans,
//!   links and images stay literal text (a link keeps its text, an image its alt text).
//! - A paragraph whose source starts with `->` is centred, with `<-` left-aligned; both
//!   without first-line indent (the marker is removed).
//! - `#`, `##`, `###` → [`Block::Heading`] levels 1–3 (deeper levels become 3).
//! - `-`/`*`/`+` lists → [`Block::List`]. Nested lists are flattened: their items follow
//!   their parent item in the same list. An item's several paragraphs are joined with a
//!   space. Ordered items (`1.`) become paragraphs keeping their number as text (`1. …`).
//! - GFM tables → [`Block::Table`]: equal widths, the first row a bold centred header,
//!   columns aligned as the `:--` markers say (left otherwise).
//! - `{{ x | table }}` / `{{ x | chart }}` in a template: the data's own [`Table`] /
//!   [`Chart`], typed, never turned into text (the filter leaves a `block` fence naming
//!   it; see [`parse_body_with`]). A fenced block with info `table` or `chart` holding
//!   JSON or YAML written by hand → [`Block::Table`] / [`Block::Chart`]; see [`TableSpec`].
//! - `<!-- pagebreak -->` → [`Block::PageBreak`]. `<!-- annex -->` or
//!   `<!-- annex landscape -->` starts an annex: the headings right after it are its title
//!   lines, an immediately following paragraph entirely in italic is its note, the rest up
//!   to the next annex marker is its body. Other HTML comments are ignored; other HTML
//!   blocks and other fenced code blocks stay literal text.
//!
//! Data inserted by templates goes through [`escape`] first, so none of this can be
//! triggered by data.

use std::ops::Range;

use pulldown_cmark::{CodeBlockKind, Event, HeadingLevel, Options, Parser, Tag, TagEnd};
use serde::Deserialize;

use super::model::{Align, Annex, Block, Cell, Chart, Line, Run, Script, Table};

/// Escapes text so that Markdown reads it back literally: every ASCII punctuation
/// character gets a backslash (CommonMark honours that for all of them), whitespace runs
/// containing a line break become one space (data cannot start a new block), and spaces
/// at the ends become `&#32;` (so they neither indent into a code block nor make a hard
/// break).
pub fn escape(text: &str) -> String {
    let mut collapsed = String::with_capacity(text.len());
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        if c == '\n' || c == '\r' {
            while collapsed.ends_with([' ', '\t']) {
                collapsed.pop();
            }
            while chars.peek().is_some_and(|c| matches!(c, ' ' | '\t' | '\n' | '\r')) {
                chars.next();
            }
            collapsed.push(' ');
        } else if c == '\t' {
            collapsed.push(' ');
        } else {
            collapsed.push(c);
        }
    }
    let body = collapsed.trim_matches(' ');
    let lead = collapsed.len() - collapsed.trim_start_matches(' ').len();
    let trail = if body.is_empty() { 0 } else { collapsed.len() - collapsed.trim_end_matches(' ').len() };
    let mut out = String::with_capacity(collapsed.len() + collapsed.len() / 4);
    for _ in 0..lead {
        out.push_str("&#32;");
    }
    for c in body.chars() {
        if c.is_ascii_punctuation() {
            out.push('\\');
        }
        out.push(c);
    }
    for _ in 0..trail {
        out.push_str("&#32;");
    }
    out
}

/// A body parsed into blocks and annexes.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ParsedBody {
    pub body: Vec<Block>,
    pub annexes: Vec<Annex>,
}

/// A Markdown content error, located in the Markdown text given to [`parse_body`].
#[derive(Debug, Clone, PartialEq)]
pub struct MarkdownError {
    /// 1-based line in the Markdown text.
    pub line: usize,
    /// For a `table`/`chart` block: its index among those blocks (0-based), so the caller
    /// can find the block in the template source.
    pub fence: Option<usize>,
    pub message: String,
}

/// The JSON/YAML a ```` ```table ```` block carries.
///
/// `widths` (relative weights; default equal, one per column of the first row), `header`
/// (rows repeated on every page), `rows`, `font_size`. A cell is a string (literal text,
/// `\n` separating lines), a number, `null` (empty), or an object `{text | lines,
/// colspan, rowspan, align: left|center|right|justify, bold, italic}` where `lines` holds
/// strings or lists of runs `{text, bold, italic, script: sub|super}`. Header cells are
/// bold and centred unless they say otherwise.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TableSpec {
    #[serde(default)]
    pub widths: Option<Vec<f32>>,
    #[serde(default)]
    pub header: Vec<Vec<serde_json::Value>>,
    #[serde(default)]
    pub rows: Vec<Vec<serde_json::Value>>,
    #[serde(default)]
    pub font_size: Option<f32>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct CellObject {
    #[serde(default)]
    text: Option<String>,
    #[serde(default)]
    lines: Option<Vec<LineSpec>>,
    #[serde(default)]
    colspan: Option<u16>,
    #[serde(default)]
    rowspan: Option<u16>,
    #[serde(default)]
    align: Option<Align>,
    #[serde(default)]
    bold: Option<bool>,
    #[serde(default)]
    italic: Option<bool>,
}

#[derive(Debug, Deserialize)]
#[serde(untagged)]
enum LineSpec {
    Text(String),
    Runs(Vec<Run>),
}

fn options() -> Options {
    Options::ENABLE_TABLES
}

/// Parses a rendered body.
pub fn parse_body(md: &str) -> Result<ParsedBody, MarkdownError> {
    parse_body_with(md, Vec::new())
}

/// The info word of the fence a template's `table`/`chart` filter leaves in the Markdown:
/// ```` ```block N ```` stands for `typed[N]`, the value itself (see `template.rs`).
pub const TYPED_BLOCK: &str = "block";

/// [`parse_body`], with the typed tables and charts the template's filters kept.
pub fn parse_body_with(md: &str, typed: Vec<Block>) -> Result<ParsedBody, MarkdownError> {
    let events: Vec<(Event<'_>, Range<usize>)> = Parser::new_ext(md, options()).into_offset_iter().collect();
    let typed = typed.into_iter().map(Some).collect();
    let mut conv = Converter { src: md, events, pos: 0, fences: 0, typed };
    conv.document()
}

/// Parses one line of inline Markdown (a `Nơi nhận` line): the runs of whatever it holds,
/// lines joined with a space.
pub fn parse_inline(md: &str) -> Result<Line, MarkdownError> {
    let parsed = parse_body(md)?;
    let mut texts: Vec<Line> = Vec::new();
    for block in parsed.body {
        match block {
            Block::Paragraph { runs, .. } | Block::Heading { runs, .. } => texts.push(runs),
            Block::List { items } => texts.extend(items),
            Block::Table(_) | Block::Chart(_) | Block::PageBreak => {}
        }
    }
    let mut out = Line::new();
    for (i, line) in texts.into_iter().enumerate() {
        if i > 0 {
            push_run(&mut out, Run::plain(" "));
        }
        for run in line {
            push_run(&mut out, run);
        }
    }
    Ok(out)
}

struct Converter<'a> {
    src: &'a str,
    events: Vec<(Event<'a>, Range<usize>)>,
    pos: usize,
    fences: usize,
    /// Typed blocks from the template's filters, taken as their fences are met.
    typed: Vec<Option<Block>>,
}

/// Where blocks go while walking: the main body, or an annex being built.
struct Sink {
    body: Vec<Block>,
    annexes: Vec<Annex>,
    annex: Option<AnnexState>,
}

struct AnnexState {
    annex: Annex,
    /// Still reading title lines (headings) / the note.
    title_open: bool,
    line: usize,
}

impl Sink {
    fn push(&mut self, block: Block) {
        match &mut self.annex {
            Some(state) => {
                if state.title_open {
                    state.title_open = false;
                    if !state.annex.title.is_empty() && state.annex.note.is_none() {
                        if let Block::Paragraph { runs, .. } = &block {
                            if !runs.is_empty() && runs.iter().all(|r| r.italic) {
                                state.annex.note = Some(super::model::line_text(runs));
                                return;
                            }
                        }
                    }
                }
                state.annex.body.push(block);
            }
            None => self.body.push(block),
        }
    }

    /// Headings right after an annex marker are its title.
    fn take_title_heading(&mut self, runs: &Line) -> bool {
        match &mut self.annex {
            Some(state) if state.title_open => {
                state.annex.title.push(super::model::line_text(runs));
                true
            }
            _ => false,
        }
    }

    fn close_annex(&mut self) -> Result<(), MarkdownError> {
        if let Some(state) = self.annex.take() {
            if state.annex.title.is_empty() {
                return Err(MarkdownError {
                    line: state.line,
                    fence: None,
                    message: "phụ lục thiếu tiêu đề: sau `<!-- annex -->` cần ít nhất một dòng tiêu đề `# …`".into(),
                });
            }
            self.annexes.push(state.annex);
        }
        Ok(())
    }
}

#[derive(Default, Clone, Copy)]
struct Style {
    strong: u32,
    emphasis: u32,
    script: Script,
}

impl<'a> Converter<'a> {
    fn line_of(&self, offset: usize) -> usize {
        let end = offset.min(self.src.len());
        self.src.as_bytes()[..end].iter().filter(|b| **b == b'\n').count() + 1
    }

    fn next(&mut self) -> Option<(Event<'a>, Range<usize>)> {
        let item = self.events.get(self.pos).cloned();
        self.pos += 1;
        item
    }

    fn document(&mut self) -> Result<ParsedBody, MarkdownError> {
        let mut sink = Sink { body: Vec::new(), annexes: Vec::new(), annex: None };
        while let Some((event, range)) = self.next() {
            match event {
                Event::Start(Tag::Paragraph) => {
                    for block in self.paragraph(range.clone()) {
                        sink.push(block);
                    }
                }
                Event::Start(Tag::Heading { level, .. }) => {
                    let runs = join_lines(self.inline(), " ");
                    if !sink.take_title_heading(&runs) {
                        sink.push(Block::Heading { level: heading_level(level), runs });
                    }
                }
                Event::Start(Tag::List(start)) => {
                    let mut items = Vec::new();
                    self.list(start, &mut items);
                    emit_items(items, &mut sink);
                }
                Event::Start(Tag::Table(aligns)) => {
                    let table = self.gfm_table(&aligns);
                    sink.push(Block::Table(table));
                }
                Event::Start(Tag::CodeBlock(kind)) => {
                    let info = match &kind {
                        CodeBlockKind::Fenced(info) => info.split_whitespace().next().unwrap_or("").to_string(),
                        CodeBlockKind::Indented => String::new(),
                    };
                    let text = self.raw_text(TagEnd::CodeBlock);
                    let line = self.line_of(range.start);
                    match info.as_str() {
                        TYPED_BLOCK => {
                            let fence = self.fences;
                            self.fences += 1;
                            let index = text.split_whitespace().next().and_then(|i| i.parse::<usize>().ok());
                            let taken = index.and_then(|i| self.typed.get_mut(i)?.take());
                            let block = taken
                                .ok_or_else(|| "khối `block` chỉ do bộ lọc `table`/`chart` của mẫu tạo ra".to_string())
                                .and_then(check_block)
                                .map_err(|message| MarkdownError { line, fence: Some(fence), message })?;
                            sink.push(block);
                        }
                        "table" | "chart" => {
                            let fence = self.fences;
                            self.fences += 1;
                            let block = parse_fence(&info, &text).map_err(|message| MarkdownError {
                                line,
                                fence: Some(fence),
                                message,
                            })?;
                            sink.push(block);
                        }
                        _ => {
                            for l in text.lines() {
                                sink.push(literal_paragraph(l));
                            }
                        }
                    }
                }
                Event::Start(Tag::HtmlBlock) => {
                    let html = self.raw_text(TagEnd::HtmlBlock);
                    let line = self.line_of(range.start);
                    match marker(&html) {
                        Some(Marker::PageBreak) => sink.push(Block::PageBreak),
                        Some(Marker::Annex { landscape }) => {
                            sink.close_annex()?;
                            sink.annex = Some(AnnexState {
                                annex: Annex { title: Vec::new(), note: None, landscape, body: Vec::new() },
                                title_open: true,
                                line,
                            });
                        }
                        Some(Marker::Comment) => {}
                        None => {
                            for l in html.lines().filter(|l| !l.trim().is_empty()) {
                                sink.push(literal_paragraph(l.trim()));
                            }
                        }
                    }
                }
                // Containers whose content is handled as ordinary blocks; rules carry nothing.
                _ => {}
            }
        }
        sink.close_annex()?;
        Ok(ParsedBody { body: sink.body, annexes: sink.annexes })
    }

    fn paragraph(&mut self, range: Range<usize>) -> Vec<Block> {
        let source = self.src.get(range.clone()).unwrap_or("");
        let (align, indent, marker_len) = if source.starts_with("->") {
            (Align::Center, false, 2)
        } else if source.starts_with("<-") {
            (Align::Left, false, 2)
        } else {
            (Align::Justify, true, 0)
        };
        let mut lines = self.inline();
        if marker_len > 0 {
            if let Some(first) = lines.first_mut() {
                strip_marker(first, marker_len);
            }
        }
        lines
            .into_iter()
            .enumerate()
            .filter(|(_, l)| !l.is_empty())
            .map(|(i, runs)| Block::Paragraph { runs, align, indent: indent && i == 0 })
            .collect()
    }

    /// Inline content up to the end of the current container, split at hard breaks.
    fn inline(&mut self) -> Vec<Line> {
        let mut lines: Vec<Line> = vec![Line::new()];
        let mut style = Style::default();
        let mut depth = 0usize;
        while let Some((event, _)) = self.next() {
            let current = lines.len() - 1;
            match event {
                Event::Start(tag) => {
                    depth += 1;
                    match tag {
                        Tag::Strong => style.strong += 1,
                        Tag::Emphasis => style.emphasis += 1,
                        _ => {}
                    }
                }
                Event::End(end) => {
                    if depth == 0 {
                        break;
                    }
                    depth -= 1;
                    match end {
                        TagEnd::Strong => style.strong = style.strong.saturating_sub(1),
                        TagEnd::Emphasis => style.emphasis = style.emphasis.saturating_sub(1),
                        _ => {}
                    }
                }
                Event::Text(t) | Event::Code(t) | Event::InlineMath(t) | Event::DisplayMath(t) => {
                    push_run(&mut lines[current], styled(&t, style));
                }
                Event::SoftBreak => push_run(&mut lines[current], styled(" ", style)),
                Event::HardBreak => lines.push(Line::new()),
                Event::InlineHtml(html) | Event::Html(html) => match inline_tag(&html) {
                    Some(InlineTag::Script(s)) => style.script = s,
                    Some(InlineTag::EndScript) => style.script = Script::Normal,
                    Some(InlineTag::Break) => lines.push(Line::new()),
                    None => push_run(&mut lines[current], styled(&html, style)),
                },
                Event::FootnoteReference(t) => push_run(&mut lines[current], styled(&t, style)),
                Event::TaskListMarker(done) => {
                    push_run(&mut lines[current], styled(if done { "[x] " } else { "[ ] " }, style))
                }
                Event::Rule => {}
            }
        }
        for line in &mut lines {
            trim_line(line);
        }
        lines
    }

    /// Reads a list (after its `Start`) into flat items.
    fn list(&mut self, start: Option<u64>, items: &mut Vec<FlatItem>) {
        let mut number = start;
        while let Some((event, _)) = self.next() {
            match event {
                Event::Start(Tag::Item) => {
                    let idx = items.len();
                    items.push(FlatItem { number, line: Line::new() });
                    number = number.map(|n| n + 1);
                    self.item(idx, items);
                }
                Event::End(TagEnd::List(_)) => break,
                _ => {}
            }
        }
    }

    /// Reads one item: its own text (tight text or paragraphs), nested lists after it.
    fn item(&mut self, idx: usize, items: &mut Vec<FlatItem>) {
        let mut pieces: Vec<Line> = Vec::new();
        while let Some((event, _)) = self.events.get(self.pos).cloned() {
            match event {
                Event::End(TagEnd::Item) => {
                    self.pos += 1;
                    break;
                }
                Event::Start(Tag::List(start)) => {
                    self.pos += 1;
                    self.list(start, items);
                }
                Event::Start(Tag::Paragraph) | Event::Start(Tag::Heading { .. }) => {
                    self.pos += 1;
                    pieces.push(join_lines(self.inline(), " "));
                }
                Event::Start(Tag::CodeBlock(_)) | Event::Start(Tag::HtmlBlock) => {
                    self.pos += 1;
                    let end = if matches!(event, Event::Start(Tag::CodeBlock(_))) {
                        TagEnd::CodeBlock
                    } else {
                        TagEnd::HtmlBlock
                    };
                    let text = self.raw_text(end);
                    let text = text.split_whitespace().collect::<Vec<_>>().join(" ");
                    if !text.is_empty() && marker(&text).is_none() {
                        pieces.push(vec![Run::plain(text)]);
                    }
                }
                Event::Start(Tag::BlockQuote(_)) | Event::End(TagEnd::BlockQuote(_)) => self.pos += 1,
                Event::Start(Tag::Table(aligns)) => {
                    self.pos += 1;
                    let table = self.gfm_table(&aligns);
                    for row in table.header.iter().chain(&table.rows) {
                        for cell in row {
                            pieces.extend(cell.lines.iter().cloned());
                        }
                    }
                }
                _ => {
                    // Tight item: inline events directly inside the item.
                    let before = self.pos;
                    let mut lines = vec![Line::new()];
                    let mut style = Style::default();
                    self.tight_inline(&mut lines, &mut style);
                    pieces.push(join_lines(lines, " "));
                    if self.pos == before {
                        // An event neither side handles: skip it rather than loop.
                        self.pos += 1;
                    }
                }
            }
        }
        let line = join_lines(pieces, " ");
        if let Some(item) = items.get_mut(idx) {
            item.line = line;
        }
    }

    /// Inline events of a tight list item, up to (not including) the item's end or a
    /// nested block.
    fn tight_inline(&mut self, lines: &mut [Line], style: &mut Style) {
        let mut depth = 0usize;
        while let Some((event, _)) = self.events.get(self.pos).cloned() {
            let current = lines.len() - 1;
            match event {
                Event::End(TagEnd::Item) if depth == 0 => break,
                Event::Start(Tag::List(_))
                | Event::Start(Tag::Paragraph)
                | Event::Start(Tag::CodeBlock(_))
                | Event::Start(Tag::HtmlBlock)
                | Event::Start(Tag::Table(_))
                | Event::Start(Tag::Heading { .. })
                    if depth == 0 =>
                {
                    break
                }
                Event::Start(tag) => {
                    depth += 1;
                    match tag {
                        Tag::Strong => style.strong += 1,
                        Tag::Emphasis => style.emphasis += 1,
                        _ => {}
                    }
                }
                Event::End(end) => {
                    depth = depth.saturating_sub(1);
                    match end {
                        TagEnd::Strong => style.strong = style.strong.saturating_sub(1),
                        TagEnd::Emphasis => style.emphasis = style.emphasis.saturating_sub(1),
                        _ => {}
                    }
                }
                Event::Text(t) | Event::Code(t) | Event::InlineMath(t) | Event::DisplayMath(t) => {
                    push_run(&mut lines[current], styled(&t, *style))
                }
                Event::SoftBreak | Event::HardBreak => push_run(&mut lines[current], styled(" ", *style)),
                Event::InlineHtml(html) | Event::Html(html) => match inline_tag(&html) {
                    Some(InlineTag::Script(s)) => style.script = s,
                    Some(InlineTag::EndScript) => style.script = Script::Normal,
                    Some(InlineTag::Break) => push_run(&mut lines[current], styled(" ", *style)),
                    None => push_run(&mut lines[current], styled(&html, *style)),
                },
                Event::FootnoteReference(t) => push_run(&mut lines[current], styled(&t, *style)),
                Event::TaskListMarker(_) | Event::Rule => {}
            }
            self.pos += 1;
        }
        for line in lines.iter_mut() {
            trim_line(line);
        }
    }

    fn gfm_table(&mut self, aligns: &[pulldown_cmark::Alignment]) -> Table {
        let mut header: Vec<Vec<Cell>> = Vec::new();
        let mut rows: Vec<Vec<Cell>> = Vec::new();
        let mut in_head = false;
        let mut row: Vec<Cell> = Vec::new();
        while let Some((event, _)) = self.next() {
            match event {
                Event::Start(Tag::TableHead) => {
                    in_head = true;
                    row = Vec::new();
                }
                Event::End(TagEnd::TableHead) => {
                    header.push(std::mem::take(&mut row));
                    in_head = false;
                }
                Event::Start(Tag::TableRow) => row = Vec::new(),
                Event::End(TagEnd::TableRow) => rows.push(std::mem::take(&mut row)),
                Event::Start(Tag::TableCell) => {
                    let col = row.len();
                    let mut lines: Vec<Line> = self.inline().into_iter().filter(|l| !l.is_empty()).collect();
                    let align = if in_head {
                        for line in &mut lines {
                            for run in line.iter_mut() {
                                run.bold = true;
                            }
                        }
                        Align::Center
                    } else {
                        match aligns.get(col) {
                            Some(pulldown_cmark::Alignment::Center) => Align::Center,
                            Some(pulldown_cmark::Alignment::Right) => Align::Right,
                            _ => Align::Left,
                        }
                    };
                    row.push(Cell { lines, colspan: 1, rowspan: 1, align });
                }
                Event::End(TagEnd::Table) => break,
                _ => {}
            }
        }
        let columns = aligns.len().max(1);
        Table { widths: vec![1.0; columns], header, rows, font_size: None }
    }

    /// Concatenated text events up to `end` (code and HTML blocks).
    fn raw_text(&mut self, end: TagEnd) -> String {
        let mut text = String::new();
        while let Some((event, _)) = self.next() {
            match event {
                Event::Text(t) | Event::Html(t) => text.push_str(&t),
                Event::End(e) if e == end => break,
                _ => {}
            }
        }
        text
    }
}

struct FlatItem {
    number: Option<u64>,
    line: Line,
}

/// Bullet items make lists; numbered items make paragraphs keeping their number.
fn emit_items(items: Vec<FlatItem>, sink: &mut Sink) {
    let mut bullets: Vec<Line> = Vec::new();
    for item in items {
        match item.number {
            None => bullets.push(item.line),
            Some(n) => {
                if !bullets.is_empty() {
                    sink.push(Block::List { items: std::mem::take(&mut bullets) });
                }
                let mut runs = vec![Run::plain(format!("{n}. "))];
                for run in item.line {
                    push_run(&mut runs, run);
                }
                sink.push(Block::Paragraph { runs, align: Align::Justify, indent: true });
            }
        }
    }
    if !bullets.is_empty() {
        sink.push(Block::List { items: bullets });
    }
}

fn heading_level(level: HeadingLevel) -> u8 {
    match level {
        HeadingLevel::H1 => 1,
        HeadingLevel::H2 => 2,
        _ => 3,
    }
}

fn literal_paragraph(text: &str) -> Block {
    Block::Paragraph { runs: vec![Run::plain(text)], align: Align::Left, indent: false }
}

fn styled(text: &str, style: Style) -> Run {
    Run { text: text.to_string(), bold: style.strong > 0, italic: style.emphasis > 0, script: style.script }
}

/// Appends a run, merging it with the previous one when the style is the same.
fn push_run(line: &mut Line, run: Run) {
    if run.text.is_empty() {
        return;
    }
    if let Some(last) = line.last_mut() {
        if last.bold == run.bold && last.italic == run.italic && last.script == run.script {
            last.text.push_str(&run.text);
            return;
        }
    }
    line.push(run);
}

fn join_lines(lines: Vec<Line>, sep: &str) -> Line {
    let mut out = Line::new();
    for line in lines.into_iter().filter(|l| !l.is_empty()) {
        if !out.is_empty() {
            push_run(&mut out, Run::plain(sep));
        }
        for run in line {
            push_run(&mut out, run);
        }
    }
    out
}

/// Drops whitespace at both ends of a line (soft breaks and `<br>` leave some).
fn trim_line(line: &mut Line) {
    while let Some(first) = line.first_mut() {
        let trimmed = first.text.trim_start().to_string();
        if trimmed.is_empty() {
            line.remove(0);
        } else {
            first.text = trimmed;
            break;
        }
    }
    while let Some(last) = line.last_mut() {
        let trimmed = last.text.trim_end().to_string();
        if trimmed.is_empty() {
            line.pop();
        } else {
            last.text = trimmed;
            break;
        }
    }
}

fn strip_marker(line: &mut Line, len: usize) {
    if let Some(first) = line.first_mut() {
        if first.text.len() >= len && first.text.is_char_boundary(len) {
            first.text = first.text[len..].to_string();
        }
    }
    trim_line(line);
}

enum InlineTag {
    Script(Script),
    EndScript,
    Break,
}

fn inline_tag(html: &str) -> Option<InlineTag> {
    let tag: String = html.trim().to_ascii_lowercase().split_whitespace().collect();
    match tag.as_str() {
        "<sub>" => Some(InlineTag::Script(Script::Sub)),
        "<sup>" => Some(InlineTag::Script(Script::Super)),
        "</sub>" | "</sup>" => Some(InlineTag::EndScript),
        "<br>" | "<br/>" => Some(InlineTag::Break),
        _ => None,
    }
}

enum Marker {
    PageBreak,
    Annex { landscape: bool },
    Comment,
}

fn marker(html: &str) -> Option<Marker> {
    let text = html.trim();
    let inner = text.strip_prefix("<!--")?.strip_suffix("-->")?;
    let words: Vec<String> = inner.split_whitespace().map(str::to_ascii_lowercase).collect();
    let words: Vec<&str> = words.iter().map(String::as_str).collect();
    Some(match words.as_slice() {
        ["pagebreak"] => Marker::PageBreak,
        ["annex"] => Marker::Annex { landscape: false },
        ["annex", "landscape"] => Marker::Annex { landscape: true },
        _ => Marker::Comment,
    })
}

/// Parses the JSON (or YAML) of a `table`/`chart` block.
fn parse_fence(kind: &str, text: &str) -> Result<Block, String> {
    let value: serde_json::Value = if text.trim_start().starts_with(['{', '[']) {
        serde_json::from_str(text).map_err(|e| format!("JSON của khối `{kind}` không hợp lệ: {e}"))?
    } else {
        serde_yaml::from_str(text).map_err(|e| format!("YAML của khối `{kind}` không hợp lệ: {e}"))?
    };
    if kind == "chart" {
        let chart: Chart = serde_path_to_error::deserialize(value)
            .map_err(|e| format!("khối `chart` sai ở `{}`: {}", e.path(), e.inner()))?;
        check_chart(&chart)?;
        return Ok(Block::Chart(chart));
    }
    let spec: TableSpec = serde_path_to_error::deserialize(value)
        .map_err(|e| format!("khối `table` sai ở `{}`: {}", e.path(), e.inner()))?;
    Ok(Block::Table(table_from_spec(spec)?))
}

/// The checks a table or chart written in a fence gets, for one that came typed.
fn check_block(block: Block) -> Result<Block, String> {
    match &block {
        Block::Chart(c) => check_chart(c)?,
        Block::Table(t) => {
            let first = t.header.first().or(t.rows.first()).ok_or("khối `table` không có hàng nào")?;
            let columns: usize = first.iter().map(|c| c.colspan as usize).sum();
            if t.widths.len() != columns {
                return Err(format!(
                    "khối `table`: `widths` có {} cột nhưng hàng đầu có {columns} cột",
                    t.widths.len()
                ));
            }
            if let Some(bad) = t.widths.iter().find(|x| !(x.is_finite() && **x > 0.0)) {
                return Err(format!("khối `table`: độ rộng cột phải là số dương, nhận được {bad}"));
            }
        }
        _ => {}
    }
    Ok(block)
}

fn check_chart(chart: &Chart) -> Result<(), String> {
    if chart.categories.is_empty() {
        return Err("khối `chart` không có nhóm nào (`categories` rỗng) nên không vẽ được biểu đồ: \
                    chỉ đặt biểu đồ trong mẫu khi có số liệu, ví dụ trong `{% if submission.submitted %}`"
            .into());
    }
    if !(chart.max.is_finite() && chart.max > 0.0) {
        return Err(format!("khối `chart`: `max` phải là số dương, nhận được {}", chart.max));
    }
    for s in &chart.series {
        if s.values.len() != chart.categories.len() {
            return Err(format!(
                "khối `chart`: dãy \"{}\" có {} giá trị nhưng có {} nhóm (`categories`)",
                s.name,
                s.values.len(),
                chart.categories.len()
            ));
        }
        if let Some(v) = s.values.iter().find(|v| !v.is_finite() || **v < 0.0) {
            return Err(format!("khối `chart`: dãy \"{}\" có giá trị không hợp lệ {v}", s.name));
        }
    }
    Ok(())
}

/// Builds a model table from its spec, checking widths and spans.
pub fn table_from_spec(spec: TableSpec) -> Result<Table, String> {
    let header = convert_rows(&spec.header, true, "header")?;
    let rows = convert_rows(&spec.rows, false, "rows")?;
    let first = header.first().or(rows.first()).ok_or("khối `table` không có hàng nào")?;
    let columns: usize = first.iter().map(|c| c.colspan as usize).sum();
    let widths = match spec.widths {
        Some(w) => {
            if w.len() != columns {
                return Err(format!("khối `table`: `widths` có {} cột nhưng hàng đầu có {columns} cột", w.len()));
            }
            if let Some(bad) = w.iter().find(|x| !(x.is_finite() && **x > 0.0)) {
                return Err(format!("khối `table`: độ rộng cột phải là số dương, nhận được {bad}"));
            }
            w
        }
        None => vec![1.0; columns],
    };
    for (name, group) in [("header", &header), ("rows", &rows)] {
        for (r, row) in group.iter().enumerate() {
            let span: usize = row.iter().map(|c| c.colspan as usize).sum();
            if span > columns {
                return Err(format!(
                    "khối `table`: hàng {} của `{name}` rộng {span} cột, bảng chỉ có {columns}",
                    r + 1
                ));
            }
        }
    }
    if let Some(size) = spec.font_size {
        if !(size.is_finite() && (6.0..=20.0).contains(&size)) {
            return Err(format!("khối `table`: `font_size` phải từ 6 đến 20, nhận được {size}"));
        }
    }
    Ok(Table { widths, header, rows, font_size: spec.font_size })
}

fn convert_rows(rows: &[Vec<serde_json::Value>], header: bool, name: &str) -> Result<Vec<Vec<Cell>>, String> {
    rows.iter()
        .enumerate()
        .map(|(r, row)| {
            row.iter()
                .enumerate()
                .map(|(c, v)| {
                    convert_cell(v, header)
                        .map_err(|e| format!("khối `table`, `{name}` hàng {} ô {}: {e}", r + 1, c + 1))
                })
                .collect()
        })
        .collect()
}

/// Cell text split at `\n`; an empty string is an empty cell.
fn text_lines(text: &str) -> Vec<Line> {
    if text.is_empty() {
        return Vec::new();
    }
    text.split('\n')
        .map(|l| l.trim_end_matches('\r'))
        .map(|l| if l.is_empty() { Line::new() } else { vec![Run::plain(l)] })
        .collect()
}

fn convert_cell(value: &serde_json::Value, header: bool) -> Result<Cell, String> {
    let default_align = if header { Align::Center } else { Align::Left };
    let mut cell = match value {
        serde_json::Value::Null => Cell { lines: Vec::new(), colspan: 1, rowspan: 1, align: default_align },
        serde_json::Value::String(s) => Cell { lines: text_lines(s), colspan: 1, rowspan: 1, align: default_align },
        serde_json::Value::Number(n) => {
            let text = match (n.as_i64(), n.as_f64()) {
                (Some(i), _) => i.to_string(),
                (None, Some(f)) => f.to_string(),
                (None, None) => n.to_string(),
            };
            Cell { lines: text_lines(&text), colspan: 1, rowspan: 1, align: default_align }
        }
        serde_json::Value::Bool(_) | serde_json::Value::Array(_) => {
            return Err("ô phải là chuỗi, số, null hoặc đối tượng {text, colspan, …}".into());
        }
        serde_json::Value::Object(_) => {
            let obj: CellObject = serde_json::from_value(value.clone()).map_err(|e| e.to_string())?;
            let lines = match (obj.text, obj.lines) {
                (Some(_), Some(_)) => return Err("ô chỉ được có một trong `text` và `lines`".into()),
                (Some(t), None) => text_lines(&t),
                (None, Some(lines)) => lines
                    .into_iter()
                    .map(|l| match l {
                        LineSpec::Text(t) => vec![Run::plain(t)],
                        LineSpec::Runs(runs) => runs,
                    })
                    .collect(),
                (None, None) => Vec::new(),
            };
            let mut cell = Cell {
                lines,
                colspan: obj.colspan.unwrap_or(1),
                rowspan: obj.rowspan.unwrap_or(1),
                align: obj.align.unwrap_or(default_align),
            };
            if cell.colspan == 0 || cell.rowspan == 0 {
                return Err("`colspan` và `rowspan` phải ≥ 1".into());
            }
            let bold = obj.bold.unwrap_or(header);
            let italic = obj.italic.unwrap_or(false);
            for run in cell.lines.iter_mut().flatten() {
                run.bold |= bold;
                run.italic |= italic;
            }
            return Ok(cell);
        }
    };
    if header {
        for run in cell.lines.iter_mut().flatten() {
            run.bold = true;
        }
    }
    Ok(cell)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn paragraph_runs(block: &Block) -> &Line {
        match block {
            Block::Paragraph { runs, .. } => runs,
            other => panic!("not a paragraph: {other:?}"),
        }
    }

    #[test]
    fn styles_map_to_runs() {
        let parsed =
            parse_body("Định kỳ **trước ngày 20** và ***ngày 25*** (*Kế hoạch*), KSTT<sub>2</sub> m<sup>2</sup>.")
                .unwrap();
        let runs = paragraph_runs(&parsed.body[0]);
        assert_eq!(
            runs,
            &vec![
                Run::plain("Định kỳ "),
                Run::bold("trước ngày 20"),
                Run::plain(" và "),
                Run { text: "ngày 25".into(), bold: true, italic: true, script: Script::Normal },
                Run::plain(" ("),
                Run::italic("Kế hoạch"),
                Run::plain("), KSTT"),
                Run { text: "2".into(), script: Script::Sub, ..Run::default() },
                Run::plain(" m"),
                Run { text: "2".into(), script: Script::Super, ..Run::default() },
                Run::plain("."),
            ]
        );
    }

    #[test]
    fn escape_makes_everything_literal() {
        let hostile = "# $x *a* _b_ <b>&amp; {{ y }} [l](u) \\ `c` | ~z~ <sub>2</sub> 1. 2) - + >q ->";
        let md = format!("Trước {} sau", escape(hostile));
        let parsed = parse_body(&md).unwrap();
        assert_eq!(parsed.body.len(), 1);
        assert_eq!(paragraph_runs(&parsed.body[0]), &vec![Run::plain(format!("Trước {hostile} sau"))]);
        for start in ["- a", "1. a", "# a", "    code", "> q", "---", "| a | b |", "<!-- pagebreak -->", "->x"] {
            let parsed = parse_body(&escape(start)).unwrap();
            // Spaces at a paragraph's ends are dropped like any paragraph's; nothing else is.
            let expected =
                vec![Block::Paragraph { runs: vec![Run::plain(start.trim())], align: Align::Justify, indent: true }];
            assert_eq!(parsed.body, expected, "{start}");
        }
        assert_eq!(escape("a\n\nb\r\n  c"), "a b c");
        assert_eq!(escape("  a "), "&#32;&#32;a&#32;");
    }

    #[test]
    fn headings_lists_alignment() {
        let md = "# I. MỤC ĐÍCH\n\n#### sâu\n\n- một **đậm**\n- hai\n  - con\n\n1. số một\n2. số hai\n\n-> GIỮA\n\n<- trái\n\nDòng một<br>dòng hai  \ndòng ba";
        let parsed = parse_body(md).unwrap();
        assert_eq!(
            parsed.body,
            vec![
                Block::Heading { level: 1, runs: vec![Run::plain("I. MỤC ĐÍCH")] },
                Block::Heading { level: 3, runs: vec![Run::plain("sâu")] },
                Block::List {
                    items: vec![
                        vec![Run::plain("một "), Run::bold("đậm")],
                        vec![Run::plain("hai")],
                        vec![Run::plain("con")]
                    ]
                },
                Block::Paragraph { runs: vec![Run::plain("1. số một")], align: Align::Justify, indent: true },
                Block::Paragraph { runs: vec![Run::plain("2. số hai")], align: Align::Justify, indent: true },
                Block::Paragraph { runs: vec![Run::plain("GIỮA")], align: Align::Center, indent: false },
                Block::Paragraph { runs: vec![Run::plain("trái")], align: Align::Left, indent: false },
                Block::Paragraph { runs: vec![Run::plain("Dòng một")], align: Align::Justify, indent: true },
                Block::Paragraph { runs: vec![Run::plain("dòng hai")], align: Align::Justify, indent: false },
                Block::Paragraph { runs: vec![Run::plain("dòng ba")], align: Align::Justify, indent: false },
            ]
        );
    }

    #[test]
    fn gfm_table() {
        let parsed = parse_body("| TT | Cơ quan | Tỷ lệ |\n|---|:-:|--:|\n| 1 | Sở **Nội vụ** | 85,5% |\n").unwrap();
        let Block::Table(t) = &parsed.body[0] else { panic!("{:?}", parsed.body) };
        assert_eq!(t.widths, vec![1.0, 1.0, 1.0]);
        assert_eq!(t.header.len(), 1);
        assert_eq!(t.header[0][1].lines, vec![vec![Run::bold("Cơ quan")]]);
        assert_eq!(t.header[0][1].align, Align::Center);
        assert_eq!(t.rows[0][1].lines, vec![vec![Run::plain("Sở "), Run::bold("Nội vụ")]]);
        assert_eq!(t.rows[0][1].align, Align::Center);
        assert_eq!(t.rows[0][2].align, Align::Right);
        assert_eq!(t.rows[0][0].align, Align::Left);
    }

    #[test]
    fn fenced_table_and_chart() {
        let md = "```table\n{\"widths\":[1,4],\"header\":[[{\"text\":\"Nhóm\",\"colspan\":2}],[\"TT\",\"Tên\"]],\"rows\":[[1,\"a\\nb\"],[null,{\"text\":\"x\",\"align\":\"right\",\"italic\":true}]]}\n```\n\n```chart\ntitle: Tỷ lệ\ncategories: [A, B]\nseries: [{name: Đúng hạn, values: [50, 100]}]\nmax: 100\nunit: \"%\"\n```\n";
        let parsed = parse_body(md).unwrap();
        let Block::Table(t) = &parsed.body[0] else { panic!("{:?}", parsed.body) };
        assert_eq!(t.widths, vec![1.0, 4.0]);
        assert_eq!(t.header[0][0].colspan, 2);
        assert_eq!(t.header[0][0].lines, vec![vec![Run::bold("Nhóm")]]);
        assert_eq!(t.rows[0][0].lines, vec![vec![Run::plain("1")]]);
        assert_eq!(t.rows[0][1].lines, vec![vec![Run::plain("a")], vec![Run::plain("b")]]);
        assert!(t.rows[1][0].lines.is_empty());
        assert_eq!(t.rows[1][1].align, Align::Right);
        assert_eq!(t.rows[1][1].lines, vec![vec![Run::italic("x")]]);
        let Block::Chart(c) = &parsed.body[1] else { panic!("{:?}", parsed.body) };
        assert_eq!(c.categories, vec!["A", "B"]);
        assert_eq!(c.series[0].values, vec![50.0, 100.0]);
        assert_eq!(c.unit, "%");
    }

    #[test]
    fn fence_errors_carry_line_and_index() {
        let md = "Mở đầu\n\n```table\n{\"rows\": [[1]]}\n```\n\n```table\n{\"widths\": [1, 2], \"rows\": [[1]]}\n```\n";
        let err = parse_body(md).unwrap_err();
        assert_eq!(err.line, 7);
        assert_eq!(err.fence, Some(1));
        assert!(err.message.contains("`widths` có 2 cột"), "{}", err.message);
        let err = parse_body("```chart\n{\"title\": \"x\", \"categories\": [\"a\"], \"series\": [{\"name\": \"s\", \"values\": [1, 2]}], \"max\": 100}\n```").unwrap_err();
        assert!(err.message.contains("có 2 giá trị nhưng có 1 nhóm"), "{}", err.message);
        let err = parse_body("```table\n{\"rows\": [[1]], \"colour\": 1}\n```").unwrap_err();
        assert!(err.message.contains("colour"), "{}", err.message);
        let err = parse_body("```table\n{oops\n```").unwrap_err();
        assert!(err.message.contains("JSON của khối `table` không hợp lệ"), "{}", err.message);
    }

    #[test]
    fn pagebreak_and_annexes() {
        let md = "Thân.\n\n<!-- pagebreak -->\n\n<!-- ghi chú -->\n\n<!-- annex landscape -->\n\n# Phụ lục I\n\n## KẾT QUẢ THEO CƠ QUAN\n\n*(Kèm theo Báo cáo số 05/BC-SNV)*\n\nNội dung phụ lục.\n\n<!-- annex -->\n# Phụ lục II\n\n# Không phải tiêu đề? Có — tiêu đề thứ hai\n\nNội dung II.\n";
        let parsed = parse_body(md).unwrap();
        assert_eq!(parsed.body.len(), 2);
        assert_eq!(parsed.body[1], Block::PageBreak);
        assert_eq!(parsed.annexes.len(), 2);
        let a = &parsed.annexes[0];
        assert_eq!(a.title, vec!["Phụ lục I", "KẾT QUẢ THEO CƠ QUAN"]);
        assert_eq!(a.note.as_deref(), Some("(Kèm theo Báo cáo số 05/BC-SNV)"));
        assert!(a.landscape);
        assert_eq!(a.body.len(), 1);
        let b = &parsed.annexes[1];
        assert!(!b.landscape);
        assert_eq!(b.title.len(), 2);
        assert_eq!(b.note, None);
        assert_eq!(paragraph_runs(&b.body[0]), &vec![Run::plain("Nội dung II.")]);
        let err = parse_body("a\n\n<!-- annex -->\n\nkhông tiêu đề\n").unwrap_err();
        assert_eq!(err.line, 3);
        assert!(err.message.contains("phụ lục thiếu tiêu đề"));
    }

    #[test]
    fn inline_line() {
        let line = parse_inline("Lưu: VT, KSTT<sub>2</sub>.").unwrap();
        assert_eq!(
            line,
            vec![
                Run::plain("Lưu: VT, KSTT"),
                Run { text: "2".into(), script: Script::Sub, ..Run::default() },
                Run::plain(".")
            ]
        );
        assert_eq!(parse_inline("1. Như trên;").unwrap(), vec![Run::plain("1. Như trên;")]);
    }
}
