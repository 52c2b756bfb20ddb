//! One famsync window per user. The first famsync to start holds a lock file for its whole life
//! and listens on a socket beside it; a later launch finds the lock taken, asks the first to
//! come forward, and stops. Both live in a private folder (the user's runtime dir), so no other
//! user can take the lock or send a wake.
//!
//! Why not D-Bus (Tauri's single-instance plugin): a blocking bus connection and name request
//! at every start, zbus in the binary (1.9 MiB with the opener plugin, the other user of it),
//! and a second launch that waits without limit on the first's bus thread. The kernel drops the lock when its holder exits, however it exits, so a
//! crashed famsync never blocks the next one.

use crate::platform::owner::{create_private_dir_all, private};
use crate::platform::socket::{Listener as UnixListener, Stream as UnixStream};
use std::fs::{File, OpenOptions, TryLockError};
use std::io::{self, BufRead, BufReader, Read, Write};
use std::path::Path;
use std::sync::mpsc::{self, Receiver};
use std::time::{Duration, Instant};

const LOCK: &str = "instance.lock";
const SOCKET: &str = "instance.sock";
const WAKE: &[u8] = b"wake\n";
const DONE: &str = "ok";

/// How long a later launch waits for the first to answer. The first binds its socket right
/// after taking the lock, so only a first famsync that is hung takes this long.
const ANSWER_WITHIN: Duration = Duration::from_secs(3);

pub enum Claim {
    /// This is the only famsync: each message on `wakes` is a later launch asking for the
    /// window. Keep this alive as long as the app runs: it holds the lock.
    First { wakes: Receiver<()>, lock: File },
    /// Another famsync runs and has been told to come forward: this one has nothing to do.
    HandedOver,
}

/// Claims the instance in `dir` (created private if missing).
pub fn claim(dir: &Path) -> io::Result<Claim> {
    claim_within(dir, ANSWER_WITHIN)
}

/// `claim`, waiting about `patience` for a running famsync to answer; an error if it does not.
fn claim_within(dir: &Path, patience: Duration) -> io::Result<Claim> {
    create_private_dir_all(dir)?;
    let lock = private(OpenOptions::new().create(true).truncate(false).write(true)).open(dir.join(LOCK))?;
    match lock.try_lock() {
        Ok(()) => Ok(Claim::First {
            wakes: listen(&dir.join(SOCKET))?,
            lock,
        }),
        Err(TryLockError::WouldBlock) => wake(&dir.join(SOCKET), patience).map(|()| Claim::HandedOver),
        Err(TryLockError::Error(e)) => Err(e),
    }
}

/// Binds the socket (a file left by a famsync that crashed is ours to replace: we hold the
/// lock) and answers each later launch from a background thread.
fn listen(socket: &Path) -> io::Result<Receiver<()>> {
    match std::fs::remove_file(socket) {
        Err(e) if e.kind() != io::ErrorKind::NotFound => return Err(e),
        _ => {}
    }
    let listener = UnixListener::bind(socket)?;
    let (tx, rx) = mpsc::channel();
    std::thread::spawn(move || {
        for stream in listener.incoming().flatten() {
            if answer(stream).is_ok() && tx.send(()).is_err() {
                return; // the app no longer listens for wakes
            }
        }
    });
    Ok(rx)
}

/// Reads one wake and says it was heard. A caller that sends anything else is ignored.
fn answer(stream: UnixStream) -> io::Result<()> {
    stream.set_read_timeout(Some(ANSWER_WITHIN))?;
    let mut line = Vec::new();
    BufReader::new((&stream).take(WAKE.len() as u64)).read_until(b'\n', &mut line)?;
    if line != WAKE {
        return Err(io::ErrorKind::InvalidData.into());
    }
    writeln!(&stream, "{DONE}")
}

/// Asks the running famsync to come forward. It may hold the lock a moment before its socket
/// is bound, so a refused or missing socket is tried again until `patience` runs out.
fn wake(socket: &Path, patience: Duration) -> io::Result<()> {
    let until = Instant::now() + patience;
    loop {
        // At least a little, so a late try still gets a chance to hear the answer.
        let left = until
            .saturating_duration_since(Instant::now())
            .max(Duration::from_millis(50));
        match ask(socket, left) {
            Ok(()) => return Ok(()),
            Err(e) if Instant::now() >= until => return Err(timed_out(socket, e)),
            Err(_) => std::thread::sleep(Duration::from_millis(50)),
        }
    }
}

fn ask(socket: &Path, within: Duration) -> io::Result<()> {
    let mut stream = UnixStream::connect(socket)?;
    stream.set_read_timeout(Some(within))?;
    stream.write_all(WAKE)?;
    let mut reply = String::new();
    BufReader::new(&stream).read_line(&mut reply)?;
    match reply.trim_end() == DONE {
        true => Ok(()),
        false => Err(io::ErrorKind::InvalidData.into()),
    }
}

/// For famsync's log only (the window never shows it).
fn timed_out(socket: &Path, last: io::Error) -> io::Error {
    let what = format!(
        "the running famsync did not answer at {} ({last})",
        socket.display()
    );
    io::Error::new(io::ErrorKind::TimedOut, what)
}

// Unix only until the Windows side has its named pipe (tests/not-on-windows.txt).
#[cfg(test)]
mod tests {
    use super::*;
    use std::os::unix::fs::PermissionsExt;

    fn first(dir: &Path) -> (Receiver<()>, File) {
        match claim(dir).unwrap() {
            Claim::First { wakes, lock } => (wakes, lock),
            Claim::HandedOver => panic!("expected to be the first famsync"),
        }
    }

    #[test]
    fn a_second_claim_wakes_the_first_and_hands_over() {
        let dir = tempfile::tempdir().unwrap();
        let run = dir.path().join("famsync");
        let (wakes, _lock) = first(&run);
        assert_eq!(
            std::fs::metadata(&run).unwrap().permissions().mode() & 0o777,
            0o700
        );
        assert!(wakes.try_recv().is_err(), "nobody asked yet");
        assert!(matches!(claim(&run).unwrap(), Claim::HandedOver));
        assert!(matches!(claim(&run).unwrap(), Claim::HandedOver));
        assert_eq!(
            wakes.iter().take(2).count(),
            2,
            "each later launch wakes the first"
        );
    }

    #[test]
    fn the_next_famsync_after_the_first_is_gone_is_first_again() {
        let dir = tempfile::tempdir().unwrap();
        drop(first(dir.path()));
        // The socket file of the famsync that went is still there: it is replaced.
        assert!(dir.path().join(SOCKET).exists());
        let (wakes, _lock) = first(dir.path());
        assert!(matches!(claim(dir.path()).unwrap(), Claim::HandedOver));
        assert!(wakes.recv_timeout(Duration::from_secs(5)).is_ok());
    }

    #[test]
    fn a_first_famsync_that_never_answers_is_an_error_not_a_hang() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir_all(dir.path()).unwrap();
        let held = File::create(dir.path().join(LOCK)).unwrap();
        held.lock().unwrap();
        // Holds the lock, but its socket accepts and never answers.
        let _silent = UnixListener::bind(dir.path().join(SOCKET)).unwrap();
        let err = claim_within(dir.path(), Duration::from_millis(300))
            .err()
            .unwrap();
        assert_eq!(err.kind(), io::ErrorKind::TimedOut);
        assert!(err.to_string().contains(SOCKET), "{err}");
    }

    #[test]
    fn anything_but_a_wake_is_ignored() {
        let dir = tempfile::tempdir().unwrap();
        let (wakes, _lock) = first(dir.path());
        let mut stranger = UnixStream::connect(dir.path().join(SOCKET)).unwrap();
        stranger.write_all(b"rm -rf /\n").unwrap();
        let mut reply = String::new();
        let _ = BufReader::new(&stranger).read_line(&mut reply);
        assert_eq!(reply, "", "no answer to a stranger");
        assert!(matches!(claim(dir.path()).unwrap(), Claim::HandedOver));
        assert_eq!(wakes.recv_timeout(Duration::from_secs(5)), Ok(()));
        assert!(wakes.try_recv().is_err(), "only the real wake came through");
    }
}
