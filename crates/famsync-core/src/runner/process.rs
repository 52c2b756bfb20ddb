//! Starting bitwarden.sh in a process group of its own, and stopping the whole group (the
//! script, run.sh and the docker commands under it) on cancel or timeout.

use super::account::Account;
use crate::error::{Error, Result};
use crate::host::Host;
use crate::kind::{Apply, Program};
use crate::platform::process::in_own_group;
use std::ffi::OsStr;
use std::io::Write;
use std::process::{Child, Command, Stdio};
use std::time::Duration;

/// Runs what `apply` names in its folder, as bitwarden.sh expects. As root, the script asks
/// "Do you still want to continue? (y/n)" and reads one line; `as_root` answers it with yes
/// (the caller has the owner's consent). Otherwise stdin is closed, so nothing can wait on it.
/// On a server, the helper does the same there, and stops the program's group when this end
/// of the connection goes: stopping the local ssh (cancel, timeout) stops the run.
pub fn spawn(host: &Host, apply: &Apply, how: &How) -> Result<Child> {
    let Host::Ssh(session) = host else {
        return spawn_here(apply, how);
    };
    let (as_root, grace) = (how.as_root, how.grace);
    // Asked first, so a script that cannot be run is named as here, not as the shell's
    // "Permission denied" and exit code 126 from inside the run.
    if apply.program == Program::Trusted {
        crate::remote::runnable(session, &apply.trusted)?;
    }
    let answer = if as_root { "y" } else { "n" };
    let grace = grace.as_secs().to_string();
    // Its stdin is held open (never written after the helper's program) for the run: its end
    // is the helper's signal to stop. "-" as the program is the trusted script, as the
    // helper resolved it.
    let program = match &apply.program {
        Program::Trusted => "-".as_ref(),
        Program::OnPath(name) => name.as_ref(),
        Program::At(path) => path.as_os_str(),
    };
    let mut args = vec![
        apply.folder.as_os_str(),
        apply.trusted.as_os_str(),
        answer.as_ref(),
        grace.as_ref(),
        program,
    ];
    args.extend(apply.args.iter().map(OsStr::new));
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

fn spawn_here(apply: &Apply, how: &How) -> Result<Child> {
    let as_root = how.as_root;
    let mut cmd = match &apply.program {
        Program::Trusted => Command::new(&apply.trusted),
        Program::OnPath(name) => Command::new(name),
        Program::At(path) => Command::new(path),
    };
    if let Some(account) = how.switch {
        account.apply(&mut cmd);
    }
    let mut child = in_own_group(cmd.args(&apply.args).current_dir(&apply.folder))
        .stdin(if as_root { Stdio::piped() } else { Stdio::null() })
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .map_err(|e| spawn_error(&e, apply))?;
    if let Some(mut stdin) = child.stdin.take() {
        let _ = stdin.write_all(b"y\n");
    }
    Ok(child)
}

/// EACCES on a script without any execute bit is that, not a matter of who runs famsync; a
/// tool that is not there is named (`tool_missing`).
fn spawn_error(e: &std::io::Error, apply: &Apply) -> Error {
    let script = &apply.trusted;
    if let (Program::OnPath(tool), std::io::ErrorKind::NotFound) = (&apply.program, e.kind()) {
        return Error::ToolMissing { tool: (*tool).into() };
    }
    if let (Program::At(program), std::io::ErrorKind::NotFound) = (&apply.program, e.kind()) {
        return Error::from_io(e, program);
    }
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
