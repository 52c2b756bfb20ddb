//! Kubernetes with Bitwarden's Helm chart: the owner's values file (tests/fixtures/helm, laid
//! out as bitwarden/helm-charts charts/self-host/values.yaml) named with --bwdata is the
//! installation. Its two cloud values are read as the chart's config map gives them to the
//! server, written with every other byte kept, backed up and restored as any settings file.

mod common;
use common::*;
use std::fs;
use std::path::{Path, PathBuf};

struct Values {
    _dir: tempfile::TempDir,
    file: PathBuf,
}

fn values() -> Values {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("my-values.yaml");
    fs::copy(fixtures_dir().join("helm/my-values.yaml"), &file).unwrap();
    Values { _dir: dir, file }
}

fn at(file: &Path, args: &[&str]) -> Run {
    famsync(&[args, &["--bwdata", file.to_str().unwrap()]].concat())
}

#[test]
fn a_values_file_is_described_as_the_helm_kind() {
    let v = values();
    let r = at(&v.file, &["status", "--json"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let s = r.json();
    let i = &s["installation"];
    assert_eq!(i["kind"], "helm", "{i}");
    assert_eq!(
        PathBuf::from(i["env_file"].as_str().unwrap()),
        dunce::canonicalize(&v.file).unwrap()
    );
    assert_eq!(
        i["url"], "https://vault.example.test",
        "https:// and general.domain"
    );
    assert_eq!(i["installation_id"], serde_json::Value::Null);
    let problems = s["problems"].to_string();
    assert!(problems.contains("installation_id_in_secret"), "{problems}");
    assert_eq!(s["organizations"][0]["error"]["code"], "licenses_in_cluster");
    assert_eq!(s["cloud_communication"]["enabled"], false);
    assert_eq!(s["cloud_communication"]["region"], "us", "the chart's default");
    let text = at(&v.file, &["status"]).stdout;
    says(
        &text,
        &["Helm chart (values file)", "logs are inside its containers"],
    );
    assert!(!text.contains("bitwarden.sh"), "{text}");
}

#[test]
fn enabling_changes_only_the_two_values_and_restoring_brings_back_every_byte() {
    let v = values();
    let before = fs::read_to_string(&v.file).unwrap();
    let r = at(&v.file, &["enable", "--region", "eu", "--yes"]);
    assert_eq!(r.code, 0, "{}{}", r.stdout, r.stderr);
    let after = fs::read_to_string(&v.file).unwrap();
    let changed: Vec<(&str, &str)> = before
        .lines()
        .zip(after.lines())
        .filter(|(a, b)| a != b)
        .collect();
    assert_eq!(
        changed,
        [
            (
                "  enableCloudCommunication: false",
                "  enableCloudCommunication: true"
            ),
            ("  cloudRegion: US", "  cloudRegion: EU"),
        ]
    );
    assert_eq!(before.lines().count(), after.lines().count());
    let s = at(&v.file, &["status", "--json"]).json();
    assert_eq!(s["cloud_communication"]["region"], "eu");
    assert_eq!(
        s["cloud_communication"]["consistent"], true,
        "the chart adds the EU URIs"
    );
    // The undo it prints names the values file itself.
    let file = dunce::canonicalize(&v.file).unwrap();
    let named = format!(
        "--bwdata {}",
        famsync_core::remote::quote(&file.to_string_lossy())
    );
    says(&r.stdout, &[&named]);
    let saved = r
        .stdout
        .lines()
        .find_map(|l| l.strip_prefix("Written. The previous file is saved as "));
    let back = at(
        &v.file,
        &["backups", "restore", saved.expect("a backup"), "--yes"],
    );
    assert_eq!(back.code, 0, "{}{}", back.stdout, back.stderr);
    assert_eq!(fs::read_to_string(&v.file).unwrap(), before);
}

#[test]
fn disabling_keeps_the_region_the_file_names() {
    let v = values();
    assert_eq!(at(&v.file, &["enable", "--region", "eu", "--yes"]).code, 0);
    assert_eq!(at(&v.file, &["disable", "--yes"]).code, 0);
    let text = fs::read_to_string(&v.file).unwrap();
    assert!(text.contains("\n  enableCloudCommunication: false\n"), "{text}");
    assert!(text.contains("\n  cloudRegion: EU\n"), "{text}");
}

#[test]
fn a_value_famsync_cannot_change_alone_is_refused_and_the_file_kept() {
    let v = values();
    let text = fs::read_to_string(&v.file)
        .unwrap()
        .replace("cloudRegion: US", "cloudRegion: &region US");
    fs::write(&v.file, &text).unwrap();
    let r = at(&v.file, &["enable", "--region", "eu", "--yes", "--json"]);
    assert_eq!(r.code, 5, "{}{}", r.stdout, r.stderr);
    assert_eq!(r.json()["error"]["code"], "helm_values_refused");
    assert_eq!(r.json()["error"]["reason"], "value_not_plain");
    assert_eq!(fs::read_to_string(&v.file).unwrap(), text);
    let words = at(&v.file, &["enable", "--region", "eu", "--yes"]);
    says(&words.stderr, &["anchored", "general.cloudRegion"]);
}

#[test]
fn a_yaml_file_that_is_no_values_file_is_not_an_installation() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("compose.yaml");
    fs::write(&file, "services:\n  web:\n    image: nginx\n").unwrap();
    let r = at(&file, &["status", "--json"]);
    assert_eq!(r.json()["error"]["code"], "not_a_bwdata", "{}", r.stdout);
}
