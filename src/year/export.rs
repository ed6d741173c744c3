//! `xep-loai.xlsx`: the ranking, the agency × month matrix, the year's task list and the
//! criteria, written with the month workbook's table writer (same look, same fixed bytes).

use super::evaluate::{Evaluation, MonthReport};
use super::json::score2;
use super::YearRange;
use crate::config::Config;
use crate::export::{add_table, columns, data_workbook, excel_date, ExportError, Formats, Kind, Table, Value};
use crate::model::{IndexKind, MonthModel};
use chrono::NaiveDate;
use rust_xlsxwriter::DocProperties;

pub const SHEET_RANKING: &str = "Xếp loại";
pub const SHEET_MONTHS: &str = "Báo cáo theo tháng";
pub const SHEET_TASKS: &str = "Nhiệm vụ trong năm";
pub const SHEET_CRITERIA: &str = "Tiêu chí";

/// The workbook, its creation time fixed to `date` or, without one, the range's end.
pub fn year_xlsx(
    range: &YearRange,
    months: &[MonthModel],
    eval: &Evaluation,
    config: &Config,
    date: Option<NaiveDate>,
) -> Result<Vec<u8>, ExportError> {
    let created = excel_date(date.unwrap_or(range.period_end(config.cutoff_day)))?;
    let mut workbook = data_workbook(
        &DocProperties::new()
            .set_title(format!(
                "Đánh giá, xếp loại các cơ quan, đơn vị năm {} (đến tháng {})",
                range.year(),
                range.through().month()
            ))
            .set_author(&config.issuer.name)
            .set_company(&config.issuer.parent)
            .set_creation_datetime(&created),
    );
    let formats = Formats::new();
    for table in [ranking(eval), matrix(months, eval), tasks(eval), criteria(config)] {
        add_table(&mut workbook, &table, &formats)?;
    }
    Ok(workbook.save_to_buffer()?)
}

fn ranking(eval: &Evaluation) -> Table {
    let cols = columns(&[
        ("Xếp hạng", Kind::Int),
        ("Cơ quan, đơn vị", Kind::Text),
        ("Mã", Kind::Text),
        ("Số tháng đúng hạn", Kind::Int),
        ("Số tháng muộn", Kind::Int),
        ("Số tháng không nộp", Kind::Int),
        ("Hoàn thành", Kind::Int),
        ("Hoàn thành muộn", Kind::Int),
        ("Quá hạn", Kind::Int),
        ("Đang thực hiện", Kind::Int),
        ("Chưa thực hiện", Kind::Int),
        ("Thường xuyên", Kind::Int),
        ("Tổng số nhiệm vụ", Kind::Int),
        ("R (%)", Kind::Rate),
        ("C (%)", Kind::Rate),
        ("Điểm", Kind::Number),
        ("Đề xuất xếp loại", Kind::Text),
        ("Điều chỉnh theo giới hạn xuất sắc", Kind::Text),
    ]);
    let rows = eval
        .agencies
        .iter()
        .map(|a| {
            let t = a.tasks;
            vec![
                Value::int(a.rank),
                Value::text(&a.name),
                Value::text(&a.code),
                Value::int(a.on_time),
                Value::int(a.late),
                Value::int(a.missing),
                Value::int(t.done),
                Value::int(t.done_late),
                Value::int(t.overdue),
                Value::int(t.in_progress),
                Value::int(t.not_started),
                Value::int(t.recurring),
                Value::int(t.total()),
                Value::Number((a.reporting * 1000.0).round() / 10.0),
                Value::Number((a.completion * 1000.0).round() / 10.0),
                Value::Number(score2(a.score)),
                Value::text(a.class.label()),
                if a.capped { Value::text("Có") } else { Value::Empty },
            ]
        })
        .collect();
    Table { name: SHEET_RANKING, columns: cols, rows }
}

fn matrix(months: &[MonthModel], eval: &Evaluation) -> Table {
    let mut cols = columns(&[("Cơ quan, đơn vị", Kind::Text)]);
    cols.extend(months.iter().map(|m| (m.period.to_string(), Kind::Text)));
    let rows = eval
        .agencies
        .iter()
        .map(|a| {
            let mut row = vec![Value::text(&a.name)];
            row.extend(
                months
                    .iter()
                    .map(|m| Value::text(a.months.get(&m.period).copied().unwrap_or(MonthReport::Missing).label())),
            );
            row
        })
        .collect();
    Table { name: SHEET_MONTHS, columns: cols, rows }
}

fn tasks(eval: &Evaluation) -> Table {
    let cols = columns(&[
        ("STT", Kind::Int),
        ("Cơ quan, đơn vị", Kind::Text),
        ("Chỉ số", Kind::Text),
        ("Nhiệm vụ", Kind::Wrap),
        ("Thời hạn", Kind::Date),
        ("Trạng thái cuối kỳ", Kind::Text),
        ("Ngày hoàn thành", Kind::Date),
        ("Tháng báo cáo gần nhất", Kind::Text),
        ("Tệp nguồn", Kind::Text),
        ("Trang tính", Kind::Text),
        ("Dòng", Kind::Int),
    ]);
    let rows = eval
        .tasks
        .iter()
        .enumerate()
        .map(|(i, t)| {
            let deadline = Value::deadline(t.deadline, t.deadline_text.as_deref());
            vec![
                Value::int(i as u32 + 1),
                Value::text(&t.agency),
                Value::opt(t.index.map(IndexKind::label)),
                Value::text(&t.task),
                deadline,
                Value::text(t.status.label()),
                t.completed_on.map_or(Value::Empty, Value::Date),
                Value::text(t.last_month.to_string()),
                Value::text(&t.source.file),
                Value::text(&t.source.sheet),
                Value::int(t.source.row),
            ]
        })
        .collect();
    Table { name: SHEET_TASKS, columns: cols, rows }
}

fn criteria(config: &Config) -> Table {
    let c = &config.evaluation;
    let cols = columns(&[("Tiêu chí", Kind::Wrap), ("Khóa cấu hình", Kind::Text), ("Giá trị", Kind::Number)]);
    let mut rows = vec![
        ("Trọng số tỷ lệ báo cáo đúng hạn (R)", "weights.reporting", Value::Number(c.weights.reporting)),
        ("Trọng số tỷ lệ hoàn thành nhiệm vụ (C)", "weights.completion", Value::Number(c.weights.completion)),
        ("Hệ số tính cho tháng nộp báo cáo muộn", "late_report_credit", Value::Number(c.late_report_credit)),
        ("Hệ số tính cho nhiệm vụ hoàn thành muộn", "done_late_credit", Value::Number(c.done_late_credit)),
        ("Điểm tối thiểu «Hoàn thành xuất sắc nhiệm vụ»", "classes.excellent", Value::Number(c.classes.excellent)),
        ("Điểm tối thiểu «Hoàn thành tốt nhiệm vụ»", "classes.good", Value::Number(c.classes.good)),
        ("Điểm tối thiểu «Hoàn thành nhiệm vụ»", "classes.pass", Value::Number(c.classes.pass)),
    ];
    rows.push((
        "Tỷ lệ tối đa «xuất sắc» trên số cơ quan xếp loại «tốt» trở lên (%); trống: không giới hạn",
        "excellent_cap_percent",
        c.excellent_cap_percent.map_or(Value::Empty, Value::Number),
    ));
    let rows = rows
        .into_iter()
        .map(|(label, key, v)| vec![Value::text(label), Value::text(format!("evaluation.{key}")), v])
        .collect();
    Table { name: SHEET_CRITERIA, columns: cols, rows }
}
