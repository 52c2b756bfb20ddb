//! Benchmark: the CLI on an installation over SSH, against Debian's sshd on loopback
//! (tests/support/sshd.rs): `famsync --host … status` and `… enable --region eu --yes`, each a
//! whole run of the release binary including the SSH connection. Targets: status < 300 ms,
//! enable < 500 ms. Logged in as the installation's owner, an account with a plain /bin/sh
//! (when run as root: the famsync-test user, owning the copy); sshd runs the login shell for
//! every command, so a heavy ~/.bashrc on a real server adds its own time to each. Run with `make bench` (builds the CLI first), or
//! `cargo build --release -p famsync-cli && cargo run --release -p famsync-core --example bench_remote`.

#[path = "../tests/support/mod.rs"]
mod support;
use std::path::Path;
use std::process::Command;
use std::time::{Duration, Instant};
use support::sshd::{Sshd, ALIAS};

const RUNS: usize = 30;

fn famsync(sshd: &Sshd, home: &Path, args: &[&str]) -> Duration {
    let bin = std::env::var("FAMSYNC_BIN").unwrap_or_else(|_| "target/release/famsync".into());
    let start = Instant::now();
    let out = Command::new(bin)
        .args(args)
        .env("XDG_DATA_HOME", home.join("data"))
        .env("FAMSYNC_HOST", ALIAS)
        .env("FAMSYNC_SSH_CONFIG", sshd.dir.path().join("ssh_config"))
        .output()
        .expect("the release CLI: cargo build --release -p famsync-cli");
    let took = start.elapsed();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    took
}

fn report(what: &str, mut times: Vec<Duration>, target_ms: f64) {
    times.sort();
    let ms = |d: Duration| d.as_secs_f64() * 1000.0;
    let (median, p95, max) = (
        times[times.len() / 2],
        times[times.len() * 95 / 100],
        times[times.len() - 1],
    );
    println!(
        "{what}: median {:.1} ms, p95 {:.1} ms, max {:.1} ms over {} runs (target < {target_ms} ms)",
        ms(median),
        ms(p95),
        ms(max),
        times.len()
    );
}

fn main() {
    let sshd = Sshd::start();
    let bwdata = sshd.installation();
    if nix::unistd::geteuid().is_root() {
        sshd.log_in_as_other_user(&bwdata);
        let owned = Command::new("chown")
            .args(["-R", &format!("{}:", support::sshd::OTHER_USER)])
            .arg(bwdata.parent().unwrap())
            .status()
            .unwrap();
        assert!(owned.success());
    }
    let bw = bwdata.to_str().unwrap();
    let home = tempfile::tempdir().unwrap();
    famsync(&sshd, home.path(), &["accept-host-key", &sshd.host_fingerprint()]);
    let env_file = bwdata.join("env/global.override.env");
    let original = std::fs::read(&env_file).unwrap();
    let status: Vec<Duration> = (0..RUNS)
        .map(|_| famsync(&sshd, home.path(), &["status", "--bwdata", bw]))
        .collect();
    report("famsync --host status", status, 300.0);
    let enable: Vec<Duration> = (0..RUNS)
        .map(|_| {
            std::fs::write(&env_file, &original).unwrap();
            famsync(
                &sshd,
                home.path(),
                &["enable", "--region", "eu", "--yes", "--bwdata", bw],
            )
        })
        .collect();
    report("famsync --host enable --region eu --yes", enable, 500.0);
}
