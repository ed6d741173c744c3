//! Body blocks (paragraphs, headings, lists, tables, charts, page breaks) and the
//! paragraph/run helpers the front matter shares.

use docx_rs::{
    AlignmentType, BorderType, BreakType, LineSpacing, LineSpacingType, Paragraph, ParagraphBorder,
    ParagraphBorderPosition, ParagraphBorders, Pic, SpecialIndentType, Table as DTable, TableBorder,
    TableBorderPosition, TableBorders, TableCell, TableLayoutType, TableRow, VAlignType, VMergeType, VertAlignType,
    WidthType,
};

use super::units::{half_points, line_240, pt_to_twips, twips_to_emu};
use super::{DocxError, Page};
use crate::document::model::{Align, Block, Cell, Chart, Run, Script, Table};
use crate::render::chart::{ChartError, ChartImages};
use crate::render::Layout;

/// What a section holds, in order.
pub(crate) enum Child {
    Paragraph(Box<Paragraph>),
    Table(Box<DTable>),
}

impl From<Paragraph> for Child {
    fn from(p: Paragraph) -> Child {
        Child::Paragraph(Box::new(p))
    }
}

/// Text as XML 1.0 can carry it: characters XML forbids are dropped, line breaks and tabs
/// become spaces (a model line is one line).
pub(crate) fn xml_text(text: &str) -> String {
    text.chars()
        .filter_map(|c| match c {
            '\t' | '\n' | '\r' => Some(' '),
            c if (c as u32) < 0x20 || c == '\u{FFFE}' || c == '\u{FFFF}' => None,
            c => Some(c),
        })
        .collect()
}

/// One run with explicit size and style.
pub(crate) fn run(text: &str, size: f32, bold: bool, italic: bool, script: Script) -> docx_rs::Run {
    let mut r = docx_rs::Run::new().add_text(xml_text(text)).size(half_points(size));
    if bold {
        r = r.bold();
    }
    if italic {
        r = r.italic();
    }
    match script {
        Script::Normal => r,
        Script::Sub => {
            r.run_property = r.run_property.vert_align(VertAlignType::SubScript);
            r
        }
        Script::Super => {
            r.run_property = r.run_property.vert_align(VertAlignType::SuperScript);
            r
        }
    }
}

/// A paragraph of one plain-styled text.
pub(crate) fn text_paragraph(text: &str, size: f32, bold: bool, italic: bool, align: AlignmentType) -> Paragraph {
    Paragraph::new().align(align).size(half_points(size)).add_run(run(text, size, bold, italic, Script::Normal))
}

/// A paragraph of model runs; `force_bold` for headings.
pub(crate) fn runs_paragraph(runs: &[Run], size: f32, force_bold: bool) -> Paragraph {
    runs.iter().fold(Paragraph::new().size(half_points(size)), |p, r| {
        p.add_run(run(&r.text, size, r.bold || force_bold, r.italic, r.script))
    })
}

/// Spacing before/after in points, single line spacing.
pub(crate) fn spacing(before_pt: f32, after_pt: f32) -> LineSpacing {
    LineSpacing::new()
        .before(pt_to_twips(before_pt).max(0) as u32)
        .after(pt_to_twips(after_pt).max(0) as u32)
        .line(240)
        .line_rule(LineSpacingType::Auto)
}

/// A centred horizontal rule `width` twips long in a space `avail` twips wide: an empty
/// paragraph whose bottom border spans between symmetric indents. Paragraph borders
/// render the same in Word and LibreOffice, unlike drawn shapes.
pub(crate) fn rule(l: &Layout, width: i32, avail: i32) -> Paragraph {
    let side = ((avail - width) / 2).max(0);
    let mut p = Paragraph::new()
        .indent(Some(side), None, Some(side), None)
        // A short exact line (half the paragraph spacing) puts the rule just clear of
        // the descenders of the text above.
        .line_spacing(
            LineSpacing::new()
                .before(0)
                .after(0)
                .line(pt_to_twips(l.paragraph_spacing / 2.0))
                .line_rule(LineSpacingType::Exact),
        )
        .size(half_points(l.rule_thickness));
    p.property = p.property.set_borders(
        ParagraphBorders::with_empty().set(
            ParagraphBorder::new(ParagraphBorderPosition::Bottom)
                .val(BorderType::Single)
                .size(eighths(l.rule_thickness))
                .space(0)
                .color("000000"),
        ),
    );
    p
}

/// Points to the eighths of a point of border widths.
pub(crate) fn eighths(pt: f32) -> usize {
    (f64::from(pt) * 8.0).round().max(2.0) as usize
}

fn jc(a: Align) -> AlignmentType {
    match a {
        Align::Justify => AlignmentType::Both,
        Align::Left => AlignmentType::Left,
        Align::Center => AlignmentType::Center,
        Align::Right => AlignmentType::Right,
    }
}

/// Writes body blocks; keeps the running counters that must be unique per document.
pub(crate) struct BlockWriter<'a> {
    layout: &'a Layout,
    charts: &'a dyn ChartImages,
    images: usize,
    tables: usize,
}

impl<'a> BlockWriter<'a> {
    pub(crate) fn new(layout: &'a Layout, charts: &'a dyn ChartImages) -> Self {
        BlockWriter { layout, charts, images: 0, tables: 0 }
    }

    pub(crate) fn blocks(&mut self, blocks: &[Block], page: Page) -> Result<Vec<Child>, DocxError> {
        let mut out = Vec::new();
        for (i, b) in blocks.iter().enumerate() {
            // Word and LibreOffice join two adjacent tables into one; the PDF keeps them
            // apart. A small empty paragraph between them keeps the two outputs alike.
            if matches!(b, Block::Table(_)) && matches!(i.checked_sub(1).map(|j| &blocks[j]), Some(Block::Table(_))) {
                let gap = LineSpacing::new().before(0).after(pt_to_twips(self.layout.paragraph_spacing).max(0) as u32);
                out.push(Paragraph::new().size(half_points(self.layout.table_size)).line_spacing(gap).into());
            }
            match b {
                Block::Paragraph { runs, align, indent } => {
                    out.push(self.body(runs_paragraph(runs, self.layout.body_size, false), *align, *indent).into())
                }
                Block::Heading { runs, .. } => out.push(
                    self.body(runs_paragraph(runs, self.layout.body_size, true), Align::Justify, true)
                        .keep_next(true)
                        .into(),
                ),
                Block::List { items } => {
                    for item in items {
                        let p = Paragraph::new().size(half_points(self.layout.body_size)).add_run(run(
                            "- ",
                            self.layout.body_size,
                            false,
                            false,
                            Script::Normal,
                        ));
                        let p = item
                            .iter()
                            .fold(p, |p, r| p.add_run(run(&r.text, self.layout.body_size, r.bold, r.italic, r.script)));
                        out.push(self.body(p, Align::Justify, true).into());
                    }
                }
                Block::Table(t) => {
                    self.tables += 1;
                    // A table without rows has no text, and Word rejects a w:tbl without w:tr.
                    if !(t.header.is_empty() && t.rows.is_empty()) {
                        out.push(Child::Table(Box::new(self.table(t, page)?)));
                    }
                }
                Block::Chart(c) => out.extend(self.chart(c, page)?),
                Block::PageBreak => {
                    out.push(Paragraph::new().add_run(docx_rs::Run::new().add_break(BreakType::Page)).into())
                }
            }
        }
        Ok(out)
    }

    /// Body paragraph format: justified (unless told), first-line indent, spacing after,
    /// line spacing — all from the layout.
    fn body(&self, p: Paragraph, align: Align, indent: bool) -> Paragraph {
        let l = self.layout;
        let mut p = p.align(jc(align)).line_spacing(
            LineSpacing::new()
                .before(0)
                .after(pt_to_twips(l.paragraph_spacing).max(0) as u32)
                .line(line_240(l.line_spacing))
                .line_rule(LineSpacingType::Auto),
        );
        if indent {
            p = p.indent(
                None,
                Some(SpecialIndentType::FirstLine(super::units::mm_to_twips(l.first_line_indent_mm))),
                None,
                None,
            );
        }
        p
    }

    fn table(&self, t: &Table, page: Page) -> Result<DTable, DocxError> {
        let err = |message: String| DocxError::Table { index: self.tables, message };
        let grid = scale_widths(&t.widths, page.text_width(self.layout)).map_err(err)?;
        let size = t.font_size.unwrap_or(self.layout.table_size);
        let cols = grid.len();
        // Per grid column: rows still covered by a rowspan from above, and the merged
        // cell's colspan on its first column (0 on the others).
        let mut covered: Vec<(u16, usize)> = vec![(0, 0); cols];
        let mut rows = Vec::new();
        let all = t.header.iter().map(|r| (r, true)).chain(t.rows.iter().map(|r| (r, false)));
        for (ri, (row, is_header)) in all.enumerate() {
            let mut cells = Vec::new();
            let mut model = row.iter();
            let mut col = 0;
            while col < cols {
                if covered[col].0 > 0 {
                    let span = covered[col].1.clamp(1, cols - col);
                    for slot in &mut covered[col..col + span] {
                        slot.0 = slot.0.saturating_sub(1);
                    }
                    let mut c =
                        self.cell(None, size, &grid[col..col + span], is_header).vertical_merge(VMergeType::Continue);
                    if span > 1 {
                        c = c.grid_span(span);
                    }
                    cells.push(c);
                    col += span;
                    continue;
                }
                let Some(cell) = model.next() else {
                    // A short row is completed with empty cells: Word needs full rows.
                    cells.push(self.cell(None, size, &grid[col..col + 1], is_header));
                    col += 1;
                    continue;
                };
                let span = usize::from(cell.colspan.max(1));
                let free = (col..cols).take_while(|c| covered[*c].0 == 0).count();
                if span > free {
                    return Err(err(format!(
                        "dòng {}: ô ở cột {} gộp {} cột nhưng chỉ còn {} cột",
                        ri + 1,
                        col + 1,
                        span,
                        free
                    )));
                }
                let mut c = self.cell(Some(cell), size, &grid[col..col + span], is_header);
                if span > 1 {
                    c = c.grid_span(span);
                }
                if cell.rowspan > 1 {
                    c = c.vertical_merge(VMergeType::Restart);
                    for (i, slot) in covered[col..col + span].iter_mut().enumerate() {
                        *slot = (cell.rowspan - 1, if i == 0 { span } else { 0 });
                    }
                }
                cells.push(c);
                col += span;
            }
            if model.next().is_some() {
                return Err(err(format!("dòng {} có nhiều ô hơn số cột ({cols})", ri + 1)));
            }
            let mut r = TableRow::new(cells);
            if is_header {
                // cantSplit marks header rows; the packager adds tblHeader next to it
                // (docx-rs has no tblHeader).
                r = r.cant_split();
            }
            rows.push(r);
        }
        let border = eighths(self.layout.rule_thickness);
        let borders = [
            TableBorderPosition::Top,
            TableBorderPosition::Left,
            TableBorderPosition::Bottom,
            TableBorderPosition::Right,
            TableBorderPosition::InsideH,
            TableBorderPosition::InsideV,
        ]
        .into_iter()
        .fold(TableBorders::with_empty(), |b, pos| {
            b.set(TableBorder::new(pos).size(border).color("000000").border_type(BorderType::Single))
        });
        Ok(DTable::new(rows)
            .set_grid(grid.iter().map(|w| *w as usize).collect())
            .width(grid.iter().sum::<i32>() as usize, WidthType::Dxa)
            .layout(TableLayoutType::Fixed)
            .set_borders(borders))
    }

    /// A cell as the PDF draws it: vertically centred, a little room above and below the
    /// text, header text bold.
    fn cell(&self, cell: Option<&Cell>, size: f32, widths: &[i32], header: bool) -> TableCell {
        let pad = self.layout.paragraph_spacing / 2.0;
        let tc = TableCell::new()
            .width(widths.iter().sum::<i32>() as usize, WidthType::Dxa)
            .vertical_align(VAlignType::Center);
        let lines = cell.map(|c| c.lines.as_slice()).unwrap_or_default();
        if lines.is_empty() {
            return tc.add_paragraph(Paragraph::new().size(half_points(size)).line_spacing(spacing(pad, pad)));
        }
        let align = cell.map(|c| jc(c.align)).unwrap_or(AlignmentType::Left);
        let last = lines.len() - 1;
        lines.iter().enumerate().fold(tc, |tc, (i, line)| {
            let before = if i == 0 { pad } else { 0.0 };
            let after = if i == last { pad } else { 0.0 };
            tc.add_paragraph(runs_paragraph(line, size, header).align(align).line_spacing(spacing(before, after)))
        })
    }

    /// The chart's title as a bold centred paragraph, then the chart as an inline PNG as
    /// wide as the text.
    fn chart(&mut self, c: &Chart, page: Page) -> Result<Vec<Child>, DocxError> {
        let l = self.layout;
        // The picture is drawn without its title, which comes as text above it (searchable,
        // and the same words as the PDF).
        let untitled = Chart { title: String::new(), ..c.clone() };
        let failed = |source| DocxError::Chart { title: c.title.clone(), source };
        let png = self.charts.png(&untitled).map_err(failed)?;
        let (w, h) = png_size(&png).ok_or_else(|| failed(ChartError::NotPng))?;
        self.images += 1;
        let cx = twips_to_emu(page.text_width(l));
        let cy = (f64::from(cx) * f64::from(h) / f64::from(w)).round() as u32;
        let pic = Pic::new_with_dimensions(png, w, h).id(format!("rIdImage{}", self.images)).size(cx, cy);
        // Chart text is sized like table text (the PDF's chart title is 12 pt too).
        let caption = text_paragraph(&c.title, l.table_size, true, false, AlignmentType::Center)
            .line_spacing(spacing(l.paragraph_spacing, 0.0))
            .keep_next(true);
        let image = Paragraph::new()
            .align(AlignmentType::Center)
            .line_spacing(spacing(0.0, l.paragraph_spacing))
            .add_run(docx_rs::Run::new().add_image(pic));
        Ok(vec![caption.into(), image.into()])
    }
}

/// Relative column weights → twips summing to `total`.
fn scale_widths(weights: &[f32], total: i32) -> Result<Vec<i32>, String> {
    if weights.is_empty() {
        return Err("không có độ rộng cột".into());
    }
    if weights.iter().any(|w| !w.is_finite() || *w <= 0.0) {
        return Err(format!("độ rộng cột phải là số dương: {weights:?}"));
    }
    let sum: f64 = weights.iter().map(|w| f64::from(*w)).sum();
    let mut out: Vec<i32> = weights.iter().map(|w| (f64::from(*w) / sum * f64::from(total)).floor() as i32).collect();
    // Give the rounding remainder to the last column so the grid fills the text width.
    let rest = total - out.iter().sum::<i32>();
    if let Some(last) = out.last_mut() {
        *last += rest;
    }
    Ok(out)
}

/// Width and height of a PNG from its IHDR chunk.
fn png_size(png: &[u8]) -> Option<(u32, u32)> {
    const SIG: [u8; 8] = [137, 80, 78, 71, 13, 10, 26, 10];
    if png.get(..8)? != SIG || png.get(12..16)? != b"IHDR" {
        return None;
    }
    let w = u32::from_be_bytes(png.get(16..20)?.try_into().ok()?);
    let h = u32::from_be_bytes(png.get(20..24)?.try_into().ok()?);
    (w > 0 && h > 0).then_some((w, h))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn widths_fill_the_text_width() {
        assert_eq!(scale_widths(&[1.0, 6.0, 2.0], 9000).unwrap(), vec![1000, 6000, 2000]);
        assert_eq!(scale_widths(&[1.0, 1.0, 1.0], 10000).unwrap(), vec![3333, 3333, 3334]);
        assert!(scale_widths(&[], 100).is_err());
        assert!(scale_widths(&[1.0, f32::NAN], 100).is_err());
    }

    #[test]
    fn png_header() {
        let mut png = vec![137, 80, 78, 71, 13, 10, 26, 10, 0, 0, 0, 13];
        png.extend_from_slice(b"IHDR");
        png.extend_from_slice(&640u32.to_be_bytes());
        png.extend_from_slice(&480u32.to_be_bytes());
        assert_eq!(png_size(&png), Some((640, 480)));
        assert_eq!(png_size(b"GIF89a"), None);
    }

    #[test]
    fn clean_drops_what_xml_cannot_carry() {
        assert_eq!(xml_text("a\u{1}b\tc\nd<&>"), "ab c d<&>");
    }
}
