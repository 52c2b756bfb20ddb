//! A secret famsync holds for a moment (a billing sync token, an API key's secret, an access
//! token): wiped from memory when dropped, and never printed — Debug, Display and serde all
//! say "<redacted>". `expose` is the one way to its text, for the keyring or a request.

use serde::Serialize;
use zeroize::Zeroizing;

pub struct Secret(Zeroizing<String>);

/// Bitwarden's billing sync tokens and personal API keys are both
/// `CoreHelpers.SecureRandomString(30)`: 30 characters from [A-Za-z0-9].
pub const KEY_LENGTH: usize = 30;

impl Secret {
    pub(crate) fn new(text: String) -> Secret {
        Secret(Zeroizing::new(text))
    }

    /// What the owner pasted as a 30-character key: surrounding blanks and line breaks are
    /// dropped; anything else that is not 30 letters and digits is refused with the reason,
    /// which never contains the text.
    pub fn key(pasted: &str) -> Result<Secret, KeyReason> {
        let text = pasted.trim();
        let chars = text.chars().count();
        if text.is_empty() {
            Err(KeyReason::Empty)
        } else if let Some(i) = text.chars().position(|c| !c.is_ascii_alphanumeric()) {
            Err(KeyReason::NotAlphanumeric { position: i + 1 })
        } else if chars != KEY_LENGTH {
            Err(KeyReason::WrongLength { length: chars })
        } else {
            Ok(Secret::new(text.to_string()))
        }
    }

    pub fn expose(&self) -> &str {
        &self.0
    }
}

/// Why a pasted text is not a 30-character key (never the text itself).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[cfg_attr(feature = "ts", ts(rename = "TokenReason"))]
#[serde(tag = "reason", rename_all = "snake_case")]
pub enum KeyReason {
    Empty,
    /// It has `length` characters, not 30.
    WrongLength {
        length: usize,
    },
    /// The character at `position` (1-based) is not a letter or digit.
    NotAlphanumeric {
        position: usize,
    },
}

impl std::fmt::Debug for Secret {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("<redacted>")
    }
}

impl std::fmt::Display for Secret {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("<redacted>")
    }
}

/// A secret in a server's answer (the billing sync key the server holds) is read straight into
/// a Secret.
impl<'de> serde::Deserialize<'de> for Secret {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> std::result::Result<Secret, D::Error> {
        String::deserialize(d).map(Secret::new)
    }
}

impl Serialize for Secret {
    fn serialize<S: serde::Serializer>(&self, s: S) -> std::result::Result<S::Ok, S::Error> {
        s.serialize_str("<redacted>")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const GOOD: &str = "AbCdEfGhIjKlMnOpQrStUvWxYz0123";

    fn reason(pasted: &str) -> KeyReason {
        Secret::key(pasted).expect_err("accepted")
    }

    #[test]
    fn a_pasted_key_is_trimmed_and_checked() {
        assert_eq!(Secret::key(&format!("  {GOOD}\r\n")).unwrap().expose(), GOOD);
        assert_eq!(reason(" \n"), KeyReason::Empty);
        assert_eq!(reason(&GOOD[..29]), KeyReason::WrongLength { length: 29 });
        assert_eq!(reason(&format!("{GOOD}9")), KeyReason::WrongLength { length: 31 });
        assert_eq!(
            reason(&format!("{}-{}", &GOOD[..10], &GOOD[11..])),
            KeyReason::NotAlphanumeric { position: 11 }
        );
        assert_eq!(
            reason("AbCdEfGhIjKlMnOpQrStUvWxYz012é"),
            KeyReason::NotAlphanumeric { position: 30 }
        );
    }

    #[test]
    fn a_secret_never_prints() {
        let s = Secret::key(GOOD).unwrap();
        let shown = format!("{s} {s:?} {}", serde_json::to_string(&s).unwrap());
        assert!(!shown.contains(GOOD), "{shown}");
    }
}
