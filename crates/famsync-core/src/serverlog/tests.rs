use super::parse::{entries, head, Level};
use super::*;

// Up to 2025.11: Serilog.Sinks.RollingFile 3.3.0's default template.
const OLD: &str = "2026-11-29 03:00:01.123 +00:00 [Error] Sponsorship sync for organization \"Acme\" Failed";
// Since 2025.12: Serilog.Extensions.Logging.File 3.0.0's; a job has no request id.
const NEW: &str =
    "2026-11-29T03:00:01.1234567+00:00  [ERR] Sponsorship sync for organization \"Acme\" Failed (5b1a2c3d)";
const NEW_REQ: &str =
    "2026-11-29T09:12:00.0000000+01:00 0HN8QRU1VMJ7G:00000001 [WRN] Invalid token. (0a1b2c3d)";

#[test]
fn both_formats_are_split_into_time_level_and_message() {
    let e = head(OLD).unwrap();
    assert_eq!(
        (e.time, e.level),
        ("2026-11-29 03:00:01.123 +00:00", Level::Error)
    );
    assert_eq!(e.message, "Sponsorship sync for organization \"Acme\" Failed");
    let e = head(NEW).unwrap();
    assert_eq!(
        (e.time, e.level),
        ("2026-11-29T03:00:01.1234567+00:00", Level::Error)
    );
    assert_eq!(e.message, "Sponsorship sync for organization \"Acme\" Failed");
    assert_eq!(e.line, NEW);
    let e = head(NEW_REQ).unwrap();
    assert_eq!((e.level, e.message), (Level::Warning, "Invalid token."));
    assert_eq!(
        head("   at Bit.Api.Jobs.SelfHostedSponsorshipSyncJob.ExecuteJobAsync()"),
        None
    );
    assert_eq!(
        head("Bit.Core.Exceptions.BadRequestException: Organization sync failed"),
        None
    );
    // The tail may start in the middle of a line.
    assert_eq!(head("29 03:00:01.123 +00:00 [Error] x"), None);
}

#[test]
fn the_exception_after_an_entry_is_its_detail() {
    let text = format!(
        "{NEW}\nBit.Core.Exceptions.BadRequestException: Organization sync failed\n   at Bit.Core.X()\n{NEW_REQ}\n"
    );
    let all = entries(&text);
    assert_eq!(all.len(), 2);
    assert_eq!(
        all[0].detail,
        Some("Bit.Core.Exceptions.BadRequestException: Organization sync failed")
    );
    assert_eq!(all[1].detail, None);
    let found = findings("api", Path::new("/x"), &text);
    assert_eq!(found.len(), 1);
    assert_eq!(found[0].problem, Problem::SponsorshipSyncFailed);
}

#[test]
fn only_lines_the_server_writes_are_named() {
    let e = Level::Error;
    let cases = [
        (e, "Unsuccessful token response from https://identity.bitwarden.com/ for client \"installation.x\" with status BadRequest-\"Bad Request\"", Some(Problem::KeyRejected)),
        (e, "Unsuccessful token response from https://identity.bitwarden.com/ for client \"installation.x\" with status BadGateway-\"Bad Gateway\"", Some(Problem::SyncError)),
        (e, "Unable to authenticate with identity server.", Some(Problem::CloudUnreachable)),
        (Level::Information, "Skipping Organization sync with cloud - Cloud communication is disabled in global settings", None),
        (Level::Information, "Organization 5e6f (\"Acme\") has an invalid license and is being disabled. Reason: \"Invalid data.\"", Some(Problem::LicenseNotVerified)),
        (e, "Error performing \"SelfHostedSponsorshipSyncJob\".", Some(Problem::SyncError)),
        // Exception texts answered as a 400 and Setup's console: never in these files.
        (e, "Version 16 is not supported.", None),
        (e, "Unable to validate installation id. Problem contacting Bitwarden EU server.", None),
        (Level::Information, "Starting job \"SelfHostedSponsorshipSyncJob\" at 11/29/2026 03:00:00.", None),
        (Level::Information, "No existing sponsorships to sync for organization 5e6f", None),
    ];
    for (level, message, want) in cases {
        assert_eq!(classify(level, message), want, "{message}");
    }
}

#[test]
fn only_the_end_of_a_huge_log_is_read() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("20261129.txt");
    let line = format!("{OLD}\n");
    std::fs::write(&file, line.repeat((2 * TAIL_BYTES as usize) / line.len())).unwrap();
    let tail = read_tail(&file).unwrap().unwrap();
    assert_eq!(tail.len() as u64, TAIL_BYTES);
    assert_eq!(read_tail(&dir.path().join("none.txt")).unwrap(), None);
}

#[cfg(unix)] // no FIFOs or /dev/zero on Windows (tests/not-on-windows.txt)
#[test]
fn a_fifo_or_a_device_in_place_of_the_log_is_refused_without_blocking() {
    let dir = tempfile::tempdir().unwrap();
    let fifo = dir.path().join("20261129.txt");
    nix::unistd::mkfifo(&fifo, nix::sys::stat::Mode::from_bits_truncate(0o600)).unwrap();
    let zero = dir.path().join("20261130.txt");
    std::os::unix::fs::symlink("/dev/zero", &zero).unwrap();
    for path in [fifo, zero] {
        let got = read_tail(&path);
        assert_eq!(
            got,
            Err(Error::NotARegularFile { path: path.clone() }),
            "{path:?}"
        );
    }
}
