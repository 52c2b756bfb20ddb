//! Which installation a command works on: --sample, --host / FAMSYNC_HOST (over SSH),
//! --bwdata / FAMSYNC_BWDATA, or discovery.

use crate::args::Global;
use crate::commands::{confirm, Asked, Failure};
use famsync_core::remote::{accept_host_key, Session, SshOptions};
use famsync_core::{install, sample, Error, Host, Installation};
use std::io::IsTerminal;
use std::path::PathBuf;
use std::sync::Arc;

static DATA_DIR: std::sync::OnceLock<PathBuf> = std::sync::OnceLock::new();

/// Chooses famsync's own folder, once, before any command runs (see own_folder: never /tmp).
/// FAMSYNC_DATA_DIR, when set and not empty, names it instead of the platform's data folder
/// (the Windows one cannot be moved by the environment, so tests under Wine need this too).
pub fn choose_data_dir() -> Result<(), Error> {
    let named = std::env::var_os("FAMSYNC_DATA_DIR")
        .filter(|d| !d.is_empty())
        .map(PathBuf::from);
    let data = named.or_else(|| dirs::data_dir().map(|d| d.join("famsync")));
    let chosen = famsync_core::own_folder::choose_here(data, "famsync")?;
    let _ = DATA_DIR.set(chosen);
    Ok(())
}

/// famsync's own folder, as [`choose_data_dir`] chose it.
pub fn data_dir() -> PathBuf {
    DATA_DIR
        .get()
        .cloned()
        .expect("choose_data_dir runs before any command")
}

/// famsync's own known_hosts (keys accepted here), FAMSYNC_SSH_CONFIG instead of
/// ~/.ssh/config when set, and ssh's own prompts when a person is at the terminal.
pub fn ssh_options() -> SshOptions {
    SshOptions {
        known_hosts: data_dir().join("known_hosts"),
        config: std::env::var_os("FAMSYNC_SSH_CONFIG").map(PathBuf::from),
        interactive: std::io::stdin().is_terminal() && std::io::stderr().is_terminal(),
        identity: None,
        askpass: None,
        link: Default::default(),
        waits: Default::default(),
    }
}

pub fn installation(global: &Global) -> Result<Installation, Failure> {
    let data = data_dir();
    if global.sample {
        return Ok(sample::open(&data, false)?);
    }
    let host = match &global.host {
        Some(target) => Host::Ssh(Arc::new(connect(target)?)),
        None => Host::Local,
    };
    let mut inst = install::open_on(&host, global.bwdata.as_deref())?;
    inst.sample = host == Host::Local && sample::is_sample(&inst, &data);
    if let (Some(name), Some(namespace)) = (&global.release, &global.namespace) {
        inst.release = Some(famsync_core::kind::Release {
            name: name.clone(),
            namespace: namespace.clone(),
        });
    }
    Ok(inst)
}

/// How to call famsync again for this installation, for the hints famsync prints.
pub fn invocation(inst: &Installation) -> String {
    match inst.host.name() {
        Some(host) => format!("famsync --host {host}"),
        None => "famsync".into(),
    }
}

/// The options that name this installation again, after a command (its options are global):
/// discovery may not find it (as root it skips the current folder), and never the sample.
pub fn naming(inst: &Installation) -> String {
    if inst.sample {
        " --sample".into()
    } else if inst.bwdata == std::path::Path::new(famsync_core::install::REMOTE_CANDIDATES[0]) {
        String::new()
    } else {
        // A values file is named itself: its folder is no installation.
        let named = match inst.kind {
            famsync_core::kind::Kind::Helm => &inst.env_file,
            _ => &inst.bwdata,
        };
        let path = named.to_string_lossy();
        let release = inst.release.as_ref().map_or(String::new(), |r| {
            let q = famsync_core::remote::quote;
            format!(" --release {} --namespace {}", q(&r.name), q(&r.namespace))
        });
        format!(" --bwdata {}{release}", famsync_core::remote::quote(&path))
    }
}

/// A path as the owner should read it: `server:path` on another machine.
pub fn shown(inst: &Installation, path: &std::path::Path) -> String {
    match inst.host.name() {
        Some(host) => format!("{host}:{}", path.display()),
        None => path.display().to_string(),
    }
}

/// Connects; an unknown host key is shown, and at a terminal the owner may accept it there.
fn connect(target: &str) -> Result<Session, Failure> {
    let opts = ssh_options();
    match Session::connect(target, &opts) {
        Err(Error::SshHostKeyUnknown { host, fingerprint }) if opts.interactive => {
            eprintln!(
                "famsync does not know the host key of {host} yet:\n  {fingerprint}\nCompare it with the server's own (ssh-keygen -lf /etc/ssh/ssh_host_ed25519_key.pub, run there)."
            );
            confirm(
                false,
                Asked::HostKey,
                "Do the fingerprints match? Accept this key? [y/N] ",
            )?;
            accept_host_key(target, &fingerprint, &opts)?;
            Ok(Session::connect(target, &opts)?)
        }
        other => Ok(other?),
    }
}
