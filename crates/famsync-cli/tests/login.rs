//! `famsync login` and `famsync logout` against the server stand-in, with the real keyring:
//! the secret comes from standard input, is kept only in the keyring, and is never printed.

mod common;
#[path = "../../famsync-core/tests/support/mod.rs"]
mod support;

use common::*;
use std::io::Write;
use std::path::Path;
use std::process::{Command, Stdio};
use support::server_standin::{Behaviour, Standin};

const USER: &str = "6f1a2b3c-0d4e-4f5a-8b6c-7d8e9f0a1b2c";
/// Other users for the tests of steps 4 and 5: the keyring is one for all the tests running at
/// once, and a key is kept per installation and user.
const APPLIER: &str = "7b3c4d5e-1f6a-4b7c-8d9e-0f1a2b3c4d5e";
const SYNCER: &str = "8c4d5e6f-2a7b-4c8d-9e0f-1a2b3c4d5e6f";
const SECRET: &str = "Ap1KeyS3cretOfThirtyCharacters";
/// A user whose login cannot be recorded.
const UNRECORDED: &str = "9d5e6f7a-3b8c-4d9e-af10-2b3c4d5e6f7a";

async fn server() -> Standin {
    let s = Standin::start(Behaviour::Bitwarden {
        version: "2026.8.0".into(),
        region: Some("US".into()),
    })
    .await;
    for id in [USER, APPLIER, SYNCER, UNRECORDED] {
        s.identity.lock().unwrap().add_user(id, SECRET);
    }
    s
}

/// The files under `dir` whose bytes hold `secret`.
fn files_holding(dir: &Path, secret: &str) -> Vec<std::path::PathBuf> {
    tree(dir)
        .into_iter()
        .filter(|(_, (bytes, _))| bytes.windows(secret.len()).any(|w| w == secret.as_bytes()))
        .map(|(path, _)| path)
        .collect()
}

/// `famsync ARGS --bwdata F`, `stdin` piped in, the server at `base`, `home` its data folder.
async fn famsync_with(f: &Fixture, base: &str, home: &Path, args: &[&str], stdin: &str) -> Run {
    let mut cmd = Command::new(bin());
    cmd.args(args)
        .args(["--bwdata", f.bwdata.to_str().unwrap()])
        .env("HOME", home)
        .env("XDG_DATA_HOME", home.join("data"))
        .env("FAMSYNC_DATA_DIR", home.join("data/famsync"))
        .env("FAMSYNC_SERVER_URL", base)
        .env_remove("FAMSYNC_BWDATA")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    let stdin = stdin.to_string();
    tokio::task::spawn_blocking(move || {
        let mut child = cmd.spawn().unwrap();
        // famsync may refuse before it reads: a closed pipe is no failure.
        let _ = child.stdin.take().unwrap().write_all(stdin.as_bytes());
        child.wait_with_output().unwrap().into()
    })
    .await
    .unwrap()
}

/// A login famsync cannot record (a file planted where its records' folder goes) keeps
/// nothing: the secret is not left in the keyring where no `logout` could find it.
#[cfg(unix)] // read back with secret-tool (tests/not-on-windows.txt)
#[tokio::test]
async fn a_login_that_cannot_be_recorded_leaves_no_secret_in_the_keyring() {
    let s = server().await;
    let f = fixture("us");
    let home = tempfile::tempdir().unwrap();
    let records = home.path().join("data/famsync/api-key-for");
    std::fs::create_dir_all(records.parent().unwrap()).unwrap();
    std::fs::write(&records, "not a folder").unwrap();
    let id = format!("user.{UNRECORDED}");
    let r = famsync_with(&f, &s.base, home.path(), &["login", "--client-id", &id], SECRET).await;
    assert_ne!(r.code, 0, "{}{}", r.stdout, r.stderr);
    let account = format!("api-key/{INSTALL_ID}/{UNRECORDED}");
    let kept = Command::new("secret-tool")
        .args(["lookup", "service", "famsync", "username", &account])
        .output()
        .expect("secret-tool (libsecret-tools) must be installed");
    assert_eq!(String::from_utf8_lossy(&kept.stdout), "", "the secret was kept");
}

#[tokio::test]
async fn login_keeps_the_key_in_the_keyring_and_logout_forgets_it() {
    let s = server().await;
    let f = fixture("us");
    let home = tempfile::tempdir().unwrap();
    let id = format!("user.{USER}");
    let r = famsync_with(
        &f,
        &s.base,
        home.path(),
        &["login", "--client-id", &id],
        &format!("{SECRET}\n"),
    )
    .await;
    assert_eq!(r.code, 0, "{}{}", r.stdout, r.stderr);
    says(&r.stdout, &["Signed in to", &id, "famsync logout"]);
    says(&r.stderr, &["\"Logged in\" event", "new device"]);
    assert!(!format!("{}{}", r.stdout, r.stderr).contains(SECRET));
    assert_eq!(s.identity.lock().unwrap().sign_ins.len(), 1);
    // The secret is in no file famsync wrote, nor in the fixture.
    for dir in [home.path(), f.dir.path()] {
        let hits = files_holding(dir, SECRET);
        assert!(hits.is_empty(), "the secret is in {hits:?}");
    }

    let out = famsync_with(&f, &s.base, home.path(), &["logout", "--json"], "").await;
    assert_eq!(out.code, 0, "{}{}", out.stdout, out.stderr);
    assert_eq!(out.json()["forgot"], USER);
    let again = famsync_with(&f, &s.base, home.path(), &["logout"], "").await;
    says(&again.stdout, &["No API key is kept"]);
}

#[tokio::test]
async fn a_wrong_key_or_a_missing_id_is_refused_with_its_code() {
    let s = server().await;
    let f = fixture("us");
    let home = tempfile::tempdir().unwrap();
    let id = format!("user.{USER}");
    let wrong = "WrongSecretOfThirtyCharacters0";
    let r = famsync_with(
        &f,
        &s.base,
        home.path(),
        &["login", "--client-id", &id, "--json"],
        wrong,
    )
    .await;
    assert_eq!(r.code, 16, "{}{}", r.stdout, r.stderr);
    assert_eq!(r.json()["error"]["code"], "api_key_rejected");
    assert!(!r.stdout.contains(wrong));
    // Nothing kept: logout finds no key.
    let out = famsync_with(&f, &s.base, home.path(), &["logout", "--json"], "").await;
    assert_eq!(out.json()["forgot"], serde_json::Value::Null);

    let r = famsync_with(&f, &s.base, home.path(), &["login"], SECRET).await;
    assert_eq!(r.code, 5, "{}{}", r.stdout, r.stderr);
    says(&r.stderr, &["--client-id"]);
    let r = famsync_with(
        &f,
        &s.base,
        home.path(),
        &["login", "--client-id", SECRET],
        SECRET,
    )
    .await;
    assert_eq!(r.code, 5);
    says(&r.stderr, &["not a personal API key's client_id"]);
    assert!(
        !r.stderr.contains(SECRET),
        "the secret pasted as the id was echoed"
    );
    assert!(s.identity.lock().unwrap().sign_ins.is_empty());
}

const ORG: &str = "5e6f7a8b-9c0d-4e1f-a2b3-c4d5e6f7a8b9";
const TOKEN: &str = "BiLLingSyncT0kenNumberOne00001";

/// Step 4 by famsync: signed in, the token saved on the server, read back, and step 4 done by
/// that evidence; before a sign-in, or as a user who does not own the organization, refused.
#[tokio::test]
async fn token_apply_saves_the_token_on_the_server_and_step_4_is_done_by_it() {
    let s = server().await;
    let f = fixture("us");
    {
        let mut id = s.identity.lock().unwrap();
        id.license_dir = Some(f.bwdata.join("core/licenses/organization"));
        id.cloud_communication = true;
    }
    let home = tempfile::tempdir().unwrap();
    let at = |args: &[&str], stdin: &str| {
        let (f, base, home) = (&f, s.base.clone(), home.path().to_path_buf());
        let args: Vec<String> = args.iter().map(|a| a.to_string()).collect();
        let stdin = stdin.to_string();
        async move {
            let args: Vec<&str> = args.iter().map(String::as_str).collect();
            famsync_with(f, &base, &home, &args, &stdin).await
        }
    };
    let r = at(&["token", "set", "--org", ORG], TOKEN).await;
    assert_eq!(r.code, 0, "{}{}", r.stdout, r.stderr);
    let r = at(&["token", "apply", "--org", ORG, "--json"], "").await;
    assert_eq!(
        (r.code, r.json()["error"]["code"].as_str()),
        (16, Some("api_not_signed_in"))
    );

    let id = format!("user.{APPLIER}");
    assert_eq!(at(&["login", "--client-id", &id], SECRET).await.code, 0);
    let r = at(&["token", "apply", "--org", ORG, "--json"], "").await;
    assert_eq!(
        (r.code, r.json()["error"]["code"].as_str()),
        (4, Some("api_not_owner"))
    );

    s.identity
        .lock()
        .unwrap()
        .owners
        .push((APPLIER.into(), ORG.into()));
    let r = at(&["token", "apply", "--org", ORG], "").await;
    assert_eq!(r.code, 0, "{}{}", r.stdout, r.stderr);
    says(&r.stdout, &["the server holds this token"]);
    assert!(!r.stdout.contains(TOKEN));
    assert_eq!(
        s.identity.lock().unwrap().connections[ORG].config["BillingSyncKey"],
        TOKEN
    );
    let status = at(&["status"], "").await;
    says(&status.stdout, &["your server holds this token"]);
}

/// Step 5 by famsync: the server syncs the license from the cloud stand-in (with the
/// installation key and the token), the license file is rewritten, and steps 4 and 5 are done
/// by evidence; a token rotated in the cloud is caught by the next sync.
#[tokio::test]
async fn sync_has_the_server_fetch_the_license_and_a_rotated_token_is_caught() {
    use support::cloud_standin::CloudStandin;
    use support::us_world;
    let f = fixture("us");
    let licenses = f.bwdata.join("core/licenses/organization");
    let cloud = CloudStandin::start(us_world::cloud(us_world::license(&f.bwdata), TOKEN)).await;
    let s = server().await;
    {
        let mut id = s.identity.lock().unwrap();
        id.license_dir = Some(licenses.clone());
        id.cloud_communication = true;
        id.owners.push((SYNCER.into(), ORG.into()));
        id.cloud = Some(us_world::link(&cloud.base));
    }
    let home = tempfile::tempdir().unwrap();
    let id = format!("user.{SYNCER}");
    for (args, stdin) in [
        (vec!["login", "--client-id", id.as_str()], SECRET),
        (vec!["token", "set", "--org", ORG], TOKEN),
        (vec!["token", "apply", "--org", ORG], ""),
    ] {
        let r = famsync_with(&f, &s.base, home.path(), &args, stdin).await;
        assert_eq!(r.code, 0, "{args:?}: {}{}", r.stdout, r.stderr);
    }
    let r = famsync_with(&f, &s.base, home.path(), &["sync", "--org", ORG], "").await;
    assert_eq!(r.code, 0, "{}{}", r.stdout, r.stderr);
    says(
        &r.stdout,
        &["License synced from the cloud", "Sponsorships: never synced yet"],
    );
    let status = famsync_with(&f, &s.base, home.path(), &["status"], "").await;
    says(&status.stdout, &["license synced", "the license synced"]);

    cloud.set_billing_sync_key(ORG, "RotatedInTheCloudT0ken00000000");
    let r = famsync_with(&f, &s.base, home.path(), &["sync", "--org", ORG, "--json"], "").await;
    assert_eq!(
        (r.code, r.json()["error"]["code"].as_str()),
        (14, Some("license_sync_failed"))
    );
    // status shows the server's last word without signing in; step 5 now needs attention.
    let signed = || s.identity.lock().unwrap().sign_ins.len();
    let before = signed();
    let st = famsync_with(&f, &s.base, home.path(), &["status", "--json"], "").await;
    assert_eq!(signed(), before, "status alone signed in");
    let v = st.json();
    assert_eq!(v["server"]["signed_in"], format!("user.{SYNCER}"));
    let org = &v["server"]["word"]["organization"];
    assert_eq!(v["server"]["word"]["cloud_communication"], true);
    assert_eq!(org["billing_sync"]["holds"], "this_token");
    assert!(org["billing_sync"]["last_license_sync"].is_string(), "{org}");
    let sync = v["progress"]["steps"]
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["id"] == "sync")
        .cloned()
        .unwrap();
    assert_eq!(
        (sync["status"].as_str(), sync["why"]["why"].as_str()),
        (Some("attention"), Some("license_sync_failed"))
    );
    // --ask-server signs in once and asks again: cloud communication now off there.
    s.identity.lock().unwrap().cloud_communication = false;
    let st = famsync_with(&f, &s.base, home.path(), &["status", "--ask-server"], "").await;
    assert_eq!(signed(), before + 1);
    says(&st.stdout, &["cloud communication in the running server: OFF"]);
    // The API key's secret, the billing sync token and every access token the server issued
    // are in no file famsync wrote (its data folder, the server's word, the progress) nor in
    // the installation.
    let issued: Vec<String> = s.identity.lock().unwrap().tokens.keys().cloned().collect();
    assert!(!issued.is_empty());
    let secrets = [SECRET.to_string(), TOKEN.to_string()].into_iter().chain(issued);
    for secret in secrets {
        for dir in [home.path(), f.dir.path()] {
            let hits = files_holding(dir, &secret);
            assert!(hits.is_empty(), "a secret is in {hits:?}");
        }
    }
}
