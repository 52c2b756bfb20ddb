//! Watching the installation for as long as a window shows it. Changes are passed on as they
//! come; on a server over SSH a dropped connection is reported, made again as soon as the server
//! answers, and watching goes on, so the window keeps its place. What reconnecting cannot fix
//! (a changed host key, a refused key, a removed installation) ends it with that error.

use crate::error::Error;
use crate::host::Host;
use crate::install::{self, Installation};
use crate::watch::{self, Change};
use serde::Serialize;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc::RecvTimeoutError;
use std::time::{Duration, Instant};

/// How long between two tries to connect again.
pub const RETRY: Duration = Duration::from_secs(3);
/// How often the stop flag is looked at.
const TICK: Duration = Duration::from_millis(200);

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[cfg_attr(feature = "ts", ts(rename = "WatchEvent"))]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Event {
    /// Something changed in the installation: read it again.
    Changed { change: Change },
    /// The connection to the server dropped; famsync is connecting again.
    Lost { error: Error },
    /// Connected again: read the installation again, it may have changed meanwhile.
    Reconnected,
    /// Watching ended for good (the error says why and what to do).
    Failed { error: Error },
}

#[derive(PartialEq)]
enum Ended {
    Stopped,
    Dropped,
}

/// Follows `inst` until `stop` is set or `send` returns false. `reopened` gets each new
/// connection's installation, for the caller to work through from then on.
pub fn follow(
    mut inst: Installation,
    stop: &AtomicBool,
    retry: Duration,
    mut send: impl FnMut(Event) -> bool,
    mut reopened: impl FnMut(&Installation),
) {
    let mut w = match watch::watch(&inst, watch::DEBOUNCE) {
        Ok(w) => Some(w),
        Err(e) if transient(&e) => None,
        Err(error) => {
            send(Event::Failed { error });
            return;
        }
    };
    loop {
        let ended = w.as_ref().map_or(Ended::Dropped, |w| relay(w, stop, &mut send));
        let Host::Ssh(session) = &inst.host else { return };
        if ended == Ended::Stopped
            || !send(Event::Lost {
                error: session.lost(),
            })
        {
            return;
        }
        match connect_again(&inst, stop, retry) {
            Ok(Some((next, watching))) => (inst, w) = (next, Some(watching)),
            Ok(None) => return,
            Err(error) => {
                send(Event::Failed { error });
                return;
            }
        }
        // Only now: "reconnected" means changes are seen again.
        reopened(&inst);
        if !send(Event::Reconnected) {
            return;
        }
    }
}

/// Passes changes on until the watch ends (the connection dropped) or the caller stops.
fn relay(w: &watch::Watch, stop: &AtomicBool, send: &mut impl FnMut(Event) -> bool) -> Ended {
    while !stop.load(Ordering::SeqCst) {
        match w.changes.recv_timeout(TICK) {
            Ok(change) if !send(Event::Changed { change }) => return Ended::Stopped,
            Ok(_) | Err(RecvTimeoutError::Timeout) => {}
            Err(RecvTimeoutError::Disconnected) => return Ended::Dropped,
        }
    }
    Ended::Stopped
}

/// Tries every `retry` until the server answers and is watched again (Some), the caller stops
/// (None), or an error that waiting will not cure.
fn connect_again(
    inst: &Installation,
    stop: &AtomicBool,
    retry: Duration,
) -> Result<Option<(Installation, watch::Watch)>, Error> {
    loop {
        let until = Instant::now() + retry;
        while Instant::now() < until {
            if stop.load(Ordering::SeqCst) {
                return Ok(None);
            }
            std::thread::sleep(TICK.min(retry));
        }
        let again = install::reopen(inst).and_then(|next| {
            let w = watch::watch(&next, watch::DEBOUNCE)?;
            Ok((next, w))
        });
        match again {
            Ok(pair) => return Ok(Some(pair)),
            Err(e) if transient(&e) => {}
            Err(e) => return Err(e),
        }
    }
}

/// The network or the server is away for now: worth another try.
fn transient(e: &Error) -> bool {
    matches!(e, Error::SshUnreachable { .. } | Error::SshConnectionLost { .. })
}
