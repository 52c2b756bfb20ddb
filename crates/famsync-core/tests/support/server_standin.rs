//! A loopback stand-in for a self-hosted Bitwarden server's anonymous endpoints, as
//! bitwarden-facts.md describes them: `GET /api/alive` answers a JSON date string,
//! `GET /api/config` the config object with `version` and `environment.cloudRegion`.
//! Its behaviour can be switched while it runs.

#![allow(dead_code)] // shared by the core and CLI tests; each uses a subset

use super::listen::{read_request, serve};
use std::path::PathBuf;
use std::sync::{Arc, Mutex};
use std::time::Duration;
use tokio::io::AsyncWriteExt;
use tokio::net::TcpListener;
use tokio_rustls::TlsAcceptor;

#[derive(Debug, Clone)]
pub enum Behaviour {
    Bitwarden {
        version: String,
        region: Option<String>,
    },
    /// Every request gets this status and an error page.
    Status(u16),
    /// Answers after this long.
    Slow(Duration),
    /// A 200 that is not Bitwarden (a default web server page).
    NotBitwarden,
    /// Whatever the stand-in bitwarden.sh left in this state file: "down" after it stopped the
    /// containers (connections are then closed unanswered), the env file they loaded after it
    /// started them (the region is read from it). No file yet: up, in the US region.
    Follows(PathBuf),
}

pub struct Standin {
    pub base: String,
    behaviour: Arc<Mutex<Behaviour>>,
}

impl Standin {
    pub async fn start(behaviour: Behaviour) -> Standin {
        Standin::start_with(behaviour, None).await
    }

    /// Over HTTPS with `tls`'s certificate when given.
    pub async fn start_with(behaviour: Behaviour, tls: Option<TlsAcceptor>) -> Standin {
        let behaviour = Arc::new(Mutex::new(behaviour));
        let shared = behaviour.clone();
        let base = serve(tls, move |mut sock| {
            let now = shared.lock().unwrap().clone();
            async move {
                let Some((head, _)) = read_request(&mut sock).await else {
                    // Not HTTP (a TLS handshake on this plain port): what a web server says.
                    let _ = sock
                        .write_all(b"HTTP/1.1 400 Bad Request\r\nconnection: close\r\n\r\n")
                        .await;
                    return;
                };
                let path = head.split_whitespace().nth(1).unwrap_or("/").to_string();
                let Some(reply) = respond(&now, &path).await else {
                    return; // down: closed without an answer
                };
                let _ = sock.write_all(reply.as_bytes()).await;
                let _ = sock.shutdown().await;
            }
        })
        .await;
        Standin { base, behaviour }
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

async fn respond(behaviour: &Behaviour, path: &str) -> Option<String> {
    let (status, body) = match behaviour {
        Behaviour::Status(code) => (*code, "<html><body>error</body></html>".to_string()),
        Behaviour::NotBitwarden => (200, "<html><body>It works!</body></html>".to_string()),
        Behaviour::Slow(delay) => {
            tokio::time::sleep(*delay).await;
            bitwarden(path, "2026.8.0", Some("US"))
        }
        Behaviour::Bitwarden { version, region } => bitwarden(path, version, region.as_deref()),
        Behaviour::Follows(state) => match std::fs::read_to_string(state) {
            Err(_) => bitwarden(path, "2026.8.0", Some("US")),
            Ok(text) if text.trim() == "down" => return None,
            Ok(env) => bitwarden(path, "2026.8.0", Some(&region_in(&env))),
        },
    };
    Some(format!(
        "HTTP/1.1 {status} X\r\ncontent-type: application/json; charset=utf-8\r\ncontent-length: {}\r\nconnection: close\r\n\r\n{body}",
        body.len()
    ))
}

fn bitwarden(path: &str, version: &str, region: Option<&str>) -> (u16, String) {
    match path {
        "/api/alive" => (200, "\"2026-11-22T06:30:00.0000000Z\"".into()),
        "/api/config" => (
            200,
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
            .to_string(),
        ),
        _ => (404, String::new()),
    }
}

/// The cloud region an env file names, as Bitwarden reads it (the key in any case; US when unset).
fn region_in(env: &str) -> String {
    env.lines()
        .rev()
        .filter_map(|l| l.split_once('='))
        .filter(|(k, _)| {
            k.trim()
                .eq_ignore_ascii_case("globalSettings__baseServiceUri__cloudRegion")
        })
        .map(|(_, v)| v.trim().trim_matches('"').to_uppercase())
        .next()
        .unwrap_or_else(|| "US".into())
}
