//! Atomic replacement: write a temp file in the same folder, fsync it, swap it with the old one
//! in one step, fsync the folder. A crash at any point leaves the old file or the new one, never
//! a mix.

use super::read::Snapshot;
use crate::error::{Error, Result};
use crate::platform::fileid::{self, Links};
use crate::platform::{owner, replace::NotExchanged};
use std::fs::{self, File};
use std::io::Write;
use std::path::{Path, PathBuf};

/// Writes `bytes` to a new file beside `target` with the snapshot's mode and owner, and returns
/// its path. The caller renames it into place (or removes it).
pub fn write_sibling(target: &Path, like: &Snapshot, bytes: &[u8], tag: &str) -> Result<PathBuf> {
    let dir = parent(target);
    crate::files::ensure_real_folder(dir)?;
    let name = target.file_name().and_then(|n| n.to_str()).unwrap_or("file");
    sweep_stale(dir, name);
    // Created new (O_EXCL, 0600) under a name nobody can guess: a name planted in env/ by
    // someone who may write there but not read the env file can neither be opened by famsync
    // nor be held open to read the secrets. The pid stays in the name for sweep_stale.
    let file = tempfile::Builder::new()
        .prefix(&format!(".{name}.{tag}-{}-", std::process::id()))
        .suffix(".tmp")
        .tempfile_in(dir)
        .map_err(|e| Error::from_io(&e, dir))?;
    let (file, tmp) = file.keep().map_err(|e| Error::from_io(&e.error, dir))?;
    let result = fill(file, &tmp, like, bytes);
    if result.is_err() {
        let _ = fs::remove_file(&tmp);
    }
    result.map(|()| tmp)
}

/// A write takes well under a second; a temp file this old is no write in progress.
const STALE_AFTER: std::time::Duration = std::time::Duration::from_secs(600);

/// Removes temp files left by famsync processes that died mid-write (they hold a copy of the
/// secrets). A temp file whose writer is still running is left alone, and so is a recent one:
/// its process id may be another machine's or another pid namespace's (a shared folder, a
/// container, Wine), where this machine cannot tell whether its writer runs.
fn sweep_stale(dir: &Path, name: &str) {
    let Ok(entries) = fs::read_dir(dir) else { return };
    let prefix = format!(".{name}.");
    for entry in entries.flatten() {
        let file = entry.file_name();
        let Some(rest) = file.to_str().and_then(|f| f.strip_prefix(&prefix)) else {
            continue;
        };
        // `<tag>-<pid>-<n>.tmp`
        let pid = rest.strip_suffix(".tmp").and_then(|r| r.rsplit('-').nth(1));
        let dead = pid
            .and_then(|p| p.parse::<u32>().ok())
            .is_some_and(|p| !crate::platform::process::is_running(p));
        let old = entry
            .metadata()
            .and_then(|m| m.modified())
            .is_ok_and(|t| t.elapsed().is_ok_and(|age| age > STALE_AFTER));
        if dead && old {
            let _ = fs::remove_file(entry.path());
        }
    }
}

fn fill(mut file: File, tmp: &Path, like: &Snapshot, bytes: &[u8]) -> Result<()> {
    keep_owner(&file, tmp, like)?;
    // Errors name the file being written, not the temp file they are removed with.
    let target = &like.path;
    crate::access::clear_inherited(&file).map_err(|e| Error::from_io(&e, target))?;
    owner::set_mode(&file, like.mode).map_err(|e| Error::from_io(&e, target))?;
    // After the mode: setting the mode would change an ACL's mask.
    crate::access::give(&file, tmp, &like.access).map_err(|(name, _)| Error::AccessNotKept {
        path: target.clone(),
        attribute: name.to_string_lossy().into_owned(),
    })?;
    file.write_all(bytes).map_err(|e| Error::from_io(&e, target))?;
    file.sync_all().map_err(|e| Error::from_io(&e, target))
}

fn keep_owner(file: &File, tmp: &Path, like: &Snapshot) -> Result<()> {
    let meta = file.metadata().map_err(|e| Error::from_io(&e, tmp))?;
    if owner::uid(&meta) == like.uid && owner::gid(&meta) == like.gid {
        return Ok(());
    }
    // Bitwarden's containers run as the file's owner; a root-owned env file would break them.
    owner::chown(file, like.uid, like.gid).map_err(|_| Error::OwnerNotKept {
        path: like.path.clone(),
        owner: crate::owner::owner_name(&like.path),
    })
}

/// Replaces `snapshot.path` with `bytes` if, and only if, the file still holds exactly what the
/// snapshot read (compare-and-swap), so an edit made meanwhile by someone else is never lost.
/// The new file has `like`'s mode, owner and access.
pub fn replace(snapshot: &Snapshot, like: &Snapshot, bytes: &[u8]) -> Result<()> {
    let path = &snapshot.path;
    let like = Snapshot {
        path: path.clone(),
        ..like.clone()
    };
    let tmp = write_sibling(path, &like, bytes, "famsync")?;
    let outcome = ensure_unchanged(snapshot).and_then(|()| swap_in(snapshot, &tmp));
    // After a swap the temp name holds the old file (it was the backup's source): gone too.
    let _ = fs::remove_file(&tmp);
    outcome
}

/// Creates `like.path` with `bytes` (and `like`'s mode and owner) where there is no file, in
/// one step and only if there is still none: a hard link never replaces anything, so a file
/// that another program put there meanwhile is kept and the write refused.
pub fn create(like: &Snapshot, bytes: &[u8]) -> Result<()> {
    let path = &like.path;
    let tmp = write_sibling(path, like, bytes, "famsync")?;
    let linked = fs::hard_link(&tmp, path);
    let _ = fs::remove_file(&tmp);
    match linked {
        Ok(()) => sync_dir(path),
        Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => Err(changed(like)),
        Err(e) => Err(Error::from_io(&e, path)),
    }
}

fn ensure_unchanged(snapshot: &Snapshot) -> Result<()> {
    if holds(&snapshot.path, &snapshot.bytes)? {
        Ok(())
    } else {
        Err(changed(snapshot))
    }
}

/// Whether `path` is a regular file holding exactly `bytes`. Whatever else is there (another
/// content, a link, a FIFO planted meanwhile) is "no", and is never opened in a way that blocks.
fn holds(path: &Path, bytes: &[u8]) -> Result<bool> {
    use crate::files::{read_regular, Links, ReadError};
    match read_regular(path, bytes.len() as u64, Links::Refuse) {
        Ok(now) => Ok(now.bytes == bytes),
        Err(ReadError::Io(e)) if e.kind() != std::io::ErrorKind::NotFound => Err(Error::from_io(&e, path)),
        Err(_) => Ok(false),
    }
}

fn changed(snapshot: &Snapshot) -> Error {
    changed_at(&snapshot.path)
}

fn changed_at(path: &Path) -> Error {
    Error::EnvFileChanged { path: path.into() }
}

/// Swaps the new file into place in one step (renameat2 RENAME_EXCHANGE) and then reads the
/// file that came out. A check followed by a rename leaves a moment in which another program's
/// write lands and is then replaced; the exchange leaves none: what came out is exactly what
/// was in place, and when it is not what famsync read, it goes back and the write is refused.
/// Where there is no exchange (some filesystems, and Windows: see `platform::replace`), the
/// check just made, then a replace.
fn swap_in(snapshot: &Snapshot, tmp: &Path) -> Result<()> {
    let path = &snapshot.path;
    let ours = identity(tmp)?;
    match exchange(tmp, path) {
        Ok(()) => {}
        Err(NotExchanged::Unsupported) => return rename_durably(tmp, path),
        Err(NotExchanged::Failed(e)) => return Err(Error::from_io(&e, path)),
    }
    if holds(tmp, &snapshot.bytes)? {
        return sync_dir(path);
    }
    put_back(tmp, path, ours)?;
    Err(changed(snapshot))
}

/// Undoes the swap. Should yet another program have replaced famsync's file in the meantime,
/// its newer file is what came out: it is swapped in once more, and the older one leaves.
fn put_back(tmp: &Path, path: &Path, ours: (u64, u64)) -> Result<()> {
    let swap = || {
        exchange(tmp, path).map_err(|e| match e {
            NotExchanged::Failed(e) => Error::from_io(&e, path),
            // It exchanged a moment ago.
            NotExchanged::Unsupported => changed_at(path),
        })
    };
    swap()?;
    if identity(tmp)? != ours {
        swap()?;
    }
    sync_dir(path)
}

/// Renames `from` to `to` only if nothing is at `to` (AlreadyExists otherwise), in one step.
pub use crate::platform::replace::rename_noreplace;

use crate::platform::replace::exchange;

/// Which file a name holds now.
fn identity(path: &Path) -> Result<(u64, u64)> {
    fileid::of(path, Links::Refuse).map_err(|e| Error::from_io(&e, path))
}

/// rename(2) (MoveFileExW on Windows) then fsync of the folder, so the new name survives a
/// power cut.
fn rename_durably(from: &Path, to: &Path) -> Result<()> {
    crate::platform::replace::replace(from, to).map_err(|e| Error::from_io(&e, to))?;
    sync_dir(to)
}

fn sync_dir(path: &Path) -> Result<()> {
    let dir = parent(path);
    crate::platform::replace::sync_dir(dir).map_err(|e| Error::from_io(&e, dir))
}

fn parent(path: &Path) -> &Path {
    match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    }
}
