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
    use nix::errno::Errno;
    use std::fs::File;

    /// Swaps the files at `a` and `b` in one step (Linux: renameat2 RENAME_EXCHANGE; macOS:
    /// renamex_np RENAME_SWAP).
    pub fn exchange(a: &Path, b: &Path) -> Result<(), NotExchanged> {
        match two_names::rename(a, b, two_names::Mode::Swap) {
            Ok(()) => Ok(()),
            // A filesystem without exchange (NFS, some FUSE; on macOS, one that is not APFS).
            Err(Errno::EINVAL | Errno::ENOSYS | Errno::ENOTSUP) => Err(NotExchanged::Unsupported),
            Err(e) => Err(NotExchanged::Failed(e.into())),
        }
    }

    /// Renames `from` to `to` only if nothing is at `to` (AlreadyExists otherwise), in one step.
    pub fn rename_noreplace(from: &Path, to: &Path) -> io::Result<()> {
        two_names::rename(from, to, two_names::Mode::NoReplace).map_err(io::Error::from)
    }

    /// The one rename call with flags each Unix has under its own name.
    mod two_names {
        use std::path::Path;

        pub enum Mode {
            Swap,
            NoReplace,
        }

        #[cfg(target_os = "linux")]
        pub fn rename(from: &Path, to: &Path, mode: Mode) -> nix::Result<()> {
            use nix::fcntl::{renameat2, RenameFlags};
            let flags = match mode {
                Mode::Swap => RenameFlags::RENAME_EXCHANGE,
                Mode::NoReplace => RenameFlags::RENAME_NOREPLACE,
            };
            renameat2(None, from, None, to, flags)
        }

        #[cfg(target_os = "macos")]
        pub fn rename(from: &Path, to: &Path, mode: Mode) -> nix::Result<()> {
            use nix::{libc, NixPath};
            let flags = match mode {
                Mode::Swap => libc::RENAME_SWAP,
                Mode::NoReplace => libc::RENAME_EXCL,
            };
            from.with_nix_path(|from| {
                to.with_nix_path(|to| {
                    // SAFETY: both are NUL-terminated paths that live for the call.
                    nix::errno::Errno::result(unsafe { libc::renamex_np(from.as_ptr(), to.as_ptr(), flags) })
                })
            })??
            .map(drop)
        }
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

/// Windows cannot exchange two names, so the caller's check comes first and the replace
/// second: one rename in the file system over the old name (std's rename: FileRenameInfoEx
/// with POSIX semantics where Windows has it, MoveFileExW with MOVEFILE_REPLACE_EXISTING
/// elsewhere), so the env file's name holds the old file or the new one at every moment, never
/// neither and never a partial one. (Not ReplaceFileW: it moves the old file away before the
/// new one in, and under writers at once it left no file at the name, as the retention test
/// showed under Wine.) The new file already carries the old one's DACL (`platform::attrs`).
/// A concurrent writer is detected up to the check just before the rename: a write landing in
/// the moment between them is replaced, which renameat2's exchange on Linux rules out.
#[cfg(windows)]
mod imp {
    use super::*;
    use crate::platform::paths::wide;
    use windows_sys::Win32::Storage::FileSystem::{MoveFileExW, MOVEFILE_WRITE_THROUGH};

    pub fn exchange(_a: &Path, _b: &Path) -> Result<(), NotExchanged> {
        Err(NotExchanged::Unsupported)
    }

    /// MoveFileExW without MOVEFILE_REPLACE_EXISTING: refused (ERROR_ALREADY_EXISTS, read by
    /// std as AlreadyExists) when the name is taken, in one step.
    pub fn rename_noreplace(from: &Path, to: &Path) -> io::Result<()> {
        let (from, to) = (wide(from), wide(to));
        // SAFETY: both are NUL-terminated UTF-16 strings that live for the call.
        if unsafe { MoveFileExW(from.as_ptr(), to.as_ptr(), MOVEFILE_WRITE_THROUGH) } == 0 {
            return Err(io::Error::last_os_error());
        }
        Ok(())
    }

    /// How long a replace waits for a reader to close the old file.
    const BUSY_FOR: std::time::Duration = std::time::Duration::from_secs(2);

    /// One rename over whatever `to` holds. Without POSIX semantics (older Windows, Wine) a
    /// name that another process holds open cannot be renamed over (ERROR_ACCESS_DENIED) until
    /// it closes it: a famsync reading the file holds it for a moment, so the rename is tried
    /// again for up to BUSY_FOR, which widens the gap after the caller's check by that wait.
    pub fn replace(from: &Path, to: &Path) -> io::Result<()> {
        let started = std::time::Instant::now();
        loop {
            match std::fs::rename(from, to) {
                Err(e) if e.kind() == io::ErrorKind::PermissionDenied && started.elapsed() < BUSY_FOR => {
                    std::thread::sleep(std::time::Duration::from_millis(5));
                }
                other => return other,
            }
        }
    }

    /// NTFS journals its names, so a rename survives a power cut once its journal entry is
    /// written; a folder cannot be flushed from here (it would take opening it for writing).
    /// The new file's bytes were flushed before the rename.
    pub fn sync_dir(_dir: &Path) -> io::Result<()> {
        Ok(())
    }
}
