//! The kinds of self-hosted Bitwarden installation famsync tells apart (shared/bitwarden-facts.md,
//! "Other ways Bitwarden is self-hosted"), as one name the header, `status --json`
//! (`installation.kind`) and the window show. How each keeps its settings and applies a
//! change follows from it.

use serde::Serialize;
use std::path::{Path, PathBuf};

/// Bitwarden lite's settings, beside its docker-compose.yml (bitwarden/self-host
/// bitwarden-lite/docker-compose.yml: `env_file: settings.env`).
pub const LITE_SETTINGS: &str = "settings.env";
/// Lite's installation id: entrypoint.sh exports `globalSettings__installation__id` from it,
/// over any such line in settings.env.
pub const LITE_ID: &str = "BW_INSTALLATION_ID";
/// Lite's server name: entrypoint.sh makes the vault URL `https://$BW_DOMAIN` from it.
pub const LITE_DOMAIN: &str = "BW_DOMAIN";
/// Where lite keeps licenses: its Dockerfile's `globalSettings__licenseDirectory`, in the
/// compose file's named volume `bitwarden` (mounted at /etc/bitwarden).
pub const LITE_LICENSES: &str = "/etc/bitwarden/licenses";

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
    /// Bitwarden lite (bitwarden/self-host `bitwarden-lite/`): one container whose settings are
    /// `settings.env` beside its `docker-compose.yml`, or the marketplace image's
    /// `/home/bitwarden/settings.env` with `.bw-edition`.
    Lite,
}

impl Kind {
    /// The file holding the settings famsync edits, in the installation's folder (bwdata, or
    /// lite's own folder).
    pub fn settings_file(self, root: &Path) -> PathBuf {
        match self {
            Kind::Standard | Kind::WindowsHost => root.join("env").join("global.override.env"),
            Kind::Lite => root.join(LITE_SETTINGS),
        }
    }

    /// The kind whose settings file `path` is.
    pub fn of_settings_file(path: &Path) -> Kind {
        match path.file_name() {
            Some(name) if name == LITE_SETTINGS => Kind::Lite,
            _ => Kind::Standard,
        }
    }

    /// The key the installation id is read from.
    pub fn id_key(self) -> &'static str {
        match self {
            Kind::Standard | Kind::WindowsHost => crate::install::INSTALLATION_ID,
            Kind::Lite => LITE_ID,
        }
    }

    /// Where the organization licenses are.
    pub fn licenses(self, root: &Path) -> Licenses {
        match self {
            Kind::Standard | Kind::WindowsHost => Licenses::Folder(crate::licenses::folder(root)),
            Kind::Lite => Licenses::InContainer {
                volume: "bitwarden",
                path: LITE_LICENSES,
            },
        }
    }

    /// Why famsync does not apply a change to this kind itself, and what the owner runs
    /// instead; None where it runs the installation's script.
    pub fn applied_by_hand(self, root: &Path) -> Option<crate::Error> {
        let command = match self {
            Kind::Standard => return None,
            // bitwarden.ps1 runs under PowerShell, which famsync does not start (yet) itself.
            Kind::WindowsHost => ".\\bitwarden.ps1 -restart",
            // `up -d` recreates the container, which reads settings.env again; `restart` does not.
            Kind::Lite => "docker compose up -d",
        };
        let folder = match self {
            Kind::WindowsHost => crate::files::folder_of(root),
            _ => root,
        };
        Some(crate::Error::ApplyByHand {
            command: command.into(),
            folder: folder.into(),
        })
    }

    /// The key the installation key is read from (lite's entrypoint.sh exports it from
    /// BW_INSTALLATION_KEY, as it does the id).
    pub fn key_key(self) -> &'static str {
        match self {
            Kind::Standard | Kind::WindowsHost => "globalSettings__installation__key",
            Kind::Lite => "BW_INSTALLATION_KEY",
        }
    }

    /// The kind the script beside bwdata names.
    pub(crate) fn of_script(script: Option<&Path>) -> Kind {
        match script.and_then(Path::file_name) {
            Some(name) if name == "bitwarden.ps1" => Kind::WindowsHost,
            _ => Kind::Standard,
        }
    }
}

/// Where an installation keeps its organization licenses.
pub enum Licenses {
    /// A folder famsync reads, here or over SSH.
    Folder(PathBuf),
    /// Inside a container's named volume, which famsync does not read from the host.
    InContainer {
        volume: &'static str,
        path: &'static str,
    },
}

/// Whether `dir` is a Bitwarden lite folder: its settings.env with the docker-compose.yml
/// that reads it, or the marketplace image's `.bw-edition` beside it.
pub(crate) fn is_lite_folder(dir: &Path) -> bool {
    let has = |name: &str| dir.join(name).is_file();
    has(LITE_SETTINGS) && (has("docker-compose.yml") || has("compose.yaml") || has(".bw-edition"))
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
