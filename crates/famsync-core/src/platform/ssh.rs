//! Whether famsync can hold an SSH session to a server from here: one ssh master connection
//! (ControlMaster, its socket in a private folder) that every command shares, and askpass
//! over a local socket (`platform::socket`).

use crate::error::Result;

pub use imp::sessions_supported;

#[cfg(unix)]
mod imp {
    use super::*;

    pub fn sessions_supported() -> Result<()> {
        Ok(())
    }
}

/// Windows' OpenSSH has no ControlMaster (no Unix sockets to share a connection through), and
/// askpass has no socket yet: refused before ssh starts, with a code the front ends explain.
#[cfg(windows)]
mod imp {
    use super::*;

    pub fn sessions_supported() -> Result<()> {
        Err(crate::Error::UnsupportedHere {
            what: "ssh_sessions".into(),
        })
    }
}
