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

/// Whoever may write config.yml chooses its `url:`: a file: or smb: address is no page famsync
/// builds, shows or opens.
#[test]
fn a_server_url_that_is_no_web_page_gives_no_pages_and_says_why() {
    let f = fixture("us");
    std::fs::write(f.bwdata.join("config.yml"), "url: file:///etc/shadow\n").unwrap();
    let bw = f.bwdata.to_str().unwrap();
    let r = famsync(&["links", "--org", ORG, "--json", "--bwdata", bw]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let j = r.json();
    assert_eq!(
        (&j["self_hosted_billing"], &j["admin_organization"]),
        (&serde_json::Value::Null, &serde_json::Value::Null)
    );
    assert_eq!(j["problem"]["code"], "page_refused");
    let text = famsync(&["links", "--org", ORG, "--bwdata", bw]);
    says(
        &text.stdout,
        &["not shown: famsync does not open \"file:///etc/shadow\""],
    );
    assert!(!text.stdout.contains("file:///etc/shadow/"), "{}", text.stdout);
}
