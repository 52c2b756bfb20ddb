//! The access a file carries beyond its mode (see `crate::access`): on Unix its POSIX ACL and
//! security labels, as extended attributes.

use std::ffi::OsString;
use std::fs::File;
use std::io;
use std::path::Path;

pub use imp::{clear_inherited, give, of};

/// One extended attribute that carries access: its name and value.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Attribute {
    pub name: OsString,
    pub value: Vec<u8>,
}

#[cfg(unix)]
mod imp {
    use super::*;

    const ACL: &str = "system.posix_acl_access";

    fn carries_access(name: &OsString) -> bool {
        let name = name.to_string_lossy();
        name == ACL || name.starts_with("security.")
    }

    /// The attributes of `path` that carry access (none on a filesystem without them).
    pub fn of(path: &Path) -> io::Result<Vec<Attribute>> {
        let names = match xattr::list(path) {
            Ok(names) => names,
            Err(e) if unsupported(&e) => return Ok(Vec::new()),
            Err(e) => return Err(e),
        };
        let mut out = Vec::new();
        for name in names.filter(carries_access) {
            if let Some(value) = xattr::get(path, &name)? {
                out.push(Attribute { name, value });
            }
        }
        Ok(out)
    }

    /// Takes off the ACL `file` inherited from its folder's default ACL: until `give` puts the
    /// old file's back, only the mode says who may open it.
    pub fn clear_inherited(file: &File) -> io::Result<()> {
        use xattr::FileExt;
        match file.remove_xattr(ACL) {
            Err(e) if unsupported(&e) || e.raw_os_error() == Some(nix::errno::Errno::ENODATA as i32) => {
                Ok(())
            }
            other => other,
        }
    }

    /// Gives `file` the attributes; the first that cannot be set is returned with its error.
    pub fn give(file: &File, attributes: &[Attribute]) -> Result<(), (OsString, io::Error)> {
        use xattr::FileExt;
        for a in attributes {
            file.set_xattr(&a.name, &a.value)
                .map_err(|e| (a.name.clone(), e))?;
        }
        Ok(())
    }

    fn unsupported(e: &io::Error) -> bool {
        e.raw_os_error() == Some(nix::errno::Errno::EOPNOTSUPP as i32)
    }
}

/// Windows keeps access in the file's security descriptor, not in attributes: the env file is
/// replaced with ReplaceFileW (`platform::replace`), which keeps the replaced file's ACL on the
/// new one, so there is nothing to read or copy here. A backup (a new file) gets its folder's
/// inherited ACL, as any file made in env/ does.
#[cfg(windows)]
mod imp {
    use super::*;

    pub fn of(_path: &Path) -> io::Result<Vec<Attribute>> {
        Ok(Vec::new())
    }

    pub fn clear_inherited(_file: &File) -> io::Result<()> {
        Ok(())
    }

    pub fn give(_file: &File, _attributes: &[Attribute]) -> Result<(), (OsString, io::Error)> {
        Ok(())
    }
}
