//! Starting bitwarden.sh (or ssh) so that it can be stopped with everything it started, and
//! stopping it; switching the child to another account before it runs.

use std::process::{Child, Command};
use std::time::Duration;

pub use imp::{in_own_group, run_as, stop};

#[cfg(unix)]
mod imp {
    use super::*;
    use nix::sys::signal::{killpg, Signal};
    use nix::unistd::{Gid, Pid, Uid};
    use std::os::unix::process::CommandExt;
    use std::time::Instant;

    /// A process group of its own (the script, run.sh and the docker commands under it).
    pub fn in_own_group(cmd: &mut Command) -> &mut Command {
        cmd.process_group(0)
    }

    /// SIGTERM to the group, SIGKILL after `grace`, then reap.
    pub fn stop(child: &mut Child, grace: Duration) {
        let group = Pid::from_raw(child.id() as i32);
        let _ = killpg(group, Signal::SIGTERM);
        let until = Instant::now() + grace;
        while Instant::now() < until {
            if let Ok(Some(_)) = child.try_wait() {
                // The script is gone; its children may not be.
                let _ = killpg(group, Signal::SIGKILL);
                return;
            }
            std::thread::sleep(Duration::from_millis(20));
        }
        let _ = killpg(group, Signal::SIGKILL);
        let _ = child.wait();
    }

    /// Makes `cmd` start as `uid`: its groups, group and user (in that order: each needs root,
    /// which the last one gives up).
    pub fn run_as(cmd: &mut Command, uid: u32, gid: u32, groups: &[u32]) {
        let (uid, gid) = (Uid::from_raw(uid), Gid::from_raw(gid));
        let groups: Vec<Gid> = groups.iter().copied().map(Gid::from_raw).collect();
        // Not CommandExt::uid/gid: std switches the user before pre_exec hooks run and drops
        // every supplementary group, and CommandExt::groups is unstable; the docker group is
        // what lets the account run docker.
        // SAFETY: between fork and exec only async-signal-safe system calls are made
        // (setgroups, setgid, setuid on values prepared before the fork); nothing allocates.
        unsafe {
            cmd.pre_exec(move || {
                nix::unistd::setgroups(&groups)?;
                nix::unistd::setgid(gid)?;
                nix::unistd::setuid(uid)?;
                Ok(())
            });
        }
    }
}

/// For now only the child itself is stopped on Windows: no grace (Windows has no SIGTERM for
/// a console program that is not attached to our console), TerminateProcess at once, and what
/// it started keeps running. Stopping the whole tree needs a Job Object kept with the child,
/// which is phase 2 of the port.
#[cfg(windows)]
mod imp {
    use super::*;
    use std::os::windows::process::CommandExt;
    use windows_sys::Win32::System::Threading::CREATE_NEW_PROCESS_GROUP;

    /// Its own console process group, so our Ctrl-C does not reach it (as on Unix).
    pub fn in_own_group(cmd: &mut Command) -> &mut Command {
        cmd.creation_flags(CREATE_NEW_PROCESS_GROUP)
    }

    pub fn stop(child: &mut Child, _grace: Duration) {
        let _ = child.kill();
        let _ = child.wait();
    }

    /// Never reached: famsync is never root on Windows (`platform::owner::is_root`), so it
    /// never switches accounts, and the child runs as famsync's user.
    pub fn run_as(_cmd: &mut Command, _uid: u32, _gid: u32, _groups: &[u32]) {}
}
