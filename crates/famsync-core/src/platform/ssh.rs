//! SSH on this platform: how one session's commands share a login (OpenSSH's ControlMaster on
//! Unix, its socket in a private folder; Windows' OpenSSH has none, no Unix sockets to pass a
//! connection through, so there the session holds one ssh open: remote/held.rs), where ssh
//! finds `~`, and how a path is written in its options.

use crate::remote::Link;
use std::path::{Path, PathBuf};

#[cfg(unix)]
pub fn usual_link() -> Link {
    Link::Shared
}

#[cfg(windows)]
pub fn usual_link() -> Link {
    Link::Held
}

/// The home ssh reads `~/.ssh` under when run from a terminal: $HOME.
#[cfg(unix)]
pub fn home() -> Option<PathBuf> {
    std::env::var_os("HOME")
        .filter(|h| !h.is_empty())
        .map(PathBuf::from)
}

/// Win32-OpenSSH's home: the profile folder.
#[cfg(windows)]
pub fn home() -> Option<PathBuf> {
    std::env::var_os("USERPROFILE")
        .filter(|h| !h.is_empty())
        .map(PathBuf::from)
}

/// `path` as text in an ssh option, as it is.
#[cfg(unix)]
pub fn path_text(path: &Path) -> Option<String> {
    path.to_str().map(str::to_string)
}

/// With forward slashes: a backslash escapes the next character in ssh's option parser, and
/// Win32-OpenSSH reads `C:/Users/…` as the same file as `C:\Users\…`.
#[cfg(windows)]
pub fn path_text(path: &Path) -> Option<String> {
    path.to_str().map(|p| p.replace('\\', "/"))
}

#[cfg(test)]
mod tests {
    #[cfg(windows)]
    #[test]
    fn windows_paths_reach_ssh_with_forward_slashes() {
        let path = std::path::Path::new(r"C:\Users\Ann Lee\AppData\Roaming\famsync\known_hosts");
        assert_eq!(
            super::path_text(path).as_deref(),
            Some("C:/Users/Ann Lee/AppData/Roaming/famsync/known_hosts")
        );
    }
}
