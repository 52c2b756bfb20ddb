//! Timestamped copies of the env file, made beside it before every change, and restoring them.
//! Bitwarden reads only the env files it names, so extra files in `env/` are inert.

use crate::envfile::{write, Snapshot};
use crate::error::{Error, Result};
use crate::host::Host;
use crate::install::Installation;
use crate::platform::owner as os;
use serde::Serialize;
use std::fs;
use std::path::{Path, PathBuf};

const SUFFIX: &str = ".bak";
/// The UTC time in a backup's name.
pub const STAMP: &str = "%Y%m%dT%H%M%SZ";
/// How many backups are kept: after each write, all but the newest ten are deleted (they hold
/// the installation's secrets, and a long-lived server would gather them forever).
pub const KEPT: usize = 10;

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Backup {
    pub name: String,
    /// UTC, as in the name: `2026-11-22T10:15:00Z`.
    pub created: String,
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub size: u64,
}

fn prefix(env_file: &Path) -> String {
    let name = env_file
        .file_name()
        .and_then(|n| n.to_str())
        .unwrap_or("global.override.env");
    format!("{name}.famsync-")
}

/// Copies what `snapshot` read (not what is on disk now) to a new backup, durably and without
/// ever overwriting an older backup. Returns the backup's file name.
pub fn create(snapshot: &Snapshot) -> Result<String> {
    let stamp = chrono::Utc::now().format(STAMP).to_string();
    let tmp = write::write_sibling(&snapshot.path, snapshot, &snapshot.bytes, "backup")?;
    let result = link_unique(&snapshot.path, &tmp, &stamp);
    let _ = fs::remove_file(&tmp);
    result
}

fn link_unique(env_file: &Path, tmp: &Path, stamp: &str) -> Result<String> {
    let dir = env_file.parent().unwrap_or(Path::new("."));
    // After the highest counter this second has used, never a lower free one: names sort in the
    // order the backups were made, which pruning relies on to delete the oldest.
    let first = highest_counter(dir, &prefix(env_file), stamp) + 1;
    for n in first..first + 1000 {
        let counter = if n == 1 { String::new() } else { format!("-{n}") };
        let name = format!("{}{stamp}{counter}{SUFFIX}", prefix(env_file));
        match fs::hard_link(tmp, dir.join(&name)) {
            Ok(()) => {
                crate::platform::replace::sync_dir(dir).map_err(|e| Error::from_io(&e, dir))?;
                return Ok(name);
            }
            Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => continue,
            Err(e) => return Err(Error::from_io(&e, dir)),
        }
    }
    Err(Error::Io {
        path: dir.into(),
        kind: "AlreadyExists".into(),
        os_code: None,
    })
}

/// The highest counter among this folder's backups made in the second `stamp` (0: none).
fn highest_counter(dir: &Path, prefix: &str, stamp: &str) -> u32 {
    sizes_here(dir)
        .unwrap_or_default()
        .iter()
        .filter_map(|(name, _)| parse_name(name, prefix))
        .filter(|(s, _)| s == stamp)
        .map(|(_, n)| n)
        .max()
        .unwrap_or(0)
}

/// Backups of the installation's env file, oldest first.
pub fn list(inst: &Installation) -> Result<Vec<Backup>> {
    let env_file = &inst.env_file;
    let dir = env_file.parent().unwrap_or(Path::new("."));
    let prefix = prefix(env_file);
    let files = match &inst.host {
        Host::Local => sizes_here(dir)?,
        Host::Ssh(s) => crate::remote::sizes(s, dir, &prefix)?,
    };
    let now = chrono::Utc::now().format(STAMP).to_string();
    let mut found: Vec<((bool, String, u32), Backup)> = files
        .into_iter()
        .filter_map(|(name, size)| {
            let (stamp, counter) = parse_name(&name, &prefix)?;
            let created = pretty_stamp(&stamp);
            // A backup stamped later than now was made while the clock was ahead: it is older
            // than any made now, and is ordered first, so pruning never takes the new ones.
            let key = (stamp <= now, stamp, counter);
            Some((key, Backup { name, created, size }))
        })
        .collect();
    found.sort_by(|a, b| a.0.cmp(&b.0));
    Ok(found.into_iter().map(|(_, b)| b).collect())
}

fn sizes_here(dir: &Path) -> Result<Vec<(String, u64)>> {
    let mut out = Vec::new();
    let owners = makers(dir);
    for entry in fs::read_dir(dir).map_err(|e| Error::from_io(&e, dir))? {
        let entry = entry.map_err(|e| Error::from_io(&e, dir))?;
        // Only regular files are backups: a folder or a link named like one is not listed,
        // restored or pruned; nor is a file that another account (one who may write env/)
        // put there under a backup's name, to be restored as the newest.
        let meta = entry
            .metadata()
            .ok()
            .filter(|m| m.is_file() && owners.contains(&os::uid(m)));
        if let (Some(name), Some(meta)) = (entry.file_name().to_str(), meta) {
            out.push((name.to_string(), meta.len()));
        }
    }
    Ok(out)
}

/// Who may own one of famsync's backups here: root, famsync's user, and the env file's owner
/// (a backup keeps it), or env/'s owner when there is no env file.
fn makers(dir: &Path) -> [u32; 3] {
    let env_owner = fs::symlink_metadata(dir.join("global.override.env"))
        .or_else(|_| fs::metadata(dir))
        .map_or(0, |m| os::uid(&m));
    [0, os::effective_uid(), env_owner]
}

/// `<prefix>20261122T101500Z-2.bak` → ("20261122T101500Z", 2); anything else → None.
fn parse_name(name: &str, prefix: &str) -> Option<(String, u32)> {
    let middle = name.strip_prefix(prefix)?.strip_suffix(SUFFIX)?;
    let (stamp, counter) = match middle.split_once('-') {
        Some((s, c)) => (s, c.parse().ok()?),
        None => (middle, 1),
    };
    let well_formed =
        stamp.len() == 16 && chrono::NaiveDateTime::parse_from_str(stamp, "%Y%m%dT%H%M%SZ").is_ok();
    well_formed.then(|| (stamp.to_string(), counter))
}

fn pretty_stamp(stamp: &str) -> String {
    chrono::NaiveDateTime::parse_from_str(stamp, "%Y%m%dT%H%M%SZ")
        .map(|t| t.format("%Y-%m-%dT%H:%M:%SZ").to_string())
        .unwrap_or_default()
}

/// Deletes all but the newest [`KEPT`] backups, never `made` (the backup just made). One that
/// cannot be deleted does not stop the others; the names of those left are returned.
pub fn prune(inst: &Installation, made: &str) -> Result<Vec<String>> {
    let all = list(inst)?;
    let old: Vec<String> = all[..all.len().saturating_sub(KEPT)]
        .iter()
        .map(|b| b.name.clone())
        .filter(|name| name != made)
        .collect();
    let dir = inst.env_file.parent().unwrap_or(Path::new("."));
    match &inst.host {
        _ if old.is_empty() => Ok(old),
        Host::Local => Ok(old
            .into_iter()
            .filter(|name| fs::remove_file(dir.join(name)).is_err())
            .collect()),
        Host::Ssh(s) => crate::remote::remove(s, dir, &old),
    }
}

/// The path of backup `name`, which must be one that `list` reports (so a name can never
/// reach outside the env folder).
pub fn path_of(inst: &Installation, name: &str) -> Result<PathBuf> {
    let dir = inst.env_file.parent().unwrap_or(Path::new("."));
    let known = list(inst)?.into_iter().any(|b| b.name == name);
    if !known {
        return Err(Error::BackupNotFound {
            name: name.into(),
            dir: dir.into(),
        });
    }
    Ok(dir.join(name))
}

/// Reads a backup whatever it holds: a damaged env file that a restore kept aside is a backup
/// too, and putting it back undoes that restore.
pub fn read_backup(inst: &Installation, name: &str) -> Result<Snapshot> {
    inst.read_loose(&path_of(inst, name)?)
}
