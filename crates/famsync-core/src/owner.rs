//! Who owns a file and who we run as, by name, for permission messages and for keeping a
//! file's owner when it is replaced.

use crate::platform::owner as os;
use std::path::Path;

/// The user name owning `path`, or its nearest existing ancestor when `path` itself is missing.
pub fn owner_name(path: &Path) -> Option<String> {
    let meta = path.ancestors().find_map(|p| std::fs::symlink_metadata(p).ok())?;
    Some(user_name(os::uid(&meta)))
}

pub fn current_user_name() -> Option<String> {
    Some(user_name(os::effective_uid()))
}

/// A name for `uid`; falls back to "uid N" for users missing from the passwd database
/// (common in containers, where bwdata belongs to a uid with no name).
pub(crate) fn user_name(uid: u32) -> String {
    os::user_name(uid).unwrap_or_else(|| format!("uid {uid}"))
}
