//! Owners, modes and accounts: Unix's model of who may do what to a file.
//!
//! Windows has none of it (no uid, gid or mode bits; access is an ACL). Its side answers in
//! the Unix model with the neutral answer: every file reads as owned by the user famsync runs
//! as ([`ME`], never root), with mode 0600 (0700 for a folder), 0400 (0500) when it carries
//! the read-only attribute, as std's `permissions()` reads it. So the owner and "writable by
//! others" checks pass there, famsync is never root, and nothing is chowned or chmodded: the
//! file that replaces the env file gets the old one's DACL instead (`platform::attrs`).

use std::fs::{File, Metadata};
use std::io;
use std::path::{Path, PathBuf};

pub use imp::*;

/// A user's account as the system knows it: for running bitwarden.sh as its owner.
#[derive(Debug, Clone)]
pub struct UserAccount {
    pub name: String,
    pub gid: u32,
    pub groups: Vec<u32>,
    pub home: PathBuf,
}

#[cfg(unix)]
mod imp {
    use super::*;
    use nix::unistd::{Uid, User};
    use std::ffi::CString;
    use std::fs::OpenOptions;
    use std::os::unix::fs::{DirBuilderExt, MetadataExt, OpenOptionsExt, PermissionsExt};

    pub fn uid(meta: &Metadata) -> u32 {
        meta.uid()
    }

    pub fn gid(meta: &Metadata) -> u32 {
        meta.gid()
    }

    /// The whole st_mode (type and permission bits).
    pub fn mode(meta: &Metadata) -> u32 {
        meta.permissions().mode()
    }

    pub fn links(meta: &Metadata) -> u64 {
        meta.nlink()
    }

    pub fn effective_uid() -> u32 {
        nix::unistd::geteuid().as_raw()
    }

    pub fn is_root() -> bool {
        nix::unistd::geteuid().is_root()
    }

    /// The name of `uid` in the passwd database (None for a uid with no account, common in
    /// containers, where bwdata belongs to a uid with no name).
    pub fn user_name(uid: u32) -> Option<String> {
        match User::from_uid(Uid::from_raw(uid)) {
            Ok(Some(user)) => Some(user.name),
            _ => None,
        }
    }

    /// The account of `uid` with its groups (docker, for one: run.sh needs it) and home.
    pub fn account(uid: u32) -> Option<UserAccount> {
        let Ok(Some(user)) = User::from_uid(Uid::from_raw(uid)) else {
            return None;
        };
        let groups = CString::new(user.name.as_bytes())
            .ok()
            .and_then(|name| group_list(&name, user.gid.as_raw()))
            .unwrap_or_else(|| vec![user.gid.as_raw()]);
        Some(UserAccount {
            name: user.name,
            gid: user.gid.as_raw(),
            groups,
            home: user.dir,
        })
    }

    /// Every group of the account `name`, `gid` among them.
    #[cfg(target_os = "linux")]
    fn group_list(name: &CString, gid: u32) -> Option<Vec<u32>> {
        use nix::unistd::Gid;
        let groups = nix::unistd::getgrouplist(name, Gid::from_raw(gid)).ok()?;
        Some(groups.into_iter().map(Gid::as_raw).collect())
    }

    /// macOS's getgrouplist takes ints, and nix leaves it out; its accounts have at most a few
    /// dozen groups, so one call with room for 256 is enough (-1 when there are more).
    #[cfg(target_os = "macos")]
    fn group_list(name: &CString, gid: u32) -> Option<Vec<u32>> {
        use nix::libc::{c_int, getgrouplist};
        let mut groups: Vec<c_int> = vec![0; 256];
        let mut count = groups.len() as c_int;
        // SAFETY: `name` is NUL-terminated and `groups` has room for `count` entries.
        let r = unsafe { getgrouplist(name.as_ptr(), gid as c_int, groups.as_mut_ptr(), &mut count) };
        (r == 0).then(|| groups[..count as usize].iter().map(|&g| g as u32).collect())
    }

    pub fn set_mode(file: &File, mode: u32) -> io::Result<()> {
        file.set_permissions(std::fs::Permissions::from_mode(mode))
    }

    pub fn set_mode_at(path: &Path, mode: u32) -> io::Result<()> {
        std::fs::set_permissions(path, std::fs::Permissions::from_mode(mode))
    }

    pub fn chown(file: &File, uid: u32, gid: u32) -> io::Result<()> {
        std::os::unix::fs::fchown(file, Some(uid), Some(gid))
    }

    /// `dir` and the folders above it, made where missing, only this user's (0700).
    pub fn create_private_dir_all(dir: &Path) -> io::Result<()> {
        std::fs::DirBuilder::new().recursive(true).mode(0o700).create(dir)
    }

    /// A file `opts` creates is only this user's (0600).
    pub fn private(opts: &mut OpenOptions) -> &mut OpenOptions {
        opts.mode(0o600)
    }

    /// A real folder (not a link to one), owned by this user, that nobody else may enter.
    pub fn private_to_me(dir: &Path) -> bool {
        std::fs::symlink_metadata(dir).is_ok_and(|m| {
            m.is_dir()
                && m.uid() == nix::unistd::geteuid().as_raw()
                && m.permissions().mode() & 0o777 == 0o700
        })
    }

    /// A temp folder only this user can enter.
    pub fn private_tempdir(prefix: &str) -> io::Result<tempfile::TempDir> {
        tempfile::Builder::new()
            .prefix(prefix)
            .permissions(std::fs::Permissions::from_mode(0o700))
            .tempdir()
    }
}

#[cfg(windows)]
mod imp {
    use super::*;

    /// Who owns every file, in the Unix model (see the module's comment): famsync's user.
    pub const ME: u32 = 1000;

    pub fn uid(_meta: &Metadata) -> u32 {
        ME
    }

    pub fn gid(_meta: &Metadata) -> u32 {
        ME
    }

    pub fn mode(meta: &Metadata) -> u32 {
        let full = if meta.is_dir() { 0o700 } else { 0o600 };
        // The read-only attribute is the one write bit Windows has.
        let bits = if meta.permissions().readonly() {
            full & !0o200
        } else {
            full
        };
        let kind = if meta.is_dir() { 0o040000 } else { 0o100000 };
        kind | bits
    }

    /// Hard links are not counted by std on Windows (unstable): one, the neutral answer.
    pub fn links(_meta: &Metadata) -> u64 {
        1
    }

    pub fn effective_uid() -> u32 {
        ME
    }

    /// An administrator is not root: nothing famsync does as root (running bitwarden.sh as its
    /// owner, refusing the current folder) applies.
    pub fn is_root() -> bool {
        false
    }

    pub fn user_name(uid: u32) -> Option<String> {
        (uid == ME).then(|| std::env::var("USERNAME").ok()).flatten()
    }

    /// Never asked for: famsync is never root here, so it never switches accounts.
    pub fn account(_uid: u32) -> Option<UserAccount> {
        None
    }

    /// No mode bits: the DACL carried over (`platform::attrs`) is what says who may open the file.
    pub fn set_mode(_file: &File, _mode: u32) -> io::Result<()> {
        Ok(())
    }

    pub fn set_mode_at(_path: &Path, _mode: u32) -> io::Result<()> {
        Ok(())
    }

    /// No uid to give: the replacing file is famsync's user's, its ACL the replaced file's.
    pub fn chown(_file: &File, _uid: u32, _gid: u32) -> io::Result<()> {
        Ok(())
    }

    /// Made with the ACL its folder gives (a user's profile folders: that user's alone).
    pub fn create_private_dir_all(dir: &Path) -> io::Result<()> {
        std::fs::create_dir_all(dir)
    }

    /// There is no $XDG_RUNTIME_DIR on Windows, and whether a folder is private would take
    /// reading its ACL: never trusted (the neutral answer: famsync then uses its data folder,
    /// which Windows always has, or refuses with `no_private_folder`).
    pub fn private_to_me(_dir: &Path) -> bool {
        false
    }

    /// In the user's %TEMP%, which is that user's alone.
    pub fn private_tempdir(prefix: &str) -> io::Result<tempfile::TempDir> {
        tempfile::Builder::new().prefix(prefix).tempdir()
    }
}
