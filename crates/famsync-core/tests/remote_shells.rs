//! The server's login shell parses famsync's command line before anything else: with a login
//! shell that is no POSIX shell (fish), POSIX quoting no longer holds (in fish a backslash
//! before a quote escapes it even inside single quotes). famsync sends one fixed command and
//! the helper with its arguments on stdin, so status and a write work there too, on a path
//! full of what such a shell reads differently.
#![cfg(unix)] // not on Windows: tests/not-on-windows.txt says why

mod support;
use famsync_core::plan::{self, Action};
use famsync_core::region::Region;
use famsync_core::{backup, install, status};
use std::fs;
use std::path::Path;
use support::sshd::{Sshd, FISH_USER};

#[test]
fn a_login_shell_that_is_fish_runs_the_helper_as_sh_would() {
    let Some(user) = nix::unistd::User::from_name(FISH_USER).ok().flatten() else {
        eprintln!("skipped: no user {FISH_USER} (scripts/install-deps.sh makes it, as root)");
        return;
    };
    if !nix::unistd::geteuid().is_root() || !Path::new(&user.shell).exists() {
        eprintln!("skipped: needs root and {}", user.shell.display());
        return;
    }
    let sshd = Sshd::accepted();
    let bwdata = sshd.installation();
    let odd = sshd.dir.path().join(r#"it's \' a "bw" \\ $HOME (x) ; ü"#);
    fs::rename(bwdata.parent().unwrap(), &odd).unwrap();
    let bwdata = odd.join("bwdata");
    let env_file = bwdata.join("env/global.override.env");
    for p in [&bwdata.join("env"), &env_file] {
        std::os::unix::fs::chown(p, Some(user.uid.as_raw()), Some(user.gid.as_raw())).unwrap();
    }
    sshd.log_in_as(&bwdata, FISH_USER);
    let host = sshd.host();
    let famsync_core::Host::Ssh(session) = &host else {
        unreachable!()
    };
    assert_eq!(session.user(), FISH_USER);
    let remote = install::open_on(&host, Some(&odd)).unwrap();
    assert_eq!(remote.bwdata, bwdata);
    let before = fs::read(&env_file).unwrap();
    assert!(!status::current(&remote).unwrap().cloud_communication.enabled);
    let eu = Action::Enable {
        region: Region::Eu,
        push_relay: false,
    };
    let applied = plan::apply(&remote, eu, None).unwrap();
    assert!(status::current(&remote).unwrap().cloud_communication.enabled);
    let name = applied.backup.unwrap();
    assert_eq!(fs::read(env_file.with_file_name(&name)).unwrap(), before);
    assert_eq!(backup::list(&remote).unwrap().len(), 1);
}
