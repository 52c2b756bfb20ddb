//! Paths from bytes: a server's answers carry its paths as raw bytes.

use std::path::PathBuf;

/// The path `bytes` name. Unix paths are bytes, so any bytes will do.
#[cfg(unix)]
pub fn from_bytes(bytes: Vec<u8>) -> PathBuf {
    use std::os::unix::ffi::OsStringExt;
    std::ffi::OsString::from_vec(bytes).into()
}

/// Windows paths are UTF-16: a (Unix) server's path that is not UTF-8 cannot be named here,
/// and is shown with U+FFFD in place of what cannot be read.
#[cfg(windows)]
pub fn from_bytes(bytes: Vec<u8>) -> PathBuf {
    String::from_utf8_lossy(&bytes).into_owned().into()
}

/// The path as Win32 calls take it: UTF-16, NUL-terminated.
#[cfg(windows)]
pub fn wide(path: &std::path::Path) -> Vec<u16> {
    use std::os::windows::ffi::OsStrExt;
    path.as_os_str().encode_wide().chain(Some(0)).collect()
}
