//! `famsync report`: the diagnostics document for a support ticket. It is JSON, written 0600
//! when written to a file, changes nothing in the installation, leaves out the fixture's
//! secrets, and names today's server log findings (also shown by `famsync status`).

mod common;
use common::*;
use std::fs;
#[cfg(unix)]
use std::os::unix::fs::PermissionsExt;

/// The server's log of today (its day is UTC: famsync_core::serverlog::server_today), the
/// fixture's api log in the format since 2025.12 (tests/fixtures/make-fixtures.py).
fn with_todays_log(f: &Fixture) {
    with_todays("logs-2026.8", "20261129", f);
}

/// Fixture `from`'s api log of `day`, as the server's log of today in `f`.
fn with_todays(from: &str, day: &str, f: &Fixture) {
    let today = chrono::Utc::now().format("%Y%m%d");
    let dir = f.bwdata.join("logs/api/Api");
    fs::create_dir_all(&dir).unwrap();
    let log = fixtures_dir()
        .join(from)
        .join(format!("bwdata/logs/api/Api/{day}.txt"));
    fs::copy(log, dir.join(format!("{today}.txt"))).unwrap();
}

#[cfg(unix)] // Unix files, modes or accounts (tests/not-on-windows.txt)
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
    assert_eq!(v["server_log"]["findings"][0]["problem"], "cloud_unreachable");
    assert_eq!(
        v["server_log"]["findings"][0]["detail"],
        "System.Net.Http.HttpRequestException: Name or service not known (identity.bitwarden.com:443)"
    );
}

#[test]
fn status_names_todays_log_findings_with_the_fix() {
    let f = fixture("us");
    with_todays_log(&f);
    let run = famsync(&["status", "--bwdata", f.bwdata.to_str().unwrap()]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        run.stdout.contains("the daily sponsorship sync failed"),
        "{}",
        run.stdout
    );
    assert!(run
        .stdout
        .contains("[ERR] Sponsorship sync for organization \"Example Corp\" Failed (61b2f8d4)"));
    // The exception logged with it, and the fix.
    assert!(run
        .stdout
        .contains("Bit.Core.Exceptions.BadRequestException: Organization sync failed"));
    assert!(run
        .stdout
        .contains("the server could not reach the Bitwarden cloud"));
    // The job's last run, its start and end, with the organization that failed in it.
    assert!(
        run.stdout.contains(
            "  Sponsorship sync job: last run 2026-11-29T03:00:00.0041234+00:00, finished 2026-11-29T03:00:10.0145678+00:00, 1 organization failed: see the log\n"
        ),
        "{}",
        run.stdout
    );
    let run = famsync(&["status", "--json", "--bwdata", f.bwdata.to_str().unwrap()]);
    let v: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
    let job = &v["server_log"]["sponsorship_job"];
    assert_eq!(job["started"], "2026-11-29T03:00:00.0041234+00:00");
    assert_eq!(job["finished"], "2026-11-29T03:00:10.0145678+00:00");
    assert_eq!(job["failed_organizations"], 1);
    assert_eq!(job["job_failed"], false);
}

#[test]
fn status_says_a_sponsorship_job_started_and_not_finished() {
    let f = fixture("us");
    let now = chrono::Utc::now();
    let today = now.format("%Y-%m-%d");
    let dir = f.bwdata.join("logs/api/Api");
    fs::create_dir_all(&dir).unwrap();
    // JobListener.cs's line up to 2025.11, then another job's start and end.
    let log = format!(
        "{today} 03:00:00.004 +00:00 [Information] Starting job \"SelfHostedSponsorshipSyncJob\" at x.\n\
         {today} 04:00:00.001 +00:00 [Information] Starting job \"AliveJob\" at x.\n\
         {today} 04:00:00.002 +00:00 [Information] Finished job \"AliveJob\" at x.\n"
    );
    fs::write(dir.join(format!("{}.txt", now.format("%Y%m%d"))), log).unwrap();
    let run = famsync(&["status", "--bwdata", f.bwdata.to_str().unwrap()]);
    assert!(
        run.stdout.contains(&format!(
            "  Sponsorship sync job: started {today} 03:00:00.004 +00:00, not finished yet\n"
        )),
        "{}",
        run.stdout
    );
}

#[test]
fn status_reads_the_format_up_to_2025_11_and_a_disabled_license() {
    let f = fixture("us");
    with_todays("logs-2025.11", "20261129", &f);
    let run = famsync(&["status", "--bwdata", f.bwdata.to_str().unwrap()]);
    assert!(
        run.stdout
            .contains("the cloud refused the installation id and key"),
        "{}",
        run.stdout
    );
    assert!(run
        .stdout
        .contains("[Error] Sponsorship sync for organization \"Example Corp\" Failed"));
    assert!(
        run.stdout.contains(
            "  Sponsorship sync job: last run 2026-11-29 03:00:00.004 +00:00, finished 2026-11-29 03:00:00.420 +00:00, 1 organization failed: see the log\n"
        ),
        "{}",
        run.stdout
    );
    let f = fixture("us");
    with_todays("logs-2026.8", "20261128", &f);
    let run = famsync(&["status", "--bwdata", f.bwdata.to_str().unwrap()]);
    assert!(
        run.stdout
            .contains("the server found a license invalid and disabled the organization"),
        "{}",
        run.stdout
    );
    assert!(run.stdout.contains("Reason: \"Invalid data.\""), "{}", run.stdout);
    // That day's log has the license check and no sponsorship job.
    assert!(
        run.stdout
            .contains("  Sponsorship sync job: no run in today's api log\n"),
        "{}",
        run.stdout
    );
}

/// `report -o` through another path to the installation's folders: a bind mount of the
/// installation, and bitwarden.sh's own folder. An env folder that is a link elsewhere is no
/// installation famsync opens at all: refused before any report is written.
#[cfg(unix)] // Unix files, modes or accounts (tests/not-on-windows.txt)
#[test]
fn no_second_path_leads_a_report_into_the_installation() {
    let f = fixture("us");
    let view = tempfile::tempdir().unwrap();
    let through_mount = view.path().join("bwdata/env/global.override.env");
    let script = r#"mount --bind "$1" "$2" && shift 2 && exec "$@""#;
    let targets = [
        (f.dir.path().join("bitwarden.sh"), None),
        (through_mount, Some(view.path().to_path_buf())),
    ];
    let before = tree(f.dir.path());
    let report = |target: &std::path::Path, mount: Option<&std::path::Path>| -> Run {
        let mut cmd = match mount {
            Some(at) => {
                let mut c = std::process::Command::new("unshare");
                c.args(["-rm", "sh", "-c", script, "sh"])
                    .arg(f.dir.path())
                    .arg(at)
                    .arg(bin());
                c
            }
            None => std::process::Command::new(bin()),
        };
        cmd.args(["report", "--no-checks", "--force", "--json", "-o"])
            .arg(target);
        cmd.arg("--bwdata").arg(&f.bwdata).env("HOME", f.dir.path());
        cmd.output().unwrap().into()
    };
    for (target, mount) in &targets {
        let r = report(target, mount.as_deref());
        assert_eq!(r.code, 6, "{}: {}{}", target.display(), r.stdout, r.stderr);
        assert_eq!(r.json()["error"]["code"], "output_inside_installation");
    }
    assert_eq!(tree(f.dir.path()), before);
    let real_env = f.dir.path().join("env-real");
    std::fs::rename(f.bwdata.join("env"), &real_env).unwrap();
    std::os::unix::fs::symlink(&real_env, f.bwdata.join("env")).unwrap();
    let linked = tree(f.dir.path());
    let r = report(&real_env.join("global.override.env"), None);
    assert_eq!(r.code, 5, "{}{}", r.stdout, r.stderr);
    assert_eq!(r.json()["error"]["code"], "env_folder_link");
    assert_eq!(tree(f.dir.path()), linked);
}

#[test]
fn dash_as_the_output_is_standard_output() {
    let f = fixture("us");
    let r = famsync_in(
        &[
            "report",
            "--no-checks",
            "-o",
            "-",
            "--bwdata",
            f.bwdata.to_str().unwrap(),
        ],
        Some(f.dir.path()),
    );
    assert_eq!(r.code, 0, "{}", r.stderr);
    let v: serde_json::Value = serde_json::from_str(&r.stdout).unwrap();
    assert!(v.get("status").is_some());
    assert!(!f.dir.path().join("-").exists());
}
