//! A writer killed with SIGKILL at random points leaves the old file or the new one: never a
//! mix, never an empty file, and never a partial backup.

mod common;
use common::*;
use std::collections::BTreeSet;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

/// A small xorshift, seeded from the clock and printed, so a failure can be replayed.
struct Rng(u64);
impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
}

fn writer(bwdata: &str, enable: bool) -> Command {
    let mut cmd = Command::new(bin());
    if enable {
        cmd.args(["enable", "--region", "eu", "--yes", "--bwdata", bwdata]);
    } else {
        cmd.args(["disable", "--yes", "--bwdata", bwdata]);
    }
    cmd.stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::null());
    cmd
}

#[test]
fn sigkill_at_random_points_never_leaves_a_mix() {
    let f = fixture("us");
    let bw = f.bwdata.to_str().unwrap().to_string();
    let original = f.env_bytes();

    // Learn the three states the file can legally be in, and how long a write takes.
    let started = Instant::now();
    assert!(writer(&bw, true).status().unwrap().success());
    let full_run = started.elapsed();
    let enabled = f.env_bytes();
    assert!(writer(&bw, false).status().unwrap().success());
    let disabled = f.env_bytes();
    let legal: BTreeSet<Vec<u8>> = [original, enabled, disabled].into_iter().collect();
    assert_eq!(legal.len(), 3);

    let seed = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_nanos() as u64
        | 1;
    eprintln!("crash-safety seed {seed}, uninterrupted write {full_run:?}");
    let mut rng = Rng(seed);
    let window = (full_run.as_micros() as u64 * 3 / 2).max(200);
    let (mut changed, mut unchanged) = (0, 0);
    for i in 0..300 {
        let before = f.env_bytes();
        let mut child = writer(&bw, i % 2 == 0).spawn().unwrap();
        std::thread::sleep(Duration::from_micros(rng.next() % window));
        let _ = child.kill(); // SIGKILL
        let _ = child.wait();
        let now = f.env_bytes();
        assert!(!now.is_empty(), "empty file after kill {i} (seed {seed})");
        assert!(
            legal.contains(&now),
            "mixed file after kill {i} (seed {seed}):\n{}",
            String::from_utf8_lossy(&now)
        );
        if now == before {
            unchanged += 1;
        } else {
            changed += 1;
        }
        for backup in f.backups() {
            let bytes = std::fs::read(&backup).unwrap();
            assert!(
                legal.contains(&bytes),
                "partial backup {} (seed {seed})",
                backup.display()
            );
        }
    }
    eprintln!("kills that left the old file: {unchanged}, the new file: {changed}");
    // The next real write sweeps the temp files the killed writers left (they hold secrets)
    // once they are older than any write (a recent one may be another machine's writer's).
    // Disable then enable: one of the two must change the file, whatever state it is in.
    let env_dir = f.bwdata.join("env");
    let temp_files = || -> Vec<std::path::PathBuf> {
        let entries = std::fs::read_dir(&env_dir).unwrap().map(|e| e.unwrap().path());
        let mut tmp: Vec<_> = entries
            .filter(|p| p.to_string_lossy().ends_with(".tmp"))
            .collect();
        tmp.sort();
        tmp
    };
    let left = temp_files();
    assert!(writer(&bw, false).status().unwrap().success());
    assert!(writer(&bw, true).status().unwrap().success());
    assert_eq!(temp_files(), left, "recent temp files are kept");
    let long_ago = std::time::SystemTime::now() - Duration::from_secs(11 * 60);
    for tmp in &left {
        let file = std::fs::OpenOptions::new().write(true).open(tmp).unwrap();
        file.set_modified(long_ago).unwrap();
    }
    assert!(writer(&bw, false).status().unwrap().success());
    assert!(writer(&bw, true).status().unwrap().success());
    assert!(temp_files().is_empty(), "stale temp files: {:?}", temp_files());
    // Both outcomes must occur, or the kills never landed inside a write.
    assert!(
        changed > 0 && unchanged > 0,
        "old {unchanged} / new {changed}: kills missed the write"
    );
}
