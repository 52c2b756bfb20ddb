//! Finding and describing a self-hosted Bitwarden installation, on this machine or on a server
//! over SSH.

use crate::envfile::read::{MAX_ENV_BYTES, MAX_LOOSE_BYTES};
use crate::envfile::{EnvDoc, Snapshot};
use crate::error::{permission_denied, Error, Result};
use crate::guid::is_guid;
use crate::host::Host;
use crate::kind::{self, Kind};
use serde::Serialize;
use std::fs;
use std::io::ErrorKind;
use std::path::{Path, PathBuf};

pub const INSTALLATION_ID: &str = "globalSettings__installation__id";
const VAULT_URL: &str = "globalSettings__baseServiceUri__vault";
/// config.yml is a few KiB; famsync reads at most this much of it.
pub const CONFIG_LIMIT: u64 = 1024 * 1024;

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Installation {
    #[serde(serialize_with = "crate::lossy::path")]
    pub bwdata: PathBuf,
    #[serde(serialize_with = "crate::lossy::path")]
    pub env_file: PathBuf,
    /// What applies the settings, when present: `bitwarden.sh` (or `.ps1`) beside bwdata, or
    /// the compose file beside lite's settings.env.
    #[serde(serialize_with = "crate::lossy::opt_path")]
    pub script: Option<PathBuf>,
    /// Which kind of installation this is.
    pub kind: crate::kind::Kind,
    /// The `url:` of config.yml.
    pub url: Option<String>,
    /// True for famsync's own sample installation.
    pub sample: bool,
    /// Where the files are; every path above is on that host.
    pub host: Host,
    /// The Helm release the values file is applied to, as the owner named it (never chosen
    /// by famsync).
    pub release: Option<crate::kind::Release>,
    /// Why config.yml could not be read, when it is there but is no file famsync reads (a
    /// FIFO, a device, far too large): status lists it.
    #[serde(skip)]
    pub config_problem: Option<Error>,
}

impl Installation {
    /// The env file as it is now, read on the installation's host.
    pub fn read_env(&self) -> Result<Snapshot> {
        self.read_file(&self.env_file)
    }

    /// A file of the installation (the env file or a backup of it), with the env file's checks.
    pub fn read_file(&self, path: &Path) -> Result<Snapshot> {
        let snapshot = self.read_limited(path, MAX_ENV_BYTES)?;
        crate::envfile::read::check_content(path, &snapshot.bytes)?;
        Ok(snapshot)
    }

    /// The same file whatever its bytes are (empty, junk, binary): still only a regular file,
    /// never through a link, and bounded.
    pub fn read_loose(&self, path: &Path) -> Result<Snapshot> {
        self.read_limited(path, MAX_LOOSE_BYTES)
    }

    fn read_limited(&self, path: &Path, limit: u64) -> Result<Snapshot> {
        match &self.host {
            Host::Local => crate::envfile::read::read_limited(path, limit),
            Host::Ssh(s) => crate::remote::read(s, path, limit),
        }
    }
}

/// What locating bwdata found, before it becomes an Installation.
#[derive(Debug, Default)]
pub(crate) struct Found {
    pub bwdata: PathBuf,
    pub script: Option<PathBuf>,
    /// config.yml's text (at most CONFIG_LIMIT bytes), or why it could not be read.
    pub config: Option<std::result::Result<String, Error>>,
    /// The kind, where the folder says it (lite); else the script beside bwdata says it.
    pub kind: Option<Kind>,
    /// The settings file, where the owner named it (a Helm values file); else the kind's.
    pub settings: Option<PathBuf>,
}

impl Found {
    fn into_installation(self, host: Host) -> Installation {
        let kind = self.kind.unwrap_or(Kind::of_script(self.script.as_deref()));
        Installation {
            env_file: self.settings.unwrap_or_else(|| kind.settings_file(&self.bwdata)),
            url: self
                .config
                .as_ref()
                .and_then(|c| c.as_deref().ok())
                .and_then(url_in),
            config_problem: self.config.and_then(|c| c.err()),
            kind,
            script: self.script,
            sample: false,
            bwdata: self.bwdata,
            host,
            release: None,
        }
    }
}

/// Where a standard install puts bwdata on a server, and the marketplace image its lite
/// folder, as the helper there reads them.
pub const REMOTE_CANDIDATES: [&str; 4] = [
    "/opt/bitwarden/bwdata",
    "~/bwdata",
    "~/bitwarden/bwdata",
    "/home/bitwarden",
];

/// Opens the installation at `path` on `host` (`~/` is the login user's home there), or with
/// no path, discovers it in the standard places.
pub fn open_on(host: &Host, path: Option<&Path>) -> Result<Installation> {
    let Host::Ssh(session) = host else {
        return match path {
            Some(p) => open(p),
            None => discover(&default_candidates(
                dirs_home().as_deref(),
                searched_cwd().as_deref(),
            )),
        };
    };
    let candidates: Vec<PathBuf> = match path {
        Some(p) => vec![p.to_path_buf()],
        None => REMOTE_CANDIDATES.iter().map(PathBuf::from).collect(),
    };
    Ok(crate::remote::locate(session, &candidates)?.into_installation(host.clone()))
}

/// The same installation opened again, through a new connection to its server (after a drop).
pub fn reopen(inst: &Installation) -> Result<Installation> {
    let host = match &inst.host {
        Host::Local => Host::Local,
        Host::Ssh(session) => Host::Ssh(std::sync::Arc::new(session.reconnect()?)),
    };
    let mut again = open_on(&host, Some(&inst.bwdata))?;
    again.sample = inst.sample;
    Ok(again)
}

/// The current folder, where discovery also looks, except as root: root in a folder that
/// another user prepared (their home, /tmp) would otherwise take their bwdata and bitwarden.sh
/// for the server's. Root names the installation (--bwdata) or has it in a standard place.
fn searched_cwd() -> Option<PathBuf> {
    if crate::platform::owner::is_root() {
        return None;
    }
    std::env::current_dir().ok()
}

fn dirs_home() -> Option<PathBuf> {
    std::env::var_os("HOME").map(PathBuf::from)
}

/// Where a standard install puts bwdata, most likely first.
pub fn default_candidates(home: Option<&Path>, cwd: Option<&Path>) -> Vec<PathBuf> {
    let system = crate::platform::install_places::system_candidates();
    let (first, rest) = system.split_at(1);
    let mut out = first.to_vec();
    if let Some(h) = home {
        out.push(h.join("bwdata"));
        out.push(h.join("bitwarden/bwdata"));
    }
    out.extend_from_slice(rest);
    if let Some(c) = cwd {
        out.push(c.join("bwdata"));
        out.push(c.to_path_buf());
    }
    out
}

/// The first candidate that is a bwdata folder. A candidate that exists but cannot be read
/// is reported as such (famsync probably runs as the wrong user), not as "nothing found".
pub fn discover(candidates: &[PathBuf]) -> Result<Installation> {
    let mut denied = None;
    for candidate in candidates {
        match open(candidate) {
            Ok(inst) => return Ok(inst),
            Err(e @ (Error::PermissionDenied { .. } | Error::EnvFolderLink { .. })) => {
                denied = denied.or(Some(e))
            }
            Err(_) => {}
        }
    }
    Err(denied.unwrap_or_else(|| Error::NoInstallationFound {
        searched: candidates.to_vec(),
    }))
}

/// Opens the installation at `path`: a bwdata folder, the folder holding it
/// (`/opt/bitwarden`), or its `bitwarden.sh`.
pub fn open(path: &Path) -> Result<Installation> {
    if let Some(values) = helm_values_file(path)? {
        let found = Found {
            bwdata: crate::files::folder_of(&values).into(),
            kind: Some(Kind::Helm),
            settings: Some(values),
            ..Found::default()
        };
        return Ok(found.into_installation(Host::Local));
    }
    if let Some(dir) = lite_folder(path)? {
        let found = Found {
            script: kind::compose_file(&dir),
            bwdata: dir,
            kind: Some(Kind::Lite),
            ..Found::default()
        };
        return Ok(found.into_installation(Host::Local));
    }
    let bwdata = locate_bwdata(path)?;
    let bwdata = dunce::canonicalize(&bwdata).map_err(|e| Error::from_io(&e, &bwdata))?;
    crate::files::ensure_real_folder(&bwdata.join("env"))?;
    let parent = bwdata.parent().unwrap_or(Path::new("/"));
    let script = ["bitwarden.sh", "bitwarden.ps1"]
        .iter()
        .map(|s| parent.join(s))
        .find(|p| p.is_file());
    let config = read_config(&bwdata.join("config.yml"));
    let found = Found {
        config,
        script,
        bwdata,
        ..Found::default()
    };
    Ok(found.into_installation(Host::Local))
}

/// `path` as the values file of Bitwarden's Helm chart (a YAML file with a `general:` mapping),
/// canonical. Read bounded, as every settings file is.
fn helm_values_file(path: &Path) -> Result<Option<PathBuf>> {
    if Kind::of_settings_file(path) != Kind::Helm || !path.is_file() {
        return Ok(None);
    }
    let bytes =
        crate::files::read_small(path, MAX_ENV_BYTES).map_err(|e| e.into_error(path, MAX_ENV_BYTES))?;
    if !crate::kind::helm_config_map::is_values_file(&String::from_utf8_lossy(&bytes)) {
        return Err(Error::NotABwdata { path: path.into() });
    }
    dunce::canonicalize(path)
        .map(Some)
        .map_err(|e| Error::from_io(&e, path))
}

/// `path` as a Bitwarden lite folder (the folder, or its settings.env), canonical.
fn lite_folder(path: &Path) -> Result<Option<PathBuf>> {
    let named_file = path.file_name().is_some_and(|n| n == kind::LITE_SETTINGS) && path.is_file();
    let dir = match named_file {
        true => crate::files::folder_of(path),
        false => path,
    };
    if !kind::is_lite_folder(dir) {
        return Ok(None);
    }
    dunce::canonicalize(dir)
        .map(Some)
        .map_err(|e| Error::from_io(&e, dir))
}

/// config.yml's text, bounded and never blocking; None when there is none. A FIFO or
/// /dev/zero in its place is a problem to list, and the URL then comes from the env file.
fn read_config(path: &Path) -> Option<Result<String>> {
    match crate::files::read_small(path, CONFIG_LIMIT) {
        Ok(bytes) => Some(Ok(String::from_utf8_lossy(&bytes).into_owned())),
        Err(crate::files::ReadError::Io(e)) if e.kind() == ErrorKind::NotFound => None,
        Err(e) => Some(Err(e.into_error(path, CONFIG_LIMIT))),
    }
}

fn locate_bwdata(path: &Path) -> Result<PathBuf> {
    let meta = fs::metadata(path).map_err(|e| match e.kind() {
        ErrorKind::NotFound => Error::PathMissing { path: path.into() },
        _ => Error::from_io(&e, path),
    })?;
    if meta.is_file() {
        let is_script = path
            .file_name()
            .is_some_and(|n| n == "bitwarden.sh" || n == "bitwarden.ps1");
        return match (is_script, path.parent()) {
            (true, Some(dir)) => locate_bwdata(&dir.join("bwdata")),
            _ => Err(Error::NotABwdata { path: path.into() }),
        };
    }
    if looks_like_bwdata(path)? {
        return Ok(path.into());
    }
    let inner = path.join("bwdata");
    if inner.is_dir() && looks_like_bwdata(&inner)? {
        return Ok(inner);
    }
    Err(Error::NotABwdata { path: path.into() })
}

fn looks_like_bwdata(dir: &Path) -> Result<bool> {
    match fs::read_dir(dir) {
        Ok(_) => Ok(dir.join("config.yml").is_file() || dir.join("env").is_dir()),
        Err(e) if e.kind() == ErrorKind::PermissionDenied => Err(permission_denied(dir)),
        Err(e) => Err(Error::from_io(&e, dir)),
    }
}

/// config.yml's top-level `url`, as YAML reads it (`url: https://vault.example.com # public
/// name` is the URL without the comment). None when it is not YAML or has no such string.
fn url_in(config: &str) -> Option<String> {
    let docs = yaml_rust2::YamlLoader::load_from_str(config).ok()?;
    let url = docs.first()?["url"].as_str()?.trim();
    (!url.is_empty()).then(|| url.to_string())
}

/// The server URL: config.yml first, else what the env file says the vault is, else (lite)
/// `https://` and its BW_DOMAIN, as lite's entrypoint.sh makes it.
pub fn server_url(inst: &Installation, doc: &EnvDoc) -> Option<String> {
    let value = |key| doc.get(key).map(|v| crate::region::normalized(v).to_string());
    inst.url
        .clone()
        .or_else(|| value(VAULT_URL))
        .or_else(|| value(kind::LITE_DOMAIN).map(|d| format!("https://{d}")))
}

/// The installation id of `inst`, read from its env file now.
pub fn id_of(inst: &Installation) -> Result<String> {
    let doc = inst.kind.view(&inst.read_env()?.bytes);
    installation_id(&doc, &inst.env_file)
}

/// The installation id from the settings file (its kind's key), which must be a GUID.
pub fn installation_id(doc: &EnvDoc, env_file: &Path) -> Result<String> {
    let kind = Kind::of_settings_file(env_file);
    let key = kind.id_key();
    let Some(raw) = doc.get(key) else {
        return Err(kind.id_missing(env_file));
    };
    let id = crate::region::normalized(raw);
    if !is_guid(id) {
        let line = doc.line_of(key).unwrap_or(0);
        return Err(Error::InstallationIdInvalid {
            path: env_file.into(),
            line,
        });
    }
    Ok(id.to_ascii_lowercase())
}
