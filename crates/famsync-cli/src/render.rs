//! Human-readable output: the status report, a key-level diff, plan notes.

use crate::messages::describe;
use crate::progress::when;
use famsync_core::diff::{Change, ChangeKind, ChangeNote};
use famsync_core::kind::Kind;
use famsync_core::licenses::{LicenseEntry, LicenseWarning, Organization};
use famsync_core::plan::{Plan, PlanNote};
use famsync_core::region::{CloudState, PushRelay, Region, RegionProblem};
use famsync_core::status::StatusReport;
use std::fmt::Write;

pub fn status(r: &StatusReport) -> String {
    let mut o = String::new();
    let i = &r.installation;
    if i.sample {
        o.push_str("SAMPLE INSTALLATION: famsync's practice copy, not a real Bitwarden server.\n\n");
    }
    if let Some(host) = &i.host {
        let _ = writeln!(o, "Server (SSH)      {host}");
    }
    let kind = match i.kind {
        Kind::Standard => "standard (bitwarden.sh)",
        Kind::WindowsHost => "Windows host (bitwarden.ps1)",
        Kind::Lite => "Bitwarden lite (settings.env, docker compose)",
        Kind::Helm => "Kubernetes, Bitwarden's Helm chart (values file)",
    };
    let _ = writeln!(o, "Installation      {}", i.bwdata.display());
    let _ = writeln!(o, "  kind            {kind}");
    let label = match i.kind {
        Kind::Helm => "values file",
        _ => "env file",
    };
    let _ = writeln!(o, "  {label:<15} {}", i.env_file.display());
    if matches!(i.kind, Kind::Standard | Kind::WindowsHost) {
        let _ = writeln!(
            o,
            "  bitwarden.sh    {}",
            i.script
                .as_ref()
                .map_or("not found beside bwdata".into(), |s| s.display().to_string())
        );
    }
    let _ = writeln!(o, "  server URL      {}", i.url.as_deref().unwrap_or("unknown"));
    let _ = writeln!(
        o,
        "  installation id {}",
        i.installation_id.as_deref().unwrap_or(match i.kind {
            Kind::Helm => "in the chart's Kubernetes secret, not read (see problems)",
            _ => "missing or invalid (see problems)",
        })
    );
    o.push('\n');
    cloud(&mut o, &r.cloud_communication);
    match r.env_file.pending_restart {
        Some(true) => o.push_str(
            "  ! settings       written, but the server has not loaded them yet: famsync restart\n",
        ),
        Some(false) => o.push_str("  settings        loaded by the running server (restarted by famsync)\n"),
        None => {}
    }
    for d in &r.env_file.duplicates {
        let lines: Vec<String> = d.lines.iter().map(|n| n.to_string()).collect();
        let _ = writeln!(
            o,
            "  ! {} is set on lines {}; the last one wins.",
            d.key,
            lines.join(", ")
        );
    }
    o.push('\n');
    organizations(&mut o, &r.organizations);
    if !r.problems.is_empty() {
        o.push_str("\nProblems\n");
        for p in &r.problems {
            let (what, fix) = describe(p);
            let _ = writeln!(o, "  ! {what}\n    {fix}");
        }
    }
    o
}

fn region_name(r: Region) -> &'static str {
    match r {
        Region::Us => "US (bitwarden.com)",
        Region::Eu => "EU (bitwarden.eu)",
    }
}

fn cloud(o: &mut String, c: &CloudState) {
    let on = if c.enabled { "ON" } else { "off" };
    let _ = writeln!(o, "Cloud communication  {on}");
    let region = match (c.region, c.other_cloud) {
        (_, Some(other)) => format!(
            "{} ({}): Bitwarden's Families sponsorship page does not cover this cloud, only US and EU",
            other.code(),
            other.domain()
        ),
        (region, None) => region_name(region.unwrap_or(Region::Us)).into(),
    };
    let _ = writeln!(o, "  region          {region}");
    let push = match c.push_relay {
        PushRelay::Default => "on (Bitwarden's default relay, push.bitwarden.com)",
        PushRelay::Disabled => "disabled (pushRelayBaseUri=REPLACE)",
        PushRelay::Enabled => "on",
    };
    let _ = writeln!(o, "  push relay      {push}");
    let consistent = if c.consistent {
        "consistent"
    } else {
        "NOT consistent"
    };
    let _ = writeln!(o, "  region lines    {consistent}");
    for p in &c.problems {
        let _ = writeln!(o, "  ! {}", region_problem(p));
    }
}

pub fn region_problem(p: &RegionProblem) -> String {
    match p {
        RegionProblem::RegionLineMismatch { key, expected, found } => format!(
            "{key} should be {}, but is {}.",
            expected.as_deref().unwrap_or("absent (the US default)"),
            found.as_deref().unwrap_or("absent")
        ),
        RegionProblem::RegionValueUnknown { key, found } => {
            format!("{key}={found} names no cloud region (use US or EU).")
        }
        RegionProblem::EnableValueUnknown { key, found } => {
            format!("{key}={found} is neither true nor false.")
        }
    }
}

fn organizations(o: &mut String, orgs: &[LicenseEntry]) {
    if orgs.is_empty() {
        o.push_str("Organizations     none: no license uploaded to this server yet\n");
        return;
    }
    let _ = writeln!(o, "Organizations ({})", orgs.len());
    for entry in orgs {
        match entry {
            LicenseEntry::Read(org) => organization(o, org),
            LicenseEntry::Unreadable { error, .. } => {
                let (what, fix) = describe(error);
                let _ = writeln!(o, "  ! {what}\n    {fix}");
            }
            LicenseEntry::BeingWritten { file, .. } => {
                let _ = writeln!(
                    o,
                    "  … {} is being written by the server: run famsync status again in a moment",
                    file.display()
                );
            }
        }
    }
}

fn organization(o: &mut String, org: &Organization) {
    let plan = format!("{:?}", org.plan).to_lowercase();
    let plan = org
        .plan_type
        .map_or(plan.clone(), |n| format!("{plan} (type {n})"));
    let _ = writeln!(o, "  {}  {}", org.name.as_deref().unwrap_or("(no name)"), org.id);
    let _ = writeln!(
        o,
        "    plan {plan}, expires {}",
        org.expires.as_deref().unwrap_or("never")
    );
    match org.written {
        Some(w) if w.synced => {
            let _ = writeln!(
                o,
                "    license synced {} (issued by the cloud as it was written)",
                when(w.at)
            );
        }
        Some(w) => {
            let _ = writeln!(
                o,
                "    license updated {} (uploaded by hand: its Issued time is earlier)",
                when(w.at)
            );
        }
        None => {}
    }
    for w in &org.warnings {
        let _ = writeln!(o, "    ! {}", license_warning(w));
    }
}

fn license_warning(w: &LicenseWarning) -> String {
    match w {
        LicenseWarning::InstallationMismatch { license, installation } => format!(
            "The license is for installation {license}, but this server is {installation}: download the license again for this installation."
        ),
        LicenseWarning::PlanCannotSponsor { .. } => "This plan cannot sponsor Families organizations: only Enterprise plans can.".into(),
        LicenseWarning::Expired { expires } => format!("The license expired on {expires}: download a fresh one from the cloud web vault and upload it."),
        LicenseWarning::ExpiryUnreadable { expires } => format!("The expiry date {expires:?} cannot be read."),
        LicenseWarning::Trial => "This is a trial license: billing sync tokens are not issued during a trial.".into(),
        LicenseWarning::Disabled => "The organization is disabled in this license.".into(),
        LicenseWarning::VersionNotSupported { version, newest } => format!(
            "License format version {version}: servers up to 2026.8 read versions 1 to {newest} and say \"Version {version} is not supported.\" Back up bwdata, update the server (./bitwarden.sh update), then upload the license again."
        ),
    }
}

pub fn changes(file: &str, plan: &Plan) -> String {
    let mut o = String::new();
    let changes = &plan.changes;
    if !plan.writes {
        let _ = writeln!(o, "Nothing to change in {file}: it already says that.");
    } else if !changes.is_empty() {
        let _ = writeln!(o, "Changes to {file}:");
        for c in changes {
            let _ = writeln!(o, "  {}", change(c));
            if c.note == Some(ChangeNote::TurnsPushRelayOn) {
                let _ = writeln!(
                    o,
                    "      (this turns push relay on: push notifications will go through Bitwarden's relay)"
                );
            }
        }
    }
    for n in &plan.notes {
        let _ = writeln!(o, "{}", note(file, n));
    }
    o
}

fn note(file: &str, n: &PlanNote) -> String {
    match n {
        PlanNote::PushRelayStaysDisabled { key, would_be } => format!(
            "Push relay is disabled ({key}=REPLACE) and stays disabled. Setting it to {would_be} would turn push relay on; add --push-relay to do that."
        ),
        PlanNote::ReplacesDamagedFile { problem } => format!(
            "{file} cannot be read as an env file ({}): the backup's exact bytes replace it, and the damaged file is kept as a backup of its own.",
            problem.replace('_', " ")
        ),
        PlanNote::BackupIsDamaged { problem } => format!(
            "WARNING: that backup is itself no env file ({}): it is a damaged file an earlier restore kept aside. After it, Bitwarden will not start; put back another backup unless you mean to.",
            problem.replace('_', " ")
        ),
        PlanNote::MovesAside { problem } => format!(
            "{file} is no file famsync reads ({}): it is moved aside, unread, as {file}.famsync-aside-<time>, and the backup takes its place.",
            problem.replace('_', " ")
        ),
        PlanNote::RecreatesMissingFile => {
            format!("{file} is missing: the backup is put back as a new file, with its mode and owner.")
        }
        PlanNote::SplitsHardLink { links } => format!(
            "{file} has {links} names (hard links): the write gives this name a new file, and the other names keep the old content."
        ),
        PlanNote::OnlyOtherLinesDiffer => format!(
            "Every setting is the same, but other bytes of {file} differ (comments, lines famsync does not read, a BOM, line endings): the backup's exact bytes are put back."
        ),
    }
}

fn change(c: &Change) -> String {
    let v = |x: &Option<String>| {
        if c.hidden {
            "(hidden)".to_string()
        } else {
            x.clone().unwrap_or_default()
        }
    };
    match c.kind {
        ChangeKind::Added => format!("+ {}={}", c.key, v(&c.after)),
        ChangeKind::Removed => format!("- {} (was {})", c.key, v(&c.before)),
        ChangeKind::Changed => format!("~ {}: {} -> {}", c.key, v(&c.before), v(&c.after)),
        ChangeKind::Deduplicated => format!("= {}: duplicate lines collapsed into one", c.key),
    }
}

/// Text from the installation (env values, log lines, file names) as it is safe to print:
/// control characters other than line breaks and tabs are written as `\x1b` and the like, so
/// nothing in a file can move the cursor, wipe a line or hide the rest of the output.
pub fn visible(text: &str) -> std::borrow::Cow<'_, str> {
    let unsafe_char = |c: char| c.is_control() && c != '\n' && c != '\t';
    if !text.contains(unsafe_char) {
        return text.into();
    }
    text.chars()
        .map(|c| match c {
            c if unsafe_char(c) && (c as u32) < 0x100 => format!("\\x{:02x}", c as u32),
            c if unsafe_char(c) => format!("\\u{{{:x}}}", c as u32),
            c => c.to_string(),
        })
        .collect::<String>()
        .into()
}

#[cfg(test)]
mod tests {
    #[test]
    fn control_characters_are_shown_not_obeyed() {
        assert_eq!(
            super::visible("a\x1b[2K\rb\n\tc\u{9b}"),
            "a\\x1b[2K\\x0db\n\tc\\x9b"
        );
        assert_eq!(super::visible("plain"), "plain");
    }
}
