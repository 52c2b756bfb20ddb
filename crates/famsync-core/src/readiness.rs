//! Everything the preflight checks at once: the region's cloud (cloud::preflight) and the
//! installation's own server (server::check). Shared by `famsync check` and the window.

use crate::cloud::{self, Clouds, Identity, Preflight};
use crate::error::Result;
use crate::http;
use crate::install::{self, Installation};
use crate::keycheck::KeyCheck;
use crate::region::{normalized, Region};
use crate::server::{self, ServerReport};
use crate::tls::Pin;
use serde::Serialize;
use std::time::Duration;

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Readiness {
    pub cloud: Preflight,
    /// None when the installation names no URL (config.yml).
    pub server: Option<ServerReport>,
}

impl Readiness {
    pub fn passed(&self) -> bool {
        self.cloud.checks.iter().all(|c| c.passed())
            && self
                .server
                .as_ref()
                .is_none_or(|s| s.healthy() && s.warnings.iter().all(|w| w.is_certificate_note()))
    }
}

/// Where to check the server: `override_url` (tests; front ends say so), else the installation's.
/// The server's certificate may also be the one the owner pinned; the cloud's never.
/// `last_key_check`: the cloud's last answer about the key (an earlier run's `cloud.asked`).
pub async fn check(
    inst: &Installation,
    region: Region,
    clouds: &Clouds,
    override_url: Option<&str>,
    trusted: Option<&Pin>,
    last_key_check: Option<KeyCheck>,
) -> Result<Readiness> {
    let doc = inst.kind.view(&inst.read_env()?.bytes);
    let id = install::installation_id(&doc, &inst.env_file)?;
    let key = doc
        .get(inst.kind.key_key())
        .map(normalized)
        .filter(|k| !k.is_empty() && *k != "REPLACE");
    let url = override_url
        .map(str::to_string)
        .or_else(|| install::server_url(inst, &doc));
    let who = Identity {
        installation_id: &id,
        key,
        last_key_check,
    };
    let timeout = Duration::from_secs(5);
    let (client, own) = (http::client(timeout), http::trusting(timeout, trusted));
    let server = async {
        match &url {
            Some(u) => Some(server::check(&own, u, Some(region)).await),
            None => None,
        }
    };
    let (cloud, server) = tokio::join!(cloud::preflight(&client, clouds, region, &who), server);
    Ok(Readiness { cloud, server })
}
