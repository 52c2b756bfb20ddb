//! The standard installation: `bitwarden.sh` beside `bwdata/` (bitwarden/self-host's
//! bitwarden.sh and run.sh). Its settings are `bwdata/env/global.override.env`; a restart is
//! `bitwarden.sh restart`, which runs `bwdata/scripts/run.sh`.

use super::{Apply, Done, Program, Rules};
use crate::error::{Error, Result};
use crate::install::Installation;
use crate::runner::ScriptCommand;
use std::path::PathBuf;

pub struct Standard;

impl Rules for Standard {
    fn apply(&self, inst: &Installation, command: ScriptCommand) -> Result<Apply> {
        let script = script_of(inst)?;
        Ok(Apply {
            also_trusted: Some(inst.bwdata.join("scripts").join("run.sh")),
            program: Program::Trusted,
            args: vec![command.arg().into()],
            folder: crate::files::folder_of(&script).into(),
            done: Done::UpAndRunning,
            asks_root: true,
            then: None,
            trusted: script,
        })
    }
}

/// The script beside bwdata, or where it should be.
pub fn script_of(inst: &Installation) -> Result<PathBuf> {
    inst.script.clone().ok_or_else(|| Error::ScriptMissing {
        dir: crate::files::folder_of(&inst.bwdata).into(),
    })
}
