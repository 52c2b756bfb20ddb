//! The files read as the server reads them: global.override.env as docker compose's env_file
//! does (compose_reading.rs in the core compares that with Compose itself), config.yml as YAML.

mod common;
use common::*;
use std::fs;

const ENABLE: &str = "globalSettings__enableCloudCommunication";

fn with_line(line: &str) -> Fixture {
    let f = fixture("us");
    let mut text = f.env_text();
    text.push_str(line);
    fs::write(f.env_file(), text).unwrap();
    f
}

fn assignments(f: &Fixture, key: &str) -> usize {
    let text = f.env_text();
    famsync_core::envfile::EnvDoc::parse(&text).count(key)
}

#[test]
fn export_lines_and_spaces_around_the_sign_count_as_the_server_counts_them() {
    for line in [
        format!("export {ENABLE}=true\n"),
        format!("{ENABLE} = true\n"),
        format!("{ENABLE}=\"true\" # on for sponsorships\n"),
    ] {
        let f = with_line(&line);
        let status = run(&f, &["status", "--json"]).json();
        assert_eq!(status["cloud_communication"]["enabled"], true, "{line}");
        let r = run(&f, &["disable", "--yes"]);
        assert_eq!(r.code, 0, "{line}: {}", r.stderr);
        assert_eq!(
            assignments(&f, ENABLE),
            1,
            "{line}: one assignment after the write"
        );
        let status = run(&f, &["status", "--json"]).json();
        assert_eq!(status["cloud_communication"]["enabled"], false, "{line}");
    }
}

#[test]
fn a_file_compose_refuses_is_a_problem_and_is_not_written() {
    let f = with_line("globalSettings__note=\"never closed\n");
    let status = run(&f, &["status", "--json"]);
    assert_eq!(status.code, 0, "{}", status.stderr);
    let problems = status.json()["problems"].clone();
    assert_eq!(problems[0]["code"], "env_file_refused_by_compose", "{problems}");
    let before = f.env_bytes();
    let r = run(&f, &["enable", "--region", "eu", "--yes"]);
    assert_eq!(r.code, 5);
    says(
        &r.stderr,
        &[
            "docker compose cannot read",
            "a quote that is never closed",
            "Correct line",
        ],
    );
    assert_eq!(f.env_bytes(), before);
}

#[test]
fn a_setting_that_takes_its_value_from_compose_s_environment_is_named() {
    let f = with_line(&format!("{ENABLE}=${{FAMSYNC_SOMETHING:-true}}\n"));
    let status = run(&f, &["status", "--json"]).json();
    let problems = status["problems"].as_array().unwrap();
    let named = problems
        .iter()
        .any(|p| p["code"] == "env_value_from_environment" && p["key"] == ENABLE);
    assert!(named, "{problems:?}");
}

#[test]
fn config_yml_is_read_as_yaml() {
    let f = fixture("us");
    let config = f.bwdata.join("config.yml");
    fs::write(
        &config,
        "# Full URL for accessing the installation from a browser. (Required)\nurl: 'https://vault.example.test' # public name\n",
    )
    .unwrap();
    let status = run(&f, &["status", "--json"]).json();
    assert_eq!(status["installation"]["url"], "https://vault.example.test");
}

#[cfg(unix)] // Unix files, modes or accounts (tests/not-on-windows.txt)
#[test]
fn a_folder_name_that_is_not_utf8_keeps_every_key_of_the_json() {
    use std::os::unix::ffi::OsStrExt;
    let f = fixture("us");
    let odd = f.dir.path().join(std::ffi::OsStr::from_bytes(b"caf\xe9"));
    fs::rename(&f.bwdata, &odd).unwrap();
    // A path that is not UTF-8 cannot go through famsync()'s &str arguments.
    let r: Run = std::process::Command::new(bin())
        .args(["status", "--json", "--bwdata"])
        .arg(&odd)
        .env("HOME", f.dir.path())
        .env_remove("FAMSYNC_BWDATA")
        .output()
        .unwrap()
        .into();
    assert_eq!(r.code, 0, "{}", r.stderr);
    let v = r.json();
    for key in [
        "installation",
        "cloud_communication",
        "organizations",
        "env_file",
        "problems",
        "progress",
    ] {
        assert!(v.get(key).is_some(), "{key} missing: {v}");
    }
    assert!(v["installation"]["bwdata"]
        .as_str()
        .unwrap()
        .ends_with("caf\u{fffd}"));
}

#[test]
fn control_characters_in_the_files_are_shown_not_obeyed() {
    let f = with_line("globalSettings__baseServiceUri__cloudRegion=US\u{1b}]0;pwned\u{7}\u{1b}[2K\r  fine\n");
    let r = run(&f, &["status"]);
    assert!(!r.stdout.contains('\u{1b}'), "{:?}", r.stdout);
    assert!(r.stdout.contains("\\x1b"), "{}", r.stdout);
    let r = run(&f, &["enable", "--region", "eu", "--dry-run"]);
    assert!(
        !r.stdout.contains('\u{1b}') && !r.stdout.contains('\r'),
        "{:?}",
        r.stdout
    );
}
