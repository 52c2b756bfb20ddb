//! Today's server logs read from fixture installations that follow Bitwarden's layout
//! (`bwdata/logs/<service>/<Project>/<yyyyMMdd>.txt`) in both of its line formats
//! (tests/fixtures/make-fixtures.py names the server source of every line).

use chrono::NaiveDate;
use famsync_core::install;
use famsync_core::serverlog::{scan, JobRun, LogScan, Problem};
use std::fs;
use std::path::{Path, PathBuf};

#[path = "support/fixture.rs"]
mod support_fixture;

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
    let dir = support_fixture::copy(name);
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

#[cfg(unix)] // Windows has no FIFOs in the file system (tests/not-on-windows.txt)
#[test]
fn a_fifo_in_place_of_a_log_is_listed_not_waited_on() {
    let (_dir, bwdata) = copy("logs-2025.11");
    let log = bwdata.join("logs/api/Api/20261129.txt");
    fs::remove_file(&log).unwrap();
    nix::unistd::mkfifo(&log, nix::sys::stat::Mode::from_bits_truncate(0o600)).unwrap();
    let s = scanned(&bwdata, 29);
    assert_eq!(s.unread.len(), 1);
    assert_eq!(s.unread[0].file, log);
    assert_eq!(
        s.unread[0].error,
        famsync_core::Error::NotARegularFile { path: log.clone() }
    );
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

// The sponsorship sync job's last run (serverlog/job.rs), from api logs written here in both
// formats. The lines are those of src/Core/Jobs/JobListener.cs, src/Core/Jobs/BaseJob.cs and
// src/Api/Jobs/SelfHostedSponsorshipSyncJob.cs; job names and strings rendered in quotes.

/// An entry as the api writes it since 2025.12 (a job has no request id) or up to 2025.11.
fn entry(new: bool, time: &str, level: &str, message: &str) -> String {
    if new {
        let short = &level[..3].to_ascii_uppercase();
        format!("2026-11-29T{time}.0000000+00:00  [{short}] {message} (1a2b3c4d)\n")
    } else {
        format!("2026-11-29 {time}.000 +00:00 [{level}] {message}\n")
    }
}

fn job_line(new: bool, time: &str, what: &str, job: &str) -> String {
    let message = format!("{what} job \"{job}\" at 11/29/2026 {time}.");
    entry(new, time, "Information", &message)
}

fn failed(new: bool, time: &str, org: &str) -> String {
    let message = format!("Sponsorship sync for organization \"{org}\" Failed");
    entry(new, time, "Error", &message)
        + "Bit.Core.Exceptions.BadRequestException: Organization sync failed\n"
}

/// The last sponsorship job run of a copy of the fixture whose api log of the 29th is `log`.
fn job_run(log: &str) -> Option<JobRun> {
    let (_dir, bwdata) = copy("logs-2026.8");
    fs::write(bwdata.join("logs/api/Api/20261129.txt"), log).unwrap();
    scanned(&bwdata, 29).sponsorship_job
}

fn run(new: bool, started: &str, finished: Option<&str>) -> JobRun {
    let time = |t: &str| {
        if new {
            format!("2026-11-29T{t}.0000000+00:00")
        } else {
            format!("2026-11-29 {t}.000 +00:00")
        }
    };
    JobRun {
        started: time(started),
        finished: finished.map(time),
        failed_organizations: 0,
        job_failed: false,
        cloud_communication_disabled: false,
    }
}

const SYNC: &str = "SelfHostedSponsorshipSyncJob";

#[test]
fn a_sponsorship_job_run_that_finished_cleanly() {
    for new in [false, true] {
        let log = job_line(new, "03:00:00", "Starting", SYNC) + &job_line(new, "03:00:02", "Finished", SYNC);
        assert_eq!(
            job_run(&log),
            Some(run(new, "03:00:00", Some("03:00:02"))),
            "new format: {new}"
        );
    }
}

#[test]
fn an_organization_that_failed_during_the_run_is_counted() {
    for new in [false, true] {
        let log = job_line(new, "03:00:00", "Starting", SYNC)
            + &failed(new, "03:00:01", "Example Corp")
            + &failed(new, "03:00:01", "Other Corp")
            + &job_line(new, "03:00:02", "Finished", SYNC);
        let want = JobRun {
            failed_organizations: 2,
            ..run(new, "03:00:00", Some("03:00:02"))
        };
        assert_eq!(job_run(&log), Some(want), "new format: {new}");
    }
}

#[test]
fn the_job_failing_as_a_whole_is_told() {
    for new in [false, true] {
        let log = job_line(new, "03:00:00", "Starting", SYNC)
            + &entry(new, "03:00:01", "Error", &format!("Error performing \"{SYNC}\"."))
            + &job_line(new, "03:00:01", "Finished", SYNC);
        let want = JobRun {
            job_failed: true,
            ..run(new, "03:00:00", Some("03:00:01"))
        };
        assert_eq!(job_run(&log), Some(want), "new format: {new}");
    }
}

#[test]
fn a_run_started_and_not_finished_is_still_running() {
    for new in [false, true] {
        let log = job_line(new, "03:00:00", "Starting", SYNC) + &failed(new, "03:00:05", "Example Corp");
        let want = JobRun {
            failed_organizations: 1,
            ..run(new, "03:00:00", None)
        };
        assert_eq!(job_run(&log), Some(want), "new format: {new}");
    }
}

#[test]
fn of_two_runs_the_last_one_counts() {
    for new in [false, true] {
        // The api restarted at 09:00 and drew another hour; neither the first run's failure
        // nor one after the last run finished (not the job's) is the last run's.
        let log = job_line(new, "03:00:00", "Starting", SYNC)
            + &failed(new, "03:00:01", "Example Corp")
            + &job_line(new, "03:00:02", "Finished", SYNC)
            + &job_line(new, "14:00:00", "Starting", SYNC)
            + &job_line(new, "14:00:03", "Finished", SYNC)
            + &failed(new, "15:00:00", "Stray Corp");
        assert_eq!(
            job_run(&log),
            Some(run(new, "14:00:00", Some("14:00:03"))),
            "new format: {new}"
        );
    }
}

#[test]
fn other_jobs_starting_and_finishing_are_not_the_sponsorship_job() {
    for new in [false, true] {
        let log = job_line(new, "03:00:00", "Starting", SYNC)
            + &job_line(new, "04:00:00", "Starting", "AliveJob")
            + &job_line(new, "04:00:00", "Finished", "AliveJob")
            + &entry(
                new,
                "04:00:01",
                "Error",
                "Error performing \"ValidateOrganizationsJob\".",
            )
            + &job_line(new, "04:00:02", "Finished", "ValidateOrganizationsJob");
        assert_eq!(
            job_run(&log),
            Some(run(new, "03:00:00", None)),
            "new format: {new}"
        );
        let others = job_line(new, "04:00:00", "Starting", "AliveJob")
            + &job_line(new, "04:00:00", "Finished", "AliveJob");
        assert_eq!(job_run(&others), None, "new format: {new}");
    }
}

#[test]
fn a_run_skipped_for_cloud_communication_off_says_so() {
    let log = job_line(true, "03:00:00", "Starting", SYNC)
        + &entry(
            true,
            "03:00:00",
            "Information",
            "Skipping Organization sync with cloud - Cloud communication is disabled in global settings",
        )
        + &job_line(true, "03:00:00", "Finished", SYNC);
    let want = JobRun {
        cloud_communication_disabled: true,
        ..run(true, "03:00:00", Some("03:00:00"))
    };
    assert_eq!(job_run(&log), Some(want));
}

#[test]
fn the_fixture_logs_show_the_run_with_its_failure() {
    let s = scanned(&fixture("logs-2026.8"), 29);
    let want = JobRun {
        started: "2026-11-29T03:00:00.0041234+00:00".into(),
        finished: Some("2026-11-29T03:00:10.0145678+00:00".into()),
        failed_organizations: 1,
        job_failed: false,
        cloud_communication_disabled: false,
    };
    assert_eq!(s.sponsorship_job, Some(want));
    let s = scanned(&fixture("logs-2025.11"), 29);
    let run = s.sponsorship_job.unwrap();
    assert_eq!(
        (
            run.started.as_str(),
            run.finished.as_deref(),
            run.failed_organizations
        ),
        (
            "2026-11-29 03:00:00.004 +00:00",
            Some("2026-11-29 03:00:00.420 +00:00"),
            1
        )
    );
    // The day before has the license check, no sponsorship job.
    assert_eq!(scanned(&fixture("logs-2026.8"), 28).sponsorship_job, None);
}
