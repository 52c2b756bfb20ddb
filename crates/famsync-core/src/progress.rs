//! Where the owner is in the procedure. Each step's status comes from evidence where famsync
//! can see it (the env file, whether the running server was started with it, the token in the
//! keyring) and from the owner's dated confirmation where it cannot (the token pasted in the
//! self-hosted Admin Console, the first sync clicked). The non-secret part — which organization,
//! when the token was saved, the confirmations, the last step shown — is a `Record` the front
//! ends persist (a JSON file for the CLI, the store plugin in the app).

use crate::status::StatusReport;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "snake_case")]
pub enum StepId {
    Installation,
    Region,
    Restart,
    Token,
    ApplyToken,
    Sync,
    Done,
}

pub const STEPS: [StepId; 7] = [
    StepId::Installation,
    StepId::Region,
    StepId::Restart,
    StepId::Token,
    StepId::ApplyToken,
    StepId::Sync,
    StepId::Done,
];

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "snake_case")]
pub enum StepStatus {
    Todo,
    InProgress,
    Done,
    Attention,
}

/// Why a step has its status: the evidence, or the confirmation, behind it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(tag = "why", rename_all = "snake_case")]
pub enum Why {
    InstallationReadable,
    InstallationHasProblems,
    CloudCommunicationOn,
    CloudCommunicationOff,
    RegionLinesDisagree,
    ServerStartedWithFile,
    FileChangedSinceStart,
    NoStartSeen,
    NoOrganizationChosen,
    TokenInKeyring,
    NoToken,
    KeyringUnavailable,
    /// The owner said so at this time (unix seconds).
    Confirmed {
        #[cfg_attr(feature = "ts", ts(type = "number"))]
        at: u64,
    },
    /// The token was saved after that confirmation: paste the new one too.
    TokenChangedSinceConfirmed,
    /// The organization's license file was written by a license sync at this time (unix
    /// seconds), after the token was saved: the server holds a billing sync token the cloud
    /// accepts, and reached the cloud with it.
    LicenseSynced {
        #[cfg_attr(feature = "ts", ts(type = "number"))]
        at: u64,
    },
    /// famsync saved the token on the server and read it back at this time (unix seconds),
    /// after it was last saved in the keyring.
    ServerHoldsToken {
        #[cfg_attr(feature = "ts", ts(type = "number"))]
        at: u64,
    },
    NotConfirmed,
    AllDone,
    StepsLeft,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Step {
    pub id: StepId,
    pub status: StepStatus,
    pub why: Why,
}

/// What famsync keeps about the procedure for one installation: nothing secret.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[cfg_attr(feature = "ts", ts(rename = "ProgressRecord"))]
pub struct Record {
    /// The organization being set up (its id, lower-case GUID).
    pub organization: Option<String>,
    /// When the token was last saved to the keyring (unix seconds).
    #[cfg_attr(feature = "ts", ts(type = "number | null"))]
    pub token_saved_at: Option<u64>,
    /// The owner's confirmations, by step, with their time (unix seconds).
    #[cfg_attr(feature = "ts", ts(type = "{ [step in StepId]?: number }"))]
    pub confirmed: BTreeMap<StepId, u64>,
    /// The step the owner last looked at, to open there again.
    pub last_step: Option<StepId>,
    /// When famsync last read the token back from the server's billing sync connection and it
    /// was this one (unix seconds).
    #[serde(default)]
    #[cfg_attr(feature = "ts", ts(type = "number | null"))]
    pub server_holds_token_at: Option<u64>,
}

/// The token's state in the keyring, as far as it could be read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TokenSeen {
    Present,
    Absent,
    KeyringUnavailable,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Progress {
    pub steps: Vec<Step>,
    /// The first step that is not done.
    pub next: StepId,
}

/// Every step's status from the report, the keyring (None: no organization chosen yet) and
/// the record.
pub fn derive(report: &StatusReport, token: Option<TokenSeen>, record: &Record) -> Progress {
    let mut steps = vec![
        installation(report),
        region(report),
        restart(report),
        token_step(token),
        apply_token(record),
        sync(record),
    ];
    if let Some(at) = license_synced(report, record) {
        for s in steps
            .iter_mut()
            .filter(|s| matches!(s.id, StepId::ApplyToken | StepId::Sync))
        {
            *s = step(s.id, StepStatus::Done, Why::LicenseSynced { at });
        }
    }
    let all_done = steps.iter().all(|s| s.status == StepStatus::Done);
    steps.push(Step {
        id: StepId::Done,
        status: if all_done {
            StepStatus::Done
        } else {
            StepStatus::Todo
        },
        why: if all_done { Why::AllDone } else { Why::StepsLeft },
    });
    let next = steps
        .iter()
        .find(|s| s.status != StepStatus::Done)
        .map_or(StepId::Done, |s| s.id);
    Progress { steps, next }
}

fn step(id: StepId, status: StepStatus, why: Why) -> Step {
    Step { id, status, why }
}

fn installation(r: &StatusReport) -> Step {
    match r.problems.is_empty() {
        true => step(StepId::Installation, StepStatus::Done, Why::InstallationReadable),
        false => step(
            StepId::Installation,
            StepStatus::Attention,
            Why::InstallationHasProblems,
        ),
    }
}

fn region(r: &StatusReport) -> Step {
    let c = &r.cloud_communication;
    match (c.consistent, c.enabled) {
        (false, _) => step(StepId::Region, StepStatus::Attention, Why::RegionLinesDisagree),
        (true, true) => step(StepId::Region, StepStatus::Done, Why::CloudCommunicationOn),
        (true, false) => step(StepId::Region, StepStatus::Todo, Why::CloudCommunicationOff),
    }
}

fn restart(r: &StatusReport) -> Step {
    match r.env_file.pending_restart {
        Some(false) => step(StepId::Restart, StepStatus::Done, Why::ServerStartedWithFile),
        Some(true) => step(StepId::Restart, StepStatus::Todo, Why::FileChangedSinceStart),
        None => step(StepId::Restart, StepStatus::Todo, Why::NoStartSeen),
    }
}

fn token_step(token: Option<TokenSeen>) -> Step {
    match token {
        None => step(StepId::Token, StepStatus::Todo, Why::NoOrganizationChosen),
        Some(TokenSeen::Present) => step(StepId::Token, StepStatus::Done, Why::TokenInKeyring),
        Some(TokenSeen::Absent) => step(StepId::Token, StepStatus::Todo, Why::NoToken),
        Some(TokenSeen::KeyringUnavailable) => {
            step(StepId::Token, StepStatus::Attention, Why::KeyringUnavailable)
        }
    }
}

/// When the chosen organization's license was last written by a sync, if that was after the
/// token was saved: evidence for steps 4 and 5 that needs no confirmation.
fn license_synced(report: &StatusReport, record: &Record) -> Option<u64> {
    let (org, saved) = (record.organization.as_deref()?, record.token_saved_at?);
    report.organizations.iter().find_map(|entry| match entry {
        crate::licenses::LicenseEntry::Read(o) if o.id == org => {
            o.written.filter(|w| w.synced && w.at >= saved).map(|w| w.at)
        }
        _ => None,
    })
}

/// Done when the server was seen holding the token, or the owner confirmed pasting it, after
/// the token was last saved.
fn apply_token(record: &Record) -> Step {
    let held = record
        .server_holds_token_at
        .filter(|at| record.token_saved_at.is_some_and(|saved| *at >= saved));
    match held {
        Some(at) => step(StepId::ApplyToken, StepStatus::Done, Why::ServerHoldsToken { at }),
        None => confirmed_after(record, StepId::ApplyToken, record.token_saved_at),
    }
}

/// Done when the owner confirmed the first sync, after pasting the current token.
fn sync(record: &Record) -> Step {
    let pasted = record.confirmed.get(&StepId::ApplyToken).copied();
    confirmed_after(record, StepId::Sync, pasted.or(record.token_saved_at))
}

fn confirmed_after(record: &Record, id: StepId, since: Option<u64>) -> Step {
    match (record.confirmed.get(&id), since) {
        (Some(&at), Some(since)) if at < since => {
            step(id, StepStatus::Attention, Why::TokenChangedSinceConfirmed)
        }
        (Some(&at), _) => step(id, StepStatus::Done, Why::Confirmed { at }),
        (None, _) => step(id, StepStatus::Todo, Why::NotConfirmed),
    }
}

impl Record {
    /// The owner confirms `id` now; a new organization starts the record afresh.
    pub fn confirm(&mut self, id: StepId, at: u64) {
        self.confirmed.insert(id, at);
    }

    /// The token was saved for `organization` at `at`.
    pub fn token_saved(&mut self, organization: &str, at: u64) {
        self.choose(organization);
        self.token_saved_at = Some(at);
    }

    /// famsync read the token back from the server for `organization` at `at`.
    pub fn server_holds_token(&mut self, organization: &str, at: u64) {
        self.choose(organization);
        self.server_holds_token_at = Some(at);
    }

    /// Work on `organization`: confirmations about another one no longer count.
    pub fn choose(&mut self, organization: &str) {
        if self.organization.as_deref() != Some(organization) {
            *self = Record {
                organization: Some(organization.to_string()),
                last_step: self.last_step,
                ..Record::default()
            };
        }
    }
}

const KIND: &str = "progress";

/// The CLI's copy of the record (`<data_dir>/progress/<installation id>.json`).
pub fn load(data_dir: &std::path::Path, installation_id: &str) -> Record {
    crate::records::load(data_dir, KIND, installation_id).unwrap_or_default()
}

/// Earlier copies of the record that could not be read back and were kept aside: the
/// confirmations in them are lost, and the owner is told so.
pub fn damaged(data_dir: &std::path::Path, installation_id: &str) -> Vec<std::path::PathBuf> {
    crate::records::damaged(data_dir, KIND, installation_id)
}

pub fn save(data_dir: &std::path::Path, installation_id: &str, record: &Record) -> crate::Result<()> {
    crate::records::save(data_dir, KIND, installation_id, record)
}

/// Unix seconds, for confirmations and the token's save time.
pub fn now() -> u64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_secs())
        .unwrap_or(0)
}

#[cfg(test)]
mod tests {
    use super::*;

    const ORG: &str = "5e6f7a8b-9c0d-4e1f-a2b3-c4d5e6f7a8b9";

    fn statuses(record: &Record, token: Option<TokenSeen>) -> Vec<(StepId, StepStatus)> {
        let inst = crate::install::open(
            &std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/fixtures/us"),
        )
        .unwrap();
        let mut report = crate::status::current(&inst).unwrap();
        report.env_file.pending_restart = Some(false);
        report.cloud_communication.enabled = true;
        let p = derive(&report, token, record);
        p.steps.iter().map(|s| (s.id, s.status)).skip(3).collect()
    }

    #[test]
    fn confirmations_count_only_after_the_token_they_follow() {
        let mut r = Record::default();
        use StepStatus::*;
        assert_eq!(statuses(&r, None)[0], (StepId::Token, Todo));
        r.token_saved(ORG, 100);
        r.confirm(StepId::ApplyToken, 200);
        r.confirm(StepId::Sync, 300);
        let s = statuses(&r, Some(TokenSeen::Present));
        assert_eq!(
            s,
            [
                (StepId::Token, Done),
                (StepId::ApplyToken, Done),
                (StepId::Sync, Done),
                (StepId::Done, Done)
            ]
        );
        // The token is rotated: it must be pasted and synced again.
        r.token_saved(ORG, 400);
        let s = statuses(&r, Some(TokenSeen::Present));
        assert_eq!(&s[1..3], [(StepId::ApplyToken, Attention), (StepId::Sync, Done)]);
        r.confirm(StepId::ApplyToken, 500);
        assert_eq!(
            statuses(&r, Some(TokenSeen::Present))[2],
            (StepId::Sync, Attention)
        );
    }

    #[test]
    fn another_organization_starts_afresh_and_the_keyring_state_shows() {
        let mut r = Record::default();
        r.token_saved(ORG, 100);
        r.confirm(StepId::ApplyToken, 200);
        r.last_step = Some(StepId::ApplyToken);
        r.choose("00000000-0000-4000-8000-000000000000");
        assert_eq!(r.confirmed.len(), 0);
        assert_eq!(r.last_step, Some(StepId::ApplyToken));
        let s = statuses(&r, Some(TokenSeen::KeyringUnavailable));
        assert_eq!(s[0], (StepId::Token, StepStatus::Attention));
    }
}
