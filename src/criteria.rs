//! The criteria of the annual evaluation (`evaluation:` in the configuration): weights,
//! credits, class thresholds and the cap on "xuất sắc". See `docs/domain.md`, "Evaluation and ranking".
//! Every number is the province's to change; the defaults are those of issue 9.

use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Criteria {
    #[serde(default)]
    pub weights: Weights,
    /// Share of an on-time month a late report earns in `R`.
    #[serde(default = "half")]
    pub late_report_credit: f64,
    /// Share of a task done on time a task done late earns in `C`.
    #[serde(default = "half")]
    pub done_late_credit: f64,
    #[serde(default)]
    pub classes: Thresholds,
    /// At most this percent of those rated "tốt" or better keep "xuất sắc"; `null`: no cap.
    #[serde(default = "default_cap")]
    pub excellent_cap_percent: Option<f64>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Weights {
    pub reporting: f64,
    pub completion: f64,
}

/// Lowest scores (inclusive) of the three upper classes.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Thresholds {
    pub excellent: f64,
    pub good: f64,
    pub pass: f64,
}

fn half() -> f64 {
    0.5
}

fn default_cap() -> Option<f64> {
    Some(20.0)
}

impl Default for Weights {
    fn default() -> Self {
        Weights { reporting: 30.0, completion: 70.0 }
    }
}

impl Default for Thresholds {
    fn default() -> Self {
        Thresholds { excellent: 90.0, good: 75.0, pass: 50.0 }
    }
}

impl Default for Criteria {
    fn default() -> Self {
        Criteria {
            weights: Weights::default(),
            late_report_credit: half(),
            done_late_credit: half(),
            classes: Thresholds::default(),
            excellent_cap_percent: default_cap(),
        }
    }
}

/// A criterion out of its range: the key (as written under `evaluation:`) and why.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[error("khóa «{key}»: {message}")]
pub struct CriteriaError {
    pub key: String,
    pub message: String,
}

impl Criteria {
    /// Checks that the numbers make a 0–100 score and ordered classes.
    pub fn validate(&self) -> Result<(), CriteriaError> {
        let err = |key: &str, message: String| Err(CriteriaError { key: format!("evaluation.{key}"), message });
        let w = &self.weights;
        for (key, v) in [("weights.reporting", w.reporting), ("weights.completion", w.completion)] {
            if !(v.is_finite() && v >= 0.0) {
                return err(key, format!("trọng số {v} phải là số không âm"));
            }
        }
        if (w.reporting + w.completion - 100.0).abs() > 1e-9 {
            return err(
                "weights",
                format!(
                    "tổng hai trọng số phải bằng 100 để điểm tính trên thang 100 (đang là {} + {})",
                    w.reporting, w.completion
                ),
            );
        }
        for (key, v) in [("late_report_credit", self.late_report_credit), ("done_late_credit", self.done_late_credit)] {
            if !(v.is_finite() && (0.0..=1.0).contains(&v)) {
                return err(key, format!("hệ số {v} phải nằm trong khoảng 0–1"));
            }
        }
        let c = &self.classes;
        for (key, v) in [("classes.excellent", c.excellent), ("classes.good", c.good), ("classes.pass", c.pass)] {
            if !(v.is_finite() && (0.0..=100.0).contains(&v)) {
                return err(key, format!("ngưỡng điểm {v} phải nằm trong khoảng 0–100"));
            }
        }
        if !(c.excellent > c.good && c.good > c.pass) {
            return err(
                "classes",
                format!(
                    "các ngưỡng phải giảm dần: excellent ({}) > good ({}) > pass ({})",
                    c.excellent, c.good, c.pass
                ),
            );
        }
        if let Some(p) = self.excellent_cap_percent {
            if !(p.is_finite() && (0.0..=100.0).contains(&p)) {
                return err(
                    "excellent_cap_percent",
                    format!("tỷ lệ {p} phải nằm trong khoảng 0–100 (hoặc null: không giới hạn)"),
                );
            }
        }
        Ok(())
    }
}

/// The 1-based line of `key` (dotted, e.g. `evaluation.classes.good`) in a YAML text,
/// found by following the indented keys; `None` when the key is not written there.
pub fn line_of(text: &str, key: &str) -> Option<usize> {
    let mut parts = key.split('.').peekable();
    let mut want = parts.next()?;
    let mut min_indent = 0usize;
    for (i, line) in text.lines().enumerate() {
        let trimmed = line.trim_start();
        let indent = line.len() - trimmed.len();
        if trimmed.starts_with('#') || indent < min_indent {
            continue;
        }
        let found = trimmed.strip_prefix(want).is_some_and(|r| r.trim_start().starts_with(':'))
            || trimmed.contains(&format!("{{ {want}:")) && parts.peek().is_none()
            || trimmed.contains(&format!(", {want}:")) && parts.peek().is_none();
        if found {
            match parts.next() {
                None => return Some(i + 1),
                Some(next) => {
                    // Flow mappings (`weights: { reporting: 30, … }`) hold the next key on this line.
                    if trimmed.contains(&format!("{next}:")) && parts.peek().is_none() {
                        return Some(i + 1);
                    }
                    want = next;
                    min_indent = indent + 1;
                }
            }
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn defaults_are_valid_and_checked() {
        assert_eq!(Criteria::default().validate(), Ok(()));
        let mut c = Criteria::default();
        c.classes.good = 95.0;
        assert_eq!(c.validate().unwrap_err().key, "evaluation.classes");
        let mut c = Criteria::default();
        c.weights.reporting = 40.0;
        assert_eq!(c.validate().unwrap_err().key, "evaluation.weights");
        let c = Criteria { done_late_credit: 1.5, ..Criteria::default() };
        assert_eq!(c.validate().unwrap_err().key, "evaluation.done_late_credit");
    }

    #[test]
    fn lines_of_keys() {
        let text = "a: 1\nevaluation:\n  weights: { reporting: 30, completion: 70 }\n  classes:\n    excellent: 90\n    good: 75\n";
        assert_eq!(line_of(text, "evaluation.weights.completion"), Some(3));
        assert_eq!(line_of(text, "evaluation.classes.good"), Some(6));
        assert_eq!(line_of(text, "evaluation.classes"), Some(4));
        assert_eq!(line_of(text, "evaluation.late_report_credit"), None);
    }
}
