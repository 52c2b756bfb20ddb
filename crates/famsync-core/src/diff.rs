//! Key-level difference between two versions of the env file. Values are shown only for the
//! settings famsync manages; every other value (SQL password, installation key, identity keys,
//! SMTP password…) is reported as changed without being shown.

use crate::envfile::{EnvDoc, KeyInfo};
use crate::region;
use serde::Serialize;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub enum ChangeKind {
    Added,
    Changed,
    Removed,
    /// Same value, but duplicate lines for the key were collapsed into one.
    Deduplicated,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub enum ChangeNote {
    /// pushRelayBaseUri leaves `REPLACE`: push notifications through Bitwarden's relay start.
    TurnsPushRelayOn,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Change {
    pub key: String,
    pub kind: ChangeKind,
    /// `None` when absent or hidden.
    pub before: Option<String>,
    pub after: Option<String>,
    pub hidden: bool,
    pub note: Option<ChangeNote>,
}

/// Keys whose values may be shown: the ones famsync manages, and the (public) vault URL.
pub fn is_shown(key: &str) -> bool {
    const PUBLIC: &str = "globalSettings__baseServiceUri__vault";
    region::MANAGED
        .iter()
        .copied()
        .chain([PUBLIC])
        .any(|k| k.eq_ignore_ascii_case(key))
}

/// The full key-level diff, for two unrelated versions (a restore): one index of each file,
/// then one look-up per key.
pub fn diff(before: &EnvDoc, after: &EnvDoc) -> Vec<Change> {
    let (old, new) = (before.index(), after.index());
    let changed = old
        .keys
        .iter()
        .filter_map(|k| change(k.key, side(Some(k)), side(new.get(k.key))));
    let added = new.keys.iter().filter(|k| old.get(k.key).is_none());
    changed
        .chain(added.filter_map(|k| change(k.key, None, side(Some(k)))))
        .collect()
}

/// The diff restricted to `keys`: a few scans instead of indexing both files. Exact for a plan,
/// whose edits touch no other key (every other line comes through byte-identical).
pub fn diff_keys(before: &EnvDoc, after: &EnvDoc, keys: &[&str]) -> Vec<Change> {
    keys.iter()
        .filter_map(|k| change(k, side_of(before, k), side_of(after, k)))
        .collect()
}

fn side<'a>(k: Option<&KeyInfo<'a>>) -> Option<(&'a str, usize)> {
    k.map(|k| (k.value, k.count()))
}

fn side_of<'a>(doc: &'a EnvDoc, key: &str) -> Option<(&'a str, usize)> {
    doc.get(key).map(|v| (v, doc.count(key)))
}

/// One key's change, from its effective value and line count on each side.
fn change(key: &str, before: Option<(&str, usize)>, after: Option<(&str, usize)>) -> Option<Change> {
    let (old, new) = (before.map(|b| b.0), after.map(|a| a.0));
    let kind = match (old, new) {
        (None, Some(_)) => ChangeKind::Added,
        (Some(_), None) => ChangeKind::Removed,
        (Some(a), Some(b)) if a != b => ChangeKind::Changed,
        _ if before.map(|b| b.1) != after.map(|a| a.1) => ChangeKind::Deduplicated,
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
