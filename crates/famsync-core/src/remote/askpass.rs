//! Passphrases and passwords that ssh asks for, when famsync has a window and no terminal. ssh
//! runs famsync's own binary as its SSH_ASKPASS; in that role it sends ssh's question over a
//! private Unix socket to the running app, which asks the owner, and prints the answer for ssh.
//! The answer passes through memory only (wiped after use): it is never written anywhere.

use crate::error::{Error, Result};
use crate::platform::socket::{Listener as UnixListener, Stream as UnixStream};
use serde::Serialize;
use std::io::{Read, Write};
use std::path::{Path, PathBuf};
use zeroize::Zeroizing;

/// Set for the askpass process only: where the app listens.
pub const SOCKET_ENV: &str = "FAMSYNC_ASKPASS_SOCKET";

/// What ssh asks, in words the window can put in any language.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[cfg_attr(feature = "ts", ts(rename = "SshPrompt"))]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Prompt {
    /// The passphrase of a key file.
    Passphrase { key: String },
    /// The password of an account on the server (`user@host`).
    Password { account: String },
    /// Anything else ssh asks (a security key's PIN, a one-time code), as ssh wrote it.
    Other { text: String },
}

impl Prompt {
    /// Reads ssh's prompt: `Enter passphrase for key '/k':` or `user@host's password:`.
    pub fn parse(text: &str) -> Prompt {
        let t = text.trim();
        if let Some(key) = t
            .strip_prefix("Enter passphrase for key '")
            .and_then(|r| r.strip_suffix("':"))
        {
            return Prompt::Passphrase { key: key.into() };
        }
        if let Some(account) = t.strip_suffix("'s password:") {
            return Prompt::Password {
                account: account.into(),
            };
        }
        Prompt::Other { text: t.into() }
    }
}

/// One of ssh's questions as the window gets it: `id` goes back with the answer.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[cfg_attr(feature = "ts", ts(rename = "SshQuestion"))]
pub struct Question {
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub id: u64,
    pub prompt: Prompt,
}

/// How ssh reaches the app's questions: this program, run with SOCKET_ENV = socket.
#[derive(Debug, Clone)]
pub struct Askpass {
    pub program: PathBuf,
    pub socket: PathBuf,
}

/// The listening socket, in a folder only this user can enter; removed when dropped.
pub struct Listener {
    _dir: tempfile::TempDir,
    pub askpass: Askpass,
}

/// Answers each of ssh's questions with `answer` (None: the owner cancelled), each on its own
/// thread, for as long as the Listener lives.
pub fn serve<F>(program: PathBuf, answer: F) -> Result<Listener>
where
    F: Fn(Prompt) -> Option<Zeroizing<String>> + Send + Sync + 'static,
{
    // Only this user may reach the socket: whoever connects is given the answers.
    let dir = super::private_tempdir("famsync-askpass-")?;
    let socket = dir.path().join("s");
    let listener = UnixListener::bind(&socket).map_err(|e| Error::from_io(&e, &socket))?;
    let answer = std::sync::Arc::new(answer);
    std::thread::spawn(move || {
        for stream in listener.incoming().map_while(|s| s.ok()) {
            let answer = answer.clone();
            std::thread::spawn(move || reply(stream, &*answer));
        }
    });
    Ok(Listener {
        _dir: dir,
        askpass: Askpass { program, socket },
    })
}

/// One question: the prompt up to the client's end of writing; then "1" and the answer, or "0".
fn reply(mut stream: UnixStream, answer: &dyn Fn(Prompt) -> Option<Zeroizing<String>>) {
    let mut prompt = String::new();
    if stream.read_to_string(&mut prompt).is_err() {
        return;
    }
    let reply = match answer(Prompt::parse(&prompt)) {
        Some(secret) => Zeroizing::new(format!("1{}", secret.as_str())),
        None => Zeroizing::new("0".to_string()),
    };
    let _ = stream.write_all(reply.as_bytes());
}

/// In the askpass role (ssh ran this binary with SOCKET_ENV set): asks the app and prints the
/// answer for ssh. Returns the exit code, or None when this process is not in that role.
pub fn run_if_asked() -> Option<i32> {
    let socket = std::env::var_os(SOCKET_ENV)?;
    let prompt = std::env::args().nth(1).unwrap_or_default();
    Some(match ask(Path::new(&socket), &prompt) {
        Some(secret) => {
            let mut out = std::io::stdout().lock();
            let printed = writeln!(out, "{}", secret.as_str()).and_then(|_| out.flush());
            i32::from(printed.is_err())
        }
        None => 1,
    })
}

fn ask(socket: &Path, prompt: &str) -> Option<Zeroizing<String>> {
    let mut stream = UnixStream::connect(socket).ok()?;
    stream.write_all(prompt.as_bytes()).ok()?;
    stream.shutdown(std::net::Shutdown::Write).ok()?;
    let mut reply = Zeroizing::new(String::new());
    stream.read_to_string(&mut reply).ok()?;
    reply.strip_prefix('1').map(|s| Zeroizing::new(s.to_string()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ssh_prompts_are_read_into_kinds() {
        assert_eq!(
            Prompt::parse("Enter passphrase for key '/home/a/.ssh/id_ed25519': "),
            Prompt::Passphrase {
                key: "/home/a/.ssh/id_ed25519".into()
            }
        );
        assert_eq!(
            Prompt::parse("admin@vault's password: "),
            Prompt::Password {
                account: "admin@vault".into()
            }
        );
        assert_eq!(
            Prompt::parse("Enter PIN for ED25519-SK key: "),
            Prompt::Other {
                text: "Enter PIN for ED25519-SK key:".into()
            }
        );
    }

    #[cfg(unix)] // the socket is Unix only (tests/not-on-windows.txt)
    #[test]
    fn a_question_goes_through_the_socket_and_back() {
        let listener = serve("unused".into(), |p| match p {
            Prompt::Passphrase { key } if key == "/k" => Some(Zeroizing::new("s3cret".into())),
            _ => None,
        })
        .unwrap();
        let socket = &listener.askpass.socket;
        assert_eq!(
            ask(socket, "Enter passphrase for key '/k': ")
                .as_deref()
                .map(String::as_str),
            Some("s3cret")
        );
        assert_eq!(ask(socket, "other: "), None);
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(socket.parent().unwrap())
            .unwrap()
            .permissions()
            .mode();
        assert_eq!(mode & 0o077, 0, "the socket's folder is open to others");
    }
}
