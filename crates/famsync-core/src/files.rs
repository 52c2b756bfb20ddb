//! Files famsync reads but does not own (the env file, config.yml, licenses, logs, its own
//! records) and files it writes on request (a report). Any of them may be a FIFO, a device, a
//! symbolic link to `/dev/zero`, a folder or huge: every read here opens without blocking,
//! takes only a regular file, and stops at a limit; every write here makes a new private file
//! in one step and never replaces one the owner did not ask to replace.

use std::fs::{self, File, Metadata};
use std::io::{self, Read, Write};
use std::path::Path;

/// Whether a symbolic link at the path itself is followed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Links {
    /// Refused (`ReadError::Symlink`): for files famsync may replace, where a link would be
    /// turned into a file, or where following it would edit something outside the installation.
    Refuse,
    Follow,
}

/// Why a file was not read.
#[derive(Debug)]
pub enum ReadError {
    Io(io::Error),
    /// The path is a symbolic link and `Links::Refuse` was asked for.
    Symlink,
    /// A folder, FIFO, socket or device (also at the end of a followed link).
    NotRegular,
    /// More than the limit; `size` is what the file holds (at least limit + 1).
    TooLarge {
        size: u64,
    },
}

impl ReadError {
    /// The engine's error for a file of the installation that could not be read as one.
    pub fn into_error(self, path: &Path, limit: u64) -> crate::Error {
        use crate::Error;
        match self {
            ReadError::Io(e) => Error::from_io(&e, path),
            ReadError::Symlink | ReadError::NotRegular => Error::NotARegularFile { path: path.into() },
            ReadError::TooLarge { size } => Error::FileTooLarge {
                path: path.into(),
                size,
                limit,
            },
        }
    }
}

/// A regular file's bytes (at most the limit) and its metadata, taken from the open file.
#[derive(Debug)]
pub struct Regular {
    pub bytes: Vec<u8>,
    pub meta: Metadata,
}

/// Reads the regular file at `path`, at most `limit` bytes. Opening never blocks (O_NONBLOCK:
/// a FIFO opens at once and is then refused), and what is refused is decided on the open file,
/// so a file swapped for a FIFO or a link between a look and the open is refused too.
pub fn read_regular(path: &Path, limit: u64, links: Links) -> Result<Regular, ReadError> {
    let (file, meta) = open_regular(path, links)?;
    if meta.len() > limit {
        return Err(ReadError::TooLarge { size: meta.len() });
    }
    let mut bytes = Vec::with_capacity(meta.len() as usize);
    file.take(limit + 1)
        .read_to_end(&mut bytes)
        .map_err(ReadError::Io)?;
    if bytes.len() as u64 > limit {
        // It grew between the look and the read.
        return Err(ReadError::TooLarge {
            size: bytes.len() as u64,
        });
    }
    Ok(Regular { bytes, meta })
}

/// The last `max` bytes of the regular file at `path` (links followed), without blocking:
/// for logs, which may be huge, where only the end matters.
pub fn read_tail(path: &Path, max: u64) -> Result<Vec<u8>, ReadError> {
    use std::io::{Seek, SeekFrom};
    let (mut file, meta) = open_regular(path, Links::Follow)?;
    file.seek(SeekFrom::Start(meta.len().saturating_sub(max)))
        .map_err(ReadError::Io)?;
    let mut bytes = Vec::new();
    file.take(max).read_to_end(&mut bytes).map_err(ReadError::Io)?;
    Ok(bytes)
}

/// Opens a regular file for reading, or says why not. A look first, so that a device is
/// never even opened (some act on open); then the decision again on the open file.
fn open_regular(path: &Path, links: Links) -> Result<(File, Metadata), ReadError> {
    let seen = match links {
        Links::Refuse => fs::symlink_metadata(path),
        Links::Follow => fs::metadata(path),
    }
    .map_err(ReadError::Io)?;
    if seen.file_type().is_symlink() {
        return Err(ReadError::Symlink);
    }
    if !seen.is_file() {
        return Err(ReadError::NotRegular);
    }
    let file = open_nonblocking(path, links)?;
    let meta = file.metadata().map_err(ReadError::Io)?;
    if !meta.is_file() {
        return Err(ReadError::NotRegular);
    }
    Ok((file, meta))
}

fn open_nonblocking(path: &Path, links: Links) -> Result<File, ReadError> {
    use crate::platform::open::{is_refused_link, open_for_reading};
    open_for_reading(path, links == Links::Follow).map_err(|e| match is_refused_link(&e) {
        // A link that appeared after the look, not followed.
        true => ReadError::Symlink,
        false => ReadError::Io(e),
    })
}

/// The bytes of a small file the installation keeps (config.yml, a license, a record), links
/// followed: a link to a regular file is how some owners keep such files elsewhere.
pub fn read_small(path: &Path, limit: u64) -> Result<Vec<u8>, ReadError> {
    read_regular(path, limit, Links::Follow).map(|r| r.bytes)
}

/// Whether an existing file at the target may be replaced.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Existing {
    Refuse,
    Replace,
}

/// Why a new file was not written.
#[derive(Debug)]
pub enum WriteError {
    Io(io::Error),
    /// Something is already at the path and `Existing::Refuse` was asked for.
    Exists,
    /// Something that is not a regular file is at the path (a folder, a FIFO, a device, a
    /// symbolic link): it is never replaced, even when asked.
    NotRegular,
}

/// Writes `bytes` to `path` as a new file, readable by its owner only (0600, whatever was
/// there before), in one step: a temp file with an unpredictable name in the same folder,
/// created new (nothing planted there can be used), synced, then renamed into place (without
/// replacing anything unless `Existing::Replace`), and the folder synced. A crash leaves the
/// old file or the new one, never part of one.
pub fn write_new_private(path: &Path, bytes: &[u8], existing: Existing) -> Result<(), WriteError> {
    match fs::symlink_metadata(path) {
        Ok(m) if !m.is_file() => return Err(WriteError::NotRegular),
        Ok(_) if existing == Existing::Refuse => return Err(WriteError::Exists),
        Ok(_) => {}
        Err(e) if e.kind() == io::ErrorKind::NotFound => {}
        Err(e) => return Err(WriteError::Io(e)),
    }
    let dir = folder_of(path);
    // tempfile creates with O_EXCL and mode 0600, under a random name.
    let mut tmp = tempfile::Builder::new()
        .prefix(".famsync-")
        .suffix(".tmp")
        .tempfile_in(dir)
        .map_err(WriteError::Io)?;
    tmp.write_all(bytes).map_err(WriteError::Io)?;
    tmp.as_file().sync_all().map_err(WriteError::Io)?;
    match existing {
        Existing::Refuse => tmp.persist_noclobber(path).map_err(|e| match e.error.kind() {
            io::ErrorKind::AlreadyExists => WriteError::Exists,
            _ => WriteError::Io(e.error),
        })?,
        Existing::Replace => tmp.persist(path).map_err(|e| WriteError::Io(e.error))?,
    };
    crate::platform::replace::sync_dir(dir).map_err(WriteError::Io)
}

/// The folder holding `path` ("." for a bare name).
pub fn folder_of(path: &Path) -> &Path {
    match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    }
}

/// Refuses a folder famsync would write in (the env file's) that is a symbolic link: whoever
/// may write the folder above could point it at another account's files. One that is missing
/// or cannot be looked at is for the write itself to report.
pub fn ensure_real_folder(dir: &Path) -> crate::Result<()> {
    match std::fs::symlink_metadata(dir) {
        Ok(m) if m.file_type().is_symlink() => Err(crate::Error::EnvFolderLink {
            path: dir.into(),
            target: std::fs::read_link(dir).unwrap_or_default(),
        }),
        _ => Ok(()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[cfg(unix)] // Windows has no FIFOs in the file system (tests/not-on-windows.txt)
    #[test]
    fn a_fifo_is_refused_without_blocking() {
        let dir = tempfile::tempdir().unwrap();
        let fifo = dir.path().join("f");
        nix::unistd::mkfifo(&fifo, nix::sys::stat::Mode::S_IRWXU).unwrap();
        assert!(matches!(
            read_regular(&fifo, 10, Links::Follow),
            Err(ReadError::NotRegular)
        ));
    }

    #[cfg(unix)] // no /dev/zero on Windows (tests/not-on-windows.txt)
    #[test]
    fn a_link_to_dev_zero_is_refused_and_a_link_is_refused_when_asked() {
        let dir = tempfile::tempdir().unwrap();
        let link = dir.path().join("zero");
        std::os::unix::fs::symlink("/dev/zero", &link).unwrap();
        assert!(matches!(
            read_regular(&link, 10, Links::Follow),
            Err(ReadError::NotRegular)
        ));
        assert!(matches!(
            read_regular(&link, 10, Links::Refuse),
            Err(ReadError::Symlink)
        ));
    }

    #[test]
    fn a_file_over_the_limit_is_refused_with_its_size() {
        let dir = tempfile::tempdir().unwrap();
        let f = dir.path().join("big");
        fs::write(&f, [b'x'; 11]).unwrap();
        assert!(matches!(
            read_regular(&f, 10, Links::Refuse),
            Err(ReadError::TooLarge { size: 11 })
        ));
        assert_eq!(read_regular(&f, 11, Links::Refuse).unwrap().bytes.len(), 11);
    }

    #[test]
    fn a_new_file_is_private_and_an_existing_one_is_kept_unless_replacing() {
        let dir = tempfile::tempdir().unwrap();
        let f = dir.path().join("out");
        fs::write(&f, "precious").unwrap();
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            fs::set_permissions(&f, fs::Permissions::from_mode(0o644)).unwrap();
        }
        assert!(matches!(
            write_new_private(&f, b"new", Existing::Refuse),
            Err(WriteError::Exists)
        ));
        assert_eq!(fs::read(&f).unwrap(), b"precious");
        write_new_private(&f, b"new", Existing::Replace).unwrap();
        assert_eq!(fs::read(&f).unwrap(), b"new");
        #[cfg(unix)] // Windows keeps the folder's inherited ACL: no mode to check
        {
            use std::os::unix::fs::PermissionsExt;
            assert_eq!(fs::metadata(&f).unwrap().permissions().mode() & 0o777, 0o600);
        }
        let leftovers = fs::read_dir(dir.path()).unwrap().count();
        assert_eq!(leftovers, 1, "no temp file is left behind");
    }

    #[test]
    fn a_folder_at_the_target_is_never_replaced() {
        let dir = tempfile::tempdir().unwrap();
        assert!(matches!(
            write_new_private(dir.path(), b"x", Existing::Replace),
            Err(WriteError::NotRegular)
        ));
    }
}
