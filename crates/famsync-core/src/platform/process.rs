//! Starting bitwarden.sh (or ssh) so that it can be stopped with everything it started, and
//! stopping it; switching the child to another account before it runs.

use std::process::{Child, Command};
use std::time::Duration;

pub use imp::{in_own_group, is_running, run_as, stop, tree_of, Tree};

#[cfg(unix)]
mod imp {
    use super::*;
    use nix::sys::signal::{killpg, Signal};
    use nix::unistd::{Gid, Pid, Uid};
    use std::os::unix::process::CommandExt;
    use std::time::Instant;

    /// Whether process `pid` still runs (a temp file's writer, say): signal 0 reaches it, or
    /// it exists but is another user's (EPERM). Not /proc, which macOS has not.
    pub fn is_running(pid: u32) -> bool {
        let Ok(pid) = i32::try_from(pid) else {
            return false;
        };
        !matches!(
            nix::sys::signal::kill(Pid::from_raw(pid), None),
            Err(nix::errno::Errno::ESRCH)
        )
    }

    /// A process group of its own (the script, run.sh and the docker commands under it).
    pub fn in_own_group(cmd: &mut Command) -> &mut Command {
        cmd.process_group(0)
    }

    /// The process group made at spawn ([`in_own_group`]) is the tree: nothing to keep.
    pub struct Tree;

    pub fn tree_of(_child: &Child) -> Tree {
        Tree
    }

    /// SIGTERM to the group, SIGKILL after `grace`, then reap.
    pub fn stop(child: &mut Child, _tree: &Tree, grace: Duration) {
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
        let groups: Vec<nix::libc::gid_t> = groups.to_vec();
        // Not CommandExt::uid/gid: std switches the user before pre_exec hooks run and drops
        // every supplementary group, and CommandExt::groups is unstable; the docker group is
        // what lets the account run docker.
        // SAFETY: between fork and exec only async-signal-safe system calls are made
        // (setgroups, setgid, setuid on values prepared before the fork); nothing allocates.
        unsafe {
            cmd.pre_exec(move || {
                // libc's, not nix's: nix leaves setgroups out on macOS, whose call is the
                // same but for the count's type.
                nix::errno::Errno::result(nix::libc::setgroups(groups.len() as _, groups.as_ptr()))?;
                nix::unistd::setgid(gid)?;
                nix::unistd::setuid(uid)?;
                Ok(())
            });
        }
    }
}

/// Windows has no process groups to signal: the child is put in a Job Object right after it
/// starts, and what it starts from then on is in the job too. Stopping is TerminateJobObject,
/// at once: no grace, as Windows has no SIGTERM for a console program that is not attached to
/// our console. What the child started in the moment before it joined the job, or where no job
/// could be made, is not stopped: then only the child is (TerminateProcess).
#[cfg(windows)]
mod imp {
    use super::*;
    use std::os::windows::io::{AsRawHandle, FromRawHandle, OwnedHandle};
    use std::os::windows::process::CommandExt;
    use windows_sys::Win32::Foundation::{CloseHandle, ERROR_ACCESS_DENIED, STILL_ACTIVE};
    use windows_sys::Win32::System::JobObjects::{
        AssignProcessToJobObject, CreateJobObjectW, TerminateJobObject,
    };
    use windows_sys::Win32::System::Threading::{
        GetExitCodeProcess, OpenProcess, CREATE_NEW_PROCESS_GROUP, PROCESS_QUERY_LIMITED_INFORMATION,
    };

    /// Whether process `pid` still runs: it opens and has no exit code yet. A process famsync
    /// may not open (access denied: another user's, or an elevated one) counts as running, so
    /// its temp file is kept.
    pub fn is_running(pid: u32) -> bool {
        // SAFETY: OpenProcess returns a handle we own or null; the exit code is a plain u32.
        unsafe {
            let process = OpenProcess(PROCESS_QUERY_LIMITED_INFORMATION, 0, pid);
            if process.is_null() {
                return std::io::Error::last_os_error().raw_os_error() == Some(ERROR_ACCESS_DENIED as i32);
            }
            let mut code = 0u32;
            let known = GetExitCodeProcess(process, &mut code) != 0;
            CloseHandle(process);
            !known || code == STILL_ACTIVE as u32
        }
    }

    /// Its own console process group, so our Ctrl-C does not reach it (as on Unix).
    pub fn in_own_group(cmd: &mut Command) -> &mut Command {
        cmd.creation_flags(CREATE_NEW_PROCESS_GROUP)
    }

    /// The child's Job Object, closed when dropped (the processes in it go on running).
    pub struct Tree(Option<OwnedHandle>);

    pub fn tree_of(child: &Child) -> Tree {
        // SAFETY: CreateJobObjectW returns a new handle we own (or null); the child's handle
        // is open as long as `child` lives.
        unsafe {
            let job = CreateJobObjectW(std::ptr::null(), std::ptr::null());
            if job.is_null() {
                return Tree(None);
            }
            let job = OwnedHandle::from_raw_handle(job);
            if AssignProcessToJobObject(job.as_raw_handle(), child.as_raw_handle()) == 0 {
                return Tree(None);
            }
            Tree(Some(job))
        }
    }

    pub fn stop(child: &mut Child, tree: &Tree, _grace: Duration) {
        match &tree.0 {
            // SAFETY: the job's handle is open while `tree` lives.
            Some(job) => unsafe {
                TerminateJobObject(job.as_raw_handle(), 1);
            },
            None => {
                let _ = child.kill();
            }
        }
        let _ = child.wait();
    }

    /// Never reached: famsync is never root on Windows (`platform::owner::is_root`), so it
    /// never switches accounts, and the child runs as famsync's user.
    pub fn run_as(_cmd: &mut Command, _uid: u32, _gid: u32, _groups: &[u32]) {}
}

#[cfg(test)]
mod tests {
    /// A writer that still runs keeps its temp file; one that has ended, and been reaped, does
    /// not (envfile::write's sweep).
    #[test]
    fn a_running_process_is_told_from_an_ended_one() {
        assert!(super::is_running(std::process::id()));
        let mut child = std::process::Command::new(std::env::current_exe().unwrap())
            .arg("--list")
            .stdout(std::process::Stdio::null())
            .spawn()
            .unwrap();
        let pid = child.id();
        child.wait().unwrap();
        assert!(!super::is_running(pid), "pid {pid} ended but reads as running");
    }
}
