//! An installation on another machine, reached with the system's OpenSSH client (`ssh`), so the
//! owner's `~/.ssh/config` (aliases, Port, User, IdentityFile, ProxyJump), agent and keys work
//! exactly as in their terminal, and famsync holds no SSH crypto of its own. Host keys are
//! checked strictly: against the user's known_hosts and famsync's own list of keys the owner
//! accepted here. An unknown key comes back as its fingerprint for the owner to compare and
//! accept; a changed one is refused. famsync never types passwords or passphrases into ssh
//! (BatchMode): keys come from the agent or unencrypted key files.
//!
//! One connection per session (ControlMaster, socket in a private temp folder); every command
//! runs through it.

use crate::error::{Error, Result};
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

/// How famsync runs ssh: its own known_hosts file for accepted keys, and (tests) a config file.
#[derive(Debug, Clone)]
pub struct SshOptions {
    /// Where keys the owner accepted in famsync are kept (`<data_dir>/known_hosts`).
    pub known_hosts: PathBuf,
    /// An ssh_config to use instead of the user's (`ssh -F`): tests only.
    pub config: Option<PathBuf>,
}

/// An open connection to `target` (`user@host`, `host`, or an alias from ssh_config).
pub struct Session {
    target: String,
    opts: SshOptions,
    control: tempfile::TempDir,
}

impl Session {
    pub fn connect(target: &str, opts: &SshOptions) -> Result<Session> {
        let control = tempfile::Builder::new()
            .prefix("famsync-ssh-")
            .tempdir()
            .map_err(|e| Error::from_io(&e, &std::env::temp_dir()))?;
        let session = Session {
            target: target.to_string(),
            opts: opts.clone(),
            control,
        };
        let out = session
            .ssh(&["-o", "ControlMaster=yes", "-o", "ControlPersist=yes"])
            .arg("true")
            .output()
            .map_err(|e| Error::from_io(&e, Path::new("ssh")))?;
        if out.status.success() {
            return Ok(session);
        }
        Err(classify(target, &String::from_utf8_lossy(&out.stderr), opts))
    }

    /// `ssh` with famsync's options for this session (the control socket, strict host keys).
    fn ssh(&self, extra: &[&str]) -> Command {
        let mut cmd = ssh_command(&self.opts);
        cmd.arg("-o")
            .arg(format!("ControlPath={}", self.control.path().join("c").display()))
            .args(extra)
            .arg("--")
            .arg(&self.target);
        cmd
    }

    /// Runs `args` on the server (each one quoted for its shell), with `input` on its stdin.
    pub fn run(&self, args: &[&str], input: &[u8]) -> Result<Output> {
        let line: Vec<String> = args.iter().map(|a| quote(a)).collect();
        let mut child = self
            .ssh(&[])
            .arg(line.join(" "))
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .map_err(|e| Error::from_io(&e, Path::new("ssh")))?;
        if let Some(mut stdin) = child.stdin.take() {
            use std::io::Write;
            let _ = stdin.write_all(input);
        }
        child
            .wait_with_output()
            .map_err(|e| Error::from_io(&e, Path::new("ssh")))
    }

    /// The bytes of `path` on the server.
    pub fn read(&self, path: &Path) -> Result<Vec<u8>> {
        let out = self.run(&["cat", "--", &path.to_string_lossy()], b"")?;
        if out.status.success() {
            return Ok(out.stdout);
        }
        let err = String::from_utf8_lossy(&out.stderr);
        Err(if err.contains("No such file") {
            Error::PathMissing { path: path.into() }
        } else if err.contains("Permission denied") {
            Error::PermissionDenied {
                path: path.into(),
                owner: None,
                user: None,
            }
        } else {
            Error::SshUnreachable {
                host: self.target.clone(),
            }
        })
    }
}

impl Drop for Session {
    fn drop(&mut self) {
        // Ends the shared connection; the socket's folder goes with the TempDir.
        let _ = self.ssh(&["-O", "exit"]).stderr(Stdio::null()).status();
    }
}

fn ssh_command(opts: &SshOptions) -> Command {
    let mut cmd = Command::new("ssh");
    if let Some(config) = &opts.config {
        cmd.arg("-F").arg(config);
    }
    let user_known = dirs_home().map(|h| h.join(".ssh/known_hosts"));
    let files: Vec<String> = user_known
        .into_iter()
        .chain([opts.known_hosts.clone()])
        .map(|p| p.display().to_string())
        .collect();
    cmd.args(["-o", "BatchMode=yes", "-o", "StrictHostKeyChecking=yes"])
        .args(["-o", "ForwardAgent=no", "-o", "ClearAllForwardings=yes"])
        .arg("-o")
        .arg(format!("UserKnownHostsFile={}", files.join(" ")))
        .stdin(Stdio::null());
    cmd
}

fn dirs_home() -> Option<PathBuf> {
    std::env::var_os("HOME").map(PathBuf::from)
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

/// Where ssh really connects for `target` (after ssh_config): host name and port.
fn endpoint(target: &str, opts: &SshOptions) -> Result<(String, String)> {
    let mut cmd = Command::new("ssh");
    if let Some(config) = &opts.config {
        cmd.arg("-F").arg(config);
    }
    let out = cmd
        .args(["-G", "--", target])
        .output()
        .map_err(|e| Error::from_io(&e, Path::new("ssh")))?;
    let text = String::from_utf8_lossy(&out.stdout);
    let value = |key: &str| {
        text.lines()
            .find_map(|l| l.strip_prefix(&format!("{key} ")))
            .map(str::to_string)
    };
    match (value("hostname"), value("port")) {
        (Some(h), Some(p)) => Ok((h, p)),
        _ => Err(Error::SshUnreachable {
            host: target.to_string(),
        }),
    }
}

/// The server's host key line (known_hosts form) and its SHA256 fingerprint, as ssh-keyscan
/// sees them now.
fn scan(target: &str, opts: &SshOptions) -> Result<(String, String)> {
    let (host, port) = endpoint(target, opts)?;
    let unreachable = || Error::SshUnreachable {
        host: target.to_string(),
    };
    let out = Command::new("ssh-keyscan")
        .args(["-t", "ed25519,ecdsa,rsa", "-p", &port, "--", &host])
        .stderr(Stdio::null())
        .output()
        .map_err(|e| Error::from_io(&e, Path::new("ssh-keyscan")))?;
    // The first key the server offers in ssh's own preference order.
    let line = String::from_utf8_lossy(&out.stdout)
        .lines()
        .find(|l| !l.starts_with('#') && !l.trim().is_empty())
        .map(str::to_string)
        .ok_or_else(unreachable)?;
    let fp = fingerprint_of(&line).ok_or_else(unreachable)?;
    Ok((line, fp))
}

fn fingerprint_of(known_hosts_line: &str) -> Option<String> {
    let mut child = Command::new("ssh-keygen")
        .args(["-l", "-E", "sha256", "-f", "-"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .ok()?;
    {
        use std::io::Write;
        child.stdin.take()?.write_all(known_hosts_line.as_bytes()).ok()?;
    }
    let out = child.wait_with_output().ok()?;
    String::from_utf8_lossy(&out.stdout)
        .split_whitespace()
        .nth(1)
        .map(str::to_string)
}

fn host_key(target: &str, opts: &SshOptions) -> Result<String> {
    scan(target, opts).map(|(_, fp)| fp)
}

/// The owner compared `fingerprint` and accepts it: recorded in famsync's known_hosts, but
/// only if the server presents that very key now (else it is refused as changed).
pub fn accept_host_key(target: &str, fingerprint: &str, opts: &SshOptions) -> Result<()> {
    let (line, now) = scan(target, opts)?;
    if now != fingerprint.trim() {
        return Err(Error::SshHostKeyChanged {
            host: target.to_string(),
        });
    }
    let dir = opts.known_hosts.parent().unwrap_or(Path::new("."));
    std::fs::create_dir_all(dir).map_err(|e| Error::from_io(&e, dir))?;
    use std::io::Write;
    std::fs::OpenOptions::new()
        .create(true)
        .append(true)
        .open(&opts.known_hosts)
        .and_then(|mut f| writeln!(f, "{line}"))
        .map_err(|e| Error::from_io(&e, &opts.known_hosts))
}

/// One argument for a POSIX shell: single-quoted, with embedded quotes escaped.
pub fn quote(arg: &str) -> String {
    format!("'{}'", arg.replace('\'', r"'\''"))
}

#[cfg(test)]
mod tests {
    #[test]
    fn arguments_are_quoted_for_the_remote_shell() {
        assert_eq!(super::quote("a b"), "'a b'");
        assert_eq!(super::quote("it's; rm -rf /"), r"'it'\''s; rm -rf /'");
    }
}
