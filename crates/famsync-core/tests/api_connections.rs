//! Step 4 through the server's own API, against the server stand-in over real HTTP: the
//! running server's cloud communication, the billing sync connection read, created, updated
//! (the fields famsync does not set kept), read back and compared with the keyring's token;
//! and each refusal (not an owner, a license the server cannot verify, a session expired).

mod support;
use famsync_core::api::{self, Api, ApiKey, Device, Holds};
use famsync_core::secret::Secret;
use famsync_core::Error;
use std::path::Path;
use std::time::Duration;
use support::server_standin::{Behaviour, Standin};

const OWNER: &str = "6f1a2b3c-0d4e-4f5a-8b6c-7d8e9f0a1b2c";
const MEMBER: &str = "7a2b3c4d-1e5f-4a6b-9c7d-8e9f0a1b2c3d";
const SECRET: &str = "Ap1KeyS3cretOfThirtyCharacters";
const ORG: &str = "5e6f7a8b-9c0d-4e1f-a2b3-c4d5e6f7a8b9";
const T1: &str = "BiLLingSyncT0kenNumberOne00001";
const T2: &str = "BiLLingSyncT0kenNumberTwo00002";

async fn server() -> Standin {
    let s = Standin::start(Behaviour::Bitwarden {
        version: "2026.8.0".into(),
        region: Some("US".into()),
    })
    .await;
    let licenses = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../tests/fixtures/us/bwdata/core/licenses/organization");
    let mut id = s.identity.lock().unwrap();
    for user in [OWNER, MEMBER] {
        id.add_user(user, SECRET);
    }
    id.owners.push((OWNER.into(), ORG.into()));
    id.cloud_communication = true;
    id.license_dir = Some(licenses);
    drop(id);
    s
}

fn client() -> famsync_core::http::Http {
    famsync_core::http::client(Duration::from_secs(5))
}

async fn signed_in(s: &Standin, user: &str) -> api::AccessToken {
    let key = ApiKey::parse(&format!("user.{user}"), SECRET).unwrap();
    let device = Device::of(tempfile::tempdir().unwrap().path());
    api::sign_in(&client(), &s.base, &key, &device).await.unwrap()
}

fn token(t: &str) -> Secret {
    famsync_core::token::parse(t).unwrap()
}

#[tokio::test]
async fn the_token_is_saved_on_the_server_read_back_and_compared() {
    let s = server().await;
    let (http, session) = (client(), signed_in(&s, OWNER).await);
    let api = Api {
        client: &http,
        base: &s.base,
        token: &session,
    };
    assert!(api::connections::cloud_communication(&api).await.unwrap());
    let none = api::connections::billing_sync(&api, ORG, Some(&token(T1)))
        .await
        .unwrap();
    assert_eq!((none.configured, none.holds), (false, Holds::NoToken));

    let saved = api::connections::save_token(&api, ORG, &token(T1)).await.unwrap();
    assert_eq!(
        (saved.configured, saved.enabled, saved.holds),
        (true, true, Holds::ThisToken)
    );
    let stored = s.identity.lock().unwrap().connections[ORG].config.clone();
    assert_eq!(stored["BillingSyncKey"], T1);
    assert_eq!(stored["CloudOrganizationId"], ORG, "set from the license");

    // A sync happened meanwhile; a new token replaces the old, and the sync's date stays.
    s.identity
        .lock()
        .unwrap()
        .connections
        .get_mut(ORG)
        .unwrap()
        .config["LastLicenseSync"] = "2026-12-01T10:00:00".into();
    let again = api::connections::save_token(&api, ORG, &token(T2)).await.unwrap();
    assert_eq!(again.holds, Holds::ThisToken);
    assert_eq!(again.last_license_sync.as_deref(), Some("2026-12-01T10:00:00"));
    assert_eq!(
        s.identity.lock().unwrap().connections.len(),
        1,
        "updated, not a second one"
    );
    let old = api::connections::billing_sync(&api, ORG, Some(&token(T1)))
        .await
        .unwrap();
    assert_eq!(old.holds, Holds::OtherToken);

    s.identity.lock().unwrap().cloud_communication = false;
    assert!(!api::connections::cloud_communication(&api).await.unwrap());
}

#[tokio::test]
async fn refusals_are_named() {
    let s = server().await;
    let http = client();
    let member = signed_in(&s, MEMBER).await;
    let api = Api {
        client: &http,
        base: &s.base,
        token: &member,
    };
    let r = api::connections::save_token(&api, ORG, &token(T1)).await;
    assert!(
        matches!(&r, Err(Error::ApiNotOwner { organization }) if organization == ORG),
        "{r:?}"
    );

    let owner = signed_in(&s, OWNER).await;
    let api = Api {
        client: &http,
        base: &s.base,
        token: &owner,
    };
    s.identity.lock().unwrap().license_dir = Some(tempfile::tempdir().unwrap().path().into());
    let r = api::connections::save_token(&api, ORG, &token(T1)).await;
    assert!(matches!(r, Err(Error::ApiLicenseNotVerified { .. })), "{r:?}");
    assert!(s.identity.lock().unwrap().connections.is_empty());

    s.identity.lock().unwrap().expire_tokens();
    let r = api::connections::cloud_communication(&api).await;
    assert!(matches!(r, Err(Error::ApiNotSignedIn { .. })), "{r:?}");
}
