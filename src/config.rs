//! Configuration: the province's agencies, the issuing department and the reporting
//! deadlines. An embedded default (Lào Cai, 2023) is used unless `--config` names a file.

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
    /// Day of the month the data period ends (domain.md §2).
    pub cutoff_day: u32,
    /// Agency reports are due *before* this day of the reporting month.
    pub agency_due_day: u32,
    /// The consolidated report is due *before* this day.
    pub consolidated_due_day: u32,
    pub agencies: Vec<AgencyConfig>,
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
    #[serde(default)]
    pub aliases: Vec<String>,
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
                message: translate_serde_message(&inner.to_string()),
            }
        })?;
        config.validate(path)?;
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

/// serde's messages are English; the clerk reads Vietnamese. Translate the common ones.
fn translate_serde_message(msg: &str) -> String {
    let msg = msg.split(" at line ").next().unwrap_or(msg);
    if let Some(rest) = msg.strip_prefix("missing field ") {
        return format!("thiếu khóa bắt buộc {rest}");
    }
    if let Some(rest) = msg.strip_prefix("unknown field ") {
        let field = rest.split(',').next().unwrap_or(rest);
        return format!("khóa không được hỗ trợ {field} (kiểm tra chính tả)");
    }
    if let Some(rest) = msg.strip_prefix("invalid type: ") {
        return format!("sai kiểu giá trị ({rest})");
    }
    if let Some(rest) = msg.strip_prefix("unknown variant ") {
        return format!("giá trị không hợp lệ {rest}");
    }
    format!("lỗi cú pháp YAML ({msg})")
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
