//! What today's server logs say about billing sync and licenses. Bitwarden writes one file a
//! day per service, `bwdata/logs/<service>/<yyyyMMdd>.txt`, each entry starting with its
//! timestamp and level (`2026-11-29 03:00:01.123 +00:00 [Error] …`; continuation lines hold
//! the exception). famsync reads today's files of the services that sync and names the lines
//! that match a known problem, each with its time and the line as written.

use crate::host::Host;
use crate::remote::Listing;
use crate::{Error, Installation};
use chrono::NaiveDate;
use serde::Serialize;
use std::io::{Read, Seek, SeekFrom};
use std::path::{Path, PathBuf};

/// The services whose logs tell about syncing: the API runs the daily sync and serves the
/// Admin Console, the admin portal runs Manually Sync, identity checks the installation.
pub const SERVICES: [&str; 3] = ["api", "admin", "identity"];
/// How much of the end of each log is read: today's entries, never the whole of a huge file.
pub const TAIL_BYTES: u64 = 1024 * 1024;
/// At most this many findings are kept, the latest ones.
pub const KEPT: usize = 20;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[cfg_attr(feature = "ts", ts(rename = "LogProblem"))]
pub enum Problem {
    /// "Sponsorship sync for organization … Failed" from the daily job.
    SponsorshipSyncFailed,
    /// "Version N is not supported.": the license is newer than this server.
    LicenseVersionUnsupported,
    /// "Cannot verify license file."
    LicenseNotVerified,
    /// "The installation ID does not match the current installation."
    InstallationMismatch,
    /// The cloud could not be reached ("Problem contacting Bitwarden …").
    CloudUnreachable,
    /// The cloud refused the installation's key (invalid_client).
    KeyRejected,
    /// Another error about syncing, licenses, sponsorships or billing.
    SyncError,
}

/// One line of a server log that names a problem.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[cfg_attr(feature = "ts", ts(rename = "LogFinding"))]
pub struct Finding {
    pub service: String,
    pub file: PathBuf,
    /// The entry's timestamp as the server wrote it.
    pub time: Option<String>,
    pub problem: Problem,
    /// The entry's first line, as written, with token- and password-shaped text removed.
    pub line: String,
}

/// A log that exists but could not be read (permissions, or too big to fetch over SSH).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct UnreadLog {
    pub file: PathBuf,
    pub error: Error,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct LogScan {
    /// The day read, `yyyyMMdd` as in the file names.
    pub day: String,
    pub findings: Vec<Finding>,
    pub unread: Vec<UnreadLog>,
}

/// The problem a log entry names, if any. `level` and `message` come from its first line.
pub fn classify(level: Option<&str>, message: &str) -> Option<Problem> {
    let m = message.to_ascii_lowercase();
    let has = |s: &str| m.contains(s);
    let unsupported = m.split("version ").skip(1).any(|rest| {
        rest.trim_start_matches(|c: char| c.is_ascii_digit())
            .starts_with(" is not supported")
    });
    let problem = if has("sponsorship sync") && has("fail") {
        Problem::SponsorshipSyncFailed
    } else if unsupported {
        Problem::LicenseVersionUnsupported
    } else if has("cannot verify license") {
        Problem::LicenseNotVerified
    } else if has("installation id does not match") {
        Problem::InstallationMismatch
    } else if has("problem contacting bitwarden") || has("unable to validate installation") {
        Problem::CloudUnreachable
    } else if has("invalid_client") {
        Problem::KeyRejected
    } else if is_error(level) && ["sync", "license", "sponsor", "billing"].iter().any(|w| has(w)) {
        Problem::SyncError
    } else {
        return None;
    };
    Some(problem)
}

fn is_error(level: Option<&str>) -> bool {
    level.is_some_and(|l| matches!(l.to_ascii_lowercase().as_str(), "error" | "err" | "fatal" | "ftl"))
}

/// An entry's first line split into its timestamp, level and message; None for a line that
/// does not start an entry (an exception's continuation).
pub fn entry(line: &str) -> Option<(String, Option<String>, String)> {
    let date_ok = line.len() >= 19
        && line.as_bytes()[4] == b'-'
        && line.as_bytes()[10] == b' '
        && line[..4].bytes().all(|b| b.is_ascii_digit());
    if !date_ok {
        return None;
    }
    let (time, rest) = match line.find(" [") {
        Some(i) => (&line[..i], &line[i + 2..]),
        None => return Some((line[..19].to_string(), None, line[19..].trim().to_string())),
    };
    let (level, message) = rest.split_once("] ").unwrap_or((rest.trim_end_matches(']'), ""));
    Some((time.to_string(), Some(level.to_string()), message.to_string()))
}

/// The findings in one log's text, oldest first.
pub fn findings(service: &str, file: &Path, text: &str) -> Vec<Finding> {
    text.lines()
        .filter_map(|line| {
            let (time, level, message) = entry(line)?;
            let problem = classify(level.as_deref(), &message)?;
            Some(Finding {
                service: service.to_string(),
                file: file.to_path_buf(),
                time: Some(time),
                problem,
                // A careless log line may hold a password or a token: never shown as is.
                line: crate::redact::shapes(line.trim_end()),
            })
        })
        .collect()
}

/// Today's logs (the day given) of every syncing service, on the installation's host.
pub fn scan(inst: &Installation, day: NaiveDate) -> LogScan {
    let name = format!("{}.txt", day.format("%Y%m%d"));
    let mut scan = LogScan {
        day: day.format("%Y%m%d").to_string(),
        findings: Vec::new(),
        unread: Vec::new(),
    };
    for service in SERVICES {
        let dir = inst.bwdata.join("logs").join(service);
        match read_log(&inst.host, &dir, &name) {
            Ok(Some(text)) => scan.findings.extend(findings(service, &dir.join(&name), &text)),
            Ok(None) => {}
            Err(error) => scan.unread.push(UnreadLog {
                file: dir.join(&name),
                error,
            }),
        }
    }
    // Different services interleave: order by time, keep the latest.
    scan.findings.sort_by(|a, b| a.time.cmp(&b.time));
    let extra = scan.findings.len().saturating_sub(KEPT);
    scan.findings.drain(..extra);
    scan
}

/// The end of `dir/name` as text (lossy: a log is for reading), None when there is no log.
fn read_log(host: &Host, dir: &Path, name: &str) -> crate::Result<Option<String>> {
    let bytes = match host {
        Host::Local => read_tail(&dir.join(name))?,
        Host::Ssh(s) => match crate::remote::files(s, dir, name)? {
            Listing::Missing => None,
            Listing::Entries(mut files) => files.pop().map(|(_, bytes)| bytes).transpose()?,
        },
    };
    Ok(bytes.map(|b| String::from_utf8_lossy(&b).into_owned()))
}

fn read_tail(path: &Path) -> crate::Result<Option<Vec<u8>>> {
    let mut file = match std::fs::File::open(path) {
        Ok(f) => f,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
        Err(e) => return Err(Error::from_io(&e, path)),
    };
    let len = file.metadata().map_err(|e| Error::from_io(&e, path))?.len();
    let io = |e: std::io::Error| Error::from_io(&e, path);
    file.seek(SeekFrom::Start(len.saturating_sub(TAIL_BYTES)))
        .map_err(io)?;
    let mut bytes = Vec::new();
    file.read_to_end(&mut bytes).map_err(io)?;
    Ok(Some(bytes))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn entries_are_split_into_time_level_and_message() {
        let (time, level, msg) =
            entry("2026-11-29 03:00:01.123 +00:00 [Error] Sponsorship sync for organization Acme Failed")
                .unwrap();
        assert_eq!(time, "2026-11-29 03:00:01.123 +00:00");
        assert_eq!(level.as_deref(), Some("Error"));
        assert_eq!(msg, "Sponsorship sync for organization Acme Failed");
        let (_, level, msg) =
            entry("2026-11-29 10:00:00.000 +01:00 [ERR] Version 15 is not supported.").unwrap();
        assert_eq!(
            (level.as_deref(), msg.as_str()),
            (Some("ERR"), "Version 15 is not supported.")
        );
        assert_eq!(entry("   at Bit.Core.Services.LicensingService.Validate()"), None);
        assert_eq!(entry("System.Exception: boom"), None);
    }

    #[test]
    fn known_problems_are_named() {
        let cases = [
            (
                "Error",
                "Sponsorship sync for organization Acme Failed",
                Some(Problem::SponsorshipSyncFailed),
            ),
            (
                "Error",
                "Version 16 is not supported.",
                Some(Problem::LicenseVersionUnsupported),
            ),
            (
                "Warning",
                "Cannot verify license file.",
                Some(Problem::LicenseNotVerified),
            ),
            (
                "Error",
                "The installation ID does not match the current installation.",
                Some(Problem::InstallationMismatch),
            ),
            (
                "Error",
                "Unable to validate installation id. Problem contacting Bitwarden EU server.",
                Some(Problem::CloudUnreachable),
            ),
            (
                "Error",
                "Token request failed: invalid_client",
                Some(Problem::KeyRejected),
            ),
            (
                "Error",
                "License sync threw HttpRequestException",
                Some(Problem::SyncError),
            ),
            // Not errors, or not about syncing: left out.
            ("Information", "License sync finished", None),
            ("Error", "Failed to send email", None),
            ("Information", "Version 2026.8.0 is running", None),
        ];
        for (level, message, want) in cases {
            assert_eq!(classify(Some(level), message), want, "{message}");
        }
    }

    #[test]
    fn findings_keep_the_line_and_skip_continuations() {
        let text = "2026-11-29 03:00:00.001 +00:00 [Information] Starting sync\n\
                    2026-11-29 03:00:01.123 +00:00 [Error] Sponsorship sync for organization Acme Failed\n\
                    System.Net.Http.HttpRequestException: Connection refused (api.bitwarden.com:443)\n\
                    \x20  at Bit.Core.Jobs.SelfHostedSponsorshipSyncJob.ExecuteJobAsync()\n";
        let found = findings("api", Path::new("/x/logs/api/20261129.txt"), text);
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].time.as_deref(), Some("2026-11-29 03:00:01.123 +00:00"));
        assert_eq!(found[0].problem, Problem::SponsorshipSyncFailed);
        assert!(found[0].line.ends_with("Acme Failed"));
    }

    #[test]
    fn scan_reads_todays_logs_of_the_syncing_services_only() {
        let dir = tempfile::tempdir().unwrap();
        let bwdata = dir.path().join("bwdata");
        std::fs::create_dir_all(bwdata.join("env")).unwrap();
        std::fs::write(
            bwdata.join("env/global.override.env"),
            "globalSettings__installation__id=x\n",
        )
        .unwrap();
        let log = |service: &str, day: &str, text: &str| {
            let d = bwdata.join("logs").join(service);
            std::fs::create_dir_all(&d).unwrap();
            std::fs::write(d.join(format!("{day}.txt")), text).unwrap();
        };
        log(
            "api",
            "20261129",
            "2026-11-29 03:00:02.000 +00:00 [Error] Sponsorship sync for organization A Failed\n",
        );
        log(
            "admin",
            "20261129",
            "2026-11-29 01:00:00.000 +00:00 [Error] Version 16 is not supported.\n",
        );
        log(
            "api",
            "20261128",
            "2026-11-28 03:00:02.000 +00:00 [Error] Sponsorship sync for organization A Failed\n",
        );
        log(
            "notifications",
            "20261129",
            "2026-11-29 02:00:00.000 +00:00 [Error] License sync broke\n",
        );
        let inst = crate::install::open(&bwdata).unwrap();
        let scan = scan(&inst, NaiveDate::from_ymd_opt(2026, 11, 29).unwrap());
        assert_eq!(scan.day, "20261129");
        let got: Vec<_> = scan
            .findings
            .iter()
            .map(|f| (f.service.as_str(), f.problem))
            .collect();
        // Ordered by time across services; yesterday's file and other services are not read.
        assert_eq!(
            got,
            [
                ("admin", Problem::LicenseVersionUnsupported),
                ("api", Problem::SponsorshipSyncFailed)
            ]
        );
        assert!(scan.unread.is_empty());
    }

    #[test]
    fn only_the_end_of_a_huge_log_is_read_and_the_latest_findings_kept() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("20261129.txt");
        let line = "2026-11-29 03:00:02.000 +00:00 [Error] Sponsorship sync for organization A Failed\n";
        std::fs::write(&file, line.repeat((2 * TAIL_BYTES as usize) / line.len())).unwrap();
        let tail = read_tail(&file).unwrap().unwrap();
        assert_eq!(tail.len() as u64, TAIL_BYTES);
        assert_eq!(read_tail(&dir.path().join("none.txt")).unwrap(), None);
    }
}
