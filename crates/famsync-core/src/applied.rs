//! Which env-file content the running server was started with, recorded after a restart that
//! famsync ran (or the owner confirmed), so status can tell "written but not yet applied".
//! Kept in the user's data folder, one small JSON file per installation: no secrets in it.

use crate::error::{Error, Result};
use serde::{Deserialize, Serialize};
use std::path::{Path, PathBuf};

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct StartRecord {
    /// The env file's revision (see envfile::revision) when the server was started.
    pub env_revision: String,
    /// Unix seconds.
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub at: u64,
}

fn file(data_dir: &Path, installation_id: &str) -> PathBuf {
    data_dir.join("applied").join(format!("{installation_id}.json"))
}

pub fn record(data_dir: &Path, installation_id: &str, env_revision: &str) -> Result<()> {
    let at = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_secs())
        .unwrap_or(0);
    let path = file(data_dir, installation_id);
    let dir = path.parent().unwrap_or(data_dir);
    std::fs::create_dir_all(dir).map_err(|e| Error::from_io(&e, dir))?;
    let json = serde_json::to_vec(&StartRecord {
        env_revision: env_revision.into(),
        at,
    })
    .unwrap_or_default();
    std::fs::write(&path, json).map_err(|e| Error::from_io(&e, &path))
}

/// What was recorded, if anything (a damaged record counts as none).
pub fn load(data_dir: &Path, installation_id: &str) -> Option<StartRecord> {
    serde_json::from_slice(&std::fs::read(file(data_dir, installation_id)).ok()?).ok()
}

#[cfg(test)]
mod tests {
    #[test]
    fn a_record_reads_back_and_a_missing_one_is_none() {
        let dir = tempfile::tempdir().unwrap();
        assert_eq!(super::load(dir.path(), "id"), None);
        super::record(dir.path(), "id", "abc").unwrap();
        assert_eq!(super::load(dir.path(), "id").unwrap().env_revision, "abc");
    }
}
