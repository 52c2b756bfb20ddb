//! Paths from bytes: a server's answers carry its paths as raw bytes.

use std::path::PathBuf;

/// The path `bytes` name. Unix paths are bytes, so any bytes will do.
#[cfg(unix)]
pub fn from_bytes(bytes: Vec<u8>) -> PathBuf {
    use std::os::unix::ffi::OsStringExt;
    std::ffi::OsString::from_vec(bytes).into()
}

/// The bytes a (Unix) server is given for `path`: on Unix exactly its bytes.
#[cfg(unix)]
pub fn to_bytes(path: &std::ffi::OsStr) -> std::borrow::Cow<'_, [u8]> {
    use std::os::unix::ffi::OsStrExt;
    path.as_bytes().into()
}

/// On Windows its UTF-8 (what was typed or chosen here is text).
#[cfg(windows)]
pub fn to_bytes(path: &std::ffi::OsStr) -> std::borrow::Cow<'_, [u8]> {
    match path.to_string_lossy() {
        std::borrow::Cow::Borrowed(s) => s.as_bytes().into(),
        std::borrow::Cow::Owned(s) => s.into_bytes().into(),
    }
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

/// The user's private runtime folder, if the platform names one: $XDG_RUNTIME_DIR on Linux.
/// Whether it really is private is checked by whoever uses it (`own_folder`).
#[cfg(all(unix, not(target_os = "macos")))]
pub fn private_runtime() -> Option<PathBuf> {
    env_folder(RUNTIME_VARIABLE)
}

/// The variable that names the private runtime folder, for the owner's message.
#[cfg(all(unix, not(target_os = "macos")))]
pub const RUNTIME_VARIABLE: &str = "XDG_RUNTIME_DIR";

/// On macOS, $TMPDIR: launchd gives each user their own (/var/folders/…/T/, 0700), where
/// /tmp is shared by every account.
#[cfg(target_os = "macos")]
pub fn private_runtime() -> Option<PathBuf> {
    env_folder(RUNTIME_VARIABLE)
}

#[cfg(target_os = "macos")]
pub const RUNTIME_VARIABLE: &str = "TMPDIR";

/// None on Windows: famsync's files there are always in the user's own profile.
#[cfg(windows)]
pub fn private_runtime() -> Option<PathBuf> {
    None
}

/// What names the profile's data folder, the only place famsync keeps its files there.
#[cfg(windows)]
pub const RUNTIME_VARIABLE: &str = "APPDATA";

#[cfg(unix)]
fn env_folder(name: &str) -> Option<PathBuf> {
    std::env::var_os(name)
        .filter(|v| !v.is_empty())
        .map(PathBuf::from)
}
