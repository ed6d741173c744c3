//! How the issuer's letters address the reporting agencies (docs/domain.md, "Addressing"):
//! a district-level unit through its People's Committee (`UBND huyện Bắc Hà`, `UBND thị xã
//! Sa Pa`, `UBND thành phố Lào Cai`), a provincial agency by its name; the issuer never
//! addresses a letter to itself.

use crate::config::Config;
use crate::normalize::text::key;

/// The configured addressee of the agency with this code; `None` for an unknown code.
pub fn addressee<'a>(config: &'a Config, code: &str) -> Option<&'a str> {
    config.agencies.iter().find(|a| a.code == code).map(|a| a.addressee.as_str())
}

/// Whether the agency with this code is the issuer itself (its own report is stated in
/// the consolidated report, never asked for by letter).
pub fn is_issuer(config: &Config, code: &str) -> bool {
    key(code) == key(&config.issuer.code)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::{default_addressee, AgencyKind, DEFAULT_YAML};
    use std::path::Path;

    #[test]
    fn the_configuration_states_or_derives_every_addressee() {
        // Bắc Hà's addressee left out, Sa Pa's written in full by the province.
        let yaml = DEFAULT_YAML
            .replace("addressee: UBND huyện Bắc Hà, ", "")
            .replace("addressee: UBND thị xã Sa Pa,", "addressee: Ủy ban nhân dân thị xã Sa Pa,");
        let config = Config::from_yaml(&yaml, Path::new("cau-hinh.yaml")).unwrap();
        assert_eq!(addressee(&config, "BH"), Some("UBND huyện Bắc Hà"));
        assert_eq!(addressee(&config, "TXSP"), Some("Ủy ban nhân dân thị xã Sa Pa"));
        assert_eq!(addressee(&config, "STP"), Some("Sở Tư pháp"));
        assert_eq!(addressee(&config, "XYZ"), None);
        // Printed back (`baocao config`), every agency states its addressee.
        let printed = config.to_yaml();
        assert!(printed.contains("addressee: UBND huyện Bắc Hà"), "{printed}");
        assert!(printed.contains("addressee: Ủy ban nhân dân thị xã Sa Pa"), "{printed}");
        assert!(is_issuer(&config, "SNV") && is_issuer(&config, "snv") && !is_issuer(&config, "STP"));
    }

    #[test]
    fn district_units_are_addressed_through_their_people_s_committee() {
        use AgencyKind::*;
        for (name, kind, want) in [
            ("Huyện Bắc Hà", District, "UBND huyện Bắc Hà"),
            ("huyện Bảo Yên", District, "UBND huyện Bảo Yên"),
            ("Thị xã Sa Pa", District, "UBND thị xã Sa Pa"),
            ("TX Sa Pa", District, "UBND thị xã Sa Pa"),
            ("Thành phố Lào Cai", District, "UBND thành phố Lào Cai"),
            ("TP. Lào Cai", District, "UBND thành phố Lào Cai"),
            ("UBND huyện Văn Bàn", District, "UBND huyện Văn Bàn"),
            ("Ủy ban nhân dân huyện Si Ma Cai", District, "Ủy ban nhân dân huyện Si Ma Cai"),
            ("Bát Xát", District, "UBND Bát Xát"),
            ("Sở Tư pháp", Province, "Sở Tư pháp"),
            ("Thanh tra tỉnh", Province, "Thanh tra tỉnh"),
        ] {
            assert_eq!(default_addressee(name, kind), want, "{name}");
        }
    }
}
