//! Signing in to the self-hosted server with a personal API key: an OAuth client-credentials
//! request to its identity service, which answers a bearer token for its api, good for an
//! hour (src/Identity/IdentityServer/ClientProviders/UserClientProvider.cs, `AccessTokenLifetime
//! = 3600`). The token lives in memory only. Bitwarden records a "logged in" event for it, and
//! may e-mail the owner about a new device the first time (DeviceValidator.cs).

use super::key::ApiKey;
use crate::error::{Error, Result};
use crate::http::{self, Http, HttpFailure, Stage};
use crate::secret::Secret;
use serde::Deserialize;
use std::path::Path;
use std::time::{Duration, Instant};

/// The `Bitwarden-Client-Version` famsync sends: required since 2026.3, or the sign-in is
/// refused as `version_header_missing` (ClientVersionValidator.cs); users with v2 encryption
/// need at least 2025.11.0. It is the server version whose API famsync was built against.
pub const CLIENT_VERSION: &str = "2026.8.0";

/// `DeviceType` (src/Core/Enums/DeviceType.cs): the CLI kind of this platform, the closest
/// Bitwarden has to a tool like famsync.
const DEVICE_TYPE: &str = if cfg!(windows) {
    "23" // WindowsCLI
} else if cfg!(target_os = "macos") {
    "24" // MacOsCLI
} else {
    "25" // LinuxCLI
};

/// How this famsync names itself as a device: the same id every time on this computer, so the
/// owner's device list gains one entry, not one per sign-in.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Device {
    pub identifier: String,
}

impl Device {
    /// The id kept in famsync's data folder, made the first time.
    pub fn of(data_dir: &Path) -> Device {
        let kept: Option<String> = crate::records::load(data_dir, "device", "famsync");
        let identifier = kept.unwrap_or_else(|| {
            let id = uuid::Uuid::new_v4().to_string();
            // Without a saved id the next sign-in is one more device: worth trying, not failing.
            let _ = crate::records::save(data_dir, "device", "famsync", &id);
            id
        });
        Device { identifier }
    }
}

/// A signed-in session's bearer token, for the server's api.
#[derive(Debug)]
pub struct AccessToken {
    pub token: Secret,
    pub expires: Instant,
}

impl AccessToken {
    /// Still good for `margin` more: a request begun just before expiry would fail midway.
    pub fn valid_for(&self, margin: Duration) -> bool {
        Instant::now() + margin < self.expires
    }
}

#[derive(Deserialize)]
struct Granted {
    access_token: String,
    expires_in: u64,
}

/// The identity service's refusal: an OAuth error id (`invalid_client`, `device_error`,
/// `version_header_missing`, ...). Its description and Bitwarden's `ErrorModel` are not kept.
#[derive(Deserialize)]
struct Refused {
    error: String,
}

/// Signs in to the server at `base` (its public URL) as `key`'s user.
pub async fn sign_in(client: &Http, base: &str, key: &ApiKey, device: &Device) -> Result<AccessToken> {
    let url = http::endpoint(base, "identity/connect/token");
    let client_id = key.client_id();
    let form = [
        ("grant_type", "client_credentials"),
        ("scope", "api"),
        ("client_id", client_id.as_str()),
        ("client_secret", key.secret.expose()),
        ("deviceType", DEVICE_TYPE),
        ("deviceIdentifier", device.identifier.as_str()),
        ("deviceName", "famsync"),
    ];
    let sent = client
        .post(&url)
        .header("Bitwarden-Client-Version", CLIENT_VERSION)
        .header("Accept", "application/json")
        .form(&form)
        .send()
        .await;
    let resp = sent.map_err(|e| failed(client.failure(&e, &url)))?;
    let status = resp.status().as_u16();
    let body = http::bounded_body(resp)
        .await
        .map_err(|e| failed(client.failure(&e, &url)))?
        .ok_or_else(|| failed(HttpFailure::at(Stage::Body, &url, Some(status))))?;
    answer(base, &url, status, &body)
}

fn answer(base: &str, url: &str, status: u16, body: &[u8]) -> Result<AccessToken> {
    if status == 200 {
        let granted: Granted = serde_json::from_slice(body)
            .map_err(|_| failed(HttpFailure::at(Stage::Body, url, Some(status))))?;
        return Ok(AccessToken {
            token: Secret::new(granted.access_token),
            expires: Instant::now() + Duration::from_secs(granted.expires_in),
        });
    }
    match serde_json::from_slice::<Refused>(body) {
        // Duende answers a wrong secret or an unknown user alike, before Bitwarden's code.
        Ok(r) if status == 400 && r.error == "invalid_client" => Err(Error::ApiKeyRejected {
            server: base.to_string(),
        }),
        Ok(r) if status == 400 => Err(Error::ApiSignInRefused {
            server: base.to_string(),
            error: oauth_error_id(&r.error),
        }),
        // Not the identity service's JSON: a proxy's page, a gateway error, another server.
        _ => Err(failed(HttpFailure::at(Stage::Http, url, Some(status)))),
    }
}

/// An OAuth error id as the UI may show it: the server's own vocabulary is `[a-z_]`; anything
/// else is cut to what fits it.
fn oauth_error_id(error: &str) -> String {
    error
        .chars()
        .filter(|c| c.is_ascii_lowercase() || *c == '_')
        .take(48)
        .collect()
}

fn failed(failure: HttpFailure) -> Error {
    Error::ServerRequestFailed { failure }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bitwardens_refusals_are_named_by_their_oauth_id() {
        let body = br#"{"error":"version_header_missing","error_description":"No client version header found","ErrorModel":{"Message":"x","Object":"error"}}"#;
        match answer("https://vault.example.test", "u", 400, body) {
            Err(Error::ApiSignInRefused { error, .. }) => assert_eq!(error, "version_header_missing"),
            other => panic!("{other:?}"),
        }
        // An id outside the server's vocabulary is cut to what could be one.
        let odd = br#"{"error":"<b>Invalid</b> client!"}"#;
        match answer("s", "u", 400, odd) {
            Err(Error::ApiSignInRefused { error, .. }) => assert_eq!(error, "bnvalidbclient"),
            other => panic!("{other:?}"),
        }
        assert!(matches!(
            answer("s", "u", 200, b"<html>"),
            Err(Error::ServerRequestFailed { .. })
        ));
    }
}
