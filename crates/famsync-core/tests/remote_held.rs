//! A session held open as one ssh process (Link::Held, Windows' way: its OpenSSH has no
//! ControlMaster), against a real OpenSSH server on loopback (support/sshd.rs): every short step
//! goes over the one login, the lasting ones (the writer's turn, a restart, watching) each log in
//! by themselves, yet a key's passphrase is asked once per session; ssh's refusals are told
//! apart as with a shared connection, a drop is named, and the held ssh ends with its session.
#![cfg(unix)] // not on Windows: tests/not-on-windows.txt says why

mod support;
use famsync_core::plan::{self, Action};
use famsync_core::region::Region;
use famsync_core::remote::askpass::{self, Prompt};
use famsync_core::remote::{Link, Session, SshOptions};
use famsync_core::runner::{Outcome, RunOptions};
use famsync_core::watch::{self, DEBOUNCE};
use famsync_core::{install, status, Error, Host, Installation};
use std::fs;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};
use support::sshd::{Sshd, ALIAS, PASSPHRASE};
use zeroize::Zeroizing;

fn held(sshd: &Sshd) -> SshOptions {
    SshOptions {
        link: Link::Held,
        ..sshd.opts()
    }
}

/// The installation on the server over a held session, and read directly.
fn both(sshd: &Sshd) -> (Arc<Session>, Installation, Installation) {
    let bwdata = sshd.installation();
    let session = Arc::new(Session::connect(ALIAS, &held(sshd)).unwrap());
    let remote = install::open_on(&Host::Ssh(session.clone()), Some(&bwdata)).unwrap();
    (session, remote, install::open(&bwdata).unwrap())
}

#[test]
fn every_short_step_of_a_held_session_goes_over_its_one_login() {
    let sshd = Sshd::accepted();
    let (session, remote, local) = both(&sshd);
    let me = nix::unistd::User::from_uid(nix::unistd::geteuid())
        .unwrap()
        .unwrap();
    assert_eq!(session.user(), me.name);
    assert_eq!(session.is_root(), me.uid.is_root());
    for _ in 0..5 {
        let (r, l) = (
            status::current(&remote).unwrap(),
            status::current(&local).unwrap(),
        );
        assert_eq!(r.env_file.revision, l.env_file.revision);
        assert_eq!(r.installation.installation_id, l.installation.installation_id);
        assert_eq!(r.organizations, l.organizations);
    }
    assert_eq!(sshd.logins(), 1, "a short step logged in again");
    assert_eq!(sshd.connections(), 1);
}

#[test]
fn enabling_over_a_held_session_writes_the_file_in_the_writers_own_turn() {
    let sshd = Sshd::accepted();
    let (_session, remote, local) = both(&sshd);
    let before = fs::read(&local.env_file).unwrap();
    let eu = Action::Enable {
        region: Region::Eu,
        push_relay: false,
    };
    let plan = plan::preview(&remote, eu).unwrap();
    let applied = plan::apply(&remote, eu, Some(&plan.revision)).unwrap();
    let text = fs::read_to_string(&local.env_file).unwrap();
    assert!(
        text.contains("globalSettings__enableCloudCommunication=true"),
        "{text}"
    );
    assert!(
        text.contains("globalSettings__baseServiceUri__cloudRegion=EU"),
        "{text}"
    );
    let backup = local.bwdata.join("env").join(applied.backup.unwrap());
    assert_eq!(
        fs::read(backup).unwrap(),
        before,
        "the backup is the file as it was"
    );
    // The turn held its own login while the write went over the held one.
    assert_eq!(sshd.logins(), 2);
}

#[test]
fn a_restart_over_a_held_session_streams_the_script_to_up_and_running() {
    let sshd = Sshd::accepted();
    let (_session, remote, local) = both(&sshd);
    fs::write(local.bwdata.parent().unwrap().join("standin.conf"), "").unwrap();
    let opts = RunOptions {
        root_consent: true,
        ..RunOptions::default()
    };
    let (outcome, lines) = support::runs::restart(&remote, &opts);
    let revision = local.read_env().unwrap().revision();
    assert_eq!(
        outcome,
        Outcome::UpAndRunning {
            env_revision: Some(revision)
        }
    );
    assert!(
        lines.iter().any(|l| l.contains("Bitwarden is up and running!")),
        "{lines:?}"
    );
}

#[test]
fn a_watch_over_a_held_session_sees_an_edit_on_the_server() {
    let sshd = Sshd::accepted();
    let (session, remote, local) = both(&sshd);
    let w = watch::watch_server(&session, &remote, DEBOUNCE, false).unwrap();
    let text =
        fs::read_to_string(&local.env_file).unwrap() + "globalSettings__enableCloudCommunication=true\n";
    fs::write(&local.env_file, text).unwrap();
    let seen = support::changes::sees_env_file_change(&w, Duration::from_secs(5));
    assert!(seen, "the edit was not seen");
    // Meanwhile the held login still answers.
    assert!(status::current(&remote).unwrap().cloud_communication.enabled);
}

#[test]
fn a_held_session_tells_an_unknown_host_key_from_a_refused_client_key() {
    let mut sshd = Sshd::start();
    match Session::connect(ALIAS, &held(&sshd)) {
        Err(Error::SshHostKeyUnknown { fingerprint, .. }) => assert_eq!(fingerprint, sshd.host_fingerprint()),
        other => panic!("connected to an unknown host: {:?}", other.err()),
    }
    drop(sshd);
    sshd = Sshd::accepted();
    sshd.write_client_config("stranger");
    let err = Session::connect(ALIAS, &held(&sshd)).unwrap_err();
    assert!(matches!(err, Error::SshAuthFailed { .. }), "{err:?}");
    sshd.restart_with_new_host_key();
    sshd.write_client_config("client");
    let err = Session::connect(ALIAS, &held(&sshd)).unwrap_err();
    assert!(matches!(err, Error::SshHostKeyChanged { .. }), "{err:?}");
}

#[test]
fn a_dropped_held_session_is_named_and_an_ended_one_leaves_no_connection() {
    let sshd = Sshd::accepted();
    let (session, remote, _local) = both(&sshd);
    sshd.drop_connections();
    let err = status::current(&remote).unwrap_err();
    assert!(matches!(err, Error::SshConnectionLost { .. }), "{err:?}");
    // The next session logs in again; when it ends, so does its connection on the server.
    drop((remote, session));
    let (session, remote, _local) = both(&sshd);
    status::current(&remote).unwrap();
    assert_eq!(sshd.connections(), 1);
    drop((remote, session));
    let until = Instant::now() + Duration::from_secs(3);
    while sshd.connections() > 0 {
        assert!(Instant::now() < until, "the held connection outlived its session");
        std::thread::sleep(Duration::from_millis(20));
    }
}

/// ssh's askpass, speaking the app's protocol (askpass.rs: the scope and the prompt, each ended
/// by a NUL; "1" and the answer back). A stand-in for the app's own binary in that role, which
/// the window's passphrase test runs for real.
const ASKPASS: &str = r#"#!/usr/bin/env python3
import os, socket, sys
s = socket.socket(socket.AF_UNIX)
s.connect(os.environ["FAMSYNC_ASKPASS_SOCKET"])
s.sendall(os.environ.get("FAMSYNC_ASKPASS_SCOPE", "").encode() + b"\0" + sys.argv[1].encode() + b"\0")
reply = b""
while chunk := s.recv(4096):
    reply += chunk
if reply[:1] != b"1":
    sys.exit(1)
print(reply[1:].decode())
"#;

#[test]
fn a_passphrase_is_asked_once_for_a_held_session_and_the_steps_that_log_in_again() {
    let sshd = Sshd::accepted();
    sshd.write_client_config("locked");
    let program = sshd.dir.path().join("askpass.py");
    fs::write(&program, ASKPASS).unwrap();
    use std::os::unix::fs::PermissionsExt;
    fs::set_permissions(&program, fs::Permissions::from_mode(0o700)).unwrap();
    let asked = Arc::new(AtomicUsize::new(0));
    let count = asked.clone();
    let listener = askpass::serve(program, move |prompt| {
        count.fetch_add(1, Ordering::SeqCst);
        matches!(prompt, Prompt::Passphrase { .. }).then(|| Zeroizing::new(PASSPHRASE.to_string()))
    })
    .unwrap();
    let opts = SshOptions {
        askpass: Some(listener.askpass.clone()),
        ..held(&sshd)
    };
    let bwdata = sshd.installation();
    let session = Arc::new(Session::connect(ALIAS, &opts).unwrap());
    let remote = install::open_on(&Host::Ssh(session.clone()), Some(&bwdata)).unwrap();
    let eu = Action::Enable {
        region: Region::Eu,
        push_relay: false,
    };
    plan::apply(&remote, eu, None).unwrap();
    plan::apply(&remote, Action::Disable, None).unwrap();
    assert_eq!(sshd.logins(), 3, "the two turns logged in by themselves");
    assert_eq!(asked.load(Ordering::SeqCst), 1, "the passphrase was asked again");
    // A new session asks again: the last one's answer went with it.
    drop((remote, session));
    Session::connect(ALIAS, &opts).unwrap();
    assert_eq!(asked.load(Ordering::SeqCst), 2);
}
