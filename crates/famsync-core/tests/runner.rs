//! The restart runner against the stand-in bitwarden.sh (tests/standin): real processes,
//! real pipes, real signals.
#![cfg(unix)] // not on Windows: tests/not-on-windows.txt says why

use famsync_core::runner::{
    self, Cancel, FailureCause, Outcome, OutputLine, RunOptions, ScriptCommand, Stream,
};
use famsync_core::{install, Error, Installation};
use std::fs;
use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

fn repo() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

/// An installation folder: the us fixture's bwdata, the stand-in script, and its settings.
fn installation(conf: &str) -> (tempfile::TempDir, Installation) {
    let dir = tempfile::tempdir().unwrap();
    let copy = std::process::Command::new("cp")
        .arg("-r")
        .arg(repo().join("tests/fixtures/us/bwdata"))
        .arg(dir.path())
        .status()
        .unwrap();
    assert!(copy.success());
    let script = dir.path().join("bitwarden.sh");
    fs::copy(repo().join("tests/standin/bitwarden.sh"), &script).unwrap();
    fs::set_permissions(&script, fs::Permissions::from_mode(0o755)).unwrap();
    fs::write(dir.path().join("standin.conf"), conf).unwrap();
    let inst = install::open(&dir.path().join("bwdata")).unwrap();
    (dir, inst)
}

fn consent() -> RunOptions {
    RunOptions {
        root_consent: true,
        ..RunOptions::default()
    }
}

fn run(inst: &Installation, opts: &RunOptions, cancel: &Cancel) -> (Outcome, Vec<(Duration, OutputLine)>) {
    let start = Instant::now();
    let mut lines = Vec::new();
    let outcome = runner::run(inst, ScriptCommand::Restart, opts, cancel, &mut |l| {
        lines.push((start.elapsed(), l.clone()))
    })
    .unwrap();
    (outcome, lines)
}

fn has(lines: &[(Duration, OutputLine)], text: &str) -> bool {
    lines.iter().any(|(_, l)| l.text.contains(text))
}

fn running_as_root() -> bool {
    nix::unistd::geteuid().is_root()
}

#[test]
fn a_restart_streams_its_output_and_ends_up_and_running() {
    let (dir, inst) = installation("");
    let (outcome, lines) = run(&inst, &consent(), &Cancel::default());
    let revision = famsync_core::envfile::read(&inst.env_file).unwrap().revision();
    assert_eq!(
        outcome,
        Outcome::UpAndRunning {
            env_revision: Some(revision)
        }
    );
    assert!(has(&lines, "bitwarden.sh version 2026.8.0"));
    assert!(has(&lines, "Bitwarden is up and running!"));
    assert!(
        lines.iter().all(|(_, l)| !l.text.contains('\u{1b}')),
        "colour codes reached the log"
    );
    if running_as_root() {
        assert!(has(&lines, "WARNING: This script is running as the root user!"));
        assert!(
            has(&lines, "Continuing...."),
            "the root question was not answered"
        );
    }
    assert!(dir.path().join("standin.running.env").exists());
}

#[test]
fn as_root_nothing_runs_without_consent() {
    let (dir, inst) = installation("");
    let result = runner::run(
        &inst,
        ScriptCommand::Restart,
        &RunOptions::default(),
        &Cancel::default(),
        &mut |_| {},
    );
    if running_as_root() {
        assert!(
            matches!(result, Err(Error::RootConsentRequired { .. })),
            "{result:?}"
        );
        assert!(
            !dir.path().join("standin.running.env").exists(),
            "the script ran anyway"
        );
    } else {
        // Not root: bitwarden.sh asks nothing, so no consent is needed.
        assert!(matches!(result, Ok(Outcome::UpAndRunning { .. })), "{result:?}");
    }
}

#[test]
fn a_failed_pull_after_down_leaves_the_server_down() {
    let (_dir, inst) = installation("MODE=pull-fail\n");
    let (outcome, lines) = run(&inst, &consent(), &Cancel::default());
    assert_eq!(
        outcome,
        Outcome::Failed {
            exit_code: Some(1),
            cause: FailureCause::Unknown,
            server_down: true
        }
    );
    let err = lines
        .iter()
        .find(|(_, l)| l.text.contains("Error response from daemon"))
        .unwrap();
    assert_eq!(err.1.stream, Stream::Stderr);
}

#[test]
fn compose_progress_comes_on_stderr_and_is_still_read() {
    let (_dir, inst) = installation("");
    let (outcome, lines) = run(&inst, &consent(), &Cancel::default());
    assert!(matches!(outcome, Outcome::UpAndRunning { .. }), "{outcome:?}");
    let stream = |text: &str| {
        lines
            .iter()
            .find(|(_, l)| l.text.contains(text))
            .unwrap()
            .1
            .stream
            .clone()
    };
    assert_eq!(stream("Container bitwarden-api  Stopped"), Stream::Stderr);
    assert_eq!(stream("Container bitwarden-api  Started"), Stream::Stderr);
    assert_eq!(stream("Bitwarden is up and running!"), Stream::Stdout);
    assert_eq!(stream("Copyright 2015-"), Stream::Stdout);
    assert!(has(&lines, ", Bitwarden, Inc."));
}

#[test]
fn without_docker_compose_the_cause_is_named() {
    let (_dir, inst) = installation("COMPOSE=none\n");
    let (outcome, lines) = run(&inst, &consent(), &Cancel::default());
    assert_eq!(
        outcome,
        Outcome::Failed {
            exit_code: Some(1),
            cause: FailureCause::NoCompose,
            server_down: false
        }
    );
    assert!(!has(&lines, "bitwarden.sh version"), "the check comes first");
}

/// The script failed after the containers were stopped: the server is down.
fn assert_failed_and_down(outcome: &Outcome) {
    assert!(
        matches!(
            outcome,
            Outcome::Failed {
                server_down: true,
                ..
            }
        ),
        "{outcome:?}"
    );
}

#[test]
fn old_docker_compose_progress_is_read_too() {
    let (_dir, inst) = installation("COMPOSE=v1\nMODE=pull-fail\n");
    let (outcome, lines) = run(&inst, &consent(), &Cancel::default());
    assert!(has(&lines, "falling back to docker-compose"));
    assert_failed_and_down(&outcome);
}

#[test]
fn only_running_containers_are_stopped() {
    let (dir, inst) = installation("");
    fs::write(dir.path().join("standin.stopped"), "").unwrap();
    let (outcome, lines) = run(&inst, &consent(), &Cancel::default());
    assert!(matches!(outcome, Outcome::UpAndRunning { .. }), "{outcome:?}");
    assert!(!has(&lines, "Stopped") && has(&lines, "Started"));
}

#[test]
fn a_failed_pull_with_containers_already_stopped_still_leaves_the_server_down() {
    let (dir, inst) = installation("MODE=pull-fail\n");
    fs::write(dir.path().join("standin.stopped"), "").unwrap();
    let (outcome, lines) = run(&inst, &consent(), &Cancel::default());
    assert!(!has(&lines, "Stopped"));
    assert_failed_and_down(&outcome);
}

#[test]
fn a_script_without_bwdata_beside_it_is_named() {
    let (dir, mut inst) = installation("");
    let elsewhere = tempfile::tempdir().unwrap();
    let script = elsewhere.path().join("bitwarden.sh");
    fs::copy(dir.path().join("bitwarden.sh"), &script).unwrap();
    inst.script = Some(script);
    let (outcome, lines) = run(&inst, &consent(), &Cancel::default());
    assert_eq!(
        outcome,
        Outcome::Failed {
            exit_code: Some(1),
            cause: FailureCause::NoInstallation,
            server_down: false
        }
    );
    assert!(has(&lines, "Cannot find a Bitwarden installation at"));
}

#[test]
fn no_script_is_an_error_before_anything_runs() {
    let (_dir, mut inst) = installation("");
    inst.script = None;
    let result = runner::run(
        &inst,
        ScriptCommand::Restart,
        &consent(),
        &Cancel::default(),
        &mut |_| {},
    );
    assert!(matches!(result, Err(Error::ScriptMissing { .. })), "{result:?}");
}

#[test]
fn a_hung_restart_times_out_and_its_whole_process_group_is_killed() {
    let (dir, inst) = installation("MODE=hang\necho $$ > \"$DIR/standin.pid\"\n");
    let opts = RunOptions {
        timeout: Duration::from_millis(1500),
        grace: Duration::from_millis(500),
        root_consent: true,
    };
    let started = Instant::now();
    let (outcome, lines) = run(&inst, &opts, &Cancel::default());
    let took = started.elapsed();
    assert_eq!(outcome, Outcome::TimedOut { server_down: true });
    assert!(took < Duration::from_secs(4), "took {took:?}");
    // Lines came as they were printed, long before the timeout.
    let stopped = lines.iter().find(|(_, l)| l.text.contains("Stopped")).unwrap();
    assert!(
        stopped.0 < Duration::from_millis(1000),
        "first line only at {:?}",
        stopped.0
    );
    let pgid: u32 = fs::read_to_string(dir.path().join("standin.pid"))
        .unwrap()
        .trim()
        .parse()
        .unwrap();
    assert_eq!(
        support::procs::group_members(pgid),
        Vec::<u32>::new(),
        "processes of the restart survived"
    );
}

#[test]
fn cancel_stops_a_slow_restart() {
    let (_dir, inst) = installation("MODE=slow\nDELAY=0.1\n");
    let cancel = Cancel::default();
    let trigger = cancel.clone();
    std::thread::spawn(move || {
        std::thread::sleep(Duration::from_millis(700));
        trigger.cancel();
    });
    let started = Instant::now();
    let (outcome, _) = run(&inst, &consent(), &cancel);
    assert_eq!(outcome, Outcome::Cancelled { server_down: true });
    assert!(
        started.elapsed() < Duration::from_secs(3),
        "took {:?}",
        started.elapsed()
    );
}

/// What a second famsync (another window, a CLI in a terminal) meets while a restart runs;
/// soon timed out if it runs at all, so a missing lock fails the test instead of hanging it.
fn second_restart(inst: &Installation) -> famsync_core::Result<Outcome> {
    let opts = RunOptions {
        timeout: Duration::from_secs(3),
        grace: Duration::from_millis(200),
        root_consent: true,
    };
    runner::run(
        inst,
        ScriptCommand::Restart,
        &opts,
        &Cancel::default(),
        &mut |_| {},
    )
}

#[test]
fn a_second_restart_of_the_same_installation_is_refused_until_the_first_ends() {
    let (dir, inst) = installation("MODE=hang\ntouch \"$DIR/standin.started\"\n");
    let (cancel, first) = (Cancel::default(), inst.clone());
    let trigger = cancel.clone();
    let running = std::thread::spawn(move || run(&first, &consent(), &trigger).0);
    while !dir.path().join("standin.started").exists() {
        std::thread::sleep(Duration::from_millis(20));
    }
    let refused = second_restart(&inst);
    assert!(
        matches!(&refused, Err(Error::RestartInProgress { bwdata, .. }) if *bwdata == inst.bwdata),
        "{refused:?}"
    );
    cancel.cancel();
    assert_eq!(running.join().unwrap(), Outcome::Cancelled { server_down: true });
    fs::write(dir.path().join("standin.conf"), "").unwrap();
    assert!(matches!(second_restart(&inst), Ok(Outcome::UpAndRunning { .. })));
}

/// Any user who may read the script's folder can hold the lock: the refusal names the process.
#[test]
fn a_restart_refused_as_busy_names_the_process_holding_the_lock() {
    let (dir, inst) = installation("");
    fs::set_permissions(dir.path(), fs::Permissions::from_mode(0o755)).unwrap();
    let holder = support::procs::LockHolder::hold(dir.path());
    let refused = second_restart(&inst);
    let Err(Error::RestartInProgress {
        holder: Some(seen), ..
    }) = &refused
    else {
        panic!("no holder named: {refused:?}");
    };
    assert_eq!(seen.pid, holder.0.id());
    assert_eq!(
        seen.user.as_deref(),
        Some(support::procs::LockHolder::user().as_str())
    );
    let command = seen.command.as_deref().unwrap_or_default();
    assert!(
        command.starts_with("flock -w 10 ") && command.ends_with(" sleep 60"),
        "{command}"
    );
    assert!(!dir.path().join("standin.running.env").exists(), "the script ran");
}

mod support;
use famsync_core::restart::{self, Event};
use famsync_core::{applied, status};
use support::server_standin::{Behaviour, Standin};

/// restart::run_and_wait against the stand-in script and a server stand-in in the US region.
async fn run_and_wait(
    conf: &str,
    data: &Path,
) -> (restart::Finished, Vec<Event>, Installation, tempfile::TempDir) {
    let (dir, inst) = installation(conf);
    let server = Standin::start(Behaviour::Bitwarden {
        version: "2026.8.0".into(),
        region: Some("US".into()),
    })
    .await;
    let target = restart::target(&inst, data, Some(server.base.clone()));
    let events = std::sync::Arc::new(std::sync::Mutex::new(Vec::new()));
    let seen = events.clone();
    let apply = inst.kind.apply(&inst, ScriptCommand::Restart).unwrap();
    let plan = (apply, consent(), Duration::from_secs(5));
    let finished = restart::run_and_wait(&inst, &target, data, plan, &Cancel::default(), move |e| {
        seen.lock().unwrap().push(e)
    })
    .await
    .unwrap();
    let events = events.lock().unwrap().clone();
    (finished, events, inst, dir)
}

#[tokio::test(flavor = "multi_thread")]
async fn a_restart_records_what_the_server_runs_with_and_a_failed_one_forgets_it() {
    let data = tempfile::tempdir().unwrap();
    let (ok, events, inst, _dir) = run_and_wait("", data.path()).await;
    assert!(ok.health.as_ref().is_some_and(|h| h.healthy()), "{ok:?}");
    assert!(matches!(events.first(), Some(Event::Line { .. })));
    assert!(matches!(events.last(), Some(Event::WaitingForServer { .. })));
    let pending = |inst: &Installation| {
        status::with_applied(status::current(inst).unwrap(), data.path())
            .env_file
            .pending_restart
    };
    assert_eq!(pending(&inst), Some(false));

    // The same installation id, restarted again: the pull fails after the containers stopped.
    let (failed, _, inst, _dir) = run_and_wait("MODE=pull-fail\n", data.path()).await;
    assert!(
        matches!(
            failed.outcome,
            Outcome::Failed {
                server_down: true,
                ..
            }
        ),
        "{failed:?}"
    );
    assert_eq!(
        pending(&inst),
        None,
        "a stopped server still counted as running the file"
    );
    assert_eq!(
        applied::load(data.path(), "9d1c7e2a-4b6f-4a8e-b0c1-2d3e4f5a6b7c"),
        None
    );
}
