//! A Helm values file as the chart's config map gives it to the server (bitwarden/helm-charts
//! `charts/self-host/templates/pre-install-hook-configmap.yaml`), as env-file lines: what the
//! Helm kind shows in status and the preview. Editing the file is helm_values.rs's.

use crate::helm_values::{Refusal, ENABLE, REGION};
use yaml_rust2::{Yaml, YamlLoader};

/// What the chart's config map (`pre-install-hook-configmap.yaml`) gives the server from these
/// values, as env-file lines: the two settings as rendered (`quote`), the EU URIs for exactly
/// `EU`, the push relay (`general.pushRelayBaseUri`, else the region's), and the vault URL from
/// `general.domain`. A value the chart's default leaves is written as that default.
pub fn as_env_lines(text: &str) -> Result<String, Refusal> {
    let docs = YamlLoader::load_from_str(text).map_err(|_| Refusal::NotYaml)?;
    let general = match docs.as_slice() {
        [] => &Yaml::BadValue,
        [doc] if doc.as_hash().is_some() || doc.is_null() => &doc["general"],
        _ => return Err(Refusal::NotOneMapping),
    };
    let rendered = |key: &str, default: &str| match &general[key] {
        Yaml::BadValue | Yaml::Null => default.to_string(),
        Yaml::Boolean(b) => b.to_string(),
        Yaml::Integer(i) => i.to_string(),
        Yaml::Real(r) | Yaml::String(r) => r.clone(),
        _ => String::new(),
    };
    let region = rendered(REGION, "US");
    let (eu, push) = (region == "EU", rendered("pushRelayBaseUri", ""));
    let mut lines = vec![
        format!(
            "globalSettings__enableCloudCommunication={}",
            rendered(ENABLE, "false")
        ),
        format!("globalSettings__baseServiceUri__cloudRegion={region}"),
        format!(
            "globalSettings__baseServiceUri__vault=https://{}",
            rendered("domain", "")
        ),
    ];
    if eu {
        lines.push("globalSettings__installation__identityUri=https://identity.bitwarden.eu".into());
        lines.push("globalSettings__installation__apiUri=https://api.bitwarden.eu".into());
    }
    let push = match (push.is_empty(), eu) {
        (false, _) => push,
        (true, true) => "https://push.bitwarden.eu".into(),
        (true, false) => "https://push.bitwarden.com".into(),
    };
    lines.push(format!("globalSettings__pushRelayBaseUri={push}"));
    Ok(lines.join("\n") + "\n")
}

/// Whether `text` reads as a values file for the chart: one mapping with a `general` mapping.
pub fn is_values_file(text: &str) -> bool {
    let Ok(docs) = YamlLoader::load_from_str(text) else {
        return false;
    };
    matches!(docs.as_slice(), [doc] if doc["general"].as_hash().is_some())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::helm_values::set;
    use crate::helm_values::tests::CHART_LIKE;

    /// What the chart's config map gives the server: the EU URIs for exactly `EU`, the owner's
    /// push relay over the region's, the chart's defaults where the file says nothing.
    #[test]
    fn the_file_reads_as_the_lines_the_config_map_gives_the_server() {
        let lines = |text: &str| as_env_lines(text).unwrap();
        let us = lines(CHART_LIKE);
        assert!(
            us.contains("globalSettings__enableCloudCommunication=false\n"),
            "{us}"
        );
        assert!(
            us.contains("globalSettings__baseServiceUri__cloudRegion=US\n"),
            "{us}"
        );
        assert!(
            us.contains("globalSettings__pushRelayBaseUri=https://push.bitwarden.com\n"),
            "{us}"
        );
        assert!(
            us.contains("globalSettings__baseServiceUri__vault=https://vault.example.com\n"),
            "{us}"
        );
        let eu = lines(&set(CHART_LIKE, true, "EU").unwrap());
        assert!(
            eu.contains("globalSettings__installation__apiUri=https://api.bitwarden.eu\n"),
            "{eu}"
        );
        assert!(
            eu.contains("globalSettings__pushRelayBaseUri=https://push.bitwarden.eu\n"),
            "{eu}"
        );
        // The template compares with "EU": any other spelling gets the US URIs.
        let lower = lines(&CHART_LIKE.replace("cloudRegion: US", "cloudRegion: eu"));
        assert!(!lower.contains("identityUri"), "{lower}");
        let own = lines(&CHART_LIKE.replace(
            "  # pushRelayBaseUri: \" \"",
            "  pushRelayBaseUri: \"https://push.example.com\"",
        ));
        assert!(
            own.contains("globalSettings__pushRelayBaseUri=https://push.example.com\n"),
            "{own}"
        );
        let empty = lines("");
        assert!(
            empty.contains("globalSettings__baseServiceUri__cloudRegion=US\n"),
            "{empty}"
        );
    }

    #[test]
    fn a_values_file_has_a_general_mapping() {
        assert!(is_values_file(CHART_LIKE));
        assert!(!is_values_file("services:\n  web: {}\n"));
        assert!(!is_values_file("general: 3\n"));
        assert!(!is_values_file("{ not yaml"));
    }
}
