//! The known_hosts files famsync names for ssh (the user's, under HOME, and famsync's own) are
//! read as exactly those files, whatever HOME holds: a space no longer splits one into two
//! (the second perhaps a file someone else placed), a % is no ssh token; a path ssh cannot be
//! given unambiguously (a double quote) is refused with its own error. HOME is the process's:
//! these run in a test binary of their own, one after the other.
#![cfg(unix)] // not on Windows: tests/not-on-windows.txt says why

mod support;
use famsync_core::remote::{accept_host_key, Session, SshOptions};
use famsync_core::Error;
use std::fs;
use std::path::Path;
use support::sshd::{Sshd, ALIAS};

fn set_home(home: &Path) {
    fs::create_dir_all(home).unwrap();
    std::env::set_var("HOME", home);
}

/// Options whose famsync known_hosts is where the app keeps it: under HOME.
fn opts_under_home(sshd: &Sshd, home: &Path) -> SshOptions {
    SshOptions {
        known_hosts: home.join(".local/share/famsync/known_hosts"),
        ..sshd.opts()
    }
}

#[test]
fn known_hosts_paths_mean_exactly_themselves_whatever_home_holds() {
    let sshd = Sshd::start();
    let root = tempfile::tempdir().unwrap();

    // A space: "<root>/x <root>/planted" would also name <root>/planted/.ssh/known_hosts,
    // where someone put the key: it must not be trusted.
    let planted = root.path().join("planted/.ssh");
    fs::create_dir_all(&planted).unwrap();
    let key = fs::read_to_string(sshd.dir.path().join("hostkey.pub")).unwrap();
    let line = format!("[127.0.0.1]:{} {}", sshd.port, key.trim());
    fs::write(planted.join("known_hosts"), format!("{line}\n")).unwrap();
    let home = root
        .path()
        .join(format!("x {}", root.path().join("planted").display()));
    set_home(&home);
    let err = Session::connect(ALIAS, &sshd.opts()).err().unwrap();
    assert!(matches!(err, Error::SshHostKeyUnknown { .. }), "{err:?}");

    // Spaces, a single quote, a %, non-ASCII: the key accepted in famsync is the one ssh checks.
    let home = root.path().join("John Smith 'Jö' 100% #1 $none");
    set_home(&home);
    let opts = opts_under_home(&sshd, &home);
    let err = Session::connect(ALIAS, &opts).err().unwrap();
    assert!(matches!(err, Error::SshHostKeyUnknown { .. }), "{err:?}");
    accept_host_key(ALIAS, &sshd.host_fingerprint(), &opts).unwrap();
    let session = Session::connect(ALIAS, &opts).unwrap();
    assert!(!session.user().is_empty());
    drop(session);

    // A double quote: refused, named, before anything connects.
    let home = root.path().join("the \"quoted\" home");
    set_home(&home);
    let opts = opts_under_home(&sshd, &home);
    match Session::connect(ALIAS, &opts).err().unwrap() {
        Error::SshPathUnusable { path } => assert!(path.starts_with(&home), "{path:?}"),
        other => panic!("{other:?}"),
    }
}
