//! Which file a name holds now: the same (device, inode) pair is the same file, whatever path
//! leads to it (a link, a bind mount, a second name).

use std::io;
use std::path::Path;

pub use imp::of;

/// Whether a symbolic link at the path itself is followed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Links {
    Follow,
    Refuse,
}

#[cfg(unix)]
mod imp {
    use super::*;
    use std::os::unix::fs::MetadataExt;

    /// Device and inode.
    pub fn of(path: &Path, links: Links) -> io::Result<(u64, u64)> {
        let m = match links {
            Links::Follow => std::fs::metadata(path)?,
            Links::Refuse => std::fs::symlink_metadata(path)?,
        };
        Ok((m.dev(), m.ino()))
    }
}

/// The volume's serial number and the file's index on it, from GetFileInformationByHandle:
/// Windows' own pair for "the same file". std has them only on nightly.
#[cfg(windows)]
mod imp {
    use super::*;
    use std::os::windows::fs::OpenOptionsExt;
    use std::os::windows::io::AsRawHandle;
    use windows_sys::Win32::Storage::FileSystem::{
        GetFileInformationByHandle, BY_HANDLE_FILE_INFORMATION, FILE_FLAG_BACKUP_SEMANTICS,
        FILE_FLAG_OPEN_REPARSE_POINT,
    };

    pub fn of(path: &Path, links: Links) -> io::Result<(u64, u64)> {
        // No access asked (only attributes are read), and BACKUP_SEMANTICS so that a folder
        // opens too; OPEN_REPARSE_POINT is "do not follow a link".
        let mut flags = FILE_FLAG_BACKUP_SEMANTICS;
        if links == Links::Refuse {
            flags |= FILE_FLAG_OPEN_REPARSE_POINT;
        }
        let file = std::fs::OpenOptions::new()
            .access_mode(0)
            .custom_flags(flags)
            .open(path)?;
        // SAFETY: the handle is open for the call; the struct is plain data the call fills.
        let mut info: BY_HANDLE_FILE_INFORMATION = unsafe { std::mem::zeroed() };
        let ok = unsafe { GetFileInformationByHandle(file.as_raw_handle() as _, &mut info) };
        if ok == 0 {
            return Err(io::Error::last_os_error());
        }
        let index = (u64::from(info.nFileIndexHigh) << 32) | u64::from(info.nFileIndexLow);
        Ok((u64::from(info.dwVolumeSerialNumber), index))
    }
}
