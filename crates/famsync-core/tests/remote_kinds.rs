//! Kinds of installation on a server over SSH (a real OpenSSH server on loopback,
//! support/sshd.rs): a Bitwarden lite folder (tests/fixtures/lite, laid out as
//! bitwarden/self-host's bitwarden-lite/) is found by the server's helper as lite, read and
//! written there as on this machine.
#![cfg(unix)] // not on Windows: tests/not-on-windows.txt says why

mod support;
use famsync_core::kind::Kind;
use famsync_core::plan::{self, Action};
use famsync_core::region::Region;
use famsync_core::watch::{self, DEBOUNCE};
use famsync_core::{install, status, Host};
use std::fs;
use std::path::{Path, PathBuf};
use std::time::Duration;
use support::sshd::Sshd;

/// The lite fixture in a folder of the server's (the same machine here).
fn lite_on(sshd: &Sshd) -> PathBuf {
    let dir = sshd.dir.path().join("bitwarden lite");
    fs::create_dir(&dir).unwrap();
    let fixture = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/fixtures/lite");
    for name in ["settings.env", "docker-compose.yml"] {
        fs::copy(fixture.join(name), dir.join(name)).unwrap();
    }
    dir
}

#[test]
fn a_lite_folder_on_a_server_is_lite_there_too() {
    let sshd = Sshd::accepted();
    let dir = lite_on(&sshd);
    let host = sshd.host();
    for named in [dir.clone(), dir.join("settings.env")] {
        let remote = install::open_on(&host, Some(&named)).unwrap();
        assert_eq!(remote.kind, Kind::Lite);
        assert_eq!(remote.env_file, dir.join("settings.env"));
        let report = status::current(&remote).unwrap();
        assert_eq!(
            report.installation.installation_id.as_deref(),
            Some("9d1c7e2a-4b6f-4a8e-b0c1-2d3e4f5a6b7c")
        );
    }
    let remote = install::open_on(&host, Some(&dir)).unwrap();
    let before = fs::read_to_string(dir.join("settings.env")).unwrap();
    let eu = Action::Enable {
        region: Region::Eu,
        push_relay: false,
    };
    let applied = plan::apply(&remote, eu, None).unwrap();
    let after = fs::read_to_string(dir.join("settings.env")).unwrap();
    assert!(
        after.starts_with(&before),
        "the owner's lines stay as they were:\n{after}"
    );
    assert!(after.contains("globalSettings__pushRelayBaseUri=https://push.bitwarden.eu\n"));
    assert_eq!(
        fs::read_to_string(dir.join(applied.backup.unwrap())).unwrap(),
        before
    );
}

#[test]
fn an_edit_of_lite_s_settings_on_a_server_is_seen_by_watching_both_ways() {
    let sshd = Sshd::accepted();
    let dir = lite_on(&sshd);
    let Host::Ssh(session) = sshd.host() else {
        unreachable!()
    };
    let remote = install::open_on(&Host::Ssh(session.clone()), Some(&dir)).unwrap();
    for poll in [false, true] {
        let w = watch::watch_server(&session, &remote, DEBOUNCE, poll).unwrap();
        let text = fs::read_to_string(dir.join("settings.env")).unwrap() + "# edited by hand\n";
        fs::write(dir.join("settings.env"), text).unwrap();
        let seen = support::changes::sees_env_file_change(&w, Duration::from_secs(8));
        assert!(seen, "the edit was not seen (polling: {poll})");
    }
}

/// Logins on this server find the stand-in docker (tests/standin/docker) first on PATH.
fn server_with_docker() -> Sshd {
    let sshd = Sshd::with_login_script(
        "export PATH={dir}/bin:$PATH STANDIN_DOCKER={dir} STANDIN_DOCKER_LOG={dir}/calls\nexec sh -c \"$SSH_ORIGINAL_COMMAND\"\n",
    );
    let bin = sshd.dir.path().join("bin");
    fs::create_dir(&bin).unwrap();
    let standin = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/standin/docker");
    fs::copy(standin, bin.join("docker")).unwrap();
    let mode = std::os::unix::fs::PermissionsExt::from_mode(0o755);
    fs::set_permissions(bin.join("docker"), mode).unwrap();
    sshd
}

#[test]
fn applying_lite_on_a_server_runs_docker_compose_up_in_its_folder_there() {
    use famsync_core::runner::{Outcome, RunOptions};
    let sshd = server_with_docker();
    let dir = lite_on(&sshd);
    let remote = install::open_on(&sshd.host(), Some(&dir)).unwrap();
    assert_eq!(remote.script, Some(dir.join("docker-compose.yml")));
    let (outcome, lines) = support::runs::restart(&remote, &RunOptions::default());
    assert!(
        matches!(outcome, Outcome::UpAndRunning { .. }),
        "{outcome:?} {lines:?}"
    );
    assert!(
        lines.iter().any(|l| l.ends_with("-bitwarden-1  Started")),
        "{lines:?}"
    );
    let calls = fs::read_to_string(sshd.dir.path().join("calls")).unwrap();
    assert_eq!(calls, format!("{} compose up -d\n", dir.display()));
}
