//! Starting bitwarden.sh in a process group of its own, and stopping the whole group (the
//! script, run.sh and the docker commands under it) on cancel or timeout.

use super::account::Account;
use crate::error::{Error, Result};
use crate::host::Host;
use crate::platform::process::in_own_group;
use std::io::Write;
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::Duration;

/// Runs `script arg` from the script's folder, as bitwarden.sh expects. As root, the script asks
/// "Do you still want to continue? (y/n)" and reads one line; `as_root` answers it with yes
/// (the caller has the owner's consent). Otherwise stdin is closed, so nothing can wait on it.
/// On a server, the helper does the same there, and stops the script's group when this end of
/// the connection goes: stopping the local ssh (cancel, timeout) stops the script.
pub fn spawn(host: &Host, script: &Path, arg: &str, how: &How) -> Result<Child> {
    let dir = folder(script);
    let Host::Ssh(session) = host else {
        return spawn_here(script, dir, arg, how);
    };
    let (as_root, grace) = (how.as_root, how.grace);
    // Asked first, so a script that cannot be run is named as here, not as the shell's
    // "Permission denied" and exit code 126 from inside the run.
    crate::remote::runnable(session, script)?;
    let answer = if as_root { "y" } else { "n" };
    let grace = grace.as_secs().to_string();
    // Its stdin is held open (never written after the helper's program) for the run: its end
    // is the helper's signal to stop.
    let args = [
        dir.as_os_str(),
        script.as_os_str(),
        arg.as_ref(),
        answer.as_ref(),
        grace.as_ref(),
    ];
    session.spawn_helper("run", &args, |c| {
        in_own_group(c).stdout(Stdio::piped()).stderr(Stdio::piped())
    })
}

/// How the script is started.
pub struct How<'a> {
    /// Root runs it: answer its root question with yes.
    pub as_root: bool,
    /// The account to run it as, on this machine (famsync is root, the script is not root's).
    pub switch: Option<&'a Account>,
    pub grace: Duration,
}

/// The script's folder: where it runs, and what a restart locks.
pub fn folder(script: &Path) -> &Path {
    script.parent().unwrap_or(Path::new("/"))
}

fn spawn_here(script: &Path, dir: &Path, arg: &str, how: &How) -> Result<Child> {
    let as_root = how.as_root;
    let mut cmd = Command::new(script);
    if let Some(account) = how.switch {
        account.apply(&mut cmd);
    }
    let mut child = in_own_group(cmd.arg(arg).current_dir(dir))
        .stdin(if as_root { Stdio::piped() } else { Stdio::null() })
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .map_err(|e| spawn_error(&e, script))?;
    if let Some(mut stdin) = child.stdin.take() {
        let _ = stdin.write_all(b"y\n");
    }
    Ok(child)
}

/// EACCES on a script without any execute bit is that, not a matter of who runs famsync.
fn spawn_error(e: &std::io::Error, script: &Path) -> Error {
    let mode = std::fs::metadata(script).map(|m| crate::platform::owner::mode(&m));
    if e.kind() == std::io::ErrorKind::PermissionDenied && mode.is_ok_and(|m| m & 0o111 == 0) {
        return Error::ScriptNotExecutable {
            script: script.into(),
        };
    }
    Error::from_io(e, script)
}

pub use crate::platform::process::{tree_of, Tree};

/// Stops the script and what it started (`tree`: see `platform::process`), then reaps it.
pub fn stop(child: &mut Child, tree: &Tree, grace: Duration) {
    crate::platform::process::stop(child, tree, grace);
}
