//! Changing the installation's files on the server, through helper.sh: the atomic,
//! compare-and-swap replace with its backup, creating a missing env file, moving a file aside,
//! deleting old backups, and the writers' turn (the lock on the env folder).

use super::files::{name_in, path_in, split};
use super::Session;
use crate::envfile::{sha256_hex, Snapshot};
use crate::error::{Error, Result};
use std::ffi::OsStr;
use std::path::Path;

/// Deletes the named files of `dir` on the server (backups famsync listed there); returns
/// those that could not be deleted.
pub(crate) fn remove(session: &Session, dir: &Path, names: &[String]) -> Result<Vec<String>> {
    let mut args: Vec<&OsStr> = vec![dir.as_os_str()];
    args.extend(names.iter().map(OsStr::new));
    let text = session.helper("remove", &args, &mut std::io::empty())?;
    let mut left = Vec::new();
    for line in text.lines() {
        match split(line) {
            ("left", name) => left.extend(name_in(session, name)?),
            ("removed", _) => return Ok(left),
            _ => return Err(session.not_understood()),
        }
    }
    Err(session.lost())
}

/// Replaces the file `snapshot` read with the bytes read from `new_bytes` (whose SHA-256 is
/// `new_sha`, see envfile::sha256_hex) on the server: a backup of exactly the
/// snapshot's bytes first, then the new bytes in a temp file checked whole, then rename, only if
/// the file still holds what the snapshot read. The new file gets `like`'s mode, owner and
/// ACL. Returns the backup's name.
pub fn replace(
    session: &Session,
    snapshot: &Snapshot,
    like: &Snapshot,
    new_bytes: &mut dyn std::io::Read,
    new_sha: &str,
) -> Result<String> {
    let stamp = chrono::Utc::now().format("%Y%m%dT%H%M%SZ").to_string();
    // The new file's mode, owner and ACL: `like`'s (the file itself, or the backup restored).
    let args = [
        snapshot.path.clone().into_os_string(),
        sha256_hex(&snapshot.bytes).into(),
        new_sha.into(),
        format!("{:o}", like.mode).into(),
        like.uid.to_string().into(),
        like.gid.to_string().into(),
        stamp.into(),
        like.path.clone().into_os_string(),
    ];
    let args: Vec<&OsStr> = args.iter().map(|a| a.as_os_str()).collect();
    let text = session.helper("commit", &args, new_bytes)?;
    let mut backup = None;
    for line in text.lines() {
        match split(line) {
            ("backup", name) => backup = name_in(session, name)?,
            ("written", _) => return backup.ok_or_else(|| session.not_understood()),
            (word, rest) => return Err(commit_refused(session, snapshot, word, rest)),
        }
    }
    // The helper ended without a verdict: the connection went while the bytes were on their way.
    Err(session.lost())
}

/// Creates `like.path` on the server with the bytes read from `new_bytes` (SHA-256 `new_sha`),
/// `like`'s mode and owner and the ACL and label of `access_of` (the backup restored), only
/// where there is still no file (a restore of a missing env file); checked whole before it is
/// linked into place.
pub fn create(
    session: &Session,
    like: &Snapshot,
    access_of: &Path,
    new_bytes: &mut dyn std::io::Read,
    new_sha: &str,
) -> Result<()> {
    let args = [
        like.path.clone().into_os_string(),
        new_sha.into(),
        format!("{:o}", like.mode).into(),
        like.uid.to_string().into(),
        like.gid.to_string().into(),
        access_of.as_os_str().to_owned(),
    ];
    let args: Vec<&OsStr> = args.iter().map(|a| a.as_os_str()).collect();
    let text = session.helper("create", &args, new_bytes)?;
    match text.lines().next().map(split) {
        Some(("written", _)) => Ok(()),
        Some((word, rest)) => Err(commit_refused(session, like, word, rest)),
        // No verdict: the connection went while the bytes were on their way.
        None => Err(session.lost()),
    }
}

/// Moves what is at `path` on the server aside, unread (see recovery.rs).
pub fn move_aside(session: &Session, path: &Path) -> Result<()> {
    let stamp = chrono::Utc::now().format(crate::backup::STAMP).to_string();
    let text = session.helper(
        "aside",
        &[path.as_os_str(), stamp.as_ref()],
        &mut std::io::empty(),
    )?;
    match split(text.trim_end()) {
        ("moved", _) => Ok(()),
        ("changed", _) => Err(Error::EnvFileChanged { path: path.into() }),
        ("denied", owner) => Err(session.denied(path, owner)),
        ("env_link", target) => Err(Error::EnvFolderLink {
            path: crate::files::folder_of(path).into(),
            target: path_in(session, target)?,
        }),
        _ => Err(session.not_understood()),
    }
}

/// This writer's turn on the server (see helper.sh's `turn`): held until dropped.
pub(crate) struct Turn(std::process::Child);

impl Drop for Turn {
    fn drop(&mut self) {
        // The helper lets go of the lock when its stdin ends.
        drop(self.0.stdin.take());
        let _ = self.0.wait();
    }
}

/// Waits for this writer's turn among famsync writers on the server (here and over SSH): the
/// lock on the env file's folder. None where the server has no flock(1): unlocked, as before.
pub(crate) fn writers_turn(session: &Session, env_file: &Path) -> Result<Option<Turn>> {
    let dir = crate::files::folder_of(env_file).as_os_str();
    let mut child = session.spawn_helper("turn", &[dir], |c| {
        c.stdout(std::process::Stdio::piped())
            .stderr(std::process::Stdio::piped())
    })?;
    super::discard_stderr(&mut child);
    let mut line = String::new();
    let stdout = child.stdout.take().ok_or_else(|| session.lost())?;
    let _ = std::io::BufRead::read_line(&mut std::io::BufReader::new(stdout), &mut line);
    let turn = Turn(child);
    match line.trim_end() {
        "locked" => Ok(Some(turn)),
        "unlocked" => Ok(None),
        _ => Err(session.lost()),
    }
}

fn commit_refused(session: &Session, snapshot: &Snapshot, word: &str, rest: &str) -> Error {
    let path = snapshot.path.clone();
    match word {
        "changed" => Error::EnvFileChanged { path },
        "env_link" => Error::EnvFolderLink {
            path: crate::files::folder_of(&path).into(),
            target: path_in(session, rest).unwrap_or_default(),
        },
        "denied" => session.denied(&path, rest),
        "owner_not_kept" => Error::OwnerNotKept {
            path,
            owner: (rest != "?").then(|| rest.to_string()),
        },
        "incomplete" => session.lost(),
        "access_not_kept" => Error::AccessNotKept {
            path,
            attribute: if rest.is_empty() {
                "system.posix_acl_access"
            } else {
                rest
            }
            .into(),
        },
        _ => session.not_understood(),
    }
}
