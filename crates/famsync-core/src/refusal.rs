//! Why the OS refused access to someone who owns the file (or to root): told apart so that
//! the owner is never told "run as the owner". An immutable flag (chattr +i) refuses even
//! root; a folder or file without its owner's write bit refuses the owner.

use crate::error::Error;
use crate::platform::flags::locked;
use crate::platform::owner as os;
use std::path::Path;

/// The precise cause when we own `path` (or are root) and access was refused anyway.
pub fn for_owner(path: &Path) -> Option<Error> {
    let meta = std::fs::symlink_metadata(path).ok()?;
    let me = os::effective_uid();
    if me != 0 && me != os::uid(&meta) {
        return None;
    }
    let folder = crate::files::folder_of(path);
    if [path, folder].iter().any(|p| locked(p)) {
        let locked = if locked(path) { path } else { folder };
        return Some(Error::Immutable { path: locked.into() });
    }
    if me == 0 {
        return None;
    }
    let bits = |m: &std::fs::Metadata| os::mode(m) & 0o7777;
    let mode = |m: &std::fs::Metadata| format!("{:o}", bits(m));
    if meta.is_dir() && bits(&meta) & 0o200 == 0 {
        return Some(Error::FolderNotWritable {
            folder: path.into(),
            mode: mode(&meta),
        });
    }
    // Read first: a file of mode 000 is refused to its owner for reading before writing.
    if meta.is_file() && bits(&meta) & 0o400 == 0 {
        return Some(Error::FileNotReadable {
            path: path.into(),
            mode: mode(&meta),
        });
    }
    if meta.is_file() && bits(&meta) & 0o200 == 0 {
        return Some(Error::FileNotWritable {
            path: path.into(),
            mode: mode(&meta),
        });
    }
    let parent = std::fs::metadata(folder).ok()?;
    (os::uid(&parent) == me && bits(&parent) & 0o200 == 0).then(|| Error::FolderNotWritable {
        folder: folder.into(),
        mode: mode(&parent),
    })
}
