//! The data the year's templates (`document: job: year`) render: every number and table a
//! sentence needs, computed once; the wording lives in the templates.

use super::evaluate::{Class, Evaluation, MonthReport};
use super::json::score2;
use super::{RangeKind, YearRange};
use crate::bounds::Hidden;
use crate::config::{Config, Issuer};
use crate::criteria::Criteria;
use crate::document::filters::phan_tram;
use crate::document::{Align, Cell, Chart, Run, Series, Table};
use crate::model::{IndexKind, MonthModel, Period, StatusCounts, TaskStatus};
use crate::reports::{group_by_agency, rate, AgencyTasks, CountsView, IndexView, OverdueTask};
use chrono::NaiveDate;
use serde::Serialize;
use std::collections::BTreeMap;

#[derive(Debug, Clone, Serialize)]
pub struct MonthRef {
    /// `2023-05`
    pub period: String,
    pub month: u32,
}

#[derive(Debug, Clone, Serialize)]
pub struct RangeView {
    pub kind: RangeKind,
    /// `nam`, `quy-1`, `6-thang`, `9-thang`, `den-thang-05`
    pub slug: String,
    pub full_year: bool,
    pub through_month: u32,
}

#[derive(Debug, Clone, Serialize)]
pub struct AgencyView {
    pub name: String,
    pub code: String,
    pub rank: u32,
    pub score: f64,
    /// Reporting and completion rates in percent, one decimal.
    pub reporting_rate: f64,
    pub completion_rate: f64,
    pub class: &'static str,
    pub capped: bool,
    pub reported: bool,
    pub on_time: u32,
    pub late: u32,
    pub missing: u32,
    pub tasks: StatusCounts,
    pub total: u32,
}

#[derive(Debug, Clone, Serialize)]
pub struct ClassCount {
    pub class: &'static str,
    pub count: usize,
    pub agencies: Vec<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct YearContext {
    pub year: i32,
    /// `2023-06`
    pub through: String,
    pub range: RangeView,
    pub period_start: NaiveDate,
    pub period_end: NaiveDate,
    pub province: String,
    pub recipient: String,
    pub issuer: Issuer,
    pub date: Option<NaiveDate>,
    pub months_in_range: usize,
    pub months_run: Vec<MonthRef>,
    pub months_absent: Vec<MonthRef>,
    pub agency_count: usize,
    /// By rank.
    pub agencies: Vec<AgencyView>,
    pub never_reported: Vec<String>,
    /// Every agency reported on time every month run.
    pub all_on_time: Vec<String>,
    pub class_counts: Vec<ClassCount>,
    pub class_labels: BTreeMap<&'static str, &'static str>,
    pub capped: Vec<String>,
    /// How many may keep "xuất sắc" under the cap; null without a cap.
    pub excellent_allowed: Option<usize>,
    pub criteria: Criteria,
    pub totals: CountsView,
    pub per_index: Vec<IndexView>,
    pub unclassified: Option<CountsView>,
    pub overdue_by_agency: Vec<AgencyTasks>,
    /// Overdue tasks of agencies the bound left out entirely.
    pub overdue_hidden: Hidden,
    pub discipline_table: Table,
    pub index_table: Table,
    pub ranking_table: Table,
    pub trend_chart: Chart,
    pub score_chart: Chart,
    pub status_labels: BTreeMap<&'static str, &'static str>,
}

pub fn year_context(
    range: &YearRange,
    months: &[MonthModel],
    absent: &[Period],
    eval: &Evaluation,
    config: &Config,
    date: Option<NaiveDate>,
) -> YearContext {
    let month_ref = |p: &Period| MonthRef { period: p.to_string(), month: p.month() };
    let agencies: Vec<AgencyView> = eval
        .agencies
        .iter()
        .map(|a| AgencyView {
            name: a.name.clone(),
            code: a.code.clone(),
            rank: a.rank,
            score: score2(a.score),
            reporting_rate: (a.reporting * 1000.0).round() / 10.0,
            completion_rate: (a.completion * 1000.0).round() / 10.0,
            class: a.class.label(),
            capped: a.capped,
            reported: a.reported_any(),
            on_time: a.on_time,
            late: a.late,
            missing: a.missing,
            tasks: a.tasks,
            total: a.tasks.total(),
        })
        .collect();

    let mut totals = StatusCounts::default();
    let mut by_index: BTreeMap<IndexKind, StatusCounts> = BTreeMap::new();
    let mut unclassified = StatusCounts::default();
    for t in &eval.tasks {
        totals.add(t.status);
        match t.index {
            Some(i) => by_index.entry(i).or_default().add(t.status),
            None => unclassified.add(t.status),
        }
    }
    let per_index = IndexKind::ALL
        .iter()
        .map(|&i| IndexView {
            code: i.code(),
            label: i.label(),
            counts: CountsView::new(by_index.get(&i).copied().unwrap_or_default()),
        })
        .collect();

    // Bounded as the month's list is, so the report stays readable at any size.
    let (overdue_by_agency, overdue_hidden) = group_by_agency(
        eval.tasks.iter().filter(|t| t.status == TaskStatus::Overdue).map(|t| {
            let task = OverdueTask {
                task: t.task.clone(),
                index: t.index.map(IndexKind::label),
                deadline: t.deadline,
                deadline_text: t.deadline_text.clone(),
            };
            (t.agency.as_str(), task)
        }),
        config.limits.overdue,
    );

    let class_counts = Class::ALL
        .iter()
        .map(|&c| {
            let names: Vec<String> = eval.agencies.iter().filter(|a| a.class == c).map(|a| a.name.clone()).collect();
            ClassCount { class: c.label(), count: names.len(), agencies: names }
        })
        .collect();

    let trend_chart = Chart {
        title: format!("Tỷ lệ hoàn thành nhiệm vụ theo tháng, năm {}", range.year()),
        categories: months.iter().map(|m| format!("T{}", m.period.month())).collect(),
        series: vec![Series {
            name: "Tỷ lệ hoàn thành (%)".into(),
            values: months
                .iter()
                .map(|m| {
                    let mut c = StatusCounts::default();
                    m.tasks.iter().for_each(|t| c.add(t.status));
                    rate(c.completed(), c.total())
                })
                .collect(),
        }],
        max: 100.0,
        unit: "%".into(),
    };
    let score_chart = Chart {
        title: format!("Điểm đánh giá của các cơ quan, đơn vị, năm {}", range.year()),
        categories: agencies.iter().map(|a| a.name.clone()).collect(),
        series: vec![Series { name: "Điểm".into(), values: agencies.iter().map(|a| a.score).collect() }],
        max: 100.0,
        unit: String::new(),
    };

    YearContext {
        year: range.year(),
        through: range.through().to_string(),
        range: RangeView {
            kind: range.kind(),
            slug: range.slug(),
            full_year: range.kind() == RangeKind::Year,
            through_month: range.through().month(),
        },
        period_start: range.period_start(config.cutoff_day),
        period_end: range.period_end(config.cutoff_day),
        province: config.province.clone(),
        recipient: config.recipient.clone(),
        issuer: config.issuer.clone(),
        date,
        months_in_range: months.len() + absent.len(),
        months_run: months.iter().map(|m| month_ref(&m.period)).collect(),
        months_absent: absent.iter().map(month_ref).collect(),
        agency_count: agencies.len(),
        never_reported: agencies.iter().filter(|a| !a.reported).map(|a| a.name.clone()).collect(),
        all_on_time: agencies.iter().filter(|a| a.late == 0 && a.missing == 0).map(|a| a.name.clone()).collect(),
        class_counts,
        class_labels: Class::ALL.iter().map(|&c| (class_code(c), c.label())).collect(),
        capped: agencies.iter().filter(|a| a.capped).map(|a| a.name.clone()).collect(),
        excellent_allowed: eval.excellent_allowed,
        criteria: config.evaluation.clone(),
        totals: CountsView::new(totals),
        per_index,
        unclassified: (unclassified.total() > 0).then(|| CountsView::new(unclassified)),
        overdue_by_agency,
        overdue_hidden,
        discipline_table: discipline_table(months, eval, config),
        index_table: index_table(&by_index, unclassified, totals),
        ranking_table: ranking_table(&agencies),
        trend_chart,
        score_chart,
        agencies,
        status_labels: TaskStatus::ALL.iter().map(|&s| (s.code(), s.label())).collect(),
    }
}

fn class_code(c: Class) -> &'static str {
    match c {
        Class::Excellent => "excellent",
        Class::Good => "good",
        Class::Pass => "pass",
        Class::Fail => "fail",
    }
}

fn header(text: &str) -> Cell {
    Cell { lines: vec![vec![Run::bold(text)]], colspan: 1, rowspan: 1, align: Align::Center }
}

fn centered(text: impl Into<String>) -> Cell {
    Cell { lines: vec![vec![Run::plain(text.into())]], colspan: 1, rowspan: 1, align: Align::Center }
}

fn score_text(score: f64) -> String {
    crate::document::filters::so(score, Some(2))
}

/// Agencies (configuration order) × months run: on time, late, missing.
fn discipline_table(months: &[MonthModel], eval: &Evaluation, config: &Config) -> Table {
    let mut head = vec![header("STT"), header("Cơ quan, đơn vị")];
    head.extend(months.iter().map(|m| header(&format!("T{}", m.period.month()))));
    head.extend([header("Đúng hạn"), header("Muộn"), header("Không nộp")]);
    let order = |name: &str| config.agencies.iter().position(|a| a.name == name).unwrap_or(usize::MAX);
    let mut rows: Vec<_> = eval.agencies.iter().collect();
    rows.sort_by_key(|a| order(&a.name));
    let short = |r: MonthReport| match r {
        MonthReport::OnTime => "Đ",
        MonthReport::Late => "M",
        MonthReport::Missing => "K",
    };
    let rows = rows
        .iter()
        .enumerate()
        .map(|(i, a)| {
            let mut row = vec![centered((i + 1).to_string()), Cell::text(a.name.clone())];
            row.extend(
                months
                    .iter()
                    .map(|m| centered(short(a.months.get(&m.period).copied().unwrap_or(MonthReport::Missing)))),
            );
            row.extend([
                centered(a.on_time.to_string()),
                centered(a.late.to_string()),
                centered(a.missing.to_string()),
            ]);
            row
        })
        .collect();
    let mut widths = vec![0.6, 3.2];
    widths.extend(std::iter::repeat_n(0.6, months.len()));
    widths.extend([0.9, 0.9, 0.9]);
    Table { widths, header: vec![head], rows, font_size: Some(10.0) }
}

fn index_table(by_index: &BTreeMap<IndexKind, StatusCounts>, other: StatusCounts, all: StatusCounts) -> Table {
    let mut head = vec![header("Chỉ số"), header("Tổng số nhiệm vụ")];
    head.extend(TaskStatus::ALL.iter().map(|s| header(s.label())));
    head.push(header("Tỷ lệ hoàn thành"));
    let mut groups: Vec<(String, StatusCounts)> =
        IndexKind::ALL.iter().map(|i| (i.label().to_string(), by_index.get(i).copied().unwrap_or_default())).collect();
    if other.total() > 0 {
        groups.push(("Chưa phân loại".into(), other));
    }
    groups.push(("Tổng cộng".into(), all));
    let rows = groups
        .into_iter()
        .map(|(label, c)| {
            let mut row = vec![Cell::text(label), centered(c.total().to_string())];
            row.extend(TaskStatus::ALL.iter().map(|&s| centered(c.get(s).to_string())));
            row.push(centered(phan_tram(rate(c.completed(), c.total()), 1)));
            row
        })
        .collect();
    let mut widths = vec![1.6, 1.1];
    widths.extend([1.1; 6]);
    widths.push(1.1);
    Table { widths, header: vec![head], rows, font_size: Some(11.0) }
}

fn ranking_table(agencies: &[AgencyView]) -> Table {
    let head = vec![
        header("Xếp hạng"),
        header("Cơ quan, đơn vị"),
        header("Tỷ lệ báo cáo (R)"),
        header("Tỷ lệ hoàn thành (C)"),
        header("Điểm"),
        header("Đề xuất xếp loại"),
        header("Ghi chú"),
    ];
    let rows = agencies
        .iter()
        .map(|a| {
            let note = if a.capped {
                "Đạt điểm xuất sắc, điều chỉnh theo giới hạn tỷ lệ"
            } else if !a.reported {
                "Không gửi báo cáo tháng nào"
            } else {
                ""
            };
            vec![
                centered(a.rank.to_string()),
                Cell::text(a.name.clone()),
                centered(phan_tram(a.reporting_rate, 1)),
                // No report, no task: a completion rate would say nothing true.
                centered(if a.reported { phan_tram(a.completion_rate, 1) } else { "—".into() }),
                centered(score_text(a.score)),
                Cell::text(a.class),
                Cell::text(note),
            ]
        })
        .collect();
    Table { widths: vec![0.9, 3.0, 1.2, 1.2, 0.9, 2.4, 2.0], header: vec![head], rows, font_size: Some(11.0) }
}
