//! Checks against the Bitwarden cloud of one region, all at once and all read-only: can this
//! machine reach its api, identity and push hosts; does the region know this installation id;
//! does it accept the installation key. Contracts: bitwarden-facts.md, "Talking to the cloud".

use crate::http::{self, Http, HttpFailure, Stage};
use crate::keycheck::KeyCheck;
use crate::region::Region;
use serde::Serialize;
use std::time::SystemTime;

/// Where a region's cloud lives: the real hosts, or a stand-in (tests).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct CloudHosts {
    pub api: String,
    pub identity: String,
    pub push: String,
    /// True when a stand-in replaces the real hosts: front ends must say so.
    pub overridden: bool,
}

impl CloudHosts {
    pub fn real(region: Region) -> CloudHosts {
        CloudHosts {
            api: region.api_uri(),
            identity: region.identity_uri(),
            push: region.push_uri(),
            overridden: false,
        }
    }

    /// A stand-in at `base`, serving /api, /identity and /push.
    pub fn standin(base: &str) -> CloudHosts {
        let base = base.trim_end_matches('/');
        CloudHosts {
            api: format!("{base}/api"),
            identity: format!("{base}/identity"),
            push: format!("{base}/push"),
            overridden: true,
        }
    }
}

/// Both regions' hosts: a check in one region may ask the other whether it knows the id.
#[derive(Debug, Clone)]
pub struct Clouds {
    pub us: CloudHosts,
    pub eu: CloudHosts,
}

impl Clouds {
    /// The real hosts, or the stand-ins FAMSYNC_CLOUD_US / FAMSYNC_CLOUD_EU name (tests).
    pub fn from_env() -> Clouds {
        let pick = |r: Region| match std::env::var(format!("FAMSYNC_CLOUD_{}", r.code())) {
            Ok(base) => CloudHosts::standin(&base),
            Err(_) => CloudHosts::real(r),
        };
        Clouds {
            us: pick(Region::Us),
            eu: pick(Region::Eu),
        }
    }

    pub fn of(&self, region: Region) -> &CloudHosts {
        match region {
            Region::Us => &self.us,
            Region::Eu => &self.eu,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "snake_case")]
pub enum CheckId {
    ApiReachable,
    IdentityReachable,
    PushReachable,
    InstallationId,
    InstallationKey,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(tag = "code", rename_all = "snake_case")]
pub enum CheckResult {
    Ok,
    Unreachable {
        failure: HttpFailure,
    },
    /// The region does not know the id; `belongs_to` is the region that does, if any.
    InstallationUnknown {
        region: String,
        belongs_to: Option<String>,
    },
    InstallationDisabled {
        region: String,
    },
    /// `invalid_client`: the key is wrong, or the id and key are from the other region.
    KeyRejected {
        region: String,
    },
    /// Not asked again: the cloud accepted this key less than a minute ago (keycheck.rs).
    KeyCheckedRecently {
        again_in_secs: u64,
    },
    /// 429: identity allows 10 token requests a minute per address (src/Identity/appsettings.json
    /// IpRateLimitOptions in bitwarden/server); `again_in_secs` from its Retry-After.
    KeyRateLimited {
        again_in_secs: u64,
    },
    /// Nothing to check with (no key in the env file).
    KeyMissing,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Check {
    pub id: CheckId,
    pub result: CheckResult,
}

impl Check {
    pub fn passed(&self) -> bool {
        matches!(
            self.result,
            CheckResult::Ok | CheckResult::KeyCheckedRecently { .. }
        )
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Preflight {
    pub region: Region,
    pub hosts: CloudHosts,
    pub checks: Vec<Check>,
    /// The cloud's answer about the key when this preflight asked it: for the caller to
    /// remember. Never sent to the window.
    #[serde(skip)]
    pub asked: Option<KeyCheck>,
}

/// What the checks need to know about the installation. The key never leaves this process
/// except in the token request to the region's identity host.
pub struct Identity<'a> {
    pub installation_id: &'a str,
    pub key: Option<&'a str>,
    /// The cloud's last answer about a key of this installation (keycheck.rs).
    pub last_key_check: Option<KeyCheck>,
}

pub async fn preflight(client: &Http, clouds: &Clouds, region: Region, who: &Identity<'_>) -> Preflight {
    let hosts = clouds.of(region).clone();
    let (api, identity, push, id, key) = tokio::join!(
        reachable(client, &hosts.api),
        reachable(client, &hosts.identity),
        reachable(client, &hosts.push),
        installation(client, clouds, region, who.installation_id),
        key_check(client, region, &hosts, who),
    );
    let (key, asked) = key;
    let checks = vec![
        Check {
            id: CheckId::ApiReachable,
            result: api,
        },
        Check {
            id: CheckId::IdentityReachable,
            result: identity,
        },
        Check {
            id: CheckId::PushReachable,
            result: push,
        },
        Check {
            id: CheckId::InstallationId,
            result: id,
        },
        Check {
            id: CheckId::InstallationKey,
            result: key,
        },
    ];
    Preflight {
        region,
        hosts,
        checks,
        asked,
    }
}

/// Any answer below 500 means the host is there and this machine may talk to it.
async fn reachable(client: &Http, base: &str) -> CheckResult {
    let url = format!("{}/", base.trim_end_matches('/'));
    match client.get(&url).send().await {
        Ok(r) if r.status().as_u16() < 500 => CheckResult::Ok,
        Ok(r) => unreachable(HttpFailure::at(Stage::Http, &url, Some(r.status().as_u16()))),
        Err(e) => unreachable(client.failure(&e, &url)),
    }
}

fn unreachable(failure: HttpFailure) -> CheckResult {
    CheckResult::Unreachable { failure }
}

/// `GET {api}/installations/{id}` in `region`; when unknown there, asks the other region too.
async fn installation(client: &Http, clouds: &Clouds, region: Region, id: &str) -> CheckResult {
    match lookup(client, clouds.of(region), id).await {
        Lookup::Unknown => {
            let other = other(region);
            let found = lookup(client, clouds.of(other), id).await;
            let belongs_to = matches!(found, Lookup::Enabled | Lookup::Disabled);
            CheckResult::InstallationUnknown {
                region: region.code().into(),
                belongs_to: belongs_to.then(|| other.code().into()),
            }
        }
        Lookup::Enabled => CheckResult::Ok,
        Lookup::Disabled => CheckResult::InstallationDisabled {
            region: region.code().into(),
        },
        Lookup::Failed(failure) => CheckResult::Unreachable { failure },
    }
}

enum Lookup {
    Enabled,
    Disabled,
    Unknown,
    Failed(HttpFailure),
}

async fn lookup(client: &Http, hosts: &CloudHosts, id: &str) -> Lookup {
    #[derive(serde::Deserialize)]
    struct Installation {
        enabled: bool,
    }
    let url = format!("{}/installations/{id}", hosts.api);
    match http::get::<Installation>(client, &url).await {
        Ok(i) if i.enabled => Lookup::Enabled,
        Ok(_) => Lookup::Disabled,
        Err(HttpFailure {
            stage: Stage::Http,
            status: Some(404),
            ..
        }) => Lookup::Unknown,
        Err(f) => Lookup::Failed(f),
    }
}

fn other(region: Region) -> Region {
    match region {
        Region::Us => Region::Eu,
        Region::Eu => Region::Us,
    }
}

/// The client-credentials token request: its only side effect is the installation's
/// "last activity" in the cloud. Not sent when the same key had an answer less than a minute
/// ago (keycheck.rs); the answer, when asked, comes back to be remembered.
async fn key_check(
    client: &Http,
    region: Region,
    hosts: &CloudHosts,
    who: &Identity<'_>,
) -> (CheckResult, Option<KeyCheck>) {
    let Some(key) = who.key else {
        return (CheckResult::KeyMissing, None);
    };
    let now = SystemTime::now();
    if let Some(answer) = who
        .last_key_check
        .as_ref()
        .and_then(|last| last.answer(region, key, now))
    {
        return (answer, None);
    }
    let result = ask_token(client, region, hosts, who.installation_id, key).await;
    let asked = match result {
        CheckResult::Ok => Some(KeyCheck::new(region, key, true, now)),
        CheckResult::KeyRejected { .. } => Some(KeyCheck::new(region, key, false, now)),
        _ => None,
    };
    (result, asked)
}

async fn ask_token(client: &Http, region: Region, hosts: &CloudHosts, id: &str, key: &str) -> CheckResult {
    let url = format!("{}/connect/token", hosts.identity);
    let body = form(&[
        ("grant_type", "client_credentials"),
        ("scope", "api.installation"),
        ("client_id", &format!("installation.{id}")),
        ("client_secret", key),
    ]);
    let sent = client
        .post(&url)
        .header(reqwest::header::CONTENT_TYPE, "application/x-www-form-urlencoded")
        .body(body)
        .send()
        .await;
    let resp = match sent {
        Ok(r) => r,
        Err(e) => return unreachable(client.failure(&e, &url)),
    };
    let status = resp.status().as_u16();
    if status == 429 {
        return CheckResult::KeyRateLimited {
            again_in_secs: retry_after(&resp),
        };
    }
    // Error pages are HTML whatever their label: an unreadable body is no answer.
    let json: serde_json::Value = resp.json().await.unwrap_or_default();
    match (status, json["error"].as_str(), json["access_token"].is_string()) {
        (200, _, true) => CheckResult::Ok,
        (400, Some("invalid_client"), _) => CheckResult::KeyRejected {
            region: region.code().into(),
        },
        (200, _, false) => unreachable(HttpFailure::at(Stage::Body, &url, Some(status))),
        _ => unreachable(HttpFailure::at(Stage::Http, &url, Some(status))),
    }
}

/// Seconds from a Retry-After header; a minute (the limit's period) when it is missing or a date.
fn retry_after(resp: &reqwest::Response) -> u64 {
    resp.headers()
        .get(reqwest::header::RETRY_AFTER)
        .and_then(|v| v.to_str().ok()?.trim().parse::<u64>().ok())
        .unwrap_or(60)
        .max(1)
}

/// application/x-www-form-urlencoded, escaping everything but unreserved characters.
fn form(pairs: &[(&str, &str)]) -> String {
    let escape = |s: &str| -> String {
        s.bytes()
            .map(|b| match b {
                b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'.' | b'_' | b'~' => {
                    (b as char).to_string()
                }
                _ => format!("%{b:02X}"),
            })
            .collect()
    };
    pairs
        .iter()
        .map(|(k, v)| format!("{}={}", escape(k), escape(v)))
        .collect::<Vec<_>>()
        .join("&")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn form_bodies_are_escaped() {
        assert_eq!(
            form(&[("a", "b c&d=e"), ("id", "installation.1")]),
            "a=b%20c%26d%3De&id=installation.1"
        );
    }
}
