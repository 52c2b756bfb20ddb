//! Who owns a file and who we run as, by name, for permission messages and for keeping a
//! file's owner when it is replaced.

use nix::unistd::{Uid, User};
use std::os::unix::fs::MetadataExt;
use std::path::Path;

/// The user name owning `path`, or its nearest existing ancestor when `path` itself is missing.
pub fn owner_name(path: &Path) -> Option<String> {
    let meta = path.ancestors().find_map(|p| std::fs::symlink_metadata(p).ok())?;
    Some(user_name(meta.uid()))
}

pub fn current_user_name() -> Option<String> {
    Some(user_name(nix::unistd::geteuid().as_raw()))
}

/// A name for `uid`; falls back to "uid N" for users missing from the passwd database
/// (common in containers, where bwdata belongs to a uid with no name).
fn user_name(uid: u32) -> String {
    match User::from_uid(Uid::from_raw(uid)) {
        Ok(Some(user)) => user.name,
        _ => format!("uid {uid}"),
    }
}
