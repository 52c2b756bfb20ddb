//! `famsync links --org ID`: where to go for steps 3 to 5, and the clicks to make there.

use crate::args::Cli;
use crate::commands::Failure;
use crate::locate;
use crate::messages::exit;
use famsync_core::{install, links, region};

pub fn run(cli: &Cli, org: &str) -> Result<u8, Failure> {
    let inst = locate::installation(&cli.global)?;
    let doc = inst.kind.view(&inst.read_env()?.bytes);
    let region = region::served(&region::read_state(&doc))?;
    let l = links::links(region, install::server_url(&inst, &doc).as_deref(), org)?;
    if cli.global.json {
        println!("{}", serde_json::to_string_pretty(&l).unwrap_or_default());
        return Ok(exit::OK);
    }
    let none = match &l.problem {
        Some(refused) => format!("(not shown: {})", crate::messages::describe(refused).0),
        None => "(no server URL in config.yml)".to_string(),
    };
    println!(
        "Step 3, in the Bitwarden cloud ({}), as an organization owner:\n  {}\n  Billing → Subscription → Self-hosting → Set up billing sync → master password → Generate token → copy.\n  Then: famsync token set --org {org}\n",
        region.code(),
        l.cloud_billing
    );
    println!(
        "Step 4, in your server's Admin Console:\n  {}\n  Billing → Subscription → License and billing management → Automatic sync → Manage Billing Token (older servers: Manage billing sync) → paste → Save.\n",
        l.self_hosted_billing.as_ref().unwrap_or(&none)
    );
    println!(
        "Step 5, in the System Administrator Portal:\n  {}\n  Connections → Manually Sync (it says \"Billing Synced!\"), or Admin Console → Billing → Subscription → Sync license.",
        l.admin_organization.as_ref().unwrap_or(&none)
    );
    Ok(exit::OK)
}
