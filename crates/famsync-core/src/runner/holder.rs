//! Who holds the restart lock on a folder, as far as this machine shows it: any user who may
//! read the script's folder can take the lock and so block restarts, and the owner must be
//! able to tell which process that is. How each OS shows it is in `platform::holder`.

use serde::Serialize;
use std::path::Path;

/// The process holding a restart lock; what /proc does not show is None.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct LockHolder {
    pub pid: u32,
    /// Its command line (or name), as /proc shows it.
    pub command: Option<String>,
    /// The user it runs as.
    pub user: Option<String>,
}

/// The holder of the lock on `dir`, when one can be seen.
pub fn of(dir: &Path) -> Option<LockHolder> {
    crate::platform::holder::of(dir)
}
