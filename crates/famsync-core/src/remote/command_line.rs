//! The ssh command line famsync runs: strict host keys against the owner's and famsync's own
//! known_hosts, no forwarding, quick failure, the askpass environment, and every path it names
//! quoted so that ssh reads exactly that file.

use super::options::SshOptions;
use crate::error::{Error, Result};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

/// A person or a window may answer ssh's questions, or nobody may.
pub(super) fn batch_mode(opts: &SshOptions) -> &'static str {
    if opts.interactive || opts.askpass.is_some() {
        "BatchMode=no"
    } else {
        "BatchMode=yes"
    }
}

/// `ssh` over the master connection at `control`, ready for the destination.
pub(super) fn shared_ssh(opts: &SshOptions, control: &tempfile::TempDir, extra: &[&str]) -> Command {
    let mut cmd = ssh_command(opts);
    // ssh keeps the first value it is given: `extra` may turn BatchMode off for the master.
    // The shared connection outlives each command, but not famsync by more than a minute
    // idle (a crash skips Drop); after such a pause, the next command makes it again.
    cmd.arg("-o")
        .arg(format!("ControlPath={}", quoted(&control_path(control))))
        .args(extra)
        .args(["-o", "ControlMaster=auto", "-o", "ControlPersist=60"])
        .args(["-o", "BatchMode=yes", "--"]);
    cmd
}

/// `ssh` that logs in by itself, ready for the destination; askpass answers it as a login of
/// the session `scope` (askpass/memory.rs).
pub(super) fn own_ssh(opts: &SshOptions, scope: &str) -> Command {
    let mut cmd = ssh_command(opts);
    if opts.askpass.is_some() {
        let login = uuid::Uuid::new_v4().simple();
        cmd.env(super::askpass::SCOPE_ENV, format!("{scope}/{login}"));
    }
    cmd.args(["-o", batch_mode(opts), "--"]);
    cmd
}

/// `ssh`, with `-F` when famsync was given a config file.
pub(super) fn ssh_binary(opts: &SshOptions) -> Command {
    let mut cmd = Command::new("ssh");
    if let Some(config) = &opts.config {
        cmd.arg("-F").arg(config);
    }
    cmd
}

/// The user's known_hosts (under the home ssh finds in a terminal) and famsync's own.
fn known_hosts_files(opts: &SshOptions) -> Vec<PathBuf> {
    let user_known = crate::platform::ssh::home().map(|h| h.join(".ssh").join("known_hosts"));
    user_known.into_iter().chain([opts.known_hosts.clone()]).collect()
}

/// Every path famsync names in ssh's options (the socket's aside: connect_shared).
pub(super) fn ssh_paths(opts: &SshOptions) -> Vec<PathBuf> {
    known_hosts_files(opts)
        .into_iter()
        .chain(opts.identity.clone())
        .collect()
}

pub(super) fn control_path(control: &tempfile::TempDir) -> PathBuf {
    control.path().join("c")
}

/// `path` as one argument of an ssh_config option: in double quotes (a space, a `#` or a `'`
/// then separate or end nothing), with `%` doubled (ssh's tokens start with it). What ssh would
/// still read differently (a double quote or a backslash, which its parsers treat differently
/// by version; a control character; `${`, which ssh expands from the environment) is refused:
/// ssh must read exactly this file, not one that someone may place where a piece points.
/// (Windows' own backslashes are written as slashes: platform::ssh::path_text.)
pub(super) fn config_arg(path: &Path) -> Result<String> {
    let unusable = || Error::SshPathUnusable { path: path.into() };
    let text = crate::platform::ssh::path_text(path).ok_or_else(unusable)?;
    let odd = |c: char| c == '"' || c == '\\' || c.is_control();
    if text.contains(odd) || text.contains("${") {
        return Err(unusable());
    }
    Ok(format!("\"{}\"", text.replace('%', "%%")))
}

/// A path connect has already checked (see config_arg), quoted for ssh. Should it have become
/// unusable since (HOME changed), it is left out: ssh then reads no file there, never another.
fn quoted(path: &Path) -> String {
    config_arg(path).unwrap_or_default()
}

fn ssh_command(opts: &SshOptions) -> Command {
    let mut cmd = ssh_binary(opts);
    let files: Vec<String> = known_hosts_files(opts).iter().map(|p| quoted(p)).collect();
    // -T: no terminal on the server, whatever ssh_config says (RequestTTY force would echo
    // the program back into the answers).
    cmd.arg("-T")
        .args(["-o", "StrictHostKeyChecking=yes"])
        .args(["-o", "ForwardAgent=no", "-o", "ClearAllForwardings=yes"])
        .args(["-o", "ServerAliveInterval=5", "-o", "ServerAliveCountMax=3"])
        // A server that is away answers nothing: fail in seconds, not after TCP's minutes.
        .args(["-o", "ConnectTimeout=10"])
        .arg("-o")
        .arg(format!("UserKnownHostsFile={}", files.join(" ")))
        .stdin(Stdio::null());
    if let Some(a) = &opts.askpass {
        cmd.env("SSH_ASKPASS", &a.program)
            .env("SSH_ASKPASS_REQUIRE", "force")
            .env(super::askpass::SOCKET_ENV, &a.socket);
        // OpenSSH before 8.4 (Windows 10's own is 8.1) knows no SSH_ASKPASS_REQUIRE and runs
        // askpass only when DISPLAY is set; nothing reads this value but that test.
        if std::env::var_os("DISPLAY").is_none() {
            cmd.env("DISPLAY", "famsync:0");
        }
    }
    if let Some(key) = &opts.identity {
        // Only that key (and the agent's copy of it): offering every other key first could use
        // up the server's MaxAuthTries.
        // As an option, not -i: ssh expands % and ${ in -i's path too, and -o's value quotes.
        cmd.arg("-o")
            .arg(format!("IdentityFile={}", quoted(key)))
            .args(["-o", "IdentitiesOnly=yes"]);
    }
    cmd
}
