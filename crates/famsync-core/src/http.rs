//! HTTP for the server and cloud checks: one client setup, and failures that name the stage
//! (DNS, connect, timeout, HTTP status, body) and the URL, never a bare error string.

use serde::Serialize;
use std::time::Duration;

/// Where an HTTP request failed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "snake_case")]
pub enum Stage {
    Dns,
    Connect,
    Timeout,
    /// An answer, but not a 2xx.
    Http,
    /// A 2xx whose body is not what Bitwarden sends.
    Body,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct HttpFailure {
    pub stage: Stage,
    pub url: String,
    pub status: Option<u16>,
}

/// A client with an overall per-request timeout. Proxies come from the environment
/// (HTTPS_PROXY, NO_PROXY), as for every other tool on the machine.
pub fn client(timeout: Duration) -> reqwest::Client {
    reqwest::Client::builder()
        .timeout(timeout)
        .connect_timeout(timeout)
        .user_agent(concat!("famsync/", env!("CARGO_PKG_VERSION")))
        .build()
        .unwrap_or_default()
}

pub fn endpoint(base: &str, path: &str) -> String {
    format!("{}/{path}", base.trim_end_matches('/'))
}

pub async fn get<T: serde::de::DeserializeOwned>(
    client: &reqwest::Client,
    url: &str,
) -> Result<T, HttpFailure> {
    let fail = |stage, status| HttpFailure {
        stage,
        url: url.to_string(),
        status,
    };
    let resp = client
        .get(url)
        .send()
        .await
        .map_err(|e| fail(stage_of(&e), None))?;
    let status = resp.status();
    if !status.is_success() {
        return Err(fail(Stage::Http, Some(status.as_u16())));
    }
    resp.json::<T>().await.map_err(|e| {
        let stage = if e.is_timeout() {
            Stage::Timeout
        } else {
            Stage::Body
        };
        fail(stage, Some(status.as_u16()))
    })
}

/// reqwest says "connect" for every failure before a response; the cause chain tells DNS apart.
pub fn stage_of(err: &reqwest::Error) -> Stage {
    if err.is_timeout() {
        return Stage::Timeout;
    }
    let mut chain = String::new();
    let mut source: Option<&dyn std::error::Error> = Some(err);
    while let Some(e) = source {
        chain.push_str(&e.to_string().to_ascii_lowercase());
        chain.push('\n');
        source = e.source();
    }
    if chain.contains("dns error") || chain.contains("failed to lookup address") {
        Stage::Dns
    } else {
        Stage::Connect
    }
}
