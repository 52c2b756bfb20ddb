//! One ssh process held open for a whole session, where the client cannot share a connection
//! (Windows' OpenSSH has no ControlMaster): on the server, held.sh answers the helper's requests
//! in turn over that one connection, so the owner authenticates once and each short step stays
//! one round trip. Steps that last (a restart, the writer's turn, watching) open their own ssh,
//! as they must run while other requests are answered.

use super::session::{quote, HELPER};
use base64::Engine as _;
use std::io::{BufRead, BufReader, Read, Write};
use std::process::{Child, ChildStdin, ChildStdout, Command, Stdio};
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

const LOOP: &str = include_str!("held.sh");
/// No answer of the helper comes near this (files are read with their own bound, 1 MiB): more
/// means the server is not speaking the protocol, and famsync stops reading.
const MAX_ANSWER: usize = 16 << 20;
/// What of ssh's complaints is kept for telling the owner why it failed.
const STDERR_KEPT: usize = 16 << 10;

/// The held connection, in use by one request at a time (Session keeps it behind a Mutex).
pub(super) struct Held {
    child: Child,
    stdin: Option<ChildStdin>,
    stdout: BufReader<ChildStdout>,
    stderr: Option<JoinHandle<Vec<u8>>>,
    /// Ends every answer: random per session, so no output of the helper can end one early.
    marker: String,
    /// The connection dropped, or an answer made no sense: nothing more is asked on it.
    broken: bool,
}

/// How starting the held connection went.
pub(super) enum Start {
    /// Logged in, as this user with this uid.
    Up(Held, String, u32),
    /// ssh ended without logging in; what it said on stderr, for the owner's message.
    Refused(String),
}

/// What came back for one request.
pub(super) enum Answer {
    /// The helper's output and exit status.
    Done(i32, Vec<u8>),
    /// The connection is gone.
    Lost,
    /// Something that is not an answer: the server lacks a tool the protocol needs.
    Garbled,
}

/// The remote command line `bootstrap` runs; `ssh` is ready for it as its last argument.
pub(super) fn start(mut ssh: Command, bootstrap: impl Fn(usize) -> String) -> std::io::Result<Start> {
    let marker = format!("famsync-end-{}", uuid::Uuid::new_v4().simple());
    let program = format!("E={}\nH={}\n{LOOP}", quote(&marker), quote(HELPER));
    let mut child = ssh
        .arg(bootstrap(program.len()))
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()?;
    let stderr = child.stderr.take().map(drain);
    let stdout = BufReader::new(child.stdout.take().expect("piped"));
    let mut held = Held {
        stdin: child.stdin.take(),
        child,
        stdout,
        stderr,
        marker,
        broken: false,
    };
    let sent = held.send(program.as_bytes());
    match sent.then(|| held.answer()) {
        Some(Answer::Done(0, text)) => Ok(logged_in(held, &text)),
        _ => Ok(Start::Refused(held.complaint())),
    }
}

/// The loop's first answer: `id -un` and `id -u`.
fn logged_in(held: Held, text: &[u8]) -> Start {
    let (user, uid) = super::session::account(text);
    Start::Up(held, user, uid)
}

impl Held {
    /// The helper's answer to `op args`, with `input` as its stdin.
    pub fn ask(&mut self, op: &str, args: &[&str], input: &mut dyn Read) -> Answer {
        if self.broken {
            return Answer::Lost;
        }
        let words: Vec<String> = std::iter::once(op)
            .chain(args.iter().copied())
            .map(quote)
            .collect();
        let mut bytes = Vec::new();
        if input.read_to_end(&mut bytes).is_err() {
            return Answer::Garbled;
        }
        let b64 = base64::engine::general_purpose::STANDARD;
        let request = format!(
            "{}\n{}\n",
            b64.encode(format!("set -- {}", words.join(" "))),
            b64.encode(&bytes)
        );
        if !self.send(request.as_bytes()) {
            return Answer::Lost;
        }
        self.answer()
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
    fn answer(&mut self) -> Answer {
        let mut body = Vec::new();
        loop {
            let start = body.len();
            let read = (&mut self.stdout)
                .take((MAX_ANSWER - start) as u64)
                .read_until(b'\n', &mut body);
            match read {
                Ok(0) | Err(_) => {
                    self.broken = true;
                    return Answer::Lost;
                }
                // A line cut short: the bound reached, or the connection gone mid-answer.
                Ok(_) if !body.ends_with(b"\n") => {
                    self.broken = true;
                    return match body.len() >= MAX_ANSWER {
                        true => Answer::Garbled,
                        false => Answer::Lost,
                    };
                }
                Ok(_) => {}
            }
            if let Some(status) = self.status(&body[start..]) {
                body.truncate(start.saturating_sub(1));
                return Answer::Done(status, body);
            }
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
    /// The end of stdin ends the loop on the server, and with it ssh; one that does not end
    /// within a moment (a server gone quiet, or ssh blocked on output nobody reads) is killed.
    fn end(&mut self) {
        self.stdin = None;
        let until = Instant::now() + Duration::from_secs(2);
        while matches!(self.child.try_wait(), Ok(None)) && Instant::now() < until {
            std::thread::sleep(Duration::from_millis(10));
        }
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
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
