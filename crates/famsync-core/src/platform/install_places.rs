//! Where an installation is usually found on this machine, before the owner's home and the
//! current folder: on Linux the standard install's `/opt/bitwarden/bwdata` and the lite
//! marketplace image's `/home/bitwarden`; on Windows the folder Bitwarden's Windows guide
//! has the owner create, `C:\Bitwarden` (on the system drive), with bitwarden.ps1 and bwdata.

use std::path::PathBuf;

#[cfg(not(windows))]
pub fn system_candidates() -> Vec<PathBuf> {
    vec![
        PathBuf::from("/opt/bitwarden/bwdata"),
        PathBuf::from("/home/bitwarden"),
    ]
}

#[cfg(windows)]
pub fn system_candidates() -> Vec<PathBuf> {
    let drive = std::env::var_os("SystemDrive").unwrap_or_else(|| "C:".into());
    let mut root = PathBuf::from(drive);
    root.push("\\");
    vec![root.join("Bitwarden").join("bwdata")]
}
