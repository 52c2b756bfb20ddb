//! SSH to a real OpenSSH server on loopback (support/sshd.rs): strict host keys (unknown shown
//! as a fingerprint, accepted only if it still matches, changed refused), a wrong client key,
//! nothing listening, and reading files through the session.

mod support;
use famsync_core::remote::{accept_host_key, Session};
use famsync_core::Error;
use support::sshd::{Sshd, ALIAS};

fn accepted() -> Sshd {
    let sshd = Sshd::start();
    accept_host_key(ALIAS, &sshd.host_fingerprint(), &sshd.opts()).unwrap();
    sshd
}

#[test]
fn an_unknown_host_key_comes_back_as_its_fingerprint() {
    let sshd = Sshd::start();
    match Session::connect(ALIAS, &sshd.opts()) {
        Err(Error::SshHostKeyUnknown { host, fingerprint }) => {
            assert_eq!(host, ALIAS);
            assert_eq!(fingerprint, sshd.host_fingerprint());
        }
        other => panic!("connected to an unknown host: {:?}", other.err()),
    }
}

#[test]
fn an_accepted_key_connects_and_files_are_read_through_the_session() {
    let sshd = accepted();
    let session = Session::connect(ALIAS, &sshd.opts()).unwrap();
    let odd = sshd.dir.path().join("it's a \"file\"; rm -rf x");
    std::fs::write(&odd, b"globalSettings__x=1\n").unwrap();
    assert_eq!(session.read(&odd).unwrap(), b"globalSettings__x=1\n");
    assert!(sshd.dir.path().exists());
    let missing = sshd.dir.path().join("no/such/bwdata");
    assert_eq!(
        session.read(&missing).unwrap_err(),
        Error::PathMissing { path: missing }
    );
}

#[test]
fn accepting_a_fingerprint_the_server_does_not_present_is_refused() {
    let sshd = Sshd::start();
    let wrong = "SHA256:AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA";
    let err = accept_host_key(ALIAS, wrong, &sshd.opts()).unwrap_err();
    assert!(matches!(err, Error::SshHostKeyChanged { .. }), "{err:?}");
    assert!(!sshd.opts().known_hosts.exists(), "a key was recorded anyway");
}

#[test]
fn a_changed_host_key_is_refused() {
    let mut sshd = accepted();
    sshd.restart_with_new_host_key();
    let err = Session::connect(ALIAS, &sshd.opts()).err().unwrap();
    assert!(matches!(err, Error::SshHostKeyChanged { .. }), "{err:?}");
}

#[test]
fn a_key_the_server_does_not_know_is_an_authentication_failure() {
    let sshd = accepted();
    sshd.write_client_config("stranger");
    let err = Session::connect(ALIAS, &sshd.opts()).err().unwrap();
    assert!(matches!(err, Error::SshAuthFailed { .. }), "{err:?}");
}

#[test]
fn nothing_listening_is_unreachable() {
    let mut sshd = accepted();
    drop(Session::connect(ALIAS, &sshd.opts()).unwrap());
    sshd.stop();
    let err = Session::connect(ALIAS, &sshd.opts()).err().unwrap();
    assert!(matches!(err, Error::SshUnreachable { .. }), "{err:?}");
}
