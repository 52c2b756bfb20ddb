//! `famsync links`: the pages for steps 3 to 5, built from the region and the server's URL.

mod common;
use common::*;

const ORG: &str = "5e6f7a8b-9c0d-4e1f-a2b3-c4d5e6f7a8b9";

#[test]
fn the_pages_follow_the_installations_region_and_url() {
    let f = fixture("eu");
    let r = famsync(&[
        "links",
        "--org",
        &ORG.to_uppercase(),
        "--json",
        "--bwdata",
        f.bwdata.to_str().unwrap(),
    ]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let j = r.json();
    assert_eq!(
        j["cloud_billing"],
        format!("https://vault.bitwarden.eu/#/organizations/{ORG}/billing/subscription")
    );
    let server = j["self_hosted_billing"].as_str().unwrap();
    assert!(
        server.ends_with(&format!("/#/organizations/{ORG}/billing/subscription")),
        "{server}"
    );
    assert!(!server.contains("bitwarden.eu"), "{server}");
    assert!(j["admin_organization"]
        .as_str()
        .unwrap()
        .ends_with(&format!("/admin/organizations/view/{ORG}")));
    let text = famsync(&["links", "--org", ORG, "--bwdata", f.bwdata.to_str().unwrap()]);
    says(
        &text.stdout,
        &["Set up billing sync", "Manage Billing Token", "Manually Sync"],
    );
}

#[test]
fn an_organization_that_is_not_a_guid_is_refused() {
    let f = fixture("us");
    let r = famsync(&[
        "links",
        "--org",
        "acme corp",
        "--bwdata",
        f.bwdata.to_str().unwrap(),
    ]);
    assert_eq!(r.code, 5);
    says(&r.stderr, &["\"acme corp\" is not an organization id"]);
}
