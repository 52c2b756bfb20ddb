//! The CLI's words for what today's server logs say (famsync_core::serverlog), with the fix.

use famsync_core::serverlog::{JobRun, LogScan, Problem};
use std::fmt::Write;

fn words(p: Problem) -> (&'static str, &'static str) {
    match p {
        Problem::SponsorshipSyncFailed => (
            "the daily sponsorship sync failed",
            "Check that the server reaches the cloud (famsync check) and that the billing sync token is saved in the Admin Console, then run Manually Sync in the admin portal.",
        ),
        Problem::LicenseNotVerified => (
            "the server found a license invalid and disabled the organization",
            "Download the license again in the cloud web vault (Billing → Subscription) for this installation id, and upload it in the Admin Console.",
        ),
        Problem::CloudUnreachable => (
            "the server could not reach the Bitwarden cloud",
            "Allow outbound HTTPS from the server to api. and identity.bitwarden.com (or .eu); famsync check shows which host fails.",
        ),
        Problem::KeyRejected => (
            "the cloud refused the installation id and key",
            "The region does not match the id and key, or the key is wrong: famsync check tells which.",
        ),
        Problem::SyncError => (
            "an error about syncing or licenses",
            "Read the line below; famsync check tests the cloud and the server.",
        ),
    }
}

/// The section `famsync status` prints about today's logs.
pub fn render(o: &mut String, scan: &LogScan) {
    let inside = scan
        .unread
        .iter()
        .find(|u| matches!(u.error, famsync_core::Error::LogsInContainer { .. }));
    if let Some(u) = inside {
        let (what, fix) = crate::messages::describe(&u.error);
        let _ = writeln!(o, "\nToday's server logs\n  ? {what}\n    {fix}");
        return;
    }
    let _ = writeln!(o, "\nToday's server logs ({}, api/admin/identity)", scan.day);
    let _ = writeln!(
        o,
        "  Sponsorship sync job: {}",
        job_words(scan.sponsorship_job.as_ref())
    );
    if scan.findings.is_empty() {
        o.push_str("  no sync or license problems\n");
    }
    let mut last_fix = None;
    for f in &scan.findings {
        let (what, fix) = words(f.problem);
        let _ = writeln!(
            o,
            "  ! {} {}: {what}",
            f.time.as_deref().unwrap_or("?"),
            f.service
        );
        let _ = writeln!(o, "      {}", f.line);
        if let Some(detail) = &f.detail {
            let _ = writeln!(o, "      {detail}");
        }
        if last_fix != Some(fix) {
            let _ = writeln!(o, "      {fix}");
        }
        last_fix = Some(fix);
    }
    for u in &scan.unread {
        let _ = writeln!(
            o,
            "  ? {} could not be read: {}",
            u.file.display(),
            crate::messages::describe(&u.error).0
        );
    }
}

/// What the api's log says of the daily sponsorship sync job's last run today. The job logs
/// its start and its end even when it fails, so a start without an end is a run going on.
fn job_words(run: Option<&JobRun>) -> String {
    let Some(run) = run else {
        // Once a day at an hour drawn when the api starts, and only with cloud communication on.
        return "no run in today's api log".to_string();
    };
    let Some(finished) = &run.finished else {
        return format!("started {}, not finished yet", run.started);
    };
    let mut failures = Vec::new();
    if run.failed_organizations > 0 {
        let n = run.failed_organizations;
        failures.push(format!(
            "{n} organization{} failed",
            if n == 1 { "" } else { "s" }
        ));
    }
    if run.job_failed {
        failures.push("the job failed".to_string());
    }
    let outcome = if run.cloud_communication_disabled {
        "skipped: the server said cloud communication is disabled".to_string()
    } else if failures.is_empty() {
        "no failure logged".to_string()
    } else {
        format!("{}: see the log", failures.join(" and "))
    };
    format!("last run {}, finished {finished}, {outcome}", run.started)
}
