//! A loopback stand-in for a self-hosted Bitwarden server's anonymous endpoints, as strict as
//! the real one (bitwarden/server v2026.8.0, and the nginx container in front of it):
//! `GET /api/alive` answers a JSON date string, `GET /api/version` a bare JSON string,
//! `GET /api/config` (2022.10 and later) the config object with `version` and
//! `environment.cloudRegion`. Its identity service signs in personal API keys
//! (identity_standin.rs). Its behaviour can be switched while it runs.

#![allow(dead_code)] // shared by the core and CLI tests; each uses a subset

use super::identity_standin::Identity;
use super::listen::{read_request, serve_unless_down};
use std::path::PathBuf;
use std::sync::{Arc, Mutex};
use std::time::{Duration, SystemTime};
use tokio::io::AsyncWriteExt;
use tokio::net::TcpListener;
use tokio_rustls::TlsAcceptor;

#[derive(Debug, Clone)]
pub enum Behaviour {
    Bitwarden {
        version: String,
        /// `globalSettings__baseServiceUri__cloudRegion` as configured; None when unset.
        region: Option<String>,
    },
    /// Every request gets this status and nginx's HTML error page.
    Status(u16),
    /// As `Status`, but the HTML page is labelled JSON, as some proxies do.
    MislabelledStatus(u16),
    /// The containers run but the api is still starting: nginx answers 502.
    Starting,
    /// The containers are stopped: nothing listens, connections are refused.
    Down,
    /// Answers after this long.
    Slow(Duration),
    /// A 200 that is not Bitwarden (a default web server page).
    NotBitwarden,
    /// Whatever the stand-in bitwarden.sh left in this state file: "down" after it stopped the
    /// containers (nothing listens then), the env file they loaded after it started them (the
    /// region is read from it; 502 for the first STARTING after that). No file yet: up, US.
    Follows(PathBuf),
}

/// How long the api container takes to answer after the containers start (the real one takes
/// tens of seconds; kept short for the tests).
pub const STARTING: Duration = Duration::from_millis(600);

pub struct Standin {
    pub base: String,
    behaviour: Arc<Mutex<Behaviour>>,
    /// Its users, and the sign-ins and tokens it gave them.
    pub identity: Arc<Mutex<Identity>>,
    /// The request line of every request it read ("POST /identity/connect/token HTTP/1.1").
    pub requests: Arc<Mutex<Vec<String>>>,
}

/// One request as read: the head (request line and headers) and the body.
struct Request {
    head: String,
    body: String,
}

impl Standin {
    pub async fn start(behaviour: Behaviour) -> Standin {
        Standin::start_with(behaviour, None).await
    }

    /// Over HTTPS with `tls`'s certificate when given.
    pub async fn start_with(behaviour: Behaviour, tls: Option<TlsAcceptor>) -> Standin {
        let behaviour = Arc::new(Mutex::new(behaviour));
        let identity = Arc::new(Mutex::new(Identity::default()));
        let requests = Arc::new(Mutex::new(Vec::new()));
        let (shared, watched, users) = (behaviour.clone(), behaviour.clone(), identity.clone());
        let log = requests.clone();
        let down = move || is_down(&watched.lock().unwrap());
        let base = serve_unless_down(tls, down, move |mut sock| {
            let now = shared.lock().unwrap().clone();
            let (identity, log) = (users.clone(), log.clone());
            async move {
                let Some((head, body)) = read_request(&mut sock).await else {
                    // Not HTTP (a TLS handshake on this plain port): what a web server says.
                    let _ = sock
                        .write_all(b"HTTP/1.1 400 Bad Request\r\nconnection: close\r\n\r\n")
                        .await;
                    return;
                };
                log.lock()
                    .unwrap()
                    .push(head.lines().next().unwrap_or("").to_string());
                let reply = respond(&now, &Request { head, body }, &identity).await;
                let _ = sock.write_all(reply.as_bytes()).await;
                let _ = sock.shutdown().await;
            }
        })
        .await;
        Standin {
            base,
            behaviour,
            identity,
            requests,
        }
    }

    pub fn set(&self, behaviour: Behaviour) {
        *self.behaviour.lock().unwrap() = behaviour;
    }
}

/// An address where nothing listens: connections are refused.
pub async fn refused_base() -> String {
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    format!("http://{}", listener.local_addr().unwrap())
}

fn is_down(behaviour: &Behaviour) -> bool {
    match behaviour {
        Behaviour::Down => true,
        Behaviour::Follows(state) => matches!(followed(state), Behaviour::Down),
        _ => false,
    }
}

/// What the stand-in bitwarden.sh's state file says the server is doing now.
fn followed(state: &PathBuf) -> Behaviour {
    let up = |region| Behaviour::Bitwarden {
        version: "2026.8.0".into(),
        region,
    };
    let Ok(text) = std::fs::read_to_string(state) else {
        return up(Some("US".into()));
    };
    if text.trim() == "down" {
        return Behaviour::Down;
    }
    let since = std::fs::metadata(state)
        .and_then(|m| m.modified())
        .ok()
        .and_then(|t| SystemTime::now().duration_since(t).ok());
    match since {
        Some(s) if s < STARTING => Behaviour::Starting,
        _ => up(region_in(&text)),
    }
}

/// One HTTP response: status, content type, body.
fn reply(status: u16, kind: &str, body: &str) -> String {
    format!(
        "HTTP/1.1 {status} X\r\ncontent-type: {kind}\r\ncontent-length: {}\r\nconnection: close\r\n\r\n{body}",
        body.len()
    )
}

const JSON: &str = "application/json; charset=utf-8";

/// nginx's own error page, as the Bitwarden nginx container serves it (server_tokens off).
fn nginx_page(status: u16) -> String {
    let title = match status {
        502 => "502 Bad Gateway",
        503 => "503 Service Temporarily Unavailable",
        504 => "504 Gateway Time-out",
        _ => "500 Internal Server Error",
    };
    format!("<html>\r\n<head><title>{title}</title></head>\r\n<body>\r\n<center><h1>{title}</h1></center>\r\n<hr><center>nginx</center>\r\n</body>\r\n</html>\r\n")
}

async fn respond(behaviour: &Behaviour, req: &Request, identity: &Mutex<Identity>) -> String {
    match behaviour {
        Behaviour::Status(code) => reply(*code, "text/html", &nginx_page(*code)),
        Behaviour::MislabelledStatus(code) => reply(*code, JSON, &nginx_page(*code)),
        // A request that raced the stop: nginx is already gone.
        Behaviour::Starting | Behaviour::Down => reply(502, "text/html", &nginx_page(502)),
        Behaviour::NotBitwarden => reply(200, "text/html", "<html><body>It works!</body></html>"),
        Behaviour::Slow(delay) => {
            tokio::time::sleep(*delay).await;
            bitwarden(req, identity, "2026.8.0", Some("US"))
        }
        Behaviour::Bitwarden { version, region } => {
            // A license sync calls the cloud: the one route that waits on another server.
            match syncing(req) {
                Some(org) => {
                    let (status, body) = super::api_standin::sync_license(identity, &req.head, &org).await;
                    reply(status, JSON, &body)
                }
                None => bitwarden(req, identity, version, region.as_deref()),
            }
        }
        Behaviour::Follows(state) => Box::pin(respond(&followed(state), req, identity)).await,
    }
}

/// "2022.9.1" → (2022, 9).
fn year_month(version: &str) -> (u32, u32) {
    let mut parts = version.split('.').map(|p| p.parse().unwrap_or(0));
    (parts.next().unwrap_or(0), parts.next().unwrap_or(0))
}

/// The organization of `POST /api/organizations/licenses/self-hosted/{id}/sync`.
fn syncing(req: &Request) -> Option<String> {
    let mut line = req.head.split_whitespace();
    let (method, path) = (line.next()?, line.next()?);
    let org = path
        .strip_prefix("/api/organizations/licenses/self-hosted/")?
        .strip_suffix("/sync")?;
    (method == "POST").then(|| org.to_string())
}

fn bitwarden(req: &Request, identity: &Mutex<Identity>, version: &str, region: Option<&str>) -> String {
    let path = req.head.split_whitespace().nth(1).unwrap_or("/");
    match path {
        "/identity/connect/token" => {
            let (status, body) = identity.lock().unwrap().token(&req.head, &req.body);
            reply(status, JSON, &body)
        }
        p if p.starts_with("/api/organization/sponsorship/") && p.ends_with("/sync-status") => {
            let org = p
                .trim_start_matches("/api/organization/sponsorship/")
                .trim_end_matches("/sync-status");
            let (status, body) = super::api_standin::sync_status(&identity.lock().unwrap(), &req.head, org);
            reply(status, JSON, &body)
        }
        p if p.starts_with("/api/organizations/connections") => {
            let method = req.head.split_whitespace().next().unwrap_or("");
            let mut id = identity.lock().unwrap();
            let (status, body) = super::api_standin::connections(&mut id, method, p, &req.head, &req.body);
            match status {
                // JwtBearer's challenge: no body.
                401 => "HTTP/1.1 401 Unauthorized\r\nwww-authenticate: Bearer\r\ncontent-length: 0\r\nconnection: close\r\n\r\n".to_string(),
                _ => reply(status, JSON, &body),
            }
        }
        "/api/alive" => reply(200, JSON, "\"2026-11-22T06:30:00.0000000Z\""),
        // src/Api/Controllers/InfoController.cs: a bare string up to 2026.8.
        "/api/version" if year_month(version) <= (2026, 8) => reply(200, JSON, &format!("\"{version}\"")),
        "/api/version" => reply(200, JSON, &serde_json::json!({ "version": version }).to_string()),
        // src/Api/Controllers/ConfigController.cs appeared in 2022.10.0.
        "/api/config" if year_month(version) >= (2022, 10) => reply(200, JSON, &config(version, region)),
        // ASP.NET's own 404 for a route it does not have: no body.
        _ => reply(404, "text/plain", ""),
    }
}

/// src/Api/Models/Response/ConfigResponseModel.cs: `cloudRegion` is
/// `globalSettings.BaseServiceUri.CloudRegion`, the configured string as it is, null when unset.
fn config(version: &str, region: Option<&str>) -> String {
    serde_json::json!({
        "version": version,
        "gitHash": "0a1b2c3d",
        "server": null,
        "environment": {
            "cloudRegion": region,
            "vault": "https://vault.example.test",
            "api": "https://vault.example.test/api",
            "identity": "https://vault.example.test/identity",
            "notifications": "https://vault.example.test/notifications",
            "sso": "https://vault.example.test/sso"
        },
        "featureStates": {},
        "push": { "pushTechnology": 0, "vapidPublicKey": null },
        "settings": { "disableUserRegistration": false },
        "object": "config"
    })
    .to_string()
}

/// The cloud region an env file names, as the containers read it: the key in any case (.NET),
/// the last line winning and quotes dropped (Compose's env_file parser), the value as written.
fn region_in(env: &str) -> Option<String> {
    env.lines()
        .rev()
        .filter_map(|l| l.split_once('='))
        .filter(|(k, _)| {
            k.trim()
                .eq_ignore_ascii_case("globalSettings__baseServiceUri__cloudRegion")
        })
        .map(|(_, v)| v.trim().trim_matches('"').to_string())
        .next()
}
