//! One agency's form as an `.xlsx`: title block in the configured wording, the task table
//! with the headers the reader knows, the agency's open tasks pre-filled, empty rows,
//! drop-downs and validations with Vietnamese input messages, locked title and headers
//! (sheet protection without password), an instructions sheet and the form's identity
//! (custom document property and hidden sheet, read back by `ingest::form`).

use crate::config::{AgencyConfig, Config};
use crate::ingest::form::{IDENTITY_MARK, IDENTITY_PROPERTY, IDENTITY_SHEET, KEY_AGENCY_CODE, KEY_PERIOD};
use crate::model::{IndexKind, Period, TaskRecord};
use chrono::{Datelike, NaiveDate};
use rust_xlsxwriter::{
    DataValidation, DataValidationErrorStyle, DataValidationRule, DocProperties, ExcelDateTime, Format, FormatAlign,
    FormatBorder, ProtectionOptions, Workbook, Worksheet, XlsxError,
};

/// The form's main sheet.
pub const SHEET_REPORT: &str = "Báo cáo";
pub const SHEET_INSTRUCTIONS: &str = "Hướng dẫn";
/// Empty rows left for new tasks below the pre-filled ones.
pub const EMPTY_ROWS: u32 = 50;
/// 0-based row of the table header.
pub const HEADER_ROW: u32 = 7;
/// 0-based row of the `Ngày báo cáo:` label (the date goes in the cell to its right).
pub const REPORT_DATE_ROW: u32 = 5;

/// Column headers, in order (the reader's vocabulary, `docs/domain.md`).
pub const HEADERS: [&str; 11] = [
    "STT",
    "Chỉ số",
    "Lĩnh vực",
    "Nội dung nhiệm vụ",
    "Thời hạn",
    "Tình trạng",
    "Ngày hoàn thành",
    "Tiến độ (%)",
    "Kết quả thực hiện",
    "Khó khăn, vướng mắc",
    "Đề xuất, kiến nghị",
];
const COL_INDEX: u16 = 1;
const COL_DEADLINE: u16 = 4;
const COL_STATUS: u16 = 5;
const COL_COMPLETED: u16 = 6;
const COL_PROGRESS: u16 = 7;
const WIDTHS: [f64; 11] = [6.0, 12.0, 22.0, 50.0, 14.0, 17.0, 14.0, 10.0, 35.0, 28.0, 28.0];

/// The status choices, in the agencies' words the reader maps to statuses.
pub const STATUS_CHOICES: [&str; 4] = ["Đã hoàn thành", "Đang thực hiện", "Chưa thực hiện", "Thường xuyên"];

/// What one form holds.
#[derive(Debug, Clone)]
pub struct FormData<'a> {
    pub config: &'a Config,
    pub agency: &'a AgencyConfig,
    pub period: Period,
    /// The agency's open tasks to pre-fill, in their earlier order.
    pub open_tasks: Vec<&'a TaskRecord>,
    /// The workbook's creation time (fixed, so the same inputs give the same bytes).
    pub created: NaiveDate,
}

/// `BÁO CÁO` subject line, as the month's documents word it.
pub fn subject(period: Period) -> String {
    format!(
        "Kết quả thực hiện Kế hoạch cải thiện Chỉ số PAPI, SIPAS, PAR INDEX tháng {} năm {}",
        period.month(),
        period.year()
    )
}

fn excel_date(d: NaiveDate) -> Result<ExcelDateTime, XlsxError> {
    ExcelDateTime::from_ymd(d.year() as u16, d.month() as u8, d.day() as u8)
}

fn dmy(d: NaiveDate) -> String {
    d.format("%d/%m/%Y").to_string()
}

pub fn form_xlsx(data: &FormData<'_>) -> Result<Vec<u8>, XlsxError> {
    let (config, agency, period) = (data.config, data.agency, data.period);
    let mut workbook = Workbook::new();
    workbook.set_properties(
        &DocProperties::new()
            .set_title(format!("Biểu mẫu báo cáo {} – {}", subject(period), agency.name))
            .set_author(&config.issuer.name)
            .set_company(&config.issuer.parent)
            .set_creation_datetime(&excel_date(data.created)?)
            .set_custom_property(IDENTITY_PROPERTY, format!("{} {period}", agency.code)),
    );

    let sheet = workbook.add_worksheet();
    sheet.set_name(SHEET_REPORT)?;
    report_sheet(sheet, data)?;

    let help = workbook.add_worksheet();
    help.set_name(SHEET_INSTRUCTIONS)?;
    instructions(help, data)?;

    let id = workbook.add_worksheet();
    id.set_name(IDENTITY_SHEET)?;
    id.write_string(0, 0, IDENTITY_MARK)?;
    id.write_string(1, 0, KEY_AGENCY_CODE)?;
    id.write_string(1, 1, &agency.code)?;
    id.write_string(2, 0, KEY_PERIOD)?;
    id.write_string(2, 1, period.to_string())?;
    id.write_string(3, 0, "agency")?;
    id.write_string(3, 1, &agency.name)?;
    id.set_hidden(true);
    id.protect();

    workbook.save_to_buffer()
}

fn report_sheet(sheet: &mut Worksheet, data: &FormData<'_>) -> Result<(), XlsxError> {
    let (config, agency, period) = (data.config, data.agency, data.period);
    let last_col = (HEADERS.len() - 1) as u16;
    let locked = Format::new().set_locked();
    let bold = locked.clone().set_bold();
    let centered_bold = bold.clone().set_align(FormatAlign::Center);
    let centered = locked.clone().set_align(FormatAlign::Center).set_italic();
    let header = bold
        .clone()
        .set_border(FormatBorder::Thin)
        .set_text_wrap()
        .set_align(FormatAlign::Center)
        .set_align(FormatAlign::VerticalCenter)
        .set_background_color("#D9E1F2");
    let open = Format::new().set_unlocked().set_border(FormatBorder::Thin).set_align(FormatAlign::Top);
    let open_wrap = open.clone().set_text_wrap();
    let open_date = open.clone().set_num_format("dd/mm/yyyy");
    let report_date = Format::new().set_unlocked().set_num_format("dd/mm/yyyy").set_border(FormatBorder::Thin);

    for (c, w) in WIDTHS.iter().enumerate() {
        sheet.set_column_width(c as u16, *w)?;
    }
    let (start, end) = period.data_window(config.cutoff_day);
    let due = crate::consolidate::agency_due(period, config.agency_due_day);
    // The title block in the configured wording, so a re-saved form that lost its hidden
    // sheet is still recognised by the reader like any agency's report.
    sheet.write_string_with_format(0, 0, agency.name.to_uppercase(), &bold)?;
    sheet.merge_range(1, 0, 1, last_col, "BÁO CÁO", &centered_bold)?;
    sheet.merge_range(2, 0, 2, last_col, &subject(period), &centered_bold)?;
    sheet.merge_range(
        3,
        0,
        3,
        last_col,
        &format!("(Số liệu từ ngày {} đến ngày {})", dmy(start), dmy(end)),
        &centered,
    )?;
    sheet.merge_range(
        4,
        0,
        4,
        last_col,
        &format!("Hạn gửi báo cáo: trước ngày {}", dmy(due.succ_opt().unwrap_or(due))),
        &centered,
    )?;
    sheet.write_string_with_format(REPORT_DATE_ROW, 0, "Ngày báo cáo:", &bold)?;
    sheet.write_blank(REPORT_DATE_ROW, 1, &report_date)?;
    sheet.add_data_validation(
        REPORT_DATE_ROW,
        1,
        REPORT_DATE_ROW,
        1,
        &date_rule(DataValidationErrorStyle::Stop)?
            .set_input_title("Ngày báo cáo")?
            .set_input_message("Nhập ngày ký báo cáo, dạng ngày/tháng/năm (ví dụ 18/06/2023).")?,
    )?;

    for (c, h) in HEADERS.iter().enumerate() {
        sheet.write_string_with_format(HEADER_ROW, c as u16, *h, &header)?;
    }
    sheet.set_row_height(HEADER_ROW, 32)?;
    sheet.set_freeze_panes(HEADER_ROW + 1, 0)?;

    let first = HEADER_ROW + 1;
    for (i, t) in data.open_tasks.iter().enumerate() {
        let r = first + i as u32;
        sheet.write_number_with_format(r, 0, (i + 1) as f64, &open)?;
        match t.index {
            Some(k) => sheet.write_string_with_format(r, COL_INDEX, k.label(), &open)?,
            None => sheet.write_blank(r, COL_INDEX, &open)?,
        };
        match &t.area {
            Some(a) => sheet.write_string_with_format(r, 2, a, &open_wrap)?,
            None => sheet.write_blank(r, 2, &open_wrap)?,
        };
        sheet.write_string_with_format(r, 3, &t.task, &open_wrap)?;
        // A date cell when the deadline is known; the agency's own words otherwise.
        match (t.deadline, &t.deadline_text) {
            (Some(d), _) => sheet.write_datetime_with_format(r, COL_DEADLINE, excel_date(d)?, &open_date)?,
            (None, Some(text)) => sheet.write_string_with_format(r, COL_DEADLINE, text, &open)?,
            (None, None) => sheet.write_blank(r, COL_DEADLINE, &open_date)?,
        };
        for c in COL_STATUS..=last_col {
            let f = if c == COL_COMPLETED { &open_date } else { &open_wrap };
            sheet.write_blank(r, c, f)?;
        }
    }
    let last = first + data.open_tasks.len() as u32 + EMPTY_ROWS - 1;
    for r in first + data.open_tasks.len() as u32..=last {
        for c in 0..=last_col {
            let f = if c == COL_DEADLINE || c == COL_COMPLETED { &open_date } else { &open_wrap };
            sheet.write_blank(r, c, f)?;
        }
    }

    let indices: Vec<&str> = IndexKind::ALL.iter().map(|k| k.label()).collect();
    sheet.add_data_validation(
        first,
        COL_INDEX,
        last,
        COL_INDEX,
        &DataValidation::new()
            .allow_list_strings(&indices)?
            .set_input_title("Chỉ số")?
            .set_input_message("Chọn chỉ số của nhiệm vụ: PAR INDEX, SIPAS hoặc PAPI.")?
            .set_error_title("Chỉ số không đúng")?
            .set_error_message("Hãy chọn PAR INDEX, SIPAS hoặc PAPI trong danh sách.")?,
    )?;
    sheet.add_data_validation(
        first,
        COL_STATUS,
        last,
        COL_STATUS,
        &DataValidation::new()
            .allow_list_strings(&STATUS_CHOICES)?
            .set_input_title("Tình trạng")?
            .set_input_message("Chọn tình trạng đến ngày chốt số liệu. Đã hoàn thành: ghi thêm Ngày hoàn thành.")?
            .set_error_title("Tình trạng không đúng")?
            .set_error_message("Hãy chọn một tình trạng trong danh sách.")?,
    )?;
    // A deadline may also be written in words (`Quý III/2023`): a warning, not a refusal.
    sheet.add_data_validation(
        first,
        COL_DEADLINE,
        last,
        COL_DEADLINE,
        &date_rule(DataValidationErrorStyle::Warning)?
            .set_input_title("Thời hạn")?
            .set_input_message("Nhập ngày/tháng/năm (ví dụ 30/09/2023); nhiệm vụ thường xuyên ghi «Thường xuyên».")?,
    )?;
    sheet.add_data_validation(
        first,
        COL_COMPLETED,
        last,
        COL_COMPLETED,
        &date_rule(DataValidationErrorStyle::Stop)?
            .set_input_title("Ngày hoàn thành")?
            .set_input_message("Chỉ ghi khi nhiệm vụ đã hoàn thành, dạng ngày/tháng/năm.")?,
    )?;
    sheet.add_data_validation(
        first,
        COL_PROGRESS,
        last,
        COL_PROGRESS,
        &DataValidation::new()
            .allow_whole_number(DataValidationRule::Between(0, 100))
            .set_input_title("Tiến độ (%)")?
            .set_input_message("Số nguyên từ 0 đến 100.")?
            .set_error_title("Tiến độ không đúng")?
            .set_error_message("Tiến độ là số nguyên từ 0 đến 100.")?,
    )?;

    // Title and headers stay as sent; rows may be added, deleted and sorted.
    let options = ProtectionOptions {
        insert_rows: true,
        delete_rows: true,
        format_columns: true,
        format_rows: true,
        format_cells: true,
        sort: true,
        use_autofilter: true,
        ..ProtectionOptions::default()
    };
    sheet.protect_with_options(&options);
    Ok(())
}

fn date_rule(style: DataValidationErrorStyle) -> Result<DataValidation, XlsxError> {
    DataValidation::new()
        .allow_date(DataValidationRule::Between(
            ExcelDateTime::from_ymd(2000, 1, 1)?,
            ExcelDateTime::from_ymd(2100, 12, 31)?,
        ))
        .set_error_style(style)
        .set_error_title("Ngày không đúng")?
        .set_error_message("Hãy nhập ngày dạng ngày/tháng/năm, ví dụ 30/09/2023.")
}

fn instructions(sheet: &mut Worksheet, data: &FormData<'_>) -> Result<(), XlsxError> {
    let due = crate::consolidate::agency_due(data.period, data.config.agency_due_day);
    let due_text = dmy(due.succ_opt().unwrap_or(due));
    let lines = [
        format!("HƯỚNG DẪN ĐIỀN BIỂU MẪU BÁO CÁO THÁNG {:02}/{}", data.period.month(), data.period.year()),
        String::new(),
        format!(
            "1. Trang «{SHEET_REPORT}» đã ghi sẵn các nhiệm vụ chưa hoàn thành của {} theo báo cáo kỳ trước.",
            data.agency.name
        ),
        "2. Với mỗi nhiệm vụ: chọn Tình trạng trong danh sách; nhiệm vụ đã hoàn thành ghi Ngày hoàn thành; \
         ghi Tiến độ (%), Kết quả thực hiện, Khó khăn, vướng mắc và Đề xuất, kiến nghị (nếu có)."
            .into(),
        "3. Nhiệm vụ mới: ghi vào các dòng trống bên dưới (chọn Chỉ số, ghi Lĩnh vực, Nội dung nhiệm vụ, Thời hạn)."
            .into(),
        "4. Không xóa nhiệm vụ chưa hoàn thành: nhiệm vụ không còn thực hiện, ghi rõ lý do ở cột Khó khăn, vướng mắc."
            .into(),
        "5. Ghi Ngày báo cáo vào ô bên phải ô «Ngày báo cáo:» ở đầu trang.".into(),
        format!("6. Gửi lại tệp này (có thể đổi tên tệp, lưu dạng .xlsx, .xls hoặc .ods) trước ngày {due_text}."),
        "7. Không sửa phần tiêu đề và hàng tiêu đề cột; không xóa các trang tính của tệp.".into(),
    ];
    let bold = Format::new().set_bold();
    sheet.set_column_width(0, 110)?;
    for (r, line) in lines.iter().enumerate() {
        if r == 0 {
            sheet.write_string_with_format(r as u32, 0, line, &bold)?;
        } else {
            sheet.write_string(r as u32, 0, line)?;
        }
    }
    Ok(())
}
