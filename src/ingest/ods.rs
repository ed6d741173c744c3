//! A pass over an ods `content.xml` before calamine reads it: the merged ranges (calamine
//! does not expose them for ods) and the area each table will occupy once repeated rows and
//! columns are expanded. calamine builds a dense range over the used area and allows up to
//! 100 million cells, so a few bytes of `table:number-rows-repeated` could cost gigabytes;
//! such tables are refused here.

use quick_xml::events::{BytesStart, Event};
use quick_xml::Reader;
use quick_xml::Writer;
use std::collections::HashMap;
use std::io::{BufReader, Cursor, Read};
use zip::write::SimpleFileOptions;
use zip::{CompressionMethod, ZipArchive, ZipWriter};

/// What the pass learnt about one table.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct TableScan {
    /// Merged ranges, 0-based inclusive (first_row, first_col, last_row, last_col).
    pub merged: Vec<(u32, u32, u32, u32)>,
    /// Rows × columns of the box around the non-empty cells, after expansion.
    pub area: u64,
    /// The bottom-right cell of that box (0-based), for messages.
    pub last: (u64, u64),
}

/// Tables by name. `Err` only when `content.xml` is missing or not well-formed XML.
pub fn scan(bytes: &[u8]) -> Result<HashMap<String, TableScan>, String> {
    let mut archive = ZipArchive::new(Cursor::new(bytes)).map_err(|e| e.to_string())?;
    let content = archive.by_name("content.xml").map_err(|e| format!("content.xml: {e}"))?;
    let mut reader = Reader::from_reader(BufReader::new(content));
    let mut buf = Vec::new();
    let mut tables = HashMap::new();
    let mut current: Option<(String, Walk)> = None;
    loop {
        buf.clear();
        let event = reader.read_event_into(&mut buf).map_err(|e| format!("content.xml: {e}"))?;
        match event {
            Event::Start(e) | Event::Empty(e) if e.local_name().as_ref() == "table" && current.is_none() => {
                current = Some((attr(&e, "table:name").unwrap_or_default(), Walk::default()));
            }
            Event::End(e) if e.local_name().as_ref() == "table" => {
                if let Some((name, walk)) = current.take() {
                    tables.insert(name, walk.finish());
                }
            }
            Event::Start(e) if e.local_name().as_ref() == "table-row" => {
                if let Some((_, walk)) = current.as_mut() {
                    walk.start_row(repeat(&e, "table:number-rows-repeated"));
                }
            }
            Event::Empty(e) if e.local_name().as_ref() == "table-row" => {
                if let Some((_, walk)) = current.as_mut() {
                    walk.start_row(repeat(&e, "table:number-rows-repeated"));
                    walk.end_row();
                }
            }
            Event::End(e) if e.local_name().as_ref() == "table-row" => {
                if let Some((_, walk)) = current.as_mut() {
                    walk.end_row();
                }
            }
            Event::Start(ref e) | Event::Empty(ref e)
                if matches!(e.local_name().as_ref(), "table-cell" | "covered-table-cell") =>
            {
                if let Some((_, walk)) = current.as_mut() {
                    // A cell with children has text even without a value type.
                    let filled = matches!(event, Event::Start(_)) || attr(e, "office:value-type").is_some();
                    let spans = (repeat(e, "table:number-rows-spanned"), repeat(e, "table:number-columns-spanned"));
                    walk.cell(repeat(e, "table:number-columns-repeated"), filled, spans);
                }
            }
            Event::Eof => break,
            _ => {}
        }
    }
    Ok(tables)
}

/// Whether `META-INF/manifest.xml` marks an entry as encrypted: an ods saved with a password,
/// whose `content.xml` is ciphertext (calamine and [`scan`] would call it broken XML).
pub fn encrypted(bytes: &[u8]) -> bool {
    let Ok(mut archive) = ZipArchive::new(Cursor::new(bytes)) else { return false };
    let Ok(manifest) = archive.by_name("META-INF/manifest.xml") else { return false };
    let mut text = Vec::new();
    if manifest.take(4 << 20).read_to_end(&mut text).is_err() {
        return false;
    }
    text.windows(b"encryption-data".len()).any(|w| w == b"encryption-data")
}

/// The same ods with the whitespace-only text between table elements removed (an indented
/// `content.xml`, as written by hand or by some tools: calamine refuses text between the
/// cells of a row). Text inside paragraphs is kept. `None` when the archive cannot be rewritten.
pub fn without_indentation(bytes: &[u8]) -> Option<Vec<u8>> {
    let mut archive = ZipArchive::new(Cursor::new(bytes)).ok()?;
    let mut content = Vec::new();
    {
        let mut reader = Reader::from_reader(BufReader::new(archive.by_name("content.xml").ok()?));
        let mut writer = Writer::new(&mut content);
        let mut open: Vec<String> = Vec::new();
        let mut buf = Vec::new();
        loop {
            buf.clear();
            let event = reader.read_event_into(&mut buf).ok()?;
            match &event {
                Event::Eof => break,
                Event::Start(e) => open.push(e.name().as_ref().to_string()),
                Event::End(_) => {
                    open.pop();
                }
                Event::Text(t) if t.clone().into_inner().trim().is_empty() => {
                    let structural = open.last().is_some_and(|n| n.starts_with("table:") || n.starts_with("office:"));
                    if structural {
                        continue;
                    }
                }
                _ => {}
            }
            writer.write_event(event).ok()?;
        }
    }
    let mut out = ZipWriter::new(Cursor::new(Vec::new()));
    for i in 0..archive.len() {
        let entry = archive.by_index_raw(i).ok()?;
        if entry.name().is_ok_and(|n| n == "content.xml") {
            drop(entry);
            let options = SimpleFileOptions::default().compression_method(CompressionMethod::Deflated);
            out.start_file("content.xml", options).ok()?;
            std::io::Write::write_all(&mut out, &content).ok()?;
        } else {
            out.raw_copy_file(entry).ok()?;
        }
    }
    Some(out.finish().ok()?.into_inner())
}

fn attr(e: &BytesStart<'_>, name: &str) -> Option<String> {
    e.try_get_attribute(name).ok().flatten().map(|a| a.value.into_owned())
}

/// A repeat or span count; absent or malformed means 1.
fn repeat(e: &BytesStart<'_>, name: &str) -> u64 {
    attr(e, name).and_then(|v| v.trim().parse::<u64>().ok()).filter(|&n| n > 0).unwrap_or(1)
}

#[derive(Default)]
struct Walk {
    row: u64,
    row_repeat: u64,
    col: u64,
    /// Bounding box of filled cells: (min_row, min_col, max_row, max_col).
    bbox: Option<(u64, u64, u64, u64)>,
    merged: Vec<(u32, u32, u32, u32)>,
}

impl Walk {
    fn start_row(&mut self, repeat: u64) {
        self.row_repeat = repeat;
        self.col = 0;
    }

    fn end_row(&mut self) {
        self.row = self.row.saturating_add(self.row_repeat.max(1));
        self.row_repeat = 0;
    }

    fn cell(&mut self, repeat: u64, filled: bool, (row_span, col_span): (u64, u64)) {
        let rows = self.row_repeat.max(1);
        if filled {
            let last_row = self.row.saturating_add(rows - 1);
            let last_col = self.col.saturating_add(repeat - 1);
            self.bbox = Some(match self.bbox {
                None => (self.row, self.col, last_row, last_col),
                Some((r0, c0, r1, c1)) => (r0.min(self.row), c0.min(self.col), r1.max(last_row), c1.max(last_col)),
            });
        }
        if row_span > 1 || col_span > 1 {
            let range =
                (self.row, self.col, self.row.saturating_add(row_span - 1), self.col.saturating_add(col_span - 1));
            if let (Ok(a), Ok(b), Ok(c), Ok(d)) =
                (u32::try_from(range.0), u32::try_from(range.1), u32::try_from(range.2), u32::try_from(range.3))
            {
                self.merged.push((a, b, c, d));
            }
        }
        self.col = self.col.saturating_add(repeat);
    }

    fn finish(self) -> TableScan {
        let (area, last) = match self.bbox {
            None => (0, (0, 0)),
            Some((r0, c0, r1, c1)) => ((r1 - r0 + 1).saturating_mul(c1 - c0 + 1), (r1, c1)),
        };
        TableScan { merged: self.merged, area, last }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Write;
    use zip::write::SimpleFileOptions;

    fn ods(body: &str) -> Vec<u8> {
        let mut zip = zip::ZipWriter::new(Cursor::new(Vec::new()));
        zip.start_file("content.xml", SimpleFileOptions::default()).unwrap();
        let xml = format!(
            r#"<office:document-content xmlns:office="o" xmlns:table="t" xmlns:text="x"><office:body><office:spreadsheet>{body}</office:spreadsheet></office:body></office:document-content>"#
        );
        zip.write_all(xml.as_bytes()).unwrap();
        zip.finish().unwrap().into_inner()
    }

    #[test]
    fn merges_and_expanded_area() {
        let body = r#"<table:table table:name="A"><table:table-row><table:table-cell table:number-columns-spanned="3" table:number-rows-spanned="2" office:value-type="string"><text:p>Tiêu đề</text:p></table:table-cell><table:covered-table-cell table:number-columns-repeated="2"/></table:table-row>
<table:table-row table:number-rows-repeated="1000"><table:table-cell table:number-columns-repeated="1024"/></table:table-row>
<table:table-row><table:table-cell table:number-columns-repeated="4"/><table:table-cell office:value-type="float" office:value="1"/></table:table-row></table:table>
<table:table table:name="Bom"><table:table-row table:number-rows-repeated="1000000"><table:table-cell table:number-columns-repeated="200" office:value-type="float" office:value="1"/></table:table-row></table:table>"#;
        let tables = scan(&ods(body)).unwrap();
        let a = &tables["A"];
        assert_eq!(a.merged, vec![(0, 0, 1, 2)]);
        assert_eq!(a.last, (1001, 4));
        assert_eq!(a.area, 1002 * 5);
        assert_eq!(tables["Bom"].area, 200_000_000);
    }
}
