//! Configuration: the province's agencies, the issuing department and the reporting
//! deadlines. An embedded default (Lào Cai, 2023) is used unless `--config` names a file.

use crate::normalize::text::key;
use serde::{Deserialize, Serialize};
use std::path::{Path, PathBuf};

/// The embedded default configuration, as shipped (with its comments).
pub const DEFAULT_YAML: &str = include_str!("../assets/config-lao-cai-2023.yaml");

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Config {
    /// Province name as written in running text, e.g. `Lào Cai`.
    pub province: String,
    pub issuer: Issuer,
    /// Who the consolidated report is addressed to.
    pub recipient: String,
    /// Day of the month the data period ends (`docs/domain.md`, "Reporting periods").
    pub cutoff_day: u32,
    /// Agency reports are due *before* this day of the reporting month.
    pub agency_due_day: u32,
    /// The consolidated report is due *before* this day.
    pub consolidated_due_day: u32,
    pub agencies: Vec<AgencyConfig>,
    /// Criteria of the annual evaluation (`baocao year`); defaults when absent.
    #[serde(default)]
    pub evaluation: crate::criteria::Criteria,
    /// How much the report lists before saying how many more (see `bounds`).
    #[serde(default)]
    pub limits: crate::bounds::Limits,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Issuer {
    /// Parent authority line, e.g. `UBND TỈNH LÀO CAI`.
    pub parent: String,
    /// Issuing authority, e.g. `SỞ NỘI VỤ`.
    pub name: String,
    /// Unit abbreviation used in document symbols, e.g. `SNV` in `05/BC-SNV`.
    pub code: String,
    /// Place written in the place-date line.
    pub place: String,
    /// Drafting unit abbreviation for the `Lưu: VT, …` line.
    pub drafting_unit: String,
    pub signer: Signer,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Signer {
    /// `KT. GIÁM ĐỐC`, `TL. GIÁM ĐỐC`… or empty when the head signs.
    #[serde(default)]
    pub authority_prefix: String,
    pub position: String,
    #[serde(default)]
    pub name: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum AgencyKind {
    /// Sở, ban, ngành tỉnh.
    Province,
    /// UBND huyện, thị xã, thành phố.
    District,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AgencyConfig {
    /// Canonical name, used in every output.
    pub name: String,
    /// Short code, unique.
    pub code: String,
    pub kind: AgencyKind,
    /// How letters address it (`Kính gửi`, the reminder, the register's recipients); when
    /// the file gives none, derived from the name and kind by
    /// [`default_addressee`] (`UBND huyện Bắc Hà`).
    #[serde(default)]
    pub addressee: String,
    #[serde(default)]
    pub aliases: Vec<String>,
}

impl crate::normalize::agency::AgencyNames for AgencyConfig {
    fn name(&self) -> &str {
        &self.name
    }
    fn aliases(&self) -> &[String] {
        &self.aliases
    }
    fn code(&self) -> &str {
        &self.code
    }
}

#[derive(Debug, thiserror::Error)]
pub enum ConfigError {
    #[error("không đọc được tệp cấu hình {path}: {source}")]
    Io { path: PathBuf, source: std::io::Error },
    #[error("tệp cấu hình {path}{location}: khóa «{key}»: {message}")]
    Syntax { path: PathBuf, location: String, key: String, message: String },
    #[error("tệp cấu hình {path}: {message}")]
    Invalid { path: PathBuf, message: String },
}

impl Config {
    /// The embedded default.
    pub fn default_config() -> Config {
        Config::from_yaml(DEFAULT_YAML, Path::new("<mặc định>")).expect("the embedded default configuration is valid")
    }

    /// Reads `path`, or the embedded default when `path` is `None`.
    pub fn load(path: Option<&Path>) -> Result<Config, ConfigError> {
        match path {
            None => Ok(Config::default_config()),
            Some(p) => {
                let text =
                    std::fs::read_to_string(p).map_err(|source| ConfigError::Io { path: p.to_path_buf(), source })?;
                Config::from_yaml(&text, p)
            }
        }
    }

    /// Parses and validates; errors name the file, the line and the key.
    pub fn from_yaml(text: &str, path: &Path) -> Result<Config, ConfigError> {
        let de = serde_yaml::Deserializer::from_str(text);
        let config: Config = serde_path_to_error::deserialize(de).map_err(|e| {
            let key = e.path().to_string();
            let inner = e.into_inner();
            let location =
                inner.location().map(|l| format!(", dòng {}, cột {}", l.line(), l.column())).unwrap_or_default();
            ConfigError::Syntax {
                path: path.to_path_buf(),
                location,
                key: if key == "." { "(gốc)".into() } else { key },
                message: crate::serde_vi::translate(&inner.to_string()),
            }
        })?;
        let mut config = config;
        for a in config.agencies.iter_mut().filter(|a| a.addressee.trim().is_empty()) {
            a.addressee = default_addressee(&a.name, a.kind);
        }
        config.validate(path)?;
        config.evaluation.validate().map_err(|e| ConfigError::Syntax {
            path: path.to_path_buf(),
            location: crate::criteria::line_of(text, &e.key).map(|l| format!(", dòng {l}")).unwrap_or_default(),
            key: e.key,
            message: e.message,
        })?;
        Ok(config)
    }

    fn validate(&self, path: &Path) -> Result<(), ConfigError> {
        let invalid = |message: String| ConfigError::Invalid { path: path.to_path_buf(), message };
        for (key, day) in [
            ("cutoff_day", self.cutoff_day),
            ("agency_due_day", self.agency_due_day),
            ("consolidated_due_day", self.consolidated_due_day),
        ] {
            if !(1..=31).contains(&day) {
                return Err(invalid(format!("khóa «{key}»: ngày {day} không nằm trong 1–31")));
            }
        }
        self.limits.validate().map_err(invalid)?;
        if self.agencies.is_empty() {
            return Err(invalid("khóa «agencies»: danh sách cơ quan đang trống".into()));
        }
        let mut codes = std::collections::HashSet::new();
        let mut names = std::collections::HashSet::new();
        for (i, a) in self.agencies.iter().enumerate() {
            if a.name.trim().is_empty() || a.code.trim().is_empty() {
                return Err(invalid(format!("khóa «agencies[{i}]»: thiếu tên (name) hoặc mã (code)")));
            }
            if !codes.insert(a.code.as_str()) {
                return Err(invalid(format!("khóa «agencies[{i}].code»: mã «{}» bị trùng", a.code)));
            }
            if !names.insert(a.name.as_str()) {
                return Err(invalid(format!("khóa «agencies[{i}].name»: tên «{}» bị trùng", a.name)));
            }
        }
        Ok(())
    }

    /// The effective configuration as YAML. For the default this is the shipped file with
    /// its comments; otherwise a serialization.
    pub fn to_yaml(&self) -> String {
        if *self == Config::default_config() {
            DEFAULT_YAML.to_string()
        } else {
            serde_yaml::to_string(self).expect("configuration serializes")
        }
    }
}

/// How letters address a district-level unit (`docs/domain.md`, "Addressing").
/// District-level unit words, as their key's first words, and as written after `UBND`.
const DISTRICT_UNITS: &[(&str, &str)] = &[
    ("huyen", "huyện"),
    ("thi xa", "thị xã"),
    ("tx", "thị xã"),
    ("thanh pho", "thành phố"),
    ("tp", "thành phố"),
    ("quan", "quận"),
];

/// The addressee an agency gets when the configuration names none: `Huyện Bắc Hà` →
/// `UBND huyện Bắc Hà`, `Thị xã Sa Pa` → `UBND thị xã Sa Pa`, `TP. Lào Cai` → `UBND thành
/// phố Lào Cai`; a district name without its unit word gets `UBND` in front; a name that
/// already starts with `UBND`/`Ủy ban nhân dân`, and every provincial agency, is kept.
pub fn default_addressee(name: &str, kind: AgencyKind) -> String {
    let name = name.trim();
    if kind == AgencyKind::Province {
        return name.to_string();
    }
    let k = key(name);
    if k.starts_with("ubnd ") || k.starts_with("uy ban nhan dan ") {
        return name.to_string();
    }
    let words: Vec<&str> = name.split_whitespace().collect();
    for (unit_key, unit) in DISTRICT_UNITS {
        let n = unit_key.split(' ').count();
        let Some(head) = words.get(..n) else { continue };
        if key(&head.join(" ")) == *unit_key && words.len() > n {
            return format!("UBND {unit} {}", words[n..].join(" "));
        }
    }
    format!("UBND {name}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn default_is_lao_cai() {
        let c = Config::default_config();
        assert_eq!(c.agencies.len(), 29);
        assert_eq!(c.cutoff_day, 14);
        assert_eq!(c.agency_due_day, 20);
        assert!(c.to_yaml().contains("Sở Tư pháp"));
    }

    #[test]
    fn errors_name_line_and_key() {
        let bad = DEFAULT_YAML.replace("cutoff_day: 14", "cutoff_day: mười bốn");
        let err = Config::from_yaml(&bad, Path::new("cau-hinh.yaml")).unwrap_err().to_string();
        assert!(err.contains("cau-hinh.yaml"), "{err}");
        assert!(err.contains("cutoff_day"), "{err}");
        assert!(err.contains("dòng"), "{err}");
        let bad = DEFAULT_YAML.replace("code: STP,", "code: STP, codee: X,");
        let err = Config::from_yaml(&bad, Path::new("c.yaml")).unwrap_err().to_string();
        assert!(err.contains("codee"), "{err}");
        assert!(err.contains("agencies[2]"), "{err}");
    }

    #[test]
    fn roundtrip_custom() {
        let mut c = Config::default_config();
        c.cutoff_day = 15;
        let back = Config::from_yaml(&c.to_yaml(), Path::new("x")).unwrap();
        assert_eq!(back, c);
    }
}
