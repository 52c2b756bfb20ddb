//! famsync's stand-in for Windows PowerShell running bitwarden.ps1 (bitwarden/self-host
//! v2026.8.0: bitwarden.ps1 and run.ps1), for the Windows tests under Wine only, and no Docker.
//! It takes the command line Windows PowerShell 5.1 takes (`-NoProfile -NonInteractive -File
//! <script> -restart`, in any order before -File, as powershell.exe does) and refuses any
//! other; then behaves as bitwarden.ps1 -restart does where famsync can see it: the banner,
//! "bitwarden.ps1 version", the docker lines, Test-Output-Dir-Exists's error when bwdata is not
//! beside the script, run.ps1's Restart (docker-compose down only when containers run, pull,
//! up, on stderr as docker-compose writes them), and Print-Environment's `docker run -it`,
//! which fails without a console ("the input device is not a TTY") and leaves PowerShell's
//! exit code at 1.
//!
//! Every call is appended to `standin-powershell.log` beside the script (its arguments, one per
//! line, then "--"); with STANDIN_STATE set it writes there what the loopback server stand-in
//! should show, as tests/standin/bitwarden.sh does.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

const SERVICES: [&str; 4] = ["mssql", "api", "identity", "nginx"];

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let Some((script, switch)) = parse(&args) else {
        eprintln!("famsync's stand-in PowerShell: unexpected command line {args:?}");
        return ExitCode::from(64);
    };
    log(&script, &args);
    if !script.is_file() {
        println!(
            "The argument '{}' to the -File parameter does not exist. Provide the path to an existing '.ps1' file as an argument to the -File parameter.",
            script.display()
        );
        return ExitCode::from(255);
    }
    banner();
    let output = script.parent().unwrap_or(Path::new(".")).join("bwdata");
    if !output.is_dir() {
        eprintln!("Cannot find a Bitwarden installation at {}.", output.display());
        eprintln!("At {}:48 char:9", script.display());
        return ExitCode::from(1);
    }
    match switch.as_str() {
        "-restart" | "-start" => restart(&output),
        _ => {
            println!("No command found.");
            ExitCode::SUCCESS
        }
    }
}

/// PowerShell's own switches before -File, the script, then the script's arguments.
fn parse(args: &[String]) -> Option<(PathBuf, String)> {
    let file = args.iter().position(|a| a.eq_ignore_ascii_case("-File"))?;
    let known = ["-NoProfile", "-NonInteractive"];
    let own_ok = args[..file]
        .iter()
        .all(|a| known.iter().any(|k| k.eq_ignore_ascii_case(a)));
    match &args[file + 1..] {
        [script, switch] if own_ok => Some((PathBuf::from(script), switch.to_ascii_lowercase())),
        _ => None,
    }
}

fn log(script: &Path, args: &[String]) {
    let Some(dir) = script.parent() else { return };
    let mut text = std::fs::read_to_string(dir.join("standin-powershell.log")).unwrap_or_default();
    for a in args {
        text.push_str(a);
        text.push('\n');
    }
    text.push_str("--\n");
    let _ = std::fs::write(dir.join("standin-powershell.log"), text);
}

fn banner() {
    println!(" _     _ _                         _");
    println!("| |__ (_) |___      ____ _ _ __ __| | ___ _ __");
    println!();
    println!("Open source password management solutions");
    println!("===================================================");
    println!();
    println!("bitwarden.ps1 version 2026.8.0");
    println!("Docker version 28.2.2, build e6534b4");
    println!("Docker Compose version v2.29.7");
    println!();
}

fn restart(output: &Path) -> ExitCode {
    let state = std::env::var_os("STANDIN_STATE").map(PathBuf::from);
    let stopped = output.join("standin.stopped");
    // run.ps1's Docker-Compose-Down: `down` only when `docker-compose ps` lists containers.
    if !stopped.exists() {
        let _ = std::fs::write(&stopped, "");
        if let Some(s) = &state {
            let _ = std::fs::write(s, "down\n");
        }
        for s in SERVICES {
            for word in ["Stopping", "Stopped", "Removing", "Removed"] {
                eprintln!(" Container bitwarden-{s}  {word}");
            }
        }
    }
    for s in SERVICES {
        eprintln!(" {s} Pulled");
    }
    for s in SERVICES {
        eprintln!(" Container bitwarden-{s}  Created");
    }
    for s in SERVICES {
        eprintln!(" Container bitwarden-{s}  Started");
    }
    let _ = std::fs::remove_file(&stopped);
    let env = output.join("env").join("global.override.env");
    if let Some(s) = &state {
        let _ = std::fs::copy(&env, s);
    }
    // Print-Environment: `docker run -it … setup`, with no console to give it.
    println!("2026.8.0: Pulling from bitwarden/setup");
    eprintln!(
        "the input device is not a TTY.  If you are using mintty, try prefixing the command with 'winpty'"
    );
    ExitCode::from(1)
}
