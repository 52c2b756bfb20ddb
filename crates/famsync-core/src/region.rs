//! The settings each Bitwarden cloud region needs, read back from an env file.
//! Source: the help page "Self-hosting Families Sponsorships" and the setup tool's
//! EnvironmentFileBuilder (see shared/bitwarden-facts.md). famsync writes and checks the two
//! regions Families sponsorships cover (`Region`); a third cloud the server knows is read and
//! named as such (`OtherCloud`), never taken for one of them.

use crate::envfile::EnvDoc;
use serde::{Deserialize, Serialize};

pub const ENABLE: &str = "globalSettings__enableCloudCommunication";
pub const CLOUD_REGION: &str = "globalSettings__baseServiceUri__cloudRegion";
/// What servers before 2023.8 called the region key.
pub const OLD_CLOUD_REGION: &str = "globalSettings__baseServiceUri__cloudVaultRegion";
pub const IDENTITY_URI: &str = "globalSettings__installation__identityUri";
pub const API_URI: &str = "globalSettings__installation__apiUri";
pub const PUSH_RELAY: &str = "globalSettings__pushRelayBaseUri";
/// Every key famsync ever writes, in the order a diff lists them.
pub const MANAGED: [&str; 6] = [
    ENABLE,
    CLOUD_REGION,
    OLD_CLOUD_REGION,
    IDENTITY_URI,
    API_URI,
    PUSH_RELAY,
];
/// The installer writes this placeholder when push notifications are off.
pub const PUSH_DISABLED: &str = "REPLACE";

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub enum Region {
    Us,
    Eu,
}

impl Region {
    pub fn code(self) -> &'static str {
        match self {
            Region::Us => "US",
            Region::Eu => "EU",
        }
    }

    fn domain(self) -> &'static str {
        match self {
            Region::Us => "bitwarden.com",
            Region::Eu => "bitwarden.eu",
        }
    }

    pub fn identity_uri(self) -> String {
        format!("https://identity.{}", self.domain())
    }

    pub fn api_uri(self) -> String {
        format!("https://api.{}", self.domain())
    }

    /// The cloud web vault, where the owner generates the billing sync token.
    pub fn vault_uri(self) -> String {
        format!("https://vault.{}", self.domain())
    }

    pub fn push_uri(self) -> String {
        format!("https://push.{}", self.domain())
    }

    fn parse(value: &str) -> Option<Region> {
        match value.to_ascii_uppercase().as_str() {
            "US" => Some(Region::Us),
            "EU" => Some(Region::Eu),
            _ => None,
        }
    }

    fn of_uri(value: &str) -> Option<Region> {
        [Region::Us, Region::Eu].into_iter().find(|r| {
            [r.identity_uri(), r.api_uri(), r.push_uri()]
                .iter()
                .any(|u| same_uri(value, u))
        })
    }
}

/// A cloud the settings may name that famsync does not serve: Bitwarden's Gov cloud
/// (bitwarden/server src/Core/Settings/CloudRegionConfig.cs and Enums/CloudRegion.cs, since
/// 2026.6), which Setup does not offer and the Families sponsorship page does not cover. No push
/// relay is named for it there, so famsync names none.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub enum OtherCloud {
    Gov,
}

impl OtherCloud {
    /// As the server writes it (`CloudRegion.Gov`'s display name).
    pub fn code(self) -> &'static str {
        match self {
            OtherCloud::Gov => "Gov",
        }
    }

    pub fn domain(self) -> &'static str {
        match self {
            OtherCloud::Gov => "bitwarden-gov.com",
        }
    }

    fn parse(value: &str) -> Option<OtherCloud> {
        value.eq_ignore_ascii_case("gov").then_some(OtherCloud::Gov)
    }

    fn of_uri(value: &str) -> Option<OtherCloud> {
        let d = OtherCloud::Gov.domain();
        [format!("https://api.{d}"), format!("https://identity.{d}")]
            .iter()
            .any(|u| same_uri(value, u))
            .then_some(OtherCloud::Gov)
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub enum PushRelay {
    /// No override line: global.env's default, the US relay.
    Default,
    Disabled,
    Enabled,
}

/// A region line that does not say what the region needs. `expected: None` means "no line".
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "code", rename_all = "snake_case")]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub enum RegionProblem {
    RegionLineMismatch {
        key: String,
        expected: Option<String>,
        found: Option<String>,
    },
    RegionValueUnknown {
        key: String,
        found: String,
    },
    EnableValueUnknown {
        key: String,
        found: String,
    },
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct CloudState {
    pub enabled: bool,
    /// The region the server would use; None when the settings name another cloud.
    pub region: Option<Region>,
    /// That other cloud.
    pub other_cloud: Option<OtherCloud>,
    pub consistent: bool,
    pub problems: Vec<RegionProblem>,
    pub push_relay: PushRelay,
}

/// A value as .NET compares it. Quotes and comments are already gone (EnvDoc reads values
/// as docker compose does); what is left inside quotes is the value, blanks around it are not
/// (.NET's bool and enum parsing trim them).
pub fn normalized(value: &str) -> &str {
    value.trim()
}

fn same_uri(a: &str, b: &str) -> bool {
    normalized(a)
        .trim_end_matches('/')
        .eq_ignore_ascii_case(b.trim_end_matches('/'))
}

pub fn read_state(doc: &EnvDoc) -> CloudState {
    let mut problems = Vec::new();
    let enabled = read_enabled(doc, &mut problems);
    let cloud = effective_cloud(doc, &mut problems);
    let (region, other_cloud) = match cloud {
        Cloud::Served(r) => (Some(r), None),
        Cloud::Other(c) => (None, Some(c)),
    };
    // What another cloud's lines should hold famsync does not know: none is judged.
    problems.extend(region.map(|r| mismatches(doc, r)).unwrap_or_default());
    let push_relay = match doc.get(PUSH_RELAY).map(normalized) {
        None => PushRelay::Default,
        Some(PUSH_DISABLED) => PushRelay::Disabled,
        Some(_) => PushRelay::Enabled,
    };
    CloudState {
        enabled,
        region,
        other_cloud,
        consistent: problems.is_empty(),
        problems,
        push_relay,
    }
}

fn read_enabled(doc: &EnvDoc, problems: &mut Vec<RegionProblem>) -> bool {
    let Some(raw) = doc.get(ENABLE) else { return false };
    match normalized(raw).to_ascii_lowercase().as_str() {
        "true" => true,
        "false" => false,
        other => {
            problems.push(RegionProblem::EnableValueUnknown {
                key: ENABLE.into(),
                found: other.into(),
            });
            false
        }
    }
}

enum Cloud {
    Served(Region),
    Other(OtherCloud),
}

impl Cloud {
    fn parse(value: &str) -> Option<Cloud> {
        let value = normalized(value);
        Region::parse(value)
            .map(Cloud::Served)
            .or_else(|| OtherCloud::parse(value).map(Cloud::Other))
    }

    fn of_uri(value: &str) -> Option<Cloud> {
        Region::of_uri(value)
            .map(Cloud::Served)
            .or_else(|| OtherCloud::of_uri(value).map(Cloud::Other))
    }
}

/// The cloud the server would use: the region key (new name first), else what the URIs point
/// at, else the server's default, US.
fn effective_cloud(doc: &EnvDoc, problems: &mut Vec<RegionProblem>) -> Cloud {
    for key in [CLOUD_REGION, OLD_CLOUD_REGION] {
        if let Some(raw) = doc.get(key) {
            match Cloud::parse(raw) {
                Some(cloud) => return cloud,
                None => problems.push(RegionProblem::RegionValueUnknown {
                    key: key.into(),
                    found: raw.into(),
                }),
            }
        }
    }
    [API_URI, IDENTITY_URI]
        .iter()
        .find_map(|k| doc.get(k).and_then(Cloud::of_uri))
        .unwrap_or(Cloud::Served(Region::Us))
}

/// The region of `state`, or why famsync has none to work in.
pub fn served(state: &CloudState) -> crate::Result<Region> {
    match (state.region, state.other_cloud) {
        (Some(region), _) => Ok(region),
        (None, Some(cloud)) => Err(crate::Error::CloudNotServed {
            cloud: cloud.code().into(),
            domain: cloud.domain().into(),
        }),
        (None, None) => Ok(Region::Us),
    }
}

/// What each region line should hold for `region`; `None` = the line should be absent or
/// carry the server's default (US values).
fn expectations(doc: &EnvDoc, region: Region) -> Vec<(&'static str, Option<String>)> {
    let eu = region == Region::Eu;
    let mut out = vec![
        (CLOUD_REGION, Some(region.code().to_string())),
        (IDENTITY_URI, eu.then(|| region.identity_uri())),
        (API_URI, eu.then(|| region.api_uri())),
    ];
    if doc.get(OLD_CLOUD_REGION).is_some() {
        out.push((OLD_CLOUD_REGION, Some(region.code().to_string())));
    }
    let push_disabled = doc.get(PUSH_RELAY).map(normalized) == Some(PUSH_DISABLED);
    if !push_disabled {
        out.push((PUSH_RELAY, eu.then(|| region.push_uri())));
    }
    out
}

fn mismatches(doc: &EnvDoc, region: Region) -> Vec<RegionProblem> {
    let fresh_us = region == Region::Us;
    expectations(doc, region)
        .into_iter()
        .filter(|(key, expected)| !holds(doc, key, expected.as_deref(), fresh_us))
        .map(|(key, expected)| RegionProblem::RegionLineMismatch {
            key: key.into(),
            expected,
            found: doc.get(key).map(str::to_string),
        })
        .collect()
}

/// Whether `key` already says what `expected` asks. For US a missing region key is fine too:
/// the server defaults to US.
fn holds(doc: &EnvDoc, key: &str, expected: Option<&str>, us: bool) -> bool {
    let found = doc.get(key);
    match (expected, found) {
        (Some(want), Some(have)) if key == CLOUD_REGION || key == OLD_CLOUD_REGION => {
            Region::parse(normalized(have)) == Region::parse(want)
        }
        (Some(want), Some(have)) => same_uri(have, want),
        (Some(_), None) => us && key == CLOUD_REGION,
        (None, None) => true,
        (None, Some(have)) => Region::of_uri(have) == Some(Region::Us),
    }
}
