//! `famsync check` against the loopback cloud and server stand-ins.

#[path = "../../famsync-core/tests/support/cloud_standin.rs"]
mod cloud_standin;
mod common;
#[path = "../../famsync-core/tests/support/server_standin.rs"]
mod server_standin;

use cloud_standin::{knowing, Cloud, CloudStandin};
use common::*;
use server_standin::{refused_base, Behaviour, Standin};
use std::path::Path;
use std::process::{Command, Stdio};

const KEY: &str = "FIXTUREinstallationKey";

struct Env {
    us: String,
    eu: String,
    server: String,
}

async fn check(f: &Fixture, env: &Env, home: &Path, extra: &[&str]) -> Run {
    let mut cmd = Command::new(bin());
    cmd.args(["check", "--bwdata", f.bwdata.to_str().unwrap()])
        .args(extra)
        .stdin(Stdio::null());
    cmd.env("HOME", home).env("XDG_DATA_HOME", home.join("data"));
    cmd.env("FAMSYNC_CLOUD_US", &env.us)
        .env("FAMSYNC_CLOUD_EU", &env.eu)
        .env("FAMSYNC_SERVER_URL", &env.server);
    tokio::task::spawn_blocking(move || cmd.output().unwrap().into())
        .await
        .unwrap()
}

async fn server(region: &str) -> Standin {
    Standin::start(Behaviour::Bitwarden {
        version: "2026.8.0".into(),
        region: Some(region.into()),
    })
    .await
}

/// A US cloud that knows the fixture's id and key, an empty EU cloud, a US server.
async fn ready() -> (CloudStandin, CloudStandin, Standin, Env) {
    let us = CloudStandin::start(knowing(INSTALL_ID, true, KEY)).await;
    let eu = CloudStandin::start(Cloud::default()).await;
    let srv = server("US").await;
    let env = Env {
        us: us.base.clone(),
        eu: eu.base.clone(),
        server: srv.base.clone(),
    };
    (us, eu, srv, env)
}

#[tokio::test(flavor = "multi_thread")]
async fn a_ready_installation_passes_and_the_key_never_shows() {
    let f = fixture("us");
    let (_us, _eu, _srv, env) = ready().await;
    let home = tempfile::tempdir().unwrap();
    let r = check(&f, &env, home.path(), &[]).await;
    assert_eq!(r.code, 0, "{}", r.stdout);
    says(
        &r.stdout,
        &[
            "NOTE: stand-in cloud hosts",
            "US region",
            "installation key accepted",
            "version 2026.8.0, region US",
        ],
    );
    assert!(
        !r.stdout.contains(KEY) && !r.stderr.contains(KEY),
        "the installation key was printed"
    );
    assert!(!r.stdout.contains("FAIL"), "{}", r.stdout);
    let j = check(&f, &env, home.path(), &["--json"]).await;
    assert_eq!(j.json()["exit_code"], 0);
    assert!(!j.stdout.contains(KEY), "the installation key is in the JSON");
}

#[tokio::test(flavor = "multi_thread")]
async fn an_eu_id_checked_for_us_says_where_it_belongs() {
    let f = fixture("us");
    let (us, eu) = (
        CloudStandin::start(Cloud::default()).await,
        CloudStandin::start(knowing(INSTALL_ID, true, KEY)).await,
    );
    let srv = server("US").await;
    let env = Env {
        us: us.base.clone(),
        eu: eu.base.clone(),
        server: srv.base.clone(),
    };
    let home = tempfile::tempdir().unwrap();
    let r = check(&f, &env, home.path(), &[]).await;
    assert_eq!(r.code, 14, "{}", r.stdout);
    says(
        &r.stdout,
        &[
            "belongs to the EU cloud, not US",
            "famsync enable --region eu",
            "invalid_client",
        ],
    );

    let r = check(&f, &env, home.path(), &["--region", "eu", "--json"]).await;
    let j = r.json();
    assert_eq!(j["cloud"]["region"], "eu");
    assert_eq!(j["cloud"]["checks"].as_array().unwrap().len(), 5);
    let warnings = j["server"]["warnings"].as_array().unwrap();
    assert_eq!(
        warnings[0]["code"], "region_mismatch",
        "the US server does not run the EU settings yet"
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn the_key_is_asked_once_a_minute_across_runs() {
    let f = fixture("us");
    let (us, _eu, _srv, env) = ready().await;
    let home = tempfile::tempdir().unwrap();
    assert_eq!(check(&f, &env, home.path(), &[]).await.code, 0);
    let second = check(&f, &env, home.path(), &[]).await;
    assert_eq!(second.code, 0, "{}", second.stdout);
    says(&second.stdout, &["checked less than a minute ago"]);
    assert_eq!(*us.token_requests.lock().unwrap(), 1);
}

#[tokio::test(flavor = "multi_thread")]
async fn a_firewall_is_named_with_the_host_and_the_fix() {
    let f = fixture("us");
    let blocked = refused_base().await;
    let env = Env {
        us: blocked.clone(),
        eu: blocked.clone(),
        server: blocked,
    };
    let home = tempfile::tempdir().unwrap();
    let r = check(&f, &env, home.path(), &[]).await;
    assert_eq!(r.code, 14);
    says(
        &r.stdout,
        &[
            "failed at connect",
            "Allow outbound HTTPS (port 443)",
            "/api/alive: failed at connect",
        ],
    );
}
