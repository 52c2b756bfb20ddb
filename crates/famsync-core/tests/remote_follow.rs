//! Following an installation over SSH as the window does, against a real OpenSSH server on
//! loopback (support/sshd.rs): a dropped connection is reported, made again when the server
//! answers, and watching goes on; a server that comes back with another host key ends it.
#![cfg(unix)] // not on Windows: tests/not-on-windows.txt says why

mod support;
use famsync_core::follow::{follow, Event};
use famsync_core::watch::Change;
use famsync_core::{Error, Installation};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc::{channel, Receiver};
use std::sync::Arc;
use std::time::Duration;
use support::sshd::Sshd;

struct Following {
    events: Receiver<Event>,
    reopened: Receiver<Installation>,
    stop: Arc<AtomicBool>,
}

fn start(inst: Installation, retry: Duration) -> Following {
    let (tx, events) = channel();
    let (itx, reopened) = channel();
    let stop = Arc::new(AtomicBool::new(false));
    let flag = stop.clone();
    std::thread::spawn(move || {
        let send = move |e: Event| tx.send(e).is_ok();
        let keep = move |i: &Installation| {
            let _ = itx.send(i.clone());
        };
        follow(inst, &flag, retry, send, keep)
    });
    Following {
        events,
        reopened,
        stop,
    }
}

impl Following {
    /// The next event other than a server log change.
    fn next(&self) -> Event {
        self.within(Duration::from_secs(20)).expect("no event")
    }

    /// The next event other than a server log change, if one comes within `wait`.
    fn within(&self, wait: Duration) -> Option<Event> {
        loop {
            match self.events.recv_timeout(wait) {
                Ok(Event::Changed { change: Change::Logs }) => {}
                other => return other.ok(),
            }
        }
    }
}

impl Drop for Following {
    fn drop(&mut self) {
        self.stop.store(true, Ordering::SeqCst);
    }
}

fn edit(local: &Installation, line: &str) {
    let text = std::fs::read_to_string(&local.env_file).unwrap();
    std::fs::write(&local.env_file, format!("{text}{line}\n")).unwrap();
}

#[test]
fn a_dropped_connection_is_reported_made_again_and_watching_goes_on() {
    let sshd = Sshd::accepted();
    let (remote, local) = sshd.both();
    let following = start(remote.clone(), Duration::from_millis(300));
    // Following has no "watching now" event: an edit made before inotifywait watches (a slow
    // start on a loaded machine) is not seen, so edit until one is.
    let seen = (0..20).find_map(|i| {
        edit(&local, &format!("# one {i}"));
        following.within(Duration::from_secs(1))
    });
    assert_eq!(
        seen,
        Some(Event::Changed {
            change: Change::EnvFile
        })
    );
    // Edits that came in while waiting are read before the drop.
    std::thread::sleep(Duration::from_millis(500));
    while following.events.try_recv().is_ok() {}

    sshd.drop_connections();
    assert!(matches!(
        following.next(),
        Event::Lost {
            error: Error::SshConnectionLost { .. }
        }
    ));
    assert_eq!(following.next(), Event::Reconnected);
    let again = following.reopened.recv_timeout(Duration::from_secs(5)).unwrap();
    assert!(again.host != remote.host, "a new connection, not the dropped one");
    assert_eq!(again.bwdata, remote.bwdata);
    // The new connection works, and the watch goes on through it.
    assert_eq!(
        famsync_core::install::id_of(&again).unwrap(),
        famsync_core::install::id_of(&local).unwrap()
    );
    // No pause: "reconnected" comes only once the server is watched again.
    edit(&local, "# two");
    assert_eq!(
        following.next(),
        Event::Changed {
            change: Change::EnvFile
        }
    );
}

#[test]
fn a_server_back_with_another_host_key_ends_following_with_that_warning() {
    let mut sshd = Sshd::accepted();
    let (remote, _local) = sshd.both();
    // Time enough to swap the key between the drop and the next try.
    let following = start(remote, Duration::from_secs(2));
    std::thread::sleep(Duration::from_millis(500));
    sshd.drop_connections();
    sshd.restart_with_new_host_key();
    assert!(matches!(following.next(), Event::Lost { .. }));
    let ended = following.next();
    assert!(
        matches!(
            ended,
            Event::Failed {
                error: Error::SshHostKeyChanged { .. }
            }
        ),
        "{ended:?}"
    );
}
