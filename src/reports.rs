//! The month's documents: from the consolidated [`MonthModel`] to the data the month's
//! templates (those with `document: job: month`) render.
//!
//! Everything a sentence of a report needs is computed here, once, as plain data; the
//! wording lives in the templates so a clerk can change it without a programmer.

use crate::addressing;
use crate::bounds::{keep_admitted, Bound, Budget, Hidden, Limits};
use crate::config::Config;
use crate::document::filters::phan_tram;
use crate::document::{Align, Cell, Chart, Run, Series, Table};
use crate::model::{IndexCounts, IndexKind, MonthModel, StatusCounts, Submission, TaskRecord, TaskStatus};
use crate::normalize::text::key;
use chrono::NaiveDate;
use serde::Serialize;
use std::collections::BTreeMap;

/// Options of one run that reach the documents.
#[derive(Debug, Clone, Default)]
pub struct DocOptions {
    /// The documents' date; `None` leaves day and month blank for signing.
    pub date: Option<NaiveDate>,
}

/// Rate as a percentage with one decimal, 0 when there is nothing to divide.
pub fn rate(part: u32, total: u32) -> f64 {
    if total == 0 {
        0.0
    } else {
        (f64::from(part) * 1000.0 / f64::from(total)).round() / 10.0
    }
}

#[derive(Debug, Clone, Serialize)]
pub struct CountsView {
    pub counts: StatusCounts,
    pub total: u32,
    pub completed: u32,
    /// Percentages of `total`, one decimal.
    pub rates: BTreeMap<&'static str, f64>,
    pub completion_rate: f64,
}

impl CountsView {
    pub fn new(counts: StatusCounts) -> CountsView {
        let total = counts.total();
        let rates = TaskStatus::ALL.iter().map(|&s| (s.code(), rate(counts.get(s), total))).collect();
        CountsView {
            counts,
            total,
            completed: counts.completed(),
            rates,
            completion_rate: rate(counts.completed(), total),
        }
    }
}

#[derive(Debug, Clone, Serialize)]
pub struct IndexView {
    pub code: &'static str,
    pub label: &'static str,
    #[serde(flatten)]
    pub counts: CountsView,
}

#[derive(Debug, Clone, Serialize)]
pub struct LateAgency {
    pub name: String,
    pub report_date: Option<NaiveDate>,
}

#[derive(Debug, Clone, Serialize)]
pub struct SubmissionView {
    pub on_time: Vec<String>,
    pub late: Vec<LateAgency>,
    pub missing: Vec<String>,
    pub submitted: usize,
    pub expected: usize,
}

#[derive(Debug, Clone, Serialize)]
pub struct OverdueTask {
    pub task: String,
    pub index: Option<&'static str>,
    pub deadline: Option<NaiveDate>,
    pub deadline_text: Option<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct AgencyTasks {
    pub agency: String,
    /// The agency's tasks in this list, shown or not.
    pub total: usize,
    /// The shown ones (see `bounds`).
    pub tasks: Vec<OverdueTask>,
    /// How many of the agency's tasks are not shown.
    pub more: usize,
}

/// A difficulty or proposal, deduplicated across agencies, with who raised it.
#[derive(Debug, Clone, Serialize)]
pub struct Gathered {
    pub text: String,
    pub agencies: Vec<String>,
}

/// The data of the consolidated report and the reminder letter.
#[derive(Debug, Clone, Serialize)]
pub struct MonthContext {
    pub period: String,
    pub month: u32,
    pub year: i32,
    pub period_start: NaiveDate,
    pub period_end: NaiveDate,
    pub agency_due: NaiveDate,
    /// The day agencies' reports are due *before* (e.g. 20).
    pub agency_due_day: u32,
    /// The day the consolidated report is due *before* (e.g. 25).
    pub consolidated_due_day: u32,
    /// Next reporting month, `YYYY-MM`.
    pub next_period: String,
    pub next_month: u32,
    pub next_year: i32,
    pub province: String,
    pub recipient: String,
    pub issuer: crate::config::Issuer,
    pub date: Option<NaiveDate>,
    pub submission: SubmissionView,
    pub totals: CountsView,
    pub per_index: Vec<IndexView>,
    /// Tasks not assigned to any index (no section row, no sheet name).
    pub unclassified: Option<CountsView>,
    pub overdue_by_agency: Vec<AgencyTasks>,
    /// Overdue tasks of agencies not listed at all (the overall bound was reached).
    pub overdue_hidden: Hidden,
    /// Not completed, deadline within the next data period: next month's focus.
    pub due_next_by_agency: Vec<AgencyTasks>,
    pub due_next_hidden: Hidden,
    pub difficulties: Vec<Gathered>,
    pub difficulties_more: usize,
    pub proposals: Vec<Gathered>,
    pub proposals_more: usize,
    /// Agencies with the highest completion rates (with tasks), best first.
    pub top_agencies: Vec<(String, f64)>,
    /// Notable results reported as completed this period (agency, task, result).
    pub notable_results: Vec<NotableResult>,
    pub notable_results_more: usize,
    pub chart: Chart,
    pub agency_table: Table,
    /// Agencies × indices: tasks, completed and overdue per index (two header rows).
    pub agency_index_table: Table,
    pub index_table: Table,
    pub overdue_table: Table,
    /// Overdue tasks left out of `overdue_table`.
    pub overdue_table_more: usize,
    /// The bounds the lists were cut to.
    pub limits: Limits,
    /// Late and missing agencies together, as letters address them, the issuer left out:
    /// the reminder's addressees.
    pub to_remind: Vec<String>,
    /// The reminder's lists: late and missing agencies as letters address them, the
    /// issuer left out.
    pub reminder: ReminderView,
    /// The issuer's own report when it is late or missing: stated in the consolidated
    /// report, never asked for by letter.
    pub issuer_own: Option<IssuerOwnReport>,
    pub status_labels: BTreeMap<&'static str, &'static str>,
}

#[derive(Debug, Clone, Serialize)]
pub struct ReminderView {
    pub missing: Vec<String>,
    pub late: Vec<LateAgency>,
}

#[derive(Debug, Clone, Serialize)]
pub struct IssuerOwnReport {
    pub name: String,
    /// `late` or `missing`.
    pub submission: Submission,
    pub report_date: Option<NaiveDate>,
}

#[derive(Debug, Clone, Serialize)]
pub struct NotableResult {
    pub agency: String,
    pub task: String,
    pub result: String,
}

pub fn month_context(model: &MonthModel, config: &Config, opts: &DocOptions) -> MonthContext {
    let submitted = |s: Submission| model.agencies.iter().filter(move |a| a.submission == s);
    let submission = SubmissionView {
        on_time: submitted(Submission::OnTime).map(|a| a.name.clone()).collect(),
        late: submitted(Submission::Late)
            .map(|a| LateAgency { name: a.name.clone(), report_date: a.report_date })
            .collect(),
        missing: submitted(Submission::Missing).map(|a| a.name.clone()).collect(),
        submitted: model.agencies.iter().filter(|a| a.submission != Submission::Missing).count(),
        expected: model.agencies.len(),
    };

    let index_counts = IndexCounts::of(&model.tasks);
    let (totals, unclassified) = (index_counts.all, index_counts.unclassified);
    let per_index = IndexKind::ALL
        .iter()
        .map(|&i| IndexView { code: i.code(), label: i.label(), counts: CountsView::new(index_counts.get(i)) })
        .collect();

    let next = model.period.next();
    let (next_start, next_end) = next.data_window(config.cutoff_day);
    let limits = &config.limits;
    let (overdue_by_agency, overdue_hidden) = group_tasks(model, limits.overdue, |t| t.status == TaskStatus::Overdue);
    let (due_next_by_agency, due_next_hidden) = group_tasks(model, limits.due_next, |t| {
        !t.status.is_completed()
            && t.status != TaskStatus::Overdue
            && t.deadline.is_some_and(|d| d >= next_start && d <= next_end)
    });

    let (difficulties, difficulties_more) =
        keep_admitted(gather(model, |t| t.issues.as_deref()), limits.difficulties, first_agency);
    let (proposals, proposals_more) =
        keep_admitted(gather(model, |t| t.proposals.as_deref()), limits.proposals, first_agency);

    let mut top: Vec<(String, f64)> = model
        .agencies
        .iter()
        .filter(|a| a.total > 0)
        .map(|a| (a.name.clone(), rate(a.counts.completed(), a.total)))
        .collect();
    top.sort_by(|a, b| b.1.total_cmp(&a.1));
    top.truncate(5);

    let notable = model
        .tasks
        .iter()
        .filter(|t| {
            t.status.is_completed() && t.completed_on.is_some_and(|d| d >= model.period_start && d <= model.period_end)
        })
        .filter_map(|t| {
            let result = t.result.as_deref()?.trim();
            (!result.is_empty()).then(|| NotableResult {
                agency: t.agency.clone(),
                task: t.task.clone(),
                result: result.to_string(),
            })
        });
    let (notable_results, notable_results_more) =
        keep_admitted(notable, limits.notable_results, |r: &NotableResult| r.agency.as_str());

    let reporting: Vec<_> = model.agencies.iter().filter(|a| a.submission != Submission::Missing).collect();
    let chart = Chart {
        title: format!(
            "Tỷ lệ hoàn thành nhiệm vụ theo cơ quan, tháng {} năm {}",
            model.period.month(),
            model.period.year()
        ),
        categories: reporting.iter().map(|a| a.name.clone()).collect(),
        series: vec![Series {
            name: "Tỷ lệ hoàn thành (%)".into(),
            values: reporting.iter().map(|a| rate(a.counts.completed(), a.total)).collect(),
        }],
        max: 100.0,
        unit: "%".into(),
    };

    let (overdue_table, overdue_table_more) = overdue_table(model, limits.overdue_annex);
    let (to_remind, reminder, issuer_own) = reminder_lists(model, config);

    MonthContext {
        period: model.period.to_string(),
        month: model.period.month(),
        year: model.period.year(),
        period_start: model.period_start,
        period_end: model.period_end,
        agency_due: model.agency_due,
        agency_due_day: config.agency_due_day,
        consolidated_due_day: config.consolidated_due_day,
        next_period: next.to_string(),
        next_month: next.month(),
        next_year: next.year(),
        province: config.province.clone(),
        recipient: config.recipient.clone(),
        issuer: config.issuer.clone(),
        date: opts.date,
        submission,
        totals: CountsView::new(totals),
        per_index,
        unclassified: (unclassified.total() > 0).then(|| CountsView::new(unclassified)),
        overdue_by_agency,
        overdue_hidden,
        due_next_by_agency,
        due_next_hidden,
        difficulties,
        difficulties_more,
        proposals,
        proposals_more,
        top_agencies: top,
        notable_results,
        notable_results_more,
        chart,
        agency_table: agency_table(model),
        agency_index_table: agency_index_table(model),
        index_table: index_table(model),
        overdue_table,
        overdue_table_more,
        limits: limits.clone(),
        to_remind,
        reminder,
        issuer_own,
        status_labels: TaskStatus::ALL.iter().map(|&s| (s.code(), s.label())).collect(),
    }
}

/// Who the reminder asks for a report, as letters address them: late and missing agencies
/// but the issuer, whose own report is stated in the consolidated report instead.
fn reminder_lists(model: &MonthModel, config: &Config) -> (Vec<String>, ReminderView, Option<IssuerOwnReport>) {
    let mut to_remind = Vec::new();
    let mut reminder = ReminderView { missing: Vec::new(), late: Vec::new() };
    let mut issuer_own = None;
    for a in model.agencies.iter().filter(|a| a.submission != Submission::OnTime) {
        if addressing::is_issuer(config, &a.code) {
            issuer_own =
                Some(IssuerOwnReport { name: a.name.clone(), submission: a.submission, report_date: a.report_date });
            continue;
        }
        let name = addressing::addressee(config, &a.code).unwrap_or(&a.name).to_string();
        to_remind.push(name.clone());
        match a.submission {
            Submission::Late => reminder.late.push(LateAgency { name, report_date: a.report_date }),
            _ => reminder.missing.push(name),
        }
    }
    (to_remind, reminder, issuer_own)
}

fn group_tasks(model: &MonthModel, bound: Bound, keep: impl Fn(&TaskRecord) -> bool) -> (Vec<AgencyTasks>, Hidden) {
    group_by_agency(
        model.tasks.iter().filter(|t| keep(t)).map(|t| {
            let task = OverdueTask {
                task: t.task.clone(),
                index: t.index.map(IndexKind::label),
                deadline: t.deadline,
                deadline_text: t.deadline_text.clone(),
            };
            (t.agency.as_str(), task)
        }),
        bound,
    )
}

/// Tasks grouped by agency (in the order given, an agency's tasks together) and cut to
/// `bound`: what a list of the report shows, and how many it leaves out. Shared by the
/// month's and the year's reports.
pub fn group_by_agency<'a>(
    tasks: impl Iterator<Item = (&'a str, OverdueTask)>,
    bound: Bound,
) -> (Vec<AgencyTasks>, Hidden) {
    let mut out: Vec<AgencyTasks> = Vec::new();
    let mut budget = Budget::new(bound);
    let mut hidden = Hidden::default();
    let mut last_hidden: Option<&str> = None;
    for (agency, task) in tasks {
        let shown = budget.admit(agency);
        match out.last_mut() {
            Some(g) if g.agency == agency => {
                g.total += 1;
                if shown {
                    g.tasks.push(task);
                } else {
                    g.more += 1;
                }
            }
            _ if shown => out.push(AgencyTasks { agency: agency.to_string(), total: 1, tasks: vec![task], more: 0 }),
            _ => {
                hidden.items += 1;
                if last_hidden != Some(agency) {
                    hidden.agencies += 1;
                    last_hidden = Some(agency);
                }
            }
        }
    }
    (out, hidden)
}

/// Free texts deduplicated by their matching key (case, accents, punctuation and a final
/// full stop ignored), each with the agencies that wrote it, in order of first mention.
fn gather<'a>(model: &'a MonthModel, field: impl Fn(&'a TaskRecord) -> Option<&'a str>) -> Vec<Gathered> {
    let mut out: Vec<Gathered> = Vec::new();
    let mut seen: BTreeMap<String, usize> = BTreeMap::new();
    for t in &model.tasks {
        let Some(text) = field(t) else { continue };
        let text = text.trim().trim_end_matches(['.', ';']).trim();
        let k = key(text);
        if k.is_empty() || is_nothing(&k) {
            continue;
        }
        match seen.get(&k) {
            Some(&i) => {
                if !out[i].agencies.contains(&t.agency) {
                    out[i].agencies.push(t.agency.clone());
                }
            }
            None => {
                seen.insert(k, out.len());
                out.push(Gathered { text: text.to_string(), agencies: vec![t.agency.clone()] });
            }
        }
    }
    out
}

/// A gathered text counts for the agency that raised it first.
fn first_agency(g: &Gathered) -> &str {
    g.agencies.first().map_or("", String::as_str)
}

/// "Không", "Không có", "-" and the like say there is nothing to report.
fn is_nothing(k: &str) -> bool {
    matches!(
        k,
        "khong" | "khong co" | "chua co" | "khong co kho khan" | "khong co kien nghi" | "khong co de xuat" | "x" | "0"
    )
}

fn header_cell(text: &str) -> Cell {
    Cell { lines: vec![vec![Run::bold(text)]], colspan: 1, rowspan: 1, align: Align::Center }
}

fn num_cell(n: impl ToString) -> Cell {
    Cell { lines: vec![vec![Run::plain(n.to_string())]], colspan: 1, rowspan: 1, align: Align::Center }
}

fn pct_cell(p: f64) -> Cell {
    num_cell(phan_tram(p, 1))
}

fn status_header() -> Vec<Cell> {
    TaskStatus::ALL.iter().map(|s| header_cell(s.label())).collect()
}

fn agency_table(model: &MonthModel) -> Table {
    let mut header = vec![header_cell("STT"), header_cell("Cơ quan, đơn vị"), header_cell("Tình hình nộp báo cáo")];
    header.push(header_cell("Tổng số nhiệm vụ"));
    header.extend(status_header());
    header.push(header_cell("Tỷ lệ hoàn thành"));
    let rows = model
        .agencies
        .iter()
        .enumerate()
        .map(|(i, a)| {
            let mut row = vec![num_cell(i + 1), Cell::text(a.name.clone()), Cell::text(a.submission.label())];
            row.push(num_cell(a.total));
            row.extend(TaskStatus::ALL.iter().map(|&s| num_cell(a.counts.get(s))));
            row.push(pct_cell(rate(a.counts.completed(), a.total)));
            row
        })
        .collect();
    let mut widths = vec![0.6, 3.2, 1.4, 1.1];
    widths.extend([1.1; 6]);
    widths.push(1.1);
    Table { widths, header: vec![header], rows, font_size: Some(11.0) }
}

fn agency_index_table(model: &MonthModel) -> Table {
    let spanning = |text: &str, colspan: u16, rowspan: u16| Cell { colspan, rowspan, ..header_cell(text) };
    let mut top = vec![spanning("STT", 1, 2), spanning("Cơ quan, đơn vị", 1, 2)];
    let mut second = Vec::new();
    for i in IndexKind::ALL {
        top.push(spanning(&format!("Chỉ số {}", i.label()), 3, 1));
        second.extend([header_cell("Tổng số"), header_cell("Đã hoàn thành"), header_cell("Quá hạn")]);
    }
    let rows = model
        .agencies
        .iter()
        .filter(|a| a.submission != Submission::Missing)
        .enumerate()
        .map(|(n, a)| {
            let mut row = vec![num_cell(n + 1), Cell::text(a.name.clone())];
            for i in IndexKind::ALL {
                let mut c = StatusCounts::default();
                for t in model.tasks.iter().filter(|t| t.agency == a.name && t.index == Some(i)) {
                    c.add(t.status);
                }
                row.extend([num_cell(c.total()), num_cell(c.completed()), num_cell(c.overdue)]);
            }
            row
        })
        .collect();
    let mut widths = vec![0.6, 3.2];
    widths.extend([1.0; 9]);
    Table { widths, header: vec![top, second], rows, font_size: Some(11.0) }
}

fn index_table(model: &MonthModel) -> Table {
    let mut header = vec![header_cell("Chỉ số"), header_cell("Tổng số nhiệm vụ")];
    header.extend(status_header());
    header.push(header_cell("Tỷ lệ hoàn thành"));
    let counts = IndexCounts::of(&model.tasks);
    let mut groups = counts.groups();
    groups.push(("Tổng cộng", counts.all));
    let rows = groups
        .into_iter()
        .map(|(label, c)| {
            let mut row = vec![Cell::text(label), num_cell(c.total())];
            row.extend(TaskStatus::ALL.iter().map(|&s| num_cell(c.get(s))));
            row.push(pct_cell(rate(c.completed(), c.total())));
            row
        })
        .collect();
    let mut widths = vec![2.0, 1.2];
    widths.extend([1.2; 6]);
    widths.push(1.2);
    Table { widths, header: vec![header], rows, font_size: Some(11.0) }
}

/// The annex of overdue tasks, bounded; and how many it leaves out.
fn overdue_table(model: &MonthModel, bound: Bound) -> (Table, usize) {
    let header = vec![
        header_cell("STT"),
        header_cell("Cơ quan, đơn vị"),
        header_cell("Chỉ số"),
        header_cell("Nhiệm vụ"),
        header_cell("Thời hạn"),
    ];
    let overdue = model.tasks.iter().filter(|t| t.status == TaskStatus::Overdue);
    let (shown, more) = keep_admitted(overdue, bound, |t: &&TaskRecord| t.agency.as_str());
    let rows = shown
        .into_iter()
        .enumerate()
        .map(|(i, t)| {
            let deadline = match (t.deadline, &t.deadline_text) {
                (Some(d), _) => d.format("%d/%m/%Y").to_string(),
                (None, Some(text)) => text.clone(),
                (None, None) => String::new(),
            };
            vec![
                num_cell(i + 1),
                Cell::text(t.agency.clone()),
                Cell::text(t.index.map(IndexKind::label).unwrap_or("")),
                Cell::text(t.task.clone()),
                num_cell(deadline),
            ]
        })
        .collect();
    (Table { widths: vec![0.6, 2.4, 1.2, 5.0, 1.4], header: vec![header], rows, font_size: Some(11.0) }, more)
}

#[cfg(test)]
mod tests {
    use super::*;

    use crate::model::{AgencySummary, Period, SourceRef};

    fn task(
        agency: &str,
        index: Option<IndexKind>,
        status: TaskStatus,
        deadline: Option<(i32, u32, u32)>,
    ) -> TaskRecord {
        TaskRecord {
            agency: agency.into(),
            index,
            area: None,
            task: format!("Nhiệm vụ {agency} {status:?}"),
            deadline: deadline.and_then(|(y, m, d)| NaiveDate::from_ymd_opt(y, m, d)),
            deadline_text: None,
            status,
            completed_on: None,
            progress_pct: None,
            result: None,
            issues: None,
            proposals: None,
            note: None,
            source: SourceRef { file: "f.xlsx".into(), sheet: "S".into(), row: 1 },
        }
    }

    fn model() -> (MonthModel, Config) {
        let config = Config::default_config();
        let period: Period = "2023-05".parse().unwrap();
        let (start, end) = period.data_window(14);
        let mut agencies: Vec<AgencySummary> =
            config.agencies.iter().map(|a| AgencySummary::missing(&a.name, &a.code)).collect();
        agencies[2].submission = Submission::OnTime; // Sở Tư pháp
        agencies[15].submission = Submission::Late; // Sở Y tế
        let mut tasks = vec![
            task("Sở Tư pháp", Some(IndexKind::ParIndex), TaskStatus::Done, Some((2023, 5, 1))),
            task("Sở Tư pháp", Some(IndexKind::ParIndex), TaskStatus::Overdue, Some((2023, 5, 14))),
            task("Sở Tư pháp", None, TaskStatus::InProgress, Some((2023, 6, 14))),
            task("Sở Y tế", Some(IndexKind::Papi), TaskStatus::DoneLate, Some((2023, 4, 1))),
            task("Sở Y tế", Some(IndexKind::Papi), TaskStatus::NotStarted, Some((2023, 6, 15))),
        ];
        tasks[0].issues = Some("Thiếu kinh phí.".into());
        tasks[1].issues = Some("thiếu  KINH PHI".into());
        tasks[3].issues = Some("Thiếu kinh phí".into());
        tasks[4].issues = Some("Không".into());
        tasks[2].proposals = Some("Tập huấn cho cấp xã".into());
        for t in &tasks {
            let a = agencies.iter_mut().find(|a| a.name == t.agency).unwrap();
            a.counts.add(t.status);
            a.total += 1;
        }
        let model = MonthModel {
            period,
            period_start: start,
            period_end: end,
            agency_due: period.day(19),
            agencies,
            tasks,
            files: vec![],
            problems: vec![],
        };
        (model, config)
    }

    #[test]
    fn month_context_counts_groups_and_gathers() {
        let (model, config) = model();
        let c = month_context(&model, &config, &DocOptions::default());
        assert_eq!(c.submission.on_time, vec!["Sở Tư pháp"]);
        assert_eq!(c.submission.late.iter().map(|a| a.name.as_str()).collect::<Vec<_>>(), vec!["Sở Y tế"]);
        assert_eq!(c.submission.missing.len(), 27);
        assert_eq!((c.submission.submitted, c.submission.expected), (2, 29));
        // Everyone not on time but Sở Nội vụ (the issuer); districts through their UBND.
        assert_eq!(c.to_remind.len(), 27);
        assert!(!c.to_remind.contains(&"Sở Tư pháp".to_string()));
        assert!(!c.to_remind.contains(&"Sở Nội vụ".to_string()));
        assert!(c.to_remind.contains(&"UBND huyện Bắc Hà".to_string()));
        assert_eq!(c.reminder.late.iter().map(|a| a.name.as_str()).collect::<Vec<_>>(), vec!["Sở Y tế"]);
        assert_eq!(
            c.issuer_own.as_ref().map(|o| (o.name.as_str(), o.submission)),
            Some(("Sở Nội vụ", Submission::Missing))
        );
        assert_eq!((c.totals.total, c.totals.completed, c.totals.completion_rate), (5, 2, 40.0));
        let par = &c.per_index[0];
        assert_eq!((par.code, par.counts.total, par.counts.counts.overdue), ("PAR_INDEX", 2, 1));
        assert_eq!(c.per_index[1].counts.total, 0);
        assert_eq!(c.per_index[2].counts.total, 2);
        assert_eq!(c.unclassified.as_ref().map(|u| u.total), Some(1));
        assert_eq!(c.overdue_by_agency.len(), 1);
        assert_eq!(c.overdue_by_agency[0].agency, "Sở Tư pháp");
        // Next data period is 15/5–14/6: only the 14/6 task; 15/6 is the month after.
        assert_eq!(c.due_next_by_agency.len(), 1);
        assert_eq!(c.due_next_by_agency[0].tasks[0].deadline, NaiveDate::from_ymd_opt(2023, 6, 14));
        // "Thiếu kinh phí." / "thiếu  KINH PHI" / "Thiếu kinh phí" are one difficulty; "Không" is none.
        assert_eq!(c.difficulties.len(), 1);
        assert_eq!(c.difficulties[0].text, "Thiếu kinh phí");
        assert_eq!(c.difficulties[0].agencies, vec!["Sở Tư pháp", "Sở Y tế"]);
        assert_eq!(c.proposals.len(), 1);
        assert_eq!(c.chart.categories, vec!["Sở Tư pháp", "Sở Y tế"]);
        assert_eq!(c.chart.series[0].values, vec![33.3, 50.0]);
        assert_eq!(c.agency_table.rows.len(), 29);
        // Only reporting agencies; PAR INDEX of Sở Tư pháp: 2 tasks, 1 done, 1 overdue.
        assert_eq!(c.agency_index_table.rows.len(), 2);
        assert_eq!(c.agency_index_table.header.len(), 2);
        let stp: Vec<String> = c.agency_index_table.rows[0].iter().map(|cell| cell.lines[0][0].text.clone()).collect();
        assert_eq!(stp, ["1", "Sở Tư pháp", "2", "1", "1", "0", "0", "0", "0", "0", "0"]);
        assert_eq!(c.overdue_table.rows.len(), 1);
        // Index table: three indices, the unclassified row and the total.
        assert_eq!(c.index_table.rows.len(), 5);
        assert_eq!(c.next_period, "2023-06");
    }

    #[test]
    fn rates_and_percent_format() {
        assert_eq!(rate(1, 3), 33.3);
        assert_eq!(rate(2, 3), 66.7);
        assert_eq!(rate(0, 0), 0.0);
        assert_eq!(pct_cell(85.5).lines[0][0].text, "85,5%");
        assert_eq!(pct_cell(100.0).lines[0][0].text, "100%");
        assert_eq!(pct_cell(0.0).lines[0][0].text, "0%");
    }
}
