//! A file's mode where the OS has one. Windows has an ACL instead, inherited from the folder,
//! which famsync's replace keeps: there `set_mode` leaves the file as it is.
#![allow(dead_code)] // each test uses its own subset

use std::path::Path;

#[cfg(unix)]
pub fn set_mode(path: &Path, mode: u32) {
    use std::os::unix::fs::PermissionsExt;
    std::fs::set_permissions(path, std::fs::Permissions::from_mode(mode)).unwrap();
}

#[cfg(windows)]
pub fn set_mode(_path: &Path, _mode: u32) {}

/// The mode bits, or on Windows only whether the file is read-only (0o444 or 0o644).
#[cfg(unix)]
pub fn mode(meta: &std::fs::Metadata) -> u32 {
    use std::os::unix::fs::PermissionsExt;
    meta.permissions().mode()
}

#[cfg(windows)]
pub fn mode(meta: &std::fs::Metadata) -> u32 {
    if meta.permissions().readonly() {
        0o444
    } else {
        0o644
    }
}
