//! Reading what bitwarden.sh prints: colour codes stripped, and the lines that tell how a
//! restart is going (see bitwarden.sh and run.sh in bitwarden/self-host).

use crate::kind::Done;
use serde::Serialize;

/// Printed by the setup container at the end of a successful start/restart.
pub const UP_AND_RUNNING: &str = "Bitwarden is up and running!";
const NO_INSTALLATION: &str = "Cannot find a Bitwarden installation at";
const NO_COMMAND: &str = "No command found.";
const NO_COMPOSE: &str = "Neither 'docker compose' nor 'docker-compose' commands were found";
/// What docker says to `docker compose up -d` without its Compose plugin (docker 28 reads
/// `compose` as an argument and trips on `-d`; older ones name the command).
const NO_COMPOSE_PLUGIN: [&str; 2] = [
    "unknown shorthand flag: 'd' in -d",
    "'compose' is not a docker command",
];
/// bitwarden.sh prints it once it has passed its root question and its Compose check.
const VERSION_LINE: &str = "bitwarden.sh version ";

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "snake_case")]
pub enum Stream {
    Stdout,
    Stderr,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct OutputLine {
    pub stream: Stream,
    pub text: String,
}

/// Why a run failed, as far as its output tells.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "snake_case")]
pub enum FailureCause {
    /// "Cannot find a Bitwarden installation at …": bwdata is not beside the script.
    NoInstallation,
    /// "No command found.": this bitwarden.sh does not know the command (it still exits 0).
    UnknownCommand,
    /// Docker Compose is not installed.
    NoCompose,
    /// Anything else: read the log.
    Unknown,
}

/// What the lines seen so far say.
#[derive(Debug, Default, Clone)]
pub struct Progress {
    /// Containers were stopped or removed: from here on the server is down until they start.
    pub stopped: bool,
    /// Containers were created or started after that.
    pub started: bool,
    /// The script got past its own checks, on its way to run.sh.
    pub past_checks: bool,
    pub up_and_running: bool,
    /// A container was started after the last one stopped (docker compose's "Started").
    pub up_again: bool,
    pub cause: Option<FailureCause>,
}

impl Progress {
    pub fn observe(&mut self, line: &str) {
        // Compose names a container `<project>-<service>-1` (lite: "lite-bitwarden-1"), or
        // by its container_name (the standard one: "bitwarden-api").
        let container = line.contains("bitwarden-");
        // docker compose v2 (" Container bitwarden-api  Stopped"; up -d over a changed
        // container: "Recreate") and v1 ("Stopping bitwarden-api ... done").
        if container
            && ["Stopping", "Stopped", "Removing", "Removed", "Recreate"]
                .iter()
                .any(|w| line.contains(w))
        {
            self.stopped = true;
            self.up_again = false;
        }
        if container && line.trim_end().ends_with("Started") {
            self.up_again = true;
        }
        if container
            && ["Creating", "Created", "Starting", "Started"]
                .iter()
                .any(|w| line.contains(w))
        {
            self.started = true;
        }
        if line.starts_with(VERSION_LINE) {
            self.past_checks = true;
        }
        if line.contains(UP_AND_RUNNING) {
            self.up_and_running = true;
        }
        let cause = [
            (NO_INSTALLATION, FailureCause::NoInstallation),
            (NO_COMMAND, FailureCause::UnknownCommand),
            (NO_COMPOSE, FailureCause::NoCompose),
        ]
        .into_iter()
        .chain(NO_COMPOSE_PLUGIN.map(|t| (t, FailureCause::NoCompose)))
        .find(|(text, _)| line.contains(text));
        if let Some((_, c)) = cause {
            self.cause.get_or_insert(c);
        }
    }

    /// The containers are not running and were not started again: this run stopped them, or
    /// they were stopped already, since run.sh's dockerComposeDown then skips `down` silently
    /// (bitwarden/self-host run.sh). Either way, once the script is past its own checks and
    /// has not named a failure, start/restart leaves no container running until "up" (a cancel
    /// in the instant of `docker compose ps` is the one case counted down too early).
    ///
    /// Where the kind's run has no closing line (`done` is not UpAndRunning: docker compose up
    /// -d, bitwarden.ps1), a container started after the last stop is up.
    pub fn server_down(&self, done: Done) -> bool {
        if done != Done::UpAndRunning {
            return self.stopped && !self.up_again;
        }
        let past_down = self.past_checks && self.cause.is_none();
        (self.stopped || past_down) && !self.up_and_running
    }
}

/// Drops terminal colour codes (`ESC [ … m`): the script colours its root warning red.
pub fn strip_ansi(raw: &str) -> String {
    let mut out = String::with_capacity(raw.len());
    let mut chars = raw.chars().peekable();
    while let Some(c) = chars.next() {
        if c == '\u{1b}' && chars.peek() == Some(&'[') {
            for c in chars.by_ref() {
                if c.is_ascii_alphabetic() {
                    break;
                }
            }
        } else if c != '\r' {
            out.push(c);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn strips_colour_codes_and_carriage_returns() {
        assert_eq!(
            strip_ansi("\u{1b}[0;31mWARNING: root\u{1b}[0m\r"),
            "WARNING: root"
        );
    }

    #[test]
    fn tells_stopped_from_up_and_running() {
        let mut p = Progress::default();
        p.observe(" Container bitwarden-nginx  Stopped");
        assert!(p.server_down(Done::UpAndRunning));
        p.observe(" Container bitwarden-nginx  Started");
        p.observe("Bitwarden is up and running!");
        assert!(!p.server_down(Done::UpAndRunning) && p.started);
    }

    #[test]
    fn already_stopped_containers_are_down_without_a_stop_line() {
        let mut p = Progress::default();
        p.observe("bitwarden.sh version 2026.8.0");
        assert!(
            p.server_down(Done::UpAndRunning),
            "run.sh skips down when nothing runs"
        );
        p.observe("Cannot find a Bitwarden installation at /opt/bitwarden/bwdata.");
        assert!(
            !p.server_down(Done::UpAndRunning),
            "the script stopped before run.sh"
        );
    }

    #[test]
    fn a_recreated_container_is_down_until_it_started_again() {
        let mut p = Progress::default();
        p.observe(" Container lite-db-1  Running");
        assert!(!p.server_down(Done::ExitZero), "nothing stopped");
        p.observe(" Container lite-bitwarden-1  Recreate");
        p.observe(" Container lite-bitwarden-1  Recreated");
        p.observe(" Container lite-bitwarden-1  Starting");
        assert!(p.server_down(Done::ExitZero));
        p.observe(" Container lite-bitwarden-1  Started");
        assert!(!p.server_down(Done::ExitZero) && p.up_again);
    }

    #[test]
    fn docker_without_its_compose_plugin_is_no_compose() {
        let mut p = Progress::default();
        p.observe("unknown shorthand flag: 'd' in -d");
        assert_eq!(p.cause, Some(FailureCause::NoCompose));
    }

    #[test]
    fn names_known_failures() {
        let mut p = Progress::default();
        p.observe("Cannot find a Bitwarden installation at /opt/bitwarden/bwdata.");
        assert_eq!(p.cause, Some(FailureCause::NoInstallation));
    }
}
