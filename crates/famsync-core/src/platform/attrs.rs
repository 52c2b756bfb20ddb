//! The access a file carries beyond its mode (see `crate::access`): on Unix its POSIX ACL and
//! security labels, as extended attributes; on Windows its DACL.

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
    pub fn give(file: &File, _path: &Path, attributes: &[Attribute]) -> Result<(), (OsString, io::Error)> {
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

/// Windows keeps access in the file's security descriptor: its DACL is read as one attribute
/// ("dacl", the descriptor in self-relative form) and given to the new file by name
/// (SetNamedSecurityInfoW: the temp file's handle was not opened with WRITE_DAC), protected
/// from the folder's inherited entries if the old one was, so the file that replaces the env
/// file, and each backup, allow exactly whom the old file allowed.
#[cfg(windows)]
mod imp {
    use super::*;
    use crate::platform::paths::wide;
    use windows_sys::Win32::Foundation::{LocalFree, ERROR_SUCCESS};
    use windows_sys::Win32::Security::Authorization::{
        GetNamedSecurityInfoW, SetNamedSecurityInfoW, SE_FILE_OBJECT,
    };
    use windows_sys::Win32::Security::{
        GetSecurityDescriptorControl, GetSecurityDescriptorDacl, GetSecurityDescriptorLength, ACL,
        DACL_SECURITY_INFORMATION, PROTECTED_DACL_SECURITY_INFORMATION, PSECURITY_DESCRIPTOR,
        SE_DACL_PROTECTED, UNPROTECTED_DACL_SECURITY_INFORMATION,
    };

    const DACL: &str = "dacl";

    pub fn of(path: &Path) -> io::Result<Vec<Attribute>> {
        let name = wide(path);
        let mut sd: PSECURITY_DESCRIPTOR = std::ptr::null_mut();
        let (mut none_owner, mut none_group) = (std::ptr::null_mut(), std::ptr::null_mut());
        let (mut dacl, mut sacl) = (std::ptr::null_mut(), std::ptr::null_mut());
        // SAFETY: a NUL-terminated name; on success `sd` is a LocalAlloc'd self-relative
        // descriptor, copied out and freed below.
        let err = unsafe {
            GetNamedSecurityInfoW(
                name.as_ptr(),
                SE_FILE_OBJECT,
                DACL_SECURITY_INFORMATION,
                &mut none_owner,
                &mut none_group,
                &mut dacl,
                &mut sacl,
                &mut sd,
            )
        };
        if err != ERROR_SUCCESS {
            return Err(io::Error::from_raw_os_error(err as i32));
        }
        // SAFETY: `sd` is valid until LocalFree.
        let value = unsafe {
            let len = GetSecurityDescriptorLength(sd) as usize;
            let bytes = std::slice::from_raw_parts(sd as *const u8, len).to_vec();
            LocalFree(sd as _);
            bytes
        };
        Ok(vec![Attribute {
            name: DACL.into(),
            value,
        }])
    }

    /// Nothing to take off first: `give` sets the whole DACL, replacing what the file inherited.
    pub fn clear_inherited(_file: &File) -> io::Result<()> {
        Ok(())
    }

    pub fn give(_file: &File, path: &Path, attributes: &[Attribute]) -> Result<(), (OsString, io::Error)> {
        for a in attributes.iter().filter(|a| a.name == DACL) {
            set_dacl(path, &a.value).map_err(|e| (a.name.clone(), e))?;
        }
        Ok(())
    }

    fn set_dacl(path: &Path, descriptor: &[u8]) -> io::Result<()> {
        // A copy, aligned for the descriptor's fields (a Vec<u8> need not be).
        let mut words = vec![0u64; descriptor.len().div_ceil(8)];
        // SAFETY: the buffer holds at least descriptor.len() bytes.
        unsafe {
            std::ptr::copy_nonoverlapping(
                descriptor.as_ptr(),
                words.as_mut_ptr() as *mut u8,
                descriptor.len(),
            )
        };
        let sd = words.as_mut_ptr() as PSECURITY_DESCRIPTOR;
        let (mut present, mut defaulted, mut dacl) = (0, 0, std::ptr::null_mut::<ACL>());
        let (mut control, mut revision) = (0u16, 0u32);
        // SAFETY: `sd` is the self-relative descriptor read by `of`, alive for these calls.
        let read = unsafe {
            GetSecurityDescriptorDacl(sd, &mut present, &mut dacl, &mut defaulted) != 0
                && GetSecurityDescriptorControl(sd, &mut control, &mut revision) != 0
        };
        if !read {
            return Err(io::Error::last_os_error());
        }
        let protection = if control & SE_DACL_PROTECTED != 0 {
            PROTECTED_DACL_SECURITY_INFORMATION
        } else {
            UNPROTECTED_DACL_SECURITY_INFORMATION
        };
        let name = wide(path);
        // SAFETY: a NUL-terminated name and the DACL inside `sd`, alive for the call.
        let err = unsafe {
            SetNamedSecurityInfoW(
                name.as_ptr(),
                SE_FILE_OBJECT,
                DACL_SECURITY_INFORMATION | protection,
                std::ptr::null_mut(),
                std::ptr::null_mut(),
                dacl,
                std::ptr::null(),
            )
        };
        if err != ERROR_SUCCESS {
            return Err(io::Error::from_raw_os_error(err as i32));
        }
        Ok(())
    }
}
