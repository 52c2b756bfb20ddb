//! Steps 4 and 5 from the license file alone (no key): a license sync rewrites the file with a
//! license the cloud issued a moment before, a hand upload with one issued earlier. And the
//! server writes the file in place, so a read may meet half of it.

mod support;
use famsync_core::licenses::{self, LicenseEntry};
use famsync_core::progress::{self, Record, StepId, StepStatus, TokenSeen, Why};
use famsync_core::{install, status, Installation};
use std::fs;
use std::path::{Path, PathBuf};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

const ORG: &str = "5e6f7a8b-9c0d-4e1f-a2b3-c4d5e6f7a8b9";

fn fixture() -> (tempfile::TempDir, Installation, PathBuf) {
    let dir = support::fixture::copy("us");
    let inst = install::open(&dir.path().join("bwdata")).unwrap();
    let license = licenses::folder(&inst.bwdata).join(format!("{ORG}.json"));
    (dir, inst, license)
}

/// Rewrites the license with `Issued` at `issued` and the file's write time at `written` (unix
/// seconds), as the server would.
fn write_license(path: &Path, issued: u64, written: u64) {
    let text = fs::read_to_string(path).unwrap();
    let mut json: serde_json::Value = serde_json::from_str(&text).unwrap();
    let at = chrono::DateTime::from_timestamp(issued as i64, 1_234_500).unwrap();
    json["Issued"] = at.format("%Y-%m-%dT%H:%M:%S%.6fZ").to_string().into();
    fs::write(path, serde_json::to_vec_pretty(&json).unwrap()).unwrap();
    let file = fs::File::options().write(true).open(path).unwrap();
    file.set_modified(UNIX_EPOCH + Duration::from_secs(written))
        .unwrap();
}

fn now() -> u64 {
    SystemTime::now().duration_since(UNIX_EPOCH).unwrap().as_secs()
}

fn steps_4_and_5(inst: &Installation, record: &Record) -> Vec<(StepStatus, Why)> {
    let report = status::current(inst).unwrap();
    let p = progress::derive(&report, Some(TokenSeen::Present), record);
    p.steps
        .into_iter()
        .filter(|s| matches!(s.id, StepId::ApplyToken | StepId::Sync))
        .map(|s| (s.status, s.why))
        .collect()
}

fn organization(inst: &Installation) -> licenses::Organization {
    let report = status::current(inst).unwrap();
    match report.organizations.into_iter().next().unwrap() {
        LicenseEntry::Read(org) => org,
        other => panic!("not read: {other:?}"),
    }
}

#[test]
fn a_license_synced_after_the_token_was_saved_is_evidence_for_steps_4_and_5() {
    let (_d, inst, license) = fixture();
    let t = now() - 3600;
    let mut record = Record::default();
    record.token_saved(ORG, t);
    let not_yet = steps_4_and_5(&inst, &record);
    assert!(not_yet.iter().all(|(s, _)| *s == StepStatus::Todo), "{not_yet:?}");

    // Synced 10 minutes after the token was saved: issued by the cloud 2 s before the write.
    write_license(&license, t + 598, t + 600);
    let org = organization(&inst);
    assert_eq!(org.written.map(|w| (w.at, w.synced)), Some((t + 600, true)));
    let done = steps_4_and_5(&inst, &record);
    let synced = Why::LicenseSynced { at: t + 600 };
    assert_eq!(
        done,
        [(StepStatus::Done, synced.clone()), (StepStatus::Done, synced)]
    );

    // A token saved after that sync: the sync no longer says anything about it.
    record.token_saved(ORG, t + 700);
    let stale = steps_4_and_5(&inst, &record);
    assert!(stale.iter().all(|(s, _)| *s == StepStatus::Todo), "{stale:?}");
}

#[test]
fn a_license_uploaded_by_hand_is_updated_not_synced() {
    let (_d, inst, license) = fixture();
    let t = now() - 3600;
    let mut record = Record::default();
    record.token_saved(ORG, t);
    // Downloaded from the cloud a day before it was uploaded.
    write_license(&license, t - 86_400, t + 600);
    let org = organization(&inst);
    assert_eq!(org.written.map(|w| (w.at, w.synced)), Some((t + 600, false)));
    let steps = steps_4_and_5(&inst, &record);
    assert!(steps.iter().all(|(s, _)| *s == StepStatus::Todo), "{steps:?}");
}

#[test]
fn a_license_met_half_written_is_read_again_not_called_damaged() {
    let (_d, inst, license) = fixture();
    let whole = fs::read(&license).unwrap();
    // The server opens the file with FileMode.Create and writes: half now, the rest later.
    fs::write(&license, &whole[..whole.len() / 2]).unwrap();
    let writer = {
        let (license, whole) = (license.clone(), whole.clone());
        std::thread::spawn(move || {
            std::thread::sleep(Duration::from_millis(100));
            fs::write(license, whole).unwrap();
        })
    };
    let org = organization(&inst);
    writer.join().unwrap();
    assert_eq!(org.id, ORG);
}

#[test]
fn a_license_still_changing_is_being_written_and_the_same_bad_bytes_twice_are_damaged() {
    let (_d, inst, license) = fixture();
    let whole = fs::read(&license).unwrap();
    let stop = std::sync::Arc::new(std::sync::atomic::AtomicBool::new(false));
    let writer = {
        let (license, whole, stop) = (license.clone(), whole.clone(), stop.clone());
        std::thread::spawn(move || {
            let mut n = 10;
            while !stop.load(std::sync::atomic::Ordering::Relaxed) {
                fs::write(&license, &whole[..n % (whole.len() / 2) + 1]).unwrap();
                n += 37;
                std::thread::sleep(Duration::from_millis(20));
            }
        })
    };
    std::thread::sleep(Duration::from_millis(50));
    let report = status::current(&inst).unwrap();
    stop.store(true, std::sync::atomic::Ordering::Relaxed);
    writer.join().unwrap();
    assert!(
        matches!(report.organizations[0], LicenseEntry::BeingWritten { .. }),
        "{:?}",
        report.organizations[0]
    );

    fs::write(&license, &whole[..whole.len() / 2]).unwrap();
    let report = status::current(&inst).unwrap();
    match &report.organizations[0] {
        LicenseEntry::Unreadable { error, .. } => assert_eq!(error.code(), "license_invalid"),
        other => panic!("a cut license not called damaged: {other:?}"),
    }
}
