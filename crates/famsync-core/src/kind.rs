//! The kinds of self-hosted Bitwarden installation famsync tells apart (shared/bitwarden-facts.md,
//! "Other ways Bitwarden is self-hosted"), as one name the header, `status --json`
//! (`installation.kind`) and the window show. How each keeps its settings and applies a
//! change follows from it.

use serde::Serialize;
use std::path::Path;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub enum Kind {
    /// `bitwarden.sh` beside `bwdata/` (bitwarden/self-host's bitwarden.sh and run.sh), or a
    /// bwdata with no script beside it (a manual install from docker-stub).
    Standard,
    /// `bitwarden.ps1` beside `bwdata\` (bitwarden/self-host's bitwarden.ps1 and run.ps1): the
    /// same files, applied through PowerShell.
    WindowsHost,
}

impl Kind {
    /// The kind the script beside bwdata names.
    pub(crate) fn of_script(script: Option<&Path>) -> Kind {
        match script.and_then(Path::file_name) {
            Some(name) if name == "bitwarden.ps1" => Kind::WindowsHost,
            _ => Kind::Standard,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::Kind;
    use std::path::Path;

    #[test]
    fn the_script_beside_bwdata_names_the_kind() {
        assert_eq!(
            Kind::of_script(Some(Path::new("/opt/bitwarden/bitwarden.sh"))),
            Kind::Standard
        );
        assert_eq!(
            Kind::of_script(Some(Path::new("C:/bitwarden/bitwarden.ps1"))),
            Kind::WindowsHost
        );
        assert_eq!(Kind::of_script(None), Kind::Standard);
    }
}
