//! The window's sign-ins (api::SignIns) against the server stand-in over real HTTP, with the
//! real keyring: a session is used again for its hour (one "Logged in" event, not one per
//! look), a key given "only for now" is in no keyring entry and gone with the process, a kept
//! one signs a new process in (at the URL it was given for only), no key goes over plain http
//! to another machine, and forgetting it forgets both.

mod support;
use famsync_core::api::{self, ApiKey, KeySlot, SignIns};
use famsync_core::{install, Error};
use support::server_standin::{Behaviour, Standin};

const USER: &str = "2b3c4d5e-6f7a-4b8c-9d0e-1f2a3b4c5d6e";
const SECRET: &str = "SignInsTestSecretOfThirtyChars";
const INSTALLATION: &str = "9d1c7e2a-4b6f-4a8e-b0c1-2d3e4f5a6b7c";

fn key() -> ApiKey {
    ApiKey::parse(&format!("user.{USER}"), SECRET).unwrap()
}

#[tokio::test(flavor = "multi_thread")]
async fn a_session_lasts_its_hour_and_a_key_for_now_is_kept_nowhere() {
    let s = Standin::start(Behaviour::Bitwarden {
        version: "2026.8.0".into(),
        region: Some("US".into()),
    })
    .await;
    s.identity.lock().unwrap().add_user(USER, SECRET);
    // This test binary's only test: the variable is no other test's business.
    std::env::set_var("FAMSYNC_SERVER_URL", &s.base);
    let dir = support::fixture::copy("us");
    let inst = install::open(&dir.path().join("bwdata")).unwrap();
    let data = tempfile::tempdir().unwrap();
    let data = data.path();
    let sign_ins = || s.identity.lock().unwrap().sign_ins.len();
    let slot = KeySlot::new(INSTALLATION, USER);

    // Only for now: signed in, nothing in the keyring, nothing on disk names the user.
    let window = SignIns::default();
    let signed = window.log_in(&inst, data, key(), false).await.unwrap();
    assert!(!signed.kept);
    assert!(
        slot.load().unwrap().is_none(),
        "a key for now reached the keyring"
    );
    assert_eq!(api::kept_user(data, INSTALLATION), None);
    // Looking at the steps again and again: one sign-in.
    for _ in 0..3 {
        window.session(&inst, data).await.unwrap();
    }
    assert_eq!(sign_ins(), 1);
    assert_eq!(window.who(&inst, data).unwrap().map(|w| w.kept), Some(false));
    // Another famsync (the app started again) has no key at all.
    let next = SignIns::default();
    let r = next.session(&inst, data).await;
    assert!(matches!(r, Err(Error::ApiNotSignedIn { .. })), "{:?}", r.err());
    assert_eq!(next.who(&inst, data).unwrap(), None);

    // Kept: the next famsync signs in with it by itself.
    next.log_in(&inst, data, key(), true).await.unwrap();
    assert!(slot.load().unwrap().is_some());
    let third = SignIns::default();
    third.session(&inst, data).await.unwrap();
    assert_eq!(sign_ins(), 3);
    assert_eq!(third.who(&inst, data).unwrap().map(|w| w.kept), Some(true));
    // The installation now points elsewhere: the kept key is not sent there.
    std::env::set_var("FAMSYNC_SERVER_URL", "http://localhost:9");
    let r = SignIns::default().session(&inst, data).await;
    assert!(matches!(r, Err(Error::ApiServerChanged { .. })), "{:?}", r.err());
    // Nor is any key sent over plain http to another machine.
    std::env::set_var("FAMSYNC_SERVER_URL", "http://192.0.2.1:9");
    let r = SignIns::default().log_in(&inst, data, key(), false).await;
    assert!(matches!(r, Err(Error::ApiPlainHttp { .. })), "{:?}", r.err());
    std::env::set_var("FAMSYNC_SERVER_URL", &s.base);

    // "Only for now" after a kept key: one key at a time, the kept one is forgotten.
    third.log_in(&inst, data, key(), false).await.unwrap();
    assert!(
        slot.load().unwrap().is_none(),
        "the kept key outlived 'only for now'"
    );
    // Forgetting: no session, no key.
    third.log_out(data, INSTALLATION).unwrap();
    assert_eq!(third.who(&inst, data).unwrap(), None);
    let r = third.session(&inst, data).await;
    assert!(matches!(r, Err(Error::ApiNotSignedIn { .. })), "{:?}", r.err());
}
