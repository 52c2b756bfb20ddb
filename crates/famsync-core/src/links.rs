//! Where the owner goes for the steps famsync cannot do itself (it never signs in to a vault):
//! pages built from the region, the server's URL and the organization id. The web vault uses
//! hash routing and the same billing path in the cloud and self-hosted; the System
//! Administrator Portal lists a self-hosted organization under /admin/organizations/view/<id>
//! (bitwarden-facts.md; bitwarden/server src/Admin).

use crate::error::{Error, Result};
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
    /// Why there are no pages on the server although it has a URL: that URL is no web page
    /// famsync opens (`page_refused`).
    pub problem: Option<Error>,
}

/// A page famsync hands to the desktop's opener: `https:` with a host, or `http:` to this
/// machine (a server behind a local port). Anything else (`file:`, `smb:`, `javascript:`, a
/// URL without a host) would have the opener read files, mount shares or run script, on the
/// word of config.yml, which other accounts may be able to write: refused (`page_refused`).
pub fn openable(url: &str) -> Result<()> {
    match private(url) {
        true => Ok(()),
        false => Err(Error::PageRefused {
            url: url.chars().take(200).collect(),
        }),
    }
}

/// Whether what goes to `url` stays between this machine and that server: https, or http to
/// this machine itself. Pages are opened and secrets sent only there.
pub fn private(url: &str) -> bool {
    let Ok(parsed) = reqwest::Url::parse(url) else {
        return false;
    };
    let loopback = match parsed.host() {
        Some(url::Host::Domain(d)) => d.eq_ignore_ascii_case("localhost"),
        Some(url::Host::Ipv4(ip)) => ip.is_loopback(),
        Some(url::Host::Ipv6(ip)) => ip.is_loopback(),
        None => return false,
    };
    match parsed.scheme() {
        "https" => true,
        "http" => loopback,
        _ => false,
    }
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
    let problem = server.and_then(|s| openable(s).err());
    let server = server.filter(|_| problem.is_none());
    Ok(Links {
        cloud_billing: billing(&region.vault_uri()),
        self_hosted_billing: server.map(billing),
        admin_organization: server.map(|s| format!("{s}/admin/organizations/view/{org}")),
        problem,
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

    /// config.yml's `url:` is the owner's, or whoever may write config.yml: only web pages.
    #[test]
    fn only_https_pages_and_http_to_this_machine_are_made() {
        for bad in [
            "file:///etc/shadow",
            "smb://attacker.example/share",
            "javascript:alert(1)",
            "http://vault.example.test",
            "https://",
            "data:text/html,<script>x</script>",
            "vault.example.test",
            "ftp://vault.example.test",
        ] {
            let l = links(Region::Us, Some(bad), ORG).unwrap();
            assert_eq!(
                (&l.self_hosted_billing, &l.admin_organization),
                (&None, &None),
                "{bad}"
            );
            assert!(
                matches!(l.problem, Some(Error::PageRefused { .. })),
                "{bad}: {:?}",
                l.problem
            );
            assert!(openable(bad).is_err(), "{bad}");
        }
        for good in [
            "https://vault.example.test",
            "HTTPS://Vault.Example.Test:8443/",
            "http://localhost:8080",
            "http://127.0.0.1",
            "http://[::1]:8443",
        ] {
            let l = links(Region::Us, Some(good), ORG).unwrap();
            assert!(l.self_hosted_billing.is_some() && l.problem.is_none(), "{good}");
        }
        assert!(openable(&links(Region::Eu, None, ORG).unwrap().cloud_billing).is_ok());
    }

    #[test]
    fn an_organization_must_be_a_guid() {
        assert!(matches!(
            links(Region::Us, None, "../../x"),
            Err(Error::OrganizationIdInvalid { .. })
        ));
    }
}
