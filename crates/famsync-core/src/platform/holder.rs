//! Who holds the restart lock on a folder, as far as this machine shows it (see
//! `runner::holder`). Linux only (/proc); on macOS and Windows nobody is named.
//!
//! /proc/locks names the inode and the process that took each flock; a lock lives as long as
//! any process holds the open file (a child inherits it: `flock dir sleep`), so the processes
//! with the folder open in /proc/*/fd are looked at too, the one /proc/locks names first.

use crate::runner::LockHolder;
use std::path::Path;

pub use imp::of;

#[cfg(target_os = "linux")]
mod imp {
    use super::*;
    use std::fs;
    use std::os::unix::fs::MetadataExt;

    /// The holder of the flock on `dir`, when one can be seen.
    pub fn of(dir: &Path) -> Option<LockHolder> {
        let meta = fs::metadata(dir).ok()?;
        let (dev, ino) = (meta.dev(), meta.ino());
        let locked_by = flock_pids(dev, ino);
        let open_by = openers(dev, ino);
        // The process /proc/locks names, if it still has the folder open (else it gave the lock to
        // a child); otherwise any process with the folder open.
        let pid = locked_by
            .iter()
            .find(|p| open_by.contains(p))
            .or(open_by.first())
            .or(locked_by.first())?;
        Some(describe(*pid))
    }

    /// The pids /proc/locks names for a FLOCK on this inode.
    fn flock_pids(dev: u64, ino: u64) -> Vec<u32> {
        let Ok(text) = fs::read_to_string("/proc/locks") else {
            return Vec::new();
        };
        let want = format!(
            "{:02x}:{:02x}:{ino}",
            nix::sys::stat::major(dev),
            nix::sys::stat::minor(dev)
        );
        text.lines()
            .filter_map(|line| {
                // `1: FLOCK  ADVISORY  WRITE 10320 fe:00:5318302 0 EOF`
                let fields: Vec<&str> = line.split_whitespace().collect();
                let (kind, pid, inode) = (fields.get(1)?, fields.get(4)?, fields.get(5)?);
                (*kind == "FLOCK" && *inode == want).then(|| pid.parse().ok())?
            })
            .collect()
    }

    /// The processes with a file descriptor open on this inode (those this user may look into).
    fn openers(dev: u64, ino: u64) -> Vec<u32> {
        let Ok(procs) = fs::read_dir("/proc") else {
            return Vec::new();
        };
        let mut pids: Vec<u32> = procs
            .flatten()
            .filter_map(|p| p.file_name().to_str()?.parse::<u32>().ok())
            .filter(|pid| *pid != std::process::id() && holds_open(*pid, dev, ino))
            .collect();
        pids.sort_unstable();
        pids
    }

    fn holds_open(pid: u32, dev: u64, ino: u64) -> bool {
        let Ok(fds) = fs::read_dir(format!("/proc/{pid}/fd")) else {
            return false;
        };
        fds.flatten()
            .any(|fd| fs::metadata(fd.path()).is_ok_and(|m| m.dev() == dev && m.ino() == ino))
    }

    fn describe(pid: u32) -> LockHolder {
        let cmdline = fs::read(format!("/proc/{pid}/cmdline")).ok().map(|b| {
            let args: Vec<String> = b
                .split(|c| *c == 0)
                .filter(|a| !a.is_empty())
                .map(|a| String::from_utf8_lossy(a).into_owned())
                .collect();
            // Enough to recognise it; a whole command line may be long.
            args.join(" ").chars().take(200).collect::<String>()
        });
        let command = cmdline.filter(|c| !c.is_empty()).or_else(|| {
            fs::read_to_string(format!("/proc/{pid}/comm"))
                .ok()
                .map(|c| c.trim().to_string())
        });
        let user = fs::metadata(format!("/proc/{pid}"))
            .ok()
            .and_then(|m| {
                nix::unistd::User::from_uid(nix::unistd::Uid::from_raw(m.uid()))
                    .ok()
                    .flatten()
            })
            .map(|u| u.name);
        LockHolder { pid, command, user }
    }
}

/// Windows shows which process holds a lock only to a debugger, and macOS has no /proc: nobody
/// is named (the refusal still says a restart is in progress).
#[cfg(not(target_os = "linux"))]
mod imp {
    use super::*;

    pub fn of(_dir: &Path) -> Option<LockHolder> {
        None
    }
}
