//! A loopback stand-in for one region of the Bitwarden cloud, as bitwarden-facts.md describes it:
//! `GET /api/installations/{id}` → 200 `{"id","key":null,"enabled","object":"installation"}` or 404;
//! `POST /identity/connect/token` (client credentials) → 200 with an `access_token`, or 400
//! `{"error":"invalid_client"}`; `/push/` answers. Faults can be injected while it runs.

#![allow(dead_code)] // shared by the core and CLI tests; each uses a subset

use super::listen::{read_request, serve as listen, Conn};
use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::Duration;
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
}

pub struct CloudStandin {
    pub base: String,
    state: Arc<Mutex<Cloud>>,
    /// Token requests seen: a check must not ask more often than the cloud allows.
    pub token_requests: Arc<Mutex<u32>>,
}

impl CloudStandin {
    pub async fn start(cloud: Cloud) -> CloudStandin {
        CloudStandin::start_with(cloud, None).await
    }

    /// Over HTTPS with `tls`'s certificate when given.
    pub async fn start_with(cloud: Cloud, tls: Option<TlsAcceptor>) -> CloudStandin {
        let state = Arc::new(Mutex::new(cloud));
        let token_requests = Arc::new(Mutex::new(0));
        let (shared, counter) = (state.clone(), token_requests.clone());
        let base = listen(tls, move |sock| {
            let (now, counter) = (shared.lock().unwrap().clone(), counter.clone());
            serve(sock, now, counter)
        })
        .await;
        CloudStandin {
            base,
            state,
            token_requests,
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
    }
}

async fn serve(mut sock: Box<dyn Conn>, cloud: Cloud, counter: Arc<Mutex<u32>>) {
    let Some((head, body)) = read_request(&mut sock).await else {
        return;
    };
    match &cloud.fault {
        Some(Fault::Reset) => return,
        Some(Fault::Hang) => {
            tokio::time::sleep(Duration::from_secs(3600)).await;
            return;
        }
        Some(Fault::Slow(d)) => tokio::time::sleep(*d).await,
        _ => {}
    }
    let (status, json) = match &cloud.fault {
        Some(Fault::Status(code)) => (*code, "{}".to_string()),
        _ => route(&cloud, &head, &body, &counter),
    };
    let reply = format!(
        "HTTP/1.1 {status} X\r\ncontent-type: application/json\r\ncontent-length: {}\r\nconnection: close\r\n\r\n{json}",
        json.len()
    );
    let _ = sock.write_all(reply.as_bytes()).await;
    let _ = sock.shutdown().await;
}

fn route(cloud: &Cloud, head: &str, body: &str, counter: &Mutex<u32>) -> (u16, String) {
    let mut line = head.split_whitespace();
    let (method, path) = (line.next().unwrap_or(""), line.next().unwrap_or("/"));
    if cloud.failing.iter().any(|p| path.starts_with(p.as_str())) {
        return (503, "{}".into());
    }
    if let ("GET", Some(id)) = (method, path.strip_prefix("/api/installations/")) {
        return match cloud.installations.get(id) {
            Some(enabled) => (
                200,
                serde_json::json!({ "id": id, "key": null, "enabled": enabled, "object": "installation" })
                    .to_string(),
            ),
            None => (404, String::new()),
        };
    }
    if (method, path) == ("POST", "/identity/connect/token") {
        *counter.lock().unwrap() += 1;
        return token(cloud, body);
    }
    (200, String::new())
}

fn token(cloud: &Cloud, body: &str) -> (u16, String) {
    let field = |name: &str| {
        body.split('&')
            .find_map(|kv| kv.strip_prefix(&format!("{name}=")))
            .unwrap_or("")
            .to_string()
    };
    let id = field("client_id").trim_start_matches("installation.").to_string();
    let granted = field("grant_type") == "client_credentials"
        && field("scope") == "api.installation"
        && cloud.keys.get(&id).is_some_and(|k| *k == field("client_secret"));
    if granted {
        (200, r#"{"access_token":"standin-token","expires_in":3600,"token_type":"Bearer","scope":"api.installation"}"#.into())
    } else {
        (400, r#"{"error":"invalid_client"}"#.into())
    }
}
