//! One SSH connection to a server that every command of a session goes through, and the
//! helper that runs over it: shared by ControlMaster (its socket in a private temp folder), or,
//! where ssh cannot share one, held open (held.rs).

use super::command_line::{batch_mode, config_arg, control_path, own_ssh, shared_ssh, ssh_paths};
use super::held::{self, Answer, Held, Start};
use super::hostkey::host_key;
use super::options::{Link, SshOptions};
use super::program::{account, bootstrap, helper_program, skip_to_begin};
use crate::error::{Error, Result};
use std::ffi::OsStr;
use std::io::{Read, Write};
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::sync::Mutex;
use std::time::Duration;

/// What of ssh's complaint a failed login keeps for saying why.
const STDERR_KEPT: u64 = 16 << 10;
/// ssh's own exit code for "the connection failed or dropped".
pub(super) const SSH_FAILED: i32 = 255;

/// The connection behind a session.
enum Connection {
    /// The master's socket, in a folder only this user can enter.
    Shared(tempfile::TempDir),
    Held(Mutex<Held>),
}

/// An open connection to `target` (`user@host`, `host`, `host:port`, or an ssh_config alias).
pub struct Session {
    target: String,
    opts: SshOptions,
    connection: Connection,
    /// Names this session's logins to askpass (askpass/memory.rs), so a held session's
    /// lasting steps are answered as its first login was.
    scope: String,
    /// Who famsync is on the server, for permission messages and bitwarden.sh's root question.
    user: String,
    uid: u32,
}

impl std::fmt::Debug for Session {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "Session({})", self.target)
    }
}

impl Session {
    pub fn connect(target: &str, opts: &SshOptions) -> Result<Session> {
        super::target::check_target(target)?;
        // Checked before anything connects: ssh would read such a path as another.
        for path in ssh_paths(opts) {
            config_arg(&path)?;
        }
        match opts.link {
            Link::Shared => connect_shared(target, opts),
            Link::Held => connect_held(target, opts),
        }
    }

    /// A new connection to the same server with the same options, as after a drop.
    pub fn reconnect(&self) -> Result<Session> {
        Session::connect(&self.target, &self.opts)
    }

    pub fn target(&self) -> &str {
        &self.target
    }

    /// The user famsync logs in as on the server.
    pub fn user(&self) -> &str {
        &self.user
    }

    pub fn is_root(&self) -> bool {
        self.uid == 0
    }

    /// `ssh` through this session's connection, ready for a remote command line.
    fn command(&self, remote_line: &str) -> Command {
        let mut cmd = match &self.connection {
            Connection::Shared(control) => shared_ssh(&self.opts, control, &[]),
            // A connection of its own, logging in as the held one did.
            Connection::Held(_) => own_ssh(&self.opts, &self.scope),
        };
        cmd.arg(destination(&self.target)).arg(remote_line);
        cmd
    }

    /// The helper's `op args` running on the server, its program already on its stdin, which
    /// is left open for the caller (for the new bytes, or held open for the watchdog); `setup`
    /// chooses stdout, stderr and the like.
    pub(crate) fn spawn_helper(
        &self,
        op: &str,
        args: &[&OsStr],
        setup: impl FnOnce(&mut Command) -> &mut Command,
    ) -> Result<Child> {
        let program = helper_program(op, args);
        let mut cmd = self.command(&bootstrap(program.len()));
        setup(cmd.stdin(Stdio::piped()));
        let mut child = cmd.spawn().map_err(|e| super::tool_failed(&e, "ssh"))?;
        let sent = child.stdin.as_mut().map(|stdin| stdin.write_all(&program));
        if !matches!(sent, Some(Ok(()))) {
            let _ = child.kill();
            let _ = child.wait();
            return Err(self.lost());
        }
        self.past_banner(&mut child)?;
        Ok(child)
    }

    /// Reads the child's stdout up to the helper's first line, past whatever a login script
    /// printed before it (a banner, a "Last login"), so the caller reads only the helper. A
    /// login that never gets there is ended after `waits.login`, and one that fails says why.
    fn past_banner(&self, child: &mut Child) -> Result<()> {
        let Some(mut out) = child.stdout.take() else {
            return Ok(());
        };
        let (tx, rx) = std::sync::mpsc::channel();
        std::thread::spawn(move || {
            let seen = skip_to_begin(&mut out);
            let _ = tx.send((seen, out));
        });
        let wait = self.opts.waits.login;
        match rx.recv_timeout(wait) {
            Ok((true, out)) => {
                child.stdout = Some(out);
                Ok(())
            }
            Ok((false, _)) => Err(self.login_failed(child)),
            Err(_) => {
                let _ = child.kill();
                let _ = child.wait();
                Err(self.silent(wait))
            }
        }
    }

    /// Why a command's login ended before the helper spoke. Over a shared connection ssh's
    /// 255 is the connection gone; a login of its own says on stderr what refused it (a host
    /// key changed since the session began, a key no longer accepted). Any other end is a
    /// shell there that could not run the helper (no dd, no sh).
    fn login_failed(&self, child: &mut Child) -> Error {
        let code = ended(child);
        let mut stderr = Vec::new();
        if let Some(e) = child.stderr.take() {
            let _ = e.take(STDERR_KEPT).read_to_end(&mut stderr);
        }
        match (code, &self.connection) {
            (Some(SSH_FAILED), Connection::Shared(_)) => self.lost(),
            (Some(SSH_FAILED), Connection::Held(_)) => {
                classify(&self.target, &String::from_utf8_lossy(&stderr), &self.opts)
            }
            _ => self.not_understood(),
        }
    }

    /// The helper's answer to `op args`, with `input` on its stdin after the program.
    pub(crate) fn helper(&self, op: &str, args: &[&OsStr], input: &mut dyn std::io::Read) -> Result<String> {
        if let Connection::Held(held) = &self.connection {
            let mut held = held.lock().unwrap_or_else(|e| e.into_inner());
            return match held.ask(op, args, input) {
                Answer::Done(0, text) => String::from_utf8(text).map_err(|_| self.not_understood()),
                Answer::Done(..) | Answer::Garbled => Err(self.not_understood()),
                Answer::Lost => Err(self.lost()),
                Answer::Silent(wait) => Err(self.silent(wait)),
            };
        }
        let mut child = self.spawn_helper(op, args, |c| c.stdout(Stdio::piped()).stderr(Stdio::piped()))?;
        if let Some(mut stdin) = child.stdin.take() {
            let _ = std::io::copy(input, &mut stdin);
        }
        let out = child
            .wait_with_output()
            .map_err(|e| super::tool_failed(&e, "ssh"))?;
        if out.status.code() == Some(SSH_FAILED) {
            return Err(self.lost());
        }
        if !out.status.success() {
            return Err(self.not_understood());
        }
        String::from_utf8(out.stdout).map_err(|_| self.not_understood())
    }

    pub(crate) fn lost(&self) -> Error {
        Error::SshConnectionLost {
            host: self.target.clone(),
        }
    }

    /// The shell on the server sent nothing for `wait`.
    pub(crate) fn silent(&self, wait: Duration) -> Error {
        Error::SshNoAnswer {
            host: self.target.clone(),
            seconds: wait.as_secs(),
        }
    }

    /// The server answered something the helper never says: it lacks a POSIX tool.
    pub(crate) fn not_understood(&self) -> Error {
        Error::RemoteHelperFailed {
            host: self.target.clone(),
        }
    }

    pub(crate) fn denied(&self, path: &Path, owner: &str) -> Error {
        Error::PermissionDenied {
            path: path.into(),
            owner: (owner != "?").then(|| owner.to_string()),
            user: Some(self.user.clone()),
        }
    }
}

impl Drop for Session {
    fn drop(&mut self) {
        if let Some(askpass) = &self.opts.askpass {
            askpass.memory.forget(&self.scope);
        }
        // Ends the shared connection; the socket's folder goes with the TempDir. A held one
        // ends with its Held.
        if let Connection::Shared(control) = &self.connection {
            let _ = shared_ssh(&self.opts, control, &["-O", "exit"])
                .arg(destination(&self.target))
                .stdout(Stdio::null())
                .stderr(Stdio::null())
                .status();
        }
    }
}

fn connect_shared(target: &str, opts: &SshOptions) -> Result<Session> {
    // ssh makes its socket 0600 already; a private folder costs nothing more.
    let control = super::private_tempdir("famsync-ssh-")?;
    config_arg(&control_path(&control))?;
    let out = shared_ssh(
        opts,
        &control,
        &["-o", "ControlMaster=yes", "-o", batch_mode(opts)],
    )
    .arg(destination(target))
    .arg("id -un; id -u")
    .output()
    .map_err(|e| super::tool_failed(&e, "ssh"))?;
    if !out.status.success() {
        return Err(classify(target, &String::from_utf8_lossy(&out.stderr), opts));
    }
    let (user, uid) = account(&out.stdout);
    let connection = Connection::Shared(control);
    Ok(session(target, opts, connection, String::new(), user, uid))
}

fn connect_held(target: &str, opts: &SshOptions) -> Result<Session> {
    let scope = uuid::Uuid::new_v4().simple().to_string();
    let mut ssh = own_ssh(opts, &scope);
    ssh.arg(destination(target));
    let started = held::start(ssh, bootstrap, opts.waits).map_err(|e| super::tool_failed(&e, "ssh"));
    let memory = opts.askpass.as_ref().map(|a| &a.memory);
    match started? {
        Start::Up(held, user, uid) => {
            memory.inspect(|m| m.confirm(&scope));
            let connection = Connection::Held(Mutex::new(held));
            Ok(session(target, opts, connection, scope, user, uid))
        }
        Start::Refused(stderr) => {
            memory.inspect(|m| m.forget(&scope));
            Err(classify(target, &stderr, opts))
        }
        Start::NotAnswered(answer) => {
            memory.inspect(|m| m.forget(&scope));
            let host = target.to_string();
            Err(match answer {
                Answer::Silent(wait) => Error::SshNoAnswer {
                    host,
                    seconds: wait.as_secs(),
                },
                _ => Error::RemoteHelperFailed { host },
            })
        }
    }
}

fn session(
    target: &str,
    opts: &SshOptions,
    connection: Connection,
    scope: String,
    user: String,
    uid: u32,
) -> Session {
    Session {
        target: target.to_string(),
        opts: opts.clone(),
        connection,
        scope,
        user,
        uid,
    }
}

/// What ssh's complaint means for the owner.
fn classify(target: &str, stderr: &str, opts: &SshOptions) -> Error {
    let host = target.to_string();
    if stderr.contains("REMOTE HOST IDENTIFICATION HAS CHANGED") {
        Error::SshHostKeyChanged { host }
    } else if stderr.contains("Host key verification failed") {
        match host_key(target, opts) {
            Ok(fingerprint) => Error::SshHostKeyUnknown { host, fingerprint },
            Err(e) => e,
        }
    } else if stderr.contains("Permission denied") {
        Error::SshAuthFailed { host }
    } else {
        Error::SshUnreachable { host }
    }
}

/// `user@host:port` is not ssh's syntax; its URI form `ssh://user@host:port` is. Aliases and
/// plain `user@host` pass through.
pub(super) fn destination(target: &str) -> String {
    let host = target.rsplit_once('@').map_or(target, |(_, h)| h);
    match host.rsplit_once(':') {
        Some((name, port)) if !name.contains(':') && port.parse::<u16>().is_ok() => {
            format!("ssh://{target}")
        }
        _ => target.to_string(),
    }
}

/// The child's exit code once it has ended: within a moment by itself (ssh after its stdin or
/// its connection ended), else killed (a server gone quiet, or ssh blocked on output nobody
/// reads): None then.
pub(super) fn ended(child: &mut Child) -> Option<i32> {
    let until = std::time::Instant::now() + Duration::from_secs(2);
    while matches!(child.try_wait(), Ok(None)) && std::time::Instant::now() < until {
        std::thread::sleep(std::time::Duration::from_millis(10));
    }
    let _ = child.kill();
    child.wait().ok().and_then(|s| s.code())
}

#[cfg(test)]
mod tests {
    #[test]
    fn a_port_after_the_host_becomes_an_ssh_uri() {
        assert_eq!(super::destination("admin@vault:2222"), "ssh://admin@vault:2222");
        assert_eq!(super::destination("vault:22"), "ssh://vault:22");
        assert_eq!(super::destination("admin@vault"), "admin@vault");
        assert_eq!(super::destination("my-alias"), "my-alias");
        assert_eq!(super::destination("::1"), "::1");
    }
}
