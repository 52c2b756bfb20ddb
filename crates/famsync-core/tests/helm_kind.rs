//! The Helm kind in the core: a values file (tests/fixtures/helm, laid out as bitwarden/
//! helm-charts charts/self-host/values.yaml) is opened as an installation, its status read as
//! the chart's config map gives it to the server, enabled with a backup beside it and only its
//! two values changed, refused when the file changed since it was read, restored byte for byte,
//! and watched like any settings file.

mod support;
use famsync_core::kind::Kind;
use famsync_core::plan::{self, Action};
use famsync_core::region::Region;
use famsync_core::watch::{self, DEBOUNCE};
use famsync_core::{install, recovery, status, Error};
use std::fs;
use std::time::Duration;

fn values() -> (tempfile::TempDir, famsync_core::Installation) {
    let dir = support::fixture::copy("helm");
    let inst = install::open(&dir.path().join("my-values.yaml")).unwrap();
    (dir, inst)
}

const EU: Action = Action::Enable {
    region: Region::Eu,
    push_relay: false,
};

#[test]
fn a_values_file_reads_as_what_the_chart_gives_the_server() {
    let (_dir, inst) = values();
    assert_eq!(inst.kind, Kind::Helm);
    let report = status::current(&inst).unwrap();
    assert_eq!(
        report.installation.url.as_deref(),
        Some("https://vault.example.test")
    );
    assert_eq!(report.cloud_communication.region, Some(Region::Us));
    assert!(!report.cloud_communication.enabled);
    assert!(
        report
            .problems
            .iter()
            .any(|p| matches!(p, Error::InstallationIdInSecret { .. })),
        "{:?}",
        report.problems
    );
}

#[test]
fn enabling_writes_two_values_with_a_backup_and_a_restore_brings_every_byte_back() {
    let (dir, inst) = values();
    let before = fs::read(&inst.env_file).unwrap();
    let applied = plan::apply(&inst, EU, None).unwrap();
    let after = fs::read_to_string(&inst.env_file).unwrap();
    let text = String::from_utf8(before.clone()).unwrap();
    let expected = text
        .replace(
            "  enableCloudCommunication: false\n",
            "  enableCloudCommunication: true\n",
        )
        .replace("  cloudRegion: US\n", "  cloudRegion: EU\n");
    assert_eq!(after, expected);
    let backup = applied.backup.unwrap();
    assert_eq!(fs::read(dir.path().join(&backup)).unwrap(), before);
    let report = status::current(&inst).unwrap();
    assert_eq!(report.cloud_communication.region, Some(Region::Eu));
    assert!(
        report.cloud_communication.consistent,
        "the chart adds the EU URIs itself"
    );
    recovery::restore(&inst, &backup, None).unwrap();
    assert_eq!(fs::read(&inst.env_file).unwrap(), before);
}

#[test]
fn a_file_changed_since_it_was_read_is_not_written() {
    let (_dir, inst) = values();
    let revision = plan::preview(&inst, EU).unwrap().revision;
    let edited = fs::read_to_string(&inst.env_file).unwrap() + "# edited by hand\n";
    fs::write(&inst.env_file, &edited).unwrap();
    let err = plan::apply(&inst, EU, Some(&revision)).unwrap_err();
    assert!(matches!(err, Error::EnvFileChanged { .. }), "{err:?}");
    assert_eq!(fs::read_to_string(&inst.env_file).unwrap(), edited);
}

#[test]
fn an_edit_of_the_values_file_is_seen() {
    let (_dir, inst) = values();
    let w = watch::watch(&inst, DEBOUNCE).unwrap();
    let text = fs::read_to_string(&inst.env_file).unwrap() + "# edited by hand\n";
    fs::write(&inst.env_file, text).unwrap();
    assert!(support::changes::sees_env_file_change(&w, Duration::from_secs(5)));
}
