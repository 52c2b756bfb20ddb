//! Where the owner goes for the steps famsync cannot do itself (it never signs in to a vault):
//! pages built from the region, the server's URL and the organization id. The web vault uses
//! hash routing and the same billing path in the cloud and self-hosted; the System
//! Administrator Portal lists a self-hosted organization under /admin/organizations/view/<id>
//! (bitwarden-facts.md; bitwarden/server src/Admin).

use crate::error::Result;
use crate::region::Region;
use serde::Serialize;

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Links {
    /// Step 3: the organization's subscription page in the cloud web vault.
    pub cloud_billing: String,
    /// Step 4: the same page on the self-hosted server (None without a server URL).
    pub self_hosted_billing: Option<String>,
    /// Step 5: the organization in the System Administrator Portal ("Manually Sync").
    pub admin_organization: Option<String>,
}

pub fn links(region: Region, server_url: Option<&str>, organization_id: &str) -> Result<Links> {
    let org = crate::guid::organization_id(organization_id)?;
    let billing = |vault: &str| {
        format!(
            "{}/#/organizations/{org}/billing/subscription",
            vault.trim_end_matches('/')
        )
    };
    let server = server_url
        .map(|u| u.trim().trim_end_matches('/'))
        .filter(|u| !u.is_empty());
    Ok(Links {
        cloud_billing: billing(&region.vault_uri()),
        self_hosted_billing: server.map(billing),
        admin_organization: server.map(|s| format!("{s}/admin/organizations/view/{org}")),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Error;

    const ORG: &str = "5E6F7A8B-9C0D-4E1F-A2B3-C4D5E6F7A8B9";

    #[test]
    fn pages_are_built_from_region_server_and_organization() {
        let l = links(Region::Eu, Some("https://vault.example.test/"), ORG).unwrap();
        let org = ORG.to_ascii_lowercase();
        assert_eq!(
            l.cloud_billing,
            format!("https://vault.bitwarden.eu/#/organizations/{org}/billing/subscription")
        );
        assert_eq!(
            l.self_hosted_billing.as_deref(),
            Some(format!("https://vault.example.test/#/organizations/{org}/billing/subscription").as_str())
        );
        assert_eq!(
            l.admin_organization.as_deref(),
            Some(format!("https://vault.example.test/admin/organizations/view/{org}").as_str())
        );
        let us = links(Region::Us, None, ORG).unwrap();
        assert!(us.cloud_billing.starts_with("https://vault.bitwarden.com/#/"));
        assert_eq!((us.self_hosted_billing, us.admin_organization), (None, None));
    }

    #[test]
    fn an_organization_must_be_a_guid() {
        assert!(matches!(
            links(Region::Us, None, "../../x"),
            Err(Error::OrganizationIdInvalid { .. })
        ));
    }
}
