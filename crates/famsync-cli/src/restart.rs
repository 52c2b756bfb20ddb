//! `famsync restart` and `famsync start`: run bitwarden.sh with its output live on the terminal,
//! Ctrl-C to cancel, then wait until the server answers in the region the settings name.

use crate::args::{Cli, RunArgs};
use crate::commands::{block_on, confirm, Asked, Failure};
use crate::locate;
use crate::messages::exit;
use famsync_core::kind::{Apply, Program};
use famsync_core::restart::{self, Event};
use famsync_core::runner::{self, Cancel, FailureCause, Outcome, RunOptions, ScriptAccount, ScriptCommand};
use famsync_core::server::{self, ServerReport};
use serde_json::json;
use std::sync::OnceLock;
use std::time::Duration;

pub fn run(cli: &Cli, command: ScriptCommand, args: &RunArgs) -> Result<u8, Failure> {
    let json = cli.global.json;
    let inst = locate::installation(&cli.global)?;
    let settings = restart::target(&inst, &locate::data_dir(), server::url_override());
    if settings.overridden && !json {
        let shown = settings.url.as_deref().unwrap_or_default();
        println!(
            "NOTE: checking the server at {shown} (from FAMSYNC_SERVER_URL), not the installation's own URL."
        );
    }
    // Checked before asking, so a script famsync would not run (or an installation whose
    // apply is the owner's own command) is refused before the owner agrees to anything; the
    // run checks again.
    let apply = inst.kind.apply(&inst, command)?;
    let account = runner::account_of(&inst, &apply)?;
    if !json {
        println!("{}", ask_text(&apply, account.as_ref(), inst.host.is_root()));
    }
    let name = apply.name();
    confirm(args.yes, Asked::Restart, "Go ahead? [y/N] ")?;
    let cancel = Cancel::default();
    cancel_on_ctrl_c(&cancel);
    let opts = RunOptions {
        timeout: Duration::from_secs(args.timeout),
        root_consent: true,
        ..RunOptions::default()
    };
    let wait = Duration::from_secs(args.wait);
    let finished = block_on(restart::run_and_wait(
        &inst,
        &settings,
        &locate::data_dir(),
        (apply, opts, wait),
        &cancel,
        move |event| print_event(&event, json),
    ))?;
    let (outcome, health) = (finished.outcome, finished.health);
    let code = exit_code(&outcome, health.as_ref());
    if json {
        println!(
            "{}",
            json!({ "outcome": outcome, "health": health, "exit_code": code })
        );
    } else {
        print!(
            "{}",
            summary(&outcome, health.as_ref(), settings.url.as_deref(), &name)
        );
    }
    Ok(code)
}

fn print_event(event: &Event, json: bool) {
    match event {
        Event::Line { line } if json => println!("{}", json!({ "line": line })),
        Event::Line { line } => println!("{}", line.text),
        Event::WaitingForServer { url } if !json => println!("\nWaiting for the server at {url} to answer…"),
        Event::WaitingForServer { .. } => {}
    }
}

/// What famsync is about to run, which script (and whose), as whom. `account` is None over
/// SSH, where the login (`login_is_root`) runs the script.
fn ask_text(apply: &Apply, account: Option<&ScriptAccount>, login_is_root: bool) -> String {
    let mut text = format!("famsync will run, in {}:", apply.folder.display());
    for (i, line) in apply.shown_all().iter().enumerate() {
        text.push_str(&format!("\n  {}{line}", if i > 0 { "then " } else { "" }));
    }
    if let Some(a) = account {
        let (file, owner, runs_as) = (a.script.display(), &a.owner, &a.runs_as);
        let line = match apply.program {
            Program::Trusted => format!("Script: {file} (owner {owner}), run as {runs_as}."),
            _ => format!("Run as {runs_as}, with {file} (owner {owner})."),
        };
        text.push_str(&format!("\n{line}"));
    }
    text.push_str("\nBitwarden is unavailable while it restarts.");
    let as_root = apply.asks_root && account.map_or(login_is_root, |a| a.as_root);
    if as_root {
        text.push_str(
            "\nfamsync runs as root: bitwarden.sh asks root to confirm, and famsync will answer yes.",
        );
    }
    text
}

fn exit_code(outcome: &Outcome, health: Option<&ServerReport>) -> u8 {
    match outcome {
        Outcome::UpAndRunning { .. }
            if health.is_some_and(|h| h.healthy() && h.warnings.iter().all(|w| w.is_certificate_note())) =>
        {
            exit::OK
        }
        Outcome::UpAndRunning { .. } => exit::UNHEALTHY,
        Outcome::Failed {
            server_down: true, ..
        } => exit::SERVER_DOWN,
        Outcome::Failed { .. } => exit::RESTART_FAILED,
        Outcome::TimedOut { .. } => exit::TIMED_OUT,
        Outcome::Cancelled { .. } => exit::CANCELLED,
    }
}

fn summary(outcome: &Outcome, health: Option<&ServerReport>, url: Option<&str>, name: &str) -> String {
    let down = "Bitwarden is DOWN: its containers were stopped and not started again.\n  Bring it back up with: famsync start\n";
    match outcome {
        Outcome::UpAndRunning { .. } => health.map(|h| health_text(h, url, name)).unwrap_or_default(),
        Outcome::Failed {
            server_down: true, ..
        }
        | Outcome::TimedOut { server_down: true }
        | Outcome::Cancelled { server_down: true } => {
            format!("{}{down}", ending(outcome, name))
        }
        _ => ending(outcome, name),
    }
}

fn ending(outcome: &Outcome, name: &str) -> String {
    match outcome {
        Outcome::Failed { exit_code, cause, .. } => format!(
            "\n{name} failed (exit {}): {}\n",
            exit_code.unwrap_or(-1),
            cause_text(*cause)
        ),
        Outcome::TimedOut { .. } => format!("\n{name} did not finish in time and was stopped.\n"),
        Outcome::Cancelled { .. } => format!("\nCancelled: {name} was stopped.\n"),
        Outcome::UpAndRunning { .. } => String::new(),
    }
}

fn cause_text(cause: FailureCause) -> &'static str {
    match cause {
        FailureCause::NoInstallation => "it found no bwdata beside it. Run famsync with --bwdata pointing at the bwdata next to that bitwarden.sh.",
        FailureCause::UnknownCommand => "this bitwarden.sh does not know the command. Update it: ./bitwarden.sh updateself",
        FailureCause::NoCompose => "Docker Compose is not installed. Install it, then run famsync start.",
        FailureCause::Unknown => "read its output above for the reason.",
    }
}

fn health_text(h: &ServerReport, url: Option<&str>, name: &str) -> String {
    let url = url.unwrap_or("the server");
    let notes: String = h
        .warnings
        .iter()
        .filter(|w| w.is_certificate_note())
        .map(|w| {
            // Certificate notes read the same for every kind.
            let (message, fix) = crate::check_words::warning_words(w, famsync_core::kind::Kind::Standard);
            format!("NOTE: {message}\n  {fix}\n")
        })
        .collect();
    let first = h.warnings.iter().find(|w| !w.is_certificate_note());
    let text = match (&h.config, &h.alive_error, first) {
        (Some(c), None, None) => format!(
            "\nThe server at {url} is up: version {}, region {}.\n",
            c.version,
            c.cloud_region.as_deref().unwrap_or("not reported")
        ),
        (_, _, Some(server::ServerWarning::RegionMismatch { expected, reported })) => format!(
            "\nThe server at {url} is up but reports region {reported}, not {expected}: it did not load the new settings. Check the env file and restart again.\n"
        ),
        _ => format!("\n{name} finished, but the server at {url} did not answer in time. Check that it is reachable from here, and its logs.\n"),
    };
    text + &notes
}

static INTERRUPT: OnceLock<Cancel> = OnceLock::new();

fn on_interrupt() {
    if let Some(cancel) = INTERRUPT.get() {
        cancel.cancel();
    }
}

/// bitwarden.sh runs in its own process group, so Ctrl-C reaches only famsync: turn it into a
/// cancel, which stops the whole group, instead of leaving the script running orphaned.
fn cancel_on_ctrl_c(cancel: &Cancel) {
    let _ = INTERRUPT.set(cancel.clone());
    // The handler only stores to an atomic flag, which is async-signal-safe.
    crate::platform::interrupt::on_ctrl_c(on_interrupt);
}
