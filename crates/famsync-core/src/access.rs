//! Who may open a file beyond its mode and owner: its POSIX ACL (`system.posix_acl_access`)
//! and its security labels (`security.*`, SELinux and Smack). A file famsync writes in place
//! of the env file, and each backup of it, gets exactly the old file's, never more access: an
//! ACL the folder's default would give a new file is taken off first. How each OS keeps them
//! is in `platform::attrs`.

pub use crate::platform::attrs::{clear_inherited, give, of, Attribute};
