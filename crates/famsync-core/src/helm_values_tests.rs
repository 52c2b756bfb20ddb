//! The values editor against files laid out as the chart's own values.yaml is (bitwarden/
//! helm-charts charts/self-host/values.yaml: `general:` first, comments above each setting,
//! nested maps, `enableCloudCommunication: false` then `cloudRegion: US`), and random ones.

use super::*;
use proptest::prelude::*;

/// Laid out as the chart's values.yaml (not copied from it): comments, a nested map, the two
/// settings, an anchor and its alias, and a block scalar after.
pub(crate) const CHART_LIKE: &str = "\
# Optional - Override the chart name
fullnameOverride: \"\"

general:
  # Domain name for the service
  domain: \"vault.example.com\"
  ingress:
    enabled: false # Gateway API is preferred
    className: \"nginx\"
  volumeAccessMode: \"ReadWriteMany\"
  # Set to true to allow communication with our cloud system.
  enableCloudCommunication: false
  # Cloud region for sync.
  cloudRegion: US
  # pushRelayBaseUri: \" \"

defaults: &defaults
  resources: {}
api:
  <<: *defaults
raw:
  notes: |
    enableCloudCommunication: false
    kept as text
";

/// Lines of `text` that mention neither setting: what must survive byte for byte.
fn others(text: &str) -> Vec<&str> {
    text.split_inclusive('\n')
        .filter(|l| !(l.trim_start().starts_with(ENABLE) || l.trim_start().starts_with(REGION)))
        .collect()
}

#[test]
fn the_two_values_change_and_nothing_else() {
    let out = set(CHART_LIKE, true, "EU").unwrap();
    assert!(out.contains("  enableCloudCommunication: true\n  # Cloud region for sync.\n  cloudRegion: EU\n"));
    // The block scalar's text that looks like the setting is text, and stays.
    assert!(out.contains("    enableCloudCommunication: false\n    kept as text\n"));
    assert_eq!(out.len(), CHART_LIKE.len() + 1 - 2, "false→true, US→EU");
    let values = read(&out).unwrap();
    assert_eq!(values.enable, Some(Yaml::Boolean(true)));
    assert_eq!(values.region, Some(Yaml::String("EU".into())));
    assert_eq!(
        set(&out, false, "US").unwrap(),
        CHART_LIKE,
        "and back, byte for byte"
    );
}

#[test]
fn quotes_and_comments_on_the_line_are_kept_and_a_boolean_stays_a_boolean() {
    let text = "general:\n  cloudRegion: 'US' # sync region\n  enableCloudCommunication: \"false\"\n";
    let out = set(text, true, "EU").unwrap();
    // The schema wants a boolean: a quoted one would be refused by helm.
    assert_eq!(
        out,
        "general:\n  cloudRegion: 'EU' # sync region\n  enableCloudCommunication: true\n"
    );
}

#[test]
fn missing_settings_are_added_under_general_with_its_indentation_and_line_ends() {
    let text = "# values\r\ngeneral:\r\n    domain: vault.example.com\r\nother: 1\r\n";
    let out = set(text, true, "EU").unwrap();
    assert_eq!(
        out,
        "# values\r\ngeneral:\r\n    enableCloudCommunication: true\r\n    cloudRegion: EU\r\n    domain: vault.example.com\r\nother: 1\r\n"
    );
    let none = set("other: 1", true, "US").unwrap();
    assert_eq!(
        none,
        "other: 1\ngeneral:\n  enableCloudCommunication: true\n  cloudRegion: US\n"
    );
    assert_eq!(
        set("", false, "US").unwrap(),
        "general:\n  enableCloudCommunication: false\n  cloudRegion: US\n"
    );
}

#[test]
fn text_before_the_value_in_other_scripts_is_counted_in_bytes() {
    let text =
        "# Région d'hébergement: 東京\ngeneral:\n  cloudRegion: US\n  enableCloudCommunication: false\n";
    let out = set(text, true, "EU").unwrap();
    assert_eq!(out, text.replace("US", "EU").replace("false", "true"));
}

#[test]
fn what_famsync_cannot_change_alone_is_refused_and_named() {
    let cases = [
        ("general:\n  enableCloudCommunication: *on\n", Refusal::NotYaml),
        (
            "on: &on true\ngeneral:\n  enableCloudCommunication: *on\n",
            Refusal::ValueNotPlain,
        ),
        (
            "general:\n  enableCloudCommunication: &flag false\nother: *flag\n",
            Refusal::ValueNotPlain,
        ),
        ("general:\n  cloudRegion: !!str US\n", Refusal::ValueNotPlain),
        ("general:\n  cloudRegion: |\n    US\n", Refusal::ValueNotPlain),
        ("general:\n  cloudRegion: \"U\\x53\"\n", Refusal::ValueNotPlain),
        ("general: {domain: x}\n", Refusal::FlowMapping),
        ("general: *g\n", Refusal::NotYaml),
        ("g: &g {a: 1}\ngeneral: *g\n", Refusal::GeneralNotAMapping),
        ("general:\n", Refusal::GeneralNotAMapping),
        ("a: 1\n---\nb: 2\n", Refusal::NotOneMapping),
        ("- a\n- b\n", Refusal::NotOneMapping),
        (
            "general:\n  cloudRegion: US\n  cloudRegion: EU\n",
            Refusal::DuplicateKey,
        ),
        ("general: [\n", Refusal::NotYaml),
    ];
    for (text, refusal) in cases {
        assert_eq!(set(text, true, "EU"), Err(refusal), "{text:?}");
    }
    // A flow mapping whose values are there is edited in place.
    let flow = "general: {enableCloudCommunication: false, cloudRegion: US}\n";
    assert_eq!(
        set(flow, true, "EU").unwrap(),
        "general: {enableCloudCommunication: true, cloudRegion: EU}\n"
    );
}

/// A top-level entry: a comment, a scalar with or without a comment, a nested map with an
/// anchor and a merge of it, or a block scalar holding text like the settings. `@` in it is
/// the entry's number, which keeps its keys and anchors its own.
fn entry() -> impl Strategy<Value = String> {
    prop_oneof![
        "[ a-zA-Z0-9éü東]{0,12}".prop_map(|c| format!("# {c}\n")),
        ("[a-z0-9]{1,8}", "( #[ a-z]{0,6})?").prop_map(|(v, c)| format!("k@: {v}{c}\n")),
        Just("a@: &a@\n  inner: 1\n  list:\n    - x\nm@:\n  <<: *a@\n".to_string()),
        "[a-z ]{0,10}".prop_map(|t| format!("b@: |\n  enableCloudCommunication: {t}\n  cloudRegion: US\n")),
    ]
}

/// The entries, each numbered.
fn numbered(entries: &[String], from: usize) -> String {
    entries
        .iter()
        .enumerate()
        .map(|(i, e)| e.replace('@', &(from + i).to_string()))
        .collect()
}

/// `general:` with other keys and, or not, each setting (plain, quoted, commented).
fn general() -> impl Strategy<Value = String> {
    let setting = |key: &'static str, values: &'static [&'static str]| {
        proptest::option::of((proptest::sample::select(values), "( # [a-z]{0,5})?"))
            .prop_map(move |v| v.map(|(v, c)| format!("  {key}: {v}{c}\n")).unwrap_or_default())
    };
    (
        setting(ENABLE, &["false", "true"]),
        setting(REGION, &["US", "EU", "'US'", "\"EU\""]),
        proptest::collection::vec("[a-z0-9]{1,6}( # [a-z]{0,4})?", 1..4),
        any::<bool>(),
    )
        .prop_map(|(enable, region, others, first)| {
            let others: String = others
                .iter()
                .enumerate()
                .map(|(i, v)| format!("  o{i}: {v}\n"))
                .collect();
            match first {
                true => format!("general:\n{enable}{others}{region}"),
                false => format!("general:\n{others}{region}{enable}"),
            }
        })
}

proptest! {
    #[test]
    fn every_byte_outside_the_two_settings_is_kept(
        before in proptest::collection::vec(entry(), 0..6),
        general in proptest::option::of(general()),
        after in proptest::collection::vec(entry(), 0..6),
        enable in any::<bool>(),
        region in proptest::sample::select(&["US", "EU"][..]),
    ) {
        let text = [numbered(&before, 0), general.clone().unwrap_or_default(), numbered(&after, 100)].concat();
        let out = set(&text, enable, region).unwrap();
        let mut kept = others(&text);
        if general.is_none() {
            kept.push("general:\n");
        }
        prop_assert_eq!(others(&out), kept);
        let values = read(&out).unwrap();
        prop_assert_eq!(values.enable, Some(Yaml::Boolean(enable)));
        prop_assert_eq!(values.region, Some(Yaml::String(region.into())));
    }
}
