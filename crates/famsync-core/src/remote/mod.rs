//! An installation on another machine, reached with the system's OpenSSH client (`ssh`), so the
//! owner's `~/.ssh/config` (aliases, Port, User, IdentityFile, ProxyJump), agent and keys work
//! exactly as in their terminal, and famsync holds no SSH crypto of its own. Host keys are
//! checked strictly: against the user's known_hosts and famsync's own list of keys the owner
//! accepted here. An unknown key comes back as its fingerprint for the owner to compare and
//! accept; a changed one is refused.
//!
//! On the server famsync runs one small POSIX sh helper (helper.sh), sent with each command:
//! nothing is installed there, and nothing of the billing sync token ever goes there.

pub mod askpass;
mod command_line;
mod files;
mod held;
mod hostkey;
mod options;
mod program;
mod session;
mod target;
mod writes;

pub(crate) use files::{files, locate, read, runnable, sizes, tail, Listing};
pub use hostkey::accept_host_key;
pub use options::{Link, SshOptions, Waits};
pub use program::quote;
pub use session::Session;
pub use target::{ServerForm, TargetField};
pub use writes::{create, move_aside, replace};
pub(crate) use writes::{remove, writers_turn};

/// A temp folder only this user can enter, for a socket that must stay private.
fn private_tempdir(prefix: &str) -> crate::Result<tempfile::TempDir> {
    let dir = crate::platform::owner::private_tempdir(prefix)
        .map_err(|e| crate::Error::from_io(&e, &std::env::temp_dir()))?;
    Ok(dir)
}

/// Starting or waiting for an OpenSSH `tool` failed: missing from PATH, or the system's error.
fn tool_failed(e: &std::io::Error, tool: &str) -> crate::Error {
    match e.kind() {
        std::io::ErrorKind::NotFound => crate::Error::SshToolMissing { tool: tool.into() },
        _ => crate::Error::from_io(e, std::path::Path::new(tool)),
    }
}

/// Reads a lasting helper's stderr to its end, unkept, so ssh never blocks on it. It was piped
/// only so that a login failing before the helper spoke could say why (Session::past_banner).
pub(crate) fn discard_stderr(child: &mut std::process::Child) {
    if let Some(mut stderr) = child.stderr.take() {
        std::thread::spawn(move || std::io::copy(&mut stderr, &mut std::io::sink()));
    }
}
