//! Opening bitwarden.sh's folder to hold the restart lock on it (`runner::lock`): the lock
//! itself is std's `File::try_lock`, flock(2) on Unix and LockFileEx on Windows.

use std::fs::File;
use std::io;
use std::path::Path;

pub use imp::open_folder;

/// Read-only: nothing is written into the installation.
#[cfg(unix)]
mod imp {
    use super::*;

    pub fn open_folder(dir: &Path) -> io::Result<File> {
        File::open(dir)
    }
}

/// A folder opens only with FILE_FLAG_BACKUP_SEMANTICS. Should Windows refuse a byte-range
/// lock on the folder's handle, `try_lock` returns that error and the restart is refused with
/// it: never run as if locked.
#[cfg(windows)]
mod imp {
    use super::*;
    use std::os::windows::fs::OpenOptionsExt;
    use windows_sys::Win32::Storage::FileSystem::FILE_FLAG_BACKUP_SEMANTICS;

    pub fn open_folder(dir: &Path) -> io::Result<File> {
        std::fs::OpenOptions::new()
            .read(true)
            .custom_flags(FILE_FLAG_BACKUP_SEMANTICS)
            .open(dir)
    }
}
