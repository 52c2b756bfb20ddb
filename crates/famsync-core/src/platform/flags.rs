//! A file's flags that refuse a change even to its owner (or to root).

use std::path::Path;

pub use imp::locked;

#[cfg(unix)]
mod imp {
    use super::*;
    use std::fs::File;
    use std::os::fd::AsRawFd;

    // FS_IOC_GETFLAGS, as lsattr reads it (linux/fs.h).
    nix::ioctl_read!(get_flags, b'f', 1, nix::libc::c_long);
    const IMMUTABLE: nix::libc::c_long = 0x10;
    const APPEND_ONLY: nix::libc::c_long = 0x20;

    /// Whether `path` carries the immutable or append-only flag (chattr +i, +a).
    pub fn locked(path: &Path) -> bool {
        let Ok(file) = File::open(path) else { return false };
        let mut flags: nix::libc::c_long = 0;
        // SAFETY: the ioctl writes one long into `flags`, which lives for the call.
        let read = unsafe { get_flags(file.as_raw_fd(), &mut flags) };
        read.is_ok() && flags & (IMMUTABLE | APPEND_ONLY) != 0
    }
}

/// Windows has no immutable flag; its read-only attribute shows as a missing write bit in
/// `platform::owner::mode` and is told apart there.
#[cfg(windows)]
mod imp {
    use super::*;

    pub fn locked(_path: &Path) -> bool {
        false
    }
}
