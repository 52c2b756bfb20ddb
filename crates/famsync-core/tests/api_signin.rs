//! Signing in to the self-hosted server with a personal API key, against the server stand-in
//! over real HTTP: the right key gets an hour's token and is recorded with famsync's one device
//! id; a wrong or unknown key, a proxy's page, a server down or slow each get their own error.

mod support;
use famsync_core::api::{sign_in, ApiKey, Device};
use famsync_core::http::Stage;
use famsync_core::Error;
use std::time::Duration;
use support::server_standin::{refused_base, Behaviour, Standin};

const USER: &str = "6f1a2b3c-0d4e-4f5a-8b6c-7d8e9f0a1b2c";
const SECRET: &str = "Ap1KeyS3cretOfThirtyCharacters";

fn client() -> famsync_core::http::Http {
    famsync_core::http::client(Duration::from_millis(800))
}

async fn server() -> Standin {
    let s = Standin::start(Behaviour::Bitwarden {
        version: "2026.8.0".into(),
        region: Some("US".into()),
    })
    .await;
    s.identity.lock().unwrap().add_user(USER, SECRET);
    s
}

fn key(secret: &str) -> ApiKey {
    ApiKey::parse(&format!("user.{USER}"), secret).unwrap()
}

#[tokio::test]
async fn the_right_key_signs_in_for_an_hour_as_one_device() {
    let s = server().await;
    let data = tempfile::tempdir().unwrap();
    let device = Device::of(data.path());
    let token = sign_in(&client(), &s.base, &key(SECRET), &device).await.unwrap();
    assert!(token.valid_for(Duration::from_secs(3500)));
    assert!(!token.valid_for(Duration::from_secs(3700)));
    // Again, from a famsync started anew: the same device, not a second one.
    let again = Device::of(data.path());
    assert_eq!(again, device);
    sign_in(&client(), &s.base, &key(SECRET), &again).await.unwrap();
    let sign_ins = s.identity.lock().unwrap().sign_ins.clone();
    assert_eq!(sign_ins.len(), 2);
    assert!(sign_ins
        .iter()
        .all(|i| i.device_identifier == device.identifier && i.user == USER));
    // DeviceType.cs: LinuxCLI, WindowsCLI, MacOsCLI: the platform famsync runs on.
    let cli = if cfg!(windows) {
        "23"
    } else if cfg!(target_os = "macos") {
        "24"
    } else {
        "25"
    };
    assert!(sign_ins.iter().all(|i| i.device_type == cli), "{sign_ins:?}");
    // What the server also answered (the user's encrypted keys) is nowhere in what famsync kept.
    let kept = format!("{token:?}");
    assert!(
        !kept.contains("STANDIN") && !kept.contains(&token.token.expose()[..8]),
        "{kept}"
    );
}

#[tokio::test]
async fn a_wrong_or_unknown_key_is_rejected_as_such() {
    let s = server().await;
    let device = Device::of(tempfile::tempdir().unwrap().path());
    let wrong = sign_in(
        &client(),
        &s.base,
        &key("WrongSecretOfThirtyCharacters0"),
        &device,
    )
    .await;
    assert!(
        matches!(&wrong, Err(Error::ApiKeyRejected { server }) if *server == s.base),
        "{wrong:?}"
    );
    let stranger = ApiKey::parse("user.00000000-0000-4000-8000-000000000000", SECRET).unwrap();
    let unknown = sign_in(&client(), &s.base, &stranger, &device).await;
    assert!(
        matches!(unknown, Err(Error::ApiKeyRejected { .. })),
        "{unknown:?}"
    );
    assert!(s.identity.lock().unwrap().sign_ins.is_empty());
}

/// The stand-in refuses what the real server refuses: a request without the client version
/// header, or without device information, as Bitwarden's validators answer them.
#[tokio::test]
async fn the_stand_in_is_as_strict_as_the_server() {
    let s = server().await;
    let url = format!("{}/identity/connect/token", s.base);
    let form = |device: bool| {
        let mut f = vec![
            ("grant_type", "client_credentials".to_string()),
            ("scope", "api".into()),
            ("client_id", format!("user.{USER}")),
            ("client_secret", SECRET.into()),
        ];
        if device {
            f.extend([
                ("deviceType", "25".into()),
                ("deviceIdentifier", "d".into()),
                ("deviceName", "n".into()),
            ]);
        }
        f
    };
    let http = reqwest::Client::new();
    let answer = |r: reqwest::Response| async move { (r.status().as_u16(), r.text().await.unwrap()) };
    let (status, body) = answer(http.post(&url).form(&form(true)).send().await.unwrap()).await;
    assert_eq!(status, 400);
    assert!(body.contains("\"error\":\"version_header_missing\""), "{body}");
    let versioned = http.post(&url).header("Bitwarden-Client-Version", "2026.8.0");
    let (status, body) = answer(versioned.form(&form(false)).send().await.unwrap()).await;
    assert_eq!(status, 400);
    assert!(
        body.contains("\"error_description\":\"No device information provided\""),
        "{body}"
    );
    let (status, _) = answer(http.get(&url).send().await.unwrap()).await;
    assert_eq!(status, 405);
}

#[tokio::test]
async fn no_usable_answer_says_where_it_failed() {
    let device = Device::of(tempfile::tempdir().unwrap().path());
    let stage = |r: Result<famsync_core::api::AccessToken, Error>| match r {
        Err(Error::ServerRequestFailed { failure }) => (failure.stage, failure.status),
        other => panic!("not a failed request: {other:?}"),
    };
    // A proxy in front answers its own HTML page, even labelled as JSON.
    let proxy = Standin::start(Behaviour::MislabelledStatus(502)).await;
    let r = sign_in(&client(), &proxy.base, &key(SECRET), &device).await;
    assert_eq!(stage(r), (Stage::Http, Some(502)));
    let page = Standin::start(Behaviour::NotBitwarden).await;
    let r = sign_in(&client(), &page.base, &key(SECRET), &device).await;
    assert_eq!(stage(r), (Stage::Body, Some(200)));
    let r = sign_in(&client(), &refused_base().await, &key(SECRET), &device).await;
    assert_eq!(stage(r).0, Stage::Connect);
    let slow = Standin::start(Behaviour::Slow(Duration::from_secs(10))).await;
    let r = sign_in(&client(), &slow.base, &key(SECRET), &device).await;
    assert_eq!(stage(r).0, Stage::Timeout);
}

/// A loopback server that answers every connection with `head` and then `body_len` bytes of
/// `{`, counting the connections it gets.
async fn answering(
    head: String,
    body_len: usize,
) -> (String, std::sync::Arc<std::sync::atomic::AtomicUsize>) {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let base = format!("http://{}", listener.local_addr().unwrap());
    let seen = std::sync::Arc::new(std::sync::atomic::AtomicUsize::new(0));
    let counter = seen.clone();
    tokio::spawn(async move {
        while let Ok((mut sock, _)) = listener.accept().await {
            counter.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
            let head = head.clone();
            tokio::spawn(async move {
                let mut buf = [0u8; 65536];
                let _ = sock.read(&mut buf).await;
                let _ = sock.write_all(head.as_bytes()).await;
                let chunk = vec![b'{'; 65536];
                let mut left = body_len;
                while left > 0 {
                    let n = left.min(chunk.len());
                    if sock.write_all(&chunk[..n]).await.is_err() {
                        return;
                    }
                    left -= n;
                }
            });
        }
    });
    (base, seen)
}

/// Whatever answers at the server's URL cannot send the key on: a redirect is the answer, and
/// the host it names is never asked (it would get the secret in the form).
#[tokio::test]
async fn a_redirect_is_not_followed_with_the_secret() {
    let (elsewhere, asked) = answering("HTTP/1.1 200 OK\r\ncontent-length: 0\r\n\r\n".into(), 0).await;
    let head = format!("HTTP/1.1 307 Temporary Redirect\r\nlocation: {elsewhere}/identity/connect/token\r\ncontent-length: 0\r\n\r\n");
    let (base, _) = answering(head, 0).await;
    let device = Device::of(tempfile::tempdir().unwrap().path());
    let client = famsync_core::http::for_secrets(Duration::from_secs(5), None);
    match sign_in(&client, &base, &key(SECRET), &device).await {
        Err(Error::ServerRequestFailed { failure }) => {
            assert_eq!((failure.stage, failure.status), (Stage::Http, Some(307)))
        }
        other => panic!("{other:?}"),
    }
    assert_eq!(
        asked.load(std::sync::atomic::Ordering::SeqCst),
        0,
        "the secret went to the other host"
    );
}

/// An answer that never ends is cut off at http::MAX_BODY, not read into memory until the
/// timeout (which the old reading reached: the stage was `timeout`).
#[tokio::test]
async fn an_endless_answer_is_not_read_whole() {
    let head = "HTTP/1.1 200 OK\r\ncontent-type: application/json\r\nconnection: close\r\n\r\n".to_string();
    let (base, _) = answering(head, usize::MAX).await;
    let device = Device::of(tempfile::tempdir().unwrap().path());
    match sign_in(&client(), &base, &key(SECRET), &device).await {
        Err(Error::ServerRequestFailed { failure }) => {
            assert_eq!((failure.stage, failure.status), (Stage::Body, Some(200)))
        }
        other => panic!("{other:?}"),
    }
}
