//! Key-level difference between two versions of the env file. Values are shown only for the
//! settings famsync manages; every other value (SQL password, installation key, identity keys,
//! SMTP password…) is reported as changed without being shown.

use crate::envfile::{split_assignment, EnvDoc};
use crate::region;
use serde::Serialize;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ChangeKind {
    Added,
    Changed,
    Removed,
    /// Same value, but duplicate lines for the key were collapsed into one.
    Deduplicated,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ChangeNote {
    /// pushRelayBaseUri leaves `REPLACE`: push notifications through Bitwarden's relay start.
    TurnsPushRelayOn,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Change {
    pub key: String,
    pub kind: ChangeKind,
    /// `None` when absent or hidden.
    pub before: Option<String>,
    pub after: Option<String>,
    pub hidden: bool,
    pub note: Option<ChangeNote>,
}

const SHOWN: [&str; 7] = [
    region::ENABLE,
    region::CLOUD_REGION,
    region::OLD_CLOUD_REGION,
    region::IDENTITY_URI,
    region::API_URI,
    region::PUSH_RELAY,
    "globalSettings__baseServiceUri__vault",
];

pub fn is_shown(key: &str) -> bool {
    SHOWN.iter().any(|k| k.eq_ignore_ascii_case(key))
}

pub fn diff(before: &EnvDoc, after: &EnvDoc) -> Vec<Change> {
    keys(before, after)
        .into_iter()
        .filter_map(|key| change(before, after, &key))
        .collect()
}

/// Every key in either file, once, in first-seen order.
fn keys(before: &EnvDoc, after: &EnvDoc) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for doc in [before, after] {
        for text in doc.line_texts() {
            if let Some((k, _)) = split_assignment(text) {
                if !out.iter().any(|o| o.eq_ignore_ascii_case(k)) {
                    out.push(k.to_string());
                }
            }
        }
    }
    out
}

fn change(before: &EnvDoc, after: &EnvDoc, key: &str) -> Option<Change> {
    let (old, new) = (before.get(key), after.get(key));
    let kind = match (old, new) {
        (None, Some(_)) => ChangeKind::Added,
        (Some(_), None) => ChangeKind::Removed,
        (Some(a), Some(b)) if a != b => ChangeKind::Changed,
        _ if before.count(key) != after.count(key) => ChangeKind::Deduplicated,
        _ => return None,
    };
    let hidden = !is_shown(key);
    let show = |v: Option<&str>| if hidden { None } else { v.map(str::to_string) };
    let turns_push_on = key.eq_ignore_ascii_case(region::PUSH_RELAY)
        && old.map(region::normalized) == Some(region::PUSH_DISABLED)
        && new.is_some_and(|v| region::normalized(v) != region::PUSH_DISABLED);
    Some(Change {
        key: key.to_string(),
        kind,
        before: show(old),
        after: show(new),
        hidden,
        note: turns_push_on.then_some(ChangeNote::TurnsPushRelayOn),
    })
}
