//! `famsync check` against the loopback cloud and server stand-ins.

mod common;
#[path = "../../famsync-core/tests/support/mod.rs"]
mod support;

use common::*;
use std::path::Path;
use std::process::{Command, Stdio};
use support::cloud_standin::{knowing, Cloud, CloudStandin};
use support::proxy_standin::ProxyStandin;
use support::server_standin::{refused_base, Behaviour, Standin};
use support::tls_standin::{self_signed, Ca};

const KEY: &str = "FIXTUREinstallationKey";

#[derive(Default)]
struct Env {
    us: String,
    eu: String,
    server: String,
    /// More variables (proxies, trust roots); the machine's own proxy settings never apply.
    vars: Vec<(&'static str, String)>,
}

async fn check(f: &Fixture, env: &Env, home: &Path, extra: &[&str]) -> Run {
    run(f, env, home, &[&["check"], extra].concat()).await
}

/// `famsync ARGS --bwdata F` with the stand-ins' environment and `home`'s data folder.
async fn run(f: &Fixture, env: &Env, home: &Path, args: &[&str]) -> Run {
    let mut cmd = Command::new(bin());
    cmd.args(args)
        .args(["--bwdata", f.bwdata.to_str().unwrap()])
        .stdin(Stdio::null());
    cmd.env("HOME", home)
        .env("XDG_DATA_HOME", home.join("data"))
        .env("FAMSYNC_DATA_DIR", home.join("data/famsync"));
    cmd.env("FAMSYNC_CLOUD_US", &env.us)
        .env("FAMSYNC_CLOUD_EU", &env.eu)
        .env("FAMSYNC_SERVER_URL", &env.server);
    for proxy in [
        "HTTPS_PROXY",
        "https_proxy",
        "HTTP_PROXY",
        "http_proxy",
        "ALL_PROXY",
        "all_proxy",
        "NO_PROXY",
        "no_proxy",
    ] {
        cmd.env_remove(proxy);
    }
    cmd.envs(env.vars.iter().map(|(k, v)| (k, v)));
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
        ..Env::default()
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
        ..Env::default()
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
    says(&second.stdout, &["accepted less than a minute ago"]);
    assert_eq!(*us.token_requests.lock().unwrap(), 1);
}

#[tokio::test(flavor = "multi_thread")]
async fn a_rejected_key_fails_again_within_the_minute_and_a_corrected_one_is_asked_at_once() {
    let f = fixture("us");
    let (us, _eu, _srv, env) = ready().await;
    let home = tempfile::tempdir().unwrap();
    let env_file = f.bwdata.join("env/global.override.env");
    let good = std::fs::read_to_string(&env_file).unwrap();
    std::fs::write(&env_file, good.replace(KEY, "WRONGinstallationKey")).unwrap();
    for run in ["first", "second"] {
        let r = check(&f, &env, home.path(), &[]).await;
        assert_eq!(r.code, 14, "{run} run: {}", r.stdout);
        says(&r.stdout, &["invalid_client"]);
    }
    assert_eq!(
        *us.token_requests.lock().unwrap(),
        1,
        "the rejection is repeated, not asked again"
    );
    std::fs::write(&env_file, good).unwrap();
    let fixed = check(&f, &env, home.path(), &[]).await;
    assert_eq!(fixed.code, 0, "{}", fixed.stdout);
    assert_eq!(*us.token_requests.lock().unwrap(), 2);
}

#[tokio::test(flavor = "multi_thread")]
async fn a_firewall_is_named_with_the_host_and_the_fix() {
    let f = fixture("us");
    let blocked = refused_base().await;
    let env = Env {
        us: blocked.clone(),
        eu: blocked.clone(),
        server: blocked,
        ..Env::default()
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

#[tokio::test(flavor = "multi_thread")]
async fn a_self_signed_server_is_named_and_trusted_by_fingerprint_only() {
    let f = fixture("us");
    let (_us, _eu, _plain, mut env) = ready().await;
    let cert = self_signed("127.0.0.1");
    let healthy = Behaviour::Bitwarden {
        version: "2026.8.0".into(),
        region: Some("US".into()),
    };
    let srv = Standin::start_with(healthy, Some(cert.acceptor())).await;
    env.server = srv.base.clone();
    let home = tempfile::tempdir().unwrap();

    let before = check(&f, &env, home.path(), &[]).await;
    assert_eq!(before.code, 14, "{}", before.stdout);
    let fp = cert.fingerprint();
    says(
        &before.stdout,
        &["failed at TLS", "self-signed", &format!("famsync trust {fp}")],
    );

    let typo = run(&f, &env, home.path(), &["trust", "AB:CD"]).await;
    assert_eq!(typo.code, 5, "{}", typo.stderr);
    says(
        &typo.stderr,
        &["not a SHA-256 certificate fingerprint", "openssl x509"],
    );

    let other = self_signed("127.0.0.1").fingerprint();
    assert_eq!(run(&f, &env, home.path(), &["trust", &other]).await.code, 0);
    let still = check(&f, &env, home.path(), &[]).await;
    says(&still.stdout, &["failed at TLS", &fp]);

    let plain_hex = fp.replace(':', "").to_lowercase();
    let trusted = run(&f, &env, home.path(), &["trust", &plain_hex]).await;
    assert_eq!(trusted.code, 0, "{}", trusted.stderr);
    says(&trusted.stdout, &["Trusted for 127.0.0.1", &fp]);
    let after = check(&f, &env, home.path(), &[]).await;
    says(
        &after.stdout,
        &["/api/alive answers", "version 2026.8.0, region US"],
    );
    assert_eq!(after.code, 0, "{}", after.stdout);

    let forgot = run(&f, &env, home.path(), &["trust", "--forget"]).await;
    assert_eq!(forgot.code, 0);
    assert_eq!(check(&f, &env, home.path(), &[]).await.code, 14);
}

#[tokio::test(flavor = "multi_thread")]
async fn the_cloud_is_reached_through_https_proxy_unless_no_proxy_names_it() {
    // A cloud under a name only the proxy can reach, with a certificate from a CA this machine
    // trusts (SSL_CERT_FILE): the TLS verification runs end to end inside the proxy tunnel.
    let f = fixture("us");
    let ca = Ca::new("famsync test proxy CA");
    let certs = tempfile::tempdir().unwrap();
    let ca_file = certs.path().join("ca.pem");
    std::fs::write(&ca_file, ca.pem()).unwrap();
    let tls = ca.issue("famsync-cloud.test").acceptor();
    let us = CloudStandin::start_with(knowing(INSTALL_ID, true, KEY), Some(tls)).await;
    let cloud = us.base.replace("127.0.0.1", "famsync-cloud.test");
    let proxy = ProxyStandin::start().await;
    let srv = server("US").await;
    let mut env = Env {
        us: cloud.clone(),
        eu: cloud,
        server: srv.base.clone(),
        vars: vec![
            ("HTTPS_PROXY", proxy.url.clone()),
            ("SSL_CERT_FILE", ca_file.to_str().unwrap().into()),
        ],
    };
    let home = tempfile::tempdir().unwrap();
    let through = check(&f, &env, home.path(), &[]).await;
    assert_eq!(through.code, 0, "{}", through.stdout);
    let port = us.base.rsplit(':').next().unwrap().to_string();
    let connects = proxy.connects.lock().unwrap().clone();
    assert!(connects.len() >= 4, "{connects:?}");
    assert!(
        connects
            .iter()
            .all(|c| *c == format!("famsync-cloud.test:{port}")),
        "{connects:?}"
    );

    env.vars.push(("NO_PROXY", "famsync-cloud.test".into()));
    let direct = check(&f, &env, home.path(), &[]).await;
    assert_eq!(direct.code, 14, "{}", direct.stdout);
    says(&direct.stdout, &["failed at DNS"]);
    assert_eq!(
        proxy.connects.lock().unwrap().len(),
        connects.len(),
        "NO_PROXY was ignored"
    );
}
