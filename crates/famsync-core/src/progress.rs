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
    /// famsync read the server's billing sync connection at this time (unix seconds), after
    /// the token was last saved in the keyring, and it held that token.
    ServerHoldsToken {
        #[cfg_attr(feature = "ts", ts(type = "number"))]
        at: u64,
    },
    /// Read at this time, the server held another token: an older one, or one famsync lacks.
    ServerHoldsOtherToken {
        #[cfg_attr(feature = "ts", ts(type = "number"))]
        at: u64,
    },
    /// Read at this time, the server held no billing sync token at all.
    ServerHoldsNoToken {
        #[cfg_attr(feature = "ts", ts(type = "number"))]
        at: u64,
    },
    /// The server says the organization's sponsorships last synced with the cloud at this time
    /// (unix seconds; its sync-status), after the token was saved: the daily job or the admin
    /// portal's Manually Sync reached the cloud with a token it accepts.
    SponsorshipsSynced {
        #[cfg_attr(feature = "ts", ts(type = "number"))]
        at: u64,
    },
    /// famsync asked the server to sync the license at this time and it could not.
    LicenseSyncFailed {
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
    /// What the server's billing sync connection held when famsync last read it.
    #[serde(default)]
    pub server_token: Option<SeenToken>,
    /// How the last license sync famsync asked the server for ended.
    #[serde(default)]
    pub license_sync: Option<SeenSync>,
    /// When the server last said the sponsorships synced (unix seconds), as it said it.
    #[serde(default)]
    #[cfg_attr(feature = "ts", ts(type = "number | null"))]
    pub sponsorships_synced_at: Option<u64>,
}

/// The token the server held, read at `at` (unix seconds).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct SeenToken {
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub at: u64,
    pub holds: crate::api::Holds,
}

/// A license sync by the server, asked for at `at` (unix seconds), and whether it worked.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct SeenSync {
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub at: u64,
    pub synced: bool,
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
    let evidence = Evidence::of(report, record);
    let mut steps = vec![
        installation(report),
        region(report),
        restart(report),
        token_step(token),
        apply_token(record, &evidence),
        sync(record, &evidence),
    ];
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

/// What famsync saw of steps 4 and 5 after the token was last saved, each with its time.
struct Evidence {
    /// The license file rewritten by a sync, or a sync famsync asked for that worked.
    synced: Option<u64>,
    /// The sponsorships synced, as the server says.
    sponsorships: Option<u64>,
    /// A sync famsync asked for that failed, later than any that worked.
    failed: Option<u64>,
    /// The server's connection as read.
    token: Option<SeenToken>,
}

impl Evidence {
    fn of(report: &StatusReport, record: &Record) -> Evidence {
        let after_saved = |at: &u64| record.token_saved_at.is_some_and(|saved| *at >= saved);
        let by_server = record.license_sync.filter(|s| after_saved(&s.at));
        let synced = [
            license_written(report, record),
            by_server.filter(|s| s.synced).map(|s| s.at),
        ]
        .into_iter()
        .flatten()
        .filter(after_saved)
        .max();
        let sponsorships = record.sponsorships_synced_at.filter(after_saved);
        let worked = synced.max(sponsorships);
        // `license_sync` is famsync's latest attempt, so a failure there is newer than any
        // sync famsync saw work; within the same second as other evidence it still counts
        // (seconds are all the record keeps).
        let failed = by_server
            .filter(|s| !s.synced && worked.is_none_or(|ok| s.at >= ok))
            .map(|s| s.at);
        let token = record.server_token.filter(|t| after_saved(&t.at));
        Evidence {
            synced,
            sponsorships,
            failed,
            token,
        }
    }
}

/// When the chosen organization's license file was last written by a sync.
fn license_written(report: &StatusReport, record: &Record) -> Option<u64> {
    let org = record.organization.as_deref()?;
    report.organizations.iter().find_map(|entry| match entry {
        crate::licenses::LicenseEntry::Read(o) if o.id == org => o.written.filter(|w| w.synced).map(|w| w.at),
        _ => None,
    })
}

/// Step 4 from the latest evidence: the server read holding this token (done), another or
/// none (attention when the owner had confirmed it, else to do), a license sync (done: only a
/// token the cloud accepts syncs); without evidence, the owner's confirmation.
fn apply_token(record: &Record, e: &Evidence) -> Step {
    use crate::api::Holds;
    let id = StepId::ApplyToken;
    let read = e.token.map(|t| {
        let confirmed = record.confirmed.contains_key(&id);
        let lacking = if confirmed {
            StepStatus::Attention
        } else {
            StepStatus::Todo
        };
        let step = match t.holds {
            Holds::ThisToken => step(id, StepStatus::Done, Why::ServerHoldsToken { at: t.at }),
            Holds::OtherToken => step(id, lacking, Why::ServerHoldsOtherToken { at: t.at }),
            Holds::NoToken => step(id, lacking, Why::ServerHoldsNoToken { at: t.at }),
        };
        (t.at, step)
    });
    let synced = e
        .synced
        .map(|at| (at, step(id, StepStatus::Done, Why::LicenseSynced { at })));
    let sponsored = e
        .sponsorships
        .map(|at| (at, step(id, StepStatus::Done, Why::SponsorshipsSynced { at })));
    match [read, synced, sponsored]
        .into_iter()
        .flatten()
        .max_by_key(|(at, _)| *at)
    {
        Some((_, step)) => step,
        None => confirmed_after(record, id, record.token_saved_at),
    }
}

/// Step 5 from the latest sync seen, of the license or the sponsorships (done), one famsync
/// asked for that failed since (attention), or the owner's confirmation after pasting the
/// current token.
fn sync(record: &Record, e: &Evidence) -> Step {
    let id = StepId::Sync;
    if let Some(at) = e.failed {
        return step(id, StepStatus::Attention, Why::LicenseSyncFailed { at });
    }
    match (e.synced, e.sponsorships) {
        (Some(l), s) if s.is_none_or(|s| l >= s) => {
            return step(id, StepStatus::Done, Why::LicenseSynced { at: l })
        }
        (_, Some(at)) => return step(id, StepStatus::Done, Why::SponsorshipsSynced { at }),
        _ => {}
    }
    let pasted = record.confirmed.get(&StepId::ApplyToken).copied();
    confirmed_after(record, id, pasted.or(record.token_saved_at))
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

    /// famsync read `organization`'s billing sync connection on the server at `at`.
    pub fn saw_server_token(&mut self, organization: &str, holds: crate::api::Holds, at: u64) {
        if self.is_about(organization) {
            self.server_token = Some(SeenToken { at, holds });
        }
    }

    /// A license sync famsync asked the server for at `at` ended so.
    pub fn saw_license_sync(&mut self, organization: &str, synced: bool, at: u64) {
        if self.is_about(organization) {
            self.license_sync = Some(SeenSync { at, synced });
        }
    }

    /// What the server said of `organization` counts for the record when that is the one
    /// being set up (or none is yet): a mistyped id in one command must not switch the whole
    /// procedure to another organization.
    fn is_about(&mut self, organization: &str) -> bool {
        match &self.organization {
            Some(chosen) => chosen == organization,
            None => {
                self.choose(organization);
                true
            }
        }
    }

    /// What a license sync famsync asked the server for says of steps 4 and 5: it worked (and
    /// the connection held what it held after), or the server refused it. A request that got
    /// no answer, or no sign-in, says nothing about the sync.
    pub fn saw_sync(&mut self, organization: &str, result: &crate::Result<crate::api::Synced>, at: u64) {
        match result {
            Ok(synced) => {
                self.saw_server_token(organization, synced.billing_sync.holds, at);
                self.saw_license_sync(organization, true, at);
            }
            Err(e) if e.is_sync_refusal() => self.saw_license_sync(organization, false, at),
            Err(_) => {}
        }
    }

    /// What the server said of the chosen organization, when it is the one asked about.
    pub fn saw_word(&mut self, word: &crate::api::ServerWord) {
        let Some(org) = &word.organization else { return };
        if self.organization.as_deref() == Some(org.id.as_str()) {
            self.server_token = Some(SeenToken {
                at: word.asked_at,
                holds: org.billing_sync.holds,
            });
            self.sponsorships_synced_at = org.sponsorships_synced.as_deref().and_then(unix_seconds);
        }
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

/// An RFC 3339 time as unix seconds (sync-status answers UTC with its zone; a time without
/// one is not taken: it would be a guess).
fn unix_seconds(text: &str) -> Option<u64> {
    let t = chrono::DateTime::parse_from_rfc3339(text).ok()?;
    u64::try_from(t.timestamp()).ok()
}

/// Unix seconds, for confirmations and the token's save time.
pub fn now() -> u64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_secs())
        .unwrap_or(0)
}

#[cfg(test)]
mod tests;
