//! Bad input never panics and never loses data: the committed samples, corrupted in many
//! deterministic ways (truncated, bytes flipped, zip entries removed, XML replaced or
//! damaged, absurd sizes declared), read as one month beside a good sample.

use baocao::config::Config;
use baocao::consolidate::consolidate;
use baocao::ingest::read_month;
use baocao::ingest::report::{AgencyReport, Ingested};
use sha2::{Digest, Sha256};
use std::collections::BTreeMap;
use std::io::{Cursor, Read, Write};
use std::path::{Path, PathBuf};
use zip::write::SimpleFileOptions;
use zip::{CompressionMethod, ZipArchive, ZipWriter};

const GOOD: &str = "BC T5 STP.xlsx";
const XLSX: &str = "BC T5 STNMT.xlsx";
const ODS: &str = "STC - Bao cao T5-2023.ods";
const XLS: &str = "BC thang 5.2023 - So Y te.xls";
/// The wording of `read_file_guarded` when it caught a panic: never acceptable here.
const PANIC_WORDING: &str = "lỗi không lường trước";

fn inputs_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("inputs")
}

fn sample(name: &str) -> Vec<u8> {
    std::fs::read(inputs_dir().join(name)).expect("committed sample")
}

/// xorshift64*: the same corruptions on every run.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }
}

fn entries(zip: &[u8]) -> Vec<(String, Vec<u8>)> {
    let mut archive = ZipArchive::new(Cursor::new(zip)).expect("sample is a zip");
    (0..archive.len())
        .map(|i| {
            let mut f = archive.by_index(i).expect("entry");
            let mut bytes = Vec::new();
            f.read_to_end(&mut bytes).expect("inflate");
            (f.name().expect("entry name").into_owned(), bytes)
        })
        .collect()
}

/// A zip of `entries` in order; `mimetype` stored, as ODF requires.
fn rezip(entries: &[(String, Vec<u8>)]) -> Vec<u8> {
    let mut w = ZipWriter::new(Cursor::new(Vec::new()));
    for (name, bytes) in entries {
        let method = if name == "mimetype" { CompressionMethod::Stored } else { CompressionMethod::Deflated };
        w.start_file(name.as_str(), SimpleFileOptions::default().compression_method(method)).expect("start entry");
        w.write_all(bytes).expect("write entry");
    }
    w.finish().expect("finish zip").into_inner()
}

/// `zip` with one entry's content changed by `f`.
fn edit(zip: &[u8], entry: &str, f: impl FnOnce(&str) -> String) -> Vec<u8> {
    let mut all = entries(zip);
    let e = all.iter_mut().find(|(n, _)| n == entry).expect("entry present");
    e.1 = f(&String::from_utf8_lossy(&e.1)).into_bytes();
    rezip(&all)
}

fn without(zip: &[u8], entry: &str) -> Vec<u8> {
    let all: Vec<_> = entries(zip).into_iter().filter(|(n, _)| n != entry).collect();
    rezip(&all)
}

fn flip(bytes: &[u8], rng: &mut Rng, count: usize) -> Vec<u8> {
    let mut out = bytes.to_vec();
    for _ in 0..count {
        let i = rng.below(out.len());
        out[i] ^= 1 + rng.below(255) as u8;
    }
    out
}

/// `zip` with bytes flipped inside one inflated entry (so the damage reaches the parser
/// instead of stopping at the zip checksum).
fn flip_entry(zip: &[u8], entry: &str, rng: &mut Rng, count: usize) -> Vec<u8> {
    let mut all = entries(zip);
    let e = all.iter_mut().find(|(n, _)| n == entry).expect("entry present");
    e.1 = flip(&e.1, rng, count);
    rezip(&all)
}

fn two_hundred_sheets() -> Vec<u8> {
    let mut wb = rust_xlsxwriter::Workbook::new();
    for i in 0..200 {
        let ws = wb.add_worksheet();
        ws.set_name(format!("Trang {i}")).expect("sheet name");
        ws.write_string(0, 0, format!("Ghi chú số {i}")).expect("cell");
        ws.write_number(1, 1, i as f64).expect("cell");
    }
    wb.save_to_buffer().expect("xlsx")
}

/// Every corrupted variant, by file name.
fn variants() -> Vec<(String, Vec<u8>)> {
    let mut out: Vec<(String, Vec<u8>)> = Vec::new();
    let mut rng = Rng(0x9E37_79B9_7F4A_7C15);
    for (tag, ext, name) in [("xlsx", "xlsx", XLSX), ("ods", "ods", ODS), ("xls", "xls", XLS)] {
        let bytes = sample(name);
        let n = bytes.len();
        // Cut at 60 even steps and inside the last bytes (the zip directory, the CFB tail).
        let mut cuts: Vec<usize> = (1..60).map(|k| k * n / 60).collect();
        cuts.extend([1, 8, 511, 513, n - 22, n - 10, n - 1]);
        cuts.sort_unstable();
        cuts.dedup();
        for cut in cuts {
            out.push((format!("cat-{tag}-{cut:05}.{ext}"), bytes[..cut].to_vec()));
        }
        for k in 0..150 {
            let count = 1 + k % 4;
            out.push((format!("lat-{tag}-{k:03}.{ext}"), flip(&bytes, &mut rng, count)));
        }
    }

    let xlsx = sample(XLSX);
    for (k, entry) in
        ["xl/worksheets/sheet1.xml", "xl/sharedStrings.xml", "xl/workbook.xml", "xl/styles.xml"].iter().enumerate()
    {
        for j in 0..40 {
            out.push((format!("xml-xlsx-{k}-{j:02}.xlsx"), flip_entry(&xlsx, entry, &mut rng, 1 + j % 3)));
        }
    }
    let ods = sample(ODS);
    for j in 0..80 {
        out.push((format!("xml-ods-{j:02}.ods"), flip_entry(&ods, "content.xml", &mut rng, 1 + j % 3)));
    }
    for (i, (entry, _)) in entries(&xlsx).iter().enumerate() {
        out.push((format!("thieu-xlsx-{i:02}.xlsx"), without(&xlsx, entry)));
    }
    for (i, (entry, _)) in entries(&ods).iter().enumerate() {
        out.push((format!("thieu-ods-{i:02}.ods"), without(&ods, entry)));
    }

    let sheet = "xl/worksheets/sheet1.xml";
    let dim = |xml: &str, new: &str| xml.replacen(r#"<dimension ref="A1:H34"/>"#, new, 1);
    out.push(("rac-sheet.xlsx".into(), edit(&xlsx, sheet, |_| "<<<rác không phải XML \u{0}\u{1} &&&".into())));
    out.push(("rac-sheet-rong.xlsx".into(), edit(&xlsx, sheet, |_| String::new())));
    out.push(("dimension-lon.xlsx".into(), edit(&xlsx, sheet, |x| dim(x, r#"<dimension ref="A1:XFD1048576"/>"#))));
    out.push(("dimension-nguoc.xlsx".into(), edit(&xlsx, sheet, |x| dim(x, r#"<dimension ref="H34:A1"/>"#))));
    out.push(("dimension-sai.xlsx".into(), edit(&xlsx, sheet, |x| dim(x, r#"<dimension ref="A0:ZZZZZ99999999"/>"#))));
    out.push((
        "gop-o-lon.xlsx".into(),
        edit(&xlsx, sheet, |x| {
            x.replacen(
                "</sheetData>",
                r#"</sheetData><mergeCells count="1"><mergeCell ref="A1:XFD1048576"/></mergeCells>"#,
                1,
            )
        }),
    ));
    out.push((
        "gop-o-nguoc.xlsx".into(),
        edit(&xlsx, sheet, |x| {
            x.replacen("</sheetData>", r#"</sheetData><mergeCells count="1"><mergeCell ref="H9:A1"/></mergeCells>"#, 1)
        }),
    ));
    out.push(("sst-ngoai-pham-vi.xlsx".into(), edit(&xlsx, sheet, |x| x.replace("<v>7</v>", "<v>999999</v>"))));
    out.push(("sst-chu.xlsx".into(), edit(&xlsx, sheet, |x| x.replace("<v>8</v>", "<v>tám</v>"))));
    out.push(("sst-am.xlsx".into(), edit(&xlsx, sheet, |x| x.replace("<v>9</v>", "<v>-1</v>"))));
    out.push((
        "sst-dem-lon.xlsx".into(),
        edit(&xlsx, "xl/sharedStrings.xml", |x| {
            let start = x.find("uniqueCount=\"").map_or(0, |i| i + 13);
            let end = x[start..].find('"').map_or(start, |i| start + i);
            format!("{}999999999999{}", &x[..start], &x[end..])
        }),
    ));
    out.push((
        "o-dong-0.xlsx".into(),
        edit(&xlsx, sheet, |x| {
            x.replacen(r#"<c r="A1""#, r#"<c r="A0""#, 1).replacen(r#"<row r="1""#, r#"<row r="0""#, 1)
        }),
    ));
    out.push((
        "o-ngoai-gioi-han.xlsx".into(),
        edit(&xlsx, sheet, |x| x.replacen(r#"<c r="E1""#, r#"<c r="XFE1048577""#, 1)),
    ));
    out.push((
        "cong-thuc-chung.xlsx".into(),
        edit(&xlsx, sheet, |x| {
            x.replacen(
                r#"<c r="E1" s="1" t="s"><v>1</v></c>"#,
                r#"<c r="E1"><f t="shared" ref="E1:E2" si="4000000000">1+1</f><v>2</v></c>"#,
                1,
            )
        }),
    ));
    out.push(("thieu-styles.xlsx".into(), without(&xlsx, "xl/styles.xml")));
    out.push(("hai-tram-trang.xlsx".into(), two_hundred_sheets()));

    let content = "content.xml";
    out.push((
        "lap-cot-rong.ods".into(),
        edit(&ods, content, |x| {
            x.replace(
                "</table:table-row>",
                r#"<table:table-cell table:number-columns-repeated="16384"/></table:table-row>"#,
            )
        }),
    ));
    out.push((
        "lap-cot-day.ods".into(),
        edit(&ods, content, |x| {
            x.replace(
                "</table:table-row>",
                r#"<table:table-cell table:number-columns-repeated="16384" office:value-type="float" office:value="1"/></table:table-row>"#,
            )
        }),
    ));
    out.push((
        "lap-dong.ods".into(),
        edit(&ods, content, |x| {
            x.replacen("<table:table-row", r#"<table:table-row table:number-rows-repeated="1048576""#, 1)
        }),
    ));
    out.push(("rac-content.ods".into(), edit(&ods, content, |_| "<office:document-content><<<".into())));

    // xls: the DIMENSIONS record (type 0x0200, 14 bytes) patched in place.
    let xls = sample(XLS);
    let at = xls.windows(4).position(|w| w == [0x00, 0x02, 0x0E, 0x00]).expect("DIMENSIONS record") + 4;
    let mut huge = xls.clone();
    huge[at + 4..at + 8].copy_from_slice(&u32::MAX.to_le_bytes());
    huge[at + 10..at + 12].copy_from_slice(&u16::MAX.to_le_bytes());
    out.push(("dimension-lon.xls".into(), huge));
    let mut reversed = xls.clone();
    reversed[at..at + 4].copy_from_slice(&1000u32.to_le_bytes());
    out.push(("dimension-nguoc.xls".into(), reversed));
    out.push(("o-xa.xls".into(), fixture("o-xa.xls")));
    out.push(("rong-tha.xlsx".into(), sparse_wide(400)));
    out
}

fn fixture(name: &str) -> Vec<u8> {
    std::fs::read(Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/xls-lon").join(name)).expect("fixture")
}

/// `rows` rows with a cell in column A and one in column XFD: few cells, but rows as wide
/// as a sheet can be.
fn sparse_wide(rows: u32) -> Vec<u8> {
    let mut wb = rust_xlsxwriter::Workbook::new();
    let ws = wb.add_worksheet();
    for r in 0..rows {
        ws.write_number(r, 0, f64::from(r)).expect("cell");
        ws.write_string(r, 16_383, "xa").expect("cell");
    }
    wb.save_to_buffer().expect("xlsx")
}

/// Reads one file alone through the workbook layer.
fn read_alone(name: &str, bytes: &[u8]) -> Result<baocao::ingest::workbook::Workbook, String> {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join(name), bytes).unwrap();
    let files = baocao::ingest::files::discover(dir.path()).unwrap();
    let file = files.first().expect("one file");
    baocao::ingest::workbook::read_workbook(file).map_err(|e| e.to_string())
}

#[test]
fn xls_sheet_spanning_the_whole_grid_is_refused_before_calamine_expands_it() {
    let err = read_alone("o-xa.xls", &fixture("o-xa.xls")).expect_err("refused");
    assert_eq!(
        err,
        "tệp «o-xa.xls» quá lớn: trang «Xa» trải từ ô A1 đến ô IV65536 (16777216 ô kể cả ô trống xen giữa), \
         vượt giới hạn 5000000 ô; không đọc (có thể là tệp hỏng hoặc tệp nén độc hại)"
    );
    let control = read_alone("lien-ke.xls", &fixture("lien-ke.xls")).expect("control reads");
    let names: Vec<&str> = control.sheets.iter().map(|s| s.name.as_str()).collect();
    assert_eq!(names, ["Báo cáo"]);
    assert_eq!(
        control.sheets[0].cell(3, 1),
        &baocao::ingest::grid::CellValue::Text("Rà soát thủ tục hành chính".into())
    );
}

#[test]
fn xls_with_absurd_dimensions_is_refused() {
    let xls = sample(XLS);
    let at = xls.windows(4).position(|w| w == [0x00, 0x02, 0x0E, 0x00]).expect("DIMENSIONS record") + 4;
    let mut huge = xls.clone();
    huge[at + 4..at + 8].copy_from_slice(&u32::MAX.to_le_bytes());
    let err = read_alone("lon.xls", &huge).expect_err("refused");
    assert!(err.starts_with("tệp «lon.xls» quá lớn: trang «"), "{err}");
    assert!(err.contains("vượt giới hạn 5000000 ô"), "{err}");
    let mut reversed = xls.clone();
    reversed[at..at + 4].copy_from_slice(&1000u32.to_le_bytes());
    let err = read_alone("nguoc.xls", &reversed).expect_err("refused");
    assert!(err.starts_with("tệp «nguoc.xls» bị hỏng hoặc không trọn vẹn"), "{err}");
    assert!(err.contains("khai báo vùng dữ liệu (DIMENSIONS) không hợp lệ"), "{err}");
    // The untouched sample still reads.
    assert!(!read_alone(XLS, &xls).expect("sample reads").sheets.is_empty());
}

#[test]
fn rows_with_far_apart_cells_are_bounded() {
    let err = read_alone("rong.xlsx", &sparse_wide(400)).expect_err("refused");
    assert!(err.starts_with("tệp «rong.xlsx» quá lớn: trang «Sheet1»: dữ liệu trải trên hơn 5000000 ô"), "{err}");
    // 100 such rows stay within the bound (100 × 16384 < 5 000 000) and are read.
    let wb = read_alone("hep.xlsx", &sparse_wide(100)).expect("read");
    assert_eq!(wb.sheets[0].rows.len(), 100);
    assert_eq!(wb.sheets[0].cell(99, 16_383), &baocao::ingest::grid::CellValue::Text("xa".into()));
}

fn hash_dir(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    std::fs::read_dir(dir)
        .expect("list folder")
        .map(|e| {
            let e = e.expect("entry");
            let bytes = std::fs::read(e.path()).expect("read file");
            (e.file_name().to_string_lossy().into_owned(), Sha256::digest(&bytes).to_vec())
        })
        .collect()
}

fn is_vietnamese(message: &str) -> bool {
    message.chars().any(|c| "ăâđêôơưàáảãạèéẻẽẹìíỉĩịòóỏõọùúủũụỳýỷỹỵệếềểễộốồổỗợớờởỡựứừửữặắằẳẵậấầẩẫ".contains(c))
}

fn read(dir: &Path, config: &Config) -> Ingested {
    read_month(dir, config, &|_, _, _| {}).expect("folder is listed")
}

fn good_report(ingested: &Ingested) -> AgencyReport {
    let mut r = ingested.reports.iter().find(|r| r.file == GOOD).expect("good sample read").clone();
    // The copies differ only in modification time.
    r.modified = None;
    r
}

#[test]
fn corrupted_workbooks_never_panic_nor_cost_the_good_one() {
    let config = Config::default_config();
    let originals = hash_dir(&inputs_dir());

    let alone = tempfile::tempdir().unwrap();
    std::fs::write(alone.path().join(GOOD), sample(GOOD)).unwrap();
    let expected = good_report(&read(alone.path(), &config));
    assert!(!expected.tasks.is_empty(), "the good sample has tasks");

    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join(GOOD), sample(GOOD)).unwrap();
    let variants = variants();
    assert!(variants.len() > 250, "{} variants", variants.len());
    for (name, bytes) in &variants {
        std::fs::write(dir.path().join(name), bytes).unwrap();
    }
    let before = hash_dir(dir.path());
    assert_eq!(before.len(), variants.len() + 1, "variant names are unique");

    let ingested = read(dir.path(), &config);

    assert_eq!(hash_dir(dir.path()), before, "the inputs folder is byte-identical afterwards");
    assert_eq!(hash_dir(&inputs_dir()), originals, "the committed samples are untouched");
    assert_eq!(good_report(&ingested), expected, "the good sample reads as when alone");

    let mut failures = Vec::new();
    let messages = ingested
        .skipped
        .iter()
        .map(|s| (&s.file, s.message.as_str()))
        .chain(ingested.reports.iter().filter_map(|r| r.refusal.as_deref().map(|m| (&r.file, m))))
        .chain(ingested.reports.iter().flat_map(|r| r.problems.iter().map(move |p| (&r.file, p.message.as_str()))));
    for (file, message) in messages {
        if message.contains(PANIC_WORDING) {
            failures.push(format!("{file}: panic caught: {message}"));
        }
    }

    let period = "2023-05".parse().unwrap();
    let model = consolidate(ingested, &config, period);
    let mut seen: BTreeMap<&str, usize> = BTreeMap::new();
    for f in &model.files {
        *seen.entry(f.file.as_str()).or_default() += 1;
        if !is_vietnamese(&f.message) {
            failures.push(format!("{}: role {:?}, message not Vietnamese: {:?}", f.file, f.role, f.message));
        }
    }
    for name in before.keys() {
        if seen.get(name.as_str()) != Some(&1) {
            failures.push(format!("{name}: listed {} times in files", seen.get(name.as_str()).unwrap_or(&0)));
        }
    }
    assert!(failures.is_empty(), "{} problems:\n{}", failures.len(), failures.join("\n"));
}

/// Word reports and zip bundles, corrupted: cut, bytes flipped, XML damaged, nesting,
/// entity expansion, absurd spans, zip-slip names, bombs and nesting of zips.
fn word_and_zip_variants() -> Vec<(String, Vec<u8>)> {
    use crate::formats::{bao_thang_docx, c, docx, tbl, tc, tr, xlsx, zip_of};
    let mut out: Vec<(String, Vec<u8>)> = Vec::new();
    let mut rng = Rng(0xD1B5_4A32_D192_ED03);
    let word = bao_thang_docx();
    let n = word.len();
    for k in 1..40 {
        let cut = k * n / 40;
        out.push((format!("cat-docx-{cut:05}.docx"), word[..cut].to_vec()));
    }
    for k in 0..60 {
        out.push((format!("lat-docx-{k:03}.docx"), flip(&word, &mut rng, 1 + k % 4)));
    }
    for k in 0..80 {
        out.push((format!("xml-docx-{k:03}.docx"), flip_entry(&word, "word/document.xml", &mut rng, 1 + k % 3)));
    }
    for (i, (entry, _)) in entries(&word).iter().enumerate() {
        out.push((format!("thieu-docx-{i:02}.docx"), without(&word, entry)));
    }
    let doc = "word/document.xml";
    out.push(("rac-docx.docx".into(), edit(&word, doc, |_| "<<<rác \u{0} &&& không phải XML".into())));
    out.push(("rong-docx.docx".into(), edit(&word, doc, |_| String::new())));
    out.push((
        "long-sau.docx".into(),
        docx(&format!("{}{}", "<w:sdt><w:sdtContent>".repeat(400), "</w:sdtContent></w:sdt>".repeat(400))),
    ));
    out.push((
        "thuc-the.docx".into(),
        edit(&word, doc, |x| {
            let lol = r#"<!DOCTYPE w:document [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;"><!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;">]>"#;
            x.replacen("<w:document", &format!("{lol}<w:document"), 1)
        }),
    ));
    out.push((
        "thuc-the-la.docx".into(),
        docx(&tbl(&[tr(&[c("Nhiệm vụ &xxe; &#xFFFFFFF; &#0;"), c("Thời hạn")]), tr(&[c("a"), c("b")])])),
    ));
    out.push((
        "gop-cot-lon.docx".into(),
        docx(&tbl(&[tr(&[tc("<w:gridSpan w:val=\"4294967295\"/>", &["Nhiệm vụ"])])])),
    ));
    out.push(("gop-cot-nhieu.docx".into(), docx(&tbl(&[tr(&vec![tc("<w:gridSpan w:val=\"16000\"/>", &["x"]); 2])]))));
    out.push((
        "gop-dong-mo-coi.docx".into(),
        docx(&tbl(&[
            tr(&[tc("<w:vMerge/>", &["Nhiệm vụ"]), tc("<w:vMerge/>", &["Thời hạn"])]),
            tr(&[tc("<w:gridBefore w:val=\"99999\"/><w:vMerge/>", &[]), c("30/6/2023")]),
        ])),
    ));
    out.push(("o-ngoai-dong.docx".into(), docx("<w:tbl><w:tc><w:p><w:r><w:t>lạc</w:t></w:r></w:p></w:tc></w:tbl>")));
    out.push(("nhieu-dong.docx".into(), docx(&tbl(&vec![tr(&[c("x"), c("y")]); 20_000]))));

    let good = xlsx(&["SỞ TÀI CHÍNH", "BÁO CÁO tháng 5 năm 2023"], &[["Rà soát", "30/6/2023", "Đang thực hiện"]]);
    let bundle = zip_of(&[("BC T5 STC.xlsx", &good), ("BC.docx", &word), ("../ra-ngoai.xlsx", &good)]);
    let m = bundle.len();
    for k in 1..25 {
        let cut = k * m / 25;
        out.push((format!("cat-zip-{cut:05}.zip"), bundle[..cut].to_vec()));
    }
    for k in 0..40 {
        out.push((format!("lat-zip-{k:03}.zip"), flip(&bundle, &mut rng, 1 + k % 4)));
    }
    for k in 0..20 {
        let damaged = flip(&word, &mut rng, 1 + k % 3);
        out.push((
            format!("thanh-vien-hong-{k:02}.zip"),
            zip_of(&[("BC.docx", &damaged), ("BC.xlsx", &good[..good.len() / 2])]),
        ));
    }
    let bomb = {
        let mut w = zip::ZipWriter::new(Cursor::new(Vec::new()));
        w.start_file("bom.xlsx", SimpleFileOptions::default().compression_method(CompressionMethod::Deflated))
            .expect("entry");
        let zeros = vec![0u8; 1 << 20];
        for _ in 0..120 {
            w.write_all(&zeros).expect("write");
        }
        w.finish().expect("zip").into_inner()
    };
    out.push(("bom.zip".into(), bomb));
    let mut level = zip_of(&[("BC T5 STC.xlsx", &good)]);
    for _ in 0..5 {
        level = zip_of(&[("trong.zip", &level)]);
    }
    out.push(("long-nhau.zip".into(), level));
    out.push(("rong.zip".into(), zip_of(&[])));
    out.push(("chi-thu-muc.zip".into(), zip_of(&[("a/", b""), ("a/b/", b"")])));
    out.push((
        "nhieu-muc.zip".into(),
        zip_of(
            &(0..1500)
                .map(|i| (format!("t{i}.txt"), vec![b'x']))
                .collect::<Vec<_>>()
                .iter()
                .map(|(n, b)| (n.as_str(), b.as_slice()))
                .collect::<Vec<_>>(),
        ),
    ));
    out
}

#[test]
fn corrupted_word_reports_and_bundles_never_panic_nor_cost_the_good_one() {
    let config = Config::default_config();
    let alone = tempfile::tempdir().unwrap();
    std::fs::write(alone.path().join(GOOD), sample(GOOD)).unwrap();
    let expected = good_report(&read(alone.path(), &config));

    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join(GOOD), sample(GOOD)).unwrap();
    let variants = word_and_zip_variants();
    assert!(variants.len() > 250, "{} variants", variants.len());
    for (name, bytes) in &variants {
        std::fs::write(dir.path().join(name), bytes).unwrap();
    }
    let before = hash_dir(dir.path());
    assert_eq!(before.len(), variants.len() + 1, "variant names are unique");

    let ingested = read(dir.path(), &config);
    assert_eq!(hash_dir(dir.path()), before, "the inputs folder is byte-identical afterwards");
    assert_eq!(good_report(&ingested), expected, "the good sample reads as when alone");

    let mut failures = Vec::new();
    let messages = ingested
        .skipped
        .iter()
        .map(|s| (&s.file, s.message.as_str()))
        .chain(ingested.reports.iter().filter_map(|r| r.refusal.as_deref().map(|m| (&r.file, m))));
    for (file, message) in messages {
        if message.contains(PANIC_WORDING) {
            failures.push(format!("{file}: panic caught: {message}"));
        }
    }
    let model = consolidate(ingested, &config, "2023-05".parse().unwrap());
    let mut seen: BTreeMap<&str, usize> = BTreeMap::new();
    for f in &model.files {
        *seen.entry(f.file.as_str()).or_default() += 1;
        if !is_vietnamese(&f.message) {
            failures.push(format!("{}: role {:?}, message not Vietnamese: {:?}", f.file, f.role, f.message));
        }
    }
    for name in before.keys() {
        if seen.get(name.as_str()) != Some(&1) {
            failures.push(format!("{name}: listed {} times in files", seen.get(name.as_str()).unwrap_or(&0)));
        }
    }
    for (name, count) in &seen {
        if *count != 1 {
            failures.push(format!("{name}: listed {count} times"));
        }
    }
    let role = |name: &str| model.files.iter().find(|f| f.file == name).map(|f| f.role);
    use baocao::model::FileRole;
    for (name, expected) in [
        ("bom.zip", FileRole::Bundle),
        ("bom.zip/bom.xlsx", FileRole::Unreadable),
        ("long-sau.docx", FileRole::Unreadable),
        ("thuc-the.docx", FileRole::Unreadable),
        ("gop-cot-lon.docx", FileRole::Unreadable),
        ("long-nhau.zip", FileRole::Bundle),
        ("long-nhau.zip/trong.zip", FileRole::Bundle),
        ("long-nhau.zip/trong.zip/trong.zip", FileRole::Unreadable),
        ("nhieu-muc.zip", FileRole::Unreadable),
        ("rong.zip", FileRole::Unreadable),
    ] {
        if role(name) != Some(expected) {
            failures.push(format!("{name}: role {:?}, expected {expected:?}", role(name)));
        }
    }
    assert!(failures.is_empty(), "{} problems:\n{}", failures.len(), failures.join("\n"));
}
