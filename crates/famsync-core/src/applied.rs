//! Which env-file content the running server was started with, recorded after a restart that
//! famsync ran (or the owner confirmed), so status can tell "written but not yet applied".
//! Kept in the user's data folder, one small JSON file per installation: no secrets in it.

use crate::error::Result;
use crate::records;
use serde::{Deserialize, Serialize};
use std::path::Path;

const KIND: &str = "applied";

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct StartRecord {
    /// The env file's revision (see envfile::revision) when the server was started.
    pub env_revision: String,
    /// Unix seconds.
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub at: u64,
}

pub fn record(data_dir: &Path, installation_id: &str, env_revision: &str) -> Result<()> {
    let at = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_secs())
        .unwrap_or(0);
    let record = StartRecord {
        env_revision: env_revision.into(),
        at,
    };
    records::save(data_dir, KIND, installation_id, &record)
}

/// What was recorded, if anything (a damaged record counts as none).
pub fn load(data_dir: &Path, installation_id: &str) -> Option<StartRecord> {
    records::load(data_dir, KIND, installation_id)
}

/// The server is down (a restart stopped it and did not start it again): no running server
/// was started with anything, so nothing counts as applied.
pub fn forget(data_dir: &Path, installation_id: &str) -> Result<()> {
    records::remove(data_dir, KIND, installation_id)
}
