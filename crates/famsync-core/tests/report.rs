//! The diagnostics report, seeded with every secret bitwarden-facts.md names (the env file's
//! credentials, the SQL password inside its connection string, and the billing sync token in
//! the real Secret Service), some of them also written into today's server log and famsync's
//! own log: none of them may appear in the report, while the facts support needs do.
//! Run under scripts/with-keyring.sh (make test does).

use chrono::NaiveDate;
use famsync_core::report::{self, Extras};
use famsync_core::token::{self, Slot};
use std::fs;
use std::path::Path;

const ORG: &str = "5e6f7a8b-9c0d-4e1f-a2b3-c4d5e6f7a8b9"; // the us fixture's license
const TOKEN: &str = "RePoRtToKeN0123456789abcdefXYZ";

/// Every secret of a real global.override.env (names from bitwarden-facts.md), each with a
/// value found nowhere else.
const SECRETS: [(&str, &str); 13] = [
    (
        "globalSettings__identityServer__certificatePassword",
        "SEED-cert-password-7Q",
    ),
    (
        "globalSettings__internalIdentityKey",
        "SEEDinternalIdentityKey4f9a0b",
    ),
    ("globalSettings__oidcIdentityClientKey", "SEEDoidcClientKey8c1d2e"),
    ("globalSettings__duo__aKey", "SEEDduoAKey5e6f7a8b"),
    ("globalSettings__installation__key", "SEEDinstallKeyQ9w8e7"),
    ("globalSettings__yubico__clientId", "SEEDyubicoId1234"),
    ("globalSettings__yubico__key", "SEEDyubicoKeyZx9"),
    ("globalSettings__mail__replyToEmail", "seed-reply@private.example"),
    ("globalSettings__mail__smtp__username", "seed-smtp-user"),
    ("globalSettings__mail__smtp__password", "SEED-smtp-password-3R"),
    ("globalSettings__hibpApiKey", "SEEDhibpApiKey77"),
    ("adminSettings__admins", "seed-admin@private.example"),
    ("globalSettings__sqlServer__connectionString", SQL),
];
const SQL: &str = r#""Data Source=tcp:mssql,1433;Initial Catalog=vault;User ID=sa;Password=SEED-sql-pa55\"word;Encrypt=True""#;
const SQL_PASSWORD: &str = r#"SEED-sql-pa55\"word"#;

fn installation_id() -> String {
    let n = std::process::id();
    format!("{n:08x}-7e57-4000-8000-000000000001")
}

fn seeded_bwdata(root: &Path, id: &str) -> std::path::PathBuf {
    let bwdata = root.join("bwdata");
    let fixture = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/fixtures/us/bwdata");
    copy_dir(&fixture, &bwdata);
    let mut env = String::from("\u{feff}globalSettings__baseServiceUri__vault=https://vault.example.test\n");
    env.push_str("globalSettings__baseServiceUri__cloudRegion=US\n");
    env.push_str(&format!("globalSettings__installation__id={id}\n"));
    for (key, value) in SECRETS {
        env.push_str(&format!("{key}={value}\n"));
    }
    // A comment may hold anything: it is counted, never shown.
    env.push_str("# old key: SEEDinstallKeyOld000\n");
    env.push_str("globalSettings__enableCloudCommunication=true\n");
    fs::write(bwdata.join("env/global.override.env"), env).unwrap();
    let today = "20261129";
    let api = bwdata.join("logs/api/Api");
    fs::create_dir_all(&api).unwrap();
    fs::write(
        api.join(format!("{today}.txt")),
        format!(
            "2026-11-29 03:00:01.123 +00:00 [Error] Sponsorship sync for organization Example Corp Failed\n\
             2026-11-29 03:00:02.000 +00:00 [Error] License sync failed for key {TOKEN} on {SQL_PASSWORD}\n\
             2026-11-29 03:00:03.000 +00:00 [Error] Sync failed: connection Password=SEED-sql-pa55\\\"word;Encrypt=True\n"
        ),
    )
    .unwrap();
    bwdata
}

fn copy_dir(from: &Path, to: &Path) {
    fs::create_dir_all(to).unwrap();
    for e in fs::read_dir(from).unwrap() {
        let e = e.unwrap();
        let target = to.join(e.file_name());
        if e.file_type().unwrap().is_dir() {
            copy_dir(&e.path(), &target);
        } else {
            fs::copy(e.path(), &target).unwrap();
        }
    }
}

#[test]
fn no_secret_of_the_facts_sheet_appears_in_the_report() {
    assert!(
        std::env::var_os("DBUS_SESSION_BUS_ADDRESS").is_some(),
        "run under scripts/with-keyring.sh (make test does)"
    );
    let dir = tempfile::tempdir().unwrap();
    let id = installation_id();
    let bwdata = seeded_bwdata(dir.path(), &id);
    let slot = Slot::new(&id, ORG).unwrap();
    token::store(&slot, &famsync_core::token::parse(TOKEN).unwrap()).unwrap();

    let inst = famsync_core::install::open(&bwdata).unwrap();
    let text = report::build(
        &inst,
        NaiveDate::from_ymd_opt(2026, 11, 29).unwrap(),
        Extras {
            famsync_version: "test",
            generated: "2026-11-29T10:00:00Z".into(),
            front_end: "test",
            readiness: None,
            progress: None,
            own_log: vec![format!("[famsync] pasted {TOKEN} by mistake")],
        },
    );
    token::delete(&slot).unwrap();

    let mut secrets: Vec<&str> = SECRETS.iter().map(|(_, v)| *v).collect();
    secrets.extend([SQL_PASSWORD, "SEED-sql-pa55", "SEEDinstallKeyOld000", TOKEN]);
    for secret in secrets {
        let escaped = serde_json::to_string(secret).unwrap();
        let leaked = text.contains(secret) || text.contains(&escaped[1..escaped.len() - 1]);
        assert!(!leaked, "the report holds a secret ({} chars)", secret.len());
    }
    // What support needs is there: it is valid JSON with the facts and the log's finding.
    let v: serde_json::Value = serde_json::from_str(&text).expect("the report is JSON");
    assert_eq!(v["status"]["installation"]["installation_id"], id.as_str());
    let env = v["env_file"].as_array().unwrap();
    let shown = |key: &str| env.iter().find(|l| l["key"] == key).map(|l| l["value"].clone());
    assert_eq!(
        shown("globalSettings__enableCloudCommunication"),
        Some("true".into())
    );
    assert_eq!(
        shown("globalSettings__installation__key"),
        Some(serde_json::Value::Null)
    );
    assert_eq!(v["env_file_other_lines"], 1);
    let findings = v["server_log"]["findings"].as_array().unwrap();
    assert_eq!(findings[0]["problem"], "sponsorship_sync_failed");
    assert_eq!(findings[0]["time"], "2026-11-29 03:00:01.123 +00:00");
    assert!(findings[1]["line"].as_str().unwrap().contains(report::REDACTED));
}
