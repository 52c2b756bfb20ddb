//! `famsync`: the headless front end over famsync-core.

mod args;
mod check;
mod check_words;
mod commands;
mod links;
mod locate;
mod log_words;
mod messages;
mod progress;
mod render;
mod report;
mod restart;
mod token;
mod trust;
mod watch;

use args::Cli;
use clap::Parser;
use std::process::ExitCode;

fn main() -> ExitCode {
    quiet_when_stdout_closes();
    let cli = Cli::parse();
    let code = match commands::run(&cli) {
        Ok(code) => code,
        Err(failure) => commands::report(&failure, cli.global.json),
    };
    ExitCode::from(code)
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
