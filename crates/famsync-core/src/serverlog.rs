//! What today's server logs say about billing sync and licenses. Every Bitwarden service
//! logs to `<LogDirectory>/<ProjectName>/<yyyyMMdd>.txt` (`LogDirectoryByProject` is true
//! unless set; bitwarden/server src/Core/Utilities/LoggerFactoryExtensions.cs up to 2026.7,
//! src/Libraries/SerilogFileLogging/LoggerFactoryExtensions.cs since 2026.8), `LogDirectory` is
//! `/etc/bitwarden/logs`, and util/Setup/Templates/DockerCompose.hbs mounts it from
//! `bwdata/logs/<service>`: today's api log is `bwdata/logs/api/Api/<yyyyMMdd>.txt`. No
//! version (v1.30.0 to v2026.8.0 checked) wrote `bwdata/logs/<service>/<yyyyMMdd>.txt`, so that
//! is not read. famsync reads today's files of the services that sync and names the entries
//! that match a known problem, each with its time, the line as written and the exception's
//! first line.

mod classify;
pub mod job;
pub mod parse;

use crate::host::Host;
use crate::{Error, Installation};
use chrono::NaiveDate;
pub use classify::classify;
pub use job::JobRun;
use serde::Serialize;
use std::path::{Path, PathBuf};

/// The services whose logs tell about syncing, with the `projectName` of each one's
/// appsettings.json (the folder its files are in): the API runs the daily sync, the license
/// check and serves the Admin Console, the admin portal runs Manually Sync, identity signs in.
pub const SERVICES: [(&str, &str); 3] = [("api", "Api"), ("admin", "Admin"), ("identity", "Identity")];
/// How much of the end of each log is read: today's entries, never the whole of a huge file.
pub const TAIL_BYTES: u64 = 1024 * 1024;
/// At most this many findings are kept, the latest ones.
pub const KEPT: usize = 20;
/// The exception line kept with a finding is cut to this many characters.
const DETAIL_CHARS: usize = 300;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[cfg_attr(feature = "ts", ts(rename = "LogProblem"))]
pub enum Problem {
    /// "Sponsorship sync for organization … Failed" from the daily job.
    SponsorshipSyncFailed,
    /// The daily license check found an organization's license invalid and disabled it.
    LicenseNotVerified,
    /// The server could not reach the cloud's identity or api host.
    CloudUnreachable,
    /// The cloud's identity refused the installation id and key (400).
    KeyRejected,
    /// Another error about syncing, licenses, sponsorships or billing.
    SyncError,
}

/// One entry of a server log that names a problem.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[cfg_attr(feature = "ts", ts(rename = "LogFinding"))]
pub struct Finding {
    pub service: String,
    #[serde(serialize_with = "crate::lossy::path")]
    pub file: PathBuf,
    /// The entry's timestamp as the server wrote it.
    pub time: Option<String>,
    pub problem: Problem,
    /// The entry's first line, as written, with token- and password-shaped text removed.
    pub line: String,
    /// The line after it when it is not an entry: the logged exception's type and message.
    pub detail: Option<String>,
}

/// A log that exists but could not be read (permissions, not a regular file, or too big to
/// fetch over SSH).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct UnreadLog {
    #[serde(serialize_with = "crate::lossy::path")]
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
    /// The last run of the daily sponsorship sync job in the api's log of the day, None when
    /// none started that day (it runs once a day, at an hour chosen when the api starts).
    pub sponsorship_job: Option<JobRun>,
}

/// The server's today, the day in its log file names. Serilog.Sinks.RollingFile 3.3.0 (both
/// formats write through it) names the file by `DateTime.Now` (its Sinks/RollingFile/Clock.cs):
/// the container's local time. Bitwarden's images and DockerCompose.hbs set no `TZ`, so that
/// is UTC, whatever this computer's zone, unless the owner gave the containers a `TZ`.
pub fn server_today() -> NaiveDate {
    chrono::Utc::now().date_naive()
}

/// Where `service`'s log of `day` is: `bwdata/logs/<service>/<Project>/<yyyyMMdd>.txt`.
pub fn log_path(bwdata: &Path, service: &str, project: &str, day: NaiveDate) -> PathBuf {
    bwdata
        .join("logs")
        .join(service)
        .join(project)
        .join(file_name(day))
}

fn file_name(day: NaiveDate) -> String {
    format!("{}.txt", day.format("%Y%m%d"))
}

/// The findings in one log's text, oldest first.
pub fn findings(service: &str, file: &Path, text: &str) -> Vec<Finding> {
    findings_in(service, file, &parse::entries(text))
}

fn findings_in(service: &str, file: &Path, entries: &[parse::Entry]) -> Vec<Finding> {
    entries
        .iter()
        .filter_map(|e| {
            let problem = classify(e.level, e.message)?;
            Some(Finding {
                service: service.to_string(),
                file: file.to_path_buf(),
                time: Some(e.time.to_string()),
                problem,
                // A careless log line may hold a password or a token: never shown as is.
                line: crate::redact::shapes(e.line),
                detail: e
                    .detail
                    .map(|d| crate::redact::shapes(&d.chars().take(DETAIL_CHARS).collect::<String>())),
            })
        })
        .collect()
}

/// Today's logs (the day given) of every syncing service, on the installation's host.
pub fn scan(inst: &Installation, day: NaiveDate) -> LogScan {
    let mut scan = LogScan {
        day: day.format("%Y%m%d").to_string(),
        findings: Vec::new(),
        unread: Vec::new(),
        sponsorship_job: None,
    };
    if let Some(path) = inst.kind.logs_inside() {
        // Said, never read as "nothing logged today".
        let error = Error::LogsInContainer { path: path.into() };
        scan.unread.push(UnreadLog {
            file: path.into(),
            error,
        });
        return scan;
    }
    for (service, project) in SERVICES {
        let file = log_path(&inst.bwdata, service, project, day);
        match read_log(&inst.host, &file) {
            Ok(Some(text)) => {
                let entries = parse::entries(&text);
                scan.findings.extend(findings_in(service, &file, &entries));
                // Only the api runs the job (src/Api/Jobs/JobsHostedService.cs).
                if service == "api" {
                    scan.sponsorship_job = job::last_run(&entries);
                }
            }
            Ok(None) => {}
            Err(error) => scan.unread.push(UnreadLog { file, error }),
        }
    }
    // Different services interleave: order by time, keep the latest.
    scan.findings.sort_by(|a, b| a.time.cmp(&b.time));
    let extra = scan.findings.len().saturating_sub(KEPT);
    scan.findings.drain(..extra);
    scan
}

/// The end of the log `file` as text (lossy: a log is for reading), None when there is none.
fn read_log(host: &Host, file: &Path) -> crate::Result<Option<String>> {
    let bytes = match host {
        Host::Local => read_tail(file)?,
        Host::Ssh(s) => crate::remote::tail(s, file, TAIL_BYTES)?,
    };
    Ok(bytes.map(|b| String::from_utf8_lossy(&b).into_owned()))
}

/// At most the last TAIL_BYTES of `path` (files::read_tail: never blocking, regular files
/// only), None when there is no log.
fn read_tail(path: &Path) -> crate::Result<Option<Vec<u8>>> {
    use crate::files::ReadError;
    match crate::files::read_tail(path, TAIL_BYTES) {
        Ok(bytes) => Ok(Some(bytes)),
        Err(ReadError::Io(e)) if e.kind() == std::io::ErrorKind::NotFound => Ok(None),
        Err(e) => Err(e.into_error(path, TAIL_BYTES)),
    }
}

#[cfg(test)]
mod tests;
