//! HTTPS against the loopback stand-ins with generated certificates: every kind of refused
//! certificate is named, with its fingerprint; a pinned certificate passes for its own host
//! only; the cloud is never checked with the owner's pin.
//!
//! This test binary makes the machine trust one private CA (SSL_CERT_FILE, read by
//! rustls-native-certs as by OpenSSL), set once before any client is built.

mod support;
use famsync_core::cloud::{CheckResult, CloudHosts, Clouds};
use famsync_core::http::{self, Http, Stage};
use famsync_core::install;
use famsync_core::readiness;
use famsync_core::region::Region;
use famsync_core::server;
use famsync_core::tls::{CertProblem, Pin};
use std::sync::OnceLock;
use std::time::Duration;
use support::cloud_standin::{knowing, CloudStandin};
use support::server_standin::{Behaviour, Standin};
use support::tls_standin::{self_signed, Ca, Identity};

fn trusted_ca() -> &'static Ca {
    static CA: OnceLock<(Ca, tempfile::TempDir)> = OnceLock::new();
    &CA.get_or_init(|| {
        let ca = Ca::new("famsync test private CA");
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("ca.pem");
        std::fs::write(&file, ca.pem()).unwrap();
        std::env::set_var("SSL_CERT_FILE", &file);
        std::env::remove_var("SSL_CERT_DIR");
        (ca, dir)
    })
    .0
}

fn healthy() -> Behaviour {
    Behaviour::Bitwarden {
        version: "2026.8.0".into(),
        region: Some("US".into()),
    }
}

async fn serving(identity: &Identity) -> Standin {
    trusted_ca();
    Standin::start_with(healthy(), Some(identity.acceptor())).await
}

fn client(pin: Option<&Pin>) -> Http {
    trusted_ca();
    http::trusting(Duration::from_secs(2), pin)
}

fn pin(host: &str, identity: &Identity) -> Pin {
    Pin {
        host: host.into(),
        sha256: identity.fingerprint(),
    }
}

/// The stage and certificate problem of /api/alive at `base`, or None when it answered.
async fn refusal(http: &Http, base: &str) -> Option<(Stage, Option<(CertProblem, String)>)> {
    let err = server::alive(http, base).await.err()?;
    let cert = err.certificate.map(|c| (c.problem, c.sha256));
    Some((err.stage, cert))
}

#[tokio::test]
async fn a_self_signed_certificate_is_named_with_its_fingerprint() {
    let cert = self_signed("127.0.0.1");
    let s = serving(&cert).await;
    assert_eq!(
        refusal(&client(None), &s.base).await,
        Some((Stage::Tls, Some((CertProblem::SelfSigned, cert.fingerprint()))))
    );
}

#[tokio::test]
async fn a_pinned_certificate_passes_for_its_host() {
    let cert = self_signed("127.0.0.1");
    let s = serving(&cert).await;
    let r = server::check(&client(Some(&pin("127.0.0.1", &cert))), &s.base, Some(Region::Us)).await;
    assert!(r.healthy(), "{r:?}");
}

#[tokio::test]
async fn a_pin_of_another_certificate_does_not_pass() {
    let (cert, other) = (self_signed("127.0.0.1"), self_signed("127.0.0.1"));
    let s = serving(&cert).await;
    let found = refusal(&client(Some(&pin("127.0.0.1", &other))), &s.base).await;
    assert_eq!(found.map(|f| f.0), Some(Stage::Tls));
}

#[tokio::test]
async fn a_pin_is_for_its_own_host_only() {
    let cert = self_signed("localhost");
    let s = serving(&cert).await;
    // The same server and certificate, reached by another name than the one pinned.
    let by_name = s.base.replace("127.0.0.1", "localhost");
    let trusting_ip = client(Some(&pin("127.0.0.1", &cert)));
    assert_eq!(
        refusal(&trusting_ip, &by_name).await.map(|f| f.0),
        Some(Stage::Tls)
    );
    assert_eq!(
        refusal(&client(Some(&pin("localhost", &cert))), &by_name).await,
        None
    );
}

#[tokio::test]
async fn a_private_ca_the_machine_trusts_needs_no_pin() {
    let s = serving(&trusted_ca().issue("127.0.0.1")).await;
    assert_eq!(refusal(&client(None), &s.base).await, None);
}

#[tokio::test]
async fn a_private_ca_the_machine_does_not_trust_is_named() {
    let cert = Ca::new("someone else's CA").issue("127.0.0.1");
    let s = serving(&cert).await;
    assert_eq!(
        refusal(&client(None), &s.base).await,
        Some((Stage::Tls, Some((CertProblem::UnknownIssuer, cert.fingerprint()))))
    );
}

#[tokio::test]
async fn an_expired_certificate_is_named() {
    let s = serving(&trusted_ca().issue_expired("127.0.0.1")).await;
    let found = refusal(&client(None), &s.base).await;
    assert_eq!(found.and_then(|f| f.1).map(|c| c.0), Some(CertProblem::Expired));
}

#[tokio::test]
async fn a_certificate_for_another_name_is_named() {
    let s = serving(&trusted_ca().issue("vault.example.test")).await;
    let found = refusal(&client(None), &s.base).await;
    assert_eq!(found.and_then(|f| f.1).map(|c| c.0), Some(CertProblem::WrongName));
}

#[tokio::test]
async fn plain_http_on_an_https_url_fails_at_tls() {
    let s = Standin::start(healthy()).await;
    let base = s.base.replace("http://", "https://");
    assert_eq!(refusal(&client(None), &base).await, Some((Stage::Tls, None)));
}

#[tokio::test]
async fn the_cloud_is_never_checked_with_the_owners_pin() {
    // The cloud stand-in and the server share one self-signed certificate and host; the owner
    // pinned it for their server. The server passes; the cloud is still refused.
    let cert = self_signed("127.0.0.1");
    // Only read: the preflight never writes.
    let fixture = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/fixtures/us");
    let inst = install::open(&fixture).unwrap();
    let cloud = knowing(
        "9d1c7e2a-4b6f-4a8e-b0c1-2d3e4f5a6b7c",
        true,
        "FIXTUREinstallationKey",
    );
    let us = CloudStandin::start_with(cloud, Some(cert.acceptor())).await;
    let server = serving(&cert).await;
    let clouds = Clouds {
        us: CloudHosts::standin(&us.base),
        eu: CloudHosts::standin(&us.base),
    };
    let trusted = pin("127.0.0.1", &cert);
    let r = readiness::check(
        &inst,
        Region::Us,
        &clouds,
        Some(&server.base),
        Some(&trusted),
        None,
    )
    .await
    .unwrap();
    assert!(r.server.as_ref().unwrap().healthy(), "{:?}", r.server);
    for c in &r.cloud.checks {
        match &c.result {
            CheckResult::Unreachable { failure } => assert_eq!(failure.stage, Stage::Tls, "{c:?}"),
            other => panic!("{:?} passed with the owner's pin: {other:?}", c.id),
        }
    }
}

/// A pin stays exact (an expired pinned certificate still passes), but the check says that it
/// has expired, with its date; an unexpired pin says nothing.
#[tokio::test]
async fn an_expired_pinned_certificate_passes_and_is_said() {
    let ca = Ca::new("famsync test CA nobody trusts");
    let cert = ca.issue_expired("127.0.0.1");
    let s = serving(&cert).await;
    let r = server::check(&client(Some(&pin("127.0.0.1", &cert))), &s.base, Some(Region::Us)).await;
    assert!(r.healthy(), "{r:?}");
    assert_eq!(
        r.warnings,
        vec![server::ServerWarning::PinnedCertificateExpired {
            host: "127.0.0.1".into(),
            not_after: "2021-01-01T00:00:00+00:00".into(),
        }]
    );
    let fresh = self_signed("127.0.0.1");
    let s = serving(&fresh).await;
    let r = server::check(
        &client(Some(&pin("127.0.0.1", &fresh))),
        &s.base,
        Some(Region::Us),
    )
    .await;
    assert!(r.healthy() && r.warnings.is_empty(), "{r:?}");
}
