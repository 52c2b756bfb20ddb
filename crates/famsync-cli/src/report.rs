//! `famsync report`: the diagnostics report (famsync_core::report) for a support ticket, to
//! standard output or a private file. It holds no secret; it is still the owner's to share.

use crate::args::Cli;
use crate::commands::Failure;
use crate::{check, locate, progress};
use famsync_core::cloud::Clouds;
use famsync_core::report::{self, Existing, Extras};
use famsync_core::status;
use std::path::{Path, PathBuf};

pub fn run(cli: &Cli, output: Option<&Path>, force: bool, no_checks: bool) -> Result<u8, Failure> {
    let inst = locate::installation(&cli.global)?;
    // A failed check is part of what the report tells, not a reason to write none.
    let readiness = (!no_checks)
        .then(|| check::readiness(&inst, None, &Clouds::from_env()).ok())
        .flatten();
    let progress = status::current(&inst)
        .ok()
        .and_then(|r| progress::of(&r))
        .map(|(record, p)| serde_json::json!({ "record": record, "steps": p }));
    let text = report::build(
        &inst,
        famsync_core::serverlog::server_today(),
        Extras {
            famsync_version: env!("CARGO_PKG_VERSION"),
            generated: chrono::Utc::now().to_rfc3339(),
            front_end: "cli",
            readiness,
            progress,
            own_log: app_log_file().map(|f| report::own_log(&f)).unwrap_or_default(),
        },
    );
    // `-o -` is standard output, as for most tools.
    match output.filter(|p| *p != Path::new("-")) {
        None => println!("{text}"),
        Some(path) => {
            let existing = if force {
                Existing::Replace
            } else {
                Existing::Refuse
            };
            report::save(&inst, path, &text, existing)?;
            eprintln!(
                "Report written to {} (no secrets in it; read it before you share it).",
                path.display()
            );
        }
    }
    Ok(crate::messages::exit::OK)
}

/// The desktop app's log (tauri-plugin-log writes it in the app's data folder).
/// Without a data folder there is none (the app never writes it elsewhere).
pub fn app_log_file() -> Option<PathBuf> {
    dirs::data_dir().map(|d| d.join("org.famsync.desktop/logs/famsync.log"))
}
