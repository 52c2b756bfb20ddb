//! The self-hosted server's identity service as the server stand-in serves it: the token
//! endpoint for personal API keys, as strict as bitwarden/server v2026.8.0 with Duende
//! IdentityServer 7 in front of it. Client authentication first (Duende: a wrong secret or an
//! unknown user is `invalid_client`, nothing else said), then the grant and the scope, then
//! Bitwarden's validators in their order: the client version
//! (src/Identity/IdentityServer/RequestValidators/ClientVersionValidator.cs), then the device
//! (DeviceValidator.cs). A token is good for 3600 s (ClientProviders/UserClientProvider.cs),
//! and each success is recorded, as the server writes a `User_LoggedIn` event.

#![allow(dead_code)] // shared by the core and CLI tests; each uses a subset

use std::collections::HashMap;
use std::time::{Duration, Instant};

/// A user of the stand-in server and the secret of their personal API key.
#[derive(Debug, Clone)]
pub struct User {
    pub id: String,
    pub api_key: String,
}

/// A sign-in the server recorded: the user and the device it named.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SignIn {
    pub user: String,
    pub device_identifier: String,
    pub device_type: String,
}

/// The server's accounts and what its api keeps for them (api_standin.rs serves the routes).
#[derive(Debug, Default)]
pub struct Identity {
    pub users: Vec<User>,
    pub sign_ins: Vec<SignIn>,
    /// Access tokens issued: the user, and when each stops being good.
    pub tokens: HashMap<String, (String, Instant)>,
    /// (user, organization): who owns which organization.
    pub owners: Vec<(String, String)>,
    /// `globalSettings.EnableCloudCommunication` in the running server.
    pub cloud_communication: bool,
    /// `{LicenseDirectory}/organization`, where the server reads each organization's license.
    pub license_dir: Option<std::path::PathBuf>,
    /// The organization connections, by organization id.
    pub connections: HashMap<String, super::api_standin::Stored>,
    /// Where the server reaches the cloud, as whom (global.override.env's installation id and
    /// key), and each organization's license key (the server's database holds it).
    pub cloud: Option<super::api_standin::CloudLink>,
    /// (organization, last sponsorship sync date) as the server's database has them.
    pub sponsorship_syncs: HashMap<String, String>,
    /// None: the server is v2026.8.0, which checks a license with a Token by its claims and
    /// one without by its version (1 to 16). Some(N): an older server, before claims-based
    /// licenses, that checks every license's version and knows up to N.
    pub older_license_format: Option<u64>,
}

/// src/Core/Enums/DeviceType.cs, by number and by name (`Enum.TryParse`: either works).
const DEVICE_TYPES: [(&str, &str); 6] = [
    ("8", "LinuxDesktop"),
    ("21", "SDK"),
    ("22", "Server"),
    ("23", "WindowsCLI"),
    ("24", "MacOsCLI"),
    ("25", "LinuxCLI"),
];

const LIFETIME: Duration = Duration::from_secs(3600);

impl Identity {
    /// A user whose personal API key's secret is `api_key`.
    pub fn add_user(&mut self, id: &str, api_key: &str) {
        self.users.push(User {
            id: id.into(),
            api_key: api_key.into(),
        });
    }

    /// The user an `Authorization: Bearer` token in `head` was issued to, while it is good.
    pub fn bearer(&self, head: &str) -> Option<String> {
        let token = header(head, "authorization")?.strip_prefix("Bearer ")?.trim();
        let (user, until) = self.tokens.get(token)?;
        (Instant::now() < *until).then(|| user.clone())
    }

    /// Expires every token issued, as an hour passing would.
    pub fn expire_tokens(&mut self) {
        for (_, until) in self.tokens.values_mut() {
            *until = Instant::now();
        }
    }

    /// `POST /identity/connect/token`: status and JSON body.
    pub fn token(&mut self, head: &str, body: &str) -> (u16, String) {
        if method(head) != "POST" {
            return (405, String::new());
        }
        let form: HashMap<String, String> = form_urlencoded::parse(body.as_bytes()).into_owned().collect();
        let field = |k: &str| form.get(k).map(String::as_str).unwrap_or("");
        let user = field("client_id")
            .strip_prefix("user.")
            .map(str::to_ascii_lowercase);
        let known = self
            .users
            .iter()
            .find(|u| Some(u.id.to_ascii_lowercase()) == user && u.api_key == field("client_secret"));
        let Some(user) = known.map(|u| u.id.to_ascii_lowercase()) else {
            return oauth("invalid_client");
        };
        if field("grant_type") != "client_credentials" {
            return oauth("unsupported_grant_type");
        }
        if field("scope") != "api" {
            return oauth("invalid_scope");
        }
        if !header(head, "bitwarden-client-version").is_some_and(is_dotnet_version) {
            return bitwarden("version_header_missing", VERSION_MISSING, VERSION_MISSING);
        }
        // The raw request is a NameValueCollection: the device keys in any case.
        let device = |k: &str| {
            form.iter()
                .find(|(name, _)| name.eq_ignore_ascii_case(k))
                .map(|(_, v)| v.trim().to_string())
                .unwrap_or_default()
        };
        let (kind, identifier, name) = (
            device("deviceType"),
            device("deviceIdentifier"),
            device("deviceName"),
        );
        let known_kind = DEVICE_TYPES.iter().any(|(n, s)| kind == *n || kind == *s);
        if identifier.is_empty() || name.is_empty() || !known_kind {
            return bitwarden(
                "device_error",
                "No device information provided",
                "no device information provided",
            );
        }
        let token = uuid::Uuid::new_v4().simple().to_string();
        self.tokens
            .insert(token.clone(), (user.clone(), Instant::now() + LIFETIME));
        self.sign_ins.push(SignIn {
            user,
            device_identifier: identifier,
            device_type: kind,
        });
        (200, granted(&token))
    }
}

const VERSION_MISSING: &str = "No client version header found, required to prevent encryption errors. Please confirm your client is supplying the header: \"Bitwarden-Client-Version\"";

fn method(head: &str) -> &str {
    head.split_whitespace().next().unwrap_or("")
}

/// A request header's value (names in any case).
pub fn header<'a>(head: &'a str, name: &str) -> Option<&'a str> {
    head.lines().skip(1).find_map(|l| {
        let (k, v) = l.split_once(':')?;
        k.trim().eq_ignore_ascii_case(name).then(|| v.trim())
    })
}

/// `System.Version.TryParse`: two to four dot-separated numbers.
fn is_dotnet_version(v: &str) -> bool {
    let parts: Vec<&str> = v.split('.').collect();
    (2..=4).contains(&parts.len())
        && parts
            .iter()
            .all(|p| !p.is_empty() && p.chars().all(|c| c.is_ascii_digit()))
}

/// Duende's own refusal: the error id alone.
fn oauth(error: &str) -> (u16, String) {
    (400, serde_json::json!({ "error": error }).to_string())
}

/// Bitwarden's refusal through Duende: the id, its description and Bitwarden's ErrorModel
/// (BaseRequestValidator.cs FillRequestContextWithErrorData).
fn bitwarden(error: &str, description: &str, message: &str) -> (u16, String) {
    let body = serde_json::json!({
        "error": error,
        "error_description": description,
        "ErrorModel": { "Message": message, "Object": "error" }
    });
    (400, body.to_string())
}

/// What the server answers a personal API key, with Bitwarden's PascalCase extras: the user's
/// encrypted keys among them, which a client must never keep or show.
fn granted(token: &str) -> String {
    serde_json::json!({
        "access_token": token,
        "expires_in": 3600,
        "token_type": "Bearer",
        "scope": "api",
        "Key": "2.STANDINencryptedUserKey|STANDIN|STANDIN",
        "PrivateKey": "2.STANDINencryptedPrivateKey|STANDIN|STANDIN",
        "Kdf": 0,
        "KdfIterations": 600000,
        "ForcePasswordReset": false,
        "UserDecryptionOptions": { "HasMasterPassword": true, "Object": "userDecryptionOptions" }
    })
    .to_string()
}
