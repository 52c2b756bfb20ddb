//! Windows PowerShell, which runs bitwarden.ps1: on Windows, the one in the system folder
//! (`%SystemRoot%\System32\WindowsPowerShell\v1.0\powershell.exe`, on every Windows since 7),
//! never one found on PATH, where any folder the user may write could hold another. Elsewhere
//! there is none: bitwarden.ps1 is for a Windows host.

use std::path::PathBuf;

#[cfg(windows)]
pub fn path() -> Option<PathBuf> {
    let root = std::env::var_os("SystemRoot")?;
    let exe = PathBuf::from(root).join(r"System32\WindowsPowerShell\v1.0\powershell.exe");
    exe.is_file().then_some(exe)
}

#[cfg(not(windows))]
pub fn path() -> Option<PathBuf> {
    None
}
