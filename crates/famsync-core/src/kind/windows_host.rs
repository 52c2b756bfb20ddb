//! The standard installation on a Windows host: `bitwarden.ps1` beside `bwdata\`
//! (bitwarden/self-host's bitwarden.ps1 and run.ps1), the same files as the standard one.
//! A restart is `bitwarden.ps1 -restart` through Windows PowerShell, run as famsync's own
//! user: bitwarden.ps1 asks nothing and famsync never elevates (docker needs the user in
//! docker-users, as it does for the owner's own shell).

use super::standard::script_of;
use super::{Apply, Done, Program, Rules};
use crate::error::{Error, Result};
use crate::host::Host;
use crate::install::Installation;
use crate::runner::ScriptCommand;
use std::path::{Path, PathBuf};

pub struct WindowsHost;

impl Rules for WindowsHost {
    fn apply(&self, inst: &Installation, command: ScriptCommand) -> Result<Apply> {
        let script = script_of(inst)?;
        let folder: PathBuf = crate::files::folder_of(&script).into();
        // PowerShell runs here only on Windows; a bitwarden.ps1 seen from elsewhere (a share,
        // a server over SSH) is for the owner to run there.
        let powershell = match inst.host {
            Host::Local => crate::platform::powershell::path(),
            Host::Ssh(_) => None,
        };
        let Some(powershell) = powershell else {
            return Err(Error::ApplyByHand {
                command: format!(".\\bitwarden.ps1 -{}", command.arg()),
                folder,
            });
        };
        Ok(Apply {
            also_trusted: Some(inst.bwdata.join("scripts").join("run.ps1")),
            program: Program::At(powershell),
            args: arguments(&script, command),
            folder,
            // run.ps1's last step (Print-Environment) runs `docker run -it`, which fails without
            // a console and leaves no "up and running" line: the containers' start says it.
            done: Done::Started,
            asks_root: false,
            then: None,
            trusted: script,
        })
    }
}

/// `-NoProfile`: the owner's profile is not part of a restart; `-NonInteractive`: nothing can
/// wait on a prompt. No `-ExecutionPolicy`: the machine's policy is its administrator's, and
/// a script it blocks is reported as such.
fn arguments(script: &Path, command: ScriptCommand) -> Vec<String> {
    let script = script.display().to_string();
    let switch = format!("-{}", command.arg());
    ["-NoProfile", "-NonInteractive", "-File", &script, &switch]
        .map(String::from)
        .to_vec()
}
