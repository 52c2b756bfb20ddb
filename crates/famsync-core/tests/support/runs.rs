//! Running an installation's restart to its end, keeping what it printed.

#![allow(dead_code)] // shared by several tests; each uses a subset

use famsync_core::runner::{self, Cancel, Outcome, RunOptions, ScriptCommand};
use famsync_core::Installation;

/// `runner::run` of a restart with `opts`, and every line it printed.
pub fn restart(inst: &Installation, opts: &RunOptions) -> (Outcome, Vec<String>) {
    let mut lines = Vec::new();
    let outcome = runner::run(inst, ScriptCommand::Restart, opts, &Cancel::default(), &mut |l| {
        lines.push(l.text.clone())
    })
    .unwrap();
    (outcome, lines)
}
