//! One ssh process held open for a whole session, where the client cannot share a connection
//! (Windows' OpenSSH has no ControlMaster): on the server, held.sh answers the helper's requests
//! in turn over that one connection, so the owner authenticates once and each short step stays
//! one round trip. Steps that last (a restart, the writer's turn, watching) open their own ssh,
//! as they must run while other requests are answered.

use super::options::Waits;
use super::program::{quote, HELPER};
use crate::envfile::read::MAX_LOOSE_BYTES;
use base64::Engine as _;
use std::ffi::OsStr;
use std::io::{Read, Write};
use std::process::{Child, ChildStdin, Command, Stdio};
use std::sync::mpsc::{self, Receiver, RecvTimeoutError};
use std::thread::JoinHandle;
use std::time::Duration;

const LOOP: &str = include_str!("held.sh");
/// The largest answer is a file read whole as a restore does (MAX_LOOSE_BYTES), as base64 in
/// lines (4/3 and a newline every 76): more means the server is not speaking the protocol, and
/// famsync stops reading.
const MAX_ANSWER: usize = MAX_LOOSE_BYTES as usize / 2 * 3 + (1 << 20);
/// What of ssh's complaints is kept for telling the owner why it failed.
const STDERR_KEPT: usize = 16 << 10;
/// The held connection, in use by one request at a time (Session keeps it behind a Mutex).
pub(super) struct Held {
    child: Child,
    stdin: Option<ChildStdin>,
    /// ssh's stdout as a reader thread passes it on, so a wait can end.
    stdout: Receiver<Vec<u8>>,
    /// What came and is not yet part of an answer.
    unread: Vec<u8>,
    stderr: Option<JoinHandle<Vec<u8>>>,
    /// Ends every answer: random per session, so no output of the helper can end one early.
    marker: String,
    /// The connection dropped, or an answer made no sense: nothing more is asked on it.
    broken: bool,
    /// The longest pause within an answer.
    answer_wait: Duration,
}

/// How starting the held connection went.
pub(super) enum Start {
    /// Logged in, as this user with this uid.
    Up(Held, String, u32),
    /// ssh ended without logging in; what it said on stderr, for the owner's message.
    Refused(String),
    /// Logged in, but the shell there did not answer as the loop does: a tool it needs is
    /// missing (dd, base64), or it never answered within `Waits::login`.
    NotAnswered(Answer),
}

/// What came back for one request.
pub(super) enum Answer {
    /// The helper's output and exit status.
    Done(i32, Vec<u8>),
    /// The connection is gone.
    Lost,
    /// Something that is not an answer: the server lacks a tool the protocol needs.
    Garbled,
    /// Nothing came for this long: the shell there has stopped, or waits for what never comes.
    Silent(Duration),
}

/// The remote command line `bootstrap` runs; `ssh` is ready for it as its last argument.
pub(super) fn start(
    mut ssh: Command,
    bootstrap: impl Fn(usize) -> String,
    waits: Waits,
) -> std::io::Result<Start> {
    let marker = format!("famsync-end-{}", uuid::Uuid::new_v4().simple());
    let program = format!("E={}\nH={}\n{LOOP}", quote(&marker), quote(HELPER));
    let mut child = ssh
        .arg(bootstrap(program.len()))
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()?;
    let stderr = child.stderr.take().map(drain);
    let stdout = child.stdout.take().map(forward).expect("piped");
    let mut held = Held {
        stdin: child.stdin.take(),
        child,
        stdout,
        unread: Vec::new(),
        stderr,
        marker,
        broken: false,
        answer_wait: waits.answer,
    };
    if !held.send(program.as_bytes()) {
        return Ok(Start::Refused(held.complaint()));
    }
    match held.answer(waits.login) {
        Answer::Done(0, text) => Ok(logged_in(held, &text)),
        answer => Ok(held.not_up(answer)),
    }
}

/// The loop's first answer: `id -un` and `id -u`.
fn logged_in(held: Held, text: &[u8]) -> Start {
    let (user, uid) = super::program::account(text);
    Start::Up(held, user, uid)
}

impl Held {
    /// The helper's answer to `op args`, with `input` as its stdin.
    pub fn ask(&mut self, op: &str, args: &[&OsStr], input: &mut dyn Read) -> Answer {
        if self.broken {
            return Answer::Lost;
        }
        let mut bytes = Vec::new();
        if input.read_to_end(&mut bytes).is_err() {
            return Answer::Garbled;
        }
        let b64 = base64::engine::general_purpose::STANDARD;
        let request = format!(
            "{}\n{}\n",
            b64.encode(super::program::set_line(op, args)),
            b64.encode(&bytes)
        );
        if !self.send(request.as_bytes()) {
            return Answer::Lost;
        }
        self.answer(self.answer_wait)
    }

    fn send(&mut self, bytes: &[u8]) -> bool {
        let sent = self
            .stdin
            .as_mut()
            .map(|s| s.write_all(bytes).and_then(|_| s.flush()));
        let ok = matches!(sent, Some(Ok(())));
        self.broken |= !ok;
        ok
    }

    /// Lines up to the marker's; the newline the loop puts before it is not the helper's.
    /// `wait` bounds each pause in it.
    fn answer(&mut self, wait: Duration) -> Answer {
        let mut body = Vec::new();
        loop {
            let Some(end) = self.unread.iter().position(|&b| b == b'\n') else {
                if body.len() + self.unread.len() >= MAX_ANSWER {
                    return self.give_up(Answer::Garbled);
                }
                match self.stdout.recv_timeout(wait) {
                    Ok(piece) => self.unread.extend_from_slice(&piece),
                    // The end, or a line cut short: the connection went, maybe mid-answer.
                    Err(RecvTimeoutError::Disconnected) => return self.give_up(Answer::Lost),
                    Err(RecvTimeoutError::Timeout) => return self.give_up(Answer::Silent(wait)),
                }
                continue;
            };
            let start = body.len();
            body.extend(self.unread.drain(..=end));
            if let Some(status) = self.status(&body[start..]) {
                body.truncate(start.saturating_sub(1));
                return Answer::Done(status, body);
            }
        }
    }

    /// Nothing more is asked on this connection; ssh is ended, so no thread waits on it.
    fn give_up(&mut self, answer: Answer) -> Answer {
        self.broken = true;
        self.end();
        answer
    }

    /// Why the loop did not start: ssh refused the login (it exits 255 for its own failures,
    /// with the reason on stderr), or the shell there did not answer as the loop does.
    fn not_up(mut self, answer: Answer) -> Start {
        let complaint = self.complaint();
        match (&answer, self.child.try_wait()) {
            (Answer::Lost, Ok(Some(status))) if status.code() == Some(super::session::SSH_FAILED) => {
                Start::Refused(complaint)
            }
            (Answer::Lost | Answer::Done(..), _) => Start::NotAnswered(Answer::Garbled),
            _ => Start::NotAnswered(answer),
        }
    }

    fn status(&self, line: &[u8]) -> Option<i32> {
        let text = std::str::from_utf8(line).ok()?;
        let rest = text.strip_prefix(self.marker.as_str())?.strip_prefix(' ')?;
        rest.trim_end().parse().ok()
    }

    /// What ssh said before it ended (ended as by Drop: it may be blocked on its stdout).
    fn complaint(&mut self) -> String {
        self.end();
        let text = self.stderr.take().and_then(|t| t.join().ok()).unwrap_or_default();
        String::from_utf8_lossy(&text).into_owned()
    }
}

impl Drop for Held {
    fn drop(&mut self) {
        self.end();
    }
}

impl Held {
    /// The end of stdin ends the loop on the server, and with it ssh.
    fn end(&mut self) {
        self.stdin = None;
        super::session::ended(&mut self.child);
    }
}

/// Passes ssh's stdout on as it comes, until its end.
fn forward(mut stdout: std::process::ChildStdout) -> Receiver<Vec<u8>> {
    let (tx, rx) = mpsc::sync_channel(16);
    std::thread::spawn(move || {
        let mut buf = vec![0u8; 64 << 10];
        while let Ok(n @ 1..) = stdout.read(&mut buf) {
            if tx.send(buf[..n].to_vec()).is_err() {
                return;
            }
        }
    });
    rx
}

/// Reads ssh's stderr to its end (so ssh never blocks on it), keeping the last of it.
fn drain(mut stderr: std::process::ChildStderr) -> JoinHandle<Vec<u8>> {
    std::thread::spawn(move || {
        let mut kept = Vec::new();
        let mut buf = [0u8; 4096];
        while let Ok(n @ 1..) = stderr.read(&mut buf) {
            kept.extend_from_slice(&buf[..n]);
            let excess = kept.len().saturating_sub(STDERR_KEPT);
            kept.drain(..excess);
        }
        kept
    })
}

#[cfg(all(test, unix))]
mod tests {
    use super::LOOP;
    use base64::Engine as _;
    use std::io::{BufRead, BufReader, Write};
    use std::process::{Command, Stdio};

    /// The loop itself, run by this machine's sh with the helper `echo "$@"`, and with a
    /// base64 first on PATH that fails on input as long as `fail_from` characters.
    fn answers(requests: &[(&str, &str)], fail_from: usize) -> Vec<String> {
        let bin = tempfile::tempdir().unwrap();
        let real = String::from_utf8(
            Command::new("sh")
                .args(["-c", "command -v base64"])
                .output()
                .unwrap()
                .stdout,
        )
        .unwrap();
        let wrapper = format!(
            "#!/bin/sh\nin=$(cat)\n[ ${{#in}} -ge {fail_from} ] && exit 1\nprintf '%s\\n' \"$in\" | {} \"$@\"\n",
            real.trim()
        );
        let path = bin.path().join("base64");
        std::fs::write(&path, wrapper).unwrap();
        Command::new("chmod").arg("755").arg(&path).status().unwrap();
        let program = format!("E=end\nH='echo \"$@\"'\n{LOOP}");
        let search = format!("{}:{}", bin.path().display(), std::env::var("PATH").unwrap());
        let mut sh = Command::new("sh")
            .args(["-c", &program])
            .env("PATH", search)
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .spawn()
            .unwrap();
        let b64 = base64::engine::general_purpose::STANDARD;
        let mut stdin = sh.stdin.take().unwrap();
        for (set, input) in requests {
            writeln!(stdin, "{}\n{}", b64.encode(set), b64.encode(input)).unwrap();
        }
        drop(stdin);
        let lines = BufReader::new(sh.stdout.take().unwrap()).lines();
        let out: Vec<String> = lines.map(Result::unwrap).filter(|l| !l.is_empty()).collect();
        sh.wait().unwrap();
        out[3..].to_vec()
    }

    #[test]
    fn a_request_that_does_not_decode_is_answered_125_and_never_run() {
        let long = format!("set -- read '/srv/{}'", "x".repeat(120));
        let out = answers(
            &[("set -- read '/a'", ""), (&long, ""), ("set -- read '/b'", "")],
            150,
        );
        assert_eq!(out, ["read /a", "end 0", "end 125", "read /b", "end 0"]);
    }

    #[test]
    fn an_empty_request_runs_nothing() {
        let out = answers(&[("", ""), ("set -- read '/b'", "")], 1 << 20);
        assert_eq!(out, ["end 125", "read /b", "end 0"]);
    }
}
