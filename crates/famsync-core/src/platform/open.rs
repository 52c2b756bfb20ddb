//! Opening a file to read that may turn out to be anything (a FIFO, a device, a link planted
//! between a look and the open): the open never blocks, and a link is not followed when asked.

use std::fs::{File, OpenOptions};
use std::io;
use std::path::Path;

pub use imp::{is_refused_link, open_for_reading};

#[cfg(unix)]
mod imp {
    use super::*;
    use std::os::unix::fs::OpenOptionsExt;

    /// O_NONBLOCK: a FIFO opens at once (and is then refused by its metadata); O_NOFOLLOW when
    /// `follow` is false.
    pub fn open_for_reading(path: &Path, follow: bool) -> io::Result<File> {
        let mut flags = nix::fcntl::OFlag::O_NONBLOCK;
        if !follow {
            flags |= nix::fcntl::OFlag::O_NOFOLLOW;
        }
        OpenOptions::new()
            .read(true)
            .custom_flags(flags.bits())
            .open(path)
    }

    /// O_NOFOLLOW on a link that appeared after the look.
    pub fn is_refused_link(e: &io::Error) -> bool {
        e.raw_os_error() == Some(nix::errno::Errno::ELOOP as i32)
    }
}

/// Windows has no FIFOs or devices in the file system (a named pipe or a device has a name
/// under \\.\ that is no file's path): the metadata's file type, checked before and after the
/// open, is enough. Without following, a link is opened as itself (OPEN_REPARSE_POINT), and its
/// metadata then refuses it as not a regular file.
#[cfg(windows)]
mod imp {
    use super::*;
    use std::os::windows::fs::OpenOptionsExt;
    use windows_sys::Win32::Storage::FileSystem::FILE_FLAG_OPEN_REPARSE_POINT;

    pub fn open_for_reading(path: &Path, follow: bool) -> io::Result<File> {
        let mut opts = OpenOptions::new();
        opts.read(true);
        if !follow {
            opts.custom_flags(FILE_FLAG_OPEN_REPARSE_POINT);
        }
        opts.open(path)
    }

    pub fn is_refused_link(_e: &io::Error) -> bool {
        false
    }
}
