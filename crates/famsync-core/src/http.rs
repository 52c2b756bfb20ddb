//! HTTP for the server and cloud checks: one client setup, and failures that name the stage
//! (DNS, connect, TLS, timeout, HTTP status, body) and the URL, never a bare error string.

use crate::tls::{self, Pin, Presented, Refusals};
use serde::Serialize;
use std::sync::Arc;
use std::time::Duration;

/// Where an HTTP request failed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "snake_case")]
pub enum Stage {
    Dns,
    Connect,
    /// The TLS handshake: most often a certificate this machine does not trust.
    Tls,
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
    /// At the TLS stage: the certificate that was refused, and why.
    pub certificate: Option<Presented>,
}

impl HttpFailure {
    pub fn at(stage: Stage, url: &str, status: Option<u16>) -> HttpFailure {
        HttpFailure {
            stage,
            url: url.to_string(),
            status,
            certificate: None,
        }
    }
}

/// A reqwest client and what its certificate verifier refused.
pub struct Http {
    client: reqwest::Client,
    refused: Arc<Refusals>,
}

impl std::ops::Deref for Http {
    type Target = reqwest::Client;
    fn deref(&self) -> &reqwest::Client {
        &self.client
    }
}

/// A client with an overall per-request timeout, trusting the machine's roots only. Proxies
/// come from the environment (HTTPS_PROXY, NO_PROXY), as for every other tool on the machine.
pub fn client(timeout: Duration) -> Http {
    trusting(timeout, None)
}

/// As `client`, and also trusting the certificate the owner pinned, for its own host only.
pub fn trusting(timeout: Duration, pin: Option<&Pin>) -> Http {
    build(timeout, pin, reqwest::redirect::Policy::default(), Proxies::All)
}

/// As `trusting`, for requests that carry a secret (the API key, a bearer token, the billing
/// sync token): a redirect is never followed, so whatever answers at the server's URL cannot
/// send the secret on to another host; the 3xx is the answer. And a plain-http request never
/// goes through a proxy: famsync sends a secret over http only to a host that `links::private`
/// checked (this machine, the owner's network), and a proxy would carry it on, in the clear,
/// to one that check never saw. https may go through the owner's HTTPS_PROXY (or ALL_PROXY),
/// NO_PROXY respected: TLS runs end to end through it.
pub fn for_secrets(timeout: Duration, pin: Option<&Pin>) -> Http {
    build(
        timeout,
        pin,
        reqwest::redirect::Policy::none(),
        Proxies::HttpsOnly,
    )
}

/// Which of the environment's proxies a client uses.
enum Proxies {
    All,
    HttpsOnly,
}

fn build(
    timeout: Duration,
    pin: Option<&Pin>,
    redirects: reqwest::redirect::Policy,
    proxies: Proxies,
) -> Http {
    let (config, refused) = tls::config(pin);
    let builder = reqwest::Client::builder()
        .use_preconfigured_tls(config)
        .timeout(timeout)
        .connect_timeout(timeout)
        .redirect(redirects)
        .user_agent(concat!("famsync/", env!("CARGO_PKG_VERSION")));
    let builder = match proxies {
        Proxies::All => builder,
        Proxies::HttpsOnly => https_proxy_only(builder.no_proxy()),
    };
    Http {
        client: builder.build().unwrap_or_default(),
        refused,
    }
}

/// The environment's proxy for https URLs, as reqwest reads it for every client, and none for
/// http.
fn https_proxy_only(builder: reqwest::ClientBuilder) -> reqwest::ClientBuilder {
    let named = ["HTTPS_PROXY", "https_proxy", "ALL_PROXY", "all_proxy"]
        .iter()
        .find_map(|k| std::env::var(k).ok().filter(|v| !v.trim().is_empty()));
    match named.and_then(|p| reqwest::Proxy::https(p.trim()).ok()) {
        Some(proxy) => builder.proxy(proxy.no_proxy(reqwest::NoProxy::from_env())),
        None => builder,
    }
}

/// The most of an answer famsync reads from the server's API: its JSON is a few KiB.
pub const MAX_BODY: usize = 1024 * 1024;

/// The body of `resp`, at most MAX_BODY bytes (wiped when dropped: it may hold a key); None
/// when it is longer, and the rest is never read.
pub async fn bounded_body(
    mut resp: reqwest::Response,
) -> Result<Option<zeroize::Zeroizing<Vec<u8>>>, reqwest::Error> {
    let mut body = zeroize::Zeroizing::new(Vec::new());
    while let Some(chunk) = resp.chunk().await? {
        if body.len() + chunk.len() > MAX_BODY {
            return Ok(None);
        }
        body.extend_from_slice(&chunk);
    }
    Ok(Some(body))
}

impl Http {
    /// The notAfter of the pinned certificate `url`'s host presented, when it had expired.
    pub fn expired_pin(&self, url: &str) -> Option<String> {
        self.refused.expired_pin(&host_of(url)?)
    }

    /// What went wrong with a request to `url` that got no answer.
    pub fn failure(&self, err: &reqwest::Error, url: &str) -> HttpFailure {
        let stage = stage_of(err);
        let certificate = match stage {
            Stage::Tls => host_of(url).and_then(|h| self.refused.of(&h)),
            _ => None,
        };
        HttpFailure {
            certificate,
            ..HttpFailure::at(stage, url, None)
        }
    }
}

pub fn endpoint(base: &str, path: &str) -> String {
    format!("{}/{path}", base.trim_end_matches('/'))
}

/// The host of `url`, lower-case, without port or brackets.
pub fn host_of(url: &str) -> Option<String> {
    let url = reqwest::Url::parse(url).ok()?;
    let host = url.host_str()?.trim_start_matches('[').trim_end_matches(']');
    Some(host.to_ascii_lowercase())
}

pub async fn get<T: serde::de::DeserializeOwned>(http: &Http, url: &str) -> Result<T, HttpFailure> {
    let resp = http.get(url).send().await.map_err(|e| http.failure(&e, url))?;
    let status = resp.status();
    if !status.is_success() {
        return Err(HttpFailure::at(Stage::Http, url, Some(status.as_u16())));
    }
    resp.json::<T>().await.map_err(|e| {
        let stage = if e.is_timeout() {
            Stage::Timeout
        } else {
            Stage::Body
        };
        HttpFailure::at(stage, url, Some(status.as_u16()))
    })
}

/// reqwest says "connect" for every failure before a response; the cause chain tells DNS and
/// TLS apart. rustls errors arrive wrapped in io::Errors, whose source() skips them.
fn stage_of(err: &reqwest::Error) -> Stage {
    if err.is_timeout() {
        return Stage::Timeout;
    }
    let mut chain = String::new();
    let mut source: Option<&dyn std::error::Error> = Some(err);
    while let Some(e) = source {
        if is_tls(e) {
            return Stage::Tls;
        }
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

fn is_tls(e: &(dyn std::error::Error + 'static)) -> bool {
    if e.is::<rustls::Error>() {
        return true;
    }
    let inner = e.downcast_ref::<std::io::Error>().and_then(|io| io.get_ref());
    inner.is_some_and(|inner| is_tls(inner))
}
