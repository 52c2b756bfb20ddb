//! The procedure's steps in the CLI: `famsync status` lists them, `famsync confirm` records
//! what famsync cannot see. The record is a JSON file in the data folder: nothing secret.

use crate::args::{Cli, ConfirmStep};
use crate::commands::Failure;
use crate::locate;
use crate::messages::exit;
use famsync_core::guid::organization_id;
use famsync_core::install;
use famsync_core::progress::{self, Progress, Record, StepId, StepStatus, TokenSeen, Why};
use famsync_core::status::StatusReport;
use famsync_core::token::{self, Slot};
use serde_json::json;
use std::fmt::Write;

/// The steps for `report`'s installation, asking the keyring about the chosen organization's token.
pub fn of(report: &StatusReport) -> Option<(Record, Progress)> {
    let id = report.installation.installation_id.as_deref()?;
    let record = progress::load(&locate::data_dir(), id);
    let seen = record.organization.as_deref().map(|org| {
        match Slot::new(id, org).and_then(|slot| token::present(&slot)) {
            Ok(true) => TokenSeen::Present,
            Ok(false) => TokenSeen::Absent,
            Err(_) => TokenSeen::KeyringUnavailable,
        }
    });
    let p = progress::derive(report, seen, &record);
    Some((record, p))
}

/// Damaged copies of the progress record that famsync kept aside for this installation.
pub fn damaged(report: &StatusReport) -> Vec<std::path::PathBuf> {
    let id = report.installation.installation_id.as_deref();
    id.map(|id| progress::damaged(&locate::data_dir(), id))
        .unwrap_or_default()
}

pub fn render_damaged(o: &mut String, damaged: &[std::path::PathBuf]) {
    for file in damaged {
        let _ = writeln!(
            o,
            "  ! famsync's record of your progress could not be read and is kept as {}: confirm steps 4 and 5 again if you had (famsync confirm …), then delete that file.",
            file.display()
        );
    }
}

/// `famsync confirm apply-token|sync --org ID`.
pub fn confirm(cli: &Cli, step: ConfirmStep, org: &str) -> Result<u8, Failure> {
    let inst = locate::installation(&cli.global)?;
    let id = install::id_of(&inst)?;
    let org = organization_id(org)?;
    let data = locate::data_dir();
    let mut record = progress::load(&data, &id);
    record.choose(&org);
    let step = match step {
        ConfirmStep::ApplyToken => StepId::ApplyToken,
        ConfirmStep::Sync => StepId::Sync,
    };
    record.confirm(step, progress::now());
    progress::save(&data, &id, &record)?;
    if cli.global.json {
        println!("{}", json!({ "confirmed": step, "organization": org }));
    } else {
        println!("Noted: {}.", name(step));
    }
    Ok(exit::OK)
}

/// The Steps section of `famsync status`; hints call famsync as `famsync` (with --host when
/// the installation is on another machine).
pub fn render(o: &mut String, record: &Record, p: &Progress, famsync: &str) {
    o.push_str("\nSteps");
    if let Some(org) = &record.organization {
        let _ = write!(o, " (organization {org})");
    }
    o.push('\n');
    for s in &p.steps {
        let mark = match s.status {
            StepStatus::Done => "done",
            StepStatus::InProgress => "...",
            StepStatus::Todo => "todo",
            StepStatus::Attention => "  ! ",
        };
        let hint = with_invocation(&why(&s.why, s.id), famsync);
        let _ = writeln!(o, "  {mark:<5} {:<28} {hint}", name(s.id));
    }
}

/// The commands in a hint (at its start, after ": " or "then ") as `famsync` calls them.
fn with_invocation(hint: &str, famsync: &str) -> String {
    let hint = hint
        .replace(": famsync ", &format!(": {famsync} "))
        .replace("then famsync ", &format!("then {famsync} "));
    match hint.strip_prefix("famsync ") {
        Some(rest) => format!("{famsync} {rest}"),
        None => hint,
    }
}

fn name(id: StepId) -> &'static str {
    match id {
        StepId::Installation => "0 installation",
        StepId::Region => "1 cloud communication",
        StepId::Restart => "2 restart",
        StepId::Token => "3 billing sync token",
        StepId::ApplyToken => "4 token in the Admin Console",
        StepId::Sync => "5 first sync",
        StepId::Done => "done",
    }
}

fn why(w: &Why, id: StepId) -> String {
    match w {
        Why::InstallationReadable => "found and readable".into(),
        Why::InstallationHasProblems => "has problems (see above)".into(),
        Why::CloudCommunicationOn => "on".into(),
        Why::CloudCommunicationOff => "off: famsync enable --region us|eu".into(),
        Why::RegionLinesDisagree => "the region lines disagree: famsync enable --region us|eu".into(),
        Why::ServerStartedWithFile => "the running server was started with the current settings".into(),
        Why::FileChangedSinceStart => "settings changed since the server started: famsync restart".into(),
        Why::NoStartSeen => "no start with these settings seen yet: famsync restart".into(),
        Why::NoOrganizationChosen => "famsync token set --org ID".into(),
        Why::TokenInKeyring => "saved in the OS keyring".into(),
        Why::NoToken => "not saved yet: famsync links --org ID, then famsync token set --org ID".into(),
        Why::KeyringUnavailable => {
            "the OS keyring cannot be read: famsync token status --org ID says why".into()
        }
        Why::Confirmed { at } => format!("you confirmed it ({})", when(*at)),
        Why::ServerHoldsToken { at } => format!(
            "your server holds this token (read back by famsync token apply, {})",
            when(*at)
        ),
        Why::ServerHoldsOtherToken { at } => format!(
            "your server holds another token than the one famsync has (read {}): famsync token apply --org ID replaces it",
            when(*at)
        ),
        Why::ServerHoldsNoToken { at } => format!(
            "your server holds no billing sync token (read {}): famsync token apply --org ID",
            when(*at)
        ),
        Why::SponsorshipsSynced { at } => format!(
            "your server says the sponsorships synced {}, after the token was saved: it reached the cloud with a token the cloud accepts",
            when(*at)
        ),
        Why::LicenseSyncFailed { at } => format!(
            "your server could not sync the license ({}): famsync sync --org ID says why",
            when(*at)
        ),
        Why::LicenseSynced { at } => format!(
            "the license synced {} after the token was saved: the server holds a token the cloud accepts",
            when(*at)
        ),
        Why::TokenChangedSinceConfirmed => {
            "the token changed since: paste the new one, then confirm again".into()
        }
        Why::NotConfirmed if id == StepId::Sync => {
            "famsync sync --org ID (signed in: famsync login); by hand: famsync links --org ID, then famsync confirm sync --org ID".into()
        }
        Why::NotConfirmed => {
            "famsync token apply --org ID (signed in: famsync login); by hand: famsync links --org ID, then famsync confirm apply-token --org ID".into()
        }
        Why::AllDone => "everything is set up; the sync runs daily".into(),
        Why::StepsLeft => "steps are left".into(),
    }
}

pub fn when(at: u64) -> String {
    chrono::DateTime::from_timestamp(at as i64, 0)
        .map(|t| t.format("%Y-%m-%d %H:%M UTC").to_string())
        .unwrap_or_default()
}
