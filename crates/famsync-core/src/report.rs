//! The diagnostics report for a support ticket: one JSON document (language-neutral, so the CLI
//! and the window produce the same thing) with the installation's facts, the env file with
//! every secret hidden, the check results, the progress, today's server log findings and the
//! end of famsync's own log. Redaction is done twice: secret values are never put in, and the
//! finished text is scrubbed of every secret value the env file and the keyring hold, raw and
//! JSON-escaped, and of anything shaped like a billing sync token or a SQL password.

use crate::envfile::EnvDoc;
use crate::licenses::LicenseEntry;
use crate::readiness::Readiness;
use crate::redact;
use crate::serverlog::{self, LogScan};
use crate::status::{self, StatusReport};
use crate::{token, Installation};
use chrono::NaiveDate;
use serde::Serialize;
use serde_json::Value;
use std::path::Path;

pub use crate::files::Existing;

/// The env keys whose values are shown: settings, never credentials or personal data.
pub const SHOWN: [&str; 13] = [
    "globalSettings__baseServiceUri__vault",
    "globalSettings__baseServiceUri__cloudRegion",
    "globalSettings__baseServiceUri__cloudVaultRegion",
    "globalSettings__sqlServer__migrationExecutionTimeoutSeconds",
    "globalSettings__installation__id",
    "globalSettings__installation__identityUri",
    "globalSettings__installation__apiUri",
    "globalSettings__enableCloudCommunication",
    "globalSettings__pushRelayBaseUri",
    "globalSettings__disableUserRegistration",
    "globalSettings__mail__smtp__host",
    "globalSettings__mail__smtp__port",
    "globalSettings__mail__smtp__ssl",
];
pub use crate::redact::REDACTED;

/// What only the front end knows: who it is, its checks and progress, its own log.
pub struct Extras {
    pub famsync_version: &'static str,
    pub generated: String,
    pub front_end: &'static str,
    pub readiness: Option<Readiness>,
    pub progress: Option<Value>,
    pub own_log: Vec<String>,
}

/// The report of an installation: its status, env file and today's server logs read now, the
/// tokens in the keyring for its organizations scrubbed along with the env file's secrets.
/// Blocking (files, SSH, the keyring).
pub fn build(inst: &Installation, day: NaiveDate, extras: Extras) -> String {
    let status = status::current(inst);
    let snapshot = inst.read_env().ok();
    let doc = snapshot.as_ref().map(|s| EnvDoc::parse(s.text()));
    let scan = serverlog::scan(inst, day);
    let value = Document {
        famsync_report: 1,
        famsync_version: extras.famsync_version,
        front_end: extras.front_end,
        generated: &extras.generated,
        status: status.as_ref().ok(),
        status_error: status.as_ref().err(),
        env_file: doc.as_ref().map(env_lines),
        env_file_other_lines: doc.as_ref().map(EnvDoc::other_lines),
        checks: extras.readiness.as_ref(),
        progress: extras.progress.as_ref(),
        server_log: Some(&scan),
        famsync_log: &extras.own_log,
    };
    let text = serde_json::to_string_pretty(&value).unwrap_or_default();
    let mut secrets = doc.as_ref().map(env_secrets).unwrap_or_default();
    secrets.extend(status.as_ref().map(keyring_secrets).unwrap_or_default());
    redact::scrub(&text, &secrets)
}

/// How much of famsync's own log goes into a report: its last lines.
pub const OWN_LOG_LINES: usize = 200;

/// How much of the end of famsync's own log is read for those lines.
const OWN_LOG_TAIL: u64 = 256 * 1024;

/// The last [`OWN_LOG_LINES`] lines of famsync's own log (none when there is no log yet).
pub fn own_log(file: &Path) -> Vec<String> {
    let bytes = crate::files::read_tail(file, OWN_LOG_TAIL).unwrap_or_default();
    let text = String::from_utf8_lossy(&bytes);
    let lines: Vec<&str> = text.lines().collect();
    lines[lines.len().saturating_sub(OWN_LOG_LINES)..]
        .iter()
        .map(|l| l.to_string())
        .collect()
}

/// Saves a report at `path`, a file the owner named: never inside the installation's bwdata,
/// never over an existing file unless `existing` says so, and readable by the owner only.
pub fn save(inst: &Installation, path: &Path, text: &str, existing: Existing) -> crate::Result<()> {
    use crate::files::{write_new_private, WriteError};
    use crate::Error;
    if let Some(bwdata) = inside_bwdata(inst, path) {
        return Err(Error::OutputInsideInstallation {
            path: path.into(),
            bwdata,
        });
    }
    let bytes = format!("{text}\n");
    write_new_private(path, bytes.as_bytes(), existing).map_err(|e| match e {
        WriteError::Exists => Error::OutputExists { path: path.into() },
        WriteError::NotRegular => Error::OutputNotAFile { path: path.into() },
        WriteError::Io(e) if e.kind() == std::io::ErrorKind::NotFound => Error::OutputFolderMissing {
            folder: crate::files::folder_of(path).into(),
        },
        WriteError::Io(e) => Error::from_io(&e, path),
    })
}

/// The local installation's bwdata when `path` would land inside the installation: in bwdata
/// or any folder under it, in the env folder wherever it really is (env/ may be a link), or
/// beside bitwarden.sh. Folders are compared as the kernel knows them (device and inode), so
/// no link, bind mount or second path to them gets past. A report for a server over SSH is
/// written on this machine.
fn inside_bwdata(inst: &Installation, path: &Path) -> Option<std::path::PathBuf> {
    use crate::platform::fileid::{self, Links};
    if !matches!(inst.host, crate::Host::Local) {
        return None;
    }
    let id = |p: &Path| fileid::of(p, Links::Follow).ok();
    let env = inst.env_file.parent().unwrap_or(&inst.bwdata);
    let install = inst.bwdata.parent().unwrap_or(&inst.bwdata);
    let guarded: Vec<(u64, u64)> = [inst.bwdata.as_path(), env].into_iter().filter_map(id).collect();
    let folder = dunce::canonicalize(crate::files::folder_of(path)).ok()?;
    let inside = folder.ancestors().filter_map(id).any(|a| guarded.contains(&a));
    let beside_script = id(&folder).is_some_and(|f| Some(f) == id(install));
    (inside || beside_script).then(|| inst.bwdata.clone())
}

/// The billing sync tokens the keyring holds for the installation's organizations: never put
/// in the report, only scrubbed from it (a log line could hold one).
fn keyring_secrets(report: &StatusReport) -> Vec<String> {
    let Some(id) = report.installation.installation_id.as_deref() else {
        return Vec::new();
    };
    report
        .organizations
        .iter()
        .filter_map(|l| match l {
            LicenseEntry::Read(org) => Some(org.id.as_str()),
            LicenseEntry::Unreadable { .. } | LicenseEntry::BeingWritten { .. } => None,
        })
        .filter_map(|org| token::Slot::new(id, org).ok())
        .filter_map(|slot| token::reveal(&slot).ok().flatten())
        .map(|t| t.expose().to_string())
        .collect()
}

/// The report's sections, in the order a reader wants them.
#[derive(Serialize)]
struct Document<'a> {
    famsync_report: u32,
    famsync_version: &'a str,
    front_end: &'a str,
    generated: &'a str,
    status: Option<&'a StatusReport>,
    /// Why the installation could not be read, when it could not.
    status_error: Option<&'a crate::Error>,
    env_file: Option<Vec<EnvLine<'a>>>,
    /// Comments and stray text are counted, never shown: they may hold anything.
    env_file_other_lines: Option<usize>,
    checks: Option<&'a Readiness>,
    progress: Option<&'a Value>,
    server_log: Option<&'a LogScan>,
    famsync_log: &'a [String],
}

/// One env line as the report shows it.
#[derive(Serialize)]
struct EnvLine<'a> {
    key: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    value: Option<&'a str>,
    /// For a hidden value: how long it is (empty or not is often the question).
    #[serde(skip_serializing_if = "Option::is_none")]
    hidden_length: Option<usize>,
}

/// Whether a key's value may be shown (keys compare without ASCII case, as .NET binds them).
fn shown(key: &str) -> bool {
    SHOWN.iter().any(|s| s.eq_ignore_ascii_case(key))
}

fn env_lines(doc: &EnvDoc) -> Vec<EnvLine<'_>> {
    doc.entries()
        .map(|(key, value)| {
            // REPLACE is Bitwarden's placeholder for "not set", not a secret.
            if shown(key) || value == "REPLACE" || value.is_empty() {
                EnvLine {
                    key,
                    value: Some(value),
                    hidden_length: None,
                }
            } else {
                EnvLine {
                    key,
                    value: None,
                    hidden_length: Some(value.chars().count()),
                }
            }
        })
        .collect()
}

/// Whether a key holds a credential: its value is scrubbed from all the report's text, not
/// only hidden in the env section (an address or a user name is hidden but may stay in text).
fn credential(key: &str) -> bool {
    let k = key.to_ascii_lowercase();
    ["password", "key", "secret", "connectionstring"]
        .iter()
        .any(|w| k.contains(w))
}

/// Every credential in the env file, and the password inside the SQL connection string on
/// its own (it could be logged apart from the rest).
pub fn env_secrets(doc: &EnvDoc) -> Vec<String> {
    let mut out = Vec::new();
    // Each value as the server gets it and as the file writes it (escapes, quotes inside).
    let values = doc.entries().chain(doc.written_entries());
    for (key, value) in values.filter(|(k, _)| !shown(k) && credential(k)) {
        if value == "REPLACE" || value.is_empty() {
            continue;
        }
        out.push(value.to_string());
        if key.ends_with("connectionString") {
            out.extend(connection_password(value));
        }
    }
    out
}

fn connection_password(conn: &str) -> Option<String> {
    conn.split(';')
        .filter_map(|part| part.split_once('='))
        .find(|(k, _)| matches!(k.trim().to_ascii_lowercase().as_str(), "password" | "pwd"))
        .map(|(_, v)| v.trim().trim_matches('\\').trim_matches('"').to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_sql_password_is_taken_out_of_its_connection_string() {
        let conn = r#"Data Source=tcp:mssql,1433;Initial Catalog=vault;User ID=sa;Password=S3cr3t\"Pass;TrustServerCertificate=True"#;
        assert_eq!(connection_password(conn).as_deref(), Some(r#"S3cr3t\"Pass"#));
    }
}
