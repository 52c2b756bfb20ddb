//! Servers whose logins do more than run the command, against a real OpenSSH server on
//! loopback (support/sshd.rs) with a login script (ForceCommand) in front of every command: a
//! banner on stdout, a script that reads stdin, a shell that stops answering, a shell that
//! cannot run the helper, a host key that changes under a live session, and ssh_config's
//! RequestTTY. Both ways of sharing a login (Link::Shared, Link::Held) must read only the
//! helper, and end every wait with an error that names the cause.
#![cfg(unix)] // not on Windows: tests/not-on-windows.txt says why

mod support;
use famsync_core::plan::{self, Action};
use famsync_core::region::Region;
use famsync_core::remote::{Link, Session, SshOptions, Waits};
use famsync_core::{install, status, Error, Host};
use std::fs;
use std::sync::Arc;
use std::time::{Duration, Instant};
use support::sshd::{Sshd, ALIAS};

const EU: Action = Action::Enable {
    region: Region::Eu,
    push_relay: false,
};
const LINKS: [Link; 2] = [Link::Shared, Link::Held];
const BANNER: &str = "echo 'Welcome to the vault server'\necho 'Last login: yesterday'\nexec sh -c \"$SSH_ORIGINAL_COMMAND\"\n";

fn opts(sshd: &Sshd, link: Link, waits: Waits) -> SshOptions {
    SshOptions {
        link,
        waits,
        ..sshd.opts()
    }
}

fn short(login: u64, answer: u64) -> Waits {
    Waits {
        login: Duration::from_secs(login),
        answer: Duration::from_secs(answer),
    }
}

fn me() -> nix::unistd::User {
    nix::unistd::User::from_uid(nix::unistd::geteuid())
        .unwrap()
        .unwrap()
}

#[test]
fn a_login_banner_is_no_part_of_any_answer() {
    let sshd = Sshd::with_login_script(BANNER);
    let bwdata = sshd.installation();
    for link in LINKS {
        let session = Arc::new(Session::connect(ALIAS, &opts(&sshd, link, Waits::default())).unwrap());
        // Root stays root: bitwarden.sh's root question depends on it.
        assert_eq!(session.user(), me().name, "{link:?}");
        assert_eq!(session.is_root(), me().uid.is_root(), "{link:?}");
        let remote = install::open_on(&Host::Ssh(session.clone()), Some(&bwdata)).unwrap();
        let local = install::open(&bwdata).unwrap();
        let report = status::current(&remote).unwrap();
        assert_eq!(report.env_file.revision, local.read_env().unwrap().revision());
        // The writer's turn logs in by itself (held) or through the master (shared): its
        // first line is the helper's, not the banner.
        plan::apply(&remote, EU, None).unwrap();
        plan::apply(&remote, Action::Disable, None).unwrap();
    }
}

#[test]
fn a_login_script_that_reads_stdin_is_given_up_on_and_named() {
    let sshd = Sshd::with_login_script("read -r _ || true\nexec sh -c \"$SSH_ORIGINAL_COMMAND\"\n");
    let bwdata = sshd.installation();
    let started = Instant::now();
    let held = Session::connect(ALIAS, &opts(&sshd, Link::Held, short(3, 3)));
    assert!(
        matches!(held, Err(Error::SshNoAnswer { seconds: 3, .. })),
        "{held:?}"
    );
    // Shared logs in without stdin, then every helper's program is on it.
    let shared = Session::connect(ALIAS, &opts(&sshd, Link::Shared, short(3, 3))).unwrap();
    let opened = install::open_on(&Host::Ssh(Arc::new(shared)), Some(&bwdata));
    assert!(matches!(opened, Err(Error::SshNoAnswer { .. })), "{opened:?}");
    assert!(
        started.elapsed() < Duration::from_secs(30),
        "{:?}",
        started.elapsed()
    );
}

#[test]
fn a_held_loop_that_stops_answering_is_given_up_on_without_holding_the_session() {
    // The login's own process starts the session: stopping it and its session stops the loop.
    let sshd =
        Sshd::with_login_script("ps -o sid= -p $$ > {dir}/login.pid\nexec sh -c \"$SSH_ORIGINAL_COMMAND\"\n");
    let bwdata = sshd.installation();
    let session = Arc::new(Session::connect(ALIAS, &opts(&sshd, Link::Held, short(30, 2))).unwrap());
    let remote = install::open_on(&Host::Ssh(session.clone()), Some(&bwdata)).unwrap();
    let sid = fs::read_to_string(sshd.dir.path().join("login.pid")).unwrap();
    let stopped = std::process::Command::new("pkill")
        .args(["-STOP", "-s", sid.trim()])
        .status()
        .unwrap();
    assert!(stopped.success());
    let started = Instant::now();
    let report = status::current(&remote);
    let _ = std::process::Command::new("pkill")
        .args(["-CONT", "-s", sid.trim()])
        .status();
    assert!(
        matches!(report, Err(Error::SshNoAnswer { seconds: 2, .. })),
        "{report:?}"
    );
    assert!(
        started.elapsed() < Duration::from_secs(20),
        "{:?}",
        started.elapsed()
    );
    // Given up on: the next step says the connection is gone at once, so follow reconnects.
    assert!(matches!(
        status::current(&remote),
        Err(Error::SshConnectionLost { .. })
    ));
}

#[test]
fn a_shell_that_cannot_run_the_helper_is_named_as_such() {
    // Logged in, and the shell ends without a word: as a server without dd or base64 does.
    let sshd = Sshd::with_login_script("exit 0\n");
    let bwdata = sshd.installation();
    let held = Session::connect(ALIAS, &opts(&sshd, Link::Held, Waits::default()));
    assert!(matches!(held, Err(Error::RemoteHelperFailed { .. })), "{held:?}");
    let shared = Session::connect(ALIAS, &opts(&sshd, Link::Shared, Waits::default())).unwrap();
    let opened = install::open_on(&Host::Ssh(Arc::new(shared)), Some(&bwdata));
    assert!(
        matches!(opened, Err(Error::RemoteHelperFailed { .. })),
        "{opened:?}"
    );
}

#[test]
fn a_host_key_changed_under_a_held_session_is_named_when_a_step_logs_in_again() {
    let mut sshd = Sshd::accepted();
    let bwdata = sshd.installation();
    let session = Arc::new(Session::connect(ALIAS, &opts(&sshd, Link::Held, Waits::default())).unwrap());
    let remote = install::open_on(&Host::Ssh(session), Some(&bwdata)).unwrap();
    let before = fs::read(&remote.env_file).unwrap();
    // The held connection survives sshd's restart; the writer's turn is a new login.
    sshd.restart_with_new_host_key();
    let applied = plan::apply(&remote, EU, None);
    assert!(
        matches!(applied, Err(Error::SshHostKeyChanged { .. })),
        "{applied:?}"
    );
    assert_eq!(fs::read(&remote.env_file).unwrap(), before, "nothing was written");
}

#[test]
fn request_tty_in_the_owners_ssh_config_changes_nothing() {
    let sshd = Sshd::accepted();
    let config = sshd.dir.path().join("ssh_config");
    let text = fs::read_to_string(&config).unwrap();
    fs::write(&config, format!("{text}  RequestTTY force\n")).unwrap();
    let bwdata = sshd.installation();
    for link in LINKS {
        let session = Arc::new(Session::connect(ALIAS, &opts(&sshd, link, Waits::default())).unwrap());
        assert_eq!(session.user(), me().name, "{link:?}");
        let remote = install::open_on(&Host::Ssh(session), Some(&bwdata)).unwrap();
        status::current(&remote).unwrap();
    }
}

#[test]
fn a_bwdata_path_that_is_not_utf8_reaches_the_server_as_its_bytes() {
    use std::os::unix::ffi::OsStrExt;
    let sshd = Sshd::accepted();
    let sample = sshd.installation();
    let odd = sample
        .parent()
        .unwrap()
        .join(std::ffi::OsStr::from_bytes(b"caf\xe9"));
    fs::create_dir(&odd).unwrap();
    fs::rename(&sample, odd.join("bwdata")).unwrap();
    let bwdata = odd.join("bwdata");
    for link in LINKS {
        let session = Arc::new(Session::connect(ALIAS, &opts(&sshd, link, Waits::default())).unwrap());
        let remote = install::open_on(&Host::Ssh(session), Some(&bwdata)).unwrap();
        assert_eq!(remote.bwdata, bwdata, "{link:?}");
        status::current(&remote).unwrap();
        plan::apply(&remote, EU, None).unwrap();
        plan::apply(&remote, Action::Disable, None).unwrap();
    }
}

#[test]
fn a_whole_junk_file_as_large_as_a_restore_reads_comes_over_a_held_session() {
    let sshd = Sshd::accepted();
    let bwdata = sshd.installation();
    let session = Arc::new(Session::connect(ALIAS, &opts(&sshd, Link::Held, Waits::default())).unwrap());
    let remote = install::open_on(&Host::Ssh(session), Some(&bwdata)).unwrap();
    let junk: Vec<u8> = (0..14u32 << 20)
        .map(|i| (i.wrapping_mul(2_654_435_761) >> 24) as u8)
        .collect();
    fs::write(&remote.env_file, &junk).unwrap();
    assert_eq!(remote.read_loose(&remote.env_file).unwrap().bytes, junk);
    // And the session goes on.
    fs::write(
        &remote.env_file,
        b"globalSettings__enableCloudCommunication=false\n",
    )
    .unwrap();
    remote.read_loose(&remote.env_file).unwrap();
}
