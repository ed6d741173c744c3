//! Our own layer over the zip container of xlsx/ods files, run before calamine sees them:
//! bounds on inflation (zip bombs), and rewriting of worksheet cells that calamine 0.38
//! refuses for the whole sheet.
//!
//! calamine's `CellErrorType::from_str` (xlsx/mod.rs) accepts only `#DIV/0!`, `#N/A`,
//! `#NAME?`, `#NULL!`, `#NUM!`, `#REF!`, `#VALUE!`; any other `t="e"` value (`#SPILL!`,
//! `#CALC!`, `#GETTING_DATA`, `#FIELD!`, `#BLOCKED!`, `#UNKNOWN!`, `#CONNECT!`, `#BUSY!`,
//! `#PYTHON!`…) fails the sheet with `XlsxError::CellError`. Likewise a non-numeric `<v>`
//! under `t="n"` (`ParseFloat`) and an unknown `t` (`CellTAttribute`). Such cells are
//! rewritten to inline text; an error value is prefixed with [`ERROR_MARKER`] so the grid
//! builder turns it back into `CellValue::Error` with the original code.

use quick_xml::events::{BytesStart, BytesText, Event};
use quick_xml::{Reader, Writer};
use std::io::{self, Cursor, Read, Write};
use zip::write::SimpleFileOptions;
use zip::{CompressionMethod, ZipArchive, ZipWriter};

/// Prefix (a private-use character and a tag) of text that stands for an error value
/// calamine cannot represent. Real cell text never starts with it.
pub const ERROR_MARKER: &str = "\u{E000}baocao-error:";

/// Error values calamine 0.38 reads itself.
const CALAMINE_ERRORS: [&str; 7] = ["#DIV/0!", "#N/A", "#NAME?", "#NULL!", "#NUM!", "#REF!", "#VALUE!"];

/// Cell types calamine 0.38 knows (`read_v`).
const CALAMINE_TYPES: [&str; 7] = ["s", "b", "d", "e", "str", "n", "inlineStr"];

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ZipProblem {
    /// Not a readable zip, or an entry fails to inflate (truncated, bad CRC).
    Corrupt(String),
    /// More bytes than allowed, declared in the directory or coming out while inflating.
    TooLarge { entry: String, bytes: u64, limit: u64, declared: bool },
}

/// Names of the entries, after checking that inflating all of them stays within
/// `max_inflated` bytes: first by the sizes the archive declares, then by inflating each
/// entry into nothing and stopping as soon as it yields more than declared or allowed.
pub fn check_zip(bytes: &[u8], max_inflated: u64) -> Result<Vec<String>, ZipProblem> {
    let mut archive = ZipArchive::new(Cursor::new(bytes)).map_err(|e| ZipProblem::Corrupt(e.to_string()))?;
    let mut entries = Vec::with_capacity(archive.len());
    let mut declared_total: u64 = 0;
    for i in 0..archive.len() {
        let f = archive.by_index_raw(i).map_err(|e| ZipProblem::Corrupt(e.to_string()))?;
        let name = f.name().map_err(|e| ZipProblem::Corrupt(e.to_string()))?.into_owned();
        declared_total = declared_total.saturating_add(f.size());
        if declared_total > max_inflated {
            return Err(ZipProblem::TooLarge {
                entry: name,
                bytes: declared_total,
                limit: max_inflated,
                declared: true,
            });
        }
        entries.push((name, f.size()));
    }
    let mut remaining = max_inflated;
    let mut buf = vec![0u8; 64 * 1024];
    for (i, (name, declared)) in entries.iter().enumerate() {
        let mut f = archive.by_index(i).map_err(|e| ZipProblem::Corrupt(format!("{name}: {e}")))?;
        let cap = (*declared).min(remaining);
        let mut out: u64 = 0;
        loop {
            let n = match f.read(&mut buf) {
                Ok(0) => break,
                Ok(n) => n as u64,
                Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
                // zip's own guard (crc32.rs) against entries inflating past their declared size.
                Err(e) if e.to_string().contains("larger than its declared") => {
                    return Err(ZipProblem::TooLarge { entry: name.clone(), bytes: out, limit: cap, declared: false })
                }
                Err(e) => return Err(ZipProblem::Corrupt(format!("{name}: {e}"))),
            };
            out += n;
            if out > cap {
                return Err(ZipProblem::TooLarge { entry: name.clone(), bytes: out, limit: cap, declared: false });
            }
        }
        remaining -= out;
    }
    Ok(entries.into_iter().map(|(name, _)| name).collect())
}

/// The content of one (already size-checked) entry.
pub fn read_entry(bytes: &[u8], name: &str) -> Option<Vec<u8>> {
    let mut archive = ZipArchive::new(Cursor::new(bytes)).ok()?;
    let mut f = archive.by_name(name).ok()?;
    let mut out = Vec::new();
    f.read_to_end(&mut out).ok()?;
    Some(out)
}

/// calamine reserves room for as many shared strings as `sharedStrings.xml` declares in
/// `uniqueCount` before reading them: a forged count (say 10^12) makes that allocation
/// fail, which aborts the process. The declaration is checked against the strings really
/// there (some writers miscount a little: twice the real count plus some is tolerated).
pub fn check_shared_strings(bytes: &[u8], entries: &[String]) -> Result<(), ZipProblem> {
    for name in entries.iter().filter(|n| n.to_ascii_lowercase().ends_with("sharedstrings.xml")) {
        let Some(xml) = read_entry(bytes, name) else { continue };
        let mut reader = Reader::from_reader(xml.as_slice());
        let mut declared: Option<u64> = None;
        let mut actual: u64 = 0;
        loop {
            match reader.read_event() {
                Ok(Event::Start(e)) | Ok(Event::Empty(e)) => match e.local_name().as_ref() {
                    "sst" => {
                        declared = e
                            .try_get_attribute("uniqueCount")
                            .ok()
                            .flatten()
                            .and_then(|a| a.value.trim().parse::<u64>().ok());
                    }
                    "si" => actual += 1,
                    _ => {}
                },
                Ok(Event::Eof) => break,
                // Malformed XML: calamine reports it without reserving anything more.
                Err(_) => break,
                Ok(_) => {}
            }
        }
        if let Some(n) = declared.filter(|&n| n > actual.saturating_mul(2).saturating_add(1024)) {
            return Err(ZipProblem::Corrupt(format!("{name} khai báo {n} chuỗi dùng chung nhưng chỉ có {actual}")));
        }
    }
    Ok(())
}

/// A copy of the (already size-checked) xlsx in which the worksheet cells calamine refuses
/// are rewritten; `None` when no cell needed it.
pub fn fix_cells(bytes: &[u8]) -> Result<Option<Vec<u8>>, ZipProblem> {
    let corrupt = |e: &dyn std::fmt::Display| ZipProblem::Corrupt(e.to_string());
    let mut archive = ZipArchive::new(Cursor::new(bytes)).map_err(|e| corrupt(&e))?;
    let mut fixed: Vec<Option<Vec<u8>>> = Vec::with_capacity(archive.len());
    for i in 0..archive.len() {
        let mut f = archive.by_index(i).map_err(|e| corrupt(&e))?;
        let name = f.name().map_err(|e| corrupt(&e))?.into_owned();
        if !is_worksheet(&name) {
            fixed.push(None);
            continue;
        }
        let mut xml = Vec::new();
        f.read_to_end(&mut xml).map_err(|e| corrupt(&format!("{name}: {e}")))?;
        fixed.push(fix_sheet_xml(&xml).map_err(|e| corrupt(&format!("{name}: {e}")))?);
    }
    if fixed.iter().all(Option::is_none) {
        return Ok(None);
    }
    let mut writer = ZipWriter::new(Cursor::new(Vec::with_capacity(bytes.len())));
    let options = SimpleFileOptions::default().compression_method(CompressionMethod::Deflated);
    for (i, content) in fixed.into_iter().enumerate() {
        match content {
            Some(xml) => {
                let name =
                    archive.by_index_raw(i).map_err(|e| corrupt(&e))?.name().map_err(|e| corrupt(&e))?.into_owned();
                writer.start_file(name, options).map_err(|e| corrupt(&e))?;
                writer.write_all(&xml).map_err(|e| corrupt(&e))?;
            }
            None => {
                let raw = archive.by_index_raw(i).map_err(|e| corrupt(&e))?;
                writer.raw_copy_file(raw).map_err(|e| corrupt(&e))?;
            }
        }
    }
    Ok(Some(writer.finish().map_err(|e| corrupt(&e))?.into_inner()))
}

fn is_worksheet(name: &str) -> bool {
    name.contains("worksheets/") && name.ends_with(".xml") && !name.contains("_rels/")
}

/// Rewritten worksheet XML, or `None` when every cell is fine as it is.
fn fix_sheet_xml(xml: &[u8]) -> Result<Option<Vec<u8>>, quick_xml::Error> {
    let mut reader = Reader::from_reader(xml);
    let mut writer = Writer::new(Vec::with_capacity(xml.len() + 1024));
    let mut changed = false;
    loop {
        match reader.read_event()? {
            Event::Start(c) if c.local_name().as_ref() == "c" => {
                let mut cell = vec![Event::Start(c)];
                loop {
                    let event = reader.read_event()?;
                    let end = matches!(&event, Event::End(e) if e.local_name().as_ref() == "c");
                    if matches!(event, Event::Eof) {
                        return Err(quick_xml::Error::Io(
                            io::Error::new(io::ErrorKind::UnexpectedEof, "worksheet ends inside a cell").into(),
                        ));
                    }
                    cell.push(event);
                    if end {
                        break;
                    }
                }
                if let Some(replacement) = fix_cell(&cell) {
                    changed = true;
                    cell = replacement;
                }
                for event in cell {
                    writer.write_event(event)?;
                }
            }
            Event::Eof => break,
            event => writer.write_event(event)?,
        }
    }
    Ok(changed.then(|| writer.into_inner()))
}

/// The events of a `<c>` element rewritten as inline text, when calamine would refuse it.
fn fix_cell<'a>(cell: &[Event<'a>]) -> Option<Vec<Event<'a>>> {
    let Some(Event::Start(start)) = cell.first() else { return None };
    let t = start.try_get_attribute("t").ok().flatten().map(|a| a.value.into_owned());
    let value = cell_value(cell)?;
    let new_text = match t.as_deref() {
        Some("e") if !CALAMINE_ERRORS.contains(&value.trim()) => format!("{ERROR_MARKER}{}", value.trim()),
        Some("n") if !value.trim().is_empty() && value.trim().parse::<f64>().is_err() => value,
        Some(other) if !CALAMINE_TYPES.contains(&other) => value,
        _ => return None,
    };
    let mut new_start = BytesStart::new(start.name().as_ref().to_string());
    for attr in start.attributes().with_checks(false).flatten() {
        if attr.key.as_ref() != "t" {
            let quote = if attr.value.contains('"') { '\'' } else { '"' };
            new_start.push_attribute_raw(attr.key.as_ref(), &attr.value, quote);
        }
    }
    new_start.push_attribute_raw("t", "inlineStr", '"');
    // Formulas are dropped with the cached value: only the value matters here.
    Some(vec![
        Event::Start(new_start),
        Event::Start(BytesStart::new("is")),
        Event::Start(BytesStart::new("t")),
        Event::Text(BytesText::new(&new_text).into_owned()),
        Event::End(quick_xml::events::BytesEnd::new("t")),
        Event::End(quick_xml::events::BytesEnd::new("is")),
        Event::End(start.to_end().into_owned()),
    ])
}

/// The text of the `<v>` child of a cell (entities resolved), `None` when there is none.
fn cell_value(cell: &[Event<'_>]) -> Option<String> {
    let mut in_v = false;
    let mut found = false;
    let mut value = String::new();
    for event in cell {
        match event {
            Event::Start(e) if e.local_name().as_ref() == "v" => {
                in_v = true;
                found = true;
            }
            Event::End(e) if e.local_name().as_ref() == "v" => in_v = false,
            Event::Text(t) if in_v => value.push_str(&t.xml10_content()),
            Event::GeneralRef(r) if in_v => match r.as_ref() {
                "amp" => value.push('&'),
                "lt" => value.push('<'),
                "gt" => value.push('>'),
                "quot" => value.push('"'),
                "apos" => value.push('\''),
                _ => {}
            },
            _ => {}
        }
    }
    found.then_some(value)
}

/// Helpers `BytesStart` lacks: an attribute whose value is already escaped.
trait PushRaw {
    fn push_attribute_raw(&mut self, key: &str, raw_value: &str, quote: char);
}

impl PushRaw for BytesStart<'_> {
    fn push_attribute_raw(&mut self, key: &str, raw_value: &str, quote: char) {
        let mut content = self.as_ref().to_string();
        content.push(' ');
        content.push_str(key);
        content.push('=');
        content.push(quote);
        content.push_str(raw_value);
        content.push(quote);
        let name_len = self.name().as_ref().len();
        *self = BytesStart::from_content(content, name_len).into_owned();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fix(xml: &str) -> Option<String> {
        fix_sheet_xml(xml.as_bytes()).unwrap().map(|v| String::from_utf8(v).unwrap())
    }

    #[test]
    fn rewrites_only_refused_cells() {
        let ok = r#"<worksheet><sheetData><row r="1"><c r="A1" t="e"><v>#N/A</v></c><c r="B1" s="2"><v>1.5</v></c></row></sheetData></worksheet>"#;
        assert_eq!(fix(ok), None);
        let bad = r#"<worksheet><sheetData><row r="1"><c r="A1" s="1" t="e"><f>SEQUENCE(3)</f><v>#SPILL!</v></c><c r="B1" t="n"><v>abc &amp; d</v></c></row></sheetData></worksheet>"#;
        let fixed = fix(bad).unwrap();
        assert_eq!(
            fixed,
            format!(
                r#"<worksheet><sheetData><row r="1"><c r="A1" s="1" t="inlineStr"><is><t>{ERROR_MARKER}#SPILL!</t></is></c><c r="B1" t="inlineStr"><is><t>abc &amp; d</t></is></c></row></sheetData></worksheet>"#
            )
        );
    }
}
