//! `famsync token set|status|clear --org ID`: the billing sync token in the OS keyring. The
//! token is read from standard input or a hidden prompt, never from an argument, and never
//! printed.

use crate::args::{Cli, TokenCommand};
use crate::commands::Failure;
use crate::locate;
use crate::messages::exit;
use crate::secret_input::read_secret;
use famsync_core::install;
use famsync_core::progress;
use famsync_core::token::{self, Slot};
use serde_json::json;

pub fn run(cli: &Cli, command: &TokenCommand) -> Result<u8, Failure> {
    let inst = locate::installation(&cli.global)?;
    let id = install::id_of(&inst)?;
    let (org, action) = match command {
        TokenCommand::Set { org } => (&org.id, Action::Set),
        TokenCommand::Status { org } => (&org.id, Action::Status),
        TokenCommand::Clear { org } => (&org.id, Action::Clear),
        TokenCommand::Reveal { org } => return reveal(&Slot::new(&id, &org.id)?),
        TokenCommand::Apply { org } => return apply(cli, &inst, &org.id),
    };
    let slot = Slot::new(&id, org)?;
    let (stored, text) = match action {
        Action::Set => {
            let token = token::parse(&read_secret(
                "Paste the billing sync token (it is not shown), then Enter: ",
            ))?;
            token::store(&slot, &token)?;
            record_saved(&id, org);
            (true, "Saved in the OS keyring (service famsync). Next: paste it into your self-hosted Admin Console.")
        }
        Action::Status => match token::present(&slot)? {
            true => (true, "A billing sync token is saved in the OS keyring."),
            false => (
                false,
                "No billing sync token is saved: famsync token set --org ID",
            ),
        },
        Action::Clear => match token::delete(&slot)? {
            true => (false, "Deleted the billing sync token from the OS keyring."),
            false => (false, "There was no billing sync token to delete."),
        },
    };
    if cli.global.json {
        println!(
            "{}",
            json!({ "organization": org.to_ascii_lowercase(), "stored": stored })
        );
    } else {
        println!("{text}");
    }
    Ok(exit::OK)
}

enum Action {
    Set,
    Status,
    Clear,
}

/// Progress: the token for `org` was saved now (steps 4 and 5 then need confirming again).
fn record_saved(installation_id: &str, org: &str) {
    let data = locate::data_dir();
    let mut record = progress::load(&data, installation_id);
    record.token_saved(&org.trim().to_ascii_lowercase(), progress::now());
    // Progress is a convenience; the token itself is saved.
    let _ = progress::save(&data, installation_id, &record);
}

/// `famsync token apply`: step 4 through the server's API, and what the server holds after.
fn apply(cli: &Cli, inst: &famsync_core::Installation, org: &str) -> Result<u8, Failure> {
    use crate::commands::block_on;
    use famsync_core::api::{self, Holds};
    // The id first: no sign-in (and no "logged in" event) for a request that cannot be made.
    let org = &famsync_core::guid::organization_id(org)?;
    let data = locate::data_dir();
    let session = block_on(api::resume(inst, &data))?;
    let held = block_on(api::apply_token(&session, org))?;
    let id = &session.server.installation_id;
    let mut record = progress::load(&data, id);
    record.saw_server_token(org, held.holds, progress::now());
    // Progress is a convenience; the server holds what it holds either way.
    let _ = progress::save(&data, id, &record);
    let _ = block_on(crate::server_word::refresh(&session, &data));
    if cli.global.json {
        println!(
            "{}",
            json!({ "organization": org.to_ascii_lowercase(), "billing_sync": held })
        );
    } else if held.holds == Holds::ThisToken {
        println!("Saved on your server, read back and compared: the server holds this token. Next: sync the license (step 5).");
    } else {
        println!("Saved, but the server does not hold this token when read back: run famsync token apply again, then famsync report for support.");
    }
    Ok(if held.holds == Holds::ThisToken {
        exit::OK
    } else {
        exit::INTERNAL
    })
}

/// `famsync token reveal`: the one command that prints the token, because the owner asked.
fn reveal(slot: &Slot) -> Result<u8, Failure> {
    match token::reveal(slot)? {
        Some(t) => {
            println!("{}", t.expose());
            Ok(exit::OK)
        }
        None => {
            eprintln!("famsync: no billing sync token is saved for this organization.\n  Save one with: famsync token set --org ID");
            Ok(exit::NOT_FOUND)
        }
    }
}
