//! Small JSON records famsync keeps in the user's data folder, one file per installation:
//! `<data_dir>/<kind>/<installation id>.json`. Written whole through a temp file and a rename,
//! so a crash leaves the old record or the new one, never half of one.

use crate::error::{Error, Result};
use serde::{de::DeserializeOwned, Serialize};
use std::path::{Path, PathBuf};

fn file(data_dir: &Path, kind: &str, installation_id: &str) -> PathBuf {
    data_dir.join(kind).join(format!("{installation_id}.json"))
}

pub fn save<T: Serialize>(data_dir: &Path, kind: &str, installation_id: &str, value: &T) -> Result<()> {
    use crate::files::{write_new_private, Existing, WriteError};
    let path = file(data_dir, kind, installation_id);
    let dir = path.parent().unwrap_or(data_dir);
    // famsync's own folders are its user's alone.
    crate::platform::owner::create_private_dir_all(dir).map_err(|e| Error::from_io(&e, dir))?;
    let json = serde_json::to_vec_pretty(value).unwrap_or_default();
    write_new_private(&path, &json, Existing::Replace).map_err(|e| match e {
        WriteError::Io(e) => Error::from_io(&e, &path),
        WriteError::Exists | WriteError::NotRegular => Error::NotARegularFile { path: path.clone() },
    })
}

/// A record is a few hundred bytes; a bigger file is not one of famsync's.
const MAX_RECORD_BYTES: u64 = 1024 * 1024;

/// What was recorded, if anything. A record that cannot be read back (damaged, cut short,
/// replaced by something that is not a file) is moved aside as `<id>.json.damaged-<time>`,
/// never silently overwritten, and counts as none.
pub fn load<T: DeserializeOwned>(data_dir: &Path, kind: &str, installation_id: &str) -> Option<T> {
    let path = file(data_dir, kind, installation_id);
    let bytes = match crate::files::read_regular(&path, MAX_RECORD_BYTES, crate::files::Links::Refuse) {
        Ok(r) => r.bytes,
        Err(crate::files::ReadError::Io(e)) if e.kind() == std::io::ErrorKind::NotFound => return None,
        Err(_) => return keep_aside(&path),
    };
    serde_json::from_slice(&bytes).ok().or_else(|| keep_aside(&path))
}

fn keep_aside<T>(path: &Path) -> Option<T> {
    let stamp = chrono::Utc::now().format("%Y%m%dT%H%M%SZ");
    let aside = path.with_extension(format!("json.damaged-{stamp}"));
    // Should even the rename fail (or the name be taken), the next save replaces the damaged
    // file: nothing else to do.
    let _ = crate::envfile::write::rename_noreplace(path, &aside);
    None
}

/// The damaged records of this kind and installation that `load` kept aside, oldest first.
pub fn damaged(data_dir: &Path, kind: &str, installation_id: &str) -> Vec<PathBuf> {
    let prefix = format!("{installation_id}.json.damaged-");
    let mut found: Vec<PathBuf> = std::fs::read_dir(data_dir.join(kind))
        .into_iter()
        .flatten()
        .flatten()
        .filter(|e| e.file_name().to_str().is_some_and(|n| n.starts_with(&prefix)))
        .map(|e| e.path())
        .collect();
    found.sort();
    found
}

/// Removes a record; one that is not there is fine.
pub fn remove(data_dir: &Path, kind: &str, installation_id: &str) -> Result<()> {
    let path = file(data_dir, kind, installation_id);
    match std::fs::remove_file(&path) {
        Err(e) if e.kind() != std::io::ErrorKind::NotFound => Err(Error::from_io(&e, &path)),
        _ => Ok(()),
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn a_record_reads_back_is_replaced_and_removed() {
        let dir = tempfile::tempdir().unwrap();
        assert_eq!(super::load::<u32>(dir.path(), "k", "id"), None);
        super::save(dir.path(), "k", "id", &1u32).unwrap();
        super::save(dir.path(), "k", "id", &2u32).unwrap();
        assert_eq!(super::load::<u32>(dir.path(), "k", "id"), Some(2));
        let names: Vec<_> = std::fs::read_dir(dir.path().join("k")).unwrap().collect();
        assert_eq!(names.len(), 1, "no temp file is left behind");
        super::remove(dir.path(), "k", "id").unwrap();
        super::remove(dir.path(), "k", "id").unwrap();
        assert_eq!(super::load::<u32>(dir.path(), "k", "id"), None);
    }

    #[test]
    fn a_damaged_record_counts_as_none_and_is_kept_aside() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir_all(dir.path().join("k")).unwrap();
        std::fs::write(dir.path().join("k/id.json"), "{not json").unwrap();
        assert_eq!(super::load::<u32>(dir.path(), "k", "id"), None);
        let aside: Vec<_> = std::fs::read_dir(dir.path().join("k"))
            .unwrap()
            .flatten()
            .collect();
        assert_eq!(aside.len(), 1);
        assert!(aside[0]
            .file_name()
            .to_str()
            .unwrap()
            .starts_with("id.json.damaged-"));
        assert_eq!(std::fs::read(aside[0].path()).unwrap(), b"{not json");
        assert_eq!(super::damaged(dir.path(), "k", "id"), vec![aside[0].path()]);
        assert!(!dir.path().join("k/id.json").exists());
    }
}
