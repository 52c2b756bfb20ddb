//! Restart and watching on an installation over SSH, against a real OpenSSH server on loopback
//! (support/sshd.rs): the stand-in bitwarden.sh streamed to up-and-running, its root question,
//! a cancel that leaves no process on the server; outside edits seen through inotifywait and by
//! polling, and a dropped connection ending the watch.
#![cfg(unix)] // not on Windows: tests/not-on-windows.txt says why

mod support;
use famsync_core::runner::{self, Cancel, Outcome, OutputLine, RunOptions, ScriptCommand};
use famsync_core::watch::{self, Change, Method, DEBOUNCE};
use famsync_core::{Error, Host, Installation};
use std::fs;
use support::sshd::Sshd;

fn restart(
    inst: &Installation,
    opts: &RunOptions,
    cancel: &Cancel,
) -> famsync_core::Result<(Outcome, Vec<OutputLine>)> {
    let mut lines = Vec::new();
    let outcome = runner::run(inst, ScriptCommand::Restart, opts, cancel, &mut |l| {
        lines.push(l.clone())
    })?;
    Ok((outcome, lines))
}

#[test]
fn a_restart_over_ssh_streams_the_script_and_asks_before_answering_its_root_question() {
    let sshd = Sshd::accepted();
    let (remote, local) = sshd.both();
    fs::write(local.bwdata.parent().unwrap().join("standin.conf"), "").unwrap();
    let as_root = nix::unistd::geteuid().is_root();
    if as_root {
        let err = restart(&remote, &RunOptions::default(), &Cancel::default()).unwrap_err();
        assert!(matches!(err, Error::RootConsentRequired { .. }), "{err:?}");
        assert!(!local
            .bwdata
            .parent()
            .unwrap()
            .join("standin.running.env")
            .exists());
    }
    let opts = RunOptions {
        root_consent: true,
        ..RunOptions::default()
    };
    let (outcome, lines) = restart(&remote, &opts, &Cancel::default()).unwrap();
    let revision = local.read_env().unwrap().revision();
    assert_eq!(
        outcome,
        Outcome::UpAndRunning {
            env_revision: Some(revision)
        }
    );
    let has = |text: &str| lines.iter().any(|l| l.text.contains(text));
    assert!(has("bitwarden.sh version"));
    assert!(has("Bitwarden is up and running!"));
    assert_eq!(has("Continuing...."), as_root, "the root question");
    assert!(local
        .bwdata
        .parent()
        .unwrap()
        .join("standin.running.env")
        .exists());
}

#[test]
fn a_script_without_its_execute_bit_is_named_over_ssh_as_here() {
    use std::os::unix::fs::PermissionsExt;
    let sshd = Sshd::accepted();
    let (remote, local) = sshd.both();
    let script = local.script.clone().unwrap();
    fs::set_permissions(&script, fs::Permissions::from_mode(0o644)).unwrap();
    let opts = RunOptions {
        root_consent: true,
        ..RunOptions::default()
    };
    for inst in [&local, &remote] {
        let err = restart(inst, &opts, &Cancel::default()).unwrap_err();
        assert!(
            matches!(&err, Error::ScriptNotExecutable { script: s } if *s == script),
            "{err:?}"
        );
    }
}

/// The sample installation on a server whose stand-in script hangs after stopping the
/// containers, having first run `also`: the server, the installation over SSH and directly, and
/// the script's folder.
fn hanging(also: &str) -> (Sshd, Installation, Installation, std::path::PathBuf) {
    let sshd = Sshd::accepted();
    let (remote, local) = sshd.both();
    let root = local.bwdata.parent().unwrap().to_path_buf();
    fs::write(root.join("standin.conf"), format!("MODE=hang\n{also}")).unwrap();
    (sshd, remote, local, root)
}

#[test]
fn cancelling_a_restart_over_ssh_stops_the_script_on_the_server() {
    let (_sshd, remote, _, root) = hanging("cut -d' ' -f5 /proc/$$/stat > \"$DIR/standin.pgid\"\n");
    let cancel = Cancel::default();
    let trigger = cancel.clone();
    let opts = RunOptions {
        root_consent: true,
        grace: std::time::Duration::from_millis(500),
        ..RunOptions::default()
    };
    let mut lines = Vec::new();
    let outcome = runner::run(&remote, ScriptCommand::Restart, &opts, &cancel, &mut |l| {
        if l.text.contains("Stopped") {
            trigger.cancel();
        }
        lines.push(l.clone());
    })
    .unwrap();
    assert_eq!(outcome, Outcome::Cancelled { server_down: true });
    let pgid: u32 = fs::read_to_string(root.join("standin.pgid"))
        .unwrap()
        .trim()
        .parse()
        .unwrap();
    let until = std::time::Instant::now() + std::time::Duration::from_secs(5);
    while !support::procs::group_members(pgid).is_empty() && std::time::Instant::now() < until {
        std::thread::sleep(std::time::Duration::from_millis(50));
    }
    assert_eq!(
        support::procs::group_members(pgid),
        Vec::<u32>::new(),
        "the restart goes on on the server"
    );
}

/// A famsync over SSH and a famsync on the server itself lock the same folder: whichever
/// restarts first, the other is refused while the script runs, and nothing more is started.
#[test]
fn a_restart_over_ssh_and_one_on_the_server_exclude_each_other() {
    let (_sshd, remote, local, root) = hanging("echo x >> \"$DIR/standin.starts\"\n");
    let opts = RunOptions {
        root_consent: true,
        timeout: std::time::Duration::from_secs(3),
        grace: std::time::Duration::from_millis(200),
    };
    for (first, second) in [(&local, &remote), (&remote, &local)] {
        let _ = fs::remove_file(root.join("standin.starts"));
        let (cancel, inst, o) = (Cancel::default(), first.clone(), opts.clone());
        let trigger = cancel.clone();
        let running = std::thread::spawn(move || restart(&inst, &o, &trigger).map(|r| r.0));
        while !root.join("standin.starts").exists() {
            std::thread::sleep(std::time::Duration::from_millis(20));
        }
        let err = restart(second, &opts, &Cancel::default()).unwrap_err();
        assert!(matches!(err, Error::RestartInProgress { .. }), "{err:?}");
        cancel.cancel();
        let outcome = running.join().unwrap().unwrap();
        assert_eq!(outcome, Outcome::Cancelled { server_down: true });
        let starts = fs::read_to_string(root.join("standin.starts")).unwrap();
        assert_eq!(starts.lines().count(), 1, "the script was started twice");
    }
}

/// The next change within `secs`, skipping log noise.
fn next_change(w: &watch::Watch, secs: u64) -> Option<Change> {
    let until = std::time::Instant::now() + std::time::Duration::from_secs(secs);
    loop {
        let left = until.checked_duration_since(std::time::Instant::now())?;
        match w.changes.recv_timeout(left) {
            Ok(Change::Logs) => continue,
            Ok(c) => return Some(c),
            Err(_) => return None,
        }
    }
}

fn sees_outside_edits(poll: bool, expected: Method) {
    let sshd = Sshd::accepted();
    let (remote, local) = sshd.both();
    let Host::Ssh(session) = &remote.host else {
        unreachable!()
    };
    let w = watch::watch_server(session, &remote, DEBOUNCE, poll).unwrap();
    assert_eq!(w.method, expected);
    assert_eq!(next_change(&w, 1), None, "a change before any edit");
    let text =
        fs::read_to_string(&local.env_file).unwrap() + "globalSettings__enableCloudCommunication=true\n";
    fs::write(&local.env_file, text).unwrap();
    assert_eq!(next_change(&w, 5), Some(Change::EnvFile));
    let licenses = famsync_core::licenses::folder(&local.bwdata);
    fs::copy(
        fs::read_dir(&licenses).unwrap().next().unwrap().unwrap().path(),
        licenses.join("copy.json"),
    )
    .unwrap();
    assert_eq!(next_change(&w, 5), Some(Change::Licenses));
    // A dropped connection ends the watch, so the front ends can say so.
    sshd.drop_connections();
    let until = std::time::Instant::now() + std::time::Duration::from_secs(5);
    let ended = loop {
        match w.changes.recv_timeout(std::time::Duration::from_millis(100)) {
            Err(std::sync::mpsc::RecvTimeoutError::Disconnected) => break true,
            _ if std::time::Instant::now() > until => break false,
            _ => {}
        }
    };
    assert!(ended, "the watch went on after the connection dropped");
}

#[test]
fn an_outside_edit_on_the_server_is_seen_through_inotifywait() {
    sees_outside_edits(false, Method::Inotifywait);
}

#[test]
fn without_inotifywait_the_server_is_looked_at_every_two_seconds() {
    sees_outside_edits(true, Method::Polling);
}

/// As on famsync's own machine: a script in a folder another account could change is not run,
/// and the refusal names the folder, its owner and mode, here and over SSH alike.
#[test]
fn a_script_in_a_folder_others_may_write_is_refused_over_ssh_as_here() {
    use std::os::unix::fs::PermissionsExt;
    let sshd = Sshd::accepted();
    let (remote, local) = sshd.both();
    let folder = local.bwdata.parent().unwrap().to_path_buf();
    fs::set_permissions(&folder, fs::Permissions::from_mode(0o777)).unwrap();
    let opts = RunOptions {
        root_consent: true,
        ..RunOptions::default()
    };
    for inst in [&local, &remote] {
        match restart(inst, &opts, &Cancel::default()) {
            Err(Error::ScriptNotTrusted { path, mode, .. }) => {
                assert_eq!((path.as_path(), mode.as_str()), (folder.as_path(), "0777"));
            }
            other => panic!("run: {other:?}"),
        }
    }
    assert!(!folder.join("standin.running.env").exists(), "the script ran");
}

/// Logged in as root, bitwarden.sh runs as the account that owns it (Bitwarden's advice: a
/// dedicated user); logged in as anyone else, as that user.
#[test]
fn over_ssh_as_root_the_script_runs_as_its_owner() {
    use std::os::unix::fs::{chown, PermissionsExt};
    let sshd = Sshd::accepted();
    let (remote, local) = sshd.both();
    let folder = local.bwdata.parent().unwrap().to_path_buf();
    let script = local.script.clone().unwrap();
    fs::write(&script, "#!/bin/sh\necho \"ran as $(id -un), HOME $HOME\"\n").unwrap();
    let owner = nix::unistd::User::from_name(support::sshd::OTHER_USER)
        .unwrap()
        .unwrap();
    // The owner may reach its script: the temp folder above is root's and not writable by others.
    fs::set_permissions(folder.parent().unwrap(), fs::Permissions::from_mode(0o755)).unwrap();
    fs::set_permissions(&folder, fs::Permissions::from_mode(0o755)).unwrap();
    chown(&folder, Some(owner.uid.as_raw()), Some(owner.gid.as_raw())).unwrap();
    chown(&script, Some(owner.uid.as_raw()), Some(owner.gid.as_raw())).unwrap();
    let opts = RunOptions {
        root_consent: true,
        ..RunOptions::default()
    };
    let (_, lines) = restart(&remote, &opts, &Cancel::default()).unwrap();
    let me = nix::unistd::User::from_uid(nix::unistd::geteuid())
        .unwrap()
        .unwrap();
    let expected = if me.uid.is_root() { &owner } else { &me };
    let said = format!("ran as {}, HOME {}", expected.name, expected.dir.display());
    assert!(lines.iter().any(|l| l.text == said), "{said:?} not in {lines:?}");
}

/// A restart refused as busy on the server names who holds the lock there, as here.
#[test]
fn a_busy_server_names_the_lock_holder() {
    let sshd = Sshd::accepted();
    let (remote, local) = sshd.both();
    let folder = local.bwdata.parent().unwrap().to_path_buf();
    let mut holder = std::process::Command::new("flock")
        .arg(&folder)
        .args(["sleep", "30"])
        .spawn()
        .unwrap();
    std::thread::sleep(std::time::Duration::from_millis(300));
    let opts = RunOptions {
        root_consent: true,
        ..RunOptions::default()
    };
    let r = restart(&remote, &opts, &Cancel::default());
    let _ = holder.kill();
    let _ = holder.wait();
    match r {
        Err(Error::RestartInProgress { holder: Some(h), .. }) => {
            assert_eq!(h.pid, holder.id());
            assert!(
                h.command.as_deref().is_some_and(|c| c.starts_with("flock ")),
                "{h:?}"
            );
        }
        other => panic!("run: {other:?}"),
    }
}
