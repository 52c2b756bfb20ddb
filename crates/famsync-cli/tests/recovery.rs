//! `famsync backups restore` on the day it is needed: the env file missing, empty, cut short,
//! junk, binary or not UTF-8. The backup's exact bytes come back, and whatever was there is
//! kept as a backup of its own.

mod common;
use common::*;
use std::fs;
#[cfg(unix)]
use std::os::unix::fs::{MetadataExt, PermissionsExt};

/// A fixture with one famsync backup (made by an enable), and that backup's name and bytes.
fn with_backup(name: &str) -> (Fixture, String, Vec<u8>) {
    let f = fixture(name);
    let original = f.env_bytes();
    assert_eq!(run(&f, &["enable", "--region", "eu", "--yes"]).code, 0);
    let list = run(&f, &["backups", "list", "--json"]).json();
    let backup = list[0]["name"].as_str().unwrap().to_string();
    (f, backup, original)
}

fn backup_names(f: &Fixture) -> Vec<String> {
    let list = run(f, &["backups", "list", "--json"]).json();
    list.as_array()
        .unwrap()
        .iter()
        .map(|b| b["name"].as_str().unwrap().to_string())
        .collect()
}

#[test]
fn a_broken_env_file_is_replaced_by_the_backup_and_kept_aside() {
    // (what, the bytes, whether famsync refuses to read them as an env file)
    let cases: [(&str, &[u8], bool); 5] = [
        ("empty", b"", true),
        (
            "cut short",
            b"\xef\xbb\xbfglobalSettings__baseServiceUri__vault=https://vau",
            false,
        ),
        ("junk", b"<html>502 Bad Gateway</html>\n", false),
        ("binary", b"\x00\x01\x02\xff\xfe", true),
        ("not UTF-8", b"globalSettings__x=caf\xe9\n", true),
    ];
    for (what, broken, refused) in cases {
        let (f, backup, original) = with_backup("us");
        fs::write(f.env_file(), broken).unwrap();
        let r = run(&f, &["backups", "restore", &backup, "--yes"]);
        assert_eq!(r.code, 0, "{what}: {}{}", r.stdout, r.stderr);
        assert_eq!(f.env_bytes(), original, "{what}: the backup's exact bytes");
        let said = r.stdout.contains("cannot be read as an env file");
        assert_eq!(said, refused, "{what}: {}", r.stdout);
        let names = backup_names(&f);
        assert_eq!(names.len(), 2, "{what}: {names:?}");
        let kept = fs::read(f.bwdata.join("env").join(&names[1])).unwrap();
        assert_eq!(kept, broken, "{what}: the broken file is kept as a backup");
        assert_eq!(run(&f, &["status"]).code, 0, "{what}: readable again");
    }
}

#[cfg(unix)] // Unix files, modes or accounts (tests/not-on-windows.txt)
#[test]
fn a_missing_env_file_comes_back_with_the_backups_mode() {
    let (f, backup, original) = with_backup("us");
    let mode = fs::metadata(f.env_file()).unwrap().permissions().mode() & 0o777;
    let uid = fs::metadata(f.env_file()).unwrap().uid();
    fs::remove_file(f.env_file()).unwrap();
    let dry = run(&f, &["backups", "restore", &backup, "--dry-run"]);
    assert_eq!(dry.code, 0, "{}", dry.stderr);
    assert!(!f.env_file().exists(), "a dry run writes nothing");
    let r = run(&f, &["backups", "restore", &backup, "--yes"]);
    assert_eq!(r.code, 0, "{}{}", r.stdout, r.stderr);
    assert!(r.stdout.contains("is missing"), "{}", r.stdout);
    assert_eq!(f.env_bytes(), original);
    let meta = fs::metadata(f.env_file()).unwrap();
    assert_eq!(meta.permissions().mode() & 0o777, mode);
    assert_eq!(meta.uid(), uid);
    assert_eq!(backup_names(&f), vec![backup], "nothing to keep aside");
}

#[test]
fn bytes_outside_the_settings_come_back_too() {
    let (f, backup, original) = with_backup("bom");
    // The same settings, but without the BOM, with LF endings and a comment: famsync's own
    // reading sees no difference, the bytes differ.
    let text = String::from_utf8(original.clone()).unwrap();
    let plain = text.trim_start_matches('\u{feff}').replace("\r\n", "\n") + "# a note\n";
    fs::write(f.env_file(), &plain).unwrap();
    let r = run(&f, &["backups", "restore", &backup, "--yes"]);
    assert_eq!(r.code, 0, "{}{}", r.stdout, r.stderr);
    assert!(r.stdout.contains("Every setting is the same"), "{}", r.stdout);
    assert_eq!(f.env_bytes(), original);
}

#[test]
fn restoring_the_kept_aside_file_undoes_the_restore() {
    let (f, backup, _) = with_backup("us");
    fs::write(f.env_file(), b"junk\n").unwrap();
    assert_eq!(run(&f, &["backups", "restore", &backup, "--yes"]).code, 0);
    let kept = backup_names(&f).pop().unwrap();
    let r = run(&f, &["backups", "restore", &kept, "--yes"]);
    assert_eq!(r.code, 0, "{}{}", r.stdout, r.stderr);
    assert_eq!(f.env_bytes(), b"junk\n");
    let (f, backup, _) = with_backup("us");
    fs::write(f.env_file(), b"\x00binary").unwrap();
    assert_eq!(run(&f, &["backups", "restore", &backup, "--yes"]).code, 0);
    let kept = backup_names(&f).pop().unwrap();
    let r = run(&f, &["backups", "restore", &kept, "--dry-run"]);
    says(
        &r.stdout,
        &["WARNING: that backup is itself no env file", "binary"],
    );
}

#[cfg(unix)] // Unix files, modes or accounts (tests/not-on-windows.txt)
#[test]
fn a_fifo_a_folder_or_a_link_in_place_of_the_env_file_is_moved_aside_unread() {
    for what in ["fifo", "folder", "link to /dev/zero"] {
        let (f, backup, original) = with_backup("us");
        fs::remove_file(f.env_file()).unwrap();
        match what {
            "fifo" => nix::unistd::mkfifo(&f.env_file(), nix::sys::stat::Mode::S_IRWXU).unwrap(),
            "folder" => fs::create_dir(f.env_file()).unwrap(),
            _ => std::os::unix::fs::symlink("/dev/zero", f.env_file()).unwrap(),
        }
        let status = run(&f, &["status"]);
        assert_eq!(status.code, 5, "{what}: {}", status.stderr);
        says(&status.stderr, &["famsync backups restore NAME"]);
        let r = run(&f, &["backups", "restore", &backup, "--yes"]);
        assert_eq!(r.code, 0, "{what}: {}{}", r.stdout, r.stderr);
        says(&r.stdout, &["moved aside, unread"]);
        assert_eq!(f.env_bytes(), original, "{what}");
        let aside = fs::read_dir(f.bwdata.join("env"))
            .unwrap()
            .flatten()
            .filter(|e| e.file_name().to_string_lossy().contains(".famsync-aside-"))
            .count();
        assert_eq!(aside, 1, "{what}: kept, out of the way");
    }
}

#[cfg(unix)] // Unix files, modes or accounts (tests/not-on-windows.txt)
#[test]
fn a_file_someone_else_put_in_place_does_not_pass_its_owner_to_the_restored_secrets() {
    let (f, backup, original) = with_backup("us");
    let env = f.bwdata.join("env");
    let chown = |what: &str, p: &std::path::Path| {
        assert!(std::process::Command::new("chown")
            .arg(what)
            .arg(p)
            .status()
            .unwrap()
            .success())
    };
    // env/ open to another account, which swaps in a file of its own, readable by all.
    chown("root:nogroup", &env);
    fs::set_permissions(&env, fs::Permissions::from_mode(0o770)).unwrap();
    let planted = env.join("planted");
    fs::write(&planted, "broken=1\n").unwrap();
    chown("65534:65534", &planted);
    fs::set_permissions(&planted, fs::Permissions::from_mode(0o644)).unwrap();
    fs::rename(&planted, f.env_file()).unwrap();

    let r = run(&f, &["backups", "restore", &backup, "--yes"]);
    assert_eq!(r.code, 0, "{}{}", r.stdout, r.stderr);
    assert_eq!(f.env_bytes(), original);
    let meta = fs::metadata(f.env_file()).unwrap();
    assert_eq!((meta.uid(), meta.permissions().mode() & 0o777), (0, 0o600));
}
