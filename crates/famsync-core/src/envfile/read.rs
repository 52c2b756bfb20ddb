//! Reading the env file with every check a careful admin would want before famsync trusts it.

use crate::error::{Error, Result};
use crate::platform::owner;
use sha2::{Digest, Sha256};
use std::fs;
use std::path::{Path, PathBuf};

/// A real global.override.env is a few KiB; anything past this is not one.
pub const MAX_ENV_BYTES: u64 = 1024 * 1024;

/// The file as it was read: its bytes (for compare-and-swap) and its mode and owner (so the
/// replacement keeps them).
#[derive(Debug, Clone)]
pub struct Snapshot {
    pub path: PathBuf,
    pub bytes: Vec<u8>,
    pub mode: u32,
    pub uid: u32,
    pub gid: u32,
    /// How many names the file has (more than one: a hard link, which a replace splits).
    pub links: u64,
    /// Its ACL and security labels (crate::access), for the file that replaces it. Empty for
    /// a file on a server, where the helper keeps them.
    pub access: Vec<crate::access::Attribute>,
    /// When it was last written (unix seconds), where that could be read.
    pub modified: Option<u64>,
}

impl Snapshot {
    /// The text; `read` has already proved the bytes are UTF-8.
    pub fn text(&self) -> &str {
        std::str::from_utf8(&self.bytes).unwrap_or_default()
    }

    pub fn revision(&self) -> String {
        revision(&self.bytes)
    }
}

/// A short content hash that a preview hands out and an apply must present again.
pub fn revision(bytes: &[u8]) -> String {
    let mut hex = sha256_hex(bytes);
    hex.truncate(24);
    hex
}

/// SHA-256 of `bytes` in lowercase hex, as `sha256sum` prints it.
pub fn sha256_hex(bytes: &[u8]) -> String {
    Sha256::digest(bytes).iter().map(|b| format!("{b:02x}")).collect()
}

pub fn read(path: &Path) -> Result<Snapshot> {
    let snapshot = read_limited(path, MAX_ENV_BYTES)?;
    check_content(path, &snapshot.bytes)?;
    Ok(snapshot)
}

/// The file's bytes whatever they hold (empty, junk, binary): what a restore keeps aside
/// before it puts a backup back. Still only a regular file, never through a link, and at most
/// [`MAX_LOOSE_BYTES`].
pub fn read_loose(path: &Path) -> Result<Snapshot> {
    read_limited(path, MAX_LOOSE_BYTES)
}

/// A file this large is kept aside by a restore, not read as an env file.
pub const MAX_LOOSE_BYTES: u64 = 64 * MAX_ENV_BYTES;

/// The regular file at `path`, at most `limit` bytes, its content unchecked.
pub(crate) fn read_limited(path: &Path, limit: u64) -> Result<Snapshot> {
    use crate::files::{read_regular, Links, ReadError};
    let file = read_regular(path, limit, Links::Refuse).map_err(|e| match e {
        ReadError::Io(e) if e.kind() == std::io::ErrorKind::NotFound => {
            Error::EnvFileMissing { path: path.into() }
        }
        ReadError::Io(e) => Error::from_io(&e, path),
        // Replacing by rename would turn the link into a file, and following it would edit
        // something outside the installation: refuse both.
        ReadError::Symlink => Error::EnvFileSymlink {
            path: path.into(),
            target: fs::read_link(path).unwrap_or_default(),
        },
        ReadError::NotRegular => Error::EnvFileNotRegular { path: path.into() },
        ReadError::TooLarge { size } => Error::EnvFileTooLarge {
            path: path.into(),
            size,
            limit,
        },
    })?;
    let access = crate::access::of(path).map_err(|e| Error::from_io(&e, path))?;
    Ok(Snapshot {
        path: path.into(),
        mode: owner::mode(&file.meta) & 0o7777,
        uid: owner::uid(&file.meta),
        gid: owner::gid(&file.meta),
        links: owner::links(&file.meta),
        access,
        modified: modified_secs(&file.meta),
        bytes: file.bytes,
    })
}

/// Seconds since the epoch; None before it (as a negative st_mtime).
fn modified_secs(meta: &fs::Metadata) -> Option<u64> {
    let since = meta.modified().ok()?.duration_since(std::time::UNIX_EPOCH).ok()?;
    Some(since.as_secs())
}

pub(crate) fn check_content(path: &Path, bytes: &[u8]) -> Result<()> {
    if bytes.len() as u64 > MAX_ENV_BYTES {
        // It grew between stat and read.
        return Err(Error::EnvFileTooLarge {
            path: path.into(),
            size: bytes.len() as u64,
            limit: MAX_ENV_BYTES,
        });
    }
    if let Some(offset) = bytes.iter().position(|&b| b == 0) {
        return Err(Error::EnvFileBinary {
            path: path.into(),
            offset,
        });
    }
    if let Err(e) = std::str::from_utf8(bytes) {
        let line = 1 + bytes[..e.valid_up_to()].iter().filter(|&&b| b == b'\n').count();
        return Err(Error::EnvFileNotUtf8 {
            path: path.into(),
            line,
        });
    }
    let blank = bytes.iter().all(|b| b.is_ascii_whitespace()) || bytes == "\u{feff}".as_bytes();
    if blank {
        return Err(Error::EnvFileEmpty { path: path.into() });
    }
    Ok(())
}
