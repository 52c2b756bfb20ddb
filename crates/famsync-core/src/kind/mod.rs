//! The kinds of self-hosted Bitwarden installation famsync tells apart (shared/bitwarden-facts.md,
//! "Other ways Bitwarden is self-hosted"), as one name the header, `status --json`
//! (`installation.kind`) and the window show. Each kind is one module saying where it keeps
//! its settings, its id and its licenses, and how a change is applied to it ([`Rules`]); a new
//! kind is a new module and one line in [`Kind::rules`].

mod helm;
pub(crate) mod helm_config_map;
mod helm_release;
mod lite;
mod standard;
mod windows_host;

use crate::envfile::{EnvDoc, Snapshot};
use crate::error::{Error, Result};
use crate::install::Installation;
use crate::plan::{Action, PlanNote};
use crate::runner::ScriptCommand;
use serde::Serialize;
use std::path::{Path, PathBuf};

pub use lite::{compose_file, is_lite_folder, LITE_DOMAIN, LITE_SETTINGS};

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
    /// Kubernetes with Bitwarden's Helm chart (bitwarden/helm-charts `charts/self-host`): the
    /// owner's values file, named by the owner.
    Helm,
}

/// What a kind of installation answers; see each kind's module. Where a kind keeps its
/// settings as the standard one does (bwdata: `env/global.override.env`, the
/// `globalSettings__installation__*` lines, `core/licenses/organization`), it says only how
/// it applies them.
trait Rules: Sync {
    /// The file holding the settings famsync edits, in the installation's folder.
    fn settings_file(&self, root: &Path) -> PathBuf {
        root.join("env").join("global.override.env")
    }
    /// The key the installation id is read from.
    fn id_key(&self) -> &'static str {
        crate::install::INSTALLATION_ID
    }
    /// The key the installation key is read from.
    fn key_key(&self) -> &'static str {
        "globalSettings__installation__key"
    }
    /// Where the organization licenses are.
    fn licenses(&self, root: &Path) -> Licenses {
        Licenses::Folder(crate::licenses::folder(root))
    }
    /// Where the server's logs are when they are not in `bwdata/logs` but inside its
    /// containers (a path there), which famsync does not read.
    fn logs_inside(&self) -> Option<&'static str> {
        None
    }
    /// Whether `path` is this kind's settings file (by its name).
    fn is_settings_file(&self, path: &Path) -> bool {
        path.file_name() == self.settings_file(Path::new("")).file_name()
    }
    /// The error for a settings file without the installation id.
    fn id_missing(&self, path: &Path) -> Error {
        Error::InstallationIdMissing {
            path: path.into(),
            key: self.id_key().into(),
        }
    }
    /// The settings file's text as the env-file lines the server gets from it.
    fn view(&self, text: &str) -> EnvDoc {
        EnvDoc::parse(text)
    }
    /// The file's new bytes for `action`, and what the owner should know about them.
    fn edit(&self, snapshot: &Snapshot, action: Action) -> Result<(Vec<u8>, Vec<PlanNote>)> {
        Ok(crate::plan::edit_env(snapshot, action))
    }
    /// How `command` is applied to `inst`, or why famsync leaves it to the owner.
    fn apply(&self, inst: &Installation, command: ScriptCommand) -> Result<Apply>;
    /// The file that decides what the apply runs and the other one it executes (see
    /// `Apply::trusted`), without running anything; None where the owner runs it.
    fn trusted(&self, inst: &Installation) -> Option<(PathBuf, Option<PathBuf>)> {
        let apply = self.apply(inst, ScriptCommand::Restart).ok()?;
        Some((apply.trusted, apply.also_trusted))
    }
    /// What famsync runs to apply the settings, in a few words, without running anything;
    /// None where the owner runs it.
    fn runs(&self, inst: &Installation) -> Option<String> {
        self.apply(inst, ScriptCommand::Restart).ok().map(|a| a.name())
    }
}

const ALL: [Kind; 4] = [Kind::Standard, Kind::WindowsHost, Kind::Lite, Kind::Helm];

impl Kind {
    fn rules(self) -> &'static dyn Rules {
        match self {
            Kind::Standard => &standard::Standard,
            Kind::WindowsHost => &windows_host::WindowsHost,
            Kind::Lite => &lite::Lite,
            Kind::Helm => &helm::Helm,
        }
    }

    /// The file holding the settings famsync edits, in the installation's folder (bwdata, or
    /// lite's own folder).
    pub fn settings_file(self, root: &Path) -> PathBuf {
        self.rules().settings_file(root)
    }

    /// The kind whose settings file `path` is (the first that says it is its own).
    pub fn of_settings_file(path: &Path) -> Kind {
        let owns = |k: &Kind| k.rules().is_settings_file(path);
        ALL.into_iter().find(owns).unwrap_or(Kind::Standard)
    }

    /// The error for a settings file of this kind without the installation id.
    pub fn id_missing(self, path: &Path) -> Error {
        self.rules().id_missing(path)
    }

    /// `bytes` of a settings file of this kind as the env-file lines the server gets from it:
    /// the file itself for the env-file kinds, what the Helm chart makes of its values.
    pub fn view(self, bytes: &[u8]) -> EnvDoc {
        self.rules().view(&String::from_utf8_lossy(bytes))
    }

    /// The new bytes of the settings file for `action` (see `plan`).
    pub(crate) fn edit(self, snapshot: &Snapshot, action: Action) -> Result<(Vec<u8>, Vec<PlanNote>)> {
        self.rules().edit(snapshot, action)
    }

    /// The key the installation id is read from.
    pub fn id_key(self) -> &'static str {
        self.rules().id_key()
    }

    /// The key the installation key is read from.
    pub fn key_key(self) -> &'static str {
        self.rules().key_key()
    }

    /// Where the organization licenses are.
    pub fn licenses(self, root: &Path) -> Licenses {
        self.rules().licenses(root)
    }

    /// What applying `command` runs for `inst`: refused (`ApplyByHand`, `ScriptMissing`) where
    /// famsync cannot run it, before anything is asked.
    pub fn apply(self, inst: &Installation, command: ScriptCommand) -> Result<Apply> {
        self.rules().apply(inst, command)
    }

    /// The trusted file of the apply and the other file it executes, without running anything.
    pub fn trusted(self, inst: &Installation) -> Option<(PathBuf, Option<PathBuf>)> {
        self.rules().trusted(inst)
    }

    /// What famsync runs to apply the settings ("bitwarden.sh", "docker compose up -d"), without
    /// running anything; None where the owner runs it.
    pub fn runs(self, inst: &Installation) -> Option<String> {
        self.rules().runs(inst)
    }

    /// Where the server's logs are, when famsync cannot read them: inside the containers.
    pub fn logs_inside(self) -> Option<&'static str> {
        self.rules().logs_inside()
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
    /// On the Helm chart's licenses volume in the cluster, at `path` in the pods.
    InCluster { path: &'static str },
}

/// A Helm release and its namespace, as the owner names them (`helm list --all-namespaces`
/// shows them); famsync runs helm and kubectl in the owner's current context.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Release {
    pub name: String,
    pub namespace: String,
}

/// How a change is applied: one program, run in a folder, whose end says whether it worked.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Apply {
    /// The file that decides what runs (bitwarden.sh, bitwarden.ps1, lite's compose file):
    /// its owner runs it when famsync is root, and it and the folders above it must be safe
    /// from everyone else.
    pub trusted: PathBuf,
    /// Another file the run executes, held to the same rule (bwdata/scripts/run.sh).
    pub also_trusted: Option<PathBuf>,
    pub program: Program,
    pub args: Vec<String>,
    /// The working directory, and what a restart locks.
    pub folder: PathBuf,
    pub done: Done,
    /// bitwarden.sh asks root "Do you still want to continue?": famsync answers yes only with
    /// the owner's consent.
    pub asks_root: bool,
    /// What runs next, once this worked (Helm: the rollout restart after the upgrade).
    pub then: Option<Box<Apply>>,
}

/// What runs.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Program {
    /// The trusted file itself (bitwarden.sh).
    Trusted,
    /// A tool found on PATH, as the owner's shell finds it (docker).
    OnPath(&'static str),
    /// A program at a fixed place (Windows PowerShell).
    At(PathBuf),
}

impl Apply {
    /// What runs, in a few words: the script's name (bitwarden.sh, bitwarden.ps1), or the
    /// tool's command (docker compose up -d).
    pub fn name(&self) -> String {
        match &self.program {
            Program::OnPath(tool) => std::iter::once(*tool)
                .chain(self.args.iter().map(String::as_str))
                .collect::<Vec<_>>()
                .join(" "),
            Program::Trusted | Program::At(_) => {
                let name = self.trusted.file_name().unwrap_or_default();
                name.to_string_lossy().into_owned()
            }
        }
    }

    /// Every command line of the apply, as the owner would type them, one after the other.
    pub fn shown_all(&self) -> Vec<String> {
        let mut all = vec![self.shown()];
        let mut next = &self.then;
        while let Some(step) = next {
            all.push(step.shown());
            next = &step.then;
        }
        all
    }

    /// The command line as the owner would type it, for showing.
    pub fn shown(&self) -> String {
        let program = match &self.program {
            Program::Trusted => self.trusted.display().to_string(),
            Program::OnPath(name) => (*name).to_string(),
            Program::At(path) => path.display().to_string(),
        };
        std::iter::once(program)
            .chain(self.args.iter().cloned())
            .collect::<Vec<_>>()
            .join(" ")
    }
}

/// How the run's end shows that it worked (the server's answer is checked after, for all).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Done {
    /// Exit 0 and bitwarden.sh's closing "Bitwarden is up and running!".
    UpAndRunning,
    /// The containers were started again, whatever the exit code: bitwarden.ps1's last step
    /// fails without a console after they are up (see windows_host.rs).
    Started,
    /// Exit 0 (docker compose fails with non-zero when a container does not start).
    ExitZero,
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

    #[test]
    fn the_settings_file_names_the_kind() {
        let values = Path::new("/srv/k8s/bitwarden-values.yml");
        assert_eq!(Kind::of_settings_file(values), Kind::Helm);
        let lite = Path::new("/srv/lite/settings.env");
        assert_eq!(Kind::of_settings_file(lite), Kind::Lite);
        let env = Path::new("/opt/bitwarden/bwdata/env/global.override.env");
        assert_eq!(Kind::of_settings_file(env), Kind::Standard);
    }
}
