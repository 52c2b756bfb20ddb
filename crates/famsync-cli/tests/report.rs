//! `famsync report`: the diagnostics document for a support ticket. It is JSON, written 0600
//! when written to a file, changes nothing in the installation, leaves out the fixture's
//! secrets, and names today's server log findings (also shown by `famsync status`).

mod common;
use common::*;
use std::fs;
use std::os::unix::fs::PermissionsExt;

fn with_todays_log(f: &Fixture) {
    let day = chrono::Local::now().format("%Y%m%d");
    let dir = f.bwdata.join("logs/admin");
    fs::create_dir_all(&dir).unwrap();
    fs::write(
        dir.join(format!("{day}.txt")),
        "2026-11-29 09:15:00.000 +00:00 [Error] Version 16 is not supported.\n",
    )
    .unwrap();
}

#[test]
fn a_report_file_is_private_json_without_the_fixtures_secrets() {
    let f = fixture("us");
    with_todays_log(&f);
    let before = tree(f.dir.path());
    let out = f.dir.path().join("../famsync-report-test.json");
    let _ = fs::remove_file(&out);
    let bw = f.bwdata.to_str().unwrap();
    let run = famsync(&[
        "report",
        "--no-checks",
        "--bwdata",
        bw,
        "-o",
        out.to_str().unwrap(),
    ]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(run.stderr.contains("Report written to"), "{}", run.stderr);
    assert_eq!(tree(f.dir.path()), before, "the installation changed");
    assert_eq!(fs::metadata(&out).unwrap().permissions().mode() & 0o777, 0o600);
    let text = fs::read_to_string(&out).unwrap();
    fs::remove_file(&out).unwrap();
    // Every secret value in the fixture starts with FIXTURE (tests/fixtures/make-fixtures.py).
    assert!(!text.contains("FIXTURE"), "a fixture secret is in the report");
    // Nothing else is taken out: the fixture's SMTP user is "bitwarden", which is in paths too.
    assert!(
        !text.contains(famsync_core::report::REDACTED),
        "the report lost text that is not secret"
    );
    let v: serde_json::Value = serde_json::from_str(&text).unwrap();
    assert_eq!(v["front_end"], "cli");
    assert_eq!(v["checks"], serde_json::Value::Null);
    assert_eq!(
        v["server_log"]["findings"][0]["problem"],
        "license_version_unsupported"
    );
}

#[test]
fn status_names_todays_log_findings_with_the_fix() {
    let f = fixture("us");
    with_todays_log(&f);
    let run = famsync(&["status", "--bwdata", f.bwdata.to_str().unwrap()]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        run.stdout
            .contains("the license is newer than this server supports"),
        "{}",
        run.stdout
    );
    assert!(run.stdout.contains("[Error] Version 16 is not supported."));
    assert!(run.stdout.contains("./bitwarden.sh update"));
}
