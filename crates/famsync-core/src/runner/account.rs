//! Who runs bitwarden.sh on this machine, and whether it is run at all.
//!
//! bitwarden.sh runs `bwdata/scripts/run.sh`, which runs docker: whoever can change either
//! script, or any folder above them, runs code as the account that famsync starts them as. So:
//!
//! - famsync as root runs the script as the account that owns it (Bitwarden's advice: a
//!   dedicated user, not root), and as root only when root owns it;
//! - famsync as anyone else runs it as itself;
//! - either way, the scripts and every folder above them (up to /) must be owned by root or by
//!   the account that runs them, and writable by no one else (group or world write is allowed
//!   only on a sticky folder, like /tmp, where nobody can rename or remove another's entries).
//!
//! The unix-only parts (owners, modes, setuid in the child) are in `platform::owner` and
//! `platform::process`; on Windows every file reads as famsync's user's and famsync is never
//! root, so the script runs as famsync's user and the checks pass (see `platform::owner`).

use crate::error::{Error, Result};
use crate::platform::owner::{self as os, UserAccount};
use serde::Serialize;
use std::path::{Path, PathBuf};
use std::process::Command;

/// The script, who owns it and who famsync will run it as: shown before the owner agrees.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct ScriptAccount {
    /// The script as it will be run (links resolved).
    #[serde(serialize_with = "crate::lossy::path")]
    pub script: PathBuf,
    /// The user name owning it ("uid N" when it has none).
    pub owner: String,
    /// The account bitwarden.sh runs as.
    pub runs_as: String,
    /// True when that account is root (bitwarden.sh then asks root to confirm).
    pub as_root: bool,
}

/// Who owns `script` and who would run it; nothing is checked (see [`check`]).
pub fn describe(script: &Path) -> Result<ScriptAccount> {
    let script = script.canonicalize().map_err(|e| Error::from_io(&e, script))?;
    let owner = std::fs::metadata(&script).map_err(|e| Error::from_io(&e, &script))?;
    let owner = os::uid(&owner);
    let runner = runner_for(owner);
    Ok(ScriptAccount {
        owner: name_of(owner),
        runs_as: name_of(runner),
        as_root: runner == 0,
        script,
    })
}

/// famsync itself, unless it is root: then the script's owner.
fn runner_for(owner: u32) -> u32 {
    if os::is_root() {
        owner
    } else {
        os::effective_uid()
    }
}

/// Refuses (`ScriptNotTrusted`) when the script (bitwarden.sh; lite's compose file), the
/// other file the run executes (`also`: `bwdata/scripts/run.sh`) or a folder above either
/// could be changed by someone other than root and the account that would run them. Where
/// run.sh is missing, the nearest folder on its way that exists is checked instead: whoever
/// may write there could put a run.sh in place.
pub fn check(script: &Path, also: Option<&Path>) -> Result<ScriptAccount> {
    let account = describe(script)?;
    let runner = runner_for(std::fs::metadata(&account.script).map_or(0, |m| os::uid(&m)));
    check_chain(&account.script, &account.script, runner)?;
    if let Some(nearest) = also.and_then(|a| a.ancestors().find(|p| p.exists())) {
        let nearest = nearest.canonicalize().map_err(|e| Error::from_io(&e, nearest))?;
        check_chain(&nearest, &account.script, runner)?;
    }
    Ok(account)
}

/// `path` and every folder above it, up to /.
fn check_chain(path: &Path, script: &Path, runner: u32) -> Result<()> {
    for p in path.ancestors() {
        let meta = std::fs::symlink_metadata(p).map_err(|e| Error::from_io(&e, p))?;
        if others_can_change(&meta, runner) {
            return Err(Error::ScriptNotTrusted {
                path: p.into(),
                script: script.into(),
                owner: name_of(os::uid(&meta)).into(),
                mode: format!("{:04o}", os::mode(&meta) & 0o7777),
                runner: name_of(runner).into(),
            });
        }
    }
    Ok(())
}

fn others_can_change(meta: &std::fs::Metadata, runner: u32) -> bool {
    let mode = os::mode(meta);
    let owner = os::uid(meta);
    let foreign_owner = owner != 0 && owner != runner;
    // On a sticky folder, others may add entries but not rename or remove anyone else's: the
    // entry below it is checked in its turn.
    let sticky = meta.is_dir() && mode & 0o1000 != 0;
    let shared_write = mode & 0o022 != 0 && !sticky;
    foreign_owner || shared_write
}

fn name_of(uid: u32) -> String {
    crate::owner::user_name(uid)
}

/// The account a child process is switched to before it runs the script.
#[derive(Debug, Clone)]
pub struct Account {
    uid: u32,
    gid: u32,
    groups: Vec<u32>,
    name: String,
    home: PathBuf,
}

impl Account {
    /// The account to switch to for `script`: None when famsync runs it as itself (famsync is
    /// not root, or root owns the script).
    pub fn switch_for(script: &ScriptAccount) -> Result<Option<Account>> {
        let owner = std::fs::metadata(&script.script).map_err(|e| Error::from_io(&e, &script.script))?;
        let uid = os::uid(&owner);
        if !os::is_root() || uid == 0 {
            return Ok(None);
        }
        Ok(Some(Account::of(uid, os::gid(&owner), &script.script)))
    }

    /// The user's primary group, its other groups (docker, for one: run.sh needs it) and home;
    /// a uid with no account (containers) runs with the file's group, in the script's folder.
    fn of(uid: u32, file_gid: u32, script: &Path) -> Account {
        let folder = script.parent().unwrap_or(Path::new("/")).to_path_buf();
        let Some(user) = os::account(uid) else {
            let gid = file_gid;
            return Account {
                uid,
                gid,
                groups: vec![gid],
                name: format!("uid {uid}"),
                home: folder,
            };
        };
        let UserAccount {
            name,
            gid,
            groups,
            home,
        } = user;
        Account {
            uid,
            gid,
            groups,
            name,
            home,
        }
    }

    /// Makes `cmd` start as this account: its groups, group and user (in that order: each
    /// needs root, which the last one gives up), and its HOME, USER and LOGNAME.
    pub fn apply(&self, cmd: &mut Command) {
        cmd.env("HOME", &self.home)
            .env("USER", &self.name)
            .env("LOGNAME", &self.name)
            // root's session bus and runtime folder are none of the script's business.
            .env_remove("XDG_RUNTIME_DIR")
            .env_remove("DBUS_SESSION_BUS_ADDRESS");
        crate::platform::process::run_as(cmd, self.uid, self.gid, &self.groups);
    }
}
