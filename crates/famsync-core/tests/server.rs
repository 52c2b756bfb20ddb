//! Server checks against the loopback stand-in: every state it can be in gives the right
//! status, stage and warning.

mod support;
use famsync_core::http::Stage;
use famsync_core::region::Region;
use famsync_core::server::{self, ServerWarning};
use std::time::Duration;
#[cfg(unix)] // only the timings use it, and they run on Unix only
use std::time::Instant;
use support::server_standin::{refused_base, Behaviour, Standin};

fn bitwarden(version: &str, region: &str) -> Behaviour {
    Behaviour::Bitwarden {
        version: version.into(),
        region: Some(region.into()),
    }
}

fn client() -> famsync_core::http::Http {
    famsync_core::http::client(Duration::from_millis(800))
}

#[tokio::test]
async fn a_healthy_server_reports_its_version_and_region() {
    let s = Standin::start(bitwarden("2026.8.0", "US")).await;
    let r = server::check(&client(), &s.base, Some(Region::Us)).await;
    assert!(r.healthy(), "{r:?}");
    let config = r.config.unwrap();
    assert_eq!(
        (config.version.as_str(), config.cloud_region.as_deref()),
        ("2026.8.0", Some("US"))
    );
    assert_eq!(r.warnings, vec![]);
}

#[tokio::test]
async fn the_wrong_region_is_a_warning() {
    let s = Standin::start(bitwarden("2026.8.0", "US")).await;
    let r = server::check(&client(), &s.base, Some(Region::Eu)).await;
    assert_eq!(
        r.warnings,
        vec![ServerWarning::RegionMismatch {
            expected: "EU".into(),
            reported: "US".into()
        }]
    );
}

#[tokio::test]
async fn a_down_server_fails_at_connect() {
    let base = refused_base().await;
    let r = server::check(&client(), &base, None).await;
    assert_eq!(
        r.alive_error.as_ref().map(|e| e.stage),
        Some(Stage::Connect),
        "{r:?}"
    );
    assert_eq!(r.alive_error.unwrap().url, format!("{base}/api/alive"));
    assert_eq!(r.config_error.map(|e| e.stage), Some(Stage::Connect));
}

#[tokio::test]
async fn an_error_status_fails_at_http_with_the_status() {
    let s = Standin::start(Behaviour::Status(502)).await;
    let e = server::alive(&client(), &s.base).await.unwrap_err();
    assert_eq!((e.stage, e.status), (Stage::Http, Some(502)));
}

#[tokio::test]
async fn something_else_answering_fails_at_body() {
    let s = Standin::start(Behaviour::NotBitwarden).await;
    let e = server::config(&client(), &s.base).await.unwrap_err();
    assert_eq!((e.stage, e.status), (Stage::Body, Some(200)));
}

#[cfg(unix)] // a timing, too close under Wine (tests/not-on-windows.txt)
#[tokio::test]
async fn a_hung_server_costs_no_more_than_the_timeout() {
    let s = Standin::start(Behaviour::Slow(Duration::from_secs(10))).await;
    let started = Instant::now();
    let r = server::check(&client(), &s.base, None).await;
    let took = started.elapsed();
    assert_eq!(r.alive_error.map(|e| e.stage), Some(Stage::Timeout));
    assert_eq!(r.config_error.map(|e| e.stage), Some(Stage::Timeout));
    // Both requests run at once: the pair costs one timeout, not two.
    assert!(took < Duration::from_millis(1400), "took {took:?}");
}

#[tokio::test]
async fn an_unknown_host_fails_at_dns() {
    let e = server::alive(&client(), "http://famsync-standin.invalid")
        .await
        .unwrap_err();
    assert_eq!(e.stage, Stage::Dns, "{e:?}");
}

#[tokio::test]
async fn a_server_can_change_while_it_runs() {
    let s = Standin::start(Behaviour::Status(503)).await;
    assert!(server::alive(&client(), &s.base).await.is_err());
    s.set(bitwarden("2026.8.0", "EU"));
    assert!(server::alive(&client(), &s.base).await.is_ok());
}

#[cfg(unix)] // a timing, too close under Wine (tests/not-on-windows.txt)
#[tokio::test]
async fn the_health_wait_ends_when_the_server_comes_up_in_the_right_region() {
    let s = Standin::start(Behaviour::Status(502)).await;
    let base = s.base.clone();
    tokio::spawn(async move {
        tokio::time::sleep(Duration::from_millis(400)).await;
        s.set(bitwarden("2026.8.0", "US"));
        tokio::time::sleep(Duration::from_millis(400)).await;
        s.set(bitwarden("2026.8.0", "EU"));
        tokio::time::sleep(Duration::from_secs(30)).await;
    });
    let started = Instant::now();
    let r = server::wait_until_healthy(&client(), &base, Some(Region::Eu), Duration::from_secs(10)).await;
    assert!(r.healthy() && r.warnings.is_empty(), "{r:?}");
    assert!(
        started.elapsed() < Duration::from_secs(3),
        "took {:?}",
        started.elapsed()
    );
}

#[cfg(unix)] // a timing, too close under Wine (tests/not-on-windows.txt)
#[tokio::test]
async fn the_health_wait_gives_up_at_its_bound() {
    let base = refused_base().await;
    let started = Instant::now();
    let r = server::wait_until_healthy(&client(), &base, None, Duration::from_secs(1)).await;
    assert_eq!(r.alive_error.map(|e| e.stage), Some(Stage::Connect));
    assert!(
        started.elapsed() < Duration::from_millis(2500),
        "took {:?}",
        started.elapsed()
    );
}

#[tokio::test]
async fn an_unset_region_is_null_on_the_wire_and_us_to_famsync() {
    let s = Standin::start(Behaviour::Bitwarden {
        version: "2026.8.0".into(),
        region: None,
    })
    .await;
    let raw: serde_json::Value = reqwest::get(format!("{}/api/config", s.base))
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert!(raw["environment"]["cloudRegion"].is_null(), "{raw}");
    let r = server::check(&client(), &s.base, Some(Region::Eu)).await;
    assert_eq!(r.config.unwrap().cloud_region.as_deref(), Some("US"));
    assert_eq!(
        r.warnings,
        vec![ServerWarning::RegionMismatch {
            expected: "EU".into(),
            reported: "US".into()
        }]
    );
}

#[tokio::test]
async fn a_region_in_lower_case_is_passed_through_and_still_matches() {
    let s = Standin::start(bitwarden("2026.8.0", "eu")).await;
    let r = server::check(&client(), &s.base, Some(Region::Eu)).await;
    assert_eq!(r.config.unwrap().cloud_region.as_deref(), Some("eu"));
    assert_eq!(r.warnings, vec![]);
}

#[tokio::test]
async fn a_server_older_than_api_config_is_read_from_api_version() {
    let s = Standin::start(bitwarden("2022.9.1", "US")).await;
    let r = server::check(&client(), &s.base, Some(Region::Us)).await;
    assert!(r.healthy(), "{r:?}");
    let config = r.config.unwrap();
    assert_eq!((config.version.as_str(), config.cloud_region), ("2022.9.1", None));
    let codes: Vec<_> = r
        .warnings
        .iter()
        .map(|w| serde_json::to_value(w).unwrap()["code"].clone())
        .collect();
    assert_eq!(codes, ["too_old_for_sync_license", "region_not_reported"]);
}

#[tokio::test]
async fn a_starting_server_answers_502_with_an_html_page() {
    let s = Standin::start(Behaviour::Starting).await;
    let r = server::check(&client(), &s.base, None).await;
    assert_eq!(
        r.alive_error.map(|e| (e.stage, e.status)),
        Some((Stage::Http, Some(502)))
    );
    assert_eq!(
        r.config_error.map(|e| (e.stage, e.status)),
        Some((Stage::Http, Some(502)))
    );
}

#[tokio::test]
async fn an_html_error_page_labelled_json_is_still_an_http_failure() {
    let s = Standin::start(Behaviour::MislabelledStatus(502)).await;
    let e = server::config(&client(), &s.base).await.unwrap_err();
    assert_eq!((e.stage, e.status), (Stage::Http, Some(502)));
}

#[tokio::test]
async fn a_stopped_server_refuses_connections_and_comes_back_on_the_same_port() {
    let s = Standin::start(Behaviour::Down).await;
    tokio::time::sleep(Duration::from_millis(100)).await;
    let e = server::alive(&client(), &s.base).await.unwrap_err();
    assert_eq!(e.stage, Stage::Connect, "{e:?}");
    s.set(bitwarden("2026.8.0", "US"));
    tokio::time::sleep(Duration::from_millis(100)).await;
    assert!(server::alive(&client(), &s.base).await.is_ok());
}

#[cfg(unix)] // the stand-in's stop needs Unix sockets (tests/not-on-windows.txt)
#[tokio::test]
async fn a_server_following_bitwarden_sh_is_down_then_starting_then_up_as_configured() {
    let dir = tempfile::tempdir().unwrap();
    let state = dir.path().join("state");
    std::fs::write(&state, "down\n").unwrap();
    let s = Standin::start(Behaviour::Follows(state.clone())).await;
    tokio::time::sleep(Duration::from_millis(100)).await;
    assert_eq!(
        server::alive(&client(), &s.base).await.unwrap_err().stage,
        Stage::Connect
    );
    std::fs::write(&state, "globalSettings__baseServiceUri__cloudRegion=eu\n").unwrap();
    tokio::time::sleep(Duration::from_millis(100)).await;
    let starting = server::alive(&client(), &s.base).await.unwrap_err();
    assert_eq!((starting.stage, starting.status), (Stage::Http, Some(502)));
    let r = server::wait_until_healthy(&client(), &s.base, Some(Region::Eu), Duration::from_secs(5)).await;
    assert_eq!(r.config.unwrap().cloud_region.as_deref(), Some("eu"));
}
