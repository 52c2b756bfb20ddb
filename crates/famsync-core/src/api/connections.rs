//! The organization's billing sync connection on the self-hosted server: step 4 through the
//! server's own API (src/Api/AdminConsole/Controllers/OrganizationConnectionsController.cs,
//! v2026.8.0, under `/api`). The server answers the saved key in plain text: it is read into a
//! Secret, compared with the keyring's in memory, and never printed or kept.

use super::request::{Answer, Api};
use crate::error::Result;
use crate::secret::Secret;
use serde::{Deserialize, Serialize};

/// `OrganizationConnectionType.CloudBillingSync` (src/Core/Enums/OrganizationConnectionType.cs).
const CLOUD_BILLING_SYNC: u8 = 1;

/// What the server holds for the organization's billing sync.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct BillingSync {
    /// A connection exists.
    pub configured: bool,
    pub enabled: bool,
    pub holds: Holds,
    /// When the server last synced the license with it (the server's local time, as stored).
    pub last_license_sync: Option<String>,
}

/// The key the server holds, compared with the one famsync has.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "snake_case")]
pub enum Holds {
    /// The token in the keyring.
    ThisToken,
    /// Another one (an older token, or one pasted by hand that famsync does not have).
    OtherToken,
    /// None at all.
    NoToken,
}

/// `OrganizationConnectionResponseModel`: camelCase outside, the stored config's PascalCase
/// inside; with no connection, `id` is null and `config` null (a 200, not a 404).
#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct Connection {
    id: Option<String>,
    enabled: bool,
    config: Option<Config>,
}

/// `BillingSyncConfig` as stored (src/Core/Models/OrganizationConnectionConfigs/BillingSyncConfig.cs).
#[derive(Deserialize, Serialize)]
#[serde(rename_all = "PascalCase")]
struct Config {
    billing_sync_key: Option<Secret>,
    cloud_organization_id: Option<String>,
    last_license_sync: Option<String>,
}

/// Whether cloud communication is on in the server that runs (not only in the file):
/// `GET organizations/connections/enabled`.
pub async fn cloud_communication(api: &Api<'_>) -> Result<bool> {
    match api.get("api/organizations/connections/enabled").await? {
        Answer::Ok(body) => api.json(&body),
        other => Err(api.refused(other, None)),
    }
}

/// The organization's billing sync connection, and whether it holds `token`.
pub async fn billing_sync(api: &Api<'_>, org: &str, token: Option<&Secret>) -> Result<BillingSync> {
    Ok(view(&read(api, org).await?, token))
}

async fn read(api: &Api<'_>, org: &str) -> Result<Connection> {
    let path = format!("api/organizations/connections/{org}/{CLOUD_BILLING_SYNC}");
    match api.get(&path).await? {
        Answer::Ok(body) => api.json(&body),
        other => Err(api.refused(other, Some(org))),
    }
}

fn view(c: &Connection, token: Option<&Secret>) -> BillingSync {
    let config = c.config.as_ref().filter(|_| c.id.is_some());
    let held = config.and_then(|k| k.billing_sync_key.as_ref());
    let holds = match (held, token) {
        (None, _) => Holds::NoToken,
        (Some(h), Some(t)) if h.expose() == t.expose() => Holds::ThisToken,
        (Some(_), _) => Holds::OtherToken,
    };
    BillingSync {
        configured: c.id.is_some(),
        enabled: c.enabled,
        holds,
        last_license_sync: config.and_then(|k| k.last_license_sync.clone()),
    }
}

/// Saves `token` as the organization's billing sync key: a new connection where there is
/// none, else an update of the one there. An update replaces the whole config, so the fields
/// famsync does not set are sent back as read. Then it is read back: the answer says what the
/// server holds now.
pub async fn save_token(api: &Api<'_>, org: &str, token: &Secret) -> Result<BillingSync> {
    let current = read(api, org).await?;
    let kept = current.config.as_ref().filter(|_| current.id.is_some());
    let config = Config {
        billing_sync_key: Some(Secret::new(token.expose().to_string())),
        cloud_organization_id: kept.and_then(|k| k.cloud_organization_id.clone()),
        last_license_sync: kept.and_then(|k| k.last_license_sync.clone()),
    };
    let body = serde_json::json!({
        "type": CLOUD_BILLING_SYNC,
        "organizationId": org,
        "enabled": true,
        "config": config.exposed(),
    });
    let answer = match &current.id {
        None => {
            api.send(reqwest::Method::POST, "api/organizations/connections", &body)
                .await?
        }
        Some(id) => {
            let path = format!("api/organizations/connections/{id}");
            api.send(reqwest::Method::PUT, &path, &body).await?
        }
    };
    match answer {
        Answer::Ok(_) => billing_sync(api, org, Some(token)).await,
        other => Err(api.refused(other, Some(org))),
    }
}

impl Config {
    /// The config as the request carries it, key included (Secret never serializes itself).
    fn exposed(&self) -> serde_json::Value {
        serde_json::json!({
            "BillingSyncKey": self.billing_sync_key.as_ref().map(Secret::expose),
            "CloudOrganizationId": self.cloud_organization_id,
            "LastLicenseSync": self.last_license_sync,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn connection(json: &str) -> Connection {
        serde_json::from_str(json).unwrap()
    }

    #[test]
    fn what_the_server_holds_is_compared_not_kept() {
        let t = Secret::key("AbCdEfGhIjKlMnOpQrStUvWxYz0123").unwrap();
        let none = connection(
            r#"{"id":null,"type":0,"organizationId":"00000000-0000-0000-0000-000000000000","enabled":false,"config":null}"#,
        );
        assert_eq!(view(&none, Some(&t)).holds, Holds::NoToken);
        assert!(!view(&none, Some(&t)).configured);
        let this = connection(
            r#"{"id":"a","type":1,"organizationId":"o","enabled":true,"config":{"BillingSyncKey":"AbCdEfGhIjKlMnOpQrStUvWxYz0123","CloudOrganizationId":"o","LastLicenseSync":"2026-12-01T10:00:00"}}"#,
        );
        let v = view(&this, Some(&t));
        assert_eq!(
            (v.holds, v.last_license_sync.as_deref()),
            (Holds::ThisToken, Some("2026-12-01T10:00:00"))
        );
        let other = connection(
            r#"{"id":"a","type":1,"organizationId":"o","enabled":true,"config":{"BillingSyncKey":"ZZZ","CloudOrganizationId":null,"LastLicenseSync":null}}"#,
        );
        assert_eq!(view(&other, Some(&t)).holds, Holds::OtherToken);
        assert!(!format!("{:?}", view(&this, Some(&t))).contains("AbCd"));
    }
}
