//! The CLI on an installation on another machine (--host / FAMSYNC_HOST), against a real
//! OpenSSH server on loopback: an unknown host key shown and accepted, status, enable, backups,
//! a bwdata path that is not there.
#![cfg(unix)] // not on Windows: tests/not-on-windows.txt says why

mod common;
#[path = "../../famsync-core/tests/support/mod.rs"]
mod support;

use common::*;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use support::sshd::{Sshd, ALIAS};

/// `famsync ARGS` for `--host famsync-test`, with `home` kept between runs (it holds the
/// accepted host keys), and the server's ssh_config in FAMSYNC_SSH_CONFIG.
fn famsync_ssh(sshd: &Sshd, home: &Path, args: &[&str]) -> Run {
    Command::new(bin())
        .args(args)
        .stdin(Stdio::null())
        .env("HOME", home)
        .env("XDG_DATA_HOME", home.join("data"))
        .env("FAMSYNC_HOST", ALIAS)
        .env("FAMSYNC_SSH_CONFIG", sshd.dir.path().join("ssh_config"))
        .env_remove("FAMSYNC_BWDATA")
        .output()
        .unwrap()
        .into()
}

fn server() -> (Sshd, tempfile::TempDir, PathBuf) {
    let sshd = Sshd::start();
    let bwdata = sshd.installation();
    (sshd, tempfile::tempdir().unwrap(), bwdata)
}

#[test]
fn a_new_server_shows_its_key_then_status_and_enable_work_over_ssh() {
    let (sshd, home, bwdata) = server();
    let bw = bwdata.to_str().unwrap();
    let first = famsync_ssh(&sshd, home.path(), &["status", "--bwdata", bw]);
    assert_ne!(first.code, 0);
    let fp = sshd.host_fingerprint();
    says(
        &first.stderr,
        &[
            "does not know the host key of famsync-test",
            &fp,
            "accept-host-key",
        ],
    );

    let wrong = famsync_ssh(
        &sshd,
        home.path(),
        &[
            "accept-host-key",
            "SHA256:AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA",
        ],
    );
    assert_ne!(wrong.code, 0);
    says(&wrong.stderr, &["WARNING", "not the one known"]);
    let accepted = famsync_ssh(&sshd, home.path(), &["accept-host-key", &fp]);
    assert_eq!(accepted.code, 0, "{}", accepted.stderr);

    let status = famsync_ssh(&sshd, home.path(), &["status", "--json", "--bwdata", bw]);
    assert_eq!(status.code, 0, "{}", status.stderr);
    let json = status.json();
    assert_eq!(json["installation"]["host"], ALIAS);
    assert_eq!(json["installation"]["bwdata"], bw);
    assert_eq!(json["cloud_communication"]["enabled"], false);
    let text = famsync_ssh(&sshd, home.path(), &["status", "--bwdata", bw]);
    says(&text.stdout, &["Server (SSH)      famsync-test", bw]);

    let before = std::fs::read(bwdata.join("env/global.override.env")).unwrap();
    let enable = famsync_ssh(
        &sshd,
        home.path(),
        &["enable", "--region", "eu", "--yes", "--bwdata", bw],
    );
    assert_eq!(enable.code, 0, "{}", enable.stderr);
    says(
        &enable.stdout,
        &[
            "globalSettings__baseServiceUri__cloudRegion",
            "famsync --host famsync-test restart",
        ],
    );
    let after = famsync_ssh(&sshd, home.path(), &["status", "--json", "--bwdata", bw]).json();
    assert_eq!(after["cloud_communication"]["enabled"], true);
    assert_eq!(after["cloud_communication"]["region"], "eu");
    let list = famsync_ssh(&sshd, home.path(), &["backups", "list", "--json", "--bwdata", bw]).json();
    let name = list[0]["name"].as_str().unwrap();
    assert_eq!(std::fs::read(bwdata.join("env").join(name)).unwrap(), before);
}

#[test]
fn a_bwdata_path_missing_on_the_server_is_named_with_the_server() {
    let (sshd, home, _bwdata) = server();
    famsync_ssh(&sshd, home.path(), &["accept-host-key", &sshd.host_fingerprint()]);
    let run = famsync_ssh(&sshd, home.path(), &["status", "--bwdata", "/srv/no-such-bwdata"]);
    assert_eq!(run.code, 3, "{}", run.stderr);
    says(&run.stderr, &["/srv/no-such-bwdata"]);
}

#[test]
fn accept_host_key_without_a_host_says_which_flag_is_missing() {
    let run = famsync(&["accept-host-key", "SHA256:x"]);
    assert_ne!(run.code, 0);
    says(&run.stderr, &["--host"]);
}
