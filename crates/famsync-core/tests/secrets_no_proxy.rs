//! A request that carries a secret over plain http never goes through the environment's proxy
//! (found by the adversarial run: with http_proxy set, the API key for an http://127.0.0.1
//! server went to the proxy in the clear). Its own test binary: the proxy variables it sets
//! are the whole process's.

use famsync_core::http;
use std::io::{Read, Write};
use std::net::TcpListener;
use std::sync::{Arc, Mutex};
use std::time::Duration;

/// A listener that answers 200 to anything and records each request's first line.
fn catcher() -> (String, Arc<Mutex<Vec<String>>>) {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let url = format!("http://{}", listener.local_addr().unwrap());
    let seen = Arc::new(Mutex::new(Vec::new()));
    let log = seen.clone();
    std::thread::spawn(move || {
        for mut sock in listener.incoming().flatten() {
            let log = log.clone();
            std::thread::spawn(move || {
                let mut head = Vec::new();
                let mut byte = [0u8; 1];
                while !head.ends_with(b"\r\n\r\n") && sock.read(&mut byte).unwrap_or(0) == 1 {
                    head.push(byte[0]);
                }
                let first = String::from_utf8_lossy(&head)
                    .lines()
                    .next()
                    .unwrap_or("")
                    .to_string();
                log.lock().unwrap().push(first);
                let _ = sock.write_all(b"HTTP/1.1 200 OK\r\ncontent-length: 0\r\nconnection: close\r\n\r\n");
            });
        }
    });
    (url, seen)
}

#[tokio::test]
async fn a_secret_for_a_plain_http_server_goes_to_it_not_to_the_proxy() {
    let (proxy, via_proxy) = catcher();
    let (server, at_server) = catcher();
    for name in ["http_proxy", "HTTP_PROXY", "ALL_PROXY", "all_proxy"] {
        std::env::set_var(name, &proxy);
    }
    std::env::remove_var("NO_PROXY");
    std::env::remove_var("no_proxy");
    let t = Duration::from_secs(5);
    // The proxy is in effect for requests without a secret, as for every tool on the machine.
    http::client(t)
        .get(format!("{server}/api/alive"))
        .send()
        .await
        .unwrap();
    assert_eq!(
        via_proxy.lock().unwrap().len(),
        1,
        "the proxy variables were not read"
    );
    assert!(at_server.lock().unwrap().is_empty());
    // With a secret: straight to the server (whatever it answers).
    let _ = http::for_secrets(Duration::from_secs(2), None)
        .post(format!("{server}/identity/connect/token"))
        .body("client_secret=not-for-the-proxy")
        .send()
        .await;
    let proxied = via_proxy.lock().unwrap().clone();
    assert_eq!(proxied.len(), 1, "the secret went to the proxy: {proxied:?}");
    assert_eq!(
        *at_server.lock().unwrap(),
        ["POST /identity/connect/token HTTP/1.1"]
    );
}
