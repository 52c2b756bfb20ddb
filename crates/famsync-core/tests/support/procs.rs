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
