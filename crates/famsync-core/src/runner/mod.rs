//! Running `bitwarden.sh restart` (or `start`): no shell, the installation's folder as working
//! directory, every line streamed as it comes, an overall timeout, cancel, and an outcome that
//! says whether the server is up, failed, or was left down.

mod account;
mod holder;
mod lock;
pub mod output;
mod process;

use crate::error::{Error, Result};
use crate::host::Host;
use crate::install::Installation;
use crate::kind::{Apply, Done};
pub(crate) use account::Account;
pub use account::ScriptAccount;
pub use holder::LockHolder;
use output::{strip_ansi, Progress};
pub use output::{FailureCause, OutputLine, Stream};
use serde::{Deserialize, Serialize};
use std::io::{BufRead, BufReader, Read};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc::{self, Receiver, RecvTimeoutError, Sender};
use std::sync::Arc;
use std::time::{Duration, Instant};

const TICK: Duration = Duration::from_millis(50);
/// How long to keep reading after the script exited (its children may still flush).
const DRAIN: Duration = Duration::from_secs(1);

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "snake_case")]
pub enum ScriptCommand {
    Restart,
    /// The same as restart in bitwarden.sh; offered to bring a server back up after a failure.
    Start,
}

impl ScriptCommand {
    pub(crate) fn arg(self) -> &'static str {
        match self {
            ScriptCommand::Restart => "restart",
            ScriptCommand::Start => "start",
        }
    }
}

#[derive(Debug, Clone)]
pub struct RunOptions {
    pub timeout: Duration,
    /// How long the script gets after SIGTERM before SIGKILL.
    pub grace: Duration,
    /// The owner agreed that famsync answers bitwarden.sh's "running as root" question with yes.
    pub root_consent: bool,
}

impl Default for RunOptions {
    fn default() -> Self {
        RunOptions {
            timeout: Duration::from_secs(15 * 60),
            grace: Duration::from_secs(10),
            root_consent: false,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(tag = "outcome", rename_all = "snake_case")]
pub enum Outcome {
    /// The script printed "Bitwarden is up and running!" and exited 0. `env_revision` is the
    /// env file the containers were started with.
    UpAndRunning {
        env_revision: Option<String>,
    },
    /// `server_down`: no container runs (stopped by this run, or already stopped) and none was
    /// started again; offer `start`.
    Failed {
        exit_code: Option<i32>,
        cause: FailureCause,
        server_down: bool,
    },
    TimedOut {
        server_down: bool,
    },
    Cancelled {
        server_down: bool,
    },
}

/// Shared with whoever may cancel a run (a button, Ctrl-C).
#[derive(Debug, Clone, Default)]
pub struct Cancel(Arc<AtomicBool>);

impl Cancel {
    pub fn cancel(&self) {
        self.0.store(true, Ordering::SeqCst);
    }

    fn requested(&self) -> bool {
        self.0.load(Ordering::SeqCst)
    }
}

/// Applies `command` to `inst` as its kind says (see [`run_plan`]).
pub fn run(
    inst: &Installation,
    command: ScriptCommand,
    opts: &RunOptions,
    cancel: &Cancel,
    on_line: &mut dyn FnMut(&OutputLine),
) -> Result<Outcome> {
    run_plan(inst, inst.kind.apply(inst, command)?, opts, cancel, on_line)
}

/// Runs `apply` (what `Kind::apply` planned, and the owner was shown) after the same checks
/// of who runs it, holding the installation's restart lock.
pub fn run_plan(
    inst: &Installation,
    apply: Apply,
    opts: &RunOptions,
    cancel: &Cancel,
    on_line: &mut dyn FnMut(&OutputLine),
) -> Result<Outcome> {
    let (apply, switch) = match inst.host {
        Host::Local => {
            let account = account::check(&apply.trusted, apply.also_trusted.as_deref())?;
            let switch = account::Account::switch_for(&account)?;
            let trusted = account.script;
            (Apply { trusted, ..apply }, switch)
        }
        Host::Ssh(_) => (apply, None),
    };
    // As root only when root owns the script (or over SSH, when the login is root); only
    // bitwarden.sh asks root to confirm.
    let as_root = inst.host.is_root() && switch.is_none() && apply.asks_root;
    if as_root && !opts.root_consent {
        return Err(Error::RootConsentRequired {
            script: apply.trusted,
        });
    }
    // What the containers will read; recorded so progress can tell "written but not applied".
    let env_revision = inst.read_env().ok().map(|s| s.revision());
    let _held = match inst.host {
        Host::Local => lock::here(&apply.folder, &inst.bwdata)?,
        Host::Ssh(_) => None,
    };
    let how = process::How {
        as_root,
        switch: switch.as_ref(),
        grace: opts.grace,
    };
    let deadline = Instant::now() + opts.timeout;
    let run = Run {
        inst,
        how: &how,
        opts,
        cancel,
        deadline,
    };
    // Each program after the one before it worked (helm upgrade, then the rollout restart).
    let mut step = &apply;
    loop {
        let outcome = run.one(step, env_revision.clone(), on_line)?;
        match (&outcome, &step.then) {
            (Outcome::UpAndRunning { .. }, Some(_)) if cancel.requested() => {
                return Ok(Outcome::Cancelled { server_down: false })
            }
            (Outcome::UpAndRunning { .. }, Some(next)) => step = next,
            _ => return Ok(outcome),
        }
    }
}

/// What every program of one apply shares.
struct Run<'a> {
    inst: &'a Installation,
    how: &'a process::How<'a>,
    opts: &'a RunOptions,
    cancel: &'a Cancel,
    deadline: Instant,
}

impl Run<'_> {
    /// Runs one program to its end, its lines to `on_line`.
    fn one(
        &self,
        apply: &Apply,
        env_revision: Option<String>,
        on_line: &mut dyn FnMut(&OutputLine),
    ) -> Result<Outcome> {
        let (inst, opts, cancel) = (self.inst, self.opts, self.cancel);
        let mut child = process::spawn(&inst.host, apply, self.how)?;
        let tree = process::tree_of(&child);
        if let Host::Ssh(_) = inst.host {
            lock::on_server(&mut child, inst, &apply.trusted)?;
        }
        let lines = read_lines(&mut child);
        let mut watch = Watch {
            lines,
            progress: Progress::default(),
            on_line,
        };
        let ending = loop {
            watch.next_line(TICK);
            if let Some(status) = child.try_wait().map_err(|e| Error::from_io(&e, &apply.trusted))? {
                break Ending::Exited(status.code(), status.success());
            }
            if cancel.requested() {
                process::stop(&mut child, &tree, opts.grace);
                break Ending::Cancelled;
            }
            if Instant::now() >= self.deadline {
                process::stop(&mut child, &tree, opts.grace);
                break Ending::TimedOut;
            }
        };
        watch.drain(DRAIN);
        Ok(classify(ending, &watch.progress, apply.done, env_revision))
    }
}

enum Ending {
    Exited(Option<i32>, bool),
    Cancelled,
    TimedOut,
}

fn classify(ending: Ending, progress: &Progress, done: Done, env_revision: Option<String>) -> Outcome {
    let server_down = progress.server_down(done);
    let worked = |exited_ok: bool| match done {
        Done::UpAndRunning => exited_ok && progress.up_and_running,
        Done::Started => progress.up_again,
        Done::ExitZero => exited_ok,
    };
    match ending {
        Ending::Exited(_, ok) if worked(ok) => Outcome::UpAndRunning { env_revision },
        Ending::Exited(exit_code, _) => Outcome::Failed {
            exit_code,
            cause: progress.cause.unwrap_or(FailureCause::Unknown),
            server_down,
        },
        Ending::Cancelled => Outcome::Cancelled { server_down },
        Ending::TimedOut => Outcome::TimedOut { server_down },
    }
}

/// The file that decides what a restart runs (bitwarden.sh; lite's compose file), its owner
/// and who famsync would run it as, after the checks that [`run`] makes (refused:
/// `ScriptNotTrusted`). None over SSH (the server's helper checks there) and where famsync
/// does not run the apply itself (the restart says why).
pub fn script_account(inst: &Installation) -> Result<Option<ScriptAccount>> {
    match (&inst.host, inst.kind.trusted(inst)) {
        (Host::Local, Some((trusted, also))) => account::check(&trusted, also.as_deref()).map(Some),
        _ => Ok(None),
    }
}

/// The account a tool the apply asks first (helm list) runs as: the same as the apply's, after
/// the same checks of `path` (see `account`).
pub(crate) fn switch_for_file(path: &std::path::Path) -> Result<Option<Account>> {
    Account::switch_for(&account::check(path, None)?)
}

/// The same for `apply`, as planned.
pub fn account_of(inst: &Installation, apply: &Apply) -> Result<Option<ScriptAccount>> {
    match &inst.host {
        Host::Local => account::check(&apply.trusted, apply.also_trusted.as_deref()).map(Some),
        Host::Ssh(_) => Ok(None),
    }
}

/// The same without the checks, for showing: who owns the script and who would run it.
pub fn describe_script(inst: &Installation) -> Option<ScriptAccount> {
    let (trusted, _) = inst.kind.trusted(inst)?;
    match &inst.host {
        Host::Local => account::describe(&trusted).ok(),
        Host::Ssh(_) => None,
    }
}

/// The script's lines as they come, fed to the caller and to the progress reading.
struct Watch<'a> {
    lines: Receiver<OutputLine>,
    progress: Progress,
    on_line: &'a mut dyn FnMut(&OutputLine),
}

impl Watch<'_> {
    fn handle(&mut self, line: OutputLine) {
        self.progress.observe(&line.text);
        (self.on_line)(&line);
    }

    /// Handles at most one line, waiting up to `wait` for it.
    fn next_line(&mut self, wait: Duration) {
        match self.lines.recv_timeout(wait) {
            Ok(line) => self.handle(line),
            Err(RecvTimeoutError::Timeout) => {}
            // Both pipes closed: keep the loop's pace without spinning.
            Err(RecvTimeoutError::Disconnected) => std::thread::sleep(wait),
        }
    }

    fn drain(&mut self, within: Duration) {
        let until = Instant::now() + within;
        while Instant::now() < until {
            match self.lines.recv_timeout(TICK) {
                Ok(line) => self.handle(line),
                Err(RecvTimeoutError::Timeout) => continue,
                Err(RecvTimeoutError::Disconnected) => break,
            }
        }
    }
}

fn read_lines(child: &mut std::process::Child) -> Receiver<OutputLine> {
    let (tx, rx) = mpsc::channel();
    if let Some(out) = child.stdout.take() {
        forward(out, Stream::Stdout, tx.clone());
    }
    if let Some(err) = child.stderr.take() {
        forward(err, Stream::Stderr, tx);
    }
    rx
}

/// One thread per pipe; output that is not UTF-8 is shown with replacement characters.
fn forward(pipe: impl Read + Send + 'static, stream: Stream, tx: Sender<OutputLine>) {
    std::thread::spawn(move || {
        let mut reader = BufReader::new(pipe);
        let mut buf = Vec::new();
        while matches!(reader.read_until(b'\n', &mut buf), Ok(n) if n > 0) {
            let text = strip_ansi(String::from_utf8_lossy(&buf).trim_end_matches('\n'));
            if tx
                .send(OutputLine {
                    stream: stream.clone(),
                    text,
                })
                .is_err()
            {
                break;
            }
            buf.clear();
        }
    });
}
