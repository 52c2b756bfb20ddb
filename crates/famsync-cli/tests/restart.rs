//! `famsync restart` / `start` end to end: the stand-in bitwarden.sh, the loopback server
//! stand-in, real signals.
#![cfg(unix)] // not on Windows: tests/not-on-windows.txt says why

mod common;
#[path = "../../famsync-core/tests/support/mod.rs"]
mod support;

use common::*;
use std::process::{Command, Stdio};
use std::time::Duration;
use support::server_standin::{refused_base, Behaviour, Standin};

/// The us fixture with the stand-in bitwarden.sh beside bwdata, and its settings.
fn with_standin(conf: &str) -> Fixture {
    let f = fixture("us");
    f.add_standin_script(conf);
    f
}

fn restart(f: &Fixture, server: &str, extra: &[&str]) -> Command {
    let mut cmd = Command::new(bin());
    cmd.args(["restart", "--bwdata", f.bwdata.to_str().unwrap()])
        .args(extra);
    cmd.env("FAMSYNC_SERVER_URL", server).stdin(Stdio::null());
    cmd
}

async fn output(mut cmd: Command) -> Run {
    tokio::task::spawn_blocking(move || cmd.output().unwrap().into())
        .await
        .unwrap()
}

fn up(region: &str) -> Behaviour {
    Behaviour::Bitwarden {
        version: "2026.8.0".into(),
        region: Some(region.into()),
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn a_restart_streams_the_script_and_checks_the_server() {
    let f = with_standin("");
    let server = Standin::start(up("US")).await;
    let r = output(restart(&f, &server.base, &["--yes"])).await;
    assert_eq!(r.code, 0, "{}{}", r.stdout, r.stderr);
    says(
        &r.stdout,
        &[
            "FAMSYNC_SERVER_URL",
            "bitwarden.sh version 2026.8.0",
            "Bitwarden is up and running!",
        ],
    );
    says(&r.stdout, &["is up: version 2026.8.0, region US."]);
}

#[tokio::test(flavor = "multi_thread")]
async fn a_server_in_the_wrong_region_did_not_load_the_settings() {
    let f = with_standin("");
    let server = Standin::start(up("EU")).await;
    let r = output(restart(&f, &server.base, &["--yes", "--wait", "1"])).await;
    assert_eq!(r.code, 13, "{}", r.stdout);
    says(
        &r.stdout,
        &["reports region EU, not US", "did not load the new settings"],
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn a_failed_pull_says_the_server_is_down_and_how_to_start_it() {
    let f = with_standin("MODE=pull-fail\n");
    let r = output(restart(&f, &refused_base().await, &["--yes"])).await;
    assert_eq!(r.code, 10, "{}", r.stdout);
    says(&r.stdout, &["Bitwarden is DOWN", "famsync start"]);
    says(&r.stdout, &["Error response from daemon"]);
}

#[tokio::test(flavor = "multi_thread")]
async fn without_yes_or_a_terminal_nothing_runs() {
    let f = with_standin("");
    let r = output(restart(&f, &refused_base().await, &[])).await;
    assert_eq!(r.code, 7, "{}", r.stderr);
    assert!(
        !f.dir.path().join("standin.running.env").exists(),
        "the script ran"
    );
    // What the owner is asked to agree to names the script, its owner and who runs it.
    let script = f.dir.path().join("bitwarden.sh").canonicalize().unwrap();
    let me = nix::unistd::User::from_uid(nix::unistd::geteuid())
        .unwrap()
        .unwrap()
        .name;
    let shown = format!("Script: {} (owner {me}), run as {me}.", script.display());
    says(&r.stdout, &[&shown]);
}

#[tokio::test(flavor = "multi_thread")]
async fn a_script_others_may_write_is_refused_before_anything_is_asked() {
    let f = with_standin("");
    let script = f.dir.path().join("bitwarden.sh");
    std::fs::set_permissions(&script, std::os::unix::fs::PermissionsExt::from_mode(0o777)).unwrap();
    // Without --yes and a terminal: refused (4) before the question (7: not confirmed).
    let r = output(restart(&f, &refused_base().await, &[])).await;
    assert_eq!(r.code, 4, "{}{}", r.stdout, r.stderr);
    says(&r.stderr, &["famsync does not run", "mode 0777", "chmod go-w"]);
    assert!(
        !f.dir.path().join("standin.running.env").exists(),
        "the script ran"
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn a_restart_refused_as_busy_says_who_holds_the_lock() {
    let f = with_standin("");
    let holder = support::procs::LockHolder::hold(f.dir.path());
    let r = output(restart(&f, &refused_base().await, &["--yes"])).await;
    assert_eq!(r.code, 9, "{}{}", r.stdout, r.stderr);
    let user = support::procs::LockHolder::user();
    let pid = holder.0.id();
    says(
        &r.stderr,
        &[
            "is already running (the lock is held by process",
            &format!("process {pid}, \"flock -w 10 "),
            &format!("user {user})"),
            &format!("kill {pid}"),
        ],
    );
    assert!(
        !f.dir.path().join("standin.running.env").exists(),
        "the script ran"
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn a_hung_script_times_out() {
    let f = with_standin("MODE=hang\n");
    let r = output(restart(&f, &refused_base().await, &["--yes", "--timeout", "1"])).await;
    assert_eq!(r.code, 11, "{}", r.stdout);
    says(&r.stdout, &["did not finish in time", "Bitwarden is DOWN"]);
}

#[tokio::test(flavor = "multi_thread")]
async fn ctrl_c_cancels_the_whole_restart() {
    let f = with_standin("MODE=slow\nDELAY=0.1\n");
    let mut cmd = restart(&f, &refused_base().await, &["--yes"]);
    cmd.stdout(Stdio::piped()).stderr(Stdio::piped());
    let child = cmd.spawn().unwrap();
    let pid = nix::unistd::Pid::from_raw(child.id() as i32);
    tokio::time::sleep(Duration::from_millis(800)).await;
    nix::sys::signal::kill(pid, nix::sys::signal::Signal::SIGINT).unwrap();
    let r: Run = tokio::task::spawn_blocking(move || child.wait_with_output().unwrap().into())
        .await
        .unwrap();
    assert_eq!(r.code, 12, "{}{}", r.stdout, r.stderr);
    says(&r.stdout, &["Cancelled", "famsync start"]);
}

#[tokio::test(flavor = "multi_thread")]
async fn status_tells_when_written_settings_wait_for_a_restart() {
    let f = with_standin("");
    let server = Standin::start(up("EU")).await;
    let home = tempfile::tempdir().unwrap();
    let bw = f.bwdata.to_str().unwrap().to_string();
    let run = |args: Vec<String>| {
        let mut cmd = Command::new(bin());
        cmd.args(&args)
            .args(["--bwdata", &bw])
            .env("HOME", home.path())
            .env("XDG_DATA_HOME", home.path().join("data"));
        cmd.env("FAMSYNC_SERVER_URL", &server.base).stdin(Stdio::null());
        cmd
    };
    let args = |s: &str| s.split(' ').map(String::from).collect::<Vec<_>>();
    assert_eq!(output(run(args("enable --region eu --yes"))).await.code, 0);
    let pending = |r: &Run| r.json()["env_file"]["pending_restart"].clone();
    let before = output(run(args("status --json"))).await;
    assert_eq!(pending(&before), serde_json::Value::Null, "nothing recorded yet");
    let r = output(run(args("restart --yes"))).await;
    assert_eq!(r.code, 0, "{}", r.stdout);
    assert_eq!(
        pending(&output(run(args("status --json"))).await),
        serde_json::json!(false)
    );
    assert_eq!(output(run(args("disable --yes"))).await.code, 0);
    assert_eq!(
        pending(&output(run(args("status --json"))).await),
        serde_json::json!(true)
    );
    says(
        &output(run(args("status"))).await.stdout,
        &["has not loaded them yet: famsync restart"],
    );
}
