//! Organization licenses uploaded to the installation
//! (`bwdata/core/licenses/organization/<orgId>.json`) and what they allow.

use crate::error::{Error, Result};
use crate::guid::is_guid;
use crate::host::Host;
use crate::install::Installation;
use crate::kind::Licenses;
use crate::remote::Listing;
use chrono::{DateTime, NaiveDateTime, Utc};
use serde::{Deserialize, Serialize};
use std::fs;
use std::path::{Path, PathBuf};

/// Bitwarden's PlanType numbers by family (src/Core/Billing/Enums/PlanType.cs). Only the
/// Enterprise plans, every vintage, may sponsor Families organizations.
const ENTERPRISE_PLANS: [i64; 8] = [4, 5, 10, 11, 14, 15, 19, 20];
const TEAMS_PLANS: [i64; 10] = [2, 3, 8, 9, 12, 13, 16, 17, 18, 21];
const FAMILIES_PLANS: [i64; 3] = [1, 7, 22];

/// The license format versions a 2026.8 server reads: `ValidLicenseVersion` is 1 to 16 in
/// src/Core/Billing/Organizations/Models/OrganizationLicense.cs (bitwarden/server v2026.8.0),
/// which itself writes 15. Outside that the server refuses: "Version N is not supported."
const LICENSE_VERSIONS: std::ops::RangeInclusive<i64> = 1..=16;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub enum PlanFamily {
    Free,
    Families,
    Teams,
    Enterprise,
    Custom,
    Unknown,
}

pub fn plan_family(plan_type: Option<i64>) -> PlanFamily {
    match plan_type {
        Some(0) => PlanFamily::Free,
        Some(6) => PlanFamily::Custom,
        Some(p) if ENTERPRISE_PLANS.contains(&p) => PlanFamily::Enterprise,
        Some(p) if TEAMS_PLANS.contains(&p) => PlanFamily::Teams,
        Some(p) if FAMILIES_PLANS.contains(&p) => PlanFamily::Families,
        _ => PlanFamily::Unknown,
    }
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "PascalCase")]
struct RawLicense {
    id: String,
    name: Option<String>,
    installation_id: Option<String>,
    plan_type: Option<i64>,
    enabled: Option<bool>,
    version: Option<i64>,
    expires: Option<String>,
    issued: Option<String>,
    trial: Option<bool>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "code", rename_all = "snake_case")]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub enum LicenseWarning {
    /// The license was issued for another installation: the server will refuse it.
    InstallationMismatch {
        license: String,
        installation: String,
    },
    PlanCannotSponsor {
        #[cfg_attr(feature = "ts", ts(type = "number | null"))]
        plan_type: Option<i64>,
    },
    Expired {
        expires: String,
    },
    ExpiryUnreadable {
        expires: String,
    },
    Trial,
    Disabled,
    /// A format version the server does not read (newer than it, most often): update the
    /// server, then upload the license again.
    VersionNotSupported {
        #[cfg_attr(feature = "ts", ts(type = "number"))]
        version: i64,
        #[cfg_attr(feature = "ts", ts(type = "number"))]
        newest: i64,
    },
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Organization {
    pub id: String,
    pub name: Option<String>,
    #[serde(serialize_with = "crate::lossy::path")]
    pub file: PathBuf,
    #[cfg_attr(feature = "ts", ts(type = "number | null"))]
    pub plan_type: Option<i64>,
    pub plan: PlanFamily,
    #[cfg_attr(feature = "ts", ts(type = "number | null"))]
    pub version: Option<i64>,
    pub expires: Option<String>,
    /// When the cloud issued this license (`Issued`, as written).
    pub issued: Option<String>,
    /// When the file was last written (None where the server's `stat` could not say).
    pub written: Option<LicenseWrite>,
    pub warnings: Vec<LicenseWarning>,
}

/// The last write of a license file. A license sync writes the license the cloud issued a
/// moment before; a license the owner downloaded and uploaded by hand was issued earlier. So
/// `synced` is true when `Issued` is within SYNC_WINDOW before the write: the file cannot say
/// more (a license uploaded within that window of its download counts as synced too).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct LicenseWrite {
    /// Unix seconds.
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub at: u64,
    pub synced: bool,
}

/// How long before a license file's write its `Issued` time may be for the write to count as
/// a sync: the server writes what the cloud answered at once, so a minute covers the round trip
/// and clocks a little apart.
const SYNC_WINDOW: i64 = 60;

/// How long a license that is not JSON is given to be finished: the server writes the file in
/// place (`FileMode.Create`), so a read may meet half of it.
const SETTLE: std::time::Duration = std::time::Duration::from_millis(300);

/// A license file, read or not.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(untagged)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub enum LicenseEntry {
    Read(Organization),
    Unreadable {
        #[serde(serialize_with = "crate::lossy::path")]
        file: PathBuf,
        error: Error,
    },
    /// Changing as famsync read it (the server was writing it): read again on the next change.
    BeingWritten {
        #[serde(serialize_with = "crate::lossy::path")]
        file: PathBuf,
        being_written: bool,
    },
}

/// A license file's bytes, and when it was last written (unix seconds) where that is known.
struct LicenseFile {
    bytes: Vec<u8>,
    written: Option<u64>,
}

impl From<crate::envfile::Snapshot> for LicenseFile {
    fn from(s: crate::envfile::Snapshot) -> LicenseFile {
        LicenseFile {
            bytes: s.bytes,
            written: s.modified,
        }
    }
}

/// A license is a few KiB of JSON; a bigger file is not one.
pub const MAX_LICENSE_BYTES: u64 = 1024 * 1024;

pub fn folder(bwdata: &Path) -> PathBuf {
    bwdata.join("core").join("licenses").join("organization")
}

/// Every `*.json` in the license folder, sorted by file name. A missing folder means no
/// license has been uploaded yet, which is not an error.
pub fn read_all(
    inst: &Installation,
    installation_id: Option<&str>,
    now: DateTime<Utc>,
) -> Result<Vec<LicenseEntry>> {
    let (path, error) = match inst.kind.licenses(&inst.bwdata) {
        Licenses::Folder(dir) => return read_folder(inst, &dir, installation_id, now),
        Licenses::InContainer { volume, path } => (
            path,
            Error::LicensesInContainer {
                volume: volume.into(),
                path: path.into(),
            },
        ),
        Licenses::InCluster { path } => (path, Error::LicensesInCluster { path: path.into() }),
    };
    Ok(vec![LicenseEntry::Unreadable {
        file: path.into(),
        error,
    }])
}

fn read_folder(
    inst: &Installation,
    dir: &Path,
    installation_id: Option<&str>,
    now: DateTime<Utc>,
) -> Result<Vec<LicenseEntry>> {
    let files = match &inst.host {
        Host::Local => files_here(dir)?,
        Host::Ssh(s) => match crate::remote::files(s, dir, ".json")? {
            Listing::Missing => Vec::new(),
            Listing::Entries(files) => files
                .into_iter()
                .map(|(f, read)| (f, read.map(LicenseFile::from)))
                .collect(),
        },
    };
    Ok(files
        .into_iter()
        .map(|(file, read)| read_one(inst, file, read, installation_id, now))
        .collect())
}

fn read_here(f: &Path) -> Result<LicenseFile> {
    let read = crate::files::read_regular(f, MAX_LICENSE_BYTES, crate::files::Links::Follow)
        .map_err(|e| e.into_error(f, MAX_LICENSE_BYTES))?;
    let written = read
        .meta
        .modified()
        .ok()
        .and_then(|t| t.duration_since(std::time::UNIX_EPOCH).ok());
    Ok(LicenseFile {
        bytes: read.bytes,
        written: written.map(|d| d.as_secs()),
    })
}

fn read_again(inst: &Installation, f: &Path) -> Result<LicenseFile> {
    match &inst.host {
        Host::Local => read_here(f),
        Host::Ssh(s) => crate::remote::read(s, f, MAX_LICENSE_BYTES).map(LicenseFile::from),
    }
}

fn files_here(dir: &Path) -> Result<Vec<(PathBuf, Result<LicenseFile>)>> {
    let entries = match fs::read_dir(dir) {
        Ok(e) => e,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Vec::new()),
        Err(e) => return Err(Error::from_io(&e, dir)),
    };
    let mut files: Vec<PathBuf> = entries
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "json"))
        .collect();
    files.sort();
    Ok(files
        .into_iter()
        .map(|f| {
            let read = read_here(&f);
            (f, read)
        })
        .collect())
}

/// A license that is not JSON is read once more after SETTLE: if it parses then, or has
/// changed, the server was writing it; only the same bad bytes twice are a damaged license.
fn read_one(
    inst: &Installation,
    file: PathBuf,
    read: Result<LicenseFile>,
    installation_id: Option<&str>,
    now: DateTime<Utc>,
) -> LicenseEntry {
    let first = match read {
        Ok(f) => f,
        Err(error) => return LicenseEntry::Unreadable { file, error },
    };
    let error = match parse(&file, &first.bytes) {
        Ok(raw) => return LicenseEntry::Read(describe(&file, raw, first.written, installation_id, now)),
        Err(e @ Error::LicenseInvalid { .. }) => e,
        Err(error) => return LicenseEntry::Unreadable { file, error },
    };
    std::thread::sleep(SETTLE);
    match read_again(inst, &file) {
        Ok(again) => match parse(&file, &again.bytes) {
            Ok(raw) => LicenseEntry::Read(describe(&file, raw, again.written, installation_id, now)),
            Err(_) if again.bytes != first.bytes => LicenseEntry::BeingWritten {
                file,
                being_written: true,
            },
            Err(_) => LicenseEntry::Unreadable { file, error },
        },
        Err(error) => LicenseEntry::Unreadable { file, error },
    }
}

fn parse(file: &Path, bytes: &[u8]) -> Result<RawLicense> {
    // .NET may write a BOM; serde_json rejects trailing junk on its own.
    let body = bytes.strip_prefix("\u{feff}".as_bytes()).unwrap_or(bytes);
    let mut de = serde_json::Deserializer::from_slice(body);
    let raw: RawLicense = serde_path_to_error::deserialize(&mut de).map_err(|e| license_error(file, e))?;
    // Anything after the license's JSON (a second document, junk) makes it not JSON.
    de.end().map_err(|e| Error::LicenseInvalid {
        path: file.into(),
        line: e.line(),
        column: e.column(),
    })?;
    if !is_guid(&raw.id) {
        return Err(Error::LicenseInvalid {
            path: file.into(),
            line: 0,
            column: 0,
        });
    }
    Ok(raw)
}

/// JSON that is not JSON is named by its line and column; JSON whose field has the wrong kind
/// of value (a number where a string belongs), by that field.
fn license_error(file: &Path, e: serde_path_to_error::Error<serde_json::Error>) -> Error {
    let field = e.path().to_string();
    let inner = e.into_inner();
    if inner.classify() == serde_json::error::Category::Data && field != "." {
        return Error::LicenseFieldInvalid {
            path: file.into(),
            field,
        };
    }
    Error::LicenseInvalid {
        path: file.into(),
        line: inner.line(),
        column: inner.column(),
    }
}

fn describe(
    file: &Path,
    raw: RawLicense,
    written: Option<u64>,
    installation_id: Option<&str>,
    now: DateTime<Utc>,
) -> Organization {
    let mut warnings = Vec::new();
    if let (Some(lic), Some(ours)) = (raw.installation_id.as_deref(), installation_id) {
        if !lic.eq_ignore_ascii_case(ours) {
            warnings.push(LicenseWarning::InstallationMismatch {
                license: lic.into(),
                installation: ours.into(),
            });
        }
    }
    if plan_family(raw.plan_type) != PlanFamily::Enterprise {
        warnings.push(LicenseWarning::PlanCannotSponsor {
            plan_type: raw.plan_type,
        });
    }
    if let Some(exp) = raw.expires.as_deref() {
        match parse_time(exp) {
            Some(t) if t < now => warnings.push(LicenseWarning::Expired { expires: exp.into() }),
            Some(_) => {}
            None => warnings.push(LicenseWarning::ExpiryUnreadable { expires: exp.into() }),
        }
    }
    if raw.trial == Some(true) {
        warnings.push(LicenseWarning::Trial);
    }
    if raw.enabled == Some(false) {
        warnings.push(LicenseWarning::Disabled);
    }
    if let Some(version) = raw.version.filter(|v| !LICENSE_VERSIONS.contains(v)) {
        warnings.push(LicenseWarning::VersionNotSupported {
            version,
            newest: *LICENSE_VERSIONS.end(),
        });
    }
    Organization {
        id: raw.id.to_ascii_lowercase(),
        name: raw.name,
        file: file.into(),
        plan_type: raw.plan_type,
        plan: plan_family(raw.plan_type),
        version: raw.version,
        written: written.map(|at| LicenseWrite {
            at,
            synced: issued_just_before(raw.issued.as_deref(), at),
        }),
        expires: raw.expires,
        issued: raw.issued,
        warnings,
    }
}

/// Whether `issued` is at most SYNC_WINDOW before `written` (and not after it by more than
/// that: clocks may be a little apart).
fn issued_just_before(issued: Option<&str>, written: u64) -> bool {
    let Some(issued) = issued.and_then(parse_time) else {
        return false;
    };
    (written as i64 - issued.timestamp()).abs() <= SYNC_WINDOW
}

/// .NET writes `2027-01-31T00:00:00Z`, sometimes with fractions, sometimes without a zone
/// (then it is UTC).
fn parse_time(s: &str) -> Option<DateTime<Utc>> {
    DateTime::parse_from_rfc3339(s)
        .map(|t| t.with_timezone(&Utc))
        .ok()
        .or_else(|| {
            NaiveDateTime::parse_from_str(s, "%Y-%m-%dT%H:%M:%S%.f")
                .ok()
                .map(|t| t.and_utc())
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_dotnet_times() {
        assert!(parse_time("2027-01-31T00:00:00Z").is_some());
        assert!(parse_time("2027-01-31T00:00:00.1234567").is_some());
        assert!(parse_time("next year").is_none());
    }
}
