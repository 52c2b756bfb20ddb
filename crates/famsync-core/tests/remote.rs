//! SSH to a real OpenSSH server on loopback (support/sshd.rs): strict host keys (unknown shown
//! as a fingerprint, accepted only if it still matches, changed refused), a wrong client key,
//! nothing listening. The installation on the server: status, enable, backups and restore,
//! refuse-if-changed, a dropped connection mid-write, a missing bwdata, permission denied.
//! Restart and watching over SSH: remote_run.rs.
#![cfg(unix)] // not on Windows: tests/not-on-windows.txt says why

mod support;
use famsync_core::plan::{self, Action};
use famsync_core::region::Region;
use famsync_core::remote::{accept_host_key, Session};
use famsync_core::{backup, install, serverlog, status, Error, Host};
use std::fs;
use std::os::unix::fs::{MetadataExt, PermissionsExt};
use std::path::Path;
use support::sshd::{Sshd, ALIAS, OTHER_USER};

const EU: Action = Action::Enable {
    region: Region::Eu,
    push_relay: false,
};

#[test]
fn an_unknown_host_key_comes_back_as_its_fingerprint() {
    let sshd = Sshd::start();
    match Session::connect(ALIAS, &sshd.opts()) {
        Err(Error::SshHostKeyUnknown { host, fingerprint }) => {
            assert_eq!(host, ALIAS);
            assert_eq!(fingerprint, sshd.host_fingerprint());
        }
        other => panic!("connected to an unknown host: {:?}", other.err()),
    }
}

#[test]
fn status_over_ssh_is_the_same_report_as_on_the_server() {
    let sshd = Sshd::accepted();
    let (remote, local) = sshd.both();
    assert_eq!(remote.host.name(), Some(ALIAS));
    assert_eq!(
        (&remote.bwdata, &remote.script, &remote.url),
        (&local.bwdata, &local.script, &local.url)
    );
    let (r, l) = (
        status::current(&remote).unwrap(),
        status::current(&local).unwrap(),
    );
    assert_eq!(
        serde_json::to_value(&r.cloud_communication).unwrap(),
        serde_json::to_value(&l.cloud_communication).unwrap()
    );
    assert_eq!(r.organizations, l.organizations);
    assert!(!r.organizations.is_empty());
    assert_eq!(r.installation.installation_id, l.installation.installation_id);
    assert_eq!(r.env_file.revision, l.env_file.revision);
    let json = serde_json::to_value(&remote).unwrap();
    assert_eq!(json["host"], ALIAS);
}

#[test]
fn enable_over_ssh_writes_what_a_local_enable_writes_keeping_mode_owner_and_a_backup() {
    let sshd = Sshd::accepted();
    let (remote, local) = sshd.both();
    fs::set_permissions(&local.env_file, fs::Permissions::from_mode(0o640)).unwrap();
    let before = fs::read(&local.env_file).unwrap();
    let expected = {
        let mut copy = local.read_env().unwrap();
        copy.path = sshd.dir.path().join("unused");
        plan::plan_for(&copy, EU).unwrap()
    };
    let plan = plan::preview(&remote, EU).unwrap();
    assert_eq!(plan.changes, expected.changes);
    let applied = plan::apply(&remote, EU, Some(&plan.revision)).unwrap();
    let meta = fs::metadata(&local.env_file).unwrap();
    assert_eq!(meta.permissions().mode() & 0o7777, 0o640);
    assert_eq!(
        (meta.uid(), meta.gid()),
        (nix::unistd::geteuid().as_raw(), nix::unistd::getegid().as_raw())
    );
    assert_eq!(
        famsync_core::envfile::revision(&fs::read(&local.env_file).unwrap()),
        applied.revision
    );
    assert!(status::current(&local).unwrap().cloud_communication.enabled);
    let name = applied.backup.unwrap();
    assert_eq!(fs::read(local.env_file.with_file_name(&name)).unwrap(), before);
    let listed: Vec<String> = backup::list(&remote)
        .unwrap()
        .into_iter()
        .map(|b| b.name)
        .collect();
    assert_eq!(listed, vec![name.clone()]);
    assert_eq!(
        listed,
        backup::list(&local)
            .unwrap()
            .into_iter()
            .map(|b| b.name)
            .collect::<Vec<_>>()
    );
    famsync_core::recovery::restore(&remote, &name, None).unwrap();
    assert_eq!(fs::read(&local.env_file).unwrap(), before);
    assert_no_temp_files(&local.env_file);
}

#[test]
fn over_ssh_the_env_file_s_acl_is_kept_and_a_default_acl_gives_no_one_more() {
    let sshd = Sshd::accepted();
    let (remote, local) = sshd.both();
    setfacl(&["-m", "u:nobody:r"], &local.env_file);
    setfacl(&["-d", "-m", "u:daemon:rw"], local.env_file.parent().unwrap());
    let before = acl(&local.env_file);
    let eu = Action::Enable {
        region: Region::Eu,
        push_relay: false,
    };
    let name = plan::apply(&remote, eu, None).unwrap().backup.unwrap();
    assert_eq!(acl(&local.env_file), before);
    assert_eq!(acl(&local.env_file.with_file_name(name)), before);
    assert!(!before.contains("daemon"), "{before}");
}

fn acl(p: &Path) -> String {
    let out = std::process::Command::new("getfacl")
        .args(["-cp", "--"])
        .arg(p)
        .output()
        .unwrap();
    String::from_utf8(out.stdout).unwrap()
}

fn setfacl(args: &[&str], p: &Path) {
    assert!(std::process::Command::new("setfacl")
        .args(args)
        .arg(p)
        .status()
        .unwrap()
        .success());
}

/// The helper's `create` (a restore where the env file went missing): the new file has the
/// backup's ACL, or none, never one inherited from the folder's default ACL.
#[test]
fn over_ssh_a_missing_env_file_comes_back_with_the_backup_s_acl_not_the_folder_s_default() {
    let sshd = Sshd::accepted();
    let (remote, local) = sshd.both();
    let env_dir = local.env_file.parent().unwrap();
    let before = acl(&local.env_file);
    let plain = plan::apply(&remote, EU, None).unwrap().backup.unwrap();
    setfacl(&["-m", "u:nobody:r"], &local.env_file);
    let with_acl = plan::apply(&remote, Action::Disable, None)
        .unwrap()
        .backup
        .unwrap();
    let nobody = acl(&env_dir.join(&with_acl));
    assert!(nobody.contains("user:nobody:r--"), "{nobody}");
    setfacl(&["-d", "-m", "u:daemon:rw"], env_dir);
    for (name, expected) in [(&plain, &before), (&with_acl, &nobody)] {
        fs::remove_file(&local.env_file).unwrap();
        famsync_core::recovery::restore(&remote, name, None).unwrap();
        let now = acl(&local.env_file);
        assert_eq!(&now, expected, "restored from {name}");
        assert!(!now.contains("daemon"), "{now}");
    }
    assert_no_temp_files(&local.env_file);
}

#[test]
fn over_ssh_a_backup_comes_back_over_a_broken_or_missing_env_file() {
    let sshd = Sshd::accepted();
    let (remote, local) = sshd.both();
    let before = fs::read(&local.env_file).unwrap();
    let eu = Action::Enable {
        region: Region::Eu,
        push_relay: false,
    };
    let name = plan::apply(&remote, eu, None).unwrap().backup.unwrap();

    fs::write(&local.env_file, b"\x00junk").unwrap();
    assert!(remote.read_env().is_err(), "junk is not read as an env file");
    let applied = famsync_core::recovery::restore(&remote, &name, None).unwrap();
    assert_eq!(fs::read(&local.env_file).unwrap(), before);
    let kept = applied.backup.expect("the junk is kept as a backup");
    assert_eq!(
        fs::read(local.env_file.with_file_name(kept)).unwrap(),
        b"\x00junk"
    );

    let mode = fs::metadata(&local.env_file).unwrap().mode() & 0o777;
    fs::remove_file(&local.env_file).unwrap();
    let plan = famsync_core::recovery::preview_restore(&remote, &name).unwrap();
    assert!(plan.writes);
    famsync_core::recovery::restore(&remote, &name, Some(&plan.revision)).unwrap();
    assert_eq!(fs::read(&local.env_file).unwrap(), before);
    assert_eq!(fs::metadata(&local.env_file).unwrap().mode() & 0o777, mode);
    assert_no_temp_files(&local.env_file);

    // A FIFO where the env file was: moved aside unread on the server, the backup in its place.
    fs::remove_file(&local.env_file).unwrap();
    nix::unistd::mkfifo(&local.env_file, nix::sys::stat::Mode::S_IRWXU).unwrap();
    famsync_core::recovery::restore(&remote, &name, None).unwrap();
    assert_eq!(fs::read(&local.env_file).unwrap(), before);
    let aside = fs::read_dir(local.env_file.parent().unwrap())
        .unwrap()
        .flatten()
        .filter(|e| e.file_name().to_string_lossy().contains(".famsync-aside-"))
        .count();
    assert_eq!(aside, 1);
}

#[test]
fn over_ssh_too_only_the_newest_ten_backups_are_kept() {
    let sshd = Sshd::accepted();
    let (remote, local) = sshd.both();
    let mut made = Vec::new();
    for i in 0..12 {
        let action = if i % 2 == 0 { EU } else { plan::Action::Disable };
        made.push(plan::apply(&remote, action, None).unwrap().backup.unwrap());
    }
    let listed = |inst| -> Vec<String> { backup::list(inst).unwrap().into_iter().map(|b| b.name).collect() };
    // The ten made last, in the order they were made (names sort by time, even within a second).
    assert_eq!(listed(&local), made[2..]);
    assert_eq!(listed(&remote), listed(&local));
}

fn assert_no_temp_files(env_file: &Path) {
    let left = temp_files(env_file);
    assert!(left.is_empty(), "temp files left: {left:?}");
}

#[test]
fn an_edit_on_the_server_after_the_preview_is_not_overwritten() {
    let sshd = Sshd::accepted();
    let (remote, local) = sshd.both();
    let plan = plan::preview(&remote, EU).unwrap();
    let edited = fs::read_to_string(&local.env_file).unwrap() + "globalSettings__hibpApiKey=x\n";
    fs::write(&local.env_file, &edited).unwrap();
    let err = plan::apply(&remote, EU, Some(&plan.revision)).unwrap_err();
    assert!(matches!(err, Error::EnvFileChanged { .. }), "{err:?}");
    assert_eq!(fs::read_to_string(&local.env_file).unwrap(), edited);
    assert!(backup::list(&remote).unwrap().is_empty());
}

/// Hands out the first half of the new bytes, then cuts the connection and stalls, as a
/// network that fails in the middle of the transfer.
struct Cut<'a> {
    bytes: &'a [u8],
    sent: usize,
    sshd: &'a Sshd,
}

impl std::io::Read for Cut<'_> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let half = self.bytes.len() / 2;
        if self.sent >= half {
            std::thread::sleep(std::time::Duration::from_millis(300));
            self.sshd.drop_connections();
            std::thread::sleep(std::time::Duration::from_millis(300));
            return Err(std::io::ErrorKind::BrokenPipe.into());
        }
        let n = buf.len().min(half - self.sent);
        buf[..n].copy_from_slice(&self.bytes[self.sent..self.sent + n]);
        self.sent += n;
        Ok(n)
    }
}

#[test]
fn a_connection_dropped_in_the_middle_of_a_write_leaves_the_old_file_whole_and_its_backup() {
    let sshd = Sshd::accepted();
    let (remote, local) = sshd.both();
    let before = fs::read(&local.env_file).unwrap();
    let snapshot = remote.read_env().unwrap();
    let new = [
        before.as_slice(),
        b"globalSettings__enableCloudCommunication=true\n"
            .repeat(200)
            .as_slice(),
    ]
    .concat();
    let Host::Ssh(session) = &remote.host else {
        unreachable!()
    };
    let mut cut = Cut {
        bytes: &new,
        sent: 0,
        sshd: &sshd,
    };
    let err = famsync_core::remote::replace(
        session,
        &snapshot,
        &snapshot,
        &mut cut,
        &famsync_core::envfile::sha256_hex(&new),
    )
    .unwrap_err();
    assert!(matches!(err, Error::SshConnectionLost { .. }), "{err:?}");
    assert!(
        fs::read(&local.env_file).unwrap() == before,
        "the file is not the old one"
    );
    let backups = backup::list(&local).unwrap();
    assert_eq!(backups.len(), 1);
    assert_eq!(
        fs::read(local.env_file.with_file_name(&backups[0].name)).unwrap(),
        before
    );
    // The helper on the server notices the cut and removes its partial temp file.
    let until = std::time::Instant::now() + std::time::Duration::from_secs(5);
    while !temp_files(&local.env_file).is_empty() && std::time::Instant::now() < until {
        std::thread::sleep(std::time::Duration::from_millis(50));
    }
    assert_no_temp_files(&local.env_file);
    // And a new connection writes normally.
    let remote = install::open_on(&sshd.host(), Some(&local.bwdata)).unwrap();
    plan::apply(&remote, EU, None).unwrap();
    assert!(status::current(&local).unwrap().cloud_communication.enabled);
}

fn temp_files(env_file: &Path) -> Vec<String> {
    fs::read_dir(env_file.parent().unwrap())
        .unwrap()
        .filter_map(|e| e.ok()?.file_name().into_string().ok())
        // The helper's temp files, and its private folders for them.
        .filter(|n| n.ends_with(".tmp") || n.starts_with(".famsync-"))
        .collect()
}

#[test]
fn a_bwdata_path_that_does_not_exist_on_the_server_is_named() {
    let sshd = Sshd::accepted();
    let missing = sshd.dir.path().join("no/such/bwdata");
    let err = install::open_on(&sshd.host(), Some(&missing)).unwrap_err();
    assert_eq!(err, Error::PathMissing { path: missing });
    let not_bw = sshd.dir.path().to_path_buf();
    let err = install::open_on(&sshd.host(), Some(&not_bw)).unwrap_err();
    assert_eq!(err, Error::NotABwdata { path: not_bw });
}

#[test]
fn a_path_with_quotes_and_spaces_reaches_the_server_intact() {
    let sshd = Sshd::accepted();
    let bwdata = sshd.installation();
    let odd = sshd.dir.path().join("it's a \"bw\"; rm -rf x");
    fs::rename(bwdata.parent().unwrap(), &odd).unwrap();
    let remote = install::open_on(&sshd.host(), Some(&odd)).unwrap();
    assert_eq!(remote.bwdata, odd.join("bwdata"));
    assert!(status::current(&remote)
        .unwrap()
        .installation
        .installation_id
        .is_some());
}

/// A newline in a path on the server cannot add lines to the helper's answers: here one that
/// would name another bitwarden.sh (which a restart runs) and another bwdata.
#[test]
fn a_newline_in_a_path_on_the_server_injects_nothing_into_the_answers() {
    let sshd = Sshd::accepted();
    let bwdata = sshd.installation();
    let evil = sshd.dir.path().join("evil");
    fs::create_dir_all(&evil).unwrap();
    fs::write(evil.join("bitwarden.sh"), "#!/bin/sh\n").unwrap();
    let odd = sshd.dir.path().join(format!("a\nscript {}", evil.display()));
    fs::create_dir_all(odd.parent().unwrap()).unwrap();
    fs::rename(bwdata.parent().unwrap(), &odd).unwrap();
    let remote = install::open_on(&sshd.host(), Some(&odd)).unwrap();
    assert_eq!(remote.bwdata, odd.join("bwdata"));
    assert_eq!(remote.script, Some(odd.join("bitwarden.sh")));
    assert!(status::current(&remote)
        .unwrap()
        .installation
        .installation_id
        .is_some());
    // Names in listings too: a backup, and a link's target.
    let name = plan::apply(&remote, EU, None).unwrap().backup.unwrap();
    assert_eq!(backup::list(&remote).unwrap()[0].name, name);
    let env_file = odd.join("bwdata/env/global.override.env");
    let real = sshd.dir.path().join("x\nsymlink evil.env");
    fs::rename(&env_file, &real).unwrap();
    std::os::unix::fs::symlink(&real, &env_file).unwrap();
    assert_eq!(
        remote.read_env().unwrap_err(),
        Error::EnvFileSymlink {
            path: env_file,
            target: real
        }
    );
}

#[test]
fn an_env_file_that_is_a_symlink_is_refused_over_ssh_too() {
    let sshd = Sshd::accepted();
    let (remote, local) = sshd.both();
    let real = sshd.dir.path().join("elsewhere.env");
    fs::rename(&local.env_file, &real).unwrap();
    std::os::unix::fs::symlink(&real, &local.env_file).unwrap();
    let err = remote.read_env().unwrap_err();
    assert_eq!(
        err,
        Error::EnvFileSymlink {
            path: local.env_file.clone(),
            target: real
        }
    );
}

/// As root, the server is entered as an unprivileged user; otherwise the files are made
/// unreadable for us.
#[test]
fn permission_denied_on_the_server_names_the_owner_and_the_user() {
    let sshd = Sshd::accepted();
    let bwdata = sshd.installation();
    let env_file = bwdata.join("env/global.override.env");
    fs::set_permissions(&env_file, fs::Permissions::from_mode(0o600)).unwrap();
    let me = nix::unistd::User::from_uid(nix::unistd::geteuid())
        .unwrap()
        .unwrap()
        .name;
    let user = if me == "root" {
        sshd.log_in_as_other_user(&bwdata);
        OTHER_USER.to_string()
    } else {
        fs::set_permissions(&env_file, fs::Permissions::from_mode(0o000)).unwrap();
        me.clone()
    };
    let remote = install::open_on(&sshd.host(), Some(&bwdata)).unwrap();
    let err = remote.read_env().unwrap_err();
    assert_eq!(
        err,
        Error::PermissionDenied {
            path: env_file,
            owner: Some(me),
            user: Some(user)
        }
    );
    let err = plan::apply(&remote, EU, None).unwrap_err();
    assert!(matches!(err, Error::PermissionDenied { .. }), "{err:?}");
}

#[test]
fn accepting_a_fingerprint_the_server_does_not_present_is_refused() {
    let sshd = Sshd::start();
    let wrong = "SHA256:AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA";
    let err = accept_host_key(ALIAS, wrong, &sshd.opts()).unwrap_err();
    assert!(matches!(err, Error::SshHostKeyChanged { .. }), "{err:?}");
    assert!(!sshd.opts().known_hosts.exists(), "a key was recorded anyway");
}

#[test]
fn a_changed_host_key_is_refused() {
    let mut sshd = Sshd::accepted();
    sshd.restart_with_new_host_key();
    let err = Session::connect(ALIAS, &sshd.opts()).err().unwrap();
    assert!(matches!(err, Error::SshHostKeyChanged { .. }), "{err:?}");
}

#[test]
fn a_key_the_server_does_not_know_is_an_authentication_failure() {
    let sshd = Sshd::accepted();
    sshd.write_client_config("stranger");
    let err = Session::connect(ALIAS, &sshd.opts()).err().unwrap();
    assert!(matches!(err, Error::SshAuthFailed { .. }), "{err:?}");
}

#[test]
fn nothing_listening_is_unreachable() {
    let mut sshd = Sshd::accepted();
    drop(Session::connect(ALIAS, &sshd.opts()).unwrap());
    sshd.stop();
    let err = Session::connect(ALIAS, &sshd.opts()).err().unwrap();
    assert!(matches!(err, Error::SshUnreachable { .. }), "{err:?}");
}

#[test]
fn todays_logs_over_ssh_are_what_is_read_on_the_server_the_end_of_a_big_one_and_a_fifo_refused() {
    let sshd = Sshd::accepted();
    let (remote, local) = sshd.both();
    // The fixture's api log (the format since 2025.12) where the server writes it.
    let fixture = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../tests/fixtures/logs-2026.8/bwdata/logs/api/Api/20261129.txt");
    let api = local.bwdata.join("logs/api/Api");
    fs::create_dir_all(&api).unwrap();
    fs::copy(fixture, api.join("20261129.txt")).unwrap();
    let admin = local.bwdata.join("logs/admin/Admin");
    fs::create_dir_all(&admin).unwrap();
    nix::unistd::mkfifo(
        &admin.join("20261129.txt"),
        nix::sys::stat::Mode::from_bits_truncate(0o600),
    )
    .unwrap();
    // A log over the tail famsync reads: its end comes over, not a refusal.
    let identity = local.bwdata.join("logs/identity/Identity");
    fs::create_dir_all(&identity).unwrap();
    let filler = "2026-11-29T01:00:00.0000000+00:00  [INF] filler (00000000)\n";
    let mut big = filler.repeat(2 * serverlog::TAIL_BYTES as usize / filler.len());
    big.push_str(
        "2026-11-29T23:00:00.0000000+00:00  [ERR] Unable to authenticate with identity server. (7d1f00a2)\n",
    );
    fs::write(identity.join("20261129.txt"), big).unwrap();
    let day = chrono::NaiveDate::from_ymd_opt(2026, 11, 29).unwrap();
    let (r, l) = (serverlog::scan(&remote, day), serverlog::scan(&local, day));
    assert_eq!(r.findings, l.findings);
    assert_eq!(r.findings.len(), 4);
    assert_eq!(r.findings[3].service, "identity");
    assert_eq!(r.unread, l.unread);
    assert_eq!(r.unread.len(), 1);
    assert_eq!(r.unread[0].error.code(), "not_a_regular_file");
}
