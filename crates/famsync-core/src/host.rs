//! Where an installation's files are: on this machine, or on a server over SSH. Everything that
//! touches the installation asks its host, so the CLI and the window work the same on both.

use crate::remote::Session;
use serde::{Serialize, Serializer};
use std::sync::Arc;

#[derive(Debug, Clone, Default)]
pub enum Host {
    #[default]
    Local,
    Ssh(Arc<Session>),
}

impl Host {
    /// The SSH target, for people; None on this machine.
    pub fn name(&self) -> Option<&str> {
        match self {
            Host::Local => None,
            Host::Ssh(s) => Some(s.target()),
        }
    }

    /// Whether famsync is root where the installation is (bitwarden.sh then asks first).
    pub fn is_root(&self) -> bool {
        match self {
            Host::Local => crate::platform::owner::is_root(),
            Host::Ssh(s) => s.is_root(),
        }
    }
}

/// Two hosts are the same when they are this machine, or the very same connection.
impl PartialEq for Host {
    fn eq(&self, other: &Host) -> bool {
        match (self, other) {
            (Host::Local, Host::Local) => true,
            (Host::Ssh(a), Host::Ssh(b)) => Arc::ptr_eq(a, b),
            _ => false,
        }
    }
}

impl Eq for Host {}

impl Serialize for Host {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        self.name().serialize(s)
    }
}
