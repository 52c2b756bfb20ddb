//! Processes, from /proc: what a cancelled run must not leave behind.
#![allow(dead_code)] // shared by the core's tests; each uses a subset

use std::fs;

/// Every live process whose process group is `pgid`, from /proc. Zombies are dead: the
/// killed children are reparented to PID 1, which may reap them late.
pub fn group_members(pgid: u32) -> Vec<u32> {
    fs::read_dir("/proc")
        .unwrap()
        .filter_map(|e| e.ok()?.file_name().to_str()?.parse::<u32>().ok())
        .filter(|pid| {
            let stat = fs::read_to_string(format!("/proc/{pid}/stat")).unwrap_or_default();
            // Fields after the ")" that ends the command name: state ppid pgrp ...
            let rest = stat.rsplit_once(')').map(|(_, r)| r).unwrap_or("");
            let fields: Vec<&str> = rest.split_whitespace().collect();
            fields.get(2) == Some(&pgid.to_string().as_str()) && fields.first() != Some(&"Z")
        })
        .collect()
}

/// The unprivileged account scripts/install-deps.sh creates ("another account").
pub const OTHER_USER: &str = "famsync-test";

/// A process holding the flock on `dir` (as a restart does) until it is killed: as
/// OTHER_USER when the tests run as root, else as this user. Returns once the lock is taken.
pub struct LockHolder(pub std::process::Child);

impl LockHolder {
    pub fn hold(dir: &std::path::Path) -> LockHolder {
        use std::process::Command;
        let mut cmd = if nix::unistd::geteuid().is_root() {
            let mut c = Command::new("setpriv");
            let user = format!("--reuid={OTHER_USER}");
            c.args([user.as_str(), "--regid=nogroup", "--clear-groups", "flock"]);
            c
        } else {
            Command::new("flock")
        };
        // Waits (-w) rather than fails (-n) should the check below hold the lock for a moment.
        let mut child = cmd
            .args(["-w", "10"])
            .arg(dir)
            .args(["sleep", "60"])
            .spawn()
            .unwrap();
        let taken = || {
            !Command::new("flock")
                .arg("-n")
                .arg(dir)
                .arg("true")
                .status()
                .unwrap()
                .success()
        };
        while !taken() {
            assert!(
                child.try_wait().unwrap().is_none(),
                "flock could not take {dir:?}"
            );
            std::thread::sleep(std::time::Duration::from_millis(20));
        }
        LockHolder(child)
    }

    /// The user the holder runs as.
    pub fn user() -> String {
        if nix::unistd::geteuid().is_root() {
            OTHER_USER.into()
        } else {
            nix::unistd::User::from_uid(nix::unistd::geteuid())
                .unwrap()
                .unwrap()
                .name
        }
    }
}

impl Drop for LockHolder {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}
