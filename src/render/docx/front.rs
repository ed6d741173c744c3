//! The fixed parts of a Decree 30 document: the two-column header, type name and
//! subject, `Kính gửi:`, the signature/`Nơi nhận:` table and annex titles.

use docx_rs::{
    AlignmentType, LineSpacing, LineSpacingType, Paragraph, Table, TableCell, TableCellMargins, TableLayoutType,
    TableRow, WidthType,
};

use super::blocks::{rule, run, spacing, text_paragraph, Child};
use super::units::{half_points, mm_to_twips, pt_to_twips, text_width_twips};
use crate::document::model::{Annex, Distribution, Letterhead, Recipients, Script, Signature, Title};
use crate::render::Layout;

/// Left and right column widths of the two-column tables (header, signature).
fn columns(l: &Layout, text_width: i32) -> (i32, i32) {
    let left = (f64::from(l.header_left_fraction) * f64::from(text_width)).round() as i32;
    (left, text_width - left)
}

/// A borderless, fixed-layout table with an explicit grid and cell widths (LibreOffice
/// mis-sizes tables without them) and no cell padding, so the columns' full width is
/// usable and the rules centre exactly.
fn layout_table(widths: (i32, i32), rows: Vec<[Vec<Paragraph>; 2]>) -> Table {
    let rows = rows
        .into_iter()
        .map(|[left, right]| TableRow::new(vec![cell(widths.0, left), cell(widths.1, right)]))
        .collect();
    Table::without_borders(rows)
        .set_grid(vec![widths.0.max(0) as usize, widths.1.max(0) as usize])
        .width((widths.0 + widths.1).max(0) as usize, WidthType::Dxa)
        .layout(TableLayoutType::Fixed)
        .set_borders(docx_rs::TableBorders::new().clear_all())
        .margins(TableCellMargins::new().margin(0, 0, 0, 0))
}

fn cell(width: i32, paragraphs: Vec<Paragraph>) -> TableCell {
    let c = TableCell::new().width(width.max(0) as usize, WidthType::Dxa);
    if paragraphs.is_empty() {
        return c.add_paragraph(Paragraph::new());
    }
    paragraphs.into_iter().fold(c, |c, p| c.add_paragraph(p))
}

fn centred(text: &str, size: f32, bold: bool, italic: bool) -> Paragraph {
    text_paragraph(text, size, bold, italic, AlignmentType::Center).line_spacing(spacing(0.0, 0.0))
}

/// The header: authority | national title and motto, then number (+ `V/v`) | place-date.
/// Two rows so the number and the place-date line up.
pub(crate) fn header_table(l: &Layout, h: &Letterhead, text_width: i32) -> Table {
    let (lw, rw) = columns(l, text_width);

    let mut left: Vec<Paragraph> = h.parent.iter().map(|t| centred(t, l.header_size, false, false)).collect();
    left.extend(h.authority.iter().map(|t| centred(t, l.header_size, true, false)));
    // The rule is measured against the line right above it.
    let authority_width = h.authority.last().map(|t| text_width_twips(t, l.header_size, true)).unwrap_or(0);
    if authority_width > 0 {
        left.push(rule(l, fraction(l.authority_rule_fraction, authority_width.min(lw)), lw));
    }

    let mut right = vec![centred(&h.nation, l.header_size, true, false), centred(&h.motto, l.motto_size, true, false)];
    let motto_width = text_width_twips(&h.motto, l.motto_size, true);
    if motto_width > 0 {
        right.push(rule(l, fraction(l.motto_rule_fraction, motto_width.min(rw)), rw));
    }

    let mut number =
        vec![centred(&h.number, l.number_size, false, false).line_spacing(spacing(l.paragraph_spacing, 0.0))];
    for (i, s) in h.subject.iter().enumerate() {
        let before = if i == 0 { l.subject_cv_space_above } else { 0.0 };
        number.push(centred(s, l.subject_cv_size, false, false).line_spacing(spacing(before, 0.0)));
    }
    let date =
        vec![centred(&h.place_date, l.place_date_size, false, true).line_spacing(spacing(l.paragraph_spacing, 0.0))];

    layout_table((lw, rw), vec![[left, right], [number, date]])
}

fn fraction(f: f32, width: i32) -> i32 {
    (f64::from(f) * f64::from(width)).round() as i32
}

/// Type name and subject, bold and centred, a short rule under the subject.
pub(crate) fn title(l: &Layout, t: &Title, text_width: i32) -> Vec<Child> {
    let mut out: Vec<Child> = vec![centred(&t.kind, l.title_size, true, false)
        .line_spacing(spacing(l.paragraph_spacing * 2.0, 0.0))
        .keep_next(true)
        .into()];
    out.extend(t.subject.iter().map(|s| centred(s, l.title_size, true, false).keep_next(true).into()));
    if !t.subject.is_empty() {
        out.push(rule(l, mm_to_twips(l.subject_rule_mm).min(text_width), text_width).into());
    }
    out
}

/// `Kính gửi:`. One recipient stands on the label's line, centred; several go one per
/// line under the label, aligned just after it.
pub(crate) fn recipients(l: &Layout, r: &Recipients, text_width: i32) -> Vec<Child> {
    let size = l.body_size;
    let gap = LineSpacing::new()
        .before(pt_to_twips(l.paragraph_spacing * 2.0).max(0) as u32)
        .after(pt_to_twips(l.paragraph_spacing).max(0) as u32)
        .line(240)
        .line_rule(LineSpacingType::Auto);
    if let [only] = r.lines.as_slice() {
        let p = Paragraph::new()
            .align(AlignmentType::Center)
            .size(half_points(size))
            .line_spacing(gap)
            .add_run(run(&r.label, size, false, false, Script::Normal))
            .add_run(run(" ", size, false, false, Script::Normal))
            .add_run(run(only, size, false, false, Script::Normal));
        return vec![p.into()];
    }
    // The label sits in the middle of the left header column's width.
    let label_indent = (f64::from(l.header_left_fraction) * f64::from(text_width) / 2.0).round() as i32;
    let item_indent = label_indent + text_width_twips(&format!("{} ", r.label), size, false);
    let mut out: Vec<Child> = vec![text_paragraph(&r.label, size, false, false, AlignmentType::Left)
        .indent(Some(label_indent), None, None, None)
        .line_spacing(LineSpacing::new().before(pt_to_twips(l.paragraph_spacing * 2.0).max(0) as u32).after(0))
        .keep_next(true)
        .into()];
    let last = r.lines.len().saturating_sub(1);
    for (i, line) in r.lines.iter().enumerate() {
        let after = if i == last { l.paragraph_spacing } else { 0.0 };
        out.push(
            text_paragraph(line, size, false, false, AlignmentType::Left)
                .indent(Some(item_indent), None, None, None)
                .line_spacing(spacing(0.0, after))
                .into(),
        );
    }
    out
}

/// `Nơi nhận:` and its list | authority, position, room to sign and seal, signer.
pub(crate) fn signature_table(l: &Layout, s: &Signature, d: &Distribution, text_width: i32) -> Table {
    let (lw, rw) = columns(l, text_width);
    let mut left = vec![text_paragraph(&d.label, l.distribution_label_size, true, true, AlignmentType::Left)
        .line_spacing(spacing(l.paragraph_spacing, 0.0))];
    for line in &d.lines {
        let p = line
            .iter()
            .fold(Paragraph::new().size(half_points(l.distribution_size)).line_spacing(spacing(0.0, 0.0)), |p, r| {
                p.add_run(run(&r.text, l.distribution_size, r.bold, r.italic, r.script))
            });
        left.push(p.align(AlignmentType::Left));
    }

    let size = l.signature_size;
    let mut right = Vec::new();
    if !s.authority.is_empty() {
        right.push(centred(&s.authority, size, true, false));
    }
    right.push(centred(&s.position, size, true, false));
    if let Some(first) = right.first_mut() {
        *first = first.clone().line_spacing(spacing(l.paragraph_spacing, 0.0));
    }
    // An empty paragraph of exact height: the room for signature and seal.
    right.push(Paragraph::new().size(half_points(size)).line_spacing(
        LineSpacing::new().before(0).after(0).line(mm_to_twips(l.signature_space_mm)).line_rule(LineSpacingType::Exact),
    ));
    if !s.name.is_empty() {
        right.push(centred(&s.name, size, true, false));
    }
    layout_table((lw, rw), vec![[left, right]])
}

/// Annex title lines (bold, centred) and the italic note under them.
pub(crate) fn annex_title(l: &Layout, a: &Annex) -> Vec<Child> {
    let mut out: Vec<Child> =
        a.title.iter().map(|t| centred(t, l.title_size, true, false).keep_next(true).into()).collect();
    if let Some(note) = &a.note {
        out.push(centred(note, l.body_size, false, true).keep_next(true).into());
    }
    out.push(Paragraph::new().size(half_points(l.body_size)).line_spacing(spacing(0.0, l.paragraph_spacing)).into());
    out
}
