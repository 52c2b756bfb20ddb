//! The us fixture (tests/fixtures/us) as the server and cloud stand-ins know it, for the tests
//! of steps 4 and 5: its installation id and key, its organization and that organization's
//! license key, a cloud that issues its license for a billing sync token, and the server's
//! link to that cloud.

#![allow(dead_code)] // shared by the core and CLI tests and the examples; each uses a subset

use super::api_standin::CloudLink;
use super::cloud_standin::{knowing, Cloud, CloudOrganization};
use std::path::Path;

pub const INSTALLATION: &str = "9d1c7e2a-4b6f-4a8e-b0c1-2d3e4f5a6b7c";
pub const INSTALLATION_KEY: &str = "FIXTUREinstallationKey";
/// Example Corp, the fixture's Enterprise organization.
pub const ORG: &str = "5e6f7a8b-9c0d-4e1f-a2b3-c4d5e6f7a8b9";
/// `Organization.LicenseKey`, as the cloud and the server's database have it.
pub const LICENSE_KEY: &str = "FIXTURE";

/// ORG's license file in the installation `bwdata`, as JSON.
pub fn license(bwdata: &Path) -> serde_json::Value {
    let file = famsync_core::licenses::folder(bwdata).join(format!("{ORG}.json"));
    serde_json::from_str(&std::fs::read_to_string(file).unwrap()).unwrap()
}

/// A cloud that knows the installation and issues ORG's `license` for `billing_sync_key`.
pub fn cloud(license: serde_json::Value, billing_sync_key: &str) -> Cloud {
    let mut c = knowing(INSTALLATION, true, INSTALLATION_KEY);
    c.organizations.insert(
        ORG.into(),
        CloudOrganization {
            billing_sync_key: Some(billing_sync_key.into()),
            license_key: LICENSE_KEY.into(),
            license,
        },
    );
    c
}

/// The server's way to that cloud at `base`, as the installation's settings give it.
pub fn link(base: &str) -> CloudLink {
    CloudLink {
        base: base.into(),
        installation_id: INSTALLATION.into(),
        installation_key: INSTALLATION_KEY.into(),
        license_keys: [(ORG.to_string(), LICENSE_KEY.to_string())].into(),
    }
}
