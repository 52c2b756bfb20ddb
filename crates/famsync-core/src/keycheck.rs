//! The cloud's last answer about an installation key, remembered so that the same key is not
//! sent again within a minute: the cloud rate-limits token requests (10 a minute per IP).
//! Within that minute the same key in the same region gets the same answer, a rejection
//! included; a changed key or region is asked at once, since the owner who just fixed the key
//! wants to know now. The key itself is never kept, only a short digest to tell it changed.

use crate::cloud::CheckResult;
use crate::error::Result;
use crate::region::Region;
use serde::{Deserialize, Serialize};
use std::path::Path;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

/// How long an answer about the same key stands.
pub const KEY_CHECK_INTERVAL: Duration = Duration::from_secs(60);

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct KeyCheck {
    /// When the cloud answered, in seconds since the epoch.
    pub at: u64,
    pub region: Region,
    /// The first 16 hex digits of the key's SHA-256.
    pub key: String,
    pub accepted: bool,
}

impl KeyCheck {
    pub fn new(region: Region, key: &str, accepted: bool, at: SystemTime) -> KeyCheck {
        KeyCheck {
            at: at
                .duration_since(UNIX_EPOCH)
                .map(|d| d.as_secs())
                .unwrap_or_default(),
            region,
            key: digest(key),
            accepted,
        }
    }

    /// The remembered answer for `key` in `region` at `now`, if it still stands.
    pub fn answer(&self, region: Region, key: &str, now: SystemTime) -> Option<CheckResult> {
        if self.region != region || self.key != digest(key) {
            return None;
        }
        let wait = wait_left(UNIX_EPOCH + Duration::from_secs(self.at), now)?;
        Some(if self.accepted {
            CheckResult::KeyCheckedRecently {
                again_in_secs: wait.as_secs().max(1),
            }
        } else {
            CheckResult::KeyRejected {
                region: region.code().into(),
            }
        })
    }
}

/// How long until an answer given at `at` no longer stands.
fn wait_left(at: SystemTime, now: SystemTime) -> Option<Duration> {
    let since = now.duration_since(at).unwrap_or_default();
    (since < KEY_CHECK_INTERVAL).then(|| KEY_CHECK_INTERVAL - since)
}

fn digest(key: &str) -> String {
    crate::envfile::sha256_hex(key.as_bytes())[..16].to_string()
}

/// Where the CLI keeps the last answer between runs (the window keeps it in memory).
const KIND: &str = "key-checks";

/// The last answer kept in `data_dir` for this installation; a damaged one counts as none.
pub fn remembered(data_dir: &Path, installation_id: &str) -> Option<KeyCheck> {
    crate::records::load(data_dir, KIND, installation_id)
}

pub fn remember(data_dir: &Path, installation_id: &str, answer: &KeyCheck) -> Result<()> {
    crate::records::save(data_dir, KIND, installation_id, answer)
}

#[cfg(test)]
mod tests {
    use super::*;

    const AT: Duration = Duration::from_secs(1_000_000);

    fn at(secs: u64) -> SystemTime {
        UNIX_EPOCH + AT + Duration::from_secs(secs)
    }

    #[test]
    fn an_accepted_key_is_not_asked_again_within_a_minute() {
        let last = KeyCheck::new(Region::Us, "k1", true, at(0));
        assert_eq!(
            last.answer(Region::Us, "k1", at(20)),
            Some(CheckResult::KeyCheckedRecently { again_in_secs: 40 })
        );
        assert_eq!(last.answer(Region::Us, "k1", at(60)), None);
    }

    #[test]
    fn a_rejected_key_stays_rejected_within_the_minute() {
        let last = KeyCheck::new(Region::Eu, "k1", false, at(0));
        assert_eq!(
            last.answer(Region::Eu, "k1", at(59)),
            Some(CheckResult::KeyRejected { region: "EU".into() })
        );
    }

    #[test]
    fn another_key_or_region_is_asked_at_once() {
        let last = KeyCheck::new(Region::Us, "k1", false, at(0));
        assert_eq!(last.answer(Region::Us, "k2", at(1)), None);
        assert_eq!(last.answer(Region::Eu, "k1", at(1)), None);
    }

    #[test]
    fn the_key_itself_is_not_kept() {
        let kept = serde_json::to_string(&KeyCheck::new(Region::Us, "secretKEY123", true, at(0))).unwrap();
        assert!(!kept.contains("secretKEY123"), "{kept}");
        assert_eq!(
            KeyCheck::new(Region::Us, "secretKEY123", true, at(0)).key.len(),
            16
        );
    }
}
