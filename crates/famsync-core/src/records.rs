//! Small JSON records famsync keeps in the user's data folder, one file per installation:
//! `<data_dir>/<kind>/<installation id>.json`. Written whole through a temp file and a rename,
//! so a crash leaves the old record or the new one, never half of one.

use crate::error::{Error, Result};
use serde::{de::DeserializeOwned, Serialize};
use std::io::Write;
use std::path::{Path, PathBuf};

fn file(data_dir: &Path, kind: &str, installation_id: &str) -> PathBuf {
    data_dir.join(kind).join(format!("{installation_id}.json"))
}

pub fn save<T: Serialize>(data_dir: &Path, kind: &str, installation_id: &str, value: &T) -> Result<()> {
    let path = file(data_dir, kind, installation_id);
    let dir = path.parent().unwrap_or(data_dir);
    std::fs::create_dir_all(dir).map_err(|e| Error::from_io(&e, dir))?;
    let json = serde_json::to_vec_pretty(value).unwrap_or_default();
    let temp = path.with_extension(format!("json.{}.tmp", std::process::id()));
    let written = std::fs::File::create(&temp)
        .and_then(|mut f| f.write_all(&json).and_then(|_| f.sync_all()))
        .and_then(|_| std::fs::rename(&temp, &path));
    written.map_err(|e| {
        let _ = std::fs::remove_file(&temp);
        Error::from_io(&e, &path)
    })
}

/// What was recorded, if anything (a damaged record counts as none).
pub fn load<T: DeserializeOwned>(data_dir: &Path, kind: &str, installation_id: &str) -> Option<T> {
    serde_json::from_slice(&std::fs::read(file(data_dir, kind, installation_id)).ok()?).ok()
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
    fn a_damaged_record_counts_as_none() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir_all(dir.path().join("k")).unwrap();
        std::fs::write(dir.path().join("k/id.json"), "{not json").unwrap();
        assert_eq!(super::load::<u32>(dir.path(), "k", "id"), None);
    }
}
