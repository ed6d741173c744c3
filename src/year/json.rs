//! `xep-loai.json`: the evaluation as data, stable English keys.

use super::evaluate::{Evaluation, MonthReport, YearTask};
use super::YearRange;
use crate::config::Config;
use crate::criteria::Criteria;
use crate::model::{Period, StatusCounts};
use chrono::NaiveDate;
use serde::Serialize;
use std::collections::BTreeMap;

#[derive(Debug, Serialize)]
struct YearData<'a> {
    year: i32,
    through: Period,
    period_start: NaiveDate,
    period_end: NaiveDate,
    months_run: &'a [Period],
    months_absent: &'a [Period],
    criteria: &'a Criteria,
    agencies: Vec<AgencyData<'a>>,
    tasks: &'a [YearTask],
}

#[derive(Debug, Serialize)]
struct AgencyData<'a> {
    name: &'a str,
    code: &'a str,
    rank: u32,
    score: f64,
    class: &'static str,
    capped: bool,
    months: &'a BTreeMap<Period, MonthReport>,
    on_time: u32,
    late: u32,
    missing: u32,
    tasks: StatusCounts,
    total: u32,
}

/// Score with two decimals, as written everywhere.
pub fn score2(score: f64) -> f64 {
    (score * 100.0).round() / 100.0
}

pub fn year_json(
    range: &YearRange,
    absent: &[Period],
    eval: &Evaluation,
    config: &Config,
) -> Result<Vec<u8>, serde_json::Error> {
    let data = YearData {
        year: range.year(),
        through: range.through(),
        period_start: range.period_start(config.cutoff_day),
        period_end: range.period_end(config.cutoff_day),
        months_run: &eval.months_run,
        months_absent: absent,
        criteria: &config.evaluation,
        agencies: eval
            .agencies
            .iter()
            .map(|a| AgencyData {
                name: &a.name,
                code: &a.code,
                rank: a.rank,
                score: score2(a.score),
                class: a.class.label(),
                capped: a.capped,
                months: &a.months,
                on_time: a.on_time,
                late: a.late,
                missing: a.missing,
                tasks: a.tasks,
                total: a.tasks.total(),
            })
            .collect(),
        tasks: &eval.tasks,
    };
    let mut bytes = serde_json::to_vec_pretty(&data)?;
    bytes.push(b'\n');
    Ok(bytes)
}
