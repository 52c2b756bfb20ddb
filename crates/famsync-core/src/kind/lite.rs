//! Bitwarden lite (bitwarden/self-host `bitwarden-lite/`): one container whose settings are
//! `settings.env` beside its compose file (`env_file: settings.env`), or the marketplace
//! image's `/home/bitwarden/settings.env` with `.bw-edition`. Apply is `docker compose up -d`
//! in that folder, which recreates the container so it reads settings.env again;
//! `docker compose restart` keeps the environment the container was created with.

use super::{Apply, Done, Licenses, Program, Rules};
use crate::error::{Error, Result};
use crate::install::Installation;
use crate::runner::ScriptCommand;
use std::path::{Path, PathBuf};

/// Lite's settings, beside its docker-compose.yml.
pub const LITE_SETTINGS: &str = "settings.env";
/// Lite's installation id: entrypoint.sh exports `globalSettings__installation__id` from it,
/// over any such line in settings.env.
const LITE_ID: &str = "BW_INSTALLATION_ID";
/// The installation key, exported by entrypoint.sh as the id is.
const LITE_KEY: &str = "BW_INSTALLATION_KEY";
/// Lite's server name: entrypoint.sh makes the vault URL `https://$BW_DOMAIN` from it.
pub const LITE_DOMAIN: &str = "BW_DOMAIN";
/// Where lite keeps licenses: its Dockerfile's `globalSettings__licenseDirectory`, in the
/// compose file's named volume `bitwarden` (mounted at /etc/bitwarden).
const LITE_LICENSES: &str = "/etc/bitwarden/licenses";
/// The names Compose looks for in a folder, in its order (compose-go's DefaultFileNames).
pub const COMPOSE_FILES: [&str; 4] = [
    "compose.yaml",
    "compose.yml",
    "docker-compose.yml",
    "docker-compose.yaml",
];

pub struct Lite;

impl Rules for Lite {
    fn settings_file(&self, root: &Path) -> PathBuf {
        root.join(LITE_SETTINGS)
    }

    fn id_key(&self) -> &'static str {
        LITE_ID
    }

    fn key_key(&self) -> &'static str {
        LITE_KEY
    }

    /// The compose file's named volume `logs` (supervisord's api.log and the services' own).
    fn logs_inside(&self) -> Option<&'static str> {
        Some("/var/log/bitwarden")
    }

    fn licenses(&self, _root: &Path) -> Licenses {
        Licenses::InContainer {
            volume: "bitwarden",
            path: LITE_LICENSES,
        }
    }

    /// Start and restart are the same `up -d`: it starts a stopped container too.
    fn apply(&self, inst: &Installation, _command: ScriptCommand) -> Result<Apply> {
        // Found beside settings.env (the marketplace image may have none: then how it is run
        // is the owner's).
        let Some(compose) = inst.script.clone() else {
            return Err(Error::ApplyByHand {
                command: "docker compose up -d".into(),
                folder: inst.bwdata.clone(),
            });
        };
        Ok(Apply {
            trusted: compose,
            also_trusted: None,
            program: Program::OnPath("docker"),
            args: ["compose", "up", "-d"].map(String::from).to_vec(),
            folder: inst.bwdata.clone(),
            done: Done::ExitZero,
            asks_root: false,
            then: None,
        })
    }
}

/// The compose file Compose would use in `dir`.
pub fn compose_file(dir: &Path) -> Option<PathBuf> {
    COMPOSE_FILES
        .iter()
        .map(|name| dir.join(name))
        .find(|p| p.is_file())
}

/// Whether `dir` is a Bitwarden lite folder: its settings.env with the compose file that
/// reads it, or the marketplace image's `.bw-edition` beside it.
pub fn is_lite_folder(dir: &Path) -> bool {
    dir.join(LITE_SETTINGS).is_file() && (compose_file(dir).is_some() || dir.join(".bw-edition").is_file())
}
