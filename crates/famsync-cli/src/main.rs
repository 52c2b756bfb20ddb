//! `famsync`: the headless front end over famsync-core.

mod args;
mod check;
mod check_words;
mod commands;
mod links;
mod locate;
mod log_words;
mod login;
mod messages;
mod platform;
mod progress;
mod render;
mod report;
mod restart;
mod secret_input;
mod server_word;
mod token;
mod trust;
mod watch;

use args::Cli;
use clap::Parser;
use std::process::ExitCode;

fn main() -> ExitCode {
    quiet_when_stdout_closes();
    unset_empty_settings();
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) => return usage_error(&e),
    };
    let code = match commands::run(&cli) {
        Ok(code) => code,
        Err(failure) => commands::report(&failure, cli.global.json),
    };
    ExitCode::from(code)
}

/// FAMSYNC_BWDATA="" or FAMSYNC_HOST="" (set empty, as a shell profile or a service file may
/// leave them) is as if unset, where clap would refuse an empty value: famsync then looks in
/// the usual places, on this machine. Done first, before any thread could read the environment.
fn unset_empty_settings() {
    for name in ["FAMSYNC_BWDATA", "FAMSYNC_HOST"] {
        if std::env::var_os(name).is_some_and(|v| v.is_empty()) {
            std::env::remove_var(name);
        }
    }
}

/// A command line clap refuses (or --help, --version): as clap prints it, or with --json
/// anywhere on the line, as famsync's JSON error (code `usage`) with clap's words in it.
fn usage_error(e: &clap::Error) -> ExitCode {
    use clap::error::ErrorKind;
    let json = std::env::args_os().any(|a| a == "--json");
    let informational = matches!(e.kind(), ErrorKind::DisplayHelp | ErrorKind::DisplayVersion);
    if !json || informational {
        e.exit();
    }
    let message = e.render().to_string();
    let error = serde_json::json!({ "code": "usage", "message": message.trim() });
    println!("{}", serde_json::json!({ "error": error, "exit_code": 2 }));
    ExitCode::from(2)
}

/// `famsync status | head` closes standard output early. Rust ignores SIGPIPE, so the next
/// print panics; end quietly instead, with the status a Unix tool killed by SIGPIPE has.
fn quiet_when_stdout_closes() {
    let default = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        let text = info.payload().downcast_ref::<String>().map_or("", String::as_str);
        if text.starts_with("failed printing to stdout") && text.contains("Broken pipe") {
            std::process::exit(128 + 13);
        }
        default(info);
    }));
}
