//! The window's "a server over SSH" form: what the owner typed, checked and turned into an ssh
//! target and options before anything connects.

use crate::error::{Error, Result};
use serde::{Deserialize, Serialize};
use std::path::PathBuf;

/// The form's fields as typed; every one but `host` may be left empty.
#[derive(Debug, Clone, Default, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct ServerForm {
    /// A host name, an address, or an alias from ~/.ssh/config.
    pub host: String,
    /// Empty: ssh_config's User, else the local user name.
    pub user: String,
    /// Empty: ssh_config's Port, else 22.
    pub port: String,
    /// A private key file on this machine; empty: the SSH agent and ssh_config.
    pub identity: String,
    /// The bwdata folder on the server; empty: looked for in the usual places there.
    pub bwdata: String,
}

/// Which field of the form is wrong.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "snake_case")]
pub enum TargetField {
    Host,
    User,
    Port,
}

impl ServerForm {
    /// The ssh target: `host`, `user@host`, `host:port` or `user@host:port`.
    pub fn target(&self) -> Result<String> {
        let host = checked(TargetField::Host, &self.host, true)?;
        let user = checked(TargetField::User, &self.user, false)?;
        let port = self.port.trim();
        if !port.is_empty() && !port.parse::<u16>().is_ok_and(|p| p > 0) {
            return Err(invalid(TargetField::Port, port));
        }
        let mut target = String::new();
        if !user.is_empty() {
            target = format!("{user}@");
        }
        target.push_str(host);
        if !port.is_empty() {
            target = format!("{target}:{port}");
        }
        Ok(target)
    }

    /// The key file, which must be a file here (its passphrase, if any, is asked for by ssh).
    pub fn identity(&self) -> Result<Option<PathBuf>> {
        let raw = self.identity.trim();
        if raw.is_empty() {
            return Ok(None);
        }
        let path = PathBuf::from(raw);
        match std::fs::metadata(&path) {
            Ok(m) if m.is_file() => Ok(Some(path)),
            Ok(_) => Err(Error::PathMissing { path }),
            Err(e) => Err(Error::from_io(&e, &path)),
        }
    }

    pub fn bwdata(&self) -> Option<PathBuf> {
        let raw = self.bwdata.trim();
        (!raw.is_empty()).then(|| PathBuf::from(raw))
    }
}

/// A target given whole (`--host user@server:port`), held to the form's rules: a CLI argument
/// must not become an ssh option either, and a typo is named before anything connects.
pub fn check_target(target: &str) -> Result<()> {
    let (user, rest) = target.split_once('@').unwrap_or(("", target));
    let (host, port) = match rest.rsplit_once(':') {
        Some((name, port)) if !name.contains(':') => (name, port),
        _ => (rest, ""),
    };
    let form = ServerForm {
        host: host.into(),
        user: user.into(),
        port: port.into(),
        ..ServerForm::default()
    };
    form.target().map(drop)
}

/// A DNS name is at most 253 characters, and a user name far shorter.
const MAX_NAME: usize = 255;

/// A host or user name as ssh takes it: no spaces, no separators of the other parts, no
/// leading dash (ssh would read it as an option), and no longer than a name can be.
fn checked(field: TargetField, text: &str, required: bool) -> Result<&str> {
    let t = text.trim();
    let bad = |c: char| c.is_whitespace() || c.is_control() || c == '@' || c == '/';
    let bad_user = field == TargetField::User && t.contains(':');
    let odd = t.starts_with('-') || t.contains(bad) || t.chars().count() > MAX_NAME;
    if (required && t.is_empty()) || odd || bad_user {
        return Err(invalid(field, t));
    }
    Ok(t)
}

/// The refused text as it is shown back: what follows a `:` in a user name is a password
/// someone typed there, never shown; a long one is cut.
fn invalid(field: TargetField, text: &str) -> Error {
    let shown = match (field, text.split_once(':')) {
        (TargetField::User, Some((user, _))) => format!("{user}:…"),
        _ if text.chars().count() > 64 => format!("{}…", text.chars().take(64).collect::<String>()),
        _ => text.to_string(),
    };
    Error::SshTargetInvalid { field, text: shown }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn form(host: &str, user: &str, port: &str) -> ServerForm {
        ServerForm {
            host: host.into(),
            user: user.into(),
            port: port.into(),
            ..ServerForm::default()
        }
    }

    #[test]
    fn the_parts_become_one_target() {
        assert_eq!(form(" vault ", "", "").target().unwrap(), "vault");
        assert_eq!(form("vault", "admin", "").target().unwrap(), "admin@vault");
        assert_eq!(
            form("10.0.0.5", "admin", "2222").target().unwrap(),
            "admin@10.0.0.5:2222"
        );
        assert_eq!(form("vault", "", "22").target().unwrap(), "vault:22");
    }

    #[test]
    fn each_wrong_field_is_named() {
        let field = |f: ServerForm| match f.target() {
            Err(Error::SshTargetInvalid { field, .. }) => field,
            other => panic!("{other:?}"),
        };
        assert_eq!(field(form("", "a", "")), TargetField::Host);
        assert_eq!(field(form("-oProxyCommand=x", "", "")), TargetField::Host);
        assert_eq!(field(form("va ult", "", "")), TargetField::Host);
        assert_eq!(field(form("admin@vault", "admin", "")), TargetField::Host);
        assert_eq!(field(form("vault", "ad min", "")), TargetField::User);
        assert_eq!(field(form("vault", "a:b", "")), TargetField::User);
        assert_eq!(field(form("vault", "", "0")), TargetField::Port);
        assert_eq!(field(form("vault", "", "65536")), TargetField::Port);
        assert_eq!(field(form("vault", "", "ssh")), TargetField::Port);
    }

    #[test]
    fn a_whole_target_follows_the_same_rules() {
        for good in [
            "vault",
            "admin@vault",
            "admin@10.0.0.5:2222",
            "vault:22",
            "fe80::1",
        ] {
            assert!(check_target(good).is_ok(), "{good}");
        }
        let field = |t: &str| match check_target(t) {
            Err(Error::SshTargetInvalid { field, .. }) => field,
            other => panic!("{t}: {other:?}"),
        };
        assert_eq!(field("-oProxyCommand=x"), TargetField::Host);
        assert_eq!(field("admin@-oProxyCommand=x"), TargetField::Host);
        assert_eq!(field("-l@vault"), TargetField::User);
        assert_eq!(field("vault:0"), TargetField::Port);
        assert_eq!(field("va ult"), TargetField::Host);
        assert_eq!(field(""), TargetField::Host);
        assert_eq!(field(&"h".repeat(5000)), TargetField::Host);
        let shown = |t: &str| match check_target(t) {
            Err(Error::SshTargetInvalid { text, .. }) => text,
            other => panic!("{t}: {other:?}"),
        };
        assert_eq!(shown("root:hunter2@vault"), "root:…", "a password is never shown");
        assert_eq!(shown(&"h".repeat(5000)).chars().count(), 65);
    }

    #[test]
    fn a_key_file_must_exist_here() {
        let dir = tempfile::tempdir().unwrap();
        let mut f = form("vault", "", "");
        assert_eq!(f.identity().unwrap(), None);
        f.identity = dir.path().join("id_ed25519").display().to_string();
        assert!(matches!(f.identity(), Err(Error::PathMissing { .. })));
        std::fs::write(dir.path().join("id_ed25519"), "key").unwrap();
        assert_eq!(f.identity().unwrap(), Some(dir.path().join("id_ed25519")));
        f.identity = dir.path().display().to_string();
        assert!(matches!(f.identity(), Err(Error::PathMissing { .. })));
    }
}
