//! The self-hosted server, seen from outside: `GET /api/alive` and `GET /api/config`
//! (anonymous, see bitwarden-facts.md), with the version and region turned into warnings.

use crate::http::{endpoint, get, Http, HttpFailure, Stage};
use crate::region::Region;
use serde::{Deserialize, Serialize};
use std::time::Duration;

/// Families sponsorships for self-hosted servers, the "Sync license" button, and `cloudRegion`
/// in /api/config arrived in these server versions.
const SPONSORSHIPS: (u32, u32, u32) = (2022, 5, 0);
const SYNC_LICENSE: (u32, u32, u32) = (2023, 2, 0);
const REPORTS_REGION: (u32, u32, u32) = (2023, 8, 0);

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct ServerConfig {
    pub version: String,
    /// The region the running server loaded: `environment.cloudRegion` as configured (any
    /// case), or US when a server that reports it (2023.8 and later) has none set, since its
    /// cloud URIs then default to the US ones (src/Core/Settings/GlobalSettings.cs,
    /// `InstallationSettings`, in bitwarden/server). None when the server is too old to say.
    pub cloud_region: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(tag = "code", rename_all = "snake_case")]
pub enum ServerWarning {
    TooOldForSponsorships {
        version: String,
        minimum: String,
    },
    TooOldForSyncLicense {
        version: String,
        minimum: String,
    },
    RegionNotReported {
        version: String,
    },
    RegionMismatch {
        expected: String,
        reported: String,
    },
    /// The server presented the certificate the owner pinned, and it expired at `not_after`
    /// (RFC 3339): famsync still trusts it (the pin is exact), but browsers do not.
    PinnedCertificateExpired {
        host: String,
        not_after: String,
    },
}

impl ServerWarning {
    /// About the certificate, not about whether the server runs with the settings.
    pub fn is_certificate_note(&self) -> bool {
        matches!(self, ServerWarning::PinnedCertificateExpired { .. })
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct ServerReport {
    pub url: String,
    /// None when /api/alive answered.
    pub alive_error: Option<HttpFailure>,
    pub config: Option<ServerConfig>,
    pub config_error: Option<HttpFailure>,
    pub warnings: Vec<ServerWarning>,
}

impl ServerReport {
    pub fn healthy(&self) -> bool {
        self.alive_error.is_none() && self.config_error.is_none()
    }
}

/// FAMSYNC_SERVER_URL: check the server there instead of at the installation's own URL (tests).
/// Front ends must say so on screen when it is set.
pub fn url_override() -> Option<String> {
    std::env::var("FAMSYNC_SERVER_URL").ok()
}

/// Both endpoints at once, and what they mean for sponsorships in `expected` region.
pub async fn check(client: &Http, base: &str, expected: Option<Region>) -> ServerReport {
    let (alive, config) = tokio::join!(alive(client, base), config(client, base));
    let mut warnings = config.as_ref().map(|c| warnings(c, expected)).unwrap_or_default();
    if let Some(not_after) = client.expired_pin(base) {
        let host = crate::http::host_of(base).unwrap_or_default();
        warnings.push(ServerWarning::PinnedCertificateExpired { host, not_after });
    }
    let (config, config_error) = match config {
        Ok(c) => (Some(c), None),
        Err(e) => (None, Some(e)),
    };
    ServerReport {
        url: base.to_string(),
        alive_error: alive.err(),
        config,
        config_error,
        warnings,
    }
}

/// After a restart: checks until the server answers and reports `expected` (when it reports a
/// region at all), backing off from 250 ms to 5 s, for at most `within`. Returns the last report.
pub async fn wait_until_healthy(
    client: &Http,
    base: &str,
    expected: Option<Region>,
    within: Duration,
) -> ServerReport {
    let deadline = tokio::time::Instant::now() + within;
    let mut delay = Duration::from_millis(250);
    loop {
        let report = check(client, base, expected).await;
        let wrong_region = report
            .warnings
            .iter()
            .any(|w| matches!(w, ServerWarning::RegionMismatch { .. }));
        if (report.healthy() && !wrong_region) || tokio::time::Instant::now() + delay > deadline {
            return report;
        }
        tokio::time::sleep(delay).await;
        delay = (delay * 2).min(Duration::from_secs(5));
    }
}

pub async fn alive(client: &Http, base: &str) -> Result<(), HttpFailure> {
    let url = endpoint(base, "api/alive");
    // A JSON date string; anything else means something other than Bitwarden answered.
    get::<String>(client, &url).await.map(|_| ())
}

/// `/api/config`, or for a server older than it (2022.10), `/api/version` alone.
pub async fn config(client: &Http, base: &str) -> Result<ServerConfig, HttpFailure> {
    #[derive(Deserialize)]
    #[serde(rename_all = "camelCase")]
    struct Environment {
        cloud_region: Option<String>,
    }
    #[derive(Deserialize)]
    struct Raw {
        version: String,
        environment: Option<Environment>,
    }
    let raw: Raw = match get(client, &endpoint(base, "api/config")).await {
        Err(f) if f.stage == Stage::Http && f.status == Some(404) => return older(client, base).await,
        other => other?,
    };
    let reported = raw
        .environment
        .and_then(|e| e.cloud_region)
        .map(|r| r.trim().to_string())
        .filter(|r| !r.is_empty());
    let defaults_to_us = parse_version(&raw.version).is_some_and(|v| v >= REPORTS_REGION);
    Ok(ServerConfig {
        cloud_region: reported.or_else(|| defaults_to_us.then(|| Region::Us.code().into())),
        version: raw.version,
    })
}

/// Before 2022.10 there is no /api/config; /api/version answers a bare JSON string (an
/// object `{"version"}` after 2026.8, src/Api/Controllers/InfoController.cs). No region then.
async fn older(client: &Http, base: &str) -> Result<ServerConfig, HttpFailure> {
    #[derive(Deserialize)]
    #[serde(untagged)]
    enum Version {
        Bare(String),
        Object { version: String },
    }
    let version = match get::<Version>(client, &endpoint(base, "api/version")).await? {
        Version::Bare(v) | Version::Object { version: v } => v,
    };
    Ok(ServerConfig {
        version,
        cloud_region: None,
    })
}

fn warnings(config: &ServerConfig, expected: Option<Region>) -> Vec<ServerWarning> {
    let version = config.version.clone();
    let Some(v) = parse_version(&version) else {
        return Vec::new();
    };
    let minimum = |m: (u32, u32, u32)| format!("{}.{}.{}", m.0, m.1, m.2);
    let mut out = Vec::new();
    if v < SPONSORSHIPS {
        out.push(ServerWarning::TooOldForSponsorships {
            version: version.clone(),
            minimum: minimum(SPONSORSHIPS),
        });
    } else if v < SYNC_LICENSE {
        out.push(ServerWarning::TooOldForSyncLicense {
            version: version.clone(),
            minimum: minimum(SYNC_LICENSE),
        });
    }
    match (&config.cloud_region, expected) {
        (Some(reported), Some(want)) if !reported.eq_ignore_ascii_case(want.code()) => {
            out.push(ServerWarning::RegionMismatch {
                expected: want.code().into(),
                reported: reported.clone(),
            })
        }
        (None, _) if v < REPORTS_REGION => out.push(ServerWarning::RegionNotReported { version }),
        _ => {}
    }
    out
}

/// "2024.12.1" (or "2024.12.1-beta") → (2024, 12, 1).
fn parse_version(v: &str) -> Option<(u32, u32, u32)> {
    let mut parts = v.split(['.', '-']).map(|p| p.parse::<u32>().ok());
    Some((
        parts.next()??,
        parts.next()??,
        parts.next().flatten().unwrap_or(0),
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn config(version: &str, region: Option<&str>) -> ServerConfig {
        ServerConfig {
            version: version.into(),
            cloud_region: region.map(Into::into),
        }
    }

    #[test]
    fn versions_compare_as_numbers() {
        assert_eq!(parse_version("2024.12.1"), Some((2024, 12, 1)));
        assert_eq!(parse_version("2023.2.0-beta"), Some((2023, 2, 0)));
        assert_eq!(parse_version("banana"), None);
    }

    #[test]
    fn old_servers_and_wrong_regions_are_warned_about() {
        let codes = |c: &ServerConfig, r| -> Vec<String> {
            warnings(c, r)
                .iter()
                .map(|w| {
                    serde_json::to_value(w).unwrap()["code"]
                        .as_str()
                        .unwrap()
                        .to_string()
                })
                .collect()
        };
        assert_eq!(
            codes(&config("2022.4.0", None), None),
            ["too_old_for_sponsorships", "region_not_reported"]
        );
        assert_eq!(
            codes(&config("2022.12.0", None), None),
            ["too_old_for_sync_license", "region_not_reported"]
        );
        assert_eq!(
            codes(&config("2026.8.0", Some("US")), Some(Region::Eu)),
            ["region_mismatch"]
        );
        assert_eq!(
            codes(&config("2026.8.0", Some("EU")), Some(Region::Eu)),
            Vec::<String>::new()
        );
    }
}
