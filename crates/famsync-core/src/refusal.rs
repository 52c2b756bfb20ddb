//! Why the OS refused access to someone who owns the file (or to root): told apart so that
//! the owner is never told "run as the owner". An immutable flag (chattr +i) refuses even
//! root; a folder or file without its owner's write bit refuses the owner.

use crate::error::Error;
use std::fs::File;
use std::os::unix::fs::{MetadataExt, PermissionsExt};
use std::path::Path;

// FS_IOC_GETFLAGS, as lsattr reads it (linux/fs.h).
nix::ioctl_read!(get_flags, b'f', 1, nix::libc::c_long);
const IMMUTABLE: nix::libc::c_long = 0x10;
const APPEND_ONLY: nix::libc::c_long = 0x20;

/// The precise cause when we own `path` (or are root) and access was refused anyway.
pub fn for_owner(path: &Path) -> Option<Error> {
    let meta = std::fs::symlink_metadata(path).ok()?;
    let me = nix::unistd::geteuid().as_raw();
    if me != 0 && me != meta.uid() {
        return None;
    }
    let folder = crate::files::folder_of(path);
    if [path, folder].iter().any(|p| locked(p)) {
        let locked = if locked(path) { path } else { folder };
        return Some(Error::Immutable { path: locked.into() });
    }
    if me == 0 {
        return None;
    }
    let bits = |m: &std::fs::Metadata| m.permissions().mode() & 0o7777;
    let mode = |m: &std::fs::Metadata| format!("{:o}", bits(m));
    if meta.is_dir() && bits(&meta) & 0o200 == 0 {
        return Some(Error::FolderNotWritable {
            folder: path.into(),
            mode: mode(&meta),
        });
    }
    if meta.is_file() && bits(&meta) & 0o200 == 0 {
        return Some(Error::FileNotWritable {
            path: path.into(),
            mode: mode(&meta),
        });
    }
    let parent = std::fs::metadata(folder).ok()?;
    (parent.uid() == me && bits(&parent) & 0o200 == 0).then(|| Error::FolderNotWritable {
        folder: folder.into(),
        mode: mode(&parent),
    })
}

/// Whether `path` carries the immutable or append-only flag.
fn locked(path: &Path) -> bool {
    use std::os::fd::AsRawFd;
    let Ok(file) = File::open(path) else { return false };
    let mut flags: nix::libc::c_long = 0;
    // SAFETY: the ioctl writes one long into `flags`, which lives for the call.
    let read = unsafe { get_flags(file.as_raw_fd(), &mut flags) };
    read.is_ok() && flags & (IMMUTABLE | APPEND_ONLY) != 0
}
