//! Putting a new file in place of an old one in one step (see `envfile::write`), and renaming
//! to a free name only.

use std::io;
use std::path::Path;

pub use imp::{exchange, rename_noreplace, replace, sync_dir};

/// Why two names were not exchanged.
#[derive(Debug)]
pub enum NotExchanged {
    /// This filesystem or OS cannot exchange two names in one step: the caller checks, then
    /// replaces.
    Unsupported,
    // Windows only ever answers Unsupported.
    #[cfg_attr(windows, allow(dead_code))]
    Failed(io::Error),
}

#[cfg(unix)]
mod imp {
    use super::*;
    use nix::fcntl::{renameat2, RenameFlags};
    use std::fs::File;

    /// Swaps the files at `a` and `b` in one step (renameat2 RENAME_EXCHANGE).
    pub fn exchange(a: &Path, b: &Path) -> Result<(), NotExchanged> {
        match renameat2(None, a, None, b, RenameFlags::RENAME_EXCHANGE) {
            Ok(()) => Ok(()),
            // A filesystem without exchange (NFS, some FUSE).
            Err(nix::errno::Errno::EINVAL | nix::errno::Errno::ENOSYS) => Err(NotExchanged::Unsupported),
            Err(e) => Err(NotExchanged::Failed(e.into())),
        }
    }

    /// Renames `from` to `to` only if nothing is at `to` (AlreadyExists otherwise), in one step.
    pub fn rename_noreplace(from: &Path, to: &Path) -> io::Result<()> {
        renameat2(None, from, None, to, RenameFlags::RENAME_NOREPLACE).map_err(io::Error::from)
    }

    /// rename(2): `to` names the old file or the new one at every moment, never neither.
    pub fn replace(from: &Path, to: &Path) -> io::Result<()> {
        std::fs::rename(from, to)
    }

    /// fsync of the folder, so a new name in it survives a power cut.
    pub fn sync_dir(dir: &Path) -> io::Result<()> {
        File::open(dir).and_then(|d| d.sync_all())
    }
}

/// Windows cannot exchange two names, so the caller's check comes first and ReplaceFileW
/// second. What that keeps: the env file's name holds the old file or the new one, never a
/// partial one (ReplaceFileW swaps the names in the file system; when it fails, with
/// ERROR_UNABLE_TO_REMOVE_REPLACED or ERROR_UNABLE_TO_MOVE_REPLACEMENT, the old file is still
/// under its name), and the new file keeps the old one's ACL, attributes and creation time. A
/// concurrent writer is detected up to the check just before the call: a write landing in the
/// moment between the check and ReplaceFileW is replaced, which renameat2's exchange on Linux
/// rules out.
#[cfg(windows)]
mod imp {
    use super::*;
    use std::os::windows::ffi::OsStrExt;
    use windows_sys::Win32::Storage::FileSystem::{
        MoveFileExW, ReplaceFileW, MOVEFILE_WRITE_THROUGH, REPLACEFILE_WRITE_THROUGH,
    };

    pub fn exchange(_a: &Path, _b: &Path) -> Result<(), NotExchanged> {
        Err(NotExchanged::Unsupported)
    }

    /// MoveFileExW without MOVEFILE_REPLACE_EXISTING: refused (ERROR_ALREADY_EXISTS, read by
    /// std as AlreadyExists) when the name is taken, in one step.
    pub fn rename_noreplace(from: &Path, to: &Path) -> io::Result<()> {
        let (from, to) = (wide(from), wide(to));
        // SAFETY: both are NUL-terminated UTF-16 strings that live for the call.
        let ok = unsafe { MoveFileExW(from.as_ptr(), to.as_ptr(), MOVEFILE_WRITE_THROUGH) };
        if ok == 0 {
            return Err(io::Error::last_os_error());
        }
        Ok(())
    }

    /// ReplaceFileW when there is a file to replace (it keeps that file's ACL); where there is
    /// none, a plain rename.
    pub fn replace(from: &Path, to: &Path) -> io::Result<()> {
        if !to.exists() {
            return std::fs::rename(from, to);
        }
        let (replacement, replaced) = (wide(from), wide(to));
        // SAFETY: NUL-terminated UTF-16 strings that live for the call; no backup file, and
        // the two reserved pointers null, as documented.
        let ok = unsafe {
            ReplaceFileW(
                replaced.as_ptr(),
                replacement.as_ptr(),
                std::ptr::null(),
                REPLACEFILE_WRITE_THROUGH,
                std::ptr::null(),
                std::ptr::null(),
            )
        };
        if ok == 0 {
            return Err(io::Error::last_os_error());
        }
        Ok(())
    }

    /// NTFS journals its names: a folder cannot be flushed from here (it would take opening
    /// it for writing), and REPLACEFILE_WRITE_THROUGH / MOVEFILE_WRITE_THROUGH already wait
    /// for the change to reach the disk.
    pub fn sync_dir(_dir: &Path) -> io::Result<()> {
        Ok(())
    }

    fn wide(path: &Path) -> Vec<u16> {
        path.as_os_str().encode_wide().chain(Some(0)).collect()
    }
}
