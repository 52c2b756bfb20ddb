//! "I restarted it myself" is believed only when the server shows it: it answers, and reports
//! the region the settings name. Then, and only then, the file is recorded as applied.

mod support;
use famsync_core::{applied, install, restart, status};
use std::path::Path;
use support::server_standin::{refused_base, Behaviour, Standin};

fn fixture() -> famsync_core::Installation {
    // Read only: confirming writes to the data folder, never to the installation.
    install::open(&Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/fixtures/us")).unwrap()
}

fn reporting(version: &str, region: Option<&str>) -> Behaviour {
    Behaviour::Bitwarden {
        version: version.into(),
        region: region.map(Into::into),
    }
}

async fn confirm(base: &str) -> (bool, Option<bool>) {
    let (inst, data) = (fixture(), tempfile::tempdir().unwrap());
    let c = restart::confirm_restarted(&inst, data.path(), Some(base.into()))
        .await
        .unwrap();
    let report = status::with_applied(status::current(&inst).unwrap(), data.path());
    (c.recorded, report.env_file.pending_restart)
}

#[tokio::test]
async fn a_server_in_the_files_region_confirms_and_is_recorded() {
    let s = Standin::start(reporting("2026.8.0", Some("US"))).await;
    assert_eq!(confirm(&s.base).await, (true, Some(false)));
}

#[tokio::test]
async fn a_server_in_another_region_has_not_loaded_the_file() {
    let s = Standin::start(reporting("2026.8.0", Some("EU"))).await;
    assert_eq!(confirm(&s.base).await, (false, None));
}

#[tokio::test]
async fn a_server_too_old_to_report_its_region_cannot_confirm() {
    let s = Standin::start(reporting("2023.2.0", None)).await;
    assert_eq!(confirm(&s.base).await, (false, None));
}

#[tokio::test]
async fn a_down_server_confirms_nothing() {
    assert_eq!(confirm(&refused_base().await).await, (false, None));
}

#[tokio::test]
async fn a_record_goes_stale_when_the_file_changes() {
    let data = tempfile::tempdir().unwrap();
    let inst = fixture();
    let id = "9d1c7e2a-4b6f-4a8e-b0c1-2d3e4f5a6b7c";
    applied::record(data.path(), id, "an-older-revision").unwrap();
    let report = status::with_applied(status::current(&inst).unwrap(), data.path());
    assert_eq!(report.env_file.pending_restart, Some(true));
}
