//! Everything famsync knows about an installation, in one report for `famsync status` and the
//! window's first steps.

use crate::applied::StartRecord;
use crate::envfile::{Duplicate, EnvDoc};
use crate::error::{Error, Result};
use crate::install::{installation_id, server_url, Installation};
use crate::licenses::{self, LicenseEntry};
use crate::region::{self, CloudState};
use chrono::{DateTime, Utc};
use serde::Serialize;
use std::path::{Path, PathBuf};

#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct InstallationView {
    /// The SSH target when the installation is on another machine.
    pub host: Option<String>,
    pub kind: crate::kind::Kind,
    #[serde(serialize_with = "crate::lossy::path")]
    pub bwdata: PathBuf,
    #[serde(serialize_with = "crate::lossy::path")]
    pub env_file: PathBuf,
    #[serde(serialize_with = "crate::lossy::opt_path")]
    pub script: Option<PathBuf>,
    /// Who owns the script and who famsync would run it as (on this machine), to show before
    /// the owner agrees to a restart.
    pub script_account: Option<crate::runner::ScriptAccount>,
    /// What famsync runs to apply the settings ("bitwarden.sh", "bitwarden.ps1", "docker
    /// compose up -d"); None where it is the owner's to run.
    pub apply: Option<String>,
    pub url: Option<String>,
    pub installation_id: Option<String>,
    pub sample: bool,
}

#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct EnvFileView {
    pub revision: String,
    pub duplicates: Vec<Duplicate>,
    /// What the running server was last started with, when famsync knows (see `with_applied`).
    pub applied: Option<StartRecord>,
    /// True: the file changed since that start, so the server has not loaded it yet.
    pub pending_restart: Option<bool>,
}

#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct StatusReport {
    pub installation: InstallationView,
    pub cloud_communication: CloudState,
    pub organizations: Vec<LicenseEntry>,
    pub env_file: EnvFileView,
    /// Things wrong with the installation that do not stop famsync from describing it.
    pub problems: Vec<Error>,
}

/// Fails only when the env file itself cannot be read: without it there is nothing to report.
pub fn status(inst: &Installation, now: DateTime<Utc>) -> Result<StatusReport> {
    let snapshot = inst.read_env()?;
    let doc = inst.kind.view(&snapshot.bytes);
    let mut problems = compose_problems(&doc, &inst.env_file);
    problems.extend(inst.config_problem.clone());
    if snapshot.mode & 0o002 != 0 {
        problems.push(Error::EnvFileWorldWritable {
            path: inst.env_file.clone(),
        });
    }
    // A script famsync would refuse to run is said before anyone asks for a restart.
    if let Err(e) = crate::runner::script_account(inst) {
        problems.push(e);
    }
    let id = installation_id(&doc, &inst.env_file)
        .map_err(|e| problems.push(e))
        .ok();
    // A licenses folder that cannot be read is said where the licenses are listed, never as
    // "no license uploaded yet".
    let organizations = licenses::read_all(inst, id.as_deref(), now).unwrap_or_else(|error| {
        let file = licenses::folder(&inst.bwdata);
        vec![LicenseEntry::Unreadable { file, error }]
    });
    Ok(StatusReport {
        installation: InstallationView {
            host: inst.host.name().map(Into::into),
            kind: inst.kind,
            bwdata: inst.bwdata.clone(),
            env_file: inst.env_file.clone(),
            script: inst.script.clone(),
            script_account: crate::runner::describe_script(inst),
            apply: inst.kind.runs(inst),
            url: server_url(inst, &doc),
            installation_id: id,
            sample: inst.sample,
        },
        cloud_communication: region::read_state(&doc),
        organizations,
        env_file: EnvFileView {
            revision: snapshot.revision(),
            duplicates: doc.duplicates(),
            applied: None,
            pending_restart: None,
        },
        problems,
    })
}

/// How docker compose's reading of the file differs from a plain one: where it gives up, and
/// the settings famsync reports whose value depends on compose's own environment.
fn compose_problems(doc: &EnvDoc, env_file: &Path) -> Vec<Error> {
    let refused = doc
        .refused()
        .map(|(line, reason)| Error::EnvFileRefusedByCompose {
            path: env_file.into(),
            line,
            reason,
        });
    let read = region::MANAGED
        .iter()
        .chain([&crate::install::INSTALLATION_ID])
        .filter(|k| doc.from_environment(k));
    let from_env = read.map(|k| Error::EnvValueFromEnvironment {
        path: env_file.into(),
        key: k.to_string(),
        line: doc.line_of(k).unwrap_or(0),
    });
    refused.into_iter().chain(from_env).collect()
}

/// Adds what famsync recorded about the last start of this installation's server.
pub fn with_applied(mut report: StatusReport, data_dir: &Path) -> StatusReport {
    if let Some(id) = &report.installation.installation_id {
        let applied = crate::applied::load(data_dir, id);
        report.env_file.pending_restart = applied
            .as_ref()
            .map(|a| a.env_revision != report.env_file.revision);
        report.env_file.applied = applied;
    }
    report
}

/// `status` as of now.
pub fn current(inst: &Installation) -> Result<StatusReport> {
    status(inst, Utc::now())
}
