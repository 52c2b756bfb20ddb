//! The command line at its edges: settings left empty, usage errors with --json, the advice a
//! refused confirmation gives, and folders famsync may not read.

mod common;
use common::*;
#[cfg(unix)]
use std::path::Path;
use std::process::Command;

#[cfg(unix)]
fn famsync_with(args: &[&str], env: &[(&str, &str)], cwd: &std::path::Path) -> Run {
    let home = tempfile::tempdir().unwrap();
    let mut cmd = Command::new(bin());
    cmd.args(args)
        .env("HOME", home.path())
        .env_remove("FAMSYNC_BWDATA")
        .current_dir(cwd);
    for (k, v) in env {
        cmd.env(k, v);
    }
    cmd.output().unwrap().into()
}

#[cfg(unix)] // discovery in HOME: Windows' home is the profile folder (tests/not-on-windows.txt)
#[test]
fn empty_famsync_bwdata_and_host_are_as_if_unset() {
    let f = fixture("us");
    let home = f.dir.path().to_str().unwrap();
    let env = [("FAMSYNC_BWDATA", ""), ("FAMSYNC_HOST", ""), ("HOME", home)];
    // Discovery looks in the home folder: the fixture's.
    let r = famsync_with(&["status", "--json"], &env, Path::new("/"));
    assert_eq!(r.code, 0, "{}{}", r.stdout, r.stderr);
    let bwdata = r.json()["installation"]["bwdata"].as_str().unwrap().to_string();
    assert!(bwdata.ends_with("/bwdata"), "{bwdata}");
}

/// Root in a folder someone else prepared must not take their bwdata (and bitwarden.sh) for
/// the server's; anyone else finds an installation in the current folder.
#[cfg(unix)] // Unix files, modes or accounts (tests/not-on-windows.txt)
#[test]
fn discovery_looks_in_the_current_folder_except_as_root() {
    let f = fixture("us");
    let r = famsync_with(&["status", "--json"], &[], f.dir.path());
    if nix::unistd::geteuid().is_root() {
        assert_ne!(r.code, 0, "{}", r.stdout);
        let searched = r.json()["error"]["searched"].to_string();
        assert!(!searched.contains(f.dir.path().to_str().unwrap()), "{searched}");
    } else {
        assert_eq!(r.code, 0, "{}{}", r.stdout, r.stderr);
    }
}

#[test]
fn with_json_a_usage_error_is_json_too() {
    let r = famsync(&["status", "--no-such-option", "--json"]);
    assert_eq!(r.code, 2);
    let v = r.json();
    assert_eq!(v["error"]["code"], "usage");
    assert!(v["error"]["message"]
        .as_str()
        .unwrap()
        .contains("--no-such-option"));
    assert_eq!(v["exit_code"], 2);
    let text = famsync(&["status", "--no-such-option"]);
    assert_eq!(text.code, 2);
    assert!(text.stderr.contains("--no-such-option"), "{}", text.stderr);
}

#[test]
fn a_restart_without_a_terminal_does_not_suggest_a_dry_run_it_does_not_have() {
    let f = fixture("us");
    f.add_standin_script("MODE=ok\n");
    let r = famsync(&["restart", "--bwdata", f.bwdata.to_str().unwrap()]);
    assert_eq!(r.code, 7, "{}", r.stderr);
    says(&r.stderr, &["No terminal", "--yes"]);
    assert!(!r.stderr.contains("--dry-run"), "{}", r.stderr);
}

#[cfg(unix)] // Unix files, modes or accounts (tests/not-on-windows.txt)
#[test]
fn a_licenses_folder_famsync_may_not_read_is_not_no_license() {
    use std::os::unix::fs::PermissionsExt;
    let f = fixture("us");
    let set =
        |p: &std::path::Path, m| std::fs::set_permissions(p, std::fs::Permissions::from_mode(m)).unwrap();
    for dir in ["bwdata", "bwdata/env", "bwdata/core", "bwdata/core/licenses"] {
        set(&f.dir.path().join(dir), 0o755);
    }
    set(&f.env_file(), 0o644);
    set(&f.bwdata.join("core/licenses/organization"), 0o700);
    let out = Command::new("setpriv")
        .args(["--reuid=65534", "--regid=65534", "--clear-groups"])
        .arg(bin())
        .args(["status", "--json", "--bwdata"])
        .arg(&f.bwdata)
        .env("HOME", "/nonexistent")
        .output()
        .unwrap();
    let r: Run = out.into();
    assert_eq!(r.code, 0, "{}", r.stderr);
    let orgs = r.json()["organizations"].clone();
    assert_eq!(orgs[0]["error"]["code"], "permission_denied", "{orgs}");
}

#[test]
fn a_damaged_progress_record_is_kept_aside_and_said() {
    let f = fixture("us");
    let home = tempfile::tempdir().unwrap();
    let data = home.path().join("data");
    let status = |args: &[&str]| -> Run {
        Command::new(bin())
            .args(args)
            .arg("--bwdata")
            .arg(&f.bwdata)
            .env("HOME", home.path())
            .env("XDG_DATA_HOME", &data)
            .env("FAMSYNC_DATA_DIR", data.join("famsync"))
            .output()
            .unwrap()
            .into()
    };
    let id = status(&["status", "--json"]).json()["installation"]["installation_id"]
        .as_str()
        .unwrap()
        .to_string();
    let record = data.join(format!("famsync/progress/{id}.json"));
    std::fs::create_dir_all(record.parent().unwrap()).unwrap();
    std::fs::write(&record, "{\"organization\": \"cut sh").unwrap();
    let r = status(&["status"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    says(
        &r.stdout,
        &["could not be read and is kept as", "confirm steps 4 and 5 again"],
    );
    let v = status(&["status", "--json"]).json();
    let kept = v["progress_damaged"][0].as_str().unwrap().to_string();
    assert_eq!(
        std::fs::read_to_string(kept).unwrap(),
        "{\"organization\": \"cut sh"
    );
}

/// A uid with no account (a container's, a bare service) has no home: famsync's files (trust
/// pins, known_hosts, records) then go to a private runtime folder, never to a shared temp
/// folder where another user could plant them first.
#[cfg(unix)] // Unix files, modes or accounts (tests/not-on-windows.txt)
#[test]
fn without_a_home_famsync_keeps_its_files_only_in_a_private_folder() {
    if !nix::unistd::geteuid().is_root() {
        return;
    }
    const NO_ACCOUNT: &str = "54321";
    let shared = tempfile::tempdir().unwrap();
    std::fs::set_permissions(
        shared.path(),
        std::os::unix::fs::PermissionsExt::from_mode(0o1777),
    )
    .unwrap();
    let as_no_account = |runtime: Option<&Path>| {
        let mut cmd = Command::new("setpriv");
        cmd.args([
            &format!("--reuid={NO_ACCOUNT}"),
            &format!("--regid={NO_ACCOUNT}"),
            "--clear-groups",
        ])
        .arg(bin())
        .args(["--sample", "status", "--json"])
        .env_remove("HOME")
        .env_remove("XDG_DATA_HOME")
        .env_remove("XDG_RUNTIME_DIR")
        .env("TMPDIR", shared.path())
        .current_dir("/");
        if let Some(r) = runtime {
            cmd.env("XDG_RUNTIME_DIR", r);
        }
        Run::from(cmd.output().unwrap())
    };
    let r = as_no_account(None);
    assert_eq!(
        r.json()["error"]["code"],
        "no_private_folder",
        "{}{}",
        r.stdout,
        r.stderr
    );
    assert_eq!(
        std::fs::read_dir(shared.path()).unwrap().count(),
        0,
        "famsync wrote to the shared folder"
    );

    let runtime = tempfile::tempdir().unwrap();
    std::fs::set_permissions(
        runtime.path(),
        std::os::unix::fs::PermissionsExt::from_mode(0o700),
    )
    .unwrap();
    // Someone else's runtime folder will not do either.
    let r = as_no_account(Some(runtime.path()));
    assert_eq!(r.json()["error"]["code"], "no_private_folder", "{}", r.stdout);
    std::os::unix::fs::chown(runtime.path(), Some(54321), Some(54321)).unwrap();
    let r = as_no_account(Some(runtime.path()));
    assert_eq!(r.code, 0, "{}{}", r.stdout, r.stderr);
    assert!(runtime.path().join("famsync/sample").is_dir());
    assert_eq!(std::fs::read_dir(shared.path()).unwrap().count(), 0);
}

#[test]
fn without_an_openssh_client_host_names_the_tool_to_install() {
    let nothing = tempfile::tempdir().unwrap();
    let r: Run = Command::new(bin())
        .args(["--host", "admin@vault.example.com", "status", "--json"])
        .env("PATH", nothing.path())
        .output()
        .unwrap()
        .into();
    assert_eq!(r.code, 3, "{}{}", r.stdout, r.stderr);
    let error = &r.json()["error"];
    assert_eq!(error["code"], "ssh_tool_missing", "{error}");
    assert_eq!(error["tool"], "ssh");
}
