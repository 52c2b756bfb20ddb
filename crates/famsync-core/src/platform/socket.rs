//! A local socket only this user's processes can reach: how a second famsync wakes the first
//! (`single_instance`, Unix) and how ssh's askpass asks the app (`remote::askpass`). On Unix a
//! Unix socket in a folder only this user can enter; on Windows a named pipe whose ACL names
//! this user alone (socket/pipe.rs).

use std::io;
use std::path::PathBuf;

#[cfg(unix)]
pub use std::os::unix::net::{UnixListener as Listener, UnixStream as Stream};

#[cfg(windows)]
mod pipe;
#[cfg(windows)]
pub use pipe::{Listener, Stream};

/// Where a private listener can be bound, for as long as this lives.
pub struct Address {
    pub path: PathBuf,
    /// Unix: the private folder holding the socket, removed with it.
    _dir: Option<tempfile::TempDir>,
}

/// A new address only this user can reach, named after `prefix`.
#[cfg(unix)]
pub fn private_address(prefix: &str) -> io::Result<Address> {
    let dir = super::owner::private_tempdir(prefix)?;
    Ok(Address {
        path: dir.path().join("s"),
        _dir: Some(dir),
    })
}

/// A pipe name nobody can guess; the pipe's own ACL (pipe.rs) is what keeps others out, and
/// binding it first fails should anyone have taken the name already.
#[cfg(windows)]
pub fn private_address(prefix: &str) -> io::Result<Address> {
    Ok(Address {
        path: PathBuf::from(format!(r"\\.\pipe\{prefix}{}", uuid::Uuid::new_v4().simple())),
        _dir: None,
    })
}
