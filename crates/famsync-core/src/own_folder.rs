//! Where famsync keeps its own files (records, trust pins, known_hosts, logs): the user's data
//! folder. Without one (no home: a uid with no account, a bare service), never a shared folder
//! such as /tmp, where another user could plant known_hosts or trust pins before famsync comes:
//! the user's private runtime folder ($XDG_RUNTIME_DIR, only when it is this user's and 0700),
//! or a refusal (`no_private_folder`).

use crate::error::{Error, Result};
use std::path::{Path, PathBuf};

/// `preferred` (the user's data folder for famsync) when there is one, else `name` in the
/// private runtime folder `runtime` ($XDG_RUNTIME_DIR).
pub fn choose(preferred: Option<PathBuf>, runtime: Option<PathBuf>, name: &str) -> Result<PathBuf> {
    if let Some(folder) = preferred {
        return Ok(folder);
    }
    match runtime {
        Some(r) if private_to_me(&r) => Ok(r.join(name)),
        runtime => Err(Error::NoPrivateFolder {
            runtime,
            variable: crate::platform::paths::RUNTIME_VARIABLE.into(),
        }),
    }
}

/// The same, with this platform's private runtime folder ($XDG_RUNTIME_DIR on Linux, $TMPDIR
/// on macOS).
pub fn choose_here(preferred: Option<PathBuf>, name: &str) -> Result<PathBuf> {
    choose(preferred, crate::platform::paths::private_runtime(), name)
}

/// A real folder (not a link to one), owned by this user, that nobody else may enter.
fn private_to_me(dir: &Path) -> bool {
    crate::platform::owner::private_to_me(dir)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[cfg(unix)]
    fn chmod(p: &Path, mode: u32) {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(p, std::fs::Permissions::from_mode(mode)).unwrap();
    }

    #[test]
    fn the_data_folder_comes_first() {
        let got = choose(Some("/home/a/.local/share/famsync".into()), None, "famsync").unwrap();
        assert_eq!(got, PathBuf::from("/home/a/.local/share/famsync"));
    }

    #[cfg(unix)] // modes and /tmp (tests/not-on-windows.txt)
    #[test]
    fn without_one_only_a_private_runtime_folder_will_do() {
        let run = tempfile::tempdir().unwrap();
        chmod(run.path(), 0o700);
        let got = choose(None, Some(run.path().into()), "famsync").unwrap();
        assert_eq!(got, run.path().join("famsync"));
        // Others may enter it: refused, as is /tmp, and as is no runtime folder at all.
        chmod(run.path(), 0o755);
        for runtime in [Some(run.path().to_path_buf()), Some("/tmp".into()), None] {
            let refused = choose(None, runtime.clone(), "famsync");
            assert!(
                matches!(&refused, Err(Error::NoPrivateFolder { runtime: r, .. }) if *r == runtime),
                "{refused:?}"
            );
        }
    }

    #[cfg(unix)] // a Unix account (tests/not-on-windows.txt)
    #[test]
    fn a_runtime_folder_owned_by_another_user_is_refused() {
        if !nix::unistd::geteuid().is_root() {
            return;
        }
        let run = tempfile::tempdir().unwrap();
        chmod(run.path(), 0o700);
        let other = nix::unistd::User::from_name("famsync-test").unwrap().unwrap();
        std::os::unix::fs::chown(run.path(), Some(other.uid.as_raw()), None).unwrap();
        assert!(choose(None, Some(run.path().into()), "famsync").is_err());
    }
}
