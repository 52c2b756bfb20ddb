//! Today's regions: US written explicitly and read without its line, and Bitwarden's third
//! cloud (Gov, bitwarden/server src/Core/Settings/CloudRegionConfig.cs since 2026.6), which
//! famsync reads and names as itself, never as US or EU, and serves no step for.

mod common;
use common::*;
use std::fs;

const REGION_LINE: &str = "globalSettings__baseServiceUri__cloudRegion=US";
const ORG: &str = "3f2c1a9e-5b7d-4c8e-9f10-2a3b4c5d6e7f";

/// The US fixture with its region line replaced by `lines`.
fn with_region(lines: &str) -> Fixture {
    let f = fixture("us");
    let text = f.env_text();
    assert!(text.contains(REGION_LINE));
    fs::write(f.env_file(), text.replace(REGION_LINE, lines)).unwrap();
    f
}

fn gov_by_key() -> Fixture {
    with_region("globalSettings__baseServiceUri__cloudRegion=Gov")
}

fn gov_by_uris() -> Fixture {
    with_region("globalSettings__installation__identityUri=https://identity.bitwarden-gov.com\nglobalSettings__installation__apiUri=https://api.bitwarden-gov.com")
}

#[test]
fn a_gov_installation_is_named_as_gov_never_as_us_or_eu() {
    for f in [gov_by_key(), gov_by_uris()] {
        let r = run(&f, &["status", "--json"]);
        assert_eq!(r.code, 0, "{}", r.stderr);
        let cloud = &r.json()["cloud_communication"];
        assert_eq!(cloud["region"], serde_json::Value::Null, "{cloud}");
        assert_eq!(cloud["other_cloud"], "gov", "{cloud}");
        assert_eq!(
            cloud["consistent"], true,
            "no US or EU expectation is held against it"
        );
        let text = run(&f, &["status"]);
        says(&text.stdout, &["Gov (bitwarden-gov.com)", "only US and EU"]);
        assert!(!text.stdout.contains("US (bitwarden.com)"), "{}", text.stdout);
    }
}

#[test]
fn a_gov_installation_gets_no_cloud_check_or_link_but_may_be_moved_by_choice() {
    let f = gov_by_key();
    for args in [vec!["links", "--org", ORG], vec!["check"]] {
        let r = run(&f, &[args.as_slice(), &["--json"]].concat());
        assert_eq!(r.code, 5, "{args:?}: {}{}", r.stdout, r.stderr);
        assert_eq!(r.json()["error"]["code"], "cloud_not_served", "{args:?}");
        let text = run(&f, &args);
        says(
            &text.stderr,
            &["Gov cloud (bitwarden-gov.com)", "US and EU", "--region us"],
        );
    }
    // The owner's explicit choice is written as for any file, with the EU lines.
    let r = run(&f, &["enable", "--region", "eu", "--yes"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let state = run(&f, &["status", "--json"]).json();
    assert_eq!(state["cloud_communication"]["region"], "eu");
    assert_eq!(state["cloud_communication"]["consistent"], true);
}

#[test]
fn a_file_without_a_region_line_is_us_and_enabling_us_writes_it() {
    let f = with_region("");
    let r = run(&f, &["status", "--json"]);
    assert_eq!(r.json()["cloud_communication"]["region"], "us");
    assert_eq!(r.json()["cloud_communication"]["consistent"], true);
    assert_eq!(run(&f, &["enable", "--region", "us", "--yes"]).code, 0);
    assert_eq!(f.env_text().lines().filter(|l| *l == REGION_LINE).count(), 1);
}
