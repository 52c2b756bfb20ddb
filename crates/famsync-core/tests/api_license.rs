//! Step 5 through the server's own API, against the server stand-in calling the cloud
//! stand-in over real HTTP, as the server calls the cloud: the license synced with the
//! installation key and the billing sync token, the file rewritten in place with a license
//! issued just then (which famsync's license evidence then calls synced); a token rotated in
//! the cloud caught by the next sync; cloud communication off in the running server; a user
//! who does not own the organization.

mod support;
use famsync_core::api::{self, Api, ApiKey, Device};
use famsync_core::licenses::LicenseEntry;
use famsync_core::{install, status, Error};
use std::fs;
use std::time::Duration;
use support::cloud_standin::CloudStandin;
use support::server_standin::{Behaviour, Standin};
use support::us_world::{self, ORG};

const OWNER: &str = "6f1a2b3c-0d4e-4f5a-8b6c-7d8e9f0a1b2c";
const SECRET: &str = "Ap1KeyS3cretOfThirtyCharacters";
const T1: &str = "BiLLingSyncT0kenNumberOne00001";
const T2: &str = "BiLLingSyncT0kenNumberTwo00002";

struct World {
    _dir: tempfile::TempDir,
    inst: famsync_core::Installation,
    cloud: CloudStandin,
    server: Standin,
}

async fn world() -> World {
    let dir = support::fixture::copy("us");
    let inst = install::open(&dir.path().join("bwdata")).unwrap();
    let licenses = famsync_core::licenses::folder(&inst.bwdata);
    let cloud = CloudStandin::start(us_world::cloud(us_world::license(&inst.bwdata), T1)).await;
    let server = Standin::start(Behaviour::Bitwarden {
        version: "2026.8.0".into(),
        region: Some("US".into()),
    })
    .await;
    {
        let mut id = server.identity.lock().unwrap();
        id.add_user(OWNER, SECRET);
        id.owners.push((OWNER.into(), ORG.into()));
        id.cloud_communication = true;
        id.license_dir = Some(licenses);
        id.cloud = Some(us_world::link(&cloud.base));
    }
    World {
        _dir: dir,
        inst,
        cloud,
        server,
    }
}

impl World {
    fn api<'a>(&'a self, http: &'a famsync_core::http::Http, token: &'a api::AccessToken) -> Api<'a> {
        Api {
            client: http,
            base: &self.server.base,
            token,
        }
    }
}

async fn session(w: &World) -> (famsync_core::http::Http, api::AccessToken) {
    let http = famsync_core::http::client(Duration::from_secs(5));
    let key = ApiKey::parse(&format!("user.{OWNER}"), SECRET).unwrap();
    let device = Device::of(tempfile::tempdir().unwrap().path());
    let token = api::sign_in(&http, &w.server.base, &key, &device).await.unwrap();
    (http, token)
}

fn token(t: &str) -> famsync_core::secret::Secret {
    famsync_core::token::parse(t).unwrap()
}

#[tokio::test]
async fn a_license_sync_proves_the_token_and_rewrites_the_license() {
    let w = world().await;
    let (http, session) = session(&w).await;
    let api = w.api(&http, &session);
    // Before the token is on the server: nothing to sync with.
    let r = api::license::sync_license(&api, ORG).await;
    assert!(matches!(r, Err(Error::LicenseSyncNotPossible { .. })), "{r:?}");
    api::connections::save_token(&api, ORG, &token(T1)).await.unwrap();
    assert_eq!(api::license::sponsorships_synced(&api, ORG).await.unwrap(), None);

    api::license::sync_license(&api, ORG).await.unwrap();
    let held = api::connections::billing_sync(&api, ORG, Some(&token(T1)))
        .await
        .unwrap();
    assert!(held.last_license_sync.is_some(), "LastLicenseSync set");
    // The license file now holds what the cloud issued a moment ago: famsync calls it synced.
    let report = status::current(&w.inst).unwrap();
    let LicenseEntry::Read(org) = &report.organizations[0] else {
        panic!("{:?}", report.organizations[0]);
    };
    assert_eq!(org.written.map(|w| w.synced), Some(true), "{org:?}");

    // The token is rotated in the cloud: the next sync says so.
    w.cloud.set_billing_sync_key(ORG, T2);
    let r = api::license::sync_license(&api, ORG).await;
    assert!(matches!(r, Err(Error::LicenseSyncFailed { .. })), "{r:?}");

    w.server
        .identity
        .lock()
        .unwrap()
        .sponsorship_syncs
        .insert(ORG.into(), "2026-12-01T03:00:00Z".into());
    let last = api::license::sponsorships_synced(&api, ORG).await.unwrap();
    assert_eq!(last.as_deref(), Some("2026-12-01T03:00:00Z"));

    w.server.identity.lock().unwrap().cloud_communication = false;
    let r = api::license::sync_license(&api, ORG).await;
    assert!(
        matches!(r, Err(Error::ServerCloudCommunicationOff { .. })),
        "{r:?}"
    );
}

#[tokio::test]
async fn a_license_held_by_another_organization_or_too_new_for_the_server_is_named() {
    let w = world().await;
    let (http, session) = session(&w).await;
    let api = w.api(&http, &session);
    api::connections::save_token(&api, ORG, &token(T1)).await.unwrap();
    // An older server, before claims-based licenses, knowing formats up to 14: the cloud
    // sends 15.
    w.server.identity.lock().unwrap().older_license_format = Some(14);
    let r = api::license::sync_license(&api, ORG).await;
    assert!(
        matches!(r, Err(Error::LicenseVersionUnsupported { version: 15, .. })),
        "{r:?}"
    );
    w.server.identity.lock().unwrap().older_license_format = None;
    // Another organization on this server holds a license with the same key.
    let licenses = famsync_core::licenses::folder(&w.inst.bwdata);
    let mine = fs::read_to_string(licenses.join(format!("{ORG}.json"))).unwrap();
    let other = "0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d";
    let theirs = mine.replace(ORG, other);
    fs::write(licenses.join(format!("{other}.json")), theirs).unwrap();
    let r = api::license::sync_license(&api, ORG).await;
    assert!(matches!(r, Err(Error::LicenseInUse { .. })), "{r:?}");
    fs::remove_file(licenses.join(format!("{other}.json"))).unwrap();
    api::license::sync_license(&api, ORG).await.unwrap();
}
