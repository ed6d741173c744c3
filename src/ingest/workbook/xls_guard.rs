//! A pass over an xls file before calamine opens it. `Xls::new` parses every worksheet at
//! once into a dense range spanning the first to the last used cell (and reserves room for
//! the area the DIMENSIONS record declares), so a few bytes can cost gigabytes — or abort
//! the process when the allocation fails, which no panic guard catches. Here the
//! `Workbook` stream (taken from the OLE container by the `cfb` crate) is walked record by
//! record as calamine walks it, and each worksheet's declared and used areas measured. An
//! encrypted or obfuscated workbook (a FILEPASS record, RC4 or XOR) is refused here too:
//! calamine reads XOR-obfuscated records as if they were plain.

use super::super::ole::{self, StreamError};
use super::ReadLimits;

/// A reason to refuse the file before calamine sees it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum XlsRefusal {
    /// A worksheet would take more cells than allowed (Vietnamese detail).
    TooLarge(String),
    /// A record calamine would trip over (Vietnamese detail).
    Corrupt(String),
    /// The workbook is encrypted or obfuscated with a password (FILEPASS).
    Encrypted,
}

/// What one worksheet would occupy.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SheetArea {
    pub name: String,
    /// Rows × columns declared by the DIMENSIONS record (calamine reserves this).
    pub declared: u64,
    /// Rows × columns of the box around the cell records (calamine fills this).
    pub used: u64,
    /// Bottom-right corner (0-based row, col) of the larger of the two boxes.
    pub last: (u64, u64),
}

/// Checks every worksheet's areas against the cell limit, and that the workbook is not
/// encrypted.
pub fn check(bytes: &[u8], limits: &ReadLimits) -> Result<(), XlsRefusal> {
    let stream = match ole::read_stream(bytes, &["Workbook", "Book"], limits.max_file_bytes) {
        Ok(stream) => stream,
        Err(StreamError::Damaged(detail)) => {
            return Err(XlsRefusal::Corrupt(format!("cấu trúc tệp Office 97 (OLE) bị hỏng: {detail}")))
        }
        Err(StreamError::Missing) => return Err(XlsRefusal::Corrupt("không có dữ liệu bảng tính (Workbook)".into())),
        Err(StreamError::TooLarge(n)) => {
            return Err(XlsRefusal::TooLarge(format!("dữ liệu bảng tính khai báo {n} byte, vượt giới hạn")))
        }
    };
    check_stream(&stream, limits.max_cells)
}

/// [`check`] on the `Workbook` stream itself.
pub fn check_stream(stream: &[u8], max_cells: u64) -> Result<(), XlsRefusal> {
    for sheet in sheet_areas(stream)? {
        let area = sheet.declared.max(sheet.used);
        if area > max_cells {
            return Err(XlsRefusal::TooLarge(format!(
                "trang «{}» trải từ ô A1 đến ô {} ({area} ô kể cả ô trống xen giữa), vượt giới hạn {max_cells} ô",
                sheet.name,
                super::big_cell_name(sheet.last.0, sheet.last.1),
            )));
        }
    }
    Ok(())
}

fn u16_at(b: &[u8], at: usize) -> Option<u16> {
    Some(u16::from_le_bytes(b.get(at..at.checked_add(2)?)?.try_into().ok()?))
}

fn u32_at(b: &[u8], at: usize) -> Option<u32> {
    Some(u32::from_le_bytes(b.get(at..at.checked_add(4)?)?.try_into().ok()?))
}

/// A BIFF record: type and data (CONTINUE records are separate records here; none of the
/// records measured continues).
fn records(stream: &[u8]) -> impl Iterator<Item = (u16, &[u8])> {
    let mut rest = stream;
    std::iter::from_fn(move || {
        let typ = u16_at(rest, 0)?;
        let len = usize::from(u16_at(rest, 2)?);
        let data = rest.get(4..4 + len)?;
        rest = rest.get(4 + len..)?;
        Some((typ, data))
    })
}

const BOF: u16 = 0x0809;
const EOF: u16 = 0x000A;
const BOUNDSHEET: u16 = 0x0085;
const DIMENSIONS: u16 = 0x0200;
const MULRK: u16 = 0x00BD;
const FILEPASS: u16 = 0x002F;

fn corrupt(detail: String) -> XlsRefusal {
    XlsRefusal::Corrupt(detail)
}

/// Every worksheet's areas, walking the records as calamine 0.38 does (`parse_workbook`).
pub fn sheet_areas(stream: &[u8]) -> Result<Vec<SheetArea>, XlsRefusal> {
    let mut sheets = Vec::new();
    for (typ, data) in records(stream) {
        match typ {
            BOUNDSHEET => {
                let (Some(pos), Some(_)) = (u32_at(data, 0), data.get(5)) else {
                    return Err(corrupt("bản ghi danh sách trang tính (BoundSheet) bị cụt".into()));
                };
                let pos = usize::try_from(pos).unwrap_or(usize::MAX);
                let name = sheet_name(data.get(6..).unwrap_or_default());
                if pos > stream.len() {
                    return Err(corrupt(format!("trang «{name}» trỏ ra ngoài dữ liệu của tệp")));
                }
                sheets.push((pos, name));
            }
            BOF if data.len() < 2 => return Err(corrupt("bản ghi đầu (BOF) bị cụt".into())),
            // Encrypted (RC4, type 1) or obfuscated (XOR, type 0): every record after this
            // one is ciphertext, which calamine would read as cells in the XOR case.
            FILEPASS => return Err(XlsRefusal::Encrypted),
            EOF => break,
            _ => {}
        }
    }
    sheets.into_iter().map(|(pos, name)| measure(stream.get(pos..).unwrap_or_default(), name)).collect()
}

/// The name in a BoundSheet record: length, flags (bit 0: UTF-16), characters.
fn sheet_name(b: &[u8]) -> String {
    let len = usize::from(b.first().copied().unwrap_or(0));
    let wide = b.get(1).is_some_and(|f| f & 1 == 1);
    let chars = b.get(2..).unwrap_or_default();
    if wide {
        let units: Vec<u16> = chars.chunks_exact(2).take(len).filter_map(|c| u16_at(c, 0)).collect();
        String::from_utf16_lossy(&units)
    } else {
        chars.iter().take(len).map(|&c| char::from(c)).collect()
    }
}

fn measure(sheet: &[u8], name: String) -> Result<SheetArea, XlsRefusal> {
    let mut declared: u64 = 0;
    let mut declared_last = (0u64, 0u64);
    let mut bbox: Option<(u32, u32, u32, u32)> = None;
    let mut add = |row: u32, col: u32| {
        bbox = Some(match bbox {
            None => (row, col, row, col),
            Some((r0, c0, r1, c1)) => (r0.min(row), c0.min(col), r1.max(row), c1.max(col)),
        });
    };
    let mut seen_bof = false;
    let mut depth = 0usize;
    for (typ, data) in records(sheet) {
        if depth > 0 {
            match typ {
                BOF => depth += 1,
                EOF => depth -= 1,
                _ => {}
            }
            continue;
        }
        let pos = || Some((u32::from(u16_at(data, 0)?), u32::from(u16_at(data, 2)?)));
        match typ {
            BOF if seen_bof => depth += 1,
            BOF => seen_bof = true,
            EOF => break,
            DIMENSIONS => {
                let (rows, cols, last) = dimensions(data).ok_or_else(|| {
                    corrupt(format!("trang «{name}» khai báo vùng dữ liệu (DIMENSIONS) không hợp lệ"))
                })?;
                declared = rows.saturating_mul(cols);
                declared_last = last;
            }
            // Number, Label, RString, BoolErr, Rk, LabelSst, Formula: row and column first.
            0x0203 | 0x0204 | 0x00D6 | 0x0205 | 0x027E | 0x00FD | 0x0006 => {
                if let Some((r, c)) = pos() {
                    add(r, c);
                }
            }
            MULRK => {
                let (Some((r, first)), Some(last)) = (pos(), data.len().checked_sub(2).and_then(|i| u16_at(data, i)))
                else {
                    continue;
                };
                if u32::from(last) < first {
                    return Err(corrupt(format!("trang «{name}» có bản ghi ô (MulRk) bị hỏng")));
                }
                add(r, first);
                add(r, u32::from(last));
            }
            _ => {}
        }
    }
    let (used, used_last) = match bbox {
        None => (0, (0, 0)),
        Some((r0, c0, r1, c1)) => {
            let area = u64::from(r1 - r0 + 1).saturating_mul(u64::from(c1 - c0 + 1));
            (area, (u64::from(r1), u64::from(c1)))
        }
    };
    let last = if declared >= used { declared_last } else { used_last };
    Ok(SheetArea { name, declared, used, last })
}

/// Rows, columns and last cell of a DIMENSIONS record, read as calamine reads it;
/// `None` when calamine's arithmetic on it would overflow.
fn dimensions(r: &[u8]) -> Option<(u64, u64, (u64, u64))> {
    let (rf, rl, mut cf, cl) = match r.len() {
        10 => (u32::from(u16_at(r, 0)?), u32::from(u16_at(r, 2)?), u32::from(u16_at(r, 4)?), u32::from(u16_at(r, 6)?)),
        14 | 16 => (u32_at(r, 0)?, u32_at(r, 4)?, u32::from(u16_at(r, 8)?), u32::from(u16_at(r, 10)?)),
        // calamine rejects other lengths with an error of its own.
        _ => return Some((0, 0, (0, 0))),
    };
    if cf > 0xFF || cl < cf {
        cf = 0;
    }
    if rl == 0 || cl == 0 {
        return Some((1, 1, (u64::from(rf), u64::from(cf))));
    }
    let (r_end, c_end) = (rl - 1, cl - 1);
    if r_end < rf || c_end < cf {
        return None;
    }
    Some((u64::from(r_end - rf) + 1, u64::from(c_end - cf) + 1, (u64::from(r_end), u64::from(c_end))))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn record(typ: u16, data: &[u8]) -> Vec<u8> {
        let mut out = typ.to_le_bytes().to_vec();
        out.extend_from_slice(&(data.len() as u16).to_le_bytes());
        out.extend_from_slice(data);
        out
    }

    fn dims(rf: u32, rl: u32, cf: u16, cl: u16) -> Vec<u8> {
        let mut d = rf.to_le_bytes().to_vec();
        d.extend_from_slice(&rl.to_le_bytes());
        d.extend_from_slice(&cf.to_le_bytes());
        d.extend_from_slice(&cl.to_le_bytes());
        d.extend_from_slice(&[0, 0]);
        record(DIMENSIONS, &d)
    }

    fn number(row: u16, col: u16) -> Vec<u8> {
        let mut d = row.to_le_bytes().to_vec();
        d.extend_from_slice(&col.to_le_bytes());
        d.extend_from_slice(&[0; 10]);
        record(0x0203, &d)
    }

    /// A globals substream naming one sheet, followed by that sheet's records.
    fn stream(sheet: &[Vec<u8>]) -> Vec<u8> {
        let name = b"Sheet1";
        let mut bs = vec![0u8; 6];
        bs.push(name.len() as u8);
        bs.push(0);
        bs.extend_from_slice(name);
        let globals_len = (4 + 16) + (4 + bs.len()) + 4;
        bs[..4].copy_from_slice(&(globals_len as u32).to_le_bytes());
        let mut out = record(BOF, &[0, 6, 5, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0]);
        out.extend(record(BOUNDSHEET, &bs));
        out.extend(record(EOF, &[]));
        assert_eq!(out.len(), globals_len);
        out.extend(record(BOF, &[0, 6, 16, 0]));
        for r in sheet {
            out.extend_from_slice(r);
        }
        out.extend(record(EOF, &[]));
        out
    }

    #[test]
    fn measures_declared_and_used_areas() {
        let s = stream(&[dims(0, 3, 0, 2), number(0, 0), number(2, 1)]);
        let areas = sheet_areas(&s).unwrap();
        assert_eq!(areas, vec![SheetArea { name: "Sheet1".into(), declared: 6, used: 6, last: (2, 1) }]);

        // A lying DIMENSIONS record does not hide the cells far away.
        let s = stream(&[dims(0, 1, 0, 1), number(0, 0), number(65535, 255)]);
        let area = &sheet_areas(&s).unwrap()[0];
        assert_eq!((area.declared, area.used, area.last), (1, 65536 * 256, (65535, 255)));

        // calamine reserves rows × columns of the declaration.
        let s = stream(&[dims(0, u32::MAX, 0, 256)]);
        assert_eq!(sheet_areas(&s).unwrap()[0].declared, u64::from(u32::MAX) * 256);
    }

    #[test]
    fn filepass_means_encrypted_whatever_the_method() {
        // XOR obfuscation (type 0) and RC4 (type 1): either way the rest is ciphertext.
        for filepass in [vec![0, 0, 0x34, 0x12, 0x78, 0x56], vec![1, 0, 1, 0, 1, 0]] {
            let mut s = record(BOF, &[0, 6, 5, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0]);
            s.extend(record(FILEPASS, &filepass));
            s.extend(stream(&[dims(0, u32::MAX, 0, 256)]));
            assert_eq!(sheet_areas(&s), Err(XlsRefusal::Encrypted));
        }
    }

    #[test]
    fn refuses_records_calamine_would_trip_over() {
        let s = stream(&[dims(10, 5, 0, 2)]);
        assert!(matches!(sheet_areas(&s), Err(XlsRefusal::Corrupt(_))));
        let mut mulrk = 0u16.to_le_bytes().to_vec();
        mulrk.extend_from_slice(&5u16.to_le_bytes());
        mulrk.extend_from_slice(&[0; 6]);
        mulrk.extend_from_slice(&2u16.to_le_bytes());
        let s = stream(&[record(MULRK, &mulrk)]);
        assert!(matches!(sheet_areas(&s), Err(XlsRefusal::Corrupt(_))));
        let mut bad = stream(&[]);
        // The BoundSheet offset is the first field of the second record's data.
        bad[24..28].copy_from_slice(&100_000u32.to_le_bytes());
        assert!(matches!(sheet_areas(&bad), Err(XlsRefusal::Corrupt(_))));
    }
}
