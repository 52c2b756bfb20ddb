//! The stand-ins' loopback listener, plain HTTP or HTTPS, and a minimal HTTP/1.1 request reader.

#![allow(dead_code)] // shared by the core and CLI tests; each uses a subset

use std::future::Future;
use std::sync::Arc;
use std::time::Duration;
use tokio::io::{AsyncRead, AsyncReadExt, AsyncWrite};
use tokio::net::{TcpListener, TcpStream};
use tokio_rustls::TlsAcceptor;

/// A connection, over TLS or not.
pub trait Conn: AsyncRead + AsyncWrite + Unpin + Send {}
impl<T: AsyncRead + AsyncWrite + Unpin + Send> Conn for T {}

/// Listens on a free loopback port and hands each connection to `handle`, after the TLS
/// handshake when `tls` is given. Returns the base URL (`http://…` or `https://…`).
pub async fn serve<F, Fut>(tls: Option<TlsAcceptor>, handle: F) -> String
where
    F: Fn(Box<dyn Conn>) -> Fut + Send + Sync + 'static,
    Fut: Future<Output = ()> + Send + 'static,
{
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let scheme = if tls.is_some() { "https" } else { "http" };
    let base = format!("{scheme}://{}", listener.local_addr().unwrap());
    let handle = Arc::new(handle);
    tokio::spawn(async move {
        while let Ok((sock, _)) = listener.accept().await {
            let (tls, handle) = (tls.clone(), handle.clone());
            tokio::spawn(async move {
                let conn: Box<dyn Conn> = match tls {
                    None => Box::new(sock),
                    Some(acceptor) => match acceptor.accept(sock).await {
                        Ok(s) => Box::new(s),
                        Err(_) => return, // the client refused our certificate
                    },
                };
                handle(conn).await;
            });
        }
    });
    base
}

/// As `serve`, but while `down()` says so nothing listens on the port: connections are refused,
/// as when Bitwarden's containers are stopped. The port is bound again when it comes back.
pub async fn serve_unless_down<F, Fut, D>(tls: Option<TlsAcceptor>, down: D, handle: F) -> String
where
    F: Fn(Box<dyn Conn>) -> Fut + Send + Sync + 'static,
    Fut: Future<Output = ()> + Send + 'static,
    D: Fn() -> bool + Send + 'static,
{
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    let scheme = if tls.is_some() { "https" } else { "http" };
    let handle = Arc::new(handle);
    tokio::spawn(async move {
        let mut listener = Some(listener);
        loop {
            if down() {
                listener = None;
            } else if listener.is_none() {
                // Tokio binds with SO_REUSEADDR, so the same port comes back at once.
                listener = TcpListener::bind(addr).await.ok();
            }
            let Some(l) = &listener else {
                tokio::time::sleep(Duration::from_millis(20)).await;
                continue;
            };
            let accepted = tokio::time::timeout(Duration::from_millis(20), l.accept()).await;
            if let Ok(Ok((sock, _))) = accepted {
                let (tls, handle) = (tls.clone(), handle.clone());
                tokio::spawn(async move {
                    if let Some(conn) = handshake(sock, tls).await {
                        handle(conn).await;
                    }
                });
            }
        }
    });
    format!("{scheme}://{addr}")
}

async fn handshake(sock: TcpStream, tls: Option<TlsAcceptor>) -> Option<Box<dyn Conn>> {
    match tls {
        None => Some(Box::new(sock)),
        // None: the client refused our certificate.
        Some(acceptor) => Some(Box::new(acceptor.accept(sock).await.ok()?)),
    }
}

/// The request's head and body, once `content-length` bytes of body have arrived; None when
/// the peer closes first or does not speak HTTP (a TLS ClientHello starts with 0x16).
pub async fn read_request(sock: &mut Box<dyn Conn>) -> Option<(String, String)> {
    let mut buf = Vec::new();
    let mut chunk = [0u8; 4096];
    loop {
        let n = sock.read(&mut chunk).await.ok()?;
        if n == 0 {
            return None;
        }
        buf.extend_from_slice(&chunk[..n]);
        if buf[0] == 0x16 {
            return None;
        }
        let text = String::from_utf8_lossy(&buf).to_string();
        if let Some((head, body)) = text.split_once("\r\n\r\n") {
            let length = head
                .lines()
                .find_map(|l| {
                    l.to_ascii_lowercase()
                        .strip_prefix("content-length:")
                        .map(|v| v.trim().to_string())
                })
                .and_then(|v| v.parse::<usize>().ok())
                .unwrap_or(0);
            if body.len() >= length {
                return Some((head.to_string(), body.to_string()));
            }
        }
    }
}
