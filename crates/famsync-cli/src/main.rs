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
    let cli = Cli::parse();
    let code = match commands::run(&cli) {
        Ok(code) => code,
        Err(failure) => commands::report(&failure, cli.global.json),
    };
    ExitCode::from(code)
}
