//! Benchmark: from an outside write of the env file (a save by rename, as editors do) to the
//! watcher's event, over real inotify. The window adds one IPC hop on top (an event to the page).
//! `cargo run --release -p famsync-core --example bench_watch`

use famsync_core::install;
use famsync_core::watch::{self, Change, DEBOUNCE};
use std::fs;
use std::time::{Duration, Instant};

const RUNS: usize = 50;

fn main() {
    let dir = tempfile::tempdir().unwrap();
    let env_dir = dir.path().join("bwdata/env");
    fs::create_dir_all(&env_dir).unwrap();
    let env = env_dir.join("global.override.env");
    fs::write(&env, "globalSettings__enableCloudCommunication=true\n").unwrap();
    let inst = install::open(&dir.path().join("bwdata")).unwrap();
    let w = watch::watch(&inst, DEBOUNCE).unwrap();
    let mut samples = Vec::new();
    for i in 0..RUNS {
        let temp = env_dir.join(".global.override.env.swp");
        fs::write(
            &temp,
            format!("globalSettings__enableCloudCommunication=true\n# {i}\n"),
        )
        .unwrap();
        let written = Instant::now();
        fs::rename(&temp, &env).unwrap();
        let change = w.changes.recv_timeout(Duration::from_secs(5)).expect("no event");
        samples.push(written.elapsed());
        assert_eq!(change, Change::EnvFile);
        std::thread::sleep(Duration::from_millis(20));
    }
    samples.sort();
    let ms = |d: Duration| d.as_secs_f64() * 1000.0;
    println!(
        "env file write -> watcher event, {RUNS} saves by rename (debounce {} ms)",
        DEBOUNCE.as_millis()
    );
    println!(
        "  median {:.1} ms, p95 {:.1} ms, max {:.1} ms",
        ms(samples[RUNS / 2]),
        ms(samples[RUNS * 95 / 100]),
        ms(samples[RUNS - 1])
    );
}
