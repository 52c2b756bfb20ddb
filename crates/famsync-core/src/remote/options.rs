//! How famsync runs ssh for a session: its files, who may be asked for what, how the
//! session's commands share a login, and how long a silent server is waited for.

use std::path::PathBuf;
use std::time::Duration;

/// How famsync runs ssh.
#[derive(Debug, Clone, Default)]
pub struct SshOptions {
    /// Where keys the owner accepted in famsync are kept (`<data_dir>/known_hosts`).
    pub known_hosts: PathBuf,
    /// An ssh_config to use instead of the user's (`ssh -F`; FAMSYNC_SSH_CONFIG).
    pub config: Option<PathBuf>,
    /// A person is at a terminal: ssh may ask there for a key's passphrase or a password
    /// (ssh reads it from the terminal itself; famsync never sees or keeps it). Otherwise ssh
    /// runs in BatchMode and keys come from the agent or unencrypted key files.
    pub interactive: bool,
    /// A key file on this machine chosen for this server (`-i`); None: the agent and
    /// ssh_config decide.
    pub identity: Option<PathBuf>,
    /// No terminal, but a window that asks the owner: ssh's questions for passphrases and
    /// passwords go there (SSH_ASKPASS).
    pub askpass: Option<super::askpass::Askpass>,
    /// How the session's commands share one connection; the platform's own by default.
    pub link: Link,
    /// How long famsync waits for the server's shell before it gives up on it.
    pub waits: Waits,
}

/// How long a silent server is waited for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Waits {
    /// From starting ssh to the helper's first line: the login, which may wait for the owner
    /// to type a passphrase or a one-time code. A shell that has not answered by then never
    /// will (a login script reading stdin takes the program's first line, and sh waits for
    /// the rest).
    pub login: Duration,
    /// Between two pieces of a held session's answer: every op is short, and the slowest (a
    /// file read whole, a write with its fsyncs) sends or finishes well within this. A server
    /// whose loop stopped is given up on, not waited for while the session's other steps
    /// queue behind it.
    pub answer: Duration,
}

impl Default for Waits {
    fn default() -> Waits {
        Waits {
            login: Duration::from_secs(300),
            answer: Duration::from_secs(60),
        }
    }
}

/// How the commands of one session reach the server over one login.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Link {
    /// Each command its own ssh, through one master connection (ControlMaster).
    Shared,
    /// One ssh held open, answering requests in turn (held.rs), for clients without
    /// ControlMaster (Windows' OpenSSH).
    Held,
}

impl Default for Link {
    fn default() -> Link {
        crate::platform::ssh::usual_link()
    }
}
