//! Waiting for what a watch reports.

#![allow(dead_code)] // shared by the test files; each uses a subset

use famsync_core::watch::{Change, Watch};
use std::time::{Duration, Instant};

/// Whether `w` reports the env file changed within `within`.
pub fn sees_env_file_change(w: &Watch, within: Duration) -> bool {
    let until = Instant::now() + within;
    loop {
        match w.changes.recv_timeout(Duration::from_millis(100)) {
            Ok(Change::EnvFile) => return true,
            _ if Instant::now() > until => return false,
            _ => {}
        }
    }
}
