//! A loopback stand-in for one region of the Bitwarden cloud, as strict as the real one
//! (bitwarden/server v2026.8.0, files named beside each behaviour):
//! `GET /api/installations/{id}` → 200 `{"id","key":null,"enabled","object":"installation"}` or
//! 404 with an error body; `POST /identity/connect/token` (client credentials) → 200 with an
//! `access_token`, 400 `invalid_client` / `invalid_scope`, or 429 past 10 a minute;
//! `/push/` answers. Faults can be injected while it runs.

#![allow(dead_code)] // shared by the core and CLI tests; each uses a subset

use super::listen::{read_request, serve as listen, Conn};
use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};
use tokio::io::AsyncWriteExt;
use tokio_rustls::TlsAcceptor;

#[derive(Debug, Clone)]
pub enum Fault {
    Slow(Duration),
    Status(u16),
    /// Reads the request, then closes the connection without an answer.
    Reset,
    /// Never answers.
    Hang,
}

#[derive(Debug, Clone, Default)]
pub struct Cloud {
    /// id → enabled
    pub installations: HashMap<String, bool>,
    /// id → key
    pub keys: HashMap<String, String>,
    pub fault: Option<Fault>,
    /// Requests under these paths (e.g. "/push") get a 503: one broken host among healthy ones.
    pub failing: Vec<String>,
    /// Cloud organization id → its billing sync key, its license key, and its license as the
    /// cloud issues it (without `Issued`, which is set when it is asked for).
    pub organizations: HashMap<String, CloudOrganization>,
}

/// An organization the cloud stand-in issues licenses for.
#[derive(Debug, Clone, Default)]
pub struct CloudOrganization {
    /// None: no billing sync key was ever made (the real cloud then answers 500).
    pub billing_sync_key: Option<String>,
    pub license_key: String,
    pub license: serde_json::Value,
}

pub struct CloudStandin {
    pub base: String,
    state: Arc<Mutex<Cloud>>,
    /// Token requests seen: a check must not ask more often than the cloud allows.
    pub token_requests: Arc<Mutex<u32>>,
    /// The request line of every request it read.
    pub requests: Arc<Mutex<Vec<String>>>,
}

/// Identity's rate limit on `post:/connect/token`: 10 a minute per client address
/// (src/Identity/appsettings.json IpRateLimitOptions, v2026.8.0). Every stand-in client is
/// 127.0.0.1, so one window serves them all. AspNetCoreRateLimit counts in fixed windows that
/// open with the first request, and a refused request does not count
/// (`StackBlockedRequests: false`).
const TOKEN_LIMIT: u32 = 10;
const TOKEN_PERIOD: Duration = Duration::from_secs(60);

#[derive(Debug, Default)]
struct Window {
    opened: Option<Instant>,
    count: u32,
}

impl Window {
    /// None when admitted; else the seconds until the window closes (the Retry-After).
    fn admit(&mut self, now: Instant) -> Option<u64> {
        let open = self.opened.filter(|o| now.duration_since(*o) < TOKEN_PERIOD);
        let Some(opened) = open else {
            (self.opened, self.count) = (Some(now), 1);
            return None;
        };
        if self.count < TOKEN_LIMIT {
            self.count += 1;
            return None;
        }
        Some((TOKEN_PERIOD - now.duration_since(opened)).as_secs().max(1))
    }
}

/// Shared by every connection of one stand-in.
#[derive(Clone, Default)]
struct Counters {
    seen: Arc<Mutex<u32>>,
    window: Arc<Mutex<Window>>,
    requests: Arc<Mutex<Vec<String>>>,
}

impl CloudStandin {
    pub async fn start(cloud: Cloud) -> CloudStandin {
        CloudStandin::start_with(cloud, None).await
    }

    /// Over HTTPS with `tls`'s certificate when given.
    pub async fn start_with(cloud: Cloud, tls: Option<TlsAcceptor>) -> CloudStandin {
        let state = Arc::new(Mutex::new(cloud));
        let counters = Counters::default();
        let (shared, each) = (state.clone(), counters.clone());
        let base = listen(tls, move |sock| {
            let (now, counters) = (shared.lock().unwrap().clone(), each.clone());
            serve(sock, now, counters)
        })
        .await;
        CloudStandin {
            base,
            state,
            token_requests: counters.seen,
            requests: counters.requests,
        }
    }

    /// A token rotated in the cloud: the organization's billing sync key is now `key`.
    pub fn set_billing_sync_key(&self, org: &str, key: &str) {
        if let Some(o) = self.state.lock().unwrap().organizations.get_mut(org) {
            o.billing_sync_key = Some(key.into());
        }
    }

    pub fn set_fault(&self, fault: Option<Fault>) {
        self.state.lock().unwrap().fault = fault;
    }
}

/// A cloud that knows `id` (enabled or not), with `key`.
pub fn knowing(id: &str, enabled: bool, key: &str) -> Cloud {
    Cloud {
        installations: HashMap::from([(id.to_string(), enabled)]),
        keys: HashMap::from([(id.to_string(), key.to_string())]),
        fault: None,
        failing: Vec::new(),
        organizations: HashMap::new(),
    }
}

/// A status, its extra header lines, and a body with its content type.
struct Reply {
    status: u16,
    headers: String,
    kind: &'static str,
    body: String,
}

fn json(status: u16, body: impl Into<String>) -> Reply {
    Reply {
        status,
        headers: String::new(),
        kind: "application/json; charset=utf-8",
        body: body.into(),
    }
}

/// A failing front door answers with its own HTML page, not Bitwarden's JSON.
fn html(status: u16) -> Reply {
    Reply {
        kind: "text/html",
        body: format!("<html><head><title>{status}</title></head><body><h1>{status}</h1></body></html>"),
        ..json(status, "")
    }
}

/// Bitwarden's ErrorResponseModel (src/Libraries/ExceptionHandling/ErrorResponseModel.cs),
/// as the API's ExceptionHandlerFilterAttribute and the rate limiter write it.
fn error_model(message: &str) -> String {
    serde_json::json!({
        "message": message,
        "validationErrors": null,
        "exceptionMessage": null,
        "exceptionStackTrace": null,
        "innerExceptionMessage": null,
        "object": "error"
    })
    .to_string()
}

async fn serve(mut sock: Box<dyn Conn>, cloud: Cloud, counters: Counters) {
    let Some((head, body)) = read_request(&mut sock).await else {
        return;
    };
    let line = head.lines().next().unwrap_or("").to_string();
    counters.requests.lock().unwrap().push(line);
    match &cloud.fault {
        Some(Fault::Reset) => return,
        Some(Fault::Hang) => {
            tokio::time::sleep(Duration::from_secs(3600)).await;
            return;
        }
        Some(Fault::Slow(d)) => tokio::time::sleep(*d).await,
        _ => {}
    }
    let r = match &cloud.fault {
        Some(Fault::Status(code)) => html(*code),
        _ => route(&cloud, &head, &body, &counters),
    };
    let reply = format!(
        "HTTP/1.1 {} X\r\ncontent-type: {}\r\ncontent-length: {}\r\n{}connection: close\r\n\r\n{}",
        r.status,
        r.kind,
        r.body.len(),
        r.headers,
        r.body
    );
    let _ = sock.write_all(reply.as_bytes()).await;
    let _ = sock.shutdown().await;
}

fn route(cloud: &Cloud, head: &str, body: &str, counters: &Counters) -> Reply {
    let mut line = head.split_whitespace();
    let (method, path) = (line.next().unwrap_or(""), line.next().unwrap_or("/"));
    if cloud.failing.iter().any(|p| path.starts_with(p.as_str())) {
        return html(503);
    }
    if let ("GET", Some(id)) = (method, path.strip_prefix("/api/installations/")) {
        return installation(cloud, id);
    }
    if let ("GET", Some(id)) = (method, path.strip_prefix("/licenses/organization/")) {
        return license(cloud, head, body, id);
    }
    if (method, path) == ("POST", "/identity/connect/token") {
        *counters.seen.lock().unwrap() += 1;
        return match counters.window.lock().unwrap().admit(Instant::now()) {
            None => token(cloud, body),
            Some(retry_after) => slow_down(retry_after),
        };
    }
    json(200, "")
}

/// src/Api/Platform/Installations/Controllers/InstallationsController.cs: an unknown id throws
/// NotFoundException, which src/SharedWeb/Utilities/ExceptionHandlerFilterAttribute.cs turns
/// into a 404 with "Resource not found.".
fn installation(cloud: &Cloud, id: &str) -> Reply {
    match cloud.installations.get(id) {
        Some(enabled) => json(
            200,
            serde_json::json!({ "id": id, "key": null, "enabled": enabled, "object": "installation" })
                .to_string(),
        ),
        None => json(404, error_model("Resource not found.")),
    }
}

/// src/Core/Utilities/CustomIpRateLimitMiddleware.cs: 429, Retry-After, an ErrorResponseModel.
fn slow_down(retry_after: u64) -> Reply {
    Reply {
        headers: format!("retry-after: {retry_after}\r\n"),
        ..json(429, error_model("Slow down! Too many requests. Try again in 1m."))
    }
}

/// The scopes an installation client may ask for
/// (src/Identity/IdentityServer/ClientProviders/InstallationClientProvider.cs).
const INSTALLATION_SCOPES: [&str; 3] = ["api.push", "api.licensing", "api.installation"];

/// Duende's order: the client first (src/Identity/IdentityServer/DynamicClientStore.cs finds
/// `installation.<guid>` only by its prefix; InstallationClientProvider.cs builds it with
/// `Enabled = installation.Enabled`, and a disabled client is refused like an unknown one),
/// then the grant, then the scopes. famsync always names a scope; an empty one is refused here,
/// stricter than Duende, which would grant all three.
fn token(cloud: &Cloud, body: &str) -> Reply {
    let field = |name: &str| {
        body.split('&')
            .find_map(|kv| kv.strip_prefix(&format!("{name}=")))
            .unwrap_or("")
            .to_string()
    };
    let client_id = field("client_id");
    let id = client_id.strip_prefix("installation.").unwrap_or("");
    let known = cloud.installations.get(id) == Some(&true)
        && cloud.keys.get(id).is_some_and(|k| *k == field("client_secret"));
    if !known {
        return json(400, r#"{"error":"invalid_client"}"#);
    }
    if field("grant_type") != "client_credentials" {
        return json(400, r#"{"error":"unauthorized_client"}"#);
    }
    let scope = field("scope").replace("%20", " ").replace('+', " ");
    let scopes: Vec<&str> = scope.split(' ').filter(|s| !s.is_empty()).collect();
    if scopes.is_empty() || !scopes.iter().all(|s| INSTALLATION_SCOPES.contains(s)) {
        return json(400, r#"{"error":"invalid_scope"}"#);
    }
    // The token names its scopes, so the routes can check them as the real policies do.
    json(
        200,
        serde_json::json!({"access_token": format!("standin-token+{}", scopes.join("+")), "expires_in": 86400,
            "token_type": "Bearer", "scope": scopes.join(" ")})
        .to_string(),
    )
}

/// `GET licenses/organization/{id}` with a JSON body (src/Api/Billing/Controllers/
/// LicensesController.cs, `[Authorize("Licensing")]`): 401 without an installation token, 403
/// without the `api.licensing` scope, 404 for an unknown organization, 400 "Invalid license
/// key." (after the real one's 2 s delay, not kept here) or "Invalid Billing Sync Key", 500
/// for an organization without a billing sync key; else the license, issued now, version 15.
fn license(cloud: &Cloud, head: &str, body: &str, id: &str) -> Reply {
    let bearer = head
        .lines()
        .find_map(|l| {
            l.split_once(':')
                .filter(|(k, _)| k.trim().eq_ignore_ascii_case("authorization"))
        })
        .and_then(|(_, v)| v.trim().strip_prefix("Bearer ").map(str::to_string));
    let Some(token) = bearer.filter(|t| t.starts_with("standin-token")) else {
        return json(401, "");
    };
    if !token.split('+').any(|s| s == "api.licensing") {
        return json(403, "");
    }
    let Some(org) = cloud.organizations.get(&id.to_ascii_lowercase()) else {
        return json(404, error_model("Resource not found."));
    };
    let model: serde_json::Value = serde_json::from_str(body).unwrap_or_default();
    if model["licenseKey"] != org.license_key.as_str() {
        return json(400, error_model("Invalid license key."));
    }
    let Some(key) = &org.billing_sync_key else {
        return json(500, error_model("An unhandled server error has occurred."));
    };
    if model["billingSyncKey"] != key.as_str() {
        return json(400, error_model("Invalid Billing Sync Key"));
    }
    let mut license = org.license.clone();
    let now = chrono::Utc::now().format("%Y-%m-%dT%H:%M:%S%.6fZ").to_string();
    license["Issued"] = now.clone().into();
    license["Refresh"] = now.into();
    license["Version"] = 15.into();
    json(200, license.to_string())
}
