//! Today's server logs read from fixture installations that follow Bitwarden's layout
//! (`bwdata/logs/<service>/<Project>/<yyyyMMdd>.txt`) in both of its line formats
//! (tests/fixtures/make-fixtures.py names the server source of every line).

use chrono::NaiveDate;
use famsync_core::serverlog::{scan, LogScan, Problem};
use famsync_core::{install, Error};
use std::fs;
use std::path::{Path, PathBuf};

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../tests/fixtures")
        .join(name)
        .join("bwdata")
}

fn day(d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, d).unwrap()
}

fn scanned(bwdata: &Path, d: u32) -> LogScan {
    scan(&install::open(bwdata).unwrap(), day(d))
}

fn problems(s: &LogScan) -> Vec<(&str, Problem)> {
    s.findings
        .iter()
        .map(|f| (f.service.as_str(), f.problem))
        .collect()
}

/// A private copy of a fixture's bwdata, to change.
fn copy(name: &str) -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let ok = std::process::Command::new("cp")
        .arg("-r")
        .arg(fixture(name))
        .arg(dir.path())
        .status();
    assert!(ok.unwrap().success());
    let bwdata = dir.path().join("bwdata");
    (dir, bwdata)
}

#[test]
fn the_rolling_file_format_up_to_2025_11_is_read() {
    let s = scanned(&fixture("logs-2025.11"), 29);
    assert_eq!(s.day, "20261129");
    assert_eq!(
        problems(&s),
        [
            ("api", Problem::KeyRejected),
            ("api", Problem::SyncError),
            ("api", Problem::SponsorshipSyncFailed)
        ]
    );
    let failed = &s.findings[2];
    assert_eq!(failed.time.as_deref(), Some("2026-11-29 03:00:00.414 +00:00"));
    assert!(
        failed.file.ends_with("logs/api/Api/20261129.txt"),
        "{:?}",
        failed.file
    );
    assert_eq!(
        failed.line,
        "2026-11-29 03:00:00.414 +00:00 [Error] Sponsorship sync for organization \"Example Corp\" Failed"
    );
    // The exception logged with it, on the next line.
    assert_eq!(
        failed.detail.as_deref(),
        Some("Bit.Core.Exceptions.BadRequestException: Organization sync failed")
    );
    assert!(s.unread.is_empty());
}

#[test]
fn the_file_format_since_2025_12_is_read() {
    let s = scanned(&fixture("logs-2026.8"), 29);
    assert_eq!(
        problems(&s),
        [
            ("api", Problem::CloudUnreachable),
            ("api", Problem::CloudUnreachable),
            ("api", Problem::SponsorshipSyncFailed)
        ]
    );
    let first = &s.findings[0];
    assert_eq!(first.time.as_deref(), Some("2026-11-29T03:00:10.0112345+00:00"));
    assert_eq!(
        first.detail.as_deref(),
        Some("System.Net.Http.HttpRequestException: Name or service not known (identity.bitwarden.com:443)")
    );
    assert_eq!(s.findings[1].detail, None);
    // The day before, the license check disabled the organization.
    assert_eq!(
        problems(&scanned(&fixture("logs-2026.8"), 28)),
        [("api", Problem::LicenseNotVerified)]
    );
}

#[test]
fn a_log_where_no_version_wrote_one_is_not_read() {
    // The flat `logs/api/<yyyyMMdd>.txt` of an earlier famsync: no Bitwarden version wrote it.
    let (_dir, bwdata) = copy("logs-2026.8");
    let api = bwdata.join("logs/api");
    fs::rename(api.join("Api/20261129.txt"), api.join("20261129.txt")).unwrap();
    let s = scanned(&bwdata, 29);
    assert_eq!(problems(&s), []);
    assert!(s.unread.is_empty());
}

#[test]
fn a_fifo_in_place_of_a_log_is_listed_not_waited_on() {
    let (_dir, bwdata) = copy("logs-2025.11");
    let log = bwdata.join("logs/api/Api/20261129.txt");
    fs::remove_file(&log).unwrap();
    nix::unistd::mkfifo(&log, nix::sys::stat::Mode::from_bits_truncate(0o600)).unwrap();
    let s = scanned(&bwdata, 29);
    assert_eq!(s.unread.len(), 1);
    assert_eq!(s.unread[0].file, log);
    assert_eq!(s.unread[0].error, Error::NotARegularFile { path: log.clone() });
}

#[test]
fn every_problem_has_words_and_a_fix_in_every_catalog() {
    let all = [
        Problem::SponsorshipSyncFailed,
        Problem::LicenseNotVerified,
        Problem::CloudUnreachable,
        Problem::KeyRejected,
        Problem::SyncError,
    ];
    // No wildcard: a new problem does not compile until it is listed above.
    for p in all {
        match p {
            Problem::SponsorshipSyncFailed
            | Problem::LicenseNotVerified
            | Problem::CloudUnreachable
            | Problem::KeyRejected
            | Problem::SyncError => {}
        }
    }
    let locales = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../ui/src/locales");
    for lang in ["en", "ja", "zh-CN", "nl", "fr", "sv"] {
        let text = fs::read_to_string(locales.join(format!("{lang}.json"))).unwrap();
        let catalog: serde_json::Value = serde_json::from_str(&text).unwrap();
        for p in all {
            let code = serde_json::to_value(p).unwrap();
            for key in [
                format!("log.problem.{}", code.as_str().unwrap()),
                format!("log.fix.{}", code.as_str().unwrap()),
            ] {
                assert!(catalog[&key].is_string(), "{lang}.json has no {key}");
            }
        }
    }
}
