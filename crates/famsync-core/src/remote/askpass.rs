//! Passphrases and passwords that ssh asks for, when famsync has a window and no terminal. ssh
//! runs famsync's own binary as its SSH_ASKPASS; in that role it sends ssh's question over a
//! private local socket (a named pipe on Windows: `platform::socket`) to the running app, which
//! asks the owner, and prints the answer for ssh.
//! The answer passes through memory only (wiped after use): it is never written anywhere.

use crate::error::{Error, Result};
use crate::platform::socket::{self, Listener as LocalListener, Stream as LocalStream};
use serde::Serialize;
use std::io::{BufRead, BufReader, Read, Write};
use std::path::{Path, PathBuf};
use zeroize::Zeroizing;

mod memory;
pub use memory::Memory;

/// Set for the askpass process only: where the app listens.
pub const SOCKET_ENV: &str = "FAMSYNC_ASKPASS_SOCKET";
/// Set for the askpass process of a held session (memory.rs): whose login asks.
pub const SCOPE_ENV: &str = "FAMSYNC_ASKPASS_SCOPE";

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
    /// What held sessions were answered, shared with the listener.
    pub memory: std::sync::Arc<Memory>,
}

/// No prompt of ssh's, nor any answer, is longer: more is not askpass talking.
const MAX: u64 = 64 << 10;

/// The listening socket, which only this user can reach; removed when dropped.
pub struct Listener {
    _address: socket::Address,
    pub askpass: Askpass,
}

/// Answers each of ssh's questions with `answer` (None: the owner cancelled), each on its own
/// thread, for as long as the Listener lives.
pub fn serve<F>(program: PathBuf, answer: F) -> Result<Listener>
where
    F: Fn(Prompt) -> Option<Zeroizing<String>> + Send + Sync + 'static,
{
    // Only this user may reach the socket: whoever connects is given the answers.
    let address =
        socket::private_address("famsync-askpass-").map_err(|e| Error::from_io(&e, &std::env::temp_dir()))?;
    let socket = address.path.clone();
    let listener = LocalListener::bind(&socket).map_err(|e| Error::from_io(&e, &socket))?;
    let memory = std::sync::Arc::new(Memory::default());
    let (answer, kept) = (std::sync::Arc::new(answer), memory.clone());
    std::thread::spawn(move || {
        for stream in listener.incoming().map_while(|s| s.ok()) {
            let (answer, kept) = (answer.clone(), kept.clone());
            std::thread::spawn(move || reply(stream, &kept, &*answer));
        }
    });
    Ok(Listener {
        _address: address,
        askpass: Askpass {
            program,
            socket,
            memory,
        },
    })
}

/// One question: the asking session's scope and the prompt, each up to a NUL (ssh's prompt is a
/// C string: it holds none; a pipe has no half-close to end it with); then "1" and the answer,
/// or "0", and the end of the stream.
fn reply(mut stream: LocalStream, memory: &Memory, answer: &dyn Fn(Prompt) -> Option<Zeroizing<String>>) {
    let mut fields = BufReader::new((&mut stream).take(MAX)).split(0);
    let (Some(Ok(scope)), Some(Ok(prompt))) = (fields.next(), fields.next()) else {
        return;
    };
    let (scope, prompt) = (String::from_utf8_lossy(&scope), String::from_utf8_lossy(&prompt));
    let asked = Prompt::parse(&prompt);
    // A passphrase or a password holds for the next login; a one-time code does not.
    let lasting = !matches!(asked, Prompt::Other { .. }) && !scope.is_empty();
    let recalled = lasting.then(|| memory.recall(&scope, &prompt)).flatten();
    let given = recalled.or_else(|| {
        let given = answer(asked)?;
        if lasting {
            memory.keep(&scope, &prompt, &given);
        }
        Some(given)
    });
    let reply = match given {
        Some(secret) => Zeroizing::new(format!("1{}", secret.as_str())),
        None => Zeroizing::new("0".to_string()),
    };
    let _ = stream.write_all(reply.as_bytes()).and_then(|_| stream.flush());
}

/// In the askpass role (ssh ran this binary with SOCKET_ENV set): asks the app and prints the
/// answer for ssh. Returns the exit code, or None when this process is not in that role.
pub fn run_if_asked() -> Option<i32> {
    let socket = std::env::var_os(SOCKET_ENV)?;
    let prompt = std::env::args().nth(1).unwrap_or_default();
    let scope = std::env::var(SCOPE_ENV).unwrap_or_default();
    Some(match ask(Path::new(&socket), &scope, &prompt) {
        Some(secret) => {
            let mut out = std::io::stdout().lock();
            let printed = writeln!(out, "{}", secret.as_str()).and_then(|_| out.flush());
            i32::from(printed.is_err())
        }
        None => 1,
    })
}

fn ask(socket: &Path, scope: &str, prompt: &str) -> Option<Zeroizing<String>> {
    let mut stream = LocalStream::connect(socket).ok()?;
    let message = format!("{}\0{}\0", scope.replace('\0', ""), prompt.replace('\0', ""));
    stream.write_all(message.as_bytes()).ok()?;
    let mut reply = Zeroizing::new(String::new());
    stream.take(MAX).read_to_string(&mut reply).ok()?;
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

    #[test]
    fn a_question_goes_through_the_socket_and_back() {
        let listener = serve("unused".into(), |p| match p {
            Prompt::Passphrase { key } if key == "/k" => Some(Zeroizing::new("s3cret".into())),
            _ => None,
        })
        .unwrap();
        let socket = &listener.askpass.socket;
        assert_eq!(
            ask(socket, "", "Enter passphrase for key '/k': ")
                .as_deref()
                .map(String::as_str),
            Some("s3cret")
        );
        assert_eq!(ask(socket, "", "other: "), None);
    }

    #[test]
    fn a_held_sessions_answer_is_given_again_once_per_login_after_its_first_and_until_it_ends() {
        let asked = std::sync::Arc::new(std::sync::atomic::AtomicUsize::new(0));
        let count = asked.clone();
        let listener = serve("unused".into(), move |_| {
            let n = count.fetch_add(1, std::sync::atomic::Ordering::SeqCst) + 1;
            Some(Zeroizing::new(format!("try{n}")))
        })
        .unwrap();
        let (socket, memory) = (&listener.askpass.socket, &listener.askpass.memory);
        let got = |asker: &str, prompt: &str| ask(socket, asker, prompt).map(|s| s.to_string());
        let key = "Enter passphrase for key '/k': ";
        // Until its first login succeeded, every question goes to the owner: a wrong answer
        // is never repeated to ssh.
        assert_eq!(got("s1/a", key).as_deref(), Some("try1"));
        assert_eq!(got("s1/a", key).as_deref(), Some("try2"));
        memory.confirm("s1");
        assert_eq!(
            got("s1/b", key).as_deref(),
            Some("try2"),
            "the answer that logged in"
        );
        // The same login asking again: that answer did not do, the owner is asked.
        assert_eq!(got("s1/b", key).as_deref(), Some("try3"));
        // A one-time code is never given again; nor is another session's answer, nor one to
        // a question from no session.
        let code = "(ann@vault) Verification code: ";
        assert_eq!(got("s1/c", code).as_deref(), Some("try4"));
        assert_eq!(got("s1/d", code).as_deref(), Some("try5"));
        assert_eq!(got("s2/a", key).as_deref(), Some("try6"));
        assert_eq!(got("", key).as_deref(), Some("try7"));
        memory.forget("s1");
        assert_eq!(
            got("s1/e", key).as_deref(),
            Some("try8"),
            "an ended session's answer was kept"
        );
    }

    // Windows refuses a second pipe of the name (FILE_FLAG_FIRST_PIPE_INSTANCE), but Wine 8
    // ignores the flag, so it is not tested there (tests/not-on-windows.txt).
    #[cfg(unix)]
    #[test]
    fn nobody_else_may_listen_at_the_address_or_enter_its_folder() {
        let listener = serve("unused".into(), |_| None).unwrap();
        let socket = &listener.askpass.socket;
        assert!(
            LocalListener::bind(socket).is_err(),
            "a second listener took the address"
        );
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(socket.parent().unwrap())
            .unwrap()
            .permissions()
            .mode();
        assert_eq!(mode & 0o077, 0, "the socket's folder is open to others");
    }
}
