//! Matching the names agencies write to the configured agencies.

use crate::config::AgencyConfig;

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum AgencyMatch {
    /// Index into the configured agency list.
    Unique(usize),
    /// Several agencies fit equally: refuse to guess. Indices into the list.
    Ambiguous(Vec<usize>),
    None,
}

/// Accent-, case- and alias-aware matcher over the configured agencies, expanding the
/// common abbreviations (UBND, TP, TX, BQL, KKT, KH&ĐT, TN&MT, LĐTBXH…).
pub struct AgencyMatcher {
    _private: (),
}

impl AgencyMatcher {
    pub fn new(agencies: &[AgencyConfig]) -> AgencyMatcher {
        let _ = agencies;
        todo!()
    }

    /// Matches a text that *is* an agency name (`Sở LĐTBXH`, `UBND huyện Bảo Thắng`,
    /// `TX Sa Pa`), possibly with a prefix such as `Đơn vị báo cáo:`.
    pub fn match_name(&self, text: &str) -> AgencyMatch {
        todo!("{text}")
    }

    /// Finds an agency named somewhere inside a longer text (a title line, a file
    /// name). Stricter: the whole distinctive part of a name must appear.
    pub fn find_in(&self, text: &str) -> AgencyMatch {
        todo!("{text}")
    }
}
