//! `famsync watch`: a JSON line for every change to the installation, as it happens, with
//! what cloud communication looks like after an env file change. Runs until interrupted.

use crate::args::Cli;
use crate::commands::Failure;
use crate::locate;
use crate::messages::exit;
use famsync_core::status;
use famsync_core::watch::{self, Change, DEBOUNCE};
use serde_json::json;
use std::io::Write;

pub fn run(cli: &Cli) -> Result<u8, Failure> {
    let inst = locate::installation(&cli.global)?;
    let w = watch::watch(&inst, DEBOUNCE)?;
    let mut out = std::io::stdout().lock();
    while let Ok(change) = w.changes.recv() {
        let at = chrono::Utc::now().to_rfc3339_opts(chrono::SecondsFormat::Millis, true);
        let mut line = json!({ "at": at, "change": change });
        if change == Change::EnvFile {
            // The file may be mid-edit or gone; the event still counts, with what could be read.
            match status::current(&inst) {
                Ok(r) => line["cloud_communication"] = json!(r.cloud_communication),
                Err(e) => line["error"] = json!(e),
            }
        }
        let _ = writeln!(out, "{line}");
        let _ = out.flush();
    }
    Ok(exit::OK)
}
