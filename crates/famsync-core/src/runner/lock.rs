//! One restart per installation at a time, whoever starts it: this window, a famsync in a
//! terminal, or a famsync on another machine over SSH. Each takes an exclusive `flock` on the
//! folder that holds bitwarden.sh before running it; two scripts at once would stop and pull
//! each other's containers.
//!
//! The folder itself is locked (opened read-only), so nothing is written into the installation
//! and any user who may read it can take part. On this machine famsync holds the lock for the
//! run (a Cancel, a Ctrl-C or a timeout stops the script before the lock goes; a famsync killed
//! outright leaves its script running unlocked); on a server, helper.sh takes it with flock(1),
//! and the script started under it inherits it. The kernel drops the lock with its last holder,
//! so a famsync that crashed never blocks the next one.

use crate::error::{Error, Result};
use crate::install::Installation;
use crate::platform::lock::Held;
use std::fs::TryLockError;
use std::io::Read;
use std::path::Path;
use std::path::PathBuf;
use std::process::Child;

/// Locks `dir` (bitwarden.sh's folder) on this machine; keep the file for the run. A folder this
/// user may enter but not read is run unlocked, as it would be without famsync: the script
/// itself is what matters, and its own errors are reported by the run.
pub fn here(dir: &Path, bwdata: &Path) -> Result<Option<Held>> {
    let Ok(folder) = crate::platform::lock::open_folder(dir) else {
        return Ok(None);
    };
    match folder.try_hold() {
        Ok(held) => Ok(Some(held)),
        Err(TryLockError::WouldBlock) => Err(in_progress(bwdata, super::holder::of(dir))),
        Err(TryLockError::Error(e)) => Err(Error::from_io(&e, dir)),
    }
}

/// Reads the helper's first line: "running" and the script's output follows; else it has ended
/// and says why nothing ran — another restart holds the server's folder ("busy PID COMMAND
/// USER", the holder where the server's /proc shows it), the script or a folder above it could
/// be changed by someone else ("untrusted PATH OWNER MODE RUNNER"), or root cannot run it as its
/// owner there ("no_setpriv"). Anything else (the helper could not start at all) is left to
/// the run to report, from the helper's exit status and its other output.
pub fn on_server(child: &mut Child, inst: &Installation, script: &Path) -> Result<()> {
    let Some(out) = child.stdout.as_mut() else {
        return Ok(());
    };
    let line = first_line(out);
    let words: Vec<&str> = line.split(' ').collect();
    let refusal = match words[..] {
        ["busy", ref holder @ ..] => in_progress(&inst.bwdata, holder_in(holder)),
        ["untrusted", path, owner, mode, ref runner @ ..] => Error::ScriptNotTrusted {
            path: decoded(path).map(path_of).unwrap_or_default(),
            script: script.into(),
            owner: owner.into(),
            mode: mode.into(),
            runner: runner.join(" ").into(),
        },
        ["no_setpriv"] => Error::RemoteHelperFailed {
            host: inst.host.name().unwrap_or_default().into(),
        },
        _ => return Ok(()),
    };
    let _ = child.wait();
    Err(refusal)
}

/// "PID COMMAND USER" (COMMAND in base64), as the helper's `holder` says it.
fn holder_in(words: &[&str]) -> Option<super::LockHolder> {
    let [pid, command, user] = words else {
        return None;
    };
    Some(super::LockHolder {
        pid: pid.parse().ok()?,
        command: decoded(command).and_then(|c| String::from_utf8(c).ok()),
        user: Some(user.to_string()),
    })
}

fn path_of(bytes: Vec<u8>) -> PathBuf {
    crate::platform::paths::from_bytes(bytes)
}

fn decoded(field: &str) -> Option<Vec<u8>> {
    use base64::Engine;
    base64::engine::general_purpose::STANDARD.decode(field).ok()
}

fn in_progress(bwdata: &Path, holder: Option<super::LockHolder>) -> Error {
    Error::RestartInProgress {
        bwdata: bwdata.into(),
        holder,
    }
}

/// A byte at a time, so nothing after the line is taken from the script's output.
fn first_line(out: &mut impl Read) -> String {
    let mut line = Vec::new();
    let mut byte = [0u8];
    while let Ok(1) = out.read(&mut byte) {
        if byte[0] == b'\n' {
            break;
        }
        line.push(byte[0]);
    }
    String::from_utf8_lossy(&line).into_owned()
}
