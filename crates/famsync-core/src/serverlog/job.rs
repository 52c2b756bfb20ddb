//! The last run of the daily sponsorship sync job seen in the api's log: positive evidence
//! that the job ran, and whether it logged a failure, where the findings only list problems.
//!
//! The lines, as bitwarden/server writes them (same text from v2025.11.1 to v2026.8.0):
//! - src/Core/Jobs/JobListener.cs: "Starting job {0} at {1}." before and "Finished job {0} at
//!   {1}." after every job, {0} the job's type name. Information, with BypassFiltersEventId.
//!   BaseJob catches what the job throws, so Quartz reports it executed and the Finished line
//!   follows a failure too; a Starting line without one means the job is still running (or
//!   the process stopped during it).
//! - src/Api/Jobs/SelfHostedSponsorshipSyncJob.cs: "Sponsorship sync for organization
//!   {OrganizationName} Failed" (Error) for each organization whose sync threw.
//! - src/Core/Jobs/BaseJob.cs: "Error performing {0}." (Error), {0} the job's type name, when
//!   the job itself threw (reading the organizations, say).
//! - SelfHostedSponsorshipSyncJob.cs: "Skipping Organization sync with cloud - Cloud
//!   communication is disabled in global settings" (Information). src/Api/Jobs/JobsHostedService.cs
//!   schedules the job only when cloud communication is on, and GlobalSettings is bound once at
//!   start (src/SharedWeb/Utilities/GlobalSettingsServiceCollectionExtensions.cs), so no
//!   released server should write it; it is matched so that one that does is not shown as a
//!   clean run.
//!
//! Not matched: "No existing sponsorships to sync for organization {organizationId}"
//! (src/Core/OrganizationFeatures/OrganizationSponsorships/FamiliesForEnterprise/SelfHosted/
//! SelfHostedSyncSponsorshipsCommand.cs, Information without BypassFiltersEventId). Up to
//! 2025.11 the api's filter (src/Api/Program.cs with src/Core/Utilities/LoggerFactoryExtensions.cs)
//! kept only entries at `globalSettings:minLogLevel:apiSettings:default` or above, Error unless
//! the owner set it (src/Core/Settings/LoggingSettings/ApiLogLevelSettings.cs), plus those with
//! BypassFiltersEventId: famsync never sees it in that format. Since 2025.12 that filter is gone
//! (src/Libraries/SerilogFileLogging/LoggerFactoryExtensions.cs) and the level is
//! `Logging:LogLevel:Default`, Information in src/Api/appsettings.Production.json (the api
//! image sets ASPNETCORE_ENVIRONMENT=Production; src/Api/appsettings.json has no Logging
//! section): the line can be there. The admin portal's Manually Sync logs it too (in the
//! admin log), and it says only that nothing was sent to the cloud, so it proves nothing about the run.
//!
//! Strings are rendered in quotes in both formats (`"SelfHostedSponsorshipSyncJob"`); a name
//! without them is taken too.

use super::parse::Entry;
use serde::Serialize;

/// The type name the job's lines carry; other jobs (AliveJob, ValidateOrganizationsJob, …)
/// log the same Starting and Finished lines under their own.
pub const JOB: &str = "SelfHostedSponsorshipSyncJob";

/// The last run of the sponsorship sync job in a log.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct JobRun {
    /// The timestamp of its "Starting job" entry, as the server wrote it.
    pub started: String,
    /// The timestamp of its "Finished job" entry; None while it runs (or if it never ended).
    pub finished: Option<String>,
    /// How many "Sponsorship sync for organization … Failed" entries fell in the run.
    pub failed_organizations: u32,
    /// "Error performing SelfHostedSponsorshipSyncJob." fell in the run: the job itself threw.
    pub job_failed: bool,
    /// The job said it skipped the sync because cloud communication is disabled.
    pub cloud_communication_disabled: bool,
}

/// One of the job's lines.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Line {
    Started,
    Finished,
    OrganizationFailed,
    JobFailed,
    CloudOff,
}

/// The last run of the job among `entries` (oldest first), None when no start is seen.
pub fn last_run(entries: &[Entry]) -> Option<JobRun> {
    let mut last: Option<JobRun> = None;
    for e in entries {
        let Some(line) = line(e.message) else { continue };
        if line == Line::Started {
            last = Some(JobRun::started(e.time));
        } else if let Some(run) = last.as_mut().filter(|r| r.finished.is_none()) {
            run.add(line, e.time);
        }
        // Otherwise the line belongs to a run whose start is not in the tail read, or comes
        // after the run finished: it is not attributed to a run it did not happen in.
    }
    last
}

impl JobRun {
    fn started(time: &str) -> JobRun {
        JobRun {
            started: time.to_string(),
            finished: None,
            failed_organizations: 0,
            job_failed: false,
            cloud_communication_disabled: false,
        }
    }

    fn add(&mut self, line: Line, time: &str) {
        match line {
            // The entry's own timestamp, not the "at {1}" in it: that is DateTime.UtcNow in the
            // server's culture, while the timestamp is in the same form as the start's.
            Line::Finished => self.finished = Some(time.to_string()),
            Line::OrganizationFailed => self.failed_organizations += 1,
            Line::JobFailed => self.job_failed = true,
            Line::CloudOff => self.cloud_communication_disabled = true,
            Line::Started => {}
        }
    }
}

/// Which of the job's lines the message `m` is, if any.
fn line(m: &str) -> Option<Line> {
    if names_job(m, "Starting job ", " at ") {
        Some(Line::Started)
    } else if names_job(m, "Finished job ", " at ") {
        Some(Line::Finished)
    } else if names_job(m, "Error performing ", ".") {
        Some(Line::JobFailed)
    } else if m.starts_with("Sponsorship sync for organization ") && m.ends_with(" Failed") {
        Some(Line::OrganizationFailed)
    } else if m.starts_with("Skipping Organization sync with cloud - Cloud communication is disabled") {
        Some(Line::CloudOff)
    } else {
        None
    }
}

/// `m` is `<prefix><job name><until>…` and the name, quoted or not, is the sponsorship job's.
fn names_job(m: &str, prefix: &str, until: &str) -> bool {
    let Some(rest) = m.strip_prefix(prefix) else {
        return false;
    };
    let name = rest.split_once(until).map_or(rest, |(name, _)| name);
    let name = name
        .strip_prefix('"')
        .and_then(|n| n.strip_suffix('"'))
        .unwrap_or(name);
    name == JOB
}
