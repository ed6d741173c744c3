//! The outgoing document register: yearly numbering per register, no reuse, concurrency,
//! Appendix IV export.

use baocao::document::filters::so_hieu;
use baocao::register::{NewEntry, Register, RegisterError, REGISTER_FILE};
use calamine::{open_workbook_from_rs, Data, DataType, Reader, Xlsx};
use chrono::NaiveDate;
use std::collections::BTreeSet;
use std::io::Cursor;

fn entry(register: &str, date: (i32, u32, u32), subject: &str) -> NewEntry {
    let date = NaiveDate::from_ymd_opt(date.0, date.1, date.2).unwrap();
    NewEntry {
        year: date.format("%Y").to_string().parse().unwrap(),
        register: register.to_string(),
        type_abbrev: "BC".to_string(),
        symbol: format!("BC-{register}"),
        date,
        type_name: "Báo cáo".to_string(),
        subject: subject.to_string(),
        signer: "Nguyễn Văn A".to_string(),
        recipients: "UBND tỉnh".to_string(),
        copies: 3,
        unit_keeping: "VT, CCHC".to_string(),
        note: String::new(),
    }
}

#[test]
fn numbers_run_per_year_and_register() {
    let tmp = tempfile::tempdir().unwrap();
    let mut reg = Register::open_in(&tmp.path().join("output")).unwrap();
    assert_eq!(reg.path(), tmp.path().join("output").join(REGISTER_FILE));

    let texts: Vec<String> =
        (1..=11).map(|i| reg.issue(entry("SNV", (2023, 5, i), &format!("báo cáo {i}"))).unwrap().symbol_text).collect();
    assert_eq!(texts[0], "01/BC-SNV");
    assert_eq!(texts[1], "02/BC-SNV");
    assert_eq!(texts[8], "09/BC-SNV");
    assert_eq!(texts[9], "10/BC-SNV");
    assert_eq!(texts[10], "11/BC-SNV");

    // Another register counts on its own.
    let mut cv = entry("VP", (2023, 6, 1), "công văn");
    cv.type_abbrev = "CV".into();
    cv.symbol = "SNV-VP".into();
    let other = reg.issue(cv).unwrap();
    assert_eq!((other.number, other.number_text.as_str(), other.symbol_text.as_str()), (1, "01", "01/SNV-VP"));

    // A new year restarts at 01.
    let jan = reg.issue(entry("SNV", (2024, 1, 2), "năm mới")).unwrap();
    assert_eq!((jan.number, jan.symbol_text.as_str()), (1, "01/BC-SNV"));
    let dec = reg.issue(entry("SNV", (2023, 12, 29), "cuối năm")).unwrap();
    assert_eq!(dec.symbol_text, "12/BC-SNV");

    assert_eq!(reg.list(Some(2023)).unwrap().len(), 13);
    assert_eq!(reg.list(Some(2024)).unwrap().len(), 1);
    let all = reg.list(None).unwrap();
    assert_eq!(all.len(), 14);
    assert_eq!(all[0].subject, "báo cáo 1");
    assert_eq!(all[0].date, NaiveDate::from_ymd_opt(2023, 5, 1).unwrap());
    assert_eq!(all.last().unwrap().year, 2024);

    // Reopening keeps the sequence.
    drop(reg);
    let mut reg = Register::open_in(&tmp.path().join("output")).unwrap();
    assert_eq!(reg.issue(entry("SNV", (2023, 12, 30), "sau khi mở lại")).unwrap().number, 13);
    assert_eq!(so_hieu(5), "05");
    assert_eq!(so_hieu(123), "123");
}

#[test]
fn cancelled_numbers_are_not_reused() {
    let tmp = tempfile::tempdir().unwrap();
    let mut reg = Register::open(&tmp.path().join("so.sqlite")).unwrap();
    let first = reg.issue(entry("SNV", (2023, 5, 2), "một")).unwrap();
    let second = reg.issue(entry("SNV", (2023, 5, 3), "hai")).unwrap();
    reg.cancel(second.id, "ký nhầm, thay bằng văn bản khác").unwrap();
    let third = reg.issue(entry("SNV", (2023, 5, 4), "ba")).unwrap();
    assert_eq!((first.number, second.number, third.number), (1, 2, 3));

    let cancelled = reg.get(second.id).unwrap().unwrap();
    assert!(cancelled.is_cancelled());
    assert_eq!(cancelled.note_text(), "Đã hủy số: ký nhầm, thay bằng văn bản khác");
    assert!(matches!(reg.cancel(second.id, "lần nữa"), Err(RegisterError::AlreadyCancelled { .. })));
    assert!(matches!(reg.cancel(999, "không có"), Err(RegisterError::NotFound(999))));
    assert!(matches!(reg.cancel(first.id, "  "), Err(RegisterError::Invalid(_))));
    assert_eq!(reg.list(None).unwrap().len(), 3);
}

#[test]
fn invalid_entries_are_refused() {
    let tmp = tempfile::tempdir().unwrap();
    let mut reg = Register::open(&tmp.path().join("so.sqlite")).unwrap();
    let mut wrong_year = entry("SNV", (2023, 5, 2), "x");
    wrong_year.year = 2024;
    let err = reg.issue(wrong_year).unwrap_err();
    assert!(err.to_string().contains("02/05/2023"), "{err}");
    let mut spaced = entry("SNV", (2023, 5, 2), "x");
    spaced.symbol = "BC - SNV".into();
    assert!(matches!(reg.issue(spaced), Err(RegisterError::Invalid(_))));
    assert!(matches!(reg.issue(entry("SNV", (2023, 5, 2), " ")), Err(RegisterError::Invalid(_))));
    // Nothing was consumed by the refusals.
    assert_eq!(reg.issue(entry("SNV", (2023, 5, 2), "x")).unwrap().number, 1);
}

#[test]
fn two_processes_never_share_a_number() {
    let tmp = tempfile::tempdir().unwrap();
    let path = tmp.path().join("so.sqlite");
    Register::open(&path).unwrap();
    let threads: Vec<_> = (0..4)
        .map(|t| {
            let path = path.clone();
            std::thread::spawn(move || {
                let mut reg = Register::open(&path).unwrap();
                (0..15)
                    .map(|i| reg.issue(entry("SNV", (2023, 5, 10), &format!("{t}-{i}"))).unwrap().number)
                    .collect::<Vec<u32>>()
            })
        })
        .collect();
    let numbers: Vec<u32> = threads.into_iter().flat_map(|h| h.join().unwrap()).collect();
    let unique: BTreeSet<u32> = numbers.iter().copied().collect();
    assert_eq!(numbers.len(), 60);
    assert_eq!(unique, (1..=60).collect::<BTreeSet<u32>>());
}

#[test]
fn newer_schema_is_refused() {
    let tmp = tempfile::tempdir().unwrap();
    let path = tmp.path().join("so.sqlite");
    Register::open(&path).unwrap();
    let conn = rusqlite::Connection::open(&path).unwrap();
    conn.pragma_update(None, "user_version", 7).unwrap();
    drop(conn);
    assert!(matches!(Register::open(&path), Err(RegisterError::NewerSchema { found: 7, .. })));
}

#[test]
fn export_has_appendix_iv_headers_and_rows() {
    let tmp = tempfile::tempdir().unwrap();
    let mut reg = Register::open(&tmp.path().join("so.sqlite")).unwrap();
    for d in 1..=3 {
        reg.issue(entry("SNV", (2023, 5, d), &format!("Kết quả tháng {d}"))).unwrap();
    }
    let cancelled = reg.issue(entry("SNV", (2023, 6, 1), "hủy")).unwrap();
    reg.cancel(cancelled.id, "sai trích yếu").unwrap();
    reg.record_delivery(1, NaiveDate::from_ymd_opt(2023, 5, 2).unwrap(), "Văn thư UBND").unwrap();
    reg.issue(entry("SNV", (2024, 1, 3), "năm sau")).unwrap();

    let bytes = reg.export_xlsx(Some(2023)).unwrap();
    assert_eq!(bytes, reg.export_xlsx(Some(2023)).unwrap(), "same register, same bytes");
    let mut book: Xlsx<_> = open_workbook_from_rs(Cursor::new(bytes)).unwrap();
    assert_eq!(book.sheet_names(), ["Sổ đăng ký văn bản đi"]);
    let range = book.worksheet_range("Sổ đăng ký văn bản đi").unwrap();
    assert_eq!(range.height(), 5);
    let headers: Vec<String> = range.rows().next().unwrap().iter().map(|c| c.to_string()).collect();
    assert_eq!(
        headers,
        [
            "Số, ký hiệu văn bản",
            "Ngày tháng văn bản",
            "Tên loại và trích yếu nội dung",
            "Người ký",
            "Nơi nhận văn bản",
            "Đơn vị, người nhận bản lưu",
            "Số lượng bản",
            "Ngày chuyển",
            "Ký nhận",
            "Ghi chú",
        ]
    );
    let row1: Vec<&Data> = range.rows().nth(1).unwrap().iter().collect();
    assert_eq!(row1[0], &Data::String("01/BC-SNV".into()));
    assert!(matches!(row1[1], Data::DateTime(_)), "{:?}", row1[1]);
    assert_eq!(row1[1].as_date(), NaiveDate::from_ymd_opt(2023, 5, 1));
    assert_eq!(row1[2], &Data::String("Báo cáo Kết quả tháng 1".into()));
    assert_eq!(row1[6], &Data::Float(3.0));
    assert_eq!(row1[7].as_date(), NaiveDate::from_ymd_opt(2023, 5, 2));
    assert_eq!(row1[8], &Data::String("Văn thư UBND".into()));
    let row4: Vec<String> = range.rows().nth(4).unwrap().iter().map(|c| c.to_string()).collect();
    assert_eq!(row4[0], "04/BC-SNV");
    assert_eq!(row4[9], "Đã hủy số: sai trích yếu");

    let all = reg.export_xlsx(None).unwrap();
    let mut book: Xlsx<_> = open_workbook_from_rs(Cursor::new(all)).unwrap();
    assert_eq!(book.worksheet_range("Sổ đăng ký văn bản đi").unwrap().height(), 6);
}
