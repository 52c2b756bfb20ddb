//! `famsync login [--client-id ID]` and `famsync logout`: the personal API key famsync signs in
//! to the installation's own server with. The secret never comes from an argument and is never
//! printed; it is kept only in the OS keyring.

use crate::args::Cli;
use crate::commands::{block_on, Failure};
use crate::locate;
use crate::messages::exit;
use crate::secret_input::read_secret;
use famsync_core::api::{self, ApiKey, Server};
use famsync_core::progress;
use serde_json::json;
use std::io::{IsTerminal, Write};

/// What Bitwarden does on a sign-in, said before the first one (DeviceValidator.cs, the
/// User_LoggedIn event).
const WHAT_BITWARDEN_DOES: &str = "Signing in adds a \"Logged in\" event to your account's event log, and the first time Bitwarden may e-mail you that a new device (famsync) signed in.";

pub fn log_in(cli: &Cli, client_id: Option<&str>) -> Result<u8, Failure> {
    let inst = locate::installation(&cli.global)?;
    let server = Server::of(&inst)?;
    let client_id = match client_id {
        Some(id) => id.to_string(),
        None => ask_client_id()?,
    };
    // The id's shape first: no secret is asked for an id that cannot work.
    api::key::parse_client_id(&client_id)?;
    let secret = read_secret("client_secret (it is not shown), then Enter: ");
    let key = ApiKey::parse(&client_id, &secret)?;
    if !cli.global.json {
        eprintln!("{WHAT_BITWARDEN_DOES}");
    }
    block_on(api::log_in(&inst, &locate::data_dir(), &key, true))?;
    if cli.global.json {
        println!(
            "{}",
            json!({ "server": server.base, "user": key.user, "kept": true })
        );
    } else {
        println!(
            "Signed in to {} as {}. The key is kept in the OS keyring for this installation (famsync logout forgets it).",
            server.base,
            key.client_id()
        );
    }
    Ok(exit::OK)
}

/// client_id typed at the terminal; without one, it must be given as --client-id (standard
/// input then carries the secret).
fn ask_client_id() -> Result<String, Failure> {
    let stdin = std::io::stdin();
    if !stdin.is_terminal() {
        return Err(Failure::ClientIdMissing);
    }
    eprint!("client_id (user.…): ");
    let _ = std::io::stderr().flush();
    Ok(crate::secret_input::read_line().trim().to_string())
}

pub fn log_out(cli: &Cli) -> Result<u8, Failure> {
    let inst = locate::installation(&cli.global)?;
    let id = famsync_core::install::id_of(&inst)?;
    let forgot = api::log_out(&locate::data_dir(), &id)?;
    if cli.global.json {
        println!("{}", json!({ "forgot": forgot }));
    } else {
        match forgot {
            Some(user) => println!("Forgot the API key of user.{user} for this installation."),
            None => println!("No API key is kept for this installation."),
        }
    }
    Ok(exit::OK)
}

/// `famsync sync --org ID`: the license synced by the server now, and what that says.
pub fn sync(cli: &Cli, org: &str) -> Result<u8, Failure> {
    let inst = locate::installation(&cli.global)?;
    // The id first: no sign-in (and no "logged in" event) for a request that cannot be made.
    let org = &famsync_core::guid::organization_id(org)?;
    let data = locate::data_dir();
    let session = block_on(api::resume(&inst, &data))?;
    let result = block_on(api::sync(&session, org));
    let id = &session.server.installation_id;
    let mut record = progress::load(&data, id);
    record.saw_sync(org, &result, progress::now());
    // Progress is a convenience; the sync happened (or not) either way.
    let _ = progress::save(&data, id, &record);
    let _ = block_on(crate::server_word::refresh(&session, &data));
    let synced = result?;
    if cli.global.json {
        println!(
            "{}",
            json!({ "organization": org.to_ascii_lowercase(), "synced": synced })
        );
        return Ok(exit::OK);
    }
    println!(
        "License synced from the cloud (the server's time: {}): region, firewall, installation key and billing sync token all work.",
        synced.billing_sync.last_license_sync.as_deref().unwrap_or("now")
    );
    match &synced.sponsorships_synced {
        Some(at) => println!("Sponsorships last synced {at}."),
        None => println!(
            "Sponsorships: never synced yet. With no sponsorships the daily job has nothing to send; it runs once a day, at a random hour after the server starts. To sync now: the System Administrator Portal's \"Manually Sync\" (famsync links --org ID shows where)."
        ),
    }
    Ok(exit::OK)
}
