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
use support::api_standin::CloudLink;
use support::cloud_standin::{knowing, CloudOrganization, CloudStandin};
use support::server_standin::{Behaviour, Standin};

const OWNER: &str = "6f1a2b3c-0d4e-4f5a-8b6c-7d8e9f0a1b2c";
const SECRET: &str = "Ap1KeyS3cretOfThirtyCharacters";
const ORG: &str = "5e6f7a8b-9c0d-4e1f-a2b3-c4d5e6f7a8b9";
const INSTALLATION: &str = "9d1c7e2a-4b6f-4a8e-b0c1-2d3e4f5a6b7c";
const INSTALLATION_KEY: &str = "FIXTUREinstallationKey";
const LICENSE_KEY: &str = "FIXTURE";
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
    let license: serde_json::Value =
        serde_json::from_str(&fs::read_to_string(licenses.join(format!("{ORG}.json"))).unwrap()).unwrap();
    let mut c = knowing(INSTALLATION, true, INSTALLATION_KEY);
    c.organizations.insert(
        ORG.into(),
        CloudOrganization {
            billing_sync_key: Some(T1.into()),
            license_key: LICENSE_KEY.into(),
            license,
        },
    );
    let cloud = CloudStandin::start(c).await;
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
        id.cloud = Some(CloudLink {
            base: cloud.base.clone(),
            installation_id: INSTALLATION.into(),
            installation_key: INSTALLATION_KEY.into(),
            license_keys: [(ORG.to_string(), LICENSE_KEY.to_string())].into(),
        });
    }
    World {
        _dir: dir,
        inst,
        cloud,
        server,
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
    let api = Api {
        client: &http,
        base: &w.server.base,
        token: &session,
    };
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
    let api = Api {
        client: &http,
        base: &w.server.base,
        token: &session,
    };
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
