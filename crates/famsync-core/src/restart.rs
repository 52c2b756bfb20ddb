//! Applying the settings, around the runner: what a restart needs from the settings (read once
//! before it starts, since they are what the containers will load), the wait for the server
//! afterwards, and the record of which file content it runs with. Also the owner's "I restarted
//! it myself", which is believed only when the server shows it. Shared by the CLI and the window.

use crate::error::Result;
use crate::http::{self, Http};
use crate::install::{self, Installation};
use crate::kind::Apply;
use crate::region::{self, Region};
use crate::runner::{self, Cancel, Outcome, OutputLine, RunOptions};
use crate::server::{self, ServerReport};
use crate::tls::Pin;
use serde::Serialize;
use std::path::Path;
use std::time::Duration;

/// Per request while waiting for the server.
const REQUEST_TIMEOUT: Duration = Duration::from_secs(5);

/// The server a restart is checked against.
#[derive(Debug, Clone)]
pub struct Target {
    /// Where to check the server, and whether FAMSYNC_SERVER_URL chose it (front ends say so).
    pub url: Option<String>,
    pub overridden: bool,
    pub installation_id: Option<String>,
    /// The region the settings name: the server must report it once it has loaded them.
    pub region: Option<Region>,
    trusted: Option<Pin>,
}

/// The installation's server, or the one at `override_url` (FAMSYNC_SERVER_URL: tests).
pub fn target(inst: &Installation, data_dir: &Path, override_url: Option<String>) -> Target {
    let doc = inst.read_env().ok().map(|s| inst.kind.view(&s.bytes));
    let installation_id = doc
        .as_ref()
        .and_then(|d| install::installation_id(d, &inst.env_file).ok());
    Target {
        overridden: override_url.is_some(),
        url: override_url.or_else(|| doc.as_ref().and_then(|d| install::server_url(inst, d))),
        trusted: installation_id
            .as_deref()
            .and_then(|id| crate::trust::pinned(data_dir, id)),
        installation_id,
        region: doc.as_ref().and_then(|d| region::read_state(d).region),
    }
}

impl Target {
    fn client(&self) -> Http {
        http::trusting(REQUEST_TIMEOUT, self.trusted.as_ref())
    }

    fn base(&self) -> &str {
        self.url.as_deref().unwrap_or("https://localhost")
    }

    /// Waits (with backoff, at most `within`) until the server answers in the expected region.
    pub async fn wait_healthy(&self, within: Duration) -> ServerReport {
        server::wait_until_healthy(&self.client(), self.base(), self.region, within).await
    }

    pub async fn check(&self) -> ServerReport {
        server::check(&self.client(), self.base(), self.region).await
    }

    /// The containers were started from the file at `env_revision`: remember it, so status can
    /// tell when the file changes again before the next restart.
    pub fn record_applied(&self, data_dir: &Path, env_revision: &str) -> Result<()> {
        match &self.installation_id {
            Some(id) => crate::applied::record(data_dir, id, env_revision),
            None => Ok(()),
        }
    }
}

impl Target {
    fn forget_applied(&self, data_dir: &Path) -> Result<()> {
        match &self.installation_id {
            Some(id) => crate::applied::forget(data_dir, id),
            None => Ok(()),
        }
    }
}

/// What happens during a run, as it happens.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(tag = "event", rename_all = "snake_case")]
#[cfg_attr(feature = "ts", ts(rename = "RestartEvent"))]
pub enum Event {
    /// A line bitwarden.sh printed.
    Line { line: OutputLine },
    /// bitwarden.sh reported success; now waiting for the server to answer in the region.
    WaitingForServer { url: String },
}

#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Finished {
    pub outcome: Outcome,
    /// After a successful run: what the server said at the end of the wait.
    pub health: Option<ServerReport>,
    /// The URL checked, and whether FAMSYNC_SERVER_URL chose it (front ends say so).
    pub url: Option<String>,
    pub overridden: bool,
}

/// Runs `apply` (on a blocking thread: it reads pipes), records what the server
/// was started with, then waits up to `wait` for the server. `on_event` sees every line.
pub async fn run_and_wait(
    inst: &Installation,
    target: &Target,
    data_dir: &Path,
    (apply, opts, wait): (Apply, RunOptions, Duration),
    cancel: &Cancel,
    mut on_event: impl FnMut(Event) + Send + 'static,
) -> Result<Finished> {
    let (inst, cancel) = (inst.clone(), cancel.clone());
    let (outcome, mut on_event) = tokio::task::spawn_blocking(move || {
        let mut on_line = |line: &OutputLine| on_event(Event::Line { line: line.clone() });
        let outcome = runner::run_plan(&inst, apply, &opts, &cancel, &mut on_line);
        (outcome, on_event)
    })
    .await
    .unwrap_or_else(|e| std::panic::resume_unwind(e.into_panic()));
    let outcome = outcome?;
    let health = match &outcome {
        Outcome::UpAndRunning { env_revision } => {
            if let Some(rev) = env_revision {
                // Only status's "not yet applied" hint depends on it: not worth failing over.
                let _ = target.record_applied(data_dir, rev);
            }
            on_event(Event::WaitingForServer {
                url: target.base().to_string(),
            });
            Some(target.wait_healthy(wait).await)
        }
        Outcome::Failed { server_down, .. }
        | Outcome::TimedOut { server_down }
        | Outcome::Cancelled { server_down } => {
            if *server_down {
                let _ = target.forget_applied(data_dir);
            }
            None
        }
    };
    Ok(Finished {
        outcome,
        health,
        url: target.url.clone(),
        overridden: target.overridden,
    })
}

/// The server's word on "I restarted it myself".
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Confirmation {
    pub server: ServerReport,
    /// True when the server answered in the expected region, so the file as it is now was
    /// recorded as what it runs with.
    pub recorded: bool,
}

/// Believes "I restarted it myself" only when the server answers, healthy, in the region the
/// file names; a server too old to report its region cannot confirm it, and is not recorded.
/// (Version warnings do not matter here: they are not about whether the file was loaded.)
pub async fn confirm_restarted(
    inst: &Installation,
    data_dir: &Path,
    override_url: Option<String>,
) -> Result<Confirmation> {
    let revision = inst.read_env()?.revision();
    let target = target(inst, data_dir, override_url);
    let server = target.check().await;
    let reports_region = server.config.as_ref().is_some_and(|c| c.cloud_region.is_some());
    let wrong_region = server
        .warnings
        .iter()
        .any(|w| matches!(w, server::ServerWarning::RegionMismatch { .. }));
    let recorded = server.healthy() && reports_region && !wrong_region;
    if recorded {
        target.record_applied(data_dir, &revision)?;
    }
    Ok(Confirmation { server, recorded })
}
