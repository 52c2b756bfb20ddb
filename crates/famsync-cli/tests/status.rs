//! `famsync status` over the fixture installations.

mod common;
use common::*;
use serde_json::Value;

fn status(name: &str) -> (Fixture, Value) {
    let f = fixture(name);
    let run = famsync(&["status", "--json", "--bwdata", f.bwdata.to_str().unwrap()]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let json = run.json();
    (f, json)
}

fn problem_keys(json: &Value) -> Vec<String> {
    json["cloud_communication"]["problems"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["key"].as_str().unwrap().to_string())
        .collect()
}

#[test]
fn us_install_has_cloud_communication_off() {
    let (f, j) = status("us");
    assert_eq!(
        j["installation"]["bwdata"],
        dunce::canonicalize(&f.bwdata).unwrap().to_str().unwrap()
    );
    assert_eq!(j["installation"]["installation_id"], INSTALL_ID);
    assert_eq!(j["installation"]["url"], "https://vault.example.test");
    assert_eq!(j["installation"]["sample"], false);
    assert!(j["installation"]["script"]
        .as_str()
        .unwrap()
        .ends_with("bitwarden.sh"));
    let cc = &j["cloud_communication"];
    assert_eq!(
        (cc["enabled"].as_bool(), cc["region"].as_str()),
        (Some(false), Some("us"))
    );
    assert_eq!(cc["consistent"], true);
    assert_eq!(cc["problems"], serde_json::json!([]));
    let org = &j["organizations"][0];
    assert_eq!(org["name"], "Example Corp");
    assert_eq!(org["plan"], "enterprise");
    assert_eq!(org["warnings"], serde_json::json!([]));
}

#[test]
fn eu_install_is_on_and_consistent() {
    let (_f, j) = status("eu");
    let cc = &j["cloud_communication"];
    assert_eq!(
        (cc["enabled"].as_bool(), cc["region"].as_str()),
        (Some(true), Some("eu"))
    );
    assert_eq!(cc["consistent"], true);
    assert_eq!(cc["push_relay"], "enabled");
}

#[test]
fn eu_install_missing_lines_is_reported_line_by_line() {
    let (_f, j) = status("eu-partial");
    assert_eq!(j["cloud_communication"]["consistent"], false);
    let keys = problem_keys(&j);
    for k in [
        "installation__identityUri",
        "installation__apiUri",
        "pushRelayBaseUri",
    ] {
        assert!(keys.iter().any(|p| p.ends_with(k)), "{k} missing from {keys:?}");
    }
}

#[test]
fn crlf_and_bom_files_read_like_plain_ones() {
    for name in ["crlf", "bom"] {
        let (_f, j) = status(name);
        assert_eq!(j["installation"]["installation_id"], INSTALL_ID, "{name}");
        assert_eq!(j["cloud_communication"]["consistent"], true, "{name}");
    }
}

#[test]
fn duplicate_keys_are_reported_with_their_lines() {
    let (_f, j) = status("duplicates");
    let dups = j["env_file"]["duplicates"].as_array().unwrap();
    let enable = dups
        .iter()
        .find(|d| d["key"] == "globalSettings__enableCloudCommunication")
        .unwrap();
    assert_eq!(enable["lines"], serde_json::json!([4, 25]));
    assert!(dups
        .iter()
        .any(|d| d["key"] == "globalSettings__baseServiceUri__cloudRegion"));
}

#[test]
fn old_region_key_is_understood() {
    let f = fixture("old-region");
    std::fs::write(
        f.env_file(),
        f.env_text().replace("cloudVaultRegion=US", "cloudVaultRegion=EU"),
    )
    .unwrap();
    let run = famsync(&["status", "--json", "--bwdata", f.bwdata.to_str().unwrap()]);
    assert_eq!(run.json()["cloud_communication"]["region"], "eu");
}

#[test]
fn push_relay_disabled_is_shown() {
    let (_f, j) = status("push-disabled");
    assert_eq!(j["cloud_communication"]["push_relay"], "disabled");
    assert_eq!(j["cloud_communication"]["consistent"], true);
}

#[test]
fn license_warnings_name_the_trouble() {
    let (_f, j) = status("license-warnings");
    let codes = |i: usize| -> Vec<String> {
        j["organizations"][i]["warnings"]
            .as_array()
            .unwrap()
            .iter()
            .map(|w| w["code"].as_str().unwrap().into())
            .collect()
    };
    assert_eq!(codes(0), ["installation_mismatch"]);
    assert_eq!(codes(1), ["plan_cannot_sponsor", "expired", "trial"]);
}

/// A 2026.8 server writes version 15 and reads up to 16 (OrganizationLicense.cs): 17 is flagged.
#[test]
fn a_license_newer_than_the_server_reads_is_flagged() {
    let (_f, j) = status("license-versions");
    let orgs = j["organizations"].as_array().unwrap();
    let by_version = |v: i64| orgs.iter().find(|o| o["version"] == v).unwrap()["warnings"].clone();
    assert_eq!(by_version(16), serde_json::json!([]));
    assert_eq!(
        by_version(17),
        serde_json::json!([{"code": "version_not_supported", "version": 17, "newest": 16}])
    );
    let f = fixture("license-versions");
    let text = famsync(&["status", "--bwdata", f.bwdata.to_str().unwrap()]);
    says(
        &text.stdout,
        &["Version 17 is not supported", "update the server"],
    );
}

#[test]
fn damaged_licenses_are_reported_not_fatal() {
    for name in ["license-damaged", "license-trailing-junk"] {
        let (_f, j) = status(name);
        assert_eq!(
            j["organizations"][0]["error"]["code"], "license_invalid",
            "{name}"
        );
        let f = fixture(name);
        let text = famsync(&["status", "--bwdata", f.bwdata.to_str().unwrap()]);
        says(&text.stdout, &["is damaged", "Download the license again"]);
    }
}

#[test]
fn a_bad_installation_id_is_a_problem_in_status() {
    let (_f, j) = status("bad-installation-id");
    assert_eq!(j["installation"]["installation_id"], Value::Null);
    assert_eq!(j["problems"][0]["code"], "installation_id_invalid");
    assert_eq!(j["problems"][0]["line"], 9);
}

#[test]
fn text_status_reads_as_a_summary() {
    let f = fixture("us");
    let run = famsync(&["status", "--bwdata", f.bwdata.to_str().unwrap()]);
    assert_eq!(run.code, 0);
    for want in [
        "Cloud communication  off",
        "US (bitwarden.com)",
        "Example Corp",
        INSTALL_ID,
    ] {
        assert!(run.stdout.contains(want), "{want:?} not in:\n{}", run.stdout);
    }
}

#[test]
fn the_sample_is_created_labelled_and_usable() {
    let home = tempfile::tempdir().unwrap();
    let run: Run = std::process::Command::new(bin())
        .args(["--sample", "status", "--json"])
        .env("HOME", home.path())
        .env("XDG_DATA_HOME", home.path().join("data"))
        .env("FAMSYNC_DATA_DIR", home.path().join("data/famsync"))
        .output()
        .unwrap()
        .into();
    assert_eq!(run.code, 0, "{}", run.stderr);
    let j = run.json();
    assert_eq!(j["installation"]["sample"], true);
    assert!(j["installation"]["bwdata"]
        .as_str()
        .unwrap()
        .starts_with(home.path().to_str().unwrap()));
    assert_eq!(j["organizations"][0]["warnings"], serde_json::json!([]));
}
