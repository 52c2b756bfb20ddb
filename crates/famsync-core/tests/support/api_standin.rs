//! The server stand-in's organization connections, as bitwarden/server v2026.8.0 serves them
//! under `/api` (src/Api/AdminConsole/Controllers/OrganizationConnectionsController.cs):
//! `[Authorize("Application")]` (401 with no body without a good bearer token), owners only for
//! CloudBillingSync (400 "You do not have permission …", not 404), one connection per type, the
//! license file verified on create and update ("Cannot verify license file."), the config
//! stored PascalCase and answered as stored (the key in plain text), CloudOrganizationId set
//! from the license, and an update that replaces the whole config.

#![allow(dead_code)] // shared by the core and CLI tests; each uses a subset

use super::identity_standin::Identity;
use serde_json::{json, Value};
use std::sync::Mutex;

/// The cloud as the server reaches it for a license sync.
#[derive(Debug, Clone)]
pub struct CloudLink {
    /// `globalSettings__installation__identityUri` and `__apiUri` (one stand-in serves both).
    pub base: String,
    pub installation_id: String,
    pub installation_key: String,
    /// Organization id → its license key (`Organization.LicenseKey` in the server's database).
    pub license_keys: std::collections::HashMap<String, String>,
}

/// A stored connection: its id, whether it is enabled, its config as stored.
#[derive(Debug, Clone)]
pub struct Stored {
    pub id: String,
    pub enabled: bool,
    pub config: Value,
}

/// `/api/organizations/connections…`: status and body.
pub fn connections(id: &mut Identity, method: &str, path: &str, head: &str, body: &str) -> (u16, String) {
    let Some(user) = id.bearer(head) else {
        return (401, String::new());
    };
    let rest = path.trim_start_matches("/api/organizations/connections");
    match (method, rest) {
        ("GET", "/enabled") => (200, id.cloud_communication.to_string()),
        ("GET", r) => match r.trim_start_matches('/').split_once('/') {
            Some((org, "1" | "CloudBillingSync")) => read(id, &user, org),
            _ => (404, String::new()),
        },
        ("POST", "") => save(id, &user, body, None),
        ("PUT", r) => save(id, &user, body, Some(r.trim_start_matches('/'))),
        _ => (404, String::new()),
    }
}

fn owns(id: &Identity, user: &str, org: &str) -> bool {
    id.owners
        .iter()
        .any(|(u, o)| u == user && o.eq_ignore_ascii_case(org))
}

/// src/Libraries/ExceptionHandling/ErrorResponseModel.cs: `object` first, nulls written.
pub fn error(status: u16, message: &str) -> (u16, String) {
    let body = json!({
        "object": "error",
        "message": message,
        "validationErrors": null,
        "exceptionMessage": null,
        "exceptionStackTrace": null,
        "innerExceptionMessage": null
    });
    (status, body.to_string())
}

fn read(id: &Identity, user: &str, org: &str) -> (u16, String) {
    if !owns(id, user, org) {
        return error(
            400,
            "You do not have permission to retrieve a connection of type CloudBillingSync.",
        );
    }
    let body = match id.connections.get(&org.to_ascii_lowercase()) {
        Some(c) => {
            json!({ "id": c.id, "type": 1, "organizationId": org, "enabled": c.enabled, "config": c.config })
        }
        // OrganizationConnectionResponseModel returns early: the defaults, type 0.
        None => {
            json!({ "id": null, "type": 0, "organizationId": "00000000-0000-0000-0000-000000000000", "enabled": false, "config": null })
        }
    };
    (200, body.to_string())
}

fn save(id: &mut Identity, user: &str, body: &str, connection: Option<&str>) -> (u16, String) {
    let Ok(model) = serde_json::from_str::<Value>(body) else {
        return error(400, "The model state is invalid.");
    };
    let org = model["organizationId"]
        .as_str()
        .unwrap_or_default()
        .to_ascii_lowercase();
    if model["type"] != json!(1) {
        return error(400, "The model state is invalid.");
    }
    if !owns(id, user, &org) {
        let text = match connection {
            None => "You do not have permission to create a connection of type CloudBillingSync.",
            Some(_) => "You do not have permission to update this connection.",
        };
        return error(400, text);
    }
    let existing = id.connections.get(&org).map(|c| c.id.clone());
    match (connection, &existing) {
        (None, Some(_)) => return error(400, "The requested organization already has a connection of type CloudBillingSync. Only one of each connection type may exist per organization."),
        (Some(c), Some(e)) if c != e => return (404, error(404, "Resource not found.").1),
        (Some(_), None) => return (404, error(404, "Resource not found.").1),
        _ => {}
    }
    let Some(license) = license_id(id, &org) else {
        return error(400, "Cannot verify license file.");
    };
    // JsonDocument.Deserialize with IgnoreCase, then stored with default (PascalCase) names.
    let config = &model["config"];
    let field = |name: &str| {
        config
            .as_object()
            .and_then(|o| {
                o.iter()
                    .find(|(k, _)| k.eq_ignore_ascii_case(name))
                    .map(|(_, v)| v.clone())
            })
            .unwrap_or(Value::Null)
    };
    let stored = Stored {
        id: existing.unwrap_or_else(|| uuid::Uuid::new_v4().to_string()),
        enabled: model["enabled"].as_bool().unwrap_or(false),
        config: json!({
            "BillingSyncKey": field("billingSyncKey"),
            "CloudOrganizationId": license,
            "LastLicenseSync": field("lastLicenseSync"),
        }),
    };
    id.connections.insert(org, stored);
    (200, String::new())
}

/// The license's `Id` when the server can read it (the stand-in's VerifyLicense: the file is
/// there and is a license for that organization).
fn license_id(id: &Identity, org: &str) -> Option<String> {
    let text = std::fs::read_to_string(id.license_dir.as_ref()?.join(format!("{org}.json"))).ok()?;
    let license: Value = serde_json::from_str(&text).ok()?;
    let lid = license["Id"].as_str()?.to_ascii_lowercase();
    (lid == org).then_some(lid)
}

/// `POST /api/organizations/licenses/self-hosted/{id}/sync`
/// (src/Api/Controllers/SelfHosted/SelfHostedOrganizationLicensesController.cs and
/// GetSelfHostedOrganizationLicenseQuery.cs, UpdateOrganizationLicenseCommand.cs): 401 without
/// a session; 404 "Resource not found." for a non-owner or without a billing sync connection;
/// 400 when cloud communication is off or the connection is disabled or has no key; then the
/// cloud is asked (an installation token with `api.licensing`, then a GET with a JSON body), any
/// failure there being the one generic 400; on success the license file is written in place
/// (`FileMode.Create`), `LastLicenseSync` set to the server's local time, and 200 with no body.
pub async fn sync_license(id: &Mutex<Identity>, head: &str, org: &str) -> (u16, String) {
    let org = org.to_ascii_lowercase();
    let (cloud, key, cloud_org, dir, older) = {
        let id = id.lock().unwrap();
        let Some(user) = id.bearer(head) else {
            return (401, String::new());
        };
        let Some(conn) = id.connections.get(&org).filter(|_| owns(&id, &user, &org)) else {
            return error(404, "Resource not found.");
        };
        if !id.cloud_communication {
            return error(400, "Cloud communication is disabled in global settings");
        }
        if !conn.enabled {
            return error(400, &format!("Connection disabled for organization {org}"));
        }
        let key = conn.config["BillingSyncKey"]
            .as_str()
            .unwrap_or_default()
            .to_string();
        if key.trim().is_empty() {
            return error(400, "Failed to get Billing Sync Key");
        }
        let cloud_org = conn.config["CloudOrganizationId"]
            .as_str()
            .unwrap_or(&org)
            .to_string();
        (
            id.cloud.clone(),
            key,
            cloud_org,
            id.license_dir.clone(),
            id.older_license_format,
        )
    };
    let fetched = match &cloud {
        Some(c) => fetch_license(c, &cloud_org, &key, &org).await,
        None => None,
    };
    let (Some(license), Some(dir)) = (fetched, dir) else {
        return error(
            400,
            "An error has occurred. Check your internet connection and ensure the billing token is correct.",
        );
    };
    if let Some(refused) = refuse_license(&dir, &license, &org, older) {
        return refused;
    }
    // FileMode.Create: the file truncated and written where it is, not replaced atomically.
    let text = serde_json::to_string_pretty(&license).unwrap();
    if std::fs::write(dir.join(format!("{org}.json")), text).is_err() {
        return error(500, "An unhandled server error has occurred.");
    }
    let now = chrono::Local::now()
        .naive_local()
        .format("%Y-%m-%dT%H:%M:%S%.6f")
        .to_string();
    if let Some(c) = id.lock().unwrap().connections.get_mut(&org) {
        c.config["LastLicenseSync"] = now.into();
    }
    (200, String::new())
}

/// UpdateOrganizationLicenseCommand.cs before the file is written: another organization on
/// this server using the license key (LicenseAlreadyInUseError, AdminConsole/.../Errors.cs),
/// then a license without a Token checked the old way (OrganizationLicense.ObsoleteCanUse:
/// versions 1 to 16 only, "Invalid license." and the reason).
fn refuse_license(
    dir: &std::path::Path,
    license: &Value,
    org: &str,
    older: Option<u64>,
) -> Option<(u16, String)> {
    let key = license["LicenseKey"].as_str()?;
    let in_use = std::fs::read_dir(dir).ok()?.flatten().any(|e| {
        let path = e.path();
        let other = path.file_stem().and_then(|s| s.to_str()).unwrap_or_default();
        let text = std::fs::read_to_string(&path).unwrap_or_default();
        let held: Value = serde_json::from_str(&text).unwrap_or_default();
        !other.eq_ignore_ascii_case(org) && held["LicenseKey"].as_str() == Some(key)
    });
    if in_use {
        return Some(error(
            400,
            "License is already in use by another organization vault.",
        ));
    }
    let version = license["Version"].as_u64().unwrap_or(0);
    let by_version = older.is_some() || license["Token"].as_str().is_none_or(str::is_empty);
    (by_version && !(1..=older.unwrap_or(16)).contains(&version)).then(|| {
        error(
            400,
            &format!("Invalid license. Version {version} is not supported."),
        )
    })
}

/// The server's two calls to the cloud; None on any failure (the server maps them all to one).
async fn fetch_license(c: &CloudLink, cloud_org: &str, key: &str, org: &str) -> Option<Value> {
    let http = reqwest::Client::new();
    let form = [
        ("grant_type", "client_credentials"),
        ("scope", "api.licensing"),
        ("client_id", &format!("installation.{}", c.installation_id)),
        ("client_secret", c.installation_key.as_str()),
    ];
    let token: Value = http
        .post(format!("{}/identity/connect/token", c.base))
        .form(&form)
        .send()
        .await
        .ok()
        .filter(|r| r.status().is_success())?
        .json()
        .await
        .ok()?;
    let body = json!({ "licenseKey": c.license_keys.get(org)?, "billingSyncKey": key });
    let resp = http
        .get(format!("{}/licenses/organization/{cloud_org}", c.base))
        .bearer_auth(token["access_token"].as_str()?)
        .json(&body)
        .send()
        .await
        .ok()
        .filter(|r| r.status().is_success())?;
    resp.json().await.ok()
}

/// `GET /api/organization/sponsorship/{id}/sync-status`
/// (src/Api/Billing/Controllers/OrganizationSponsorshipsController.cs, no [Authorize]): 404
/// "Resource not found." unless an owner asks; `object` last (the older ResponseModel).
pub fn sync_status(id: &Identity, head: &str, org: &str) -> (u16, String) {
    let org = org.to_ascii_lowercase();
    match id.bearer(head) {
        Some(user) if owns(id, &user, &org) => {
            let last = id.sponsorship_syncs.get(&org);
            (
                200,
                format!(r#"{{"lastSyncDate":{},"object":"syncStatus"}}"#, json!(last)),
            )
        }
        _ => error(404, "Resource not found."),
    }
}
