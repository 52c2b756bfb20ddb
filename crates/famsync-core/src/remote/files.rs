//! The installation's files on the server, read through helper.sh: finding the installation,
//! reading a file with its mode and owner, listing a folder. Each is one round trip over the
//! session's connection; writes.rs changes them.

use super::Session;
use crate::envfile::{read::check_content, Snapshot, MAX_ENV_BYTES};
use crate::error::{Error, Result};
use crate::install::Found;
use base64::Engine as _;
use std::ffi::OsStr;
use std::path::{Path, PathBuf};

/// The helper's answer, a line at a time.
pub(super) struct Answer<'a> {
    lines: std::str::Lines<'a>,
    session: &'a Session,
}

impl<'a> Answer<'a> {
    pub(super) fn new(session: &'a Session, text: &'a str) -> Answer<'a> {
        Answer {
            lines: text.lines(),
            session,
        }
    }

    pub(super) fn next(&mut self) -> Result<&'a str> {
        self.lines.next().ok_or_else(|| self.session.not_understood())
    }

    /// The base64 lines between "data" and "end".
    fn data(&mut self) -> Result<Vec<u8>> {
        if self.next()? != "data" {
            return Err(self.session.not_understood());
        }
        let mut text = String::new();
        loop {
            match self.next()? {
                "end" => break,
                line => text.push_str(line.trim()),
            }
        }
        base64::engine::general_purpose::STANDARD
            .decode(text)
            .map_err(|_| self.session.not_understood())
    }
}

/// `word rest`, where rest may hold spaces (a path comes last).
pub(super) fn split(line: &str) -> (&str, &str) {
    line.split_once(' ').unwrap_or((line, ""))
}

/// The bytes of a path or name as answers carry it (base64: see helper.sh's `b64`).
fn decoded(session: &Session, field: &str) -> Result<Vec<u8>> {
    base64::engine::general_purpose::STANDARD
        .decode(field)
        .map_err(|_| session.not_understood())
}

/// A path from an answer, whatever bytes it holds.
pub(super) fn path_in(session: &Session, field: &str) -> Result<PathBuf> {
    Ok(crate::platform::paths::from_bytes(decoded(session, field)?))
}

/// A file name from an answer that famsync made or chose (a backup's): never one with a
/// control character or that is not UTF-8, which is none of famsync's (None).
pub(super) fn name_in(session: &Session, field: &str) -> Result<Option<String>> {
    let name = String::from_utf8(decoded(session, field)?).ok();
    Ok(name.filter(|n| !n.chars().any(char::is_control)))
}

/// The first of `candidates` (`~/` is the login user's home) that is, or holds, a bwdata
/// folder. With one candidate its own problem is reported; with several, as discovery does.
pub(crate) fn locate(session: &Session, candidates: &[PathBuf]) -> Result<Found> {
    let args: Vec<&OsStr> = candidates.iter().map(|c| c.as_os_str()).collect();
    let text = session.helper("locate", &args, &mut std::io::empty())?;
    let mut found = Found::default();
    let mut denied = None;
    let mut skipped = None;
    let mut answer = Answer::new(session, &text);
    while let Some(line) = answer.lines.next() {
        match split(line) {
            ("bwdata", p) => found.bwdata = path_in(session, p)?,
            ("lite", p) => {
                found.bwdata = path_in(session, p)?;
                found.kind = Some(crate::kind::Kind::Lite);
            }
            ("script", p) => found.script = Some(path_in(session, p)?),
            ("config", _) => found.config = config_text(&mut answer, &found.bwdata)?,
            ("skip", why) => {
                let error = skip_reason(session, why)?;
                if matches!(
                    error,
                    Error::PermissionDenied { .. } | Error::EnvFolderLink { .. }
                ) {
                    denied = denied.or(Some(error.clone()));
                }
                skipped = Some(error);
            }
            ("none", _) => break,
            _ => return Err(session.not_understood()),
        }
    }
    if !found.bwdata.as_os_str().is_empty() {
        return Ok(found);
    }
    Err(match (candidates.len(), denied, skipped) {
        (_, Some(d), _) => d,
        (1, None, Some(e)) => e,
        _ => Error::NoInstallationFound {
            searched: candidates.iter().map(PathBuf::from).collect(),
        },
    })
}

/// config.yml's text from the read answer that follows "config", or why it is no file
/// famsync reads (a FIFO, too large): listed as a problem, and the URL comes from elsewhere.
fn config_text(answer: &mut Answer, bwdata: &Path) -> Result<Option<Result<String>>> {
    let path = bwdata.join("config.yml");
    match read_answer(answer, &path, crate::install::CONFIG_LIMIT) {
        Ok(s) => Ok(Some(Ok(String::from_utf8_lossy(&s.bytes).into_owned()))),
        Err(e @ (Error::SshConnectionLost { .. } | Error::RemoteHelperFailed { .. })) => Err(e),
        Err(Error::EnvFileNotRegular { path } | Error::EnvFileSymlink { path, .. }) => {
            Ok(Some(Err(Error::NotARegularFile { path })))
        }
        Err(Error::EnvFileTooLarge { path, size, limit }) => {
            Ok(Some(Err(Error::FileTooLarge { path, size, limit })))
        }
        Err(e) => Ok(Some(Err(e))),
    }
}

fn skip_reason(session: &Session, why: &str) -> Result<Error> {
    // The path comes last, and base64 holds no space.
    let (reason, p) = why.rsplit_once(' ').unwrap_or((why, ""));
    let path = path_in(session, p)?;
    Ok(match split(reason) {
        ("missing", _) => Error::PathMissing { path },
        ("denied", owner) => session.denied(&path, owner),
        ("env_link", target) => Error::EnvFolderLink {
            path,
            target: path_in(session, target)?,
        },
        _ => Error::NotABwdata { path },
    })
}

/// The regular file `path` on the server, at most `limit` bytes, refused as
/// envfile::read::read_limited refuses a local one; its content is not checked here.
pub(crate) fn read(session: &Session, path: &Path, limit: u64) -> Result<Snapshot> {
    let max = limit.to_string();
    let text = session.helper("read", &[path.as_os_str(), max.as_ref()], &mut std::io::empty())?;
    read_answer(&mut Answer::new(session, &text), path, limit)
}

fn read_answer(answer: &mut Answer, path: &Path, limit: u64) -> Result<Snapshot> {
    let line = answer.next()?;
    let (word, rest) = split(line);
    let missing = || Error::EnvFileMissing { path: path.into() };
    match word {
        "file" => {
            let nums: Vec<u64> = rest.split(' ').filter_map(|n| n.parse().ok()).collect();
            let [mode, uid, gid, links, modified] = nums[..] else {
                return Err(answer.session.not_understood());
            };
            let (Ok(uid), Ok(gid)) = (u32::try_from(uid), u32::try_from(gid)) else {
                return Err(answer.session.not_understood());
            };
            let bytes = answer.data()?;
            Ok(Snapshot {
                path: path.into(),
                bytes,
                // `stat %a` prints the mode in octal digits.
                mode: u32::from_str_radix(&mode.to_string(), 8).unwrap_or(0o600),
                uid,
                gid,
                links,
                access: Vec::new(),
                modified: Some(modified),
            })
        }
        "symlink" => Err(Error::EnvFileSymlink {
            path: path.into(),
            target: path_in(answer.session, rest)?,
        }),
        "missing" => Err(missing()),
        "denied" => Err(answer.session.denied(path, rest)),
        "not_regular" => Err(Error::EnvFileNotRegular { path: path.into() }),
        "too_large" => Err(Error::EnvFileTooLarge {
            path: path.into(),
            size: rest.parse().unwrap_or(0),
            limit,
        }),
        _ => Err(answer.session.not_understood()),
    }
}

/// The last `max` bytes of the log `path` on the server (all of it when smaller), None when
/// there is none; a FIFO or a device in its place is refused, as on this computer.
pub(crate) fn tail(session: &Session, path: &Path, max: u64) -> Result<Option<Vec<u8>>> {
    let max = max.to_string();
    let text = session.helper("tail", &[path.as_os_str(), max.as_ref()], &mut std::io::empty())?;
    let mut answer = Answer::new(session, &text);
    match split(answer.next()?) {
        ("tail", _) => answer.data().map(Some),
        ("missing", _) => Ok(None),
        ("denied", owner) => Err(session.denied(path, owner)),
        ("not_regular", _) => Err(Error::NotARegularFile { path: path.into() }),
        _ => Err(session.not_understood()),
    }
}

/// A folder's entries, or why it could not be listed.
pub(crate) enum Listing<T> {
    Missing,
    Entries(Vec<T>),
}

/// Every `dir/*suffix` with its content (or why it could not be read), sorted by name.
pub(crate) fn files(
    session: &Session,
    dir: &Path,
    suffix: &str,
) -> Result<Listing<(PathBuf, Result<Snapshot>)>> {
    let max = MAX_ENV_BYTES.to_string();
    let text = session.helper(
        "files",
        &[dir.as_os_str(), suffix.as_ref(), max.as_ref()],
        &mut std::io::empty(),
    )?;
    let mut answer = Answer::new(session, &text);
    if !listing_follows(session, answer.next()?, dir)? {
        return Ok(Listing::Missing);
    }
    let mut out = Vec::new();
    while let Some(line) = answer.lines.next() {
        let ("entry", name) = split(line) else {
            return Err(session.not_understood());
        };
        let path = dir.join(path_in(session, name)?);
        let read = read_answer(&mut answer, &path, MAX_ENV_BYTES)
            .and_then(|s| check_content(&path, &s.bytes).map(|()| s));
        let content = match read {
            Err(e @ (Error::SshConnectionLost { .. } | Error::RemoteHelperFailed { .. })) => return Err(e),
            r => r,
        };
        out.push((path, content));
    }
    out.sort_by(|a, b| a.0.cmp(&b.0));
    Ok(Listing::Entries(out))
}

/// A listing's first line: true when entries follow, false when the folder does not exist.
fn listing_follows(session: &Session, first: &str, dir: &Path) -> Result<bool> {
    match split(first) {
        ("listing", _) => Ok(true),
        ("missing", _) => Ok(false),
        ("denied", owner) => Err(session.denied(dir, owner)),
        _ => Err(session.not_understood()),
    }
}

/// Whether this user may run `script` on the server: a script with no execute bit at all is
/// `ScriptNotExecutable`, one whose bit is for someone else is `PermissionDenied`.
pub(crate) fn runnable(session: &Session, script: &Path) -> Result<()> {
    let answer = session.helper("runnable", &[script.as_os_str()], &mut std::io::empty())?;
    match split(answer.trim()) {
        ("yes", _) => Ok(()),
        ("no", _) => Err(Error::ScriptNotExecutable {
            script: script.into(),
        }),
        ("denied", owner) => Err(session.denied(script, owner)),
        _ => Err(session.not_understood()),
    }
}

/// Name and size of every `dir/prefix*` file.
pub(crate) fn sizes(session: &Session, dir: &Path, prefix: &str) -> Result<Vec<(String, u64)>> {
    let text = session.helper(
        "sizes",
        &[dir.as_os_str(), prefix.as_ref()],
        &mut std::io::empty(),
    )?;
    let mut lines = text.lines();
    if !listing_follows(session, lines.next().unwrap_or(""), dir)? {
        return Ok(Vec::new());
    }
    let mut out = Vec::new();
    for line in lines {
        let ("entry", rest) = split(line) else {
            return Err(session.not_understood());
        };
        let (size, name) = split(rest);
        // A name no backup of famsync's has is no backup, as on famsync's own machine.
        if let Some(name) = name_in(session, name)? {
            out.push((name, size.parse().unwrap_or(0)));
        }
    }
    Ok(out)
}
