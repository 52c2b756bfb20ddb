//! Host keys: where ssh really connects, what key the server presents now, and recording a
//! key the owner compared and accepted.

use super::command_line::ssh_binary;
use super::options::SshOptions;
use super::session::destination;
use crate::error::{Error, Result};
use std::path::Path;
use std::process::{Command, Stdio};

/// Where ssh really connects for `target` (after ssh_config): host name and port.
fn endpoint(target: &str, opts: &SshOptions) -> Result<(String, String)> {
    let out = ssh_binary(opts)
        .args(["-G", "--", &destination(target)])
        .output()
        .map_err(|e| super::tool_failed(&e, "ssh"))?;
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
        .map_err(|e| super::tool_failed(&e, "ssh-keyscan"))?;
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

pub(super) fn host_key(target: &str, opts: &SshOptions) -> Result<String> {
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
