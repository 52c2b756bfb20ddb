//! Step 5 through the server's own API: the license sync (the Admin Console's "Sync license"
//! button; src/Api/Controllers/SelfHosted/SelfHostedOrganizationLicensesController.cs). The
//! server fetches the license from the cloud with the installation key and the billing sync
//! token, so its success proves the region, the firewall, the key and the token at once. The
//! sponsorship sync has no API: only its last date can be read (sync-status).

use super::request::{Answer, Api};
use crate::error::{Error, Result};
use serde::Deserialize;

/// The one message the server answers for any failure of its call to the cloud
/// (GetSelfHostedOrganizationLicenseQuery.cs): the token, the firewall, the region.
const CLOUD_FAILED: &str =
    "An error has occurred. Check your internet connection and ensure the billing token is correct.";

/// Asks the server to sync `org`'s license from the cloud now.
pub async fn sync_license(api: &Api<'_>, org: &str) -> Result<()> {
    let path = format!("api/organizations/licenses/self-hosted/{org}/sync");
    match api
        .send(reqwest::Method::POST, &path, &serde_json::Value::Null)
        .await?
    {
        Answer::Ok(_) => Ok(()),
        Answer::Refused { status, message } => Err(refused(api, org, status, message)),
    }
}

fn refused(api: &Api<'_>, org: &str, status: u16, message: Option<String>) -> Error {
    let organization = org.to_string();
    match (status, message.as_deref()) {
        // Not an owner, or no billing sync connection: the server says only "Resource not found.".
        (404, _) => Error::LicenseSyncNotPossible { organization },
        (400, Some(CLOUD_FAILED)) => Error::LicenseSyncFailed { organization },
        // UpdateOrganizationLicenseCommand.cs: LicenseAlreadyInUseError (AdminConsole/.../Errors.cs).
        (400, Some("License is already in use by another organization vault.")) => {
            Error::LicenseInUse { organization }
        }
        (400, Some(m)) if unsupported_version(m).is_some() => Error::LicenseVersionUnsupported {
            version: unsupported_version(m).unwrap_or_default(),
            organization,
        },
        (400, Some("Cloud communication is disabled in global settings")) => {
            Error::ServerCloudCommunicationOff {
                server: api.base.to_string(),
            }
        }
        (status, message) => api.refused(
            Answer::Refused {
                status,
                message: message.map(str::to_string),
            },
            Some(org),
        ),
    }
}

/// N in "Version N is not supported." (OrganizationLicense.cs: thrown from GetDataBytes, or
/// after "Invalid license." from ObsoleteCanUse).
fn unsupported_version(message: &str) -> Option<u32> {
    let rest = message
        .strip_prefix("Invalid license.")
        .unwrap_or(message)
        .trim_start();
    rest.strip_prefix("Version ")?
        .strip_suffix(" is not supported.")?
        .parse()
        .ok()
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct SyncStatus {
    last_sync_date: Option<String>,
}

/// When the server last synced `org`'s sponsorships with the cloud (None: never, or no
/// sponsorships yet; src/Api/Billing/Controllers/OrganizationSponsorshipsController.cs).
pub async fn sponsorships_synced(api: &Api<'_>, org: &str) -> Result<Option<String>> {
    let path = format!("api/organization/sponsorship/{org}/sync-status");
    match api.get(&path).await? {
        Answer::Ok(body) => Ok(api.json::<SyncStatus>(&body)?.last_sync_date),
        // No [Authorize] on that action: a session the server does not take is a 404 there.
        Answer::Refused { status: 404, .. } => Err(Error::LicenseSyncNotPossible {
            organization: org.to_string(),
        }),
        other => Err(api.refused(other, Some(org))),
    }
}
