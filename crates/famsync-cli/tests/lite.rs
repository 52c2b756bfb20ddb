//! Bitwarden lite (bitwarden/self-host bitwarden-lite/): the fixture tests/fixtures/lite is
//! laid out as its docker-compose.yml and settings.env are. Named by its folder or its
//! settings.env, it is found, described, enabled with a backup and restored (applying it:
//! lite_apply.rs).

mod common;
use common::*;
use std::fs;
use std::path::Path;

const ID: &str = "9d1c7e2a-4b6f-4a8e-b0c1-2d3e4f5a6b7c";

fn lite() -> Fixture {
    fixture("lite")
}

fn at(dir: &Path, args: &[&str]) -> Run {
    let path = dir.to_str().unwrap();
    famsync(&[args, &["--bwdata", path]].concat())
}

fn settings(f: &Fixture) -> String {
    fs::read_to_string(f.dir.path().join("settings.env")).unwrap()
}

#[test]
fn a_lite_folder_or_its_settings_file_is_described_as_lite() {
    let f = lite();
    for named in [f.dir.path().to_path_buf(), f.dir.path().join("settings.env")] {
        let r = at(&named, &["status", "--json"]);
        assert_eq!(r.code, 0, "{}", r.stderr);
        let i = &r.json()["installation"];
        assert_eq!(i["kind"], "lite");
        let env_file = std::path::PathBuf::from(i["env_file"].as_str().unwrap());
        assert_eq!(env_file.file_name().unwrap(), "settings.env", "{i}");
        assert_eq!(i["installation_id"], ID, "read from BW_INSTALLATION_ID");
        assert_eq!(i["url"], "https://vault.example.test", "https:// and BW_DOMAIN");
        // Licenses are in the container's volume: said, never "none uploaded".
        let orgs = &r.json()["organizations"];
        assert_eq!(orgs[0]["error"]["code"], "licenses_in_container", "{orgs}");
    }
    let text = at(f.dir.path(), &["status"]);
    says(
        &text.stdout,
        &["Bitwarden lite", "settings.env", "volume bitwarden"],
    );
    assert!(!text.stdout.contains("bitwarden.sh"), "{}", text.stdout);
    // Its logs are in the container's volume too: said, never "no run in today's log".
    says(
        &text.stdout,
        &["logs are inside its containers (/var/log/bitwarden"],
    );
    assert!(!text.stdout.contains("no run in today"), "{}", text.stdout);
}

#[test]
fn enabling_lite_keeps_its_comments_and_layout_and_backs_it_up_beside_it() {
    let f = lite();
    let before = settings(&f);
    let r = at(f.dir.path(), &["enable", "--region", "eu", "--yes"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let after = settings(&f);
    // Every line the owner wrote is still there, in order; famsync's lines come after.
    assert!(after.starts_with(&before), "{after}");
    has_eu_lines_once(&after);
    let backups: Vec<_> = fs::read_dir(f.dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().into_string().unwrap())
        .filter(|n| n.starts_with("settings.env.famsync-") && n.ends_with(".bak"))
        .collect();
    assert_eq!(backups.len(), 1, "{backups:?}");
    assert_eq!(
        fs::read_to_string(f.dir.path().join(&backups[0])).unwrap(),
        before
    );
    let state = at(f.dir.path(), &["status", "--json"]).json();
    assert_eq!(state["cloud_communication"]["region"], "eu");
    assert_eq!(state["cloud_communication"]["consistent"], true);
    let undo = at(f.dir.path(), &["backups", "restore", &backups[0], "--yes"]);
    assert_eq!(undo.code, 0, "{}", undo.stderr);
    assert_eq!(settings(&f), before);
}

#[test]
fn a_lite_folder_without_a_compose_file_is_applied_by_its_owner() {
    // The marketplace image's folder: settings.env and .bw-edition, and no compose file here.
    let f = lite();
    fs::remove_file(f.dir.path().join("docker-compose.yml")).unwrap();
    fs::write(f.dir.path().join(".bw-edition"), "lite\n").unwrap();
    let r = at(f.dir.path(), &["restart", "--json"]);
    assert_eq!(r.code, 3, "{}{}", r.stdout, r.stderr);
    assert_eq!(r.json()["error"]["code"], "apply_by_hand");
    let text = at(f.dir.path(), &["restart"]);
    says(
        &text.stderr,
        &["docker compose up -d", "not docker compose restart"],
    );
}

/// Discovery looks in the current folder for anyone but root: run as nobody, from the lite
/// folder, it is found there.
#[cfg(unix)]
#[test]
fn a_lite_folder_is_found_in_the_current_folder() {
    assert!(
        is_root(),
        "this test runs famsync as nobody: run the tests as root"
    );
    let f = lite();
    let chown = std::process::Command::new("chown")
        .args(["-R", "65534:65534"])
        .arg(f.dir.path())
        .status();
    assert!(chown.unwrap().success());
    let out = std::process::Command::new("setpriv")
        .args(["--reuid=65534", "--regid=65534", "--clear-groups"])
        .arg(bin())
        .args(["status", "--json"])
        .current_dir(f.dir.path())
        .env("HOME", "/nonexistent")
        .env_remove("FAMSYNC_BWDATA")
        .output()
        .unwrap();
    let r: Run = out.into();
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert_eq!(r.json()["installation"]["kind"], "lite", "{}", r.stdout);
}
