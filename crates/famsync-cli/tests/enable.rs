//! `famsync enable`, `disable` and `backups` writing real files.

mod common;
use common::*;
#[cfg(unix)]
use std::os::unix::fs::PermissionsExt;

const ENABLE: &str = "globalSettings__enableCloudCommunication";

/// The lines of `text` that do not mention one of `keys`, with their terminators.
fn untouched<'a>(text: &'a str, keys: &[&str]) -> Vec<&'a str> {
    text.split_inclusive('\n')
        .filter(|l| !keys.iter().any(|k| l.to_lowercase().contains(&k.to_lowercase())))
        .collect()
}

const REGION_KEYS: [&str; 6] = [
    ENABLE,
    "cloudRegion",
    "cloudVaultRegion",
    "identityUri",
    "installation__apiUri",
    "pushRelayBaseUri",
];

fn count(text: &str, line: &str) -> usize {
    text.lines().filter(|l| *l == line).count()
}

#[test]
fn enable_eu_writes_the_four_lines_and_keeps_everything_else() {
    let f = fixture("us");
    let before = f.env_text();
    let r = run(&f, &["enable", "--region", "eu", "--yes"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let after = f.env_text();
    has_eu_lines_once(&after);
    assert_eq!(untouched(&before, &REGION_KEYS), untouched(&after, &REGION_KEYS));
    #[cfg(unix)] // Windows keeps the DACL instead (crates/famsync-core/tests/apply.rs)
    {
        let mode = std::fs::metadata(f.env_file()).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode, 0o600);
    }
    let backups = f.backups();
    assert_eq!(backups.len(), 1);
    assert_eq!(std::fs::read_to_string(&backups[0]).unwrap(), before);
    assert!(r.stdout.contains("famsync backups restore"), "{}", r.stdout);
    assert!(
        !r.stdout.contains("FIXTURE"),
        "a secret reached the output:\n{}",
        r.stdout
    );
}

#[test]
fn enabling_twice_changes_nothing_the_second_time() {
    let f = fixture("us");
    assert_eq!(run(&f, &["enable", "--region", "eu", "--yes"]).code, 0);
    let once = f.env_bytes();
    let r = run(&f, &["enable", "--region", "eu", "--yes"]);
    assert_eq!(r.code, 0);
    assert!(r.stdout.contains("Nothing to change"), "{}", r.stdout);
    assert_eq!(f.env_bytes(), once);
    assert_eq!(f.backups().len(), 1);
}

#[test]
fn dry_run_shows_the_diff_and_writes_nothing() {
    let f = fixture("us");
    let before = tree(f.dir.path());
    let r = run(&f, &["enable", "--region", "eu", "--dry-run"]);
    assert_eq!(r.code, 0);
    assert!(
        r.stdout
            .contains("+ globalSettings__installation__apiUri=https://api.bitwarden.eu"),
        "{}",
        r.stdout
    );
    assert!(
        r.stdout
            .contains("~ globalSettings__baseServiceUri__cloudRegion: US -> EU"),
        "{}",
        r.stdout
    );
    assert!(r.stdout.contains("Dry run"));
    assert_eq!(tree(f.dir.path()), before);
}

#[test]
fn without_a_terminal_or_yes_nothing_is_written() {
    let f = fixture("us");
    let before = tree(f.dir.path());
    let r = run(&f, &["enable", "--region", "eu"]);
    assert_eq!(r.code, 7);
    assert!(r.stderr.contains("--yes"), "{}", r.stderr);
    assert_eq!(tree(f.dir.path()), before);
}

#[test]
fn crlf_files_stay_crlf_and_bom_files_keep_their_bom() {
    let f = fixture("crlf");
    assert_eq!(run(&f, &["enable", "--region", "eu", "--yes"]).code, 0);
    let text = f.env_text();
    assert!(!text.replace("\r\n", "").contains('\n'), "a bare LF crept in");
    assert!(text.contains("globalSettings__installation__apiUri=https://api.bitwarden.eu\r\n"));

    let f = fixture("bom");
    assert_eq!(run(&f, &["enable", "--region", "eu", "--yes"]).code, 0);
    assert!(f
        .env_bytes()
        .starts_with(b"\xef\xbb\xbfglobalSettings__baseServiceUri__vault="));
}

#[test]
fn duplicates_are_collapsed_into_one_line() {
    let f = fixture("duplicates");
    let before = f.env_text();
    let r = run(&f, &["enable", "--region", "us", "--yes"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let after = f.env_text();
    let enables = after
        .lines()
        .filter(|l| l.to_lowercase().starts_with(&ENABLE.to_lowercase()))
        .count();
    assert_eq!(enables, 1, "{after}");
    assert_eq!(count(&after, "globalSettings__enableCloudCommunication=true"), 1);
    assert_eq!(after.lines().filter(|l| l.contains("cloudRegion")).count(), 1);
    assert!(
        after.contains("\n\n# added by hand\n"),
        "blank and comment lines must survive"
    );
    assert_eq!(untouched(&before, &REGION_KEYS), untouched(&after, &REGION_KEYS));
}

#[test]
fn the_old_region_key_is_kept_in_step() {
    let f = fixture("old-region");
    assert_eq!(run(&f, &["enable", "--region", "eu", "--yes"]).code, 0);
    let text = f.env_text();
    assert_eq!(
        count(&text, "globalSettings__baseServiceUri__cloudVaultRegion=EU"),
        1
    );
    assert_eq!(count(&text, "globalSettings__baseServiceUri__cloudRegion=EU"), 1);
}

#[test]
fn disabled_push_relay_stays_disabled_unless_asked() {
    let f = fixture("push-disabled");
    let r = run(&f, &["enable", "--region", "eu", "--yes"]);
    assert_eq!(r.code, 0);
    says(&r.stdout, &["stays disabled", "--push-relay"]);
    assert_eq!(
        count(&f.env_text(), "globalSettings__pushRelayBaseUri=REPLACE"),
        1
    );

    let f = fixture("push-disabled");
    let r = run(&f, &["enable", "--region", "eu", "--push-relay", "--yes"]);
    assert_eq!(r.code, 0);
    assert!(r.stdout.contains("turns push relay on"), "{}", r.stdout);
    assert_eq!(
        count(
            &f.env_text(),
            "globalSettings__pushRelayBaseUri=https://push.bitwarden.eu"
        ),
        1
    );
}

#[test]
fn switching_eu_to_us_returns_to_the_us_defaults() {
    let f = fixture("eu");
    let r = run(&f, &["enable", "--region", "us", "--yes", "--json"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let text = f.env_text();
    assert!(
        !text.contains("identityUri") && !text.contains("installation__apiUri"),
        "{text}"
    );
    assert_eq!(count(&text, "globalSettings__baseServiceUri__cloudRegion=US"), 1);
    assert_eq!(
        count(
            &text,
            "globalSettings__pushRelayBaseUri=https://push.bitwarden.com"
        ),
        1
    );
    let s = famsync(&["status", "--json", "--bwdata", f.bwdata.to_str().unwrap()]).json();
    assert_eq!(s["cloud_communication"]["region"], "us");
    assert_eq!(s["cloud_communication"]["consistent"], true);
}

#[test]
fn disable_turns_it_off_and_leaves_the_region() {
    let f = fixture("eu");
    assert_eq!(run(&f, &["disable", "--yes"]).code, 0);
    let s = famsync(&["status", "--json", "--bwdata", f.bwdata.to_str().unwrap()]).json();
    assert_eq!(s["cloud_communication"]["enabled"], false);
    assert_eq!(s["cloud_communication"]["region"], "eu");
}

#[test]
fn disable_without_an_enable_line_has_nothing_to_do() {
    let f = fixture("us");
    let before = tree(f.dir.path());
    let r = run(&f, &["disable", "--yes"]);
    assert_eq!(r.code, 0);
    assert!(r.stdout.contains("Nothing to change"), "{}", r.stdout);
    assert_eq!(tree(f.dir.path()), before);
}

#[test]
fn a_backup_restores_the_exact_bytes_and_the_restore_is_itself_undoable() {
    let f = fixture("crlf");
    let original = f.env_bytes();
    assert_eq!(run(&f, &["enable", "--region", "eu", "--yes"]).code, 0);
    let enabled = f.env_bytes();
    let list = run(&f, &["backups", "list", "--json"]).json();
    let name = list[0]["name"].as_str().unwrap().to_string();
    assert!(
        name.starts_with("global.override.env.famsync-") && name.ends_with(".bak"),
        "{name}"
    );

    let r = run(&f, &["backups", "restore", &name, "--yes"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert_eq!(f.env_bytes(), original);
    let list = run(&f, &["backups", "list", "--json"]).json();
    assert_eq!(list.as_array().unwrap().len(), 2);
    let newest = list[1]["name"].as_str().unwrap();
    assert_eq!(std::fs::read(f.bwdata.join("env").join(newest)).unwrap(), enabled);
}

#[test]
fn restoring_an_unknown_backup_fails_cleanly() {
    let f = fixture("us");
    let before = tree(f.dir.path());
    for name in ["nope.bak", "../../etc/passwd", "global.override.env"] {
        let r = run(&f, &["backups", "restore", name, "--yes"]);
        assert_eq!(r.code, 8, "{name}: {}", r.stderr);
        assert!(r.stderr.contains("famsync backups list"), "{}", r.stderr);
    }
    assert_eq!(tree(f.dir.path()), before);
}

#[test]
fn json_output_of_enable_has_the_plan_and_the_backup() {
    let f = fixture("us");
    let j = run(&f, &["enable", "--region", "eu", "--yes", "--json"]).json();
    assert_eq!(j["dry_run"], false);
    assert!(j["applied"]["backup"].as_str().unwrap().ends_with(".bak"));
    let keys: Vec<&str> = j["plan"]["changes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["key"].as_str().unwrap())
        .collect();
    assert!(keys.contains(&"globalSettings__installation__apiUri"), "{keys:?}");
}

#[cfg(unix)] // a terminal through util-linux script (tests/not-on-windows.txt)
/// `famsync enable` under a real terminal (a pty from util-linux `script`), answering the prompt.
fn interactive(f: &Fixture, answer: &str) -> Run {
    let cmd = format!("'{}' enable --region eu --bwdata '{}'", bin(), f.bwdata.display());
    let mut child = std::process::Command::new("script")
        .args(["-qec", &cmd, "/dev/null"])
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .expect("script (util-linux) runs");
    use std::io::Write;
    child.stdin.take().unwrap().write_all(answer.as_bytes()).unwrap();
    child.wait_with_output().unwrap().into()
}

#[cfg(unix)] // a terminal through util-linux script (tests/not-on-windows.txt)
#[test]
fn an_interactive_yes_writes_and_a_no_does_not() {
    let f = fixture("us");
    let before = tree(f.dir.path());
    let r = interactive(&f, "n\n");
    assert_eq!(r.code, 7, "{}{}", r.stdout, r.stderr);
    says(&r.stdout, &["Write these changes?", "You answered no"]);
    assert_eq!(tree(f.dir.path()), before);

    let r = interactive(&f, "y\n");
    assert_eq!(r.code, 0, "{}{}", r.stdout, r.stderr);
    assert_eq!(
        count(&f.env_text(), "globalSettings__enableCloudCommunication=true"),
        1
    );
    assert_eq!(f.backups().len(), 1);
}

#[cfg(unix)] // a bind mount in a user namespace (tests/not-on-windows.txt)
#[test]
fn an_old_backup_that_cannot_be_deleted_is_named_and_the_others_are_pruned() {
    let f = fixture("us");
    let env = f.bwdata.join("env");
    for i in 0..11 {
        let name = format!("global.override.env.famsync-20260101T0000{i:02}Z.bak");
        std::fs::write(env.join(name), "old").unwrap();
    }
    // A file bind-mounted onto itself cannot be unlinked (EBUSY): a private mount
    // namespace, so nothing outlives the test.
    let stuck = env.join("global.override.env.famsync-20260101T000000Z.bak");
    let script = r#"mount --bind "$1" "$1" && shift && exec "$@""#;
    let out = std::process::Command::new("unshare")
        .args(["-rm", "sh", "-c", script, "sh"])
        .arg(&stuck)
        .arg(bin())
        .args(["enable", "--region", "eu", "--yes", "--bwdata"])
        .arg(&f.bwdata)
        .env("HOME", f.dir.path())
        .output()
        .unwrap();
    let r: Run = out.into();
    assert_eq!(r.code, 0, "{}{}", r.stdout, r.stderr);
    says(&r.stdout, &["could not delete 1 old backups", "20260101T000000Z"]);
    let left: Vec<_> = f.backups();
    // The stuck one, and the newest ten: the other old ones were still deleted.
    assert_eq!(left.len(), 11, "{left:?}");
    assert!(stuck.exists());
}

/// The undo command famsync prints, run as printed from a folder of no installation (the
/// current folder is not searched as root): it names the installation, and puts the file back.
#[cfg(unix)]
#[test]
fn the_printed_undo_command_works_as_printed_from_anywhere() {
    let f = fixture("us");
    let before = std::fs::read(f.env_file()).unwrap();
    let r = run(&f, &["enable", "--region", "eu", "--yes"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let line = r
        .stdout
        .lines()
        .find_map(|l| l.trim().strip_prefix("undo with: famsync "));
    let line = line.unwrap_or_else(|| panic!("no undo line in:\n{}", r.stdout));
    let elsewhere = tempfile::tempdir().unwrap();
    let undo = std::process::Command::new("sh")
        .args([
            "-c",
            &format!("eval \"set -- {line}\" && exec \"$0\" \"$@\" --yes"),
            bin(),
        ])
        .current_dir(elsewhere.path())
        .env_remove("FAMSYNC_BWDATA")
        .env("HOME", elsewhere.path())
        .env("FAMSYNC_DATA_DIR", elsewhere.path().join("data"))
        .stdin(std::process::Stdio::null())
        .output()
        .unwrap();
    assert!(
        undo.status.success(),
        "{line}: {}",
        String::from_utf8_lossy(&undo.stderr)
    );
    assert_eq!(std::fs::read(f.env_file()).unwrap(), before);
}
