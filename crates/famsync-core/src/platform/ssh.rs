//! How one SSH session's commands share a login on this platform: OpenSSH's ControlMaster on
//! Unix (its socket in a private folder); Windows' OpenSSH has none (no Unix sockets to pass a
//! connection through), so there the session holds one ssh open (remote/held.rs).

use crate::remote::Link;

#[cfg(unix)]
pub fn usual_link() -> Link {
    Link::Shared
}

#[cfg(windows)]
pub fn usual_link() -> Link {
    Link::Held
}
