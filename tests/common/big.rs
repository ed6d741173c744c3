//! One agency's workbook holding a pasted database: thousands of task rows in the usual
//! classic layout (title block, place-date line, header, rows, footer), for the bounds
//! tests and the scale benchmarks (`benches/scale.rs` includes this file by `#[path]`).
//!
//! Row `i` (0-based) is, by `i % 4`: overdue (deadline 31/3, `Đang thực hiện`), done
//! (completed 10/5, deadline 30/6, with a result), due in the next data period (deadline
//! 10/6, `Đang thực hiện`), not started (deadline 31/12). Every 5th row has a difficulty and
//! every 7th a proposal, each text different, so lists and dedup see many distinct texts.
#![allow(dead_code)]

use rust_xlsxwriter::{ExcelDateTime, Format, Workbook};
use std::path::Path;

/// What the workbook holds, for exact expectations.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct BigTruth {
    pub tasks: usize,
    pub overdue: usize,
    pub done: usize,
    pub due_next: usize,
    pub not_started: usize,
    pub difficulties: usize,
    pub proposals: usize,
    /// 1-based spreadsheet row of the first task.
    pub first_row: u32,
}

/// Counts for `rows` rows, without writing anything.
pub fn big_truth(rows: usize) -> BigTruth {
    let count = |k: usize| (0..rows).filter(|i| i % 4 == k).count();
    BigTruth {
        tasks: rows,
        overdue: count(0),
        done: count(1),
        due_next: count(2),
        not_started: count(3),
        difficulties: (0..rows).filter(|i| i % 5 == 0).count(),
        proposals: (0..rows).filter(|i| i % 7 == 0).count(),
        first_row: 9,
    }
}

const AREAS: [&str; 4] = ["Cải cách thủ tục hành chính", "Chính quyền số", "Công khai, minh bạch", "Dịch vụ công"];
const VERBS: [&str; 5] = ["Rà soát", "Cập nhật", "Số hóa", "Kiểm tra", "Công khai"];

/// Writes the May 2023 report of Sở Y tế, dated 18/05/2023, with `rows` task rows.
pub fn write_big_workbook(path: &Path, rows: usize) -> BigTruth {
    let mut wb = Workbook::new();
    let date_fmt = Format::new().set_num_format("dd/mm/yyyy");
    let date = |m: u8, d: u8| ExcelDateTime::from_ymd(2023, m, d).expect("valid date");
    let ws = wb.add_worksheet();
    ws.set_name("Báo cáo").expect("sheet name");
    let text = |ws: &mut rust_xlsxwriter::Worksheet, r: u32, c: u16, s: &str| {
        ws.write_string(r, c, s).expect("write");
    };
    text(ws, 0, 0, "UBND TỈNH LÀO CAI");
    text(ws, 1, 0, "SỞ Y TẾ");
    text(ws, 1, 5, "Lào Cai, ngày 18 tháng 5 năm 2023");
    text(ws, 3, 0, "BÁO CÁO");
    text(ws, 4, 0, "Kết quả thực hiện Kế hoạch cải thiện Chỉ số PAR INDEX, SIPAS, PAPI tháng 5 năm 2023");
    let headers = [
        "STT",
        "Chỉ số",
        "Nhiệm vụ",
        "Thời hạn",
        "Tình trạng",
        "Ngày hoàn thành",
        "Kết quả thực hiện",
        "Khó khăn, vướng mắc",
        "Đề xuất, kiến nghị",
        "Ghi chú",
    ];
    for (c, h) in headers.iter().enumerate() {
        text(ws, 7, c as u16, h);
    }
    let truth = big_truth(rows);
    for i in 0..rows {
        let r = truth.first_row - 1 + i as u32;
        let index = ["PAR INDEX", "SIPAS", "PAPI"][i % 3];
        let task = format!(
            "{} hồ sơ, thủ tục lĩnh vực {} số {} của đơn vị trực thuộc",
            VERBS[i % VERBS.len()],
            AREAS[(i / 5) % AREAS.len()].to_lowercase(),
            i + 1
        );
        ws.write_number(r, 0, (i + 1) as f64).expect("write");
        text(ws, r, 1, index);
        text(ws, r, 2, &task);
        match i % 4 {
            0 => {
                ws.write_datetime_with_format(r, 3, date(3, 31), &date_fmt).expect("write");
                text(ws, r, 4, "Đang thực hiện");
            }
            1 => {
                ws.write_datetime_with_format(r, 3, date(6, 30), &date_fmt).expect("write");
                text(ws, r, 4, "Đã hoàn thành");
                ws.write_datetime_with_format(r, 5, date(5, 10), &date_fmt).expect("write");
                text(ws, r, 6, &format!("Đã hoàn thành {} hồ sơ", i + 1));
            }
            2 => {
                ws.write_datetime_with_format(r, 3, date(6, 10), &date_fmt).expect("write");
                text(ws, r, 4, "Đang thực hiện");
            }
            _ => {
                ws.write_datetime_with_format(r, 3, date(12, 31), &date_fmt).expect("write");
                text(ws, r, 4, "Chưa thực hiện");
            }
        }
        if i % 5 == 0 {
            text(ws, r, 7, &format!("Thiếu nhân lực xử lý hồ sơ đợt {}", i + 1));
        }
        if i % 7 == 0 {
            text(ws, r, 8, &format!("Đề nghị bổ sung kinh phí đợt {}", i + 1));
        }
    }
    let footer = truth.first_row + rows as u32 + 1;
    text(ws, footer, 2, "NGƯỜI LẬP BIỂU");
    text(ws, footer, 6, "GIÁM ĐỐC");
    wb.save(path).expect("save the big workbook");
    truth
}
